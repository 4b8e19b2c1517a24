//! One revision's module: the service facts, the types, their awsJson impls and
//! the operations, as four files.

use super::features::{gate, Families};
use super::protocol::ProtocolGenerator;
use super::resource::ResourceFamilies;
use super::symbols::{generates_type, revision_module, Symbols};
use super::{collection, enumeration, int_enumeration, operation, structure, union, Emitted};
use crate::smithy::{shape_name, traits, ShapeKind};
use proc_macro2::TokenStream;
use quote::{format_ident, quote};

/// The files of one revision module, relative to `src/<module>/`, as tokens.
pub struct RevisionFiles {
    pub module: TokenStream,
    pub client: TokenStream,
    pub types: TokenStream,
    pub json: TokenStream,
    pub operations: TokenStream,
    /// The resource-family features its items are gated by (empty without them).
    pub families: std::collections::BTreeSet<String>,
}

/// What one revision's module holds, for the crate's documentation.
#[derive(Debug, Clone, Copy, Default, PartialEq, Eq)]
pub struct Counts {
    pub operations: usize,
    pub structures: usize,
    pub enums: usize,
    pub collections: usize,
}

/// What the module is: a dated revision of a service's documentation
/// (SageMaker's), or a service model as published.
#[derive(Debug, Clone, Copy, Default)]
pub struct ModuleKind<'a> {
    /// The documentation date, for a reconstructed revision.
    pub date: Option<&'a str>,
    /// The resource families to gate items behind, when the crate has them.
    pub families: Option<&'a ResourceFamilies>,
    /// What changed from the revision before, as Markdown, for the module's page.
    pub changes: Option<&'a Changes>,
}

/// What changed in a revision from the one before it.
#[derive(Debug, Clone)]
pub struct Changes {
    /// The date of the revision before.
    pub since: String,
    /// The change log's section: a summary line, then the changes grouped by
    /// severity under `##` headings.
    pub markdown: String,
}

/// The error codes that the model marks `@retryable`, and those of them that
/// are throttling.
fn retryable_errors(model: &crate::smithy::Model) -> (Vec<String>, Vec<String>) {
    let (mut retryable, mut throttling) = (Vec::new(), Vec::new());
    for (id, shape) in &model.shapes {
        if let Some(value) = shape.traits.get("smithy.api#retryable") {
            let code = shape_name(id).to_owned();
            if value.get("throttling").and_then(serde_json::Value::as_bool) == Some(true) {
                throttling.push(code);
            } else {
                retryable.push(code);
            }
        }
    }
    (retryable, throttling)
}

