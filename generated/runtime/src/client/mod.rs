//! The async client runtime that every service's `Client` uses: it asks the
//! operation for its request (each protocol writes its own), puts the
//! endpoint before it, signs it with SigV4, sends it through the configured
//! [`Transport`], retries what may succeed on a second try, and hands the
//! response to the operation to read. Everything between writing the request
//! and reading the response is one function shared by every operation. It
//! sleeps and keeps time through [`rt`], so it runs on any async runtime.
//! Hand-written; not generated.

pub mod compression;
pub mod config;
pub mod credentials;
pub mod endpoint;
pub mod error;
#[cfg(feature = "aws-config")]
pub mod interop;
pub mod jmespath;
pub mod rt;
mod signing;
pub mod transport;
pub mod waiter;

pub use crate::http::{HttpRequest, HttpResponse};
pub use crate::protocol::Protocol;
pub use compression::RequestCompression;
pub use config::{Config, ConfigBuilder, ConfigError, CredentialsSource, RetryPolicy};
pub use credentials::{Credentials, CredentialsError, ProvideCredentials};
pub(crate) use endpoint::normalize_endpoint;
pub use endpoint::{dns_suffix, dual_stack_dns_suffix, EndpointRules};
pub use error::{Error, ErrorCode, QueryError, ServiceError};
pub use rt::{AsyncSleep, SystemClock, TimeSource};
#[cfg(feature = "rustls")]
pub use transport::HttpTransport;
#[cfg(feature = "test-util")]
pub use transport::InMemoryTransport;
pub use transport::{Transport, TransportError, TransportFuture};
pub use waiter::{Waiter, WaiterError};

use crate::{ByteStream, Operation, OperationRequest, ResponseBody};
use futures_util::stream::{self, BoxStream, StreamExt};
use std::sync::Arc;
use std::time::{Duration, SystemTime};

