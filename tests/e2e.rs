//! End to end against a real server: moto, started on loopback in its auth
//! mode (it verifies every SigV4 signature with botocore's signer after the
//! first four actions, which create an IAM user allowed `sagemaker:*`), and
//! stopped by PID when the test ends.

use futures_util::StreamExt;
use sagemaker_api::runtime::client::{Config, Credentials, RetryPolicy};
use sagemaker_api::runtime::{from_slice, Shape};
use sagemaker_api::v2024_02_28 as api;
use sagemaker_tests::{root, MotoServer};
use std::process::Command;
use std::time::Duration;

fn client(endpoint: &str, credentials: Credentials) -> api::Client {
    api::Client::new(
        Config::builder()
            .region("us-east-1")
            .endpoint_url(endpoint)
            .credentials(credentials)
            .timeout(Duration::from_secs(30))
            .retry(RetryPolicy { max_attempts: 2, ..RetryPolicy::default() })
            .build()
            .expect("config"),
    )
}

/// An input written as the JSON a caller would send, for the big nested ones.
fn input<T: sagemaker_api::runtime::ReadJson + Shape>(json: &str) -> T {
    from_slice(json.as_bytes()).unwrap_or_else(|e| panic!("{e}"))
}

const ROLE: &str = "arn:aws:iam::123456789012:role/SageMakerRole";

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn against_moto_in_auth_mode() {
    let server = MotoServer::start(Some(4)).expect("moto server");
    assert!(server.pid() > 0);
    let output = Command::new("python3")
        .arg(root().join("tests/moto_iam.py"))
        .arg(&server.endpoint)
        .output()
        .expect("python3 tests/moto_iam.py");
    assert!(output.status.success(), "IAM setup failed: {}", String::from_utf8_lossy(&output.stderr));
    let key: serde_json::Value = serde_json::from_slice(&output.stdout).unwrap();
    let credentials =
        Credentials::new(key["AccessKeyId"].as_str().unwrap(), key["SecretAccessKey"].as_str().unwrap(), None);
    let sm = client(&server.endpoint, credentials.clone());

    // A wrong secret gives a clear signature error, not retried.
    let wrong = client(&server.endpoint, Credentials::new(credentials.access_key_id(), "not-the-secret", None));
    let err = wrong
        .list_pipelines(api::ListPipelinesInput::builder().build())
        .await
        .expect_err("a wrong secret must be refused");
    let service = err.service_error().unwrap_or_else(|| panic!("{err}"));
    assert_eq!(service.status, 403, "{err}");
    assert_eq!(service.code, "SignatureDoesNotMatch", "{err}");

    let create = api::CreatePipelineInput::builder()
        .pipeline_name("e2e-example-pipeline")
        .pipeline_definition(r#"{"Version": "2020-12-01", "Parameters": [], "Steps": []}"#)
        .client_request_token(format!("token-e2e-example-{:020}", 0))
        .role_arn(ROLE)
        .build()
        .unwrap();
    sm.create_pipeline(create).await.unwrap();
    let (id, secret) = (credentials.access_key_id().to_owned(), credentials.secret_access_key().to_owned());
    let endpoint = server.endpoint.clone();
    tokio::task::spawn_blocking(move || examples_from_a_profile(&endpoint, &id, &secret)).await.unwrap();
    let delete = api::DeletePipelineInput::builder()
        .pipeline_name("e2e-example-pipeline")
        .client_request_token(format!("token-e2e-example-{:020}", 1))
        .build()
        .unwrap();
    sm.delete_pipeline(delete).await.unwrap();
    pipelines(&sm).await;
    model_packages(&sm).await;
    other_resources(&sm).await;

    // The error path: a missing resource is a matchable service error. (moto
    // answers ResourceNotFound for compilation jobs, ValidationException for
    // pipelines; both codes are variants.)
    let missing = api::DescribeCompilationJobInput::builder().compilation_job_name("e2e-no-such-job").build().unwrap();
    let err = sm.describe_compilation_job(missing).await.expect_err("no such compilation job");
    let service = err.service_error().unwrap_or_else(|| panic!("{err}"));
    assert_eq!(service.code, "ResourceNotFound", "{err}");
    assert!(service.message.contains("e2e-no-such-job"), "{err}");
    let missing = api::DescribePipelineInput::builder().pipeline_name("e2e-no-such-pipeline").build().unwrap();
    let err = sm.describe_pipeline(missing).await.expect_err("no such pipeline");
    let service = err.service_error().unwrap_or_else(|| panic!("{err}"));
    assert_eq!(service.code, "ValidationException", "{err}");
    assert!(service.message.contains("e2e-no-such-pipeline"), "{err}");

    // A request missing a required member fails before it is sent.
    let err = api::DescribePipelineExecutionInput::builder().build().unwrap_err();
    assert_eq!(err.missing_members(), ["PipelineExecutionArn"]);
}

async fn pipelines(sm: &api::Client) {
    let definition = r#"{"Version": "2020-12-01", "Parameters": [], "Steps": []}"#;
    let names: Vec<String> = (0..5).map(|i| format!("e2e-pipeline-{i}")).collect();
    for (i, name) in names.iter().enumerate() {
        let create = api::CreatePipelineInput::builder()
            .pipeline_name(name.as_str())
            .pipeline_definition(definition)
            .client_request_token(format!("token-e2e-create-{i:024}"))
            .role_arn(ROLE)
            .pipeline_description("created by the e2e test")
            .build()
            .unwrap();
        let out = sm.create_pipeline(create).await.unwrap_or_else(|e| panic!("create {name}: {e}"));
        assert!(out.pipeline_arn.unwrap_or_default().contains(name.as_str()));
    }
    let described = sm
        .describe_pipeline(api::DescribePipelineInput::builder().pipeline_name("e2e-pipeline-0").build().unwrap())
        .await
        .unwrap();
    assert_eq!(described.pipeline_name.as_deref(), Some("e2e-pipeline-0"));
    assert!(described.creation_time.is_some());

    // More pipelines than one page holds: the paginator follows NextToken.
    let listed: Vec<String> = sm
        .list_pipelines_items(
            api::ListPipelinesInput::builder().pipeline_name_prefix("e2e-pipeline").max_results(2).build(),
        )
        .map(|item| item.expect("page").pipeline_name.unwrap_or_default())
        .collect()
        .await;
    let mut sorted = listed.clone();
    sorted.sort();
    assert_eq!(sorted, names, "listed {listed:?}");
    let pages = sm
        .list_pipelines_pages(
            api::ListPipelinesInput::builder().pipeline_name_prefix("e2e-pipeline").max_results(2).build(),
        )
        .count()
        .await;
    assert_eq!(pages, 3);

    let updated = sm
        .update_pipeline(
            api::UpdatePipelineInput::builder()
                .pipeline_name("e2e-pipeline-0")
                .pipeline_description("updated")
                .build()
                .unwrap(),
        )
        .await
        .unwrap();
    assert!(updated.pipeline_arn.is_some());

    let started = sm
        .start_pipeline_execution(
            api::StartPipelineExecutionInput::builder()
                .pipeline_name("e2e-pipeline-0")
                .client_request_token("token-e2e-start-000000000000000000")
                .build()
                .unwrap(),
        )
        .await
        .unwrap();
    let execution_arn = started.pipeline_execution_arn.expect("an execution arn");
    let execution = sm
        .describe_pipeline_execution(
            api::DescribePipelineExecutionInput::builder()
                .pipeline_execution_arn(execution_arn.as_str())
                .build()
                .unwrap(),
        )
        .await
        .unwrap();
    assert_eq!(execution.pipeline_execution_arn.as_deref(), Some(execution_arn.as_str()));

    for (i, name) in names.iter().enumerate() {
        let delete = api::DeletePipelineInput::builder()
            .pipeline_name(name.as_str())
            .client_request_token(format!("token-e2e-delete-{i:024}"))
            .build()
            .unwrap();
        sm.delete_pipeline(delete).await.unwrap_or_else(|e| panic!("delete {name}: {e}"));
    }
}

async fn model_packages(sm: &api::Client) {
    let group = sm
        .create_model_package_group(
            api::CreateModelPackageGroupInput::builder()
                .model_package_group_name("e2e-group")
                .model_package_group_description("models of the e2e test")
                .build()
                .unwrap(),
        )
        .await
        .unwrap();
    assert!(group.model_package_group_arn.is_some());
    let described = sm
        .describe_model_package_group(
            api::DescribeModelPackageGroupInput::builder().model_package_group_name("e2e-group").build().unwrap(),
        )
        .await
        .unwrap();
    assert_eq!(described.model_package_group_name.as_deref(), Some("e2e-group"));
    let groups: Vec<_> =
        sm.list_model_package_groups_items(api::ListModelPackageGroupsInput::builder().build()).collect().await;
    assert!(groups
        .iter()
        .any(|g| g.as_ref().is_ok_and(|g| g.model_package_group_name.as_deref() == Some("e2e-group"))));

    let package: api::CreateModelPackageInput = input(
        r#"{"ModelPackageGroupName": "e2e-group", "ModelPackageDescription": "v1",
            "ModelApprovalStatus": "PendingManualApproval",
            "InferenceSpecification": {
              "Containers": [{"Image": "123456789012.dkr.ecr.us-east-1.amazonaws.com/model:1", "ModelDataUrl": "s3://bucket/model.tar.gz"}],
              "SupportedContentTypes": ["text/csv"], "SupportedResponseMIMETypes": ["text/csv"]}}"#,
    );
    let created = sm.create_model_package(package).await.unwrap();
    let arn = created.model_package_arn.expect("a model package arn");
    let described = sm
        .describe_model_package(
            api::DescribeModelPackageInput::builder().model_package_name(arn.as_str()).build().unwrap(),
        )
        .await
        .unwrap();
    assert_eq!(described.model_package_group_name.as_deref(), Some("e2e-group"));
    let listed: Vec<_> = sm
        .list_model_packages_items(api::ListModelPackagesInput::builder().model_package_group_name("e2e-group").build())
        .collect()
        .await;
    assert_eq!(listed.len(), 1, "{listed:?}");
}

