//! Tagged unions. Every layout prints a union as a structure whose documentation
//! carries the SDK's note `This is a Tagged Union structure. Only one of the
//! following top level keys can be set: …` (on a response, also how an unknown
//! member is reported). The note marks the type and is not the API's own text.

use super::doc::{Block, Doc};
use super::{Item, Member, Output, Page, Target};

const MARK: &str = "Tagged Union structure";
const UNKNOWN_MEMBER: &str = "SDK_UNKNOWN_MEMBER";

/// Turns every structure documented as a tagged union into [`Target::Union`] and
/// removes the note from its documentation.
pub(crate) fn mark_unions(page: &mut Page) {
    for op in &mut page.operations {
        members(&mut op.input);
        if let Output::Members(ms) = &mut op.output {
            members(ms);
        }
    }
}

fn members(ms: &mut [Member]) {
    for m in ms {
        holder(&mut m.documentation, &mut m.target);
    }
}

fn item(i: &mut Item) {
    holder(&mut i.documentation, &mut i.target);
}

fn holder(doc: &mut Doc, target: &mut Target) {
    if let Target::Structure(ms) = target {
        if strip_note(doc) {
            *target = Target::Union(std::mem::take(ms));
        }
    }
    match target {
        Target::Structure(ms) | Target::Union(ms) => members(ms),
        Target::List(i) => item(i),
        Target::Map(k, v) => {
            item(k);
            item(v);
        }
        _ => {}
    }
}

/// Removes the union note; true when there was one.
fn strip_note(doc: &mut Doc) -> bool {
    let is_note_text = |t: &str| t.contains(MARK) || t.contains(UNKNOWN_MEMBER);
    if !doc.text().contains(MARK) {
        return false;
    }
    let mut kept: Vec<Block> = Vec::with_capacity(doc.blocks.len());
    let mut in_note = false;
    for block in doc.blocks.drain(..) {
        match block {
            Block::Note { title, paragraphs } => {
                let rest: Vec<String> = paragraphs.into_iter().filter(|p| !is_note_text(p)).collect();
                if !rest.is_empty() {
                    kept.push(Block::Note { title, paragraphs: rest });
                }
            }
            Block::Paragraph(t) if is_note_text(&t) => {
                if matches!(kept.last(), Some(Block::Paragraph(p)) if p == "Note") {
                    kept.pop();
                }
                // The keys the note lists follow it on reference pages, one per line.
                in_note = !t.contains(UNKNOWN_MEMBER) && !t.trim_end().ends_with('.');
            }
            Block::Paragraph(t) | Block::ListItem(t) if in_note && is_key_list(&t) => {}
            other => {
                in_note = false;
                kept.push(other);
            }
        }
    }
    doc.blocks = kept;
    true
}

/// A line of the key list a reference page prints after the note: `,Name` or `Name`.
fn is_key_list(text: &str) -> bool {
    let t = text.trim().trim_start_matches(',').trim_end_matches('.');
    !t.is_empty() && t.split([',', ' ']).filter(|w| !w.is_empty()).all(|w| w.chars().all(|c| c.is_ascii_alphanumeric()))
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn the_note_marks_a_union_and_goes() {
        let mut doc = Doc {
            blocks: vec![
                Block::Paragraph("The settings.".into()),
                Block::Note {
                    title: "Note".into(),
                    paragraphs: vec![
                        "This is a Tagged Union structure. Only one of the following top level keys can be set: A, B."
                            .into(),
                    ],
                },
            ],
        };
        let mut target = Target::Structure(Vec::new());
        holder(&mut doc, &mut target);
        assert_eq!(target, Target::Union(Vec::new()));
        assert_eq!(doc.blocks, vec![Block::Paragraph("The settings.".into())]);
        let mut plain = Doc { blocks: vec![Block::Paragraph("A structure.".into())] };
        let mut target = Target::Structure(Vec::new());
        holder(&mut plain, &mut target);
        assert_eq!(target, Target::Structure(Vec::new()));
    }
}
