//! SigV4 signing of a request.
//!
//! The canonical request is written here directly (method, the path encoded
//! once more, the sorted query, the sorted headers, the payload's hash), with
//! the signing key derived once per day, region and service and kept. Requests
//! outside the shape it handles (a header named twice or in upper case, a
//! path with `.` or `..` segments or `//`, a query with `+`) go through
//! `aws-sigv4`, the AWS SDKs' own signer; a test checks that both give the
//! same headers over varied requests.

use super::credentials::Credentials;
use crate::http::{percent_encode_into, HttpRequest};
use crate::ByteStream;
use hmac::{KeyInit, Mac};
use sha2::{Digest, Sha256};
use std::io::Read;
use std::sync::Mutex;
use std::time::SystemTime;

/// The payload hash of a body that is not hashed: a stream read once.
pub(crate) const UNSIGNED_PAYLOAD: &str = "UNSIGNED-PAYLOAD";

/// The hash a body is signed with.
#[derive(Debug, Clone, PartialEq, Eq)]
pub(crate) enum PayloadHash {
    /// The SHA-256 of the body, in hex.
    Sha256(String),
    /// A stream that can be read only once: `UNSIGNED-PAYLOAD`, with the
    /// `x-amz-content-sha256` header saying so.
    Unsigned,
}

impl PayloadHash {
    fn as_str(&self) -> &str {
        match self {
            PayloadHash::Sha256(hex) => hex,
            PayloadHash::Unsigned => UNSIGNED_PAYLOAD,
        }
    }
}

/// The hash of a body in memory.
pub(crate) fn bytes_hash(bytes: &[u8]) -> PayloadHash {
    let mut hex = String::with_capacity(64);
    push_hex(&mut hex, &Sha256::digest(bytes));
    PayloadHash::Sha256(hex)
}

/// The hash of a body: bytes are hashed, a file is read and hashed (once per
/// call, before its attempts), a stream is an unsigned payload.
pub(crate) fn payload_hash(body: &ByteStream) -> Result<PayloadHash, String> {
    if let Some(bytes) = body.as_bytes() {
        return Ok(bytes_hash(bytes));
    }
    let Some(path) = body.path() else { return Ok(PayloadHash::Unsigned) };
    let mut file = std::fs::File::open(path).map_err(|e| format!("cannot read {} to sign it: {e}", path.display()))?;
    let mut hasher = Sha256::new();
    let mut buffer = vec![0u8; 64 * 1024];
    loop {
        let n = file.read(&mut buffer).map_err(|e| format!("cannot read {} to sign it: {e}", path.display()))?;
        if n == 0 {
            break;
        }
        hasher.update(&buffer[..n]);
    }
    let mut hex = String::with_capacity(64);
    push_hex(&mut hex, &hasher.finalize());
    Ok(PayloadHash::Sha256(hex))
}

type HmacSha256 = hmac::Hmac<Sha256>;

/// The last signing key derived, for the secret, day, region and service it
/// was derived for: it changes once a day, so nearly every call reuses it.
#[derive(Default)]
pub(crate) struct SigningKeyCache {
    last: Mutex<Option<CachedKey>>,
}

impl std::fmt::Debug for SigningKeyCache {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.write_str("SigningKeyCache(*** Sensitive Data Redacted ***)")
    }
}

struct CachedKey {
    secret: String,
    date: String,
    region: String,
    service: String,
    key: [u8; 32],
}

impl SigningKeyCache {
    fn key(&self, secret: &str, date: &str, region: &str, service: &str) -> [u8; 32] {
        let mut last = self.last.lock().unwrap_or_else(std::sync::PoisonError::into_inner);
        if let Some(c) = last.as_ref() {
            if c.secret == secret && c.date == date && c.region == region && c.service == service {
                return c.key;
            }
        }
        let key = derive_key(secret, date, region, service);
        *last = Some(CachedKey {
            secret: secret.to_owned(),
            date: date.to_owned(),
            region: region.to_owned(),
            service: service.to_owned(),
            key,
        });
        key
    }
}

fn hmac(key: &[u8], data: &[u8]) -> [u8; 32] {
    let mut mac = HmacSha256::new_from_slice(key).expect("HMAC takes a key of any length");
    mac.update(data);
    mac.finalize().into_bytes().into()
}

/// `kSigning` of the SigV4 specification.
fn derive_key(secret: &str, date: &str, region: &str, service: &str) -> [u8; 32] {
    let mut start = String::with_capacity(4 + secret.len());
    start.push_str("AWS4");
    start.push_str(secret);
    let k = hmac(start.as_bytes(), date.as_bytes());
    let k = hmac(&k, region.as_bytes());
    let k = hmac(&k, service.as_bytes());
    hmac(&k, b"aws4_request")
}

