//! Which places show one shape, over the whole history, and the shape's name.
//!
//! Each place has a *timeline*: on every date a page shows its operation, the
//! node that page shows there, its request-side `[REQUIRED]` marks, or nothing.
//! Two places are one shape only where the pages of every date that show both
//! show them equal (same node, same marks where both sides mark), and what they
//! hold is one shape member by member. Places join shapes innermost first, each
//! the shape it was first shown equal to, else the oldest that showed the same
//! node on another date and never beside it (a shape that moved). So a
//! difference that the pages of any one date show keeps two places apart in
//! every revision; a view older than the other (an operation whose page lags) or
//! borrowed from another page is no evidence.
//!
//! Each shape is named once, when it is first shown, so later pages never rename
//! it: the name the text gives it ("An array of `ProductionVariant` objects")
//! where its first pages give one, else the one its places give (the member's
//! name, its singular, `…Key`, `…Value`); the most pages' first. Shapes are named
//! in the order they were first shown, the shallowest and the most used first; a
//! shape whose name is taken (by an older shape, an operation, its input or
//! output, an error or a service shape) is prefixed by the name the structure
//! holding it wants (`S3Input` + `S3DataType`), else by its operation's name,
//! else numbered.

use super::{Catalog, Kind, NodeId, PlaceId, Proposed};
use std::collections::{BTreeMap, BTreeSet, HashMap};

/// A shape of the whole history: the places that show it.
pub(in crate::reconstruct) type ShapeId = u32;

/// What one place shows from a date on.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
enum Shown {
    Absent,
    /// A node, and on the request side the required members the page marks.
    Node(NodeId, Option<u32>),
}

/// Change points, oldest first: what is shown from each date on.
type Timeline<'p> = Vec<(&'p str, Shown)>;

/// How a place's timeline meets a shape's.
enum Fit<'p> {
    /// Shown differently on some date.
    Conflict,
    /// Never shown on one date.
    Unseen,
    /// Shown equal, first on this date, and never differently.
    Equal(&'p str),
}

/// A shape as it forms.
struct Forming<'p> {
    timeline: Timeline<'p>,
    /// What it holds: the shape of each member, item, key or value, by label and kind.
    children: BTreeMap<(String, Kind), ShapeId>,
    places: Vec<PlaceId>,
}

/// Every place's shape, and every shape's name.
pub(in crate::reconstruct) struct Identity {
    shape_of: Vec<Option<ShapeId>>,
    names: Vec<String>,
}

impl Identity {
    /// Decides the shapes and their names from `chosen`: for each operation, the
    /// record its revisions take at each of its dates, oldest first. `reserved`
    /// holds names no shape may take.
    pub fn new(cat: &Catalog<'_>, chosen: &[Vec<usize>], reserved: &BTreeSet<String>) -> Identity {
        let places = cat.places.len();
        let (mut timelines, occurrences) = timelines(cat, chosen);
        let order = innermost_first(cat, &occurrences);
        let mut shape_of: Vec<Option<ShapeId>> = vec![None; places];
        let mut shapes: Vec<Forming<'_>> = Vec::new();
        let mut by_node: HashMap<NodeId, Vec<ShapeId>> = HashMap::new();
        for p in order {
            let place = &cat.places[p as usize];
            let mut children = BTreeMap::new();
            let mut nodes = BTreeSet::new();
            for &k in &occurrences[p as usize] {
                let o = &cat.occurrences[k as usize];
                nodes.insert(o.node);
                for &c in o.children.iter().flatten() {
                    let child = &cat.places[cat.occurrences[c as usize].place as usize];
                    let label = child.key.get(place.key.len() + 1..).unwrap_or_default().to_string();
                    if let Some(shape) = shape_of[cat.occurrences[c as usize].place as usize] {
                        children.insert((label, child.kind), shape);
                    }
                }
            }
            let timeline = std::mem::take(&mut timelines[p as usize]);
            let candidates: BTreeSet<ShapeId> =
                nodes.iter().filter_map(|n| by_node.get(n)).flatten().copied().collect();
            let congruent = |s: &Forming<'_>| {
                children.iter().all(|(label, shape)| s.children.get(label).is_none_or(|other| other == shape))
            };
            let joined = if timeline.is_empty() {
                candidates.into_iter().find(|&s| congruent(&shapes[s as usize]))
            } else {
                // Shown equal first; else a shape never shown beside it (one
                // that moved, or whose operation went away), the oldest.
                candidates
                    .into_iter()
                    .filter(|&s| congruent(&shapes[s as usize]))
                    .filter_map(|s| match fit(&timeline, &shapes[s as usize].timeline) {
                        Fit::Equal(first) => Some((0, first, s)),
                        Fit::Unseen => Some((1, "", s)),
                        Fit::Conflict => None,
                    })
                    .min()
                    .map(|(_, _, s)| s)
            };
            let shape = match joined {
                Some(s) => {
                    let forming = &mut shapes[s as usize];
                    forming.timeline = merge(&forming.timeline, &timeline);
                    forming.children.extend(children);
                    forming.places.push(p);
                    s
                }
                None => {
                    shapes.push(Forming { timeline, children, places: vec![p] });
                    (shapes.len() - 1) as ShapeId
                }
            };
            for n in nodes {
                let known = by_node.entry(n).or_default();
                if !known.contains(&shape) {
                    known.push(shape);
                }
            }
            shape_of[p as usize] = Some(shape);
        }

