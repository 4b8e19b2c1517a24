//! Serializer speed on the shared payloads, beside a serde-derive baseline over
//! the same bytes, measured in the same run.
//!
//! `cargo bench -p sagemaker-tests --bench serializers`

use criterion::{black_box, criterion_group, criterion_main, Criterion};
use sagemaker_api::runtime;
use sagemaker_api::v2024_02_28 as api;
use serde::{Deserialize, Serialize};
use std::collections::BTreeMap;

const REQUEST: &[u8] = include_bytes!("payloads/create_training_job.request.json");
const RESPONSE: &[u8] = include_bytes!("payloads/describe_training_job.response.json");

/// The baseline: structs written by hand for serde derive, as a user would.
mod baseline {
    use super::*;

    #[derive(Serialize, Deserialize)]
    #[serde(rename_all = "PascalCase")]
    pub struct MetricDefinition {
        pub name: String,
        pub regex: String,
    }

    #[derive(Serialize, Deserialize)]
    #[serde(rename_all = "PascalCase")]
    pub struct AlgorithmSpecification {
        #[serde(skip_serializing_if = "Option::is_none")]
        pub training_image: Option<String>,
        pub training_input_mode: String,
        #[serde(skip_serializing_if = "Option::is_none")]
        pub metric_definitions: Option<Vec<MetricDefinition>>,
        #[serde(skip_serializing_if = "Option::is_none")]
        pub enable_sage_maker_metrics_time_series: Option<bool>,
    }

    #[derive(Serialize, Deserialize)]
    pub struct S3DataSource {
        #[serde(rename = "S3DataType")]
        pub s3_data_type: String,
        #[serde(rename = "S3Uri")]
        pub s3_uri: String,
        #[serde(rename = "S3DataDistributionType", skip_serializing_if = "Option::is_none")]
        pub s3_data_distribution_type: Option<String>,
    }

    #[derive(Serialize, Deserialize)]
    pub struct DataSource {
        #[serde(rename = "S3DataSource", skip_serializing_if = "Option::is_none")]
        pub s3_data_source: Option<S3DataSource>,
    }

    #[derive(Serialize, Deserialize)]
    #[serde(rename_all = "PascalCase")]
    pub struct Channel {
        pub channel_name: String,
        pub data_source: DataSource,
        #[serde(skip_serializing_if = "Option::is_none")]
        pub content_type: Option<String>,
        #[serde(skip_serializing_if = "Option::is_none")]
        pub compression_type: Option<String>,
        #[serde(skip_serializing_if = "Option::is_none")]
        pub record_wrapper_type: Option<String>,
        #[serde(skip_serializing_if = "Option::is_none")]
        pub input_mode: Option<String>,
    }

    #[derive(Serialize, Deserialize)]
    #[serde(rename_all = "PascalCase")]
    pub struct OutputDataConfig {
        #[serde(skip_serializing_if = "Option::is_none")]
        pub kms_key_id: Option<String>,
        pub s3_output_path: String,
        #[serde(skip_serializing_if = "Option::is_none")]
        pub compression_type: Option<String>,
    }

    #[derive(Serialize, Deserialize)]
    #[serde(rename_all = "PascalCase")]
    pub struct ResourceConfig {
        #[serde(skip_serializing_if = "Option::is_none")]
        pub instance_type: Option<String>,
        #[serde(skip_serializing_if = "Option::is_none")]
        pub instance_count: Option<i32>,
        #[serde(rename = "VolumeSizeInGB")]
        pub volume_size_in_gb: i32,
    }

    #[derive(Serialize, Deserialize)]
    #[serde(rename_all = "PascalCase")]
    pub struct StoppingCondition {
        #[serde(skip_serializing_if = "Option::is_none")]
        pub max_runtime_in_seconds: Option<i32>,
    }

    #[derive(Serialize, Deserialize)]
    #[serde(rename_all = "PascalCase")]
    pub struct Tag {
        pub key: String,
        pub value: String,
    }

    #[derive(Serialize, Deserialize)]
    #[serde(rename_all = "PascalCase")]
    pub struct CreateTrainingJobRequest {
        pub training_job_name: String,
        #[serde(skip_serializing_if = "Option::is_none")]
        pub hyper_parameters: Option<BTreeMap<String, String>>,
        pub algorithm_specification: AlgorithmSpecification,
        pub role_arn: String,
        #[serde(skip_serializing_if = "Option::is_none")]
        pub input_data_config: Option<Vec<Channel>>,
        pub output_data_config: OutputDataConfig,
        pub resource_config: ResourceConfig,
        pub stopping_condition: StoppingCondition,
        #[serde(skip_serializing_if = "Option::is_none")]
        pub tags: Option<Vec<Tag>>,
    }

