//! Recovers facts a page lost from what other pages prove about the same member.
//!
//! Evidence, in order of preference:
//! 1. the same operation, side and member path on another page;
//! 2. for a top-level member, a top-level member of the same name in an operation
//!    on the same resource (`CreateNotebookInstance` ↔ `DescribeNotebookInstance`);
//! 3. for a nested member, a member of the same name under a parent of the same name.
//!
//! Within a rule, the same page wins, then the nearest date (the older on a tie).
//! Requiredness is taken only from request sides, and only by rules 1 and 3.

use super::naming::resource_noun;
use crate::page::{Item, Member, OperationPage, Output, Required, Scalar, Target};

/// A fact some page proves about a member.
struct Evidence<'a> {
    file: &'a str,
    line: usize,
    day: i64,
    op: String,
    noun: String,
    request: bool,
    path: Vec<String>,
    target: Option<&'a Target>,
    required: Required,
}

/// Everything all pages prove, for lookups, by the last name of the path.
pub struct Index<'a> {
    items: Vec<Evidence<'a>>,
    by_name: std::collections::HashMap<String, Vec<usize>>,
}

/// One recovered fact, for the summary.
#[derive(Debug, Clone, PartialEq, Eq, PartialOrd, Ord)]
pub struct Recovered {
    pub file: String,
    pub line: usize,
    pub what: String,
    pub from: String,
}

/// A day count for distances between dates (not calendar-exact, but monotonic).
pub(crate) fn day_number(date: &str) -> i64 {
    let part = |r: std::ops::Range<usize>| date.get(r).and_then(|s| s.parse::<i64>().ok()).unwrap_or(0);
    part(0..4) * 372 + part(5..7) * 31 + part(8..10)
}

impl<'a> Index<'a> {
    /// Indexes every member of every operation of every page.
    pub fn build(pages: impl IntoIterator<Item = (&'a str, &'a str, &'a OperationPage)>) -> Index<'a> {
        let mut items = Vec::new();
        for (file, date, op) in pages {
            let noun = resource_noun(&op.name).to_string();
            let mut add = |request: bool, members: &'a [Member]| {
                let mut path = Vec::new();
                collect(members, &mut path, &mut |path, target: &'a Target, required, line| {
                    items.push(Evidence {
                        file,
                        line,
                        day: day_number(date),
                        op: op.name.to_ascii_lowercase(),
                        noun: noun.clone(),
                        request,
                        path: path.to_vec(),
                        target: (!target.is_uncertain()).then_some(target),
                        required,
                    })
                });
            };
            add(true, &op.input);
            if let Output::Members(out) = &op.output {
                add(false, out);
            }
        }
        let mut by_name: std::collections::HashMap<String, Vec<usize>> = Default::default();
        for (k, e) in items.iter().enumerate() {
            if let Some(last) = e.path.last() {
                by_name.entry(last.clone()).or_default().push(k);
            }
        }
        Index { items, by_name }
    }

