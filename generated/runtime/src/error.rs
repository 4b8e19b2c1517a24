//! The errors that generated code reports: a document that does not match its
//! shape, a builder missing required members, an input that cannot become a
//! request, and a response that cannot become an output.
//!
//! Hand-written; not generated.

use std::fmt;

/// What went wrong while reading a JSON document.
#[derive(Debug, Clone, PartialEq, Eq)]
#[non_exhaustive]
pub enum ErrorKind {
    /// A value of the wrong JSON type.
    ExpectedType {
        /// The JSON type the shape needs.
        expected: &'static str,
        /// The JSON type the document has.
        found: &'static str,
    },
    /// The document ended early.
    UnexpectedEnd {
        /// What should have come next.
        expected: &'static str,
    },
    /// Malformed JSON.
    Syntax(&'static str),
    /// A string that is not UTF-8.
    InvalidUtf8,
    /// Objects and arrays nested deeper than the limit.
    TooDeep {
        /// The nesting limit.
        limit: u32,
    },
    /// A number that does not fit its type.
    OutOfRange {
        /// The type the number had to fit.
        target: &'static str,
    },
    /// A key that appears twice in one object.
    DuplicateKey(String),
    /// A required member that is absent.
    MissingMember(&'static str),
    /// A value of the right JSON type that is still invalid (bad base64, …).
    Invalid(&'static str),
}

impl fmt::Display for ErrorKind {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        match self {
            ErrorKind::ExpectedType { expected, found } => write!(f, "expected {expected}, found {found}"),
            ErrorKind::UnexpectedEnd { expected } => write!(f, "unexpected end of input, expected {expected}"),
            ErrorKind::Syntax(what) => write!(f, "invalid JSON: {what}"),
            ErrorKind::InvalidUtf8 => write!(f, "invalid UTF-8 in string"),
            ErrorKind::TooDeep { limit } => write!(f, "nested deeper than {limit} levels"),
            ErrorKind::OutOfRange { target } => write!(f, "number out of range for {target}"),
            ErrorKind::DuplicateKey(key) => write!(f, "duplicate key {key:?}"),
            ErrorKind::MissingMember(name) => write!(f, "missing required member {name}"),
            ErrorKind::Invalid(what) => write!(f, "invalid value: {what}"),
        }
    }
}

/// One step of a JSON path.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum PathSegment {
    /// A structure member, by its model name.
    Member(&'static str),
    /// A list index.
    Index(usize),
    /// A map key.
    Key(String),
}

/// A JSON document that does not match its shape: what, where (the JSON path
/// from the root shape), and at which byte.
///
/// Boxed, so that the `Result`s of the happy path stay one word wide.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct DeserializeError(Box<Inner>);

#[derive(Debug, Clone, PartialEq, Eq)]
struct Inner {
    kind: ErrorKind,
    offset: usize,
    root: Option<&'static str>,
    /// Innermost first: segments are added as the error travels outwards.
    reversed_path: Vec<PathSegment>,
}

impl DeserializeError {
    /// An error of `kind` at byte `offset`, with an empty path.
    #[cold]
    pub fn new(kind: ErrorKind, offset: usize) -> Self {
        DeserializeError(Box::new(Inner { kind, offset, root: None, reversed_path: Vec::new() }))
    }

    /// What went wrong.
    pub fn kind(&self) -> &ErrorKind {
        &self.0.kind
    }

    /// The byte offset in the document.
    pub fn offset(&self) -> usize {
        self.0.offset
    }

    /// The path from the root, outermost first.
    pub fn path(&self) -> impl Iterator<Item = &PathSegment> {
        self.0.reversed_path.iter().rev()
    }

    /// The path as text, such as `DescribeTrainingJobOutput.ResourceConfig.InstanceCount`.
    pub fn path_string(&self) -> String {
        let mut out = String::from(self.0.root.unwrap_or(""));
        for segment in self.path() {
            match segment {
                PathSegment::Member(name) => {
                    if !out.is_empty() {
                        out.push('.');
                    }
                    out.push_str(name);
                }
                PathSegment::Index(i) => {
                    out.push('[');
                    super::json::push_integer(&mut out, i64::try_from(*i).unwrap_or(i64::MAX));
                    out.push(']');
                }
                PathSegment::Key(key) => {
                    use fmt::Write;
                    let _ = write!(out, "[{key:?}]");
                }
            }
        }
        out
    }

    /// Adds the member the error happened in.
    #[cold]
    pub fn at_member(mut self, name: &'static str) -> Self {
        self.0.reversed_path.push(PathSegment::Member(name));
        self
    }

    /// Adds the list index the error happened at.
    #[cold]
    pub fn at_index(mut self, index: usize) -> Self {
        self.0.reversed_path.push(PathSegment::Index(index));
        self
    }

    /// Adds the map key the error happened under.
    #[cold]
    pub fn at_key(mut self, key: &str) -> Self {
        self.0.reversed_path.push(PathSegment::Key(key.to_owned()));
        self
    }

    /// Names the shape the document was read as.
    pub fn with_root(mut self, shape: &'static str) -> Self {
        self.0.root = Some(shape);
        self
    }
}

impl fmt::Display for DeserializeError {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        let path = self.path_string();
        if path.is_empty() {
            write!(f, "{}", self.0.kind)
        } else {
            write!(f, "{path}: {}", self.0.kind)
        }
    }
}

impl std::error::Error for DeserializeError {}

/// A builder was missing required members; all of them are listed.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct BuildError {
    shape: &'static str,
    missing: Vec<&'static str>,
}

