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
    println!("probe: every check passed");
}

fn sensitive_members_are_redacted() {
    use secrets_manager::GetSecretValueResponse;
    let output: GetSecretValueResponse =
        secrets_manager::runtime::from_slice(br#"{"Name":"db","SecretString":"hunter2"}"#).unwrap();
    let shown = format!("{output:?}");
    assert!(shown.contains("\"db\"") && !shown.contains("hunter2"), "{shown}");
    assert!(shown.contains("Sensitive Data Redacted"), "{shown}");
}

fn idempotency_tokens_are_filled() {
    let input = secrets_manager::CreateSecretRequest::builder().name("db").build().unwrap();
    let token = input.client_request_token.clone().expect("a token filled by build()");
    assert_eq!(token.len(), 36, "{token}");
    let body = secrets_manager::runtime::to_string(&input);
    assert!(body.contains(&format!("\"ClientRequestToken\":\"{token}\"")), "{body}");
    let given = secrets_manager::CreateSecretRequest::builder().name("db").client_request_token("mine").build().unwrap();
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
    let association: redshift_serverless::Association = redshift_serverless::runtime::from_slice(
        br#"{"customDomainCertificateExpiryTime":"2024-02-28T12:30:45Z","workgroupName":"wg"}"#,
    )
    .unwrap();
    let time = association.custom_domain_certificate_expiry_time.unwrap();
    assert_eq!(time, redshift_serverless::runtime::Timestamp::from_secs(1_709_123_445));
    let written = redshift_serverless::runtime::to_string(&association);
    assert!(written.contains("\"customDomainCertificateExpiryTime\":\"2024-02-28T12:30:45Z\""), "{written}");
    let wrong = redshift_serverless::runtime::from_slice::<redshift_serverless::Association>(
        br#"{"customDomainCertificateExpiryTime":1709123445}"#,
    );
    assert!(wrong.is_err(), "epoch seconds where the model says date-time must not pass");
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
    let output: secrets_manager::ValidateResourcePolicyResponse =
        secrets_manager::runtime::from_slice(b"{}").unwrap();
    assert_eq!(output.policy_validation_passed, Some(false));
}

fn retryable_errors_come_from_the_model() {
    assert!(identitystore::THROTTLING_ERRORS.contains(&"ThrottlingException"), "{:?}", identitystore::THROTTLING_ERRORS);
    assert_eq!(secrets_manager::TARGET_PREFIX, "secretsmanager");
    assert_eq!(acm::TARGET_PREFIX, "CertificateManager");
    assert_eq!(secrets_manager::ENDPOINT_ENV_NAME, "SECRETS_MANAGER");
}
