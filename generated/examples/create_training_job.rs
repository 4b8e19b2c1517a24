//! Starts a training job with the built-in XGBoost image, then prints its
//! status. Set `ROLE_ARN`, `TRAINING_IMAGE`, `TRAIN_S3_URI` and `OUTPUT_S3_URI`
//! to use your own.
//!
//! ```sh
//! cargo run -p sagemaker-api --example create_training_job -- --region us-east-1
//! ```

mod common;

use sagemaker_api::latest as api;
use std::process::ExitCode;

fn env_or(name: &str, default: &str) -> String {
    std::env::var(name).unwrap_or_else(|_| default.to_owned())
}

fn input() -> Result<api::CreateTrainingJobInput, sagemaker_api::runtime::BuildError> {
    let name = format!(
        "example-{}",
        std::time::SystemTime::now().duration_since(std::time::UNIX_EPOCH).map_or(0, |d| d.as_secs())
    );
    let channel = api::InputDataConfigItem::builder()
        .channel_name("train")
        .data_source(
            api::DataSource::builder()
                .s3_data_source(
                    api::S3DataSource::builder()
                        .s3_data_type(api::S3DataType::S3Prefix)
                        .s3_uri(env_or("TRAIN_S3_URI", "s3://example-bucket/train/"))
                        .build()?,
                )
                .build(),
        )
        .content_type("text/csv")
        .build()?;
    api::CreateTrainingJobInput::builder()
        .training_job_name(name)
        .role_arn(env_or("ROLE_ARN", "arn:aws:iam::123456789012:role/SageMakerRole"))
        .algorithm_specification(
            api::AlgorithmSpecification::builder()
                .training_image(env_or(
                    "TRAINING_IMAGE",
                    "683313688378.dkr.ecr.us-east-1.amazonaws.com/sagemaker-xgboost:1.7-1",
                ))
                .training_input_mode(api::TrainingInputMode::File)
                .build()?,
        )
        .hyper_parameters([
            ("objective".to_owned(), "binary:logistic".to_owned()),
            ("num_round".to_owned(), "50".to_owned()),
        ])
        .input_data_config(vec![channel])
        .output_data_config(
            api::OutputDataConfig::builder()
                .s3_output_path(env_or("OUTPUT_S3_URI", "s3://example-bucket/output/"))
                .build()?,
        )
        .resource_config(
            api::ResourceConfig::builder()
                .instance_type(api::ResourceConfigInstanceType::MlM5Large)
                .instance_count(1)
                .volume_size_in_gb(10)
                .build()?,
        )
        .stopping_condition(api::StoppingCondition::builder().max_runtime_in_seconds(3600).build())
        .build()
}

#[tokio::main]
async fn main() -> ExitCode {
    let config = match common::parse("usage: create_training_job [--endpoint-url URL] [--region REGION]", &[]).await {
        Ok(args) => args.config,
        Err(code) => return code,
    };
    let input = match input() {
        Ok(input) => input,
        Err(e) => {
            eprintln!("error: {e}");
            return ExitCode::from(2);
        }
    };
    let name = input.training_job_name.clone();
    let client = api::Client::new(config);
    if let Err(e) = client.create_training_job(input).await {
        eprintln!("error: {e}");
        return ExitCode::FAILURE;
    }
    let describe = match api::DescribeTrainingJobInput::builder().training_job_name(name.as_str()).build() {
        Ok(d) => d,
        Err(e) => {
            eprintln!("error: {e}");
            return ExitCode::FAILURE;
        }
    };
    match client.describe_training_job(describe).await {
        Ok(job) => {
            let status = job.training_job_status.map(|s| s.to_string()).unwrap_or_else(|| "unknown".into());
            println!("{name}: {status}");
            ExitCode::SUCCESS
        }
        Err(e) => {
            eprintln!("error: {e}");
            ExitCode::FAILURE
        }
    }
}
