//! Shapes: what the pages show of them, which places share one, and each
//! revision's definitions.
//!
//! Every enum, structure, union, list and map that a page shows is *interned* by
//! what the page shows of it: its proposed name, its kind, and its members with
//! their targets (recursively) or its enum values. Documentation and `[REQUIRED]`
//! marks do not count, so a request-side and a response-side view of one shape are
//! one node, and two views that differ in any member are two.
//!
//! A *place* is an operation, a side, a member path and a kind. Which places
//! share a shape, and its name, is decided once over the whole history
//! ([`identity`]); a revision defines each shape from the newest page current at
//! its date that shows it.

mod identity;

use super::naming::{enum_member_name, named_in_text, singular};
use super::Fact;
use crate::page::{self, Doc, Required, Scalar, Target};
use crate::smithy::{traits, Member, Shape, ShapeKind, Side, Simple, Traits};
pub(super) use identity::Identity;
use indexmap::IndexMap;
use serde_json::{json, Value};
use std::collections::{BTreeMap, HashMap};

/// An interned shape.
pub(super) type NodeId = u32;
/// An interned place: operation, side, member path and kind.
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
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, PartialOrd, Ord)]
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

/// How a page proposes to name a shape.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
enum Proposed {
    /// The text names it ("An array of `ProductionVariant` objects").
    Text,
    /// Built from the place: the member's name, its singular, `…Key` or `…Value`.
    Place,
}

/// A place: where in which operation a shape is shown.
struct Place {
    /// `operation/in|out/member/[]/{key}/{value}/…`, lower-case operation.
    key: String,
    kind: Kind,
    /// How deep in its operation's input or output.
    depth: u16,
}

/// One place where a page shows a shape.
struct Occurrence<'p> {
    node: NodeId,
    place: PlaceId,
    side: Side,
    date: &'p str,
    /// The page shows it itself, not in an output borrowed from another page.
    fresh: bool,
    /// Whether the node's proposed name comes from the text.
    proposed: Proposed,
    /// The shape's own documentation: a list item's or a map value's.
    doc: Option<&'p Doc>,
    /// A structure's or union's members as the page shows them.
    members: &'p [page::Member],
    /// An enum's values in the page's order.
    values: &'p [String],
    /// For a shape holding a recursive reference: the occurrence of the structure
    /// that encloses it here.
    recursion_owner: Option<u32>,
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
    pub date: &'p str,
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
}

/// Every shape every page shows, interned.
pub(super) struct Catalog<'p> {
    keys: Vec<Key>,
    index: HashMap<Key, NodeId>,
    /// Shapes holding a recursive reference whose enclosing structure is not yet known.
    pending_recursive: Vec<NodeId>,
    /// Sets of required member names, interned.
    signatures: HashMap<Vec<String>, u32>,
    place_ids: HashMap<(String, Kind), PlaceId>,
    places: Vec<Place>,
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
struct At<'p> {
    doc: Option<&'p Doc>,
    date: &'p str,
    proposed: Proposed,
}

struct Walk<'a> {
    op: &'a str,
    side: Side,
    path: Vec<String>,
    /// The occurrences it makes are shown by another page (a borrowed output).
    borrowed: bool,
}

impl<'p> Catalog<'p> {
    pub fn new() -> Self {
        Catalog {
            keys: Vec::new(),
            index: HashMap::new(),
            pending_recursive: Vec::new(),
            signatures: HashMap::new(),
            place_ids: HashMap::new(),
            places: Vec::new(),
            occurrences: Vec::new(),
            records: Vec::new(),
        }
    }

    /// Interns what one operation page shows; returns its record's index.
    pub fn add(&mut self, p: PageOperation<'p>) -> usize {
        let start = self.occurrences.len();
        let lower = p.name.to_ascii_lowercase();
        let mut walk = Walk { op: &lower, side: Side::Request, path: Vec::new(), borrowed: false };
        let (input, input_children) = self.members(&p.op.input, &mut walk, p.date);
        walk.side = Side::Response;
        walk.borrowed = p.output_borrowed;
        let output = p.output_members.map(|ms| self.members(ms, &mut walk, p.date));
        let (output, output_children) = match output {
            Some((refs, children)) => (Some(refs), children),
            None => (None, Vec::new()),
        };
        let end = self.occurrences.len();
        self.records.push(OperationRecord {
            name: p.name,
            op: p.op,
            errors: p.errors,
            date: p.date,
            file: p.file,
            source_name: p.source_name,
            layout: p.layout,
            input,
            input_children,
            output,
            output_children,
            output_members: p.output_members.unwrap_or(&[]),
            occurrences: start..end,
        });
        self.records.len() - 1
    }

