//! Shape identity, definitions and names.
//!
//! Every enum, structure, union, list and map that a page shows is *interned* by
//! what the page shows of it: its proposed name, its kind, and its members with
//! their targets (recursively) or its enum values. Documentation and `[REQUIRED]`
//! marks do not count, so a request-side and a response-side view of one shape are
//! one shape, and two shapes that differ in any member are two. A revision's shapes
//! are the interned shapes its operations reach.
//!
//! Names follow places. A place is an operation, a side and a member path; a shape
//! that a revision keeps keeps its name, and a new shape takes the name its places
//! had before, so a changed shape keeps its name across revisions. Otherwise it
//! takes its proposed name; shapes that want one name are told apart by the number
//! of operations that use them, then by their parent's name, then by a number.

use super::naming::{enum_member_name, named_in_text, singular};
use super::Fact;
use crate::page::{self, Doc, Required, Scalar, Target};
use crate::smithy::{traits, Member, Shape, ShapeKind, Side, Simple, Traits};
use indexmap::IndexMap;
use serde_json::{json, Value};
use std::collections::{BTreeMap, BTreeSet, HashMap};

/// An interned shape.
pub(super) type NodeId = u32;
/// An interned place: operation, side and member path.
type PlaceId = u32;

/// What a member, item, key or value targets.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash)]
pub(super) enum Ref {
    Prelude(Simple),
    Node(NodeId),
    /// The nearest enclosing structure (`{'... recursive ...'}`).
    Recursive,
}

/// The kinds of shape a page shows.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash)]
enum Kind {
    Enum,
    Structure,
    Union,
    List,
    Map,
}

/// The identity of a shape: its proposed name and everything a page shows of it
/// but documentation and required marks. Members and values are sorted.
#[derive(Debug, Clone, PartialEq, Eq, Hash)]
struct Key {
    base: String,
    kind: Kind,
    /// Structure and union members by name; a list's item as `""`; a map's key and
    /// value as `"key"` and `"value"`.
    parts: Vec<(String, Ref)>,
    /// Enum values.
    values: Vec<String>,
}

/// One place where a page shows a shape.
struct Occurrence<'p> {
    node: NodeId,
    place: PlaceId,
    side: Side,
    date: &'p str,
    /// The name of the shape that holds it, for a prefix when names clash.
    parent_base: String,
    /// The shape's own documentation: a list item's or a map value's.
    doc: Option<&'p Doc>,
    /// A structure's or union's members as the page shows them.
    members: &'p [page::Member],
    /// An enum's values in the page's order.
    values: &'p [String],
    /// For a shape holding a recursive reference: the structure that encloses it here.
    recursion_owner: Option<NodeId>,
    /// The occurrences of what it holds here: a structure's members in page order,
    /// a list's item, a map's key and value (`None` for simple types).
    children: Vec<Option<u32>>,
    /// On the request side, a structure's required members as the page marks them.
    signature: Option<u32>,
}

/// One operation as one page shows it, with the shapes its members reach.
pub(super) struct OperationRecord<'p> {
    /// The API's spelling.
    pub name: String,
    pub op: &'p page::OperationPage,
    pub errors: &'p [String],
    /// The page for diagnostics, and as the manifest names it.
    pub file: &'p str,
    pub source_name: &'p str,
    pub layout: &'static str,
    input: Vec<Ref>,
    input_children: Vec<Option<u32>>,
    /// `None` when the operation returns nothing.
    output: Option<Vec<Ref>>,
    output_children: Vec<Option<u32>>,
    /// The output members, which may come from another page (a page too large to render).
    output_members: &'p [page::Member],
    occurrences: std::ops::Range<usize>,
    /// The distinct shapes it reaches.
    nodes: Vec<NodeId>,
    /// The shapes only a borrowed output reaches: older views, which give way to
    /// the shapes that follow them.
    borrowed_nodes: Vec<NodeId>,
}

/// Every shape every page shows, interned.
pub(super) struct Catalog<'p> {
    keys: Vec<Key>,
    index: HashMap<Key, NodeId>,
    /// Shapes holding a recursive reference whose enclosing structure is not yet known.
    pending_recursive: Vec<NodeId>,
    /// Sets of required member names, interned.
    signatures: HashMap<Vec<String>, u32>,
    places: HashMap<String, PlaceId>,
    occurrences: Vec<Occurrence<'p>>,
    pub records: Vec<OperationRecord<'p>>,
}

/// What [`Catalog::add`] needs of one operation page.
pub(super) struct PageOperation<'p> {
    pub name: String,
    /// The output comes from another page (this one's is too large to render).
    pub output_borrowed: bool,
    pub op: &'p page::OperationPage,
    pub errors: &'p [String],
    pub output_members: Option<&'p [page::Member]>,
    pub date: &'p str,
    pub file: &'p str,
    pub source_name: &'p str,
    pub layout: &'static str,
}

