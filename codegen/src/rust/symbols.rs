//! The symbol provider: the one place that names things in Rust. Type, field,
//! builder, setter, variant, module and feature names are all decided here, as
//! are the Rust types of members.

use crate::diag::{Error, Result};
use crate::smithy::{shape_name, traits, walk, Model, Shape, ShapeKind, Simple};
use heck::{ToSnakeCase, ToUpperCamelCase};
use proc_macro2::{Ident, Span, TokenStream};
use quote::quote;
use std::collections::{BTreeMap, BTreeSet};

/// The message of a `@deprecated` trait (with its `since`), when there is one.
pub fn deprecation(traits: &crate::smithy::Traits) -> Option<String> {
    let value = traits.get(traits::DEPRECATED)?;
    let message = value.get("message").and_then(|m| m.as_str()).unwrap_or("deprecated");
    Some(match value.get("since").and_then(|m| m.as_str()) {
        Some(since) => format!("{message} (since {since})"),
        None => message.to_owned(),
    })
}

/// Rust's strict and reserved keywords (2021 edition), which need `r#`.
const KEYWORDS: &[&str] = &[
    "as", "async", "await", "break", "const", "continue", "dyn", "else", "enum", "extern", "false", "fn", "for", "if",
    "impl", "in", "let", "loop", "match", "mod", "move", "mut", "pub", "ref", "return", "static", "struct", "trait",
    "true", "type", "unsafe", "use", "where", "while", "abstract", "become", "box", "do", "final", "gen", "macro",
    "override", "priv", "try", "typeof", "unsized", "virtual", "yield",
];

/// Method names a structure's setters never take, so that a member's setter
/// neither clashes with the builder's own functions nor hides a trait method
/// callers use (`x.clone()`, `output.request_id()`): such a member's field
/// and setter gain `_2` (`Clone` → `clone_2`).
const RESERVED_METHODS: &[&str] = &[
    "build",
    "builder",
    "clone",
    "clone_from",
    "eq",
    "ne",
    "fmt",
    "default",
    "hash",
    "cmp",
    "partial_cmp",
    "to_owned",
    "to_string",
    "into",
    "try_into",
    "type_id",
    "read_json",
    "write_json",
    "request_id",
    "set_request_id",
];

/// Keywords that cannot be raw identifiers.
const NOT_RAW: &[&str] = &["self", "super", "crate", "Self", "_"];

/// Type names a shape cannot take: `Self` is a keyword, and each revision
/// module exports its own `Client`. Generated code names everything else by
/// its full path (`::std::option::Option`), so shapes named `Option`,
/// `Result` or `String` keep their names.
const RESERVED_TYPES: &[&str] = &["Self", "Client"];

/// Feature names the crate uses for itself: a family never takes one.
pub const RESERVED_FEATURES: &[&str] =
    &["default", "client", "rt-tokio", "rustls", "aws-config", "test-util", "full", "by-family", "all-revisions"];

/// The name of every enum's catch-all variant. Deliberately not `Unknown`:
/// SageMaker has a literal value `Unknown`.
pub const CATCH_ALL: &str = "Unrecognized";

/// The module and feature name of a revision: `2024-02-28` → `v2024_02_28`.
pub fn revision_module(date: &str) -> String {
    format!("v{}", date.replace('-', "_"))
}

/// A service's part of `AWS_ENDPOINT_URL_<SERVICE>`, from its SDK id:
/// upper case, spaces and hyphens as underscores (`Secrets Manager` →
/// `SECRETS_MANAGER`).
pub fn endpoint_env_name(sdk_id: &str) -> String {
    sdk_id.trim().chars().map(|c| if c == ' ' || c == '-' { '_' } else { c.to_ascii_uppercase() }).collect()
}

/// A crate name for a service, from its SDK id, as the AWS SDKs name theirs:
/// lower case, spaces and hyphens dropped (`Secrets Manager` →
/// `secretsmanager`, `SageMaker Runtime` → `sagemakerruntime`).
pub fn crate_name(sdk_id: &str) -> String {
    sdk_id.chars().filter(|c| !matches!(c, ' ' | '-')).map(|c| c.to_ascii_lowercase()).collect()
}

/// An identifier, raw when it is a keyword.
pub fn ident(name: &str) -> Ident {
    if KEYWORDS.contains(&name) {
        Ident::new_raw(name, Span::call_site())
    } else {
        Ident::new(name, Span::call_site())
    }
}

/// The field name of a structure member, as the crate spells it
/// (`TrainingJobName` → `training_job_name`), before any disambiguation.
pub fn member_field_name(member: &str) -> String {
    snake(member)
}

/// A snake_case name for a member, escaped where Rust needs it.
fn snake(name: &str) -> String {
    let s = name.to_snake_case();
    let s = if s.starts_with(|c: char| c.is_ascii_digit()) || s.is_empty() { format!("m_{s}") } else { s };
    if NOT_RAW.contains(&s.as_str()) {
        format!("{s}_value")
    } else {
        s
    }
}

