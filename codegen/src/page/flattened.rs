//! The flattened change page: the full layout with all structure pressed out. No
//! blank lines, indentation, bullets, operation headers or field names; every
//! literal on one line. Operations are found by their `client.op(...)` syntax
//! line, and the bullets are re-nested by walking that syntax.

use super::combine::{self, Diagnostics, FlatText, Found, Pos};
use super::doc::{self, Doc};
use super::layout::change_header_date;
use super::stream::{is_too_large, operation_name, Lines};
use super::syntax;
use super::{changes, ChangeSet, Layout, OperationPage, OperationStatus, Output, Page};
use crate::diag::{Error, Result};

pub(crate) fn parse(file: &str, lines: &Lines<'_>) -> Result<Page> {
    let mut warnings = Vec::new();
    let date = (0..lines.len().min(3)).find_map(|i| change_header_date(lines.text(i)));
    let whole = lines.joined();
    let anchors: Vec<usize> = (0..lines.len()).filter(|&i| is_request_syntax(lines.text(i))).collect();
    if anchors.is_empty() {
        return Err(Error::at_line(file, 1, "expected at least one request syntax line `client.<method>(...)`"));
    }
    let text = Text { lines };
    // The header is the date line and the changelog line.
    let mut preamble_start =
        (0..lines.len()).find(|&i| change_header_date(lines.text(i)).is_some()).map_or(0, |h| h + 1);
    if lines.text(preamble_start).starts_with("Changes") {
        preamble_start += 1;
    }
    let mut operations = Vec::new();
    for (k, &anchor) in anchors.iter().enumerate() {
        let mut ctx = Diagnostics { file, warnings: &mut warnings };
        let next_anchor = anchors.get(k + 1).copied();
        match operation(&text, &whole, preamble_start, anchor, next_anchor, &mut ctx) {
            Ok((op, next_start)) => {
                operations.push(op);
                preamble_start = next_start;
            }
            Err(e) => {
                warnings.push(super::full::skipped_section(e));
                preamble_start = anchor + 1;
            }
        }
    }
    Ok(Page { file: file.to_string(), layout: Layout::ChangesFlattened, date, operations, warnings })
}

fn is_request_syntax(line: &str) -> bool {
    line.starts_with("client.") && line.contains('(') && line.trim_end().ends_with(')')
}

/// The start of the next operation's text: its `Changes` line if it has one, else
/// the first line that reads like the next operation's description.
fn next_preamble(lines: &Lines<'_>, after: usize, see_also: usize, next_method: &str) -> Option<usize> {
    if let Some(c) =
        (after..see_also).find(|&i| lines.text(i).starts_with("{'") && super::pylit::parse(lines.text(i)).is_ok())
    {
        return Some(c);
    }
    let verb = next_method.split('_').next().unwrap_or_default();
    let mut cap = verb.to_string();
    if let Some(first) = cap.get_mut(0..1) {
        first.make_ascii_uppercase();
    }
    let forms = [
        format!("{cap}s"),
        format!("{cap}es"),
        cap.clone(),
        "Returns".into(),
        "Gets".into(),
        "Provides".into(),
        "Retrieves".into(),
        "Lists".into(),
        "Describes".into(),
    ];
    (after..see_also).find(|&i| lines.text(i).split_whitespace().next().is_some_and(|w| forms.iter().any(|f| f == w)))
}

