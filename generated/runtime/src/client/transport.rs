//! The transport: how a signed request reaches the service. A real HTTP
//! transport (reqwest over rustls, trusting the platform's certificate store)
//! with the `rustls` feature, and an in-memory
//! one for tests with the `test-util` feature.

pub use crate::http::{HttpRequest, HttpResponse};
use crate::ByteStream;
use std::fmt;
use std::future::Future;
use std::pin::Pin;
use std::time::Duration;

/// Why a request did not produce a response.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum TransportError {
    /// No connection could be made (refused, DNS, TLS handshake).
    Connect(String),
    /// The client's overall timeout for one attempt fired.
    Timeout(Duration),
    /// Connecting took longer than the connect timeout.
    ConnectTimeout(Duration),
    /// The connection failed after the request was sent (reset, closed mid-body).
    Io(String),
    /// The request itself could not be built (a bad endpoint URL).
    InvalidRequest(String),
}

impl TransportError {
    /// Whether trying again may help.
    pub fn is_transient(&self) -> bool {
        !matches!(self, TransportError::InvalidRequest(_))
    }
}

impl fmt::Display for TransportError {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        match self {
            TransportError::Connect(m) => write!(f, "cannot connect: {m}"),
            TransportError::Timeout(d) => write!(f, "timed out after {d:?} (the attempt's timeout)"),
            TransportError::ConnectTimeout(d) => write!(f, "could not connect within {d:?} (the connect timeout)"),
            TransportError::Io(m) => write!(f, "connection failed: {m}"),
            TransportError::InvalidRequest(m) => write!(f, "invalid request: {m}"),
        }
    }
}

impl std::error::Error for TransportError {}

/// A boxed future, so that `Transport` can be a trait object.
pub type TransportFuture<'a> =
    Pin<Box<dyn Future<Output = Result<HttpResponse<ByteStream>, TransportError>> + Send + 'a>>;

/// Sends requests. Implement it to route the client through anything.
pub trait Transport: Send + Sync + fmt::Debug {
    /// Sends one request and gives the response as soon as its headers
    /// arrive; the body follows as a stream (the client reads it whole, or
    /// hands it to the caller for streaming operations).
    fn send(&self, request: HttpRequest<ByteStream>) -> TransportFuture<'_>;
}

/// Sends a request with a body in memory and reads the whole response.
pub async fn send_whole(transport: &dyn Transport, request: HttpRequest) -> Result<HttpResponse, TransportError> {
    let response = transport.send(request.map_body(ByteStream::from)).await?;
    let HttpResponse { status, headers, body } = response;
    let body = body.collect().await.map_err(|e| TransportError::Io(e.to_string()))?;
    Ok(HttpResponse { status, headers, body: Vec::from(body) })
}

/// The real transport: reqwest over rustls.
#[cfg(feature = "rustls")]
#[derive(Debug, Clone)]
pub struct HttpTransport {
    client: reqwest::Client,
    connect_timeout: Duration,
}

#[cfg(feature = "rustls")]
impl HttpTransport {
    /// A transport with a connect timeout (the attempt's timeout is the
    /// client's). It trusts the platform's certificate store and Mozilla's roots.
    pub fn new(connect_timeout: Duration) -> Result<Self, TransportError> {
        Self::with_ca_bundle(connect_timeout, None)
    }

    /// As [`new`](Self::new), also trusting the PEM certificates of
    /// `ca_bundle` (what `AWS_CA_BUNDLE` names: a corporate TLS proxy's root).
    pub fn with_ca_bundle(
        connect_timeout: Duration,
        ca_bundle: Option<&std::path::Path>,
    ) -> Result<Self, TransportError> {
        let mut builder = reqwest::Client::builder().connect_timeout(connect_timeout).use_rustls_tls();
        if let Some(path) = ca_bundle {
            let pem = std::fs::read(path).map_err(|e| {
                TransportError::InvalidRequest(format!("AWS_CA_BUNDLE {}: cannot read: {e}", path.display()))
            })?;
            let certificates = reqwest::Certificate::from_pem_bundle(&pem).map_err(|e| {
                TransportError::InvalidRequest(format!("AWS_CA_BUNDLE {}: not PEM certificates: {e}", path.display()))
            })?;
            if certificates.is_empty() {
                return Err(TransportError::InvalidRequest(format!(
                    "AWS_CA_BUNDLE {}: holds no certificate",
                    path.display()
                )));
            }
            for certificate in certificates {
                builder = builder.add_root_certificate(certificate);
            }
        }
        let client = builder.build().map_err(|e| TransportError::InvalidRequest(e.to_string()))?;
        Ok(HttpTransport { client, connect_timeout })
    }
}

