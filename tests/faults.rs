//! Fault tests: broken pages, hostile responses, a connection closed mid-body,
//! and an output folder that cannot be written. Each must give a typed error
//! (never a panic) and leave good files intact. Bounded and fast, for CI.

use sagemaker_api::runtime::client::{Config, Credentials, Error, HttpResponse, InMemoryTransport, RetryPolicy};
use sagemaker_api::runtime::ErrorKind;
use sagemaker_api::v2024_02_28 as api;
use sagemaker_codegen::fsutil::{self, OutputFile};
use sagemaker_codegen::page::parse_page;
use sagemaker_tests::root;
use std::io::{Read, Write};
use std::time::Duration;

/// A small deterministic generator, so failures reproduce.
struct Rng(u64);

impl Rng {
    fn next(&mut self) -> u64 {
        self.0 ^= self.0 << 13;
        self.0 ^= self.0 >> 7;
        self.0 ^= self.0 << 17;
        self.0
    }

    fn below(&mut self, n: usize) -> usize {
        (self.next() % n.max(1) as u64) as usize
    }
}

/// One page per layout (the seeds), and reference pages that show a response too
/// large to render, a recursive shape and tagged unions.
fn pages() -> Vec<(String, Vec<u8>)> {
    let dir = root().join("model/sources");
    let names = [
        "changes/2018-01-17.txt",
        "changes/2019-10-24.txt",
        "changes/2020-12-01.txt",
        "boto3/2023-05-22/create_algorithm.txt",
        "boto3/2024-02-28/create_algorithm.txt",
        "boto3/2024-02-28/search.txt",
        "boto3/2024-02-28/create_auto_ml_job_v2.txt",
    ];
    names.iter().map(|n| (n.to_string(), std::fs::read(dir.join(n)).unwrap())).collect()
}

#[test]
fn pages_truncated_at_50_random_points_give_a_result_or_an_error_naming_the_file() {
    let mut rng = Rng(0x5eed_0001);
    for (name, bytes) in pages() {
        for _ in 0..50 {
            let end = rng.below(bytes.len());
            // Cut on a character boundary: the point is truncation, not invalid UTF-8.
            let end = (0..=end).rev().find(|&i| std::str::from_utf8(&bytes[..i]).is_ok()).unwrap_or(0);
            match parse_page(&name, &bytes[..end]) {
                Ok(_) => {}
                Err(e) => assert!(e.to_string().starts_with(&name), "{name} cut at {end}: {e}"),
            }
        }
    }
}

#[test]
fn pages_with_flipped_bytes_give_a_result_or_an_error_with_file_and_line() {
    let mut rng = Rng(0x5eed_0002);
    for (name, bytes) in pages() {
        for round in 0..20 {
            let mut damaged = bytes.clone();
            for _ in 0..(1 + round) {
                let at = rng.below(damaged.len());
                damaged[at] ^= 1 << rng.below(8);
            }
            match parse_page(&name, &damaged) {
                Ok(_) => {}
                Err(e) => {
                    let text = e.to_string();
                    let line = text.strip_prefix(&format!("{name}:")).and_then(|r| r.split(':').next());
                    assert!(line.is_some_and(|l| l.parse::<usize>().is_ok()), "{name} round {round}: {text}");
                }
            }
        }
    }
}

#[test]
fn a_page_that_is_not_utf8_names_the_line_of_the_bad_byte() {
    let mut bytes = b"line one\nline two\n".to_vec();
    bytes.extend_from_slice(b"bad \xff byte\n");
    let e = parse_page("bad.txt", &bytes).unwrap_err().to_string();
    assert!(e.starts_with("bad.txt:3:"), "{e}");
}

fn client(respond: impl Fn() -> HttpResponse + Send + Sync + 'static) -> api::Client {
    api::Client::new(
        Config::builder()
            .region("us-east-1")
            .credentials(Credentials::new("A", "S", None))
            .retry(RetryPolicy { max_attempts: 1, ..RetryPolicy::default() })
            .transport(InMemoryTransport::new(move |_| Ok(respond())))
            .build()
            .unwrap(),
    )
}

fn json(body: Vec<u8>) -> HttpResponse {
    HttpResponse { status: 200, headers: vec![("content-type".into(), "application/x-amz-json-1.1".into())], body }
}

async fn describe(body: Vec<u8>) -> Error {
    describe_with(json(body)).await
}

