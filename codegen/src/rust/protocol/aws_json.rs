//! awsJson 1.0 and 1.1: every operation sends its whole input as JSON to
//! `POST /`, named by `X-Amz-Target`, and reads its whole output from the
//! body. The generated code only names the runtime's functions.

use super::ProtocolGenerator;
use crate::rust::symbols::Symbols;
use crate::smithy::{shape_name, traits, Model};
use proc_macro2::TokenStream;
use quote::quote;

/// The protocol's version.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Version {
    V1_0,
    V1_1,
}

/// The awsJson generator of one service.
pub struct AwsJson {
    version: Version,
    /// `X-Amz-Target: <prefix>.<Operation>`.
    target_prefix: String,
    query_compatible: bool,
}

impl AwsJson {
    pub fn new(model: &Model, version: Version) -> Self {
        let service = model.service();
        // The prefix is the service shape's name, unless the reconstruction
        // recorded the one the pages show.
        let recorded = service
            .and_then(|(_, s)| s.traits.get(traits::JSON_TARGET_PREFIX))
            .and_then(|v| v.as_str())
            .filter(|p| !p.is_empty());
        let target_prefix = match recorded {
            Some(prefix) => prefix.to_owned(),
            None => service.map(|(id, _)| shape_name(id).to_owned()).unwrap_or_default(),
        };
        let query_compatible = service.is_some_and(|(_, s)| s.traits.contains_key(traits::AWS_QUERY_COMPATIBLE));
        AwsJson { version, target_prefix, query_compatible }
    }
}

impl ProtocolGenerator for AwsJson {
    fn name(&self) -> &'static str {
        match self.version {
            Version::V1_0 => "awsJson 1.0",
            Version::V1_1 => "awsJson 1.1",
        }
    }

    fn runtime_protocol(&self) -> TokenStream {
        match self.version {
            Version::V1_0 => quote!(crate::runtime::protocol::Protocol::AwsJson1_0),
            Version::V1_1 => quote!(crate::runtime::protocol::Protocol::AwsJson1_1),
        }
    }

    fn operations_prelude(&self, _: &Symbols<'_>) -> TokenStream {
        let version = match self.version {
            Version::V1_0 => quote!(V1_0),
            Version::V1_1 => quote!(V1_1),
        };
        let query_compatible = self.query_compatible;
        quote! {
            /// What the service's requests carry besides their input.
            const AWS_JSON: crate::runtime::protocol::aws_json::Service = crate::runtime::protocol::aws_json::Service {
                version: crate::runtime::protocol::aws_json::Version::#version,
                query_compatible: #query_compatible,
            };
        }
    }

    fn operation_items(&self, symbols: &Symbols<'_>, id: &str) -> TokenStream {
        let target = format!("{}.{}", self.target_prefix, shape_name(id));
        let fill = super::fill_idempotency_tokens(symbols, id);
        quote! {
            type ResponseBody = ::std::vec::Vec<u8>;

            #[inline]
            fn serialize_request(
                input: &Self::Input,
            ) -> ::std::result::Result<crate::runtime::OperationRequest, crate::runtime::RequestError> {
                #fill
                ::std::result::Result::Ok(crate::runtime::protocol::aws_json::serialize(input, AWS_JSON, #target))
            }

            #[inline]
            fn deserialize_response(
                response: crate::runtime::HttpResponse,
            ) -> ::std::result::Result<Self::Output, crate::runtime::ResponseError> {
                crate::runtime::protocol::aws_json::deserialize(response)
            }
        }
    }

    fn error_shape(&self, symbols: &Symbols<'_>, id: &str) -> TokenStream {
        let name = symbols.type_ident(id);
        quote! {
            impl crate::runtime::ErrorShape for #name {
                #[inline]
                fn from_service_error(error: &crate::runtime::ServiceError) -> ::std::option::Option<Self> {
                    crate::runtime::protocol::aws_json::read_error(error)
                }
            }
        }
    }

    fn service_facts(&self) -> Vec<(&'static str, &'static str, String)> {
        vec![("TARGET_PREFIX", "The `X-Amz-Target` prefix: `<TARGET_PREFIX>.<Operation>`.", self.target_prefix.clone())]
    }
}
