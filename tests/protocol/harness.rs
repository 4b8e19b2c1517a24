//! Runs the prepared awsJson 1.1 protocol-test cases against the crate that
//! `tests/protocol.rs` generated from `tests/protocol/awsjson11-model.json`.
//! Each case goes through the real client (signing included) with an
//! in-memory transport: requests are compared with the expected method, URL
//! (host prefixes and endpoint paths included), headers and body (as JSON); responses and errors are read as the client
//! reads them. Prints one line per case and exits 1 if any failed.
//! Argument: the prepared cases file.

use json_protocol as api;
use api::runtime::client::{Config, Credentials, Error, HttpResponse, InMemoryTransport, RetryPolicy, Transport};
use api::runtime::{Operation, OperationVisitor};
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

fn handle(transport: Arc<InMemoryTransport>, endpoint: Option<&str>) -> api::runtime::client::Handle {
    let mut builder = Config::builder();
    if let Some(endpoint) = endpoint {
        builder = builder.endpoint_url(endpoint);
    }
    let config = builder
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

struct Runner<'a> {
    case: &'a Value,
    outcome: Option<Result<(), String>>,
}

impl OperationVisitor for Runner<'_> {
    fn visit<O: Operation>(&mut self) {
        if self.case["operation"].as_str() == Some(O::NAME) {
            self.outcome = Some(run::<O>(self.case));
        }
    }
}

fn response(case: &Value) -> HttpResponse {
    let headers = case["headers"]
        .as_object()
        .map(|h| h.iter().map(|(k, v)| (k.to_ascii_lowercase(), v.as_str().unwrap_or_default().to_owned())).collect())
        .unwrap_or_default();
    HttpResponse {
        status: case["code"].as_u64().unwrap_or(200) as u16,
        headers,
        body: case["body"].as_str().unwrap_or_default().as_bytes().to_vec(),
    }
}

fn run<O: Operation>(case: &Value) -> Result<(), String> {
    match case["kind"].as_str() {
        Some("request") => {
            let wire = serde_json::to_vec(&case["wire_params"]).map_err(|e| e.to_string())?;
            let input: O::Input = api::runtime::from_slice(&wire).map_err(|e| format!("params: {e}"))?;
            let transport = Arc::new(InMemoryTransport::json("{}"));
            // A case that gives a host sends to `https://<host>`, and must reach
            // `resolved_host` (the host with any prefix) at `uri`.
            let host = case["host"].as_str();
            let endpoint = host.map(|h| format!("https://{h}"));
            block_on(handle(Arc::clone(&transport), endpoint.as_deref()).call::<O>(&input))
                .map_err(|e| e.to_string())?;
            let request = transport.requests().into_iter().next().ok_or("no request was sent")?;
            let uri = case["uri"].as_str().unwrap_or("/");
            let expected_url = match host {
                Some(host) => {
                    let authority = case["resolved_host"].as_str().unwrap_or(host.split('/').next().unwrap_or(host));
                    if request.header("host") != Some(authority) {
                        return Err(format!("host header {:?}, expected {authority}", request.header("host")));
                    }
                    format!("https://{authority}{uri}")
                }
                None => format!("https://jsonprotocol.us-east-1.amazonaws.com{uri}"),
            };
            if request.method != "POST" || request.url != expected_url {
                return Err(format!("sent {} {}, expected POST {expected_url}", request.method, request.url));
            }
            for (name, value) in case["headers"].as_object().into_iter().flatten() {
                let sent = request.header(name);
                if sent != value.as_str() {
                    return Err(format!("header {name}: sent {sent:?}, expected {value}"));
                }
            }
            // A case without a body leaves the body unchecked.
            if let Some(body) = case["body"].as_str() {
                let expected = json(body.as_bytes())?;
                let sent = json(&request.body)?;
                if sent != expected {
                    return Err(format!("body: sent {sent}, expected {expected}"));
                }
            }
            Ok(())
        }
        Some("response") => {
            let answer = response(case);
            let transport = Arc::new(InMemoryTransport::new(move |_| Ok(answer.clone())));
            let input = input_for::<O>()?;
            let output = block_on(handle(transport, None).call::<O>(&input)).map_err(|e| e.to_string())?;
            let read = json(&api::runtime::to_vec(&output))?;
            if read != case["wire_params"] {
                return Err(format!("read {read}, expected {}", case["wire_params"]));
            }
            if let Some(id) = case["request_id"].as_str() {
                let got = api::runtime::ResponseMetadata::request_id(&output);
                if got != Some(id) {
                    return Err(format!("request id {got:?}, expected {id}"));
                }
            }
            Ok(())
        }
        Some("error") => {
            let answer = response(case);
            let transport = Arc::new(InMemoryTransport::new(move |_| Ok(answer.clone())));
            let input = input_for::<O>()?;
            let error = match block_on(handle(transport, None).call::<O>(&input)) {
                Ok(_) => return Err("the call succeeded".into()),
                Err(Error::Service(e)) => e,
                Err(other) => return Err(format!("not a service error: {other}")),
            };
            let expected = case["error"].as_str().unwrap_or_default();
            if error.code.as_str() != expected {
                return Err(format!("code {}, expected {expected}", error.code));
            }
            // Every error case's code is one the operation lists: its enum has it.
            if error.operation_error::<O>().is_none() {
                return Err(format!("{expected} is not read as one of the operation's errors"));
            }
            if let Some(params) = case.get("wire_params") {
                // The modelled members, read into the error shape's own type.
                let members = modelled(expected, &error)?;
                if &members != params {
                    return Err(format!("members {members}, expected {params}"));
                }
            }
            Ok(())
        }
        other => Err(format!("unknown case kind {other:?}")),
    }
}

/// The error's members as its generated type reads them, written back as JSON.
fn modelled(code: &str, error: &api::runtime::client::ServiceError) -> Result<Value, String> {
    let written = match code {
        "InvalidGreeting" => error.modeled::<api::InvalidGreeting>().map(|e| api::runtime::to_vec(&e)),
        "ComplexError" => error.modeled::<api::ComplexError>().map(|e| api::runtime::to_vec(&e)),
        "FooError" => error.modeled::<api::FooError>().map(|e| api::runtime::to_vec(&e)),
        other => return Err(format!("no error type {other} in the harness")),
    };
    json(&written.ok_or("the body does not read as the error shape")?)
}

/// An empty input (`{}`), for cases that test only the response.
fn input_for<O: Operation>() -> Result<O::Input, String> {
    api::runtime::from_slice(b"{}").map_err(|e| format!("an empty input: {e}"))
}

fn main() {
    let path = std::env::args().nth(1).expect("the prepared cases file");
    let cases: Vec<Value> = serde_json::from_slice(&std::fs::read(&path).expect("cases")).expect("JSON cases");
    let mut failed = 0;
    for case in &cases {
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
    println!("{} passed, {failed} failed", cases.len() - failed);
    std::process::exit(i32::from(failed > 0));
}
