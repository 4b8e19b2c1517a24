//! Unions: one variant per member, and a catch-all for members this revision
//! does not know. On the wire a union is an object with exactly one non-null member.

use super::symbols::{Symbols, UnionVariant, UNION_CATCH_ALL};
use super::Emitted;
use crate::smithy::shape_name;
use quote::{format_ident, quote};

/// Emits a union shape.
pub fn emit(symbols: &Symbols<'_>, id: &str) -> Emitted {
    let shape = &symbols.model().shapes[id];
    let name = symbols.type_ident(id);
    let wire_name = shape_name(id);
    let variants = symbols.union_variants(id);
    let catch_all = format_ident!("{}", UNION_CATCH_ALL);
    let doc = super::doc_attrs(shape.documentation(), &format!("The `{wire_name}` union."));
    let extra_doc = super::doc_line(
        "Exactly one member is set. A member this revision does not know reads as `Unknown`, with its name.",
    );
    let eq = (!symbols.reaches_float(id)).then(|| quote!(Eq,));
    let defs = variants.iter().map(|v| {
        let UnionVariant { ident, ty, member, .. } = v;
        let doc = super::doc_attrs(v.documentation.as_deref(), &format!("The `{member}` member."));
        quote!(#doc #ident(#ty),)
    });
    let writes = variants.iter().map(|v| {
        let UnionVariant { ident, json_key, .. } = v;
        quote!(Self::#ident(value) => w.member(#json_key, value),)
    });
    let reads = variants.iter().map(|v| {
        let UnionVariant { ident, member, json_key, ty, .. } = v;
        let keys = match &v.read_alias {
            Some(alias) => quote!(#json_key | #alias),
            None => quote!(#json_key),
        };
        quote! {
            #keys => {
                let value: #ty = crate::runtime::ReadJson::read_json(r).map_err(|e| e.at_member(#member))?;
                Self::#ident(value)
            }
        }
    });
    // Some services tag a union object with `__type`; clients ignore it
    // (unless the union has a member of that name).
    let skip_type = (!variants.iter().any(|v| v.json_key == "__type")).then(|| {
        quote! {
            if &*key == "__type" {
                r.skip_value()?;
                continue;
            }
        }
    });
    let names = variants.iter().map(|v| {
        let UnionVariant { ident, member, .. } = v;
        quote!(Self::#ident(_) => #member,)
    });
    let whole = symbols.is_sensitive(id);
    let redacts = whole || variants.iter().any(|v| v.sensitive);
    let (derive_debug, debug_impl) = if redacts {
        let arms = variants.iter().map(|v| {
            let UnionVariant { ident, .. } = v;
            let shown = ident.to_string();
            let shown = shown.trim_start_matches("r#").to_owned();
            if whole || v.sensitive {
                quote!(Self::#ident(_) => f.debug_tuple(#shown).field(&"*** Sensitive Data Redacted ***").finish(),)
            } else {
                quote!(Self::#ident(value) => f.debug_tuple(#shown).field(value).finish(),)
            }
        });
        let debug_impl = quote! {
            impl ::std::fmt::Debug for #name {
                fn fmt(&self, f: &mut ::std::fmt::Formatter<'_>) -> ::std::fmt::Result {
                    match self {
                        #(#arms)*
                        Self::#catch_all(member) => f.debug_tuple(#UNION_CATCH_ALL).field(member).finish(),
                    }
                }
            }
        };
        (quote!(), debug_impl)
    } else {
        (quote!(Debug,), quote!())
    };
    let deprecated =
        super::symbols::deprecation(&symbols.model().shapes[id].traits).map(|note| quote!(#[deprecated(note = #note)]));
    let types = quote! {
        #debug_impl
        #doc
        #[doc = ""]
        #extra_doc
        #deprecated
        #[derive(#derive_debug Clone, PartialEq, #eq)]
        #[non_exhaustive]
        pub enum #name {
            #(#defs)*
            /// A member this revision does not know: its name as sent.
            #catch_all(::std::string::String),
        }

        impl #name {
            /// The wire name of the member that is set.
            pub fn member_name(&self) -> &str {
                match self {
                    #(#names)*
                    Self::#catch_all(name) => name,
                }
            }
        }
    };
    let json = quote! {
        impl crate::runtime::Shape for #name {
            const SHAPE_NAME: &'static str = #wire_name;
        }

        impl crate::runtime::WriteJson for #name {
            fn write_json(&self, w: &mut crate::runtime::JsonWriter) {
                w.begin_object();
                match self {
                    #(#writes)*
                    Self::#catch_all(_) => {}
                }
                w.end_object();
            }
        }

        impl crate::runtime::ReadJson for #name {
            fn read_json(r: &mut crate::runtime::JsonReader<'_>) -> ::std::result::Result<Self, crate::runtime::DeserializeError> {
                let mut object = r.begin_object()?;
                let mut set: ::std::option::Option<Self> = ::std::option::Option::None;
                while let ::std::option::Option::Some(key) = r.next_key(&mut object)? {
                    #skip_type
                    if r.read_null()? {
                        continue;
                    }
                    if set.is_some() {
                        return ::std::result::Result::Err(r.error(crate::runtime::ErrorKind::Invalid("a union with more than one member set")));
                    }
                    set = ::std::option::Option::Some(match &*key {
                        #(#reads)*
                        other => {
                            r.skip_value()?;
                            Self::#catch_all(other.to_owned())
                        }
                    });
                }
                set.ok_or_else(|| r.error(crate::runtime::ErrorKind::Invalid("a union with no member set")))
            }
        }
    };
    Emitted { types, json }
}
