//! Structures: the type, its builder, and its awsJson reader and writer.

use super::docs;
use super::symbols::{Field, StreamKind, Symbols, TimestampFormat};
use super::Emitted;
use crate::smithy::shape_name;
use proc_macro2::TokenStream;
use quote::quote;

/// Emits a structure shape.
pub fn emit(symbols: &Symbols<'_>, id: &str) -> Emitted {
    let fields = symbols.fields(id);
    let shape = &symbols.model().shapes[id];
    let name = symbols.type_ident(id);
    let builder = symbols.builder_ident(id);
    let wire_name = shape_name(id);
    let doc = super::doc_attrs(shape.documentation(), &format!("The `{wire_name}` structure."));
    let all_optional = fields.iter().all(|f| !f.plain);
    let default = all_optional.then(|| quote!(Default,));
    // A stream is read once: a structure that holds one is neither cloned nor compared.
    let streams = fields.iter().any(|f| f.stream.is_some());
    let eq = quote!();
    let (clone, partial_eq) = if streams { (quote!(), quote!()) } else { (quote!(Clone,), quote!(PartialEq,)) };
    let mut field_defs: Vec<TokenStream> = fields.iter().map(field_def).collect();
    let mut metadata = quote!();
    if symbols.is_operation_output(id) {
        field_defs.push(quote!(pub(crate) _request_id: ::std::option::Option<::std::string::String>,));
        metadata = quote! {
            impl crate::runtime::ResponseMetadata for #name {
                fn request_id(&self) -> ::std::option::Option<&str> {
                    self._request_id.as_deref()
                }

                fn set_request_id(&mut self, request_id: ::std::option::Option<::std::string::String>) {
                    self._request_id = request_id;
                }
            }
        };
    }
    let setters: Vec<TokenStream> = fields.iter().map(setters).collect();
    let carries_request_id = symbols.is_operation_output(id);
    let redacts = symbols.is_sensitive(id) || fields.iter().any(|f| f.sensitive);
    let whole = symbols.is_sensitive(id);
    let derive_debug = if redacts { quote!() } else { quote!(Debug,) };
    let type_debug = redacts.then(|| debug_impl(&name, &fields, whole, carries_request_id));
    let deprecated = super::symbols::deprecation(&shape.traits).map(|note| quote!(#[deprecated(note = #note)]));
    let builder_part = if symbols.builds_itself(id) {
        // Every member is an `Option`: the structure is its own builder.
        let build = self_build_fn(wire_name, &fields);
        let alias_doc = super::doc_line(&format!(
            "The builder of [`{name}`]: the structure itself, whose setters take and give it by value."
        ));
        let builder_doc =
            super::doc_line(&format!("An empty [`{name}`] to set members on (the structure is its own builder)."));
        quote! {
            #alias_doc
            pub type #builder = #name;

            impl #name {
                #builder_doc
                #[inline]
                pub fn builder() -> Self {
                    <Self as ::std::default::Default>::default()
                }

                #(#setters)*
                #build
            }
        }
    } else {
        let builder_fields = fields.iter().map(|f| {
            let Field { ident, ty, .. } = f;
            quote!(#ident: ::std::option::Option<#ty>,)
        });
        let build = build_fn(wire_name, &name, &fields, carries_request_id);
        let builder_doc = super::doc_line(&format!("A builder for [`{name}`]."));
        let builder_debug = redacts.then(|| debug_impl(&builder, &fields, whole, false));
        quote! {
            impl #name {
                #builder_doc
                #[inline]
                pub fn builder() -> #builder {
                    <#builder as ::std::default::Default>::default()
                }
            }

            #builder_doc
            #[derive(#derive_debug #clone Default)]
            pub struct #builder {
                #(#builder_fields)*
            }

            impl #builder {
                #(#setters)*
                #build
            }

            #builder_debug
        }
    };
    let types = quote! {
        #doc
        #deprecated
        #[derive(#derive_debug #clone #partial_eq #eq #default)]
        #[non_exhaustive]
        pub struct #name {
            #(#field_defs)*
        }

        #builder_part
        #metadata
        #type_debug
    };
    let inline = super::codegen_where_used();
    let json = json_impls(wire_name, &name, &fields, carries_request_id, &inline);
    Emitted { types, json }
}

/// What `Debug` shows in place of a `@sensitive` value.
const REDACTED: &str = "*** Sensitive Data Redacted ***";

