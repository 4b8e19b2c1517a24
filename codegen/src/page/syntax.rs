//! What the request and response syntax prove about types: the placeholder each
//! value prints (`'string'`, `123`, `123.0`, `...`, `True|False`, `datetime(...)`,
//! `b'bytes'`, the document union, or `'a'|'b'` for an enum).

use super::pylit::PyValue;
use super::Scalar;

/// The type skeleton that a syntax literal shows.
#[derive(Debug, Clone, PartialEq)]
pub enum SyntaxShape {
    Scalar(Scalar),
    Enum(Vec<String>),
    Structure(Vec<(String, SyntaxShape)>),
    List(Box<SyntaxShape>),
    Map(Box<SyntaxShape>, Box<SyntaxShape>),
    /// A container whose contents the page does not show (`[...]`, `{}`).
    Unknown,
    /// `{'... recursive ...'}`: a reference back to the nearest enclosing structure.
    Recursive,
}

impl SyntaxShape {
    /// The member of a structure skeleton with this name.
    pub fn member(&self, name: &str) -> Option<&SyntaxShape> {
        match self {
            SyntaxShape::Structure(members) => members.iter().find(|(n, _)| n == name).map(|(_, s)| s),
            _ => None,
        }
    }
}

/// Reads the type skeleton of one literal value.
pub fn shape_of(value: &PyValue) -> SyntaxShape {
    match value {
        PyValue::Str(s) if s == "string" => SyntaxShape::Scalar(Scalar::String),
        PyValue::Str(s) => SyntaxShape::Enum(vec![s.clone()]),
        PyValue::Bytes(_) => SyntaxShape::Scalar(Scalar::Blob),
        PyValue::Int(_) => SyntaxShape::Scalar(Scalar::Integer),
        PyValue::Float(_) => SyntaxShape::Scalar(Scalar::Double),
        PyValue::Ellipsis => SyntaxShape::Scalar(Scalar::Float),
        PyValue::Bool(_) => SyntaxShape::Scalar(Scalar::Boolean),
        PyValue::None => SyntaxShape::Unknown,
        PyValue::Call { name, .. } if name == "datetime" => SyntaxShape::Scalar(Scalar::Timestamp),
        PyValue::Call { .. } => SyntaxShape::Unknown,
        PyValue::Alt(parts) => {
            if parts.iter().all(|p| matches!(p, PyValue::Bool(_))) {
                SyntaxShape::Scalar(Scalar::Boolean)
            } else if parts.iter().all(|p| matches!(p, PyValue::Str(_))) {
                SyntaxShape::Enum(
                    parts.iter().filter_map(|p| if let PyValue::Str(s) = p { Some(s.clone()) } else { None }).collect(),
                )
            } else {
                SyntaxShape::Scalar(Scalar::Document)
            }
        }
        PyValue::List(items) => match items.first() {
            Some(first) => SyntaxShape::List(Box::new(shape_of(first))),
            None => SyntaxShape::List(Box::new(SyntaxShape::Unknown)),
        },
        PyValue::Set(items) if items.iter().any(|i| matches!(i, PyValue::Str(s) if s.contains("recursive"))) => {
            SyntaxShape::Recursive
        }
        PyValue::Set(_) => SyntaxShape::Unknown,
        PyValue::Dict(entries) => {
            if let [(key, value)] = entries.as_slice() {
                let key_shape = shape_of(key);
                let is_map_key = matches!(key, PyValue::Str(s) if s == "string") || matches!(key, PyValue::Alt(_));
                if is_map_key {
                    return SyntaxShape::Map(Box::new(key_shape), Box::new(shape_of(value)));
                }
            }
            SyntaxShape::Structure(
                entries
                    .iter()
                    .filter_map(|(k, v)| match k {
                        PyValue::Str(name) => Some((name.clone(), shape_of(v))),
                        _ => None,
                    })
                    .collect(),
            )
        }
    }
}