    /// Interns members; returns their targets and their occurrences.
    fn members(
        &mut self,
        members: &'p [page::Member],
        walk: &mut Walk<'_>,
        date: &'p str,
    ) -> (Vec<Ref>, Vec<Option<u32>>) {
        members
            .iter()
            .map(|m| {
                let r = self.member(m, walk, date);
                (r, self.occurrence_of(r))
            })
            .unzip()
    }

    /// The occurrence a target that was just interned made.
    fn occurrence_of(&self, r: Ref) -> Option<u32> {
        matches!(r, Ref::Node(_)).then(|| (self.occurrences.len() - 1) as u32)
    }

    fn member(&mut self, m: &'p page::Member, walk: &mut Walk<'_>, date: &'p str) -> Ref {
        walk.path.push(m.name.clone());
        let r = self.target(&m.target, &m.name, Proposed::Place, &m.documentation, None, walk, date);
        walk.path.pop();
        r
    }

    fn place(&mut self, walk: &Walk<'_>, kind: Kind) -> PlaceId {
        let side = match walk.side {
            Side::Request => "in",
            Side::Response => "out",
        };
        let key = format!("{}/{side}/{}", walk.op, walk.path.join("/"));
        let next = self.places.len() as PlaceId;
        let places = &mut self.places;
        *self.place_ids.entry((key, kind)).or_insert_with_key(|(key, kind)| {
            places.push(Place { key: key.clone(), kind: *kind, depth: walk.path.len() as u16 });
            next
        })
    }