fn push_hex(out: &mut String, bytes: &[u8]) {
    const HEX: &[u8; 16] = b"0123456789abcdef";
    for &b in bytes {
        out.push(char::from(HEX[usize::from(b >> 4)]));
        out.push(char::from(HEX[usize::from(b & 0xf)]));
    }
}

/// `20240228T120000Z`, the `x-amz-date` form of `time` (whole seconds, UTC).
fn amz_date(time: SystemTime) -> String {
    let secs = match time.duration_since(SystemTime::UNIX_EPOCH) {
        Ok(d) => d.as_secs() as i64,
        Err(e) => -(e.duration().as_secs_f64().ceil() as i64),
    };
    let text = crate::Timestamp::from_secs(secs).to_date_time_string();
    text.chars().filter(|c| !matches!(c, '-' | ':')).collect()
}

fn percent_decode(text: &str) -> Option<Vec<u8>> {
    let bytes = text.as_bytes();
    let mut out = Vec::with_capacity(bytes.len());
    let mut i = 0;
    while i < bytes.len() {
        if bytes[i] == b'%' {
            let hex = std::str::from_utf8(bytes.get(i + 1..i + 3)?).ok()?;
            out.push(u8::from_str_radix(hex, 16).ok()?);
            i += 3;
        } else {
            out.push(bytes[i]);
            i += 1;
        }
    }
    Some(out)
}

/// The canonical URI and query of `url` when the fast path signs it: the path
/// encoded once more (SigV4 for services other than S3), and the query's
/// pairs decoded, encoded as SigV4 wants and sorted. `None` for what only
/// `aws-sigv4` handles: a path to normalise (`.`, `..`, `//`), a query with
/// `+` (whose meaning form decoding changes), or bad escapes.
fn canonical_uri_and_query(url: &str) -> Option<(String, String)> {
    let rest = url.split_once("://")?.1;
    let after_host = rest.find(['/', '?']).map_or("", |i| &rest[i..]);
    let (path, query) = after_host.split_once('?').unwrap_or((after_host, ""));
    let path = if path.is_empty() { "/" } else { path };
    if path.contains("//") || path.split('/').any(|s| s == "." || s == "..") || query.contains(['+', '#']) {
        return None;
    }
    let mut uri = String::with_capacity(path.len() + 16);
    percent_encode_into(&mut uri, path.as_bytes(), true);
    let mut pairs: Vec<(String, String)> = Vec::new();
    for part in query.split('&').filter(|p| !p.is_empty()) {
        let (key, value) = part.split_once('=').unwrap_or((part, ""));
        let (mut k, mut v) = (String::new(), String::new());
        percent_encode_into(&mut k, &percent_decode(key)?, false);
        percent_encode_into(&mut v, &percent_decode(value)?, false);
        pairs.push((k, v));
    }
    pairs.sort_unstable();
    let mut canonical_query = String::with_capacity(query.len());
    for (i, (k, v)) in pairs.iter().enumerate() {
        if i > 0 {
            canonical_query.push('&');
        }
        canonical_query.push_str(k);
        canonical_query.push('=');
        canonical_query.push_str(v);
    }
    Some((uri, canonical_query))
}

/// A header value as SigV4 canonicalises it: trimmed, inner runs of spaces
/// made one.
fn canonical_value(value: &str, out: &mut String) {
    let mut space = false;
    for c in value.trim().chars() {
        if c == ' ' {
            space = true;
            continue;
        }
        if space {
            out.push(' ');
            space = false;
        }
        out.push(c);
    }
}