    /// The best evidence among those whose path ends in `last`.
    fn best(&self, last: &str, file: &str, day: i64, pred: impl Fn(&Evidence<'a>) -> bool) -> Option<&Evidence<'a>> {
        self.by_name
            .get(last)?
            .iter()
            .map(|&k| &self.items[k])
            .filter(|e| pred(e))
            .min_by_key(|e| (e.file != file, (e.day - day).abs(), e.day > day, e.file, e.line))
    }
}

type Visit<'a, 'v> = dyn FnMut(&[String], &'a Target, Required, usize) + 'v;

fn collect<'a>(members: &'a [Member], path: &mut Vec<String>, visit: &mut Visit<'a, '_>) {
    for m in members {
        path.push(m.name.clone());
        visit(path, &m.target, m.required, m.line);
        collect_target(&m.target, path, visit);
        path.pop();
    }
}

fn collect_target<'a>(t: &'a Target, path: &mut Vec<String>, visit: &mut Visit<'a, '_>) {
    match t {
        Target::Structure(ms) | Target::Union(ms) => collect(ms, path, visit),
        Target::List(item) => {
            path.push("[]".into());
            visit(path, &item.target, Required::Unknown, item.line);
            collect_target(&item.target, path, visit);
            path.pop();
        }
        Target::Map(k, v) => {
            for (label, item) in [("{k}", k), ("{v}", v)] {
                path.push(label.into());
                visit(path, &item.target, Required::Unknown, item.line);
                collect_target(&item.target, path, visit);
                path.pop();
            }
        }
        _ => {}
    }
}

/// Calls `visit` with every member's and item's target and required mark.
pub(crate) fn visit_targets(op: &OperationPage, visit: &mut dyn FnMut(&Target, Required)) {
    let mut path = Vec::new();
    let mut each = |_: &[String], t: &Target, r: Required, _: usize| visit(t, r);
    collect(&op.input, &mut path, &mut each);
    if let Output::Members(out) = &op.output {
        let mut each = |_: &[String], t: &Target, _: Required, _: usize| visit(t, Required::No);
        collect(out, &mut path, &mut each);
    }
}

fn accepts(uncertain: &Target, certain: &Target) -> bool {
    match uncertain {
        Target::Unknown => true,
        Target::StringOrEnum => matches!(certain, Target::Enum { .. } | Target::Scalar(Scalar::String)),
        Target::FloatingPoint => matches!(certain, Target::Scalar(Scalar::Double | Scalar::Float)),
        Target::Enum { complete: false, values } => {
            matches!(certain, Target::Enum { values: v, .. } if values.iter().all(|x| v.contains(x)))
        }
        _ => false,
    }
}

/// Fills the uncertain facts of one operation, as documented on page `file` of
/// date `date`. Returns what was recovered.
///
/// `notes_lost` says the layout dropped Note boxes (the flattened one), and with
/// them the mark of a tagged union: a structure another page proves a union at
/// the same place becomes one.
pub fn fill(op: &mut OperationPage, file: &str, date: &str, index: &Index<'_>, notes_lost: bool) -> Vec<Recovered> {
    let added_values = op
        .changes
        .iter()
        .flat_map(|set| {
            let sided = set.request.iter().map(|i| (Some(true), i));
            let sided = sided.chain(set.response.iter().map(|i| (Some(false), i)));
            sided.chain(set.unsided.iter().map(|i| (None, i)))
        })
        .filter_map(|(side, item)| match &item.change {
            crate::page::changes::Change::EnumValues(values) => Some((side, item.path.clone(), values.clone())),
            _ => None,
        })
        .collect();
    let ctx = Filler {
        file,
        day: day_number(date),
        op: op.name.to_ascii_lowercase(),
        noun: resource_noun(&op.name).to_string(),
        index,
        added_values,
        notes_lost,
    };
    let mut out = Vec::new();
    let mut path = Vec::new();
    ctx.members(&mut op.input, true, &mut path, &mut out);
    if let Output::Members(ms) = &mut op.output {
        ctx.members(ms, false, &mut path, &mut out);
    }
    out
}

struct Filler<'a> {
    file: &'a str,
    day: i64,
    op: String,
    noun: String,
    index: &'a Index<'a>,
    /// Enum values the page's own `Changes` block says were added, by side
    /// (`None`: unsided) and path (lists looked through).
    added_values: Vec<(Option<bool>, Vec<String>, Vec<String>)>,
    notes_lost: bool,
}

impl<'a> Filler<'a> {
    fn members(&self, members: &mut [Member], request: bool, path: &mut Vec<String>, out: &mut Vec<Recovered>) {
        for m in members {
            path.push(m.name.clone());
            if m.target.is_uncertain() {
                if let Some(e) = self.target_evidence(&m.target, request, path) {
                    out.push(self.recovered(m.line, format!("the type of `{}`", path.join(".")), e));
                    m.target = e.target.cloned().unwrap_or(Target::Unknown);
                    self.add_changed_values(&mut m.target, request, path, e.day);
                }
            }
            if request && m.required == Required::Unknown {
                if let Some(e) = self.required_evidence(path) {
                    out.push(self.recovered(m.line, format!("whether `{}` is required", path.join(".")), e));
                    m.required = e.required;
                }
            }
            self.target(&mut m.target, request, path, out);
            path.pop();
        }
    }

