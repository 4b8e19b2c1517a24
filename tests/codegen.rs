//! Crate generation: the checked-in crate is fresh, generation is
//! deterministic, and small snapshots pin what each emitter writes.

use sagemaker_codegen::fsutil::{self, Status};
use sagemaker_codegen::pipeline::{self, Workspace};
use sagemaker_codegen::rust::{self, CrateRevision};
use sagemaker_codegen::smithy;
use sagemaker_tests::root;

/// The runtime as the generated crates in these tests name it.
fn runtime() -> rust::package::RuntimeDependency {
    rust::package::RuntimeDependency { version: "0.1.0".into(), path: "runtime".into() }
}
use std::path::Path;

/// rust-analyzer style: fails when `generated/` differs from what `model/` produces.
#[test]
fn checked_in_crate_is_fresh() {
    let l = Workspace::new(root());
    let mut outputs = pipeline::crate_outputs_from_models(&l).unwrap();
    let mut owned: Vec<_> = l.owned_dirs(&outputs).into_iter().filter(|(d, _)| d.starts_with(l.crate_dir())).collect();
    // The SageMaker family's crates, from their published models.
    let family = pipeline::family_crates(&l).unwrap();
    assert_eq!(family.len(), 6, "the six family models in model/family/");
    for generated in family {
        outputs.extend(generated.outputs);
        owned.extend(generated.owned_dirs);
    }
    let report = fsutil::sync(&outputs, &owned, true).unwrap();
    let stale: Vec<String> = report
        .iter()
        .filter(|(_, s)| *s != Status::Unchanged)
        .map(|(p, s)| format!("{} ({s:?})", p.display()))
        .collect();
    assert!(stale.is_empty(), "generated/ is stale; run `cargo xtask codegen`:\n{}", stale.join("\n"));
}

#[test]
fn generation_is_deterministic() {
    let l = Workspace::new(root());
    let a = pipeline::crate_outputs_from_models(&l).unwrap();
    let b = pipeline::crate_outputs_from_models(&l).unwrap();
    assert!(a == b, "two generations differ");
}

fn tiny() -> Vec<(String, String)> {
    let model = smithy::load(&root().join("tests/models/tiny.json"), "tests/models/tiny.json").unwrap();
    let revision = CrateRevision { date: "2024-01-01", model: &model, source: "tests/models/tiny.json", changes: None };
    rust::generate(Path::new("out"), &[revision], &runtime())
        .unwrap()
        .into_iter()
        .map(|o| (o.path.display().to_string(), o.contents))
        .collect()
}

fn file(files: &[(String, String)], name: &str) -> String {
    files.iter().find(|(p, _)| p.ends_with(name)).map(|(_, c)| c.clone()).unwrap_or_else(|| panic!("no {name}"))
}

/// Items of a generated file whose first line mentions `needle`, for small snapshots.
fn items(text: &str, needles: &[&str]) -> String {
    let mut out = String::new();
    let mut keep = false;
    let mut doc = String::new();
    for line in text.lines() {
        let top_level = !line.starts_with(' ') && !line.starts_with('}') && !line.is_empty();
        if top_level && (line.starts_with("///") || line.starts_with("#[")) {
            doc.push_str(line);
            doc.push('\n');
            continue;
        }
        if top_level {
            keep = needles.iter().any(|n| line.contains(n));
            if keep {
                out.push_str(&doc);
            }
            doc.clear();
        }
        if keep {
            out.push_str(line);
            out.push('\n');
        }
    }
    out
}

#[test]
fn snapshot_structure_with_required_member_and_its_builder() {
    let types = file(&tiny(), "types.rs");
    insta::assert_snapshot!(items(&types, &["struct Tag ", "impl Tag ", "struct TagBuilder", "impl TagBuilder"]));
}

#[test]
fn snapshot_enum_with_escaped_values() {
    let types = file(&tiny(), "types.rs");
    insta::assert_snapshot!(items(&types, &["enum InstanceType", "for InstanceType", "impl InstanceType"]));
}

#[test]
fn snapshot_int_enum_and_its_json() {
    let files = tiny();
    let both = format!(
        "{}\n{}",
        items(&file(&files, "types.rs"), &["enum Priority", "for Priority", "impl Priority"]),
        items(&file(&files, "json.rs"), &["for Priority"])
    );
    insta::assert_snapshot!(both);
}

