// Included once per suite crate by the harness that `tests/protocol.rs`
// writes, inside a module where `api` names the suite's generated crate and
// `modelled(code, error)` reads an error as its shape: runs botocore's cases
// through the real client (requests) or the operation's own reader
// (responses and errors, as the client reads them).

use api::runtime::client::{Config, Credentials, InMemoryTransport, RetryPolicy, ServiceError, Transport};
use api::runtime::{HttpResponse, Operation, OperationVisitor};
use serde_json::Value;
use std::sync::Arc;

/// A sleep that never ends: no case waits (one attempt, and the in-memory
/// transport answers before any timeout).
#[derive(Debug)]
struct NeverSleep;

impl api::runtime::client::AsyncSleep for NeverSleep {
    fn sleep(&self, _: std::time::Duration) -> api::runtime::client::rt::Sleep {
        Box::pin(std::future::pending())
    }
}

fn block_on<F: std::future::Future>(future: F) -> F::Output {
    let mut cx = std::task::Context::from_waker(std::task::Waker::noop());
    let mut future = std::pin::pin!(future);
    loop {
        if let std::task::Poll::Ready(output) = future.as_mut().poll(&mut cx) {
            return output;
        }
    }
}

/// botocore's tests send to `https://example.com`, or to the host and path a
/// case gives (`example.com/custom`).
fn handle(transport: Arc<InMemoryTransport>, endpoint: &str) -> api::runtime::client::Handle {
    let config = Config::builder()
        .endpoint_url(endpoint)
        .env(api::runtime::client::credentials::Env::from_vars([("AWS_EC2_METADATA_DISABLED", "true")]))
        .region("us-east-1")
        .credentials(Credentials::new("AKID", "secret", None))
        .shared_transport(transport as Arc<dyn Transport>)
        .sleep(NeverSleep)
        .retry(RetryPolicy { max_attempts: 1, ..RetryPolicy::default() })
        .build()
        .expect("config");
    api::runtime::client::Handle::new(config, api::SERVICE)
}

fn json(bytes: &[u8]) -> Result<Value, String> {
    serde_json::from_slice(bytes).map_err(|e| format!("not JSON ({e}): {}", String::from_utf8_lossy(bytes)))
}

/// Text with every UUID replaced by botocore's fixed one, which its tests
/// patch in for generated idempotency tokens.
fn fixed_uuids(text: &str) -> String {
    let bytes = text.as_bytes();
    let mut out = String::with_capacity(text.len());
    let mut i = 0;
    while i < bytes.len() {
        let candidate = bytes.get(i..i + 36);
        let is_uuid = candidate.is_some_and(|c| {
            c.iter().enumerate().all(|(j, b)| if matches!(j, 8 | 13 | 18 | 23) { *b == b'-' } else { b.is_ascii_hexdigit() })
        });
        if is_uuid {
            out.push_str("00000000-0000-4000-8000-000000000000");
            i += 36;
        } else {
            let c = text[i..].chars().next().unwrap_or_default();
            out.push(c);
            i += c.len_utf8().max(1);
        }
    }
    out
}

/// A path with its query's parameters in order, for comparison: the
/// protocol does not order them.
fn sorted_query(uri: &str) -> (String, Vec<String>) {
    let (path, query) = uri.split_once('?').unwrap_or((uri, ""));
    let mut params: Vec<String> = query.split('&').filter(|p| !p.is_empty()).map(str::to_owned).collect();
    params.sort();
    (path.to_owned(), params)
}

