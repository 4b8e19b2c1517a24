//! Diffs of API revisions: what changed between two models, on which side of
//! which operations, how severe it is for callers, and what it means for users
//! of the generated crate.
//!
//! The two models are walked in parallel from every operation's input
//! (request side) and output (response side), so each change is found with its
//! path from the operation; changes to a shared shape are then grouped, so
//! that each is reported once with every operation it reaches.

mod changelog;
mod classify;
mod precision;
mod render;

pub use changelog::{verify_changelog, ChangelogReport};
pub use precision::{verify_precision, PairPrecision, ReleasePages, Unexplained, UnexplainedEntry};
pub use render::{render_changelog, render_json, render_markdown, render_text, RenderOptions};

use crate::smithy::{shape_name, Model, Shape, ShapeKind, Simple};
use std::collections::{BTreeMap, BTreeSet};
use std::fmt;

/// How much a change matters to callers.
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord, Hash)]
pub enum Severity {
    Safe,
    Dangerous,
    Breaking,
}

impl Severity {
    pub fn as_str(self) -> &'static str {
        match self {
            Severity::Safe => "safe",
            Severity::Dangerous => "dangerous",
            Severity::Breaking => "breaking",
        }
    }
}

impl fmt::Display for Severity {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(self.as_str())
    }
}

pub use crate::smithy::Side;

/// What changed.
#[derive(Debug, Clone, PartialEq, Eq, PartialOrd, Ord, Hash)]
pub enum Kind {
    OperationAdded,
    OperationRemoved,
    /// A member appeared; its type label and whether it is required.
    MemberAdded {
        target: String,
        required: bool,
    },
    MemberRemoved {
        target: String,
    },
    TypeChanged {
        from: String,
        to: String,
    },
    /// A shape kept its name but became another kind (`enum` → `intEnum`,
    /// `structure` → `union`, …).
    ShapeKindChanged {
        from: String,
        to: String,
    },
    RequiredAdded,
    RequiredRemoved,
    EnumValuesAdded(Vec<String>),
    EnumValuesRemoved(Vec<String>),
    DocumentationChanged,
}

impl Kind {
    /// A stable, kebab-case name for the JSON format.
    pub fn name(&self) -> &'static str {
        match self {
            Kind::OperationAdded => "operation-added",
            Kind::OperationRemoved => "operation-removed",
            Kind::MemberAdded { .. } => "member-added",
            Kind::MemberRemoved { .. } => "member-removed",
            Kind::TypeChanged { .. } => "type-changed",
            Kind::ShapeKindChanged { .. } => "shape-kind-changed",
            Kind::RequiredAdded => "required-added",
            Kind::RequiredRemoved => "required-removed",
            Kind::EnumValuesAdded(_) => "enum-values-added",
            Kind::EnumValuesRemoved(_) => "enum-values-removed",
            Kind::DocumentationChanged => "documentation-changed",
        }
    }
}

/// Where a change shows: an operation, a side, and the member path from the
/// operation's input or output (lists and maps are looked through).
#[derive(Debug, Clone, PartialEq, Eq, PartialOrd, Ord, Hash)]
pub struct Occurrence {
    pub operation: String,
    pub side: Side,
    pub path: Vec<String>,
}

/// One change, reported once, with every place it shows.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Change {
    pub kind: Kind,
    /// The shape the change lives in (an operation, structure or enum), by name.
    pub shape: String,
    /// The member, for member-level changes.
    pub member: Option<String>,
    pub occurrences: Vec<Occurrence>,
    pub severity: Severity,
    /// What the change means for users of the generated crate.
    pub impact: String,
}

impl Change {
    /// The operations the change reaches, sorted and unique.
    pub fn operations(&self) -> Vec<&str> {
        let set: BTreeSet<&str> = self.occurrences.iter().map(|o| o.operation.as_str()).collect();
        set.into_iter().collect()
    }

    /// The sides the change shows on.
    pub fn sides(&self) -> BTreeSet<Side> {
        self.occurrences.iter().map(|o| o.side).collect()
    }
}

/// Every change between two models, most severe first.
#[derive(Debug, Clone, PartialEq, Eq, Default)]
pub struct Report {
    pub old: String,
    pub new: String,
    pub changes: Vec<Change>,
}

impl Report {
    /// How many changes there are of a severity.
    pub fn count(&self, severity: Severity, docs: bool) -> usize {
        self.changes.iter().filter(|c| c.severity == severity && (docs || c.kind != Kind::DocumentationChanged)).count()
    }

