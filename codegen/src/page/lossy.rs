//! The lossy change page: the full layout scraped by a tool that kept only lines
//! with a space inside them. Bullets survive with their nesting, type words and
//! `[REQUIRED]`; the syntax keeps only its `'Key': value` lines. Facts that no
//! surviving line proves are recorded as unknown and warned about.

use super::combine::{Bullet, Ctx};
use super::stream::Lines;
use super::syntax::{SyntaxLine, SyntaxShape};
use super::{Layout, Member, Page, Required, Target};
use crate::diag::Result;

pub(crate) fn parse(file: &str, lines: &Lines<'_>) -> Result<Page> {
    super::full::parse_sections(file, lines, Layout::ChangesLossy)
}

/// Rebuilds, for the given bullets, the syntax skeleton that the surviving lines
/// still prove. Syntax lines and bullets are both in preorder, and a member's
/// line is indented four spaces per level, so each bullet's line is the next line
/// with its key at its depth. `cursor` moves forward through `lines`.
pub(crate) fn syntax_tree(
    bullets: &[Bullet],
    lines: &[SyntaxLine],
    indent: usize,
    cursor: &mut usize,
) -> Vec<(String, SyntaxShape)> {
    bullets
        .iter()
        .filter_map(|b| {
            let name = b.name.as_deref()?;
            let found = take(lines, cursor, name, indent);
            Some((name.to_string(), shape_for(b, found, lines, indent, cursor)))
        })
        .collect()
}

fn shape_for(
    b: &Bullet,
    found: Option<&SyntaxLine>,
    lines: &[SyntaxLine],
    indent: usize,
    cursor: &mut usize,
) -> SyntaxShape {
    if let Some(shape) = found.and_then(|l| l.shape.clone()) {
        return shape;
    }
    let named = b.children.iter().any(|c| c.name.is_some());
    let unnamed: Vec<&Bullet> = b.children.iter().filter(|c| c.name.is_none()).collect();
    match (named, unnamed.as_slice(), b.type_word.as_deref()) {
        (true, _, _) => SyntaxShape::Structure(syntax_tree(&b.children, lines, indent + 4, cursor)),
        (false, [item], _) => SyntaxShape::List(Box::new(item_shape(item, lines, indent + 8, cursor))),
        (false, [_key, value, ..], _) => {
            let entry = take(lines, cursor, "string", indent + 4);
            let value_shape = match entry.and_then(|l| l.shape.clone()) {
                Some(s) => s,
                None => item_shape(value, lines, indent + 8, cursor),
            };
            SyntaxShape::Map(Box::new(SyntaxShape::Scalar(super::Scalar::String)), Box::new(value_shape))
        }
        _ => SyntaxShape::Unknown,
    }
}

fn item_shape(item: &Bullet, lines: &[SyntaxLine], indent: usize, cursor: &mut usize) -> SyntaxShape {
    if item.children.iter().any(|c| c.name.is_some()) {
        SyntaxShape::Structure(syntax_tree(&item.children, lines, indent, cursor))
    } else {
        SyntaxShape::Unknown
    }
}

/// The next line with `key` at exactly `indent`, not looking past the end of the
/// enclosing block (a line indented less).
fn take<'a>(lines: &'a [SyntaxLine], cursor: &mut usize, key: &str, indent: usize) -> Option<&'a SyntaxLine> {
    for (k, line) in lines.iter().enumerate().skip(*cursor) {
        if line.indent < indent && indent > 4 {
            return None;
        }
        if line.indent == indent && line.key == key {
            *cursor = k + 1;
            return Some(line);
        }
    }
    None
}

/// Warns, at the member's line, about every fact the page could not prove.
pub(crate) fn warn_unknowns(m: &Member, request: bool, ctx: &mut Ctx<'_>) {
    if request && m.required == Required::Unknown {
        ctx.warn(m.line, format!("whether `{}` is required is lost (its `[REQUIRED]` line was dropped)", m.name));
    }
    warn_target(&m.name, &m.target, m.line, request, ctx);
}

fn warn_target(name: &str, t: &Target, line: usize, request: bool, ctx: &mut Ctx<'_>) {
    match t {
        Target::Unknown => {
            ctx.warn(line, format!("the type of `{name}` is lost (its type word and syntax line were dropped)"))
        }
        Target::StringOrEnum => {
            ctx.warn(line, format!("whether `{name}` is an enum is lost (its syntax line was dropped)"))
        }
        Target::FloatingPoint => ctx.warn(line, format!("whether `{name}` is a double or a float is lost")),
        Target::Structure(members) => {
            for m in members {
                warn_target(&m.name, &m.target, m.line, request, ctx);
            }
        }
        Target::List(item) => warn_target(&format!("{name}[]"), &item.target, item.line, request, ctx),
        Target::Map(k, v) => {
            warn_target(&format!("{name}{{key}}"), &k.target, k.line, request, ctx);
            warn_target(&format!("{name}{{value}}"), &v.target, v.line, request, ctx);
        }
        _ => {}
    }
}
