//! Operations: a unit type per operation that ties its name to its input and
//! output types.

use super::symbols::Symbols;
use crate::smithy::{shape_name, traits, ShapeKind};
use proc_macro2::TokenStream;
use quote::quote;

/// Emits an operation shape.
pub fn emit(symbols: &Symbols<'_>, id: &str) -> TokenStream {
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
    quote! {
        #doc
        #[derive(Debug, Clone, Copy, Default, PartialEq, Eq, Hash)]
        pub struct #name;

        impl crate::runtime::Operation for #name {
            const NAME: &'static str = #wire_name;
            type Input = #input;
            type Output = #output;
        }
    }
}
