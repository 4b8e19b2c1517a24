//! Client configuration: region, endpoint, credentials, timeouts, retries,
//! user agent, and the transport.

use super::credentials::{Credentials, CredentialsError};
use super::transport::Transport;
use std::sync::Arc;
use std::time::Duration;

/// How failed attempts are retried: throttling, 5xx and transient transport
/// errors only, never other 4xx; exponential backoff with full jitter.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct RetryPolicy {
    /// Attempts in all, the first included (1 disables retries).
    pub max_attempts: u32,
    /// The backoff before the first retry is random up to this; it doubles on
    /// each retry.
    pub base_delay: Duration,
    /// The longest backoff, and the longest wait a `Retry-After` can ask for.
    pub max_delay: Duration,
}

impl Default for RetryPolicy {
    /// The AWS SDKs' standard mode: 3 attempts, backoff up to 1 s, 2 s, … capped at 20 s.
    fn default() -> Self {
        RetryPolicy { max_attempts: 3, base_delay: Duration::from_secs(1), max_delay: Duration::from_secs(20) }
    }
}

/// Where credentials come from.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum CredentialsSource {
    /// Explicit keys.
    Static(Credentials),
    /// The environment, then `AWS_PROFILE` of the shared credentials file; read
    /// when the configuration is built.
    DefaultChain,
}

/// Everything a client needs. Build one with [`Config::builder`].
#[derive(Debug, Clone)]
pub struct Config {
    pub(crate) region: String,
    pub(crate) endpoint_url: Option<String>,
    pub(crate) credentials: Credentials,
    pub(crate) timeout: Duration,
    pub(crate) connect_timeout: Duration,
    pub(crate) retry: RetryPolicy,
    pub(crate) user_agent: String,
    pub(crate) transport: Arc<dyn Transport>,
}

impl Config {
    /// A builder with the defaults: credentials from the default chain, a
    /// 60-second overall and 10-second connect timeout, 3 attempts.
    pub fn builder() -> ConfigBuilder {
        ConfigBuilder::default()
    }

    /// The region.
    pub fn region(&self) -> &str {
        &self.region
    }

    /// The endpoint override, if any.
    pub fn endpoint_url(&self) -> Option<&str> {
        self.endpoint_url.as_deref()
    }

    /// The retry policy.
    pub fn retry(&self) -> RetryPolicy {
        self.retry
    }

    /// The overall timeout of one attempt.
    pub fn timeout(&self) -> Duration {
        self.timeout
    }

    /// The connect timeout.
    pub fn connect_timeout(&self) -> Duration {
        self.connect_timeout
    }
}

/// Builds a [`Config`].
#[derive(Debug, Clone, Default)]
pub struct ConfigBuilder {
    region: Option<String>,
    endpoint_url: Option<String>,
    credentials: Option<CredentialsSource>,
    timeout: Option<Duration>,
    connect_timeout: Option<Duration>,
    retry: Option<RetryPolicy>,
    user_agent: Option<String>,
    transport: Option<Arc<dyn Transport>>,
}

/// A configuration that cannot be built.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum ConfigError {
    /// No region was given and `AWS_REGION` / `AWS_DEFAULT_REGION` are unset.
    MissingRegion,
    /// Credentials could not be found.
    Credentials(CredentialsError),
    /// The HTTP transport could not be created, or none is available.
    Transport(String),
}

impl std::fmt::Display for ConfigError {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        match self {
            ConfigError::MissingRegion => f.write_str("no region: set it on the builder, or AWS_REGION"),
            ConfigError::Credentials(e) => write!(f, "{e}"),
            ConfigError::Transport(m) => write!(f, "no transport: {m}"),
        }
    }
}

impl std::error::Error for ConfigError {}

impl ConfigBuilder {
    /// The region, such as `us-east-1`. Defaults to `AWS_REGION`, then `AWS_DEFAULT_REGION`.
    pub fn region(mut self, region: impl Into<String>) -> Self {
        self.region = Some(region.into());
        self
    }

    /// Sends requests here instead of `https://api.sagemaker.<region>.amazonaws.com`
    /// (local servers, VPC endpoints, tests).
    pub fn endpoint_url(mut self, url: impl Into<String>) -> Self {
        self.endpoint_url = Some(url.into().trim_end_matches('/').to_owned());
        self
    }

    /// Explicit credentials.
    pub fn credentials(mut self, credentials: Credentials) -> Self {
        self.credentials = Some(CredentialsSource::Static(credentials));
        self
    }

    /// Where credentials come from.
    pub fn credentials_source(mut self, source: CredentialsSource) -> Self {
        self.credentials = Some(source);
        self
    }

    /// The longest one attempt may take, from connecting to the end of the body.
    pub fn timeout(mut self, timeout: Duration) -> Self {
        self.timeout = Some(timeout);
        self
    }

    /// The longest connecting may take.
    pub fn connect_timeout(mut self, timeout: Duration) -> Self {
        self.connect_timeout = Some(timeout);
        self
    }

