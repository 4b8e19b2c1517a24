//! Protocol compliance, in one scratch workspace (so the runtime is built once):
//!
//! - the Smithy project's own awsJson 1.1 protocol tests, as data
//!   (`tests/protocol/awsjson11-cases.json`), run against a crate generated from
//!   a model holding the shapes they need (`tests/protocol/awsjson11-model.json`)
//!   by `tests/protocol/harness.rs`;
//! - botocore's restJson1, awsJson 1.0 and awsJson 1.0 query-compatible suites
//!   (`tests/protocol/botocore/`), each turned into one Smithy model
//!   (`tests/protocol/botocore.rs`) and one generated crate, run by
//!   `tests/protocol/botocore_runner.rs`.
//!
//! Each case goes through the real client (signing included) with an in-memory
//! transport, or through the operation's own response reader. Cases in a
//! `skipped` list must still fail, with the reason given there, so that the
//! list never outlives the reason.

use sagemaker_api::runtime::{Blob, Timestamp};
use sagemaker_codegen::smithy::{self, Model, ShapeKind, Simple};
use sagemaker_codegen::{fsutil, pipeline};
use sagemaker_tests::root;
use serde_json::{json, Value};
use std::path::{Path, PathBuf};
use std::sync::OnceLock;

#[path = "protocol/botocore.rs"]
mod botocore;

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

    let work = workspace();
    let prepared = work.join("prepared.json");
    std::fs::write(&prepared, serde_json::to_vec_pretty(&cases).unwrap()).unwrap();
    let run =
        sagemaker_tests::scratch_cargo(work, &["run", "--quiet", "-p", "harness", "--", prepared.to_str().unwrap()]);
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

/// The botocore suites: file stem, crate name, service name (awsJson's target
/// prefix), protocol trait, and whether the service is `@awsQueryCompatible`.
const BOTOCORE_SUITES: [(&str, &str, &str, &str, bool); 3] = [
    ("rest-json", "restjson", "RestJson", "aws.protocols#restJson1", false),
    ("json_1_0", "jsonrpc10", "JsonRpc10", "aws.protocols#awsJson1_0", false),
    (
        "json_1_0-query-compatible",
        "querycompatiblejsonrpc10",
        "QueryCompatibleJsonRpc10",
        "aws.protocols#awsJson1_0",
        true,
    ),
];

/// The scratch workspace every protocol test runs in: the generated crates
/// (checked with clippy once), both harnesses, and the prepared botocore cases.
fn workspace() -> &'static Path {
    static WORK: OnceLock<PathBuf> = OnceLock::new();
    WORK.get_or_init(|| {
        let work = Path::new(env!("CARGO_TARGET_TMPDIR")).join("protocol");
        let runtime = root().join("generated/runtime");
        let mut members = vec!["\"json-protocol\"".to_owned(), "\"harness\"".to_owned(), "\"botocore-harness\"".to_owned()];
        let generated = pipeline::service_crate_outputs(
            &root().join("tests/protocol/awsjson11-model.json"),
            &work.join("json-protocol"),
            Some("json-protocol"),
            &runtime,
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

        let mut modules = String::new();
        let mut dependencies = String::new();
        for (stem, name, service, protocol, query_compatible) in BOTOCORE_SUITES {
            let read = |side: &str| -> Value {
                let path = root().join(format!("tests/protocol/botocore/{side}/{stem}.json"));
                serde_json::from_str(&std::fs::read_to_string(&path).unwrap()).unwrap()
            };
            let (input, output) = (read("input"), read("output"));
            let namespace = format!("botocore.{name}");
            let suite = botocore::convert(
                &botocore::Service { namespace: &namespace, name: service, protocol, query_compatible },
                &[("input", &input), ("output", &output)],
            );
            let model_path = work.join(format!("{name}.json"));
            std::fs::create_dir_all(&work).unwrap();
            std::fs::write(&model_path, serde_json::to_vec_pretty(&suite.model).unwrap()).unwrap();
            let model = smithy::load(&model_path, &format!("{name}.json")).unwrap_or_else(|e| panic!("{stem}: {e}"));
            let id = |shape: &str| format!("{namespace}#{shape}");
            let cases: Vec<Value> = suite
                .cases
                .into_iter()
                .map(|mut case| {
                    match case["kind"].as_str() {
                        Some("request") => {
                            let input = case["input"].as_str().map(id);
                            case["wire_params"] = match input {
                                Some(input) => wire(&model, &input, None, &case["params"]),
                                None => json!({}),
                            };
                        }
                        Some("response") => {
                            let output = case["output"].as_str().map(id);
                            let result = if case["result"].is_null() { json!({}) } else { case["result"].clone() };
                            case["wire_result"] = match output {
                                Some(output) => wire(&model, &output, None, &result),
                                None => json!({}),
                            };
                        }
                        _ => {
                            // The code is the shape's name, or the awsQuery code one shape gives.
                            let code = case["error"].as_str().unwrap_or_default().to_owned();
                            let shape = model
                                .shapes
                                .iter()
                                .find(|(shape_id, shape)| {
                                    *shape_id == &id(&code)
                                        || shape.traits.get("aws.protocols#awsQueryError").and_then(|q| q["code"].as_str())
                                            == Some(code.as_str())
                                })
                                .map(|(shape_id, _)| shape_id.clone())
                                .unwrap_or_else(|| panic!("{stem}: no error shape for {code}"));
                            case["wire_error"] = wire(&model, &shape, None, &case["error_params"]);
                        }
                    }
                    case
                })
                .collect();
            std::fs::write(work.join(format!("{name}-cases.json")), serde_json::to_vec_pretty(&cases).unwrap())
                .unwrap();
            let generated = pipeline::service_crate_outputs(&model_path, &work.join(name), None, &runtime).unwrap();
            assert_eq!(generated.name, name);
            fsutil::sync(&generated.outputs, &generated.owned_dirs, false).unwrap();
            members.push(format!("\"{name}\""));
            dependencies.push_str(&format!(
                "{name} = {{ path = \"../{name}\", default-features = false, features = [\"test-util\"] }}\n"
            ));
            let arms: String = suite
                .errors
                .iter()
                .map(|e| format!("        {e:?} => error.modeled::<api::{e}>().map(|e| api::runtime::to_vec(&e)),\n"))
                .collect();
            modules.push_str(&format!(
                "mod {name} {{\n    use {name} as api;\n    include!(\"runner.rs\");\n\n    \
                 fn modelled(code: &str, error: &api::runtime::client::ServiceError) -> Result<Value, String> {{\n        \
                 let written = match code {{\n{arms}        other => return Err(format!(\"no error shape {{other}}\")),\n    }};\n    \
                 json(&written.ok_or(\"the response does not read as the error shape\")?)\n    }}\n}}\n\n"
            ));
        }
        let main_dir = work.join("botocore-harness/src");
        std::fs::create_dir_all(&main_dir).unwrap();
        std::fs::copy(root().join("tests/protocol/botocore_runner.rs"), main_dir.join("runner.rs")).unwrap();
        let suites: String = BOTOCORE_SUITES
            .iter()
            .map(|(stem, name, ..)| {
                format!(
                    "    let cases: Vec<serde_json::Value> = serde_json::from_slice(&std::fs::read(dir.join(\"{name}-cases.json\")).unwrap()).unwrap();\n    \
                     println!(\"suite {stem}\");\n    failed += {name}::run(&cases);\n"
                )
            })
            .collect();
        std::fs::write(
            main_dir.join("main.rs"),
            format!(
                "//! Runs the prepared botocore cases of each suite against its crate.\n\n{modules}\
                 fn main() {{\n    let dir = std::path::PathBuf::from(std::env::args().nth(1).expect(\"the cases folder\"));\n    \
                 let mut failed = 0;\n{suites}    println!(\"done, {{failed}} failed\");\n}}\n"
            ),
        )
        .unwrap();
        std::fs::write(
            work.join("botocore-harness/Cargo.toml"),
            format!(
                "[package]\nname = \"botocore-harness\"\nversion = \"0.0.0\"\nedition = \"2021\"\npublish = false\n\n\
                 [dependencies]\nserde_json = \"1\"\n{dependencies}"
            ),
        )
        .unwrap();
        std::fs::write(
            work.join("Cargo.toml"),
            format!("[workspace]\nresolver = \"2\"\nmembers = [{}]\n", members.join(", ")),
        )
        .unwrap();
        std::fs::copy(root().join("Cargo.lock"), work.join("Cargo.lock")).unwrap();
        // The generated crates (host prefixes, request compression, HTTP
        // bindings and all) are clippy-clean.
        let mut args = vec!["clippy", "--quiet"];
        for (_, name, ..) in BOTOCORE_SUITES {
            args.extend(["-p", name]);
        }
        args.extend(["-p", "json-protocol", "--features", "test-util", "--", "-D", "warnings"]);
        let clippy = sagemaker_tests::scratch_cargo(&work, &args);
        assert!(clippy.status.success(), "clippy:\n{}", String::from_utf8_lossy(&clippy.stderr));
        work
    })
}