#[cfg(feature = "rustls")]
impl Transport for HttpTransport {
    fn send(&self, request: HttpRequest<ByteStream>) -> TransportFuture<'_> {
        Box::pin(async move {
            let method = reqwest::Method::from_bytes(request.method.as_bytes())
                .map_err(|e| TransportError::InvalidRequest(e.to_string()))?;
            let mut builder = self.client.request(method, &request.url);
            for (name, value) in &request.headers {
                if name != "host" {
                    builder = builder.header(name.as_str(), value.as_str());
                }
            }
            let given_length = request.header("content-length").is_some();
            let body = request.body;
            let body = match body.as_bytes() {
                Some(bytes) => reqwest::Body::from(bytes.to_vec()),
                None => {
                    // A stream is sent with its length when it is known, not chunked.
                    if let Some(length) = body.content_length() {
                        if !given_length {
                            builder = builder.header("content-length", length);
                        }
                    }
                    reqwest::Body::wrap_stream(body)
                }
            };
            let response = builder.body(body).send().await.map_err(|e| classify(e, self.connect_timeout))?;
            let status = response.status().as_u16();
            let headers = response
                .headers()
                .iter()
                .map(|(n, v)| (n.as_str().to_ascii_lowercase(), String::from_utf8_lossy(v.as_bytes()).into_owned()))
                .collect();
            let length = response.content_length();
            let connect_timeout = self.connect_timeout;
            let chunks = futures_util::StreamExt::map(response.bytes_stream(), move |chunk| {
                chunk.map_err(|e| classify(e, connect_timeout))
            });
            Ok(HttpResponse { status, headers, body: ByteStream::from_stream(chunks, length) })
        })
    }
}

#[cfg(feature = "rustls")]
/// What a reqwest error means. reqwest enforces only the connect timeout (the
/// client enforces the attempt's), so its timeouts are connect timeouts.
fn classify(e: reqwest::Error, connect_timeout: Duration) -> TransportError {
    if e.is_timeout() {
        TransportError::ConnectTimeout(connect_timeout)
    } else if e.is_connect() {
        TransportError::Connect(e.to_string())
    } else if e.is_builder() {
        TransportError::InvalidRequest(e.to_string())
    } else {
        TransportError::Io(e.to_string())
    }
}

/// An in-memory transport for tests: answers from a function and records
/// every request it was given (unless told not to, for benchmarks and long runs).
#[cfg(feature = "test-util")]
pub struct InMemoryTransport {
    #[allow(clippy::type_complexity)]
    respond: Box<dyn Fn(&HttpRequest) -> Result<HttpResponse, TransportError> + Send + Sync>,
    requests: std::sync::Mutex<Vec<HttpRequest>>,
    record: bool,
}

#[cfg(feature = "test-util")]
impl InMemoryTransport {
    /// A transport that answers every request with `respond`.
    pub fn new(respond: impl Fn(&HttpRequest) -> Result<HttpResponse, TransportError> + Send + Sync + 'static) -> Self {
        InMemoryTransport { respond: Box::new(respond), requests: std::sync::Mutex::new(Vec::new()), record: true }
    }

    /// The same transport keeping no requests, so that memory stays flat over
    /// millions of calls; [`requests`](Self::requests) is then always empty.
    pub fn without_recording(mut self) -> Self {
        self.record = false;
        self
    }

    /// A transport that answers every request with status 200 and `body`.
    pub fn json(body: impl Into<Vec<u8>>) -> Self {
        let body = body.into();
        Self::new(move |_| Ok(HttpResponse { status: 200, headers: Vec::new(), body: body.clone() }))
    }

    /// Every request sent so far.
    pub fn requests(&self) -> Vec<HttpRequest> {
        self.requests.lock().map(|r| r.clone()).unwrap_or_default()
    }
}

#[cfg(feature = "test-util")]
impl fmt::Debug for InMemoryTransport {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.debug_struct("InMemoryTransport").finish_non_exhaustive()
    }
}

#[cfg(feature = "test-util")]
impl Transport for InMemoryTransport {
    fn send(&self, request: HttpRequest<ByteStream>) -> TransportFuture<'_> {
        Box::pin(async move {
            let HttpRequest { method, url, headers, body } = request;
            let body = body.collect().await.map_err(|e| TransportError::Io(e.to_string()))?;
            let request = HttpRequest { method, url, headers, body: Vec::from(body) };
            let response = (self.respond)(&request);
            if self.record {
                if let Ok(mut requests) = self.requests.lock() {
                    requests.push(request);
                }
            }
            response.map(HttpResponse::from)
        })
    }
}
