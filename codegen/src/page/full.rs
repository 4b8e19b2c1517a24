//! The full change page layout, and the lossy one: the same layout with every
//! one-token line dropped, read with that setting (`Section::lossy`).
//!
//! A page is a header, then one section per operation headed `Name (new|updated)
//! Link ¶`. A section holds an optional `Changes (...)` block, the description,
//! the request syntax, a `type X` / `param X` block per parameter with nested
//! `•` bullets, then `rtype` / `returns` and the response syntax and structure.

use super::bullet::member_bullet;
use super::combine::{self, Bullet, Diagnostics};
use super::doc::{self, Doc};
use super::layout::{change_header_date, section_header};
use super::stream::{indent, is_too_large, operation_name, plain, Lines};
use super::syntax::{self, SyntaxShape};
use super::{changes, Layout, Member, NameSource, OperationPage, OperationStatus, Output, Page, Required};
use crate::diag::{Error, Result, Warning};

/// Parses a sectioned change page: full, or lossy (the same layout with every
/// one-token line dropped), as `layout` says.
pub(crate) fn parse(file: &str, lines: &Lines<'_>, layout: Layout) -> Result<Page> {
    let mut warnings = Vec::new();
    let date = (0..lines.len().min(10)).find_map(|i| change_header_date(lines.text(i)));
    if date.is_none() {
        return Err(Error::at_line(
            file,
            1,
            "expected a header `YYYY/MM/DD - <service> - ... api methods` in the first lines",
        ));
    }
    let starts: Vec<usize> = (0..lines.len()).filter(|&i| section_header(lines.text(i)).is_some()).collect();
    let whole_text = lines.joined();
    let mut operations = Vec::new();
    for (k, &start) in starts.iter().enumerate() {
        let end = starts.get(k + 1).copied().unwrap_or(lines.len());
        let mut ctx = Diagnostics { file, warnings: &mut warnings };
        match (Section { lines, start, end, layout }).parse(&mut ctx, &whole_text) {
            Ok(op) => operations.push(op),
            Err(e) => warnings.push(skipped_section(e)),
        }
    }
    Ok(Page { file: file.to_string(), layout, date, operations, warnings })
}

struct Section<'a, 'b> {
    lines: &'a Lines<'b>,
    start: usize,
    end: usize,
    layout: Layout,
}

impl Section<'_, '_> {
    fn lossy(&self) -> bool {
        self.layout == Layout::ChangesLossy
    }

    fn text(&self, i: usize) -> &str {
        if i < self.end {
            self.lines.text(i)
        } else {
            ""
        }
    }

    fn find(&self, from: usize, pred: impl Fn(&str) -> bool) -> Option<usize> {
        (from..self.end).find(|&i| pred(self.text(i)))
    }

    fn skip_blank(&self, mut i: usize) -> usize {
        while i < self.end && self.text(i).trim().is_empty() {
            i += 1;
        }
        i
    }

    fn parse(&self, ctx: &mut Diagnostics<'_>, whole_text: &str) -> Result<OperationPage> {
        let file = ctx.file;
        let header_line = self.lines.number(self.start);
        let (name, status) =
            section_header(self.text(self.start)).unwrap_or((String::new(), OperationStatus::Unstated));
        let mut i = self.skip_blank(self.start + 1);

        // Changes block.
        let mut change_set = None;
        if let Some(caption) =
            plain(self.text(i)).trim().strip_prefix("Changes (").and_then(|c| c.strip_suffix(')')).map(str::to_string)
        {
            let line = self.lines.number(i);
            i += 1;
            let block_start = i;
            while i < self.end && !self.text(i).trim().is_empty() {
                i += 1;
            }
            let block: Vec<&str> = (block_start..i).map(|j| self.text(j)).collect();
            let set = changes::parse_captioned(line, &caption, &block);
            if !set.complete {
                ctx.warn(line, "the Changes block is cut short; only the items it still shows are kept");
            }
            change_set = Some(set);
        }

        // Description, up to `See also` or `Request Syntax`.
        let syntax_at = self.find(i, |t| t.trim() == "Request Syntax").ok_or_else(|| {
            Error::at_line(file, header_line, format!("expected `Request Syntax` in the section of {name}"))
        })?;
        let desc_end =
            self.find(i, |t| t.trim().starts_with("See also:")).filter(|&s| s < syntax_at).unwrap_or(syntax_at);
        let desc: Vec<&str> = (i..desc_end).map(|j| self.text(j).trim()).collect();
        let documentation = doc::from_blank_separated(&desc);

        // Request syntax, and where the parameter blocks start.
        let params_at = self
            .find(syntax_at, |t| t.starts_with("type "))
            .or_else(|| self.find(syntax_at, is_response_start))
            .unwrap_or(self.end);
        let (method, request_syntax) = if self.lossy() {
            (None, self.lossy_syntax_lines(syntax_at + 1, params_at))
        } else {
            let (method, params) = self.request_syntax(syntax_at + 1, params_at, file)?;
            (Some(method), SyntaxSource::Tree(params))
        };

        // Parameter blocks.
        let resp_at = self.find(params_at, is_response_start).unwrap_or(self.end);
        let mut bullets = Vec::new();
        let mut j = params_at;
        while j < resp_at {
            let Some(pname) = self.text(j).strip_prefix("type ").map(|n| n.trim().to_string()) else {
                j += 1;
                continue;
            };
            let block_end =
                self.find(j + 1, |t| t.starts_with("type ") || is_response_start(t)).unwrap_or(resp_at).min(resp_at);
            bullets.push(self.parameter(j, block_end, &pname, ctx));
            j = block_end;
        }
        let input = request_syntax.members(&bullets, ctx);

        // Response.
        let output = self.response(resp_at, ctx, file)?;
        let (name, name_source) = if name.is_empty() {
            method.as_deref().map(|m| operation_name(m, whole_text)).unwrap_or((String::new(), NameSource::Guess))
        } else {
            (name, NameSource::Header)
        };
        Ok(OperationPage {
            name,
            name_source,
            method,
            status,
            line: header_line,
            changes: change_set,
            documentation,
            input,
            output,
            errors: Vec::new(),
        })
    }

