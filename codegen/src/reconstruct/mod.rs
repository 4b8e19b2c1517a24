//! Reconstruction: pages → one Smithy model per dated API revision.
//!
//! Revision R holds every operation documented on a page dated on or before R,
//! each as its newest such page describes it. Facts a page lost are recovered
//! from other pages ([`fill`]), and documentation's paragraphs from the pages
//! that keep them ([`docs`]); shapes are shared across operations, one per
//! concept ([`shapes`]).

mod docs;
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

/// A fact about a member that no page proves.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, PartialOrd, Ord)]
pub enum Fact {
    /// Its type.
    Type,
    /// Whether a string is an enum, and its values.
    Enum,
    /// Whether a number is a double or a float.
    NumberKind,
    /// Whether a request member is required.
    Required,
}

impl Fact {
    /// The name the `unknown` trait records.
    pub fn name(self) -> &'static str {
        match self {
            Fact::Type => "type",
            Fact::Enum => "enum",
            Fact::NumberKind => "numberKind",
            Fact::Required => "required",
        }
    }

    fn describe(self) -> &'static str {
        match self {
            Fact::Type => "the type",
            Fact::Enum => "whether it is an enum (and its values)",
            Fact::NumberKind => "whether it is a double or a float",
            Fact::Required => "whether it is required",
        }
    }
}

/// The manifest's pages, parsed and dated, and the revisions it publishes.
#[derive(Debug, Clone)]
pub struct Sources {
    pub pages: Vec<Source>,
    /// The revisions written to `model/revisions/` and generated into the crate.
    /// Empty when the manifest names none: then every page date is published.
    pub published: Vec<String>,
    /// Pages that could not be read at all, each with why.
    pub skipped: Vec<Warning>,
}

impl Sources {
    /// The published revisions, or every page date when the manifest names none.
    pub fn published_or_all(&self) -> Vec<String> {
        if self.published.is_empty() {
            revisions(&self.pages)
        } else {
            self.published.clone()
        }
    }
}

/// Reads the manifest's pages and dates each one. A page that cannot be read is
/// skipped with a warning: one page never stops the run.
pub fn load_sources(manifest_path: &Path) -> Result<Sources> {
    let manifest = manifest::load(manifest_path)?;
    let shown = manifest_path.display().to_string();
    let parsed: Vec<std::result::Result<Page, Error>> = parse_all(&manifest.pages);
    let mut pages = Vec::new();
    let mut skipped = Vec::new();
    for (i, (entry, page)) in manifest.pages.iter().zip(parsed).enumerate() {
        let page = match page {
            Ok(page) => page,
            Err(e) => {
                skipped.push(Warning { location: e.location, message: format!("{}; the page is skipped", e.message) });
                continue;
            }
        };
        let revision = match (&entry.revision, &page.date) {
            (Some(r), Some(d)) if r != d => {
                return Err(Error::new(
                    Location::json(&shown, format!("$.pages[{i}].revision")),
                    format!("expected the page's own date {d}, found {r}"),
                ))
            }
            (Some(r), _) => r.clone(),
            (None, Some(d)) => d.clone(),
            (None, None) => {
                return Err(Error::new(
                    Location::json(&shown, format!("$.pages[{i}]")),
                    format!("expected a `revision`: the page `{}` states no date", entry.file),
                ))
            }
        };
        pages.push(Source { page, revision, name: entry.file.clone() });
    }
    Ok(Sources { pages, published: manifest.published, skipped })
}

/// Parses pages on every core, keeping their order. Workers take the next page
/// as they finish one, so that a few large pages do not leave a core idle.
fn parse_all(entries: &[manifest::PageEntry]) -> Vec<std::result::Result<Page, Error>> {
    use std::sync::atomic::{AtomicUsize, Ordering};
    let workers = std::thread::available_parallelism().map_or(1, |n| n.get()).clamp(1, 8);
    let next = AtomicUsize::new(0);
    let mut parsed: Vec<(usize, std::result::Result<Page, Error>)> = std::thread::scope(|scope| {
        let handles: Vec<_> = (0..workers)
            .map(|_| {
                scope.spawn(|| {
                    let mut mine = Vec::new();
                    loop {
                        let i = next.fetch_add(1, Ordering::Relaxed);
                        let Some(e) = entries.get(i) else { break };
                        mine.push((i, page::read_page(&e.path, &e.path.display().to_string())));
                    }
                    mine
                })
            })
            .collect();
        handles
            .into_iter()
            .flat_map(|h| {
                h.join().unwrap_or_else(|_| {
                    vec![(0, Err(Error::new(Location::file("pages"), "a page parser thread stopped unexpectedly")))]
                })
            })
            .collect()
    });
    parsed.sort_by_key(|(i, _)| *i);
    parsed.into_iter().map(|(_, page)| page).collect()
}

