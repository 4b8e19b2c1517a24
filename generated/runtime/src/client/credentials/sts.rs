//! AWS STS: `AssumeRole` (a profile's `role_arn`, signed with the source
//! profile's credentials) and `AssumeRoleWithWebIdentity` (a token file: EKS
//! service accounts, CI with OIDC). STS speaks the AWS query protocol: a form
//! body and an XML answer.

use super::env::Env;
use super::http::{encode, request, snippet, ProviderHttp};
use super::{parse_expiry, Credentials, CredentialsError, CredentialsFuture, ProvideCredentials};
use std::path::PathBuf;
use std::time::{Duration, SystemTime};

/// How long STS may take to answer.
const STS_TIMEOUT: Duration = Duration::from_secs(10);

/// Where STS is: `AWS_ENDPOINT_URL_STS` or `AWS_ENDPOINT_URL`, else the
/// regional endpoint, else the global one.
pub(crate) fn endpoint(env: &Env, region: Option<&str>) -> (String, String) {
    let region = region.unwrap_or("us-east-1").to_owned();
    let url = env
        .endpoint_url("STS")
        .unwrap_or_else(|| format!("https://sts.{region}.{}", crate::client::dns_suffix(&region)));
    (url, region)
}

/// A session name for a role: the one given, else one from the time.
pub(crate) fn session_name(given: Option<&str>, now: SystemTime) -> String {
    match given {
        Some(name) => name.to_owned(),
        None => {
            format!("aws-protocols-runtime-{}", now.duration_since(SystemTime::UNIX_EPOCH).map_or(0, |d| d.as_millis()))
        }
    }
}

/// The parameters of an `AssumeRole` call.
#[derive(Debug, Clone)]
pub(crate) struct AssumeRole {
    pub(crate) role_arn: String,
    pub(crate) session_name: Option<String>,
    pub(crate) external_id: Option<String>,
    pub(crate) duration_seconds: Option<u32>,
    pub(crate) region: Option<String>,
}

impl AssumeRole {
    /// Calls `AssumeRole` with `source` credentials.
    pub(crate) async fn call(
        &self,
        source: &Credentials,
        env: &Env,
        http: &ProviderHttp,
    ) -> Result<Credentials, CredentialsError> {
        let (url, region) = endpoint(env, self.region.as_deref());
        let now = http.time.now();
        let mut form = vec![
            ("Action", "AssumeRole".to_owned()),
            ("Version", "2011-06-15".to_owned()),
            ("RoleArn", self.role_arn.clone()),
            ("RoleSessionName", session_name(self.session_name.as_deref(), now)),
        ];
        if let Some(id) = &self.external_id {
            form.push(("ExternalId", id.clone()));
        }
        if let Some(seconds) = self.duration_seconds {
            form.push(("DurationSeconds", seconds.to_string()));
        }
        let mut req = request("POST", &format!("{url}/"), form_headers(), form_body(&form));
        let payload = crate::client::signing::bytes_hash(&req.body);
        crate::client::signing::sign(&mut req, &payload, source, &region, "sts", now, &Default::default())
            .map_err(|e| CredentialsError::new(format!("AssumeRole {}: cannot sign: {e}", self.role_arn)))?;
        let what = format!("STS AssumeRole for {}", self.role_arn);
        let response = http.send(req, STS_TIMEOUT, &what).await?;
        read_credentials(&response, "AssumeRoleResult", &what)
    }
}

/// Credentials from a web identity token file and a role:
/// `AWS_WEB_IDENTITY_TOKEN_FILE`, `AWS_ROLE_ARN` and `AWS_ROLE_SESSION_NAME`,
/// or a profile's `web_identity_token_file`. The file is read at every
/// refresh, since the platform rotates it.
#[derive(Debug, Clone)]
pub struct WebIdentityProvider {
    pub(crate) token_file: PathBuf,
    pub(crate) role_arn: String,
    pub(crate) session_name: Option<String>,
    pub(crate) region: Option<String>,
    pub(crate) env: Env,
    pub(crate) http: ProviderHttp,
}

impl WebIdentityProvider {
    /// The provider the environment configures, if it does.
    pub(crate) fn from_env(env: &Env, http: &ProviderHttp) -> Option<Self> {
        let token_file = env.get("AWS_WEB_IDENTITY_TOKEN_FILE")?;
        let role_arn = env.get("AWS_ROLE_ARN")?;
        Some(WebIdentityProvider {
            token_file: PathBuf::from(token_file),
            role_arn: role_arn.to_owned(),
            session_name: env.get("AWS_ROLE_SESSION_NAME").map(str::to_owned),
            region: env.region(),
            env: env.clone(),
            http: http.clone(),
        })
    }