#[test]
fn snapshot_list_and_map() {
    let types = file(&tiny(), "types.rs");
    insta::assert_snapshot!(items(&types, &["type TagList", "type LabelMap"]));
}

#[test]
fn snapshot_operation_input_output_pair_and_builder() {
    let types = file(&tiny(), "types.rs");
    insta::assert_snapshot!(items(&types, &["CreateWidgetInput", "CreateWidgetOutput"]));
}

#[test]
fn snapshot_serializer_of_the_input() {
    let json = file(&tiny(), "json.rs");
    insta::assert_snapshot!(items(&json, &["for CreateWidgetInput"]));
}

#[test]
fn snapshot_operation_and_revision_module() {
    let files = tiny();
    let both = format!("{}\n{}", file(&files, "operations.rs"), file(&files, "mod.rs"));
    insta::assert_snapshot!(both);
}

#[test]
fn every_generated_file_has_the_header_and_forbids_nothing_unsafe() {
    for (path, contents) in tiny() {
        if path.ends_with(".rs") || path.ends_with(".toml") {
            assert!(contents.contains("@generated"), "{path} lacks @generated");
        }
    }
    let lib = file(&tiny(), "lib.rs");
    assert!(lib.contains("#![forbid(unsafe_code)]"));
}

#[test]
fn a_model_with_an_unsupported_member_names_its_json_path() {
    let mut model = smithy::load(&root().join("tests/models/tiny.json"), "tiny.json").unwrap();
    // awsJson map keys are strings: an integer-keyed map has no Rust type here.
    model.shapes.insert(
        "com.example#IntMap".into(),
        smithy::Shape::new(smithy::ShapeKind::Map {
            key: smithy::Member::new("smithy.api#Integer"),
            value: smithy::Member::new("smithy.api#String"),
        }),
    );
    let input = model.shapes.get_mut("com.example#CreateWidgetInput").unwrap();
    if let smithy::ShapeKind::Structure(members) = &mut input.kind {
        members.insert("Doc".into(), smithy::Member::new("com.example#IntMap"));
    }
    let revision = CrateRevision { date: "2024-01-01", model: &model, source: "tiny.json", changes: None };
    let e = rust::generate(Path::new("out"), &[revision], &runtime()).unwrap_err().to_string();
    assert!(e.starts_with("tiny.json: shapes.com.example#CreateWidgetInput.members.Doc"), "{e}");
}

#[test]
fn snapshot_client() {
    let client = file(&tiny(), "client.rs");
    insta::assert_snapshot!(client);
}

#[test]
fn snapshot_sensitive_members_are_redacted_in_debug() {
    let mut model = smithy::load(&root().join("tests/models/tiny.json"), "tiny.json").unwrap();
    let tag = model.shapes.get_mut("com.example#Tag").unwrap();
    if let smithy::ShapeKind::Structure(members) = &mut tag.kind {
        members.get_mut("Value").unwrap().traits.insert("smithy.api#sensitive".into(), serde_json::json!({}));
    }
    let revision = CrateRevision { date: "2024-01-01", model: &model, source: "tiny.json", changes: None };
    let files = rust::generate(Path::new("out"), &[revision], &runtime()).unwrap();
    let types = files.iter().find(|o| o.path.ends_with("types.rs")).unwrap();
    let debug = items(&types.contents, &["impl ::std::fmt::Debug for Tag"]);
    assert!(debug.contains("Sensitive Data Redacted") && debug.contains("&self.key"), "{debug}");
    insta::assert_snapshot!(debug);
}

/// The families (`feature = "…"` names) an item's `#[cfg]` enables it for;
/// `None` when it has no family gate (every family, or no selection).
fn item_families(attrs: &[syn::Attribute]) -> Option<std::collections::BTreeSet<String>> {
    let cfg = attrs.iter().find(|a| a.path().is_ident("cfg"))?;
    let text = cfg.meta.require_list().ok()?.tokens.to_string();
    Some(text.split("feature = \"").skip(1).filter_map(|s| s.split('"').next()).map(str::to_owned).collect())
}

