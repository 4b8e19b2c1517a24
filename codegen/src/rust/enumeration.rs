//! Enums: forward-compatible string enums that keep unrecognized values.

use super::dispatch::{self, Arm};
use super::symbols::{Symbols, CATCH_ALL};
use super::Emitted;
use crate::smithy::shape_name;
use quote::{format_ident, quote};

/// Emits an enum shape.
pub fn emit(symbols: &Symbols<'_>, id: &str) -> Emitted {
    let shape = &symbols.model().shapes[id];
    let name = symbols.type_ident(id);
    let wire_name = shape_name(id);
    let variants = symbols.variants(id);
    let catch_all = format_ident!("{}", CATCH_ALL);
    let doc = super::doc_attrs(shape.documentation(), &format!("The `{wire_name}` enum."));
    let extra_doc = super::doc_line(&format!(
        "Values this revision does not know are kept in [`{name}::{CATCH_ALL}`] and written back unchanged."
    ));
    let defs = variants.iter().map(|v| {
        let ident = &v.ident;
        let doc = super::doc_line(&format!("`{}`", v.value));
        quote!(#doc #ident,)
    });
    let idents: Vec<_> = variants.iter().map(|v| &v.ident).collect();
    let values: Vec<_> = variants.iter().map(|v| v.value.as_str()).collect();
    let arms: Vec<Arm> = variants
        .iter()
        .map(|v| {
            let ident = &v.ident;
            Arm { keys: vec![v.value.clone()], body: quote!(::std::option::Option::Some(Self::#ident)) }
        })
        .collect();
    let known = dispatch::by_length(quote!(value), &arms, quote!(::std::option::Option::None));
    let from_str = quote! {
        let known: ::std::option::Option<Self> = #known;
        known.unwrap_or_else(|| Self::#catch_all(crate::runtime::UnrecognizedValue::new_unchecked(value)))
    };
    let catch_all_doc = super::doc_line("A value this revision of the API does not know, kept as sent.");
    let deprecated =
        super::symbols::deprecation(&symbols.model().shapes[id].traits).map(|note| quote!(#[deprecated(note = #note)]));
    let types = quote! {
        #doc
        #[doc = ""]
        #extra_doc
        #deprecated
        #[derive(Debug, Clone, PartialEq, Eq, Hash)]
        pub enum #name {
            #(#defs)*
            #catch_all_doc
            #catch_all(crate::runtime::UnrecognizedValue),
        }

        impl #name {
            /// Every value this revision knows, in model order.
            pub const VALUES: &'static [&'static str] = &[#(#values),*];

            /// The value as it travels on the wire.
            pub fn as_str(&self) -> &str {
                match self {
                    #(Self::#idents => #values,)*
                    Self::#catch_all(value) => value.as_str(),
                }
            }

            /// Every value this revision knows, in model order.
            pub fn values() -> &'static [&'static str] {
                Self::VALUES
            }
        }

        impl ::std::convert::From<&str> for #name {
            fn from(value: &str) -> Self {
                #from_str
            }
        }

        impl ::std::convert::From<::std::string::String> for #name {
            fn from(value: ::std::string::String) -> Self {
                Self::from(value.as_str())
            }
        }

        impl ::std::str::FromStr for #name {
            type Err = ::std::convert::Infallible;

            fn from_str(value: &str) -> ::std::result::Result<Self, Self::Err> {
                ::std::result::Result::Ok(Self::from(value))
            }
        }

        impl ::std::convert::AsRef<str> for #name {
            fn as_ref(&self) -> &str {
                self.as_str()
            }
        }

        impl ::std::fmt::Display for #name {
            fn fmt(&self, f: &mut ::std::fmt::Formatter<'_>) -> ::std::fmt::Result {
                f.write_str(self.as_str())
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
                w.string(self.as_str());
            }
        }

        impl crate::runtime::ReadJson for #name {
            #inline
            fn read_json(r: &mut crate::runtime::JsonReader<'_>) -> ::std::result::Result<Self, crate::runtime::DeserializeError> {
                r.read_str().map(|value| Self::from(&*value))
            }
        }
    };
    Emitted { types, json }
}