    /// The most severe change, if any (documentation changes only with `docs`).
    pub fn worst(&self, docs: bool) -> Option<Severity> {
        self.changes.iter().filter(|c| docs || c.kind != Kind::DocumentationChanged).map(|c| c.severity).max()
    }
}

/// Diffs two models. `old` and `new` label them in the report.
pub fn compare(old_label: &str, old: &Model, new_label: &str, new: &Model) -> Report {
    let mut walker = Walker { old, new, raw: BTreeMap::new() };
    let old_ops = operations(old);
    let new_ops = operations(new);
    for (name, id) in &new_ops {
        match old_ops.get(name) {
            None => walker.record(name, None, Kind::OperationAdded, Occurrence::top(name, Side::Request)),
            Some(old_id) => walker.operation(name, old_id, id),
        }
    }
    for name in old_ops.keys().filter(|n| !new_ops.contains_key(*n)) {
        walker.record(name, None, Kind::OperationRemoved, Occurrence::top(name, Side::Request));
    }
    let mut changes: Vec<Change> = walker
        .raw
        .into_iter()
        .map(|((shape, member, kind), occurrences)| {
            let occurrences: Vec<Occurrence> = occurrences.into_iter().collect();
            let (severity, impact) = classify::classify(&kind, &shape, member.as_deref(), &occurrences);
            Change { kind, shape, member, occurrences, severity, impact }
        })
        .collect();
    changes.sort_by(|a, b| {
        b.severity.cmp(&a.severity).then_with(|| a.shape.cmp(&b.shape)).then_with(|| a.member.cmp(&b.member))
    });
    Report { old: old_label.to_owned(), new: new_label.to_owned(), changes }
}

/// Operations by name → id.
fn operations(model: &Model) -> BTreeMap<String, String> {
    model
        .shapes
        .iter()
        .filter(|(_, s)| matches!(s.kind, ShapeKind::Operation { .. }))
        .map(|(id, _)| (shape_name(id).to_owned(), id.clone()))
        .collect()
}

impl Occurrence {
    fn top(operation: &str, side: Side) -> Self {
        Occurrence { operation: operation.to_owned(), side, path: Vec::new() }
    }
}

type RawKey = (String, Option<String>, Kind);

struct Walker<'m> {
    old: &'m Model,
    new: &'m Model,
    raw: BTreeMap<RawKey, BTreeSet<Occurrence>>,
}

/// A target's type as callers see it: a simple type's name or a shape's name.
pub fn type_label(model: &Model, target: &str) -> String {
    if let Some(simple) = Simple::from_prelude_id(target) {
        return simple.type_name().to_owned();
    }
    match model.shapes.get(target).map(|s| &s.kind) {
        Some(ShapeKind::Simple(simple)) => simple.type_name().to_owned(),
        _ => shape_name(target).to_owned(),
    }
}

