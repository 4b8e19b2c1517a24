//! Service errors: the error response of any of the JSON protocols, with
//! its code as the service sent it, its message, request id and raw response.

use crate::http::HttpResponse;
use std::fmt;

/// A service error code as the service sent it, with the namespace before `#`
/// and anything after `:` removed: `ResourceNotFound`. It compares with text
/// (`code == "ResourceNotFound"`); an operation's typed error enum
/// ([`ServiceError::operation_error`]) gives the modelled errors as variants.
#[derive(Debug, Clone, PartialEq, Eq, Hash, PartialOrd, Ord)]
pub struct ErrorCode(String);

impl ErrorCode {
    /// Parses a code as `__type` or `X-Amzn-ErrorType` carry it: the namespace
    /// before `#` and anything after `:` are removed.
    pub fn parse(raw: &str) -> Self {
        let code = raw.split(':').next().unwrap_or(raw);
        ErrorCode(code.rsplit('#').next().unwrap_or(code).trim().to_owned())
    }

    /// The code as text.
    pub fn as_str(&self) -> &str {
        &self.0
    }

    /// Whether the code means "slow down": such errors are retried. The list is
    /// the AWS SDKs' standard retry mode's.
    pub fn is_throttling(&self) -> bool {
        matches!(
            self.as_str(),
            "Throttling"
                | "ThrottlingException"
                | "ThrottledException"
                | "RequestThrottledException"
                | "TooManyRequestsException"
                | "ProvisionedThroughputExceededException"
                | "TransactionInProgressException"
                | "RequestLimitExceeded"
                | "BandwidthLimitExceeded"
                | "LimitExceededException"
                | "RequestThrottled"
                | "SlowDown"
                | "PriorRequestNotComplete"
                | "EC2ThrottledException"
        )
    }

    /// Whether the code names a transient failure (standard retry mode's list).
    pub fn is_transient(&self) -> bool {
        matches!(self.as_str(), "RequestTimeout" | "RequestTimeoutException" | "PriorRequestNotComplete")
    }
}

impl PartialEq<str> for ErrorCode {
    fn eq(&self, other: &str) -> bool {
        self.0 == other
    }
}

impl PartialEq<&str> for ErrorCode {
    fn eq(&self, other: &&str) -> bool {
        self.0 == *other
    }
}

impl fmt::Display for ErrorCode {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(self.as_str())
    }
}

/// The `x-amzn-query-error` header of a service that moved from the awsQuery
/// protocol to a JSON one (`@awsQueryCompatible`): the code and fault its
/// awsQuery clients knew the error by.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct QueryError {
    /// The awsQuery error code (`AWS.SimpleQueueService.NonExistentQueue`).
    pub code: String,
    /// `Sender` or `Receiver`.
    pub fault: String,
}

/// An error response from the service.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct ServiceError {
    /// The error code, namespace removed: the name of the model's error shape.
    pub code: ErrorCode,
    /// The service's message.
    pub message: String,
    /// The HTTP status.
    pub status: u16,
    /// The request id the service assigned, for support cases.
    pub request_id: Option<String>,
    /// How long the service asked the caller to wait (`x-amz-retry-after` in
    /// milliseconds, or `Retry-After` in seconds).
    pub retry_after: Option<std::time::Duration>,
    /// The awsQuery code and fault, from a service marked `@awsQueryCompatible`
    /// that sent them.
    pub query_error: Option<QueryError>,
    /// The response's headers as received, names in lower case.
    pub headers: Vec<(String, String)>,
    /// The response's body as received.
    pub body: Vec<u8>,
}

impl ServiceError {
    /// Reads an error response. The code comes from the `X-Amzn-ErrorType` header,
    /// else the body's `code`, else its `__type` (string values only), sanitised as
    /// Smithy's JSON protocols say: what follows `:` and what precedes `#` go. The
    /// message comes from `message`, `Message` or `errorMessage`. A body that is
    /// not JSON (an HTML 500 page) still gives a clear error.
    pub fn from_response(response: &HttpResponse) -> Self {
        let request_id = crate::http::request_id(response);
        let header_code = response.header("x-amzn-errortype").filter(|c| !c.trim().is_empty()).map(ErrorCode::parse);
        let parsed = parse_error_body(&response.body).or_else(|| parse_xml_error(&response.body));
        let (code, message) = match parsed {
            Some((code, message)) => (header_code.or(code.map(|c| ErrorCode::parse(&c))), message),
            None => {
                let snippet: String = String::from_utf8_lossy(&response.body).chars().take(200).collect();
                let snippet = snippet.split_whitespace().collect::<Vec<_>>().join(" ");
                (header_code, Some(format!("HTTP {} with a body that is not JSON: {snippet}", response.status)))
            }
        };
        let code = code.filter(|c| !c.as_str().is_empty()).unwrap_or_else(|| {
            ErrorCode::parse(if response.status >= 500 { "InternalFailure" } else { "UnknownError" })
        });
        let retry_after = response
            .header("x-amz-retry-after")
            .and_then(|v| v.trim().parse::<u64>().ok())
            .map(std::time::Duration::from_millis)
            .or_else(|| {
                response
                    .header("retry-after")
                    .and_then(|v| v.trim().parse::<u64>().ok())
                    .map(std::time::Duration::from_secs)
            });
        ServiceError {
            code,
            message: message.unwrap_or_default(),
            status: response.status,
            request_id,
            retry_after,
            query_error: None,
            headers: response.headers.clone(),
            body: response.body.clone(),
        }
    }