/// Emits every shape of a revision, its operations written for `protocol`.
pub fn emit(
    symbols: &Symbols<'_>,
    protocol: &dyn ProtocolGenerator,
    revision: &ModuleKind<'_>,
) -> (RevisionFiles, Counts) {
    let model = symbols.model();
    let families = revision.families.map_or_else(Families::default, |f| Families::new(symbols, f));
    let mut types = Vec::new();
    let mut json = Vec::new();
    let mut counts = Counts::default();
    for (id, shape) in &model.shapes {
        if !generates_type(shape) {
            continue;
        }
        let Emitted { types: t, json: j } = match shape.kind {
            ShapeKind::Structure(_) => {
                counts.structures += 1;
                let mut emitted = structure::emit(symbols, id);
                if shape.traits.contains_key(traits::ERROR) {
                    emitted.json.extend(protocol.error_shape(symbols, id));
                }
                emitted
            }
            ShapeKind::Union(_) => {
                counts.structures += 1;
                union::emit(symbols, id)
            }
            ShapeKind::Enum(_) => {
                counts.enums += 1;
                enumeration::emit(symbols, id)
            }
            ShapeKind::IntEnum(_) => {
                counts.enums += 1;
                int_enumeration::emit(symbols, id)
            }
            _ => {
                counts.collections += 1;
                collection::emit(symbols, id)
            }
        };
        let cfg = families.shape_cfg(id);
        types.push(gate(t, &cfg));
        json.push(gate(j, &cfg));
    }
    let operation_ids = model.operations();
    counts.operations = operation_ids.len();
    let operations: Vec<_> = operation_ids
        .iter()
        .map(|id| gate(operation::emit(symbols, protocol, id), &families.operation_cfg(id)))
        .collect();
    let visits = operation_ids.iter().map(|id| {
        let ident = symbols.operation_ident(id);
        let cfg = families.operation_cfg(id);
        quote!(#cfg visitor.visit::<operations::#ident>();)
    });
    let names = operation_ids.iter().map(|id| shape_name(id));

    let service = model.service().map(|(_, s)| s);
    let trait_str = |id: &str, field: Option<&str>| -> String {
        let value = service.and_then(|s| s.traits.get(id));
        let value = match field {
            Some(f) => value.and_then(|v| v.get(f)),
            None => value,
        };
        value.and_then(|v| v.as_str()).unwrap_or_default().to_owned()
    };
    let version = match service.map(|s| &s.kind) {
        Some(ShapeKind::Service { version, .. }) => version.clone(),
        _ => String::new(),
    };
    let title = trait_str("smithy.api#title", None);
    let signing_name = trait_str("aws.auth#sigv4", Some("name"));
    let endpoint_prefix = match trait_str("aws.api#service", Some("endpointPrefix")) {
        prefix if !prefix.is_empty() => prefix,
        _ => signing_name.clone(),
    };
    let endpoint_env_name = super::symbols::endpoint_env_name(&trait_str("aws.api#service", Some("sdkId")));
    let module_doc = match revision.date {
        Some(date) => vec![
            format!(" {title}, as its documentation pages described it on {date}."),
            String::new(),
            format!(
                " Operations: {}. Structures: {}. Enums: {}. Lists and maps: {}. Enable the `{}` feature to use it.",
                counts.operations,
                counts.structures,
                counts.enums,
                counts.collections,
                revision_module(date)
            ),
        ],
        None => vec![
            format!(" {title}, API version {version}."),
            String::new(),
            format!(
                " Operations: {}. Structures: {}. Enums: {}. Lists and maps: {}.",
                counts.operations, counts.structures, counts.enums, counts.collections
            ),
        ],
    };
    let mut module_doc = module_doc;
    if let Some(changes) = revision.changes {
        module_doc.push(String::new());
        module_doc.push(format!(" # Changes from {}", changes.since));
        module_doc.push(String::new());
        module_doc.extend(changes.markdown.lines().map(|line| format!(" {line}")));
    }
    let module_doc = module_doc.iter().map(|line| quote!(#![doc = #line]));
    let (retryable, throttling) = retryable_errors(model);
    let mut service_idents = vec![("API_VERSION", "The service's API version.", version)];
    service_idents.extend(protocol.service_facts());
    service_idents.extend([
        ("SIGNING_NAME", "The SigV4 signing name.", signing_name),
        (
            "ENDPOINT_PREFIX",
            "The endpoint prefix: `https://<ENDPOINT_PREFIX>.<region>.amazonaws.com`.",
            endpoint_prefix,
        ),
        ("ENDPOINT_ENV_NAME", "The service's part of `AWS_ENDPOINT_URL_<SERVICE>`.", endpoint_env_name),
    ]);
    if let Some(date) = revision.date {
        service_idents
            .insert(0, ("REVISION", "The date of the documentation this module was generated from.", date.to_owned()));
    }
    let consts = service_idents.iter().map(|(name, doc, value)| {
        let name = format_ident!("{name}");
        let doc = super::doc_line(doc);
        quote!(#doc pub const #name: &str = #value;)
    });
    let module = quote! {
        #(#module_doc)*

        pub mod operations;
        mod json;
        mod types;
        #[cfg(feature = "client")]
        mod client;

        pub use types::*;
        #[cfg(feature = "client")]
        pub use client::{Client, SERVICE};

        #(#consts)*

        /// Error codes the model marks `@retryable`.
        pub const RETRYABLE_ERRORS: &[&str] = &[#(#retryable),*];

        /// Error codes the model marks `@retryable(throttling: true)`.
        pub const THROTTLING_ERRORS: &[&str] = &[#(#throttling),*];

        /// The wire names of every operation, in the service's order.
        pub const OPERATIONS: &[&str] = &[#(#names),*];

        /// Calls `visitor` once per operation, in the service's order.
        pub fn visit_operations<V: crate::runtime::OperationVisitor>(visitor: &mut V) {
            #(#visits)*
        }
    };
    let prelude = protocol.operations_prelude(symbols);
    let files = RevisionFiles {
        module,
        client: super::client::emit(symbols, protocol, &families),
        types: quote! {
            #![allow(deprecated)]
            #(#types)*
        },
        json: quote! {
            //! The JSON readers and writers of the shapes, and how error shapes are read.
            #![allow(deprecated)]
            use super::types::*;
            #(#json)*
        },
        operations: quote! {
            //! One type per operation, tying its wire name to its input and output, and
            //! writing its request and reading its response as the protocol says.
            #![allow(deprecated)]
            #prelude
            #(#operations)*
        },
        families: families.all().clone(),
    };
    (files, counts)
}
