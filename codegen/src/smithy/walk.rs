//! Shape traversal: what a shape refers to, and what a set of roots reaches.

use super::{Model, ShapeKind};
use std::collections::BTreeSet;

/// The shape ids a shape refers to directly: member targets, list and map
/// members, and an operation's input, output and errors.
pub fn children<'m>(model: &'m Model, id: &str) -> Vec<&'m str> {
    let Some(shape) = model.shapes.get(id) else { return Vec::new() };
    match &shape.kind {
        ShapeKind::Structure(members) | ShapeKind::Union(members) => {
            members.values().map(|m| m.target.as_str()).collect()
        }
        ShapeKind::List(member) => vec![member.target.as_str()],
        ShapeKind::Map { key, value } => vec![key.target.as_str(), value.target.as_str()],
        ShapeKind::Operation { input, output, errors } => {
            input.iter().chain(output).chain(errors).map(String::as_str).collect()
        }
        ShapeKind::Service { operations, resources, errors, .. } => {
            operations.iter().chain(resources).chain(errors).map(String::as_str).collect()
        }
        ShapeKind::Resource(_) => {
            let (ops, children) = shape.kind.resource_bindings();
            ops.into_iter().chain(children).collect()
        }
        ShapeKind::Simple(_) | ShapeKind::Enum(_) | ShapeKind::IntEnum(_) => Vec::new(),
    }
}

/// Every shape in the model that the roots reach, the roots included.
pub fn reachable<'a>(model: &Model, roots: impl IntoIterator<Item = &'a str>) -> BTreeSet<String> {
    let mut seen = BTreeSet::new();
    let mut stack: Vec<String> = roots.into_iter().map(str::to_owned).collect();
    while let Some(id) = stack.pop() {
        if !model.shapes.contains_key(&id) || !seen.insert(id.clone()) {
            continue;
        }
        stack.extend(children(model, &id).into_iter().map(str::to_owned));
    }
    seen
}

/// Whether `from` reaches `to` through structure members alone: the edges that
/// would make a Rust type infinitely sized without a `Box`.
pub fn reaches_by_value(model: &Model, from: &str, to: &str) -> bool {
    let mut seen = BTreeSet::new();
    let mut stack = vec![from.to_owned()];
    while let Some(id) = stack.pop() {
        if id == to {
            return true;
        }
        if !seen.insert(id.clone()) {
            continue;
        }
        if let Some(ShapeKind::Structure(members) | ShapeKind::Union(members)) = model.shapes.get(&id).map(|s| &s.kind)
        {
            stack.extend(members.values().map(|m| m.target.clone()));
        }
    }
    false
}
