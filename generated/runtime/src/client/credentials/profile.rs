//! The shared config and credentials files, and the credentials a profile
//! names: keys, a `credential_process`, a role to assume (`role_arn` with
//! `source_profile` or `credential_source`), a web identity token file, or an
//! SSO session.

use super::env::Env;
use super::http::ProviderHttp;
use super::sso::SsoProvider;
use super::sts::{AssumeRole, WebIdentityProvider};
use super::{Credentials, CredentialsError, CredentialsFuture, ProvideCredentials};
use std::collections::BTreeMap;
use std::path::{Path, PathBuf};

/// One section's settings, keys in lower case.
pub(crate) type Settings = BTreeMap<String, String>;

/// The profiles and SSO sessions of the shared config file (`AWS_CONFIG_FILE`,
/// else `~/.aws/config`) and credentials file (`AWS_SHARED_CREDENTIALS_FILE`,
/// else `~/.aws/credentials`). A setting in the credentials file wins over the
/// same setting of the same profile in the config file. Missing files are empty.
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct ProfileFiles {
    profiles: BTreeMap<String, Settings>,
    sso_sessions: BTreeMap<String, Settings>,
    /// The files read, for error messages.
    read: Vec<PathBuf>,
}

impl ProfileFiles {
    /// Reads the files the environment names. A file that exists but cannot
    /// be read or parsed is an error naming it.
    pub fn load(env: &Env) -> Result<Self, CredentialsError> {
        let home = env.home();
        let config =
            env.get("AWS_CONFIG_FILE").map(PathBuf::from).or_else(|| home.as_ref().map(|h| h.join(".aws/config")));
        let credentials = env
            .get("AWS_SHARED_CREDENTIALS_FILE")
            .map(PathBuf::from)
            .or_else(|| home.as_ref().map(|h| h.join(".aws/credentials")));
        let mut files = ProfileFiles::default();
        if let Some(path) = config {
            files.read_file(&path, FileKind::Config)?;
        }
        if let Some(path) = credentials {
            files.read_file(&path, FileKind::Credentials)?;
        }
        Ok(files)
    }

    fn read_file(&mut self, path: &Path, kind: FileKind) -> Result<(), CredentialsError> {
        let text = match std::fs::read_to_string(path) {
            Ok(text) => text,
            Err(e) if e.kind() == std::io::ErrorKind::NotFound => return Ok(()),
            Err(e) => return Err(CredentialsError::new(format!("{}: cannot read: {e}", path.display()))),
        };
        let ini = ini::Ini::load_from_str(&text)
            .map_err(|e| CredentialsError::new(format!("{}: not a valid INI file: {e}", path.display())))?;
        for (section, properties) in ini.iter() {
            let Some(section) = section.map(str::trim) else { continue };
            let settings = properties.iter().map(|(k, v)| (k.trim().to_ascii_lowercase(), v.trim().to_owned()));
            let target = match kind {
                FileKind::Credentials => self.profiles.entry(section.to_owned()).or_default(),
                FileKind::Config => match section.split_once(char::is_whitespace) {
                    Some(("profile", name)) => self.profiles.entry(name.trim().to_owned()).or_default(),
                    Some(("sso-session", name)) => self.sso_sessions.entry(name.trim().to_owned()).or_default(),
                    _ if section == "default" => self.profiles.entry(section.to_owned()).or_default(),
                    _ => continue,
                },
            };
            for (key, value) in settings {
                if kind == FileKind::Credentials || !target.contains_key(&key) {
                    target.insert(key, value);
                }
            }
        }
        self.read.push(path.to_owned());
        Ok(())
    }

    /// A profile's settings.
    pub(crate) fn profile(&self, name: &str) -> Option<&Settings> {
        self.profiles.get(name)
    }

    /// An `[sso-session NAME]` section's settings.
    pub(crate) fn sso_session(&self, name: &str) -> Option<&Settings> {
        self.sso_sessions.get(name)
    }

    /// One setting of a profile.
    pub fn setting(&self, profile: &str, key: &str) -> Option<&str> {
        self.profiles.get(profile)?.get(key).map(String::as_str).filter(|v| !v.is_empty())
    }