/// The members of a response syntax literal (`{ 'Key': value, … }`), however
/// many lines it spans; errors name `file` and the line the literal starts on.
pub(crate) fn response_members(file: &str, line: usize, text: &str) -> crate::diag::Result<Vec<(String, SyntaxShape)>> {
    use crate::diag::Error;
    let value = super::pylit::parse(text.trim()).map_err(|e| {
        let at = line + text[..e.offset.min(text.len())].matches('\n').count();
        Error::at_line(file, at, format!("expected a response syntax literal: {}", e.message))
    })?;
    match shape_of(&value) {
        SyntaxShape::Structure(members) => Ok(members),
        _ => Err(Error::at_line(file, line, "expected the response syntax to be a dict")),
    }
}

/// The parameters of a request syntax call `client.op(A=..., B=...)`, with the method name.
pub fn request_parameters(value: &PyValue) -> Option<(String, Vec<(String, SyntaxShape)>)> {
    match value {
        PyValue::Call { name, kwargs, .. } => {
            let method = name.rsplit('.').next().unwrap_or(name).to_string();
            Some((method, kwargs.iter().map(|(k, v)| (k.clone(), shape_of(v))).collect()))
        }
        _ => None,
    }
}

/// One surviving line of a multi-line syntax block, as the lossy scrape keeps it:
/// `'Key': value` or `Key=value`, with its indentation.
#[derive(Debug, Clone, PartialEq)]
pub struct SyntaxLine {
    pub line: usize,
    pub indent: usize,
    pub key: String,
    /// The skeleton of the value when it is complete on the line; `None` for an
    /// opening `{` or `[` whose contents follow on other lines.
    pub shape: Option<SyntaxShape>,
}

/// Reads one syntax line; `None` when the line holds no key.
pub fn syntax_line(line: usize, text: &str) -> Option<SyntaxLine> {
    let indent = super::stream::indent(text);
    let t = text.trim().trim_end_matches(',');
    let (key, rest) = if let Some(stripped) = t.strip_prefix('\'') {
        let end = stripped.find('\'')?;
        let key = &stripped[..end];
        let rest = stripped[end + 1..].trim_start().strip_prefix(':')?;
        (key.to_string(), rest.trim())
    } else {
        let eq = t.find('=')?;
        let key = &t[..eq];
        if key.is_empty() || !key.chars().all(|c| c.is_ascii_alphanumeric() || c == '_') {
            return None;
        }
        (key.to_string(), t[eq + 1..].trim())
    };
    let shape = match rest {
        "{" | "[" | "" => None,
        _ => match super::pylit::parse(rest) {
            Ok(v) => Some(shape_of(&v)),
            Err(_) if rest.starts_with('{') || rest.starts_with('[') => None,
            Err(_) => return None,
        },
    };
    Some(SyntaxLine { line, indent, key, shape })
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::page::pylit::parse;

    #[test]
    fn skeletons() {
        let v = parse("{ 'A': 'x'|'y', 'M': { 'string': 123 }, 'L': [ 'string', ], 'D': {...}|[...]|123|123.4|'string'|True|None }").unwrap();
        let SyntaxShape::Structure(members) = shape_of(&v) else { panic!() };
        assert_eq!(members[0].1, SyntaxShape::Enum(vec!["x".into(), "y".into()]));
        assert_eq!(
            members[1].1,
            SyntaxShape::Map(
                Box::new(SyntaxShape::Scalar(Scalar::String)),
                Box::new(SyntaxShape::Scalar(Scalar::Integer))
            )
        );
        assert_eq!(members[2].1, SyntaxShape::List(Box::new(SyntaxShape::Scalar(Scalar::String))));
        assert_eq!(members[3].1, SyntaxShape::Scalar(Scalar::Document));
    }

    #[test]
    fn lossy_lines() {
        let l = syntax_line(3, "                'Type': 'Integer'|'Continuous',").unwrap();
        assert_eq!((l.indent, l.key.as_str()), (16, "Type"));
        assert_eq!(l.shape, Some(SyntaxShape::Enum(vec!["Integer".into(), "Continuous".into()])));
        assert_eq!(syntax_line(4, "        'Range': {").unwrap().shape, None);
        assert_eq!(
            syntax_line(5, "    CreatedAfter=datetime(2015, 1, 1),").unwrap().shape,
            Some(SyntaxShape::Scalar(Scalar::Timestamp))
        );
        assert_eq!(syntax_line(6, "The name of it."), None);
    }
}
