//! Event streams over a real connection: a server on 127.0.0.1
//! (`tests/stream_server.py`, with an event-stream encoder of its own) answers
//! `InvokeEndpointWithResponseStream` with frames written a few bytes at a
//! time, and the generated `sagemakerruntime` client must give typed events
//! as they arrive, a modelled exception as a typed error, and a corrupt or
//! truncated frame as an error that says what was wrong.

use sagemaker_tests::ScriptServer;
use sagemakerruntime::runtime::client::{Config, Credentials};
use sagemakerruntime::runtime::event_stream::FrameError;
use sagemakerruntime::runtime::EventStreamError;
use sagemakerruntime::{InvokeEndpointWithResponseStreamInput, ResponseStream, ResponseStreamError};
use std::time::Duration;

type Event = Result<ResponseStream, EventStreamError<ResponseStreamError>>;

/// Every event of one scenario, and the output's headers.
async fn events(server: &ScriptServer, scenario: &str) -> (Vec<Event>, Option<String>, Option<String>) {
    let client = sagemakerruntime::Client::new(
        Config::builder()
            .region("us-east-1")
            .endpoint_url(server.endpoint())
            .credentials(Credentials::new("AKID", "secret", None))
            .timeout(Duration::from_secs(30))
            .build()
            .expect("config"),
    );
    let input = InvokeEndpointWithResponseStreamInput::builder()
        .endpoint_name(scenario)
        .body(sagemakerruntime::runtime::Blob::new("the prompt"))
        .content_type("text/plain")
        .custom_attributes("attr-1")
        .build()
        .unwrap();
    let output = client.invoke_endpoint_with_response_stream(input).await.unwrap();
    let mut stream = output.body.expect("an event stream");
    let mut events = Vec::new();
    while let Some(event) = stream.recv().await {
        events.push(event);
    }
    assert!(stream.recv().await.is_none(), "a stream stays over once it ended");
    (events, output.invoked_production_variant, output.custom_attributes)
}

fn part(event: &Event) -> String {
    match event {
        Ok(ResponseStream::PayloadPart(p)) => {
            String::from_utf8(p.bytes.as_ref().map(|b| b.as_bytes().to_vec()).unwrap_or_default()).unwrap()
        }
        other => panic!("expected a payload part, found {other:?}"),
    }
}

#[tokio::test]
async fn event_streams_give_typed_events_from_frames_split_across_reads() {
    let server = ScriptServer::start("stream_server.py").expect("the stream server");
    assert!(server.pid() > 0);

    let (all, variant, attributes) = events(&server, "parts").await;
    assert_eq!(all.len(), 3, "{all:?}");
    assert_eq!(part(&all[0]), "{\"echo\": \"the prompt\"}\n", "the request body arrived");
    assert_eq!(part(&all[1]), "second part\n");
    assert_eq!(part(&all[2]), "third ✓\n");
    assert_eq!((variant.as_deref(), attributes.as_deref()), (Some("AllTraffic"), Some("attr-1")));

    let (all, ..) = events(&server, "exception").await;
    assert_eq!(all.len(), 2, "{all:?}");
    match &all[1] {
        Err(EventStreamError::Modeled(ResponseStreamError::ModelStreamError(e))) => {
            assert_eq!(e.message.as_deref(), Some("the model failed"));
            assert_eq!(e.error_code.as_deref(), Some("ModelInvocationTimeExceeded"));
        }
        other => panic!("expected the modelled exception, found {other:?}"),
    }

    let (all, ..) = events(&server, "error").await;
    match &all[1] {
        Err(EventStreamError::Service { code, message }) => {
            assert_eq!((code.as_str(), message.as_str()), ("InternalFailure", "boom"))
        }
        other => panic!("expected an error message, found {other:?}"),
    }

    let (all, ..) = events(&server, "corrupt").await;
    assert_eq!(all.len(), 2, "{all:?}");
    match &all[1] {
        Err(e @ EventStreamError::Frame(FrameError::MessageChecksum { .. })) => {
            assert!(e.to_string().contains("message CRC32 mismatch"), "{e}")
        }
        other => panic!("expected a checksum error, found {other:?}"),
    }

    let (all, ..) = events(&server, "truncated").await;
    assert_eq!(all.len(), 2, "{all:?}");
    match &all[1] {
        Err(e @ EventStreamError::Frame(FrameError::Truncated { .. })) => {
            assert!(e.to_string().contains("ended inside a frame"), "{e}")
        }
        other => panic!("expected a truncated frame, found {other:?}"),
    }
}
