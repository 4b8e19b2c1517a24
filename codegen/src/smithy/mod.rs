//! The Smithy 2.0 model: typed shapes, the JSON AST form, and the validator.

mod ast;
pub mod jmespath;
mod validate;
pub mod walk;

pub use ast::{from_json, load, to_json};
pub use validate::validate;

use indexmap::IndexMap;
use serde_json::Value;
use std::collections::BTreeMap;

/// Prelude and protocol trait ids used across the project.
pub mod traits {
    pub const DOCUMENTATION: &str = "smithy.api#documentation";
    pub const REQUIRED: &str = "smithy.api#required";
    pub const IDEMPOTENCY_TOKEN: &str = "smithy.api#idempotencyToken";
    pub const ENUM_VALUE: &str = "smithy.api#enumValue";
    pub const INPUT: &str = "smithy.api#input";
    pub const OUTPUT: &str = "smithy.api#output";
    pub const ERROR: &str = "smithy.api#error";
    pub const PAGINATED: &str = "smithy.api#paginated";
    pub const SENSITIVE: &str = "smithy.api#sensitive";
    pub const SPARSE: &str = "smithy.api#sparse";
    pub const DEFAULT: &str = "smithy.api#default";
    pub const CLIENT_OPTIONAL: &str = "smithy.api#clientOptional";
    pub const TIMESTAMP_FORMAT: &str = "smithy.api#timestampFormat";
    pub const DEPRECATED: &str = "smithy.api#deprecated";
    pub const JSON_NAME: &str = "smithy.api#jsonName";
    pub const ENUM: &str = "smithy.api#enum";
    pub const WAITABLE: &str = "smithy.waiters#waitable";
    pub const ENDPOINT: &str = "smithy.api#endpoint";
    pub const HOST_LABEL: &str = "smithy.api#hostLabel";
    pub const REQUEST_COMPRESSION: &str = "smithy.api#requestCompression";
    pub const TRAIT: &str = "smithy.api#trait";
    pub const STREAMING: &str = "smithy.api#streaming";
    pub const MEDIA_TYPE: &str = "smithy.api#mediaType";
    pub const HTTP: &str = "smithy.api#http";
    pub const HTTP_LABEL: &str = "smithy.api#httpLabel";
    pub const HTTP_QUERY: &str = "smithy.api#httpQuery";
    pub const HTTP_QUERY_PARAMS: &str = "smithy.api#httpQueryParams";
    pub const HTTP_HEADER: &str = "smithy.api#httpHeader";
    pub const HTTP_PREFIX_HEADERS: &str = "smithy.api#httpPrefixHeaders";
    pub const HTTP_PAYLOAD: &str = "smithy.api#httpPayload";
    pub const HTTP_RESPONSE_CODE: &str = "smithy.api#httpResponseCode";
    pub const HTTP_ERROR: &str = "smithy.api#httpError";
    pub const EVENT_HEADER: &str = "smithy.api#eventHeader";
    pub const EVENT_PAYLOAD: &str = "smithy.api#eventPayload";
    pub const AWS_QUERY_COMPATIBLE: &str = "aws.protocols#awsQueryCompatible";
    pub const HTTP_CHECKSUM_REQUIRED: &str = "smithy.api#httpChecksumRequired";
    /// The namespace of the traits this project defines.
    pub const OWN_NAMESPACE: &str = "com.amazonaws.sagemaker.reconstruction";
    /// Which page and line an operation was reconstructed from.
    pub const PROVENANCE: &str = "com.amazonaws.sagemaker.reconstruction#provenance";
    /// Facts about a member that no page proves.
    pub const UNKNOWN: &str = "com.amazonaws.sagemaker.reconstruction#unknown";
    /// The awsJson target prefix of a service.
    pub const JSON_TARGET_PREFIX: &str = "com.amazonaws.sagemaker.reconstruction#jsonTargetPrefix";
}

/// A whole model: shapes by absolute id, sorted, so that output is deterministic.
#[derive(Debug, Clone, Default, PartialEq)]
pub struct Model {
    pub metadata: BTreeMap<String, Value>,
    pub shapes: BTreeMap<String, Shape>,
}

/// The traits of a shape or member, by absolute trait id.
pub type Traits = BTreeMap<String, Value>;

#[derive(Debug, Clone, PartialEq)]
pub struct Shape {
    pub kind: ShapeKind,
    pub traits: Traits,
}

/// A member: its target and its traits.
#[derive(Debug, Clone, PartialEq)]
pub struct Member {
    pub target: String,
    pub traits: Traits,
}

impl Member {
    pub fn new(target: impl Into<String>) -> Self {
        Member { target: target.into(), traits: Traits::new() }
    }

    pub fn is_required(&self) -> bool {
        self.traits.contains_key(traits::REQUIRED)
    }

