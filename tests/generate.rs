//! `cargo xtask generate` on the published models of other services in
//! `../shared/smithy-models/` (five awsJson 1.1 services, Lambda in restJson1
//! and DynamoDB in awsJson 1.0; the SageMaker family's six are generated into
//! the workspace by `cargo xtask codegen` and checked there), and on a model
//! whose shapes are named like what generated code uses: each crate is
//! generated into a scratch workspace, all are checked with clippy
//! (`-D warnings`), and a probe program (`tests/generate/probe.rs`) is built
//! against them and run: it checks through their public API what the
//! generator promises for the traits and protocols those models use.

use sagemaker_codegen::{fsutil, pipeline};
use sagemaker_tests::root;
use std::path::{Path, PathBuf};

/// The shared models and the crate names their SDK ids give.
const MODELS: [(&str, &str); 7] = [
    ("acm", "acm"),
    ("identitystore", "identitystore"),
    ("redshift-serverless", "redshiftserverless"),
    ("secrets-manager", "secretsmanager"),
    ("support", "support"),
    ("lambda", "lambda"),
    ("dynamodb", "dynamodb"),
];

fn shared_model(name: &str) -> PathBuf {
    root().join("../shared/smithy-models").join(format!("{name}.json"))
}

#[test]
fn every_shared_model_generates_a_crate_that_passes_clippy_and_keeps_its_promises() {
    let work = Path::new(env!("CARGO_TARGET_TMPDIR")).join("generated-models");
    let runtime = root().join("generated/runtime");
    let mut members = Vec::new();
    // Beside the five, a model whose shapes take the names generated code
    // uses (`Option`, `Result`, `Some`, …): it must compile and pass clippy too.
    let models = MODELS
        .map(|(file, name)| (name, shared_model(file)))
        .into_iter()
        .chain([("shadow", root().join("tests/models/shadowing.json"))]);
    for (name, model) in models {
        let out = work.join(name);
        let generated =
            pipeline::service_crate_outputs(&model, &out, None, &runtime).unwrap_or_else(|e| panic!("{name}: {e}"));
        assert_eq!(generated.name, name, "the crate is named after the service's SDK id");
        assert!(generated.counts.operations > 0, "{name}");
        let again = pipeline::service_crate_outputs(&model, &out, None, &runtime).unwrap();
        assert!(
            generated.outputs.iter().zip(&again.outputs).all(|(a, b)| a.contents == b.contents),
            "{name}: generation is deterministic"
        );
        fsutil::sync(&generated.outputs, &generated.owned_dirs, false).unwrap();
        let lines: usize = generated.outputs.iter().map(|o| o.contents.lines().count()).sum();
        println!("{name}: {} operations, {} lines", generated.counts.operations, lines);
        members.push(format!("\"{name}\""));
    }
    let probe = work.join("probe");
    std::fs::create_dir_all(probe.join("src")).unwrap();
    std::fs::copy(root().join("tests/generate/probe.rs"), probe.join("src/main.rs")).unwrap();
    // The client checks drive clients with an in-memory transport and no Tokio.
    let dependencies: String = MODELS
        .iter()
        .map(|(_, m)| {
            let features =
                if matches!(*m, "acm" | "lambda" | "dynamodb") { ", features = [\"test-util\"]" } else { "" };
            format!("{m} = {{ path = \"../{m}\", default-features = false{features} }}\n")
        })
        .collect();
    std::fs::write(
        probe.join("Cargo.toml"),
        format!(
            "[package]\nname = \"probe\"\nversion = \"0.0.0\"\nedition = \"2021\"\npublish = false\n\n[dependencies]\n\
             futures-util = {{ version = \"0.3\", default-features = false, features = [\"std\"] }}\n{dependencies}"
        ),
    )
    .unwrap();
    std::fs::write(
        work.join("Cargo.toml"),
        format!("[workspace]\nresolver = \"2\"\nmembers = [{}, \"probe\"]\n", members.join(", ")),
    )
    .unwrap();
    // The project's lock file pins the same dependency versions the project builds with.
    std::fs::copy(root().join("Cargo.lock"), work.join("Cargo.lock")).unwrap();

    let clippy = sagemaker_tests::scratch_cargo(
        &work,
        &["clippy", "--workspace", "--all-features", "--quiet", "--", "-D", "warnings"],
    );
    assert!(clippy.status.success(), "clippy:\n{}", String::from_utf8_lossy(&clippy.stderr));
    let run = sagemaker_tests::scratch_cargo(&work, &["run", "--quiet", "-p", "probe"]);
    assert!(
        run.status.success(),
        "probe:\n{}{}",
        String::from_utf8_lossy(&run.stdout),
        String::from_utf8_lossy(&run.stderr)
    );
    assert!(String::from_utf8_lossy(&run.stdout).contains("every check passed"));
}

#[test]
fn a_model_of_a_protocol_the_generator_does_not_write_is_refused_with_its_json_path() {
    let dir = Path::new(env!("CARGO_TARGET_TMPDIR")).join("other-protocol");
    std::fs::create_dir_all(&dir).unwrap();
    let text = std::fs::read_to_string(shared_model("support"))
        .unwrap()
        .replace("aws.protocols#awsJson1_1", "aws.protocols#restXml");
    let model = dir.join("rest-xml.json");
    std::fs::write(&model, text).unwrap();
    let e = pipeline::service_crate_outputs(&model, &dir.join("out"), None, &root().join("generated/runtime"))
        .unwrap_err()
        .to_string();
    assert!(e.contains("shapes.com.amazonaws.support#AWSSupport_20130415.traits"), "{e}");
    assert!(e.contains("awsJson1_1") && e.contains("awsJson1_0") && e.contains("restJson1"), "{e}");
}
