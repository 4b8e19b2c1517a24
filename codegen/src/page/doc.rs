//! Documentation text: paragraphs, bullet-list items and Note/Warning boxes,
//! rebuilt from the way each layout printed them, with the scraping noise removed.

/// One block of documentation.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum Block {
    Paragraph(String),
    /// An item of a bullet list; consecutive items form one list.
    ListItem(String),
    /// A `Note` or `Warning` box: its title, then its paragraphs.
    Note {
        title: String,
        paragraphs: Vec<String>,
    },
}

/// The documentation of an operation, a member or an item.
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct Doc {
    pub blocks: Vec<Block>,
}

impl Doc {
    pub fn is_empty(&self) -> bool {
        self.blocks.is_empty()
    }

    /// The plain text, blocks separated by newlines.
    pub fn text(&self) -> String {
        let mut parts = Vec::new();
        for b in &self.blocks {
            match b {
                Block::Paragraph(t) | Block::ListItem(t) => parts.push(t.clone()),
                Block::Note { title, paragraphs } => {
                    parts.push(title.clone());
                    parts.extend(paragraphs.iter().cloned());
                }
            }
        }
        parts.join("\n")
    }

    /// Renders the documentation as the HTML subset that Smithy models use:
    /// `<p>`, `<ul><li>` and `<note>`.
    pub fn to_html(&self) -> String {
        let mut out = String::new();
        let mut in_list = false;
        for b in &self.blocks {
            let is_item = matches!(b, Block::ListItem(_));
            if in_list && !is_item {
                out.push_str("</ul>");
            }
            if !in_list && is_item {
                out.push_str("<ul>");
            }
            in_list = is_item;
            match b {
                Block::Paragraph(t) => {
                    out.push_str("<p>");
                    out.push_str(&escape_html(t));
                    out.push_str("</p>");
                }
                Block::ListItem(t) => {
                    out.push_str("<li><p>");
                    out.push_str(&escape_html(t));
                    out.push_str("</p></li>");
                }
                Block::Note { title, paragraphs } => {
                    let tag = if title.eq_ignore_ascii_case("warning") { "important" } else { "note" };
                    out.push_str(&format!("<{tag}>"));
                    for p in paragraphs {
                        out.push_str("<p>");
                        out.push_str(&escape_html(p));
                        out.push_str("</p>");
                    }
                    out.push_str(&format!("</{tag}>"));
                }
            }
        }
        if in_list {
            out.push_str("</ul>");
        }
        out
    }

    fn push_paragraph(&mut self, text: String) {
        let text = clean_inline(&text);
        if !text.is_empty() {
            self.blocks.push(Block::Paragraph(text));
        }
    }
}

fn escape_html(text: &str) -> String {
    text.replace('&', "&amp;").replace('<', "&lt;").replace('>', "&gt;")
}

/// Removes the noise that rendering left inside a line of prose: the space that
/// inline code leaves before punctuation (`NextToken . To`), leftover reStructuredText
/// backquotes (``` ProductionVariant``s ```), typographic apostrophes and runs of spaces.
pub fn clean_inline(text: &str) -> String {
    // Most text needs none of these replacements: skip their allocations.
    let replaced;
    let text = if text.is_ascii() && !text.contains("``") {
        text
    } else {
        replaced = text
            .replace("``", "")
            .replace(['\u{2019}', '\u{2018}'], "'")
            .replace(['\u{201c}', '\u{201d}'], "\"")
            .replace('\u{a0}', " ");
        replaced.as_str()
    };
    let mut out = String::with_capacity(text.len());
    let mut chars = text.chars().peekable();
    while let Some(c) = chars.next() {
        if c == ' ' {
            if out.ends_with(' ') || out.is_empty() {
                continue;
            }
            // " ." or " ," before a space or the end: the gap inline code leaves.
            if let Some(&next) = chars.peek() {
                let mut ahead = chars.clone();
                ahead.next();
                let after = ahead.next();
                if matches!(next, '.' | ',' | ';' | ':' | ')') && after.is_none_or(|a| a == ' ') {
                    continue;
                }
            }
        }
        out.push(c);
    }
    let trimmed = out.trim();
    if trimmed.len() == out.len() {
        out
    } else {
        trimmed.to_string()
    }
}