/// Where a shape is shown, for its occurrence.
struct At<'a, 'p> {
    parent_base: &'a str,
    doc: Option<&'p Doc>,
    date: &'p str,
}

struct Walk<'a> {
    op: &'a str,
    side: Side,
    path: Vec<String>,
}

impl<'p> Catalog<'p> {
    pub fn new() -> Self {
        Catalog {
            keys: Vec::new(),
            index: HashMap::new(),
            pending_recursive: Vec::new(),
            signatures: HashMap::new(),
            places: HashMap::new(),
            occurrences: Vec::new(),
            records: Vec::new(),
        }
    }

    /// Interns what one operation page shows; returns its record's index.
    pub fn add(&mut self, p: PageOperation<'p>) -> usize {
        let start = self.occurrences.len();
        let lower = p.name.to_ascii_lowercase();
        let mut walk = Walk { op: &lower, side: Side::Request, path: Vec::new() };
        let in_base = format!("{}Input", p.name);
        let (input, input_children) = self.members(&p.op.input, &in_base, &mut walk, p.date);
        let out_base = format!("{}Output", p.name);
        walk.side = Side::Response;
        let output = p.output_members.map(|ms| self.members(ms, &out_base, &mut walk, p.date));
        let (output, output_children) = match output {
            Some((refs, children)) => (Some(refs), children),
            None => (None, Vec::new()),
        };
        let end = self.occurrences.len();
        let nodes: BTreeSet<NodeId> = self.occurrences[start..end].iter().map(|o| o.node).collect();
        let borrowed_nodes: Vec<NodeId> = if p.output_borrowed {
            let input: BTreeSet<NodeId> =
                self.occurrences[start..end].iter().filter(|o| o.side == Side::Request).map(|o| o.node).collect();
            nodes.iter().copied().filter(|n| !input.contains(n)).collect()
        } else {
            Vec::new()
        };
        self.records.push(OperationRecord {
            name: p.name,
            op: p.op,
            errors: p.errors,
            file: p.file,
            source_name: p.source_name,
            layout: p.layout,
            input,
            input_children,
            output,
            output_children,
            output_members: p.output_members.unwrap_or(&[]),
            occurrences: start..end,
            nodes: nodes.into_iter().collect(),
            borrowed_nodes,
        });
        self.records.len() - 1
    }

    /// Interns members; returns their targets and their occurrences.
    fn members(
        &mut self,
        members: &'p [page::Member],
        parent_base: &str,
        walk: &mut Walk<'_>,
        date: &'p str,
    ) -> (Vec<Ref>, Vec<Option<u32>>) {
        members
            .iter()
            .map(|m| {
                let r = self.member(m, parent_base, walk, date);
                (r, self.occurrence_of(r))
            })
            .unzip()
    }

    /// The occurrence a target that was just interned made.
    fn occurrence_of(&self, r: Ref) -> Option<u32> {
        matches!(r, Ref::Node(_)).then(|| (self.occurrences.len() - 1) as u32)
    }

    fn member(&mut self, m: &'p page::Member, parent_base: &str, walk: &mut Walk<'_>, date: &'p str) -> Ref {
        walk.path.push(m.name.clone());
        let r = self.target(&m.target, &m.name, &m.documentation, None, parent_base, walk, date);
        walk.path.pop();
        r
    }

    fn place(&mut self, walk: &Walk<'_>) -> PlaceId {
        let side = match walk.side {
            Side::Request => "in",
            Side::Response => "out",
        };
        let key = format!("{}/{side}/{}", walk.op, walk.path.join("/"));
        let next = self.places.len() as PlaceId;
        *self.places.entry(key).or_insert(next)
    }

    #[allow(clippy::too_many_arguments)]
    fn occur(
        &mut self,
        walk: &Walk<'_>,
        at: &At<'_, 'p>,
        node: NodeId,
        members: &'p [page::Member],
        values: &'p [String],
        children: Vec<Option<u32>>,
    ) {
        let place = self.place(walk);
        let signature = if walk.side == Side::Request && !members.is_empty() { self.signature(members) } else { None };
        self.occurrences.push(Occurrence {
            node,
            place,
            side: walk.side,
            date: at.date,
            parent_base: at.parent_base.to_string(),
            doc: at.doc,
            members,
            values,
            recursion_owner: None,
            children,
            signature,
        });
    }

    /// The required members a request-side page marks, interned; `None` when the
    /// page lost some marks.
    fn signature(&mut self, members: &[page::Member]) -> Option<u32> {
        if members.iter().any(|m| m.required == Required::Unknown) {
            return None;
        }
        let required: Vec<String> =
            members.iter().filter(|m| m.required == Required::Yes).map(|m| m.name.clone()).collect();
        let next = self.signatures.len() as u32;
        Some(*self.signatures.entry(required).or_insert(next))
    }