async fn describe_with(response: HttpResponse) -> Error {
    let client = client(move || response.clone());
    let input = api::DescribeTrainingJobInput::builder().training_job_name("j").build().unwrap();
    match client.describe_training_job(input).await {
        Ok(out) => panic!("accepted a hostile response: {out:?}"),
        Err(e) => e,
    }
}

fn kind(e: &Error) -> &ErrorKind {
    match e {
        Error::Deserialize { error, .. } => error.kind(),
        other => panic!("expected a parse error, got {other}"),
    }
}

#[tokio::test]
async fn hostile_responses_give_typed_errors() {
    let deep = format!(r#"{{"Unknown":{}}}"#, "[".repeat(100_000));
    assert!(matches!(kind(&describe(deep.into_bytes()).await), ErrorKind::TooDeep { .. }));

    let huge = format!(r#"{{"TrainingTimeInSeconds":"{}"}}"#, "x".repeat(50 * 1024 * 1024));
    assert!(matches!(kind(&describe(huge.into_bytes()).await), ErrorKind::ExpectedType { expected: "integer", .. }));
    let unterminated = format!(r#"{{"TrainingJobName":"{}"#, "x".repeat(50 * 1024 * 1024));
    assert!(matches!(kind(&describe(unterminated.into_bytes()).await), ErrorKind::UnexpectedEnd { .. }));

    for number in ["2147483648", "-2147483649", &"9".repeat(400)] {
        let body = format!(r#"{{"TrainingTimeInSeconds":{number}}}"#);
        assert!(matches!(kind(&describe(body.into_bytes()).await), ErrorKind::OutOfRange { .. }), "{number}");
    }
    for number in ["1e400", "-1e400", &"9".repeat(400)] {
        let body = format!(r#"{{"CreationTime":{number}}}"#);
        assert!(matches!(kind(&describe(body.into_bytes()).await), ErrorKind::OutOfRange { .. }), "{number}");
    }
    let e = describe(br#"{"TrainingJobName":"a","TrainingJobName":"b"}"#.to_vec()).await;
    assert!(matches!(kind(&e), ErrorKind::DuplicateKey(_)), "{e}");

    let e = describe(b"{".to_vec()).await;
    assert!(matches!(kind(&e), ErrorKind::UnexpectedEnd { .. }), "{e}");
    let e = describe(b"<html><body>Welcome to the hotel Wi-Fi</body></html>".to_vec()).await;
    assert!(matches!(kind(&e), ErrorKind::ExpectedType { .. }), "{e}");
    let e = describe(b"{\"TrainingJobName\":\"\xc3\x28\"}".to_vec()).await;
    assert!(matches!(kind(&e), ErrorKind::InvalidUtf8), "{e}");

    let html = HttpResponse {
        status: 200,
        headers: vec![("content-type".into(), "text/html; charset=utf-8".into())],
        body: b"<html>login</html>".to_vec(),
    };
    let e = describe_with(html).await;
    assert!(matches!(&e, Error::UnexpectedContentType { content_type, .. } if content_type == "text/html"), "{e}");
}

#[tokio::test]
async fn an_empty_success_body_reads_as_an_empty_object() {
    let client = client(|| json(Vec::new()));
    let input = api::DeleteModelPackageGroupInput::builder().model_package_group_name("g").build().unwrap();
    assert_eq!(client.delete_model_package_group(input).await.unwrap(), sagemaker_api::runtime::Unit::default());
    let input = api::DeletePipelineInput::builder().pipeline_name("p").client_request_token("t").build().unwrap();
    let output = client.delete_pipeline(input).await.unwrap();
    assert_eq!(output.pipeline_arn, None);
}

/// A server that promises 1000 bytes, sends a few, and closes the connection.
fn closing_server() -> (String, std::thread::JoinHandle<()>) {
    let listener = std::net::TcpListener::bind("127.0.0.1:0").unwrap();
    let address = format!("http://{}", listener.local_addr().unwrap());
    let handle = std::thread::spawn(move || {
        if let Ok((mut stream, _)) = listener.accept() {
            let mut buffer = [0u8; 4096];
            let _ = stream.set_read_timeout(Some(Duration::from_secs(5)));
            let _ = stream.read(&mut buffer);
            let _ = stream.write_all(
                b"HTTP/1.1 200 OK\r\nContent-Type: application/x-amz-json-1.1\r\nContent-Length: 1000\r\n\r\n{\"TrainingJobName\":\"j",
            );
            let _ = stream.flush();
        }
    });
    (address, handle)
}

#[tokio::test]
async fn a_connection_closed_mid_body_is_a_transport_error() {
    let (endpoint, server) = closing_server();
    let client = api::Client::new(
        Config::builder()
            .region("us-east-1")
            .endpoint_url(endpoint)
            .credentials(Credentials::new("A", "S", None))
            .timeout(Duration::from_secs(10))
            .retry(RetryPolicy { max_attempts: 1, ..RetryPolicy::default() })
            .build()
            .unwrap(),
    );
    let input = api::DescribeTrainingJobInput::builder().training_job_name("j").build().unwrap();
    let e = client.describe_training_job(input).await.unwrap_err();
    assert!(matches!(e, Error::Transport(_)), "{e}");
    server.join().unwrap();
}

#[test]
fn an_output_that_cannot_be_written_fails_clearly_and_keeps_the_previous_files() {
    let dir = std::env::temp_dir().join(format!("faults-out-{}", std::process::id()));
    let _ = std::fs::remove_dir_all(&dir);
    std::fs::create_dir_all(&dir).unwrap();
    std::fs::write(dir.join("a.rs"), "good a\n").unwrap();
    std::fs::write(dir.join("b.rs"), "good b\n").unwrap();
    // b.rs's place is taken by a folder: the rename over it fails, whoever runs the test.
    std::fs::create_dir_all(dir.join("c.rs")).unwrap();
    let outputs = vec![
        OutputFile { path: dir.join("a.rs"), contents: "new a\n".into() },
        OutputFile { path: dir.join("c.rs"), contents: "new c\n".into() },
    ];
    let e = fsutil::sync(&outputs, &[], false).unwrap_err().to_string();
    assert!(e.contains("c.rs"), "{e}");
    assert_eq!(std::fs::read_to_string(dir.join("b.rs")).unwrap(), "good b\n");
    let leftovers: Vec<_> = std::fs::read_dir(&dir)
        .unwrap()
        .filter_map(|e| e.ok())
        .filter(|e| e.file_name().to_string_lossy().contains(".tmp-"))
        .collect();
    assert!(leftovers.is_empty(), "temporary files left behind: {leftovers:?}");

    // A read-only folder, where permissions apply (not for root).
    #[cfg(unix)]
    {
        use std::os::unix::fs::PermissionsExt;
        let locked = dir.join("locked");
        std::fs::create_dir_all(&locked).unwrap();
        std::fs::write(locked.join("x.rs"), "good x\n").unwrap();
        std::fs::set_permissions(&locked, std::fs::Permissions::from_mode(0o555)).unwrap();
        let writable = std::fs::write(locked.join(".probe"), "").is_ok();
        let _ = std::fs::remove_file(locked.join(".probe"));
        let outputs = vec![OutputFile { path: locked.join("x.rs"), contents: "new x\n".into() }];
        let result = fsutil::sync(&outputs, &[], false);
        if !writable {
            let e = result.unwrap_err().to_string();
            assert!(e.contains("x.rs"), "{e}");
            assert_eq!(std::fs::read_to_string(locked.join("x.rs")).unwrap(), "good x\n");
        }
        std::fs::set_permissions(&locked, std::fs::Permissions::from_mode(0o755)).unwrap();
    }
    std::fs::remove_dir_all(&dir).unwrap();
}

/// Inputs that cannot become a restJson1 request safely (a path label that
/// would move the path, or is empty; a header value that would end the header
/// and start another) are errors that name the member or header, and nothing
/// is sent.
#[tokio::test]
async fn bad_labels_and_header_values_are_refused_before_anything_is_sent() {
    use sagemakerruntime::runtime::RequestError;
    let transport = std::sync::Arc::new(InMemoryTransport::json("{}"));
    let client = sagemakerruntime::Client::new(
        Config::builder()
            .region("us-east-1")
            .credentials(Credentials::new("AKID", "secret", None))
            .shared_transport(transport.clone())
            .retry(RetryPolicy { max_attempts: 1, ..RetryPolicy::default() })
            .build()
            .expect("config"),
    );
    let input = |name: &str, attributes: &str| {
        sagemakerruntime::InvokeEndpointInput::builder()
            .endpoint_name(name)
            .body(sagemakerruntime::runtime::Blob::new("x"))
            .custom_attributes(attributes)
            .build()
            .unwrap()
    };
    for (name, attributes, expected) in [
        ("../x", "ok", "path label `EndpointName`: expected no `.` or `..` path segment, found `../x`"),
        ("..", "ok", "found `..`"),
        ("", "ok", "path label `EndpointName`: expected a non-empty value"),
        ("e", "a\r\nX-Injected: 1", "header `X-Amzn-SageMaker-Custom-Attributes`"),
        ("e", "a\nb", "'\\n'"),
    ] {
        let err = client.invoke_endpoint(input(name, attributes)).await.expect_err("refused");
        assert!(
            matches!(
                &err,
                sagemakerruntime::runtime::client::Error::Request(
                    RequestError::Label { .. } | RequestError::Header { .. }
                )
            ),
            "{err:?}"
        );
        assert!(err.to_string().contains(expected), "{name:?} {attributes:?}: {err}");
    }
    assert!(transport.requests().is_empty(), "nothing may be sent");
    // A label is encoded, never a path: `a/b` is one segment.
    client.invoke_endpoint(input("a/b c", "ok")).await.unwrap();
    let sent = transport.requests();
    assert_eq!(sent.len(), 1);
    assert!(sent[0].url.ends_with("/endpoints/a%2Fb%20c/invocations"), "{}", sent[0].url);
}

/// Published models mutated as a fuzzer would (a member retargeted to any
/// shape, a list made to hold itself, a shape or a trait removed): each
/// mutant is refused with a JSON path or generates a crate, and nothing
/// panics or overflows its stack (a list that holds itself once did).
#[test]
fn mutated_published_models_are_refused_or_generated_never_a_crash() {
    let models = [
        "acm",
        "support",
        "secrets-manager",
        "sagemaker-runtime",
        "sagemaker-edge",
        "sagemaker-metrics",
        "sagemaker-a2i-runtime",
        "sagemaker-featurestore-runtime",
    ];
    let mut rng = Rng(0x5eed_cafe_f00d);
    let (mut refused, mut generated) = (0, 0);
    for name in models {
        let text = std::fs::read_to_string(root().join(format!("../shared/smithy-models/{name}.json"))).unwrap();
        let original: serde_json::Value = serde_json::from_str(&text).unwrap();
        let ids: Vec<String> = original["shapes"].as_object().unwrap().keys().cloned().collect();
        for round in 0..30 {
            let mut value = original.clone();
            let shapes = value["shapes"].as_object_mut().unwrap();
            let id = ids[rng.below(ids.len())].clone();
            let shape = &mut shapes[&id];
            let description = match (round % 4, shape["type"].as_str()) {
                (0, Some("list")) => {
                    shape["member"]["target"] = serde_json::json!(id.clone());
                    format!("{id} holds itself")
                }
                (1, _) => {
                    shapes.remove(&id);
                    format!("{id} removed")
                }
                (2, _) if shape.get("traits").and_then(|t| t.as_object()).is_some_and(|t| !t.is_empty()) => {
                    let traits = shape["traits"].as_object_mut().unwrap();
                    let key = traits.keys().nth(rng.below(traits.len())).cloned().unwrap();
                    traits.remove(&key);
                    format!("{id} without {key}")
                }
                _ => {
                    let other = ids[rng.below(ids.len())].clone();
                    let Some(members) =
                        shape.get_mut("members").and_then(|m| m.as_object_mut()).filter(|m| !m.is_empty())
                    else {
                        continue;
                    };
                    let member = members.keys().nth(rng.below(members.len())).cloned().unwrap();
                    members[&member]["target"] = serde_json::json!(other.clone());
                    format!("{id}.{member} → {other}")
                }
            };
            let outcome = std::panic::catch_unwind(|| {
                let model = sagemaker_codegen::smithy::from_json("mutant.json", &value)?;
                sagemaker_codegen::smithy::validate("mutant.json", &model)
                    .map_err(|errors| errors.into_iter().next().expect("an error"))?;
                sagemaker_codegen::rust::generate_service(
                    std::path::Path::new("out"),
                    &model,
                    "mutant.json",
                    "mutant",
                    &sagemaker_codegen::rust::package::RuntimeDependency {
                        version: "0.1.0".into(),
                        path: "../runtime".into(),
                    },
                )
                .map(|_| ())
            });
            match outcome {
                Ok(Ok(())) => generated += 1,
                Ok(Err(e)) => {
                    assert!(e.to_string().contains("mutant.json"), "{name}: {description}: {e}");
                    refused += 1;
                }
                Err(_) => panic!("{name}: {description}: the generator panicked"),
            }
        }
    }
    println!("{refused} mutants refused with their path, {generated} generated");
    assert!(refused > 0 && generated > 0);
}
