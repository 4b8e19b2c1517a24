//! Turns the operations of one revision into Smithy shapes, one per concept.
//!
//! Every enum, structure, list and map that an operation shows becomes a
//! *candidate* with a proposed name. Candidates with the same name and a
//! compatible content (shared members or values) are one concept; the newest
//! page's candidate defines it (request side first on a tie), so every operation
//! that uses a shared shape at this revision sees the newest one. Members that
//! only an older candidate shows are dropped: the newest page shows the shape
//! whole. Required flags come from request-side candidates, since response pages
//! never mark them. Different concepts that want the same name are told apart by
//! their parent's name, then by a number, in a fixed order.

use super::naming::{enum_member_name, named_in_text, singular};
use crate::page::{self, Doc, Required, Scalar, Target};
use crate::smithy::{traits, Member, Model, Shape, ShapeKind, Simple, Traits};
use indexmap::IndexMap;
use serde_json::{json, Value};
use std::collections::{BTreeMap, BTreeSet};

#[derive(Debug, Clone, Copy, PartialEq, Eq)]
enum Ref {
    Prelude(Simple),
    Cand(usize),
}

#[derive(Debug, Clone)]
struct CandMember {
    name: String,
    target: Ref,
    required: Required,
    doc: Doc,
    unknown: Vec<&'static str>,
}

#[derive(Debug, Clone)]
enum CandKind {
    Enum(Vec<String>),
    Structure(Vec<CandMember>),
    List(Ref),
    Map(Ref, Ref),
}

impl CandKind {
    fn tag(&self) -> u8 {
        match self {
            CandKind::Enum(_) => 0,
            CandKind::Structure(_) => 1,
            CandKind::List(_) => 2,
            CandKind::Map(..) => 3,
        }
    }
}

#[derive(Debug, Clone)]
struct Cand {
    base: String,
    parent_base: String,
    kind: CandKind,
    date: String,
    request: bool,
    op: String,
    /// Member names from the operation's input or output down to this candidate
    /// (lists and maps looked through): where it sits, to find it in the previous revision.
    path: Vec<String>,
    doc: Doc,
}

/// One operation of the revision, as the builder needs it.
pub(super) struct OperationInput<'a> {
    pub op: &'a page::OperationPage,
    /// The page path for diagnostics.
    pub file: &'a str,
    /// The page path for provenance, relative to the manifest.
    pub name: &'a str,
    pub date: &'a str,
    pub layout: &'static str,
}

/// Where a member with unknown facts is, for the warnings.
pub(super) struct UnknownFact {
    pub file: String,
    pub line: usize,
    pub message: String,
}

struct OpShapes {
    name: String,
    input: Vec<CandMember>,
    output: Option<Vec<CandMember>>,
    doc: Doc,
    provenance: Value,
    errors: Vec<String>,
}

/// Builds the shapes of one revision.
pub(super) struct Builder {
    ns: String,
    cands: Vec<Cand>,
    ops: Vec<OpShapes>,
    pub unknowns: Vec<UnknownFact>,
    /// The member path of the candidate being built.
    path: Vec<String>,
}

impl Builder {
    pub fn new(ns: &str) -> Self {
        Builder { ns: ns.to_string(), cands: Vec::new(), ops: Vec::new(), unknowns: Vec::new(), path: Vec::new() }
    }

    pub fn add_operation(&mut self, input: &OperationInput<'_>) {
        let op = input.op;
        let ctx = MemberCtx { date: input.date, request: true, op: &op.name, file: input.file };
        let in_base = format!("{}Input", op.name);
        let members = op.input.iter().map(|m| self.member(m, &in_base, &ctx)).collect();
        let ctx = MemberCtx { request: false, ..ctx };
        let out_base = format!("{}Output", op.name);
        let output = match &op.output {
            page::Output::Members(ms) => Some(ms.iter().map(|m| self.member(m, &out_base, &ctx)).collect()),
            page::Output::Nothing | page::Output::Unknown => None,
        };
        self.ops.push(OpShapes {
            name: op.name.clone(),
            input: members,
            output,
            doc: op.documentation.clone(),
            provenance: json!({ "page": input.name, "line": op.line, "layout": input.layout }),
            errors: op.errors.clone(),
        });
    }

