//! The SDK reference page for one operation: `Service / Client / method`, the
//! description, a one-line `response = client.op(...)`, `- Parameters:` with
//! `Name (type) –` bullets in preorder without indentation, then the return type,
//! the response syntax and structure, and an optional `Exceptions` list.
//!
//! Inline code broke the prose's lines and glued the next block onto a
//! paragraph's last line (`…tuning.>(dict) –`), so bullets are searched for
//! anywhere in a line, guided by the syntax.

use super::combine::{self, Diagnostics, FlatText, Found, Pos};
use super::doc::{self, Doc};
use super::layout::reference_header;
use super::stream::{is_too_large, operation_name, Lines};
use super::syntax;
use super::{Layout, OperationPage, OperationStatus, Output, Page};
use crate::diag::{Error, Result};

pub(crate) fn parse(file: &str, lines: &Lines<'_>) -> Result<Page> {
    let joined = join_split_markers(lines);
    let lines = &Lines { lines: joined.iter().map(|(n, t)| (*n, t.as_str())).collect() };
    let mut warnings = Vec::new();
    let mut ctx = Diagnostics { file, warnings: &mut warnings };
    let first = (0..lines.len()).find(|&i| !lines.text(i).trim().is_empty()).unwrap_or(0);
    let method = reference_header(lines.text(first))
        .ok_or_else(|| Error::at_line(file, lines.number(first), "expected `<Service> / Client / <method>`"))?;
    let find = |from: usize, pred: &dyn Fn(&str) -> bool| (from..lines.len()).find(|&i| pred(lines.text(i).trim()));

    let syntax_at = find(first, &|t| t == "Request Syntax")
        .ok_or_else(|| Error::at_line(file, lines.number(first), "expected `Request Syntax`"))?;
    let call_at = syntax_at + 1;
    let call = lines.text(call_at).trim();
    let call = call.strip_prefix("response = ").unwrap_or(call);
    let value = super::pylit::parse(call).map_err(|e| {
        Error::at_line(
            file,
            lines.number(call_at),
            format!("expected a request syntax literal `response = client.{method}(...)`: {e}"),
        )
    })?;
    let (_, params) = syntax::request_parameters(&value)
        .ok_or_else(|| Error::at_line(file, lines.number(call_at), "expected `client.<method>(...)`"))?;

    // Description: after the `- Service.Client.method(**kwargs)#` line.
    let desc_start = find(first, &|t| t.starts_with("- ") && t.ends_with("(**kwargs)#")).map_or(first + 1, |i| i + 1);
    let desc_end = find(desc_start, &|t| t.starts_with("See also:") || t == "Request Syntax").unwrap_or(syntax_at);
    let desc: Vec<&str> = (desc_start..desc_end).map(|i| lines.text(i)).collect();
    let documentation = doc::from_reference_lines(&desc);

    let return_at =
        find(call_at, &|t| t.starts_with("- Return type:") || t.starts_with("- Returns:") || t == "Response Syntax")
            .unwrap_or(lines.len());
    let params_at = find(call_at, &|t| t == "- Parameters:").filter(|&p| p < return_at).map_or(call_at + 1, |p| p + 1);
    let text = Text { lines };
    let input = combine::walk_flat(
        &params,
        &text,
        (params_at, 0),
        (return_at, 0),
        lines.number(call_at),
        combine::WalkMode { request: true, top_by_type_word: false },
        &mut ctx,
    );

    let exceptions_at = find(return_at, &|t| t == "Exceptions").unwrap_or(lines.len());
    let errors = (exceptions_at..lines.len())
        .filter_map(|i| {
            let t = lines.text(i).trim().trim_start_matches("- ");
            t.split_once(".exceptions.").map(|(_, e)| e.trim().to_string())
        })
        .collect();
    let output = match find(return_at, &|t| t == "Response Syntax").filter(|&r| r < exceptions_at) {
        None => Output::Nothing,
        Some(r) if is_too_large(lines.text(r + 1)) => {
            ctx.warn(lines.number(r + 1), "the response is too large to render on this page");
            Output::TooLarge { line: lines.number(r + 1) }
        }
        Some(r) => {
            let rline = lines.number(r + 1);
            let members = syntax::response_members(file, rline, lines.text(r + 1))?;
            let mut start = r + 2;
            if lines.text(start).trim().trim_matches('*').trim() == "Response Structure" {
                start += 1;
            }
            if lines.text(start).trim().starts_with("(dict)") {
                start += 1;
            }
            if is_too_large(lines.text(start)) {
                // The structure alone is too large: the syntax gives the members.
                let line = lines.number(start);
                ctx.warn(
                    line,
                    "the response structure is too large to render; its members come from the syntax, undocumented",
                );
                Output::Members(members.iter().map(|(n, s)| combine::member_from_syntax(n, s, line)).collect())
            } else {
                Output::Members(combine::walk_flat(
                    &members,
                    &text,
                    (start, 0),
                    (exceptions_at, 0),
                    rline,
                    combine::WalkMode { request: false, top_by_type_word: false },
                    &mut ctx,
                ))
            }
        }
    };
    let whole = lines.joined();
    let (name, name_source) = operation_name(&method, &whole);
    let op = OperationPage {
        name,
        name_source,
        method: Some(method),
        status: OperationStatus::Unstated,
        line: lines.number(first),
        changes: None,
        documentation,
        input,
        output,
        errors,
    };
    Ok(Page { file: file.to_string(), layout: Layout::Boto3Reference, date: None, operations: vec![op], warnings })
}

