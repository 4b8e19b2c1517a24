//! The EC2 instance metadata service, version 2 only: a session token from a
//! `PUT`, then the instance profile's role and its credentials, or the
//! instance's region. `AWS_EC2_METADATA_DISABLED=true` turns it off, and
//! `AWS_EC2_METADATA_SERVICE_ENDPOINT` (or `…_ENDPOINT_MODE=IPv6`) moves it.

use super::env::Env;
use super::http::{request, snippet, ProviderHttp};
use super::{credentials_from_json, Credentials, CredentialsError, CredentialsFuture, ProvideCredentials};
use std::time::Duration;

/// How long IMDS may take to answer each request: off EC2, nothing answers.
const IMDS_TIMEOUT: Duration = Duration::from_secs(1);
/// The session token's lifetime, in seconds.
const TOKEN_TTL: &str = "21600";

/// Credentials of the EC2 instance profile.
#[derive(Debug, Clone)]
pub struct ImdsProvider {
    endpoint: String,
    http: ProviderHttp,
}

impl ImdsProvider {
    /// The provider, unless the environment disables IMDS.
    pub(crate) fn from_env(env: &Env, http: &ProviderHttp) -> Option<Self> {
        if env.is_true("AWS_EC2_METADATA_DISABLED") {
            return None;
        }
        let endpoint = match env.get("AWS_EC2_METADATA_SERVICE_ENDPOINT") {
            Some(url) => url.trim_end_matches('/').to_owned(),
            None if env
                .get("AWS_EC2_METADATA_SERVICE_ENDPOINT_MODE")
                .is_some_and(|m| m.eq_ignore_ascii_case("IPv6")) =>
            {
                "http://[fd00:ec2::254]".to_owned()
            }
            None => "http://169.254.169.254".to_owned(),
        };
        Some(ImdsProvider { endpoint, http: http.clone() })
    }

    /// The metadata service's address.
    pub fn endpoint(&self) -> &str {
        &self.endpoint
    }

    async fn token(&self) -> Result<String, CredentialsError> {
        let url = format!("{}/latest/api/token", self.endpoint);
        let req = request(
            "PUT",
            &url,
            vec![("x-aws-ec2-metadata-token-ttl-seconds".to_owned(), TOKEN_TTL.to_owned())],
            Vec::new(),
        );
        let response = self.http.send(req, IMDS_TIMEOUT, "IMDS").await?;
        if response.status != 200 {
            return Err(CredentialsError::new(format!("IMDS: {url}: HTTP {} for the session token", response.status)));
        }
        String::from_utf8(response.body)
            .map(|t| t.trim().to_owned())
            .map_err(|_| CredentialsError::new(format!("IMDS: {url}: a session token that is not text")))
    }

    async fn get(&self, token: &str, path: &str) -> Result<Vec<u8>, CredentialsError> {
        let url = format!("{}{path}", self.endpoint);
        let req = request("GET", &url, vec![("x-aws-ec2-metadata-token".to_owned(), token.to_owned())], Vec::new());
        let response = self.http.send(req, IMDS_TIMEOUT, "IMDS").await?;
        if response.status != 200 {
            let hint = if response.status == 404 { " (does the instance have an instance profile?)" } else { "" };
            return Err(CredentialsError::new(format!(
                "IMDS: {url}: HTTP {}{hint}: {}",
                response.status,
                snippet(&response)
            )));
        }
        Ok(response.body)
    }

    async fn fetch(&self) -> Result<Credentials, CredentialsError> {
        const ROLES: &str = "/latest/meta-data/iam/security-credentials/";
        let token = self.token().await?;
        let roles = self.get(&token, ROLES).await?;
        let roles = String::from_utf8_lossy(&roles);
        let role = roles
            .lines()
            .map(str::trim)
            .find(|l| !l.is_empty())
            .ok_or_else(|| CredentialsError::new(format!("IMDS: {}{ROLES} lists no role", self.endpoint)))?
            .to_owned();
        let body = self.get(&token, &format!("{ROLES}{role}")).await?;
        credentials_from_json(&body, "Token", &format!("IMDS role {role}"))
    }

    /// The instance's region (`/latest/meta-data/placement/region`).
    pub async fn region(&self) -> Result<String, CredentialsError> {
        let token = self.token().await?;
        let body = self.get(&token, "/latest/meta-data/placement/region").await?;
        let region = String::from_utf8_lossy(&body).trim().to_owned();
        if region.is_empty() || !region.bytes().all(|b| b.is_ascii_alphanumeric() || b == b'-') {
            return Err(CredentialsError::new(format!("IMDS: the region {region:?} is not a region name")));
        }
        Ok(region)
    }
}

impl ProvideCredentials for ImdsProvider {
    fn provide_credentials(&self) -> CredentialsFuture<'_> {
        Box::pin(self.fetch())
    }
}
