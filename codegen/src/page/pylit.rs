//! A parser for the Python literals that the pages print: request syntax
//! (`client.op(Name='string', ...)`), response syntax (`{'Key': 123}`) and the
//! pretty-printed `Changes` dicts (`{'Key': {'a', 'b'}}`).

use std::fmt;

/// A parsed Python literal, kept close to its printed form.
#[derive(Debug, Clone, PartialEq)]
pub enum PyValue {
    /// A quoted string; adjacent strings are already concatenated.
    Str(String),
    /// `b'...'`
    Bytes(String),
    /// An integer literal such as `123`.
    Int(String),
    /// A float literal such as `123.0` or `123.4`.
    Float(String),
    /// `...`
    Ellipsis,
    /// `True` or `False`.
    Bool(bool),
    /// `None`
    None,
    /// `a|b|c`: alternatives, in order.
    Alt(Vec<PyValue>),
    /// `{k: v, ...}`, in order.
    Dict(Vec<(PyValue, PyValue)>),
    /// `{a, b}`
    Set(Vec<PyValue>),
    /// `[a, ...]`
    List(Vec<PyValue>),
    /// `name(args, key=value)`: `datetime(2015, 1, 1)` or `client.op(...)`.
    Call { name: String, args: Vec<PyValue>, kwargs: Vec<(String, PyValue)> },
}

/// A parse failure, with the byte offset into the parsed text.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct PyError {
    pub offset: usize,
    pub message: String,
}

impl fmt::Display for PyError {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        write!(f, "at byte {}: {}", self.offset, self.message)
    }
}

/// Parses exactly one literal; trailing text other than whitespace is an error.
pub fn parse(text: &str) -> Result<PyValue, PyError> {
    let mut p = Parser { src: text.as_bytes(), text, pos: 0, depth: 0 };
    let value = p.value()?;
    p.skip_ws();
    if p.pos != p.src.len() {
        return Err(p.error("expected the end of the literal"));
    }
    Ok(value)
}

/// Nesting deeper than this is refused, so hostile input cannot exhaust the stack.
const MAX_DEPTH: usize = 200;

struct Parser<'a> {
    src: &'a [u8],
    text: &'a str,
    pos: usize,
    depth: usize,
}