    /// The retry policy.
    pub fn retry(mut self, retry: RetryPolicy) -> Self {
        self.retry = Some(retry);
        self
    }

    /// Replaces the `User-Agent` header.
    pub fn user_agent(mut self, user_agent: impl Into<String>) -> Self {
        self.user_agent = Some(user_agent.into());
        self
    }

    /// Sends requests through this transport instead of HTTP.
    pub fn transport(mut self, transport: impl Transport + 'static) -> Self {
        self.transport = Some(Arc::new(transport));
        self
    }

    /// Sends requests through a shared transport.
    pub fn shared_transport(mut self, transport: Arc<dyn Transport>) -> Self {
        self.transport = Some(transport);
        self
    }

    /// Resolves the region and credentials and creates the transport.
    pub fn build(self) -> Result<Config, ConfigError> {
        let env = |name: &str| std::env::var(name).ok().filter(|v| !v.is_empty());
        let profile = env("AWS_PROFILE").unwrap_or_else(|| "default".to_owned());
        let region = self
            .region
            .or_else(|| env("AWS_REGION"))
            .or_else(|| env("AWS_DEFAULT_REGION"))
            .or_else(|| shared_config_file().and_then(|path| profile_setting(&path, &profile, "region")))
            .ok_or(ConfigError::MissingRegion)?;
        let endpoint_url =
            self.endpoint_url.or_else(|| env("AWS_ENDPOINT_URL_SAGEMAKER")).or_else(|| env("AWS_ENDPOINT_URL"));
        let credentials = match self.credentials.unwrap_or(CredentialsSource::DefaultChain) {
            CredentialsSource::Static(c) => c,
            CredentialsSource::DefaultChain => Credentials::from_default_chain().map_err(ConfigError::Credentials)?,
        };
        let connect_timeout = self.connect_timeout.unwrap_or(Duration::from_secs(10));
        let transport = match self.transport {
            Some(t) => t,
            None => default_transport(connect_timeout)?,
        };
        Ok(Config {
            region,
            endpoint_url,
            credentials,
            timeout: self.timeout.unwrap_or(Duration::from_secs(60)),
            connect_timeout,
            retry: self.retry.unwrap_or_default(),
            user_agent: self.user_agent.unwrap_or_else(|| {
                format!("sagemaker-api-rust/{} os/{}", env!("CARGO_PKG_VERSION"), std::env::consts::OS)
            }),
            transport,
        })
    }
}

/// The shared config file: `AWS_CONFIG_FILE`, else `~/.aws/config`.
pub fn shared_config_file() -> Option<std::path::PathBuf> {
    if let Some(path) = std::env::var_os("AWS_CONFIG_FILE").filter(|p| !p.is_empty()) {
        return Some(path.into());
    }
    std::env::var_os("HOME")
        .or_else(|| std::env::var_os("USERPROFILE"))
        .map(|h| std::path::Path::new(&h).join(".aws/config"))
}

/// A setting of a profile in the shared config file, where `aws configure`
/// writes it: `[default]`, or `[profile NAME]` for the others. `None` when the
/// file, the profile or the setting is missing.
pub fn profile_setting(path: &std::path::Path, profile: &str, key: &str) -> Option<String> {
    let text = std::fs::read_to_string(path).ok()?;
    let ini = ini::Ini::load_from_str(&text).ok()?;
    let named = format!("profile {profile}");
    let section = ini.section(Some(named.as_str())).or_else(|| ini.section(Some(profile)))?;
    section.get(key).map(str::trim).filter(|v| !v.is_empty()).map(str::to_owned)
}

#[cfg(feature = "rustls")]
fn default_transport(connect_timeout: Duration) -> Result<Arc<dyn Transport>, ConfigError> {
    super::transport::HttpTransport::new(connect_timeout)
        .map(|t| Arc::new(t) as Arc<dyn Transport>)
        .map_err(|e| ConfigError::Transport(e.to_string()))
}

#[cfg(not(feature = "rustls"))]
fn default_transport(_connect_timeout: Duration) -> Result<Arc<dyn Transport>, ConfigError> {
    Err(ConfigError::Transport("the `rustls` feature is off; give the builder a transport".into()))
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn the_region_is_read_from_the_shared_config_file() {
        let path = std::env::temp_dir().join(format!("sagemaker-config-{}", std::process::id()));
        std::fs::write(&path, "[default]\nregion = eu-west-1\n\n[profile ci]\nregion = cn-north-1\noutput=json\n")
            .unwrap();
        assert_eq!(profile_setting(&path, "default", "region").as_deref(), Some("eu-west-1"));
        assert_eq!(profile_setting(&path, "ci", "region").as_deref(), Some("cn-north-1"));
        assert_eq!(profile_setting(&path, "missing", "region"), None);
        assert_eq!(profile_setting(&path, "ci", "sso_session"), None);
        std::fs::remove_file(&path).unwrap();
    }
}
