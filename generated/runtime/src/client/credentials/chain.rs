//! The AWS SDKs' default credentials chain.

use super::container::ContainerProvider;
use super::env::Env;
use super::http::ProviderHttp;
use super::imds::ImdsProvider;
use super::profile::{ProfileFiles, ProfileProvider};
use super::sts::WebIdentityProvider;
use super::{CredentialsError, CredentialsFuture, ProvideCredentials};
use std::sync::Arc;

/// The first source the environment configures, in the SDKs' order:
/// 1. `AWS_ACCESS_KEY_ID` and `AWS_SECRET_ACCESS_KEY`;
/// 2. the profile `AWS_PROFILE` (else `default`) of the shared files: keys,
///    `credential_process`, `role_arn` with `source_profile` or
///    `credential_source`, `web_identity_token_file`, SSO;
/// 3. `AWS_WEB_IDENTITY_TOKEN_FILE` with `AWS_ROLE_ARN`;
/// 4. the container endpoint (`AWS_CONTAINER_CREDENTIALS_RELATIVE_URI` or `…_FULL_URI`);
/// 5. IMDSv2, unless `AWS_EC2_METADATA_DISABLED=true`.
///
/// The source is chosen once, from configuration alone; it fetches when first
/// asked. A configured source that fails is an error: the chain does not fall
/// through to the next one, so a broken profile is never papered over by the
/// instance's role.
#[derive(Debug, Clone)]
pub struct DefaultChain {
    source: Arc<dyn ProvideCredentials>,
    name: String,
}

impl DefaultChain {
    /// Chooses the source. An error when a configured source is malformed, or
    /// when nothing is configured and IMDS is disabled.
    pub fn new(env: &Env, http: &ProviderHttp) -> Result<Self, CredentialsError> {
        if let Some(keys) = super::env::keys(env) {
            return Ok(DefaultChain { source: Arc::new(keys?), name: "environment".to_owned() });
        }
        let files = ProfileFiles::load(env)?;
        let profile = env.profile();
        if let Some(provider) = ProfileProvider::new(&files, &profile, env, http)? {
            return Ok(DefaultChain { source: Arc::new(provider), name: format!("profile {profile}") });
        }
        if env.get("AWS_PROFILE").is_some() && files.profile(&profile).is_none() {
            return Err(CredentialsError::new(format!(
                "AWS_PROFILE is {profile}, but {} has no such profile",
                files.described()
            )));
        }
        if let Some(provider) = WebIdentityProvider::from_env(env, http) {
            return Ok(DefaultChain { source: Arc::new(provider), name: "web identity".to_owned() });
        }
        if let Some(provider) = ContainerProvider::from_env(env, http)? {
            return Ok(DefaultChain { source: Arc::new(provider), name: "container endpoint".to_owned() });
        }
        if let Some(provider) = ImdsProvider::from_env(env, http) {
            return Ok(DefaultChain { source: Arc::new(provider), name: "IMDS".to_owned() });
        }
        Err(CredentialsError::new(format!(
            "no credentials: AWS_ACCESS_KEY_ID is not set, profile [{profile}] of {} sets none, \
             AWS_WEB_IDENTITY_TOKEN_FILE and the container endpoint variables are not set, and \
             AWS_EC2_METADATA_DISABLED is true",
            files.described()
        )))
    }

    /// Which source the chain chose: `environment`, `profile NAME`, `web
    /// identity`, `container endpoint` or `IMDS`.
    pub fn source_name(&self) -> &str {
        &self.name
    }
}

impl ProvideCredentials for DefaultChain {
    fn provide_credentials(&self) -> CredentialsFuture<'_> {
        self.source.provide_credentials()
    }
}
