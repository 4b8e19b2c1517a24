//! The three output formats, and the change pages' `Changes (request)` view.

use super::{type_label, Change, Kind, Report, Severity, Side};
use crate::smithy::{shape_name, Model, ShapeKind, Simple};
use serde_json::{json, Value};
use std::collections::BTreeMap;
use std::fmt::Write;

/// What to show.
#[derive(Debug, Clone, Copy, Default)]
pub struct RenderOptions {
    /// Include documentation-only changes.
    pub docs: bool,
    /// Colour the text format (only ever on a terminal).
    pub color: bool,
    /// Add the change pages' `Changes (request)` / `Changes (response)` view.
    pub changes_view: bool,
}

fn shown<'r>(report: &'r Report, options: &RenderOptions) -> impl Iterator<Item = &'r Change> {
    let docs = options.docs;
    report.changes.iter().filter(move |c| docs || c.kind != Kind::DocumentationChanged)
}

/// One revision's section of a change log: what changed from the revision
/// before, grouped by severity (documentation changes left out), each change
/// with the operations it reaches and what it means for the crate's users.
/// `level` is the heading level of the groups (`3` writes `### Breaking`).
pub fn render_changelog(report: &Report, level: usize) -> String {
    let mut out = String::new();
    let _ = writeln!(out, "From {}: {} changes.", report.old, summary(report, false));
    let hashes = "#".repeat(level);
    for severity in [Severity::Breaking, Severity::Dangerous, Severity::Safe] {
        let mut changes =
            report.changes.iter().filter(|c| c.severity == severity && c.kind != Kind::DocumentationChanged).peekable();
        if changes.peek().is_none() {
            continue;
        }
        let title = match severity {
            Severity::Breaking => "Breaking",
            Severity::Dangerous => "Dangerous",
            Severity::Safe => "Safe",
        };
        let _ = writeln!(out, "\n{hashes} {title}\n");
        for change in changes {
            let _ = writeln!(
                out,
                "- {} ({}): {}",
                markdown_text(&describe(change)),
                change.operations().join(", "),
                change.impact
            );
        }
    }
    out
}

/// Text that Markdown and rustdoc show as written: no tags, links or emphasis.
fn markdown_text(text: &str) -> String {
    let mut out = String::with_capacity(text.len());
    for c in text.chars() {
        if matches!(c, '<' | '>' | '[' | ']' | '*' | '_' | '`' | '|') {
            out.push('\\');
        }
        out.push(c);
    }
    out
}

/// One line saying what changed, without severity or places.
pub fn describe(change: &Change) -> String {
    let at = match &change.member {
        Some(m) => format!("{}.{m}", change.shape),
        None => change.shape.clone(),
    };
    match &change.kind {
        Kind::OperationAdded => format!("operation {at} added"),
        Kind::OperationRemoved => format!("operation {at} removed"),
        Kind::MemberAdded { target, required } => {
            format!("member {at} added ({target}{})", if *required { ", required" } else { "" })
        }
        Kind::MemberRemoved { target } => format!("member {at} removed (was {target})"),
        Kind::TypeChanged { from, to } => format!("type of {at} changed from {from} to {to}"),
        Kind::ShapeKindChanged { from, to } => format!("{at} changed from {from} to {to}"),
        Kind::RequiredAdded => format!("{at} became required"),
        Kind::RequiredRemoved => format!("{at} became optional"),
        Kind::EnumValuesAdded(v) => format!("enum {at} gained {}", v.join(", ")),
        Kind::EnumValuesRemoved(v) => format!("enum {at} lost {}", v.join(", ")),
        Kind::DocumentationChanged => format!("documentation of {at} changed"),
    }
}

/// Where a change shows, compactly: `CreateTrainingJob (request: ResourceConfig.InstanceType)`.
fn places(change: &Change) -> Vec<String> {
    let mut by_op: BTreeMap<&str, Vec<String>> = BTreeMap::new();
    for o in &change.occurrences {
        let entry = by_op.entry(o.operation.as_str()).or_default();
        let place = if o.path.is_empty() {
            o.side.as_str().to_owned()
        } else {
            format!("{}: {}", o.side.as_str(), o.path.join("."))
        };
        if !entry.contains(&place) {
            entry.push(place);
        }
    }
    by_op
        .into_iter()
        .map(|(op, p)| {
            if matches!(p.as_slice(), [one] if one == "request") {
                op.to_owned()
            } else {
                format!("{op} ({})", p.join("; "))
            }
        })
        .collect()
}