    fn target(&self, t: &mut Target, request: bool, path: &mut Vec<String>, out: &mut Vec<Recovered>) {
        if let Target::Structure(ms) = t {
            if let Some(e) = self.notes_lost.then(|| self.union_evidence(request, path)).flatten() {
                out.push(self.recovered(e.line, format!("that `{}` is a tagged union", path.join(".")), e));
                *t = Target::Union(std::mem::take(ms));
            }
        }
        match t {
            Target::Structure(ms) | Target::Union(ms) => self.members(ms, request, path, out),
            Target::List(item) => self.item(item, "[]", request, path, out),
            Target::Map(k, v) => {
                self.item(k, "{k}", request, path, out);
                self.item(v, "{v}", request, path, out);
            }
            _ => {}
        }
    }

    /// A list's item, or a map's key or value, labelled in the path by `label`.
    fn item(&self, item: &mut Item, label: &str, request: bool, path: &mut Vec<String>, out: &mut Vec<Recovered>) {
        path.push(label.into());
        if item.target.is_uncertain() {
            if let Some(e) = self.target_evidence(&item.target, request, path) {
                out.push(self.recovered(item.line, format!("the type of `{}`", path.join(".")), e));
                item.target = e.target.cloned().unwrap_or(Target::Unknown);
                self.add_changed_values(&mut item.target, request, path, e.day);
            }
        }
        self.target(&mut item.target, request, path, out);
        path.pop();
    }

    /// An enum recovered from an older page lacks the values added since: the
    /// page's own `Changes` block names them.
    fn add_changed_values(&self, target: &mut Target, request: bool, path: &[String], evidence_day: i64) {
        let Target::Enum { values, .. } = target else { return };
        if evidence_day >= self.day {
            return;
        }
        let plain: Vec<&String> = path.iter().filter(|p| !matches!(p.as_str(), "[]" | "{k}" | "{v}")).collect();
        for (side, at, added) in &self.added_values {
            if side.is_none_or(|s| s == request) && at.iter().collect::<Vec<_>>() == plain {
                for v in added {
                    if !values.contains(v) {
                        values.push(v.clone());
                    }
                }
            }
        }
    }

    fn recovered(&self, line: usize, what: String, e: &Evidence<'_>) -> Recovered {
        Recovered { file: self.file.to_string(), line, what, from: format!("{}:{}", e.file, e.line) }
    }

    fn target_evidence(&self, uncertain: &Target, request: bool, path: &[String]) -> Option<&Evidence<'a>> {
        let ok = |e: &Evidence<'_>| e.target.is_some_and(|t| accepts(uncertain, t));
        let i = self.index;
        let last = path.last()?;
        i.best(last, self.file, self.day, |e| ok(e) && e.op == self.op && e.request == request && e.path == path)
            .or_else(|| {
                if path.len() == 1 {
                    i.best(last, self.file, self.day, |e| ok(e) && e.noun == self.noun && e.path == path)
                } else {
                    let tail = &path[path.len() - 2..];
                    i.best(last, self.file, self.day, |e| {
                        ok(e) && e.path.len() >= 2 && &e.path[e.path.len() - 2..] == tail
                    })
                }
            })
    }

    fn union_evidence(&self, request: bool, path: &[String]) -> Option<&Evidence<'a>> {
        let union = |e: &Evidence<'_>| matches!(e.target, Some(Target::Union(_)));
        let i = self.index;
        let last = path.last()?;
        i.best(last, self.file, self.day, |e| union(e) && e.op == self.op && e.request == request && e.path == path)
            .or_else(|| {
                let tail = &path[path.len().saturating_sub(2)..];
                i.best(last, self.file, self.day, |e| union(e) && e.path.len() >= tail.len() && e.path.ends_with(tail))
            })
    }

    fn required_evidence(&self, path: &[String]) -> Option<&Evidence<'a>> {
        let known = |e: &Evidence<'_>| e.request && e.required != Required::Unknown;
        let i = self.index;
        let last = path.last()?;
        i.best(last, self.file, self.day, |e| known(e) && e.op == self.op && e.path == path).or_else(|| {
            (path.len() >= 2).then(|| {
                let tail = &path[path.len() - 2..];
                i.best(last, self.file, self.day, |e| {
                    known(e) && e.path.len() >= 2 && &e.path[e.path.len() - 2..] == tail
                })
            })?
        })
    }
}