impl Walker<'_> {
    fn record(&mut self, shape: &str, member: Option<&str>, kind: Kind, at: Occurrence) {
        self.raw.entry((shape.to_owned(), member.map(str::to_owned), kind)).or_default().insert(at);
    }

    fn operation(&mut self, name: &str, old_id: &str, new_id: &str) {
        let (Some(old), Some(new)) = (self.old.shapes.get(old_id), self.new.shapes.get(new_id)) else { return };
        if old.documentation() != new.documentation() {
            self.record(name, None, Kind::DocumentationChanged, Occurrence::top(name, Side::Request));
        }
        let (
            ShapeKind::Operation { input: old_in, output: old_out, .. },
            ShapeKind::Operation { input: new_in, output: new_out, .. },
        ) = (&old.kind, &new.kind)
        else {
            return;
        };
        for (side, o, n) in [(Side::Request, old_in, new_in), (Side::Response, old_out, new_out)] {
            if let (Some(o), Some(n)) = (o, n) {
                let mut stack = Vec::new();
                self.walk(name, side, o, n, &mut Vec::new(), &mut stack);
            }
        }
    }

    fn walk(
        &mut self,
        operation: &str,
        side: Side,
        old_target: &str,
        new_target: &str,
        path: &mut Vec<String>,
        stack: &mut Vec<(String, String)>,
    ) {
        let pair = (old_target.to_owned(), new_target.to_owned());
        if stack.contains(&pair) {
            return;
        }
        let (Some(old), Some(new)) = (self.old.shapes.get(old_target), self.new.shapes.get(new_target)) else {
            return;
        };
        stack.push(pair);
        let at = |path: &[String]| Occurrence { operation: operation.to_owned(), side, path: path.to_vec() };
        let shape = shape_name(new_target).to_owned();
        match (&old.kind, &new.kind) {
            (o, n) if o.type_name() != n.type_name() => {
                let kind = Kind::ShapeKindChanged { from: o.type_name().to_owned(), to: n.type_name().to_owned() };
                self.record(&shape, None, kind, at(path));
            }
            (
                ShapeKind::Structure(old_members) | ShapeKind::Union(old_members),
                ShapeKind::Structure(new_members) | ShapeKind::Union(new_members),
            ) => {
                for (name, member) in new_members {
                    path.push(name.clone());
                    match old_members.get(name) {
                        None => {
                            let kind = Kind::MemberAdded {
                                target: type_label(self.new, &member.target),
                                required: member.is_required(),
                            };
                            self.record(&shape, Some(name), kind, at(path));
                        }
                        Some(previous) => {
                            self.member(operation, side, &shape, name, previous, member, path, stack);
                        }
                    }
                    path.pop();
                }
                for (name, member) in old_members.iter().filter(|(n, _)| !new_members.contains_key(*n)) {
                    path.push(name.clone());
                    let kind = Kind::MemberRemoved { target: type_label(self.old, &member.target) };
                    self.record(&shape, Some(name), kind, at(path));
                    path.pop();
                }
            }
            (ShapeKind::List(o), ShapeKind::List(n)) => {
                self.element(operation, side, &shape, "member", &o.target, &n.target, path, stack);
            }
            (ShapeKind::Map { value: o, .. }, ShapeKind::Map { value: n, .. }) => {
                self.element(operation, side, &shape, "value", &o.target, &n.target, path, stack);
            }
            (ShapeKind::Enum(_), ShapeKind::Enum(_)) | (ShapeKind::IntEnum(_), ShapeKind::IntEnum(_)) => {
                let (o, n) = (enum_values(&old.kind), enum_values(&new.kind));
                let added: Vec<String> = n.iter().filter(|v| !o.contains(v)).cloned().collect();
                let removed: Vec<String> = o.iter().filter(|v| !n.contains(v)).cloned().collect();
                if !added.is_empty() {
                    self.record(&shape, None, Kind::EnumValuesAdded(added), at(path));
                }
                if !removed.is_empty() {
                    self.record(&shape, None, Kind::EnumValuesRemoved(removed), at(path));
                }
            }
            _ => {}
        }
        stack.pop();
    }

    #[allow(clippy::too_many_arguments)]
    fn member(
        &mut self,
        operation: &str,
        side: Side,
        shape: &str,
        name: &str,
        old: &crate::smithy::Member,
        new: &crate::smithy::Member,
        path: &mut Vec<String>,
        stack: &mut Vec<(String, String)>,
    ) {
        let at = Occurrence { operation: operation.to_owned(), side, path: path.clone() };
        match (old.is_required(), new.is_required()) {
            (false, true) => self.record(shape, Some(name), Kind::RequiredAdded, at.clone()),
            (true, false) => self.record(shape, Some(name), Kind::RequiredRemoved, at.clone()),
            _ => {}
        }
        if old.documentation() != new.documentation() {
            self.record(shape, Some(name), Kind::DocumentationChanged, at.clone());
        }
        self.element(operation, side, shape, name, &old.target, &new.target, path, stack);
    }

    /// Compares what a member (or a list's member, a map's value) targets, then
    /// walks into it, unless its type changed to another kind.
    #[allow(clippy::too_many_arguments)]
    fn element(
        &mut self,
        operation: &str,
        side: Side,
        shape: &str,
        role: &str,
        old_target: &str,
        new_target: &str,
        path: &mut Vec<String>,
        stack: &mut Vec<(String, String)>,
    ) {
        let (from, to) = (type_label(self.old, old_target), type_label(self.new, new_target));
        if from != to {
            let at = Occurrence { operation: operation.to_owned(), side, path: path.clone() };
            self.record(shape, Some(role), Kind::TypeChanged { from, to }, at);
            if !same_kind_renamed(self.old.shapes.get(old_target), self.new.shapes.get(new_target)) {
                return;
            }
        }
        self.walk(operation, side, old_target, new_target, path, stack);
    }
}

/// Whether two differently named shapes are of the same kind, so that their
/// contents are still worth comparing after the rename is reported.
fn same_kind_renamed(old: Option<&Shape>, new: Option<&Shape>) -> bool {
    match (old, new) {
        (Some(o), Some(n)) => o.kind.type_name() == n.kind.type_name(),
        _ => false,
    }
}