        let names = name_shapes(cat, &shapes, &shape_of, &occurrences, reserved);
        Identity { shape_of, names }
    }

    /// The shape shown at a place, if a record a revision takes shows it.
    pub fn shape_of(&self, place: PlaceId) -> Option<ShapeId> {
        self.shape_of.get(place as usize).copied().flatten()
    }

    pub fn name(&self, shape: ShapeId) -> &str {
        &self.names[shape as usize]
    }
}

/// Each place's timeline, and its occurrences in the records revisions take.
fn timelines<'p>(cat: &Catalog<'p>, chosen: &[Vec<usize>]) -> (Vec<Timeline<'p>>, Vec<Vec<u32>>) {
    let places = cat.places.len();
    let mut timelines: Vec<Timeline<'_>> = vec![Vec::new(); places];
    let mut occurrences: Vec<Vec<u32>> = vec![Vec::new(); places];
    for records in chosen {
        let mut present: Vec<PlaceId> = Vec::new();
        for &r in records {
            let rec = &cat.records[r];
            let mut now = Vec::new();
            for k in rec.occurrences.clone() {
                let o = &cat.occurrences[k];
                occurrences[o.place as usize].push(k as u32);
                if o.fresh {
                    now.push(o.place);
                    change(&mut timelines[o.place as usize], rec.date, Shown::Node(o.node, o.signature));
                }
            }
            now.sort_unstable();
            now.dedup();
            for p in present {
                if now.binary_search(&p).is_err() {
                    change(&mut timelines[p as usize], rec.date, Shown::Absent);
                }
            }
            present = now;
        }
    }
    (timelines, occurrences)
}

/// The places that records revisions take show, oldest first (then shallowest,
/// then by key), each after every place it holds.
fn innermost_first(cat: &Catalog<'_>, occurrences: &[Vec<u32>]) -> Vec<PlaceId> {
    let places = cat.places.len();
    let mut by_birth: Vec<PlaceId> = (0..places as PlaceId).filter(|&p| !occurrences[p as usize].is_empty()).collect();
    let birth = |p: PlaceId| occurrences[p as usize].iter().map(|&k| cat.occurrences[k as usize].date).min();
    by_birth.sort_by_cached_key(|&p| {
        let place = &cat.places[p as usize];
        (birth(p), place.depth, place.key.clone(), place.kind)
    });
    let mut rank = vec![usize::MAX; places];
    for (i, &p) in by_birth.iter().enumerate() {
        rank[p as usize] = i;
    }
    let held: Vec<Vec<PlaceId>> = occurrences
        .iter()
        .map(|occs| {
            let mut inner: Vec<PlaceId> = occs
                .iter()
                .flat_map(|&k| cat.occurrences[k as usize].children.iter().flatten())
                .map(|&c| cat.occurrences[c as usize].place)
                .collect();
            inner.sort_by_key(|&c| rank[c as usize]);
            inner.dedup();
            inner
        })
        .collect();
    let mut order = Vec::with_capacity(by_birth.len());
    let mut visited = vec![false; places];
    for &p in &by_birth {
        visit_innermost_first(p, &held, &mut visited, &mut order);
    }
    order
}