    pub fn documentation(&self) -> Option<&str> {
        self.traits.get(traits::DOCUMENTATION).and_then(Value::as_str)
    }
}

/// One piece of an `@endpoint` host prefix such as `foo.{label}.`.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum HostPrefixPart {
    /// Text sent as written: letters, digits, `-` and `.`.
    Literal(String),
    /// `{name}`: the value of the input member `name`, marked `@hostLabel`.
    Label(String),
}

impl HostPrefixPart {
    /// Splits a host prefix into text and labels.
    pub fn parse(text: &str) -> Result<Vec<HostPrefixPart>, String> {
        let mut parts = Vec::new();
        let mut rest = text;
        while !rest.is_empty() {
            if let Some(after) = rest.strip_prefix('{') {
                let Some((name, tail)) = after.split_once('}') else {
                    return Err(format!("expected `}}` to close the label in `{text}`"));
                };
                let identifier = name.chars().next().is_some_and(|c| c.is_ascii_alphabetic() || c == '_')
                    && name.chars().all(|c| c.is_ascii_alphanumeric() || c == '_');
                if !identifier {
                    return Err(format!(
                        "expected a member name between `{{` and `}}`, found `{{{name}}}` in `{text}`"
                    ));
                }
                parts.push(HostPrefixPart::Label(name.to_owned()));
                rest = tail;
            } else {
                let end = rest.find('{').unwrap_or(rest.len());
                let literal = &rest[..end];
                if let Some(bad) = literal.chars().find(|c| !(c.is_ascii_alphanumeric() || *c == '-' || *c == '.')) {
                    return Err(format!(
                        "expected letters, digits, `-`, `.` or a `{{label}}`, found `{bad}` in `{text}`"
                    ));
                }
                parts.push(HostPrefixPart::Literal(literal.to_owned()));
                rest = &rest[end..];
            }
        }
        if parts.is_empty() {
            return Err("expected a non-empty host prefix".to_owned());
        }
        Ok(parts)
    }
}

/// The simple types of the Smithy prelude that this project uses.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, PartialOrd, Ord)]
pub enum Simple {
    String,
    Integer,
    Long,
    Double,
    Float,
    Boolean,
    Timestamp,
    Blob,
    Document,
}

impl Simple {
    pub const ALL: [Simple; 9] = [
        Simple::String,
        Simple::Integer,
        Simple::Long,
        Simple::Double,
        Simple::Float,
        Simple::Boolean,
        Simple::Timestamp,
        Simple::Blob,
        Simple::Document,
    ];

    /// The AST type name: `string`, `integer`, …
    pub fn type_name(self) -> &'static str {
        match self {
            Simple::String => "string",
            Simple::Integer => "integer",
            Simple::Long => "long",
            Simple::Double => "double",
            Simple::Float => "float",
            Simple::Boolean => "boolean",
            Simple::Timestamp => "timestamp",
            Simple::Blob => "blob",
            Simple::Document => "document",
        }
    }

    /// The prelude shape id: `smithy.api#String`, …
    pub fn prelude_id(self) -> &'static str {
        match self {
            Simple::String => "smithy.api#String",
            Simple::Integer => "smithy.api#Integer",
            Simple::Long => "smithy.api#Long",
            Simple::Double => "smithy.api#Double",
            Simple::Float => "smithy.api#Float",
            Simple::Boolean => "smithy.api#Boolean",
            Simple::Timestamp => "smithy.api#Timestamp",
            Simple::Blob => "smithy.api#Blob",
            Simple::Document => "smithy.api#Document",
        }
    }

    pub fn from_type_name(name: &str) -> Option<Simple> {
        Simple::ALL.into_iter().find(|s| s.type_name() == name)
    }

    /// The simple type a prelude id names.
    pub fn from_prelude_id(id: &str) -> Option<Simple> {
        Simple::ALL.into_iter().find(|s| s.prelude_id() == id)
    }
}

/// Which side of an operation: its input (the request) or its output (the response).
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, PartialOrd, Ord)]
pub enum Side {
    Request,
    Response,
}

impl Side {
    pub fn as_str(self) -> &'static str {
        match self {
            Side::Request => "request",
            Side::Response => "response",
        }
    }
}

/// What a shape is.
#[derive(Debug, Clone, PartialEq)]
pub enum ShapeKind {
    Simple(Simple),
    /// A string enum: member name → value, in model order.
    Enum(IndexMap<String, String>),
    /// An integer enum (`intEnum`): member name → value, in model order.
    IntEnum(IndexMap<String, i32>),
    Structure(IndexMap<String, Member>),
    /// A tagged union: exactly one member is set.
    Union(IndexMap<String, Member>),
    List(Member),
    Map {
        key: Member,
        value: Member,
    },
    Operation {
        input: Option<String>,
        output: Option<String>,
        errors: Vec<String>,
    },
    Service {
        version: String,
        operations: Vec<String>,
        /// Resources whose lifecycle and other operations the service also has.
        resources: Vec<String>,
        errors: Vec<String>,
    },
    /// A resource: its properties as the model writes them (identifiers,
    /// lifecycle operations, operations, child resources).
    Resource(serde_json::Map<String, serde_json::Value>),
}