/// A structure member as Rust sees it.
#[derive(Debug, Clone)]
pub struct Field {
    /// The member name in the model.
    pub member: String,
    /// The key written on the wire: `@jsonName` when the member has one, else
    /// the member name.
    pub json_key: String,
    /// A second key the member is read under, as services differ: a renamed
    /// member's own name, or the other case of an error's `Message`; never a
    /// key another member is written under.
    pub read_alias: Option<String>,
    pub ident: Ident,
    /// The builder's `set_*` method.
    pub set_ident: Ident,
    /// The member's own type, without `Option`.
    pub ty: TokenStream,
    /// `@required` in the model.
    pub required: bool,
    /// Whether the field holds the value directly rather than in an `Option`.
    pub plain: bool,
    pub documentation: Option<String>,
    /// Facts about the member that no page proves (the `unknown` trait).
    pub unproven: Vec<String>,
    /// An idempotency token: `build()` fills a fresh UUID when it is unset.
    pub idempotency_token: bool,
    /// `@sensitive` on the member or its target: `Debug` redacts it.
    pub sensitive: bool,
    /// A timestamp's wire format, when it is not epoch seconds.
    pub timestamp_format: Option<TimestampFormat>,
    /// The value a response that omits the member stands for (`@default`,
    /// without `@clientOptional`).
    pub default: Option<DefaultValue>,
    /// The default, as the model writes it, for the documentation.
    pub default_shown: Option<String>,
    /// `@deprecated`: its message.
    pub deprecated: Option<String>,
    /// Where an HTTP protocol puts the member (awsJson sends every member in
    /// the body and ignores it).
    pub binding: Binding,
    /// A `@streaming` member: a body read or written as a stream, or an event stream.
    pub stream: Option<StreamKind>,
    /// The `@mediaType` of a string member's target: headers carry it in base64.
    pub media_type: Option<String>,
}

/// Where a member travels in an HTTP message (`@httpLabel`, `@httpHeader`, …)
/// or an event (`@eventHeader`, `@eventPayload`); by default, in the JSON body.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum Binding {
    /// A member of the JSON body.
    Body,
    /// A path label (`@httpLabel`).
    Label,
    /// A query parameter (`@httpQuery`).
    Query(String),
    /// A map of query parameters (`@httpQueryParams`).
    QueryParams,
    /// A header (`@httpHeader`).
    Header(String),
    /// Headers with a prefix (`@httpPrefixHeaders`).
    PrefixHeaders(String),
    /// The whole body (`@httpPayload`).
    Payload,
    /// The response's status code (`@httpResponseCode`).
    ResponseCode,
    /// A header of an event message (`@eventHeader`).
    EventHeader,
    /// The payload of an event message (`@eventPayload`).
    EventPayload,
}

/// What a `@streaming` member holds.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum StreamKind {
    /// A blob read or written as a stream of bytes.
    Bytes,
    /// A union whose members arrive as events.
    Events,
}

/// A member's `@default` as a Rust expression of the field's type.
#[derive(Debug, Clone)]
pub struct DefaultValue {
    pub expr: TokenStream,
    /// A literal (`false`, `0i32`): free to build eagerly.
    pub literal: bool,
}

/// A timestamp's wire format, as `@timestampFormat` gives it.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum TimestampFormat {
    /// RFC 3339, `2000-01-02T20:34:56Z`.
    DateTime,
    /// IMF-fixdate, `Sun, 02 Jan 2000 20:34:56 GMT`.
    HttpDate,
    /// Seconds since the epoch, said explicitly (the default in JSON bodies).
    EpochSeconds,
}

/// A union member as Rust sees it: one variant.
#[derive(Debug, Clone)]
pub struct UnionVariant {
    /// The member name in the model.
    pub member: String,
    /// The key written on the wire: `@jsonName` when the member has one, else
    /// the member name.
    pub json_key: String,
    /// The member name, also accepted when reading a renamed member (services
    /// differ), unless another member is written under it.
    pub read_alias: Option<String>,
    pub ident: Ident,
    pub ty: TokenStream,
    pub documentation: Option<String>,
    /// `@sensitive` on the member or its target: `Debug` redacts it.
    pub sensitive: bool,
}

/// The unit struct name of an operation.
fn operation_name(id: &str) -> String {
    shape_name(id).to_upper_camel_case()
}

/// The key a member is written under: its `@jsonName`, else its name.
fn json_key(name: &str, member: &crate::smithy::Member) -> String {
    member.traits.get(traits::JSON_NAME).and_then(|v| v.as_str()).unwrap_or(name).to_owned()
}

/// The member name as a second key to read a renamed member under, when no
/// other member is written under it.
fn read_alias(
    name: &str,
    member: &crate::smithy::Member,
    members: &indexmap::IndexMap<String, crate::smithy::Member>,
) -> Option<String> {
    let renamed = json_key(name, member) != name;
    let taken = members.iter().any(|(other, m)| other != name && json_key(other, m) == name);
    (renamed && !taken).then(|| name.to_owned())
}

