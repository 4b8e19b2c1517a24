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
struct Evidence {
    file: String,
    line: usize,
    day: i64,
    op: String,
    noun: String,
    request: bool,
    path: Vec<String>,
    target: Option<Target>,
    required: Required,
}

/// Everything all pages prove, for lookups.
pub struct Index {
    items: Vec<Evidence>,
}

/// One recovered fact, for the summary.
#[derive(Debug, Clone, PartialEq, Eq, PartialOrd, Ord)]
pub struct Recovered {
    pub file: String,
    pub line: usize,
    pub what: String,
    pub from: String,
}

fn day_number(date: &str) -> i64 {
    let part = |r: std::ops::Range<usize>| date.get(r).and_then(|s| s.parse::<i64>().ok()).unwrap_or(0);
    part(0..4) * 372 + part(5..7) * 31 + part(8..10)
}

impl Index {
    /// Indexes every member of every operation of every page.
    pub fn build<'a>(pages: impl IntoIterator<Item = (&'a str, &'a str, &'a OperationPage)>) -> Index {
        let mut items = Vec::new();
        for (file, date, op) in pages {
            let noun = resource_noun(&op.name).to_string();
            let mut add = |request: bool, members: &[Member]| {
                let mut path = Vec::new();
                collect(members, &mut path, &mut |path, target, required, line| {
                    items.push(Evidence {
                        file: file.to_string(),
                        line,
                        day: day_number(date),
                        op: op.name.to_ascii_lowercase(),
                        noun: noun.clone(),
                        request,
                        path: path.to_vec(),
                        target: (!target.is_uncertain()).then(|| target.clone()),
                        required,
                    })
                });
            };
            add(true, &op.input);
            if let Output::Members(out) = &op.output {
                add(false, out);
            }
        }
        Index { items }
    }

    fn best<'a>(&'a self, file: &str, day: i64, pred: impl Fn(&Evidence) -> bool) -> Option<&'a Evidence> {
        self.items
            .iter()
            .filter(|e| pred(e))
            .min_by_key(|e| (e.file != file, (e.day - day).abs(), e.day > day, e.file.clone(), e.line))
    }
}

type Visit<'v> = dyn FnMut(&[String], &Target, Required, usize) + 'v;

fn collect(members: &[Member], path: &mut Vec<String>, visit: &mut Visit<'_>) {
    for m in members {
        path.push(m.name.clone());
        visit(path, &m.target, m.required, m.line);
        collect_target(&m.target, path, visit);
        path.pop();
    }
}

fn collect_target(t: &Target, path: &mut Vec<String>, visit: &mut Visit<'_>) {
    match t {
        Target::Structure(ms) => collect(ms, path, visit),
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
pub fn fill(op: &mut OperationPage, file: &str, date: &str, index: &Index) -> Vec<Recovered> {
    let ctx = Ctx {
        file,
        day: day_number(date),
        op: op.name.to_ascii_lowercase(),
        noun: resource_noun(&op.name).to_string(),
        index,
    };
    let mut out = Vec::new();
    let mut path = Vec::new();
    ctx.members(&mut op.input, true, &mut path, &mut out);
    if let Output::Members(ms) = &mut op.output {
        ctx.members(ms, false, &mut path, &mut out);
    }
    out
}

struct Ctx<'a> {
    file: &'a str,
    day: i64,
    op: String,
    noun: String,
    index: &'a Index,
}

impl Ctx<'_> {
    fn members(&self, members: &mut [Member], request: bool, path: &mut Vec<String>, out: &mut Vec<Recovered>) {
        for m in members {
            path.push(m.name.clone());
            if m.target.is_uncertain() {
                if let Some(e) = self.target_evidence(&m.target, request, path) {
                    out.push(self.recovered(m.line, format!("the type of `{}`", path.join(".")), e));
                    m.target = e.target.clone().unwrap_or(Target::Unknown);
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
        match t {
            Target::Structure(ms) => self.members(ms, request, path, out),
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
                item.target = e.target.clone().unwrap_or(Target::Unknown);
            }
        }
        self.target(&mut item.target, request, path, out);
        path.pop();
    }

    fn recovered(&self, line: usize, what: String, e: &Evidence) -> Recovered {
        Recovered { file: self.file.to_string(), line, what, from: format!("{}:{}", e.file, e.line) }
    }

    fn target_evidence(&self, uncertain: &Target, request: bool, path: &[String]) -> Option<&Evidence> {
        let ok = |e: &Evidence| e.target.as_ref().is_some_and(|t| accepts(uncertain, t));
        let i = self.index;
        i.best(self.file, self.day, |e| ok(e) && e.op == self.op && e.request == request && e.path == path).or_else(
            || {
                if path.len() == 1 {
                    i.best(self.file, self.day, |e| ok(e) && e.noun == self.noun && e.path == path)
                } else {
                    let tail = &path[path.len() - 2..];
                    i.best(self.file, self.day, |e| ok(e) && e.path.len() >= 2 && &e.path[e.path.len() - 2..] == tail)
                }
            },
        )
    }

    fn required_evidence(&self, path: &[String]) -> Option<&Evidence> {
        let known = |e: &Evidence| e.request && e.required != Required::Unknown;
        let i = self.index;
        i.best(self.file, self.day, |e| known(e) && e.op == self.op && e.path == path).or_else(|| {
            (path.len() >= 2).then(|| {
                let tail = &path[path.len() - 2..];
                i.best(self.file, self.day, |e| known(e) && e.path.len() >= 2 && &e.path[e.path.len() - 2..] == tail)
            })?
        })
    }
}