    /// The files read, for messages.
    pub(crate) fn described(&self) -> String {
        if self.read.is_empty() {
            "no shared config or credentials file".to_owned()
        } else {
            self.read.iter().map(|p| p.display().to_string()).collect::<Vec<_>>().join(" and ")
        }
    }
}

#[derive(Debug, Clone, Copy, PartialEq, Eq)]
enum FileKind {
    Config,
    Credentials,
}

/// How a profile gets its credentials, worked out from its settings.
#[derive(Debug, Clone)]
pub(crate) enum ProfileSource {
    Keys(Credentials),
    Process(String),
    Sso(SsoProvider),
    WebIdentity(WebIdentityProvider),
    /// `credential_source = Environment | Ec2InstanceMetadata | EcsContainer`.
    Named(NamedSource),
    AssumeRole {
        source: Box<ProfileSource>,
        role: AssumeRole,
    },
}

/// The sources a `credential_source` setting names.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub(crate) enum NamedSource {
    Environment,
    Ec2InstanceMetadata,
    EcsContainer,
}

/// The credentials of one profile of the shared files.
#[derive(Debug, Clone)]
pub struct ProfileProvider {
    profile: String,
    source: ProfileSource,
    env: Env,
    http: ProviderHttp,
}

impl ProfileProvider {
    /// The provider for `profile`; `Ok(None)` when the files do not have the
    /// profile or it sets no credentials, an error when its settings are wrong.
    pub(crate) fn new(
        files: &ProfileFiles,
        profile: &str,
        env: &Env,
        http: &ProviderHttp,
    ) -> Result<Option<Self>, CredentialsError> {
        if files.profile(profile).is_none() {
            return Ok(None);
        }
        let source = resolve(files, profile, env, http, &mut Vec::new(), false)?;
        Ok(source.map(|source| ProfileProvider {
            profile: profile.to_owned(),
            source,
            env: env.clone(),
            http: http.clone(),
        }))
    }

    async fn fetch(&self) -> Result<Credentials, CredentialsError> {
        fetch(&self.source, &self.env, &self.http)
            .await
            .map_err(|e| CredentialsError::new(format!("profile [{}]: {}", self.profile, e.message())))
    }
}

impl ProvideCredentials for ProfileProvider {
    fn provide_credentials(&self) -> CredentialsFuture<'_> {
        Box::pin(self.fetch())
    }
}

