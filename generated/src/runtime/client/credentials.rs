//! Credentials: explicit keys, the `AWS_*` environment variables, a profile of
//! the shared credentials file, or a profile of the shared config file (keys, or
//! a `credential_process`). Secrets never appear in `Debug` output or errors.

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

    /// A profile of the shared config file (`[default]` or `[profile NAME]`):
    /// its keys, or the credentials its `credential_process` prints.
    pub fn from_config_profile(path: &Path, profile: &str) -> Result<Self, CredentialsError> {
        let text = std::fs::read_to_string(path)
            .map_err(|e| CredentialsError::new(format!("{}: cannot read the config file: {e}", path.display())))?;
        let ini = ini::Ini::load_from_str(&text)
            .map_err(|e| CredentialsError::new(format!("{}: not a valid INI file: {e}", path.display())))?;
        let named = format!("profile {profile}");
        let section = ini
            .section(Some(named.as_str()))
            .or_else(|| ini.section(Some(profile)))
            .ok_or_else(|| CredentialsError::new(format!("{}: no profile [{named}]", path.display())))?;
        let field = |key: &str| section.get(key).map(str::trim).filter(|v| !v.is_empty()).map(str::to_owned);
        if let Some(command) = field("credential_process") {
            return Credentials::from_process(&command);
        }
        match (field("aws_access_key_id"), field("aws_secret_access_key")) {
            (Some(id), Some(secret)) => Ok(Credentials::new(id, secret, field("aws_session_token"))),
            _ => Err(CredentialsError::new(format!(
                "{}: profile [{named}] has neither keys nor a credential_process (SSO, role_arn and web identity \
                 profiles are not supported yet)",
                path.display()
            ))),
        }
    }

    /// Runs a `credential_process` command and reads the JSON it prints:
    /// `{"Version": 1, "AccessKeyId": …, "SecretAccessKey": …, "SessionToken": …}`.
    /// What it prints never appears in errors: it holds secrets.
    pub fn from_process(command: &str) -> Result<Self, CredentialsError> {
        let output = if cfg!(windows) {
            std::process::Command::new("cmd").args(["/C", command]).output()
        } else {
            std::process::Command::new("sh").args(["-c", command]).output()
        }
        .map_err(|e| CredentialsError::new(format!("credential_process `{command}` could not start: {e}")))?;
        if !output.status.success() {
            return Err(CredentialsError::new(format!("credential_process `{command}` failed: {}", output.status)));
        }
        let bad = |what: &str| CredentialsError::new(format!("credential_process `{command}` printed {what}"));
        let mut r =
            crate::runtime::JsonReader::from_bytes(&output.stdout).map_err(|_| bad("text that is not UTF-8"))?;
        let mut object = r.begin_object().map_err(|_| bad("something other than a JSON object"))?;
        let (mut version, mut id, mut secret, mut token) = (None, None, None, None);
        while let Some(key) = r.next_key(&mut object).map_err(|_| bad("malformed JSON"))? {
            match &*key {
                "Version" => version = Some(r.read_i64().map_err(|_| bad("a Version that is not a number"))?),
                "AccessKeyId" => id = Some(r.read_str().map_err(|_| bad("a malformed AccessKeyId"))?.into_owned()),
                "SecretAccessKey" => {
                    secret = Some(r.read_str().map_err(|_| bad("a malformed SecretAccessKey"))?.into_owned())
                }
                "SessionToken" => {
                    if !r.read_null().map_err(|_| bad("malformed JSON"))? {
                        token = Some(r.read_str().map_err(|_| bad("a malformed SessionToken"))?.into_owned());
                    }
                }
                _ => r.skip_value().map_err(|_| bad("malformed JSON"))?,
            }
        }
        if version != Some(1) {
            return Err(bad("no `\"Version\": 1`"));
        }
        match (id, secret) {
            (Some(id), Some(secret)) => Ok(Credentials::new(id, secret, token)),
            _ => Err(bad("no AccessKeyId and SecretAccessKey")),
        }
    }

    /// The usual chain: the environment, then the profile `AWS_PROFILE`
    /// (`default` when unset) of the shared credentials file, then of the shared
    /// config file (keys or a `credential_process`).
    pub fn from_default_chain() -> Result<Self, CredentialsError> {
        let env = match Credentials::from_env() {
            Ok(c) => return Ok(c),
            Err(e) => e,
        };
        let profile =
            std::env::var("AWS_PROFILE").ok().filter(|p| !p.is_empty()).unwrap_or_else(|| "default".to_owned());
        let mut reasons = vec![env.message];
        match Credentials::shared_credentials_file() {
            Some(path) => match Credentials::from_profile_file(&path, &profile) {
                Ok(c) => return Ok(c),
                Err(e) => reasons.push(e.message),
            },
            None => reasons.push("no home folder for ~/.aws/credentials".to_owned()),
        }
        if let Some(path) = super::config::shared_config_file().filter(|p| p.exists()) {
            match Credentials::from_config_profile(&path, &profile) {
                Ok(c) => return Ok(c),
                Err(e) => reasons.push(e.message),
            }
        }
        Err(CredentialsError::new(format!("no credentials found: {}", reasons.join("; "))))
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

    #[cfg(unix)]
    #[test]
    fn config_profiles_give_keys_or_run_their_credential_process() {
        use std::os::unix::fs::PermissionsExt;
        let dir = std::env::temp_dir().join(format!("config-creds-test-{}", std::process::id()));
        std::fs::create_dir_all(&dir).unwrap();
        let script = dir.join("creds.sh");
        std::fs::write(
            &script,
            "#!/bin/sh\necho '{\"Version\": 1, \"AccessKeyId\": \"AKIDPROC\", \"SecretAccessKey\": \"proc-secret\", \
             \"SessionToken\": \"proc-token\", \"Expiration\": \"2030-01-01T00:00:00Z\"}'\n",
        )
        .unwrap();
        std::fs::set_permissions(&script, std::fs::Permissions::from_mode(0o755)).unwrap();
        let leaky = dir.join("leaky.sh");
        std::fs::write(&leaky, "#!/bin/sh\necho AccessKeyId=AK SecretAccessKey=not-json-secret\n").unwrap();
        std::fs::set_permissions(&leaky, std::fs::Permissions::from_mode(0o755)).unwrap();
        let config = dir.join("config");
        std::fs::write(
            &config,
            format!(
                "[default]\naws_access_key_id = CK\naws_secret_access_key = CS\n\n[profile proc]\ncredential_process = {}\n\n\
                 [profile broken]\ncredential_process = {}\n\n[profile failing]\ncredential_process = false\n\n\
                 [profile sso]\nsso_session = corp\n",
                script.display(),
                leaky.display()
            ),
        )
        .unwrap();
        let c = Credentials::from_config_profile(&config, "default").unwrap();
        assert_eq!((c.access_key_id(), c.secret_access_key()), ("CK", "CS"));
        let c = Credentials::from_config_profile(&config, "proc").unwrap();
        assert_eq!(
            (c.access_key_id(), c.secret_access_key(), c.session_token()),
            ("AKIDPROC", "proc-secret", Some("proc-token"))
        );
        let e = Credentials::from_config_profile(&config, "broken").unwrap_err().to_string();
        assert!(e.contains("other than a JSON object") && !e.contains("not-json-secret"), "{e}");
        let e = Credentials::from_config_profile(&config, "failing").unwrap_err().to_string();
        assert!(e.contains("failed"), "{e}");
        let e = Credentials::from_config_profile(&config, "sso").unwrap_err().to_string();
        assert!(e.contains("not supported yet"), "{e}");
        std::fs::remove_dir_all(&dir).unwrap();
    }
}