async fn other_resources(sm: &api::Client) {
    let config: api::CreateEndpointConfigInput = input(
        r#"{"EndpointConfigName": "e2e-config", "ProductionVariants": [
              {"VariantName": "primary", "ModelName": "e2e-model", "InitialInstanceCount": 1, "InstanceType": "ml.m5.large"}]}"#,
    );
    sm.create_endpoint_config(config).await.unwrap();
    let described = sm
        .describe_endpoint_config(
            api::DescribeEndpointConfigInput::builder().endpoint_config_name("e2e-config").build().unwrap(),
        )
        .await
        .unwrap();
    assert_eq!(described.production_variants.map(|v| v.len()), Some(1));

    let training: api::CreateTrainingJobInput = input(
        r#"{"TrainingJobName": "e2e-training", "RoleArn": "arn:aws:iam::123456789012:role/SageMakerRole",
            "AlgorithmSpecification": {"TrainingImage": "123456789012.dkr.ecr.us-east-1.amazonaws.com/xgboost:1", "TrainingInputMode": "File"},
            "HyperParameters": {"max_depth": "5"},
            "InputDataConfig": [{"ChannelName": "train", "DataSource": {"S3DataSource": {"S3DataType": "S3Prefix", "S3Uri": "s3://bucket/train"}}}],
            "OutputDataConfig": {"S3OutputPath": "s3://bucket/output"},
            "ResourceConfig": {"InstanceType": "ml.m5.large", "InstanceCount": 1, "VolumeSizeInGB": 10},
            "StoppingCondition": {"MaxRuntimeInSeconds": 3600}}"#,
    );
    sm.create_training_job(training).await.unwrap();
    let job = sm
        .describe_training_job(
            api::DescribeTrainingJobInput::builder().training_job_name("e2e-training").build().unwrap(),
        )
        .await
        .unwrap();
    assert_eq!(job.training_job_name.as_deref(), Some("e2e-training"));
    assert_eq!(job.resource_config.and_then(|r| r.instance_count), Some(1));

    let compilation: api::CreateCompilationJobInput = input(
        r#"{"CompilationJobName": "e2e-compilation", "RoleArn": "arn:aws:iam::123456789012:role/SageMakerRole",
            "InputConfig": {"S3Uri": "s3://bucket/model.tar.gz", "DataInputConfig": "{\"data\": [1, 3, 224, 224]}", "Framework": "PYTORCH"},
            "OutputConfig": {"S3OutputLocation": "s3://bucket/compiled", "TargetDevice": "ml_c5"},
            "StoppingCondition": {"MaxRuntimeInSeconds": 900}}"#,
    );
    sm.create_compilation_job(compilation).await.unwrap();
    let described = sm
        .describe_compilation_job(
            api::DescribeCompilationJobInput::builder().compilation_job_name("e2e-compilation").build().unwrap(),
        )
        .await
        .unwrap();
    assert_eq!(described.compilation_job_name.as_deref(), Some("e2e-compilation"));

    sm.create_trial(
        api::CreateTrialInput::builder().trial_name("e2e-trial").experiment_name("e2e-experiment").build().unwrap(),
    )
    .await
    .unwrap();
    let trial =
        sm.describe_trial(api::DescribeTrialInput::builder().trial_name("e2e-trial").build().unwrap()).await.unwrap();
    assert_eq!(trial.trial_name.as_deref(), Some("e2e-trial"));

    sm.create_trial_component(
        api::CreateTrialComponentInput::builder()
            .trial_component_name("e2e-component")
            .display_name("preprocessing")
            .build()
            .unwrap(),
    )
    .await
    .unwrap();
    let component = sm
        .describe_trial_component(
            api::DescribeTrialComponentInput::builder().trial_component_name("e2e-component").build().unwrap(),
        )
        .await
        .unwrap();
    assert_eq!(component.trial_component_name.as_deref(), Some("e2e-component"));
}

