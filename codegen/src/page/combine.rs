//! Joins the two views a page gives of each member: the bullets (names, type
//! words, `[REQUIRED]`, documentation) and the syntax literal (nesting, enum
//! values, number kinds).
//!
//! Nested layouts (full, lossy) give bullets as a tree; [`combine_tree`] walks it
//! beside the syntax. Flat layouts (flattened, reference) print bullets in
//! preorder without indentation; [`walk_flat`] walks the syntax tree and looks for
//! each member's bullet in turn.

use super::doc::Doc;
use super::syntax::SyntaxShape;
use super::{Item, Member, Required, Scalar, Target};
use crate::diag::Warning;

/// A bullet of a nested layout, with the bullets nested under it.
#[derive(Debug, Clone, PartialEq)]
pub(crate) struct Bullet {
    pub name: Option<String>,
    /// The SDK's type word; `None` where the scrape lost it.
    pub type_word: Option<String>,
    pub required: Required,
    pub doc: Doc,
    pub line: usize,
    pub children: Vec<Bullet>,
}

/// Context for warnings.
pub(crate) struct Diagnostics<'a> {
    pub file: &'a str,
    pub warnings: &'a mut Vec<Warning>,
}

impl Diagnostics<'_> {
    pub fn warn(&mut self, line: usize, message: impl Into<String>) {
        self.warnings.push(Warning::at_line(self.file, line, message));
    }
}

/// The member a bullet describes, given what the syntax shows for it.
pub(crate) fn member_from_bullet(b: &Bullet, syn: Option<&SyntaxShape>, ctx: &mut Diagnostics<'_>) -> Member {
    Member {
        name: b.name.clone().unwrap_or_default(),
        required: b.required,
        documentation: b.doc.clone(),
        target: combine_tree(b, syn, ctx),
        line: b.line,
    }
}

fn item_from_bullet(b: &Bullet, syn: Option<&SyntaxShape>, ctx: &mut Diagnostics<'_>) -> Item {
    Item { documentation: b.doc.clone(), target: combine_tree(b, syn, ctx), line: b.line }
}

/// The key and value bullets of a map. Nested layouts print the value either
/// beside the key or, in the full layout, one level under it.
pub(crate) fn map_entry(b: &Bullet) -> Option<(&Bullet, &Bullet)> {
    if matches!(b.type_word.as_deref(), Some(w) if w != "dict") {
        return None;
    }
    let unnamed: Vec<&Bullet> = b.children.iter().filter(|c| c.name.is_none()).collect();
    match unnamed.as_slice() {
        [key, value, ..] => Some((key, value)),
        [key] if matches!(key.type_word.as_deref(), Some("string") | None) => {
            let inner: Vec<&Bullet> = key.children.iter().filter(|c| c.name.is_none()).collect();
            match inner.as_slice() {
                [value] => Some((key, value)),
                _ => None,
            }
        }
        _ => None,
    }
}