/// The revisions the sources define, oldest first.
pub fn revisions(sources: &[Source]) -> Vec<String> {
    let set: BTreeSet<&String> = sources.iter().map(|s| &s.revision).collect();
    set.into_iter().cloned().collect()
}

/// How much a layout shows: of two pages of one date for one operation, the one
/// that shows more is taken.
fn layout_rank(layout: page::Layout) -> u8 {
    match layout {
        page::Layout::ChangesFull => 3,
        page::Layout::Boto3Reference => 2,
        page::Layout::ChangesLossy => 1,
        page::Layout::ChangesFlattened => 0,
    }
}

/// One operation of one page, with the facts other pages supply filled in.
struct Prepared<'s> {
    source: &'s Source,
    /// The page's operation, copied only when facts are filled in.
    op: std::borrow::Cow<'s, page::OperationPage>,
    /// The API's spelling of the operation's name.
    name: String,
    /// The errors it declares, from its page or the nearest reference page.
    errors: Vec<String>,
    /// The page whose output is taken, when this page's is too large to render.
    output_from: Option<usize>,
    recovered: Vec<fill::Recovered>,
    notes: Vec<Warning>,
}

/// Reconstructs the revisions `wanted` (any dates, in any order), oldest first.
/// Which places share a shape, and the shapes' names, are decided over every
/// page, so a revision is the same whichever others are asked for with it.
pub fn reconstruct(sources: &Sources, service: &Model, wanted: &[String]) -> Result<Vec<Revision>> {
    let mut out = Vec::new();
    reconstruct_each(sources, service, wanted, &mut |revision| {
        out.push(revision);
        Ok(())
    })?;
    Ok(out)
}