/// Signs `request` in place for `service` in `region` at `time`: adds
/// `x-amz-date`, `authorization`, and `x-amz-security-token` for temporary
/// credentials. The `user-agent` header is left out of the signature, as the
/// SDKs do, since proxies rewrite it.
pub(crate) fn sign<B>(
    request: &mut HttpRequest<B>,
    payload: &PayloadHash,
    credentials: &Credentials,
    region: &str,
    service: &str,
    time: SystemTime,
    keys: &SigningKeyCache,
) -> Result<(), String> {
    let Some((uri, query)) = canonical_uri_and_query(&request.url) else {
        return sign_with_aws_sigv4(request, payload, credentials, region, service, time);
    };
    let date_time = amz_date(time);
    let date = &date_time[..8];
    let mut headers: Vec<(&str, &str)> = request
        .headers
        .iter()
        .filter(|(n, _)| n != "user-agent")
        .map(|(n, v)| (n.as_str(), v.as_str()))
        .chain([("x-amz-date", date_time.as_str())])
        .chain(credentials.session_token().map(|t| ("x-amz-security-token", t)))
        .collect();
    headers.sort_unstable_by(|a, b| a.0.cmp(b.0));
    let lower = headers.iter().all(|(n, _)| !n.bytes().any(|b| b.is_ascii_uppercase()));
    if !lower || headers.windows(2).any(|w| w[0].0 == w[1].0) {
        return sign_with_aws_sigv4(request, payload, credentials, region, service, time);
    }

    let mut canonical = String::with_capacity(512);
    canonical.push_str(&request.method);
    canonical.push('\n');
    canonical.push_str(&uri);
    canonical.push('\n');
    canonical.push_str(&query);
    canonical.push('\n');
    for (name, value) in &headers {
        canonical.push_str(name);
        canonical.push(':');
        canonical_value(value, &mut canonical);
        canonical.push('\n');
    }
    canonical.push('\n');
    let signed_from = canonical.len();
    for (i, (name, _)) in headers.iter().enumerate() {
        if i > 0 {
            canonical.push(';');
        }
        canonical.push_str(name);
    }
    let signed_headers = canonical[signed_from..].to_owned();
    canonical.push('\n');
    canonical.push_str(payload.as_str());

    let mut string_to_sign = String::with_capacity(160);
    string_to_sign.push_str("AWS4-HMAC-SHA256\n");
    string_to_sign.push_str(&date_time);
    string_to_sign.push('\n');
    let scope_from = string_to_sign.len();
    string_to_sign.push_str(date);
    string_to_sign.push('/');
    string_to_sign.push_str(region);
    string_to_sign.push('/');
    string_to_sign.push_str(service);
    string_to_sign.push_str("/aws4_request");
    let scope = string_to_sign[scope_from..].to_owned();
    string_to_sign.push('\n');
    push_hex(&mut string_to_sign, &Sha256::digest(canonical.as_bytes()));

    let key = keys.key(credentials.secret_access_key(), date, region, service);
    let mut authorization = String::with_capacity(256);
    authorization.push_str("AWS4-HMAC-SHA256 Credential=");
    authorization.push_str(credentials.access_key_id());
    authorization.push('/');
    authorization.push_str(&scope);
    authorization.push_str(", SignedHeaders=");
    authorization.push_str(&signed_headers);
    authorization.push_str(", Signature=");
    push_hex(&mut authorization, &hmac(&key, string_to_sign.as_bytes()));

    let token = credentials.session_token().map(str::to_owned);
    request.headers.push(("x-amz-date".into(), date_time));
    if let Some(token) = token {
        request.headers.push(("x-amz-security-token".into(), token));
    }
    request.headers.push(("authorization".into(), authorization));
    Ok(())
}

/// Signs through `aws-sigv4`, for requests outside the fast path's shape.
pub(crate) fn sign_with_aws_sigv4<B>(
    request: &mut HttpRequest<B>,
    payload: &PayloadHash,
    credentials: &Credentials,
    region: &str,
    service: &str,
    time: SystemTime,
) -> Result<(), String> {
    use aws_sigv4::http_request::{sign, SignableBody, SignableRequest, SigningSettings};
    let identity: aws_smithy_runtime_api::client::identity::Identity = aws_credential_types::Credentials::new(
        credentials.access_key_id(),
        credentials.secret_access_key(),
        credentials.session_token().map(str::to_owned),
        None,
        "aws-protocols-runtime",
    )
    .into();
    let params = aws_sigv4::sign::v4::SigningParams::builder()
        .identity(&identity)
        .region(region)
        .name(service)
        .time(time)
        .settings(SigningSettings::default())
        .build()
        .map_err(|e| e.to_string())?
        .into();
    let body = match payload {
        PayloadHash::Sha256(hex) => SignableBody::Precomputed(hex.clone()),
        PayloadHash::Unsigned => SignableBody::UnsignedPayload,
    };
    let signable = SignableRequest::new(
        &request.method,
        &request.url,
        request.headers.iter().filter(|(n, _)| n != "user-agent").map(|(n, v)| (n.as_str(), v.as_str())),
        body,
    )
    .map_err(|e| e.to_string())?;
    let (instructions, _signature) = sign(signable, &params).map_err(|e| e.to_string())?.into_parts();
    let (signing_headers, _) = instructions.into_parts();
    for header in signing_headers {
        request.headers.push((header.name().to_ascii_lowercase(), header.value().to_owned()));
    }
    Ok(())
}

#[cfg(test)]
mod tests {
    use super::*;
    use std::time::Duration;

    fn request(method: &str, url: &str, headers: &[(&str, &str)]) -> HttpRequest<ByteStream> {
        HttpRequest {
            method: method.into(),
            url: url.into(),
            headers: headers.iter().map(|(n, v)| ((*n).to_owned(), (*v).to_owned())).collect(),
            body: ByteStream::default(),
        }
    }

