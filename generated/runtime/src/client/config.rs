//! Client configuration: region, endpoint, credentials, timeouts, retries,
//! user agent, the transport, and the runtime's sleep and clock.

use super::compression::RequestCompression;
use super::credentials::http::ProviderHttp;
use super::credentials::{
    Credentials, CredentialsCache, CredentialsError, DefaultChain, Env, ImdsProvider, ProfileFiles, ProvideCredentials,
};
use super::rt::{AsyncSleep, SystemClock, TimeSource};
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
#[derive(Debug, Clone)]
pub enum CredentialsSource {
    /// Explicit keys.
    Static(Credentials),
    /// The AWS SDKs' default chain ([`DefaultChain`]), chosen when the
    /// configuration is built and fetched at the first call.
    DefaultChain,
    /// Any provider: one of this crate's, or one of your own.
    Provider(Arc<dyn ProvideCredentials>),
}

/// Everything a client needs. Build one with [`Config::builder`].
#[derive(Debug, Clone)]
pub struct Config {
    pub(crate) region: String,
    pub(crate) endpoint_url: Option<String>,
    pub(crate) credentials: Arc<CredentialsCache>,
    pub(crate) timeout: Duration,
    pub(crate) operation_timeout: Option<Duration>,
    pub(crate) connect_timeout: Duration,
    pub(crate) retry: RetryPolicy,
    pub(crate) user_agent: Option<String>,
    pub(crate) transport: Arc<dyn Transport>,
    pub(crate) sleep: Arc<dyn AsyncSleep>,
    pub(crate) time: Arc<dyn TimeSource>,
    pub(crate) use_fips: bool,
    pub(crate) use_dual_stack: bool,
    pub(crate) inject_host_prefix: bool,
    pub(crate) request_compression: RequestCompression,
    /// The environment it was built from: the client reads
    /// `AWS_ENDPOINT_URL_<SERVICE>` from it once it knows the service.
    pub(crate) env: Env,
}

impl Config {
    /// A builder with the defaults: credentials from the default chain, a
    /// 60-second attempt timeout, a 10-second connect timeout, no operation
    /// timeout, 3 attempts.
    pub fn builder() -> ConfigBuilder {
        ConfigBuilder::default()
    }

    /// The region.
    pub fn region(&self) -> &str {
        &self.region
    }

    /// The endpoint given to the builder, if any (the client also honours
    /// `AWS_ENDPOINT_URL_<SERVICE>` and `AWS_ENDPOINT_URL`).
    pub fn endpoint_url(&self) -> Option<&str> {
        self.endpoint_url.as_deref()
    }

    /// The retry policy.
    pub fn retry(&self) -> RetryPolicy {
        self.retry
    }

    /// The longest one attempt may take.
    pub fn timeout(&self) -> Duration {
        self.timeout
    }

    /// The longest a whole call may take, across its attempts and waits.
    pub fn operation_timeout(&self) -> Option<Duration> {
        self.operation_timeout
    }

    /// The connect timeout.
    pub fn connect_timeout(&self) -> Duration {
        self.connect_timeout
    }

    /// Whether the FIPS endpoint is used.
    pub fn use_fips(&self) -> bool {
        self.use_fips
    }

    /// Whether the dual-stack (IPv4 and IPv6) endpoint is used.
    pub fn use_dual_stack(&self) -> bool {
        self.use_dual_stack
    }

    /// The credentials cache the client signs with.
    pub fn credentials_cache(&self) -> &CredentialsCache {
        &self.credentials
    }

    /// Whether operations with an `@endpoint` host prefix put it before the
    /// endpoint's host.
    pub fn inject_host_prefix(&self) -> bool {
        self.inject_host_prefix
    }

    /// When request bodies are compressed.
    pub fn request_compression(&self) -> RequestCompression {
        self.request_compression
    }
}