impl BuildError {
    /// An error for `shape`, missing the members `missing` (model names).
    pub fn missing(shape: &'static str, missing: Vec<&'static str>) -> Self {
        BuildError { shape, missing }
    }

    /// The shape being built.
    pub fn shape(&self) -> &'static str {
        self.shape
    }

    /// The model names of every missing required member, in model order.
    pub fn missing_members(&self) -> &[&'static str] {
        &self.missing
    }
}

impl fmt::Display for BuildError {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        let noun = if self.missing.len() == 1 { "member" } else { "members" };
        write!(f, "{}: missing required {noun}: {}", self.shape, self.missing.join(", "))
    }
}

impl std::error::Error for BuildError {}

/// A `@hostLabel` member whose value cannot be one label of a host name, so
/// the request is not sent: it would reach another host than the one meant.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct InvalidHostLabel {
    member: &'static str,
    value: String,
}

impl InvalidHostLabel {
    /// The member (model name) and the value it held.
    pub fn new(member: &'static str, value: &str) -> Self {
        InvalidHostLabel { member, value: value.to_owned() }
    }

    /// The member's model name.
    pub fn member(&self) -> &'static str {
        self.member
    }

    /// The value that was refused.
    pub fn value(&self) -> &str {
        &self.value
    }
}

impl fmt::Display for InvalidHostLabel {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        write!(
            f,
            "host label `{}`: expected 1 to 63 letters, digits or hyphens, not starting with a hyphen, found `{}`",
            self.member, self.value
        )
    }
}

impl std::error::Error for InvalidHostLabel {}

/// Why an input cannot become an HTTP request; nothing is sent.
#[derive(Debug, Clone, PartialEq, Eq)]
#[non_exhaustive]
pub enum RequestError {
    /// A `@hostLabel` member's value cannot be one label of a host name.
    HostLabel(InvalidHostLabel),
    /// An `@httpLabel` member's value cannot be one part of the path: it is
    /// unset, empty, or a `.` or `..` segment that would change the path.
    Label {
        /// The member's model name.
        member: &'static str,
        /// The value that was refused.
        value: String,
        /// What a label needs.
        expected: &'static str,
    },
    /// A header value holds a character HTTP does not allow in one (a CR, an
    /// LF or another control character), so it could split the request.
    Header {
        /// The header's name.
        name: String,
        /// What was found.
        found: String,
    },
    /// A number that HTTP headers and queries cannot carry (NaN or an
    /// infinity where text is not allowed).
    Value {
        /// The member's model name.
        member: &'static str,
        /// What was wrong.
        message: String,
    },
}

