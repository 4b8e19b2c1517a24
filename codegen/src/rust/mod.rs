//! The Rust emitter: Smithy model → Rust tokens → formatted files of the
//! `sagemaker-api` crate, or of a crate for any awsJson 1.1 service model. One emitter per shape kind; [`symbols`] owns names.

mod client;
mod collection;
mod dispatch;
pub mod docs;
mod enumeration;
pub mod features;
mod int_enumeration;
mod krate;
mod operation;
pub mod package;
pub mod protocol;
pub mod resource;
mod revision;
pub(crate) mod structure;
pub mod symbols;
mod union;
mod waiter;

pub use krate::{generate, generate_service, CrateRevision};
pub use revision::{Changes, Counts};

use proc_macro2::TokenStream;
use quote::quote;

/// What a shape emitter produces: the type itself, and its awsJson impls.
#[derive(Debug, Default)]
pub struct Emitted {
    pub types: TokenStream,
    pub json: TokenStream,
}

/// `#[doc]` attributes from model documentation, or a fallback line.
pub fn doc_attrs(documentation: Option<&str>, fallback: &str) -> TokenStream {
    let mut lines = documentation.map(docs::to_markdown).unwrap_or_default();
    if lines.is_empty() {
        lines.push(fallback.to_owned());
    }
    doc_lines(&lines)
}

/// One `#[doc]` attribute per Markdown line; prettyplease prints them as `///`.
pub fn doc_lines(lines: &[String]) -> TokenStream {
    let attrs = lines.iter().map(|line| {
        let text = if line.is_empty() { String::new() } else { format!(" {line}") };
        quote!(#[doc = #text])
    });
    quote!(#(#attrs)*)
}

/// One `#[doc]` attribute for a single line of Markdown.
pub fn doc_line(line: &str) -> TokenStream {
    doc_lines(&[line.to_owned()])
}

/// `#[inline]` on each shape's JSON reader and writer, so that it is compiled
/// in the crates that use it rather than in the generated crate (a non-generic
/// function is otherwise compiled where it is defined, used or not). A program
/// compiles the readers and writers of the shapes its calls reach, once per
/// program; the generated crate compiles none. Builders, client methods,
/// paginators, waiters and each operation's protocol functions are marked
/// likewise where they are written. Release code is the same.
pub fn codegen_where_used() -> TokenStream {
    quote!(#[inline])
}

/// Formats a token stream as a Rust file under an `@generated` header.
pub fn format_file(header: &str, tokens: TokenStream) -> Result<String, String> {
    let file: syn::File = syn::parse2(tokens).map_err(|e| format!("generated code does not parse: {e}"))?;
    // rustfmt must leave prettyplease's output alone, or `cargo fmt` would make
    // the checked-in files stale.
    Ok(format!("{header}\n#![cfg_attr(rustfmt, rustfmt::skip)]\n\n{}", prettyplease::unparse(&file)))
}
