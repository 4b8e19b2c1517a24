//! The round trip: the model at a page's date must give back what the page shows
//! of every operation on it (members, nesting, types, enum values and `[REQUIRED]`
//! marks), less what the page's layout lost. A wrongly merged shape shows up as a
//! member, a value or a mark the page does not have.

use crate::page::{self, Layout, Member, Required, Scalar, Target};
use crate::reconstruct::{Revision, Source};
use crate::smithy::{shape_name, Model, ShapeKind, Side, Simple};
use std::collections::{BTreeMap, BTreeSet};

/// One thing a page shows that its revision's model does not give back.
#[derive(Debug, Clone, PartialEq, Eq, PartialOrd, Ord)]
pub struct Mismatch {
    pub file: String,
    pub line: usize,
    pub operation: String,
    pub side: Side,
    /// Member names from the input or output down to the member.
    pub path: String,
    pub what: String,
}

impl std::fmt::Display for Mismatch {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        write!(f, "{}:{}: {} {} {}: {}", self.file, self.line, self.operation, self.side.as_str(), self.path, self.what)
    }
}

/// Counts for one layout.
#[derive(Debug, Clone, Copy, Default, PartialEq, Eq)]
pub struct LayoutCounts {
    pub pages: usize,
    pub operations: usize,
    /// Members, items, keys and values compared.
    pub checked: usize,
    pub mismatches: usize,
}

/// What the round trip found.
#[derive(Debug, Clone, Default)]
pub struct Report {
    pub by_layout: BTreeMap<Layout, LayoutCounts>,
    pub mismatches: Vec<Mismatch>,
}

/// Compares every operation of every page with the revision of the page's date.
/// `revisions` must hold every date the pages have.
pub fn check(pages: &[Source], revisions: &[Revision]) -> Report {
    let by_date: BTreeMap<&str, &Model> = revisions.iter().map(|r| (r.date.as_str(), &r.model)).collect();
    let mut report = Report::default();
    for source in pages {
        let Some(model) = by_date.get(source.revision.as_str()) else { continue };
        let counts = report.by_layout.entry(source.page.layout).or_default();
        counts.pages += 1;
        let ops: BTreeMap<String, &str> =
            model.operations().into_iter().map(|id| (shape_name(id).to_ascii_lowercase(), id)).collect();
        for op in &source.page.operations {
            counts.operations += 1;
            let mut walk = Walk {
                model,
                file: &source.page.file,
                operation: &op.name,
                side: Side::Request,
                path: Vec::new(),
                checked: 0,
                out: Vec::new(),
            };
            let Some(id) = ops.get(&op.name.to_ascii_lowercase()) else {
                walk.mismatch(op.line, "the operation is not in the model".into());
                counts.mismatches += walk.out.len();
                report.mismatches.append(&mut walk.out);
                continue;
            };
            let (input, output) = match model.shapes.get(*id).map(|s| &s.kind) {
                Some(ShapeKind::Operation { input, output, .. }) => (input.clone(), output.clone()),
                _ => (None, None),
            };
            walk.members(&op.input, input.as_deref(), op.line);
            walk.side = Side::Response;
            match (&op.output, output) {
                (page::Output::Members(ms), Some(id)) => walk.members(ms, Some(&id), op.line),
                (page::Output::Members(ms), None) if !ms.is_empty() => {
                    walk.mismatch(op.line, "the page shows a response; the model has no output".into())
                }
                (page::Output::Nothing, Some(id)) if !members_of(model, &id).is_empty() => {
                    walk.mismatch(op.line, "the page says it returns nothing; the model has output members".into())
                }
                _ => {}
            }
            counts.checked += walk.checked;
            counts.mismatches += walk.out.len();
            report.mismatches.append(&mut walk.out);
        }
    }
    report.mismatches.sort();
    report
}

fn members_of<'m>(model: &'m Model, id: &str) -> Vec<(&'m String, &'m crate::smithy::Member)> {
    model.shapes.get(id).and_then(|s| s.kind.members()).map(|ms| ms.iter().collect()).unwrap_or_default()
}

struct Walk<'a> {
    model: &'a Model,
    file: &'a str,
    operation: &'a str,
    side: Side,
    path: Vec<String>,
    checked: usize,
    out: Vec<Mismatch>,
}

