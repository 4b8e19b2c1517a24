//! Credentials and where they come from: the AWS SDKs' default chain
//! ([`DefaultChain`]: the environment, the shared config and credentials
//! files, web identity, the container endpoint, IMDSv2), and a cache that
//! refreshes temporary credentials before they expire. Secrets never appear in
//! `Debug` output or errors.

mod cache;
mod chain;
mod container;
mod env;
pub(crate) mod http;
mod imds;
mod process;
mod profile;
mod sso;
mod sts;

pub use cache::CredentialsCache;
pub use chain::DefaultChain;
pub use container::ContainerProvider;
pub use env::Env;
pub use http::ProviderHttp;
pub use imds::ImdsProvider;
pub use profile::{ProfileFiles, ProfileProvider};
pub use sso::SsoProvider;
pub use sts::WebIdentityProvider;

use std::fmt;
use std::future::Future;
use std::pin::Pin;
use std::time::SystemTime;

/// An access key, its secret, an optional session token, and when temporary
/// credentials expire.
#[derive(Clone, PartialEq, Eq)]
pub struct Credentials {
    access_key_id: String,
    secret_access_key: String,
    session_token: Option<String>,
    expiry: Option<SystemTime>,
}

impl Credentials {
    /// Credentials from explicit keys, never expiring.
    pub fn new(
        access_key_id: impl Into<String>,
        secret_access_key: impl Into<String>,
        session_token: Option<String>,
    ) -> Self {
        Credentials {
            access_key_id: access_key_id.into(),
            secret_access_key: secret_access_key.into(),
            session_token,
            expiry: None,
        }
    }

    /// The same credentials, expiring at `expiry`.
    pub fn with_expiry(mut self, expiry: Option<SystemTime>) -> Self {
        self.expiry = expiry;
        self
    }

    /// The access key id (not secret).
    pub fn access_key_id(&self) -> &str {
        &self.access_key_id
    }

    /// The secret access key.
    pub fn secret_access_key(&self) -> &str {
        &self.secret_access_key
    }

    /// The session token of temporary credentials.
    pub fn session_token(&self) -> Option<&str> {
        self.session_token.as_deref()
    }

    /// When temporary credentials expire; `None` for long-term keys.
    pub fn expiry(&self) -> Option<SystemTime> {
        self.expiry
    }

    /// `AWS_ACCESS_KEY_ID`, `AWS_SECRET_ACCESS_KEY` and `AWS_SESSION_TOKEN` of
    /// the process environment.
    pub fn from_env() -> Result<Self, CredentialsError> {
        env::keys_from(&Env::real())
    }
}

impl fmt::Debug for Credentials {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.debug_struct("Credentials")
            .field("access_key_id", &self.access_key_id)
            .field("secret_access_key", &"** redacted **")
            .field("session_token", &self.session_token.as_ref().map(|_| "** redacted **"))
            .field("expiry", &self.expiry.map(|t| crate::Timestamp::from(t).to_date_time_string()))
            .finish()
    }
}

/// A boxed future of credentials, so that providers can be trait objects.
pub type CredentialsFuture<'a> = Pin<Box<dyn Future<Output = Result<Credentials, CredentialsError>> + Send + 'a>>;

/// Gives credentials: fetches them each time it is asked. The client puts a
/// [`CredentialsCache`] in front of it.
pub trait ProvideCredentials: Send + Sync + fmt::Debug {
    /// Fetches credentials.
    fn provide_credentials(&self) -> CredentialsFuture<'_>;
}

impl ProvideCredentials for Credentials {
    fn provide_credentials(&self) -> CredentialsFuture<'_> {
        Box::pin(std::future::ready(Ok(self.clone())))
    }
}

/// Credentials could not be found or fetched. The message names the source
/// and what it expected; it never holds a secret.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct CredentialsError {
    message: String,
}

impl CredentialsError {
    /// An error with a message (for providers of your own).
    pub fn new(message: impl Into<String>) -> Self {
        CredentialsError { message: message.into() }
    }

    /// The message.
    pub fn message(&self) -> &str {
        &self.message
    }
}

impl fmt::Display for CredentialsError {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(&self.message)
    }
}

impl std::error::Error for CredentialsError {}

