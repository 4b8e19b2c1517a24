//! Waiters (`smithy.waiters#waitable`): call an operation until one of its
//! acceptors says the resource reached a state, as the Smithy waiters
//! specification defines it: acceptors are checked in order and the first that
//! matches decides; with none matching, an error ends the wait and an output
//! means try again; delays grow exponentially from the minimum to the maximum
//! delay, with jitter, and never run past the caller's maximum wait.

use super::jmespath::{self, Expr, SearchError};
use super::{Error, Handle};
use crate::{Document, Operation, ReadJson};
use std::time::Duration;

/// What an acceptor decides when it matches.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum AcceptorState {
    /// The wait succeeded.
    Success,
    /// The resource will never reach the state: stop.
    Failure,
    /// Try again.
    Retry,
}

/// How an output path's value is compared with the expected text.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Comparator {
    /// The value is this string.
    StringEquals,
    /// The value is this boolean (`"true"` or `"false"`).
    BooleanEquals,
    /// The value is a non-empty list whose every item is this string.
    AllStringEquals,
    /// The value is a list with an item that is this string.
    AnyStringEquals,
}

/// What an acceptor looks at.
#[derive(Debug, Clone, Copy, PartialEq)]
pub enum Matcher {
    /// A path into the output.
    Output {
        /// The JMESPath expression, as the model writes it.
        path: &'static str,
        /// The expression, parsed by the generator, with member names as wire keys.
        expression: &'static Expr,
        /// The text to compare with.
        expected: &'static str,
        /// How to compare.
        comparator: Comparator,
    },
    /// A path into `{"input": …, "output": …}`.
    InputOutput {
        /// The JMESPath expression, as the model writes it.
        path: &'static str,
        /// The expression, parsed by the generator, with member names as wire keys.
        expression: &'static Expr,
        /// The text to compare with.
        expected: &'static str,
        /// How to compare.
        comparator: Comparator,
    },
    /// `true`: the call succeeded; `false`: it failed with any service error.
    Success(bool),
    /// The call failed with this error code.
    ErrorType(&'static str),
}

/// One acceptor: a matcher and the state it leads to.
#[derive(Debug, Clone, Copy, PartialEq)]
pub struct Acceptor {
    /// The state the wait moves to when the matcher matches.
    pub state: AcceptorState,
    /// What is looked at.
    pub matcher: Matcher,
}

/// A waiter as the model defines it.
#[derive(Debug, Clone, Copy, PartialEq)]
pub struct Waiter {
    /// The waiter's name in the model.
    pub name: &'static str,
    /// Checked in order.
    pub acceptors: &'static [Acceptor],
    /// The shortest delay between attempts (the model's `minDelay`, 2 s by default).
    pub min_delay: Duration,
    /// The longest delay between attempts (the model's `maxDelay`, 120 s by default).
    pub max_delay: Duration,
}

/// Why a wait ended without success.
#[derive(Debug)]
#[non_exhaustive]
pub enum WaiterError {
    /// A failure acceptor matched: the resource will not reach the state.
    Failure {
        /// The waiter.
        waiter: &'static str,
        /// The acceptor that matched.
        acceptor: Acceptor,
    },
    /// The call failed in a way no acceptor expects.
    Operation(Error),
    /// `max_wait` passed first.
    Timeout {
        /// The waiter.
        waiter: &'static str,
        /// How long it waited.
        waited: Duration,
        /// How many attempts it made.
        attempts: u32,
    },
    /// A path of the model met a value its functions do not take.
    Path {
        /// The path, as the model writes it.
        path: &'static str,
        /// What went wrong.
        error: SearchError,
    },
}

impl std::fmt::Display for WaiterError {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        match self {
            WaiterError::Failure { waiter, acceptor } => {
                write!(f, "waiter {waiter}: a failure acceptor matched ({:?})", acceptor.matcher)
            }
            WaiterError::Operation(e) => write!(f, "waiter: the call failed: {e}"),
            WaiterError::Timeout { waiter, waited, attempts } => {
                write!(f, "waiter {waiter}: no final state after {waited:?} and {attempts} attempts")
            }
            WaiterError::Path { path, error } => write!(f, "waiter: the path `{path}` failed: {error}"),
        }
    }
}

