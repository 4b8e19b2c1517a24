//! Integer enums (`intEnum`): a variant per known value, and a catch-all that
//! keeps any other integer. On the wire they are JSON integers.

use super::symbols::{IntVariant, Symbols, CATCH_ALL};
use super::Emitted;
use crate::smithy::shape_name;
use quote::{format_ident, quote};

/// Emits an `intEnum` shape.
pub fn emit(symbols: &Symbols<'_>, id: &str) -> Emitted {
    let shape = &symbols.model().shapes[id];
    let name = symbols.type_ident(id);
    let wire_name = shape_name(id);
    let variants = symbols.int_variants(id);
    let catch_all = format_ident!("{}", CATCH_ALL);
    let doc = super::doc_attrs(shape.documentation(), &format!("The `{wire_name}` integer enum."));
    let extra_doc = super::doc_line(&format!(
        "Values this revision does not know are kept in [`{name}::{CATCH_ALL}`] and written back unchanged."
    ));
    let defs = variants.iter().map(|IntVariant { member, value, ident }| {
        let doc = super::doc_line(&format!("`{member}`: `{value}`"));
        quote!(#doc #ident,)
    });
    let idents: Vec<_> = variants.iter().map(|v| &v.ident).collect();
    let values: Vec<_> = variants.iter().map(|v| proc_macro2::Literal::i32_unsuffixed(v.value)).collect();
    let catch_all_doc = super::doc_line("A value this revision of the API does not know, kept as sent.");
    let deprecated = super::symbols::deprecation(&shape.traits).map(|note| quote!(#[deprecated(note = #note)]));
    let types = quote! {
        #doc
        #[doc = ""]
        #extra_doc
        #deprecated
        #[derive(Debug, Clone, Copy, PartialEq, Eq, Hash)]
        pub enum #name {
            #(#defs)*
            #catch_all_doc
            #catch_all(i32),
        }

        impl #name {
            /// Every value this revision knows, in model order.
            pub const VALUES: &'static [i32] = &[#(#values),*];

            /// The value as it travels on the wire.
            pub fn value(&self) -> i32 {
                match self {
                    #(Self::#idents => #values,)*
                    Self::#catch_all(value) => *value,
                }
            }
        }

        impl ::std::convert::From<i32> for #name {
            fn from(value: i32) -> Self {
                match value {
                    #(#values => Self::#idents,)*
                    other => Self::#catch_all(other),
                }
            }
        }

        impl ::std::convert::From<#name> for i32 {
            fn from(value: #name) -> Self {
                value.value()
            }
        }

        impl ::std::fmt::Display for #name {
            fn fmt(&self, f: &mut ::std::fmt::Formatter<'_>) -> ::std::fmt::Result {
                ::std::fmt::Display::fmt(&self.value(), f)
            }
        }
    };
    let inline = super::codegen_where_used();
    let json = quote! {
        impl crate::runtime::Shape for #name {
            const SHAPE_NAME: &'static str = #wire_name;
        }

        impl crate::runtime::WriteJson for #name {
            #inline
            fn write_json(&self, w: &mut crate::runtime::JsonWriter) {
                w.integer(i64::from(self.value()));
            }
        }

        impl crate::runtime::ReadJson for #name {
            #inline
            fn read_json(r: &mut crate::runtime::JsonReader<'_>) -> ::std::result::Result<Self, crate::runtime::DeserializeError> {
                r.read_i32().map(Self::from)
            }
        }
    };
    Emitted { types, json }
}