fn request_case<O: Operation>(case: &Value) -> Result<(), String> {
    let wire = serde_json::to_vec(&case["wire_params"]).map_err(|e| e.to_string())?;
    let input: O::Input = api::runtime::from_slice(&wire).map_err(|e| format!("params: {e}"))?;
    let transport = Arc::new(InMemoryTransport::json("{}"));
    // A host with a path is the endpoint's (`example.com/custom`); a host
    // without one is the host the request reaches, the endpoint's host with
    // the operation's prefix (`foo.bar.example.com`).
    let case_host = case["host"].as_str().unwrap_or("example.com");
    let (expected_host, base_path) = case_host.split_once('/').unwrap_or((case_host, ""));
    let endpoint =
        if base_path.is_empty() { "https://example.com".to_owned() } else { format!("https://{case_host}") };
    // Only the request is checked: the in-memory answer (`{}`) need not read as the output.
    let outcome = block_on(handle(Arc::clone(&transport), &endpoint).call::<O>(&input));
    let request = match transport.requests().into_iter().next() {
        Some(request) => request,
        None => return Err(format!("no request was sent: {:?}", outcome.err())),
    };
    let expected_method = case["method"].as_str().unwrap_or("POST");
    if request.method != expected_method {
        return Err(format!("method {}, expected {expected_method}", request.method));
    }
    let (authority, uri) = request
        .url
        .strip_prefix("https://")
        .and_then(|rest| rest.find('/').map(|i| (&rest[..i], &rest[i..])))
        .ok_or_else(|| format!("odd URL {}", request.url))?;
    if authority != expected_host || request.header("host") != Some(expected_host) {
        return Err(format!("host {authority} ({:?}), expected {expected_host}", request.header("host")));
    }
    let expected_uri = case["uri"].as_str().unwrap_or("/");
    if sorted_query(&fixed_uuids(uri)) != sorted_query(expected_uri) {
        return Err(format!("URI {uri}, expected {expected_uri}"));
    }
    for (name, value) in case["headers"].as_object().into_iter().flatten() {
        let sent = request.header(name);
        if sent != value.as_str() {
            return Err(format!("header {name}: sent {sent:?}, expected {value}"));
        }
    }
    for name in case["forbid_headers"].as_array().into_iter().flatten().filter_map(Value::as_str) {
        if let Some(sent) = request.header(name) {
            return Err(format!("header {name} must not be sent, sent {sent:?}"));
        }
    }
    for name in case["require_headers"].as_array().into_iter().flatten().filter_map(Value::as_str) {
        // The in-memory transport sees the body itself; the HTTP transport
        // sends its length with it.
        if !name.eq_ignore_ascii_case("content-length") && request.header(name).is_none() {
            return Err(format!("header {name} must be sent"));
        }
    }
    if let Some(expected) = case["body"].as_str() {
        let sent = fixed_uuids(&String::from_utf8_lossy(&request.body));
        let json_body = request.header("content-type").is_some_and(|t| t.contains("json"));
        let same = if expected.trim().is_empty() || !json_body {
            sent == expected
        } else {
            json(sent.as_bytes())? == json(expected.as_bytes())?
        };
        if !same {
            return Err(format!("body {sent:?}, expected {expected:?}"));
        }
    }
    Ok(())
}

fn response(case: &Value) -> HttpResponse {
    let r = &case["response"];
    HttpResponse {
        status: r["status"].as_u64().unwrap_or(200) as u16,
        headers: r["headers"]
            .as_object()
            .map(|h| h.iter().map(|(k, v)| (k.to_ascii_lowercase(), v.as_str().unwrap_or_default().to_owned())).collect())
            .unwrap_or_default(),
        body: r["body"].as_str().unwrap_or_default().as_bytes().to_vec(),
    }
}

fn error_case<O: Operation>(case: &Value) -> Result<(), String> {
    let answer = response(case);
    let error = if api::SERVICE.query_compatible {
        ServiceError::from_query_compatible_response(&answer)
    } else {
        ServiceError::from_response(&answer)
    };
    let expected = case["error"].as_str().unwrap_or_default();
    let code = error.query_error.as_ref().map_or(error.code.as_str(), |q| q.code.as_str());
    if code != expected {
        return Err(format!("code {code}, expected {expected}"));
    }
    if let Some(message) = case["error_message"].as_str() {
        if error.message != message {
            return Err(format!("message {:?}, expected {message:?}", error.message));
        }
    }
    // Every error case's shape is one the operation lists: its enum has it.
    if error.operation_error::<O>().is_none() {
        return Err(format!("{} is not read as one of the operation's errors", error.code));
    }
    let members = modelled(error.code.as_str(), &error)?;
    if members != case["wire_error"] {
        return Err(format!("members {members}, expected {}", case["wire_error"]));
    }
    Ok(())
}

struct Runner<'a> {
    case: &'a Value,
    outcome: Option<Result<(), String>>,
}

impl OperationVisitor for Runner<'_> {
    fn visit<O: Operation>(&mut self) {
        if self.case["operation"].as_str() != Some(O::NAME) {
            return;
        }
        self.outcome = Some(match self.case["kind"].as_str() {
            Some("request") => request_case::<O>(self.case),
            Some("response") => {
                // As the client receives it: a stream, read whole unless the
                // operation hands its body on as one.
                let stream = response(self.case).map_body(api::runtime::ByteStream::from);
                let body = block_on(<O::ResponseBody as api::runtime::ResponseBody>::receive(stream.body));
                match body {
                    Ok(body) => {
                        let answer = HttpResponse { status: stream.status, headers: stream.headers, body };
                        O::deserialize_response(answer).map_err(|e| e.to_string()).and_then(|output| {
                            let read = json(&api::runtime::to_vec(&output))?;
                            if read != self.case["wire_result"] {
                                return Err(format!("read {read}, expected {}", self.case["wire_result"]));
                            }
                            Ok(())
                        })
                    }
                    Err(e) => Err(e.to_string()),
                }
            }
            Some("error") => error_case::<O>(self.case),
            other => Err(format!("unknown case kind {other:?}")),
        });
    }
}

/// Runs every case; prints one line per case and returns the failures.
pub fn run(cases: &[Value]) -> usize {
    let mut failed = 0;
    for case in cases {
        let mut runner = Runner { case, outcome: None };
        api::visit_operations(&mut runner);
        let outcome = runner.outcome.unwrap_or_else(|| Err("no such operation".into()));
        let id = case["id"].as_str().unwrap_or("?");
        match outcome {
            Ok(()) => println!("pass {id}"),
            Err(why) => {
                failed += 1;
                println!("FAIL {id}: {why}");
            }
        }
    }
    failed
}
