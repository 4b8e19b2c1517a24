//! The async client runtime that every revision's `Client` uses: it
//! serializes the input, signs the request with SigV4 (`aws-sigv4`), sends it
//! through the configured [`Transport`], retries what may succeed on a second
//! try, and reads the output or the service error. It sleeps and keeps time
//! through [`rt`], so it runs on any async runtime. Hand-written; not generated.

pub mod compression;
pub mod config;
pub mod credentials;
pub mod error;
#[cfg(feature = "aws-config")]
pub mod interop;
pub mod jmespath;
pub mod rt;
mod signing;
pub mod transport;
pub mod waiter;

pub use compression::RequestCompression;
pub use config::{Config, ConfigBuilder, ConfigError, CredentialsSource, RetryPolicy};
pub use credentials::{Credentials, CredentialsError, ProvideCredentials};
pub use error::{Error, ErrorCode, ServiceError};
pub use rt::{AsyncSleep, SystemClock, TimeSource};
#[cfg(feature = "rustls")]
pub use transport::HttpTransport;
#[cfg(feature = "test-util")]
pub use transport::InMemoryTransport;
pub use transport::{HttpRequest, HttpResponse, Transport, TransportError, TransportFuture};
pub use waiter::{Waiter, WaiterError};

use crate::{from_slice, to_vec, Operation, ResponseMetadata};
use futures_util::stream::{self, BoxStream, StreamExt};
use std::collections::HashSet;
use std::sync::Arc;
use std::time::{Duration, SystemTime};

/// The service facts a revision's client signs and addresses requests with.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct Service {
    /// `X-Amz-Target: <target_prefix>.<Operation>`.
    pub target_prefix: &'static str,
    /// The SigV4 signing name.
    pub signing_name: &'static str,
    /// `https://<endpoint_prefix>.<region>.amazonaws.com`.
    pub endpoint_prefix: &'static str,
    /// The service's part of `AWS_ENDPOINT_URL_<SERVICE>`: its SDK id in
    /// upper case, spaces as underscores (`SAGEMAKER`, `SECRETS_MANAGER`).
    pub endpoint_env_name: &'static str,
    /// The service's API version, for the `User-Agent` header.
    pub api_version: &'static str,
    /// Error codes the model marks `@retryable`: retried like transient errors.
    pub retryable_errors: &'static [&'static str],
    /// Error codes the model marks `@retryable(throttling: true)`.
    pub throttling_errors: &'static [&'static str],
}

/// The DNS suffix of a region's partition: `amazonaws.com.cn` for China, the ISO
/// partitions' own, `amazonaws.com` elsewhere (GovCloud included).
pub fn dns_suffix(region: &str) -> &'static str {
    if region.starts_with("cn-") {
        "amazonaws.com.cn"
    } else if region.starts_with("us-isob-") {
        "sc2s.sgov.gov"
    } else if region.starts_with("us-isof-") {
        "csp.hci.ic.gov"
    } else if region.starts_with("eu-isoe-") {
        "cloud.adc-e.uk"
    } else if region.starts_with("us-iso-") {
        "c2s.ic.gov"
    } else {
        "amazonaws.com"
    }
}

/// The DNS suffix of a region's partition for dual-stack (IPv4 and IPv6)
/// endpoints: `api.amazonwebservices.com.cn` for China, `api.aws` elsewhere.
pub fn dual_stack_dns_suffix(region: &str) -> &'static str {
    if region.starts_with("cn-") {
        "api.amazonwebservices.com.cn"
    } else {
        "api.aws"
    }
}

/// The service's endpoint in a region: `https://<prefix>.<region>.<suffix>`;
/// FIPS endpoints put `-fips` after the prefix's first label
/// (`api-fips.sagemaker.us-east-1.amazonaws.com`); dual-stack endpoints use the
/// dual-stack suffix.
pub fn default_endpoint(prefix: &str, region: &str, fips: bool, dual_stack: bool) -> String {
    let prefix = match (fips, prefix.split_once('.')) {
        (false, _) => prefix.to_owned(),
        (true, Some((first, rest))) => format!("{first}-fips.{rest}"),
        (true, None) => format!("{prefix}-fips"),
    };
    let suffix = if dual_stack { dual_stack_dns_suffix(region) } else { dns_suffix(region) };
    format!("https://{prefix}.{region}.{suffix}")
}

