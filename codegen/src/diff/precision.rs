//! The other direction of the change-log check: every change the diff reports
//! between two revisions must be one a release page of that interval shows.
//!
//! A place (operation, side, path) of a change is explained when a change page
//! dated in the interval lists the operation and shows the change:
//!
//! - an operation added: the page lists it;
//! - a member added, a type changed, enum values added: an item of the
//!   operation's `Changes` block on that side at, inside or around the path;
//! - a member, enum value or union mark that is gone, or a `[REQUIRED]` mark
//!   added or dropped: the page shows that side's syntax in full (a response
//!   too large to render shows nothing);
//! - documentation: the page shows the operation.
//!
//! A change is explained when every place of it is; pages mark `[REQUIRED]` on
//! request syntax only, so a required mark changed on a shape both sides hold is
//! judged by its request places. Anything else is unexplained: a diff a reviewer
//! cannot trust.

use super::{compare, Change, Kind, Report, Severity, Side};
use crate::page::{self, Layout, OperationPage, OperationStatus};
use crate::reconstruct::{Revision, Source};
use std::collections::BTreeMap;

/// Why a place of a change is not explained by the pages.
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord, Hash)]
pub enum Unexplained {
    /// No release page of the interval lists the operation.
    NotListed,
    /// A page lists it, but shows nothing of this change.
    NotShown,
}

impl Unexplained {
    pub fn as_str(self) -> &'static str {
        match self {
            Unexplained::NotListed => "operation not listed",
            Unexplained::NotShown => "not what the page shows",
        }
    }
}

/// The entries of one diff, counted by kind and severity.
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct PairPrecision {
    pub old: String,
    pub new: String,
    /// `(kind, severity)` → (explained, unexplained) entries.
    pub counts: BTreeMap<(&'static str, Severity), (usize, usize)>,
    /// Each unexplained entry: severity, one line, and why (its first place that is not explained).
    pub unexplained: Vec<UnexplainedEntry>,
}

/// One change the pages do not explain.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct UnexplainedEntry {
    pub severity: Severity,
    pub kind: &'static str,
    /// `old → new: <what changed> at <operation side path>: <why>`.
    pub line: String,
}

impl PairPrecision {
    /// Entries (explained, unexplained), over every kind, of a severity (any when `None`).
    pub fn totals(&self, severity: Option<Severity>) -> (usize, usize) {
        self.counts
            .iter()
            .filter(|((_, s), _)| severity.is_none_or(|want| *s == want))
            .fold((0, 0), |(e, u), (_, (x, y))| (e + x, u + y))
    }
}

/// The release pages by date: each change page's operations.
pub struct ReleasePages<'s> {
    by_date: BTreeMap<&'s str, Vec<(&'s page::Page, &'s OperationPage)>>,
}

impl<'s> ReleasePages<'s> {
    /// The change pages among `sources` (reference pages document an API, not a release).
    pub fn new(sources: &'s [Source]) -> Self {
        let mut by_date: BTreeMap<&str, Vec<(&page::Page, &OperationPage)>> = BTreeMap::new();
        for source in sources {
            if source.page.layout == Layout::Boto3Reference {
                continue;
            }
            let entry = by_date.entry(source.revision.as_str()).or_default();
            entry.extend(source.page.operations.iter().map(|op| (&source.page, op)));
        }
        ReleasePages { by_date }
    }

    /// Explains the changes between two revisions by the pages dated after `old`
    /// up to and including `new`.
    pub fn check(&self, old: &Revision, new: &Revision) -> PairPrecision {
        let report = compare(&old.date, &old.model, &new.date, &new.model);
        self.check_report(&report)
    }

