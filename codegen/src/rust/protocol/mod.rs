//! One generator per wire protocol. Each answers the same questions for its
//! wire format: how an operation writes its request and reads its response,
//! how an error shape is read from an error response, and which facts the
//! service's module states. Shapes, builders, JSON bodies and the client are
//! written once, by the other emitters, for every protocol.
//!
//! A new protocol is one module here and one entry in [`PROTOCOLS`], beside
//! one module in the runtime's `protocol`.

mod aws_json;
mod rest_json;

use super::symbols::Symbols;
use crate::smithy::{Model, ShapeKind};
use proc_macro2::TokenStream;
use quote::quote;

/// What every protocol generator answers.
pub trait ProtocolGenerator: Sync {
    /// The protocol's name in documentation: `awsJson 1.1`.
    fn name(&self) -> &'static str;
    /// The runtime's value for the protocol (`crate::runtime::protocol::Protocol::…`).
    fn runtime_protocol(&self) -> TokenStream;
    /// Items at the top of the operations file (constants the operations share).
    fn operations_prelude(&self, symbols: &Symbols<'_>) -> TokenStream;
    /// The `ResponseBody` type and the `serialize_request` and
    /// `deserialize_response` functions of an operation's `Operation` impl.
    fn operation_items(&self, symbols: &Symbols<'_>, id: &str) -> TokenStream;
    /// The `ErrorShape` impl of an error structure.
    fn error_shape(&self, symbols: &Symbols<'_>, id: &str) -> TokenStream;
    /// Constants of the service's module that only this protocol has, as
    /// `(name, documentation, value)`.
    fn service_facts(&self) -> Vec<(&'static str, &'static str, String)> {
        Vec::new()
    }
}

/// Makes a protocol's generator for one service model.
pub type MakeGenerator = fn(&Model) -> Box<dyn ProtocolGenerator>;

/// The protocols the generator writes, by the service trait that names each.
pub const PROTOCOLS: [(&str, MakeGenerator); 3] = [
    ("aws.protocols#awsJson1_1", |model| Box::new(aws_json::AwsJson::new(model, aws_json::Version::V1_1))),
    ("aws.protocols#awsJson1_0", |model| Box::new(aws_json::AwsJson::new(model, aws_json::Version::V1_0))),
    ("aws.protocols#restJson1", |_| Box::new(rest_json::RestJson)),
];

/// The generator for the protocol the model's service names (the first the
/// list knows, when it names several), or why there is none: the message
/// says what was expected.
pub fn for_model(model: &Model) -> Result<Box<dyn ProtocolGenerator>, String> {
    let Some((_, service)) = model.service() else {
        return Err("expected exactly one service shape".to_owned());
    };
    for (trait_id, make) in PROTOCOLS {
        if service.traits.contains_key(trait_id) {
            return Ok(make(model));
        }
    }
    let known: Vec<&str> = PROTOCOLS.iter().map(|(id, _)| *id).collect();
    Err(format!("expected one of the protocol traits {}: this generator writes clients for those", known.join(", ")))
}

/// Statements that put in place of `input` a copy with its unset idempotency
/// tokens filled, for inputs not made by their builder (which fills them), so
/// that every request of the protocol carries one. Nothing for inputs without
/// tokens, or that hold a stream (which cannot be copied).
pub fn fill_idempotency_tokens(symbols: &Symbols<'_>, operation: &str) -> TokenStream {
    let input = match symbols.model().shapes.get(operation).map(|s| &s.kind) {
        Some(ShapeKind::Operation { input: Some(input), .. }) => input,
        _ => return quote!(),
    };
    let fields = symbols.fields(input);
    let tokens: Vec<_> = fields.iter().filter(|f| f.idempotency_token && !f.plain).map(|f| &f.ident).collect();
    if tokens.is_empty() || fields.iter().any(|f| f.stream.is_some()) {
        return quote!();
    }
    quote! {
        let filled = if #(input.#tokens.is_none())||* {
            let mut copy = input.clone();
            #(
                if copy.#tokens.is_none() {
                    copy.#tokens = ::std::option::Option::Some(crate::runtime::idempotency_token());
                }
            )*
            ::std::option::Option::Some(copy)
        } else {
            ::std::option::Option::None
        };
        let input = filled.as_ref().unwrap_or(input);
    }
}