/// [`reconstruct`], handing each revision to `sink` as soon as it is built, so
/// that many dates need the memory of one.
pub fn reconstruct_each(
    sources: &Sources,
    service: &Model,
    wanted: &[String],
    sink: &mut dyn FnMut(Revision) -> Result<()>,
) -> Result<()> {
    let (service_id, _) = service
        .service()
        .ok_or_else(|| Error::new(Location::file("service.json"), "expected exactly one service shape"))?;
    let ns = smithy::namespace(service_id).to_string();
    for date in wanted {
        if !manifest::is_date(date) {
            return Err(Error::new(Location::file(date), "expected a revision date YYYY-MM-DD"));
        }
    }
    let wanted: BTreeSet<&str> = wanted.iter().map(String::as_str).collect();
    if wanted.is_empty() {
        return Ok(());
    }
    let pages: Vec<&Source> = sources.pages.iter().collect();

    let names = operation_names(&pages);
    // The index of facts and the documentation's renderings, side by side.
    let (index, renderings) = std::thread::scope(|scope| {
        let renderings = scope.spawn(|| docs::Renderings::new(pages.iter().map(|s| (s.revision.as_str(), &s.page))));
        let index = fill::Index::build(
            pages
                .iter()
                .flat_map(|s| s.page.operations.iter().map(move |op| (s.page.file.as_str(), s.revision.as_str(), op))),
        );
        (index, renderings.join())
    });
    let renderings = renderings
        .map_err(|_| Error::new(Location::file("pages"), "the documentation indexer stopped unexpectedly"))?;
    let notes_lost = |layout: page::Layout| layout == page::Layout::ChangesFlattened;
    let needs_fill = |op: &page::OperationPage, layout: page::Layout| {
        let mut uncertain = notes_lost(layout);
        fill::visit_targets(op, &mut |t, r| uncertain |= t.is_uncertain() || r == page::Required::Unknown);
        uncertain
    };
    let mut prepared: Vec<Prepared<'_>> = Vec::new();
    for s in &pages {
        for op in &s.page.operations {
            let key = op.name.to_ascii_lowercase();
            let mut notes = Vec::new();
            let mut name = op.name.clone();
            if let Some((canonical, source)) = names.get(&key) {
                if *source == page::NameSource::Guess && op.name_source == page::NameSource::Guess {
                    notes.push(Warning::at_line(
                        &s.page.file,
                        op.line,
                        format!("no page proves the spelling of the operation `{canonical}`; each word is capitalised"),
                    ));
                }
                name = canonical.clone();
            }
            let mut op = std::borrow::Cow::Borrowed(op);
            let recovered = if needs_fill(&op, s.page.layout) {
                fill::fill(op.to_mut(), &s.page.file, &s.revision, &index, notes_lost(s.page.layout))
            } else {
                Vec::new()
            };
            if s.page.layout == page::Layout::Boto3Reference && renderings.improves(&op) {
                renderings.apply(op.to_mut());
            }
            let errors = op.errors.clone();
            prepared.push(Prepared { source: s, op, name, errors, output_from: None, recovered, notes });
        }
    }
    borrow_unrendered_outputs(&mut prepared);
    borrow_errors(&mut prepared);

    // Intern, oldest page first.
    let mut order: Vec<usize> = (0..prepared.len()).collect();
    order.sort_by(|&a, &b| prepared[a].source.revision.cmp(&prepared[b].source.revision).then(a.cmp(&b)));
    let mut catalog = shapes::Catalog::new();
    let mut record_of = vec![usize::MAX; prepared.len()];
    for &k in &order {
        let p = &prepared[k];
        let output_members: Option<&[page::Member]> = match (&p.op.output, p.output_from) {
            (_, Some(other)) => match &prepared[other].op.output {
                page::Output::Members(ms) => Some(ms),
                _ => None,
            },
            (page::Output::Members(ms), None) => Some(ms),
            // Nothing proves the members: an empty output, warned about.
            (page::Output::TooLarge { .. }, None) => Some(&[]),
            (page::Output::Nothing | page::Output::Unknown, None) => None,
        };
        record_of[k] = catalog.add(shapes::PageOperation {
            name: p.name.clone(),
            output_borrowed: p.output_from.is_some(),
            op: &p.op,
            errors: &p.errors,
            output_members,
            date: &p.source.revision,
            file: &p.source.page.file,
            source_name: &p.source.name,
            layout: p.source.page.layout.name(),
        });
    }

    // Each operation's record at each of its dates: the page that shows most.
    let mut chosen: BTreeMap<String, BTreeMap<&str, usize>> = BTreeMap::new();
    for &k in &order {
        let p = &prepared[k];
        let at = chosen.entry(p.name.to_ascii_lowercase()).or_default();
        let better = at
            .get(p.source.revision.as_str())
            .is_none_or(|&other| layout_rank(p.source.page.layout) > layout_rank(prepared[other].source.page.layout));
        if better {
            at.insert(&p.source.revision, k);
        }
    }
    let mut reserved: BTreeSet<String> = service.shapes.keys().map(|id| smithy::shape_name(id).to_string()).collect();
    for p in &prepared {
        reserved.insert(p.name.clone());
        reserved.insert(format!("{}Input", p.name));
        reserved.insert(format!("{}Output", p.name));
        reserved.extend(p.errors.iter().cloned());
    }
    let by_operation: Vec<Vec<usize>> =
        chosen.values().map(|dates| dates.values().map(|&k| record_of[k]).collect()).collect();
    let identity = shapes::Identity::new(&catalog, &by_operation, &reserved);

    for date in wanted {
        let current: BTreeMap<String, usize> = chosen
            .iter()
            .filter_map(|(op, dates)| dates.range(..=date).next_back().map(|(_, &k)| (op.clone(), k)))
            .collect();
        sink(build_revision(date, &ns, service, service_id, &catalog, &identity, &prepared, &current, &record_of)?)?;
    }
    Ok(())
}

/// The API's spelling of every operation: a section header's where a page has
/// one, else the spelling the most pages' text proves, else a guess.
fn operation_names(pages: &[&Source]) -> BTreeMap<String, (String, page::NameSource)> {
    let mut votes: BTreeMap<String, BTreeMap<(page::NameSource, String), usize>> = BTreeMap::new();
    for s in pages {
        for op in &s.page.operations {
            *votes
                .entry(op.name.to_ascii_lowercase())
                .or_default()
                .entry((op.name_source, op.name.clone()))
                .or_default() += 1;
        }
    }
    votes
        .into_iter()
        .map(|(key, v)| {
            let best = v
                .into_iter()
                .max_by(|a, b| a.0 .0.cmp(&b.0 .0).then(a.1.cmp(&b.1)).then_with(|| b.0 .1.cmp(&a.0 .1)))
                .map(|((source, name), _)| (name, source))
                .unwrap_or((key.clone(), page::NameSource::Guess));
            (key, best)
        })
        .collect()
}

