//! HTTP messages as the protocols write and read them: a request with its
//! method, URL, headers and body, and a response with its status, headers and
//! body. The body is `Vec<u8>` when it is held whole, or a
//! [`ByteStream`](crate::ByteStream) on its way to or from the network.

use std::fmt;

/// A request. Its `Debug` output redacts the signature and the session token.
#[derive(Clone, PartialEq, Eq)]
pub struct HttpRequest<B = Vec<u8>> {
    /// The HTTP method.
    pub method: String,
    /// The full URL.
    pub url: String,
    /// Header names are lowercase.
    pub headers: Vec<(String, String)>,
    /// The body.
    pub body: B,
}

/// Headers whose values are secrets.
const SECRET_HEADERS: &[&str] = &["authorization", "x-amz-security-token"];

impl<B: BodyDebug> fmt::Debug for HttpRequest<B> {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        let headers: Vec<(&str, &str)> = self
            .headers
            .iter()
            .map(|(n, v)| {
                let secret = SECRET_HEADERS.iter().any(|s| n.eq_ignore_ascii_case(s));
                (n.as_str(), if secret { "** redacted **" } else { v.as_str() })
            })
            .collect();
        f.debug_struct("HttpRequest")
            .field("method", &self.method)
            .field("url", &self.url)
            .field("headers", &headers)
            .field("body", &self.body.shown())
            .finish()
    }
}

/// How a body shows in `Debug`: bytes as text, a stream as its kind.
pub trait BodyDebug {
    /// The body as `Debug` shows it.
    fn shown(&self) -> String;
}

impl BodyDebug for Vec<u8> {
    fn shown(&self) -> String {
        String::from_utf8_lossy(self).into_owned()
    }
}

impl BodyDebug for crate::ByteStream {
    fn shown(&self) -> String {
        match self.as_bytes() {
            Some(bytes) => String::from_utf8_lossy(bytes).into_owned(),
            None => format!("{self:?}"),
        }
    }
}

impl<B> HttpRequest<B> {
    /// The first value of a header (case-insensitive).
    pub fn header(&self, name: &str) -> Option<&str> {
        header(&self.headers, name)
    }

    /// The same request with another body.
    pub fn map_body<C>(self, f: impl FnOnce(B) -> C) -> HttpRequest<C> {
        HttpRequest { method: self.method, url: self.url, headers: self.headers, body: f(self.body) }
    }
}

/// A response as received.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct HttpResponse<B = Vec<u8>> {
    /// The HTTP status.
    pub status: u16,
    /// Header names are lowercase.
    pub headers: Vec<(String, String)>,
    /// The body.
    pub body: B,
}

impl<B> HttpResponse<B> {
    /// The first value of a header (case-insensitive).
    pub fn header(&self, name: &str) -> Option<&str> {
        header(&self.headers, name)
    }

    /// The same response with another body.
    pub fn map_body<C>(self, f: impl FnOnce(B) -> C) -> HttpResponse<C> {
        HttpResponse { status: self.status, headers: self.headers, body: f(self.body) }
    }

    /// Whether the status is a success (2xx).
    pub fn is_success(&self) -> bool {
        (200..300).contains(&self.status)
    }
}

impl From<HttpResponse> for HttpResponse<crate::ByteStream> {
    fn from(response: HttpResponse) -> Self {
        response.map_body(crate::ByteStream::from)
    }
}

/// Appends `bytes` percent-encoded: RFC 3986's unreserved characters stay,
/// `/` stays when `keep_slash`, every other byte becomes `%XX` (upper-case
/// hex), as SigV4 canonical requests and restJson1 URIs both want.
pub fn percent_encode_into(out: &mut String, bytes: &[u8], keep_slash: bool) {
    const HEX: &[u8; 16] = b"0123456789ABCDEF";
    for &byte in bytes {
        if byte.is_ascii_alphanumeric() || matches!(byte, b'-' | b'.' | b'_' | b'~') || (keep_slash && byte == b'/') {
            out.push(char::from(byte));
        } else {
            out.push('%');
            out.push(char::from(HEX[usize::from(byte >> 4)]));
            out.push(char::from(HEX[usize::from(byte & 0xf)]));
        }
    }
}

/// The first value of a header in a list of lowercase names (case-insensitive).
pub fn header<'h>(headers: &'h [(String, String)], name: &str) -> Option<&'h str> {
    headers.iter().find(|(n, _)| n.eq_ignore_ascii_case(name)).map(|(_, v)| v.as_str())
}

/// The request id the service gave a response (`x-amzn-RequestId`).
pub fn request_id<B>(response: &HttpResponse<B>) -> Option<String> {
    response.header("x-amzn-requestid").or_else(|| response.header("x-amz-request-id")).map(str::to_owned)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn debug_output_redacts_the_signature_and_the_session_token() {
        let request = HttpRequest {
            method: "POST".into(),
            url: "https://api.sagemaker.us-east-1.amazonaws.com/".into(),
            headers: vec![
                ("authorization".into(), "AWS4-HMAC-SHA256 Credential=AKID/…, Signature=abc123".into()),
                ("X-Amz-Security-Token".into(), "session-secret".into()),
                ("x-amz-target".into(), "SageMaker.ListPipelines".into()),
            ],
            body: b"{}".to_vec(),
        };
        let shown = format!("{request:?}");
        assert!(!shown.contains("abc123") && !shown.contains("session-secret"), "{shown}");
        assert!(shown.contains("SageMaker.ListPipelines") && shown.contains("redacted"), "{shown}");
    }
}
