//! The published form of a generated crate: its version, the `[package]`
//! table of its `Cargo.toml`, its README and its licence files.
//!
//! **Versions** are `0.<YYYYMMDD>.<patch>`: the minor is the API revision the
//! crate carries by default (the newest documentation date for
//! `sagemaker-api`, the service's API version for a crate generated from a
//! published model), so moving to a newer revision is a semver-incompatible
//! upgrade a user opts into, and `cargo update` never changes the API under
//! them. The patch is [`PATCH`]: a release of the generator or the runtime
//! that changes what an unchanged revision's crate holds bumps it.

use crate::fsutil::OutputFile;
use std::path::Path;

/// The patch number of every generated crate's version (see the module docs).
pub const PATCH: u32 = 1;

/// The licence of every generated crate and of the runtime.
pub const LICENSE: &str = "MIT OR Apache-2.0";

/// The oldest Rust the generated crates and the runtime build with.
pub const RUST_VERSION: &str = "1.85";

const LICENSE_APACHE: &str = include_str!("../../../LICENSE-APACHE");
const LICENSE_MIT: &str = include_str!("../../../LICENSE-MIT");

/// crates.io's categories for an API client.
const CATEGORIES: &[&str] = &["api-bindings", "web-programming::http-client"];

/// The runtime crate as a generated crate's dependency.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct RuntimeDependency {
    /// Its version, as its own `Cargo.toml` states it.
    pub version: String,
    /// Its folder relative to the generated crate's, with `/` separators.
    pub path: String,
}

impl RuntimeDependency {
    /// The `[dependencies]` line: a version beside the path, so the crate
    /// can be packaged and published.
    pub fn toml_line(&self) -> String {
        format!(
            "aws-protocols-runtime = {{ version = {:?}, path = {:?}, default-features = false }}",
            self.version, self.path
        )
    }
}

/// The version of a crate whose default API revision is `date`
/// (`YYYY-MM-DD`); `0.1.<patch>` when the revision is not a date.
pub fn crate_version(date: Option<&str>) -> String {
    let digits: Option<String> = date.filter(|d| crate::manifest::is_date(d)).map(|d| d.replace('-', ""));
    match digits {
        Some(digits) => format!("0.{}.{PATCH}", digits.trim_start_matches('0')),
        None => format!("0.1.{PATCH}"),
    }
}

/// What the `[package]` table says about a crate.
#[derive(Debug, Clone)]
pub struct PackageFacts<'a> {
    pub name: &'a str,
    pub version: &'a str,
    pub description: &'a str,
    /// Search words; those crates.io would refuse (over 20 characters, not a
    /// letter then letters, digits, `-` or `_`) and repeats are left out, and
    /// at most five are kept.
    pub keywords: &'a [&'a str],
}

impl PackageFacts<'_> {
    /// The `[package]` table.
    pub fn package_table(&self) -> String {
        let mut keywords: Vec<&str> = Vec::new();
        for keyword in self.keywords {
            if is_keyword(keyword) && !keywords.contains(keyword) && keywords.len() < 5 {
                keywords.push(keyword);
            }
        }
        let (name, version, description) = (self.name, self.version, self.description);
        let (keywords, categories) = (toml_list(&keywords), toml_list(CATEGORIES));
        format!(
            "[package]\nname = {name:?}\nversion = {version:?}\ndescription = {description:?}\nedition = \"2021\"\n\
             license = {LICENSE:?}\nrust-version = {RUST_VERSION:?}\nreadme = \"README.md\"\n\
             documentation = \"https://docs.rs/{name}\"\nkeywords = {keywords}\ncategories = {categories}\n"
        )
    }
}

/// docs.rs builds every feature, so every revision and family is documented.
pub const DOCS_RS_TABLE: &str = "[package.metadata.docs.rs]\nall-features = true\n";

fn is_keyword(word: &str) -> bool {
    let mut chars = word.chars();
    word.len() <= 20
        && chars.next().is_some_and(|c| c.is_ascii_alphabetic())
        && chars.all(|c| c.is_ascii_alphanumeric() || c == '-' || c == '_')
}

fn toml_list(items: &[&str]) -> String {
    let items: Vec<String> = items.iter().map(|i| format!("{i:?}")).collect();
    format!("[{}]", items.join(", "))
}

/// The licence files every packaged crate carries, in `dir`.
pub fn license_files(dir: &Path) -> Vec<OutputFile> {
    vec![
        OutputFile { path: dir.join("LICENSE-APACHE"), contents: LICENSE_APACHE.to_owned() },
        OutputFile { path: dir.join("LICENSE-MIT"), contents: LICENSE_MIT.to_owned() },
    ]
}

/// The licence section every generated README ends with.
pub const README_LICENSE: &str = "## Licence\n\nLicensed under either of the Apache License, Version 2.0 \
(`LICENSE-APACHE`) or the MIT licence (`LICENSE-MIT`), at your option.\n";