impl fmt::Display for RequestError {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        match self {
            RequestError::HostLabel(e) => e.fmt(f),
            RequestError::Label { member, value, expected } => {
                write!(f, "path label `{member}`: expected {expected}, found `{}`", value.escape_debug())
            }
            RequestError::Header { name, found } => {
                write!(f, "header `{name}`: expected a value without control characters, found {found}")
            }
            RequestError::Value { member, message } => write!(f, "member `{member}`: {message}"),
        }
    }
}

impl std::error::Error for RequestError {
    fn source(&self) -> Option<&(dyn std::error::Error + 'static)> {
        match self {
            RequestError::HostLabel(e) => Some(e),
            _ => None,
        }
    }
}

impl From<InvalidHostLabel> for RequestError {
    fn from(e: InvalidHostLabel) -> Self {
        RequestError::HostLabel(e)
    }
}

/// Why a response cannot become the operation's output.
#[derive(Debug)]
#[non_exhaustive]
pub enum ResponseError {
    /// The service answered with an error (boxed: it keeps the raw response).
    Service(Box<crate::ServiceError>),
    /// The body could not be read as the output.
    Deserialize {
        /// The HTTP status of the response.
        status: u16,
        /// What did not parse, with its JSON path.
        error: DeserializeError,
    },
    /// A success whose body is not of the media type the protocol sends (a
    /// proxy's or captive portal's page).
    UnexpectedContentType {
        /// The HTTP status of the response.
        status: u16,
        /// The media type it declared.
        content_type: String,
    },
    /// A header bound to an output member does not hold a value of its type.
    Header {
        /// The header's name.
        name: String,
        /// Its value as received.
        value: String,
        /// The type the member needs.
        expected: &'static str,
    },
    /// The body ended early or could not be read.
    Body(crate::StreamError),
}

impl fmt::Display for ResponseError {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        match self {
            ResponseError::Service(e) => write!(f, "service error: {e}"),
            ResponseError::Deserialize { status, error } => {
                write!(f, "cannot read the response (HTTP {status}): {error}")
            }
            ResponseError::UnexpectedContentType { status, content_type } => {
                write!(f, "HTTP {status} answered with {content_type}, not the protocol's media type")
            }
            ResponseError::Header { name, value, expected } => {
                write!(f, "header `{name}`: expected {expected}, found `{}`", value.escape_debug())
            }
            ResponseError::Body(e) => write!(f, "cannot read the response body: {e}"),
        }
    }
}

impl std::error::Error for ResponseError {
    fn source(&self) -> Option<&(dyn std::error::Error + 'static)> {
        match self {
            ResponseError::Deserialize { error, .. } => Some(error),
            ResponseError::Body(e) => Some(e),
            _ => None,
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn paths_read_outermost_first() {
        let e = DeserializeError::new(ErrorKind::ExpectedType { expected: "integer", found: "string" }, 9)
            .at_member("InstanceCount")
            .at_index(2)
            .at_key("a\"b")
            .at_member("ResourceConfig")
            .with_root("DescribeTrainingJobOutput");
        assert_eq!(
            e.to_string(),
            r#"DescribeTrainingJobOutput.ResourceConfig["a\"b"][2].InstanceCount: expected integer, found string"#
        );
    }

    #[test]
    fn build_errors_list_every_member() {
        let e = BuildError::missing("CreateTrainingJobInput", vec!["TrainingJobName", "RoleArn"]);
        assert_eq!(e.to_string(), "CreateTrainingJobInput: missing required members: TrainingJobName, RoleArn");
    }
}
