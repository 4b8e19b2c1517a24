//! Reconstruction: pages → one Smithy model per dated API revision.
//!
//! Revision R holds every operation documented on a page dated on or before R,
//! each as its newest such page describes it. Facts a page lost are recovered
//! from other pages ([`fill`]); shapes are shared across operations, one per
//! concept ([`shapes`]).

pub mod fill;
pub mod naming;
mod shapes;

use crate::diag::{Error, Location, Result, Warning};
use crate::manifest;
use crate::page::{self, Page};
use crate::smithy::{self, traits, Model, Shape, ShapeKind};
use serde_json::{json, Value};
use std::collections::{BTreeMap, BTreeSet};
use std::path::Path;

/// A parsed page with the revision it belongs to.
#[derive(Debug, Clone)]
pub struct Source {
    pub page: Page,
    pub revision: String,
    /// The page's path as the manifest writes it (relative to the manifest), for
    /// provenance that is the same on every machine.
    pub name: String,
}

/// One reconstructed revision.
#[derive(Debug, Clone)]
pub struct Revision {
    pub date: String,
    pub model: Model,
    /// Damage on the pages it uses, and facts no page proves.
    pub warnings: Vec<Warning>,
    pub recovered: Vec<fill::Recovered>,
}

/// Shape counts of a model, for summaries.
#[derive(Debug, Clone, Copy, Default, PartialEq, Eq)]
pub struct Stats {
    pub operations: usize,
    pub structures: usize,
    pub enums: usize,
    pub lists: usize,
    pub maps: usize,
    pub members: usize,
}

impl Stats {
    pub fn of(model: &Model) -> Stats {
        let mut s = Stats { operations: model.operations().len(), ..Default::default() };
        for shape in model.shapes.values() {
            match &shape.kind {
                ShapeKind::Structure(ms) => {
                    s.structures += 1;
                    s.members += ms.len();
                }
                ShapeKind::Enum(_) => s.enums += 1,
                ShapeKind::List(_) => s.lists += 1,
                ShapeKind::Map { .. } => s.maps += 1,
                _ => {}
            }
        }
        s
    }
}

/// Reads the manifest's pages and dates each one.
pub fn load_sources(manifest_path: &Path) -> Result<Vec<Source>> {
    let entries = manifest::load(manifest_path)?;
    let mut sources = Vec::new();
    for (i, entry) in entries.iter().enumerate() {
        let display = entry.path.display().to_string();
        let page = page::read_page(&entry.path, &display)?;
        let revision = match (&entry.revision, &page.date) {
            (Some(r), Some(d)) if r != d => {
                return Err(Error::new(
                    Location::json(&manifest_path.display().to_string(), format!("$.pages[{i}].revision")),
                    format!("expected the page's own date {d}, found {r}"),
                ))
            }
            (Some(r), _) => r.clone(),
            (None, Some(d)) => d.clone(),
            (None, None) => {
                return Err(Error::new(
                    Location::json(&manifest_path.display().to_string(), format!("$.pages[{i}]")),
                    format!("expected a `revision`: the page `{}` states no date", entry.file),
                ))
            }
        };
        sources.push(Source { page, revision, name: entry.file.clone() });
    }
    check_duplicates(&sources)?;
    Ok(sources)
}

/// Two pages of one revision may not both document the same operation.
fn check_duplicates(sources: &[Source]) -> Result<()> {
    let mut seen: BTreeMap<(String, String), &str> = BTreeMap::new();
    for s in sources {
        for op in &s.page.operations {
            let key = (s.revision.clone(), op.name.to_ascii_lowercase());
            if let Some(other) = seen.insert(key, &s.page.file) {
                return Err(Error::at_line(
                    &s.page.file,
                    op.line,
                    format!("expected one page per operation and revision, but {} of revision {} is also documented in {other}", op.name, s.revision),
                ));
            }
        }
    }
    Ok(())
}

/// The revisions the sources define, oldest first.
pub fn revisions(sources: &[Source]) -> Vec<String> {
    let set: BTreeSet<&String> = sources.iter().map(|s| &s.revision).collect();
    set.into_iter().cloned().collect()
}

/// Reconstructs every revision.
pub fn reconstruct(sources: &[Source], service: &Model) -> Result<Vec<Revision>> {
    let index = fill::Index::build(
        sources
            .iter()
            .flat_map(|s| s.page.operations.iter().map(move |op| (s.page.file.as_str(), s.revision.as_str(), op))),
    );
    let mut out: Vec<Revision> = Vec::new();
    for date in revisions(sources) {
        let revision = reconstruct_revision(sources, service, &index, &date, out.last().map(|r| &r.model))?;
        out.push(revision);
    }
    Ok(out)
}