    fn intern(&mut self, key: Key) -> NodeId {
        if let Some(&id) = self.index.get(&key) {
            return id;
        }
        let id = self.keys.len() as NodeId;
        self.keys.push(key.clone());
        self.index.insert(key, id);
        id
    }

    #[allow(clippy::too_many_arguments)]
    fn target(
        &mut self,
        t: &'p Target,
        name: &str,
        member_doc: &Doc,
        own_doc: Option<&'p Doc>,
        parent_base: &str,
        walk: &mut Walk<'_>,
        date: &'p str,
    ) -> Ref {
        let at = At { parent_base, doc: own_doc, date };
        match t {
            Target::Scalar(s) => Ref::Prelude(simple(*s)),
            Target::StringOrEnum | Target::Unknown => Ref::Prelude(Simple::String),
            Target::FloatingPoint => Ref::Prelude(Simple::Double),
            Target::Recursive => Ref::Recursive,
            Target::Enum { values, .. } => {
                let mut sorted = values.clone();
                sorted.sort();
                sorted.dedup();
                let node =
                    self.intern(Key { base: name.to_string(), kind: Kind::Enum, parts: Vec::new(), values: sorted });
                self.occur(walk, &at, node, &[], values, Vec::new());
                Ref::Node(node)
            }
            Target::Structure(members) | Target::Union(members) => {
                let kind = if matches!(t, Target::Union(_)) { Kind::Union } else { Kind::Structure };
                let base = named_in_text(&member_doc.text(), false).unwrap_or_else(|| name.to_string());
                let mark = self.pending_recursive.len();
                let occurrence_mark = self.occurrences.len();
                let (refs, children) = self.members(members, &base, walk, date);
                let mut parts: Vec<(String, Ref)> = members.iter().map(|m| m.name.clone()).zip(refs).collect();
                parts.sort_by(|a, b| a.0.cmp(&b.0));
                let recursive_here = parts.iter().any(|(_, r)| *r == Ref::Recursive);
                let node = self.intern(Key { base, kind, parts, values: Vec::new() });
                let pending: Vec<NodeId> = self.pending_recursive.drain(mark..).collect();
                for occ in &mut self.occurrences[occurrence_mark..] {
                    if occ.recursion_owner.is_none() && pending.contains(&occ.node) {
                        occ.recursion_owner = Some(node);
                    }
                }
                self.occur(walk, &at, node, members, &[], children);
                if recursive_here {
                    if let Some(occ) = self.occurrences.last_mut() {
                        occ.recursion_owner = Some(node);
                    }
                }
                Ref::Node(node)
            }
            Target::List(item) => {
                let item_base = named_in_text(&member_doc.text(), true)
                    .or_else(|| named_in_text(&item.documentation.text(), false))
                    .unwrap_or_else(|| singular(name));
                walk.path.push("[]".into());
                let item_ref = self.target(
                    &item.target,
                    &item_base,
                    &Doc::default(),
                    Some(&item.documentation),
                    parent_base,
                    walk,
                    date,
                );
                let item_occurrence = self.occurrence_of(item_ref);
                walk.path.pop();
                let base = match item.target {
                    Target::Structure(_) | Target::Union(_) => format!("{item_base}List"),
                    _ => name.to_string(),
                };
                let node = self.intern(Key {
                    base,
                    kind: Kind::List,
                    parts: vec![(String::new(), item_ref)],
                    values: Vec::new(),
                });
                if item_ref == Ref::Recursive {
                    self.pending_recursive.push(node);
                }
                self.occur(walk, &at, node, &[], &[], vec![item_occurrence]);
                Ref::Node(node)
            }
            Target::Map(k, v) => {
                walk.path.push("{key}".into());
                let key = self.target(
                    &k.target,
                    &format!("{name}Key"),
                    &Doc::default(),
                    Some(&k.documentation),
                    parent_base,
                    walk,
                    date,
                );
                let key_occurrence = self.occurrence_of(key);
                walk.path.pop();
                let value_base = named_in_text(&member_doc.text(), false).unwrap_or_else(|| format!("{name}Value"));
                walk.path.push("{value}".into());
                let value = self.target(
                    &v.target,
                    &value_base,
                    &Doc::default(),
                    Some(&v.documentation),
                    parent_base,
                    walk,
                    date,
                );
                let value_occurrence = self.occurrence_of(value);
                walk.path.pop();
                let node = self.intern(Key {
                    base: name.to_string(),
                    kind: Kind::Map,
                    parts: vec![("key".into(), key), ("value".into(), value)],
                    values: Vec::new(),
                });
                if value == Ref::Recursive {
                    self.pending_recursive.push(node);
                }
                self.occur(walk, &at, node, &[], &[], vec![key_occurrence, value_occurrence]);
                Ref::Node(node)
            }
        }
    }
}

