//! The generated serializers: round trips of every input and output of every
//! revision, JSON-path errors, and hostile responses.

use sagemaker_api::runtime::{self, ErrorKind, Operation, OperationVisitor, ReadJson, Shape, WriteJson};
use sagemaker_api::v2024_02_28 as latest;
use sagemaker_codegen::pipeline::{self, Workspace};
use sagemaker_codegen::smithy::{shape_name, Model, ShapeKind};
use sagemaker_tests::{populate, root};
use std::fmt::Debug;

/// Checks that a populated document reads, writes back to the same JSON, and
/// reads again to a value that writes the same JSON.
fn round_trip<T: ReadJson + WriteJson + Shape + Debug>(document: &serde_json::Value) -> Result<(), String> {
    let bytes = serde_json::to_vec(document).map_err(|e| e.to_string())?;
    let value: T = runtime::from_slice(&bytes).map_err(|e| format!("read: {e}"))?;
    let written = runtime::to_vec(&value);
    let reparsed: serde_json::Value =
        serde_json::from_slice(&written).map_err(|e| format!("our JSON is invalid: {e}"))?;
    if &reparsed != document {
        return Err(format!("wrote different JSON:\n  in:  {document}\n  out: {reparsed}"));
    }
    let again: T = runtime::from_slice(&written).map_err(|e| format!("read back: {e}"))?;
    if runtime::to_vec(&again) != written {
        return Err(format!("read back a different value: {again:?}"));
    }
    Ok(())
}

struct RoundTrips<'m> {
    model: &'m Model,
    operations: usize,
    failures: Vec<String>,
}

impl OperationVisitor for RoundTrips<'_> {
    fn visit<O: Operation>(&mut self) {
        self.operations += 1;
        let Some(ShapeKind::Operation { input, output, .. }) = self
            .model
            .shapes
            .iter()
            .find(|(id, s)| shape_name(id) == O::NAME && matches!(s.kind, ShapeKind::Operation { .. }))
            .map(|(_, s)| &s.kind)
        else {
            self.failures.push(format!("{}: not in the model", O::NAME));
            return;
        };
        for variant in [0, 1] {
            let document = |target: &Option<String>| match target {
                Some(t) => populate(self.model, t, variant, 12),
                None => serde_json::json!({}),
            };
            if let Err(e) = round_trip::<O::Input>(&document(input)) {
                self.failures.push(format!("{} input, variant {variant}: {e}", O::NAME));
            }
            if let Err(e) = round_trip::<O::Output>(&document(output)) {
                self.failures.push(format!("{} output, variant {variant}: {e}", O::NAME));
            }
        }
    }
}

#[test]
fn every_input_and_output_of_every_revision_round_trips() {
    let models = pipeline::load_revision_models(&Workspace::new(root())).unwrap();
    let mut failures = Vec::new();
    for (date, model) in &models {
        let mut checker = RoundTrips { model, operations: 0, failures: Vec::new() };
        match date.as_str() {
            "2018-01-17" => sagemaker_api::v2018_01_17::visit_operations(&mut checker),
            "2019-10-24" => sagemaker_api::v2019_10_24::visit_operations(&mut checker),
            "2020-12-01" => sagemaker_api::v2020_12_01::visit_operations(&mut checker),
            "2023-05-22" => sagemaker_api::v2023_05_22::visit_operations(&mut checker),
            "2024-02-28" => sagemaker_api::v2024_02_28::visit_operations(&mut checker),
            other => panic!("revision {other} is missing from this test"),
        }
        assert_eq!(checker.operations, model.operations().len(), "{date}");
        failures.extend(checker.failures.into_iter().map(|f| format!("{date} {f}")));
    }
    assert!(failures.is_empty(), "{} failures:\n{}", failures.len(), failures.join("\n"));
}

fn describe(bytes: &[u8]) -> Result<latest::DescribeTrainingJobOutput, runtime::DeserializeError> {
    runtime::from_slice(bytes)
}

fn bench_payload(name: &str) -> Vec<u8> {
    std::fs::read(root().join("tests/benches/payloads").join(name)).unwrap()
}

#[test]
fn a_realistic_response_reads_and_skips_newer_members() {
    let out = describe(&bench_payload("describe_training_job.response.json")).unwrap();
    assert!(out.training_job_name.is_some());
    assert!(out.creation_time.is_some());
    let resource = out.resource_config.unwrap();
    assert!(resource.instance_count.is_some());
}

