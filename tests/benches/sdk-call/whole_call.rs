//! One whole call, serialize → sign → send → read, through sagemaker-api and
//! through aws-sdk-sagemaker, each with an in-memory HTTP client answering
//! at once, in the same run. Both clients send the same document (checked
//! before measuring), sign with the same static keys, and read the same answer.
//!
//! `tests/benches/whole-call-vs-sdk.sh`

use aws_sdk_sagemaker::config::{BehaviorVersion, Credentials as SdkCredentials, Region};
use aws_sdk_sagemaker::types as sdk;
use criterion::{black_box, criterion_group, criterion_main, Criterion};
use sagemaker_api::runtime;
use sagemaker_api::runtime::client::{Config, Credentials, HttpResponse, InMemoryTransport};
use sagemaker_api::v2024_02_28 as api;
use serde_json::Value;
use std::sync::{Arc, Mutex};

const REQUEST: &[u8] = include_bytes!("../payloads/create_training_job.request.json");
const RESPONSE: &[u8] = include_bytes!("../payloads/describe_training_job.response.json");
const CREATED: &[u8] = br#"{"TrainingJobArn":"arn:aws:sagemaker:us-east-1:123456789012:training-job/x"}"#;
const ACCESS_KEY: &str = "AKIDEXAMPLE";
const SECRET_KEY: &str = "wJalrXUtnFEMI/K7MDENG+bPxRfiCYEXAMPLEKEY";

fn ours(body: &'static [u8], sent: Arc<Mutex<Vec<u8>>>) -> api::Client {
    let config = Config::builder()
        .region("us-east-1")
        .credentials(Credentials::new(ACCESS_KEY, SECRET_KEY, None))
        .transport(InMemoryTransport::new(move |request| {
            *sent.lock().unwrap() = request.body.clone();
            Ok(HttpResponse { status: 200, headers: Vec::new(), body: body.to_vec() })
        }).without_recording())
        .build()
        .expect("config");
    api::Client::new(config)
}

fn theirs(body: &'static [u8], sent: Arc<Mutex<Vec<u8>>>) -> aws_sdk_sagemaker::Client {
    let http = aws_smithy_http_client::test_util::infallible_client_fn(move |request| {
        *sent.lock().unwrap() = request.body().bytes().unwrap_or_default().to_vec();
        http::Response::builder().status(200).body(body).unwrap()
    });
    let config = aws_sdk_sagemaker::Config::builder()
        .behavior_version(BehaviorVersion::latest())
        .region(Region::new("us-east-1"))
        .credentials_provider(SdkCredentials::new(ACCESS_KEY, SECRET_KEY, None, None, "bench"))
        .http_client(http)
        .build();
    aws_sdk_sagemaker::Client::from_conf(config)
}

fn text(v: &Value) -> String {
    v.as_str().expect("a string in the payload").to_owned()
}

/// The SDK's CreateTrainingJob call, built from the same payload.
fn sdk_create(client: &aws_sdk_sagemaker::Client, p: &Value) -> aws_sdk_sagemaker::operation::create_training_job::builders::CreateTrainingJobFluentBuilder {
    let spec = &p["AlgorithmSpecification"];
    let mut algorithm = sdk::AlgorithmSpecification::builder()
        .training_image(text(&spec["TrainingImage"]))
        .training_input_mode(sdk::TrainingInputMode::from(text(&spec["TrainingInputMode"]).as_str()));
    for m in spec["MetricDefinitions"].as_array().unwrap() {
        algorithm = algorithm
            .metric_definitions(sdk::MetricDefinition::builder().name(text(&m["Name"])).regex(text(&m["Regex"])).build());
    }
    let mut call = client
        .create_training_job()
        .training_job_name(text(&p["TrainingJobName"]))
        .algorithm_specification(algorithm.build())
        .role_arn(text(&p["RoleArn"]))
        .output_data_config(sdk::OutputDataConfig::builder().s3_output_path(text(&p["OutputDataConfig"]["S3OutputPath"])).build())
        .resource_config(
            sdk::ResourceConfig::builder()
                .instance_type(sdk::TrainingInstanceType::from(text(&p["ResourceConfig"]["InstanceType"]).as_str()))
                .instance_count(p["ResourceConfig"]["InstanceCount"].as_i64().unwrap() as i32)
                .volume_size_in_gb(p["ResourceConfig"]["VolumeSizeInGB"].as_i64().unwrap() as i32)
                .build(),
        )
        .stopping_condition(
            sdk::StoppingCondition::builder()
                .max_runtime_in_seconds(p["StoppingCondition"]["MaxRuntimeInSeconds"].as_i64().unwrap() as i32)
                .build(),
        );
    for (k, v) in p["HyperParameters"].as_object().unwrap() {
        call = call.hyper_parameters(k, text(v));
    }
    for c in p["InputDataConfig"].as_array().unwrap() {
        let s3 = &c["DataSource"]["S3DataSource"];
        let source = sdk::S3DataSource::builder()
            .s3_data_type(sdk::S3DataType::from(text(&s3["S3DataType"]).as_str()))
            .s3_uri(text(&s3["S3Uri"]))
            .s3_data_distribution_type(sdk::S3DataDistribution::from(text(&s3["S3DataDistributionType"]).as_str()))
            .build();
        call = call.input_data_config(
            sdk::Channel::builder()
                .channel_name(text(&c["ChannelName"]))
                .data_source(sdk::DataSource::builder().s3_data_source(source).build())
                .content_type(text(&c["ContentType"]))
                .compression_type(sdk::CompressionType::from(text(&c["CompressionType"]).as_str()))
                .input_mode(sdk::TrainingInputMode::from(text(&c["InputMode"]).as_str()))
                .build(),
        );
    }
    for t in p["Tags"].as_array().unwrap() {
        call = call.tags(sdk::Tag::builder().key(text(&t["Key"])).value(text(&t["Value"])).build());
    }
    call
}