/// The type of a bullet, from its type word, its children and the syntax.
pub(crate) fn combine_tree(b: &Bullet, syn: Option<&SyntaxShape>, ctx: &mut Diagnostics<'_>) -> Target {
    if matches!(syn, Some(SyntaxShape::Recursive)) {
        return Target::Recursive;
    }
    let named = b.children.iter().any(|c| c.name.is_some());
    let unnamed = b.children.iter().filter(|c| c.name.is_none()).count();
    let entry = map_entry(b);
    let word = match b.type_word.as_deref() {
        Some(w) => w.to_string(),
        None if named || entry.is_some() => "dict".into(),
        None if unnamed == 1 => "list".into(),
        None => match syn {
            Some(s) => return from_syntax(s, b.line),
            None => return Target::Unknown,
        },
    };
    match word.as_str() {
        "list" => {
            let inner = match syn {
                Some(SyntaxShape::List(inner)) => Some(inner.as_ref()),
                _ => None,
            };
            let item = match b.children.iter().find(|c| c.name.is_none()) {
                Some(child) => item_from_bullet(child, inner, ctx),
                None => Item {
                    documentation: Doc::default(),
                    target: inner.map_or(Target::Unknown, |s| from_syntax(s, b.line)),
                    line: b.line,
                },
            };
            Target::List(Box::new(item))
        }
        "dict" if named || (unnamed == 0 && matches!(syn, Some(SyntaxShape::Structure(_)))) => {
            let mut members: Vec<Member> = b
                .children
                .iter()
                .filter(|c| c.name.is_some())
                .map(|c| {
                    let name = c.name.as_deref().unwrap_or_default();
                    member_from_bullet(c, syn.and_then(|s| s.member(name)), ctx)
                })
                .collect();
            if let Some(SyntaxShape::Structure(syn_members)) = syn {
                for (name, shape) in syn_members {
                    if !members.iter().any(|m| &m.name == name) {
                        ctx.warn(b.line, format!("member `{name}` appears in the syntax but has no bullet"));
                        members.push(member_from_syntax(name, shape, b.line));
                    }
                }
            }
            Target::Structure(members)
        }
        "dict" => {
            let (key_syn, value_syn) = match syn {
                Some(SyntaxShape::Map(k, v)) => (Some(k.as_ref()), Some(v.as_ref())),
                _ => (None, None),
            };
            match entry {
                Some((k, v)) => Target::Map(
                    Box::new(item_from_bullet(k, key_syn, ctx)),
                    Box::new(item_from_bullet(v, value_syn, ctx)),
                ),
                None => match syn {
                    Some(s @ SyntaxShape::Map(..)) => from_syntax(s, b.line),
                    Some(SyntaxShape::Scalar(Scalar::Document)) => Target::Scalar(Scalar::Document),
                    _ => Target::Structure(Vec::new()),
                },
            }
        }
        word => leaf_target(word, syn),
    }
}

/// A leaf's type from its type word, refined by the syntax.
pub(crate) fn leaf_target(word: &str, syn: Option<&SyntaxShape>) -> Target {
    if matches!(syn, Some(SyntaxShape::Scalar(Scalar::Document))) {
        return Target::Scalar(Scalar::Document);
    }
    match word {
        "string" | "str" => match syn {
            Some(SyntaxShape::Enum(values)) => Target::Enum { values: values.clone(), complete: true },
            Some(SyntaxShape::Scalar(Scalar::String)) => Target::Scalar(Scalar::String),
            _ => Target::StringOrEnum,
        },
        "integer" | "int" | "long" => Target::Scalar(Scalar::Integer),
        "float" | "double" => match syn {
            Some(SyntaxShape::Scalar(s @ (Scalar::Double | Scalar::Float))) => Target::Scalar(*s),
            _ => Target::FloatingPoint,
        },
        "boolean" | "bool" => Target::Scalar(Scalar::Boolean),
        "datetime" | "timestamp" => Target::Scalar(Scalar::Timestamp),
        "bytes" | "blob" => Target::Scalar(Scalar::Blob),
        "document" => Target::Scalar(Scalar::Document),
        _ => match syn {
            Some(s) => from_syntax(s, 0),
            None => Target::Unknown,
        },
    }
}

/// The SDK type word a syntax skeleton is documented with.
pub(crate) fn type_word_for(shape: &SyntaxShape) -> Option<&'static str> {
    Some(match shape {
        SyntaxShape::Scalar(Scalar::String) | SyntaxShape::Enum(_) => "string",
        SyntaxShape::Scalar(Scalar::Integer) => "integer",
        SyntaxShape::Scalar(Scalar::Double | Scalar::Float) => "float",
        SyntaxShape::Scalar(Scalar::Boolean) => "boolean",
        SyntaxShape::Scalar(Scalar::Timestamp) => "datetime",
        SyntaxShape::Scalar(Scalar::Blob) => "bytes",
        SyntaxShape::Structure(_) | SyntaxShape::Map(..) | SyntaxShape::Recursive => "dict",
        SyntaxShape::List(_) => "list",
        SyntaxShape::Scalar(Scalar::Document) | SyntaxShape::Unknown => return None,
    })
}