/// Full and lossy layouts: blank-line separated paragraphs, `•` list items, and
/// `Note`/`Warning` titles on a line of their own. `lines` is already stripped of
/// indentation; empty strings are the blank lines.
pub fn from_blank_separated(lines: &[&str]) -> Doc {
    let mut doc = Doc::default();
    let mut pending_note: Option<String> = None;
    let mut para: Vec<&str> = Vec::new();
    let flush = |doc: &mut Doc, para: &mut Vec<&str>, note: &mut Option<String>| {
        if para.is_empty() {
            return;
        }
        let text = para.join(" ");
        para.clear();
        if let Some(item) = text.strip_prefix("• ") {
            let item = clean_inline(item);
            if !item.is_empty() {
                doc.blocks.push(Block::ListItem(item));
            }
        } else if let Some(title) = note.take() {
            doc.blocks.push(Block::Note { title, paragraphs: vec![clean_inline(&text)] });
        } else {
            doc.push_paragraph(text);
        }
    };
    for line in lines {
        let line = line.trim();
        if line.is_empty() {
            flush(&mut doc, &mut para, &mut pending_note);
        } else if (line == "Note" || line == "Warning") && para.is_empty() {
            pending_note = Some(line.to_string());
        } else {
            para.push(line);
        }
    }
    flush(&mut doc, &mut para, &mut pending_note);
    doc
}

/// Flattened layout: one line per block, nothing else to go by.
pub fn from_lines(lines: &[&str]) -> Doc {
    let mut doc = Doc::default();
    for line in lines {
        doc.push_paragraph(line.to_string());
    }
    doc
}

/// Reference layout: one line per block, except that inline code broke its
/// paragraph's lines. A line continues the previous one when either of them is a
/// lone literal, or it starts with punctuation.
pub fn from_reference_lines(lines: &[&str]) -> Doc {
    let mut doc = Doc::default();
    let mut para = String::new();
    let mut note: Option<String> = None;
    let mut prev_single = false;
    let unglued: Vec<String> = lines.iter().flat_map(|line| unglue(line)).collect();
    for raw in &unglued {
        let line = raw.trim();
        if line.is_empty() {
            continue;
        }
        if line == "Note" || line == "Warning" {
            flush_reference(&mut doc, &mut para, &mut note);
            note = Some(line.to_string());
            prev_single = false;
            continue;
        }
        let single = !line.contains(' ');
        let starts_punct = line.starts_with(['.', ',', ';', ':', ')']);
        let ended = para.ends_with(['.', ':', '!', '?']);
        let continues = !para.is_empty() && (starts_punct || ((single || prev_single) && !ended));
        if continues {
            if !starts_punct {
                para.push(' ');
            }
            para.push_str(&space_after_leading_punct(line));
        } else {
            flush_reference(&mut doc, &mut para, &mut note);
            para.push_str(line);
        }
        prev_single = single;
    }
    flush_reference(&mut doc, &mut para, &mut note);
    doc
}

