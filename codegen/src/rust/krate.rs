//! The whole crate: `Cargo.toml`, `src/lib.rs` and one module per revision.

use super::features::{BY_FAMILY, FULL};
use super::package::{self, PackageFacts, RuntimeDependency};
use super::resource::ResourceFamilies;
use super::revision::{self, Changes, Counts, ModuleKind};
use super::symbols::{revision_module, Symbols, RESERVED_FEATURES};
use crate::diag::{Error, Location, Result};
use crate::fsutil::OutputFile;
use crate::smithy::{Model, Shape, ShapeKind};
use quote::{format_ident, quote};
use std::collections::BTreeSet;
use std::path::Path;

/// A revision to generate: its date, its model, and the model's file (for the
/// `@generated` header and error messages), relative to the workspace root.
#[derive(Debug, Clone, Copy)]
pub struct CrateRevision<'a> {
    pub date: &'a str,
    pub model: &'a Model,
    pub source: &'a str,
    /// What changed from the revision before; `None` for the first.
    pub changes: Option<&'a Changes>,
}

/// Every file of the generated crate rooted at `dir`. Revisions must be in
/// date order; the last one is the default feature and `latest`.
pub fn generate(dir: &Path, revisions: &[CrateRevision<'_>], runtime: &RuntimeDependency) -> Result<Vec<OutputFile>> {
    // Revisions are independent: each is emitted and formatted on its own thread
    // (token streams stay on the thread that made them), and gathered in order.
    let workers = std::thread::available_parallelism().map_or(1, |n| n.get()).max(1);
    let models: Vec<&Model> = revisions.iter().map(|r| r.model).collect();
    let modules: Vec<String> = revisions.iter().map(|r| revision_module(r.date)).collect();
    let reserved: Vec<&str> = RESERVED_FEATURES.iter().copied().chain(modules.iter().map(String::as_str)).collect();
    let resources = ResourceFamilies::new(&models, &reserved);
    let resources = &resources;
    let mut per_revision: Vec<Result<ModuleFiles>> = Vec::with_capacity(revisions.len());
    for batch in revisions.chunks(workers) {
        std::thread::scope(|scope| {
            let handles: Vec<_> = batch
                .iter()
                .map(|r| {
                    scope.spawn(move || {
                        let kind = ModuleKind { date: Some(r.date), families: Some(resources), changes: r.changes };
                        revision_files(&dir.join("src").join(revision_module(r.date)), r.model, r.source, &kind)
                    })
                })
                .collect();
            for h in handles {
                per_revision.push(h.join().unwrap_or_else(|_| {
                    Err(Error::new(Location::file("generated"), "a code generation thread stopped unexpectedly"))
                }));
            }
        });
    }
    let mut outputs = Vec::new();
    let mut summaries = Vec::new();
    let mut families = BTreeSet::new();
    for (r, result) in revisions.iter().zip(per_revision) {
        let (files, counts, revision_families) = result?;
        families.extend(revision_families);
        outputs.extend(files);
        summaries.push((r.date, revision_module(r.date), counts));
    }
    outputs.push(OutputFile { path: dir.join("src/lib.rs"), contents: lib_rs(&summaries, resources)? });
    let version = package::crate_version(revisions.last().map(|r| r.date));
    outputs.push(OutputFile {
        path: dir.join("Cargo.toml"),
        contents: cargo_toml(&summaries, &families, &version, runtime),
    });
    let readme_revisions: Vec<(&str, &str, usize)> =
        summaries.iter().map(|(date, module, counts)| (*date, module.as_str(), counts.operations)).collect();
    let features: Vec<&str> = families.iter().map(String::as_str).collect();
    outputs.push(OutputFile {
        path: dir.join("README.md"),
        contents: package::api_readme(&version, &readme_revisions, &features),
    });
    outputs.extend(package::license_files(dir));
    Ok(outputs)
}

/// One module's files, what it holds, and the family features it uses.
type ModuleFiles = (Vec<OutputFile>, Counts, BTreeSet<String>);

/// The formatted files of one module (a revision, or a whole service), written
/// into the folder `src`.
fn revision_files(src: &Path, model: &Model, source: &str, kind: &ModuleKind<'_>) -> Result<ModuleFiles> {
    let symbols = Symbols::new(source, model)?;
    let protocol = super::protocol::for_model(model).map_err(|message| {
        let service = model.service().map_or("shapes".to_owned(), |(id, _)| format!("shapes.{id}.traits"));
        Error::new(Location::json(source, service), message)
    })?;
    let (files, counts) = revision::emit(&symbols, &*protocol, kind);
    let families = files.families.clone();
    let module = src.file_name().map(|n| n.to_string_lossy().into_owned()).unwrap_or_default();
    let header = header(source);
    let mut outputs = Vec::new();
    for (name, tokens) in [
        ("mod.rs", files.module),
        ("types.rs", files.types),
        ("json.rs", files.json),
        ("operations.rs", files.operations),
        ("client.rs", files.client),
    ] {
        let contents = super::format_file(&header, tokens)
            .map_err(|m| Error::new(Location::file(source), format!("{module}/{name}: {m}")))?;
        outputs.push(OutputFile { path: src.join(name), contents });
    }
    Ok((outputs, counts, families))
}

fn header(source: &str) -> String {
    format!("// @generated by `cargo xtask` from {source}. Do not edit.")
}

fn lib_rs(revisions: &[(&str, String, Counts)], resources: &ResourceFamilies) -> Result<String> {
    let mut doc = vec![
        "Types, builders and awsJson 1.1 serializers for the Amazon SageMaker API, one module per".to_owned(),
        "dated revision of its documentation, each behind a Cargo feature of the same name.".to_owned(),
        String::new(),
        "| module and feature | operations | structures | enums |".to_owned(),
        "|---|---|---|---|".to_owned(),
    ];
    for (date, module, counts) in revisions {
        doc.push(format!(
            "| [`{module}`]({module}/index.html) ({date}) | {} | {} | {} |",
            counts.operations, counts.structures, counts.enums
        ));
    }
    doc.extend([
        String::new(),
        "The default feature is the newest revision. [`latest`] is the newest revision whose".to_owned(),
        "feature is enabled. Shared code (timestamps, blobs, the JSON reader and writer, errors)".to_owned(),
        "is the hand-written [`runtime`], the `aws-protocols-runtime` crate.".to_owned(),
        String::new(),
        "# Features by resource".to_owned(),
        String::new(),
        "Each resource family is a feature. Enabling any of them compiles only the enabled".to_owned(),
        "families' operations and the shapes they reach, in every enabled revision; with none".to_owned(),
        "enabled (the default), or with `full`, everything is. A family is the resource noun the".to_owned(),
        "operation names act on, as the documentation spells it (`CreateEndpointConfig` is".to_owned(),
        "`endpoint`, `ListTrainingJobsForHyperParameterTuningJob` is `hyperparameter_tuning`).".to_owned(),
        "The operations a family enables, in any revision:".to_owned(),
        String::new(),
        "| feature | operations |".to_owned(),
        "|---|---|".to_owned(),
    ]);
    for (feature, operations) in resources.features() {
        let operations: Vec<String> = operations.iter().map(|op| format!("`{op}`")).collect();
        doc.push(format!("| `{feature}` | {} |", operations.join(", ")));
    }
    // Module links only resolve when the feature is on; link to the pages instead.
    let doc = doc.iter().map(|l| if l.is_empty() { String::new() } else { format!(" {l}") });
    let modules = revisions.iter().map(|(_, module, _)| {
        let ident = format_ident!("{module}");
        quote!(#[cfg(feature = #module)] pub mod #ident;)
    });
    let latest = revisions.iter().rev().enumerate().map(|(i, (_, module, _))| {
        let ident = format_ident!("{module}");
        let newer: Vec<&String> = revisions.iter().rev().take(i).map(|(_, m, _)| m).collect();
        quote! {
            #[cfg(all(feature = #module, not(any(#(feature = #newer),*))))]
            pub use #ident as latest;
        }
    });
    let tokens = quote! {
        #(#![doc = #doc])*
        #![forbid(unsafe_code)]
        #![warn(missing_docs)]

        pub use aws_protocols_runtime as runtime;

        #(#modules)*

        #(#latest)*
    };
    super::format_file(&header("model/revisions/"), tokens)
        .map_err(|m| Error::new(Location::file("generated/src/lib.rs"), m))
}

/// The runtime's features, forwarded by every generated crate.
const RUNTIME_FEATURES: &str = r#"# The async client: signing, retries, paginators, waiters, the credentials chain, and the `Transport` trait.
client = ["aws-protocols-runtime/client"]
# Tokio's timer as the client's default sleep.
rt-tokio = ["client", "aws-protocols-runtime/rt-tokio"]
# The real HTTP transport: reqwest over rustls, trusting the platform's certificates.
rustls = ["client", "rt-tokio", "aws-protocols-runtime/rustls"]
# Reuse an `aws-config` setup: `ConfigBuilder::from_sdk_config` and any `aws-credential-types` provider.
aws-config = ["client", "aws-protocols-runtime/aws-config"]
# An in-memory transport for tests of code that uses the client.
test-util = ["client", "aws-protocols-runtime/test-util"]
"#;

fn cargo_toml(
    revisions: &[(&str, String, Counts)],
    families: &BTreeSet<String>,
    version: &str,
    runtime: &RuntimeDependency,
) -> String {
    let newest = revisions.last().map_or("", |(_, m, _)| m.as_str());
    let features: String = revisions.iter().map(|(_, m, _)| format!("{m} = []\n")).collect();
    let all: Vec<String> = revisions.iter().map(|(_, m, _)| format!("\"{m}\"")).collect();
    let all = all.join(", ");
    let runtime_features = RUNTIME_FEATURES;
    let family_features: String = families.iter().map(|f| format!("{f} = [\"{BY_FAMILY}\"]\n")).collect();
    let package = PackageFacts {
        name: "sagemaker-api",
        version,
        description: "The Amazon SageMaker API: types, builders, awsJson 1.1 serializers and a SigV4 client, one module per dated revision.",
        keywords: &["aws", "sagemaker", "sdk", "machine-learning", "smithy"],
    }
    .package_table();
    let runtime = runtime.toml_line();
    let docs_rs = package::DOCS_RS_TABLE;
    format!(
        r#"# @generated by `cargo xtask codegen`. Do not edit.
{package}
[lib]
name = "sagemaker_api"

[dependencies]
{runtime}

[dev-dependencies]
futures-util = {{ version = "0.3", default-features = false, features = ["std"] }}
tokio = {{ version = "1", features = ["macros", "rt-multi-thread"] }}

[features]
default = ["{newest}", "client", "rt-tokio", "rustls"]
# Every revision at once.
all-revisions = [{all}]
{runtime_features}{features}
# Resource families, the nouns the operations act on (the crate's front page
# lists each one's operations): enabling any of them compiles only the enabled
# families' operations and the shapes they reach, in every enabled revision.
# With none enabled, or with `full`, everything is.
{BY_FAMILY} = []
{FULL} = []
{family_features}
[[example]]
name = "list_pipelines"
required-features = ["{newest}", "client", "rustls"]

[[example]]
name = "create_training_job"
required-features = ["{newest}", "client", "rustls"]

[[example]]
name = "wait_for_training_job"
required-features = ["{newest}", "client", "rustls"]

{docs_rs}"#
    )
}

/// Every file of a standalone crate named `crate_name`, rooted at `dir`, for one
/// service model (any awsJson 1.1 service); `runtime` is the path of the
/// `aws-protocols-runtime` crate as the new crate's `Cargo.toml` should name it.
pub fn generate_service(
    dir: &Path,
    model: &Model,
    source: &str,
    crate_name: &str,
    runtime: &RuntimeDependency,
) -> Result<(Vec<OutputFile>, Counts)> {
    let (mut outputs, counts, _) = revision_files(&dir.join("src/service"), model, source, &ModuleKind::default())?;
    let protocol = super::protocol::for_model(model).map(|p| p.name()).unwrap_or("JSON");
    let title = model
        .service()
        .and_then(|(_, s)| s.traits.get("smithy.api#title"))
        .and_then(|t| t.as_str())
        .unwrap_or("The service")
        .to_owned();
    let docs = [
        format!(" {title}: types, builders, {protocol} serializers and a SigV4 client,"),
        format!(" generated from `{source}`."),
        String::new(),
        format!(
            " Operations: {}. Structures: {}. Enums: {}. Shared code is the hand-written [`runtime`].",
            counts.operations, counts.structures, counts.enums
        ),
    ];
    let tokens = quote! {
        #(#![doc = #docs])*
        #![forbid(unsafe_code)]
        #![warn(missing_docs)]

        pub use aws_protocols_runtime as runtime;

        mod service;
        pub use service::*;
    };
    let lib = super::format_file(&header(source), tokens).map_err(|m| Error::new(Location::file(source), m))?;
    outputs.push(OutputFile { path: dir.join("src/lib.rs"), contents: lib });
    let description = format!("{title}: types, builders, {protocol} serializers and a SigV4 client.");
    let api_version = match model.service() {
        Some((_, Shape { kind: ShapeKind::Service { version, .. }, .. })) => version.as_str(),
        _ => "",
    };
    let version = package::crate_version(Some(api_version));
    let signing_name = model
        .service()
        .and_then(|(_, s)| s.traits.get("aws.auth#sigv4"))
        .and_then(|t| t.get("name"))
        .and_then(|n| n.as_str())
        .unwrap_or_default();
    let facts = PackageFacts {
        name: crate_name,
        version: &version,
        description: &description,
        keywords: &["aws", crate_name, signing_name, "sdk", "smithy"],
    };
    let symbols = Symbols::new(source, model)?;
    let methods: Vec<String> = model.operations().iter().map(|op| symbols.method_ident(op).to_string()).collect();
    outputs.push(OutputFile {
        path: dir.join("README.md"),
        contents: package::service_readme(&facts, &title, api_version, &methods),
    });
    outputs.extend(package::license_files(dir));
    let package = facts.package_table();
    let runtime = runtime.toml_line();
    let docs_rs = package::DOCS_RS_TABLE;
    let toml = format!(
        r#"# @generated by `cargo xtask` from {source}. Do not edit.
{package}
[dependencies]
{runtime}

# For examples and tests of the client.
[dev-dependencies]
futures-util = {{ version = "0.3", default-features = false, features = ["std"] }}
tokio = {{ version = "1", features = ["macros", "rt-multi-thread"] }}

[features]
default = ["client", "rt-tokio", "rustls"]
{RUNTIME_FEATURES}
{docs_rs}"#
    );
    outputs.push(OutputFile { path: dir.join("Cargo.toml"), contents: toml });
    Ok((outputs, counts))
}
