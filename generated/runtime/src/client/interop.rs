//! Reuse of the official SDK's configuration (feature `aws-config`): an
//! `aws_types::SdkConfig`, as `aws_config::load_from_env().await` gives it, or
//! any `aws-credential-types` credentials provider.

use super::config::ConfigBuilder;
use super::credentials::{Credentials, CredentialsError, CredentialsFuture, ProvideCredentials};

/// An `aws-credential-types` provider (`aws-config`'s default chain, its
/// assume-role or SSO providers, or your own) used as this client's provider.
#[derive(Debug, Clone)]
pub struct SdkCredentialsProvider(aws_credential_types::provider::SharedCredentialsProvider);

impl SdkCredentialsProvider {
    /// Wraps any `aws-credential-types` provider.
    pub fn new(provider: impl aws_credential_types::provider::ProvideCredentials + 'static) -> Self {
        SdkCredentialsProvider(aws_credential_types::provider::SharedCredentialsProvider::new(provider))
    }

    /// Wraps an already shared provider (what `SdkConfig` holds).
    pub fn shared(provider: aws_credential_types::provider::SharedCredentialsProvider) -> Self {
        SdkCredentialsProvider(provider)
    }
}

impl ProvideCredentials for SdkCredentialsProvider {
    fn provide_credentials(&self) -> CredentialsFuture<'_> {
        Box::pin(async move {
            use aws_credential_types::provider::ProvideCredentials as _;
            let sdk = self
                .0
                .provide_credentials()
                .await
                .map_err(|e| CredentialsError::new(format!("aws-config provider: {e}")))?;
            Ok(Credentials::new(sdk.access_key_id(), sdk.secret_access_key(), sdk.session_token().map(str::to_owned))
                .with_expiry(sdk.expiry()))
        })
    }
}

impl ConfigBuilder {
    /// A builder that takes from an `SdkConfig` what it sets: the region, the
    /// credentials provider (the client caches it again, harmlessly), and the
    /// endpoint URL. The rest keeps this builder's defaults.
    pub fn from_sdk_config(sdk: &aws_types::SdkConfig) -> Self {
        let mut builder = ConfigBuilder::default();
        if let Some(region) = sdk.region() {
            builder = builder.region(region.as_ref());
        }
        if let Some(provider) = sdk.credentials_provider() {
            builder = builder.credentials_provider(SdkCredentialsProvider::shared(provider));
        }
        if let Some(url) = sdk.endpoint_url() {
            builder = builder.endpoint_url(url);
        }
        builder
    }
}