/// The names shapes have, carried from one revision to the next.
#[derive(Default)]
pub(super) struct Namer {
    /// Operations per live shape, over the current records.
    users: HashMap<NodeId, usize>,
    /// Of those, the ones that reach the shape only through a borrowed output.
    borrowed_users: HashMap<NodeId, usize>,
    /// The shape that took each shape's name: what it became at its places.
    successors: HashMap<NodeId, NodeId>,
    names: HashMap<NodeId, String>,
    taken: BTreeSet<String>,
    place_names: HashMap<PlaceId, String>,
    /// The name of the shape that held each shape on the newest page that showed
    /// it, for a prefix when it must be named again.
    parents: HashMap<NodeId, String>,
}

impl Namer {
    /// Moves on to a revision in which `changes` replace the operations' previous
    /// records (`None` for an operation new at this revision). `reserved` holds the
    /// names of operations, their inputs and outputs, and errors.
    pub fn advance(&mut self, catalog: &Catalog<'_>, changes: &[(Option<usize>, usize)], reserved: &BTreeSet<String>) {
        let mut fresh: BTreeSet<NodeId> = BTreeSet::new();
        for &(old, new) in changes {
            if let Some(old) = old {
                for n in &catalog.records[old].nodes {
                    let count = self.users.entry(*n).or_default();
                    *count -= 1;
                    if *count == 0 {
                        self.users.remove(n);
                        if let Some(name) = self.names.remove(n) {
                            self.taken.remove(&name.to_ascii_lowercase());
                        }
                    }
                }
            }
            for n in &catalog.records[new].borrowed_nodes {
                *self.borrowed_users.entry(*n).or_default() += 1;
            }
            for n in &catalog.records[new].nodes {
                *self.users.entry(*n).or_default() += 1;
                if !self.names.contains_key(n) {
                    fresh.insert(*n);
                }
            }
        }
        // A shape whose name an operation now needs is named again.
        let clashing: Vec<NodeId> =
            self.names.iter().filter(|(_, name)| reserved.contains(name.as_str())).map(|(n, _)| *n).collect();
        for n in clashing {
            if let Some(name) = self.names.remove(&n) {
                self.taken.remove(&name.to_ascii_lowercase());
            }
            fresh.insert(n);
        }
        for name in reserved {
            self.taken.insert(name.to_ascii_lowercase());
        }
        fresh.retain(|n| self.users.contains_key(n));
        for &(_, new) in changes {
            let rec = &catalog.records[new];
            for occ in &catalog.occurrences[rec.occurrences.clone()] {
                if !rec.borrowed_nodes.contains(&occ.node) {
                    self.parents.insert(occ.node, occ.parent_base.clone());
                }
            }
        }
        self.name_fresh(catalog, changes, fresh);
        for &(_, new) in changes {
            for occ in &catalog.occurrences[catalog.records[new].occurrences.clone()] {
                if let Some(name) = self.names.get(&occ.node) {
                    self.place_names.insert(occ.place, name.clone());
                }
            }
        }
    }

    fn name_fresh(&mut self, catalog: &Catalog<'_>, changes: &[(Option<usize>, usize)], fresh: BTreeSet<NodeId>) {
        if fresh.is_empty() {
            return;
        }
        // Votes from the places where the new records show each fresh shape.
        let mut votes: BTreeMap<NodeId, BTreeMap<String, usize>> = BTreeMap::new();
        let mut parent: BTreeMap<NodeId, &str> = BTreeMap::new();
        for &(_, new) in changes {
            for occ in &catalog.occurrences[catalog.records[new].occurrences.clone()] {
                if !fresh.contains(&occ.node) {
                    continue;
                }
                parent.entry(occ.node).or_insert(occ.parent_base.as_str());
                if let Some(name) = self.place_names.get(&occ.place) {
                    *votes.entry(occ.node).or_default().entry(name.clone()).or_default() += 1;
                }
            }
        }
        let users = |n: NodeId| self.users.get(&n).copied().unwrap_or(0);
        // Claims on the names their places had: most votes, then most users. A
        // name a surviving shape still holds goes to the claimant when more
        // operations use the claimant; the holder is then named again. (Measured
        // on the published revisions, this renames fewer shapes between them than
        // keeping the holder's name, or giving it to the newest page's shape.)
        let mut claims: Vec<(usize, usize, NodeId, String)> = Vec::new();
        for (n, v) in &votes {
            if let Some((name, count)) = v.iter().max_by(|a, b| a.1.cmp(b.1).then_with(|| b.0.cmp(a.0))) {
                claims.push((*count, users(*n), *n, name.clone()));
            }
        }
        claims.sort_by(|a, b| b.0.cmp(&a.0).then(b.1.cmp(&a.1)).then(a.2.cmp(&b.2)));
        let mut renamed: Vec<NodeId> = Vec::new();
        for (_, claimant_users, n, name) in claims {
            if self.names.contains_key(&n) {
                continue;
            }
            if self.taken.insert(name.to_ascii_lowercase()) {
                self.names.insert(n, name);
                continue;
            }
            let holder = self.names.iter().find(|(_, held)| **held == name).map(|(h, _)| *h);
            let solid_users = |h: NodeId| users(h) - self.borrowed_users.get(&h).copied().unwrap_or(0).min(users(h));
            if let Some(h) = holder.filter(|h| !fresh.contains(h) && claimant_users > solid_users(*h)) {
                self.names.remove(&h);
                self.names.insert(n, name);
                self.successors.insert(h, n);
                renamed.push(h);
            }
        }
        let fresh: BTreeSet<NodeId> = fresh.into_iter().chain(renamed).collect();
        // The rest take their proposed name, the most used first.
        let mut rest: Vec<NodeId> = fresh.iter().copied().filter(|n| !self.names.contains_key(n)).collect();
        rest.sort_by(|a, b| users(*b).cmp(&users(*a)).then(a.cmp(b)));
        let mut deferred = Vec::new();
        for n in rest {
            let base = &catalog.keys[n as usize].base;
            if self.taken.insert(base.to_ascii_lowercase()) {
                self.names.insert(n, base.clone());
            } else {
                deferred.push(n);
            }
        }
        deferred.sort_unstable();
        for n in deferred {
            let base = &catalog.keys[n as usize].base;
            let parent = parent.get(&n).copied().or(self.parents.get(&n).map(String::as_str)).unwrap_or_default();
            let parent = operation_prefix(parent);
            let prefixed = if base.starts_with(parent) { base.clone() } else { format!("{parent}{base}") };
            let mut name = prefixed.clone();
            let mut k = 2;
            while !self.taken.insert(name.to_ascii_lowercase()) {
                name = format!("{prefixed}{k}");
                k += 1;
            }
            self.names.insert(n, name);
        }
    }

