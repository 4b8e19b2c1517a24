//! Every credential source of the default chain, against local servers on
//! 127.0.0.1 that the tests start and stop: a fake IMDSv2, a fake container
//! endpoint, a fake STS, a fake SSO portal, and a fake SageMaker that records
//! what the client signed with. Each test hands the client an environment of its
//! own (`Env::from_vars`), so no test reads the machine's `~/.aws` or reaches
//! any address other than loopback (IMDS is pointed at a local server or disabled).

use sagemaker_api::runtime::client::credentials::{CredentialsCache, DefaultChain, Env};
use sagemaker_api::runtime::client::{
    AsyncSleep, Config, ConfigError, Credentials, CredentialsError, Error, ProvideCredentials, TimeSource,
};
use sagemaker_api::v2024_02_28 as api;
use sagemaker_tests::{reply, LocalServer, Received, TempDir};
use std::sync::atomic::{AtomicU64, Ordering};
use std::sync::{Arc, Mutex};
use std::time::{Duration, SystemTime};

/// A fake SageMaker: answers ListPipelines with no pipelines and a request id.
fn sagemaker() -> LocalServer {
    LocalServer::start(|_| {
        (200, vec![("x-amzn-RequestId".into(), "req-local-1".into())], r#"{"PipelineSummaries":[]}"#.into())
    })
}

/// The access key id a request was signed with, and its credential scope.
fn signed_with(request: &Received) -> (String, String) {
    let authorization = request.header("authorization").expect("a signed request");
    let credential = authorization.split("Credential=").nth(1).unwrap().split(',').next().unwrap();
    let (key, scope) = credential.split_once('/').unwrap();
    (key.to_owned(), scope.to_owned())
}

/// Calls ListPipelines through `config` and gives the request the fake SageMaker saw.
async fn call(config: Config, sm: &LocalServer) -> Received {
    let before = sm.received().len();
    let output = api::Client::new(config)
        .list_pipelines(api::ListPipelinesInput::builder().build())
        .await
        .unwrap_or_else(|e| panic!("{e}"));
    assert_eq!(sagemaker_api::runtime::ResponseMetadata::request_id(&output), Some("req-local-1"));
    sm.received().into_iter().nth(before).expect("the call reached SageMaker")
}

fn env(vars: &[(&str, &str)], home: &TempDir) -> Env {
    let home = home.0.display().to_string();
    let mut all: Vec<(String, String)> = vars.iter().map(|(k, v)| (k.to_string(), v.to_string())).collect();
    all.push(("HOME".into(), home));
    Env::from_vars(all)
}

const EXPIRES: &str = "2100-01-01T00:00:00Z";

fn credentials_json(key: &str, token_key: &str) -> String {
    format!(
        r#"{{"Code":"Success","AccessKeyId":"{key}","SecretAccessKey":"secret-{key}","{token_key}":"token-{key}","Expiration":"{EXPIRES}"}}"#
    )
}

#[tokio::test]
async fn imds_v2_gives_the_role_credentials_and_the_region() {
    let imds = LocalServer::start(|r| match (r.method.as_str(), r.target.as_str()) {
        ("PUT", "/latest/api/token") if r.header("x-aws-ec2-metadata-token-ttl-seconds") == Some("21600") => {
            reply(200, "imds-session")
        }
        _ if r.header("x-aws-ec2-metadata-token") != Some("imds-session") => reply(401, ""),
        ("GET", "/latest/meta-data/iam/security-credentials/") => reply(200, "sagemaker-role\n"),
        ("GET", "/latest/meta-data/iam/security-credentials/sagemaker-role") => {
            reply(200, credentials_json("ASIAIMDS", "Token"))
        }
        ("GET", "/latest/meta-data/placement/region") => reply(200, "eu-central-1"),
        _ => reply(404, "not here"),
    });
    let sm = sagemaker();
    let home = TempDir::new("imds");
    let vars = env(&[("AWS_EC2_METADATA_SERVICE_ENDPOINT", &imds.endpoint)], &home);
    let config = Config::builder().env(vars.clone()).endpoint_url(&sm.endpoint).load().await.unwrap();
    assert_eq!(config.region(), "eu-central-1");
    let request = call(config, &sm).await;
    assert_eq!(signed_with(&request).0, "ASIAIMDS");
    assert!(signed_with(&request).1.contains("/eu-central-1/sagemaker/"), "{:?}", signed_with(&request));
    assert_eq!(request.header("x-amz-security-token"), Some("token-ASIAIMDS"));
    let methods: Vec<(String, String)> = imds.received().into_iter().map(|r| (r.method, r.target)).collect();
    assert_eq!(methods.first().map(|(m, t)| (m.as_str(), t.as_str())), Some(("PUT", "/latest/api/token")));

    // Without a region anywhere and IMDS disabled, the error says where a region may come from.
    let disabled = env(&[("AWS_EC2_METADATA_DISABLED", "true")], &home);
    let e = Config::builder().env(disabled).load().await.unwrap_err();
    assert_eq!(e, ConfigError::MissingRegion);
    assert!(e.to_string().contains("~/.aws/config"), "{e}");
}

#[tokio::test]
async fn the_container_endpoint_sends_the_token_from_its_file() {
    let container = LocalServer::start(|r| match r.header("authorization") {
        Some("Bearer pod-identity") if r.target == "/v1/credentials" => {
            reply(200, credentials_json("ASIACONTAINER", "Token"))
        }
        _ => reply(401, r#"{"message":"no token"}"#),
    });
    let sm = sagemaker();
    let home = TempDir::new("container");
    let token = home.write("token", "Bearer pod-identity\n");
    let full_uri = format!("{}/v1/credentials", container.endpoint);
    let vars = env(
        &[
            ("AWS_CONTAINER_CREDENTIALS_FULL_URI", &full_uri),
            ("AWS_CONTAINER_AUTHORIZATION_TOKEN_FILE", &token.display().to_string()),
            ("AWS_CONTAINER_AUTHORIZATION_TOKEN", "ignored: the file wins"),
        ],
        &home,
    );
    let config = Config::builder().env(vars).region("us-west-2").endpoint_url(&sm.endpoint).build().unwrap();
    let request = call(config, &sm).await;
    assert_eq!(signed_with(&request).0, "ASIACONTAINER");

    // Plain HTTP to anything but loopback or the ECS/EKS addresses is refused when the chain is chosen.
    let vars = env(&[("AWS_CONTAINER_CREDENTIALS_FULL_URI", "http://10.1.2.3/creds")], &home);
    let e = Config::builder().env(vars).region("us-west-2").build().unwrap_err().to_string();
    assert!(e.contains("plain HTTP is allowed only to loopback"), "{e}");
}

/// A fake STS: `AssumeRole` must be signed by `SOURCEKEY` for service `sts`;
/// `AssumeRoleWithWebIdentity` must carry the token and no signature.
fn sts() -> LocalServer {
    LocalServer::start(|r| {
        let form: Vec<(&str, &str)> = r.body.split('&').filter_map(|p| p.split_once('=')).collect();
        let get = |k: &str| form.iter().find(|(n, _)| *n == k).map(|(_, v)| *v);
        let answer = |action: &str, key: &str| {
            format!(
                "<{action}Response><{action}Result><Credentials><AccessKeyId>{key}</AccessKeyId>\
                 <SecretAccessKey>s-{key}</SecretAccessKey><SessionToken>t-{key}</SessionToken>\
                 <Expiration>{EXPIRES}</Expiration></Credentials></{action}Result></{action}Response>"
            )
        };
        match get("Action") {
            Some("AssumeRole") => {
                let signed = r.header("authorization").unwrap_or_default();
                if !signed.contains("Credential=SOURCEKEY/") || !signed.contains("/sts/aws4_request") {
                    return reply(
                        403,
                        "<ErrorResponse><Error><Code>SignatureDoesNotMatch</Code></Error></ErrorResponse>",
                    );
                }
                match get("RoleArn") {
                    Some("arn%3Aaws%3Aiam%3A%3A123456789012%3Arole%2Ftrainer") => {
                        reply(200, answer("AssumeRole", "ASIAROLE"))
                    }
                    _ => reply(
                        403,
                        "<ErrorResponse><Error><Code>AccessDenied</Code><Message>not trusted</Message></Error></ErrorResponse>",
                    ),
                }
            }
            Some("AssumeRoleWithWebIdentity") if r.header("authorization").is_none() => match get("WebIdentityToken") {
                Some("oidc-token") => reply(200, answer("AssumeRoleWithWebIdentity", "ASIAWEB")),
                _ => reply(400, "<ErrorResponse><Error><Code>InvalidIdentityToken</Code></Error></ErrorResponse>"),
            },
            _ => reply(400, "<ErrorResponse><Error><Code>InvalidAction</Code></Error></ErrorResponse>"),
        }
    })
}

#[tokio::test]
async fn a_profile_role_is_assumed_through_sts_with_its_source_profile() {
    let (sts, sm) = (sts(), sagemaker());
    let home = TempDir::new("assume-role");
    home.write(
        ".aws/config",
        "[profile trainer]\nrole_arn = arn:aws:iam::123456789012:role/trainer\nsource_profile = base\nregion = eu-west-1\n\n\
         [profile denied]\nrole_arn = arn:aws:iam::123456789012:role/other\nsource_profile = base\n\n\
         [profile loop-a]\nrole_arn = arn:aws:iam::1:role/a\nsource_profile = loop-b\n\n\
         [profile loop-b]\nrole_arn = arn:aws:iam::1:role/b\nsource_profile = loop-a\n",
    );
    home.write(".aws/credentials", "[base]\naws_access_key_id = SOURCEKEY\naws_secret_access_key = source-secret\n");
    let vars = env(&[("AWS_PROFILE", "trainer"), ("AWS_ENDPOINT_URL_STS", &sts.endpoint)], &home);
    let config = Config::builder().env(vars).endpoint_url(&sm.endpoint).build().unwrap();
    assert_eq!(config.region(), "eu-west-1");
    let request = call(config, &sm).await;
    assert_eq!(signed_with(&request).0, "ASIAROLE");
    assert_eq!(request.header("x-amz-security-token"), Some("t-ASIAROLE"));

    let vars = env(&[("AWS_PROFILE", "denied"), ("AWS_ENDPOINT_URL_STS", &sts.endpoint)], &home);
    let config = Config::builder().env(vars).region("eu-west-1").endpoint_url(&sm.endpoint).build().unwrap();
    let e = api::Client::new(config).list_pipelines(api::ListPipelinesInput::builder().build()).await.unwrap_err();
    assert!(matches!(e, Error::Credentials(_)), "{e}");
    assert!(e.to_string().contains("AccessDenied: not trusted"), "{e}");

    let vars = env(&[("AWS_PROFILE", "loop-a")], &home);
    let e = Config::builder().env(vars).region("eu-west-1").build().unwrap_err().to_string();
    assert!(e.contains("source_profile loops: loop-a -> loop-b -> loop-a"), "{e}");
}

#[tokio::test]
async fn web_identity_comes_from_the_environment_or_a_profile() {
    let (sts, sm) = (sts(), sagemaker());
    let home = TempDir::new("web-identity");
    let token = home.write("token", "oidc-token\n").display().to_string();
    let vars = env(
        &[
            ("AWS_WEB_IDENTITY_TOKEN_FILE", &token),
            ("AWS_ROLE_ARN", "arn:aws:iam::123456789012:role/ci"),
            ("AWS_ENDPOINT_URL_STS", &sts.endpoint),
        ],
        &home,
    );
    let config = Config::builder().env(vars).region("us-east-1").endpoint_url(&sm.endpoint).build().unwrap();
    assert_eq!(signed_with(&call(config, &sm).await).0, "ASIAWEB");

    home.write(
        ".aws/config",
        &format!("[default]\nrole_arn = arn:aws:iam::123456789012:role/ci\nweb_identity_token_file = {token}\n"),
    );
    let vars = env(&[("AWS_ENDPOINT_URL_STS", &sts.endpoint)], &home);
    let config = Config::builder().env(vars).region("us-east-1").endpoint_url(&sm.endpoint).build().unwrap();
    assert_eq!(signed_with(&call(config, &sm).await).0, "ASIAWEB");
    let body = sts.received().last().unwrap().body.clone();
    assert!(
        body.contains("Action=AssumeRoleWithWebIdentity") && body.contains("WebIdentityToken=oidc-token"),
        "{body}"
    );
}

#[tokio::test]
async fn sso_reads_the_login_token_cache_and_refuses_an_expired_token() {
    let portal = LocalServer::start(|r| {
        let query_ok = r.target == "/federation/credentials?account_id=123456789012&role_name=DataScientist";
        match (r.header("x-amz-sso_bearer_token"), query_ok) {
            (Some("valid-sso-token"), true) => reply(
                200,
                r#"{"roleCredentials":{"accessKeyId":"ASIASSO","secretAccessKey":"s","sessionToken":"t","expiration":4102444800000}}"#,
            ),
            _ => reply(401, r#"{"message":"Session token not found or invalid"}"#),
        }
    });
    let sm = sagemaker();
    let home = TempDir::new("sso");
    home.write(
        ".aws/config",
        "[profile studio]\nsso_session = corp\nsso_account_id = 123456789012\nsso_role_name = DataScientist\n\
         region = us-east-2\n\n[sso-session corp]\nsso_start_url = https://corp.awsapps.com/start\nsso_region = us-east-1\n",
    );
    // `aws sso login` names the cache file after the SHA-1 of the session name.
    let cache = ".aws/sso/cache/ee0bfd2552fbd840c02cc48b6e823320543c450f.json";
    let vars = env(&[("AWS_PROFILE", "studio"), ("AWS_ENDPOINT_URL_SSO", &portal.endpoint)], &home);

    home.write(cache, r#"{"accessToken":"expired-sso-token","expiresAt":"2020-01-01T00:00:00Z"}"#);
    let config = Config::builder().env(vars.clone()).endpoint_url(&sm.endpoint).build().unwrap();
    let e = api::Client::new(config).list_pipelines(api::ListPipelinesInput::builder().build()).await.unwrap_err();
    assert!(e.to_string().contains("expired") && e.to_string().contains("aws sso login --profile studio"), "{e}");

    home.write(cache, r#"{"accessToken":"valid-sso-token","expiresAt":"2100-01-01T00:00:00Z","region":"us-east-1"}"#);
    let config = Config::builder().env(vars).endpoint_url(&sm.endpoint).build().unwrap();
    assert_eq!(config.region(), "us-east-2");
    let request = call(config, &sm).await;
    assert_eq!(signed_with(&request).0, "ASIASSO");
}

#[cfg(unix)]
#[tokio::test]
async fn a_credential_process_profile_with_a_region_needs_no_aws_variable() {
    use std::os::unix::fs::PermissionsExt;
    let sm = sagemaker();
    let home = TempDir::new("process");
    let script = home.write(
        "creds.sh",
        "#!/bin/sh\necho '{\"Version\": 1, \"AccessKeyId\": \"AKIDPROCESS\", \"SecretAccessKey\": \"p-secret\"}'\n",
    );
    std::fs::set_permissions(&script, std::fs::Permissions::from_mode(0o755)).unwrap();
    let leaky = home.write("leaky.sh", "#!/bin/sh\necho SecretAccessKey=not-json-secret\n");
    std::fs::set_permissions(&leaky, std::fs::Permissions::from_mode(0o755)).unwrap();
    home.write(
        ".aws/config",
        &format!(
            "[default]\nregion = ap-south-1\ncredential_process = {}\n\n[profile leaky]\ncredential_process = {}\n",
            script.display(),
            leaky.display()
        ),
    );
    let config = Config::builder().env(env(&[], &home)).endpoint_url(&sm.endpoint).build().unwrap();
    assert_eq!(config.region(), "ap-south-1");
    let request = call(config, &sm).await;
    assert_eq!(signed_with(&request).0, "AKIDPROCESS");
    assert!(signed_with(&request).1.contains("/ap-south-1/"));

    let leaky = env(&[("AWS_PROFILE", "leaky")], &home);
    let config = Config::builder().env(leaky).region("ap-south-1").endpoint_url(&sm.endpoint).build().unwrap();
    let e = api::Client::new(config).list_pipelines(api::ListPipelinesInput::builder().build()).await.unwrap_err();
    assert!(e.to_string().contains("not JSON") && !e.to_string().contains("not-json-secret"), "{e}");
}

#[test]
fn the_chain_takes_the_first_configured_source_in_the_sdk_order() {
    let home = TempDir::new("chain");
    home.write(".aws/credentials", "[default]\naws_access_key_id = A\naws_secret_access_key = S\n");
    let http = || {
        sagemaker_api::runtime::client::credentials::ProviderHttp::new(
            Arc::new(sagemaker_api::runtime::client::InMemoryTransport::json("{}")),
            Arc::new(sagemaker_api::runtime::client::rt::TokioSleep),
            Arc::new(sagemaker_api::runtime::client::SystemClock),
        )
    };
    let chosen = |vars: &[(&str, &str)], home: &TempDir| {
        DefaultChain::new(&env(vars, home), &http()).map(|c| c.source_name().to_owned())
    };
    let web = [("AWS_WEB_IDENTITY_TOKEN_FILE", "/t"), ("AWS_ROLE_ARN", "arn:aws:iam::1:role/r")];
    let keys = [("AWS_ACCESS_KEY_ID", "K"), ("AWS_SECRET_ACCESS_KEY", "S")];
    assert_eq!(chosen(&[keys[0], keys[1], web[0], web[1]], &home).unwrap(), "environment");
    assert_eq!(chosen(&web, &home).unwrap(), "profile default");
    let empty = TempDir::new("chain-empty");
    assert_eq!(chosen(&web, &empty).unwrap(), "web identity");
    assert_eq!(
        chosen(&[("AWS_CONTAINER_CREDENTIALS_RELATIVE_URI", "/v2/creds")], &empty).unwrap(),
        "container endpoint"
    );
    assert_eq!(chosen(&[("AWS_EC2_METADATA_SERVICE_ENDPOINT", "http://127.0.0.1:9")], &empty).unwrap(), "IMDS");
    let e = chosen(&[("AWS_EC2_METADATA_DISABLED", "true")], &empty).unwrap_err();
    assert!(e.message().contains("no credentials"), "{e}");
    let e = chosen(&[("AWS_PROFILE", "missing"), ("AWS_EC2_METADATA_DISABLED", "true")], &home).unwrap_err();
    assert!(e.message().contains("AWS_PROFILE is missing"), "{e}");
    let e = chosen(&[("AWS_ACCESS_KEY_ID", "K")], &home).unwrap_err();
    assert!(e.message().contains("AWS_SECRET_ACCESS_KEY is not"), "{e}");
}

/// A clock the test moves by hand.
#[derive(Debug, Clone)]
struct ManualClock(Arc<Mutex<SystemTime>>);

impl ManualClock {
    fn advance(&self, by: Duration) {
        *self.0.lock().unwrap() += by;
    }
}

impl TimeSource for ManualClock {
    fn now(&self) -> SystemTime {
        *self.0.lock().unwrap()
    }
}

/// Hands out numbered credentials valid for 15 minutes from the clock's now;
/// while `gate` is closed, fetches wait.
#[derive(Debug)]
struct CountingProvider {
    clock: ManualClock,
    fetched: AtomicU64,
    gate: tokio::sync::Semaphore,
}

impl ProvideCredentials for CountingProvider {
    fn provide_credentials(&self) -> sagemaker_api::runtime::client::credentials::CredentialsFuture<'_> {
        Box::pin(async move {
            let _permit = self.gate.acquire().await.map_err(|_| CredentialsError::new("closed"))?;
            let n = self.fetched.fetch_add(1, Ordering::SeqCst) + 1;
            let expiry = self.clock.now() + Duration::from_secs(15 * 60);
            Ok(Credentials::new(format!("KEY{n}"), "s", Some("t".into())).with_expiry(Some(expiry)))
        })
    }
}

#[tokio::test(flavor = "multi_thread", worker_threads = 4)]
async fn credentials_are_refreshed_before_expiry_once_under_50_concurrent_calls() {
    let clock = ManualClock(Arc::new(Mutex::new(SystemTime::UNIX_EPOCH + Duration::from_secs(1_700_000_000))));
    let provider = Arc::new(CountingProvider {
        clock: clock.clone(),
        fetched: AtomicU64::new(0),
        gate: tokio::sync::Semaphore::new(50),
    });
    let cache = Arc::new(CredentialsCache::new(provider.clone(), Arc::new(clock.clone())));
    let keys = |results: Vec<Credentials>| {
        let mut keys: Vec<String> = results.iter().map(|c| c.access_key_id().to_owned()).collect();
        keys.dedup();
        keys
    };
    let many = |cache: Arc<CredentialsCache>| async move {
        let tasks: Vec<_> = (0..50)
            .map(|_| {
                tokio::spawn({
                    let cache = Arc::clone(&cache);
                    async move { cache.get().await.unwrap() }
                })
            })
            .collect();
        let mut results = Vec::new();
        for task in tasks {
            results.push(task.await.unwrap());
        }
        results
    };

    // First use: 50 callers, one fetch.
    assert_eq!(keys(many(Arc::clone(&cache)).await), ["KEY1"]);
    assert_eq!(provider.fetched.load(Ordering::SeqCst), 1);

    // Five minutes on, ten minutes left: fresh, no fetch.
    clock.advance(Duration::from_secs(5 * 60));
    assert_eq!(keys(many(Arc::clone(&cache)).await), ["KEY1"]);
    assert_eq!(cache.fetches(), 1);

    // Within five minutes of the expiry: one caller refreshes while the others
    // go on with the still-valid key, not waiting for the slow refresh.
    clock.advance(Duration::from_secs(6 * 60));
    provider.gate.forget_permits(50);
    let refresher = tokio::spawn({
        let cache = Arc::clone(&cache);
        async move { cache.get().await.unwrap() }
    });
    while cache.fetches() < 2 {
        tokio::task::yield_now().await;
    }
    let during = tokio::time::timeout(Duration::from_secs(5), many(Arc::clone(&cache))).await.expect("not blocked");
    assert_eq!(keys(during), ["KEY1"]);
    provider.gate.add_permits(50);
    assert_eq!(refresher.await.unwrap().access_key_id(), "KEY2");
    assert_eq!(keys(many(Arc::clone(&cache)).await), ["KEY2"]);
    assert_eq!(provider.fetched.load(Ordering::SeqCst), 2);

    // Past the expiry: 50 callers wait for one fetch.
    clock.advance(Duration::from_secs(20 * 60));
    assert_eq!(keys(many(Arc::clone(&cache)).await), ["KEY3"]);
    assert_eq!(provider.fetched.load(Ordering::SeqCst), 3);
}

/// A sleep on plain threads, for a client driven without Tokio.
#[derive(Debug)]
struct ThreadSleep;

impl AsyncSleep for ThreadSleep {
    fn sleep(&self, duration: Duration) -> sagemaker_api::runtime::client::rt::Sleep {
        let (done, waker) = (Arc::new(Mutex::new(false)), Arc::new(Mutex::new(None::<std::task::Waker>)));
        let (d, w) = (Arc::clone(&done), Arc::clone(&waker));
        std::thread::spawn(move || {
            std::thread::sleep(duration);
            *d.lock().unwrap() = true;
            if let Some(waker) = w.lock().unwrap().take() {
                waker.wake();
            }
        });
        Box::pin(std::future::poll_fn(move |cx| {
            *waker.lock().unwrap() = Some(cx.waker().clone());
            if *done.lock().unwrap() {
                std::task::Poll::Ready(())
            } else {
                std::task::Poll::Pending
            }
        }))
    }
}

/// Drives a future on this thread, parking between polls.
fn block_on<F: std::future::Future>(future: F) -> F::Output {
    struct Unpark(std::thread::Thread);
    impl std::task::Wake for Unpark {
        fn wake(self: Arc<Self>) {
            self.0.unpark();
        }
    }
    let waker = std::task::Waker::from(Arc::new(Unpark(std::thread::current())));
    let mut cx = std::task::Context::from_waker(&waker);
    let mut future = std::pin::pin!(future);
    loop {
        if let std::task::Poll::Ready(output) = future.as_mut().poll(&mut cx) {
            return output;
        }
        std::thread::park_timeout(Duration::from_millis(50));
    }
}

#[test]
fn the_client_runs_without_tokio_given_another_sleep() {
    let attempts = Arc::new(AtomicU64::new(0));
    let seen = Arc::clone(&attempts);
    let transport = sagemaker_api::runtime::client::InMemoryTransport::new(move |_| {
        let status = if seen.fetch_add(1, Ordering::SeqCst) == 0 { 503 } else { 200 };
        Ok(sagemaker_api::runtime::client::HttpResponse { status, headers: vec![], body: b"{}".to_vec() })
    });
    let config = Config::builder()
        .env(Env::from_vars([("AWS_EC2_METADATA_DISABLED", "true")]))
        .region("us-east-1")
        .credentials(Credentials::new("A", "S", None))
        .sleep(ThreadSleep)
        .retry(sagemaker_api::runtime::client::RetryPolicy {
            max_attempts: 2,
            base_delay: Duration::from_millis(10),
            max_delay: Duration::from_millis(20),
        })
        .transport(transport)
        .build()
        .unwrap();
    let client = api::Client::new(config);
    block_on(client.list_pipelines(api::ListPipelinesInput::builder().build())).unwrap();
    assert_eq!(attempts.load(Ordering::SeqCst), 2, "one retry, slept on a thread");
}

/// A transport that never answers.
#[derive(Debug)]
struct Silent;

impl sagemaker_api::runtime::client::Transport for Silent {
    fn send(
        &self,
        _: sagemaker_api::runtime::client::HttpRequest<sagemaker_api::runtime::ByteStream>,
    ) -> sagemaker_api::runtime::client::TransportFuture<'_> {
        Box::pin(std::future::pending())
    }
}

#[tokio::test]
async fn the_operation_timeout_spans_every_attempt_and_each_timeout_names_itself() {
    let build = |attempts: u32, operation: Option<Duration>| {
        let mut builder = Config::builder()
            .env(Env::from_vars([("AWS_EC2_METADATA_DISABLED", "true")]))
            .region("us-east-1")
            .credentials(Credentials::new("A", "S", None))
            .timeout(Duration::from_millis(100))
            .retry(sagemaker_api::runtime::client::RetryPolicy {
                max_attempts: attempts,
                base_delay: Duration::from_millis(1),
                max_delay: Duration::from_millis(1),
            })
            .transport(Silent);
        if let Some(limit) = operation {
            builder = builder.operation_timeout(limit);
        }
        api::Client::new(builder.build().unwrap())
    };
    let input = || api::ListPipelinesInput::builder().build();
    let started = std::time::Instant::now();
    let e = build(10, Some(Duration::from_millis(250))).list_pipelines(input()).await.unwrap_err();
    assert!(matches!(e, Error::OperationTimeout(d) if d == Duration::from_millis(250)), "{e}");
    assert!(e.to_string().contains("operation timeout"), "{e}");
    assert!(started.elapsed() < Duration::from_secs(2));
    let e = build(1, None).list_pipelines(input()).await.unwrap_err();
    assert!(e.to_string().contains("the attempt's timeout"), "{e}");
}

#[tokio::test]
async fn outputs_and_errors_carry_the_request_id_and_errors_their_raw_and_modelled_parts() {
    let transport = sagemaker_api::runtime::client::InMemoryTransport::new(|request| {
        let target = request.header("x-amz-target").unwrap_or_default();
        let (status, body) = if target.ends_with("DescribeCompilationJob") {
            (400, r#"{"__type":"ResourceNotFound","Message":"no job e2e"}"#)
        } else {
            (200, r#"{"PipelineSummaries":[]}"#)
        };
        Ok(sagemaker_api::runtime::client::HttpResponse {
            status,
            headers: vec![("x-amzn-requestid".into(), "req-42".into()), ("x-custom".into(), "kept".into())],
            body: body.as_bytes().to_vec(),
        })
    });
    let config = Config::builder()
        .env(Env::from_vars([("AWS_EC2_METADATA_DISABLED", "true")]))
        .region("us-east-1")
        .credentials(Credentials::new("A", "S", None))
        .transport(transport)
        .build()
        .unwrap();
    let client = api::Client::new(config);
    let output = client.list_pipelines(api::ListPipelinesInput::builder().build()).await.unwrap();
    assert_eq!(sagemaker_api::runtime::ResponseMetadata::request_id(&output), Some("req-42"));
    let input = api::DescribeCompilationJobInput::builder().compilation_job_name("e2e").build().unwrap();
    let e = client.describe_compilation_job(input).await.unwrap_err();
    let service = e.service_error().unwrap();
    assert_eq!(service.request_id.as_deref(), Some("req-42"));
    assert!(service.headers.contains(&("x-custom".to_owned(), "kept".to_owned())));
    assert!(String::from_utf8_lossy(&service.body).contains("no job e2e"));
    let modelled = service.modeled::<api::ResourceNotFound>().expect("the model's error shape");
    assert_eq!(modelled.message.as_deref(), Some("no job e2e"));
    assert!(service.modeled::<api::ResourceInUse>().is_none());
}

#[tokio::test]
async fn aws_ca_bundle_is_read_and_checked() {
    let home = TempDir::new("ca-bundle");
    let sm = sagemaker();
    let vars = |bundle: &str| {
        env(&[("AWS_CA_BUNDLE", bundle), ("AWS_ACCESS_KEY_ID", "A"), ("AWS_SECRET_ACCESS_KEY", "S")], &home)
    };
    let missing = home.0.join("missing.pem").display().to_string();
    let e = Config::builder().env(vars(&missing)).region("us-east-1").build().unwrap_err().to_string();
    assert!(e.contains("AWS_CA_BUNDLE") && e.contains("missing.pem"), "{e}");
    let junk = home.write("junk.pem", "not a certificate").display().to_string();
    let e = Config::builder().env(vars(&junk)).region("us-east-1").build().unwrap_err().to_string();
    assert!(e.contains("holds no certificate") || e.contains("not PEM"), "{e}");
    drop(sm);

    // A private root, as behind a corporate TLS proxy: trusted only through the bundle.
    let server = sagemaker_tests::TlsServer::start(&home).expect("TLS server (openssl and python3)");
    let ca = server.ca_pem.display().to_string();
    let trusting = Config::builder().env(vars(&ca)).region("us-east-1").endpoint_url(&server.endpoint).build().unwrap();
    let output = api::Client::new(trusting).list_pipelines(api::ListPipelinesInput::builder().build()).await;
    assert!(output.is_ok(), "{:?}", output.err().map(|e| e.to_string()));
    let plain = env(&[("AWS_ACCESS_KEY_ID", "A"), ("AWS_SECRET_ACCESS_KEY", "S")], &home);
    let untrusting = Config::builder()
        .env(plain)
        .region("us-east-1")
        .endpoint_url(&server.endpoint)
        .retry(sagemaker_api::runtime::client::RetryPolicy { max_attempts: 1, ..Default::default() })
        .build()
        .unwrap();
    let e = api::Client::new(untrusting).list_pipelines(api::ListPipelinesInput::builder().build()).await.unwrap_err();
    assert!(matches!(e, Error::Transport(_)), "{e}");
}

#[tokio::test]
async fn an_sdk_config_from_aws_config_is_reused() {
    use aws_credential_types::provider::SharedCredentialsProvider;
    let sm = sagemaker();
    let sdk = aws_types::SdkConfig::builder()
        .region(aws_types::region::Region::new("sa-east-1"))
        .credentials_provider(SharedCredentialsProvider::new(aws_credential_types::Credentials::new(
            "AKIDSDK",
            "sdk-secret",
            None,
            None,
            "test",
        )))
        .endpoint_url(&sm.endpoint)
        .build();
    let config = sagemaker_api::runtime::client::ConfigBuilder::from_sdk_config(&sdk)
        .env(Env::from_vars([("AWS_EC2_METADATA_DISABLED", "true")]))
        .build()
        .unwrap();
    assert_eq!(config.region(), "sa-east-1");
    let request = call(config, &sm).await;
    assert_eq!(signed_with(&request).0, "AKIDSDK");
    assert!(signed_with(&request).1.contains("/sa-east-1/"));
}