fn reconstruct_revision(
    sources: &[Source],
    service: &Model,
    index: &fill::Index,
    date: &str,
    previous: Option<&Model>,
) -> Result<Revision> {
    let (service_id, _) = service
        .service()
        .ok_or_else(|| Error::new(Location::file("service.json"), "expected exactly one service shape"))?;
    let ns = smithy::namespace(service_id).to_string();

    // The newest page on or before the revision, per operation.
    let mut chosen: BTreeMap<String, (&Source, &page::OperationPage)> = BTreeMap::new();
    for s in sources.iter().filter(|s| s.revision.as_str() <= date) {
        for op in &s.page.operations {
            let key = op.name.to_ascii_lowercase();
            let newer = chosen.get(&key).is_none_or(|(old, _)| old.revision < s.revision);
            if newer {
                chosen.insert(key, (s, op));
            }
        }
    }

    let mut warnings = Vec::new();
    let mut recovered = Vec::new();
    let mut used_pages = BTreeSet::new();
    let mut builder = shapes::Builder::new(&ns);
    for (source, op) in chosen.values() {
        let mut op = (*op).clone();
        op.name = canonical_name(sources, &op.name);
        recovered.extend(fill::fill(&mut op, &source.page.file, &source.revision, index));
        used_pages.insert(source.page.file.as_str());
        builder.add_operation(&shapes::OperationInput {
            op: &op,
            file: &source.page.file,
            name: &source.name,
            date: &source.revision,
            layout: source.page.layout.name(),
        });
    }
    for s in sources.iter().filter(|s| used_pages.contains(s.page.file.as_str())) {
        warnings.extend(s.page.warnings.iter().cloned());
    }
    for u in &builder.unknowns {
        warnings.push(Warning::at_line(&u.file, u.line, u.message.clone()));
    }

    let mut reserved: BTreeSet<String> = service.shapes.keys().map(|id| smithy::shape_name(id).to_string()).collect();
    for (_, op) in chosen.values() {
        let name = canonical_name(sources, &op.name);
        reserved.insert(format!("{name}Input"));
        reserved.insert(format!("{name}Output"));
        reserved.insert(name);
        reserved.extend(op.errors.iter().cloned());
    }
    let mut model = builder.finish(&reserved, previous);

    // Errors the pages name that the service facts do not define.
    for (_, op) in chosen.values() {
        for e in &op.errors {
            let id = format!("{ns}#{e}");
            if !service.shapes.contains_key(&id) && !model.shapes.contains_key(&id) {
                let mut shape = Shape::new(ShapeKind::Structure(
                    [("Message".to_string(), smithy::Member::new("smithy.api#String"))].into_iter().collect(),
                ));
                shape.traits.insert(traits::ERROR.into(), json!("client"));
                model.shapes.insert(id, shape);
            }
        }
    }
    for (id, shape) in &service.shapes {
        model.shapes.insert(id.clone(), shape.clone());
    }
    let operations: Vec<String> = model
        .shapes
        .iter()
        .filter(|(_, s)| matches!(s.kind, ShapeKind::Operation { .. }))
        .map(|(id, _)| id.clone())
        .collect();
    if let Some(Shape { kind: ShapeKind::Service { operations: ops, .. }, .. }) = model.shapes.get_mut(service_id) {
        *ops = operations;
    }
    define_own_traits(&mut model);
    warnings.sort();
    warnings.dedup();
    recovered.sort();
    smithy::validate(&format!("revision {date}"), &model)
        .map_err(|errs| errs.into_iter().next().unwrap_or_else(|| Error::new(Location::file(date), "invalid model")))?;
    Ok(Revision { date: date.to_string(), model, warnings, recovered })
}

/// The API's spelling of an operation name: a section header's spelling where a
/// page has one, else the spelling the text gives.
fn canonical_name(sources: &[Source], name: &str) -> String {
    let lower = name.to_ascii_lowercase();
    let mut from_header = None;
    for s in sources {
        if matches!(s.page.layout, page::Layout::ChangesFull | page::Layout::ChangesLossy) {
            if let Some(op) = s.page.operations.iter().find(|o| o.name.to_ascii_lowercase() == lower) {
                from_header = Some(op.name.clone());
            }
        }
    }
    from_header.unwrap_or_else(|| name.to_string())
}

/// The traits this project defines, so that the model stays self-contained.
fn define_own_traits(model: &mut Model) {
    let trait_shape = |kind: ShapeKind, doc: &str| {
        let mut s = Shape::new(kind);
        s.traits.insert(traits::TRAIT.into(), json!({}));
        s.traits.insert(traits::DOCUMENTATION.into(), Value::String(doc.into()));
        s
    };
    let members =
        |names: &[(&str, &str)]| names.iter().map(|(n, t)| (n.to_string(), smithy::Member::new(*t))).collect();
    model.shapes.insert(
        traits::PROVENANCE.into(),
        trait_shape(
            ShapeKind::Structure(members(&[
                ("page", "smithy.api#String"),
                ("line", "smithy.api#Integer"),
                ("layout", "smithy.api#String"),
            ])),
            "The documentation page and line an operation was reconstructed from, and the page's layout.",
        ),
    );
    model.shapes.insert(
        traits::UNKNOWN.into(),
        trait_shape(
            ShapeKind::List(smithy::Member::new("smithy.api#String")),
            "Facts about a member that no page proves: `type`, `enum`, `numberKind` or `required`.",
        ),
    );
    model.shapes.insert(
        traits::JSON_TARGET_PREFIX.into(),
        trait_shape(ShapeKind::Simple(smithy::Simple::String), "The `X-Amz-Target` prefix of an awsJson service."),
    );
}