/// Works out a profile's source. `as_source`: the profile is another's
/// `source_profile`, where its keys win over its own role (the SDKs' rule).
fn resolve(
    files: &ProfileFiles,
    name: &str,
    env: &Env,
    http: &ProviderHttp,
    chain: &mut Vec<String>,
    as_source: bool,
) -> Result<Option<ProfileSource>, CredentialsError> {
    let where_ = files.described();
    let settings = files
        .profile(name)
        .ok_or_else(|| CredentialsError::new(format!("{where_}: no profile [{name}] (named by source_profile)")))?;
    let get = |key: &str| settings.get(key).map(String::as_str).filter(|v| !v.is_empty());
    if chain.iter().any(|seen| seen == name) {
        chain.push(name.to_owned());
        return Err(CredentialsError::new(format!("{where_}: source_profile loops: {}", chain.join(" -> "))));
    }
    chain.push(name.to_owned());
    let keys = match (get("aws_access_key_id"), get("aws_secret_access_key")) {
        (Some(id), Some(secret)) => Some(Credentials::new(id, secret, get("aws_session_token").map(str::to_owned))),
        (Some(_), None) => {
            return Err(CredentialsError::new(format!(
                "{where_}: profile [{name}] has aws_access_key_id but no aws_secret_access_key"
            )))
        }
        _ => None,
    };
    if as_source {
        if let Some(keys) = keys.clone() {
            return Ok(Some(ProfileSource::Keys(keys)));
        }
    }
    let region = get("region").map(str::to_owned).or_else(|| env.region());
    if let Some(role_arn) = get("role_arn") {
        if let Some(token_file) = get("web_identity_token_file") {
            return Ok(Some(ProfileSource::WebIdentity(WebIdentityProvider {
                token_file: PathBuf::from(token_file),
                role_arn: role_arn.to_owned(),
                session_name: get("role_session_name").map(str::to_owned),
                region,
                env: env.clone(),
                http: http.clone(),
            })));
        }
        let source = match (get("source_profile"), get("credential_source")) {
            (Some(_), Some(_)) => {
                return Err(CredentialsError::new(format!(
                    "{where_}: profile [{name}] sets both source_profile and credential_source; keep one"
                )))
            }
            (Some(source), None) if source == name => match keys {
                Some(keys) => ProfileSource::Keys(keys),
                None => {
                    return Err(CredentialsError::new(format!(
                        "{where_}: profile [{name}] is its own source_profile but has no keys"
                    )))
                }
            },
            (Some(source), None) => resolve(files, source, env, http, chain, true)?.ok_or_else(|| {
                CredentialsError::new(format!("{where_}: source_profile [{source}] of [{name}] has no credentials"))
            })?,
            (None, Some(named)) => ProfileSource::Named(match named {
                "Environment" => NamedSource::Environment,
                "Ec2InstanceMetadata" => NamedSource::Ec2InstanceMetadata,
                "EcsContainer" => NamedSource::EcsContainer,
                other => {
                    return Err(CredentialsError::new(format!(
                        "{where_}: profile [{name}]: credential_source {other} is not Environment, \
                         Ec2InstanceMetadata or EcsContainer"
                    )))
                }
            }),
            (None, None) => {
                return Err(CredentialsError::new(format!(
                    "{where_}: profile [{name}] has role_arn but neither source_profile nor credential_source"
                )))
            }
        };
        let duration_seconds = match get("duration_seconds") {
            Some(text) => Some(text.parse::<u32>().map_err(|_| {
                CredentialsError::new(format!("{where_}: profile [{name}]: duration_seconds {text} is not a number"))
            })?),
            None => None,
        };
        return Ok(Some(ProfileSource::AssumeRole {
            source: Box::new(source),
            role: AssumeRole {
                role_arn: role_arn.to_owned(),
                session_name: get("role_session_name").map(str::to_owned),
                external_id: get("external_id").map(str::to_owned),
                duration_seconds,
                region,
            },
        }));
    }
    if get("sso_session").is_some() || get("sso_start_url").is_some() || get("sso_account_id").is_some() {
        return SsoProvider::from_profile(files, name, settings, env, http).map(|p| Some(ProfileSource::Sso(p)));
    }
    if let Some(command) = get("credential_process") {
        return Ok(Some(ProfileSource::Process(command.to_owned())));
    }
    Ok(keys.map(ProfileSource::Keys))
}

/// Fetches a source's credentials, assuming roles in turn.
fn fetch<'a>(source: &'a ProfileSource, env: &'a Env, http: &'a ProviderHttp) -> CredentialsFuture<'a> {
    Box::pin(async move {
        match source {
            ProfileSource::Keys(keys) => Ok(keys.clone()),
            ProfileSource::Process(command) => super::process::run(command).await,
            ProfileSource::Sso(sso) => sso.provide_credentials().await,
            ProfileSource::WebIdentity(provider) => provider.provide_credentials().await,
            ProfileSource::Named(NamedSource::Environment) => super::env::keys_from(env),
            ProfileSource::Named(NamedSource::EcsContainer) => {
                super::container::ContainerProvider::from_env(env, http)?
                    .ok_or_else(|| {
                        CredentialsError::new(
                            "credential_source EcsContainer, but AWS_CONTAINER_CREDENTIALS_RELATIVE_URI and \
                             AWS_CONTAINER_CREDENTIALS_FULL_URI are not set",
                        )
                    })?
                    .provide_credentials()
                    .await
            }
            ProfileSource::Named(NamedSource::Ec2InstanceMetadata) => {
                super::imds::ImdsProvider::from_env(env, http)
                    .ok_or_else(|| {
                        CredentialsError::new(
                            "credential_source Ec2InstanceMetadata, but AWS_EC2_METADATA_DISABLED is true",
                        )
                    })?
                    .provide_credentials()
                    .await
            }
            ProfileSource::AssumeRole { source, role } => {
                let base = fetch(source, env, http).await?;
                role.call(&base, env, http).await
            }
        }
    })
}
