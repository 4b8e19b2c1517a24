//! Waiters (`smithy.waiters#waitable`): call an operation until one of its
//! acceptors says the resource reached a state, as the Smithy waiters
//! specification defines it: acceptors are checked in order and the first that
//! matches decides; with none matching, an error ends the wait and an output
//! means try again; delays grow exponentially from the minimum to the maximum
//! delay, with jitter, and never run past the caller's maximum wait.

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
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Matcher {
    /// A path into the output.
    Output {
        /// The JMESPath expression.
        path: &'static str,
        /// The text to compare with.
        expected: &'static str,
        /// How to compare.
        comparator: Comparator,
    },
    /// A path into `{"input": …, "output": …}`.
    InputOutput {
        /// The JMESPath expression.
        path: &'static str,
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
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct Acceptor {
    /// The state the wait moves to when the matcher matches.
    pub state: AcceptorState,
    /// What is looked at.
    pub matcher: Matcher,
}

/// A waiter as the model defines it.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
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
    /// A path of the model is outside the JMESPath subset this runtime reads.
    InvalidPath(String),
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
            WaiterError::InvalidPath(m) => write!(f, "waiter: {m}"),
        }
    }
}

impl std::error::Error for WaiterError {
    fn source(&self) -> Option<&(dyn std::error::Error + 'static)> {
        match self {
            WaiterError::Operation(e) => Some(e),
            _ => None,
        }
    }
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
        (Matcher::Output { path, expected, comparator }, Ok(output)) => {
            compare(&search(path, documents.output.get_or_init(|| document(output)))?, expected, *comparator)
        }
        (Matcher::InputOutput { path, expected, comparator }, Ok(output)) => {
            let both = documents.input_output.get_or_init(|| {
                Document::Object(
                    [("input".to_owned(), document(input)), ("output".to_owned(), document(output))]
                        .into_iter()
                        .collect(),
                )
            });
            compare(&search(path, both)?, expected, *comparator)
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

fn compare(value: &Document, expected: &str, comparator: Comparator) -> Result<bool, WaiterError> {
    Ok(match comparator {
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
    })
}

/// Evaluates the JMESPath subset that waiters use: field names joined by `.`,
/// `[]` and `[*]` projections, `[N]` indexes, `length(expr)`, and
/// `expr == 'literal'` / `!=` (strings, numbers, `true`, `false`).
pub fn search(path: &str, root: &Document) -> Result<Document, WaiterError> {
    let path = path.trim();
    for op in ["==", "!="] {
        if let Some((left, right)) = split_outside_quotes(path, op) {
            let value = search(left, root)?;
            let literal = parse_literal(right.trim())
                .ok_or_else(|| WaiterError::InvalidPath(format!("`{path}`: expected a literal after {op}")))?;
            let equal = value == literal;
            return Ok(Document::Bool(if op == "==" { equal } else { !equal }));
        }
    }
    if let Some(inner) = path.strip_prefix("length(").and_then(|p| p.strip_suffix(')')) {
        return Ok(match search(inner, root)? {
            Document::Array(items) => Document::Integer(items.len() as i64),
            Document::Object(map) => Document::Integer(map.len() as i64),
            Document::String(s) => Document::Integer(s.chars().count() as i64),
            _ => Document::Null,
        });
    }
    let mut current = vec![root.clone()];
    let mut projected = false;
    for segment in path.split('.') {
        let (name, mut brackets) = match segment.find('[') {
            Some(i) => (&segment[..i], &segment[i..]),
            None => (segment, ""),
        };
        if !name.is_empty() {
            if !name.chars().all(|c| c.is_ascii_alphanumeric() || c == '_') {
                return Err(WaiterError::InvalidPath(format!("`{path}`: `{name}` is not a field name")));
            }
            current = current
                .into_iter()
                .filter_map(|d| match d {
                    Document::Object(mut map) => map.remove(name),
                    _ => None,
                })
                .filter(|d| !projected || *d != Document::Null)
                .collect();
        }
        while !brackets.is_empty() {
            let end =
                brackets.find(']').ok_or_else(|| WaiterError::InvalidPath(format!("`{path}`: a `[` is not closed")))?;
            let inside = &brackets[1..end];
            brackets = &brackets[end + 1..];
            if inside.is_empty() || inside == "*" {
                projected = true;
                current = current
                    .into_iter()
                    .flat_map(|d| match d {
                        Document::Array(items) => items,
                        _ => Vec::new(),
                    })
                    .collect();
            } else if let Ok(index) = inside.parse::<i64>() {
                current = current
                    .into_iter()
                    .filter_map(|d| match d {
                        Document::Array(items) => {
                            let i = if index < 0 { items.len() as i64 + index } else { index };
                            usize::try_from(i).ok().and_then(|i| items.into_iter().nth(i))
                        }
                        _ => None,
                    })
                    .collect();
            } else {
                return Err(WaiterError::InvalidPath(format!("`{path}`: `[{inside}]` is not supported")));
            }
        }
    }
    Ok(if projected { Document::Array(current) } else { current.into_iter().next().unwrap_or(Document::Null) })
}

fn split_outside_quotes<'a>(text: &'a str, op: &str) -> Option<(&'a str, &'a str)> {
    let mut quoted = false;
    for (i, c) in text.char_indices() {
        if c == '\'' || c == '`' {
            quoted = !quoted;
        } else if !quoted && text[i..].starts_with(op) {
            return Some((&text[..i], &text[i + op.len()..]));
        }
    }
    None
}

fn parse_literal(text: &str) -> Option<Document> {
    let unquoted = text
        .strip_prefix('\'')
        .and_then(|t| t.strip_suffix('\''))
        .or_else(|| text.strip_prefix('`').and_then(|t| t.strip_suffix('`')));
    if let Some(inner) = unquoted {
        return Some(match inner {
            "true" => Document::Bool(true),
            "false" => Document::Bool(false),
            _ => match inner.parse::<i64>() {
                Ok(n) if text.starts_with('`') => Document::Integer(n),
                _ => Document::String(inner.trim_matches('"').to_owned()),
            },
        });
    }
    match text {
        "true" => Some(Document::Bool(true)),
        "false" => Some(Document::Bool(false)),
        _ => text.parse::<i64>().ok().map(Document::Integer),
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn doc(json: &str) -> Document {
        Document::read_json(&mut crate::JsonReader::new(json)).unwrap()
    }

    #[test]
    fn paths_project_index_and_compare() {
        let d = doc(
            r#"{"Certificate":{"Status":"ISSUED","DomainValidationOptions":[{"ValidationStatus":"SUCCESS"},{"ValidationStatus":"PENDING_VALIDATION"},{}]}}"#,
        );
        let statuses = search("Certificate.DomainValidationOptions[].ValidationStatus", &d).unwrap();
        assert_eq!(statuses, doc(r#"["SUCCESS","PENDING_VALIDATION"]"#));
        assert!(!compare(&statuses, "SUCCESS", Comparator::AllStringEquals).unwrap());
        assert!(compare(&statuses, "PENDING_VALIDATION", Comparator::AnyStringEquals).unwrap());
        assert_eq!(search("Certificate.Status", &d).unwrap(), Document::String("ISSUED".into()));
        assert_eq!(search("Certificate.DomainValidationOptions[0].ValidationStatus", &d).unwrap(), doc(r#""SUCCESS""#));
        assert_eq!(search("length(Certificate.DomainValidationOptions) == `3`", &d).unwrap(), Document::Bool(true));
        assert_eq!(search("Certificate.Status != 'FAILED'", &d).unwrap(), Document::Bool(true));
        assert!(matches!(search("Certificate[?Status]", &d), Err(WaiterError::InvalidPath(_))));
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