/// A member known only from the syntax: no documentation, requiredness unknown.
pub(crate) fn member_from_syntax(name: &str, shape: &SyntaxShape, line: usize) -> Member {
    Member {
        name: name.to_string(),
        required: Required::Unknown,
        documentation: Doc::default(),
        target: from_syntax(shape, line),
        line,
    }
}

/// A type known only from the syntax.
pub(crate) fn from_syntax(shape: &SyntaxShape, line: usize) -> Target {
    let item = |s: &SyntaxShape| Box::new(Item { documentation: Doc::default(), target: from_syntax(s, line), line });
    match shape {
        SyntaxShape::Scalar(s) => Target::Scalar(*s),
        SyntaxShape::Enum(values) => Target::Enum { values: values.clone(), complete: true },
        SyntaxShape::Structure(members) => {
            Target::Structure(members.iter().map(|(n, s)| member_from_syntax(n, s, line)).collect())
        }
        SyntaxShape::List(inner) => Target::List(item(inner)),
        SyntaxShape::Map(k, v) => Target::Map(item(k), item(v)),
        SyntaxShape::Unknown => Target::Unknown,
        SyntaxShape::Recursive => Target::Recursive,
    }
}

/// A place in a flat layout's text: line index and byte column.
pub(crate) type Pos = (usize, usize);

/// A bullet found in a flat layout.
#[derive(Debug, Clone, PartialEq)]
pub(crate) struct Found {
    pub start: Pos,
    pub end: Pos,
    pub type_word: String,
    pub required: bool,
    pub line: usize,
}

/// How a flat layout finds bullets and reads the text between them.
pub(crate) trait FlatText {
    /// The next bullet for `name` (`None`: an unnamed list item or map entry),
    /// searching from `from` and stopping before `limit`. `word` is the expected
    /// type word, used where a layout prints top-level parameters without names.
    fn find(&self, from: Pos, limit: Pos, name: Option<&str>, word: Option<&str>, top_level: bool) -> Option<Found>;
    /// The documentation between two places.
    fn doc(&self, from: Pos, to: Pos) -> Doc;
}

/// Which side a flat walk reads, and how its top-level members are printed.
#[derive(Debug, Clone, Copy)]
pub(crate) struct WalkMode {
    /// Request members carry `[REQUIRED]`; response members are never marked.
    pub request: bool,
    /// The flattened layout prints top-level request parameters as a bare type word.
    pub top_by_type_word: bool,
}

/// Walks a syntax skeleton in preorder, finding each member's bullet in the flat
/// text between `start` and `limit`, and builds the members.
pub(crate) fn walk_flat(
    params: &[(String, SyntaxShape)],
    text: &dyn FlatText,
    start: Pos,
    limit: Pos,
    line: usize,
    side: WalkMode,
    ctx: &mut Diagnostics<'_>,
) -> Vec<Member> {
    // Pass 1: find the bullets, in preorder.
    let mut found: Vec<Option<Found>> = Vec::new();
    let mut cursor = start;
    for (name, shape) in params {
        find_member(name, shape, side.top_by_type_word, text, &mut cursor, limit, &mut found);
    }
    // Pass 2: each bullet's documentation runs to the next bullet found.
    let starts: Vec<Pos> = found.iter().flatten().map(|f| f.start).chain(std::iter::once(limit)).collect();
    let mut docs = Vec::new();
    let mut k = 0;
    for f in &found {
        docs.push(f.as_ref().map(|f| {
            k += 1;
            text.doc(f.end, starts[k])
        }));
    }
    // Pass 3: build, consuming the bullets in the same order.
    let mut next = found.into_iter().zip(docs);
    let mut b = FlatBuilder { next: &mut next, request: side.request, ctx };
    params.iter().map(|(name, shape)| b.member(name, shape, line)).collect()
}