/// The request URL (`<endpoint>/`) and the `host` header, spelled as they are
/// signed and sent: the host in lower case, and the scheme's default port
/// (`:443`, `:80`) left out of both. `None` for an endpoint without a scheme.
pub(crate) fn normalize_endpoint(endpoint: &str) -> (String, Option<String>) {
    let Some((scheme, rest)) = endpoint.split_once("://") else { return (format!("{endpoint}/"), None) };
    let scheme = scheme.to_ascii_lowercase();
    let (authority, path) = rest.split_once('/').map_or((rest, ""), |(a, p)| (a, p));
    let mut host = authority.to_ascii_lowercase();
    let default_port = match scheme.as_str() {
        "https" => Some(":443"),
        "http" => Some(":80"),
        _ => None,
    };
    if let Some(port) = default_port.filter(|port| host.ends_with(port)) {
        host.truncate(host.len() - port.len());
    }
    let path = path.trim_end_matches('/');
    let url = if path.is_empty() { format!("{scheme}://{host}/") } else { format!("{scheme}://{host}/{path}/") };
    (url, Some(host))
}

/// A configured connection to the service, cheap to clone.
#[derive(Debug, Clone)]
pub struct Handle {
    config: Arc<Config>,
    service: Service,
    /// `<endpoint>/`, worked out once.
    url: Arc<str>,
    /// The `host` header, or `None` for an endpoint without a scheme.
    host: Option<Arc<str>>,
    /// The retry quota every clone of this handle shares.
    quota: Arc<RetryQuota>,
    /// The `User-Agent` header.
    user_agent: Arc<str>,
    /// The SigV4 signing key of the day, shared by clones.
    signing_keys: Arc<signing::SigningKeyCache>,
}

/// The standard retry mode's token bucket: a retry costs 5 tokens (10 after a
/// timeout), a success refunds what its retries cost or, without retries, adds 1.
/// With the bucket empty, failures are not retried, so an outage does not
/// multiply the load on the service.
#[derive(Debug)]
pub struct RetryQuota {
    tokens: std::sync::Mutex<u32>,
}

impl RetryQuota {
    /// The bucket's size.
    pub const CAPACITY: u32 = 500;
    /// What a retry costs.
    pub const RETRY_COST: u32 = 5;
    /// What a retry after a timeout costs.
    pub const TIMEOUT_RETRY_COST: u32 = 10;

    fn full() -> Self {
        RetryQuota { tokens: std::sync::Mutex::new(Self::CAPACITY) }
    }

    /// Takes `cost` tokens, or says there are not enough.
    fn acquire(&self, cost: u32) -> bool {
        let mut tokens = self.tokens.lock().unwrap_or_else(std::sync::PoisonError::into_inner);
        if *tokens < cost {
            return false;
        }
        *tokens -= cost;
        true
    }

    fn release(&self, amount: u32) {
        let mut tokens = self.tokens.lock().unwrap_or_else(std::sync::PoisonError::into_inner);
        *tokens = (*tokens + amount).min(Self::CAPACITY);
    }

    /// The tokens left.
    pub fn available(&self) -> u32 {
        *self.tokens.lock().unwrap_or_else(std::sync::PoisonError::into_inner)
    }
}

impl Handle {
    /// A handle for `service` with `config`.
    pub fn new(config: Config, service: Service) -> Self {
        let endpoint = match config.endpoint_url.clone().or_else(|| config.env.endpoint_url(service.endpoint_env_name))
        {
            Some(url) => url,
            None => default_endpoint(service.endpoint_prefix, &config.region, config.use_fips, config.use_dual_stack),
        };
        let user_agent = config.user_agent.clone().unwrap_or_else(|| {
            format!(
                "awsjson-runtime-rust/{} os/{} api/{}#{}",
                env!("CARGO_PKG_VERSION"),
                std::env::consts::OS,
                service.signing_name,
                service.api_version
            )
        });
        let (url, host) = normalize_endpoint(&endpoint);
        Handle {
            user_agent: Arc::from(user_agent),
            config: Arc::new(config),
            service,
            url: Arc::from(url),
            host: host.map(Arc::from),
            quota: Arc::new(RetryQuota::full()),
            signing_keys: Arc::default(),
        }
    }

    /// The configuration.
    pub fn config(&self) -> &Config {
        &self.config
    }

    /// The retry quota this handle and its clones share.
    pub fn retry_quota(&self) -> &RetryQuota {
        &self.quota
    }

    /// The endpoint requests go to.
    pub fn endpoint(&self) -> &str {
        self.url.trim_end_matches('/')
    }

    /// The signed request for an operation with an already serialized body, as
    /// it would be sent at `time` with `credentials`.
    pub fn signed_request(
        &self,
        operation: &str,
        body: Vec<u8>,
        credentials: &Credentials,
        time: SystemTime,
    ) -> Result<HttpRequest, Error> {
        self.sign(RequestParts { operation, host_prefix: None, body, gzip: false }, credentials, time)
    }

