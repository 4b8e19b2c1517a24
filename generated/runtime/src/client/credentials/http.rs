//! How credential sources reach their servers (STS, the SSO portal, the
//! container endpoint, IMDS): through the client's own transport, with a
//! timeout from its sleep.

use super::CredentialsError;
use crate::client::rt::{AsyncSleep, TimeSource};
use crate::client::transport::{send_whole, HttpRequest, HttpResponse, Transport};
use std::sync::Arc;
use std::time::Duration;

/// The transport, sleep and clock a credential source uses.
#[derive(Debug, Clone)]
pub struct ProviderHttp {
    pub(crate) transport: Arc<dyn Transport>,
    pub(crate) sleep: Arc<dyn AsyncSleep>,
    pub(crate) time: Arc<dyn TimeSource>,
}

impl ProviderHttp {
    /// A context from a transport, a sleep and a clock.
    pub fn new(transport: Arc<dyn Transport>, sleep: Arc<dyn AsyncSleep>, time: Arc<dyn TimeSource>) -> Self {
        ProviderHttp { transport, sleep, time }
    }

    /// Sends `request`, failing after `timeout`. `source` names the source in errors.
    pub(crate) async fn send(
        &self,
        request: HttpRequest,
        timeout: Duration,
        source: &str,
    ) -> Result<HttpResponse, CredentialsError> {
        let url = request.url.clone();
        match crate::client::rt::timeout(&*self.sleep, timeout, send_whole(&*self.transport, request)).await {
            Some(Ok(response)) => Ok(response),
            Some(Err(e)) => Err(CredentialsError::new(format!("{source}: {url}: {e}"))),
            None => Err(CredentialsError::new(format!("{source}: {url} did not answer within {timeout:?}"))),
        }
    }
}

/// A request with a `host` header worked out from its URL.
pub(crate) fn request(method: &str, url: &str, headers: Vec<(String, String)>, body: Vec<u8>) -> HttpRequest {
    let (_, host) = crate::client::normalize_endpoint(url);
    let mut all = Vec::with_capacity(headers.len() + 1);
    if let Some(host) = host {
        all.push(("host".to_owned(), host));
    }
    all.extend(headers);
    HttpRequest { method: method.to_owned(), url: url.to_owned(), headers: all, body }
}

/// The body of an error response, shortened, for a message. Only for servers
/// whose error bodies hold no secrets (they answer errors, not credentials).
pub(crate) fn snippet(response: &HttpResponse) -> String {
    let text: String = String::from_utf8_lossy(&response.body).chars().take(200).collect();
    text.split_whitespace().collect::<Vec<_>>().join(" ")
}

/// Percent-encodes a query or form value (RFC 3986 unreserved characters kept).
pub(crate) fn encode(value: &str) -> String {
    let mut out = String::with_capacity(value.len());
    for byte in value.bytes() {
        if byte.is_ascii_alphanumeric() || matches!(byte, b'-' | b'_' | b'.' | b'~') {
            out.push(byte as char);
        } else {
            out.push_str(&format!("%{byte:02X}"));
        }
    }
    out
}
