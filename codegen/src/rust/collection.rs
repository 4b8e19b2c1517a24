//! Lists and maps: named aliases of `Vec` and `BTreeMap`. Members use the
//! expanded types; the runtime reads and writes both generically.

use super::symbols::Symbols;
use super::Emitted;
use crate::smithy::shape_name;
use quote::quote;

/// Emits a list or map shape as a documented type alias.
pub fn emit(symbols: &Symbols<'_>, id: &str) -> Emitted {
    let shape = &symbols.model().shapes[id];
    let name = symbols.type_ident(id);
    let ty = symbols.collection_type(id);
    let kind = shape.kind.type_name();
    let doc = super::doc_attrs(shape.documentation(), &format!("The `{}` {kind}.", shape_name(id)));
    Emitted {
        types: quote! {
            #doc
            pub type #name = #ty;
        },
        json: quote!(),
    }
}