    /// `client.op(` … `)`, multi-line.
    fn request_syntax(&self, from: usize, to: usize, file: &str) -> Result<(String, Vec<(String, SyntaxShape)>)> {
        let start =
            self.find(from, |t| t.trim_start().starts_with("client.")).filter(|&s| s < to).ok_or_else(|| {
                Error::at_line(file, self.lines.number(from), "expected the request syntax `client.<method>(`")
            })?;
        let text: Vec<&str> = (start..to).map(|j| self.text(j)).collect();
        let joined = text.join("\n");
        let value = super::pylit::parse(joined.trim()).map_err(|e| {
            Error::at_line(
                file,
                self.lines.number(start) + joined[..e.offset.min(joined.len())].matches('\n').count(),
                format!("expected a request syntax literal: {}", e.message),
            )
        })?;
        syntax::request_parameters(&value).ok_or_else(|| {
            Error::at_line(
                file,
                self.lines.number(start),
                "expected the request syntax to be a call `client.<method>(...)`",
            )
        })
    }

    fn lossy_syntax_lines(&self, from: usize, to: usize) -> SyntaxSource {
        SyntaxSource::Lines(
            (from..to).filter_map(|j| syntax::syntax_line(self.lines.number(j), self.text(j))).collect(),
        )
    }

    /// One `type X` … block: the type word, `param X`, `[REQUIRED]`, documentation and bullets.
    fn parameter(&self, at: usize, end: usize, name: &str, ctx: &mut Diagnostics<'_>) -> Bullet {
        let line = self.lines.number(at);
        let mut i = self.skip_blank(at + 1);
        let mut type_word = None;
        if !self.text(i).starts_with("param ") && i < end {
            type_word = Some(self.text(i).trim().to_string());
            i = self.skip_blank(i + 1);
        }
        if self.text(i).starts_with("param ") {
            i += 1;
        } else if !self.lossy() {
            ctx.warn(self.lines.number(i), format!("expected `param {name}` after its type"));
        }
        i = self.skip_blank(i);
        let required = if self.text(i).trim() == "[REQUIRED]" {
            i += 1;
            Required::Yes
        } else if self.lossy() {
            Required::Unknown
        } else {
            Required::No
        };
        if type_word.is_none() && !self.lossy() {
            ctx.warn(line, format!("parameter `{name}` has no type word"));
        }
        let (doc, children) = self.bullet_level(i, end, 2, true);
        Bullet { name: Some(name.to_string()), type_word, required, doc, line, children }
    }

    /// Reads the documentation and the member bullets at indentation `level`
    /// between `from` and `to`.
    fn bullet_level(&self, from: usize, to: usize, level: usize, request: bool) -> (Doc, Vec<Bullet>) {
        let bullet_lines: Vec<usize> =
            (from..to).filter(|&j| indent(self.text(j)) == level && member_bullet(self.text(j)).is_some()).collect();
        let doc_end = bullet_lines.first().copied().unwrap_or(to);
        let doc_lines: Vec<&str> = (from..doc_end).map(|j| self.text(j).trim()).collect();
        let doc = doc::from_blank_separated(&doc_lines);
        let mut children = Vec::new();
        for (k, &b) in bullet_lines.iter().enumerate() {
            let next = bullet_lines.get(k + 1).copied().unwrap_or(to);
            // A bullet's body is indented deeper; stop at the first shallower line.
            let body_end = (b + 1..next)
                .find(|&j| !self.text(j).trim().is_empty() && indent(self.text(j)) <= level)
                .unwrap_or(next);
            let Some((name, word, required_mark)) = member_bullet(self.text(b)) else { continue };
            let (doc, grandchildren) = self.bullet_level(b + 1, body_end, level + 2, request);
            let required = match (required_mark, request) {
                (true, _) => Required::Yes,
                (false, true) => Required::No,
                (false, false) => Required::Unknown,
            };
            children.push(Bullet {
                name,
                type_word: Some(word),
                required,
                doc,
                line: self.lines.number(b),
                children: grandchildren,
            });
        }
        (doc, children)
    }

