//! The client against an in-memory transport: signing (pinned to botocore),
//! the wire format, errors, retries, timeouts and paginators.

use futures_util::StreamExt;
use sagemaker_api::runtime::client::{
    Config, Credentials, Error, ErrorCode, HttpRequest, HttpResponse, InMemoryTransport, RetryPolicy, Transport,
    TransportError, TransportFuture,
};
use sagemaker_api::v2024_02_28 as api;
use std::sync::atomic::{AtomicUsize, Ordering};
use std::sync::Arc;
use std::time::{Duration, SystemTime, UNIX_EPOCH};

fn config(transport: impl Transport + 'static) -> Config {
    Config::builder()
        .region("us-east-1")
        .credentials(Credentials::new("AKIDEXAMPLE", "wJalrXUtnFEMI/K7MDENG+bPxRfiCYEXAMPLEKEY", None))
        .retry(RetryPolicy {
            max_attempts: 3,
            base_delay: Duration::from_millis(1),
            max_delay: Duration::from_millis(5),
        })
        .transport(transport)
        .build()
        .unwrap()
}

fn ok(body: &str) -> Result<HttpResponse, TransportError> {
    Ok(HttpResponse { status: 200, headers: Vec::new(), body: body.as_bytes().to_vec() })
}

fn status(code: u16, body: &str) -> Result<HttpResponse, TransportError> {
    Ok(HttpResponse {
        status: code,
        headers: vec![("x-amzn-requestid".into(), "req-1".into())],
        body: body.as_bytes().to_vec(),
    })
}

/// botocore's SigV4Auth signed the same request (fixed keys, time 2024-02-28T12:00:00Z,
/// this body); its signatures are kept here as data.
#[test]
fn signatures_match_botocore() {
    let body = br#"{"TrainingJobName":"xgboost-1"}"#.to_vec();
    let time = UNIX_EPOCH + Duration::from_secs(1_709_121_600);
    let client = api::Client::new(config(InMemoryTransport::json("{}")));
    let keys = Credentials::new("AKIDEXAMPLE", "wJalrXUtnFEMI/K7MDENG+bPxRfiCYEXAMPLEKEY", None);
    let input: api::DescribeTrainingJobInput = sagemaker_api::runtime::from_slice(&body).unwrap();
    let request =
        client.handle().signed_request_for::<api::operations::DescribeTrainingJob>(&input, &keys, time).unwrap();
    assert_eq!(request.body.as_bytes(), Some(&body[..]));
    assert_eq!(request.url, "https://api.sagemaker.us-east-1.amazonaws.com/");
    assert_eq!(request.header("x-amz-date"), Some("20240228T120000Z"));
    assert_eq!(
        request.header("authorization"),
        Some(
            "AWS4-HMAC-SHA256 Credential=AKIDEXAMPLE/20240228/us-east-1/sagemaker/aws4_request, \
             SignedHeaders=content-type;host;x-amz-date;x-amz-target, \
             Signature=2ed6e14b6b64c6a176926fc7436489451fa2fdfb43ac54834f0f99cd73d8a931"
        )
    );
    let with_token =
        Credentials::new("AKIDEXAMPLE", "wJalrXUtnFEMI/K7MDENG+bPxRfiCYEXAMPLEKEY", Some("SESSIONTOKEN".into()));
    let request =
        client.handle().signed_request_for::<api::operations::DescribeTrainingJob>(&input, &with_token, time).unwrap();
    assert_eq!(request.header("x-amz-security-token"), Some("SESSIONTOKEN"));
    assert!(request.header("authorization").unwrap().ends_with(
        "SignedHeaders=content-type;host;x-amz-date;x-amz-security-token;x-amz-target, \
         Signature=00532ac076fcc0ed72d7dfd5932077b64f4917890f97b4178595acb579e9d8b7"
    ));
}