/// The service facts a client signs and addresses requests with.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct Service {
    /// The wire protocol.
    pub protocol: Protocol,
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
    /// Marked `@awsQueryCompatible`: error responses carry an awsQuery code in
    /// `x-amzn-query-error`.
    pub query_compatible: bool,
    /// How the service's endpoint is found from the region
    /// (`aws.endpoints#…` traits), when none is configured.
    pub endpoints: EndpointRules,
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
    /// The region requests are signed for: the configured one, unless the
    /// service's endpoint rules give another (a global endpoint's).
    signing_region: Arc<str>,
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
        let (endpoint, signing_region) =
            match config.endpoint_url.clone().or_else(|| config.env.endpoint_url(service.endpoint_env_name)) {
                Some(url) => (url, config.region.clone()),
                None => {
                    let resolved = service.endpoints.resolve(
                        service.endpoint_prefix,
                        &config.region,
                        config.use_fips,
                        config.use_dual_stack,
                    );
                    (resolved.url, resolved.signing_region)
                }
            };
        let user_agent = config.user_agent.clone().unwrap_or_else(|| {
            format!(
                "aws-protocols-runtime-rust/{} os/{} api/{}#{}",
                env!("CARGO_PKG_VERSION"),
                std::env::consts::OS,
                service.signing_name,
                service.api_version
            )
        });
        let (url, host) = normalize_endpoint(&endpoint);
        Handle {
            signing_region: Arc::from(signing_region),
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

    /// The service facts.
    pub fn service(&self) -> &Service {
        &self.service
    }

    /// The retry quota this handle and its clones share.
    pub fn retry_quota(&self) -> &RetryQuota {
        &self.quota
    }

    /// The endpoint requests go to.
    pub fn endpoint(&self) -> &str {
        &self.url
    }

    /// The request of one call to `O`, as its first attempt would be signed at
    /// `time` with `credentials`: the protocol's request, the host prefix and
    /// the endpoint applied, the body compressed as the model and the
    /// configuration ask.
    pub fn signed_request_for<O: Operation>(
        &self,
        input: &O::Input,
        credentials: &Credentials,
        time: SystemTime,
    ) -> Result<HttpRequest<ByteStream>, Error> {
        let call = self.prepare::<O>(input)?;
        let payload = signing::payload_hash(&call.body).map_err(Error::Signing)?;
        let body = call.body.try_clone().unwrap_or_default();
        self.sign(&call, body, &payload, credentials, time)
    }

    /// What every attempt of a call to `O` sends: the operation's request,
    /// host prefix, and what its model asks of the body.
    fn prepare<O: Operation>(&self, input: &O::Input) -> Result<Call, Error> {
        let host_prefix = if self.config.inject_host_prefix { O::host_prefix(input)? } else { None };
        let request = O::serialize_request(input)?;
        let body = BodyRules { compression: O::REQUEST_COMPRESSION, checksum: O::CHECKSUM_REQUIRED };
        Ok(self.call_of(O::NAME, request, host_prefix, body, O::ResponseBody::WHOLE))
    }

    /// The call of an operation's request: the body compressed and its MD5
    /// added as the model and the configuration ask. One copy serves every
    /// operation.
    fn call_of(
        &self,
        operation: &'static str,
        request: OperationRequest,
        host_prefix: Option<String>,
        rules: BodyRules,
        whole_body: bool,
    ) -> Call {
        let OperationRequest { method, path, mut headers, body } = request;
        let compression = self.config.request_compression;
        let body = match body.as_bytes() {
            Some(bytes) if rules.compression && compression.applies_to(bytes.len()) => {
                let given = crate::http::header(&headers, "content-encoding").map(str::to_owned);
                headers.retain(|(n, _)| n != "content-encoding");
                let encoding = match given {
                    Some(given) => format!("{given}, gzip"),
                    None => "gzip".to_owned(),
                };
                headers.push(("content-encoding".to_owned(), encoding));
                ByteStream::from(compression::gzip(bytes))
            }
            _ => body,
        };
        if rules.checksum {
            if let Some(bytes) = body.as_bytes() {
                use md5::Digest;
                let digest = md5::Md5::digest(bytes);
                headers.push(("content-md5".to_owned(), crate::Blob::new(digest.to_vec()).to_base64()));
            }
        }
        Call { operation, method, path, headers, host_prefix, body, whole_body }
    }

    /// The signed request of one attempt.
    fn sign(
        &self,
        call: &Call,
        body: ByteStream,
        payload: &signing::PayloadHash,
        credentials: &Credentials,
        time: SystemTime,
    ) -> Result<HttpRequest<ByteStream>, Error> {
        let base = &*self.url;
        let host = self.host.as_deref().map(str::to_owned).ok_or_else(|| {
            Error::Transport(TransportError::InvalidRequest(format!("endpoint {base} has no scheme")))
        })?;
        let (url, host) = match (call.host_prefix.as_deref(), base.split_once("://")) {
            (Some(prefix), Some((scheme, rest))) => {
                (format!("{scheme}://{prefix}{rest}{}", call.path), format!("{prefix}{host}"))
            }
            _ => (format!("{base}{}", call.path), host),
        };
        let mut headers = Vec::with_capacity(call.headers.len() + 6);
        headers.push(("host".to_owned(), host));
        headers.extend(call.headers.iter().cloned());
        headers.push(("user-agent".to_owned(), self.user_agent.to_string()));
        if matches!(payload, signing::PayloadHash::Unsigned) {
            headers.push(("x-amz-content-sha256".to_owned(), signing::UNSIGNED_PAYLOAD.to_owned()));
        }
        let mut request = HttpRequest { method: call.method.to_owned(), url, headers, body };
        signing::sign(
            &mut request,
            payload,
            credentials,
            &self.signing_region,
            self.service.signing_name,
            time,
            &self.signing_keys,
        )
        .map_err(Error::Signing)?;
        Ok(request)
    }

    /// [`call`](Self::call) with `input` given by value, as a boxed future:
    /// what each generated client method returns, so that the generated crate
    /// holds no async state machine of its own.
    pub fn start<O: Operation>(&self, input: O::Input) -> CallFuture<'_, O::Output> {
        Box::pin(async move { self.call::<O>(&input).await })
    }

    /// Calls an operation: its protocol writes the request, the client
    /// signs, sends and retries it, and the protocol reads the response. With
    /// an operation timeout, the whole call (every attempt and wait) must end
    /// within it.
    pub async fn call<O: Operation>(&self, input: &O::Input) -> Result<O::Output, Error> {
        let call = self.prepare::<O>(input)?;
        let response = self.send(call).await?;
        let HttpResponse { status, headers, body } = response;
        let body =
            O::ResponseBody::receive(body).await.map_err(|e| Error::Transport(TransportError::Io(e.to_string())))?;
        O::deserialize_response(HttpResponse { status, headers, body }).map_err(Error::from)
    }

    /// Sends a prepared call with retries, under the operation timeout; the
    /// successful response's body is whole when the operation reads it whole.
    /// Boxed, so that the future of each operation's [`call`](Self::call)
    /// holds a pointer to this one, not its whole state: crates with many
    /// operations then lay out and compile one small future per operation.
    fn send(&self, call: Call) -> SendFuture<'_> {
        Box::pin(async move {
            match self.config.operation_timeout {
                None => self.send_with_retries(call).await,
                Some(limit) => rt::timeout(&*self.config.sleep, limit, self.send_with_retries(call))
                    .await
                    .unwrap_or(Err(Error::OperationTimeout(limit))),
            }
        })
    }

    async fn send_with_retries(&self, mut call: Call) -> Result<HttpResponse<ByteStream>, Error> {
        let payload = signing::payload_hash(&call.body).map_err(Error::Signing)?;
        let retry = self.config.retry;
        let mut attempt = 1;
        let mut spent = 0;
        loop {
            // A body that cannot be read twice goes with the first attempt, and
            // the call is not retried.
            let (body, replayable) = match call.body.try_clone() {
                Some(copy) => (copy, true),
                None => (std::mem::take(&mut call.body), false),
            };
            let outcome = self.attempt(&call, body, &payload).await;
            match outcome {
                Ok(response) => {
                    self.quota.release(if spent == 0 { 1 } else { spent });
                    return Ok(response);
                }
                Err(e) if replayable && attempt < retry.max_attempts && is_retryable(&e, &self.service) => {
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

    /// One attempt: sign, send, and read a whole body (an error's, or a
    /// success's that the operation reads whole) within the attempt's timeout.
    async fn attempt(
        &self,
        call: &Call,
        body: ByteStream,
        payload: &signing::PayloadHash,
    ) -> Result<HttpResponse<ByteStream>, Error> {
        let credentials = self.config.credentials.get().await.map_err(Error::Credentials)?;
        let request = self.sign(call, body, payload, &credentials, self.config.time.now())?;
        let timeout = self.config.timeout;
        let exchange = async {
            let response = self.config.transport.send(request).await.map_err(Error::Transport)?;
            let success = response.is_success();
            if success && !call.whole_body {
                return Ok(response);
            }
            let HttpResponse { status, headers, body } = response;
            let body = body.collect().await.map_err(|e| Error::Transport(TransportError::Io(e.to_string())))?;
            let whole = HttpResponse { status, headers, body: Vec::from(body) };
            if success {
                return Ok(whole.map_body(ByteStream::from));
            }
            let error = if self.service.query_compatible {
                ServiceError::from_query_compatible_response(&whole)
            } else {
                ServiceError::from_response(&whole)
            };
            Err(Error::Service(Box::new(error)))
        };
        match rt::timeout(&*self.config.sleep, timeout, exchange).await {
            Some(result) => result,
            None => Err(Error::Transport(TransportError::Timeout(timeout))),
        }
    }
}

/// The future of one call: what a generated client method returns. Await it.
pub type CallFuture<'a, T> = std::pin::Pin<Box<dyn std::future::Future<Output = Result<T, Error>> + Send + 'a>>;

/// The future of [`Handle::send`].
type SendFuture<'a> =
    std::pin::Pin<Box<dyn std::future::Future<Output = Result<HttpResponse<ByteStream>, Error>> + Send + 'a>>;

/// What an operation's model asks of its request body.
#[derive(Debug, Clone, Copy)]
struct BodyRules {
    /// `@requestCompression` with gzip.
    compression: bool,
    /// `@httpChecksumRequired`.
    checksum: bool,
}

/// One call, ready for its attempts.
struct Call {
    operation: &'static str,
    method: &'static str,
    path: String,
    headers: Vec<(String, String)>,
    host_prefix: Option<String>,
    body: ByteStream,
    whole_body: bool,
}

impl std::fmt::Debug for Call {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.debug_struct("Call").field("operation", &self.operation).field("path", &self.path).finish_non_exhaustive()
    }
}

/// Standard retry mode: transient transport failures, throttling and transient
/// codes, 429, among 5xx only 500, 502, 503 and 504, and the errors the
/// model marks `@retryable`.
fn is_retryable(error: &Error, service: &Service) -> bool {
    match error {
        Error::Transport(e) => e.is_transient(),
        Error::Service(e) => {
            let code = e.code.as_str();
            let query = e.query_error.as_ref().map(|q| ErrorCode::parse(&q.code));
            matches!(e.status, 429 | 500 | 502 | 503 | 504)
                || e.code.is_throttling()
                || e.code.is_transient()
                || query.as_ref().is_some_and(|q| q.is_throttling() || q.is_transient())
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
    /// The token that asks for the next page: a string, or for some services
    /// a map (DynamoDB's `LastEvaluatedKey`).
    type Token: PartialEq + Clone + Send + Sync + 'static;
    /// The token for the next page; `None` when there is none (absent or empty).
    fn next_token(output: &Self::Output) -> Option<Self::Token>;
    /// The input for the page after `token`.
    fn with_token(input: &Self::Input, token: Self::Token) -> Self::Input;
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
    let state = (handle, Some(input), Vec::<O::Token>::new());
    stream::unfold(state, |(handle, input, mut seen)| async move {
        let input = input?;
        match handle.call::<O>(&input).await {
            Ok(output) => {
                let next = match O::next_token(&output) {
                    Some(token) if !seen.contains(&token) => {
                        seen.push(token.clone());
                        Some(O::with_token(&input, token))
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
