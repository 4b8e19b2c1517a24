//! Operations: a unit type per operation that ties its name to its input and
//! output types.

use super::protocol::ProtocolGenerator;
use super::symbols::Symbols;
use crate::smithy::{shape_name, traits, HostPrefixPart, ShapeKind};
use proc_macro2::TokenStream;
use quote::quote;

/// Emits an operation shape; `protocol` writes how it goes on the wire.
pub fn emit(symbols: &Symbols<'_>, protocol: &dyn ProtocolGenerator, id: &str) -> TokenStream {
    let shape = &symbols.model().shapes[id];
    let ShapeKind::Operation { input, output, .. } = &shape.kind else { return quote!() };
    let name = symbols.operation_ident(id);
    let wire_name = shape_name(id);
    let mut lines = shape.documentation().map(super::docs::to_markdown).unwrap_or_default();
    if lines.is_empty() {
        lines.push(format!("The `{wire_name}` operation."));
    }
    if let Some(p) = shape.traits.get(traits::PROVENANCE) {
        let page = p.get("page").and_then(|v| v.as_str()).unwrap_or("?");
        let line = p.get("line").and_then(serde_json::Value::as_u64).unwrap_or(0);
        let layout = p.get("layout").and_then(|v| v.as_str()).unwrap_or("?");
        lines.push(String::new());
        lines.push(format!("Reconstructed from `model/{page}`, line {line} ({layout})."));
    }
    if let Some(paginated) = shape.traits.get(traits::PAGINATED) {
        let items = paginated.get("items").and_then(|v| v.as_str());
        lines.push(String::new());
        lines.push(match items {
            Some(items) => format!("Paginated: results arrive in pages, with the items in `{items}`."),
            None => "Paginated: results arrive in pages.".to_owned(),
        });
    }
    if let Some(Ok(_)) = shape.host_prefix() {
        let text = shape.traits[traits::ENDPOINT]["hostPrefix"].as_str().unwrap_or_default();
        lines.push(String::new());
        lines.push(format!("Requests go to the endpoint's host with `{text}` before it (`@endpoint`), its labels filled from the input."));
    }
    if shape.traits.contains_key(traits::HTTP_CHECKSUM_REQUIRED) {
        lines.push(String::new());
        lines.push("Requests carry the body's MD5 in `Content-MD5` (`@httpChecksumRequired`).".to_owned());
    }
    if shape.traits.contains_key(traits::REQUEST_COMPRESSION) {
        lines.push(String::new());
        lines.push(
            "Request bodies from the configured size on are sent gzip-compressed (`@requestCompression`).".to_owned(),
        );
    }
    let doc = super::doc_lines(&lines);
    let io_type = |target: &Option<String>| match target {
        Some(t) if t != "smithy.api#Unit" => {
            let ident = symbols.type_ident(t);
            quote!(super::#ident)
        }
        _ => quote!(crate::runtime::Unit),
    };
    let input = io_type(input);
    let output = io_type(output);
    let (error_type, error_enum) = errors(symbols, id);
    let host_prefix = host_prefix(symbols, id);
    let gzip = shape
        .traits
        .get(traits::REQUEST_COMPRESSION)
        .and_then(|t| t.get("encodings"))
        .and_then(serde_json::Value::as_array)
        .is_some_and(|encodings| encodings.iter().any(|e| e.as_str() == Some("gzip")));
    let compression = gzip.then(|| {
        quote!(
            const REQUEST_COMPRESSION: bool = true;
        )
    });
    let checksum = shape.traits.contains_key(traits::HTTP_CHECKSUM_REQUIRED).then(|| {
        quote!(
            const CHECKSUM_REQUIRED: bool = true;
        )
    });
    let wire = protocol.operation_items(symbols, id);
    quote! {
        #doc
        #[derive(Debug, Clone)]
        pub struct #name;

        impl crate::runtime::Operation for #name {
            const NAME: &'static str = #wire_name;
            type Input = #input;
            type Output = #output;
            type Error = #error_type;
            #compression
            #checksum
            #host_prefix
            #wire
        }

        #error_enum
    }
}