    #[allow(clippy::too_many_arguments)]
    fn occur(
        &mut self,
        walk: &Walk<'_>,
        at: &At<'p>,
        node: NodeId,
        members: &'p [page::Member],
        values: &'p [String],
        children: Vec<Option<u32>>,
    ) {
        let place = self.place(walk, self.keys[node as usize].kind);
        let signature = if walk.side == Side::Request && !members.is_empty() { self.signature(members) } else { None };
        self.occurrences.push(Occurrence {
            node,
            place,
            side: walk.side,
            date: at.date,
            fresh: !walk.borrowed,
            proposed: at.proposed,
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

    /// Interns what a page shows of one target. `name` is the name proposed for
    /// it, and `from` says where that name comes from.
    #[allow(clippy::too_many_arguments)]
    fn target(
        &mut self,
        t: &'p Target,
        name: &str,
        from: Proposed,
        member_doc: &Doc,
        own_doc: Option<&'p Doc>,
        walk: &mut Walk<'_>,
        date: &'p str,
    ) -> Ref {
        let at = |proposed| At { doc: own_doc, date, proposed };
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
                self.occur(walk, &at(from), node, &[], values, Vec::new());
                Ref::Node(node)
            }
            Target::Structure(members) | Target::Union(members) => {
                let kind = if matches!(t, Target::Union(_)) { Kind::Union } else { Kind::Structure };
                let (base, from) = match named_in_text(&member_doc.text(), false) {
                    Some(text) => (text, Proposed::Text),
                    None => (name.to_string(), from),
                };
                let mark = self.pending_recursive.len();
                let occurrence_mark = self.occurrences.len();
                let (refs, children) = self.members(members, walk, date);
                let mut parts: Vec<(String, Ref)> = members.iter().map(|m| m.name.clone()).zip(refs).collect();
                parts.sort_by(|a, b| a.0.cmp(&b.0));
                let recursive_here = parts.iter().any(|(_, r)| *r == Ref::Recursive);
                let node = self.intern(Key { base, kind, parts, values: Vec::new() });
                let pending: Vec<NodeId> = self.pending_recursive.drain(mark..).collect();
                self.occur(walk, &at(from), node, members, &[], children);
                let own = (self.occurrences.len() - 1) as u32;
                let end = self.occurrences.len() - 1;
                for occ in &mut self.occurrences[occurrence_mark..end] {
                    if occ.recursion_owner.is_none() && pending.contains(&occ.node) {
                        occ.recursion_owner = Some(own);
                    }
                }
                if recursive_here {
                    if let Some(occ) = self.occurrences.last_mut() {
                        occ.recursion_owner = Some(own);
                    }
                }
                Ref::Node(node)
            }
            Target::List(item) => {
                let (item_base, item_from) = match named_in_text(&member_doc.text(), true)
                    .or_else(|| named_in_text(&item.documentation.text(), false))
                {
                    Some(text) => (text, Proposed::Text),
                    None => (singular(name), from),
                };
                walk.path.push("[]".into());
                let item_ref = self.target(
                    &item.target,
                    &item_base,
                    item_from,
                    &Doc::default(),
                    Some(&item.documentation),
                    walk,
                    date,
                );
                let item_occurrence = self.occurrence_of(item_ref);
                walk.path.pop();
                let (base, from) = match item.target {
                    Target::Structure(_) | Target::Union(_) => (format!("{item_base}List"), item_from),
                    _ => (name.to_string(), from),
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
                self.occur(walk, &at(from), node, &[], &[], vec![item_occurrence]);
                Ref::Node(node)
            }
            Target::Map(k, v) => {
                walk.path.push("{key}".into());
                let key = self.target(
                    &k.target,
                    &format!("{name}Key"),
                    from,
                    &Doc::default(),
                    Some(&k.documentation),
                    walk,
                    date,
                );
                let key_occurrence = self.occurrence_of(key);
                walk.path.pop();
                let (value_base, value_from) = match named_in_text(&member_doc.text(), false) {
                    Some(text) => (text, Proposed::Text),
                    None => (format!("{name}Value"), from),
                };
                walk.path.push("{value}".into());
                let value = self.target(
                    &v.target,
                    &value_base,
                    value_from,
                    &Doc::default(),
                    Some(&v.documentation),
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
                self.occur(walk, &at(from), node, &[], &[], vec![key_occurrence, value_occurrence]);
                Ref::Node(node)
            }
        }
    }
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
    identity: &'c Identity,
    ns: &'c str,
    records: &'c [usize],
    /// Each shape's occurrences in these records, the defining one first: the
    /// page's own views before borrowed ones, the newest first, the request side
    /// first.
    by_shape: BTreeMap<identity::ShapeId, Vec<usize>>,
}

impl<'c, 'p> RevisionShapes<'c, 'p> {
    pub fn new(catalog: &'c Catalog<'p>, identity: &'c Identity, ns: &'c str, records: &'c [usize]) -> Self {
        let cat = catalog;
        let mut by_shape: BTreeMap<identity::ShapeId, Vec<usize>> = BTreeMap::new();
        for &r in records {
            for k in cat.records[r].occurrences.clone() {
                if let Some(shape) = identity.shape_of(cat.occurrences[k].place) {
                    by_shape.entry(shape).or_default().push(k);
                }
            }
        }
        for occs in by_shape.values_mut() {
            occs.sort_by(|&a, &b| {
                let (x, y) = (&cat.occurrences[a], &cat.occurrences[b]);
                y.fresh
                    .cmp(&x.fresh)
                    .then(y.date.cmp(x.date))
                    .then((x.side != Side::Request).cmp(&(y.side != Side::Request)))
                    .then(a.cmp(&b))
            });
        }
        RevisionShapes { catalog, identity, ns, records, by_shape }
    }

    fn id(&self, name: &str) -> String {
        format!("{}#{name}", self.ns)
    }

    /// The id of the shape shown at an occurrence.
    fn shape_at(&self, occurrence: u32) -> String {
        let place = self.catalog.occurrences[occurrence as usize].place;
        match self.identity.shape_of(place) {
            Some(shape) => self.id(self.identity.name(shape)),
            None => Simple::Document.prelude_id().to_string(),
        }
    }

    /// The shape id a target resolves to; `child` is the occurrence it has at this
    /// place, `owner` the occurrence of the structure a recursive reference means.
    fn resolve(&self, r: Ref, child: Option<u32>, owner: Option<u32>) -> String {
        match (r, child, owner) {
            (Ref::Prelude(s), _, _) => s.prelude_id().to_string(),
            (Ref::Node(_), Some(child), _) => self.shape_at(child),
            (Ref::Recursive, _, Some(owner)) => self.shape_at(owner),
            (Ref::Node(_) | Ref::Recursive, _, _) => Simple::Document.prelude_id().to_string(),
        }
    }

    /// Every shape the records reach, and the operations' inputs, outputs and
    /// operation shapes, into `shapes`. Returns the facts no page proves.
    pub fn emit(&self, shapes: &mut BTreeMap<String, Shape>) -> Vec<UnknownFact> {
        let cat = self.catalog;
        let mut unknowns = Vec::new();
        for (&shape, occs) in &self.by_shape {
            shapes.insert(self.id(self.identity.name(shape)), self.definition(occs));
        }
        for &r in self.records {
            let rec = &cat.records[r];
            self.operation(rec, shapes, &mut unknowns);
        }
        unknowns
    }

    /// A shape as its defining occurrence shows it; documentation from the first
    /// occurrence that has some.
    fn definition(&self, occs: &[usize]) -> Shape {
        let cat = self.catalog;
        let def = &cat.occurrences[occs[0]];
        let key = &cat.keys[def.node as usize];
        let owner = def.recursion_owner;
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

    /// A member of a shared structure: documentation from the first occurrence
    /// that has some, required from the first request-side one.
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