    /// The request of one call, as its first attempt would be signed at `time`:
    /// the operation's host prefix applied and the body compressed as the model
    /// and the configuration ask.
    pub fn signed_request_for<O: Operation>(
        &self,
        input: &O::Input,
        credentials: &Credentials,
        time: SystemTime,
    ) -> Result<HttpRequest, Error> {
        let parts = self.request_parts::<O>(input)?;
        let OwnedRequestParts { operation, host_prefix, body, gzip } = parts;
        self.sign(RequestParts { operation, host_prefix: host_prefix.as_deref(), body, gzip }, credentials, time)
    }

    /// What every attempt of one call sends: the host prefix, checked once,
    /// and the body, serialized and compressed once.
    fn request_parts<O: Operation>(&self, input: &O::Input) -> Result<OwnedRequestParts, Error> {
        let host_prefix = if self.config.inject_host_prefix { O::host_prefix(input)? } else { None };
        let mut body = to_vec(input);
        let compression = self.config.request_compression;
        let gzip = O::REQUEST_COMPRESSION && compression.applies_to(body.len());
        if gzip {
            body = compression::gzip(&body);
        }
        Ok(OwnedRequestParts { operation: O::NAME, host_prefix, body, gzip })
    }

    fn sign(&self, parts: RequestParts<'_>, credentials: &Credentials, time: SystemTime) -> Result<HttpRequest, Error> {
        let RequestParts { operation, host_prefix, body, gzip } = parts;
        let url = &*self.url;
        let host =
            self.host.as_deref().map(str::to_owned).ok_or_else(|| {
                Error::Transport(TransportError::InvalidRequest(format!("endpoint {url} has no scheme")))
            })?;
        let (url, host) = match (host_prefix, url.split_once("://")) {
            (Some(prefix), Some((scheme, rest))) => (format!("{scheme}://{prefix}{rest}"), format!("{prefix}{host}")),
            _ => (url.to_owned(), host),
        };
        let mut headers = vec![
            ("host".into(), host),
            ("content-type".into(), "application/x-amz-json-1.1".into()),
            ("x-amz-target".into(), format!("{}.{operation}", self.service.target_prefix)),
            ("user-agent".into(), self.user_agent.to_string()),
        ];
        if gzip {
            headers.push(("content-encoding".into(), "gzip".into()));
        }
        let mut request = HttpRequest { method: "POST".into(), url, headers, body };
        signing::sign(
            &mut request,
            credentials,
            &self.config.region,
            self.service.signing_name,
            time,
            &self.signing_keys,
        )
        .map_err(Error::Signing)?;
        Ok(request)
    }

    /// Calls an operation: sign, send, retry, read. With an operation timeout,
    /// the whole call (every attempt and wait) must end within it.
    pub async fn call<O: Operation>(&self, input: &O::Input) -> Result<O::Output, Error> {
        match self.config.operation_timeout {
            None => self.call_with_retries::<O>(input).await,
            Some(limit) => rt::timeout(&*self.config.sleep, limit, self.call_with_retries::<O>(input))
                .await
                .unwrap_or(Err(Error::OperationTimeout(limit))),
        }
    }

    async fn call_with_retries<O: Operation>(&self, input: &O::Input) -> Result<O::Output, Error> {
        let parts = self.request_parts::<O>(input)?;
        let retry = self.config.retry;
        let mut attempt = 1;
        let mut spent = 0;
        loop {
            let outcome = self.attempt::<O>(parts.borrowed()).await;
            match outcome {
                Ok(output) => {
                    self.quota.release(if spent == 0 { 1 } else { spent });
                    return Ok(output);
                }
                Err(e) if attempt < retry.max_attempts && is_retryable(&e, &self.service) => {
                    let timed_out =
                        matches!(e, Error::Transport(TransportError::Timeout(_) | TransportError::ConnectTimeout(_)));
                    let cost = if timed_out { RetryQuota::TIMEOUT_RETRY_COST } else { RetryQuota::RETRY_COST };
                    if !self.quota.acquire(cost) {
                        return Err(e);
                    }
                    spent += cost;
                    self.config.sleep.sleep(retry_delay(&retry, attempt, &e)).await;
                    attempt += 1;
                }
                Err(e) => return Err(e),
            }
        }
    }

