//! Calls a SageMaker endpoint (`InvokeEndpoint`) and prints its answer.
//!
//! The answer's body goes to standard output exactly as the endpoint sent it;
//! `variant: <InvokedProductionVariant>` and `attributes: <CustomAttributes>`
//! go to standard error. On failure the service's error goes to standard error
//! and the exit code is 1.
//!
//! ```sh
//! cargo run --release -p sagemakerruntime --example invoke_endpoint -- \
//!     --endpoint-name my-endpoint --content-type text/csv --body '1.5,2.5'
//! ```

mod args;

use sagemakerruntime::InvokeEndpointInput;
use std::io::Write;
use std::process::ExitCode;

const USAGE: &str = "usage: invoke_endpoint --endpoint-name NAME --body TEXT [--content-type TYPE] \
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
    let input = InvokeEndpointInput::builder()
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
    match client.invoke_endpoint(input).await {
        Ok(output) => {
            let body = output.body.as_ref().map(|b| b.as_bytes()).unwrap_or_default();
            let mut stdout = std::io::stdout().lock();
            if let Err(e) = stdout.write_all(body).and_then(|()| stdout.flush()) {
                eprintln!("error: cannot write the answer: {e}");
                return ExitCode::FAILURE;
            }
            eprintln!("variant: {}", output.invoked_production_variant.as_deref().unwrap_or_default());
            eprintln!("attributes: {}", output.custom_attributes.as_deref().unwrap_or_default());
            ExitCode::SUCCESS
        }
        Err(e) => {
            eprintln!("error: {e}");
            ExitCode::FAILURE
        }
    }
}