    fn response(&self, at: usize, ctx: &mut Diagnostics<'_>, file: &str) -> Result<Output> {
        let syntax_at = self.find(at, |t| t.trim() == "Response Syntax");
        let Some(syntax_at) = syntax_at else {
            let says_none = (at..self.end).any(|j| self.text(j).trim() == "None");
            if says_none {
                return Ok(Output::Nothing);
            }
            if self.lossy() {
                ctx.warn(
                    self.lines.number(at.min(self.end.saturating_sub(1))),
                    "no response section survives; the operation is taken to return nothing",
                );
                return Ok(Output::Nothing);
            }
            return Ok(Output::Nothing);
        };
        let first = self.skip_blank(syntax_at + 1);
        if is_too_large(self.text(first)) {
            ctx.warn(self.lines.number(first), "the response is too large to render on this page");
            return Ok(Output::TooLarge { line: self.lines.number(first) });
        }
        let structure_at = self.find(syntax_at, is_structure_heading).ok_or_else(|| {
            Error::at_line(
                file,
                self.lines.number(syntax_at),
                "expected `Response Structure` after the response syntax",
            )
        })?;
        let source = if self.lossy() {
            self.lossy_syntax_lines(syntax_at + 1, structure_at)
        } else {
            let text: Vec<&str> = (syntax_at + 1..structure_at).map(|j| self.text(j)).collect();
            SyntaxSource::Tree(syntax::response_members(file, self.lines.number(syntax_at + 1), &text.join("\n"))?)
        };
        // A structure too large to render under a syntax that rendered: the
        // syntax alone gives the members and their types, without documentation.
        // Skip blank lines and a reStructuredText `::` left before a literal block.
        let structure_first =
            (structure_at + 1..self.end).find(|&j| !matches!(self.text(j).trim(), "" | "::")).unwrap_or(self.end);
        if is_too_large(self.text(structure_first)) {
            ctx.warn(
                self.lines.number(structure_first),
                "the response structure is too large to render; its members come from the syntax, undocumented",
            );
            if let SyntaxSource::Tree(params) = &source {
                let line = self.lines.number(structure_first);
                return Ok(Output::Members(
                    params.iter().map(|(name, shape)| combine::member_from_syntax(name, shape, line)).collect(),
                ));
            }
        }
        // `• (dict) --` at level 2, with the members at level 4.
        let top = (structure_at + 1..self.end).find(|&j| member_bullet(self.text(j)).is_some());
        let bullets = match top {
            Some(t) => self.bullet_level(t + 1, self.end, indent(self.text(t)) + 2, false).1,
            None => Vec::new(),
        };
        Ok(Output::Members(source.members(&bullets, ctx)))
    }
}

/// A section that cannot be read costs its operation, never the page: the
/// error becomes a warning at the same place.
pub(crate) fn skipped_section(e: Error) -> Warning {
    Warning { location: e.location, message: format!("{}; the operation is skipped on this page", e.message) }
}

/// `Response Structure`, plain or in Markdown bold.
fn is_structure_heading(t: &str) -> bool {
    t.trim().trim_matches('*').trim() == "Response Structure"
}

fn is_response_start(t: &str) -> bool {
    matches!(t.trim(), "rtype" | "returns" | "Response Syntax")
}

/// What the syntax of one side shows: a whole tree, or the lines a lossy scrape kept.
enum SyntaxSource {
    Tree(Vec<(String, SyntaxShape)>),
    Lines(Vec<syntax::SyntaxLine>),
}

impl SyntaxSource {
    fn members(&self, bullets: &[Bullet], ctx: &mut Diagnostics<'_>) -> Vec<Member> {
        match self {
            SyntaxSource::Tree(params) => {
                let mut members: Vec<Member> = bullets
                    .iter()
                    .map(|b| {
                        let name = b.name.as_deref().unwrap_or_default();
                        let syn = params.iter().find(|(n, _)| n == name).map(|(_, s)| s);
                        if syn.is_none() {
                            ctx.warn(b.line, format!("`{name}` is documented but not in the syntax"));
                        }
                        combine::member_from_bullet(b, syn, ctx)
                    })
                    .collect();
                for (name, shape) in params {
                    if !members.iter().any(|m| &m.name == name) {
                        let line = bullets.first().map_or(0, |b| b.line);
                        ctx.warn(line, format!("`{name}` is in the syntax but has no documentation block"));
                        members.push(combine::member_from_syntax(name, shape, line));
                    }
                }
                members
            }
            SyntaxSource::Lines(lines) => {
                let mut cursor = 0;
                let tree = super::lossy::syntax_tree(bullets, lines, 4, &mut cursor);
                let members: Vec<Member> = bullets
                    .iter()
                    .map(|b| {
                        let name = b.name.as_deref().unwrap_or_default();

                        combine::member_from_bullet(b, tree.iter().find(|(n, _)| n == name).map(|(_, s)| s), ctx)
                    })
                    .collect();
                members
            }
        }
    }
}