    async fn attempt<O: Operation>(&self, parts: RequestParts<'_>) -> Result<O::Output, Error> {
        let credentials = self.config.credentials.get().await.map_err(Error::Credentials)?;
        let request = self.sign(parts, &credentials, self.config.time.now())?;
        let timeout = self.config.timeout;
        let response = match rt::timeout(&*self.config.sleep, timeout, self.config.transport.send(request)).await {
            Some(result) => result.map_err(Error::Transport)?,
            None => return Err(Error::Transport(TransportError::Timeout(timeout))),
        };
        read_response::<O>(&response)
    }
}

/// One attempt's request before it is signed.
struct RequestParts<'a> {
    operation: &'a str,
    host_prefix: Option<&'a str>,
    body: Vec<u8>,
    gzip: bool,
}

/// What every attempt of a call shares.
struct OwnedRequestParts {
    operation: &'static str,
    host_prefix: Option<String>,
    body: Vec<u8>,
    gzip: bool,
}

impl OwnedRequestParts {
    /// The parts of one more attempt (the body is copied, since signing takes it).
    fn borrowed(&self) -> RequestParts<'_> {
        RequestParts {
            operation: self.operation,
            host_prefix: self.host_prefix.as_deref(),
            body: self.body.clone(),
            gzip: self.gzip,
        }
    }
}

/// Reads a response as the operation's output, or as a service error. A
/// success must be JSON (or carry no `Content-Type`); an empty body reads as `{}`.
pub fn read_response<O: Operation>(response: &HttpResponse) -> Result<O::Output, Error> {
    if !(200..300).contains(&response.status) {
        return Err(Error::Service(Box::new(ServiceError::from_response(response))));
    }
    if let Some(content_type) = response.header("content-type") {
        let media = content_type.split(';').next().unwrap_or_default().trim().to_ascii_lowercase();
        let json = media.is_empty()
            || media == "application/x-amz-json-1.1"
            || media == "application/x-amz-json-1.0"
            || media == "application/json"
            || media.ends_with("+json");
        if !json {
            return Err(Error::UnexpectedContentType { status: response.status, content_type: media });
        }
    }
    let empty = response.body.iter().all(u8::is_ascii_whitespace);
    let body: &[u8] = if empty { b"{}" } else { &response.body };
    let mut output =
        from_slice::<O::Output>(body).map_err(|error| Error::Deserialize { status: response.status, error })?;
    output.set_request_id(request_id(response));
    Ok(output)
}

/// The request id the service gave a response (`x-amzn-RequestId`).
pub(crate) fn request_id(response: &HttpResponse) -> Option<String> {
    response.header("x-amzn-requestid").or_else(|| response.header("x-amz-request-id")).map(str::to_owned)
}

/// Standard retry mode: transient transport failures, throttling and transient
/// codes, 429, among 5xx only 500, 502, 503 and 504, and the errors the
/// model marks `@retryable`.
fn is_retryable(error: &Error, service: &Service) -> bool {
    match error {
        Error::Transport(e) => e.is_transient(),
        Error::Service(e) => {
            let code = e.code.as_str();
            matches!(e.status, 429 | 500 | 502 | 503 | 504)
                || e.code.is_throttling()
                || e.code.is_transient()
                || service.retryable_errors.contains(&code)
                || service.throttling_errors.contains(&code)
        }
        _ => false,
    }
}

/// The wait before the next attempt: what the service asked for (no longer than
/// the policy's longest backoff), else the backoff.
fn retry_delay(policy: &RetryPolicy, attempt: u32, error: &Error) -> Duration {
    match error {
        Error::Service(e) if e.retry_after.is_some() => e.retry_after.unwrap_or_default().min(policy.max_delay),
        _ => backoff(policy, attempt),
    }
}

/// Exponential backoff with full jitter: a random delay up to
/// `base * 2^(attempt - 1)`, capped.
fn backoff(policy: &RetryPolicy, attempt: u32) -> Duration {
    let exp = policy.base_delay.saturating_mul(1u32 << attempt.saturating_sub(1).min(20)).min(policy.max_delay);
    let nanos = u64::try_from(exp.as_nanos()).unwrap_or(u64::MAX);
    if nanos == 0 {
        return Duration::ZERO;
    }
    Duration::from_nanos(random_u64() % (nanos + 1))
}

fn random_u64() -> u64 {
    use std::sync::atomic::{AtomicU64, Ordering};
    static STATE: AtomicU64 = AtomicU64::new(0);
    let seed = SystemTime::now().duration_since(SystemTime::UNIX_EPOCH).map_or(0, |d| d.as_nanos() as u64);
    let mut x = STATE.fetch_add(0x9E37_79B9_7F4A_7C15, Ordering::Relaxed) ^ seed;
    x ^= x << 13;
    x ^= x >> 7;
    x ^= x << 17;
    x
}