    pub fn name(&self, node: NodeId) -> Option<&str> {
        self.names.get(&node).map(String::as_str)
    }
}

/// A parent's name as a prefix: an operation's input or output gives the
/// operation's name (`CreateTrainingJobInput` → `CreateTrainingJob`).
fn operation_prefix(parent: &str) -> &str {
    parent.strip_suffix("Input").or_else(|| parent.strip_suffix("Output")).filter(|p| !p.is_empty()).unwrap_or(parent)
}

/// A member fact no page proves, with where the member is.
pub(super) struct UnknownFact {
    pub file: String,
    pub line: usize,
    pub fact: Fact,
    pub member: String,
    pub parent: String,
}

/// The shapes of one revision, from the records it takes.
pub(super) struct RevisionShapes<'c, 'p> {
    catalog: &'c Catalog<'p>,
    namer: &'c Namer,
    ns: &'c str,
    records: &'c [usize],
    /// Each shape's occurrences in these records, the defining one first.
    by_node: BTreeMap<NodeId, Vec<usize>>,
    splits: HashMap<NodeId, Split>,
    /// Shapes only a borrowed output shows, to the newer shape that followed them
    /// at their places: an output too large to render follows its places too.
    redirect: HashMap<NodeId, NodeId>,
}

/// A structure whose request sides mark different members required: one shape
/// per set of marks. The set most pages show keeps the name, and takes the
/// response sides; each other set is a shape of its own.
struct Split {
    primary: u32,
    names: BTreeMap<u32, String>,
}

