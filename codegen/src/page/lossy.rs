//! What the lossy change page's surviving syntax lines prove. The page is the full
//! layout scraped by a tool that kept only lines with a space inside them, and is
//! read by [`super::full`] with that setting; bullets survive with their nesting,
//! type words and `[REQUIRED]`, while the syntax keeps only its `'Key': value`
//! lines. This module matches those lines to the bullets.

use super::combine::Bullet;
use super::syntax::{SyntaxLine, SyntaxShape};

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
    if named {
        return SyntaxShape::Structure(syntax_tree(&b.children, lines, indent + 4, cursor));
    }
    match (super::combine::map_entry(b), unnamed.as_slice()) {
        (None, [item]) => SyntaxShape::List(Box::new(item_shape(item, lines, indent + 8, cursor))),
        (Some((_key, value)), _) => {
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
