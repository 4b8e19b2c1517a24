//! The client's error: service errors with matchable codes, responses that do
//! not parse, requests that cannot be built, and transport failures.

use super::transport::TransportError;
pub use crate::service_error::{ErrorCode, QueryError, ServiceError};
use crate::{BuildError, DeserializeError, RequestError, ResponseError};
use std::fmt;

/// Everything a call can fail with.
#[derive(Debug)]
#[non_exhaustive]
pub enum Error {
    /// The service answered with an error (boxed: it keeps the raw response).
    Service(Box<ServiceError>),
    /// The response could not be read as the operation's output.
    Deserialize {
        /// The HTTP status of the response.
        status: u16,
        /// What did not parse, with its JSON path.
        error: DeserializeError,
    },
    /// A success whose body is not of the protocol's media type (a proxy's or
    /// captive portal's page).
    UnexpectedContentType {
        /// The HTTP status of the response.
        status: u16,
        /// The media type it declared.
        content_type: String,
    },
    /// The request could not be built: required members are missing.
    Build(BuildError),
    /// A `@hostLabel` member's value cannot go into the host name.
    InvalidHostLabel(crate::InvalidHostLabel),
    /// The input cannot become a request (an empty path label, a header
    /// value with a line break); nothing was sent.
    Request(RequestError),
    /// A header of the response does not hold a value of its member's type.
    ResponseHeader {
        /// The header's name.
        name: String,
        /// Its value as received.
        value: String,
        /// The type the member needs.
        expected: &'static str,
    },
    /// The request could not be signed.
    Signing(String),
    /// No response: connection failure or the attempt's timeout.
    Transport(TransportError),
    /// The whole call, across its attempts, took longer than the operation timeout.
    OperationTimeout(std::time::Duration),
    /// No credentials to sign with: the source failed or is misconfigured.
    Credentials(super::credentials::CredentialsError),
}

impl Error {
    /// The service error, if this is one.
    pub fn service_error(&self) -> Option<&ServiceError> {
        match self {
            Error::Service(e) => Some(e),
            _ => None,
        }
    }

    /// The service error code, if this is a service error.
    pub fn code(&self) -> Option<&ErrorCode> {
        self.service_error().map(|e| &e.code)
    }

    /// The service error as one of the errors operation `O` lists, with its
    /// members (see [`ServiceError::operation_error`]).
    pub fn operation_error<O: crate::Operation>(&self) -> Option<O::Error> {
        self.service_error().and_then(ServiceError::operation_error::<O>)
    }
}

impl fmt::Display for Error {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        match self {
            Error::Service(e) => write!(f, "service error: {e}"),
            Error::Deserialize { status, error } => write!(f, "cannot read the response (HTTP {status}): {error}"),
            Error::UnexpectedContentType { status, content_type } => {
                write!(f, "HTTP {status} answered with {content_type}, not the protocol's media type")
            }
            Error::Build(e) => write!(f, "cannot build the request: {e}"),
            Error::InvalidHostLabel(e) => write!(f, "cannot address the request: {e}"),
            Error::Request(e) => write!(f, "cannot build the request: {e}"),
            Error::ResponseHeader { name, value, expected } => {
                write!(
                    f,
                    "cannot read the response: header `{name}`: expected {expected}, found `{}`",
                    value.escape_debug()
                )
            }
            Error::Signing(m) => write!(f, "cannot sign the request: {m}"),
            Error::Transport(e) => write!(f, "transport: {e}"),
            Error::OperationTimeout(d) => {
                write!(f, "the call did not finish within {d:?} (the operation timeout, across every attempt)")
            }
            Error::Credentials(e) => write!(f, "no credentials: {e}"),
        }
    }
}

impl std::error::Error for Error {
    fn source(&self) -> Option<&(dyn std::error::Error + 'static)> {
        match self {
            Error::Deserialize { error, .. } => Some(error),
            Error::Build(e) => Some(e),
            Error::InvalidHostLabel(e) => Some(e),
            Error::Request(e) => Some(e),
            Error::Transport(e) => Some(e),
            Error::Credentials(e) => Some(e),
            _ => None,
        }
    }
}

impl From<BuildError> for Error {
    fn from(e: BuildError) -> Self {
        Error::Build(e)
    }
}

impl From<crate::InvalidHostLabel> for Error {
    fn from(e: crate::InvalidHostLabel) -> Self {
        Error::InvalidHostLabel(e)
    }
}

impl From<RequestError> for Error {
    fn from(e: RequestError) -> Self {
        match e {
            RequestError::HostLabel(e) => Error::InvalidHostLabel(e),
            other => Error::Request(other),
        }
    }
}

impl From<ResponseError> for Error {
    fn from(e: ResponseError) -> Self {
        match e {
            ResponseError::Service(e) => Error::Service(e),
            ResponseError::Deserialize { status, error } => Error::Deserialize { status, error },
            ResponseError::UnexpectedContentType { status, content_type } => {
                Error::UnexpectedContentType { status, content_type }
            }
            ResponseError::Header { name, value, expected } => Error::ResponseHeader { name, value, expected },
            ResponseError::Body(e) => Error::Transport(TransportError::Io(e.to_string())),
        }
    }
}