impl<'c, 'p> RevisionShapes<'c, 'p> {
    pub fn new(catalog: &'c Catalog<'p>, namer: &'c Namer, ns: &'c str, records: &'c [usize]) -> Self {
        let cat = catalog;
        let mut by_node: BTreeMap<NodeId, Vec<usize>> = BTreeMap::new();
        for &r in records {
            for k in cat.records[r].occurrences.clone() {
                by_node.entry(cat.occurrences[k].node).or_default().push(k);
            }
        }
        for occs in by_node.values_mut() {
            // The newest page defines the shape; the request side first on a tie.
            occs.sort_by(|&a, &b| {
                let (x, y) = (&cat.occurrences[a], &cat.occurrences[b]);
                y.date.cmp(x.date).then((x.side != Side::Request).cmp(&(y.side != Side::Request))).then(a.cmp(&b))
            });
        }
        let mut taken: BTreeSet<String> =
            by_node.keys().filter_map(|n| namer.name(*n)).map(str::to_ascii_lowercase).collect();
        for &r in records {
            let name = &cat.records[r].name;
            for n in [name.clone(), format!("{name}Input"), format!("{name}Output")] {
                taken.insert(n.to_ascii_lowercase());
            }
        }
        let mut splits = HashMap::new();
        for (&node, occs) in &by_node {
            let mut counts: BTreeMap<u32, usize> = BTreeMap::new();
            let mut first: Option<u32> = None;
            for &k in occs {
                if let Some(sig) = cat.occurrences[k].signature {
                    *counts.entry(sig).or_default() += 1;
                    first.get_or_insert(sig);
                }
            }
            if counts.len() < 2 {
                continue;
            }
            let primary = counts
                .iter()
                .max_by(|a, b| a.1.cmp(b.1).then_with(|| (Some(*b.0) == first).cmp(&(Some(*a.0) == first))))
                .map_or(0, |(s, _)| *s);
            let base = namer.name(node).unwrap_or("Unnamed").to_string();
            let mut names = BTreeMap::new();
            for &sig in counts.keys().filter(|&&s| s != primary) {
                let parent = occs
                    .iter()
                    .map(|&k| &cat.occurrences[k])
                    .find(|o| o.signature == Some(sig))
                    .map_or("", |o| o.parent_base.as_str());
                let parent = operation_prefix(parent);
                let stem = if base.starts_with(parent) { base.clone() } else { format!("{parent}{base}") };
                let mut name = stem.clone();
                let mut k = 2;
                while !taken.insert(name.to_ascii_lowercase()) {
                    name = format!("{stem}{k}");
                    k += 1;
                }
                names.insert(sig, name);
            }
            splits.insert(node, Split { primary, names });
        }
        let mut solid: BTreeSet<NodeId> = BTreeSet::new();
        let mut borrowed: BTreeSet<NodeId> = BTreeSet::new();
        for &r in records {
            let rec = &cat.records[r];
            borrowed.extend(rec.borrowed_nodes.iter().copied());
            solid.extend(rec.nodes.iter().copied().filter(|n| !rec.borrowed_nodes.contains(n)));
        }
        let mut redirect = HashMap::new();
        let holder_of: HashMap<&str, NodeId> =
            solid.iter().filter_map(|&n| namer.name(n).map(|name| (name, n))).collect();
        for &n in borrowed.difference(&solid) {
            let kind = cat.keys[n as usize].kind;
            // The shape that took its name, or else the one holding its proposed name.
            let by_name = holder_of.get(cat.keys[n as usize].base.as_str()).copied();
            let mut at = n;
            let mut found = None;
            for _ in 0..64 {
                let Some(next) = namer.successors.get(&at).copied() else { break };
                if next == n {
                    break;
                }
                if solid.contains(&next) && cat.keys[next as usize].kind == kind {
                    found = Some(next);
                }
                at = next;
            }
            let by_name = by_name.filter(|&h| {
                cat.keys[h as usize].kind == kind && grown_from(&cat.keys[h as usize], &cat.keys[n as usize])
            });
            if let Some(target) = found.or(by_name) {
                redirect.insert(n, target);
            }
        }
        RevisionShapes { catalog, namer, ns, records, by_node, splits, redirect }
    }

    fn id(&self, name: &str) -> String {
        format!("{}#{name}", self.ns)
    }

    /// The shape id a target resolves to; `child` is the occurrence it has at this
    /// place, which picks the shape when a structure is split by required marks.
    fn resolve(&self, r: Ref, child: Option<u32>, owner: Option<NodeId>) -> String {
        match r {
            Ref::Prelude(s) => s.prelude_id().to_string(),
            Ref::Node(n) if self.redirect.contains_key(&n) => {
                self.id(self.namer.name(self.redirect[&n]).unwrap_or("Unnamed"))
            }
            Ref::Node(n) => {
                let variant = self.splits.get(&n).and_then(|split| {
                    let sig = child.and_then(|c| self.catalog.occurrences[c as usize].signature)?;
                    split.names.get(&sig)
                });
                match variant {
                    Some(name) => self.id(name),
                    None => self.id(self.namer.name(n).unwrap_or("Unnamed")),
                }
            }
            Ref::Recursive => match owner {
                Some(o) => self.id(self.namer.name(o).unwrap_or("Unnamed")),
                None => Simple::Document.prelude_id().to_string(),
            },
        }
    }

    /// Every shape the records reach, and the operations' inputs, outputs and
    /// operation shapes, into `shapes`. Returns the facts no page proves.
    pub fn emit(&self, shapes: &mut BTreeMap<String, Shape>) -> Vec<UnknownFact> {
        let cat = self.catalog;
        let mut unknowns = Vec::new();
        for (&node, occs) in &self.by_node {
            if self.redirect.contains_key(&node) {
                continue;
            }
            let name = self.namer.name(node).unwrap_or("Unnamed");
            match self.splits.get(&node) {
                None => {
                    shapes.insert(self.id(name), self.node_shape(node, occs));
                }
                Some(split) => {
                    let of = |sig: Option<u32>| -> Vec<usize> {
                        occs.iter()
                            .copied()
                            .filter(|&k| match (cat.occurrences[k].signature, sig) {
                                (Some(s), Some(want)) => s == want,
                                (None, None) => true,
                                (Some(s), None) => s == split.primary,
                                (None, Some(_)) => false,
                            })
                            .collect()
                    };
                    shapes.insert(self.id(name), self.node_shape(node, &of(None)));
                    for (sig, variant) in &split.names {
                        shapes.insert(self.id(variant), self.node_shape(node, &of(Some(*sig))));
                    }
                }
            }
        }
        for &r in self.records {
            let rec = &cat.records[r];
            self.operation(rec, shapes, &mut unknowns);
        }
        unknowns
    }