/// Appends `place` to `order` after every place it holds, each once.
fn visit_innermost_first(place: PlaceId, held: &[Vec<PlaceId>], visited: &mut [bool], order: &mut Vec<PlaceId>) {
    if std::mem::replace(&mut visited[place as usize], true) {
        return;
    }
    for &inner in &held[place as usize] {
        visit_innermost_first(inner, held, visited, order);
    }
    order.push(place);
}

/// Records what a place shows from `date` on; the first view of a date stands.
fn change<'p>(timeline: &mut Timeline<'p>, date: &'p str, shown: Shown) {
    match timeline.last() {
        Some((d, _)) if *d == date => {}
        None if shown == Shown::Absent => {}
        _ => timeline.push((date, shown)),
    }
}

/// Walks two timelines together: at each change point of either, what each shows.
fn walk<'p>(a: &Timeline<'p>, b: &Timeline<'p>, mut each: impl FnMut(&'p str, Shown, Shown, bool) -> bool) {
    let (mut i, mut j) = (0, 0);
    let (mut va, mut vb) = (Shown::Absent, Shown::Absent);
    while i < a.len() || j < b.len() {
        let date = match (a.get(i), b.get(j)) {
            (Some(x), Some(y)) => x.0.min(y.0),
            (Some(x), None) => x.0,
            (None, Some(y)) => y.0,
            (None, None) => break,
        };
        let in_a = a.get(i).is_some_and(|x| x.0 == date);
        let in_b = b.get(j).is_some_and(|y| y.0 == date);
        if in_a {
            va = a[i].1;
            i += 1;
        }
        if in_b {
            vb = b[j].1;
            j += 1;
        }
        if !each(date, va, vb, in_a && in_b) {
            break;
        }
    }
}

fn fit<'p>(place: &Timeline<'p>, shape: &Timeline<'p>) -> Fit<'p> {
    let mut result = Fit::Unseen;
    walk(place, shape, |date, a, b, same_day| match (a, b) {
        (Shown::Node(x, sx), Shown::Node(y, sy)) if same_day => {
            if x != y || matches!((sx, sy), (Some(p), Some(q)) if p != q) {
                result = Fit::Conflict;
                return false;
            }
            if matches!(result, Fit::Unseen) {
                result = Fit::Equal(date);
            }
            true
        }
        _ => true,
    });
    result
}

fn merge<'p>(a: &Timeline<'p>, b: &Timeline<'p>) -> Timeline<'p> {
    let mut out = Vec::with_capacity(a.len() + b.len());
    walk(a, b, |date, x, y, _| {
        let shown = match (x, y) {
            (Shown::Node(n, sx), Shown::Node(_, sy)) => Shown::Node(n, sx.or(sy)),
            (Shown::Node(..), Shown::Absent) => x,
            (Shown::Absent, _) => y,
        };
        change(&mut out, date, shown);
        true
    });
    out
}