impl std::error::Error for WaiterError {
    fn source(&self) -> Option<&(dyn std::error::Error + 'static)> {
        match self {
            WaiterError::Operation(e) => Some(e),
            WaiterError::Path { error, .. } => Some(error),
            _ => None,
        }
    }
}

/// The future of a wait: what a generated `wait_until_…` method returns.
pub type WaitFuture<'a, T> = std::pin::Pin<Box<dyn std::future::Future<Output = Result<T, WaiterError>> + Send + 'a>>;

/// [`wait`] with `input` given by value, as a boxed future.
pub fn start<'a, O: Operation>(
    handle: &'a Handle,
    input: O::Input,
    waiter: &'static Waiter,
    max_wait: Duration,
) -> WaitFuture<'a, O::Output> {
    Box::pin(async move { wait::<O>(handle, &input, waiter, max_wait).await })
}

/// Calls `O` with `input` until an acceptor of `waiter` decides, or `max_wait` passes.
pub async fn wait<O: Operation>(
    handle: &Handle,
    input: &O::Input,
    waiter: &Waiter,
    max_wait: Duration,
) -> Result<O::Output, WaiterError> {
    // Time is the configured clock's, so that tests can wait without waiting.
    let clock = &handle.config().time;
    let started = clock.now();
    let mut attempt: u32 = 0;
    loop {
        attempt += 1;
        let outcome = handle.call::<O>(input).await;
        let mut decided = None;
        let documents = Documents::default();
        for acceptor in waiter.acceptors {
            if matches::<O>(&acceptor.matcher, input, &outcome, &documents)? {
                decided = Some(*acceptor);
                break;
            }
        }
        match (decided, outcome) {
            (Some(Acceptor { state: AcceptorState::Success, .. }), Ok(output)) => return Ok(output),
            (Some(Acceptor { state: AcceptorState::Success, .. }), Err(e)) => return Err(WaiterError::Operation(e)),
            (Some(acceptor @ Acceptor { state: AcceptorState::Failure, .. }), _) => {
                return Err(WaiterError::Failure { waiter: waiter.name, acceptor })
            }
            (None, Err(e)) => return Err(WaiterError::Operation(e)),
            (Some(Acceptor { state: AcceptorState::Retry, .. }), _) | (None, Ok(_)) => {}
        }
        let elapsed = clock.now().duration_since(started).unwrap_or_default();
        let remaining = max_wait.saturating_sub(elapsed);
        if remaining <= waiter.min_delay {
            return Err(WaiterError::Timeout { waiter: waiter.name, waited: elapsed, attempts: attempt });
        }
        let delay = next_delay(waiter, attempt).min(remaining - waiter.min_delay).max(waiter.min_delay);
        handle.config().sleep.sleep(delay).await;
    }
}

/// The Smithy waiters delay: random between the minimum delay and
/// `min_delay * 2^(attempt - 1)`, capped at the maximum delay.
fn next_delay(waiter: &Waiter, attempt: u32) -> Duration {
    let ceiling = waiter.min_delay.saturating_mul(1u32 << attempt.saturating_sub(1).min(16)).min(waiter.max_delay);
    let spread = ceiling.saturating_sub(waiter.min_delay);
    let nanos = u64::try_from(spread.as_nanos()).unwrap_or(u64::MAX);
    let jitter = if nanos == 0 { 0 } else { super::random_u64() % (nanos + 1) };
    waiter.min_delay + Duration::from_nanos(jitter)
}

/// The output, and `{"input": …, "output": …}`, as JSON documents: built for
/// the first acceptor that needs them, then shared by the others of the attempt.
#[derive(Default)]
struct Documents {
    output: std::cell::OnceCell<Document>,
    input_output: std::cell::OnceCell<Document>,
}

