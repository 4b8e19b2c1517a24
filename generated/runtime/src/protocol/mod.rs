//! What each protocol puts on the wire. Generated operations call into one
//! module per protocol to write their request and read their response:
//! [`aws_json`] (awsJson 1.0 and 1.1: `POST /` with the operation in
//! `X-Amz-Target` and the input as JSON) and [`rest_json`] (restJson1: HTTP
//! bindings, JSON bodies and payloads). Everything else (addressing, signing,
//! retries, the transport, JSON itself) is shared by all of them.
//!
//! A new protocol is one more module here, one more [`Protocol`] variant, and
//! one more generator beside the emitter's others.

pub mod aws_json;
pub mod rest_json;

use crate::ByteStream;

/// The protocols whose clients the generator writes.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash)]
#[non_exhaustive]
pub enum Protocol {
    /// `aws.protocols#awsJson1_0`.
    AwsJson1_0,
    /// `aws.protocols#awsJson1_1`.
    AwsJson1_1,
    /// `aws.protocols#restJson1`.
    RestJson1,
}

impl Protocol {
    /// The protocol's trait id in Smithy models.
    pub const fn trait_id(self) -> &'static str {
        match self {
            Protocol::AwsJson1_0 => "aws.protocols#awsJson1_0",
            Protocol::AwsJson1_1 => "aws.protocols#awsJson1_1",
            Protocol::RestJson1 => "aws.protocols#restJson1",
        }
    }
}

/// An operation's request as its protocol writes it, before the client puts
/// the endpoint before its path, adds `host` and `user-agent`, and signs it.
#[derive(Debug)]
pub struct OperationRequest {
    /// The HTTP method.
    pub method: &'static str,
    /// The path and query, starting with `/`, percent-encoded.
    pub path: String,
    /// The protocol's and the members' headers, names in lower case.
    pub headers: Vec<(String, String)>,
    /// The body.
    pub body: ByteStream,
}

impl OperationRequest {
    /// The first value of a header (case-insensitive).
    pub fn header(&self, name: &str) -> Option<&str> {
        crate::http::header(&self.headers, name)
    }
}
