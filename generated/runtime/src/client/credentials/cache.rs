//! The credentials cache in front of every provider.

use super::{Credentials, CredentialsError, ProvideCredentials};
use crate::client::rt::TimeSource;
use std::sync::atomic::{AtomicU64, Ordering};
use std::sync::{Arc, Mutex, PoisonError};
use std::time::{Duration, SystemTime};

/// Caches a provider's credentials until shortly before they expire.
///
/// - Credentials without an expiry are fetched once.
/// - Within [`REFRESH_BEFORE`](Self::REFRESH_BEFORE) of the expiry, one caller
///   refreshes while the others go on with the still-valid credentials.
/// - Once expired (or before the first fetch), callers wait for the one
///   refresh in flight instead of each fetching.
/// - A failed early refresh keeps the still-valid credentials.
#[derive(Debug)]
pub struct CredentialsCache {
    provider: Arc<dyn ProvideCredentials>,
    time: Arc<dyn TimeSource>,
    current: Mutex<Option<Credentials>>,
    refresh: futures_util::lock::Mutex<()>,
    fetches: AtomicU64,
}

impl CredentialsCache {
    /// How long before the expiry credentials are refreshed.
    pub const REFRESH_BEFORE: Duration = Duration::from_secs(5 * 60);

    /// A cache in front of `provider`, reading the time from `time`.
    pub fn new(provider: Arc<dyn ProvideCredentials>, time: Arc<dyn TimeSource>) -> Self {
        CredentialsCache {
            provider,
            time,
            current: Mutex::new(None),
            refresh: futures_util::lock::Mutex::new(()),
            fetches: AtomicU64::new(0),
        }
    }

    /// How many times the provider has been asked.
    pub fn fetches(&self) -> u64 {
        self.fetches.load(Ordering::Relaxed)
    }

    fn cached(&self) -> Option<Credentials> {
        self.current.lock().unwrap_or_else(PoisonError::into_inner).clone()
    }

    /// Valid credentials: cached, or fetched.
    pub async fn get(&self) -> Result<Credentials, CredentialsError> {
        let now = self.time.now();
        if let Some(current) = self.cached() {
            match state(&current, now) {
                State::Fresh => return Ok(current),
                State::Expiring => {
                    // One caller refreshes; the others use what is still valid.
                    let Some(_guard) = self.refresh.try_lock() else { return Ok(current) };
                    if let Some(newer) = self.cached().filter(|c| state(c, now) == State::Fresh) {
                        return Ok(newer);
                    }
                    return Ok(self.fetch().await.unwrap_or(current));
                }
                State::Expired => {}
            }
        }
        let _guard = self.refresh.lock().await;
        let now = self.time.now();
        if let Some(current) = self.cached().filter(|c| state(c, now) != State::Expired) {
            return Ok(current);
        }
        self.fetch().await
    }

    async fn fetch(&self) -> Result<Credentials, CredentialsError> {
        self.fetches.fetch_add(1, Ordering::Relaxed);
        let credentials = self.provider.provide_credentials().await?;
        *self.current.lock().unwrap_or_else(PoisonError::into_inner) = Some(credentials.clone());
        Ok(credentials)
    }
}

#[derive(Debug, PartialEq, Eq)]
enum State {
    Fresh,
    Expiring,
    Expired,
}

fn state(credentials: &Credentials, now: SystemTime) -> State {
    match credentials.expiry() {
        None => State::Fresh,
        Some(expiry) if expiry <= now => State::Expired,
        Some(expiry) if expiry <= now + CredentialsCache::REFRESH_BEFORE => State::Expiring,
        Some(_) => State::Fresh,
    }
}