/// Undoes what the reference layout glues together. A paragraph that holds
/// inline code loses the line break after it (`…based on your model.For all other
/// jobs…`): a full stop between a lower-case word and a capital is a paragraph
/// break, unless the word is part of a dotted name or a path (`SageMaker.Client`,
/// `docs.aws.amazon.com/…`). Inline code loses its line break after a comma
/// (`in the job request,MaxRuntimeInSeconds`): it goes back on a line of its own.
fn unglue(line: &str) -> Vec<String> {
    let bytes = line.as_bytes();
    let mut pieces = Vec::new();
    let mut current = String::with_capacity(line.len());
    let mut word_start = 0;
    for (i, c) in line.char_indices() {
        current.push(c);
        if c == ' ' {
            word_start = i + 1;
            continue;
        }
        let before = if i > 0 { bytes[i - 1] } else { b' ' };
        let after = bytes.get(i + 1).copied().unwrap_or(b' ');
        if !(after.is_ascii_uppercase() && (before.is_ascii_lowercase() || before.is_ascii_digit() || before == b')')) {
            continue;
        }
        let word = &line[word_start..i];
        match c {
            // The code starts a line of its own, which the next line continues.
            ',' => {
                pieces.push(std::mem::take(&mut current));
                word_start = i + 1;
            }
            '.' if !word.contains(['.', '/', ':', '@'])
                && word.chars().next().is_some_and(|w| !w.is_ascii_uppercase() || word.len() > 1)
                && word != "SageMaker" =>
            {
                pieces.push(std::mem::take(&mut current));
                word_start = i + 1;
            }
            _ => {}
        }
    }
    pieces.push(current);
    pieces
}

fn space_after_leading_punct(line: &str) -> String {
    let mut chars = line.chars();
    match (chars.next(), chars.clone().next()) {
        (Some(p @ (',' | ';' | ':')), Some(c)) if c.is_alphanumeric() => format!("{p} {}", chars.as_str()),
        _ => line.to_string(),
    }
}

fn flush_reference(doc: &mut Doc, para: &mut String, note: &mut Option<String>) {
    if para.is_empty() {
        return;
    }
    let text = std::mem::take(para);
    if let Some(title) = note.take() {
        doc.blocks.push(Block::Note { title, paragraphs: vec![clean_inline(&text)] });
    } else {
        doc.push_paragraph(text);
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn inline_noise() {
        assert_eq!(clean_inline("includes a NextToken . To retrieve"), "includes a NextToken. To retrieve");
        assert_eq!(
            clean_inline("one or more ProductionVariant``s, each ``ProductionVariant"),
            "one or more ProductionVariants, each ProductionVariant"
        );
        assert_eq!(clean_inline("role\u{2019}s  account"), "role's account");
    }

    #[test]
    fn reference_glue_is_undone() {
        let doc = from_reference_lines(&[
            "increasing as necessary based on your model.For all other jobs, when",
            "RetryStrategy",
            "is specified in the job request,MaxRuntimeInSeconds",
            "specifies the maximum time. Use SageMaker.Client or docs.aws.amazon.com/SageMaker today.",
        ]);
        assert_eq!(
            doc.blocks,
            vec![
                Block::Paragraph("increasing as necessary based on your model.".into()),
                Block::Paragraph(
                    "For all other jobs, when RetryStrategy is specified in the job request, MaxRuntimeInSeconds \
                     specifies the maximum time. Use SageMaker.Client or docs.aws.amazon.com/SageMaker today."
                        .into()
                ),
            ]
        );
    }

    #[test]
    fn blank_separated_blocks() {
        let doc = from_blank_separated(&["First", "para.", "", "• item one", "", "Note", "", "Careful.", ""]);
        assert_eq!(
            doc.blocks,
            vec![
                Block::Paragraph("First para.".into()),
                Block::ListItem("item one".into()),
                Block::Note { title: "Note".into(), paragraphs: vec!["Careful.".into()] },
            ]
        );
        assert_eq!(doc.to_html(), "<p>First para.</p><ul><li><p>item one</p></li></ul><note><p>Careful.</p></note>");
    }

    #[test]
    fn reference_literals_rejoin() {
        let doc = from_reference_lines(&[
            "an algorithm might support",
            "train",
            ",validation",
            ", andtest",
            "channels.",
            "Next block.",
        ]);
        assert_eq!(
            doc.blocks,
            vec![
                Block::Paragraph("an algorithm might support train, validation, andtest channels.".into()),
                Block::Paragraph("Next block.".into())
            ]
        );
    }
}