/// Services send an error's message as `message` or `Message`, whatever the
/// model's case: an error shape's message member is read under both.
fn error_message_alias(
    name: &str,
    is_error: bool,
    members: &indexmap::IndexMap<String, crate::smithy::Member>,
) -> Option<String> {
    let other = match name {
        "Message" => "message",
        "message" => "Message",
        _ => return None,
    };
    let renamed = members[name].traits.contains_key(traits::JSON_NAME);
    (is_error && !renamed && !members.contains_key(other)).then(|| other.to_owned())
}

/// Where a member's traits bind it.
fn binding(traits: &crate::smithy::Traits) -> Binding {
    let text = |id: &str| traits.get(id).and_then(|v| v.as_str()).map(str::to_owned);
    if traits.contains_key(traits::HTTP_LABEL) {
        Binding::Label
    } else if let Some(name) = text(traits::HTTP_QUERY) {
        Binding::Query(name)
    } else if traits.contains_key(traits::HTTP_QUERY_PARAMS) {
        Binding::QueryParams
    } else if let Some(name) = text(traits::HTTP_HEADER) {
        Binding::Header(name)
    } else if let Some(prefix) = text(traits::HTTP_PREFIX_HEADERS) {
        Binding::PrefixHeaders(prefix)
    } else if traits.contains_key(traits::HTTP_PAYLOAD) {
        Binding::Payload
    } else if traits.contains_key(traits::HTTP_RESPONSE_CODE) {
        Binding::ResponseCode
    } else if traits.contains_key(traits::EVENT_HEADER) {
        Binding::EventHeader
    } else if traits.contains_key(traits::EVENT_PAYLOAD) {
        Binding::EventPayload
    } else {
        Binding::Body
    }
}

/// The variant a union takes when the service sends a member this revision does
/// not know.
pub const UNION_CATCH_ALL: &str = "Unknown";

/// An enum value as Rust sees it.
#[derive(Debug, Clone)]
pub struct Variant {
    pub value: String,
    pub ident: Ident,
    pub documentation: Option<String>,
}

/// One value of an `intEnum`: its member name, value and variant.
#[derive(Debug, Clone)]
pub struct IntVariant {
    pub member: String,
    pub value: i32,
    pub ident: Ident,
}

/// Names for one model.
#[derive(Debug)]
pub struct Symbols<'m> {
    model: &'m Model,
    types: BTreeMap<String, String>,
    builders: BTreeMap<String, String>,
    output_reachable: BTreeSet<String>,
    operation_outputs: BTreeSet<String>,
    /// The unit struct name of every operation, for names placed beside them.
    operation_names: BTreeSet<String>,
    /// The Rust type of every member's target, checked once when the symbols
    /// are made: `(shape, member)` → type.
    member_types: BTreeMap<(String, String), TokenStream>,
    /// The Rust type of every list and map shape, checked likewise.
    collection_types: BTreeMap<String, TokenStream>,
    /// The enum of each event stream's error members: `<Union>Error`.
    event_errors: BTreeMap<String, String>,
}

impl<'m> Symbols<'m> {
    /// Names every generated shape of `model`; `file` names the model in errors.
    pub fn new(file: &str, model: &'m Model) -> Result<Self> {
        let mut types = BTreeMap::new();
        let mut taken = BTreeSet::new();
        for (id, shape) in &model.shapes {
            if !generates_type(shape) {
                continue;
            }
            let base = shape_name(id).to_upper_camel_case();
            let name = if RESERVED_TYPES.contains(&base.as_str()) { format!("{base}Value") } else { base };
            let name = unique(&mut taken, name);
            types.insert(id.clone(), name);
        }
        let mut event_errors = BTreeMap::new();
        for (id, shape) in &model.shapes {
            if matches!(shape.kind, ShapeKind::Union(_)) && shape.traits.contains_key(traits::STREAMING) {
                event_errors.insert(id.clone(), unique(&mut taken, format!("{}Error", types[id])));
            }
        }
        let mut builders = BTreeMap::new();
        for (id, shape) in &model.shapes {
            if let ShapeKind::Structure(_) = shape.kind {
                if generates_type(shape) {
                    let name = unique(&mut taken, format!("{}Builder", types[id]));
                    builders.insert(id.clone(), name);
                }
            }
        }
        let outputs = model.shapes.values().filter_map(|shape| match &shape.kind {
            ShapeKind::Operation { output, errors, .. } => Some(output.iter().chain(errors).map(String::as_str)),
            _ => None,
        });
        let output_reachable = walk::reachable(model, outputs.flatten());
        let operation_outputs = model
            .shapes
            .values()
            .filter_map(|shape| match &shape.kind {
                ShapeKind::Operation { output: Some(output), .. } => Some(output.clone()),
                _ => None,
            })
            .collect();
        let operation_names = model.operations().into_iter().map(operation_name).collect();
        let mut symbols = Symbols {
            model,
            types,
            builders,
            output_reachable,
            operation_outputs,
            operation_names,
            member_types: BTreeMap::new(),
            collection_types: BTreeMap::new(),
            event_errors,
        };
        let mut member_types = BTreeMap::new();
        let mut collection_types = BTreeMap::new();
        for (id, shape) in &model.shapes {
            if matches!(shape.kind, ShapeKind::List(_) | ShapeKind::Map { .. }) {
                let ty = symbols.rust_type(id).map_err(|message| {
                    Error::new(crate::diag::Location::json(file, format!("shapes.{id}")), message)
                })?;
                collection_types.insert(id.clone(), ty);
            }
            if let Some(members) = shape.kind.members() {
                for (name, member) in members {
                    let ty = symbols.rust_type(&member.target).map_err(|message| {
                        Error::new(crate::diag::Location::json(file, format!("shapes.{id}.members.{name}")), message)
                    })?;
                    member_types.insert((id.clone(), name.clone()), ty);
                }
            }
        }
        symbols.member_types = member_types;
        symbols.collection_types = collection_types;
        Ok(symbols)
    }

