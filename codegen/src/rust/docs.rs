//! Model documentation (the small HTML subset the reconstruction writes) to
//! rustdoc Markdown: safe to render, with no stray HTML, no broken intra-doc
//! links and no accidental code blocks or doctests.

/// One Markdown block.
#[derive(Debug, Clone, PartialEq, Eq)]
enum Block {
    Paragraph(String),
    Item(String),
    Admonition { label: &'static str, text: String },
}

/// Converts documentation HTML to Markdown lines, one per block, with blank
/// lines between blocks of different kinds.
pub fn to_markdown(html: &str) -> Vec<String> {
    let blocks = blocks(html);
    let mut lines: Vec<String> = Vec::new();
    let mut previous_item = false;
    for block in blocks {
        let is_item = matches!(block, Block::Item(_));
        if !(lines.is_empty() || is_item && previous_item) {
            lines.push(String::new());
        }
        match block {
            Block::Paragraph(text) => lines.push(escape_block_start(&text)),
            Block::Item(text) => lines.push(format!("- {text}")),
            Block::Admonition { label, text } => lines.push(format!("> **{label}:** {text}")),
        }
        previous_item = is_item;
    }
    lines
}

/// The first sentence-ish summary line of some documentation, for short docs.
pub fn summary(html: &str) -> Option<String> {
    blocks(html).into_iter().find_map(|b| match b {
        Block::Paragraph(text) => Some(escape_block_start(&text)),
        _ => None,
    })
}

fn blocks(html: &str) -> Vec<Block> {
    let mut blocks = Vec::new();
    let mut text = String::new();
    let mut in_item = false;
    let mut admonition: Option<&'static str> = None;
    let mut rest = html;
    let flush = |text: &mut String, blocks: &mut Vec<Block>, in_item: bool, admonition: Option<&'static str>| {
        let t = inline(text);
        text.clear();
        if t.is_empty() {
            return;
        }
        blocks.push(match (in_item, admonition) {
            (true, _) => Block::Item(t),
            (false, Some(label)) => Block::Admonition { label, text: t },
            (false, None) => Block::Paragraph(t),
        });
    };
    while let Some(open) = rest.find('<') {
        text.push_str(&rest[..open]);
        let Some(close) = rest[open..].find('>') else {
            text.push_str(&rest[open..]);
            rest = "";
            break;
        };
        let tag = rest[open + 1..open + close].trim().to_ascii_lowercase();
        rest = &rest[open + close + 1..];
        let name = tag.trim_start_matches('/').split_whitespace().next().unwrap_or("");
        match name {
            "p" | "ul" | "ol" | "br" => {
                if !(in_item && name == "p") {
                    flush(&mut text, &mut blocks, in_item, admonition);
                } else {
                    text.push(' ');
                }
            }
            "li" => {
                flush(&mut text, &mut blocks, in_item, admonition);
                in_item = !tag.starts_with('/');
            }
            "note" | "important" => {
                flush(&mut text, &mut blocks, in_item, admonition);
                admonition = if tag.starts_with('/') {
                    None
                } else if name == "note" {
                    Some("Note")
                } else {
                    Some("Important")
                };
            }
            _ => text.push(' '),
        }
    }
    text.push_str(rest);
    flush(&mut text, &mut blocks, in_item, admonition);
    blocks
}

/// Decodes entities, collapses whitespace, escapes Markdown and HTML, and
/// turns bare URLs into autolinks.
fn inline(html_text: &str) -> String {
    let decoded = decode_entities(html_text);
    let words: Vec<&str> = decoded.split_whitespace().collect();
    let mut out = String::with_capacity(decoded.len());
    for (i, word) in words.iter().enumerate() {
        if i > 0 {
            out.push(' ');
        }
        push_word(&mut out, word);
    }
    out
}