/// Every family feature's `cfg` closure is complete: in the newest revision's
/// generated types, an item compiled for a family only refers to types that
/// are also compiled for it (checked on the generated text itself, so an
/// emitter that gates a type and its builder or fields differently fails).
#[test]
fn each_family_feature_compiles_everything_its_items_refer_to() {
    use std::collections::{BTreeMap, BTreeSet};
    use syn::visit::Visit;
    let path = root().join("generated/src/v2024_02_28/types.rs");
    let file = syn::parse_file(&std::fs::read_to_string(&path).unwrap()).unwrap();
    let mut gates: BTreeMap<String, Option<BTreeSet<String>>> = BTreeMap::new();
    for item in &file.items {
        match item {
            syn::Item::Struct(s) => drop(gates.insert(s.ident.to_string(), item_families(&s.attrs))),
            syn::Item::Enum(e) => drop(gates.insert(e.ident.to_string(), item_families(&e.attrs))),
            syn::Item::Type(t) => drop(gates.insert(t.ident.to_string(), item_families(&t.attrs))),
            _ => {}
        }
    }
    let gated = gates.values().filter(|g| g.is_some()).count();
    assert!(gated > 100, "most types are gated by family ({gated})");

    struct Names(BTreeSet<String>);
    impl<'a> Visit<'a> for Names {
        fn visit_path_segment(&mut self, segment: &'a syn::PathSegment) {
            self.0.insert(segment.ident.to_string());
            syn::visit::visit_path_segment(self, segment);
        }
    }
    let mut broken = Vec::new();
    // The operations' error enums refer to types too.
    let operations = root().join("generated/src/v2024_02_28/operations.rs");
    let operations = syn::parse_file(&std::fs::read_to_string(&operations).unwrap()).unwrap();
    for item in file.items.iter().chain(&operations.items) {
        let mut names = Names(BTreeSet::new());
        let (name, attrs) = match item {
            syn::Item::Struct(s) => {
                names.visit_fields(&s.fields);
                (s.ident.to_string(), &s.attrs)
            }
            syn::Item::Enum(e) => {
                names.visit_item_enum(e);
                (e.ident.to_string(), &e.attrs)
            }
            syn::Item::Type(t) => {
                names.visit_type(&t.ty);
                (t.ident.to_string(), &t.attrs)
            }
            _ => continue,
        };
        let own = item_families(attrs);
        for used in names.0.iter().filter(|n| **n != name) {
            let Some(theirs) = gates.get(used) else { continue };
            let covered = match (&own, theirs) {
                (_, None) => true,
                (None, Some(_)) => false,
                (Some(mine), Some(theirs)) => mine.is_subset(theirs),
            };
            if !covered {
                broken.push(format!("{name} ({own:?}) uses {used} ({theirs:?})"));
            }
        }
    }
    assert!(broken.is_empty(), "{}", broken.join("\n"));
}