/// A response too large to render is taken from the same operation's nearest
/// page that shows it (the older on a tie).
fn borrow_unrendered_outputs(prepared: &mut [Prepared<'_>]) {
    let day = |date: &str| fill::day_number(date);
    for k in 0..prepared.len() {
        let page::Output::TooLarge { line } = prepared[k].op.output else { continue };
        let key = prepared[k].name.to_ascii_lowercase();
        let here = day(&prepared[k].source.revision);
        let other = (0..prepared.len())
            .filter(|&j| {
                matches!(prepared[j].op.output, page::Output::Members(_))
                    && prepared[j].name.to_ascii_lowercase() == key
            })
            .min_by_key(|&j| {
                let d = day(&prepared[j].source.revision);
                ((d - here).abs(), d > here, j)
            });
        let file = prepared[k].source.page.file.clone();
        let note = match other {
            Some(j) => {
                prepared[k].output_from = Some(j);
                format!(
                    "the response of {} is too large to render; its members are taken from {}:{}",
                    prepared[k].name, prepared[j].source.page.file, prepared[j].op.line
                )
            }
            None => format!(
                "the response of {} is too large to render and no other page shows it; the output has no members",
                prepared[k].name
            ),
        };
        prepared[k].notes.push(Warning::at_line(&file, line, note));
    }
}

/// Change pages list no errors: an operation whose page does not take them from
/// the nearest reference page of the same operation that lists them.
fn borrow_errors(prepared: &mut [Prepared<'_>]) {
    let mut listed: BTreeMap<String, Vec<(i64, Vec<String>)>> = BTreeMap::new();
    for p in prepared.iter() {
        if p.source.page.layout == page::Layout::Boto3Reference {
            listed
                .entry(p.name.to_ascii_lowercase())
                .or_default()
                .push((fill::day_number(&p.source.revision), p.errors.clone()));
        }
    }
    for p in prepared.iter_mut() {
        if p.source.page.layout == page::Layout::Boto3Reference {
            continue;
        }
        let here = fill::day_number(&p.source.revision);
        if let Some(found) = listed.get(&p.name.to_ascii_lowercase()) {
            if let Some((_, errors)) = found.iter().min_by_key(|(d, _)| ((d - here).abs(), *d > here)) {
                p.errors = errors.clone();
            }
        }
    }
}

#[allow(clippy::too_many_arguments)]
fn build_revision(
    date: &str,
    ns: &str,
    service: &Model,
    service_id: &str,
    catalog: &shapes::Catalog<'_>,
    identity: &shapes::Identity,
    prepared: &[Prepared<'_>],
    current: &BTreeMap<String, usize>,
    record_of: &[usize],
) -> Result<Revision> {
    let records: Vec<usize> = current.values().map(|&k| record_of[k]).collect();
    let mut model = Model::default();
    let unknowns = shapes::RevisionShapes::new(catalog, identity, ns, &records).emit(&mut model.shapes);
    let mut warnings = Vec::new();
    let mut recovered = Vec::new();
    let mut used_pages = BTreeSet::new();
    for &k in current.values() {
        let p = &prepared[k];
        used_pages.insert(p.source.page.file.as_str());
        recovered.extend(p.recovered.iter().cloned());
        warnings.extend(p.notes.iter().cloned());
        for e in &p.errors {
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
    for s in prepared.iter().map(|p| p.source).filter(|s| used_pages.contains(s.page.file.as_str())) {
        warnings.extend(s.page.warnings.iter().cloned());
    }
    for u in unknowns {
        warnings.push(Warning::at_line(
            &u.file,
            u.line,
            format!("no page proves {} of `{}` in {}", u.fact.describe(), u.member, u.parent),
        ));
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
    recovered.dedup();
    smithy::validate(&format!("revision {date}"), &model)
        .map_err(|errs| errs.into_iter().next().unwrap_or_else(|| Error::new(Location::file(date), "invalid model")))?;
    Ok(Revision { date: date.to_string(), model, warnings, recovered })
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