#[test]
fn wrong_types_name_the_json_path() {
    let e = describe(br#"{"ResourceConfig":{"InstanceCount":"two"}}"#).unwrap_err();
    assert_eq!(e.to_string(), "DescribeTrainingJobOutput.ResourceConfig.InstanceCount: expected integer, found string");
    let e = describe(br#"{"SecondaryStatusTransitions":[{},{"StartTime":"x"}]}"#).unwrap_err();
    assert_eq!(
        e.to_string(),
        "DescribeTrainingJobOutput.SecondaryStatusTransitions[1].StartTime: invalid value: expected a timestamp: epoch seconds, or a date-time or HTTP date string"
    );
    let e = describe(br#"{"HyperParameters":{"a":"1","b":2}}"#).unwrap_err();
    assert_eq!(e.to_string(), r#"DescribeTrainingJobOutput.HyperParameters["b"]: expected string, found number"#);
}

#[test]
fn nulls_in_lists_and_maps_are_skipped() {
    let out: latest::DescribeTrainingJobOutput = runtime::from_slice(
        br#"{"HyperParameters":{"a":"1","b":null},"InputDataConfig":[null,{"ChannelName":"train"},null]}"#,
    )
    .unwrap();
    assert_eq!(out.hyper_parameters.unwrap().into_iter().collect::<Vec<_>>(), [("a".to_owned(), "1".to_owned())]);
    let channels = out.input_data_config.unwrap();
    assert_eq!(channels.len(), 1);
    assert_eq!(channels[0].channel_name.as_deref(), Some("train"));
}

#[test]
fn nulls_are_absent_unknown_fields_are_ignored_and_unknown_enum_values_are_kept() {
    let out =
        describe(br#"{"TrainingJobName":null,"Brand":{"New":[1,{"x":null}]},"TrainingJobStatus":"Paused"}"#).unwrap();
    assert_eq!(out.training_job_name, None);
    let status = out.training_job_status.unwrap();
    assert_eq!(status.as_str(), "Paused");
    assert!(matches!(status, latest::TrainingJobStatus::Unrecognized(_)));
    assert_eq!(runtime::to_string(&status), r#""Paused""#);
    assert_eq!(latest::TrainingJobStatus::from("Completed"), latest::TrainingJobStatus::Completed);
}

#[test]
fn timestamps_accept_integer_and_fractional_seconds() {
    let out = describe(br#"{"CreationTime":1700000000,"TrainingStartTime":1700000000.123}"#).unwrap();
    assert_eq!(out.creation_time.unwrap().secs(), 1_700_000_000);
    assert_eq!(out.training_start_time.unwrap().subsec_nanos(), 123_000_000);
}

#[test]
fn builders_report_every_missing_required_member() {
    let e = latest::CreateTrainingJobInput::builder().training_job_name("job").build().unwrap_err();
    assert_eq!(e.shape(), "CreateTrainingJobInput");
    assert!(e.missing_members().len() >= 4, "{e}");
    assert!(!e.missing_members().contains(&"TrainingJobName"), "{e}");
    assert!(e.missing_members().contains(&"RoleArn"), "{e}");
}

fn expect_error(bytes: &[u8]) -> runtime::DeserializeError {
    match describe(bytes) {
        Ok(v) => panic!("accepted hostile input: {v:?}"),
        Err(e) => e,
    }
}

#[test]
fn truncated_documents_are_errors_at_every_byte() {
    let full = bench_payload("describe_training_job.response.json");
    for end in 0..full.len() - 1 {
        let truncated = &full[..end];
        if truncated.iter().all(u8::is_ascii_whitespace) || end + 1 == full.len() {
            continue;
        }
        if let Ok(v) = describe(truncated) {
            panic!("accepted a document truncated at byte {end}: {v:?}");
        }
    }
}

#[test]
fn hostile_documents_are_errors_not_panics() {
    let deep_array = format!(r#"{{"Brand":{}}}"#, "[".repeat(10_000));
    assert!(matches!(expect_error(deep_array.as_bytes()).kind(), ErrorKind::TooDeep { .. }));
    let deep_object = format!(r#"{{"Brand":{}1{}}}"#, r#"{"a":"#.repeat(10_000), "}".repeat(10_000));
    assert!(matches!(expect_error(deep_object.as_bytes()).kind(), ErrorKind::TooDeep { .. }));
    let huge = format!(r#"{{"TrainingTimeInSeconds":{}}}"#, "9".repeat(5000));
    assert!(matches!(expect_error(huge.as_bytes()).kind(), ErrorKind::OutOfRange { .. }));
    assert!(matches!(expect_error(br#"{"CreationTime":1e999}"#).kind(), ErrorKind::OutOfRange { .. }));
    assert!(matches!(expect_error(br#"{"TrainingTimeInSeconds":2147483648}"#).kind(), ErrorKind::OutOfRange { .. }));
    assert!(matches!(expect_error(b"{\"TrainingJobName\":\"\xff\xfe\"}").kind(), ErrorKind::InvalidUtf8));
    assert!(matches!(expect_error(b"\xef\xbb\xbf{}").kind(), ErrorKind::ExpectedType { .. }));
    let dup = expect_error(br#"{"TrainingJobName":"a","TrainingJobName":"b"}"#);
    assert!(matches!(dup.kind(), ErrorKind::DuplicateKey(k) if k == "TrainingJobName"), "{dup}");
    let dup_after_null = expect_error(br#"{"TrainingJobName":null,"TrainingJobName":"b"}"#);
    assert!(matches!(dup_after_null.kind(), ErrorKind::DuplicateKey(_)));
    let dup_in_map = expect_error(br#"{"HyperParameters":{"a":"1","a":"2"}}"#);
    assert_eq!(dup_in_map.to_string(), r#"DescribeTrainingJobOutput.HyperParameters: duplicate key "a""#);
    for bad in [&b""[..], b"[]", b"null", b"{} {}", b"{\"a\":}", b"{\"TrainingJobName\":\"\\ud800\"}"] {
        expect_error(bad);
    }
}