    pub fn model(&self) -> &'m Model {
        self.model
    }

    /// The Rust type name of a shape that becomes a type.
    pub fn type_name<'s>(&'s self, id: &'s str) -> &'s str {
        self.types.get(id).map_or_else(|| shape_name(id), String::as_str)
    }

    pub fn type_ident(&self, id: &str) -> Ident {
        ident(self.type_name(id))
    }

    /// The builder of a structure. Every structure that generates a type has
    /// one, named when the symbols were made: the structure itself (the name
    /// an alias of it) unless it [holds required members directly](Self::builds_itself).
    pub fn builder_ident(&self, id: &str) -> Ident {
        ident(&self.builders[id])
    }

    /// Whether a structure is its own builder: every member is an `Option`
    /// (it holds no required member directly), so the structure can be built
    /// member by member, and its builder is an alias of it.
    pub fn builds_itself(&self, id: &str) -> bool {
        let members = match self.model.shapes.get(id).map(|s| &s.kind) {
            Some(ShapeKind::Structure(members)) => members,
            _ => return false,
        };
        self.is_output_reachable(id) || !members.values().any(crate::smithy::Member::is_required)
    }

    /// A list's or map's Rust type, as checked when the symbols were made.
    pub fn collection_type(&self, id: &str) -> TokenStream {
        self.collection_types[id].clone()
    }

    /// A member's Rust type, as checked when the symbols were made.
    fn member_type(&self, id: &str, member: &str) -> TokenStream {
        self.member_types[&(id.to_owned(), member.to_owned())].clone()
    }

    /// The enum of an event stream union's error members.
    pub fn event_error_ident(&self, id: &str) -> Ident {
        ident(self.event_errors.get(id).map_or("EventError", String::as_str))
    }

    /// Whether a shape is an error structure (`@error`).
    pub fn is_error(&self, id: &str) -> bool {
        self.model.shapes.get(id).is_some_and(|s| s.traits.contains_key(traits::ERROR))
    }

    /// The client method of an operation: `create_training_job`.
    pub fn method_ident(&self, id: &str) -> Ident {
        ident(&snake(shape_name(id)))
    }

    /// The client method that streams an operation's pages: `list_pipelines_pages`.
    pub fn pages_ident(&self, id: &str) -> Ident {
        ident(&format!("{}_pages", snake(shape_name(id))))
    }

    /// The client method that streams an operation's items: `list_pipelines_items`.
    pub fn items_ident(&self, id: &str) -> Ident {
        ident(&format!("{}_items", snake(shape_name(id))))
    }

    /// The key member `member` of structure or union `shape` is written under on
    /// the wire; `None` when the shape has no such member.
    pub fn json_key(&self, shape: &str, member: &str) -> Option<String> {
        match self.model.shapes.get(shape).map(|s| &s.kind) {
            Some(ShapeKind::Structure(members) | ShapeKind::Union(members)) => {
                members.get(member).map(|m| json_key(member, m))
            }
            _ => None,
        }
    }

    /// The client method of a waiter: `wait_until_certificate_validated`.
    pub fn waiter_ident(&self, waiter: &str) -> Ident {
        ident(&format!("wait_until_{}", snake(waiter)))
    }

    /// The unit struct that stands for an operation.
    pub fn operation_ident(&self, id: &str) -> Ident {
        ident(&operation_name(id))
    }

    /// The enum of an operation's modelled errors, beside its unit struct:
    /// `<Operation>Error`, or `<Operation>OperationError` when another
    /// operation already has the first name.
    pub fn operation_error_ident(&self, id: &str) -> Ident {
        let base = operation_name(id);
        let name = format!("{base}Error");
        ident(&if self.operation_names.contains(&name) { format!("{base}OperationError") } else { name })
    }

    /// The error shapes an operation can answer with: its own, then the
    /// service's, each once.
    pub fn operation_errors(&self, id: &str) -> Vec<String> {
        let own = match self.model.shapes.get(id).map(|s| &s.kind) {
            Some(ShapeKind::Operation { errors, .. }) => errors.clone(),
            _ => Vec::new(),
        };
        let common = match self.model.service().map(|(_, s)| &s.kind) {
            Some(ShapeKind::Service { errors, .. }) => errors.clone(),
            _ => Vec::new(),
        };
        let mut seen = BTreeSet::new();
        own.into_iter().chain(common).filter(|e| seen.insert(e.clone())).collect()
    }

    /// Whether the structure is an operation's output: it carries the
    /// response's request id.
    pub fn is_operation_output(&self, id: &str) -> bool {
        self.operation_outputs.contains(id)
    }

    /// Whether some output or error reaches the shape. Such structures keep
    /// every member optional: real servers omit "required" output members.
    pub fn is_output_reachable(&self, id: &str) -> bool {
        self.output_reachable.contains(id)
    }

    /// Whether a shape holds a float (or a document, which may hold one) anywhere
    /// inside it; then it cannot be `Eq`.
    pub fn reaches_float(&self, id: &str) -> bool {
        let is_float = |t: &str| {
            let simple = Simple::from_prelude_id(t).or(match self.model.shapes.get(t).map(|s| &s.kind) {
                Some(ShapeKind::Simple(s)) => Some(*s),
                _ => None,
            });
            matches!(simple, Some(Simple::Float | Simple::Double | Simple::Document))
        };
        walk::reachable(self.model, [id])
            .iter()
            .any(|t| is_float(t) || walk::children(self.model, t).into_iter().any(is_float))
    }

    /// The Rust type of a member's target, or why it has none.
    pub fn rust_type(&self, target: &str) -> std::result::Result<TokenStream, String> {
        if let Some(simple) = Simple::from_prelude_id(target) {
            return simple_type(simple);
        }
        let shape = self.model.shapes.get(target).ok_or_else(|| format!("target {target} is not in the model"))?;
        match self.stream_kind(target) {
            Some(StreamKind::Bytes) => return Ok(quote!(crate::runtime::ByteStream)),
            Some(StreamKind::Events) => {
                let name = self.type_ident(target);
                return Ok(quote!(crate::runtime::EventStream<#name>));
            }
            None => {}
        }
        match &shape.kind {
            ShapeKind::Simple(simple) => simple_type(*simple),
            ShapeKind::Enum(_) | ShapeKind::IntEnum(_) | ShapeKind::Structure(_) | ShapeKind::Union(_) => {
                let name = self.type_ident(target);
                Ok(quote!(#name))
            }
            ShapeKind::List(member) => {
                let item = self.rust_type(&member.target)?;
                if shape.traits.contains_key(traits::SPARSE) {
                    Ok(quote!(::std::vec::Vec<::std::option::Option<#item>>))
                } else {
                    Ok(quote!(::std::vec::Vec<#item>))
                }
            }
            ShapeKind::Map { key, value } => {
                let string_key = Simple::from_prelude_id(&key.target) == Some(Simple::String)
                    || matches!(
                        self.model.shapes.get(&key.target).map(|s| &s.kind),
                        Some(ShapeKind::Simple(Simple::String) | ShapeKind::Enum(_))
                    );
                if !string_key {
                    return Err(format!("map keys must be strings, found {}", key.target));
                }
                let value = self.rust_type(&value.target)?;
                if shape.traits.contains_key(traits::SPARSE) {
                    Ok(quote!(::std::collections::BTreeMap<::std::string::String, ::std::option::Option<#value>>))
                } else {
                    Ok(quote!(::std::collections::BTreeMap<::std::string::String, #value>))
                }
            }
            ShapeKind::Operation { .. } | ShapeKind::Service { .. } | ShapeKind::Resource(_) => {
                Err(format!("a member cannot target the {} {target}", shape.kind.type_name()))
            }
        }
    }

    /// The fields of a structure, in model order, with unique names.
    pub fn fields(&self, id: &str) -> Vec<Field> {
        let Some(ShapeKind::Structure(members)) = self.model.shapes.get(id).map(|s| &s.kind) else {
            return Vec::new();
        };
        let output = self.is_output_reachable(id);
        let is_error = self.model.shapes[id].traits.contains_key(traits::ERROR);
        let mut taken: BTreeSet<String> = RESERVED_METHODS.iter().map(|m| (*m).to_owned()).collect();
        members
            .iter()
            .map(|(name, member)| {
                let field = unique_snake(&mut taken, snake(name));
                let set = unique_snake(&mut taken, format!("set_{}", field.trim_start_matches("r#")));
                let mut ty = self.member_type(id, name);
                if walk::reaches_by_value(self.model, &member.target, id) {
                    ty = quote!(::std::boxed::Box<#ty>);
                }
                let required = member.is_required();
                let unproven = member
                    .traits
                    .get(traits::UNKNOWN)
                    .and_then(|v| v.as_array())
                    .map(|a| a.iter().filter_map(|x| x.as_str().map(str::to_owned)).collect())
                    .unwrap_or_default();
                Field {
                    member: name.clone(),
                    json_key: json_key(name, member),
                    read_alias: read_alias(name, member, members)
                        .or_else(|| error_message_alias(name, is_error, members)),
                    ident: ident(&field),
                    set_ident: ident(&set),
                    ty,
                    required,
                    plain: required && !output,
                    documentation: member.documentation().map(str::to_owned),
                    unproven,
                    idempotency_token: member.traits.contains_key(traits::IDEMPOTENCY_TOKEN)
                        && (Simple::from_prelude_id(&member.target) == Some(Simple::String)
                            || matches!(
                                self.model.shapes.get(&member.target).map(|s| &s.kind),
                                Some(ShapeKind::Simple(Simple::String))
                            )),
                    sensitive: self.is_sensitive_member(member),
                    timestamp_format: self.timestamp_format(member),
                    default: output.then(|| self.default_value(member)).flatten(),
                    default_shown: member
                        .traits
                        .get(traits::DEFAULT)
                        .filter(|v| !v.is_null() && !member.traits.contains_key(traits::CLIENT_OPTIONAL))
                        .map(|v| v.to_string()),
                    deprecated: deprecation(&member.traits),
                    binding: binding(&member.traits),
                    stream: self.stream_kind(&member.target),
                    media_type: self.media_type(&member.target),
                }
            })
            .collect()
    }

    /// What a `@streaming` target holds, if it is one.
    pub fn stream_kind(&self, target: &str) -> Option<StreamKind> {
        let shape = self.model.shapes.get(target)?;
        if !shape.traits.contains_key(traits::STREAMING) {
            return None;
        }
        match shape.kind {
            ShapeKind::Simple(Simple::Blob) => Some(StreamKind::Bytes),
            ShapeKind::Union(_) => Some(StreamKind::Events),
            _ => None,
        }
    }

    /// The `@mediaType` of a string or blob target.
    pub fn media_type(&self, target: &str) -> Option<String> {
        let shape = self.model.shapes.get(target)?;
        shape.traits.get(traits::MEDIA_TYPE).and_then(|v| v.as_str()).map(str::to_owned)
    }

    /// A timestamp member's format when it is not epoch seconds: the member's
    /// `@timestampFormat`, else its target's.
    pub fn timestamp_format(&self, member: &crate::smithy::Member) -> Option<TimestampFormat> {
        let target = self.model.shapes.get(&member.target);
        let is_timestamp = Simple::from_prelude_id(&member.target) == Some(Simple::Timestamp)
            || matches!(target.map(|s| &s.kind), Some(ShapeKind::Simple(Simple::Timestamp)));
        if !is_timestamp {
            return None;
        }
        let format = member
            .traits
            .get(traits::TIMESTAMP_FORMAT)
            .or_else(|| target.and_then(|t| t.traits.get(traits::TIMESTAMP_FORMAT)))?;
        match format.as_str()? {
            "date-time" => Some(TimestampFormat::DateTime),
            "http-date" => Some(TimestampFormat::HttpDate),
            "epoch-seconds" => Some(TimestampFormat::EpochSeconds),
            _ => None,
        }
    }

    /// The Rust expression of a member's `@default` (not under
    /// `@clientOptional`), for responses that omit it; `None` for no default, a
    /// `null` one, or a kind whose default no response needs (blobs, documents).
    fn default_value(&self, member: &crate::smithy::Member) -> Option<DefaultValue> {
        if member.traits.contains_key(traits::CLIENT_OPTIONAL) {
            return None;
        }
        let value = member.traits.get(traits::DEFAULT)?;
        let target = &member.target;
        let simple = Simple::from_prelude_id(target).or(match self.model.shapes.get(target).map(|s| &s.kind) {
            Some(ShapeKind::Simple(s)) => Some(*s),
            _ => None,
        });
        let kind = self.model.shapes.get(target).map(|s| &s.kind);
        let literal =
            matches!(simple, Some(Simple::Boolean | Simple::Integer | Simple::Long | Simple::Float | Simple::Double));
        let expr = match (simple, kind, value) {
            (Some(Simple::Boolean), _, serde_json::Value::Bool(b)) => quote!(#b),
            (Some(Simple::String), _, serde_json::Value::String(text)) => quote!(::std::string::String::from(#text)),
            (Some(Simple::Integer), _, serde_json::Value::Number(n)) => {
                let n = proc_macro2::Literal::i32_suffixed(i32::try_from(n.as_i64()?).ok()?);
                quote!(#n)
            }
            (Some(Simple::Long), _, serde_json::Value::Number(n)) => {
                let n = proc_macro2::Literal::i64_suffixed(n.as_i64()?);
                quote!(#n)
            }
            (Some(Simple::Float), _, serde_json::Value::Number(n)) => {
                let n = proc_macro2::Literal::f32_suffixed(n.as_f64()? as f32);
                quote!(#n)
            }
            (Some(Simple::Double), _, serde_json::Value::Number(n)) => {
                let n = proc_macro2::Literal::f64_suffixed(n.as_f64()?);
                quote!(#n)
            }
            (Some(Simple::Timestamp), _, serde_json::Value::Number(n)) => {
                let n = n.as_i64()?;
                quote!(crate::runtime::Timestamp::from_secs(#n))
            }
            (_, Some(ShapeKind::Enum(_)), serde_json::Value::String(text)) => {
                let ty = self.type_ident(target);
                quote!(#ty::from(#text))
            }
            (_, Some(ShapeKind::IntEnum(_)), serde_json::Value::Number(n)) => {
                let ty = self.type_ident(target);
                let n = proc_macro2::Literal::i32_suffixed(i32::try_from(n.as_i64()?).ok()?);
                quote!(#ty::from(#n))
            }
            (_, Some(ShapeKind::List(_)), serde_json::Value::Array(items)) if items.is_empty() => {
                quote!(::std::vec::Vec::new())
            }
            (_, Some(ShapeKind::Map { .. }), serde_json::Value::Object(items)) if items.is_empty() => {
                quote!(::std::collections::BTreeMap::new())
            }
            _ => return None,
        };
        Some(DefaultValue { expr, literal })
    }

    /// Whether a member is `@sensitive`, itself or through its target.
    pub fn is_sensitive_member(&self, member: &crate::smithy::Member) -> bool {
        member.traits.contains_key(traits::SENSITIVE) || self.is_sensitive(&member.target)
    }

    /// Whether a shape is `@sensitive`: its whole value is redacted in `Debug`.
    pub fn is_sensitive(&self, id: &str) -> bool {
        self.model.shapes.get(id).is_some_and(|s| s.traits.contains_key(traits::SENSITIVE))
    }

    /// The variants of a union, in model order, with unique names that never
    /// collide with [`UNION_CATCH_ALL`].
    pub fn union_variants(&self, id: &str) -> Vec<UnionVariant> {
        let Some(ShapeKind::Union(members)) = self.model.shapes.get(id).map(|s| &s.kind) else {
            return Vec::new();
        };
        let mut taken = BTreeSet::from([UNION_CATCH_ALL.to_owned()]);
        members
            .iter()
            .enumerate()
            .map(|(i, (name, member))| {
                let camel = name.to_upper_camel_case();
                let base = match camel.chars().next() {
                    None => format!("Member{i}"),
                    Some(c) if c.is_ascii_digit() => format!("V{camel}"),
                    Some(_) if camel == "Self" || camel == UNION_CATCH_ALL => {
                        format!("{camel}Value")
                    }
                    Some(_) => camel,
                };
                let mut ty = self.member_type(id, name);
                if walk::reaches_by_value(self.model, &member.target, id) {
                    ty = quote!(::std::boxed::Box<#ty>);
                }
                UnionVariant {
                    member: name.clone(),
                    json_key: json_key(name, member),
                    read_alias: read_alias(name, member, members),
                    ident: ident(&unique(&mut taken, base)),
                    ty,
                    documentation: member.documentation().map(str::to_owned),
                    sensitive: self.is_sensitive_member(member),
                }
            })
            .collect()
    }

    /// The variants of an `intEnum`, named after its members, in model order,
    /// with unique names that never collide with [`CATCH_ALL`].
    pub fn int_variants(&self, id: &str) -> Vec<IntVariant> {
        let Some(ShapeKind::IntEnum(values)) = self.model.shapes.get(id).map(|s| &s.kind) else {
            return Vec::new();
        };
        let mut taken = BTreeSet::from([CATCH_ALL.to_owned()]);
        values
            .iter()
            .map(|(member, value)| {
                let camel = member.to_upper_camel_case();
                let base = if camel == "Self" || camel == CATCH_ALL { format!("{camel}Value") } else { camel };
                IntVariant { member: member.clone(), value: *value, ident: ident(&unique(&mut taken, base)) }
            })
            .collect()
    }

    /// The variants of an enum, in model order, with unique names that never
    /// collide with [`CATCH_ALL`].
    pub fn variants(&self, id: &str) -> Vec<Variant> {
        let Some(ShapeKind::Enum(values)) = self.model.shapes.get(id).map(|s| &s.kind) else {
            return Vec::new();
        };
        let mut taken = BTreeSet::from([CATCH_ALL.to_owned()]);
        values
            .values()
            .enumerate()
            .map(|(i, value)| {
                let camel = value.to_upper_camel_case();
                let base = match camel.chars().next() {
                    None => format!("Value{i}"),
                    Some(c) if c.is_ascii_digit() => format!("V{camel}"),
                    Some(_) if camel == "Self" || camel == CATCH_ALL => format!("{camel}Value"),
                    Some(_) => camel,
                };
                Variant { value: value.clone(), ident: ident(&unique(&mut taken, base)), documentation: None }
            })
            .collect()
    }
}

fn simple_type(simple: Simple) -> std::result::Result<TokenStream, String> {
    Ok(match simple {
        Simple::String => quote!(::std::string::String),
        Simple::Integer => quote!(i32),
        Simple::Long => quote!(i64),
        Simple::Float => quote!(f32),
        Simple::Double => quote!(f64),
        Simple::Boolean => quote!(bool),
        Simple::Timestamp => quote!(crate::runtime::Timestamp),
        Simple::Blob => quote!(crate::runtime::Blob),
        Simple::Document => quote!(crate::runtime::Document),
    })
}

/// Whether a shape becomes a Rust type: structures, unions, enums, lists and
/// maps that are not trait definitions.
pub fn generates_type(shape: &Shape) -> bool {
    matches!(
        shape.kind,
        ShapeKind::Structure(_)
            | ShapeKind::Union(_)
            | ShapeKind::Enum(_)
            | ShapeKind::IntEnum(_)
            | ShapeKind::List(_)
            | ShapeKind::Map { .. }
    ) && !shape.traits.contains_key(traits::TRAIT)
}

/// `base`, or `base` + `separator` + the first free number from 2.
fn unique_with(taken: &mut BTreeSet<String>, base: String, separator: &str) -> String {
    let mut name = base.clone();
    let mut n = 2;
    while !taken.insert(name.clone()) {
        name = format!("{base}{separator}{n}");
        n += 1;
    }
    name
}

fn unique(taken: &mut BTreeSet<String>, base: String) -> String {
    unique_with(taken, base, "")
}

fn unique_snake(taken: &mut BTreeSet<String>, base: String) -> String {
    unique_with(taken, base, "_")
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::smithy::{Member, Shape};
    use indexmap::IndexMap;

    fn model(shapes: Vec<(&str, ShapeKind)>) -> Model {
        let mut m = Model::default();
        for (id, kind) in shapes {
            m.shapes.insert(format!("ns#{id}"), Shape::new(kind));
        }
        m
    }

    #[test]
    fn enum_values_become_identifiers_and_never_take_the_catch_all() {
        let values: IndexMap<String, String> =
            ["ml.t2.medium", "Pipe", "Unknown", "Unrecognized", "Self", "2xlarge", "*", "ml-t2-medium"]
                .iter()
                .enumerate()
                .map(|(i, v)| (format!("V{i}"), v.to_string()))
                .collect();
        let m = model(vec![("E", ShapeKind::Enum(values))]);
        let s = Symbols::new("m.json", &m).unwrap();
        let names: Vec<String> = s.variants("ns#E").iter().map(|v| v.ident.to_string()).collect();
        assert_eq!(
            names,
            ["MlT2Medium", "Pipe", "Unknown", "UnrecognizedValue", "SelfValue", "V2xlarge", "Value6", "MlT2Medium2"]
        );
    }

    #[test]
    fn fields_escape_keywords_and_stay_unique() {
        let members: IndexMap<String, Member> = ["Type", "Self", "FooBar", "Foo_Bar", "1st"]
            .iter()
            .map(|n| (n.to_string(), Member::new("smithy.api#String")))
            .collect();
        let m = model(vec![
            ("S", ShapeKind::Structure(members)),
            ("Vec", ShapeKind::List(Member::new("smithy.api#String"))),
            ("Client", ShapeKind::List(Member::new("smithy.api#String"))),
        ]);
        let s = Symbols::new("m.json", &m).unwrap();
        let names: Vec<String> = s.fields("ns#S").iter().map(|f| f.ident.to_string()).collect();
        assert_eq!(names, ["r#type", "self_value", "foo_bar", "foo_bar_2", "m_1st"]);
        // Generated code names `Vec` by full path: the shape keeps its name.
        assert_eq!(s.type_name("ns#Vec"), "Vec");
        assert_eq!(s.type_name("ns#Client"), "ClientValue");
        assert_eq!(revision_module("2024-02-28"), "v2024_02_28");
    }

    #[test]
    fn documents_keep_any_json_and_are_not_eq() {
        let members: IndexMap<String, Member> = [("Doc".to_string(), Member::new("smithy.api#Document"))].into();
        let m = model(vec![("S", ShapeKind::Structure(members))]);
        let s = Symbols::new("m.json", &m).unwrap();
        assert_eq!(s.rust_type("smithy.api#Document").unwrap().to_string(), "crate :: runtime :: Document");
        assert!(s.reaches_float("ns#S"));
    }

    #[test]
    fn union_variants_are_boxed_where_they_recurse() {
        let members: IndexMap<String, Member> = [
            ("Unknown".to_string(), Member::new("smithy.api#String")),
            ("Again".to_string(), Member::new("ns#U")),
            ("Many".to_string(), Member::new("ns#L")),
        ]
        .into();
        let m = model(vec![("U", ShapeKind::Union(members)), ("L", ShapeKind::List(Member::new("ns#U")))]);
        let s = Symbols::new("m.json", &m).unwrap();
        let v = s.union_variants("ns#U");
        let names: Vec<String> = v.iter().map(|v| v.ident.to_string()).collect();
        assert_eq!(names, ["UnknownValue", "Again", "Many"]);
        assert_eq!(v[1].ty.to_string(), ":: std :: boxed :: Box < U >");
        assert_eq!(v[2].ty.to_string(), ":: std :: vec :: Vec < U >");
    }
}