/// The examples, built and run as a user runs them: no `AWS_*` variable at all,
/// the region and a `credential_process` in the `default` profile of
/// `~/.aws/config` (a temporary HOME), and moto checking every signature.
fn examples_from_a_profile(endpoint: &str, key_id: &str, secret: &str) {
    let cargo = std::env::var("CARGO").unwrap_or_else(|_| "cargo".to_owned());
    let status = Command::new(&cargo)
        .args(["build", "--quiet", "-p", "sagemaker-api", "--examples"])
        .current_dir(root())
        .status()
        .expect("cargo build --examples");
    assert!(status.success(), "the examples must build");
    let target = std::env::var_os("CARGO_TARGET_DIR").map_or_else(|| root().join("target"), std::path::PathBuf::from);
    let home = sagemaker_tests::TempDir::new("examples-home");
    let script = home.write(
        "bin/credentials.sh",
        &format!(
            "#!/bin/sh\necho '{{\"Version\": 1, \"AccessKeyId\": \"{key_id}\", \"SecretAccessKey\": \"{secret}\"}}'\n"
        ),
    );
    #[cfg(unix)]
    {
        use std::os::unix::fs::PermissionsExt;
        std::fs::set_permissions(&script, std::fs::Permissions::from_mode(0o755)).unwrap();
    }
    home.write(".aws/config", &format!("[default]\nregion = us-east-1\ncredential_process = {}\n", script.display()));
    let run = |example: &str, args: &[&str]| {
        let output = Command::new(target.join("debug/examples").join(example))
            .args(["--endpoint-url", endpoint])
            .args(args)
            .env_clear()
            .env("HOME", &home.0)
            .env("PATH", std::env::var_os("PATH").unwrap_or_default())
            .output()
            .unwrap_or_else(|e| panic!("{example}: {e}"));
        let stdout = String::from_utf8_lossy(&output.stdout).into_owned();
        assert!(output.status.success(), "{example}: {stdout}{}", String::from_utf8_lossy(&output.stderr));
        stdout
    };
    let listed = run("list_pipelines", &[]);
    assert_eq!(listed.trim(), "e2e-example-pipeline");
    let created = run("create_training_job", &[]);
    let name = created.split(':').next().unwrap_or_default().trim().to_owned();
    assert!(name.starts_with("example-"), "{created}");
    let waited = run("wait_for_training_job", &["--name", &name, "--poll", "1", "--max-wait", "60"]);
    assert!(waited.starts_with(&format!("{name}: Completed")), "{waited}");
}

