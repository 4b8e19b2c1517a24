//! The client of a revision: one async method per operation, and the pages and
//! items of every paginated operation as streams.

use super::symbols::Symbols;
use crate::smithy::{shape_name, traits, ShapeKind, Simple};
use proc_macro2::TokenStream;
use quote::quote;

/// Emits `client.rs` of a revision.
pub fn emit(
    symbols: &Symbols<'_>,
    protocol: &dyn super::protocol::ProtocolGenerator,
    families: &super::features::Families,
) -> TokenStream {
    let model = symbols.model();
    let mut methods = Vec::new();
    let mut paginated_impls = Vec::new();
    for id in model.operations() {
        let Some(ShapeKind::Operation { input, output, .. }) = model.shapes.get(id).map(|s| &s.kind) else { continue };
        let cfg = families.operation_cfg(id);
        let op = symbols.operation_ident(id);
        let method = symbols.method_ident(id);
        let io = |t: &Option<String>| match t {
            Some(t) if t != "smithy.api#Unit" => {
                let ident = symbols.type_ident(t);
                quote!(#ident)
            }
            _ => quote!(crate::runtime::Unit),
        };
        let (input_ty, output_ty) = (io(input), io(output));
        let summary = model.shapes[id].documentation().and_then(super::docs::summary);
        let mut doc_lines = vec![summary.unwrap_or_else(|| format!("Calls `{}`.", shape_name(id)))];
        doc_lines.push(String::new());
        doc_lines.push(format!("See [`operations::{op}`](super::operations::{op}) for the whole documentation."));
        let doc = super::doc_lines(&doc_lines);
        let deprecated =
            super::symbols::deprecation(&model.shapes[id].traits).map(|note| quote!(#[deprecated(note = #note)]));
        methods.push(quote! {
            #doc
            #cfg
            #deprecated
            #[inline]
            pub fn #method(&self, input: #input_ty) -> crate::runtime::client::CallFuture<'_, #output_ty> {
                self.handle.start::<super::operations::#op>(input)
            }
        });
        methods.extend(super::waiter::methods(symbols, id, &input_ty, &output_ty).into_iter().map(|m| quote!(#cfg #m)));
        if let Some(p) = paginated(symbols, id) {
            let Paging { input_token, input_token_plain, output_token, token_ty, items, item_ty } = p;
            let pages = symbols.pages_ident(id);
            let items_fn = symbols.items_ident(id);
            let pages_doc = super::doc_line(&format!(
                "Every page of [`{method}`](Self::{method}), following `NextToken`; stops when it is absent or repeats."
            ));
            let items_doc = super::doc_line(&format!("Every item of every page of [`{method}`](Self::{method})."));
            methods.push(quote! {
                #pages_doc
                #cfg
                #[inline]
                pub fn #pages(&self, input: #input_ty) -> crate::runtime::client::PageStream<#output_ty> {
                    crate::runtime::client::pages::<super::operations::#op>(self.handle.clone(), input)
                }

                #items_doc
                #cfg
                #[inline]
                pub fn #items_fn(&self, input: #input_ty) -> crate::runtime::client::PageStream<#item_ty> {
                    crate::runtime::client::items::<super::operations::#op>(self.handle.clone(), input)
                }
            });
            let set_token = if input_token_plain {
                quote!(next.#input_token = token;)
            } else {
                quote!(next.#input_token = ::std::option::Option::Some(token);)
            };
            paginated_impls.push(quote! {
                #cfg
                impl crate::runtime::client::Paginated for super::operations::#op {
                    type Item = #item_ty;
                    type Token = #token_ty;

                    fn next_token(output: &Self::Output) -> ::std::option::Option<Self::Token> {
                        output.#output_token.as_ref().filter(|token| !token.is_empty()).cloned()
                    }

                    fn with_token(input: &Self::Input, token: Self::Token) -> Self::Input {
                        let mut next = input.clone();
                        #set_token
                        next
                    }

                    fn items(output: Self::Output) -> ::std::vec::Vec<Self::Item> {
                        output.#items.unwrap_or_default()
                    }
                }
            });
        }
    }
    let runtime_protocol = protocol.runtime_protocol();
    let endpoints = endpoint_rules(model);
    // The methods name the input and output types; a service whose
    // operations all take and give nothing names none.
    let uses_types = model.operations().iter().any(|id| match model.shapes.get(*id).map(|s| &s.kind) {
        Some(ShapeKind::Operation { input, output, .. }) => input.iter().chain(output).any(|t| t != "smithy.api#Unit"),
        _ => false,
    });
    let import = uses_types.then(|| {
        quote!(
            use super::types::*;
        )
    });
    let query_compatible =
        model.service().is_some_and(|(_, s)| s.traits.contains_key(crate::smithy::traits::AWS_QUERY_COMPATIBLE));
    quote! {
        //! The client: one async method per operation.
        #![allow(deprecated)]
        #import

        /// The service facts this revision's client signs and addresses requests with.
        pub const SERVICE: crate::runtime::client::Service = crate::runtime::client::Service {
            protocol: #runtime_protocol,
            signing_name: super::SIGNING_NAME,
            endpoint_prefix: super::ENDPOINT_PREFIX,
            endpoint_env_name: super::ENDPOINT_ENV_NAME,
            api_version: super::API_VERSION,
            retryable_errors: super::RETRYABLE_ERRORS,
            throttling_errors: super::THROTTLING_ERRORS,
            query_compatible: #query_compatible,
            endpoints: #endpoints,
        };

        /// Calls the service: each method serializes its input, signs the request
        /// (SigV4), sends it, retries throttling, 5xx and transient failures, and reads
        /// the output or the service error. Cheap to clone.
        #[derive(Debug, Clone)]
        pub struct Client {
            handle: crate::runtime::client::Handle,
        }

        impl Client {
            /// A client with `config`.
            pub fn new(config: crate::runtime::client::Config) -> Self {
                Client { handle: crate::runtime::client::Handle::new(config, SERVICE) }
            }

            /// The configuration.
            pub fn config(&self) -> &crate::runtime::client::Config {
                self.handle.config()
            }

            /// The handle, for generic code over operations.
            pub fn handle(&self) -> &crate::runtime::client::Handle {
                &self.handle
            }

            #(#methods)*
        }

        #(#paginated_impls)*
    }
}

struct Paging {
    input_token: proc_macro2::Ident,
    input_token_plain: bool,
    output_token: proc_macro2::Ident,
    /// The token's type: a string, or a map.
    token_ty: TokenStream,
    items: proc_macro2::Ident,
    item_ty: TokenStream,
}

/// The members a paginated operation pages with, when the model has them all.
fn paginated(symbols: &Symbols<'_>, id: &str) -> Option<Paging> {
    let model = symbols.model();
    let shape = model.shapes.get(id)?;
    let own = shape.traits.get(traits::PAGINATED)?;
    // The service's `@paginated` gives the defaults an operation's leaves out.
    let service = model.service().and_then(|(_, s)| s.traits.get(traits::PAGINATED));
    let mut merged = service.cloned().unwrap_or_else(|| serde_json::json!({}));
    if let (Some(merged), Some(own)) = (merged.as_object_mut(), own.as_object()) {
        merged.extend(own.iter().map(|(k, v)| (k.clone(), v.clone())));
    }
    let trait_value = &merged;
    let ShapeKind::Operation { input: Some(input), output: Some(output), .. } = &shape.kind else { return None };
    let field = |structure: &str, member: &str| symbols.fields(structure).into_iter().find(|f| f.member == member);
    let input_token = field(input, trait_value.get("inputToken")?.as_str()?)?;
    let output_token = field(output, trait_value.get("outputToken")?.as_str()?)?;
    let items_name = trait_value.get("items")?.as_str()?;
    let items = field(output, items_name)?;
    let ShapeKind::Structure(members) = &model.shapes.get(output)?.kind else { return None };
    let list = &model.shapes.get(&members.get(items_name)?.target)?.kind;
    let ShapeKind::List(item) = list else { return None };
    let item_ty = symbols.rust_type(&item.target).ok()?;
    // Tokens are strings, or maps; both tell an empty token by `is_empty`.
    let token_ty = output_token.ty.clone();
    if input_token.ty.to_string() != token_ty.to_string() {
        return None;
    }
    let token_target = members.get(trait_value.get("outputToken")?.as_str()?)?.target.as_str();
    let string_or_map = Simple::from_prelude_id(token_target) == Some(Simple::String)
        || matches!(
            model.shapes.get(token_target).map(|s| &s.kind),
            Some(ShapeKind::Simple(Simple::String) | ShapeKind::Map { .. })
        );
    if !string_or_map {
        return None;
    }
    Some(Paging {
        input_token: input_token.ident,
        input_token_plain: input_token.plain,
        output_token: output_token.ident,
        token_ty,
        items: items.ident,
        item_ty,
    })
}

/// The service's declarative endpoint traits (`aws.endpoints#…`) as the
/// runtime's `EndpointRules`.
fn endpoint_rules(model: &crate::smithy::Model) -> TokenStream {
    let rules = quote!(crate::runtime::client::endpoint);
    let Some((_, service)) = model.service() else { return quote!(#rules::EndpointRules::default()) };
    let t = &service.traits;
    let cases = |value: Option<&serde_json::Value>| {
        let mut cases = Vec::new();
        for (key, list) in value.and_then(serde_json::Value::as_object).into_iter().flatten() {
            for case in list.as_array().into_iter().flatten() {
                let endpoint = case.get("endpoint").and_then(|v| v.as_str()).unwrap_or_default();
                let flag = |name: &str| case.get(name).and_then(serde_json::Value::as_bool).unwrap_or(false);
                let (fips, dual_stack) = (flag("fips"), flag("dualStack"));
                let region = case.get("region").or_else(|| case.get("signingRegion")).and_then(|v| v.as_str());
                let region = match region {
                    Some(r) => quote!(::std::option::Option::Some(#r)),
                    None => quote!(::std::option::Option::None),
                };
                cases.push(quote! {
                    #rules::SpecialCase { key: #key, endpoint: #endpoint, fips: #fips, dual_stack: #dual_stack, region: #region }
                });
            }
        }
        quote!(&[#(#cases),*])
    };
    let regional = t.get("aws.endpoints#standardRegionalEndpoints");
    let partitional = t.get("aws.endpoints#standardPartitionalEndpoints");
    let pattern = match partitional.and_then(|p| p.get("endpointPatternType")).and_then(|v| v.as_str()) {
        Some("service_region_dnsSuffix") => {
            quote!(::std::option::Option::Some(#rules::PartitionalPattern::ServiceRegionDnsSuffix))
        }
        Some(_) => quote!(::std::option::Option::Some(#rules::PartitionalPattern::ServiceDnsSuffix)),
        None => quote!(::std::option::Option::None),
    };
    let partition_cases = cases(
        partitional
            .and_then(|p| p.get("partitionEndpointSpecialCases"))
            .or_else(|| regional.and_then(|r| r.get("partitionSpecialCases"))),
    );
    let region_cases = cases(regional.and_then(|r| r.get("regionSpecialCases")));
    let dual_stack_only = t.contains_key("aws.endpoints#dualStackOnlyEndpoints");
    quote! {
        #rules::EndpointRules {
            partitional: #pattern,
            partition_cases: #partition_cases,
            region_cases: #region_cases,
            dual_stack_only: #dual_stack_only,
        }
    }
}
