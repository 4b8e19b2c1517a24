//! The Smithy 2.0 model: typed shapes, the JSON AST form, and the validator.

mod ast;
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
    pub const TRAIT: &str = "smithy.api#trait";
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
        errors: Vec<String>,
    },
}

impl ShapeKind {
    /// The AST type name of this kind.
    pub fn type_name(&self) -> &'static str {
        match self {
            ShapeKind::Simple(s) => s.type_name(),
            ShapeKind::Enum(_) => "enum",
            ShapeKind::Structure(_) => "structure",
            ShapeKind::Union(_) => "union",
            ShapeKind::List(_) => "list",
            ShapeKind::Map { .. } => "map",
            ShapeKind::Operation { .. } => "operation",
            ShapeKind::Service { .. } => "service",
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
}

impl Model {
    /// The service shape, if the model has exactly one.
    pub fn service(&self) -> Option<(&str, &Shape)> {
        let mut services = self.shapes.iter().filter(|(_, s)| matches!(s.kind, ShapeKind::Service { .. }));
        let first = services.next()?;
        services.next().is_none().then_some((first.0.as_str(), first.1))
    }

    /// The operations the service lists, by id, in the service's order.
    pub fn operations(&self) -> Vec<&str> {
        match self.service() {
            Some((_, Shape { kind: ShapeKind::Service { operations, .. }, .. })) => {
                operations.iter().map(String::as_str).collect()
            }
            _ => Vec::new(),
        }
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