/// SageMaker Runtime through moto in auth mode: boto3 creates an endpoint
/// config and an endpoint and sets what the endpoint answers; the generated
/// `sagemakerruntime` crate, and its `invoke_endpoint` example run from a
/// profile with no `AWS_*` variable, must give back exactly that answer, and a
/// wrong secret must be refused with a signature error.
#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn invoke_endpoint_against_moto_in_auth_mode() {
    const BODY: &str = "0.42,0.58\nprédiction ✓ \"quoted\"\n";
    const VARIANT: &str = "AllTraffic";
    const ATTRIBUTES: &str = "trace-id=e2e-1,model=v2";
    let server = MotoServer::start(Some(4)).expect("moto server");
    let output = Command::new("python3")
        .arg(root().join("tests/moto_iam.py"))
        .arg(&server.endpoint)
        .output()
        .expect("python3 tests/moto_iam.py");
    assert!(output.status.success(), "IAM setup failed: {}", String::from_utf8_lossy(&output.stderr));
    let key: serde_json::Value = serde_json::from_slice(&output.stdout).unwrap();
    let (id, secret) = (key["AccessKeyId"].as_str().unwrap(), key["SecretAccessKey"].as_str().unwrap());
    let setup = Command::new("python3")
        .arg(root().join("tests/moto_endpoint.py"))
        .args([&server.endpoint, id, secret, "e2e-endpoint", BODY, "text/csv", VARIANT, ATTRIBUTES])
        .output()
        .expect("python3 tests/moto_endpoint.py");
    assert!(setup.status.success(), "endpoint setup failed: {}", String::from_utf8_lossy(&setup.stderr));

    let runtime_client = |secret: &str| {
        sagemakerruntime::Client::new(
            Config::builder()
                .region("us-east-1")
                .endpoint_url(&server.endpoint)
                .credentials(Credentials::new(id, secret, None))
                .timeout(Duration::from_secs(30))
                .build()
                .expect("config"),
        )
    };
    let input = sagemakerruntime::InvokeEndpointInput::builder()
        .endpoint_name("e2e-endpoint")
        .body(sagemakerruntime::runtime::Blob::new("1.5,2.5"))
        .content_type("text/csv")
        .custom_attributes("request-attr")
        .build()
        .unwrap();
    let answer = runtime_client(secret).invoke_endpoint(input.clone()).await.unwrap();
    assert_eq!(answer.body.as_ref().map(|b| b.as_bytes()), Some(BODY.as_bytes()));
    assert_eq!(answer.content_type.as_deref(), Some("text/csv"));
    assert_eq!(answer.invoked_production_variant.as_deref(), Some(VARIANT));
    assert_eq!(answer.custom_attributes.as_deref(), Some(ATTRIBUTES));
    let err = runtime_client("not-the-secret").invoke_endpoint(input).await.expect_err("a wrong secret is refused");
    let service = err.service_error().unwrap_or_else(|| panic!("{err}"));
    assert_eq!((service.status, service.code.as_str()), (403, "SignatureDoesNotMatch"), "{err}");

    // The example, from a profile: the answer exactly on stdout, the variant
    // and attributes on stderr; a wrong secret exits non-zero with the error.
    let endpoint = server.endpoint.clone();
    let (id, secret) = (id.to_owned(), secret.to_owned());
    tokio::task::spawn_blocking(move || {
        let cargo = std::env::var("CARGO").unwrap_or_else(|_| "cargo".to_owned());
        let status = Command::new(&cargo)
            .args(["build", "--quiet", "-p", "sagemakerruntime", "--examples"])
            .current_dir(root())
            .status()
            .expect("cargo build --examples");
        assert!(status.success(), "the examples must build");
        let target =
            std::env::var_os("CARGO_TARGET_DIR").map_or_else(|| root().join("target"), std::path::PathBuf::from);
        let run = |secret: &str| {
            let home = sagemaker_tests::TempDir::new("invoke-home");
            let script = home.write(
                "bin/credentials.sh",
                &format!("#!/bin/sh\necho '{{\"Version\": 1, \"AccessKeyId\": \"{id}\", \"SecretAccessKey\": \"{secret}\"}}'\n"),
            );
            #[cfg(unix)]
            {
                use std::os::unix::fs::PermissionsExt;
                std::fs::set_permissions(&script, std::fs::Permissions::from_mode(0o755)).unwrap();
            }
            home.write(".aws/config", &format!("[default]\nregion = us-east-1\ncredential_process = {}\n", script.display()));
            Command::new(target.join("debug/examples/invoke_endpoint"))
                .args(["--endpoint-url", &endpoint, "--endpoint-name", "e2e-endpoint", "--content-type", "text/csv"])
                .args(["--custom-attributes", "from-the-example", "--body", "3.5,4.5"])
                .env_clear()
                .env("HOME", &home.0)
                .env("PATH", std::env::var_os("PATH").unwrap_or_default())
                .output()
                .expect("invoke_endpoint")
        };
        let ok = run(&secret);
        let stderr = String::from_utf8_lossy(&ok.stderr);
        assert!(ok.status.success(), "invoke_endpoint: {stderr}");
        assert_eq!(ok.stdout, BODY.as_bytes(), "the answer exactly");
        assert!(stderr.contains(&format!("variant: {VARIANT}\n")), "{stderr}");
        assert!(stderr.contains(&format!("attributes: {ATTRIBUTES}\n")), "{stderr}");
        let refused = run("not-the-secret");
        let stderr = String::from_utf8_lossy(&refused.stderr);
        assert!(!refused.status.success(), "a wrong secret must fail: {stderr}");
        assert!(refused.stdout.is_empty());
        assert!(stderr.contains("SignatureDoesNotMatch"), "{stderr}");
    })
    .await
    .unwrap();
}