    /// As [`from_response`](Self::from_response), for a service marked
    /// `@awsQueryCompatible`: the `x-amzn-query-error` header (`Code;Fault`)
    /// gives [`query_error`](Self::query_error).
    pub fn from_query_compatible_response(response: &HttpResponse) -> Self {
        let mut error = Self::from_response(response);
        error.query_error = response.header("x-amzn-query-error").and_then(|value| {
            let (code, fault) = value.split_once(';')?;
            let code = code.trim();
            (!code.is_empty()).then(|| QueryError { code: code.to_owned(), fault: fault.trim().to_owned() })
        });
        error
    }

    /// Whether the code, or the awsQuery code, is `code`.
    pub fn is(&self, code: &str) -> bool {
        self.code == code || self.query_error.as_ref().is_some_and(|q| q.code == code)
    }

    /// The first value of a response header (case-insensitive).
    pub fn header(&self, name: &str) -> Option<&str> {
        crate::http::header(&self.headers, name)
    }

    /// The error as the model's error shape `E`, with its modelled members
    /// (those the protocol binds to headers too): `Some` when the code names
    /// `E` and the response reads as one, else `None`. For example
    /// `error.modeled::<api::ResourceNotFound>()`.
    pub fn modeled<E: crate::ErrorShape>(&self) -> Option<E> {
        if self.code.as_str() != E::SHAPE_NAME {
            return None;
        }
        E::from_service_error(self)
    }

    /// The error as one of the errors operation `O` lists, with its members,
    /// for an exhaustive `match`: `Some` when the code names one of them and
    /// the response reads as it, else `None`. For example
    /// `error.operation_error::<operations::DescribeTrainingJob>()` gives a
    /// `DescribeTrainingJobError`.
    pub fn operation_error<O: crate::Operation>(&self) -> Option<O::Error> {
        <O::Error as crate::OperationError>::from_service_error(self)
    }
}

/// The code and message of a JSON error body; `None` if it is not a JSON object.
/// `code` wins over `__type`; values that are not strings (`null`) are skipped.
fn parse_error_body(body: &[u8]) -> Option<(Option<String>, Option<String>)> {
    let mut r = crate::JsonReader::from_bytes(body).ok()?;
    let mut object = r.begin_object().ok()?;
    let (mut code, mut type_, mut message) = (None, None, None);
    while let Some(key) = r.next_key(&mut object).ok()? {
        let slot = match &*key {
            "code" => &mut code,
            "__type" => &mut type_,
            "message" | "Message" | "errorMessage" => &mut message,
            _ => {
                r.skip_value().ok()?;
                continue;
            }
        };
        if r.peek() == Some(b'"') {
            let value = r.read_str().ok()?.into_owned();
            slot.get_or_insert(value);
        } else {
            r.skip_value().ok()?;
        }
    }
    Some((code.filter(|c| !c.is_empty()).or(type_), message))
}

/// The code and message of an XML error body (`<Error><Code>…</Code><Message>…</Message>`),
/// as AWS front ends answer some failures (a bad signature) even to JSON protocols.
fn parse_xml_error(body: &[u8]) -> Option<(Option<String>, Option<String>)> {
    let text = std::str::from_utf8(body).ok()?;
    if !text.trim_start().starts_with('<') {
        return None;
    }
    let element = |name: &str| {
        let open = format!("<{name}>");
        let start = text.find(&open)? + open.len();
        let end = text[start..].find(&format!("</{name}>"))? + start;
        Some(
            text[start..end]
                .replace("&lt;", "<")
                .replace("&gt;", ">")
                .replace("&quot;", "\"")
                .replace("&apos;", "'")
                .replace("&amp;", "&"),
        )
    };
    let code = element("Code");
    code.as_ref()?;
    Some((code, element("Message")))
}

