//! Conformance with a real client: for realistic requests across the
//! revisions, the body this crate serializes equals (as JSON) the body that
//! botocore builds for the same parameters. botocore is only a test peer.

use sagemaker_api::runtime::{self, Operation, OperationVisitor};
use sagemaker_tests::root;
use serde_json::Value;
use std::io::Write;
use std::process::{Command, Stdio};

/// Reads a request's parameters into the operation's input type and writes
/// them back out: what the crate would send.
struct Serialize<'a> {
    operation: &'a str,
    params: &'a Value,
    body: Option<Result<Value, String>>,
}

impl OperationVisitor for Serialize<'_> {
    fn visit<O: Operation>(&mut self) {
        if O::NAME != self.operation {
            return;
        }
        let bytes = serde_json::to_vec(self.params).unwrap_or_default();
        self.body = Some(match runtime::from_slice::<O::Input>(&bytes) {
            Ok(input) => serde_json::from_slice(&runtime::to_vec(&input)).map_err(|e| e.to_string()),
            Err(e) => Err(format!("the crate rejects the parameters: {e}")),
        });
    }
}

fn our_body(revision: &str, operation: &str, params: &Value) -> Result<Value, String> {
    let mut v = Serialize { operation, params, body: None };
    match revision {
        "2018-01-17" => sagemaker_api::v2018_01_17::visit_operations(&mut v),
        "2019-10-24" => sagemaker_api::v2019_10_24::visit_operations(&mut v),
        "2020-12-01" => sagemaker_api::v2020_12_01::visit_operations(&mut v),
        "2023-05-22" => sagemaker_api::v2023_05_22::visit_operations(&mut v),
        "2024-02-28" => sagemaker_api::v2024_02_28::visit_operations(&mut v),
        other => return Err(format!("no revision {other}")),
    }
    v.body.unwrap_or_else(|| Err(format!("revision {revision} has no operation {operation}")))
}

fn botocore_bodies(requests: &[Value]) -> Vec<Value> {
    let mut child = Command::new("python3")
        .arg(root().join("tests/botocore_body.py"))
        .stdin(Stdio::piped())
        .stdout(Stdio::piped())
        .stderr(Stdio::piped())
        .spawn()
        .expect("python3 is needed for the botocore conformance test");
    let input = serde_json::to_vec(requests).unwrap();
    child.stdin.take().unwrap().write_all(&input).unwrap();
    let output = child.wait_with_output().unwrap();
    assert!(
        output.status.success(),
        "tests/botocore_body.py failed (is botocore installed? `.ci/run` installs it):\n{}",
        String::from_utf8_lossy(&output.stderr)
    );
    serde_json::from_slice(&output.stdout).unwrap()
}

#[test]
fn request_bodies_match_botocore() {
    let text = std::fs::read_to_string(root().join("tests/conformance/requests.json")).unwrap();
    let requests: Vec<Value> = serde_json::from_str(&text).unwrap();
    let operations: std::collections::BTreeSet<&str> =
        requests.iter().filter_map(|r| r["operation"].as_str()).collect();
    assert!(operations.len() >= 15, "only {} operations", operations.len());
    let peers: Vec<Value> =
        requests.iter().map(|r| serde_json::json!({"operation": r["operation"], "params": r["params"]})).collect();
    let theirs = botocore_bodies(&peers);
    let mut failures = Vec::new();
    for (request, peer) in requests.iter().zip(&theirs) {
        let revision = request["revision"].as_str().unwrap_or_default();
        let operation = request["operation"].as_str().unwrap_or_default();
        let label = format!("{revision} {operation}");
        if let Some(e) = peer.get("error") {
            failures.push(format!("{label}: botocore rejects the parameters: {e}"));
            continue;
        }
        assert_eq!(peer["target"], format!("{}.{operation}", sagemaker_api::v2024_02_28::TARGET_PREFIX));
        match our_body(revision, operation, &request["params"]) {
            Ok(ours) if ours == peer["body"] => {}
            Ok(ours) => failures.push(format!("{label}:\n  ours:     {ours}\n  botocore: {}", peer["body"])),
            Err(e) => failures.push(format!("{label}: {e}")),
        }
    }
    assert!(failures.is_empty(), "{} of {} requests differ:\n{}", failures.len(), requests.len(), failures.join("\n"));
}