/// Inline code can break a bullet's marker over three lines (`SortBy`, `(string)`,
/// `–`); this joins them back into one line, numbered as the first.
fn join_split_markers(lines: &Lines<'_>) -> Vec<(usize, String)> {
    let is_type = |t: &str| {
        t.strip_prefix('(')
            .and_then(|r| r.strip_suffix(')'))
            .is_some_and(|w| !w.is_empty() && w.chars().all(|c| c.is_ascii_lowercase()))
    };
    let mut out = Vec::with_capacity(lines.len());
    let mut i = 0;
    while i < lines.len() {
        let (number, text) = lines.lines[i];
        if i + 2 < lines.len() && is_type(lines.text(i + 1).trim()) && lines.text(i + 2).trim_start().starts_with('–')
        {
            out.push((
                number,
                format!("{} {} {}", text.trim_end(), lines.text(i + 1).trim(), lines.text(i + 2).trim()),
            ));
            i += 3;
        } else {
            out.push((number, text.to_string()));
            i += 1;
        }
    }
    out
}

struct Text<'a, 'b> {
    lines: &'a Lines<'b>,
}

impl Text<'_, '_> {
    /// A marker at byte `at` of line `i`, if the text there is one and what precedes
    /// it allows a glued bullet (start of line, or a character that is not part of
    /// a word).
    fn marker_at(&self, i: usize, at: usize, name: Option<&str>) -> Option<Found> {
        let t = self.lines.text(i);
        let before = t[..at].chars().last();
        let ok_before = match (before, name) {
            (None, _) => true,
            (Some(c), Some(_)) => !c.is_alphanumeric(),
            (Some(c), None) => !c.is_alphanumeric() && c != ' ',
        };
        if !ok_before {
            return None;
        }
        let (n, word, mut required, len) = super::bullet::marker(&t[at..])?;
        if n.as_deref() != name {
            return None;
        }
        let mut end = (i, at + len);
        if t[at + len..].trim().is_empty() && self.lines.text(i + 1).trim() == "[REQUIRED]" {
            required = true;
            end = (i + 2, 0);
        }
        Some(Found { start: (i, at), end, type_word: word, required, line: self.lines.number(i) })
    }
}

impl FlatText for Text<'_, '_> {
    fn find(&self, from: Pos, limit: Pos, name: Option<&str>, _word: Option<&str>, _top_level: bool) -> Option<Found> {
        for i in from.0..limit.0.min(self.lines.len()) {
            let t = self.lines.text(i);
            let start_col = if i == from.0 { from.1.min(t.len()) } else { 0 };
            let needle = match name {
                Some(n) => format!("{n} ("),
                None => "(".to_string(),
            };
            let mut col = start_col;
            while let Some(k) = t.get(col..).and_then(|s| s.find(&needle)) {
                let at = col + k;
                if let Some(found) = self.marker_at(i, at, name) {
                    return Some(found);
                }
                col = at + needle.len();
            }
        }
        None
    }

    fn doc(&self, from: Pos, to: Pos) -> Doc {
        let mut pieces: Vec<&str> = Vec::new();
        for i in from.0..=to.0.min(self.lines.len().saturating_sub(1)) {
            if i == to.0 && to.1 == 0 {
                break;
            }
            let t = self.lines.text(i);
            let start = if i == from.0 { from.1.min(t.len()) } else { 0 };
            let end = if i == to.0 { to.1.min(t.len()) } else { t.len() };
            if start < end {
                pieces.push(&t[start..end]);
            }
        }
        doc::from_reference_lines(&pieces)
    }
}