/// The `host_prefix` method of an operation with an `@endpoint` trait: the
/// prefix's text, with each `{label}` filled from the input member of that name.
fn host_prefix(symbols: &Symbols<'_>, id: &str) -> Option<TokenStream> {
    let shape = &symbols.model().shapes[id];
    // The validator has checked the prefix and its labels.
    let parts = shape.host_prefix()?.ok()?;
    let ShapeKind::Operation { input, .. } = &shape.kind else { return None };
    let fields = input.as_deref().map(|i| symbols.fields(i)).unwrap_or_default();
    let result =
        quote!(::std::result::Result<::std::option::Option<::std::string::String>, crate::runtime::InvalidHostLabel>);
    if let [HostPrefixPart::Literal(text)] = parts.as_slice() {
        return Some(quote! {
            fn host_prefix(_input: &Self::Input) -> #result {
                ::std::result::Result::Ok(::std::option::Option::Some(::std::string::String::from(#text)))
            }
        });
    }
    let pushes = parts.iter().map(|part| match part {
        HostPrefixPart::Literal(text) if text.chars().count() == 1 => {
            let c = text.chars().next().unwrap_or('.');
            quote!(prefix.push(#c);)
        }
        HostPrefixPart::Literal(text) => quote!(prefix.push_str(#text);),
        HostPrefixPart::Label(label) => {
            let Some(field) = fields.iter().find(|f| f.member == *label) else { return quote!() };
            let ident = &field.ident;
            let value =
                if field.plain { quote!(&input.#ident) } else { quote!(input.#ident.as_deref().unwrap_or_default()) };
            quote!(crate::runtime::push_host_label(&mut prefix, #label, #value)?;)
        }
    });
    Some(quote! {
        fn host_prefix(input: &Self::Input) -> #result {
            let mut prefix = ::std::string::String::new();
            #(#pushes)*
            ::std::result::Result::Ok(::std::option::Option::Some(prefix))
        }
    })
}

/// The operation's error type, and the enum of its modelled errors when it
/// lists any: one variant per error shape, holding its members.
fn errors(symbols: &Symbols<'_>, id: &str) -> (TokenStream, TokenStream) {
    let errors = symbols.operation_errors(id);
    if errors.is_empty() {
        return (quote!(crate::runtime::NoModeledErrors), quote!());
    }
    let name = symbols.operation_error_ident(id);
    let wire_name = shape_name(id);
    let doc = super::doc_line(&format!(
        "The errors `{wire_name}` can answer with, as the model lists them, each with its members. Get one from a failed call with `error.operation_error::<{}>()`.",
        symbols.operation_ident(id)
    ));
    let variants = errors.iter().map(|e| {
        let ty = symbols.type_ident(e);
        let doc = super::doc_line(&format!("The `{}` error.", shape_name(e)));
        quote!(#doc #ty(super::#ty),)
    });
    let arms = errors.iter().map(|e| {
        let ty = symbols.type_ident(e);
        let code = shape_name(e);
        quote!(#code => <super::#ty as crate::runtime::ErrorShape>::from_service_error(error).map(Self::#ty),)
    });
    // Variants hold the error shapes as they are, for plain matching; an error
    // with many members makes the enum large, which only the failure path pays.
    let error_enum = quote! {
        #doc
        #[derive(Debug, Clone, PartialEq)]
        #[non_exhaustive]
        #[allow(clippy::large_enum_variant)]
        pub enum #name {
            #(#variants)*
        }

        impl crate::runtime::OperationError for #name {
            #[inline]
            fn from_service_error(error: &crate::runtime::ServiceError) -> ::std::option::Option<Self> {
                match error.code.as_str() {
                    #(#arms)*
                    _ => ::std::option::Option::None,
                }
            }
        }
    };
    (quote!(#name), error_enum)
}