impl Walk<'_> {
    fn mismatch(&mut self, line: usize, what: String) {
        self.out.push(Mismatch {
            file: self.file.to_string(),
            line,
            operation: self.operation.to_string(),
            side: self.side,
            path: if self.path.is_empty() { "(top)".into() } else { self.path.join(".") },
            what,
        });
    }

    fn members(&mut self, page_members: &[Member], id: Option<&str>, line: usize) {
        let model_members = id.map(|id| members_of(self.model, id)).unwrap_or_default();
        let shown: BTreeSet<&str> = page_members.iter().map(|m| m.name.as_str()).collect();
        for (name, _) in &model_members {
            if !shown.contains(name.as_str()) {
                self.mismatch(line, format!("the model has member `{name}`, which the page does not show"));
            }
        }
        for m in page_members {
            self.checked += 1;
            self.path.push(m.name.clone());
            match model_members.iter().find(|(n, _)| **n == m.name) {
                None => self.mismatch(m.line, "the page shows this member; the model does not have it".into()),
                Some((_, member)) => {
                    if self.side == Side::Request && m.required != Required::Unknown {
                        let page_required = m.required == Required::Yes;
                        if page_required != member.is_required() {
                            self.mismatch(
                                m.line,
                                format!(
                                    "the page marks it {}; the model {}",
                                    if page_required { "[REQUIRED]" } else { "optional" },
                                    if member.is_required() { "requires it" } else { "does not" }
                                ),
                            );
                        }
                    }
                    let target = member.target.clone();
                    self.target(&m.target, &target, m.line);
                }
            }
            self.path.pop();
        }
    }

    fn target(&mut self, t: &Target, id: &str, line: usize) {
        let kind = self.model.shapes.get(id).map(|s| &s.kind);
        let simple = Simple::from_prelude_id(id).or(match kind {
            Some(ShapeKind::Simple(s)) => Some(*s),
            _ => None,
        });
        match t {
            // What the layout lost proves nothing either way.
            Target::Unknown | Target::StringOrEnum | Target::FloatingPoint | Target::Recursive => {}
            Target::Scalar(s) => {
                let ok = match s {
                    Scalar::String => simple == Some(Simple::String),
                    Scalar::Integer => matches!(simple, Some(Simple::Integer | Simple::Long)),
                    Scalar::Double => simple == Some(Simple::Double),
                    Scalar::Float => simple == Some(Simple::Float),
                    Scalar::Boolean => simple == Some(Simple::Boolean),
                    Scalar::Timestamp => simple == Some(Simple::Timestamp),
                    Scalar::Blob => simple == Some(Simple::Blob),
                    Scalar::Document => simple == Some(Simple::Document),
                };
                if !ok {
                    self.mismatch(line, format!("the page shows a {s:?}; the model has {}", describe(kind, simple)));
                }
            }
            Target::Enum { values, complete } => match kind {
                Some(ShapeKind::Enum(model_values)) => {
                    let page: BTreeSet<&str> = values.iter().map(String::as_str).collect();
                    let model: BTreeSet<&str> = model_values.values().map(String::as_str).collect();
                    let extra: Vec<&&str> = model.difference(&page).collect();
                    let missing: Vec<&&str> = page.difference(&model).collect();
                    if !missing.is_empty() || (*complete && !extra.is_empty()) {
                        self.mismatch(
                            line,
                            format!("enum values differ: the page alone has {missing:?}, the model alone {extra:?}"),
                        );
                    }
                }
                _ => self.mismatch(line, format!("the page shows an enum; the model has {}", describe(kind, simple))),
            },
            Target::Structure(ms) | Target::Union(ms) => {
                let union = matches!(t, Target::Union(_));
                match kind {
                    Some(ShapeKind::Structure(_)) if !union => self.members(ms, Some(id), line),
                    Some(ShapeKind::Union(_)) if union => self.members(ms, Some(id), line),
                    _ => self.mismatch(
                        line,
                        format!(
                            "the page shows a {}; the model has {}",
                            if union { "union" } else { "structure" },
                            describe(kind, simple)
                        ),
                    ),
                }
            }
            Target::List(item) => match kind {
                Some(ShapeKind::List(m)) => {
                    self.path.push("[]".into());
                    self.checked += 1;
                    let target = m.target.clone();
                    self.target(&item.target, &target, item.line);
                    self.path.pop();
                }
                _ => self.mismatch(line, format!("the page shows a list; the model has {}", describe(kind, simple))),
            },
            Target::Map(k, v) => match kind {
                Some(ShapeKind::Map { key, value }) => {
                    let (key, value) = (key.target.clone(), value.target.clone());
                    self.checked += 2;
                    self.path.push("{key}".into());
                    self.target(&k.target, &key, k.line);
                    self.path.pop();
                    self.path.push("{value}".into());
                    self.target(&v.target, &value, v.line);
                    self.path.pop();
                }
                _ => self.mismatch(line, format!("the page shows a map; the model has {}", describe(kind, simple))),
            },
        }
    }
}

fn describe(kind: Option<&ShapeKind>, simple: Option<Simple>) -> String {
    match (kind, simple) {
        (_, Some(s)) => format!("a {}", s.type_name()),
        (Some(k), None) => format!("a {}", k.type_name()),
        (None, None) => "nothing".into(),
    }
}