/// The keys of a resource that name one operation.
pub(crate) const RESOURCE_LIFECYCLE: [&str; 6] = ["create", "put", "read", "update", "delete", "list"];

impl ShapeKind {
    /// The operations a resource binds, lifecycle first, and its child resources.
    pub fn resource_bindings(&self) -> (Vec<&str>, Vec<&str>) {
        let ShapeKind::Resource(properties) = self else { return (Vec::new(), Vec::new()) };
        fn target(v: &serde_json::Value) -> Option<&str> {
            v.get("target").and_then(serde_json::Value::as_str)
        }
        let targets = |key: &str| {
            properties.get(key).and_then(serde_json::Value::as_array).into_iter().flatten().filter_map(target)
        };
        let mut operations: Vec<&str> =
            RESOURCE_LIFECYCLE.iter().filter_map(|k| properties.get(*k).and_then(target)).collect();
        operations.extend(targets("operations"));
        operations.extend(targets("collectionOperations"));
        (operations, targets("resources").collect())
    }
}

impl ShapeKind {
    /// The AST type name of this kind.
    pub fn type_name(&self) -> &'static str {
        match self {
            ShapeKind::Simple(s) => s.type_name(),
            ShapeKind::Enum(_) => "enum",
            ShapeKind::IntEnum(_) => "intEnum",
            ShapeKind::Structure(_) => "structure",
            ShapeKind::Union(_) => "union",
            ShapeKind::List(_) => "list",
            ShapeKind::Map { .. } => "map",
            ShapeKind::Operation { .. } => "operation",
            ShapeKind::Service { .. } => "service",
            ShapeKind::Resource(_) => "resource",
        }
    }
}

impl ShapeKind {
    /// The members of a structure or union.
    pub fn members(&self) -> Option<&IndexMap<String, Member>> {
        match self {
            ShapeKind::Structure(ms) | ShapeKind::Union(ms) => Some(ms),
            _ => None,
        }
    }
}

impl Shape {
    pub fn new(kind: ShapeKind) -> Self {
        Shape { kind, traits: Traits::new() }
    }

    pub fn documentation(&self) -> Option<&str> {
        self.traits.get(traits::DOCUMENTATION).and_then(Value::as_str)
    }

    /// The `@endpoint` host prefix of an operation, in parts; `None` without
    /// the trait, and an error naming what is wrong with a malformed one.
    pub fn host_prefix(&self) -> Option<Result<Vec<HostPrefixPart>, String>> {
        let value = self.traits.get(traits::ENDPOINT)?;
        Some(match value.get("hostPrefix").and_then(Value::as_str) {
            Some(text) => HostPrefixPart::parse(text),
            None => Err("expected an object with a string `hostPrefix`".to_owned()),
        })
    }
}

impl Model {
    /// The service shape, if the model has exactly one.
    pub fn service(&self) -> Option<(&str, &Shape)> {
        let mut services = self.shapes.iter().filter(|(_, s)| matches!(s.kind, ShapeKind::Service { .. }));
        let first = services.next()?;
        services.next().is_none().then_some((first.0.as_str(), first.1))
    }

    /// The operations of the service, by id: those it lists, in its order, then
    /// those its resources bind, depth first.
    pub fn operations(&self) -> Vec<&str> {
        let Some((_, Shape { kind: ShapeKind::Service { operations, resources, .. }, .. })) = self.service() else {
            return Vec::new();
        };
        let mut out: Vec<&str> = operations.iter().map(String::as_str).collect();
        let mut seen: std::collections::BTreeSet<&str> = out.iter().copied().collect();
        let mut stack: Vec<&str> = resources.iter().rev().map(String::as_str).collect();
        let mut visited = std::collections::BTreeSet::new();
        while let Some(id) = stack.pop() {
            if !visited.insert(id) {
                continue;
            }
            let Some(shape) = self.shapes.get(id) else { continue };
            let (ops, children) = shape.kind.resource_bindings();
            for op in ops {
                if seen.insert(op) {
                    out.push(op);
                }
            }
            stack.extend(children.into_iter().rev());
        }
        out
    }
}

/// The name part of a shape id: `a.b#Name` → `Name`.
pub fn shape_name(id: &str) -> &str {
    id.rsplit_once('#').map_or(id, |(_, n)| n)
}

/// The namespace of a shape id: `a.b#Name` → `a.b`.
pub fn namespace(id: &str) -> &str {
    id.split_once('#').map_or("", |(ns, _)| ns)
}