/// The fields of a JSON object a credential source sent; `verb` says how it
/// sent it in errors ("answered", "printed"). Values never appear in errors.
pub(crate) fn json_object(
    body: &[u8],
    source: &str,
    verb: &str,
) -> Result<std::collections::BTreeMap<String, crate::Document>, CredentialsError> {
    use crate::{Document, ReadJson};
    let bad = |what: &str| CredentialsError::new(format!("{source} {verb} {what}"));
    let mut reader = crate::JsonReader::from_bytes(body).map_err(|_| bad("text that is not UTF-8"))?;
    let document = Document::read_json(&mut reader).map_err(|_| bad("something that is not JSON"))?;
    let Document::Object(fields) = document else { return Err(bad("JSON that is not an object")) };
    Ok(fields)
}

/// Reads the JSON object that container endpoints and IMDS answer with.
/// `token_key` is `Token` or `SessionToken`.
pub(crate) fn credentials_from_json(
    body: &[u8],
    token_key: &str,
    source: &str,
) -> Result<Credentials, CredentialsError> {
    credentials_from_fields(&json_object(body, source, "answered")?, token_key, source, "answered")
}

/// The credentials of an object's fields (`AccessKeyId`, `SecretAccessKey`,
/// the token, `Expiration`, and a `Code` other than `Success` as an error).
pub(crate) fn credentials_from_fields(
    fields: &std::collections::BTreeMap<String, crate::Document>,
    token_key: &str,
    source: &str,
    verb: &str,
) -> Result<Credentials, CredentialsError> {
    use crate::Document;
    let bad = |what: &str| CredentialsError::new(format!("{source} {verb} {what}"));
    let text = |key: &str| match fields.get(key) {
        Some(Document::String(s)) if !s.is_empty() => Some(s.clone()),
        _ => None,
    };
    if let Some(code) = text("Code").filter(|c| c != "Success") {
        let message = text("Message").unwrap_or_default();
        return Err(CredentialsError::new(format!("{source} {verb} {code}: {message}")));
    }
    let (Some(id), Some(secret)) = (text("AccessKeyId"), text("SecretAccessKey")) else {
        return Err(bad("no AccessKeyId and SecretAccessKey"));
    };
    let expiry = match text("Expiration") {
        Some(when) => {
            Some(parse_expiry(&when).ok_or_else(|| bad(&format!("an Expiration that is not a date-time: {when}")))?)
        }
        None => None,
    };
    Ok(Credentials::new(id, secret, text(token_key)).with_expiry(expiry))
}

/// An RFC 3339 expiry as a `SystemTime`.
pub(crate) fn parse_expiry(text: &str) -> Option<SystemTime> {
    crate::Timestamp::parse_date_time(text.trim()).and_then(|t| SystemTime::try_from(t).ok())
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn debug_output_hides_secrets() {
        let c = Credentials::new("AKID", "very-secret", Some("token-secret".into()));
        let shown = format!("{c:?}");
        assert!(shown.contains("AKID") && !shown.contains("very-secret") && !shown.contains("token-secret"), "{shown}");
    }

    #[test]
    fn credential_documents_are_read_without_echoing_secrets() {
        let body = br#"{"Code":"Success","AccessKeyId":"AK","SecretAccessKey":"S3CRET","Token":"T0KEN","Expiration":"2030-01-01T00:00:00Z"}"#;
        let c = credentials_from_json(body, "Token", "IMDS").unwrap();
        assert_eq!((c.access_key_id(), c.session_token()), ("AK", Some("T0KEN")));
        assert_eq!(c.expiry(), parse_expiry("2030-01-01T00:00:00Z"));
        let e = credentials_from_json(br#"{"AccessKeyId":"AK","Token":"S3CRET"}"#, "Token", "IMDS").unwrap_err();
        assert!(e.message().contains("no AccessKeyId and SecretAccessKey") && !e.message().contains("S3CRET"));
        let e =
            credentials_from_json(br#"{"Code":"AssumeRoleUnauthorizedAccess","Message":"no role"}"#, "Token", "IMDS")
                .unwrap_err();
        assert_eq!(e.message(), "IMDS answered AssumeRoleUnauthorizedAccess: no role");
        let e = credentials_from_json(b"S3CRET", "Token", "IMDS").unwrap_err();
        assert!(!e.message().contains("S3CRET"), "{e}");
    }
}