fn matches<O: Operation>(
    matcher: &Matcher,
    input: &O::Input,
    outcome: &Result<O::Output, Error>,
    documents: &Documents,
) -> Result<bool, WaiterError> {
    match (matcher, outcome) {
        (Matcher::Success(expect), Ok(_)) => Ok(*expect),
        (Matcher::Success(expect), Err(Error::Service(_))) => Ok(!*expect),
        (Matcher::Success(_), Err(_)) => Ok(false),
        (Matcher::ErrorType(code), Err(Error::Service(e))) => {
            let expected = code.rsplit('#').next().unwrap_or(code);
            Ok(e.code.as_str() == expected)
        }
        (Matcher::ErrorType(_), _) => Ok(false),
        (Matcher::Output { path, expression, expected, comparator }, Ok(output)) => {
            let value = jmespath::search(expression, documents.output.get_or_init(|| document(output)))
                .map_err(|error| WaiterError::Path { path, error })?;
            Ok(compare(&value, expected, *comparator))
        }
        (Matcher::InputOutput { path, expression, expected, comparator }, Ok(output)) => {
            let both = documents.input_output.get_or_init(|| {
                Document::Object(
                    [("input".to_owned(), document(input)), ("output".to_owned(), document(output))]
                        .into_iter()
                        .collect(),
                )
            });
            let value = jmespath::search(expression, both).map_err(|error| WaiterError::Path { path, error })?;
            Ok(compare(&value, expected, *comparator))
        }
        (Matcher::Output { .. } | Matcher::InputOutput { .. }, Err(_)) => Ok(false),
    }
}

/// A shape as the JSON document the wire would carry.
fn document<T: crate::WriteJson>(value: &T) -> Document {
    let bytes = crate::to_vec(value);
    let mut reader = match crate::JsonReader::from_bytes(&bytes) {
        Ok(r) => r,
        Err(_) => return Document::Null,
    };
    Document::read_json(&mut reader).unwrap_or(Document::Null)
}

fn compare(value: &Document, expected: &str, comparator: Comparator) -> bool {
    match comparator {
        Comparator::StringEquals => matches!(value, Document::String(s) if s == expected),
        Comparator::BooleanEquals => matches!(value, Document::Bool(b) if b.to_string() == expected),
        Comparator::AllStringEquals => match value {
            Document::Array(items) => {
                !items.is_empty() && items.iter().all(|i| matches!(i, Document::String(s) if s == expected))
            }
            _ => false,
        },
        Comparator::AnyStringEquals => match value {
            Document::Array(items) => items.iter().any(|i| matches!(i, Document::String(s) if s == expected)),
            _ => false,
        },
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn doc(json: &str) -> Document {
        Document::read_json(&mut crate::JsonReader::new(json)).unwrap()
    }

    #[test]
    fn comparators_read_the_value_a_path_gives() {
        let d = doc(
            r#"{"Certificate":{"Status":"ISSUED","DomainValidationOptions":[{"ValidationStatus":"SUCCESS"},{"ValidationStatus":"PENDING_VALIDATION"},{}]}}"#,
        );
        const STATUSES: Expr = Expr::ListProjection(
            &Expr::Flatten(&Expr::Subexpr(&Expr::Field("Certificate"), &Expr::Field("DomainValidationOptions"))),
            &Expr::Field("ValidationStatus"),
        );
        let statuses = jmespath::search(&STATUSES, &d).unwrap();
        assert_eq!(statuses, doc(r#"["SUCCESS","PENDING_VALIDATION"]"#));
        assert!(!compare(&statuses, "SUCCESS", Comparator::AllStringEquals));
        assert!(compare(&statuses, "PENDING_VALIDATION", Comparator::AnyStringEquals));
        assert!(compare(&doc(r#"["A","A"]"#), "A", Comparator::AllStringEquals));
        assert!(!compare(&doc("[]"), "A", Comparator::AllStringEquals));
        assert!(compare(&Document::Bool(true), "true", Comparator::BooleanEquals));
        assert!(!compare(&doc(r#""true""#), "true", Comparator::BooleanEquals));
        assert!(compare(&doc(r#""ISSUED""#), "ISSUED", Comparator::StringEquals));
    }

    #[test]
    fn delays_grow_from_the_minimum_to_the_maximum() {
        let waiter =
            Waiter { name: "w", acceptors: &[], min_delay: Duration::from_secs(2), max_delay: Duration::from_secs(10) };
        for attempt in 1..10 {
            let d = next_delay(&waiter, attempt);
            assert!(d >= Duration::from_secs(2) && d <= Duration::from_secs(10), "{attempt}: {d:?}");
        }
        assert_eq!(next_delay(&waiter, 1), Duration::from_secs(2));
    }
}