    fn push(&mut self, cand: Cand) -> Ref {
        self.cands.push(cand);
        Ref::Cand(self.cands.len() - 1)
    }

    fn member(&mut self, m: &page::Member, parent_base: &str, ctx: &MemberCtx<'_>) -> CandMember {
        let mut unknown = Vec::new();
        self.path.push(m.name.clone());
        let target = self.target(&m.target, &m.name, &m.documentation, None, parent_base, ctx, &mut unknown);
        self.path.pop();
        let required = if ctx.request { m.required } else { Required::Unknown };
        if ctx.request && m.required == Required::Unknown {
            unknown.push("required");
        }
        for fact in &unknown {
            self.unknowns.push(UnknownFact {
                file: ctx.file.to_string(),
                line: m.line,
                message: format!("no page proves {} of `{}` in {}", describe_fact(fact), m.name, parent_base),
            });
        }
        CandMember { name: m.name.clone(), target, required, doc: m.documentation.clone(), unknown }
    }

    #[allow(clippy::too_many_arguments)]
    fn target(
        &mut self,
        t: &Target,
        name: &str,
        member_doc: &Doc,
        own_doc: Option<&Doc>,
        parent_base: &str,
        ctx: &MemberCtx<'_>,
        unknown: &mut Vec<&'static str>,
    ) -> Ref {
        let path = self.path.clone();
        let cand = |base: String, kind: CandKind, doc: Doc| Cand {
            base,
            parent_base: parent_base.to_string(),
            kind,
            date: ctx.date.to_string(),
            request: ctx.request,
            op: ctx.op.to_string(),
            path: path.clone(),
            doc,
        };
        match t {
            Target::Scalar(s) => Ref::Prelude(simple(*s)),
            Target::StringOrEnum => {
                unknown.push("enum");
                Ref::Prelude(Simple::String)
            }
            Target::FloatingPoint => {
                unknown.push("numberKind");
                Ref::Prelude(Simple::Double)
            }
            Target::Unknown => {
                unknown.push("type");
                Ref::Prelude(Simple::String)
            }
            Target::Enum { values, .. } => {
                self.push(cand(name.to_string(), CandKind::Enum(values.clone()), Doc::default()))
            }
            Target::Structure(members) => {
                let base = named_in_text(&member_doc.text(), false).unwrap_or_else(|| name.to_string());
                let ms = members.iter().map(|m| self.member(m, &base, ctx)).collect();
                self.push(cand(base, CandKind::Structure(ms), own_doc.cloned().unwrap_or_default()))
            }
            Target::List(item) => {
                let item_base = named_in_text(&member_doc.text(), true)
                    .or_else(|| named_in_text(&item.documentation.text(), false))
                    .unwrap_or_else(|| singular(name));
                let item_ref = self.target(
                    &item.target,
                    &item_base,
                    &Doc::default(),
                    Some(&item.documentation),
                    parent_base,
                    ctx,
                    unknown,
                );
                let list_base = match item.target {
                    Target::Structure(_) => format!("{item_base}List"),
                    _ => name.to_string(),
                };
                self.push(cand(list_base, CandKind::List(item_ref), Doc::default()))
            }
            Target::Map(k, v) => {
                let key = self.target(
                    &k.target,
                    &format!("{name}Key"),
                    &Doc::default(),
                    Some(&k.documentation),
                    parent_base,
                    ctx,
                    unknown,
                );
                let value_base = named_in_text(&member_doc.text(), false).unwrap_or_else(|| format!("{name}Value"));
                let value = self.target(
                    &v.target,
                    &value_base,
                    &Doc::default(),
                    Some(&v.documentation),
                    parent_base,
                    ctx,
                    unknown,
                );
                self.push(cand(name.to_string(), CandKind::Map(key, value), Doc::default()))
            }
        }
    }