    #[derive(Serialize, Deserialize)]
    #[serde(rename_all = "PascalCase")]
    pub struct ModelArtifacts {
        pub s3_model_artifacts: Option<String>,
    }

    #[derive(Serialize, Deserialize)]
    #[serde(rename_all = "PascalCase")]
    pub struct SecondaryStatusTransition {
        pub status: Option<String>,
        pub start_time: Option<f64>,
        pub end_time: Option<f64>,
        pub status_message: Option<String>,
    }

    #[derive(Serialize, Deserialize)]
    #[serde(rename_all = "PascalCase")]
    pub struct MetricData {
        pub metric_name: Option<String>,
        pub value: Option<f32>,
        pub timestamp: Option<f64>,
    }

    #[derive(Serialize, Deserialize)]
    #[serde(rename_all = "PascalCase")]
    pub struct ProfilerConfig {
        pub s3_output_path: Option<String>,
        pub profiling_interval_in_milliseconds: Option<i64>,
        pub disable_profiler: Option<bool>,
    }

    #[derive(Serialize, Deserialize)]
    #[serde(rename_all = "PascalCase")]
    pub struct RetryStrategy {
        pub maximum_retry_attempts: i32,
    }

    #[derive(Serialize, Deserialize)]
    #[serde(rename_all = "PascalCase")]
    pub struct DescribeTrainingJobResponse {
        pub training_job_name: Option<String>,
        pub training_job_arn: Option<String>,
        pub model_artifacts: Option<ModelArtifacts>,
        pub training_job_status: Option<String>,
        pub secondary_status: Option<String>,
        pub hyper_parameters: Option<BTreeMap<String, String>>,
        pub algorithm_specification: Option<AlgorithmSpecification>,
        pub role_arn: Option<String>,
        pub input_data_config: Option<Vec<Channel>>,
        pub output_data_config: Option<OutputDataConfig>,
        pub resource_config: Option<ResourceConfig>,
        pub stopping_condition: Option<StoppingCondition>,
        pub creation_time: Option<f64>,
        pub training_start_time: Option<f64>,
        pub training_end_time: Option<f64>,
        pub last_modified_time: Option<f64>,
        pub secondary_status_transitions: Option<Vec<SecondaryStatusTransition>>,
        pub final_metric_data_list: Option<Vec<MetricData>>,
        pub enable_network_isolation: Option<bool>,
        pub enable_inter_container_traffic_encryption: Option<bool>,
        pub enable_managed_spot_training: Option<bool>,
        pub training_time_in_seconds: Option<i32>,
        pub billable_time_in_seconds: Option<i32>,
        pub profiler_config: Option<ProfilerConfig>,
        pub profiling_status: Option<String>,
        pub retry_strategy: Option<RetryStrategy>,
        pub environment: Option<BTreeMap<String, String>>,
    }
}

fn serializers(c: &mut Criterion) {
    let ours: api::CreateTrainingJobInput = runtime::from_slice(REQUEST).expect("request payload");
    let theirs: baseline::CreateTrainingJobRequest = serde_json::from_slice(REQUEST).expect("request payload");
    // Both must write the same document, or the comparison means nothing.
    let a: serde_json::Value = serde_json::from_slice(&runtime::to_vec(&ours)).unwrap();
    let b: serde_json::Value = serde_json::to_value(&theirs).unwrap();
    assert_eq!(a, b, "the two serializers disagree");
    // Both must keep every value of the response, or the baseline does less work.
    let document = numbers_as_f64(serde_json::from_slice(RESPONSE).unwrap());
    let read: api::DescribeTrainingJobOutput = runtime::from_slice(RESPONSE).expect("response payload");
    let read = numbers_as_f64(serde_json::from_slice(&runtime::to_vec(&read)).unwrap());
    assert_eq!(read, document, "sagemaker-api drops or changes part of the response");
    let read: baseline::DescribeTrainingJobResponse = serde_json::from_slice(RESPONSE).expect("response payload");
    let read = without_nulls(numbers_as_f64(serde_json::from_slice(&serde_json::to_vec(&read).unwrap()).unwrap()));
    assert_eq!(read, document, "the baseline drops or changes part of the response");

    let mut group = c.benchmark_group("create_training_job_serialize");
    group.bench_function("sagemaker_api", |b| b.iter(|| runtime::to_vec(black_box(&ours))));
    group.bench_function("serde_derive_baseline", |b| b.iter(|| serde_json::to_vec(black_box(&theirs)).unwrap()));
    group.finish();

    let mut group = c.benchmark_group("describe_training_job_deserialize");
    group.bench_function("sagemaker_api", |b| {
        b.iter(|| runtime::from_slice::<api::DescribeTrainingJobOutput>(black_box(RESPONSE)).unwrap())
    });
    group.bench_function("serde_derive_baseline", |b| {
        b.iter(|| serde_json::from_slice::<baseline::DescribeTrainingJobResponse>(black_box(RESPONSE)).unwrap())
    });
    group.finish();
}

