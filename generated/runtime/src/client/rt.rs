//! What the client needs of an async runtime: a way to sleep, and a clock.
//! Tokio's timer is the default sleep (feature `rt-tokio`); any other runtime
//! plugs in through [`AsyncSleep`]. The client never spawns tasks and never
//! needs a reactor of its own: only the transport does (reqwest needs Tokio).

use std::fmt;
use std::future::Future;
use std::pin::Pin;
use std::sync::Arc;
use std::time::{Duration, SystemTime};

/// A boxed sleep.
pub type Sleep = Pin<Box<dyn Future<Output = ()> + Send>>;

/// Sleeps without blocking the thread: retries' backoff and every timeout go
/// through it.
pub trait AsyncSleep: Send + Sync + fmt::Debug {
    /// A future that completes after `duration`.
    fn sleep(&self, duration: Duration) -> Sleep;
}

/// The current time: request signing and credential expiry read it. Tests
/// replace it to move time forward without waiting.
pub trait TimeSource: Send + Sync + fmt::Debug {
    /// Now.
    fn now(&self) -> SystemTime;
}

/// The system clock.
#[derive(Debug, Clone, Copy, Default)]
pub struct SystemClock;

impl TimeSource for SystemClock {
    fn now(&self) -> SystemTime {
        SystemTime::now()
    }
}

/// Tokio's timer. Needs a Tokio runtime with its timer enabled.
#[cfg(feature = "rt-tokio")]
#[derive(Debug, Clone, Copy, Default)]
pub struct TokioSleep;

#[cfg(feature = "rt-tokio")]
impl AsyncSleep for TokioSleep {
    fn sleep(&self, duration: Duration) -> Sleep {
        Box::pin(tokio::time::sleep(duration))
    }
}

/// The default sleep: Tokio's with `rt-tokio`, else none (the builder then asks
/// for one).
pub(crate) fn default_sleep() -> Option<Arc<dyn AsyncSleep>> {
    #[cfg(feature = "rt-tokio")]
    {
        Some(Arc::new(TokioSleep))
    }
    #[cfg(not(feature = "rt-tokio"))]
    {
        None
    }
}

/// Runs `future`, or gives `None` if `duration` passes first.
pub async fn timeout<F: Future>(sleep: &dyn AsyncSleep, duration: Duration, future: F) -> Option<F::Output> {
    let future = std::pin::pin!(future);
    match futures_util::future::select(future, sleep.sleep(duration)).await {
        futures_util::future::Either::Left((output, _)) => Some(output),
        futures_util::future::Either::Right(_) => None,
    }
}