    /// Clusters the candidates, names the clusters and emits the model.
    /// `previous` is the revision before this one: a concept keeps the name it had
    /// there, so that names are stable across revisions.
    pub fn finish(self, reserved: &BTreeSet<String>, previous: Option<&Model>) -> Model {
        let clusters = self.live(self.cluster());
        let names = self.name_clusters(&clusters, reserved, previous);
        let mut cluster_of = vec![0usize; self.cands.len()];
        for (ci, c) in clusters.iter().enumerate() {
            for &k in c {
                cluster_of[k] = ci;
            }
        }
        let id = |name: &str| format!("{}#{}", self.ns, name);
        let resolve = |r: Ref| match r {
            Ref::Prelude(s) => s.prelude_id().to_string(),
            Ref::Cand(k) => id(&names[cluster_of[k]]),
        };
        let mut model = Model::default();
        for (ci, c) in clusters.iter().enumerate() {
            let rep = &self.cands[c[0]];
            let mut shape = match &rep.kind {
                CandKind::Enum(values) => Shape::new(ShapeKind::Enum(enum_members(values))),
                CandKind::Structure(members) => {
                    let ms = members.iter().map(|m| (m.name.clone(), self.merged_member(m, c, &resolve))).collect();
                    Shape::new(ShapeKind::Structure(ms))
                }
                CandKind::List(item) => Shape::new(ShapeKind::List(Member::new(resolve(*item)))),
                CandKind::Map(k, v) => {
                    Shape::new(ShapeKind::Map { key: Member::new(resolve(*k)), value: Member::new(resolve(*v)) })
                }
            };
            if let Some(doc) = c.iter().map(|&k| &self.cands[k].doc).find(|d| !d.is_empty()) {
                shape.traits.insert(traits::DOCUMENTATION.into(), Value::String(doc.to_html()));
            }
            model.shapes.insert(id(&names[ci]), shape);
        }
        for op in &self.ops {
            let input_id = id(&format!("{}Input", op.name));
            let mut input = Shape::new(ShapeKind::Structure(
                op.input.iter().map(|m| (m.name.clone(), plain_member(m, &resolve))).collect(),
            ));
            input.traits.insert(traits::INPUT.into(), json!({}));
            model.shapes.insert(input_id.clone(), input);
            let output_id = op.output.as_ref().map(|members| {
                let mut output = Shape::new(ShapeKind::Structure(
                    members.iter().map(|m| (m.name.clone(), plain_member(m, &resolve))).collect(),
                ));
                output.traits.insert(traits::OUTPUT.into(), json!({}));
                let oid = id(&format!("{}Output", op.name));
                model.shapes.insert(oid.clone(), output);
                oid
            });
            let errors = op.errors.iter().map(|e| id(e)).collect();
            let mut shape = Shape::new(ShapeKind::Operation { input: Some(input_id), output: output_id, errors });
            if !op.doc.is_empty() {
                shape.traits.insert(traits::DOCUMENTATION.into(), Value::String(op.doc.to_html()));
            }
            shape.traits.insert(traits::PROVENANCE.into(), op.provenance.clone());
            if let Some(p) = pagination(op, &model, &self.ns) {
                shape.traits.insert(traits::PAGINATED.into(), p);
            }
            model.shapes.insert(id(&op.name), shape);
        }
        model
    }

    fn merged_member(&self, m: &CandMember, cluster: &[usize], resolve: &dyn Fn(Ref) -> String) -> Member {
        let mut merged = m.clone();
        // Requiredness from the newest request-side candidate that shows the member.
        if merged.required == Required::Unknown {
            let from_request =
                cluster.iter().filter(|&&k| self.cands[k].request).find_map(|&k| match &self.cands[k].kind {
                    CandKind::Structure(ms) => {
                        ms.iter().find(|x| x.name == m.name && x.required != Required::Unknown).map(|x| x.required)
                    }
                    _ => None,
                });
            if let Some(r) = from_request {
                merged.required = r;
                merged.unknown.retain(|f| *f != "required");
            }
        }
        if merged.doc.is_empty() {
            if let Some(doc) = cluster.iter().find_map(|&k| match &self.cands[k].kind {
                CandKind::Structure(ms) => {
                    ms.iter().find(|x| x.name == m.name && !x.doc.is_empty()).map(|x| x.doc.clone())
                }
                _ => None,
            }) {
                merged.doc = doc;
            }
        }
        plain_member(&merged, resolve)
    }