fn operation(
    text: &Text<'_, '_>,
    whole: &str,
    preamble: usize,
    anchor: usize,
    next_anchor: Option<usize>,
    ctx: &mut Diagnostics<'_>,
) -> Result<(OperationPage, usize)> {
    let lines = text.lines;
    let file = ctx.file;
    let line_no = lines.number(anchor);
    let value = super::pylit::parse(lines.text(anchor).trim())
        .map_err(|e| Error::at_line(file, line_no, format!("expected a request syntax literal: {e}")))?;
    let (method, params) = syntax::request_parameters(&value)
        .ok_or_else(|| Error::at_line(file, line_no, "expected `client.<method>(...)`"))?;
    let section_end = next_anchor.map_or(lines.len(), |a| a.saturating_sub(2).max(anchor + 1));

    // Preamble: optional Changes line, description, `See also`, `Request Syntax`.
    let mut i = preamble;
    let mut change_set = None;
    if lines.text(i).starts_with('{') {
        let (unsided, complete) = changes::parse_block(&[lines.text(i)]);
        change_set = Some(ChangeSet { line: lines.number(i), unsided, complete, ..Default::default() });
        i += 1;
    }
    let desc_end = (i..anchor)
        .find(|&j| lines.text(j).starts_with("See also:") || lines.text(j) == "Request Syntax")
        .unwrap_or(anchor);
    let desc: Vec<&str> = (i..desc_end).map(|j| lines.text(j)).collect();
    let documentation = doc::from_lines(&desc);

    // Request parameters run to the return type line.
    let resp = (anchor + 1..section_end).find(|&j| lines.text(j) == "Response Syntax");
    let request_end = match resp {
        Some(r) => r.saturating_sub(1),
        None => last_none_line(lines, anchor + 1, section_end).unwrap_or(section_end),
    };
    let input = combine::walk_flat(
        &params,
        text,
        (anchor + 1, 0),
        (request_end, 0),
        line_no,
        combine::WalkMode { request: true, top_by_type_word: true },
        ctx,
    );

    let (output, next_start) = match resp {
        None => (Output::Nothing, (request_end + 1).min(section_end)),
        Some(r) if is_too_large(lines.text(r + 1)) => {
            ctx.warn(lines.number(r + 1), "the response is too large to render on this page");
            let mut next = r + 1;
            while next < section_end
                && (is_too_large(lines.text(next))
                    || matches!(lines.text(next).trim(), "AWS API Documentation" | "Response Structure")
                    || lines.text(next).starts_with("# Please see"))
            {
                next += 1;
            }
            (Output::TooLarge { line: lines.number(r + 1) }, next)
        }
        Some(r) => {
            let rline = lines.number(r + 1);
            let members = syntax::response_members(file, rline, lines.text(r + 1))?;
            let mut start = r + 2;
            if lines.text(start) == "Response Structure" {
                start += 1;
            }
            if lines.text(start).starts_with("(dict)") {
                start += 1;
            }
            let see_also = section_end;
            let next_method = next_anchor
                .and_then(|a| syntax::request_parameters(&super::pylit::parse(lines.text(a).trim()).ok()?))
                .map(|(m, _)| m);
            let limit = match &next_method {
                None => lines.len(),
                Some(m) => {
                    let last =
                        combine::last_found(&members, text, (start, 0), (see_also, 0)).map_or(start, |p| p.0 + 1);
                    match next_preamble(lines, last, see_also, m) {
                        Some(p) => p,
                        None => {
                            ctx.warn(lines.number(last), "cannot tell where the next operation's description starts; the last response member keeps one line");
                            (last + 1).min(see_also)
                        }
                    }
                }
            };
            (
                Output::Members(combine::walk_flat(
                    &members,
                    text,
                    (start, 0),
                    (limit, 0),
                    rline,
                    combine::WalkMode { request: false, top_by_type_word: false },
                    ctx,
                )),
                limit,
            )
        }
    };
    let (name, name_source) = operation_name(&method, whole);
    let op = OperationPage {
        name,
        name_source,
        method: Some(method),
        status: OperationStatus::Updated,
        line: lines.number(preamble),
        changes: change_set,
        documentation,
        input,
        output,
        errors: Vec::new(),
    };
    Ok((op, next_start))
}

fn last_none_line(lines: &Lines<'_>, from: usize, to: usize) -> Option<usize> {
    (from..to).find(|&j| lines.text(j) == "None")
}

struct Text<'a, 'b> {
    lines: &'a Lines<'b>,
}

impl FlatText for Text<'_, '_> {
    fn find(&self, from: Pos, limit: Pos, name: Option<&str>, word: Option<&str>, top_level: bool) -> Option<Found> {
        let first = if from.1 > 0 { from.0 + 1 } else { from.0 };
        for i in first..limit.0 {
            let t = self.lines.text(i);
            if top_level {
                let matches_word = match word {
                    Some(w) => t == w,
                    None => matches!(
                        t,
                        "string"
                            | "integer"
                            | "float"
                            | "boolean"
                            | "datetime"
                            | "list"
                            | "dict"
                            | "bytes"
                            | "document"
                    ),
                };
                if matches_word {
                    let required = self.lines.text(i + 1) == "[REQUIRED]";
                    let end = if required { i + 2 } else { i + 1 };
                    return Some(Found {
                        start: (i, 0),
                        end: (end, 0),
                        type_word: t.to_string(),
                        required,
                        line: self.lines.number(i),
                    });
                }
                continue;
            }
            if let Some((n, w, required, _)) = super::bullet::marker(t) {
                if n.as_deref() == name {
                    return Some(Found {
                        start: (i, 0),
                        end: (i + 1, 0),
                        type_word: w,
                        required,
                        line: self.lines.number(i),
                    });
                }
            }
        }
        None
    }

    fn doc(&self, from: Pos, to: Pos) -> Doc {
        let first = if from.1 > 0 { from.0 + 1 } else { from.0 };
        let lines: Vec<&str> = (first..to.0).map(|i| self.lines.text(i)).collect();
        doc::from_lines(&lines)
    }
}