/// Where the last bullet of a walk over `params` starts, if any is found.
pub(crate) fn last_found(params: &[(String, SyntaxShape)], text: &dyn FlatText, start: Pos, limit: Pos) -> Option<Pos> {
    let mut found = Vec::new();
    let mut cursor = start;
    for (name, shape) in params {
        find_member(name, shape, false, text, &mut cursor, limit, &mut found);
    }
    found.into_iter().flatten().last().map(|f| f.start)
}

fn find_member(
    name: &str,
    shape: &SyntaxShape,
    top: bool,
    text: &dyn FlatText,
    cursor: &mut Pos,
    limit: Pos,
    out: &mut Vec<Option<Found>>,
) {
    let f = text.find(*cursor, limit, Some(name), type_word_for(shape), top);
    if let Some(f) = &f {
        *cursor = f.end;
    }
    out.push(f);
    find_children(shape, text, cursor, limit, out);
}

fn find_children(shape: &SyntaxShape, text: &dyn FlatText, cursor: &mut Pos, limit: Pos, out: &mut Vec<Option<Found>>) {
    match shape {
        SyntaxShape::Structure(members) => {
            for (n, s) in members {
                find_member(n, s, false, text, cursor, limit, out);
            }
        }
        SyntaxShape::List(item) => find_item(item, text, cursor, limit, out),
        SyntaxShape::Map(k, v) => {
            find_item(k, text, cursor, limit, out);
            find_item(v, text, cursor, limit, out);
        }
        _ => {}
    }
}

fn find_item(shape: &SyntaxShape, text: &dyn FlatText, cursor: &mut Pos, limit: Pos, out: &mut Vec<Option<Found>>) {
    let f = text.find(*cursor, limit, None, type_word_for(shape), false);
    if let Some(f) = &f {
        *cursor = f.end;
    }
    out.push(f);
    find_children(shape, text, cursor, limit, out);
}

type Next = dyn Iterator<Item = (Option<Found>, Option<Doc>)>;

/// Pass 3 of a flat walk: builds members, consuming the bullets found in pass 1.
struct FlatBuilder<'n, 'c, 'w> {
    next: &'n mut Next,
    request: bool,
    ctx: &'c mut Diagnostics<'w>,
}

impl FlatBuilder<'_, '_, '_> {
    fn member(&mut self, name: &str, shape: &SyntaxShape, line: usize) -> Member {
        let (found, doc) = self.next.next().unwrap_or((None, None));
        let Some(found) = found else {
            self.ctx.warn(line, format!("no bullet documents member `{name}` of the syntax; its documentation and required flag are unknown"));
            let target = self.children(shape, None, line);
            return Member {
                name: name.to_string(),
                required: Required::Unknown,
                documentation: Doc::default(),
                target,
                line,
            };
        };
        let target = self.children(shape, Some(&found.type_word), found.line);
        let required = match (found.required, self.request) {
            (true, _) => Required::Yes,
            (false, true) => Required::No,
            (false, false) => Required::Unknown,
        };
        Member { name: name.to_string(), required, documentation: doc.unwrap_or_default(), target, line: found.line }
    }

    fn item(&mut self, shape: &SyntaxShape, line: usize) -> Item {
        let (found, doc) = self.next.next().unwrap_or((None, None));
        let line = found.as_ref().map_or(line, |f| f.line);
        let target = self.children(shape, found.as_ref().map(|f| f.type_word.as_str()), line);
        Item { documentation: doc.unwrap_or_default(), target, line }
    }

    fn children(&mut self, shape: &SyntaxShape, word: Option<&str>, line: usize) -> Target {
        match shape {
            SyntaxShape::Structure(members) => {
                Target::Structure(members.iter().map(|(n, s)| self.member(n, s, line)).collect())
            }
            SyntaxShape::List(item) => Target::List(Box::new(self.item(item, line))),
            SyntaxShape::Map(k, v) => {
                let key = self.item(k, line);
                let value = self.item(v, line);
                Target::Map(Box::new(key), Box::new(value))
            }
            leaf => match word {
                Some(w) => leaf_target(w, Some(leaf)),
                None => from_syntax(leaf, line),
            },
        }
    }
}
