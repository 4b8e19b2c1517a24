//! Credentials: explicit keys, the `AWS_*` environment variables, or a profile
//! of the shared credentials file. Secrets never appear in `Debug` output.

use std::fmt;
use std::path::{Path, PathBuf};

/// An access key, its secret, and an optional session token.
#[derive(Clone, PartialEq, Eq)]
pub struct Credentials {
    access_key_id: String,
    secret_access_key: String,
    session_token: Option<String>,
}

impl Credentials {
    /// Credentials from explicit keys.
    pub fn new(
        access_key_id: impl Into<String>,
        secret_access_key: impl Into<String>,
        session_token: Option<String>,
    ) -> Self {
        Credentials { access_key_id: access_key_id.into(), secret_access_key: secret_access_key.into(), session_token }
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

    /// `AWS_ACCESS_KEY_ID`, `AWS_SECRET_ACCESS_KEY` and `AWS_SESSION_TOKEN`.
    pub fn from_env() -> Result<Self, CredentialsError> {
        let get = |name: &str| std::env::var(name).ok().filter(|v| !v.is_empty());
        match (get("AWS_ACCESS_KEY_ID"), get("AWS_SECRET_ACCESS_KEY")) {
            (Some(id), Some(secret)) => Ok(Credentials::new(id, secret, get("AWS_SESSION_TOKEN"))),
            (Some(_), None) => Err(CredentialsError::new("AWS_ACCESS_KEY_ID is set but AWS_SECRET_ACCESS_KEY is not")),
            (None, Some(_)) => Err(CredentialsError::new("AWS_SECRET_ACCESS_KEY is set but AWS_ACCESS_KEY_ID is not")),
            (None, None) => Err(CredentialsError::new("AWS_ACCESS_KEY_ID and AWS_SECRET_ACCESS_KEY are not set")),
        }
    }

    /// A profile of a shared credentials file (INI): `aws_access_key_id`,
    /// `aws_secret_access_key` and optionally `aws_session_token`.
    pub fn from_profile_file(path: &Path, profile: &str) -> Result<Self, CredentialsError> {
        let text = std::fs::read_to_string(path)
            .map_err(|e| CredentialsError::new(format!("{}: cannot read the credentials file: {e}", path.display())))?;
        let ini = ini::Ini::load_from_str(&text)
            .map_err(|e| CredentialsError::new(format!("{}: not a valid INI file: {e}", path.display())))?;
        let section = ini.section(Some(profile)).ok_or_else(|| {
            let known: Vec<&str> = ini.sections().flatten().collect();
            CredentialsError::new(format!(
                "{}: no profile [{profile}] (profiles: {})",
                path.display(),
                if known.is_empty() { "none".to_owned() } else { known.join(", ") }
            ))
        })?;
        let field = |key: &str| section.get(key).map(str::trim).filter(|v| !v.is_empty()).map(str::to_owned);
        let id = field("aws_access_key_id").ok_or_else(|| {
            CredentialsError::new(format!("{}: profile [{profile}] has no aws_access_key_id", path.display()))
        })?;
        let secret = field("aws_secret_access_key").ok_or_else(|| {
            CredentialsError::new(format!("{}: profile [{profile}] has no aws_secret_access_key", path.display()))
        })?;
        Ok(Credentials::new(id, secret, field("aws_session_token")))
    }

    /// The shared credentials file: `AWS_SHARED_CREDENTIALS_FILE`, else
    /// `~/.aws/credentials`.
    pub fn shared_credentials_file() -> Option<PathBuf> {
        if let Some(path) = std::env::var_os("AWS_SHARED_CREDENTIALS_FILE") {
            return Some(PathBuf::from(path));
        }
        std::env::var_os("HOME")
            .or_else(|| std::env::var_os("USERPROFILE"))
            .map(|h| Path::new(&h).join(".aws/credentials"))
    }

    /// The usual chain: the environment, then the profile `AWS_PROFILE`
    /// (`default` when unset) of the shared credentials file.
    pub fn from_default_chain() -> Result<Self, CredentialsError> {
        let env = match Credentials::from_env() {
            Ok(c) => return Ok(c),
            Err(e) => e,
        };
        let profile =
            std::env::var("AWS_PROFILE").ok().filter(|p| !p.is_empty()).unwrap_or_else(|| "default".to_owned());
        let Some(path) = Credentials::shared_credentials_file() else {
            return Err(CredentialsError::new(format!("{}; and no home folder for ~/.aws/credentials", env.message)));
        };
        Credentials::from_profile_file(&path, &profile)
            .map_err(|e| CredentialsError::new(format!("no credentials found: {}; {}", env.message, e.message)))
    }
}

impl fmt::Debug for Credentials {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.debug_struct("Credentials")
            .field("access_key_id", &self.access_key_id)
            .field("secret_access_key", &"** redacted **")
            .field("session_token", &self.session_token.as_ref().map(|_| "** redacted **"))
            .finish()
    }
}

/// Credentials could not be found or read.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct CredentialsError {
    message: String,
}

impl CredentialsError {
    pub(crate) fn new(message: impl Into<String>) -> Self {
        CredentialsError { message: message.into() }
    }
}

impl fmt::Display for CredentialsError {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(&self.message)
    }
}

impl std::error::Error for CredentialsError {}

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
    fn profiles_are_read_with_clear_errors() {
        let dir = std::env::temp_dir().join(format!("creds-test-{}", std::process::id()));
        std::fs::create_dir_all(&dir).unwrap();
        let file = dir.join("credentials");
        std::fs::write(
            &file,
            "[default]\naws_access_key_id = A\naws_secret_access_key = S\n\n[dev]\naws_access_key_id=B\n",
        )
        .unwrap();
        let c = Credentials::from_profile_file(&file, "default").unwrap();
        assert_eq!((c.access_key_id(), c.secret_access_key(), c.session_token()), ("A", "S", None));
        let e = Credentials::from_profile_file(&file, "prod").unwrap_err().to_string();
        assert!(e.contains("no profile [prod]") && e.contains("default, dev"), "{e}");
        let e = Credentials::from_profile_file(&file, "dev").unwrap_err().to_string();
        assert!(e.contains("no aws_secret_access_key"), "{e}");
        let e = Credentials::from_profile_file(&dir.join("missing"), "default").unwrap_err().to_string();
        assert!(e.contains("cannot read"), "{e}");
        std::fs::remove_dir_all(&dir).unwrap();
    }
}