    /// [`ReleasePages::check`] on a diff already made.
    pub fn check_report(&self, report: &Report) -> PairPrecision {
        use std::ops::Bound::{Excluded, Included};
        let pages: Vec<(&page::Page, &OperationPage)> = self
            .by_date
            .range::<str, _>((Excluded(report.old.as_str()), Included(report.new.as_str())))
            .flat_map(|(_, ops)| ops.iter().copied())
            .collect();
        let mut result = PairPrecision { old: report.old.clone(), new: report.new.clone(), ..Default::default() };
        for change in &report.changes {
            let marks = matches!(change.kind, Kind::RequiredAdded | Kind::RequiredRemoved);
            let judged_by_request = marks && change.occurrences.iter().any(|o| o.side == Side::Request);
            let places = change.occurrences.iter().filter(|o| !judged_by_request || o.side == Side::Request);
            let why = places.into_iter().find_map(|o| {
                let listed: Vec<&(&page::Page, &OperationPage)> =
                    pages.iter().filter(|(_, op)| op.name == o.operation).collect();
                if listed.is_empty() {
                    return Some((o, Unexplained::NotListed));
                }
                let shown = match &change.kind {
                    // Over an interval of several releases, each may add some of the values.
                    Kind::EnumValuesAdded(values) => values.iter().all(|v| {
                        let one = Change { kind: Kind::EnumValuesAdded(vec![v.clone()]), ..change.clone() };
                        listed.iter().any(|(page, op)| shows(page, op, &one, o.side, &o.path))
                    }),
                    _ => listed.iter().any(|(page, op)| shows(page, op, change, o.side, &o.path)),
                };
                (!shown).then_some((o, Unexplained::NotShown))
            });
            let count = result.counts.entry((change.kind.name(), change.severity)).or_default();
            match why {
                None => count.0 += 1,
                Some((o, why)) => {
                    count.1 += 1;
                    let path = if o.path.is_empty() { String::new() } else { format!(" {}", o.path.join(".")) };
                    result.unexplained.push(UnexplainedEntry {
                        severity: change.severity,
                        kind: change.kind.name(),
                        line: format!(
                            "{} → {}: {} at {} {}{path}: {}",
                            report.old,
                            report.new,
                            super::render::describe(change),
                            o.operation,
                            o.side.as_str(),
                            why.as_str()
                        ),
                    });
                }
            }
        }
        result
    }
}

/// Whether a page that lists an operation shows one place of a change.
fn shows(page: &page::Page, op: &OperationPage, change: &Change, side: Side, path: &[String]) -> bool {
    let side_in_full = match side {
        Side::Request => true,
        Side::Response => matches!(op.output, page::Output::Members(_) | page::Output::Nothing),
    };
    let items = || {
        op.changes.iter().flat_map(move |set| {
            let sided = match side {
                Side::Request => &set.request,
                Side::Response => &set.response,
            };
            sided.iter().chain(&set.unsided)
        })
    };
    let related = |item: &page::changes::ChangeItem| item.path.starts_with(path) || path.starts_with(&item.path);
    match &change.kind {
        Kind::OperationAdded => true,
        Kind::OperationRemoved => false,
        Kind::MemberAdded { .. } | Kind::TypeChanged { .. } => {
            op.status == OperationStatus::New || items().any(related)
        }
        Kind::EnumValuesAdded(values) => items().any(|item| match &item.change {
            page::changes::Change::EnumValues(shown) => {
                item.path.as_slice() == path && values.iter().all(|v| shown.contains(v))
            }
            page::changes::Change::Added(_) => related(item),
        }),
        Kind::MemberRemoved { .. }
        | Kind::EnumValuesRemoved(_)
        | Kind::ShapeKindChanged { .. }
        | Kind::RequiredAdded
        | Kind::RequiredRemoved => side_in_full && page.layout != Layout::ChangesFlattened,
        Kind::DocumentationChanged => true,
    }
}

/// Every consecutive pair of `revisions` (in date order), checked.
pub fn verify_precision(sources: &[Source], revisions: &[Revision]) -> Vec<PairPrecision> {
    let pages = ReleasePages::new(sources);
    revisions.windows(2).map(|pair| pages.check(&pair[0], &pair[1])).collect()
}
