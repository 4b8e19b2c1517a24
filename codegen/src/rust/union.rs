//! Unions: one variant per member, and a catch-all for members this revision
//! does not know. On the wire a union is an object with exactly one non-null member.

use super::symbols::{Binding, StreamKind, Symbols, UnionVariant, UNION_CATCH_ALL};
use super::Emitted;
use crate::smithy::shape_name;
use quote::{format_ident, quote};

/// Emits a union shape.
pub fn emit(symbols: &Symbols<'_>, id: &str) -> Emitted {
    if symbols.stream_kind(id) == Some(StreamKind::Events) {
        return emit_events(symbols, id);
    }
    let shape = &symbols.model().shapes[id];
    let name = symbols.type_ident(id);
    let wire_name = shape_name(id);
    let variants = symbols.union_variants(id);
    let catch_all = format_ident!("{}", UNION_CATCH_ALL);
    let doc = super::doc_attrs(shape.documentation(), &format!("The `{wire_name}` union."));
    let extra_doc = super::doc_line(
        "Exactly one member is set. A member this revision does not know reads as `Unknown`, with its name.",
    );
    let eq = quote!();
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
    let inline = super::codegen_where_used();
    let json = quote! {
        impl crate::runtime::Shape for #name {
            const SHAPE_NAME: &'static str = #wire_name;
        }

        impl crate::runtime::WriteJson for #name {
            #inline
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
            #inline
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

/// Emits a `@streaming` union: the events an event stream carries. Its members
/// that target errors are not events but the exceptions that end the stream,
/// so they make an enum of their own.
fn emit_events(symbols: &Symbols<'_>, id: &str) -> Emitted {
    let model = symbols.model();
    let shape = &model.shapes[id];
    let name = symbols.type_ident(id);
    let error_name = symbols.event_error_ident(id);
    let wire_name = shape_name(id);
    let Some(members) = shape.kind.members() else { return Emitted::default() };
    let variants = symbols.union_variants(id);
    let (errors, events): (Vec<&UnionVariant>, Vec<&UnionVariant>) =
        variants.iter().partition(|v| symbols.is_error(&members[v.member.as_str()].target));
    let catch_all = format_ident!("{}", UNION_CATCH_ALL);
    let doc = super::doc_attrs(shape.documentation(), &format!("The events of the `{wire_name}` event stream."));
    let extra_doc = super::doc_line(&format!(
        "Each event of the stream is one of these; an event this revision does not know reads as `Unknown`, with its type. The stream's errors are [`{error_name}`]."
    ));
    let event_defs = events.iter().map(|v| {
        let UnionVariant { ident, ty, member, .. } = v;
        let doc = super::doc_attrs(v.documentation.as_deref(), &format!("The `{member}` event."));
        quote!(#doc #ident(#ty),)
    });
    let error_defs = errors.iter().map(|v| {
        let UnionVariant { ident, ty, member, .. } = v;
        let doc = super::doc_attrs(v.documentation.as_deref(), &format!("The `{member}` exception."));
        quote!(#doc #ident(#ty),)
    });
    let error_doc =
        super::doc_line(&format!("The exceptions that end the `{wire_name}` event stream, as the model lists them."));
    let event_arms = events.iter().map(|v| {
        let target = &members[v.member.as_str()].target;
        let ident = &v.ident;
        let member = &v.member;
        let read = read_event(symbols, target);
        quote!(#member => ::std::result::Result::Ok(Self::#ident(#read)),)
    });
    let error_arms = errors.iter().map(|v| {
        let ident = &v.ident;
        let member = &v.member;
        quote! {
            #member => ::std::option::Option::Some(
                crate::runtime::event_stream::payload_json(message).map(#error_name::#ident),
            ),
        }
    });
    let exceptions = if errors.is_empty() {
        quote! {
            let _ = (exception_type, message);
            ::std::option::Option::None
        }
    } else {
        quote! {
            match exception_type {
                #(#error_arms)*
                _ => ::std::option::Option::None,
            }
        }
    };
    let types = quote! {
        #doc
        #[doc = ""]
        #extra_doc
        #[derive(Debug, Clone, PartialEq)]
        #[non_exhaustive]
        pub enum #name {
            #(#event_defs)*
            /// An event this revision does not know: its type as sent.
            #catch_all(::std::string::String),
        }

        #error_doc
        #[derive(Debug, Clone, PartialEq)]
        #[non_exhaustive]
        pub enum #error_name {
            #(#error_defs)*
        }
    };
    let json = quote! {
        impl crate::runtime::event_stream::Event for #name {
            type Error = #error_name;

            fn read_event(
                event_type: &str,
                message: &crate::runtime::event_stream::Message,
            ) -> ::std::result::Result<Self, crate::runtime::DeserializeError> {
                match event_type {
                    #(#event_arms)*
                    other => ::std::result::Result::Ok(Self::#catch_all(other.to_owned())),
                }
            }

            fn read_exception(
                exception_type: &str,
                message: &crate::runtime::event_stream::Message,
            ) -> ::std::option::Option<::std::result::Result<Self::Error, crate::runtime::DeserializeError>> {
                #exceptions
            }
        }
    };
    Emitted { types, json }
}

/// An expression reading the event structure `target` from `message`: its
/// `@eventPayload` member from the payload, its `@eventHeader` members from
/// the headers, and the rest from a JSON payload.
fn read_event(symbols: &Symbols<'_>, target: &str) -> proc_macro2::TokenStream {
    let fields = symbols.fields(target);
    let ty = symbols.type_ident(target);
    let payload = fields.iter().find(|f| f.binding == Binding::EventPayload);
    let json_members = fields.iter().any(|f| f.binding == Binding::Body);
    let from_json = payload.is_none() && json_members;
    let mut sets = Vec::new();
    if let Some(f) = payload {
        let ident = &f.ident;
        let member_target = match &symbols.model().shapes[target].kind {
            crate::smithy::ShapeKind::Structure(ms) => ms[f.member.as_str()].target.clone(),
            _ => String::new(),
        };
        let simple = crate::smithy::Simple::from_prelude_id(&member_target).or(
            match symbols.model().shapes.get(&member_target).map(|s| &s.kind) {
                Some(crate::smithy::ShapeKind::Simple(s)) => Some(*s),
                _ => None,
            },
        );
        let value = match simple {
            Some(crate::smithy::Simple::Blob) => quote!(crate::runtime::Blob::new(message.payload.to_vec())),
            Some(crate::smithy::Simple::String) => quote!(crate::runtime::event_stream::payload_text(message)?),
            _ => quote!(crate::runtime::event_stream::payload_json(message)?),
        };
        sets.push((ident.clone(), quote!(::std::option::Option::Some(#value))));
    }
    for f in fields.iter().filter(|f| f.binding == Binding::EventHeader) {
        let member = &f.member;
        let value = quote! {
            message.header(#member).and_then(crate::runtime::event_stream::FromHeaderValue::from_header_value)
        };
        sets.push((f.ident.clone(), value));
    }
    if from_json {
        let assignments = sets.iter().map(|(ident, value)| quote!(event.#ident = #value;));
        if sets.is_empty() {
            return quote!(crate::runtime::event_stream::payload_json::<#ty>(message)?);
        }
        return quote!({
            let mut event: #ty = crate::runtime::event_stream::payload_json(message)?;
            #(#assignments)*
            event
        });
    }
    let inits = sets.iter().map(|(ident, value)| quote!(#ident: #value,));
    quote!(#ty { #(#inits)* ..::std::default::Default::default() })
}
