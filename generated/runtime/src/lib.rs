//! The hand-written runtime of crates generated from Smithy models of AWS
//! services in the awsJson 1.0, awsJson 1.1 and restJson1 protocols
//! (`sagemaker-api`, the SageMaker family's crates, and any crate `cargo xtask
//! generate` writes): timestamps, blobs, documents, streaming bodies, event
//! streams, the JSON reader and writer, what each protocol puts on the wire
//! ([`protocol`]), unrecognized enum values, the unit shape, the operation
//! traits, and errors; with the `client` feature, the SigV4 client and the AWS
//! SDKs' credentials chain. Generated crates re-export it as their `runtime`
//! module.

#![forbid(unsafe_code)]
#![warn(missing_docs)]

pub mod blob;
#[cfg(feature = "client")]
pub mod client;
pub mod error;
pub mod event_stream;
pub mod http;
pub mod json;
pub mod protocol;
pub mod service_error;
pub mod stream;
pub mod timestamp;

pub use blob::Blob;
pub use bytes::Bytes;
pub use error::{BuildError, DeserializeError, ErrorKind, InvalidHostLabel, PathSegment, RequestError, ResponseError};
pub use event_stream::{EventStream, EventStreamError};
pub use http::{HttpRequest, HttpResponse};
pub use json::{
    from_slice, to_string, to_vec, DateTime, Document, HttpDate, JsonReader, JsonWriter, Present, ReadJson, ReadMember,
    Shape, WriteJson, WriteMember,
};
pub use protocol::OperationRequest;
pub use service_error::{ErrorCode, QueryError, ServiceError};
pub use stream::{ByteStream, ResponseBody, StreamError};
pub use timestamp::Timestamp;

use std::fmt;

/// An enum value this revision of the API does not know. It keeps the exact
/// string, so it serializes back unchanged. It can only be made by parsing, so
/// it never holds a value that has a named variant.
#[derive(Debug, Clone, PartialEq, Eq, Hash, PartialOrd, Ord)]
pub struct UnrecognizedValue(String);

impl UnrecognizedValue {
    /// Kept for generated `From<&str>` impls, which call it only for strings
    /// that match no known value.
    #[doc(hidden)]
    pub fn new_unchecked(value: &str) -> Self {
        UnrecognizedValue(value.to_owned())
    }

    /// The value as the service sent it.
    pub fn as_str(&self) -> &str {
        &self.0
    }
}

impl fmt::Display for UnrecognizedValue {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(&self.0)
    }
}

/// A fresh idempotency token (a random UUID), for members the model marks
/// `@idempotencyToken` that the caller leaves unset. Builders call it, so every
/// retry of one call sends the same token.
pub fn idempotency_token() -> String {
    uuid::Uuid::new_v4().to_string()
}

/// The empty shape: the output of an operation that returns no members, with
/// the request id of the response it came from. Reads any object (servers send
/// `{}`), and writes `{}`.
#[derive(Debug, Clone, Default, PartialEq, Eq, Hash)]
pub struct Unit {
    request_id: Option<String>,
}

impl ResponseMetadata for Unit {
    fn request_id(&self) -> Option<&str> {
        self.request_id.as_deref()
    }

    fn set_request_id(&mut self, request_id: Option<String>) {
        self.request_id = request_id;
    }
}

/// What a response carried besides its members.
pub trait ResponseMetadata {
    /// The request id the service gave the response (`x-amzn-RequestId`), for
    /// support cases and logs; `None` for outputs not read from a response.
    fn request_id(&self) -> Option<&str>;
    /// Records the request id; the client calls it.
    #[doc(hidden)]
    fn set_request_id(&mut self, request_id: Option<String>);
}

impl Shape for Unit {
    const SHAPE_NAME: &'static str = "Unit";
}

impl WriteJson for Unit {
    fn write_json(&self, w: &mut JsonWriter) {
        w.begin_object();
        w.end_object();
    }
}

impl ReadJson for Unit {
    fn read_json(r: &mut JsonReader<'_>) -> Result<Self, DeserializeError> {
        let mut object = r.begin_object()?;
        while r.next_key(&mut object)?.is_some() {
            r.skip_value()?;
        }
        Ok(Unit::default())
    }
}

