//! `credential_process`: a command that prints credentials as JSON.

use super::{credentials_from_fields, json_object, Credentials, CredentialsError};
use std::future::Future;
use std::pin::Pin;
use std::sync::{Arc, Mutex};
use std::task::{Context, Poll, Waker};

/// Runs a `credential_process` command and reads the JSON it prints:
/// `{"Version": 1, "AccessKeyId": …, "SecretAccessKey": …, "SessionToken": …,
/// "Expiration": …}`. What it prints never appears in errors: it holds secrets.
/// The command runs on a thread of its own, so a slow helper (one that opens a
/// browser) does not stall the async runtime.
pub(crate) async fn run(command: &str) -> Result<Credentials, CredentialsError> {
    let owned = command.to_owned();
    let outcome = OnThread::spawn(move || run_blocking(&owned)).await;
    outcome.unwrap_or_else(|| Err(CredentialsError::new(format!("credential_process `{command}` did not finish"))))
}

fn run_blocking(command: &str) -> Result<Credentials, CredentialsError> {
    let output = if cfg!(windows) {
        std::process::Command::new("cmd").args(["/C", command]).output()
    } else {
        std::process::Command::new("sh").args(["-c", command]).output()
    }
    .map_err(|e| CredentialsError::new(format!("credential_process `{command}` could not start: {e}")))?;
    if !output.status.success() {
        return Err(CredentialsError::new(format!("credential_process `{command}` failed: {}", output.status)));
    }
    let source = format!("credential_process `{command}`");
    let fields = json_object(&output.stdout, &source, "printed")?;
    let credentials = credentials_from_fields(&fields, "SessionToken", &source, "printed")?;
    if fields.get("Version") != Some(&crate::Document::Integer(1)) {
        return Err(CredentialsError::new(format!("{source} printed no `\"Version\": 1`")));
    }
    Ok(credentials)
}

/// A closure run on a thread of its own, awaited without blocking.
struct OnThread<T> {
    shared: Arc<Mutex<Slot<T>>>,
}

/// What the thread and the future share.
struct Slot<T> {
    value: Option<T>,
    waker: Option<Waker>,
    done: bool,
}

impl<T: Send + 'static> OnThread<T> {
    fn spawn(work: impl FnOnce() -> T + Send + 'static) -> Self {
        let shared = Arc::new(Mutex::new(Slot { value: None, waker: None, done: false }));
        let theirs = Arc::clone(&shared);
        let spawned = std::thread::Builder::new().name("credential_process".into()).spawn(move || {
            let value = work();
            let mut slot = theirs.lock().unwrap_or_else(std::sync::PoisonError::into_inner);
            slot.value = Some(value);
            slot.done = true;
            if let Some(waker) = slot.waker.take() {
                waker.wake();
            }
        });
        if spawned.is_err() {
            shared.lock().unwrap_or_else(std::sync::PoisonError::into_inner).done = true;
        }
        OnThread { shared }
    }
}

impl<T> Future for OnThread<T> {
    type Output = Option<T>;

    fn poll(self: Pin<&mut Self>, cx: &mut Context<'_>) -> Poll<Option<T>> {
        let mut slot = self.shared.lock().unwrap_or_else(std::sync::PoisonError::into_inner);
        if slot.done {
            return Poll::Ready(slot.value.take());
        }
        slot.waker = Some(cx.waker().clone());
        Poll::Pending
    }
}