impl Parser<'_> {
    fn error(&self, message: impl Into<String>) -> PyError {
        PyError { offset: self.pos, message: message.into() }
    }

    fn skip_ws(&mut self) {
        while self.pos < self.src.len() && self.src[self.pos].is_ascii_whitespace() {
            self.pos += 1;
        }
    }

    fn peek(&mut self) -> Option<u8> {
        self.skip_ws();
        self.src.get(self.pos).copied()
    }

    fn eat(&mut self, byte: u8) -> bool {
        if self.peek() == Some(byte) {
            self.pos += 1;
            true
        } else {
            false
        }
    }

    fn expect(&mut self, byte: u8) -> Result<(), PyError> {
        if self.eat(byte) {
            Ok(())
        } else {
            Err(self.error(format!("expected `{}`", byte as char)))
        }
    }

    fn value(&mut self) -> Result<PyValue, PyError> {
        self.depth += 1;
        if self.depth > MAX_DEPTH {
            return Err(self.error("literal nested too deeply"));
        }
        let first = self.atom()?;
        let mut alts = vec![first];
        while self.eat(b'|') {
            alts.push(self.atom()?);
        }
        self.depth -= 1;
        Ok(if alts.len() == 1 { alts.pop().unwrap_or(PyValue::None) } else { PyValue::Alt(alts) })
    }

    fn atom(&mut self) -> Result<PyValue, PyError> {
        match self.peek() {
            None => Err(self.error("expected a value, found the end of the text")),
            Some(b'\'') | Some(b'"') => {
                let mut s = self.string()?;
                while matches!(self.peek(), Some(b'\'') | Some(b'"')) {
                    s.push_str(&self.string()?);
                }
                Ok(PyValue::Str(s))
            }
            Some(b'{') => self.braces(),
            Some(b'[') => self.list(),
            Some(b'.') => {
                if self.src[self.pos..].starts_with(b"...") {
                    self.pos += 3;
                    Ok(PyValue::Ellipsis)
                } else {
                    Err(self.error("expected `...`"))
                }
            }
            Some(c) if c.is_ascii_digit() || c == b'-' => Ok(self.number()),
            Some(c) if c.is_ascii_alphabetic() || c == b'_' => self.word(),
            Some(c) => Err(self.error(format!("unexpected `{}`", c as char))),
        }
    }

    fn string(&mut self) -> Result<String, PyError> {
        let quote = self.src[self.pos];
        let start = self.pos;
        self.pos += 1;
        let mut out = String::new();
        loop {
            let rest = &self.text[self.pos..];
            let Some(c) = rest.chars().next() else {
                self.pos = start;
                return Err(self.error("unterminated string"));
            };
            self.pos += c.len_utf8();
            match c {
                '\\' => {
                    let Some(e) = self.text[self.pos..].chars().next() else {
                        return Err(self.error("unterminated string"));
                    };
                    self.pos += e.len_utf8();
                    out.push(match e {
                        'n' => '\n',
                        't' => '\t',
                        other => other,
                    });
                }
                c if c as u32 == quote as u32 => return Ok(out),
                c => out.push(c),
            }
        }
    }

    fn number(&mut self) -> PyValue {
        let start = self.pos;
        if self.src[self.pos] == b'-' {
            self.pos += 1;
        }
        let mut float = false;
        while self.pos < self.src.len() {
            let c = self.src[self.pos];
            if c.is_ascii_digit() {
                self.pos += 1;
            } else if c == b'.' && !float && self.src.get(self.pos + 1).is_some_and(u8::is_ascii_digit) {
                float = true;
                self.pos += 1;
            } else if (c == b'e' || c == b'E') && self.pos > start {
                float = true;
                self.pos += 1;
                if matches!(self.src.get(self.pos), Some(b'-') | Some(b'+')) {
                    self.pos += 1;
                }
            } else {
                break;
            }
        }
        let text = self.text[start..self.pos].to_string();
        if float {
            PyValue::Float(text)
        } else {
            PyValue::Int(text)
        }
    }

    fn ident(&mut self) -> String {
        let start = self.pos;
        while self.pos < self.src.len() && (self.src[self.pos].is_ascii_alphanumeric() || self.src[self.pos] == b'_') {
            self.pos += 1;
        }
        self.text[start..self.pos].to_string()
    }

    fn word(&mut self) -> Result<PyValue, PyError> {
        if self.src[self.pos] == b'b' && matches!(self.src.get(self.pos + 1), Some(b'\'') | Some(b'"')) {
            self.pos += 1;
            return Ok(PyValue::Bytes(self.string()?));
        }
        let mut name = self.ident();
        match name.as_str() {
            "True" => return Ok(PyValue::Bool(true)),
            "False" => return Ok(PyValue::Bool(false)),
            "None" => return Ok(PyValue::None),
            _ => {}
        }
        while self.src.get(self.pos) == Some(&b'.') {
            self.pos += 1;
            name.push('.');
            name.push_str(&self.ident());
        }
        self.expect(b'(')?;
        let mut args = Vec::new();
        let mut kwargs = Vec::new();
        loop {
            if self.eat(b')') {
                break;
            }
            let save = self.pos;
            self.skip_ws();
            let key = self.ident();
            if !key.is_empty() && self.peek() == Some(b'=') {
                self.pos += 1;
                kwargs.push((key, self.value()?));
            } else {
                self.pos = save;
                args.push(self.value()?);
            }
            if !self.eat(b',') {
                self.expect(b')')?;
                break;
            }
        }
        Ok(PyValue::Call { name, args, kwargs })
    }

    fn braces(&mut self) -> Result<PyValue, PyError> {
        self.expect(b'{')?;
        if self.eat(b'}') {
            return Ok(PyValue::Dict(Vec::new()));
        }
        if self.src[self.pos..].starts_with(b"...") {
            self.pos += 3;
            self.expect(b'}')?;
            return Ok(PyValue::Dict(Vec::new()));
        }
        let first = self.value()?;
        if self.eat(b':') {
            let mut entries = vec![(first, self.value()?)];
            while self.eat(b',') {
                if self.eat(b'}') {
                    return Ok(PyValue::Dict(entries));
                }
                let key = self.value()?;
                self.expect(b':')?;
                entries.push((key, self.value()?));
            }
            self.expect(b'}')?;
            Ok(PyValue::Dict(entries))
        } else {
            let mut items = vec![first];
            while self.eat(b',') {
                if self.eat(b'}') {
                    return Ok(PyValue::Set(items));
                }
                items.push(self.value()?);
            }
            self.expect(b'}')?;
            Ok(PyValue::Set(items))
        }
    }

    fn list(&mut self) -> Result<PyValue, PyError> {
        self.expect(b'[')?;
        let mut items = Vec::new();
        if self.src[self.pos..].starts_with(b"...") && self.peek() == Some(b'.') {
            self.pos += 3;
            self.expect(b']')?;
            return Ok(PyValue::List(items));
        }
        loop {
            if self.eat(b']') {
                return Ok(PyValue::List(items));
            }
            items.push(self.value()?);
            if !self.eat(b',') {
                self.expect(b']')?;
                return Ok(PyValue::List(items));
            }
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn request_call_with_nested_values() {
        let v = parse("client.op( A='string', B=[ { 'X': 123, 'Y': 'a'|'b' }, ], C=datetime(2015, 1, 1) )").unwrap();
        let PyValue::Call { name, kwargs, .. } = v else { panic!("not a call") };
        assert_eq!(name, "client.op");
        assert_eq!(kwargs.len(), 3);
        assert_eq!(kwargs[0], ("A".into(), PyValue::Str("string".into())));
        let PyValue::List(items) = &kwargs[1].1 else { panic!("not a list") };
        let PyValue::Dict(entries) = &items[0] else { panic!("not a dict") };
        assert_eq!(entries[1].1, PyValue::Alt(vec![PyValue::Str("a".into()), PyValue::Str("b".into())]));
        assert!(matches!(kwargs[2].1, PyValue::Call { ref name, .. } if name == "datetime"));
    }

    #[test]
    fn placeholders() {
        assert_eq!(parse("...").unwrap(), PyValue::Ellipsis);
        assert_eq!(parse("123.0").unwrap(), PyValue::Float("123.0".into()));
        assert_eq!(parse("b'bytes'").unwrap(), PyValue::Bytes("bytes".into()));
        assert_eq!(parse("True|False").unwrap(), PyValue::Alt(vec![PyValue::Bool(true), PyValue::Bool(false)]));
        let doc = parse("{...}|[...]|123|123.4|'string'|True|None").unwrap();
        let PyValue::Alt(parts) = doc else { panic!("not alternatives") };
        assert_eq!(parts.len(), 7);
    }

    #[test]
    fn changes_dict_with_sets_and_concatenation() {
        let v = parse("{'A': {'x', 'y'},\n 'B': 'GZIP '\n '| '\n 'SNAPPY', 'C': [{'K': 'string'}]}").unwrap();
        let PyValue::Dict(entries) = v else { panic!("not a dict") };
        assert_eq!(entries[0].1, PyValue::Set(vec![PyValue::Str("x".into()), PyValue::Str("y".into())]));
        assert_eq!(entries[1].1, PyValue::Str("GZIP | SNAPPY".into()));
    }

    #[test]
    fn errors_carry_offsets() {
        let err = parse("{'A': 'string'").unwrap_err();
        assert!(err.message.contains("expected `}`"), "{err}");
        assert!(parse("'unterminated").is_err());
        let deep = "[".repeat(10_000);
        assert!(parse(&deep).unwrap_err().message.contains("too deeply"));
    }
}