fn paint(text: &str, severity: Severity, color: bool) -> String {
    if !color {
        return text.to_owned();
    }
    let code = match severity {
        Severity::Breaking => "31",
        Severity::Dangerous => "33",
        Severity::Safe => "32",
    };
    format!("\x1b[{code}m{text}\x1b[0m")
}

/// The plain-text report.
pub fn render_text(report: &Report, new_model: &Model, options: &RenderOptions) -> String {
    let mut out = String::new();
    let _ = writeln!(out, "{} → {}: {}", report.old, report.new, summary(report, options.docs));
    for change in shown(report, options) {
        let tag = paint(&format!("{:<9}", change.severity.as_str()), change.severity, options.color);
        let _ = writeln!(out, "{tag} {}", describe(change));
        let _ = writeln!(out, "          in: {}", places(change).join(", "));
        let _ = writeln!(out, "          crate: {}", change.impact);
    }
    if options.changes_view {
        out.push_str(&changes_view(report, new_model));
    }
    out
}

/// The Markdown report, for a pull-request comment.
pub fn render_markdown(report: &Report, new_model: &Model, options: &RenderOptions) -> String {
    let mut out = String::new();
    let _ = writeln!(out, "### API changes {} → {}\n", report.old, report.new);
    let _ = writeln!(out, "{}\n", summary(report, options.docs));
    if shown(report, options).next().is_some() {
        let _ = writeln!(out, "| severity | change | operations | for crate users |");
        let _ = writeln!(out, "| --- | --- | --- | --- |");
        for change in shown(report, options) {
            let _ = writeln!(
                out,
                "| {} | {} | {} | {} |",
                change.severity,
                md(&describe(change)),
                md(&places(change).join(", ")),
                md(&change.impact)
            );
        }
    }
    if options.changes_view {
        let view = changes_view(report, new_model);
        if !view.is_empty() {
            let _ = writeln!(out, "\n<details><summary>Changes, as the change pages print them</summary>\n\n```python\n{view}```\n</details>");
        }
    }
    out
}

fn md(text: &str) -> String {
    text.replace('|', "\\|")
}

fn summary(report: &Report, docs: bool) -> String {
    format!(
        "{} breaking, {} dangerous, {} safe",
        report.count(Severity::Breaking, docs),
        report.count(Severity::Dangerous, docs),
        report.count(Severity::Safe, docs)
    )
}

/// The JSON report. Its form is stable; see the README.
pub fn render_json(report: &Report, options: &RenderOptions) -> String {
    let changes: Vec<Value> = shown(report, options)
        .map(|c| {
            let mut detail = serde_json::Map::new();
            match &c.kind {
                Kind::MemberAdded { target, required } => {
                    detail.insert("target".into(), json!(target));
                    detail.insert("required".into(), json!(required));
                }
                Kind::MemberRemoved { target } => {
                    detail.insert("target".into(), json!(target));
                }
                Kind::TypeChanged { from, to } | Kind::ShapeKindChanged { from, to } => {
                    detail.insert("from".into(), json!(from));
                    detail.insert("to".into(), json!(to));
                }
                Kind::EnumValuesAdded(v) | Kind::EnumValuesRemoved(v) => {
                    detail.insert("values".into(), json!(v));
                }
                _ => {}
            }
            json!({
                "severity": c.severity.as_str(),
                "kind": c.kind.name(),
                "shape": c.shape,
                "member": c.member,
                "detail": detail,
                "operations": c.operations(),
                "occurrences": c.occurrences.iter().map(|o| json!({
                    "operation": o.operation,
                    "side": o.side.as_str(),
                    "path": o.path,
                })).collect::<Vec<_>>(),
                "impact": c.impact,
            })
        })
        .collect();
    let value = json!({
        "format": 1,
        "old": report.old,
        "new": report.new,
        "summary": {
            "breaking": report.count(Severity::Breaking, options.docs),
            "dangerous": report.count(Severity::Dangerous, options.docs),
            "safe": report.count(Severity::Safe, options.docs),
        },
        "changes": changes,
    });
    let mut text = serde_json::to_string_pretty(&value).unwrap_or_default();
    text.push('\n');
    text
}