    /// The clusters that the operations reach through each cluster's defining
    /// candidate. The others hold only what older pages showed inside members
    /// that the newest page dropped; they become no shape and claim no name.
    fn live(&self, clusters: Vec<Vec<usize>>) -> Vec<Vec<usize>> {
        let mut cluster_of = vec![usize::MAX; self.cands.len()];
        for (ci, c) in clusters.iter().enumerate() {
            for &k in c {
                cluster_of[k] = ci;
            }
        }
        let refs = |members: &[CandMember]| members.iter().map(|m| m.target).collect::<Vec<_>>();
        let mut stack: Vec<Ref> = Vec::new();
        for op in &self.ops {
            stack.extend(refs(&op.input));
            stack.extend(op.output.as_deref().map(refs).unwrap_or_default());
        }
        let mut live = vec![false; clusters.len()];
        while let Some(r) = stack.pop() {
            let Ref::Cand(k) = r else { continue };
            let Some(&ci) = cluster_of.get(k).filter(|&&ci| ci != usize::MAX) else { continue };
            if std::mem::replace(&mut live[ci], true) {
                continue;
            }
            match &self.cands[clusters[ci][0]].kind {
                CandKind::Enum(_) => {}
                CandKind::Structure(members) => stack.extend(refs(members)),
                CandKind::List(item) => stack.push(*item),
                CandKind::Map(key, value) => stack.extend([*key, *value]),
            }
        }
        clusters.into_iter().zip(live).filter_map(|(c, l)| l.then_some(c)).collect()
    }

    /// Groups candidates into concepts: same proposed name, same kind, and content
    /// that overlaps. The newest candidate comes first in each cluster.
    fn cluster(&self) -> Vec<Vec<usize>> {
        let mut order: Vec<usize> = (0..self.cands.len()).collect();
        order.sort_by(|&a, &b| {
            let (x, y) = (&self.cands[a], &self.cands[b]);
            (x.base.as_str(), x.kind.tag(), std::cmp::Reverse(&x.date), !x.request, a).cmp(&(
                y.base.as_str(),
                y.kind.tag(),
                std::cmp::Reverse(&y.date),
                !y.request,
                b,
            ))
        });
        let mut clusters: Vec<Vec<usize>> = Vec::new();
        let mut group_start = 0;
        for (pos, &k) in order.iter().enumerate() {
            let c = &self.cands[k];
            if pos > 0 {
                let prev = &self.cands[order[pos - 1]];
                if prev.base != c.base || prev.kind.tag() != c.kind.tag() {
                    group_start = clusters.len();
                }
            }
            let found = clusters[group_start..].iter_mut().find(|cl| self.compatible(&self.cands[cl[0]], c));
            match found {
                Some(cl) => cl.push(k),
                None => clusters.push(vec![k]),
            }
        }
        clusters
    }

    fn compatible(&self, a: &Cand, b: &Cand) -> bool {
        match (&a.kind, &b.kind) {
            // One date shows one value set per concept. Across dates enums grow, and
            // distinct enums can share most values, so the parent must match too.
            (CandKind::Enum(x), CandKind::Enum(y)) if a.date == b.date => {
                x.iter().collect::<BTreeSet<_>>() == y.iter().collect::<BTreeSet<_>>()
            }
            (CandKind::Enum(x), CandKind::Enum(y)) => {
                a.parent_base == b.parent_base && overlaps(x.iter().collect(), y.iter().collect(), 0.9)
            }
            (CandKind::Structure(x), CandKind::Structure(y)) => {
                overlaps(x.iter().map(|m| &m.name).collect(), y.iter().map(|m| &m.name).collect(), 0.5)
            }
            (CandKind::List(x), CandKind::List(y)) => self.same_ref_kind(*x, *y),
            (CandKind::Map(xk, xv), CandKind::Map(yk, yv)) => {
                self.same_ref_kind(*xk, *yk) && self.same_ref_kind(*xv, *yv)
            }
            _ => false,
        }
    }