/// Builds a [`Config`].
#[derive(Debug, Clone, Default)]
pub struct ConfigBuilder {
    region: Option<String>,
    endpoint_url: Option<String>,
    credentials: Option<CredentialsSource>,
    timeout: Option<Duration>,
    operation_timeout: Option<Duration>,
    connect_timeout: Option<Duration>,
    retry: Option<RetryPolicy>,
    user_agent: Option<String>,
    transport: Option<Arc<dyn Transport>>,
    sleep: Option<Arc<dyn AsyncSleep>>,
    time: Option<Arc<dyn TimeSource>>,
    env: Option<Env>,
    use_fips: Option<bool>,
    use_dual_stack: Option<bool>,
    inject_host_prefix: Option<bool>,
    disable_request_compression: Option<bool>,
    request_min_compression_size_bytes: Option<u32>,
}

/// A configuration that cannot be built.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum ConfigError {
    /// No region: not on the builder, not in `AWS_REGION` / `AWS_DEFAULT_REGION`,
    /// not in the profile (nor from IMDS, with [`ConfigBuilder::load`]).
    MissingRegion,
    /// Credentials could not be found, or a credential source is misconfigured.
    Credentials(CredentialsError),
    /// The HTTP transport could not be created, or none is available.
    Transport(String),
    /// No [`AsyncSleep`]: the `rt-tokio` feature is off and none was given.
    MissingSleep,
    /// A setting holds a value it cannot take.
    InvalidSetting {
        /// The setting: the builder method, variable or profile key.
        name: String,
        /// What it held.
        value: String,
        /// What it takes.
        expected: &'static str,
    },
}

impl std::fmt::Display for ConfigError {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        match self {
            ConfigError::MissingRegion => f.write_str(
                "no region: set it on the builder, in AWS_REGION, or as `region` in the profile of ~/.aws/config \
                 (on EC2, `ConfigBuilder::load` also asks the instance metadata service)",
            ),
            ConfigError::Credentials(e) => write!(f, "{e}"),
            ConfigError::Transport(m) => write!(f, "no transport: {m}"),
            ConfigError::MissingSleep => {
                f.write_str("no sleep: the `rt-tokio` feature is off; give the builder an `AsyncSleep`")
            }
            ConfigError::InvalidSetting { name, value, expected } => {
                write!(f, "{name}: expected {expected}, found `{value}`")
            }
        }
    }
}

impl std::error::Error for ConfigError {}

impl ConfigBuilder {
    /// The region, such as `us-east-1`. Defaults to `AWS_REGION`, then
    /// `AWS_DEFAULT_REGION`, then the profile's `region`.
    pub fn region(mut self, region: impl Into<String>) -> Self {
        self.region = Some(region.into());
        self
    }

    /// Sends requests here instead of the service's regional endpoint (local
    /// servers, VPC endpoints, tests). Defaults to `AWS_ENDPOINT_URL_<SERVICE>`
    /// (`AWS_ENDPOINT_URL_SAGEMAKER`), then `AWS_ENDPOINT_URL`.
    pub fn endpoint_url(mut self, url: impl Into<String>) -> Self {
        self.endpoint_url = Some(url.into().trim_end_matches('/').to_owned());
        self
    }

    /// Explicit credentials.
    pub fn credentials(mut self, credentials: Credentials) -> Self {
        self.credentials = Some(CredentialsSource::Static(credentials));
        self
    }

