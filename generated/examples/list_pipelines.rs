//! Prints the name of every pipeline, one per line, following pages.
//!
//! ```sh
//! cargo run -p sagemaker-api --example list_pipelines -- --region us-east-1
//! cargo run -p sagemaker-api --example list_pipelines -- --endpoint-url http://127.0.0.1:5000 --region us-east-1
//! ```

mod common;

use futures_util::StreamExt;
use sagemaker_api::latest as api;
use std::process::ExitCode;

#[tokio::main]
async fn main() -> ExitCode {
    let config = match common::parse("usage: list_pipelines [--endpoint-url URL] [--region REGION]", &[]).await {
        Ok(args) => args.config,
        Err(code) => return code,
    };
    let client = api::Client::new(config);
    let mut items = client.list_pipelines_items(api::ListPipelinesInput::builder().build());
    while let Some(item) = items.next().await {
        match item {
            Ok(pipeline) => println!("{}", pipeline.pipeline_name.unwrap_or_default()),
            Err(e) => {
                eprintln!("error: {e}");
                return ExitCode::FAILURE;
            }
        }
    }
    ExitCode::SUCCESS
}
