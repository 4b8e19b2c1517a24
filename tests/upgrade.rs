//! Code written against one published revision keeps compiling against the next.
//!
//! For each of the two newest pairs of published revisions, a program is
//! generated from the older one: it calls every setter of every input builder
//! and reads every output member, with parameters of the members' types, for the
//! operations of a few resource families. What the diff between the two marks
//! as breaking is left out, and nothing else. The program is compiled against
//! both revisions in a scratch crate.

use sagemaker_codegen::diff::{self, Kind, Severity};
use sagemaker_codegen::pipeline::{self, Workspace};
use sagemaker_codegen::rust::resource::ResourceFamilies;
use sagemaker_codegen::rust::symbols::{revision_module, Symbols, RESERVED_FEATURES};
use sagemaker_codegen::smithy::{walk, Model, ShapeKind};
use sagemaker_tests::{root, TempDir};
use std::collections::{BTreeMap, BTreeSet};
use std::fmt::Write;

/// Resource families whose operations the programs use: training, tuning,
/// processing, deploying and batch inference, and one that really broke between
/// the newest two.
const FAMILIES: &[&str] =
    &["training", "hyperparameter_tuning", "automl", "processing", "model", "endpoint", "transform", "feature_group"];

/// What a program leaves out: whole shapes, and members of shapes.
#[derive(Default)]
struct LeftOut {
    shapes: BTreeSet<String>,
    members: BTreeSet<(String, String)>,
}

impl LeftOut {
    /// Everything the diff from `old` to `new` marks as breaking.
    fn breaking(old: (&str, &Model), new: (&str, &Model)) -> (LeftOut, usize) {
        let report = diff::compare(old.0, old.1, new.0, new.1);
        let mut out = LeftOut::default();
        let mut count = 0;
        for change in report.changes.iter().filter(|c| c.severity == Severity::Breaking) {
            count += 1;
            match (&change.kind, &change.member) {
                (Kind::OperationRemoved, _) | (_, None) => {
                    out.shapes.insert(change.shape.clone());
                }
                (_, Some(member)) => {
                    out.members.insert((change.shape.clone(), member.clone()));
                }
            }
        }
        (out, count)
    }
}

/// Every structure reachable from `roots`.
fn structures(model: &Model, roots: &[String]) -> BTreeSet<String> {
    let mut found = walk::reachable(model, roots.iter().map(String::as_str));
    found.retain(|id| matches!(model.shapes[id].kind, ShapeKind::Structure(_)));
    found
}

/// The program: one function per input structure that calls each setter, and
/// one per output structure that reads each member with its type spelled out.
fn program(model: &Model, operations: &[&str], left_out: &LeftOut) -> (String, usize) {
    let symbols = Symbols::new("model", model).unwrap();
    let ns = "com.amazonaws.sagemaker#";
    let (mut inputs, mut outputs) = (Vec::new(), Vec::new());
    for op in operations.iter().filter(|op| !left_out.shapes.contains(**op)) {
        let Some(ShapeKind::Operation { input, output, .. }) = model.shapes.get(&format!("{ns}{op}")).map(|s| &s.kind)
        else {
            continue;
        };
        inputs.extend(input.clone());
        outputs.extend(output.clone());
    }
    let name = |id: &str| sagemaker_codegen::smithy::shape_name(id).to_string();
    let mut text = String::new();
    let mut uses = 0;
    for id in structures(model, &inputs) {
        if left_out.shapes.contains(&name(&id)) {
            continue;
        }
        let ty = symbols.type_ident(&id);
        let fields: Vec<_> = symbols
            .fields(&id)
            .into_iter()
            .filter(|f| !left_out.members.contains(&(name(&id), f.member.clone())))
            .collect();
        let params: Vec<String> = fields.iter().map(|f| format!("{}: {}", f.ident, f.ty)).collect();
        let calls: String = fields.iter().map(|f| format!(".{0}({0})", f.ident)).collect();
        uses += fields.len();
        let _ =
            writeln!(text, "pub fn build_{}({}) {{ let _ = {ty}::builder(){calls}; }}", name(&id), params.join(", "));
    }
    for id in structures(model, &outputs) {
        if left_out.shapes.contains(&name(&id)) {
            continue;
        }
        let ty = symbols.type_ident(&id);
        let _ = write!(text, "pub fn read_{}(value: &{ty}) {{", name(&id));
        for f in symbols.fields(&id) {
            if left_out.members.contains(&(name(&id), f.member.clone())) {
                continue;
            }
            uses += 1;
            let field_ty = &f.ty;
            let read = if f.plain { format!("{field_ty}") } else { format!("::std::option::Option<{field_ty}>") };
            let _ = write!(text, " let _: &{read} = &value.{};", f.ident);
        }
        let _ = writeln!(text, " }}");
    }
    // Emitted types name the runtime from inside the crate.
    (text.replace("crate :: runtime ::", "sagemaker_api :: runtime ::"), uses)
}

