//! AWS IAM Identity Center (SSO): the token `aws sso login` caches in
//! `~/.aws/sso/cache/`, exchanged at the SSO portal for role credentials.
//! The token is not refreshed here: when it has expired, the error says to
//! run `aws sso login` again.

use super::env::Env;
use super::http::{encode, request, snippet, ProviderHttp};
use super::profile::{ProfileFiles, Settings};
use super::{Credentials, CredentialsError, CredentialsFuture, ProvideCredentials};
use crate::{Document, ReadJson};
use std::path::PathBuf;
use std::time::{Duration, SystemTime};

const SSO_TIMEOUT: Duration = Duration::from_secs(10);

/// Role credentials from the SSO portal, for a profile with `sso_session` (or
/// the older `sso_start_url`), `sso_account_id` and `sso_role_name`.
#[derive(Debug, Clone)]
pub struct SsoProvider {
    profile: String,
    account_id: String,
    role_name: String,
    region: String,
    /// The token cache file `aws sso login` writes.
    token_file: PathBuf,
    env: Env,
    http: ProviderHttp,
}

impl SsoProvider {
    pub(crate) fn from_profile(
        files: &ProfileFiles,
        name: &str,
        settings: &Settings,
        env: &Env,
        http: &ProviderHttp,
    ) -> Result<Self, CredentialsError> {
        let where_ = files.described();
        let get = |s: &Settings, key: &str| s.get(key).map(String::as_str).filter(|v| !v.is_empty()).map(str::to_owned);
        let need = |key: &str| {
            get(settings, key)
                .ok_or_else(|| CredentialsError::new(format!("{where_}: SSO profile [{name}] has no {key}")))
        };
        let (cache_key, region) = match get(settings, "sso_session") {
            Some(session) => {
                let section = files.sso_session(&session).ok_or_else(|| {
                    CredentialsError::new(format!(
                        "{where_}: profile [{name}] names [sso-session {session}], which is missing"
                    ))
                })?;
                let region = get(section, "sso_region").ok_or_else(|| {
                    CredentialsError::new(format!("{where_}: [sso-session {session}] has no sso_region"))
                })?;
                (session, region)
            }
            None => (need("sso_start_url")?, need("sso_region")?),
        };
        let home =
            env.home().ok_or_else(|| CredentialsError::new("SSO: no home folder (HOME) for ~/.aws/sso/cache"))?;
        let token_file = home.join(".aws/sso/cache").join(format!("{}.json", sha1_hex(&cache_key)));
        Ok(SsoProvider {
            profile: name.to_owned(),
            account_id: need("sso_account_id")?,
            role_name: need("sso_role_name")?,
            region,
            token_file,
            env: env.clone(),
            http: http.clone(),
        })
    }

    fn token(&self, now: SystemTime) -> Result<String, CredentialsError> {
        let file = self.token_file.display();
        let login = format!("run `aws sso login --profile {}`", self.profile);
        let text = std::fs::read(&self.token_file)
            .map_err(|e| CredentialsError::new(format!("SSO: {file}: cannot read the token cache ({e}); {login}")))?;
        let fields = match crate::JsonReader::from_bytes(&text).ok().and_then(|mut r| Document::read_json(&mut r).ok())
        {
            Some(Document::Object(fields)) => fields,
            _ => return Err(CredentialsError::new(format!("SSO: {file}: not a JSON object; {login}"))),
        };
        let text_of = |key: &str| match fields.get(key) {
            Some(Document::String(s)) if !s.is_empty() => Some(s.as_str()),
            _ => None,
        };
        let token = text_of("accessToken")
            .ok_or_else(|| CredentialsError::new(format!("SSO: {file}: no accessToken; {login}")))?;
        let expires =
            text_of("expiresAt").ok_or_else(|| CredentialsError::new(format!("SSO: {file}: no expiresAt; {login}")))?;
        let normalized = expires.strip_suffix("UTC").map_or_else(|| expires.to_owned(), |t| format!("{t}Z"));
        let expiry = super::parse_expiry(&normalized)
            .ok_or_else(|| CredentialsError::new(format!("SSO: {file}: expiresAt {expires} is not a date-time")))?;
        if expiry <= now {
            return Err(CredentialsError::new(format!("SSO: the token in {file} expired at {expires}; {login}")));
        }
        Ok(token.to_owned())
    }

    async fn fetch(&self) -> Result<Credentials, CredentialsError> {
        let token = self.token(self.http.time.now())?;
        let portal = self.env.endpoint_url("SSO").unwrap_or_else(|| {
            format!("https://portal.sso.{}.{}", self.region, crate::client::dns_suffix(&self.region))
        });
        let url = format!(
            "{portal}/federation/credentials?account_id={}&role_name={}",
            encode(&self.account_id),
            encode(&self.role_name)
        );
        let req = request("GET", &url, vec![("x-amz-sso_bearer_token".to_owned(), token)], Vec::new());
        let what = format!("SSO GetRoleCredentials for {} in {}", self.role_name, self.account_id);
        let response = self.http.send(req, SSO_TIMEOUT, &what).await?;
        if !(200..300).contains(&response.status) {
            return Err(CredentialsError::new(format!("{what}: HTTP {}: {}", response.status, snippet(&response))));
        }
        let bad = |m: &str| CredentialsError::new(format!("{what}: the answer {m}"));
        let document = crate::JsonReader::from_bytes(&response.body)
            .ok()
            .and_then(|mut r| Document::read_json(&mut r).ok())
            .ok_or_else(|| bad("is not JSON"))?;
        let Document::Object(top) = document else { return Err(bad("is not an object")) };
        let Some(Document::Object(role)) = top.get("roleCredentials") else {
            return Err(bad("has no roleCredentials"));
        };
        let text = |key: &str| match role.get(key) {
            Some(Document::String(s)) if !s.is_empty() => Ok(s.clone()),
            _ => Err(bad(&format!("has no roleCredentials.{key}"))),
        };
        let expiry = match role.get("expiration") {
            Some(Document::Integer(millis)) if *millis >= 0 => {
                SystemTime::UNIX_EPOCH + Duration::from_millis(*millis as u64)
            }
            _ => return Err(bad("has no roleCredentials.expiration in epoch milliseconds")),
        };
        Ok(Credentials::new(text("accessKeyId")?, text("secretAccessKey")?, Some(text("sessionToken")?))
            .with_expiry(Some(expiry)))
    }
}

impl ProvideCredentials for SsoProvider {
    fn provide_credentials(&self) -> CredentialsFuture<'_> {
        Box::pin(self.fetch())
    }
}

/// The token cache's file name: the SHA-1 of the session name (or start URL), in hex.
fn sha1_hex(text: &str) -> String {
    use sha1::Digest;
    sha1::Sha1::digest(text.as_bytes()).iter().map(|b| format!("{b:02x}")).collect()
}

#[cfg(test)]
mod tests {
    #[test]
    fn the_cache_file_is_named_as_the_cli_names_it() {
        // FIPS 180's test vector for "abc".
        assert_eq!(super::sha1_hex("abc"), "a9993e364706816aba3e25717850c26c9cd0d89d");
    }
}