    fn same_ref_kind(&self, a: Ref, b: Ref) -> bool {
        match (a, b) {
            (Ref::Prelude(x), Ref::Prelude(y)) => x == y,
            (Ref::Cand(x), Ref::Cand(y)) => {
                self.cands[x].base == self.cands[y].base && self.cands[x].kind.tag() == self.cands[y].kind.tag()
            }
            _ => false,
        }
    }

    /// Names each cluster. A concept that the previous revision has at the same
    /// place keeps that name. Otherwise, among clusters that want the same name,
    /// the one used by the most operations keeps it; the others take their
    /// parent's name as a prefix, then a number.
    fn name_clusters(
        &self,
        clusters: &[Vec<usize>],
        reserved: &BTreeSet<String>,
        previous: Option<&Model>,
    ) -> Vec<String> {
        let mut taken: BTreeSet<String> = reserved.iter().map(|n| n.to_ascii_lowercase()).collect();
        let mut names = vec![String::new(); clusters.len()];
        let ops_of = |ci: usize| -> usize {
            clusters[ci].iter().map(|&k| self.cands[k].op.as_str()).collect::<BTreeSet<_>>().len()
        };
        if let Some(previous) = previous {
            // Each cluster claims the name most of its candidates had; among claims on
            // one name, the cluster with the most such candidates wins.
            let mut claims: BTreeMap<String, Vec<(usize, usize)>> = BTreeMap::new();
            for (ci, c) in clusters.iter().enumerate() {
                let mut votes: BTreeMap<String, usize> = BTreeMap::new();
                for &k in c {
                    if let Some(name) = self.previous_name(&self.cands[k], previous) {
                        *votes.entry(name).or_default() += 1;
                    }
                }
                if let Some((name, n)) = votes.into_iter().max_by(|a, b| a.1.cmp(&b.1).then_with(|| b.0.cmp(&a.0))) {
                    claims.entry(name).or_default().push((ci, n));
                }
            }
            for (name, mut cis) in claims {
                cis.sort_by_key(|&(ci, votes)| {
                    (std::cmp::Reverse(votes), std::cmp::Reverse(ops_of(ci)), clusters[ci][0])
                });
                if taken.insert(name.to_ascii_lowercase()) {
                    names[cis[0].0] = name;
                }
            }
        }
        let mut by_base: BTreeMap<&str, Vec<usize>> = BTreeMap::new();
        for (ci, c) in clusters.iter().enumerate() {
            if names[ci].is_empty() {
                by_base.entry(self.cands[c[0]].base.as_str()).or_default().push(ci);
            }
        }
        let mut deferred = Vec::new();
        for (base, mut cis) in by_base {
            cis.sort_by_key(|&ci| {
                let ops: BTreeSet<&str> = clusters[ci].iter().map(|&k| self.cands[k].op.as_str()).collect();
                (std::cmp::Reverse(ops.len()), clusters[ci][0])
            });
            for (rank, ci) in cis.into_iter().enumerate() {
                if rank == 0 && taken.insert(base.to_ascii_lowercase()) {
                    names[ci] = base.to_string();
                } else {
                    deferred.push(ci);
                }
            }
        }
        deferred.sort_unstable();
        for ci in deferred {
            let rep = &self.cands[clusters[ci][0]];
            let parent = rep.parent_base.trim_end_matches("Input").trim_end_matches("Output");
            let mut name = format!("{parent}{}", rep.base);
            let mut n = 2;
            while !taken.insert(name.to_ascii_lowercase()) {
                name = format!("{parent}{}{n}", rep.base);
                n += 1;
            }
            names[ci] = name;
        }
        names
    }
}