impl fmt::Display for ServiceError {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        write!(f, "{} (HTTP {}): {}", self.code, self.status, self.message)?;
        if let Some(query) = &self.query_error {
            write!(f, " [awsQuery code {}, {}]", query.code, query.fault)?;
        }
        if let Some(id) = &self.request_id {
            write!(f, " [request id {id}]")?;
        }
        Ok(())
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn response(status: u16, headers: &[(&str, &str)], body: &str) -> HttpResponse {
        HttpResponse {
            status,
            headers: headers.iter().map(|(n, v)| (n.to_string(), v.to_string())).collect(),
            body: body.as_bytes().to_vec(),
        }
    }

    #[test]
    fn codes_lose_their_namespace_and_known_ones_are_variants() {
        let e = ServiceError::from_response(&response(
            400,
            &[("x-amzn-requestid", "r-1")],
            r#"{"__type":"com.amazonaws.sagemaker#ResourceNotFound","Message":"no such job"}"#,
        ));
        assert_eq!(
            (e.code, e.message.as_str(), e.request_id.as_deref()),
            (ErrorCode::parse("ResourceNotFound"), "no such job", Some("r-1"))
        );
        let e =
            ServiceError::from_response(&response(400, &[("x-amzn-errortype", "SomethingNew:http://internal")], "{}"));
        assert_eq!(e.code, ErrorCode::parse("SomethingNew"));
    }

    #[test]
    fn xml_error_bodies_give_their_code_and_message() {
        let body = "<?xml version=\"1.0\"?><ErrorResponse><Errors><Error><Code>SignatureDoesNotMatch</Code>\
                    <Message>The signature &amp; more</Message></Error></Errors></ErrorResponse>";
        let e = ServiceError::from_response(&response(403, &[], body));
        assert_eq!(e.code, ErrorCode::parse("SignatureDoesNotMatch"));
        assert_eq!(e.message, "The signature & more");
    }

    #[test]
    fn non_json_bodies_are_clear_service_errors() {
        let e = ServiceError::from_response(&response(500, &[], "<html><body>Internal   Server Error</body></html>"));
        assert_eq!(e.code, ErrorCode::parse("InternalFailure"));
        assert!(e.message.contains("not JSON") && e.message.contains("Internal Server Error"), "{}", e.message);
        let e = ServiceError::from_response(&response(400, &[], ""));
        assert_eq!(e.code, ErrorCode::parse("UnknownError"));
    }

    #[test]
    fn the_header_wins_then_code_then_type_and_only_strings_count() {
        let e = ServiceError::from_response(&response(
            400,
            &[("x-amzn-errortype", "ValidationException:http://internal")],
            r#"{"code":"x","__type":"Real"}"#,
        ));
        assert_eq!(e.code, ErrorCode::parse("ValidationException"));
        let e = ServiceError::from_response(&response(400, &[], r#"{"Code":"x","__type":"aws.ns#Real:extra"}"#));
        assert_eq!(e.code, ErrorCode::parse("Real"));
        let e = ServiceError::from_response(&response(400, &[], r#"{"__type":"Real","code":"FromCode"}"#));
        assert_eq!(e.code, ErrorCode::parse("FromCode"));
        let e = ServiceError::from_response(&response(400, &[], r#"{"__type":null,"message":"m"}"#));
        assert_eq!((e.code, e.message.as_str()), (ErrorCode::parse("UnknownError"), "m"));
        let e = ServiceError::from_response(&response(400, &[], r#"{"__type":7,"message":"m2","code":["x"]}"#));
        assert_eq!(e.message, "m2");
    }

    #[test]
    fn query_compatible_services_give_the_awsquery_code_and_fault() {
        let e = ServiceError::from_query_compatible_response(&response(
            400,
            &[("x-amzn-query-error", "AWS.SimpleQueueService.NonExistentQueue;Sender")],
            r#"{"__type":"com.amazonaws.sqs#QueueDoesNotExist","message":"gone"}"#,
        ));
        assert_eq!(e.code, ErrorCode::parse("QueueDoesNotExist"));
        let query = e.query_error.as_ref().unwrap();
        assert_eq!((query.code.as_str(), query.fault.as_str()), ("AWS.SimpleQueueService.NonExistentQueue", "Sender"));
        assert!(e.is("AWS.SimpleQueueService.NonExistentQueue") && e.is("QueueDoesNotExist"));
        let plain =
            ServiceError::from_query_compatible_response(&response(400, &[("x-amzn-query-error", "NoFault")], "{}"));
        assert!(plain.query_error.is_none());
    }
}