/// A stream of pages or items, or the error that ended it.
pub type PageStream<T> = BoxStream<'static, Result<T, Error>>;

/// An operation whose results arrive in pages.
pub trait Paginated: Operation {
    /// One item of a page.
    type Item: Send + 'static;
    /// The token for the next page, if any.
    fn next_token(output: &Self::Output) -> Option<&str>;
    /// The input for the page after `token`.
    fn with_token(input: &Self::Input, token: String) -> Self::Input;
    /// The page's items.
    fn items(output: Self::Output) -> Vec<Self::Item>;
}

/// The pages of a paginated call, in order. Ends after the last page (no
/// token), when a token repeats, or after the first error. Boxed, so it can be
/// polled with `StreamExt::next` directly.
pub fn pages<O>(handle: Handle, input: O::Input) -> BoxStream<'static, Result<O::Output, Error>>
where
    O: Paginated + 'static,
    O::Input: Send + Sync + 'static,
    O::Output: Send + 'static,
{
    let state = (handle, Some(input), HashSet::<String>::new());
    stream::unfold(state, |(handle, input, mut seen)| async move {
        let input = input?;
        match handle.call::<O>(&input).await {
            Ok(output) => {
                let next = match O::next_token(&output) {
                    Some(token) if !token.is_empty() && seen.insert(token.to_owned()) => {
                        Some(O::with_token(&input, token.to_owned()))
                    }
                    _ => None,
                };
                Some((Ok(output), (handle, next, seen)))
            }
            Err(e) => Some((Err(e), (handle, None, seen))),
        }
    })
    .boxed()
}

/// The items of every page of a paginated call.
pub fn items<O>(handle: Handle, input: O::Input) -> BoxStream<'static, Result<O::Item, Error>>
where
    O: Paginated + 'static,
    O::Input: Send + Sync + 'static,
    O::Output: Send + 'static,
{
    pages::<O>(handle, input)
        .flat_map(|page| {
            let items: Vec<Result<O::Item, Error>> = match page {
                Ok(output) => O::items(output).into_iter().map(Ok).collect(),
                Err(e) => vec![Err(e)],
            };
            stream::iter(items)
        })
        .boxed()
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn endpoints_follow_the_partition_and_are_signed_as_sent() {
        assert_eq!(dns_suffix("cn-north-1"), "amazonaws.com.cn");
        assert_eq!(
            default_endpoint("api.sagemaker", "us-gov-west-1", true, false),
            "https://api-fips.sagemaker.us-gov-west-1.amazonaws.com"
        );
        assert_eq!(
            default_endpoint("api.sagemaker", "eu-west-1", false, true),
            "https://api.sagemaker.eu-west-1.api.aws"
        );
        assert_eq!(
            default_endpoint("api.sagemaker", "cn-north-1", false, true),
            "https://api.sagemaker.cn-north-1.api.amazonwebservices.com.cn"
        );
        assert_eq!(default_endpoint("sts", "us-east-1", true, true), "https://sts-fips.us-east-1.api.aws");
        assert_eq!(dns_suffix("us-gov-west-1"), "amazonaws.com");
        assert_eq!(dns_suffix("us-iso-east-1"), "c2s.ic.gov");
        assert_eq!(dns_suffix("us-isob-east-1"), "sc2s.sgov.gov");
        assert_eq!(
            normalize_endpoint("HTTP://LocalHost:80"),
            ("http://localhost/".to_owned(), Some("localhost".to_owned()))
        );
        assert_eq!(
            normalize_endpoint("https://API.example.com:443/base/"),
            ("https://api.example.com/base/".to_owned(), Some("api.example.com".to_owned()))
        );
        assert_eq!(
            normalize_endpoint("http://127.0.0.1:5000"),
            ("http://127.0.0.1:5000/".to_owned(), Some("127.0.0.1:5000".to_owned()))
        );
        assert_eq!(normalize_endpoint("localhost:5000"), ("localhost:5000/".to_owned(), None));
    }

    #[test]
    fn backoff_grows_and_stays_under_the_cap() {
        let policy = RetryPolicy {
            max_attempts: 5,
            base_delay: Duration::from_millis(100),
            max_delay: Duration::from_millis(300),
        };
        for _ in 0..100 {
            assert!(backoff(&policy, 1) <= Duration::from_millis(100));
            assert!(backoff(&policy, 4) <= Duration::from_millis(300));
        }
    }
}