/// Names every shape once, as the module documentation says.
fn name_shapes(
    cat: &Catalog<'_>,
    shapes: &[Forming<'_>],
    shape_of: &[Option<ShapeId>],
    occurrences: &[Vec<u32>],
    reserved: &BTreeSet<String>,
) -> Vec<String> {
    struct Claim<'a> {
        birth: &'a str,
        depth: u16,
        operations: usize,
        first_place: &'a str,
        wanted: String,
        /// The shape of the structure that holds it where it was first shown.
        parent: Option<ShapeId>,
        /// The operation it was first shown in.
        operation: &'a str,
    }
    let operation_names: HashMap<String, &str> =
        cat.records.iter().map(|r| (r.name.to_ascii_lowercase(), r.name.as_str())).collect();
    // The structure or union that holds a place, `None` at the top of an input or output.
    let enclosing = |p: PlaceId| -> Option<PlaceId> {
        let mut key = cat.places[p as usize].key.as_str();
        loop {
            key = &key[..key.rfind('/')?];
            if key.matches('/').count() < 2 {
                return None;
            }
            for kind in [Kind::Structure, Kind::Union] {
                if let Some(&q) = cat.place_ids.get(&(key.to_string(), kind)) {
                    return Some(q);
                }
            }
        }
    };
    let claims: Vec<Claim<'_>> = shapes
        .iter()
        .map(|shape| {
            let all =
                || shape.places.iter().flat_map(|&p| &occurrences[p as usize]).map(|&k| &cat.occurrences[k as usize]);
            let birth = all().map(|o| o.date).min().unwrap_or_default();
            let mut votes: BTreeMap<(bool, &str), usize> = BTreeMap::new();
            let mut first: Option<(u32, PlaceId)> = None;
            for &p in &shape.places {
                for &k in &occurrences[p as usize] {
                    let o = &cat.occurrences[k as usize];
                    if o.date != birth {
                        continue;
                    }
                    let base = cat.keys[o.node as usize].base.as_str();
                    *votes.entry((o.proposed == Proposed::Text, base)).or_default() += 1;
                    if first.is_none_or(|(f, _)| k < f) {
                        first = Some((k, o.place));
                    }
                }
            }
            let wanted = votes
                .iter()
                .max_by(|a, b| a.0 .0.cmp(&b.0 .0).then(a.1.cmp(b.1)).then_with(|| b.0 .1.cmp(a.0 .1)))
                .map_or_else(String::new, |((_, base), _)| base.to_string());
            let place_keys = shape.places.iter().map(|&p| cat.places[p as usize].key.as_str());
            let operations: BTreeSet<&str> = place_keys.clone().map(|k| k.split('/').next().unwrap_or(k)).collect();
            Claim {
                birth,
                depth: shape.places.iter().map(|&p| cat.places[p as usize].depth).min().unwrap_or(0),
                operations: operations.len(),
                first_place: place_keys.min().unwrap_or_default(),
                wanted,
                parent: first.and_then(|(_, p)| enclosing(p)).and_then(|q| shape_of[q as usize]),
                operation: first
                    .and_then(|(_, p)| {
                        let key = &cat.places[p as usize].key;
                        operation_names.get(key.split('/').next().unwrap_or(key)).copied()
                    })
                    .unwrap_or_default(),
            }
        })
        .collect();
    let mut order: Vec<usize> = (0..claims.len()).collect();
    order.sort_by(|&a, &b| {
        let (x, y) = (&claims[a], &claims[b]);
        (x.birth, x.depth, std::cmp::Reverse(x.operations), x.first_place, a).cmp(&(
            y.birth,
            y.depth,
            std::cmp::Reverse(y.operations),
            y.first_place,
            b,
        ))
    });
    let mut taken: BTreeSet<String> = reserved.iter().map(|n| n.to_ascii_lowercase()).collect();
    let mut names = vec![String::new(); claims.len()];
    let mut deferred = Vec::new();
    for &s in &order {
        if taken.insert(claims[s].wanted.to_ascii_lowercase()) {
            names[s] = claims[s].wanted.clone();
        } else {
            deferred.push(s);
        }
    }
    // A taken name: prefixed by the name its holder wants, else by the operation's
    // name, else numbered.
    for s in deferred {
        let Claim { wanted, parent, operation, .. } = &claims[s];
        let parent = parent.map_or(*operation, |p| claims[p as usize].wanted.as_str());
        let options: Vec<String> = [parent, operation]
            .into_iter()
            .filter(|prefix| !prefix.is_empty() && !wanted.starts_with(prefix))
            .map(|prefix| format!("{prefix}{wanted}"))
            .collect();
        let name = match options.iter().find(|n| !taken.contains(&n.to_ascii_lowercase())) {
            Some(name) => name.clone(),
            None => {
                let stem = options.first().unwrap_or(wanted);
                (2..)
                    .map(|k| format!("{stem}{k}"))
                    .find(|n| !taken.contains(&n.to_ascii_lowercase()))
                    .unwrap_or_default()
            }
        };
        taken.insert(name.to_ascii_lowercase());
        names[s] = name;
    }
    names
}