    /// The fast path and `aws-sigv4` give the same headers over varied
    /// methods, paths (with escapes), queries, bodies, keys, times and headers.
    #[test]
    fn the_fast_path_agrees_with_aws_sigv4() {
        let cache = SigningKeyCache::default();
        let mut seed: u64 = 0x9e37_79b9_7f4a_7c15;
        let mut next = move || {
            seed ^= seed << 13;
            seed ^= seed >> 7;
            seed ^= seed << 17;
            seed
        };
        for case in 0..300 {
            let body: Vec<u8> = (0..next() % 3000).map(|_| (next() % 95 + 32) as u8).collect();
            let url = [
                "https://api.sagemaker.us-east-1.amazonaws.com/",
                "http://127.0.0.1:5000/",
                "https://h.example/a/b-c_d.e~f",
                "https://runtime.sagemaker.us-east-1.amazonaws.com/endpoints/my%20end%2Fpoint/invocations",
                "https://h.example/functions/f/invocations?Qualifier=%24LATEST&a=z&a=b&flag",
                "https://h.example/2015-03-31/functions/%C3%A9/policy?RevisionId=1%2F2",
                "https://h.example/base/path/tiles/1/2/3?ImageAssets=a&ImageAssets=b&Target=x%20y",
            ][case % 7];
            let method = ["POST", "GET", "PUT", "DELETE", "PATCH"][(next() % 5) as usize];
            let host = url.split('/').nth(2).unwrap();
            let target = format!("SageMaker.Op{}", next() % 1000);
            let headers = [
                ("host", host),
                ("content-type", "application/x-amz-json-1.1"),
                ("x-amz-target", target.as_str()),
                ("user-agent", "test/1.0"),
                ("x-custom", "  two   spaces  "),
            ];
            let token = (case % 2 == 0).then(|| format!("token{}", next()));
            let credentials = Credentials::new(format!("AKID{}", next() % 7), format!("secret{}", next() % 3), token);
            let region = ["us-east-1", "eu-west-2"][case % 2];
            let time = SystemTime::UNIX_EPOCH + Duration::from_secs(1_700_000_000 + next() % 100_000_000);
            let payload =
                if case % 5 == 4 { PayloadHash::Unsigned } else { payload_hash(&ByteStream::from(body)).unwrap() };
            let mut ours = request(method, url, &headers);
            let mut theirs = request(method, url, &headers);
            sign(&mut ours, &payload, &credentials, region, "sagemaker", time, &cache).unwrap();
            sign_with_aws_sigv4(&mut theirs, &payload, &credentials, region, "sagemaker", time).unwrap();
            let mut a = ours.headers.clone();
            let mut b = theirs.headers.clone();
            a.sort();
            b.sort();
            assert_eq!(a, b, "case {case}: {method} {url}");
        }
    }

    #[test]
    fn requests_outside_the_fast_path_shape_go_through_aws_sigv4() {
        assert_eq!(canonical_uri_and_query("https://h.example"), Some(("/".to_owned(), String::new())));
        assert_eq!(
            canonical_uri_and_query("https://h.example/a%20b?b=2&a=1"),
            Some(("/a%2520b".to_owned(), "a=1&b=2".to_owned()))
        );
        assert_eq!(canonical_uri_and_query("https://h.example/a/../b"), None);
        assert_eq!(canonical_uri_and_query("https://h.example//a"), None);
        assert_eq!(canonical_uri_and_query("https://h.example/?a=b+c"), None);
        let cache = SigningKeyCache::default();
        let credentials = Credentials::new("AKID", "secret", None);
        let time = SystemTime::UNIX_EPOCH + Duration::from_secs(1_709_121_600);
        let payload = payload_hash(&ByteStream::from("{}")).unwrap();
        for url in ["https://h.example/a/./b", "https://h.example/?b=2+3&a=1"] {
            let headers = [("host", "h.example"), ("content-type", "application/x-amz-json-1.1")];
            let mut ours = request("POST", url, &headers);
            let mut theirs = request("POST", url, &headers);
            sign(&mut ours, &payload, &credentials, "us-east-1", "sagemaker", time, &cache).unwrap();
            sign_with_aws_sigv4(&mut theirs, &payload, &credentials, "us-east-1", "sagemaker", time).unwrap();
            assert_eq!(ours.headers, theirs.headers, "{url}");
        }
    }

    #[test]
    fn files_are_hashed_and_streams_are_unsigned() {
        let path = std::env::temp_dir().join(format!("signing-body-{}", std::process::id()));
        std::fs::write(&path, b"file body").unwrap();
        let file = payload_hash(&ByteStream::from_path(&path).unwrap()).unwrap();
        assert_eq!(file, payload_hash(&ByteStream::from("file body")).unwrap());
        std::fs::remove_file(&path).unwrap();
        let chunks: Vec<Result<Vec<u8>, std::io::Error>> = vec![Ok(b"x".to_vec())];
        let stream = ByteStream::from_stream(futures_util::stream::iter(chunks), None);
        assert_eq!(payload_hash(&stream).unwrap(), PayloadHash::Unsigned);
    }
}