/// A user who deploys a model enables `model` and `endpoint`: they compile the
/// model and endpoint operations and none of the model monitors' operations
/// or types, and the features are the resource nouns (`automl`,
/// `hyperparameter_tuning`, `model_package`), not the names' first words.
#[test]
fn model_and_endpoint_features_leave_the_model_monitors_out() {
    let cargo = std::fs::read_to_string(root().join("generated/Cargo.toml")).unwrap();
    for feature in ["automl", "hyperparameter_tuning", "model_package", "model_card", "endpoint", "model"] {
        assert!(cargo.contains(&format!("\n{feature} = [\"by-family\"]")), "no feature {feature}");
    }
    for first_word in ["auto", "hyper", "human", "code", "presigned", "sagemaker", "stage"] {
        assert!(!cargo.contains(&format!("\n{first_word} = [\"by-family\"]")), "feature {first_word}");
    }
    let enabled = ["model", "endpoint"].map(str::to_owned);
    let compiled =
        |attrs: &[syn::Attribute]| item_families(attrs).is_none_or(|f| enabled.iter().any(|e| f.contains(e)));
    let mut operations = Vec::new();
    let path = root().join("generated/src/v2024_02_28/operations.rs");
    for item in syn::parse_file(&std::fs::read_to_string(path).unwrap()).unwrap().items {
        if let syn::Item::Struct(s) = item {
            if compiled(&s.attrs) {
                operations.push(s.ident.to_string());
            }
        }
    }
    operations.sort();
    assert_eq!(
        operations,
        [
            "CreateEndpoint",
            "CreateEndpointConfig",
            "CreateModel",
            "DeleteEndpoint",
            "DeleteEndpointConfig",
            "DeleteModel",
            "DescribeEndpoint",
            "DescribeEndpointConfig",
            "DescribeModel",
            "ListEndpointConfigs",
            "ListEndpoints",
            "ListModelMetadata",
            "ListModels",
            "UpdateEndpoint",
            "UpdateEndpointWeightsAndCapacities",
        ]
    );
    let path = root().join("generated/src/v2024_02_28/types.rs");
    let mut monitor_types = Vec::new();
    for item in syn::parse_file(&std::fs::read_to_string(path).unwrap()).unwrap().items {
        let (name, attrs) = match &item {
            syn::Item::Struct(s) => (s.ident.to_string(), &s.attrs),
            syn::Item::Enum(e) => (e.ident.to_string(), &e.attrs),
            _ => continue,
        };
        let monitor = ["Monitoring", "ModelBias", "ModelQuality", "ModelExplainability", "DataQuality"]
            .iter()
            .any(|p| name.starts_with(p));
        if monitor && compiled(attrs) {
            monitor_types.push(name);
        }
    }
    assert!(monitor_types.is_empty(), "compiled with model and endpoint: {monitor_types:?}");
}

/// A waiter whose paths reach a member renamed by `@jsonName`: the emitted
/// JMESPath tree names the wire key, since the runtime evaluates paths over
/// the wire JSON, while the path as written stays in the acceptor.
#[test]
fn snapshot_waiter_paths_use_wire_keys() {
    let mut model = smithy::load(&root().join("tests/models/tiny.json"), "tiny.json").unwrap();
    let tag = model.shapes.get_mut("com.example#Tag").unwrap();
    if let smithy::ShapeKind::Structure(members) = &mut tag.kind {
        members.get_mut("Key").unwrap().traits.insert("smithy.api#jsonName".into(), serde_json::json!("key"));
    }
    let waitable = serde_json::json!({
        "WidgetsReady": {
            "documentation": "Waits until a widget is ready.",
            "acceptors": [
                {
                    "state": "success",
                    "matcher": { "output": {
                        "path": "length(Widgets[?Key == 'ready']) > `0`",
                        "expected": "true",
                        "comparator": "booleanEquals"
                    } }
                },
                {
                    "state": "failure",
                    "matcher": { "output": {
                        "path": "sort_by(Widgets, &Key)[].Key",
                        "expected": "failed",
                        "comparator": "anyStringEquals"
                    } }
                },
                {
                    "state": "retry",
                    "matcher": { "inputOutput": {
                        "path": "input.MaxResults == length(output.Widgets)",
                        "expected": "true",
                        "comparator": "booleanEquals"
                    } }
                },
                { "state": "retry", "matcher": { "errorType": "WidgetInUse" } }
            ],
            "minDelay": 5
        }
    });
    model.shapes.get_mut("com.example#ListWidgets").unwrap().traits.insert("smithy.waiters#waitable".into(), waitable);
    let revision = CrateRevision { date: "2024-01-01", model: &model, source: "tiny.json", changes: None };
    let files = rust::generate(Path::new("out"), &[revision], &runtime()).unwrap();
    let client = &files.iter().find(|o| o.path.ends_with("client.rs")).unwrap().contents;
    let start = client.find("    /// Calls [`list_widgets`](Self::list_widgets) until").expect("the waiter's doc");
    let end = start + client[start..].find("\n    }\n").expect("the waiter's end") + "\n    }\n".len();
    let waiter = &client[start..end];
    assert_eq!(waiter.matches("Field(\"key\")").count(), 3, "every `Key` reaches the renamed member: {waiter}");
    assert!(!waiter.contains("Field(\"Key\")"), "{waiter}");
    insta::assert_snapshot!(waiter);
}

