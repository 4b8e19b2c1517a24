//! The container credentials endpoint: ECS tasks
//! (`AWS_CONTAINER_CREDENTIALS_RELATIVE_URI`, served at 169.254.170.2) and EKS
//! Pod Identity or any local agent (`AWS_CONTAINER_CREDENTIALS_FULL_URI`), with
//! `AWS_CONTAINER_AUTHORIZATION_TOKEN_FILE` or `AWS_CONTAINER_AUTHORIZATION_TOKEN`.

use super::env::Env;
use super::http::{request, snippet, ProviderHttp};
use super::{credentials_from_json, Credentials, CredentialsError, CredentialsFuture, ProvideCredentials};
use std::time::Duration;

const CONTAINER_TIMEOUT: Duration = Duration::from_secs(5);
const ECS_HOST: &str = "http://169.254.170.2";

/// Credentials from the container endpoint.
#[derive(Debug, Clone)]
pub struct ContainerProvider {
    url: String,
    env: Env,
    http: ProviderHttp,
}

impl ContainerProvider {
    /// The provider the environment configures; `Ok(None)` when it configures
    /// none, an error for a full URI the SDKs refuse (plain HTTP to a host
    /// that is neither loopback nor the ECS or EKS link-local address).
    pub(crate) fn from_env(env: &Env, http: &ProviderHttp) -> Result<Option<Self>, CredentialsError> {
        let url = if let Some(relative) = env.get("AWS_CONTAINER_CREDENTIALS_RELATIVE_URI") {
            format!("{ECS_HOST}/{}", relative.trim_start_matches('/'))
        } else if let Some(full) = env.get("AWS_CONTAINER_CREDENTIALS_FULL_URI") {
            if !allowed(full) {
                return Err(CredentialsError::new(format!(
                    "AWS_CONTAINER_CREDENTIALS_FULL_URI {full}: plain HTTP is allowed only to loopback, \
                     169.254.170.2 or 169.254.170.23; use HTTPS"
                )));
            }
            full.to_owned()
        } else {
            return Ok(None);
        };
        Ok(Some(ContainerProvider { url, env: env.clone(), http: http.clone() }))
    }

    fn authorization(&self) -> Result<Option<String>, CredentialsError> {
        if let Some(path) = self.env.get("AWS_CONTAINER_AUTHORIZATION_TOKEN_FILE") {
            let token = std::fs::read_to_string(path).map_err(|e| {
                CredentialsError::new(format!("{path}: cannot read the container authorization token: {e}"))
            })?;
            return Ok(Some(token.trim().to_owned()));
        }
        Ok(self.env.get("AWS_CONTAINER_AUTHORIZATION_TOKEN").map(str::to_owned))
    }

    async fn fetch(&self) -> Result<Credentials, CredentialsError> {
        let mut headers = vec![("accept".to_owned(), "application/json".to_owned())];
        if let Some(token) = self.authorization()? {
            if token.contains(['\r', '\n']) {
                return Err(CredentialsError::new("the container authorization token holds a line break"));
            }
            headers.push(("authorization".to_owned(), token));
        }
        let what = format!("the container endpoint {}", self.url);
        let response = self.http.send(request("GET", &self.url, headers, Vec::new()), CONTAINER_TIMEOUT, &what).await?;
        if !(200..300).contains(&response.status) {
            return Err(CredentialsError::new(format!("{what}: HTTP {}: {}", response.status, snippet(&response))));
        }
        credentials_from_json(&response.body, "Token", &what)
    }
}

impl ProvideCredentials for ContainerProvider {
    fn provide_credentials(&self) -> CredentialsFuture<'_> {
        Box::pin(self.fetch())
    }
}

/// Whether a full URI may be used: HTTPS, or HTTP to loopback or the ECS and
/// EKS addresses.
fn allowed(url: &str) -> bool {
    let Some(rest) = url.strip_prefix("http://") else { return url.starts_with("https://") };
    let authority = rest.split('/').next().unwrap_or_default();
    let host = match authority.strip_prefix('[') {
        Some(v6) => v6.split(']').next().unwrap_or_default(),
        None => authority.rsplit_once(':').map_or(authority, |(h, _)| h),
    };
    match host.parse::<std::net::IpAddr>() {
        Ok(ip) => {
            ip.is_loopback()
                || ip == std::net::IpAddr::from([169, 254, 170, 2])
                || ip == std::net::IpAddr::from([169, 254, 170, 23])
                || host.eq_ignore_ascii_case("fd00:ec2::23")
        }
        Err(_) => host.eq_ignore_ascii_case("localhost"),
    }
}

#[cfg(test)]
mod tests {
    #[test]
    fn plain_http_only_to_local_addresses() {
        for ok in [
            "http://127.0.0.1:8080/creds",
            "http://169.254.170.23/v1/credentials",
            "http://[::1]:9/x",
            "https://x.example/c",
        ] {
            assert!(super::allowed(ok), "{ok}");
        }
        for bad in ["http://10.0.0.1/creds", "http://example.com/c", "ftp://127.0.0.1/"] {
            assert!(!super::allowed(bad), "{bad}");
        }
    }
}