#[test]
fn code_written_against_a_revision_compiles_against_the_next() {
    let layout = Workspace::new(root());
    let models = pipeline::load_revision_models(&layout).unwrap();
    let all: Vec<&Model> = models.iter().map(|(_, m)| m).collect();
    let families = ResourceFamilies::new(&all, RESERVED_FEATURES);
    let dir = TempDir::new("upgrade");
    let mut modules =
        String::from("#![allow(dead_code, unused_imports, unused_variables, non_snake_case, clippy::all)]\n");
    let mut features: BTreeSet<String> = FAMILIES.iter().map(|f| f.to_string()).collect();
    let mut summary = BTreeMap::new();
    for pair in models.windows(2).rev().take(2) {
        let (old, new) = (&pair[0], &pair[1]);
        let operations: Vec<&str> = old
            .1
            .operations()
            .iter()
            .map(|id| sagemaker_codegen::smithy::shape_name(id))
            .filter(|op| families.of(op).is_some_and(|f| FAMILIES.contains(&f)))
            .collect();
        assert!(operations.len() >= 40, "{}: {operations:?}", old.0);
        let (left_out, breaking) = LeftOut::breaking((&old.0, &old.1), (&new.0, &new.1));
        let (text, uses) = program(&old.1, &operations, &left_out);
        let file = format!("{}_to_{}.rs", revision_module(&old.0), revision_module(&new.0));
        dir.write(&format!("src/{file}"), &text);
        for (side, date) in [("old", &old.0), ("new", &new.0)] {
            let module = revision_module(date);
            features.insert(module.clone());
            let _ = writeln!(
                modules,
                "pub mod {side}_{} {{ use sagemaker_api::{module}::*; include!(\"{file}\"); }}",
                file.trim_end_matches(".rs")
            );
        }
        summary.insert(format!("{} → {}", old.0, new.0), (operations.len(), uses, breaking));
    }
    let features: Vec<String> = features.iter().map(|f| format!("{f:?}")).collect();
    dir.write(
        "Cargo.toml",
        &format!(
            "[package]\nname = \"upgrade-check\"\nversion = \"0.0.0\"\nedition = \"2021\"\npublish = false\n\n\
             [dependencies]\nsagemaker-api = {{ path = {:?}, default-features = false, features = [{}] }}\n\n\
             [workspace]\n",
            root().join("generated").display().to_string(),
            features.join(", ")
        ),
    );
    dir.write("src/lib.rs", &modules);
    std::fs::copy(root().join("Cargo.lock"), dir.0.join("Cargo.lock")).unwrap();
    let check = sagemaker_tests::scratch_cargo(&dir.0, &["check", "--quiet"]);
    assert!(
        check.status.success(),
        "the programs do not compile ({summary:?}):\n{}",
        String::from_utf8_lossy(&check.stderr)
    );
    eprintln!("operations, setters and members used, breaking changes left out: {summary:#?}");
}