fn push_word(out: &mut String, word: &str) {
    let url_start = word.find("https://").or_else(|| word.find("http://"));
    if let Some(start) = url_start {
        let tail = &word[start..];
        let end = tail
            .char_indices()
            .find(|&(_, c)| matches!(c, '<' | '>' | '"' | '`' | '[' | ']' | '{' | '}' | '|' | '\\' | '^'))
            .map_or(tail.len(), |(i, _)| i);
        let url = tail[..end].trim_end_matches(['.', ',', ';', ':', ')', '\'', '!', '?']);
        escape_into(out, &word[..start]);
        out.push('<');
        out.push_str(url);
        out.push('>');
        escape_into(out, &word[start + url.len()..]);
    } else {
        escape_into(out, word);
    }
}

fn escape_into(out: &mut String, text: &str) {
    for c in text.chars() {
        if matches!(c, '\\' | '`' | '*' | '_' | '[' | ']' | '<' | '>' | '&' | '|' | '~') {
            out.push('\\');
        }
        out.push(c);
    }
}

/// Keeps a paragraph from opening a heading, list, quote or rule.
fn escape_block_start(text: &str) -> String {
    let first = text.chars().next();
    let numbered = {
        let digits = text.chars().take_while(char::is_ascii_digit).count();
        digits > 0 && matches!(text[digits..].chars().next(), Some('.' | ')'))
    };
    if matches!(first, Some('#' | '-' | '+' | '=' | '>')) {
        format!("\\{text}")
    } else if numbered {
        let digits = text.chars().take_while(char::is_ascii_digit).count();
        format!("{}\\{}", &text[..digits], &text[digits..])
    } else {
        text.to_owned()
    }
}

fn decode_entities(text: &str) -> String {
    if !text.contains('&') {
        return text.to_owned();
    }
    let mut out = String::with_capacity(text.len());
    let mut rest = text;
    while let Some(at) = rest.find('&') {
        out.push_str(&rest[..at]);
        rest = &rest[at..];
        let entity = rest.find(';').filter(|&end| end <= 8).map(|end| &rest[1..end]);
        let decoded = match entity {
            Some("amp") => Some('&'),
            Some("lt") => Some('<'),
            Some("gt") => Some('>'),
            Some("quot") => Some('"'),
            Some("apos" | "#39") => Some('\''),
            Some("nbsp") => Some(' '),
            _ => None,
        };
        match (decoded, entity) {
            (Some(c), Some(e)) => {
                out.push(c);
                rest = &rest[e.len() + 2..];
            }
            _ => {
                out.push('&');
                rest = &rest[1..];
            }
        }
    }
    out.push_str(rest);
    out
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn paragraphs_lists_and_notes_become_markdown() {
        let html = "<p>First.</p><ul><li><p>One</p></li><li>Two</li></ul><note><p>Careful.</p></note><p>Last.</p>";
        assert_eq!(to_markdown(html), ["First.", "", "- One", "- Two", "", "> **Note:** Careful.", "", "Last."]);
    }

    #[test]
    fn markdown_and_html_are_escaped() {
        let html = "<p>registry/repository[:tag] uses a_b &lt;T&gt; &amp; `x` *y*</p>";
        assert_eq!(to_markdown(html), [r"registry/repository\[:tag\] uses a\_b \<T\> \& \`x\` \*y\*"]);
    }

    #[test]
    fn bare_urls_become_autolinks_without_trailing_punctuation() {
        let html = "<p>See https://docs.aws.amazon.com/sagemaker/latest/dg/x.html. Or (http://a.b/c).</p>";
        assert_eq!(
            to_markdown(html),
            [r"See <https://docs.aws.amazon.com/sagemaker/latest/dg/x.html>. Or (<http://a.b/c>)."]
        );
    }

    #[test]
    fn paragraphs_never_open_blocks() {
        assert_eq!(
            to_markdown("<p>- not a list</p><p>1. not a list</p><p>    not code</p>"),
            [r"\- not a list", "", r"1\. not a list", "", "not code"]
        );
    }
}