#[tokio::test]
async fn requests_use_the_awsjson_wire_format() {
    let transport = Arc::new(InMemoryTransport::new(|_| {
        ok(r#"{"PipelineArn":"arn:aws:sagemaker:us-east-1:1:pipeline/p","PipelineName":"p","CreationTime":1700000000}"#)
    }));
    let client = api::Client::new(
        Config::builder()
            .region("eu-west-1")
            .endpoint_url("http://127.0.0.1:1/")
            .credentials(Credentials::new("A", "S", None))
            .shared_transport(transport.clone())
            .build()
            .unwrap(),
    );
    let input = api::DescribePipelineInput::builder().pipeline_name("p").build().unwrap();
    let out = client.describe_pipeline(input).await.unwrap();
    assert_eq!(out.pipeline_name.as_deref(), Some("p"));
    assert_eq!(out.creation_time.unwrap().secs(), 1_700_000_000);
    let sent: Vec<HttpRequest> = transport.requests();
    assert_eq!(sent.len(), 1);
    let r = &sent[0];
    assert_eq!((r.method.as_str(), r.url.as_str()), ("POST", "http://127.0.0.1:1/"));
    assert_eq!(r.header("x-amz-target"), Some("SageMaker.DescribePipeline"));
    assert_eq!(r.header("content-type"), Some("application/x-amz-json-1.1"));
    assert!(r.header("authorization").unwrap().contains("/eu-west-1/sagemaker/aws4_request"));
    assert_eq!(r.body, br#"{"PipelineName":"p"}"#);
}

#[tokio::test]
async fn service_errors_are_matchable_and_4xx_is_not_retried() {
    let calls = Arc::new(AtomicUsize::new(0));
    let seen = calls.clone();
    let client = api::Client::new(config(InMemoryTransport::new(move |_| {
        seen.fetch_add(1, Ordering::SeqCst);
        status(400, r#"{"__type":"com.amazonaws.sagemaker#ResourceNotFound","message":"Pipeline p does not exist."}"#)
    })));
    let input = api::DescribePipelineInput::builder().pipeline_name("p").build().unwrap();
    let err = client.describe_pipeline(input).await.unwrap_err();
    let service = err.service_error().expect("a service error");
    assert_eq!(service.code, "ResourceNotFound");
    assert_eq!(service.message, "Pipeline p does not exist.");
    assert_eq!((service.status, service.request_id.as_deref()), (400, Some("req-1")));
    assert_eq!(calls.load(Ordering::SeqCst), 1);

    // The operation's own error enum, matched exhaustively over its model's errors.
    match err.operation_error::<api::operations::DescribePipeline>() {
        Some(api::operations::DescribePipelineError::ResourceNotFound(e)) => {
            assert_eq!(e.message.as_deref(), Some("Pipeline p does not exist."));
        }
        other => panic!("expected ResourceNotFound, got {other:?}"),
    }
    // A code neither the operation nor the service lists is no value of its enum.
    let client =
        api::Client::new(config(InMemoryTransport::new(|_| status(400, r#"{"__type":"ValidationException"}"#))));
    let input = api::DescribePipelineInput::builder().pipeline_name("p").build().unwrap();
    let err = client.describe_pipeline(input).await.unwrap_err();
    assert!(err.operation_error::<api::operations::DescribePipeline>().is_none());
    assert_eq!(err.code().map(ErrorCode::as_str), Some("ValidationException"));
}

#[tokio::test]
async fn throttling_and_5xx_are_retried_up_to_the_limit() {
    let calls = Arc::new(AtomicUsize::new(0));
    let seen = calls.clone();
    let client = api::Client::new(config(InMemoryTransport::new(move |_| match seen.fetch_add(1, Ordering::SeqCst) {
        0 => status(400, r#"{"__type":"ThrottlingException","message":"Rate exceeded"}"#),
        1 => status(503, "<html>Service Unavailable</html>"),
        _ => ok(r#"{"PipelineName":"p"}"#),
    })));
    let input = api::DescribePipelineInput::builder().pipeline_name("p").build().unwrap();
    assert!(client.describe_pipeline(input.clone()).await.is_ok());
    assert_eq!(calls.load(Ordering::SeqCst), 3);

    let calls = Arc::new(AtomicUsize::new(0));
    let seen = calls.clone();
    let client = api::Client::new(config(InMemoryTransport::new(move |_| {
        seen.fetch_add(1, Ordering::SeqCst);
        status(500, "<html><h1>Internal Server Error</h1></html>")
    })));
    let err = client.describe_pipeline(input).await.unwrap_err();
    assert_eq!(calls.load(Ordering::SeqCst), 3);
    let service = err.service_error().unwrap();
    assert_eq!(service.status, 500);
    assert!(service.message.contains("not JSON"), "{}", service.message);
}

#[tokio::test]
async fn responses_that_do_not_parse_name_the_json_path() {
    let client = api::Client::new(config(InMemoryTransport::json(r#"{"ResourceConfig":{"InstanceCount":"two"}}"#)));
    let input = api::DescribeTrainingJobInput::builder().training_job_name("j").build().unwrap();
    match client.describe_training_job(input).await.unwrap_err() {
        Error::Deserialize { status, error } => {
            assert_eq!(status, 200);
            assert_eq!(
                error.to_string(),
                "DescribeTrainingJobOutput.ResourceConfig.InstanceCount: expected integer, found string"
            );
        }
        other => panic!("expected a parse error, got {other}"),
    }
}

#[test]
fn a_request_missing_required_members_fails_before_it_is_sent() {
    let err: Error = api::CreatePipelineInput::builder().pipeline_name("p").build().unwrap_err().into();
    let Error::Build(build) = &err else { panic!("{err}") };
    assert!(build.missing_members().contains(&"RoleArn"), "{err}");
    // An idempotency token is never missing: the builder fills it.
    assert!(!build.missing_members().contains(&"ClientRequestToken"), "{err}");
}

/// A transport that never answers.
#[derive(Debug)]
struct Silent;

impl Transport for Silent {
    fn send(&self, _request: HttpRequest<sagemaker_api::runtime::ByteStream>) -> TransportFuture<'_> {
        Box::pin(std::future::pending())
    }
}

#[tokio::test]
async fn a_server_that_never_answers_times_out() {
    let client = api::Client::new(
        Config::builder()
            .region("us-east-1")
            .credentials(Credentials::new("A", "S", None))
            .timeout(Duration::from_millis(50))
            .retry(RetryPolicy {
                max_attempts: 2,
                base_delay: Duration::from_millis(1),
                max_delay: Duration::from_millis(1),
            })
            .transport(Silent)
            .build()
            .unwrap(),
    );
    let started = SystemTime::now();
    let input = api::DescribePipelineInput::builder().pipeline_name("p").build().unwrap();
    let err = client.describe_pipeline(input).await.unwrap_err();
    assert!(matches!(err, Error::Transport(TransportError::Timeout(d)) if d == Duration::from_millis(50)), "{err}");
    assert!(started.elapsed().unwrap() < Duration::from_secs(5));
}

#[tokio::test]
async fn paginators_follow_tokens_and_stop_on_a_repeated_one() {
    let transport = Arc::new(InMemoryTransport::new(|request| {
        let body = String::from_utf8_lossy(&request.body).into_owned();
        let page = |names: &[&str], token: Option<&str>| {
            let items: Vec<String> = names.iter().map(|n| format!(r#"{{"PipelineName":"{n}"}}"#)).collect();
            let token = token.map(|t| format!(r#","NextToken":"{t}""#)).unwrap_or_default();
            ok(&format!(r#"{{"PipelineSummaries":[{}]{token}}}"#, items.join(",")))
        };
        if body.contains("\"t2\"") {
            page(&["c"], Some("t1"))
        } else if body.contains("\"t1\"") {
            page(&["b"], Some("t2"))
        } else {
            page(&["a"], Some("t1"))
        }
    }));
    let client = api::Client::new(
        Config::builder()
            .region("us-east-1")
            .credentials(Credentials::new("A", "S", None))
            .shared_transport(transport.clone())
            .build()
            .unwrap(),
    );
    let names: Vec<String> = client
        .list_pipelines_items(api::ListPipelinesInput::builder().build())
        .map(|item| item.unwrap().pipeline_name.unwrap_or_default())
        .collect()
        .await;
    assert_eq!(names, ["a", "b", "c"]);
    assert_eq!(transport.requests().len(), 3, "the repeated token t1 must end the stream");
}

fn retrying_client(transport: Arc<InMemoryTransport>, attempts: u32, max_delay: Duration) -> api::Client {
    api::Client::new(
        Config::builder()
            .region("us-east-1")
            .credentials(Credentials::new("A", "S", None))
            .retry(RetryPolicy { max_attempts: attempts, base_delay: Duration::from_micros(10), max_delay })
            .shared_transport(transport)
            .build()
            .unwrap(),
    )
}

fn describe_pipeline() -> api::DescribePipelineInput {
    api::DescribePipelineInput::builder().pipeline_name("p").build().unwrap()
}

#[tokio::test]
async fn a_retry_waits_as_long_as_the_service_asks() {
    let calls = Arc::new(AtomicUsize::new(0));
    let seen = calls.clone();
    let transport = Arc::new(InMemoryTransport::new(move |_| {
        if seen.fetch_add(1, Ordering::SeqCst) == 0 {
            Ok(HttpResponse {
                status: 503,
                headers: vec![("x-amz-retry-after".into(), "300".into())],
                body: br#"{"__type":"ServiceUnavailable"}"#.to_vec(),
            })
        } else {
            ok("{}")
        }
    }));
    let client = retrying_client(transport, 3, Duration::from_secs(20));
    let started = std::time::Instant::now();
    client.describe_pipeline(describe_pipeline()).await.unwrap();
    assert!(started.elapsed() >= Duration::from_millis(300), "{:?}", started.elapsed());
    assert_eq!(calls.load(Ordering::SeqCst), 2);
}

#[tokio::test]
async fn only_500_502_503_and_504_are_retried_among_5xx() {
    for (code, expected_calls) in [(500, 2), (501, 1), (502, 2), (503, 2), (504, 2), (505, 1), (400, 1)] {
        let transport = Arc::new(InMemoryTransport::new(move |_| status(code, r#"{"__type":"Boom"}"#)));
        let client = retrying_client(transport.clone(), 2, Duration::from_millis(1));
        client.describe_pipeline(describe_pipeline()).await.unwrap_err();
        assert_eq!(transport.requests().len(), expected_calls, "status {code}");
    }
    let transport = Arc::new(InMemoryTransport::new(|_| status(400, r#"{"__type":"RequestTimeoutException"}"#)));
    retrying_client(transport.clone(), 2, Duration::from_millis(1))
        .describe_pipeline(describe_pipeline())
        .await
        .unwrap_err();
    assert_eq!(transport.requests().len(), 2, "transient codes are retried");
}

#[tokio::test]
async fn the_retry_quota_stops_retries_in_an_outage_and_refills_on_success() {
    let failing = Arc::new(std::sync::atomic::AtomicBool::new(true));
    let flag = failing.clone();
    let transport = Arc::new(InMemoryTransport::new(move |_| {
        if flag.load(Ordering::SeqCst) {
            status(500, r#"{"__type":"InternalFailure"}"#)
        } else {
            ok("{}")
        }
    }));
    let client = retrying_client(transport.clone(), 1000, Duration::from_micros(50));
    client.describe_pipeline(describe_pipeline()).await.unwrap_err();
    // 500 tokens at 5 a retry: the first attempt and 100 retries.
    assert_eq!(transport.requests().len(), 101);
    assert_eq!(client.handle().retry_quota().available(), 0);
    client.describe_pipeline(describe_pipeline()).await.unwrap_err();
    assert_eq!(transport.requests().len(), 102, "an empty quota allows no retry");
    failing.store(false, Ordering::SeqCst);
    client.describe_pipeline(describe_pipeline()).await.unwrap();
    assert_eq!(client.handle().retry_quota().available(), 1, "a success without retries adds a token");
}

#[tokio::test]
async fn idempotency_tokens_are_filled_once_and_sent_on_every_retry() {
    let input = api::DeletePipelineInput::builder().pipeline_name("p").build().unwrap();
    let token = input.client_request_token.clone();
    assert_eq!(token.len(), 36, "a UUID: {token}");
    assert_ne!(token, api::DeletePipelineInput::builder().pipeline_name("p").build().unwrap().client_request_token);
    let calls = Arc::new(AtomicUsize::new(0));
    let seen = calls.clone();
    let transport = Arc::new(InMemoryTransport::new(move |_| {
        if seen.fetch_add(1, Ordering::SeqCst) == 0 {
            status(503, r#"{"__type":"ServiceUnavailable"}"#)
        } else {
            ok("{}")
        }
    }));
    let client = retrying_client(transport.clone(), 3, Duration::from_millis(1));
    client.delete_pipeline(input).await.unwrap();
    let bodies: Vec<String> =
        transport.requests().iter().map(|r| String::from_utf8_lossy(&r.body).into_owned()).collect();
    assert_eq!(bodies.len(), 2);
    assert!(bodies.iter().all(|b| b.contains(&token)), "{bodies:?}");
}