/// A document with every number as a float, so that `1717245078.0` and
/// `1717245078` compare equal.
fn numbers_as_f64(value: serde_json::Value) -> serde_json::Value {
    use serde_json::Value;
    match value {
        Value::Number(n) => serde_json::json!(n.as_f64().unwrap()),
        Value::Array(items) => Value::Array(items.into_iter().map(numbers_as_f64).collect()),
        Value::Object(fields) => Value::Object(fields.into_iter().map(|(k, v)| (k, numbers_as_f64(v))).collect()),
        other => other,
    }
}

/// A document without the `null`s serde derive writes for absent options.
fn without_nulls(value: serde_json::Value) -> serde_json::Value {
    use serde_json::Value;
    match value {
        Value::Array(items) => Value::Array(items.into_iter().map(without_nulls).collect()),
        Value::Object(fields) => Value::Object(
            fields.into_iter().filter(|(_, v)| !v.is_null()).map(|(k, v)| (k, without_nulls(v))).collect(),
        ),
        other => other,
    }
}

/// One whole call through the client with an in-memory transport: serialize,
/// sign, send, read. The input is cloned each time, as a caller building it would.
fn whole_calls(c: &mut Criterion) {
    use sagemaker_api::runtime::client::{Config, Credentials, HttpResponse, InMemoryTransport};
    let runtime = tokio::runtime::Builder::new_current_thread().enable_time().build().unwrap();
    let config = |body: &'static [u8]| {
        Config::builder()
            .region("us-east-1")
            .credentials(Credentials::new("AKIDEXAMPLE", "wJalrXUtnFEMI/K7MDENG+bPxRfiCYEXAMPLEKEY", None))
            .transport(
                InMemoryTransport::new(move |_| {
                    Ok(HttpResponse { status: 200, headers: Vec::new(), body: body.to_vec() })
                })
                .without_recording(),
            )
            .build()
            .unwrap()
    };
    let create_client =
        api::Client::new(config(br#"{"TrainingJobArn":"arn:aws:sagemaker:us-east-1:123456789012:training-job/x"}"#));
    let describe_client = api::Client::new(config(RESPONSE));
    let create: api::CreateTrainingJobInput = runtime::from_slice(REQUEST).unwrap();
    let describe = api::DescribeTrainingJobInput::builder().training_job_name("xgboost-2024-02-28").build().unwrap();
    let mut group = c.benchmark_group("whole_call_in_memory");
    group.bench_function("create_training_job", |b| {
        b.iter(|| runtime.block_on(create_client.create_training_job(black_box(create.clone()))).unwrap())
    });
    group.bench_function("describe_training_job", |b| {
        b.iter(|| runtime.block_on(describe_client.describe_training_job(black_box(describe.clone()))).unwrap())
    });
    let keys = Credentials::new("AKIDEXAMPLE", "wJalrXUtnFEMI/K7MDENG+bPxRfiCYEXAMPLEKEY", None);
    group.bench_function("sign_only", |b| {
        b.iter(|| {
            create_client
                .handle()
                .signed_request_for::<api::operations::CreateTrainingJob>(
                    black_box(&create),
                    &keys,
                    std::time::SystemTime::now(),
                )
                .unwrap()
        })
    });
    group.finish();
}

criterion_group!(benches, serializers, whole_calls);
criterion_main!(benches);