fn json(bytes: &[u8]) -> Value {
    serde_json::from_slice(bytes).expect("a JSON body")
}

fn whole_calls(c: &mut Criterion) {
    let rt = tokio::runtime::Builder::new_current_thread().enable_time().build().unwrap();
    let payload = json(REQUEST);
    let sent_ours = Arc::new(Mutex::new(Vec::new()));
    let sent_theirs = Arc::new(Mutex::new(Vec::new()));

    let our_create = ours(CREATED, Arc::clone(&sent_ours));
    let our_describe = ours(RESPONSE, Arc::new(Mutex::new(Vec::new())));
    let create: api::CreateTrainingJobInput = runtime::from_slice(REQUEST).unwrap();
    let describe = api::DescribeTrainingJobInput::builder().training_job_name("xgboost-2024-02-28").build().unwrap();

    let sdk_create_client = theirs(CREATED, Arc::clone(&sent_theirs));
    let sdk_describe_client = theirs(RESPONSE, Arc::new(Mutex::new(Vec::new())));
    let their_create = sdk_create(&sdk_create_client, &payload);
    let their_describe = sdk_describe_client.describe_training_job().training_job_name("xgboost-2024-02-28");

    // Same document out, same answer in, or the comparison means nothing.
    rt.block_on(our_create.create_training_job(create.clone())).unwrap();
    rt.block_on(their_create.clone().send()).unwrap();
    assert_eq!(json(&sent_ours.lock().unwrap()), payload, "sagemaker-api sent another document");
    assert_eq!(json(&sent_theirs.lock().unwrap()), payload, "aws-sdk-sagemaker sent another document");
    let a = rt.block_on(our_describe.describe_training_job(describe.clone())).unwrap();
    let b = rt.block_on(their_describe.clone().send()).unwrap();
    assert_eq!(a.training_job_name.as_deref(), b.training_job_name());
    assert_eq!(
        a.secondary_status_transitions.as_ref().map(Vec::len),
        b.secondary_status_transitions.as_ref().map(Vec::len)
    );

    let mut group = c.benchmark_group("create_training_job");
    group.bench_function("sagemaker_api", |b| {
        b.iter(|| rt.block_on(our_create.create_training_job(black_box(create.clone()))).unwrap())
    });
    group.bench_function("aws_sdk_sagemaker", |b| b.iter(|| rt.block_on(black_box(their_create.clone()).send()).unwrap()));
    group.finish();

    let mut group = c.benchmark_group("describe_training_job");
    group.bench_function("sagemaker_api", |b| {
        b.iter(|| rt.block_on(our_describe.describe_training_job(black_box(describe.clone()))).unwrap())
    });
    group.bench_function("aws_sdk_sagemaker", |b| b.iter(|| rt.block_on(black_box(their_describe.clone()).send()).unwrap()));
    group.finish();
}

criterion_group!(benches, whole_calls);
criterion_main!(benches);
