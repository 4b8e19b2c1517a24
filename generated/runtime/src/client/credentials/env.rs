//! The environment that credential and region lookups read: variables and the
//! home folder. Captured once, so that a test can hand the client an
//! environment of its own instead of changing the process's.

use super::{Credentials, CredentialsError};
use std::collections::BTreeMap;
use std::path::PathBuf;

/// Environment variables, as the lookups see them.
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct Env {
    vars: BTreeMap<String, String>,
}

impl Env {
    /// The process's environment (variables that are not UTF-8 are left out).
    pub fn real() -> Self {
        Env {
            vars: std::env::vars_os()
                .filter_map(|(k, v)| Some((k.into_string().ok()?, v.into_string().ok()?)))
                .collect(),
        }
    }

    /// Exactly these variables, and no others.
    pub fn from_vars<K: Into<String>, V: Into<String>>(vars: impl IntoIterator<Item = (K, V)>) -> Self {
        Env { vars: vars.into_iter().map(|(k, v)| (k.into(), v.into())).collect() }
    }

    /// A variable, when it is set and not empty.
    pub fn get(&self, name: &str) -> Option<&str> {
        self.vars.get(name).map(String::as_str).filter(|v| !v.is_empty())
    }

    /// Whether a variable says `true` (any case).
    pub(crate) fn is_true(&self, name: &str) -> bool {
        self.get(name).is_some_and(|v| v.trim().eq_ignore_ascii_case("true"))
    }

    /// The home folder: `HOME`, else `USERPROFILE`.
    pub fn home(&self) -> Option<PathBuf> {
        self.get("HOME").or_else(|| self.get("USERPROFILE")).map(PathBuf::from)
    }

    /// The profile name: `AWS_PROFILE`, else `default`.
    pub fn profile(&self) -> String {
        self.get("AWS_PROFILE").unwrap_or("default").to_owned()
    }

    /// The region of the environment: `AWS_REGION`, else `AWS_DEFAULT_REGION`.
    pub fn region(&self) -> Option<String> {
        self.get("AWS_REGION").or_else(|| self.get("AWS_DEFAULT_REGION")).map(str::to_owned)
    }

    /// The endpoint for a service, from `AWS_ENDPOINT_URL_<SERVICE ID>`, else
    /// `AWS_ENDPOINT_URL`; `AWS_IGNORE_CONFIGURED_ENDPOINT_URLS=true` turns both off.
    pub fn endpoint_url(&self, service_env_name: &str) -> Option<String> {
        if self.is_true("AWS_IGNORE_CONFIGURED_ENDPOINT_URLS") {
            return None;
        }
        self.get(&format!("AWS_ENDPOINT_URL_{service_env_name}"))
            .or_else(|| self.get("AWS_ENDPOINT_URL"))
            .map(|url| url.trim_end_matches('/').to_owned())
    }
}

/// The keys of the environment, or `None` when neither key variable is set.
pub(crate) fn keys(env: &Env) -> Option<Result<Credentials, CredentialsError>> {
    match (env.get("AWS_ACCESS_KEY_ID"), env.get("AWS_SECRET_ACCESS_KEY")) {
        (Some(id), Some(secret)) => {
            Some(Ok(Credentials::new(id, secret, env.get("AWS_SESSION_TOKEN").map(str::to_owned))))
        }
        (Some(_), None) => {
            Some(Err(CredentialsError::new("AWS_ACCESS_KEY_ID is set but AWS_SECRET_ACCESS_KEY is not")))
        }
        (None, Some(_)) => {
            Some(Err(CredentialsError::new("AWS_SECRET_ACCESS_KEY is set but AWS_ACCESS_KEY_ID is not")))
        }
        (None, None) => None,
    }
}

/// The keys of the environment, or an error naming what is missing.
pub(crate) fn keys_from(env: &Env) -> Result<Credentials, CredentialsError> {
    keys(env).unwrap_or_else(|| Err(CredentialsError::new("AWS_ACCESS_KEY_ID and AWS_SECRET_ACCESS_KEY are not set")))
}