    fn node_shape(&self, node: NodeId, occs: &[usize]) -> Shape {
        let cat = self.catalog;
        let key = &cat.keys[node as usize];
        let def = &cat.occurrences[occs[0]];
        let owner = occs.iter().find_map(|&k| cat.occurrences[k].recursion_owner);
        let part = |name: &str| key.parts.iter().find(|(n, _)| n == name).map_or(Ref::Prelude(Simple::String), |p| p.1);
        let child = |i: usize| def.children.get(i).copied().flatten();
        let mut shape = match key.kind {
            Kind::Enum => Shape::new(ShapeKind::Enum(enum_members(def.values))),
            Kind::Structure | Kind::Union => {
                let members = def
                    .members
                    .iter()
                    .enumerate()
                    .map(|(i, m)| {
                        let target = self.resolve(part(&m.name), child(i), owner);
                        (m.name.clone(), self.nested_member(m, target, occs))
                    })
                    .collect();
                Shape::new(if key.kind == Kind::Union {
                    ShapeKind::Union(members)
                } else {
                    ShapeKind::Structure(members)
                })
            }
            Kind::List => Shape::new(ShapeKind::List(Member::new(self.resolve(part(""), child(0), owner)))),
            Kind::Map => Shape::new(ShapeKind::Map {
                key: Member::new(self.resolve(part("key"), child(0), owner)),
                value: Member::new(self.resolve(part("value"), child(1), owner)),
            }),
        };
        if let Some(doc) = occs.iter().filter_map(|&k| cat.occurrences[k].doc).find(|d| !d.is_empty()) {
            shape.traits.insert(traits::DOCUMENTATION.into(), Value::String(doc.to_html()));
        }
        shape
    }

    /// A member of a shared structure: documentation from the newest page that has
    /// some, required from the newest request-side page.
    fn nested_member(&self, m: &page::Member, target: String, occs: &[usize]) -> Member {
        let cat = self.catalog;
        let views = || {
            occs.iter().filter_map(|&k| {
                let o = &cat.occurrences[k];
                o.members.iter().find(|x| x.name == m.name).map(|x| (o.side, x))
            })
        };
        let doc = views().map(|(_, x)| &x.documentation).find(|d| !d.is_empty());
        let request = views().find(|(side, _)| *side == Side::Request).map(|(_, x)| x);
        let mut facts = target_facts(&m.target);
        let required = match request {
            Some(x) if x.required == Required::Unknown => {
                facts.push(Fact::Required);
                false
            }
            Some(x) => x.required == Required::Yes,
            None => false,
        };
        member(target, doc, required, &facts)
    }

    fn operation(
        &self,
        rec: &OperationRecord<'_>,
        shapes: &mut BTreeMap<String, Shape>,
        unknowns: &mut Vec<UnknownFact>,
    ) {
        let op = rec.op;
        let top = |members: &[page::Member],
                   refs: &[Ref],
                   children: &[Option<u32>],
                   side: Side,
                   unknowns: &mut Vec<UnknownFact>| {
            let parent = format!("{}{}", rec.name, if side == Side::Request { "Input" } else { "Output" });
            let out: IndexMap<String, Member> = members
                .iter()
                .zip(refs)
                .enumerate()
                .map(|(i, (m, r))| {
                    let mut facts = target_facts(&m.target);
                    if side == Side::Request && m.required == Required::Unknown {
                        facts.push(Fact::Required);
                    }
                    for f in &facts {
                        unknowns.push(UnknownFact {
                            file: rec.file.to_string(),
                            line: m.line,
                            fact: *f,
                            member: m.name.clone(),
                            parent: parent.clone(),
                        });
                    }
                    let doc = (!m.documentation.is_empty()).then_some(&m.documentation);
                    let required = side == Side::Request && m.required == Required::Yes;
                    let child = children.get(i).copied().flatten();
                    (m.name.clone(), member(self.resolve(*r, child, None), doc, required, &facts))
                })
                .collect();
            out
        };
        let input_id = self.id(&format!("{}Input", rec.name));
        let mut input =
            Shape::new(ShapeKind::Structure(top(&op.input, &rec.input, &rec.input_children, Side::Request, unknowns)));
        input.traits.insert(traits::INPUT.into(), json!({}));
        let has = |ms: &[page::Member], n: &str| ms.iter().any(|m| m.name == n);
        let paginated = has(&op.input, "NextToken")
            && has(&op.input, "MaxResults")
            && rec.output.is_some()
            && has(rec.output_members, "NextToken");
        shapes.insert(input_id.clone(), input);
        let output_id = rec.output.as_ref().map(|refs| {
            let mut output = Shape::new(ShapeKind::Structure(top(
                rec.output_members,
                refs,
                &rec.output_children,
                Side::Response,
                unknowns,
            )));
            output.traits.insert(traits::OUTPUT.into(), json!({}));
            let id = self.id(&format!("{}Output", rec.name));
            shapes.insert(id.clone(), output);
            id
        });
        let errors = rec.errors.iter().map(|e| self.id(e)).collect();
        let mut shape = Shape::new(ShapeKind::Operation { input: Some(input_id), output: output_id.clone(), errors });
        if !op.documentation.is_empty() {
            shape.traits.insert(traits::DOCUMENTATION.into(), Value::String(op.documentation.to_html()));
        }
        shape.traits.insert(
            traits::PROVENANCE.into(),
            json!({ "page": rec.source_name, "line": op.line, "layout": rec.layout }),
        );
        if paginated {
            let lists: Vec<&String> = match output_id.as_ref().and_then(|id| shapes.get(id)).map(|s| &s.kind) {
                Some(ShapeKind::Structure(ms)) => ms
                    .iter()
                    .filter(|(_, m)| matches!(shapes.get(&m.target).map(|s| &s.kind), Some(ShapeKind::List(_))))
                    .map(|(n, _)| n)
                    .collect(),
                _ => Vec::new(),
            };
            let mut p = serde_json::Map::new();
            p.insert("inputToken".into(), json!("NextToken"));
            p.insert("outputToken".into(), json!("NextToken"));
            if let [items] = lists.as_slice() {
                p.insert("items".into(), json!(items));
            }
            p.insert("pageSize".into(), json!("MaxResults"));
            shape.traits.insert(traits::PAGINATED.into(), Value::Object(p));
        }
        shapes.insert(self.id(&rec.name), shape);
    }
}

