//! The Smithy project's own awsJson 1.1 protocol tests, as data
//! (`tests/protocol/awsjson11-cases.json`), run against a crate generated from
//! a model holding the shapes they need (`tests/protocol/awsjson11-model.json`).
//! A harness (`tests/protocol/harness.rs`) drives each case through the real
//! client with an in-memory transport. Cases in the file's `skipped` list must
//! still fail, with the reason given there, so that the list never outlives
//! the reason.

use sagemaker_api::runtime::{Blob, Timestamp};
use sagemaker_codegen::smithy::{self, Model, ShapeKind, Simple};
use sagemaker_codegen::{fsutil, pipeline};
use sagemaker_tests::root;
use serde_json::{json, Value};
use std::path::Path;

/// A Smithy node value (`params`) as the awsJson wire carries it: blobs in
/// base64, timestamps in their member's format, members under their `@jsonName`.
fn wire(model: &Model, target: &str, format: Option<&str>, node: &Value) -> Value {
    let simple = Simple::from_prelude_id(target).or(match model.shapes.get(target).map(|s| &s.kind) {
        Some(ShapeKind::Simple(s)) => Some(*s),
        _ => None,
    });
    match (simple, model.shapes.get(target).map(|s| &s.kind), node) {
        (Some(Simple::Blob), _, Value::String(text)) => json!(Blob::new(text.as_bytes()).to_base64()),
        (Some(Simple::Timestamp), _, Value::Number(n)) => {
            let time = Timestamp::parse_epoch_seconds(&n.to_string()).expect("epoch seconds");
            match format {
                Some("date-time") => json!(time.to_date_time_string()),
                Some("http-date") => json!(time.to_http_date_string()),
                _ => node.clone(),
            }
        }
        (_, Some(ShapeKind::Structure(members) | ShapeKind::Union(members)), Value::Object(fields)) => Value::Object(
            fields
                .iter()
                .map(|(name, value)| {
                    let member = &members[name.as_str()];
                    let format = [Some(&member.traits), model.shapes.get(&member.target).map(|s| &s.traits)]
                        .into_iter()
                        .flatten()
                        .find_map(|traits| traits.get("smithy.api#timestampFormat").and_then(Value::as_str));
                    let key = member.traits.get("smithy.api#jsonName").and_then(Value::as_str).unwrap_or(name);
                    (key.to_owned(), wire(model, &member.target, format, value))
                })
                .collect(),
        ),
        (_, Some(ShapeKind::List(member)), Value::Array(items)) => {
            Value::Array(items.iter().map(|i| wire(model, &member.target, None, i)).collect())
        }
        (_, Some(ShapeKind::Map { value, .. }), Value::Object(fields)) => {
            Value::Object(fields.iter().map(|(k, v)| (k.clone(), wire(model, &value.target, None, v))).collect())
        }
        _ => node.clone(),
    }
}

/// The shape a case's params describe: the operation's input or output, or the error.
fn params_shape(model: &Model, case: &Value) -> String {
    let ns = "aws.protocoltests.json#";
    let operation = format!("{ns}{}", case["operation"].as_str().unwrap());
    let Some(ShapeKind::Operation { input, output, .. }) = model.shapes.get(&operation).map(|s| &s.kind) else {
        panic!("no operation {operation}")
    };
    match case["kind"].as_str() {
        Some("request") => input.clone().unwrap(),
        Some("response") => output.clone().unwrap(),
        _ => format!("{ns}{}", case["error"].as_str().unwrap()),
    }
}

#[test]
fn the_smithy_awsjson_1_1_protocol_tests_pass_but_the_listed_ones() {
    let model_path = root().join("tests/protocol/awsjson11-model.json");
    let model = smithy::load(&model_path, "tests/protocol/awsjson11-model.json").unwrap();
    let suite: Value =
        serde_json::from_str(&std::fs::read_to_string(root().join("tests/protocol/awsjson11-cases.json")).unwrap())
            .unwrap();
    let skipped = suite["skipped"].as_object().unwrap();
    let mut cases = suite["cases"].as_array().unwrap().clone();
    for case in &mut cases {
        if case.get("params").is_some() {
            let shape = params_shape(&model, case);
            let converted = wire(&model, &shape, None, &case["params"]);
            case["wire_params"] = converted;
        } else if case["kind"] != "error" {
            // No params: an empty input, or an operation without output, which
            // reads any body as its empty output.
            case["wire_params"] = json!({});
        }
    }
    for id in skipped.keys() {
        assert!(cases.iter().any(|c| c["id"] == id.as_str()), "skipped case {id} is not in the suite");
    }

    let work = Path::new(env!("CARGO_TARGET_TMPDIR")).join("protocol");
    let generated = pipeline::service_crate_outputs(
        &model_path,
        &work.join("json-protocol"),
        None,
        &root().join("generated/runtime"),
    )
    .unwrap();
    assert_eq!(generated.name, "json-protocol");
    fsutil::sync(&generated.outputs, &generated.owned_dirs, false).unwrap();
    let harness = work.join("harness");
    std::fs::create_dir_all(harness.join("src")).unwrap();
    std::fs::copy(root().join("tests/protocol/harness.rs"), harness.join("src/main.rs")).unwrap();
    std::fs::write(
        harness.join("Cargo.toml"),
        "[package]\nname = \"harness\"\nversion = \"0.0.0\"\nedition = \"2021\"\npublish = false\n\n[dependencies]\n\
         json-protocol = { path = \"../json-protocol\", default-features = false, features = [\"test-util\"] }\n\
         serde_json = \"1\"\n",
    )
    .unwrap();
    std::fs::write(
        work.join("Cargo.toml"),
        "[workspace]\nresolver = \"2\"\nmembers = [\"json-protocol\", \"harness\"]\n",
    )
    .unwrap();
    std::fs::copy(root().join("Cargo.lock"), work.join("Cargo.lock")).unwrap();
    let prepared = work.join("prepared.json");
    std::fs::write(&prepared, serde_json::to_vec_pretty(&cases).unwrap()).unwrap();

    // The generated crate (host prefixes, request compression and all) is clippy-clean.
    let clippy = sagemaker_tests::scratch_cargo(
        &work,
        &[
            "clippy",
            "--quiet",
            "-p",
            "json-protocol",
            "--no-default-features",
            "--features",
            "test-util",
            "--",
            "-D",
            "warnings",
        ],
    );
    assert!(clippy.status.success(), "clippy:\n{}", String::from_utf8_lossy(&clippy.stderr));
    let run =
        sagemaker_tests::scratch_cargo(&work, &["run", "--quiet", "-p", "harness", "--", prepared.to_str().unwrap()]);
    let stdout = String::from_utf8_lossy(&run.stdout).into_owned();
    assert!(stdout.contains(" passed, "), "the harness did not run:\n{}", String::from_utf8_lossy(&run.stderr));
    let mut passed = 0;
    let mut unexpected = Vec::new();
    for line in stdout.lines() {
        let (status, rest) = line.split_once(' ').unwrap_or((line, ""));
        let id = rest.split(':').next().unwrap_or_default();
        match (status, skipped.contains_key(id)) {
            ("pass", false) => passed += 1,
            ("pass", true) => unexpected.push(format!("{id} passes now: take it off the skip list")),
            ("FAIL", false) => unexpected.push(line.to_owned()),
            _ => {}
        }
    }
    println!("{passed} protocol-test cases passed, {} listed as not passing", skipped.len());
    assert!(unexpected.is_empty(), "{}", unexpected.join("\n"));
    assert_eq!(passed + skipped.len(), cases.len(), "{stdout}");
}
