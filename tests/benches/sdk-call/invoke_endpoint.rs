//! One whole `InvokeEndpoint` call (restJson1: path label, headers, a blob
//! payload; sign; send to an in-memory HTTP client; read the headers and the
//! payload back) through `sagemakerruntime` and through AWS's
//! `aws-sdk-sagemakerruntime`, in the same run, with the same request body,
//! keys and answer (checked before measuring).
//!
//! `tests/benches/whole-call-vs-sdk.sh`

use aws_sdk_sagemakerruntime::config::{BehaviorVersion, Credentials as SdkCredentials, Region};
use aws_sdk_sagemakerruntime::primitives::Blob as SdkBlob;
use criterion::{black_box, criterion_group, criterion_main, Criterion};
use sagemakerruntime::runtime::client::{Config, Credentials, HttpResponse, InMemoryTransport};
use std::sync::{Arc, Mutex};

const ACCESS_KEY: &str = "AKIDEXAMPLE";
const SECRET_KEY: &str = "wJalrXUtnFEMI/K7MDENG+bPxRfiCYEXAMPLEKEY";
const VARIANT: &str = "AllTraffic";
const ATTRIBUTES: &str = "trace-id=bench";

/// A CSV batch of 64 rows of 8 features: what a tabular model receives.
fn request_body() -> Vec<u8> {
    let mut body = String::new();
    for row in 0..64 {
        let features: Vec<String> = (0..8).map(|f| format!("{:.4}", (row * 8 + f) as f64 * 0.0137)).collect();
        body.push_str(&features.join(","));
        body.push('\n');
    }
    body.into_bytes()
}

/// The answer: one score per row.
fn answer_body() -> Vec<u8> {
    (0..64).map(|row| format!("{:.6}\n", row as f64 / 64.0)).collect::<String>().into_bytes()
}

fn answer_headers() -> Vec<(&'static str, &'static str)> {
    vec![
        ("content-type", "text/csv"),
        ("x-amzn-invoked-production-variant", VARIANT),
        ("x-amzn-sagemaker-custom-attributes", ATTRIBUTES),
        ("x-amzn-requestid", "req-1"),
    ]
}

fn ours(sent: Arc<Mutex<Vec<u8>>>) -> sagemakerruntime::Client {
    let answer = answer_body();
    let headers: Vec<(String, String)> =
        answer_headers().into_iter().map(|(n, v)| (n.to_owned(), v.to_owned())).collect();
    let config = Config::builder()
        .region("us-east-1")
        .credentials(Credentials::new(ACCESS_KEY, SECRET_KEY, None))
        .transport(
            InMemoryTransport::new(move |request| {
                *sent.lock().unwrap() = request.body.clone();
                Ok(HttpResponse { status: 200, headers: headers.clone(), body: answer.clone() })
            })
            .without_recording(),
        )
        .build()
        .expect("config");
    sagemakerruntime::Client::new(config)
}

fn theirs(sent: Arc<Mutex<Vec<u8>>>) -> aws_sdk_sagemakerruntime::Client {
    let answer = answer_body();
    let http = aws_smithy_http_client::test_util::infallible_client_fn(move |request| {
        *sent.lock().unwrap() = request.body().bytes().unwrap_or_default().to_vec();
        let mut response = http::Response::builder().status(200);
        for (name, value) in answer_headers() {
            response = response.header(name, value);
        }
        response.body(answer.clone()).unwrap()
    });
    let config = aws_sdk_sagemakerruntime::Config::builder()
        .behavior_version(BehaviorVersion::latest())
        .region(Region::new("us-east-1"))
        .credentials_provider(SdkCredentials::new(ACCESS_KEY, SECRET_KEY, None, None, "bench"))
        .http_client(http)
        .build();
    aws_sdk_sagemakerruntime::Client::from_conf(config)
}

fn invoke_endpoint(c: &mut Criterion) {
    let rt = tokio::runtime::Builder::new_current_thread().enable_time().build().unwrap();
    let body = request_body();
    let sent_ours = Arc::new(Mutex::new(Vec::new()));
    let sent_theirs = Arc::new(Mutex::new(Vec::new()));
    let our_client = ours(Arc::clone(&sent_ours));
    let their_client = theirs(Arc::clone(&sent_theirs));
    let input = sagemakerruntime::InvokeEndpointInput::builder()
        .endpoint_name("tabular-endpoint")
        .body(sagemakerruntime::runtime::Blob::new(body.clone()))
        .content_type("text/csv")
        .accept("text/csv")
        .custom_attributes(ATTRIBUTES)
        .build()
        .unwrap();
    let their_call = their_client
        .invoke_endpoint()
        .endpoint_name("tabular-endpoint")
        .body(SdkBlob::new(body.clone()))
        .content_type("text/csv")
        .accept("text/csv")
        .custom_attributes(ATTRIBUTES);

    // Same body out, same answer in, or the comparison means nothing.
    let a = rt.block_on(our_client.invoke_endpoint(input.clone())).unwrap();
    let b = rt.block_on(their_call.clone().send()).unwrap();
    assert_eq!(*sent_ours.lock().unwrap(), body, "sagemakerruntime sent another body");
    assert_eq!(*sent_theirs.lock().unwrap(), body, "aws-sdk-sagemakerruntime sent another body");
    assert_eq!(a.body.as_ref().map(|b| b.as_bytes()), b.body().map(|b| b.as_ref()));
    assert_eq!(a.invoked_production_variant.as_deref(), b.invoked_production_variant());
    assert_eq!(a.custom_attributes.as_deref(), b.custom_attributes());
    assert_eq!(a.content_type.as_deref(), b.content_type());

    let mut group = c.benchmark_group("invoke_endpoint");
    group.bench_function("sagemakerruntime", |b| {
        b.iter(|| rt.block_on(our_client.invoke_endpoint(black_box(input.clone()))).unwrap())
    });
    group.bench_function("aws_sdk_sagemakerruntime", |b| {
        b.iter(|| rt.block_on(black_box(their_call.clone()).send()).unwrap())
    });
    group.finish();
}

criterion_group!(benches, invoke_endpoint);
criterion_main!(benches);
