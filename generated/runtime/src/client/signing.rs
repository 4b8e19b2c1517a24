//! SigV4 signing of a request.
//!
//! The requests this client sends have one shape: `POST`, a path of plain
//! characters, no query, a handful of single-valued headers. For that shape the
//! canonical request is a few lines of text, and the signature is written here
//! directly, with the signing key derived once per day, region and service and
//! kept. Anything else (a custom endpoint with a query or an encoded path, a
//! repeated header) goes through `aws-sigv4`, the AWS SDKs' own signer; a test
//! checks that both give the same headers.

use super::credentials::Credentials;
use super::transport::HttpRequest;
use hmac::{KeyInit, Mac};
use sha2::{Digest, Sha256};
use std::sync::Mutex;
use std::time::SystemTime;

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

/// The path of `url` when the request has the shape the fast path signs: an
/// absolute URL whose path holds only unreserved characters and `/` (so it is
/// its own canonical form) and no query or fragment.
fn plain_path(url: &str) -> Option<&str> {
    let rest = url.split_once("://")?.1;
    let path = rest.find('/').map_or("/", |i| &rest[i..]);
    let plain = path.bytes().all(|b| b.is_ascii_alphanumeric() || matches!(b, b'-' | b'_' | b'.' | b'~' | b'/'));
    (plain && !path.contains("//") && !path.split('/').any(|s| s == "." || s == "..")).then_some(path)
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
pub(crate) fn sign(
    request: &mut HttpRequest,
    credentials: &Credentials,
    region: &str,
    service: &str,
    time: SystemTime,
    keys: &SigningKeyCache,
) -> Result<(), String> {
    let Some(path) = plain_path(&request.url) else {
        return sign_with_aws_sigv4(request, credentials, region, service, time);
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
        return sign_with_aws_sigv4(request, credentials, region, service, time);
    }

    let mut canonical = String::with_capacity(512);
    canonical.push_str(&request.method);
    canonical.push('\n');
    canonical.push_str(path);
    canonical.push_str("\n\n");
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
    push_hex(&mut canonical, &Sha256::digest(&request.body));

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
pub(crate) fn sign_with_aws_sigv4(
    request: &mut HttpRequest,
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
        "awsjson-runtime",
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
    let signable = SignableRequest::new(
        &request.method,
        &request.url,
        request.headers.iter().filter(|(n, _)| n != "user-agent").map(|(n, v)| (n.as_str(), v.as_str())),
        SignableBody::Bytes(&request.body),
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

    fn request(url: &str, headers: &[(&str, &str)], body: &[u8]) -> HttpRequest {
        HttpRequest {
            method: "POST".into(),
            url: url.into(),
            headers: headers.iter().map(|(n, v)| ((*n).to_owned(), (*v).to_owned())).collect(),
            body: body.to_vec(),
        }
    }

    /// The fast path and `aws-sigv4` give the same headers for requests of
    /// the shape the client sends, over varied bodies, keys, times and headers.
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
        for case in 0..200 {
            let body: Vec<u8> = (0..next() % 3000).map(|_| (next() % 95 + 32) as u8).collect();
            let url = [
                "https://api.sagemaker.us-east-1.amazonaws.com/",
                "http://127.0.0.1:5000/",
                "https://h.example/a/b-c_d.e~f",
            ][case % 3];
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
            let mut ours = request(url, &headers, &body);
            let mut theirs = request(url, &headers, &body);
            sign(&mut ours, &credentials, region, "sagemaker", time, &cache).unwrap();
            sign_with_aws_sigv4(&mut theirs, &credentials, region, "sagemaker", time).unwrap();
            let mut a = ours.headers.clone();
            let mut b = theirs.headers.clone();
            a.sort();
            b.sort();
            assert_eq!(a, b, "case {case}");
        }
    }

    #[test]
    fn requests_outside_the_fast_path_shape_go_through_aws_sigv4() {
        assert_eq!(plain_path("https://h.example/"), Some("/"));
        assert_eq!(plain_path("https://h.example"), Some("/"));
        assert_eq!(plain_path("https://h.example/a%20b"), None);
        assert_eq!(plain_path("https://h.example/?x=1"), None);
        assert_eq!(plain_path("https://h.example/a/../b"), None);
        assert_eq!(plain_path("https://h.example//a"), None);
        let cache = SigningKeyCache::default();
        let credentials = Credentials::new("AKID", "secret", None);
        let time = SystemTime::UNIX_EPOCH + Duration::from_secs(1_709_121_600);
        for url in ["https://h.example/a%20b/", "https://h.example/?b=2&a=1"] {
            let headers = [("host", "h.example"), ("content-type", "application/x-amz-json-1.1")];
            let mut ours = request(url, &headers, b"{}");
            let mut theirs = request(url, &headers, b"{}");
            sign(&mut ours, &credentials, "us-east-1", "sagemaker", time, &cache).unwrap();
            sign_with_aws_sigv4(&mut theirs, &credentials, "us-east-1", "sagemaker", time).unwrap();
            assert_eq!(ours.headers, theirs.headers, "{url}");
        }
    }
}