    /// Credentials from any provider, cached by the client.
    pub fn credentials_provider(mut self, provider: impl ProvideCredentials + 'static) -> Self {
        self.credentials = Some(CredentialsSource::Provider(Arc::new(provider)));
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

    /// The longest a whole call may take, across every attempt and the waits
    /// between them. None by default.
    pub fn operation_timeout(mut self, timeout: Duration) -> Self {
        self.operation_timeout = Some(timeout);
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

    /// Sleeps through this instead of Tokio's timer (for other async runtimes).
    pub fn sleep(mut self, sleep: impl AsyncSleep + 'static) -> Self {
        self.sleep = Some(Arc::new(sleep));
        self
    }

    /// Reads the time from this clock instead of the system's (for tests).
    pub fn time_source(mut self, time: impl TimeSource + 'static) -> Self {
        self.time = Some(Arc::new(time));
        self
    }

    /// Uses the FIPS 140 endpoint. Defaults to `AWS_USE_FIPS_ENDPOINT`, then the
    /// profile's `use_fips_endpoint`.
    pub fn use_fips(mut self, fips: bool) -> Self {
        self.use_fips = Some(fips);
        self
    }

    /// Uses the dual-stack (IPv4 and IPv6) endpoint. Defaults to
    /// `AWS_USE_DUALSTACK_ENDPOINT`, then the profile's `use_dualstack_endpoint`.
    pub fn use_dual_stack(mut self, dual_stack: bool) -> Self {
        self.use_dual_stack = Some(dual_stack);
        self
    }

    /// Whether operations with an `@endpoint` host prefix put it before the
    /// endpoint's host (on by default; off for endpoints that cannot take it).
    pub fn inject_host_prefix(mut self, inject: bool) -> Self {
        self.inject_host_prefix = Some(inject);
        self
    }

    /// Never compresses request bodies. Defaults to
    /// `AWS_DISABLE_REQUEST_COMPRESSION`, then the profile's
    /// `disable_request_compression`.
    pub fn disable_request_compression(mut self, disable: bool) -> Self {
        self.disable_request_compression = Some(disable);
        self
    }

    /// Compresses the bodies of operations that ask for it from this size on
    /// (10,240 bytes by default, at most 10,485,760). Defaults to
    /// `AWS_REQUEST_MIN_COMPRESSION_SIZE_BYTES`, then the profile's
    /// `request_min_compression_size_bytes`.
    pub fn request_min_compression_size_bytes(mut self, bytes: u32) -> Self {
        self.request_min_compression_size_bytes = Some(bytes);
        self
    }

    /// Reads configuration from these variables instead of the process's
    /// environment (for tests, and for programs that keep several setups).
    pub fn env(mut self, env: Env) -> Self {
        self.env = Some(env);
        self
    }

    /// Resolves the region and chooses the credentials source, and creates the
    /// transport. Reads files, never the network.
    pub fn build(self) -> Result<Config, ConfigError> {
        self.build_with_region(None)
    }

    /// As [`build`](Self::build), and when no region is configured, asks the
    /// EC2 instance metadata service for the instance's region.
    pub async fn load(self) -> Result<Config, ConfigError> {
        let env = self.env.clone().unwrap_or_else(Env::real);
        if self.region.is_some() || configured_region(&env, &ProfileFilesOnce::default())?.is_some() {
            return self.build();
        }
        let Runtime { transport, sleep, time } = self.runtime(&env)?;
        let http = ProviderHttp::new(transport, sleep, time);
        let region = match ImdsProvider::from_env(&env, &http) {
            Some(imds) => imds.region().await.map_err(|_| ConfigError::MissingRegion)?,
            None => return Err(ConfigError::MissingRegion),
        };
        self.build_with_region(Some(region))
    }

    fn runtime(&self, env: &Env) -> Result<Runtime, ConfigError> {
        let connect_timeout = self.connect_timeout.unwrap_or(Duration::from_secs(10));
        let transport = match &self.transport {
            Some(t) => Arc::clone(t),
            None => default_transport(connect_timeout, env)?,
        };
        let sleep = self.sleep.clone().or_else(super::rt::default_sleep).ok_or(ConfigError::MissingSleep)?;
        let time = self.time.clone().unwrap_or_else(|| Arc::new(SystemClock));
        Ok(Runtime { transport, sleep, time })
    }

    fn build_with_region(self, found: Option<String>) -> Result<Config, ConfigError> {
        let env = self.env.clone().unwrap_or_else(Env::real);
        let files = ProfileFilesOnce::default();
        let region = match (&self.region, found) {
            (Some(region), _) => region.clone(),
            (None, Some(region)) => region,
            (None, None) => configured_region(&env, &files)?.ok_or(ConfigError::MissingRegion)?,
        };
        let Runtime { transport, sleep, time } = self.runtime(&env)?;
        let http = ProviderHttp::new(Arc::clone(&transport), Arc::clone(&sleep), Arc::clone(&time));
        let provider: Arc<dyn ProvideCredentials> = match self.credentials.unwrap_or(CredentialsSource::DefaultChain) {
            CredentialsSource::Static(c) => Arc::new(c),
            CredentialsSource::Provider(p) => p,
            CredentialsSource::DefaultChain => {
                Arc::new(DefaultChain::new(&env, &http).map_err(ConfigError::Credentials)?)
            }
        };
        let flag = |given: Option<bool>, variable: &str, setting: &str| -> Result<bool, ConfigError> {
            if let Some(given) = given {
                return Ok(given);
            }
            if let Some(value) = env.get(variable) {
                return Ok(value.trim().eq_ignore_ascii_case("true"));
            }
            Ok(files.get(&env)?.setting(&env.profile(), setting).is_some_and(|v| v.eq_ignore_ascii_case("true")))
        };
        let use_fips = flag(self.use_fips, "AWS_USE_FIPS_ENDPOINT", "use_fips_endpoint")?;
        let use_dual_stack = flag(self.use_dual_stack, "AWS_USE_DUALSTACK_ENDPOINT", "use_dualstack_endpoint")?;
        let disabled =
            flag(self.disable_request_compression, "AWS_DISABLE_REQUEST_COMPRESSION", "disable_request_compression")?;
        let min_size_bytes = match self.request_min_compression_size_bytes {
            Some(bytes) => check_min_compression_size("request_min_compression_size_bytes", &bytes.to_string())?,
            None => match env.get("AWS_REQUEST_MIN_COMPRESSION_SIZE_BYTES") {
                Some(value) => check_min_compression_size("AWS_REQUEST_MIN_COMPRESSION_SIZE_BYTES", value)?,
                None => match files.get(&env)?.setting(&env.profile(), "request_min_compression_size_bytes") {
                    Some(value) => check_min_compression_size("request_min_compression_size_bytes", value)?,
                    None => RequestCompression::DEFAULT_MIN_SIZE,
                },
            },
        };
        Ok(Config {
            use_fips,
            use_dual_stack,
            inject_host_prefix: self.inject_host_prefix.unwrap_or(true),
            request_compression: RequestCompression { disabled, min_size_bytes },
            env: env.clone(),
            region,
            endpoint_url: self.endpoint_url,
            credentials: Arc::new(CredentialsCache::new(provider, Arc::clone(&time))),
            timeout: self.timeout.unwrap_or(Duration::from_secs(60)),
            operation_timeout: self.operation_timeout,
            connect_timeout: self.connect_timeout.unwrap_or(Duration::from_secs(10)),
            retry: self.retry.unwrap_or_default(),
            user_agent: self.user_agent,
            transport,
            sleep,
            time,
        })
    }
}

/// A compression threshold: a whole number of bytes from 0 to 10,485,760.
fn check_min_compression_size(name: &str, value: &str) -> Result<u32, ConfigError> {
    value.trim().parse::<u32>().ok().filter(|b| *b <= RequestCompression::MAX_MIN_SIZE).ok_or_else(|| {
        ConfigError::InvalidSetting {
            name: name.to_owned(),
            value: value.to_owned(),
            expected: "a whole number of bytes from 0 to 10485760",
        }
    })
}

/// What the builder resolves before anything else: the transport, the sleep
/// and the clock.
struct Runtime {
    transport: Arc<dyn Transport>,
    sleep: Arc<dyn AsyncSleep>,
    time: Arc<dyn TimeSource>,
}

/// The shared files, read when first needed and at most once per build.
#[derive(Default)]
struct ProfileFilesOnce(std::cell::OnceCell<ProfileFiles>);

impl ProfileFilesOnce {
    fn get(&self, env: &Env) -> Result<&ProfileFiles, ConfigError> {
        if let Some(files) = self.0.get() {
            return Ok(files);
        }
        let files = ProfileFiles::load(env).map_err(ConfigError::Credentials)?;
        Ok(self.0.get_or_init(|| files))
    }
}

/// The region of the environment, else of the profile in the shared files.
fn configured_region(env: &Env, files: &ProfileFilesOnce) -> Result<Option<String>, ConfigError> {
    if let Some(region) = env.region() {
        return Ok(Some(region));
    }
    Ok(files.get(env)?.setting(&env.profile(), "region").map(str::to_owned))
}

#[cfg(feature = "rustls")]
fn default_transport(connect_timeout: Duration, env: &Env) -> Result<Arc<dyn Transport>, ConfigError> {
    let ca_bundle = env.get("AWS_CA_BUNDLE").map(std::path::PathBuf::from);
    super::transport::HttpTransport::with_ca_bundle(connect_timeout, ca_bundle.as_deref())
        .map(|t| Arc::new(t) as Arc<dyn Transport>)
        .map_err(|e| ConfigError::Transport(e.to_string()))
}

#[cfg(not(feature = "rustls"))]
fn default_transport(_connect_timeout: Duration, _env: &Env) -> Result<Arc<dyn Transport>, ConfigError> {
    Err(ConfigError::Transport("the `rustls` feature is off; give the builder a transport".into()))
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn the_region_is_read_from_the_shared_config_file() {
        let path = std::env::temp_dir().join(format!("awsjson-config-{}", std::process::id()));
        std::fs::write(&path, "[default]\nregion = eu-west-1\n\n[profile ci]\nregion = cn-north-1\noutput=json\n\n[ci]\nregion = ignored\n")
            .unwrap();
        let file = path.display().to_string();
        let region = |profile: Option<&str>| {
            let mut vars = vec![("AWS_CONFIG_FILE", file.clone()), ("HOME", "/nonexistent".to_owned())];
            if let Some(p) = profile {
                vars.push(("AWS_PROFILE", p.to_owned()));
            }
            configured_region(&Env::from_vars(vars), &ProfileFilesOnce::default()).unwrap()
        };
        assert_eq!(region(None).as_deref(), Some("eu-west-1"));
        assert_eq!(region(Some("ci")).as_deref(), Some("cn-north-1"));
        assert_eq!(region(Some("missing")), None);
        let env = Env::from_vars([("AWS_REGION", "us-west-2"), ("AWS_CONFIG_FILE", file.as_str())]);
        assert_eq!(configured_region(&env, &ProfileFilesOnce::default()).unwrap().as_deref(), Some("us-west-2"));
        std::fs::remove_file(&path).unwrap();
    }

    #[test]
    fn compression_thresholds_are_whole_bytes_up_to_ten_mebibytes() {
        assert_eq!(check_min_compression_size("x", "0"), Ok(0));
        assert_eq!(check_min_compression_size("x", " 10485760 "), Ok(RequestCompression::MAX_MIN_SIZE));
        for bad in ["10485761", "-1", "1e3", ""] {
            let error = check_min_compression_size("AWS_REQUEST_MIN_COMPRESSION_SIZE_BYTES", bad).unwrap_err();
            assert!(error.to_string().starts_with("AWS_REQUEST_MIN_COMPRESSION_SIZE_BYTES: expected a whole number"));
        }
    }

    #[cfg(feature = "rustls")]
    #[test]
    fn compression_settings_come_from_the_environment() {
        let build = |vars: &[(&str, &str)]| {
            let mut all = vec![("AWS_CONFIG_FILE", "/nonexistent"), ("AWS_SHARED_CREDENTIALS_FILE", "/nonexistent")];
            all.extend_from_slice(vars);
            Config::builder()
                .region("us-east-1")
                .credentials(Credentials::new("AKID", "secret", None))
                .env(Env::from_vars(all))
                .build()
        };
        assert_eq!(build(&[]).unwrap().request_compression(), RequestCompression::default());
        let config =
            build(&[("AWS_DISABLE_REQUEST_COMPRESSION", "true"), ("AWS_REQUEST_MIN_COMPRESSION_SIZE_BYTES", "128")]);
        assert_eq!(config.unwrap().request_compression(), RequestCompression { disabled: true, min_size_bytes: 128 });
        let error = build(&[("AWS_REQUEST_MIN_COMPRESSION_SIZE_BYTES", "lots")]).unwrap_err();
        assert!(matches!(error, ConfigError::InvalidSetting { .. }), "{error}");
    }
}