/// A `Debug` impl that redacts `@sensitive` fields, or every field when the
/// structure itself is `@sensitive`.
fn debug_impl(name: &proc_macro2::Ident, fields: &[Field], whole: bool, request_id: bool) -> TokenStream {
    let type_name = name.to_string();
    if whole {
        return quote! {
            impl ::std::fmt::Debug for #name {
                fn fmt(&self, f: &mut ::std::fmt::Formatter<'_>) -> ::std::fmt::Result {
                    f.debug_tuple(#type_name).field(&#REDACTED).finish()
                }
            }
        };
    }
    let entries = fields.iter().map(|field| {
        let ident = &field.ident;
        let shown = field.ident.to_string();
        let shown = shown.trim_start_matches("r#");
        if field.sensitive {
            quote!(.field(#shown, &#REDACTED))
        } else {
            quote!(.field(#shown, &self.#ident))
        }
    });
    let request_id = request_id.then(|| quote!(.field("request_id", &self._request_id)));
    quote! {
        impl ::std::fmt::Debug for #name {
            fn fmt(&self, f: &mut ::std::fmt::Formatter<'_>) -> ::std::fmt::Result {
                f.debug_struct(#type_name) #(#entries)* #request_id .finish()
            }
        }
    }
}

fn field_def(f: &Field) -> TokenStream {
    let Field { ident, ty, .. } = f;
    let mut lines = f.documentation.as_deref().map(docs::to_markdown).unwrap_or_default();
    if lines.is_empty() {
        lines.push(format!("The `{}` member.", f.member));
    }
    if !f.unproven.is_empty() {
        lines.push(String::new());
        lines.push(format!(
            "The documentation pages do not prove this member's {}; the weakest reading is used.",
            f.unproven.join(" or ")
        ));
    }
    if f.idempotency_token {
        lines.push(String::new());
        lines.push("An idempotency token: `build()` sets a fresh UUID when it is left unset.".to_owned());
    }
    if let Some(default) = &f.default_shown {
        lines.push(String::new());
        lines.push(format!("Defaults to `{default}`: a response that omits it reads as that value."));
    }
    if f.required && !f.plain {
        lines.push(String::new());
        lines.push("Marked required, but optional here: responses may omit it. Builders still require it.".to_owned());
    }
    let doc = super::doc_lines(&lines);
    let ty = if f.plain { quote!(#ty) } else { quote!(::std::option::Option<#ty>) };
    let deprecated = f.deprecated.as_ref().map(|note| quote!(#[deprecated(note = #note)]));
    quote! {
        #doc
        #deprecated
        pub #ident: #ty,
    }
}

fn setters(f: &Field) -> TokenStream {
    let Field { ident, set_ident, ty, member, .. } = f;
    let set_doc = super::doc_line(&format!("Sets `{member}`."));
    let clear_doc = super::doc_line(&format!("Sets or clears `{member}`."));
    quote! {
        #set_doc
        #[inline]
        pub fn #ident(mut self, value: impl ::std::convert::Into<#ty>) -> Self {
            self.#ident = ::std::option::Option::Some(value.into());
            self
        }

        #clear_doc
        #[inline]
        pub fn #set_ident(mut self, value: ::std::option::Option<#ty>) -> Self {
            self.#ident = value;
            self
        }
    }
}

/// `build` of a structure that is its own builder: the value itself, once
/// its idempotency tokens are filled and its required members (of a shape
/// responses reach, which keeps them optional) checked.
fn self_build_fn(wire_name: &str, fields: &[Field]) -> TokenStream {
    let tokens: Vec<&proc_macro2::Ident> = fields.iter().filter(|f| f.idempotency_token).map(|f| &f.ident).collect();
    let receiver = if tokens.is_empty() { quote!(self) } else { quote!(mut self) };
    let fill = quote! {
        #(if self.#tokens.is_none() { self.#tokens = ::std::option::Option::Some(crate::runtime::idempotency_token()); })*
    };
    let required: Vec<&Field> = fields.iter().filter(|f| f.required).collect();
    if required.is_empty() {
        let doc = super::doc_line("The value: the structure is its own builder.");
        return quote! {
            #doc
            #[inline]
            pub fn build(#receiver) -> Self {
                #fill
                self
            }
        };
    }
    let doc = super::doc_line("The value, or the list of every required member that is missing.");
    let checks = required.iter().map(|f| {
        let ident = &f.ident;
        let member = &f.member;
        quote!(if self.#ident.is_none() { missing.push(#member); })
    });
    quote! {
        #doc
        #[inline]
        pub fn build(#receiver) -> ::std::result::Result<Self, crate::runtime::BuildError> {
            #fill
            let mut missing = ::std::vec::Vec::new();
            #(#checks)*
            if missing.is_empty() {
                ::std::result::Result::Ok(self)
            } else {
                ::std::result::Result::Err(crate::runtime::BuildError::missing(#wire_name, missing))
            }
        }
    }
}

fn build_fn(wire_name: &str, name: &proc_macro2::Ident, fields: &[Field], carries_request_id: bool) -> TokenStream {
    let request_id = carries_request_id.then(|| quote!(_request_id: ::std::option::Option::None,));
    let tokens: Vec<&proc_macro2::Ident> = fields.iter().filter(|f| f.idempotency_token).map(|f| &f.ident).collect();
    let (receiver, fill) = if tokens.is_empty() {
        (quote!(self), quote!())
    } else {
        (
            quote!(mut self),
            quote! {
                #(if self.#tokens.is_none() { self.#tokens = ::std::option::Option::Some(crate::runtime::idempotency_token()); })*
            },
        )
    };
    let required: Vec<&Field> = fields.iter().filter(|f| f.required).collect();
    let plain: Vec<&Field> = fields.iter().filter(|f| f.plain).collect();
    let inits = fields.iter().map(|f| {
        let ident = &f.ident;
        quote!(#ident: self.#ident,)
    });
    if required.is_empty() {
        let doc = super::doc_line(&format!("Builds the [`{name}`]."));
        return quote! {
            #doc
            #[inline]
            pub fn build(#receiver) -> #name {
                #fill
                #name { #(#inits)* #request_id }
            }
        };
    }
    let doc = super::doc_line(&format!("Builds the [`{name}`], or lists every required member that is missing."));
    let checks = required.iter().map(|f| {
        let ident = &f.ident;
        let member = &f.member;
        quote!(if self.#ident.is_none() { missing.push(#member); })
    });
    let unwrap = if plain.is_empty() {
        quote!()
    } else {
        let idents: Vec<_> = plain.iter().map(|f| &f.ident).collect();
        let locals: Vec<_> = plain.iter().map(|f| local(f)).collect();
        let (pattern, value) = match (&locals[..], &idents[..]) {
            ([local], [ident]) => (quote!(::std::option::Option::Some(#local)), quote!(self.#ident)),
            _ => (quote!((#(::std::option::Option::Some(#locals)),*)), quote!((#(self.#idents),*))),
        };
        quote! {
            let #pattern = #value else {
                return ::std::result::Result::Err(crate::runtime::BuildError::missing(#wire_name, missing));
            };
        }
    };
    let inits = fields.iter().map(|f| {
        let ident = &f.ident;
        let local = local(f);
        if f.plain {
            quote!(#ident: #local,)
        } else {
            quote!(#ident: self.#ident,)
        }
    });
    quote! {
        #doc
        #[inline]
        pub fn build(#receiver) -> ::std::result::Result<#name, crate::runtime::BuildError> {
            #fill
            let mut missing = ::std::vec::Vec::new();
            #(#checks)*
            if !missing.is_empty() {
                return ::std::result::Result::Err(crate::runtime::BuildError::missing(#wire_name, missing));
            }
            #unwrap
            ::std::result::Result::Ok(#name { #(#inits)* #request_id })
        }
    }
}

/// The statement that writes `fields` of `source` (an expression of the
/// structure's type) as a JSON object with `w`: a table of the members, which
/// the runtime writes in order, leaving absent ones out.
pub(super) fn member_writes(fields: &[&Field], source: &TokenStream) -> TokenStream {
    let members = fields.iter().map(|f| {
        let Field { ident, json_key, .. } = f;
        let value = match (f.timestamp_format, f.plain) {
            (None | Some(TimestampFormat::EpochSeconds), false) => quote!(&#source.#ident),
            (None | Some(TimestampFormat::EpochSeconds), true) => quote!(&crate::runtime::Present(&#source.#ident)),
            (Some(TimestampFormat::DateTime), false) => quote!(&#source.#ident.as_ref().map(crate::runtime::DateTime)),
            (Some(TimestampFormat::DateTime), true) => {
                quote!(&crate::runtime::Present(&crate::runtime::DateTime(&#source.#ident)))
            }
            (Some(TimestampFormat::HttpDate), false) => quote!(&#source.#ident.as_ref().map(crate::runtime::HttpDate)),
            (Some(TimestampFormat::HttpDate), true) => {
                quote!(&crate::runtime::Present(&crate::runtime::HttpDate(&#source.#ident)))
            }
        };
        quote!((#json_key, #value))
    });
    quote!(w.members(&[#(#members),*]);)
}

/// The statement that reads the members of the JSON object at `r` into
/// `slot(f)` for each of `fields` (each an `Option`), skipping other members:
/// a table of `(key, index)` and the members' places, which the runtime fills.
pub(super) fn member_reads(fields: &[&Field], slot: impl Fn(&Field) -> TokenStream) -> TokenStream {
    // Timestamps read in any form, whatever their format on the way out.
    // A renamed member is also read under its member name, as services differ.
    let primary = fields.iter().enumerate().map(|(i, f)| (f.json_key.clone(), i));
    let aliases = fields.iter().enumerate().filter_map(|(i, f)| Some((f.read_alias.clone()?, i)));
    let keys = primary.chain(aliases).map(|(key, i)| {
        let i = proc_macro2::Literal::usize_unsuffixed(i);
        quote!((#key, #i))
    });
    let slots = fields.iter().map(|f| {
        let target = slot(f);
        quote!(&mut #target)
    });
    quote!(r.read_members(&[#(#keys),*], &mut [#(#slots),*])?;)
}

/// The JSON view of a structure; `inline` goes on its reader and its writer.
fn json_impls(
    wire_name: &str,
    name: &proc_macro2::Ident,
    fields: &[Field],
    carries_request_id: bool,
    inline: &TokenStream,
) -> TokenStream {
    let request_id = carries_request_id.then(|| quote!(_request_id: ::std::option::Option::None,));
    // Event streams have no JSON view: they are left out both ways.
    let viewed: Vec<&Field> = fields.iter().filter(|f| f.stream != Some(StreamKind::Events)).collect();
    let writes = member_writes(&viewed, &quote!(self));
    // Without plain fields the value is read in place; otherwise into locals,
    // so that a missing required member is an error before `Self` exists.
    let in_place = fields.iter().all(|f| !f.plain);
    let read_members = member_reads(&viewed, |f| {
        if in_place {
            let ident = &f.ident;
            quote!(out.#ident)
        } else {
            let local = local(f);
            quote!(#local)
        }
    });
    let read = if in_place {
        let defaults = fields.iter().filter_map(|f| {
            let ident = &f.ident;
            let expr = &f.default.as_ref()?.expr;
            Some(quote!(if out.#ident.is_none() { out.#ident = ::std::option::Option::Some(#expr); }))
        });
        let binding = if viewed.is_empty() { quote!(out) } else { quote!(mut out) };
        quote! {
            // Every member is an `Option`, so the structure derives `Default`.
            let #binding = <Self as ::std::default::Default>::default();
            #read_members
            #(#defaults)*
            ::std::result::Result::Ok(out)
        }
    } else {
        let locals = fields.iter().map(|f| {
            let Field { ty, .. } = f;
            let local = local(f);
            let binding = if viewed.iter().any(|v| v.ident == f.ident) { quote!(mut #local) } else { quote!(#local) };
            quote!(let #binding: ::std::option::Option<#ty> = ::std::option::Option::None;)
        });
        let inits = fields.iter().map(|f| {
            let Field { ident, member, .. } = f;
            let local = local(f);
            if f.plain {
                quote! {
                    #ident: #local.ok_or_else(|| {
                        r.error(crate::runtime::ErrorKind::MissingMember(#member))
                    })?,
                }
            } else if let Some(default) = &f.default {
                // A literal costs nothing to build; anything else is built only when needed.
                let expr = &default.expr;
                if default.literal {
                    quote!(#ident: #local.or(::std::option::Option::Some(#expr)),)
                } else {
                    quote!(#ident: #local.or_else(|| ::std::option::Option::Some(#expr)),)
                }
            } else {
                quote!(#ident: #local,)
            }
        });
        quote! {
            #(#locals)*
            #read_members
            ::std::result::Result::Ok(Self { #(#inits)* #request_id })
        }
    };
    quote! {
        impl crate::runtime::Shape for #name {
            const SHAPE_NAME: &'static str = #wire_name;
        }

        impl crate::runtime::WriteJson for #name {
            #inline
            fn write_json(&self, w: &mut crate::runtime::JsonWriter) {
                #writes
            }
        }

        impl crate::runtime::ReadJson for #name {
            #inline
            fn read_json(r: &mut crate::runtime::JsonReader<'_>) -> ::std::result::Result<Self, crate::runtime::DeserializeError> {
                #read
            }
        }
    }
}

/// The local variable that holds a field while it is read or built. The
/// `field_` prefix keeps it apart from the emitter's own locals.
fn local(f: &Field) -> proc_macro2::Ident {
    quote::format_ident!("field_{}", f.ident.to_string().trim_start_matches("r#"))
}
