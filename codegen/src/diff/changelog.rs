//! The pages' own change logs as a check on the diff: every item a page's
//! `Changes` block lists for an operation must appear in `diff(P, R)`, where R
//! is the page's revision and P the newest earlier revision that documents the
//! operation.

use super::{compare, Kind, Report, Side};
use crate::page::changes::{Change as PageChange, ChangeItem};
use crate::reconstruct::{Revision, Source};
use crate::smithy::shape_name;
use std::collections::BTreeMap;

/// What the check found.
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct ChangelogReport {
    /// `Changes` blocks checked (operations with a previous revision).
    pub blocks: usize,
    /// Blocks skipped because no earlier revision documents the operation.
    pub skipped: usize,
    pub items: usize,
    pub matched: usize,
    /// Items on a side the page does not render (`too large to render`): the
    /// model cannot know them, so they are counted apart.
    pub unrendered: usize,
    /// Each unmatched item: `file:line: operation side path: what`.
    pub missing: Vec<String>,
}

/// Checks every `Changes` block of every page against the diff of the revisions.
pub fn verify_changelog(sources: &[Source], revisions: &[Revision]) -> ChangelogReport {
    let by_date: BTreeMap<&str, &Revision> = revisions.iter().map(|r| (r.date.as_str(), r)).collect();
    let mut reports: BTreeMap<(String, String), Report> = BTreeMap::new();
    let mut result = ChangelogReport::default();
    for source in sources {
        let Some(current) = by_date.get(source.revision.as_str()) else { continue };
        for op in &source.page.operations {
            let Some(set) = &op.changes else { continue };
            let previous = revisions
                .iter()
                .rev()
                .find(|r| r.date < source.revision && r.model.shapes.keys().any(|id| shape_name(id) == op.name));
            let Some(previous) = previous else {
                result.skipped += 1;
                continue;
            };
            result.blocks += 1;
            let report = reports
                .entry((previous.date.clone(), current.date.clone()))
                .or_insert_with(|| compare(&previous.date, &previous.model, &current.date, &current.model));
            let sided = set
                .request
                .iter()
                .map(|i| (Some(Side::Request), i))
                .chain(set.response.iter().map(|i| (Some(Side::Response), i)))
                .chain(set.unsided.iter().map(|i| (None, i)));
            for (side, item) in sided {
                if side == Some(Side::Response) && matches!(op.output, crate::page::Output::TooLarge { .. }) {
                    result.unrendered += 1;
                    continue;
                }
                result.items += 1;
                if appears(report, &op.name, side, item) {
                    result.matched += 1;
                } else {
                    let side = side.map_or("either side", Side::as_str);
                    result.missing.push(format!(
                        "{}:{}: {} {side} {}: {:?} not in diff {} → {}",
                        source.page.file,
                        set.line,
                        op.name,
                        item.path.join("."),
                        item.change,
                        previous.date,
                        current.date
                    ));
                }
            }
        }
    }
    result
}

/// Whether the diff shows a change item for an operation.
fn appears(report: &Report, operation: &str, side: Option<Side>, item: &ChangeItem) -> bool {
    report.changes.iter().any(|change| {
        change.occurrences.iter().any(|o| {
            if o.operation != operation || side.is_some_and(|s| s != o.side) {
                return false;
            }
            let prefix = item.path.starts_with(&o.path);
            match (&item.change, &change.kind) {
                // A member the page lists as added, or one inside a member that is new as a whole.
                (_, Kind::MemberAdded { .. }) => prefix,
                (_, Kind::TypeChanged { .. }) => prefix,
                (PageChange::EnumValues(values), Kind::EnumValuesAdded(added)) => {
                    o.path == item.path && values.iter().all(|v| added.contains(v))
                }
                _ => false,
            }
        })
    })
}
