//! Waits for a training job to end, printing each change of its status, with
//! a poll loop (the documentation pages show no waiters). Exits 0 when the job
//! completed, 1 when it failed or stopped, or when `--max-wait` passed first.
//!
//! ```sh
//! cargo run -p sagemaker-api --example wait_for_training_job -- --name my-job
//! cargo run -p sagemaker-api --example wait_for_training_job -- --name my-job --max-wait 7200 --poll 60
//! ```

mod common;

use sagemaker_api::latest as api;
use std::process::ExitCode;
use std::time::{Duration, Instant};

const USAGE: &str = "usage: wait_for_training_job --name NAME [--max-wait SECONDS] [--poll SECONDS] \
                     [--endpoint-url URL] [--region REGION]";

fn seconds(args: &common::Args, flag: &str, default: u64) -> Result<Duration, ExitCode> {
    match args.flag(flag) {
        None => Ok(Duration::from_secs(default)),
        Some(text) => text.parse().map(Duration::from_secs).map_err(|_| {
            eprintln!("error: {flag} {text} is not a number of seconds\n{USAGE}");
            ExitCode::from(2)
        }),
    }
}

#[tokio::main]
async fn main() -> ExitCode {
    let args = match common::parse(USAGE, &["--name", "--max-wait", "--poll"]).await {
        Ok(args) => args,
        Err(code) => return code,
    };
    let Some(name) = args.flag("--name").map(str::to_owned) else {
        eprintln!("error: --name is required\n{USAGE}");
        return ExitCode::from(2);
    };
    let (max_wait, poll) = match (seconds(&args, "--max-wait", 3600), seconds(&args, "--poll", 30)) {
        (Ok(max_wait), Ok(poll)) => (max_wait, poll.max(Duration::from_secs(1))),
        (Err(code), _) | (_, Err(code)) => return code,
    };
    let client = api::Client::new(args.config);
    let started = Instant::now();
    let mut last = String::new();
    loop {
        let describe = match api::DescribeTrainingJobInput::builder().training_job_name(name.as_str()).build() {
            Ok(describe) => describe,
            Err(e) => {
                eprintln!("error: {e}");
                return ExitCode::from(2);
            }
        };
        let job = match client.describe_training_job(describe).await {
            Ok(job) => job,
            Err(e) => {
                eprintln!("error: {e}");
                return ExitCode::FAILURE;
            }
        };
        let status = job.training_job_status.clone();
        let shown = format!(
            "{} ({})",
            status.as_ref().map_or_else(|| "unknown".to_owned(), |s| s.to_string()),
            job.secondary_status.as_ref().map_or_else(|| "-".to_owned(), |s| s.to_string())
        );
        if shown != last {
            println!("{name}: {shown}");
            last = shown;
        }
        match status {
            Some(api::TrainingJobStatus::Completed) => return ExitCode::SUCCESS,
            Some(api::TrainingJobStatus::Failed) => {
                eprintln!("{name} failed: {}", job.failure_reason.unwrap_or_default());
                return ExitCode::FAILURE;
            }
            Some(api::TrainingJobStatus::Stopped) => return ExitCode::FAILURE,
            _ => {}
        }
        if started.elapsed() + poll > max_wait {
            eprintln!("{name} did not end within {max_wait:?}");
            return ExitCode::FAILURE;
        }
        tokio::time::sleep(poll).await;
    }
}