impl Builder {
    /// The name the previous revision gives the shape at a candidate's place,
    /// when that shape is of the candidate's kind.
    fn previous_name(&self, cand: &Cand, previous: &Model) -> Option<String> {
        let side = if cand.request { "Input" } else { "Output" };
        let mut id = format!("{}#{}{side}", self.ns, cand.op);
        for name in &cand.path {
            id = look_through(previous, &id, cand.kind.tag());
            let ShapeKind::Structure(members) = &previous.shapes.get(&id)?.kind else { return None };
            id = members.get(name)?.target.clone();
        }
        let id = look_through(previous, &id, cand.kind.tag());
        let kind = &previous.shapes.get(&id)?.kind;
        let tag = match kind {
            ShapeKind::Enum(_) => 0,
            ShapeKind::Structure(_) => 1,
            ShapeKind::List(_) => 2,
            ShapeKind::Map { .. } => 3,
            _ => return None,
        };
        (tag == cand.kind.tag() && !cand.path.is_empty()).then(|| crate::smithy::shape_name(&id).to_string())
    }
}

/// Follows list members and map values from `id` until a shape of kind `tag`
/// (or a structure, to go on walking) is reached.
fn look_through(model: &Model, id: &str, tag: u8) -> String {
    let mut id = id.to_string();
    for _ in 0..8 {
        match model.shapes.get(&id).map(|s| &s.kind) {
            Some(ShapeKind::List(m)) if tag != 2 => id = m.target.clone(),
            Some(ShapeKind::Map { value, .. }) if tag != 3 => id = value.target.clone(),
            _ => break,
        }
    }
    id
}

struct MemberCtx<'a> {
    date: &'a str,
    request: bool,
    op: &'a str,
    file: &'a str,
}

fn describe_fact(fact: &str) -> &'static str {
    match fact {
        "type" => "the type",
        "enum" => "whether it is an enum (and its values)",
        "numberKind" => "whether it is a double or a float",
        _ => "whether it is required",
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

/// True when two sets share at least `share` of the smaller one (two empty sets too).
/// Enums grow over time, so an older value set is nearly contained in a newer one;
/// structures gain and lose members, so half their names suffice.
fn overlaps<T: Ord>(a: BTreeSet<T>, b: BTreeSet<T>, share: f64) -> bool {
    let small = a.len().min(b.len());
    if small == 0 {
        return a.is_empty() && b.is_empty();
    }
    a.intersection(&b).count() as f64 >= share * small as f64
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

fn plain_member(m: &CandMember, resolve: &dyn Fn(Ref) -> String) -> Member {
    let mut traits = Traits::new();
    if !m.doc.is_empty() {
        traits.insert(traits::DOCUMENTATION.into(), Value::String(m.doc.to_html()));
    }
    if m.required == Required::Yes {
        traits.insert(traits::REQUIRED.into(), json!({}));
    }
    if !m.unknown.is_empty() {
        let mut facts = m.unknown.clone();
        facts.sort_unstable();
        facts.dedup();
        traits.insert(traits::UNKNOWN.into(), json!(facts));
    }
    Member { target: resolve(m.target), traits }
}

/// `@paginated` when the input has `NextToken` and `MaxResults` and the output
/// returns `NextToken`; `items` names the output's one list member, if it has one.
fn pagination(op: &OpShapes, model: &Model, ns: &str) -> Option<Value> {
    let has = |ms: &[CandMember], n: &str| ms.iter().any(|m| m.name == n);
    let output = op.output.as_ref()?;
    if !(has(&op.input, "NextToken") && has(&op.input, "MaxResults") && has(output, "NextToken")) {
        return None;
    }
    let oid = format!("{ns}#{}Output", op.name);
    let lists: Vec<&String> = match model.shapes.get(&oid).map(|s| &s.kind) {
        Some(ShapeKind::Structure(ms)) => ms
            .iter()
            .filter(|(_, m)| matches!(model.shapes.get(&m.target).map(|s| &s.kind), Some(ShapeKind::List(_))))
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
    Some(Value::Object(p))
}