/// Additions per operation and side, as nested literals in the change pages'
/// style: new members with their type skeleton, and new enum values as sets.
pub fn changes_view(report: &Report, new_model: &Model) -> String {
    let mut trees: BTreeMap<(String, Side), Tree> = BTreeMap::new();
    for change in &report.changes {
        for o in &change.occurrences {
            let leaf = match &change.kind {
                Kind::MemberAdded { .. } => {
                    let target = member_target(new_model, &change.shape, change.member.as_deref().unwrap_or(""));
                    Tree::Leaf(skeleton(new_model, target.as_deref().unwrap_or(""), 4))
                }
                Kind::EnumValuesAdded(values) => Tree::Leaf(format!(
                    "{{{}}}",
                    values.iter().map(|v| format!("'{v}'")).collect::<Vec<_>>().join(", ")
                )),
                _ => continue,
            };
            trees
                .entry((o.operation.clone(), o.side))
                .or_insert_with(|| Tree::Node(BTreeMap::new()))
                .insert(&o.path, leaf);
        }
    }
    let mut out = String::new();
    for ((operation, side), tree) in trees {
        let _ = writeln!(out, "{operation}\nChanges ({})\n{}\n", side.as_str(), tree.render(0));
    }
    out
}

fn member_target(model: &Model, shape: &str, member: &str) -> Option<String> {
    model.shapes.iter().find_map(|(id, s)| match &s.kind {
        ShapeKind::Structure(members) | ShapeKind::Union(members) if shape_name(id) == shape => {
            members.get(member).map(|m| m.target.clone())
        }
        _ => None,
    })
}

/// A member's type skeleton as the pages print it.
fn skeleton(model: &Model, target: &str, depth: usize) -> String {
    if let Some(simple) = Simple::from_prelude_id(target) {
        return simple_skeleton(simple).to_owned();
    }
    let Some(shape) = model.shapes.get(target) else { return format!("'{}'", type_label(model, target)) };
    if depth == 0 {
        return "{...}".to_owned();
    }
    match &shape.kind {
        ShapeKind::Simple(s) => simple_skeleton(*s).to_owned(),
        ShapeKind::Enum(values) => values.values().map(|v| format!("'{v}'")).collect::<Vec<_>>().join("|"),
        ShapeKind::IntEnum(values) => values.values().map(i32::to_string).collect::<Vec<_>>().join("|"),
        ShapeKind::Structure(members) | ShapeKind::Union(members) => {
            let inner: Vec<String> =
                members.iter().map(|(n, m)| format!("'{n}': {}", skeleton(model, &m.target, depth - 1))).collect();
            format!("{{{}}}", inner.join(", "))
        }
        ShapeKind::List(m) => format!("[{}]", skeleton(model, &m.target, depth - 1)),
        ShapeKind::Map { value, .. } => format!("{{'string': {}}}", skeleton(model, &value.target, depth - 1)),
        _ => "'?'".to_owned(),
    }
}

fn simple_skeleton(simple: Simple) -> &'static str {
    match simple {
        Simple::String => "'string'",
        Simple::Integer | Simple::Long => "123",
        Simple::Float | Simple::Double => "123.0",
        Simple::Boolean => "True|False",
        Simple::Timestamp => "datetime(2015, 1, 1)",
        Simple::Blob => "b'bytes'",
        Simple::Document => "{...}",
    }
}

/// Nested additions under one operation and side.
enum Tree {
    Leaf(String),
    Node(BTreeMap<String, Tree>),
}

impl Tree {
    fn insert(&mut self, path: &[String], leaf: Tree) {
        let Tree::Node(children) = self else { return };
        match path {
            [] => {}
            [last] => {
                children.insert(last.clone(), leaf);
            }
            [first, rest @ ..] => {
                children.entry(first.clone()).or_insert_with(|| Tree::Node(BTreeMap::new())).insert(rest, leaf);
            }
        }
    }

    /// Renders as a literal whose opening brace sits at column `column`;
    /// nested keys line up under their dict's first key, as pprint does.
    fn render(&self, column: usize) -> String {
        match self {
            Tree::Leaf(text) => text.clone(),
            Tree::Node(children) => {
                let inner: Vec<String> = children
                    .iter()
                    .map(|(k, v)| {
                        let key = format!("'{k}': ");
                        format!("{key}{}", v.render(column + 1 + key.chars().count()))
                    })
                    .collect();
                let separator = format!(",\n{}", " ".repeat(column + 1));
                format!("{{{}}}", inner.join(&separator))
            }
        }
    }
}