/// The README of the SageMaker crate: `revisions` are `(date, module,
/// operations)` in date order, `features` every resource-family feature.
pub fn api_readme(version: &str, revisions: &[(&str, &str, usize)], features: &[&str]) -> String {
    let newest = revisions.last().map_or("", |(date, _, _)| *date);
    let rows: String = revisions
        .iter()
        .map(|(date, module, operations)| format!("| `{module}` | {date} | {operations} |\n"))
        .collect();
    let features: Vec<String> = features.iter().map(|f| format!("`{f}`")).collect();
    let features = features.join(", ");
    format!(
        r#"# sagemaker-api

The Amazon SageMaker API for Rust: types, builders, awsJson 1.1 serializers and a SigV4 client,
one module per dated revision of the API, reconstructed from its public documentation.

```toml
[dependencies]
sagemaker-api = "{version}"
tokio = {{ version = "1", features = ["macros", "rt-multi-thread"] }}
```

```rust,no_run
use sagemaker_api::latest as api;
use sagemaker_api::runtime::client::Config;

#[tokio::main]
async fn main() -> Result<(), Box<dyn std::error::Error>> {{
    // Region and credentials as the AWS SDKs find them (environment, profile, SSO, ECS, EC2).
    let client = api::Client::new(Config::builder().load().await?);
    let input = api::DescribeTrainingJobInput::builder().training_job_name("my-job").build()?;
    let job = client.describe_training_job(input).await?;
    println!("{{:?}}", job.training_job_status);
    Ok(())
}}
```

## Revisions

Each revision is a module and a feature of the same name; the default is the newest,
{newest}, and `latest` is the newest one enabled. `all-revisions` enables every one.

| module and feature | documentation date | operations |
|---|---|---|
{rows}
## Features

- `client` (default): the async client: signing, retries, paginators, waiters, the AWS
  SDKs' credentials chain, and the `Transport` trait; without it, the types and serializers only.
- `rt-tokio` (default): Tokio's timer as the client's sleep. `rustls` (default): the HTTP
  transport, reqwest over rustls with the platform's certificates.
- `aws-config`: build the client's configuration from an `aws-config` setup.
- `test-util`: an in-memory transport for tests of code that calls the client.
- Resource families: enabling any of them compiles only those families' operations and the
  shapes they reach, which cuts the build time to the part of the API a program calls. The
  crate's documentation lists each one's operations: {features}.

## Versions

`0.<YYYYMMDD>.<patch>`: the minor is the date of the revision the crate carries by default,
so a newer revision is an upgrade you opt into (`cargo update` never changes the API under you);
the patch counts releases of the generator or its runtime for the same revisions.
`CHANGELOG.md` says what changed in the API from each revision to the next, and what breaks.

{README_LICENSE}"#
    )
}

/// The README of a crate generated from a published service model:
/// `methods` are its client's operation methods.
pub fn service_readme(facts: &PackageFacts<'_>, title: &str, api_version: &str, methods: &[String]) -> String {
    let name = facts.name;
    let module = name.replace('-', "_");
    let version = facts.version;
    let description = facts.description;
    let methods: Vec<String> = methods.iter().map(|m| format!("`{m}`")).collect();
    let methods = methods.join(", ");
    format!(
        r#"# {name}

{description} Generated from AWS's Smithy model of {title}, API version {api_version}.

```toml
[dependencies]
{name} = "{version}"
tokio = {{ version = "1", features = ["macros", "rt-multi-thread"] }}
```

```rust,no_run
#[tokio::main]
async fn main() -> Result<(), Box<dyn std::error::Error>> {{
    // Region and credentials as the AWS SDKs find them (environment, profile, SSO, ECS, EC2).
    let config = {module}::runtime::client::Config::builder().load().await?;
    let client = {module}::Client::new(config);
    // One async method per operation, each taking its input and returning its output.
    Ok(())
}}
```

The client's operations: {methods}.

## Features

`client`, `rt-tokio` and `rustls` (the default) give the async client, Tokio's timer and the
HTTP transport (reqwest over rustls); `aws-config` builds the configuration from an
`aws-config` setup; `test-util` adds an in-memory transport for tests. Without the defaults
the crate is the types and their serializers.

## Versions

`0.<YYYYMMDD>.<patch>`: the minor is the service's API version, the patch counts releases of
the generator or its runtime for it.

{README_LICENSE}"#
    )
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn versions_carry_the_default_revision() {
        assert_eq!(crate_version(Some("2024-02-28")), format!("0.20240228.{PATCH}"));
        assert_eq!(crate_version(Some("2017-05-13")), format!("0.20170513.{PATCH}"));
        assert_eq!(crate_version(Some("v2")), format!("0.1.{PATCH}"));
        assert_eq!(crate_version(None), format!("0.1.{PATCH}"));
    }

    #[test]
    fn keywords_crates_io_would_refuse_are_left_out() {
        let facts = PackageFacts {
            name: "x",
            version: "0.1.0",
            description: "d",
            keywords: &["aws", "sagemakerfeaturestoreruntime", "sdk", "aws", "2fa", "smithy", "a", "b"],
        };
        assert!(facts.package_table().contains("keywords = [\"aws\", \"sdk\", \"smithy\", \"a\", \"b\"]\n"));
    }
}
