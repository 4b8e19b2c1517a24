//! awsJson 1.0 and 1.1: every request is `POST /` with the operation named in
//! `X-Amz-Target: <Service>.<Operation>` and the whole input as a JSON object;
//! every response body is the whole output. The versions differ only in their
//! media type. HTTP binding traits are ignored, as the protocol says.

use super::OperationRequest;
use crate::json::to_vec_dyn;
use crate::{from_slice, ByteStream, HttpResponse, ReadJson, ResponseError, ResponseMetadata, Shape, WriteJson};

/// The two versions of the protocol.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash)]
pub enum Version {
    /// `application/x-amz-json-1.0`.
    V1_0,
    /// `application/x-amz-json-1.1`.
    V1_1,
}

impl Version {
    /// The media type of requests and responses.
    pub const fn content_type(self) -> &'static str {
        match self {
            Version::V1_0 => "application/x-amz-json-1.0",
            Version::V1_1 => "application/x-amz-json-1.1",
        }
    }
}

/// What one service's awsJson requests carry besides the input.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct Service {
    /// The protocol version.
    pub version: Version,
    /// Marked `@awsQueryCompatible`: requests say `x-amzn-query-mode: true`,
    /// and error responses carry the awsQuery code in `x-amzn-query-error`.
    pub query_compatible: bool,
}

/// The request of an operation: `POST /`, its target (`<Service>.<Operation>`)
/// and the input as a JSON object. One copy serves every operation.
pub fn serialize(input: &dyn WriteJson, service: Service, target: &'static str) -> OperationRequest {
    let mut headers = vec![
        ("content-type".to_owned(), service.version.content_type().to_owned()),
        ("x-amz-target".to_owned(), target.to_owned()),
    ];
    if service.query_compatible {
        headers.push(("x-amzn-query-mode".to_owned(), "true".to_owned()));
    }
    OperationRequest { method: "POST", path: "/".to_owned(), headers, body: ByteStream::from(to_vec_dyn(input)) }
}

/// Reads a successful response as the output. Its body must be JSON (or carry
/// no `Content-Type`); an empty body reads as `{}`.
pub fn deserialize<O: ReadJson + Shape + ResponseMetadata>(response: HttpResponse) -> Result<O, ResponseError> {
    let body = json_body(&response)?;
    let mut output =
        from_slice::<O>(body).map_err(|error| ResponseError::Deserialize { status: response.status, error })?;
    output.set_request_id(crate::http::request_id(&response));
    Ok(output)
}

/// The JSON of a successful response, after checking its media type: an
/// empty body stands for `{}`. One copy serves every operation.
fn json_body(response: &HttpResponse) -> Result<&[u8], ResponseError> {
    if let Some(content_type) = response.header("content-type") {
        let media = content_type.split(';').next().unwrap_or_default().trim().to_ascii_lowercase();
        let json = media.is_empty()
            || media == Version::V1_1.content_type()
            || media == Version::V1_0.content_type()
            || media == "application/json"
            || media.ends_with("+json");
        if !json {
            return Err(ResponseError::UnexpectedContentType { status: response.status, content_type: media });
        }
    }
    let empty = response.body.iter().all(u8::is_ascii_whitespace);
    Ok(if empty { b"{}" } else { &response.body })
}

/// Reads an error shape from an error response's JSON body.
pub fn read_error<E: ReadJson + Shape>(error: &crate::ServiceError) -> Option<E> {
    crate::read_error_shape(&error.body)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn requests_name_the_operation_and_the_version() {
        let service = Service { version: Version::V1_0, query_compatible: true };
        let request = serialize(&crate::Unit::default(), service, "DynamoDB_20120810.ListTables");
        assert_eq!((request.method, request.path.as_str()), ("POST", "/"));
        assert_eq!(request.header("content-type"), Some("application/x-amz-json-1.0"));
        assert_eq!(request.header("x-amz-target"), Some("DynamoDB_20120810.ListTables"));
        assert_eq!(request.header("x-amzn-query-mode"), Some("true"));
        assert_eq!(request.body.as_bytes(), Some(&b"{}"[..]));
    }

    #[test]
    fn bodies_of_other_media_types_are_refused() {
        let response = HttpResponse {
            status: 200,
            headers: vec![("content-type".into(), "text/html".into())],
            body: b"<html></html>".to_vec(),
        };
        let error = deserialize::<crate::Unit>(response).unwrap_err();
        assert!(matches!(error, ResponseError::UnexpectedContentType { status: 200, .. }), "{error}");
    }
}