/// An enum's values as text, in model order: strings as they are, integers in decimal.
fn enum_values(kind: &ShapeKind) -> Vec<String> {
    match kind {
        ShapeKind::Enum(values) => values.values().cloned().collect(),
        ShapeKind::IntEnum(values) => values.values().map(i32::to_string).collect(),
        _ => Vec::new(),
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use serde_json::{json, Value};

    /// One operation whose input and output share `Config`, and an enum per side.
    fn base() -> Value {
        json!({
            "smithy": "2.0",
            "shapes": {
                "ns#Svc": {"type": "service", "version": "1", "operations": [{"target": "ns#Op"}]},
                "ns#Op": {"type": "operation", "input": {"target": "ns#OpInput"}, "output": {"target": "ns#OpOutput"}},
                "ns#OpInput": {"type": "structure", "members": {
                    "Name": {"target": "smithy.api#String", "traits": {"smithy.api#required": {}}},
                    "Mode": {"target": "ns#Mode"},
                    "Config": {"target": "ns#Config"}
                }},
                "ns#OpOutput": {"type": "structure", "members": {
                    "Arn": {"target": "smithy.api#String", "traits": {"smithy.api#required": {}}},
                    "Status": {"target": "ns#Status"},
                    "Config": {"target": "ns#Config"}
                }},
                "ns#Config": {"type": "structure", "members": {"Count": {"target": "smithy.api#Integer"}}},
                "ns#Mode": {"type": "enum", "members": {
                    "A": {"target": "smithy.api#Unit", "traits": {"smithy.api#enumValue": "A"}},
                    "B": {"target": "smithy.api#Unit", "traits": {"smithy.api#enumValue": "B"}}
                }},
                "ns#Status": {"type": "enum", "members": {
                    "X": {"target": "smithy.api#Unit", "traits": {"smithy.api#enumValue": "X"}},
                    "Y": {"target": "smithy.api#Unit", "traits": {"smithy.api#enumValue": "Y"}}
                }}
            }
        })
    }

    fn model(v: &Value) -> Model {
        crate::smithy::from_json("test.json", v).unwrap()
    }

    /// Diffs the base against a changed copy; returns the one change found.
    fn only_change(edit: impl FnOnce(&mut Value)) -> Change {
        let old = base();
        let mut new = base();
        edit(&mut new);
        let report = compare("old", &model(&old), "new", &model(&new));
        assert_eq!(report.changes.len(), 1, "{:#?}", report.changes);
        report.changes.into_iter().next().unwrap()
    }

    fn shapes(v: &mut Value) -> &mut Value {
        &mut v["shapes"]
    }

    #[test]
    fn removed_operation_is_breaking_and_new_operation_is_safe() {
        let removed = compare("old", &model(&base()), "new", &{
            let mut v = base();
            shapes(&mut v).as_object_mut().unwrap().remove("ns#Op");
            shapes(&mut v)["ns#Svc"]["operations"] = json!([]);
            model(&v)
        });
        assert!(removed.changes.iter().any(|c| c.kind == Kind::OperationRemoved && c.severity == Severity::Breaking));
        let added = compare(
            "old",
            &model(&{
                let mut v = base();
                shapes(&mut v).as_object_mut().unwrap().remove("ns#Op");
                shapes(&mut v)["ns#Svc"]["operations"] = json!([]);
                v
            }),
            "new",
            &model(&base()),
        );
        assert_eq!(added.changes.len(), 1);
        assert_eq!((added.changes[0].kind.clone(), added.changes[0].severity), (Kind::OperationAdded, Severity::Safe));
    }

    #[test]
    fn removed_input_member_is_breaking() {
        let c = only_change(|v| {
            shapes(v)["ns#OpInput"]["members"].as_object_mut().unwrap().remove("Mode");
        });
        assert_eq!((c.kind.name(), c.severity), ("member-removed", Severity::Breaking));
        assert!(c.impact.contains("no longer compiles"), "{}", c.impact);
    }

    #[test]
    fn new_required_input_member_is_breaking_and_optional_is_safe() {
        let c = only_change(|v| {
            shapes(v)["ns#OpInput"]["members"]["Role"] =
                json!({"target": "smithy.api#String", "traits": {"smithy.api#required": {}}});
        });
        assert_eq!((c.kind.name(), c.severity), ("member-added", Severity::Breaking));
        assert!(c.impact.contains("build()"), "{}", c.impact);
        let c = only_change(|v| {
            shapes(v)["ns#OpInput"]["members"]["Role"] = json!({"target": "smithy.api#String"});
        });
        assert_eq!((c.kind.name(), c.severity), ("member-added", Severity::Safe));
    }

    #[test]
    fn type_change_is_breaking_and_a_shared_shape_is_reported_once_with_both_sides() {
        let c = only_change(|v| {
            shapes(v)["ns#Config"]["members"]["Count"] = json!({"target": "smithy.api#Long"});
        });
        assert_eq!((c.kind.name(), c.severity), ("type-changed", Severity::Breaking));
        assert_eq!(c.shape, "Config");
        assert_eq!(c.sides(), BTreeSet::from([Side::Request, Side::Response]));
        assert_eq!(c.operations(), ["Op"]);
        assert!(c.occurrences.iter().all(|o| o.path == ["Config", "Count"]));
    }

    #[test]
    fn enum_value_removed_from_an_input_is_breaking_and_added_is_safe() {
        let c = only_change(|v| {
            shapes(v)["ns#Mode"]["members"].as_object_mut().unwrap().remove("B");
        });
        assert_eq!((c.kind.name(), c.severity), ("enum-values-removed", Severity::Breaking));
        let c = only_change(|v| {
            shapes(v)["ns#Mode"]["members"]["C"] =
                json!({"target": "smithy.api#Unit", "traits": {"smithy.api#enumValue": "C"}});
        });
        assert_eq!((c.kind.clone(), c.severity), (Kind::EnumValuesAdded(vec!["C".into()]), Severity::Safe));
    }

    #[test]
    fn a_shape_that_keeps_its_name_but_changes_kind_is_breaking() {
        let c = only_change(|v| {
            shapes(v)["ns#Status"] = json!({"type": "intEnum", "members": {
                "X": {"target": "smithy.api#Unit", "traits": {"smithy.api#enumValue": 1}},
                "Y": {"target": "smithy.api#Unit", "traits": {"smithy.api#enumValue": 2}}
            }});
        });
        let kind = Kind::ShapeKindChanged { from: "enum".into(), to: "intEnum".into() };
        assert_eq!((c.kind.clone(), c.severity), (kind, Severity::Breaking));
        assert_eq!(c.shape, "Status");
        assert!(c.impact.contains("from an `enum` to an `intEnum`"), "{}", c.impact);
        assert!(c.occurrences.iter().all(|o| o.side == Side::Response && o.path == ["Status"]));
        let c = only_change(|v| {
            shapes(v)["ns#Config"]["type"] = json!("union");
        });
        assert_eq!(c.kind, Kind::ShapeKindChanged { from: "structure".into(), to: "union".into() });
    }

    #[test]
    fn enum_value_added_to_an_output_is_dangerous() {
        let c = only_change(|v| {
            shapes(v)["ns#Status"]["members"]["Z"] =
                json!({"target": "smithy.api#Unit", "traits": {"smithy.api#enumValue": "Z"}});
        });
        assert_eq!((c.kind.name(), c.severity), ("enum-values-added", Severity::Dangerous));
        assert!(c.impact.contains("wildcard"), "{}", c.impact);
    }

    #[test]
    fn removed_output_member_is_breaking_and_new_output_member_is_safe() {
        let c = only_change(|v| {
            shapes(v)["ns#OpOutput"]["members"].as_object_mut().unwrap().remove("Status");
        });
        assert_eq!((c.kind.name(), c.severity), ("member-removed", Severity::Breaking));
        let c = only_change(|v| {
            shapes(v)["ns#OpOutput"]["members"]["Extra"] = json!({"target": "smithy.api#Boolean"});
        });
        assert_eq!((c.kind.name(), c.severity), ("member-added", Severity::Safe));
    }

    #[test]
    fn output_member_becoming_optional_is_dangerous_and_input_member_becoming_required_is_breaking() {
        let c = only_change(|v| {
            shapes(v)["ns#OpOutput"]["members"]["Arn"] = json!({"target": "smithy.api#String"});
        });
        assert_eq!((c.kind.name(), c.severity), ("required-removed", Severity::Dangerous));
        let c = only_change(|v| {
            shapes(v)["ns#OpInput"]["members"]["Mode"] =
                json!({"target": "ns#Mode", "traits": {"smithy.api#required": {}}});
        });
        assert_eq!((c.kind.name(), c.severity), ("required-added", Severity::Breaking));
    }

    #[test]
    fn documentation_only_is_safe_and_hidden_unless_asked() {
        let c = only_change(|v| {
            shapes(v)["ns#OpInput"]["members"]["Name"]["traits"]["smithy.api#documentation"] =
                json!("<p>The name.</p>");
        });
        assert_eq!((c.kind.name(), c.severity), ("documentation-changed", Severity::Safe));
        let report = Report { old: "a".into(), new: "b".into(), changes: vec![c] };
        assert_eq!(report.worst(false), None);
        assert_eq!(report.worst(true), Some(Severity::Safe));
    }

    #[test]
    fn identical_models_have_no_changes() {
        assert!(compare("a", &model(&base()), "b", &model(&base())).changes.is_empty());
    }
}