/// Whether `newer` could be `older` grown: every member name, or every enum
/// value, of `older` is still there.
fn grown_from(newer: &Key, older: &Key) -> bool {
    older.parts.iter().all(|(name, _)| newer.parts.iter().any(|(n, _)| n == name))
        && older.values.iter().all(|v| newer.values.contains(v))
}

/// The facts about a member's type that its page does not prove.
fn target_facts(t: &Target) -> Vec<Fact> {
    match t {
        Target::StringOrEnum => vec![Fact::Enum],
        Target::FloatingPoint => vec![Fact::NumberKind],
        Target::Unknown => vec![Fact::Type],
        _ => Vec::new(),
    }
}

/// The sentence the SDK's documentation adds to an idempotency token member.
const AUTOPOPULATED: &str = "This field is autopopulated if not provided.";

fn member(target: String, doc: Option<&Doc>, required: bool, facts: &[Fact]) -> Member {
    let mut traits = Traits::new();
    if let Some(doc) = doc {
        let token = doc.blocks.iter().any(|b| block_text(b).contains(AUTOPOPULATED));
        if token {
            traits.insert(traits::IDEMPOTENCY_TOKEN.into(), json!({}));
            let mut own = doc.clone();
            own.blocks.retain(|b| block_text(b).trim() != AUTOPOPULATED);
            for b in &mut own.blocks {
                if let page::Block::Paragraph(t) = b {
                    *t = t.replace(AUTOPOPULATED, "").trim().to_string();
                }
            }
            if !own.is_empty() {
                traits.insert(traits::DOCUMENTATION.into(), Value::String(own.to_html()));
            }
        } else {
            traits.insert(traits::DOCUMENTATION.into(), Value::String(doc.to_html()));
        }
    }
    if required {
        traits.insert(traits::REQUIRED.into(), json!({}));
    }
    if !facts.is_empty() {
        let mut names: Vec<&str> = facts.iter().map(|f| f.name()).collect();
        names.sort_unstable();
        names.dedup();
        traits.insert(traits::UNKNOWN.into(), json!(names));
    }
    Member { target, traits }
}

fn block_text(b: &page::Block) -> &str {
    match b {
        page::Block::Paragraph(t) | page::Block::ListItem(t) => t,
        page::Block::Note { .. } => "",
    }
}

fn simple(s: Scalar) -> Simple {
    match s {
        Scalar::String => Simple::String,
        Scalar::Integer => Simple::Integer,
        Scalar::Double => Simple::Double,
        Scalar::Float => Simple::Float,
        Scalar::Boolean => Simple::Boolean,
        Scalar::Timestamp => Simple::Timestamp,
        Scalar::Blob => Simple::Blob,
        Scalar::Document => Simple::Document,
    }
}

fn enum_members(values: &[String]) -> IndexMap<String, String> {
    let mut out = IndexMap::new();
    for v in values {
        if out.values().any(|x: &String| x == v) {
            continue;
        }
        let base = enum_member_name(v);
        let mut name = base.clone();
        let mut n = 2;
        while out.contains_key(&name) {
            name = format!("{base}_{n}");
            n += 1;
        }
        out.insert(name, v.clone());
    }
    out
}