/// A waiter path that is not JMESPath is a validation error that names the
/// acceptor's JSON path.
#[test]
fn a_malformed_waiter_path_is_rejected_with_its_json_path() {
    let mut model = smithy::load(&root().join("tests/models/tiny.json"), "tiny.json").unwrap();
    let waitable = serde_json::json!({
        "Broken": { "acceptors": [
            { "state": "success", "matcher": { "output": {
                "path": "Widgets[?Key == 'x'", "expected": "true", "comparator": "booleanEquals"
            } } }
        ] }
    });
    model.shapes.get_mut("com.example#ListWidgets").unwrap().traits.insert("smithy.waiters#waitable".into(), waitable);
    let errors = smithy::validate("tiny.json", &model).unwrap_err();
    let text: Vec<String> = errors.iter().map(|e| e.to_string()).collect();
    assert!(
        text.iter().any(|e| e.contains("Broken.acceptors[0].matcher.output.path")
            && e.contains("at character 19")
            && e.contains("expected `]`")),
        "{text:?}"
    );
}

/// Every crate a user depends on can be packaged: the workspace's licence
/// files, a README, no `publish = false`, and a version beside every path
/// dependency (CI runs `cargo package` on them; this names the cause first).
#[test]
fn publishable_crates_carry_what_packaging_needs() {
    let mut crates = vec![root().join("generated"), root().join("generated/runtime")];
    for entry in std::fs::read_dir(root().join("generated/family")).unwrap() {
        crates.push(entry.unwrap().path());
    }
    assert!(crates.len() >= 8, "{crates:?}");
    for dir in crates {
        for licence in ["LICENSE-APACHE", "LICENSE-MIT"] {
            let theirs = std::fs::read_to_string(dir.join(licence)).unwrap_or_default();
            let ours = std::fs::read_to_string(root().join(licence)).unwrap();
            assert!(theirs == ours, "{} differs from the workspace's {licence}", dir.display());
        }
        assert!(dir.join("README.md").is_file(), "{} has no README.md", dir.display());
        let manifest = std::fs::read_to_string(dir.join("Cargo.toml")).unwrap();
        assert!(!manifest.contains("publish = false"), "{}", dir.display());
        for key in ["readme = ", "keywords = ", "categories = ", "documentation = ", "[package.metadata.docs.rs]"] {
            assert!(manifest.contains(key), "{} has no {key}", dir.display());
        }
        for line in manifest.lines().filter(|l| l.contains("path = ")) {
            assert!(line.contains("version = "), "{}: a path dependency without a version: {line}", dir.display());
        }
    }
}

/// The change log is the diff's: each published revision's section lists, under
/// its severity, exactly the changes the diff reports from the revision before,
/// and the revision module's page opens with the same section.
#[test]
fn the_changelog_is_written_by_the_diff() {
    use sagemaker_codegen::diff::{self, Severity};
    let l = Workspace::new(root());
    let models = pipeline::load_revision_models(&l).unwrap();
    let changelog = std::fs::read_to_string(root().join("generated/CHANGELOG.md")).unwrap();
    let sections: Vec<&str> = changelog.split("\n## ").skip(1).collect();
    assert_eq!(sections.len(), models.len(), "one section per published revision");
    for (section, (date, _)) in sections.iter().zip(models.iter().rev()) {
        assert!(section.starts_with(date.as_str()), "newest first: {date}");
    }
    for (pair, section) in models.windows(2).rev().zip(&sections) {
        let report = diff::compare(&pair[0].0, &pair[0].1, &pair[1].0, &pair[1].1);
        for (severity, title) in
            [(Severity::Breaking, "Breaking"), (Severity::Dangerous, "Dangerous"), (Severity::Safe, "Safe")]
        {
            let listed = section.split(&format!("### {title}\n")).nth(1).map_or(0, |rest| {
                rest.split("\n### ").next().unwrap_or("").lines().filter(|l| l.starts_with("- ")).count()
            });
            assert_eq!(listed, report.count(severity, false), "{} {title}", pair[1].0);
        }
        let module = rust::symbols::revision_module(&pair[1].0);
        let page = std::fs::read_to_string(root().join(format!("generated/src/{module}/mod.rs"))).unwrap();
        assert!(page.contains(&format!("//! # Changes from {}", pair[0].0)), "{module}");
    }
    // After the identity work, the newest pair breaks only where the pages say.
    assert!(sections[0].contains("### Breaking\n\n- FeatureAddition.FeatureName became required"));
}