    async fn fetch(&self) -> Result<Credentials, CredentialsError> {
        let token = std::fs::read_to_string(&self.token_file).map_err(|e| {
            CredentialsError::new(format!("{}: cannot read the web identity token: {e}", self.token_file.display()))
        })?;
        let (url, _) = endpoint(&self.env, self.region.as_deref());
        let form = [
            ("Action", "AssumeRoleWithWebIdentity".to_owned()),
            ("Version", "2011-06-15".to_owned()),
            ("RoleArn", self.role_arn.clone()),
            ("RoleSessionName", session_name(self.session_name.as_deref(), self.http.time.now())),
            ("WebIdentityToken", token.trim().to_owned()),
        ];
        let req = request("POST", &format!("{url}/"), form_headers(), form_body(&form));
        let what = format!("STS AssumeRoleWithWebIdentity for {}", self.role_arn);
        let response = self.http.send(req, STS_TIMEOUT, &what).await?;
        read_credentials(&response, "AssumeRoleWithWebIdentityResult", &what)
    }
}

impl ProvideCredentials for WebIdentityProvider {
    fn provide_credentials(&self) -> CredentialsFuture<'_> {
        Box::pin(self.fetch())
    }
}

fn form_headers() -> Vec<(String, String)> {
    vec![("content-type".to_owned(), "application/x-www-form-urlencoded; charset=utf-8".to_owned())]
}

fn form_body(form: &[(&str, String)]) -> Vec<u8> {
    form.iter().map(|(k, v)| format!("{k}={}", encode(v))).collect::<Vec<_>>().join("&").into_bytes()
}

/// The credentials of an STS answer, or its error's code and message.
fn read_credentials(
    response: &crate::client::HttpResponse,
    result: &str,
    what: &str,
) -> Result<Credentials, CredentialsError> {
    let text = std::str::from_utf8(&response.body).map_err(|_| {
        CredentialsError::new(format!("{what}: HTTP {} with a body that is not UTF-8", response.status))
    })?;
    if !(200..300).contains(&response.status) {
        let code = xml_element(text, "Code").unwrap_or_else(|| format!("HTTP {}", response.status));
        let message = xml_element(text, "Message").unwrap_or_else(|| snippet(response));
        return Err(CredentialsError::new(format!("{what}: {code}: {message}")));
    }
    let scope = xml_element(text, result)
        .and_then(|r| xml_element(&r, "Credentials"))
        .ok_or_else(|| CredentialsError::new(format!("{what}: the answer has no {result}/Credentials element")))?;
    let field = |name: &str| {
        xml_element(&scope, name)
            .ok_or_else(|| CredentialsError::new(format!("{what}: the answer's Credentials have no {name}")))
    };
    let expiration = field("Expiration")?;
    let expiry = parse_expiry(&expiration)
        .ok_or_else(|| CredentialsError::new(format!("{what}: Expiration {expiration} is not a date-time")))?;
    Ok(Credentials::new(field("AccessKeyId")?, field("SecretAccessKey")?, Some(field("SessionToken")?))
        .with_expiry(Some(expiry)))
}

/// The text of the first `<name>…</name>` element, entities decoded.
pub(crate) fn xml_element(text: &str, name: &str) -> Option<String> {
    let open = format!("<{name}>");
    let start = text.find(&open)? + open.len();
    let end = text[start..].find(&format!("</{name}>"))? + start;
    Some(
        text[start..end]
            .trim()
            .replace("&lt;", "<")
            .replace("&gt;", ">")
            .replace("&quot;", "\"")
            .replace("&apos;", "'")
            .replace("&amp;", "&"),
    )
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn answers_and_errors_are_read() {
        let ok = crate::client::HttpResponse {
            status: 200,
            headers: vec![],
            body:
                b"<AssumeRoleResponse><AssumeRoleResult><Credentials><AccessKeyId>ASIA</AccessKeyId>\
                    <SecretAccessKey>s</SecretAccessKey><SessionToken>t</SessionToken>\
                    <Expiration>2030-01-01T00:00:00Z</Expiration></Credentials></AssumeRoleResult></AssumeRoleResponse>"
                    .to_vec(),
        };
        let c = read_credentials(&ok, "AssumeRoleResult", "STS").unwrap();
        assert_eq!((c.access_key_id(), c.session_token()), ("ASIA", Some("t")));
        let denied = crate::client::HttpResponse {
            status: 403,
            headers: vec![],
            body: b"<ErrorResponse><Error><Code>AccessDenied</Code><Message>not allowed &amp; more</Message></Error></ErrorResponse>"
                .to_vec(),
        };
        let e = read_credentials(&denied, "AssumeRoleResult", "STS").unwrap_err();
        assert_eq!(e.message(), "STS: AccessDenied: not allowed & more");
        assert_eq!(form_body(&[("A", "x y/z".into()), ("B", "é".into())]), b"A=x%20y%2Fz&B=%C3%A9");
    }
}
