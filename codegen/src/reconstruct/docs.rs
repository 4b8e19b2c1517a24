//! Documentation as the pages wrote it.
//!
//! The reference layout loses paragraph breaks and bullets (a paragraph that
//! holds inline code runs into the next: `…based on your model.For all other
//! jobs…`). The full change layout keeps them. Where a change page shows
//! documentation with the same words (spaces aside), its paragraphs and bullets
//! are taken: the newest such page's.

use crate::page::{self, Doc, Layout, OperationPage};
use std::collections::HashMap;

/// The full change pages' documentation, by its words.
pub struct Renderings<'p> {
    by_words: HashMap<String, (&'p str, &'p Doc)>,
}

/// Writes the characters of a documentation but spaces into `out`: two
/// renderings of one text agree on them.
fn words(doc: &Doc, out: &mut String) {
    out.clear();
    let mut push = |t: &str| out.extend(t.chars().filter(|c| !c.is_whitespace()));
    for b in &doc.blocks {
        match b {
            page::Block::Paragraph(t) | page::Block::ListItem(t) => push(t),
            page::Block::Note { title, paragraphs } => {
                push(title);
                paragraphs.iter().for_each(|p| push(p));
            }
        }
    }
}

impl<'p> Renderings<'p> {
    /// Indexes every documentation of the full change pages among `pages` (each with its date).
    pub fn new(pages: impl IntoIterator<Item = (&'p str, &'p page::Page)>) -> Self {
        let mut by_words: HashMap<String, (&'p str, &'p Doc)> = HashMap::new();
        let mut buffer = String::new();
        for (date, page) in pages {
            if page.layout != Layout::ChangesFull {
                continue;
            }
            for op in &page.operations {
                visit(op, &mut |doc| {
                    if doc.is_empty() {
                        return;
                    }
                    words(doc, &mut buffer);
                    match by_words.get_mut(buffer.as_str()) {
                        Some(known) if date > known.0 => *known = (date, doc),
                        Some(_) => {}
                        None => {
                            by_words.insert(buffer.clone(), (date, doc));
                        }
                    }
                });
            }
        }
        Renderings { by_words }
    }

    /// Whether some documentation of `op` has a rendering with more structure.
    pub fn improves(&self, op: &OperationPage) -> bool {
        let mut found = false;
        let mut buffer = String::new();
        visit(op, &mut |doc| found = found || self.better(doc, &mut buffer).is_some());
        found
    }

    /// Replaces each documentation of `op` that a change page renders with the same
    /// words by that rendering; returns how many.
    pub fn apply(&self, op: &mut OperationPage) -> usize {
        let mut count = 0;
        let mut buffer = String::new();
        visit_mut(op, &mut |doc| {
            if let Some(better) = self.better(doc, &mut buffer) {
                *doc = better.clone();
                count += 1;
            }
        });
        count
    }

    fn better(&self, doc: &Doc, buffer: &mut String) -> Option<&'p Doc> {
        if doc.is_empty() {
            return None;
        }
        words(doc, buffer);
        self.by_words.get(buffer.as_str()).map(|(_, d)| *d).filter(|d| d.blocks != doc.blocks)
    }
}

fn visit<'a>(op: &'a OperationPage, each: &mut dyn FnMut(&'a Doc)) {
    fn target<'a>(t: &'a page::Target, each: &mut dyn FnMut(&'a Doc)) {
        match t {
            page::Target::Structure(ms) | page::Target::Union(ms) => members(ms, each),
            page::Target::List(item) => {
                each(&item.documentation);
                target(&item.target, each);
            }
            page::Target::Map(key, value) => {
                for item in [key, value] {
                    each(&item.documentation);
                    target(&item.target, each);
                }
            }
            _ => {}
        }
    }
    fn members<'a>(ms: &'a [page::Member], each: &mut dyn FnMut(&'a Doc)) {
        for m in ms {
            each(&m.documentation);
            target(&m.target, each);
        }
    }
    each(&op.documentation);
    members(&op.input, each);
    if let page::Output::Members(ms) = &op.output {
        members(ms, each);
    }
}

fn visit_mut(op: &mut OperationPage, each: &mut dyn FnMut(&mut Doc)) {
    fn target(t: &mut page::Target, each: &mut dyn FnMut(&mut Doc)) {
        match t {
            page::Target::Structure(ms) | page::Target::Union(ms) => members(ms, each),
            page::Target::List(item) => {
                each(&mut item.documentation);
                target(&mut item.target, each);
            }
            page::Target::Map(key, value) => {
                for item in [key, value] {
                    each(&mut item.documentation);
                    target(&mut item.target, each);
                }
            }
            _ => {}
        }
    }
    fn members(ms: &mut [page::Member], each: &mut dyn FnMut(&mut Doc)) {
        for m in ms {
            each(&mut m.documentation);
            target(&mut m.target, each);
        }
    }
    each(&mut op.documentation);
    members(&mut op.input, each);
    if let page::Output::Members(ms) = &mut op.output {
        members(ms, each);
    }
}