#[test]
fn botocore_protocol_suites_pass_but_the_listed_ones() {
    let work = workspace();
    let skipped: Value =
        serde_json::from_str(&std::fs::read_to_string(root().join("tests/protocol/botocore/skipped.json")).unwrap())
            .unwrap();
    let run = sagemaker_tests::scratch_cargo(
        work,
        &["run", "--quiet", "-p", "botocore-harness", "--", work.to_str().unwrap()],
    );
    let stdout = String::from_utf8_lossy(&run.stdout).into_owned();
    assert!(stdout.contains("done, "), "the harness did not run:\n{}", String::from_utf8_lossy(&run.stderr));
    let mut suite = String::new();
    let mut counts: Vec<(String, usize, usize, usize)> = Vec::new();
    let mut unexpected = Vec::new();
    for line in stdout.lines() {
        if let Some(name) = line.strip_prefix("suite ") {
            suite = name.to_owned();
            counts.push((suite.clone(), 0, 0, 0));
            continue;
        }
        let (status, rest) = line.split_once(' ').unwrap_or((line, ""));
        let id = rest.split(':').next().unwrap_or_default();
        let listed = skipped[&suite].get(id).is_some();
        let Some(count) = counts.last_mut() else { continue };
        match (status, listed) {
            ("pass", false) => count.1 += 1,
            ("pass", true) => unexpected.push(format!("{suite} {id} passes now: take it off the skip list")),
            ("FAIL", true) => count.2 += 1,
            ("FAIL", false) => unexpected.push(format!("{suite} {line}")),
            _ => {}
        }
        if matches!(status, "pass" | "FAIL") {
            count.3 += 1;
        }
    }
    for (suite, passed, listed, total) in &counts {
        println!("botocore {suite}: {passed} of {total} cases pass, {listed} listed as not passing");
    }
    for (suite, reasons) in skipped.as_object().into_iter().flatten() {
        for id in reasons.as_object().into_iter().flatten().map(|(id, _)| id) {
            assert!(
                stdout.lines().any(|l| l.split(' ').nth(1).map(|x| x.trim_end_matches(':')) == Some(id.as_str())),
                "skipped case {suite} {id} is not in the suite"
            );
        }
    }
    assert_eq!(counts.len(), BOTOCORE_SUITES.len(), "{stdout}");
    assert!(unexpected.is_empty(), "{}", unexpected.join("\n"));
}
