//! Run by `tests/generate.rs` inside a scratch workspace that holds the crates
//! generated from the five shared models: checks, through their public API,
//! what the generator promises for the traits those models use. Exits non-zero
//! (a panic) on the first broken promise.

fn main() {
    sensitive_members_are_redacted();
    idempotency_tokens_are_filled();
    unions_keep_unknown_members_and_documents_any_json();
    date_time_timestamps_use_their_format();
    sparse_lists_keep_nulls();
    defaults_fill_omitted_response_members();
    retryable_errors_come_from_the_model();
    waiters_poll_until_an_acceptor_decides();
    rest_json_requests_and_responses_use_their_bindings();
    aws_json_1_0_pages_follow_map_tokens();
    println!("probe: every check passed");
}

fn sensitive_members_are_redacted() {
    use secretsmanager::GetSecretValueResponse;
    let output: GetSecretValueResponse =
        secretsmanager::runtime::from_slice(br#"{"Name":"db","SecretString":"hunter2"}"#).unwrap();
    let shown = format!("{output:?}");
    assert!(shown.contains("\"db\"") && !shown.contains("hunter2"), "{shown}");
    assert!(shown.contains("Sensitive Data Redacted"), "{shown}");
}

fn idempotency_tokens_are_filled() {
    let input = secretsmanager::CreateSecretRequest::builder().name("db").build().unwrap();
    let token = input.client_request_token.clone().expect("a token filled by build()");
    assert_eq!(token.len(), 36, "{token}");
    let body = secretsmanager::runtime::to_string(&input);
    assert!(body.contains(&format!("\"ClientRequestToken\":\"{token}\"")), "{body}");
    let given = secretsmanager::CreateSecretRequest::builder().name("db").client_request_token("mine").build().unwrap();
    assert_eq!(given.client_request_token.as_deref(), Some("mine"));
}

fn unions_keep_unknown_members_and_documents_any_json() {
    use identitystore::AlternateIdentifier;
    let known: AlternateIdentifier =
        identitystore::runtime::from_slice(br#"{"ExternalId":{"Issuer":"idp","Id":"42"}}"#).unwrap();
    assert!(matches!(known, AlternateIdentifier::ExternalId(_)), "{known:?}");
    let unknown: AlternateIdentifier = identitystore::runtime::from_slice(br#"{"NewKind":{"x":1}}"#).unwrap();
    assert_eq!(unknown.member_name(), "NewKind");
    let path = br#"{"UniqueAttribute":{"AttributePath":"emails.value","AttributeValue":{"any":[1,2.5,null,"x"]}}}"#;
    let with_document: AlternateIdentifier = identitystore::runtime::from_slice(path).unwrap();
    let written = identitystore::runtime::to_string(&with_document);
    assert_eq!(written.as_bytes(), &path[..], "a document keeps any JSON");
}

fn date_time_timestamps_use_their_format() {
    let association: redshiftserverless::Association = redshiftserverless::runtime::from_slice(
        br#"{"customDomainCertificateExpiryTime":"2024-02-28T12:30:45Z","workgroupName":"wg"}"#,
    )
    .unwrap();
    let time = association.custom_domain_certificate_expiry_time.unwrap();
    assert_eq!(time, redshiftserverless::runtime::Timestamp::from_secs(1_709_123_445));
    let written = redshiftserverless::runtime::to_string(&association);
    assert!(written.contains("\"customDomainCertificateExpiryTime\":\"2024-02-28T12:30:45Z\""), "{written}");
    // Reading is lenient, as the Smithy protocol tests ask: any timestamp form reads.
    let lenient = redshiftserverless::runtime::from_slice::<redshiftserverless::Association>(
        br#"{"customDomainCertificateExpiryTime":1709123445}"#,
    )
    .unwrap();
    assert_eq!(lenient.custom_domain_certificate_expiry_time, Some(time));
    let junk = redshiftserverless::runtime::from_slice::<redshiftserverless::Association>(
        br#"{"customDomainCertificateExpiryTime":"yesterday"}"#,
    );
    assert!(junk.is_err(), "text that is no timestamp must not pass");
}

fn sparse_lists_keep_nulls() {
    let input = support::DescribeTrustedAdvisorCheckRefreshStatusesRequest::builder()
        .check_ids(vec![Some("a".to_owned()), None])
        .build()
        .unwrap();
    assert_eq!(support::runtime::to_string(&input), r#"{"checkIds":["a",null]}"#);
    let read: support::DescribeTrustedAdvisorCheckRefreshStatusesRequest =
        support::runtime::from_slice(br#"{"checkIds":[null,"b"]}"#).unwrap();
    assert_eq!(read.check_ids, vec![None, Some("b".to_owned())]);
}

fn defaults_fill_omitted_response_members() {
    let output: secretsmanager::ValidateResourcePolicyResponse =
        secretsmanager::runtime::from_slice(b"{}").unwrap();
    assert_eq!(output.policy_validation_passed, Some(false));
}

fn retryable_errors_come_from_the_model() {
    assert!(identitystore::THROTTLING_ERRORS.contains(&"ThrottlingException"), "{:?}", identitystore::THROTTLING_ERRORS);
    assert_eq!(secretsmanager::TARGET_PREFIX, "secretsmanager");
    assert_eq!(acm::TARGET_PREFIX, "CertificateManager");
    assert_eq!(secretsmanager::ENDPOINT_ENV_NAME, "SECRETS_MANAGER");
}

/// A clock that only the recording sleep moves.
#[derive(Debug, Clone)]
struct ManualClock(std::sync::Arc<std::sync::Mutex<std::time::SystemTime>>);

impl acm::runtime::client::TimeSource for ManualClock {
    fn now(&self) -> std::time::SystemTime {
        *self.0.lock().unwrap()
    }
}

/// A sleep that returns at once, records what it was asked for, and moves the
/// clock on by it when the sleep is a waiter's delay (an attempt's timeout is
/// never slept through here: the in-memory transport answers first).
#[derive(Debug)]
struct RecordingSleep(std::sync::Arc<std::sync::Mutex<Vec<std::time::Duration>>>, ManualClock);

impl acm::runtime::client::AsyncSleep for RecordingSleep {
    fn sleep(&self, duration: std::time::Duration) -> acm::runtime::client::rt::Sleep {
        self.0.lock().unwrap().push(duration);
        let clock = self.1.clone();
        Box::pin(async move {
            *clock.0.lock().unwrap() += duration;
        })
    }
}

/// Drives a future whose every part is ready when polled (in-memory transport, recording sleep).
fn block_on<F: std::future::Future>(future: F) -> F::Output {
    let waker = std::task::Waker::noop();
    let mut cx = std::task::Context::from_waker(waker);
    let mut future = std::pin::pin!(future);
    loop {
        if let std::task::Poll::Ready(output) = future.as_mut().poll(&mut cx) {
            return output;
        }
    }
}

fn acm_client(answers: Vec<(u16, &'static str)>) -> (acm::Client, std::sync::Arc<std::sync::Mutex<Vec<std::time::Duration>>>) {
    use acm::runtime::client::{Config, Credentials, HttpResponse, InMemoryTransport};
    let answers = std::sync::Mutex::new(answers.into_iter());
    let transport = InMemoryTransport::new(move |request| {
        assert_eq!(request.header("x-amz-target"), Some("CertificateManager.DescribeCertificate"));
        let (status, body) = answers.lock().unwrap().next().expect("no more answers");
        Ok(HttpResponse { status, headers: vec![], body: body.as_bytes().to_vec() })
    });
    let clock = ManualClock(std::sync::Arc::new(std::sync::Mutex::new(std::time::SystemTime::now())));
    let sleep = RecordingSleep(Default::default(), clock.clone());
    let delays = std::sync::Arc::clone(&sleep.0);
    let config = Config::builder()
        .env(acm::runtime::client::credentials::Env::from_vars([("AWS_EC2_METADATA_DISABLED", "true")]))
        .region("us-east-1")
        .credentials(Credentials::new("A", "S", None))
        .transport(transport)
        .timeout(std::time::Duration::from_secs(7))
        .sleep(sleep)
        .time_source(clock)
        .build()
        .unwrap();
    (acm::Client::new(config), delays)
}

fn waiters_poll_until_an_acceptor_decides() {
    use acm::runtime::client::WaiterError;
    let input = || acm::DescribeCertificateRequest::builder().certificate_arn("arn:cert").build().unwrap();
    let pending = r#"{"Certificate":{"Status":"PENDING_VALIDATION","DomainValidationOptions":[{"DomainName":"a","ValidationStatus":"SUCCESS"},{"DomainName":"b","ValidationStatus":"PENDING_VALIDATION"}]}}"#;
    let done = r#"{"Certificate":{"Status":"ISSUED","DomainValidationOptions":[{"DomainName":"a","ValidationStatus":"SUCCESS"},{"DomainName":"b","ValidationStatus":"SUCCESS"}]}}"#;
    let failed = r#"{"Certificate":{"Status":"FAILED","DomainValidationOptions":[]}}"#;
    let hour = std::time::Duration::from_secs(3600);

    let (client, delays) = acm_client(vec![(200, pending), (200, pending), (200, done)]);
    let output = block_on(client.wait_until_certificate_validated(input(), hour)).unwrap();
    assert_eq!(output.certificate.unwrap().status.unwrap().as_str(), "ISSUED");
    // The sleep also sees each attempt's 7 s timeout; the rest are the waiter's delays.
    let delays: Vec<_> = delays.lock().unwrap().iter().copied().filter(|d| d.as_secs() != 7).collect();
    assert_eq!(delays.len(), 2, "two retries: {delays:?}");
    assert!(delays.iter().all(|d| d.as_secs() >= 60 && d.as_secs() <= 120), "minDelay 60 s: {delays:?}");

    let (client, _) = acm_client(vec![(200, failed)]);
    let e = block_on(client.wait_until_certificate_validated(input(), hour)).unwrap_err();
    assert!(matches!(e, WaiterError::Failure { .. }), "{e}");

    let (client, _) = acm_client(vec![(400, r#"{"__type":"ResourceNotFoundException","message":"no"}"#)]);
    let e = block_on(client.wait_until_certificate_validated(input(), hour)).unwrap_err();
    assert!(matches!(e, WaiterError::Failure { .. }), "errorType acceptor: {e}");

    let (client, _) = acm_client(vec![(200, pending), (200, pending)]);
    let e = block_on(client.wait_until_certificate_validated(input(), std::time::Duration::from_secs(100))).unwrap_err();
    assert!(matches!(e, WaiterError::Timeout { .. }), "max_wait: {e}");
}

/// Lambda (restJson1): `Invoke` puts its function name in the path, its
/// qualifier in the query, its invocation type in a header and its payload
/// as the body; the answer's status code, headers and payload come back.
fn rest_json_requests_and_responses_use_their_bindings() {
    use lambda::runtime::client::{Config, Credentials, HttpResponse, InMemoryTransport};
    let transport = std::sync::Arc::new(InMemoryTransport::new(|_| {
        Ok(HttpResponse {
            status: 200,
            headers: vec![
                ("x-amz-function-error".into(), "Unhandled".into()),
                ("x-amz-executed-version".into(), "3".into()),
                ("content-type".into(), "application/json".into()),
            ],
            body: br#"{"errorMessage":"boom"}"#.to_vec(),
        })
    }));
    let config = Config::builder()
        .env(lambda::runtime::client::credentials::Env::from_vars([("AWS_EC2_METADATA_DISABLED", "true")]))
        .region("eu-west-1")
        .credentials(Credentials::new("A", "S", None))
        .shared_transport(transport.clone())
        .sleep(no_sleep())
        .build()
        .unwrap();
    let client = lambda::Client::new(config);
    let input = lambda::InvocationRequest::builder()
        .function_name("my function")
        .qualifier("prod")
        .invocation_type(lambda::InvocationType::RequestResponse)
        .payload(lambda::runtime::Blob::new(br#"{"x":1}"#.to_vec()))
        .build()
        .unwrap();
    let output = block_on(client.invoke(input)).unwrap();
    assert_eq!(output.status_code, Some(200));
    assert_eq!(output.function_error.as_deref(), Some("Unhandled"));
    assert_eq!(output.executed_version.as_deref(), Some("3"));
    assert_eq!(output.payload.as_ref().map(|p| p.as_bytes()), Some(&br#"{"errorMessage":"boom"}"#[..]));
    let sent = transport.requests();
    let request = &sent[0];
    assert_eq!(request.method, "POST");
    assert_eq!(
        request.url,
        "https://lambda.eu-west-1.amazonaws.com/2015-03-31/functions/my%20function/invocations?Qualifier=prod"
    );
    assert_eq!(request.header("x-amz-invocation-type"), Some("RequestResponse"));
    assert_eq!(request.header("content-type"), Some("application/octet-stream"));
    assert_eq!(request.body, br#"{"x":1}"#);
    assert!(request.header("authorization").is_some_and(|a| a.contains("/eu-west-1/lambda/aws4_request")));
}

/// DynamoDB (awsJson 1.0): the 1.0 media type and target, and a paginator
/// whose tokens are maps (`LastEvaluatedKey` → `ExclusiveStartKey`).
fn aws_json_1_0_pages_follow_map_tokens() {
    use dynamodb::runtime::client::{Config, Credentials, HttpResponse, InMemoryTransport};
    let answers = std::sync::Mutex::new(
        vec![
            r#"{"Items":[{"id":{"S":"1"}}],"Count":1,"LastEvaluatedKey":{"id":{"S":"1"}}}"#,
            r#"{"Items":[{"id":{"S":"2"}}],"Count":1}"#,
        ]
        .into_iter(),
    );
    let transport = std::sync::Arc::new(InMemoryTransport::new(move |_| {
        let body = answers.lock().unwrap().next().expect("two pages");
        Ok(HttpResponse { status: 200, headers: vec![], body: body.as_bytes().to_vec() })
    }));
    let config = Config::builder()
        .env(dynamodb::runtime::client::credentials::Env::from_vars([("AWS_EC2_METADATA_DISABLED", "true")]))
        .region("us-east-1")
        .credentials(Credentials::new("A", "S", None))
        .shared_transport(transport.clone())
        .sleep(no_sleep())
        .build()
        .unwrap();
    let client = dynamodb::Client::new(config);
    let input = dynamodb::ScanInput::builder().table_name("t").build().unwrap();
    let mut items = client.scan_items(input);
    let mut ids = Vec::new();
    while let Some(item) = block_on(futures_util::StreamExt::next(&mut items)) {
        match item.unwrap().get("id") {
            Some(dynamodb::AttributeValue::S(id)) => ids.push(id.clone()),
            other => panic!("{other:?}"),
        }
    }
    assert_eq!(ids, ["1", "2"]);
    let sent = transport.requests();
    assert_eq!(sent.len(), 2);
    assert_eq!(sent[0].header("content-type"), Some("application/x-amz-json-1.0"));
    assert_eq!(sent[0].header("x-amz-target"), Some("DynamoDB_20120810.Scan"));
    let second = String::from_utf8_lossy(&sent[1].body);
    assert!(second.contains(r#""ExclusiveStartKey":{"id":{"S":"1"}}"#), "{second}");
}

/// A sleep for clients without Tokio (the crates are built without
/// `rt-tokio`): these checks never wait, so it only records.
fn no_sleep() -> RecordingSleep {
    RecordingSleep(Default::default(), ManualClock(std::sync::Arc::new(std::sync::Mutex::new(std::time::SystemTime::now()))))
}
