//! Calls a SageMaker endpoint that streams its answer
//! (`InvokeEndpointWithResponseStream`) and prints each part as it arrives.
//!
//! The parts go to standard output as the endpoint sends them, each written
//! and flushed on arrival; `variant: <InvokedProductionVariant>` goes to
//! standard error first. An error event, or a failed call, goes to standard
//! error with exit code 1.
//!
//! ```sh
//! cargo run --release -p sagemakerruntime --example invoke_endpoint_stream -- \
//!     --endpoint-name my-llm --content-type application/json \
//!     --body '{"inputs": "Hello", "parameters": {"max_new_tokens": 64}, "stream": true}'
//! ```

mod args;

use sagemakerruntime::{InvokeEndpointWithResponseStreamInput, ResponseStream};
use std::io::Write;
use std::process::ExitCode;

const USAGE: &str = "usage: invoke_endpoint_stream --endpoint-name NAME --body TEXT [--content-type TYPE] \
                     [--custom-attributes ATTRIBUTES] [--endpoint-url URL] [--region REGION]";

#[tokio::main]
async fn main() -> ExitCode {
    let known = ["--endpoint-url", "--region", "--endpoint-name", "--content-type", "--custom-attributes", "--body"];
    let flags = match args::parse(USAGE, &known, &["--endpoint-name", "--body"]) {
        Ok(flags) => flags,
        Err(code) => return code,
    };
    let config = match flags.config().await {
        Ok(config) => config,
        Err(code) => return code,
    };
    let input = InvokeEndpointWithResponseStreamInput::builder()
        .endpoint_name(flags.get("--endpoint-name").unwrap_or_default())
        .body(sagemakerruntime::runtime::Blob::new(flags.get("--body").unwrap_or_default().as_bytes()))
        .set_content_type(flags.get("--content-type").map(str::to_owned))
        .set_custom_attributes(flags.get("--custom-attributes").map(str::to_owned))
        .build();
    let input = match input {
        Ok(input) => input,
        Err(e) => {
            eprintln!("error: {e}");
            return ExitCode::from(2);
        }
    };
    let client = sagemakerruntime::Client::new(config);
    let output = match client.invoke_endpoint_with_response_stream(input).await {
        Ok(output) => output,
        Err(e) => {
            eprintln!("error: {e}");
            return ExitCode::FAILURE;
        }
    };
    eprintln!("variant: {}", output.invoked_production_variant.as_deref().unwrap_or_default());
    let Some(mut events) = output.body else {
        eprintln!("error: the answer carries no event stream");
        return ExitCode::FAILURE;
    };
    let mut stdout = std::io::stdout().lock();
    while let Some(event) = events.recv().await {
        match event {
            Ok(ResponseStream::PayloadPart(part)) => {
                let bytes = part.bytes.as_ref().map(|b| b.as_bytes()).unwrap_or_default();
                if let Err(e) = stdout.write_all(bytes).and_then(|()| stdout.flush()) {
                    eprintln!("error: cannot write the answer: {e}");
                    return ExitCode::FAILURE;
                }
            }
            Ok(other) => eprintln!("note: an event this client does not know: {other:?}"),
            Err(e) => {
                eprintln!("error: {e}");
                return ExitCode::FAILURE;
            }
        }
    }
    ExitCode::SUCCESS
}