/// One operation of a service: its wire name, its input and output types, the
/// errors its model lists, and how its protocol writes the request and reads
/// the response.
pub trait Operation: 'static {
    /// The operation's name, as the model gives it.
    const NAME: &'static str;
    /// The request type. Its JSON view (`WriteJson`, `ReadJson`: every
    /// member by name, streams as base64 when in memory) serves waiters,
    /// tests and tools, whatever the protocol sends.
    type Input: Shape + WriteJson + ReadJson + fmt::Debug + Send + Sync + 'static;
    /// The response type, with its JSON view likewise (event streams have none).
    type Output: Shape + WriteJson + ReadJson + ResponseMetadata + fmt::Debug + Send + 'static;
    /// The errors the model lists for the operation, one variant each.
    type Error: OperationError;
    /// How the response body is received: whole (`Vec<u8>`), or as a stream
    /// the output hands to the caller ([`ByteStream`]).
    type ResponseBody: ResponseBody;
    /// Whether the model asks for the request body to be gzip-compressed
    /// (`@requestCompression`); the client compresses bodies of at least the
    /// configured size.
    const REQUEST_COMPRESSION: bool = false;
    /// Whether the model asks for a `Content-MD5` header
    /// (`@httpChecksumRequired`); the client adds it to bodies in memory.
    const CHECKSUM_REQUIRED: bool = false;

    /// The operation's `@endpoint` host prefix for `input`, with its
    /// `@hostLabel` members filled in (`foo.{label}.` → `foo.bar.`): the client
    /// puts it before the endpoint's host. `None` when the model gives none.
    fn host_prefix(input: &Self::Input) -> Result<Option<String>, InvalidHostLabel> {
        let _ = input;
        Ok(None)
    }

    /// The request for `input` as the service's protocol writes it: method,
    /// path and query, headers and body; the client adds the endpoint, signs
    /// and sends it. An input that cannot be sent (an empty path label, a
    /// header value with a line break) is an error, and nothing is sent.
    fn serialize_request(input: &Self::Input) -> Result<OperationRequest, RequestError>;

    /// The output from a successful response (2xx), as the protocol reads it.
    fn deserialize_response(response: HttpResponse<Self::ResponseBody>) -> Result<Self::Output, ResponseError>;
}

/// Appends a `@hostLabel` member's value to a host prefix being built, after
/// checking that it is one host-name label (1 to 63 ASCII letters, digits or
/// hyphens, not starting with a hyphen). Generated `host_prefix` methods call it.
pub fn push_host_label(prefix: &mut String, member: &'static str, value: &str) -> Result<(), InvalidHostLabel> {
    let valid = (1..=63).contains(&value.len())
        && !value.starts_with('-')
        && value.bytes().all(|b| b.is_ascii_alphanumeric() || b == b'-');
    if !valid {
        return Err(InvalidHostLabel::new(member, value));
    }
    prefix.push_str(value);
    Ok(())
}

/// The modelled errors of one operation, as an enum with one variant per error
/// shape (see each service's `operations::<Operation>Error`).
pub trait OperationError: Sized + fmt::Debug {
    /// The error the service error's code names, read from the response
    /// with its members; `None` when the operation lists no error of that
    /// name or the response does not read as it.
    fn from_service_error(error: &ServiceError) -> Option<Self>;
}

/// The error type of an operation whose model lists no errors: it has no values.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash)]
pub enum NoModeledErrors {}

impl OperationError for NoModeledErrors {
    fn from_service_error(_: &ServiceError) -> Option<Self> {
        None
    }
}

/// An error shape of the model (`@error`), read from an error response as the
/// service's protocol writes it: its members from the body, and for restJson1
/// those bound to headers from the headers.
pub trait ErrorShape: Shape + Sized {
    /// The error read from `error`'s response; `None` when it does not read
    /// as this shape.
    fn from_service_error(error: &ServiceError) -> Option<Self>;
}

/// Reads an error shape from an error response's JSON body; an empty body
/// reads as `{}`, since errors without members may come without one.
pub fn read_error_shape<E: ReadJson + Shape>(body: &[u8]) -> Option<E> {
    let body: &[u8] = if body.iter().all(u8::is_ascii_whitespace) { b"{}" } else { body };
    from_slice::<E>(body).ok()
}

/// Visits operations generically, for tools and tests that treat every
/// operation alike (see each revision's `visit_operations`).
pub trait OperationVisitor {
    /// Called once per operation.
    fn visit<O: Operation>(&mut self);
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn host_labels_are_single_dns_labels() {
        let mut prefix = String::from("foo.");
        push_host_label(&mut prefix, "label", "bar-1").unwrap();
        assert_eq!(prefix, "foo.bar-1");
        for bad in ["", "-bar", "a.b", "evil.com/", "b@r", &"x".repeat(64)] {
            let error = push_host_label(&mut prefix, "label", bad).unwrap_err();
            assert_eq!((error.member(), error.value()), ("label", bad));
        }
        assert_eq!(prefix, "foo.bar-1", "a refused label adds nothing");
        assert!(push_host_label(&mut prefix, "label", &"x".repeat(63)).is_ok());
    }
}
