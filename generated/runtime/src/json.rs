//! The awsJson 1.1 wire format: a JSON writer, a bounded pull reader, and the
//! traits that generated types implement.
//!
//! Hand-written; not generated. The reader never panics on any input: every
//! malformed, truncated, too deep or out-of-range document becomes a
//! [`DeserializeError`] that names the JSON path.

use super::blob::Blob;
use super::error::{DeserializeError, ErrorKind};
use super::timestamp::Timestamp;
use std::borrow::Cow;
use std::collections::BTreeMap;

/// How deeply objects and arrays may nest. SageMaker shapes nest far less; a
/// deeper document is hostile, and is rejected before it can exhaust the stack.
pub const MAX_DEPTH: u32 = 128;

/// A type that writes itself as awsJson.
pub trait WriteJson {
    /// Appends this value's JSON to `w`.
    fn write_json(&self, w: &mut JsonWriter);
}

/// A type that reads itself from awsJson.
pub trait ReadJson: Sized {
    /// Whether `null` is a value of this type (the items of `@sparse` lists and
    /// maps, `Option<T>`); collections of other types skip `null` items.
    const NULLABLE: bool = false;
    /// Reads one JSON value. `null` is an error here; optional members handle it.
    fn read_json(r: &mut JsonReader<'_>) -> Result<Self, DeserializeError>;
}

/// A member of a structure being written by [`JsonWriter::members`].
pub trait WriteMember {
    /// Writes `name` and this value, unless the member is absent.
    fn write_member(&self, name: &'static str, w: &mut JsonWriter);
}

impl<T: WriteJson> WriteMember for Option<T> {
    #[inline]
    fn write_member(&self, name: &'static str, w: &mut JsonWriter) {
        if let Some(value) = self {
            w.member(name, value);
        }
    }
}

/// A member that is always present (a required member held without an `Option`).
pub struct Present<'a, T: ?Sized>(pub &'a T);

impl<T: WriteJson + ?Sized> WriteMember for Present<'_, T> {
    #[inline]
    fn write_member(&self, name: &'static str, w: &mut JsonWriter) {
        w.member(name, self.0);
    }
}

/// The place of a member of a structure being read by [`JsonReader::read_members`].
pub trait ReadMember {
    /// Reads the member's value (never `null`) into this place.
    fn read_member(&mut self, r: &mut JsonReader<'_>) -> Result<(), DeserializeError>;
}

impl<T: ReadJson> ReadMember for Option<T> {
    #[inline]
    fn read_member(&mut self, r: &mut JsonReader<'_>) -> Result<(), DeserializeError> {
        *self = Some(T::read_json(r)?);
        Ok(())
    }
}

/// A named shape of the model: the root of a JSON path in error messages.
pub trait Shape {
    /// The shape's name in the model, such as `DescribeTrainingJobOutput`.
    const SHAPE_NAME: &'static str;
}

/// Serializes a value to awsJson bytes.
pub fn to_vec<T: WriteJson + ?Sized>(value: &T) -> Vec<u8> {
    let mut w = JsonWriter::with_capacity(256);
    value.write_json(&mut w);
    w.into_string().into_bytes()
}

/// [`to_vec`] through a trait object, so that callers generic over many
/// types share one copy.
pub fn to_vec_dyn(value: &dyn WriteJson) -> Vec<u8> {
    let mut w = JsonWriter::with_capacity(256);
    value.write_json(&mut w);
    w.into_string().into_bytes()
}

/// Serializes a value to an awsJson string.
pub fn to_string<T: WriteJson + ?Sized>(value: &T) -> String {
    let mut w = JsonWriter::with_capacity(256);
    value.write_json(&mut w);
    w.into_string()
}

/// Deserializes a whole document into a shape. Errors name the path from the
/// shape, as in `DescribeTrainingJobOutput.ResourceConfig.InstanceCount`.
pub fn from_slice<T: ReadJson + Shape>(bytes: &[u8]) -> Result<T, DeserializeError> {
    let result =
        JsonReader::from_bytes(bytes).and_then(|mut r| T::read_json(&mut r).and_then(|v| r.finish().map(|()| v)));
    result.map_err(|e| e.with_root(T::SHAPE_NAME))
}

/// Appends compact JSON to a string. Objects and arrays are written by
/// `begin_*`/`end_*` pairs; commas are placed automatically.
#[derive(Debug, Default, Clone)]
pub struct JsonWriter {
    out: String,
    needs_comma: bool,
}

impl JsonWriter {
    /// A writer with room for `capacity` bytes.
    pub fn with_capacity(capacity: usize) -> Self {
        JsonWriter { out: String::with_capacity(capacity), needs_comma: false }
    }

    /// The JSON written so far.
    pub fn into_string(self) -> String {
        self.out
    }

    #[inline]
    fn comma(&mut self) {
        if self.needs_comma {
            self.out.push(',');
        }
    }

    /// Starts an object (after a comma, if one is due).
    #[inline]
    pub fn begin_object(&mut self) {
        self.comma();
        self.out.push('{');
        self.needs_comma = false;
    }

    /// Ends the current object.
    #[inline]
    pub fn end_object(&mut self) {
        self.out.push('}');
        self.needs_comma = true;
    }

    /// Starts an array.
    #[inline]
    pub fn begin_array(&mut self) {
        self.comma();
        self.out.push('[');
        self.needs_comma = false;
    }

    /// Ends the current array.
    #[inline]
    pub fn end_array(&mut self) {
        self.out.push(']');
        self.needs_comma = true;
    }

    /// Writes an object key. The key is escaped.
    #[inline]
    pub fn key(&mut self, key: &str) {
        self.comma();
        write_escaped(&mut self.out, key);
        self.out.push(':');
        self.needs_comma = false;
    }

    /// Writes a member whose name is a model identifier (no escaping needed).
    #[inline]
    pub fn member<T: WriteJson + ?Sized>(&mut self, name: &'static str, value: &T) {
        self.comma();
        self.out.push('"');
        self.out.push_str(name);
        self.out.push_str("\":");
        self.needs_comma = false;
        value.write_json(self);
    }

    /// Writes an object of `members`, in order, leaving absent ones out.
    /// One copy of this loop serves every structure.
    #[inline]
    pub fn members(&mut self, members: &[(&'static str, &dyn WriteMember)]) {
        self.begin_object();
        for (name, value) in members {
            value.write_member(name, self);
        }
        self.end_object();
    }

    /// Writes a string value.
    #[inline]
    pub fn string(&mut self, value: &str) {
        self.comma();
        write_escaped(&mut self.out, value);
        self.needs_comma = true;
    }

    /// Writes a value that is already valid JSON text, such as a number.
    #[inline]
    fn raw(&mut self, text: &str) {
        self.comma();
        self.out.push_str(text);
        self.needs_comma = true;
    }

    /// Writes `null`.
    #[inline]
    pub fn null(&mut self) {
        self.raw("null");
    }

    /// Writes `true` or `false`.
    #[inline]
    pub fn boolean(&mut self, value: bool) {
        self.raw(if value { "true" } else { "false" });
    }

    /// Writes an integer.
    #[inline]
    pub fn integer(&mut self, value: i64) {
        self.comma();
        push_integer(&mut self.out, value);
        self.needs_comma = true;
    }

    /// Writes a float: the shortest form that reads back to the same value;
    /// NaN and the infinities as the strings awsJson uses for them.
    pub fn double(&mut self, value: f64) {
        if value.is_finite() {
            self.comma();
            use std::fmt::Write;
            let _ = write!(self.out, "{value}");
            self.needs_comma = true;
        } else {
            self.string(non_finite_name(value.is_nan(), value > 0.0));
        }
    }

    /// Writes an `f32` in its own shortest form.
    pub fn float(&mut self, value: f32) {
        if value.is_finite() {
            self.comma();
            use std::fmt::Write;
            let _ = write!(self.out, "{value}");
            self.needs_comma = true;
        } else {
            self.string(non_finite_name(value.is_nan(), value > 0.0));
        }
    }

    /// Writes a timestamp as epoch seconds: an integer when whole, else a decimal.
    #[inline]
    pub fn timestamp(&mut self, value: &Timestamp) {
        self.comma();
        value.write_epoch_seconds(&mut self.out);
        self.needs_comma = true;
    }
}

fn non_finite_name(nan: bool, positive: bool) -> &'static str {
    match (nan, positive) {
        (true, _) => "NaN",
        (false, true) => "Infinity",
        (false, false) => "-Infinity",
    }
}

/// Appends an integer's digits without going through `fmt` machinery.
#[inline]
pub(crate) fn push_integer(out: &mut String, value: i64) {
    let mut digits = [0u8; 20];
    let mut n = value.unsigned_abs();
    let mut i = digits.len();
    loop {
        i -= 1;
        digits[i] = b'0' + (n % 10) as u8;
        n /= 10;
        if n == 0 {
            break;
        }
    }
    if value < 0 {
        out.push('-');
    }
    for &d in &digits[i..] {
        out.push(char::from(d));
    }
}

#[inline]
fn write_escaped(out: &mut String, s: &str) {
    out.push('"');
    let bytes = s.as_bytes();
    let mut start = 0;
    loop {
        // Runs without special bytes are copied whole; `at` is an ASCII byte
        // or the end, so both slices fall on character boundaries.
        let at = scan_plain(bytes, start);
        out.push_str(&s[start..at]);
        let Some(&b) = bytes.get(at) else { break };
        match b {
            b'"' => out.push_str("\\\""),
            b'\\' => out.push_str("\\\\"),
            b'\n' => out.push_str("\\n"),
            b'\r' => out.push_str("\\r"),
            b'\t' => out.push_str("\\t"),
            0x08 => out.push_str("\\b"),
            0x0c => out.push_str("\\f"),
            _ => {
                const HEX: &[u8; 16] = b"0123456789abcdef";
                out.push_str("\\u00");
                out.push(char::from(HEX[usize::from(b >> 4)]));
                out.push(char::from(HEX[usize::from(b & 0xf)]));
            }
        }
        start = at + 1;
    }
    out.push('"');
}

/// The first position at or after `from` that holds `"`, `\\` or a control
/// character (or the end). Eight bytes at a time, then byte by byte at the end.
#[inline]
fn scan_plain(bytes: &[u8], mut from: usize) -> usize {
    const ONES: u64 = 0x0101_0101_0101_0101;
    const HIGHS: u64 = 0x8080_8080_8080_8080;
    let has_byte_below = |x: u64, n: u8| x.wrapping_sub(ONES * u64::from(n)) & !x & HIGHS;
    while let Some(chunk) = bytes.get(from..from + 8) {
        let Ok(word) = <[u8; 8]>::try_from(chunk) else { break };
        let x = u64::from_le_bytes(word);
        let special = has_byte_below(x ^ (ONES * u64::from(b'"')), 1)
            | has_byte_below(x ^ (ONES * u64::from(b'\\')), 1)
            | has_byte_below(x, 0x20);
        if special != 0 {
            // The lowest flagged byte is always a true match: a false flag can
            // only follow a true one.
            return from + (special.trailing_zeros() / 8) as usize;
        }
        from += 8;
    }
    while let Some(&b) = bytes.get(from) {
        if b == b'"' || b == b'\\' || b < 0x20 {
            break;
        }
        from += 1;
    }
    from
}

/// Tracks one open object or array in a [`JsonReader`].
#[derive(Debug)]
pub struct Container {
    first: bool,
}

/// The key table of the object [`JsonReader::read_members`] reads, and the
/// members met so far.
struct Members {
    keys: &'static [(&'static str, usize)],
    seen: Seen,
    hint: usize,
}

impl Members {
    /// The entry after the last one matched, which an object written in the
    /// model's order holds next.
    #[inline]
    fn expected(&self) -> Option<(&'static str, usize)> {
        self.keys.get(self.hint).copied()
    }

    /// The table entry of `key`, searched from the start; the next expected
    /// entry is the one after it.
    fn find(&mut self, key: &str) -> Option<(&'static str, usize)> {
        let (position, &entry) =
            self.keys.iter().enumerate().find(|(_, entry)| same_bytes(entry.0.as_bytes(), key.as_bytes()))?;
        self.hint = position + 1;
        Some(entry)
    }
}

/// Whether two keys are equal. Keys are short, and a call to `memcmp` per
/// comparison costs more than the comparison: up to 16 bytes are compared
/// as two overlapping words.
#[inline]
fn same_bytes(a: &[u8], b: &[u8]) -> bool {
    fn word(bytes: &[u8], at: usize) -> u64 {
        bytes.get(at..at + 8).and_then(|w| w.try_into().ok()).map_or(0, u64::from_le_bytes)
    }
    fn half(bytes: &[u8], at: usize) -> u32 {
        bytes.get(at..at + 4).and_then(|w| w.try_into().ok()).map_or(0, u32::from_le_bytes)
    }
    let n = a.len();
    if n != b.len() {
        return false;
    }
    match n {
        0 => true,
        1..=3 => a == b,
        4..=7 => half(a, 0) == half(b, 0) && half(a, n - 4) == half(b, n - 4),
        8..=16 => word(a, 0) == word(b, 0) && word(a, n - 8) == word(b, n - 8),
        _ => a.chunks_exact(8).zip(b.chunks_exact(8)).all(|(x, y)| x == y) && word(a, n - 8) == word(b, n - 8),
    }
}

/// The set of member indexes met in one object: a word of bits for the
/// first 64 members, a vector for the rest of a shape with more.
struct Seen {
    first: u64,
    rest: Vec<bool>,
}

impl Seen {
    fn with_capacity(members: usize) -> Self {
        Seen { first: 0, rest: vec![false; members.saturating_sub(64)] }
    }

    /// Marks `index` met, and says whether it had been met before.
    #[inline]
    fn insert(&mut self, index: usize) -> bool {
        if index < 64 {
            let bit = 1u64 << index;
            let before = self.first & bit != 0;
            self.first |= bit;
            before
        } else {
            self.rest.get_mut(index - 64).is_some_and(|met| std::mem::replace(met, true))
        }
    }
}

/// A pull reader over JSON bytes. Depth is bounded by [`MAX_DEPTH`]; strings are
/// UTF-8; numbers are range-checked for their target type. The whole document
/// is checked to be UTF-8 once, up front, so strings are slices of it.
#[derive(Debug)]
pub struct JsonReader<'a> {
    text: &'a str,
    bytes: &'a [u8],
    pos: usize,
    depth: u32,
}

impl<'a> JsonReader<'a> {
    /// A reader at the start of `text`.
    pub fn new(text: &'a str) -> Self {
        JsonReader { text, bytes: text.as_bytes(), pos: 0, depth: 0 }
    }

    /// A reader over bytes, which must be UTF-8 (as JSON text is).
    pub fn from_bytes(bytes: &'a [u8]) -> Result<Self, DeserializeError> {
        match std::str::from_utf8(bytes) {
            Ok(text) => Ok(Self::new(text)),
            Err(e) => Err(DeserializeError::new(ErrorKind::InvalidUtf8, e.valid_up_to())),
        }
    }

    /// The byte offset the reader has reached.
    pub fn offset(&self) -> usize {
        self.pos
    }

    /// An error of `kind` at the current offset.
    pub fn error(&self, kind: ErrorKind) -> DeserializeError {
        DeserializeError::new(kind, self.pos)
    }

    #[inline]
    fn skip_whitespace(&mut self) {
        // Compact documents have none: one test for the common case.
        if self.bytes.get(self.pos).is_some_and(|&b| b > b' ') {
            return;
        }
        while let Some(&b) = self.bytes.get(self.pos) {
            if matches!(b, b' ' | b'\n' | b'\r' | b'\t') {
                self.pos += 1;
            } else {
                break;
            }
        }
    }

    #[inline]
    pub(crate) fn peek(&mut self) -> Option<u8> {
        self.skip_whitespace();
        self.bytes.get(self.pos).copied()
    }

    /// What kind of value comes next, in words, for error messages.
    fn found(&mut self) -> &'static str {
        match self.peek() {
            None => "end of input",
            Some(b'{') => "object",
            Some(b'[') => "array",
            Some(b'"') => "string",
            Some(b'-' | b'0'..=b'9') => "number",
            Some(b't' | b'f') => "boolean",
            Some(b'n') => "null",
            Some(_) => "an invalid character",
        }
    }

    fn unexpected(&mut self, expected: &'static str) -> DeserializeError {
        let found = self.found();
        let kind = if found == "end of input" {
            ErrorKind::UnexpectedEnd { expected }
        } else {
            ErrorKind::ExpectedType { expected, found }
        };
        self.error(kind)
    }

    fn literal(&mut self, word: &'static [u8]) -> Result<(), DeserializeError> {
        if self.bytes.get(self.pos..self.pos + word.len()) == Some(word) {
            self.pos += word.len();
            Ok(())
        } else if self.pos + word.len() > self.bytes.len() && word.starts_with(&self.bytes[self.pos..]) {
            Err(self.error(ErrorKind::UnexpectedEnd { expected: "a literal" }))
        } else {
            Err(self.error(ErrorKind::Syntax("invalid literal")))
        }
    }

    /// Consumes a `null` if one comes next, and says whether it did.
    #[inline]
    pub fn read_null(&mut self) -> Result<bool, DeserializeError> {
        if self.peek() == Some(b'n') {
            self.literal(b"null")?;
            Ok(true)
        } else {
            Ok(false)
        }
    }

    #[inline]
    fn enter(&mut self) -> Result<(), DeserializeError> {
        if self.depth >= MAX_DEPTH {
            return Err(self.error(ErrorKind::TooDeep { limit: MAX_DEPTH }));
        }
        self.depth += 1;
        self.pos += 1;
        Ok(())
    }

    /// Opens an object.
    #[inline]
    pub fn begin_object(&mut self) -> Result<Container, DeserializeError> {
        if self.peek() != Some(b'{') {
            return Err(self.unexpected("object"));
        }
        self.enter()?;
        Ok(Container { first: true })
    }

    /// The next key of an open object, or `None` after its closing brace.
    #[inline]
    pub fn next_key(&mut self, object: &mut Container) -> Result<Option<Cow<'a, str>>, DeserializeError> {
        if !self.key_follows(object)? {
            return Ok(None);
        }
        let key = self.read_str_after_quote()?;
        self.colon()?;
        Ok(Some(key))
    }

    /// Moves past the separator before an object's next key, to its opening
    /// quote; `false` after the object's closing brace.
    #[inline]
    fn key_follows(&mut self, object: &mut Container) -> Result<bool, DeserializeError> {
        match self.peek() {
            Some(b'}') => {
                self.pos += 1;
                self.depth -= 1;
                return Ok(false);
            }
            Some(b',') if !object.first => self.pos += 1,
            None => return Err(self.error(ErrorKind::UnexpectedEnd { expected: "a key or '}'" })),
            Some(_) if !object.first => return Err(self.error(ErrorKind::Syntax("expected ',' or '}'"))),
            Some(_) => {}
        }
        object.first = false;
        if self.peek() != Some(b'"') {
            return Err(self.unexpected("a key"));
        }
        Ok(true)
    }

    /// Moves past the colon after a key.
    #[inline]
    fn colon(&mut self) -> Result<(), DeserializeError> {
        match self.peek() {
            Some(b':') => {
                self.pos += 1;
                Ok(())
            }
            None => Err(self.error(ErrorKind::UnexpectedEnd { expected: "':'" })),
            Some(_) => Err(self.error(ErrorKind::Syntax("expected ':'"))),
        }
    }

    /// Moves past the key at the opening quote when it is exactly `name`
    /// (a model's key, which holds no quote or backslash), and says whether
    /// it did.
    #[inline]
    fn take_key(&mut self, name: &str) -> bool {
        let from = self.pos + 1;
        let to = from + name.len();
        let matches = self.bytes.get(to) == Some(&b'"')
            && self.bytes.get(from..to).is_some_and(|text| same_bytes(text, name.as_bytes()));
        if matches {
            self.pos = to + 1;
        }
        matches
    }

    /// Opens an array.
    #[inline]
    pub fn begin_array(&mut self) -> Result<Container, DeserializeError> {
        if self.peek() != Some(b'[') {
            return Err(self.unexpected("array"));
        }
        self.enter()?;
        Ok(Container { first: true })
    }

    /// Whether an open array has another element; consumes the closing bracket.
    #[inline]
    pub fn next_element(&mut self, array: &mut Container) -> Result<bool, DeserializeError> {
        match self.peek() {
            Some(b']') => {
                self.pos += 1;
                self.depth -= 1;
                return Ok(false);
            }
            Some(b',') if !array.first => self.pos += 1,
            None => return Err(self.error(ErrorKind::UnexpectedEnd { expected: "a value or ']'" })),
            Some(_) if !array.first => return Err(self.error(ErrorKind::Syntax("expected ',' or ']'"))),
            Some(_) => {}
        }
        array.first = false;
        Ok(true)
    }

    /// Reads an object into the members of a structure: `keys` lists each
    /// key the structure knows with the index of its member in `slots` (a
    /// renamed member is also read under its member name: two keys, one
    /// index). Other keys are skipped; a member whose value is `null` stays
    /// absent; a member met twice is an error. Errors gain the member's name.
    /// One copy of this loop serves every structure.
    pub fn read_members(
        &mut self,
        keys: &'static [(&'static str, usize)],
        slots: &mut [&mut dyn ReadMember],
    ) -> Result<(), DeserializeError> {
        let mut object = self.begin_object()?;
        let mut members = Members { keys, seen: Seen::with_capacity(slots.len()), hint: 0 };
        while self.key_follows(&mut object)? {
            // Services mostly write members in the order the model declares
            // them: the key expected next is compared in place first.
            let entry = match members.expected() {
                Some(entry) if self.take_key(entry.0) => {
                    members.hint += 1;
                    Some(entry)
                }
                _ => {
                    let key = self.read_str_after_quote()?;
                    members.find(&key)
                }
            };
            self.colon()?;
            let Some((name, index)) = entry else {
                self.skip_value()?;
                continue;
            };
            let Some(slot) = slots.get_mut(index) else {
                self.skip_value()?;
                continue;
            };
            if members.seen.insert(index) {
                return Err(self.error(ErrorKind::DuplicateKey(name.to_owned())).at_member(name));
            }
            match self.read_null() {
                Ok(true) => {}
                Ok(false) => slot.read_member(self).map_err(|e| e.at_member(name))?,
                Err(e) => return Err(e.at_member(name)),
            }
        }
        Ok(())
    }

    /// Moves to the next item of a list that has one to read: a `null` in a
    /// dense list (`nullable` false) is skipped, as the AWS SDKs do; a
    /// sparse list keeps it. `false` at the end of the list.
    #[inline]
    pub fn next_item(&mut self, array: &mut Container, nullable: bool) -> Result<bool, DeserializeError> {
        while self.next_element(array)? {
            if nullable || !self.read_null()? {
                return Ok(true);
            }
        }
        Ok(false)
    }

    /// Skips one value of any kind, checking its syntax and depth.
    pub fn skip_value(&mut self) -> Result<(), DeserializeError> {
        match self.peek() {
            Some(b'{') => {
                let mut object = self.begin_object()?;
                while self.next_key(&mut object)?.is_some() {
                    self.skip_value()?;
                }
                Ok(())
            }
            Some(b'[') => {
                let mut array = self.begin_array()?;
                while self.next_element(&mut array)? {
                    self.skip_value()?;
                }
                Ok(())
            }
            Some(b'"') => self.read_str().map(drop),
            Some(b'-' | b'0'..=b'9') => self.number_text().map(drop),
            Some(b't') => self.literal(b"true"),
            Some(b'f') => self.literal(b"false"),
            Some(b'n') => self.literal(b"null"),
            _ => Err(self.unexpected("a value")),
        }
    }

    /// Checks that only whitespace remains.
    pub fn finish(&mut self) -> Result<(), DeserializeError> {
        match self.peek() {
            None => Ok(()),
            Some(_) => Err(self.error(ErrorKind::Syntax("trailing characters after the document"))),
        }
    }

    /// Reads a string, borrowing it when it has no escapes.
    #[inline]
    pub fn read_str(&mut self) -> Result<Cow<'a, str>, DeserializeError> {
        if self.peek() != Some(b'"') {
            return Err(self.unexpected("string"));
        }
        self.read_str_after_quote()
    }

    /// Reads a string whose opening quote is at the current position.
    #[inline]
    fn read_str_after_quote(&mut self) -> Result<Cow<'a, str>, DeserializeError> {
        self.pos += 1;
        let start = self.pos;
        self.pos = scan_plain(self.bytes, self.pos);
        match self.bytes.get(self.pos) {
            Some(b'"') => {
                let s = self.slice(start, self.pos)?;
                self.pos += 1;
                Ok(Cow::Borrowed(s))
            }
            _ => self.read_str_slow(start).map(Cow::Owned),
        }
    }

    /// The rest of a string that has escapes (or is malformed).
    #[cold]
    fn read_str_slow(&mut self, start: usize) -> Result<String, DeserializeError> {
        let mut owned = String::new();
        let mut run = start;
        loop {
            self.pos = scan_plain(self.bytes, self.pos);
            match self.bytes.get(self.pos) {
                None => return Err(self.error(ErrorKind::UnexpectedEnd { expected: "the end of a string" })),
                Some(b'"') => {
                    owned.push_str(self.slice(run, self.pos)?);
                    self.pos += 1;
                    return Ok(owned);
                }
                Some(b'\\') => {
                    owned.push_str(self.slice(run, self.pos)?);
                    self.pos += 1;
                    let c = self.escape()?;
                    owned.push(c);
                    run = self.pos;
                }
                Some(_) => return Err(self.error(ErrorKind::Syntax("control character in string"))),
            }
        }
    }

    /// The document between two positions that hold ASCII bytes.
    #[inline]
    fn slice(&self, from: usize, to: usize) -> Result<&'a str, DeserializeError> {
        self.text.get(from..to).ok_or_else(|| DeserializeError::new(ErrorKind::InvalidUtf8, from))
    }

    fn escape(&mut self) -> Result<char, DeserializeError> {
        let Some(&b) = self.bytes.get(self.pos) else {
            return Err(self.error(ErrorKind::UnexpectedEnd { expected: "an escape" }));
        };
        self.pos += 1;
        Ok(match b {
            b'"' => '"',
            b'\\' => '\\',
            b'/' => '/',
            b'b' => '\u{8}',
            b'f' => '\u{c}',
            b'n' => '\n',
            b'r' => '\r',
            b't' => '\t',
            b'u' => {
                let high = self.hex4()?;
                if (0xD800..0xDC00).contains(&high) {
                    if self.bytes.get(self.pos..self.pos + 2) != Some(b"\\u") {
                        return Err(self.error(ErrorKind::Syntax("unpaired surrogate in \\u escape")));
                    }
                    self.pos += 2;
                    let low = self.hex4()?;
                    if !(0xDC00..0xE000).contains(&low) {
                        return Err(self.error(ErrorKind::Syntax("unpaired surrogate in \\u escape")));
                    }
                    let code = 0x10000 + ((high - 0xD800) << 10) + (low - 0xDC00);
                    char::from_u32(code).ok_or_else(|| self.error(ErrorKind::Syntax("invalid \\u escape")))?
                } else {
                    char::from_u32(high)
                        .ok_or_else(|| self.error(ErrorKind::Syntax("unpaired surrogate in \\u escape")))?
                }
            }
            _ => return Err(self.error(ErrorKind::Syntax("invalid escape in string"))),
        })
    }

    fn hex4(&mut self) -> Result<u32, DeserializeError> {
        let Some(digits) = self.bytes.get(self.pos..self.pos + 4) else {
            return Err(self.error(ErrorKind::UnexpectedEnd { expected: "four hex digits" }));
        };
        let mut value = 0;
        for &d in digits {
            let v = char::from(d).to_digit(16).ok_or_else(|| self.error(ErrorKind::Syntax("invalid \\u escape")))?;
            value = value * 16 + v;
        }
        self.pos += 4;
        Ok(value)
    }

    /// Scans a number token; returns its text and whether it is an integer literal.
    #[inline]
    pub(crate) fn number_text(&mut self) -> Result<(&'a str, bool), DeserializeError> {
        let bytes = self.bytes;
        let start = self.pos;
        let mut i = start;
        let digits = |i: &mut usize| {
            let from = *i;
            while bytes.get(*i).is_some_and(u8::is_ascii_digit) {
                *i += 1;
            }
            *i - from
        };
        if bytes.get(i) == Some(&b'-') {
            i += 1;
        }
        let int_start = i;
        let int_digits = digits(&mut i);
        if int_digits == 0 || (int_digits > 1 && bytes[int_start] == b'0') {
            self.pos = i;
            return Err(self.invalid_number(i));
        }
        let mut integer = true;
        if bytes.get(i) == Some(&b'.') {
            i += 1;
            integer = false;
            if digits(&mut i) == 0 {
                return Err(self.invalid_number(i));
            }
        }
        if matches!(bytes.get(i), Some(b'e' | b'E')) {
            i += 1;
            integer = false;
            if matches!(bytes.get(i), Some(b'+' | b'-')) {
                i += 1;
            }
            if digits(&mut i) == 0 {
                return Err(self.invalid_number(i));
            }
        }
        self.pos = i;
        Ok((self.slice(start, i)?, integer))
    }

    fn invalid_number(&mut self, at: usize) -> DeserializeError {
        if at >= self.bytes.len() {
            DeserializeError::new(ErrorKind::UnexpectedEnd { expected: "the rest of a number" }, at)
        } else {
            DeserializeError::new(ErrorKind::Syntax("invalid number"), at)
        }
    }

    /// Reads an integer that fits in an `i64`.
    #[inline]
    pub fn read_i64(&mut self) -> Result<i64, DeserializeError> {
        if !matches!(self.peek(), Some(b'-' | b'0'..=b'9')) {
            return Err(self.unexpected("integer"));
        }
        let start = self.pos;
        let (text, integer) = self.number_text()?;
        if !integer {
            return Err(DeserializeError::new(
                ErrorKind::ExpectedType { expected: "integer", found: "fraction" },
                start,
            ));
        }
        text.parse().map_err(|_| DeserializeError::new(ErrorKind::OutOfRange { target: "a 64-bit integer" }, start))
    }

    /// Reads an integer that fits in an `i32`.
    #[inline]
    pub fn read_i32(&mut self) -> Result<i32, DeserializeError> {
        let start = self.pos;
        let value = self.read_i64()?;
        i32::try_from(value)
            .map_err(|_| DeserializeError::new(ErrorKind::OutOfRange { target: "a 32-bit integer" }, start))
    }

    /// Reads a finite number, or one of the strings `NaN`, `Infinity`, `-Infinity`.
    #[inline]
    pub fn read_f64(&mut self) -> Result<f64, DeserializeError> {
        match self.peek() {
            Some(b'"') => {
                let at = self.pos;
                match &*self.read_str()? {
                    "NaN" => Ok(f64::NAN),
                    "Infinity" => Ok(f64::INFINITY),
                    "-Infinity" => Ok(f64::NEG_INFINITY),
                    _ => {
                        Err(DeserializeError::new(ErrorKind::ExpectedType { expected: "number", found: "string" }, at))
                    }
                }
            }
            Some(b'-' | b'0'..=b'9') => {
                let start = self.pos;
                let (text, _) = self.number_text()?;
                match text.parse::<f64>() {
                    Ok(v) if v.is_finite() => Ok(v),
                    _ => Err(DeserializeError::new(ErrorKind::OutOfRange { target: "a 64-bit float" }, start)),
                }
            }
            _ => Err(self.unexpected("number")),
        }
    }

    /// Reads a number into an `f32`, rejecting finite values beyond its range.
    #[inline]
    pub fn read_f32(&mut self) -> Result<f32, DeserializeError> {
        let start = self.pos;
        let value = self.read_f64()?;
        let narrowed = value as f32;
        if value.is_finite() && !narrowed.is_finite() {
            return Err(DeserializeError::new(ErrorKind::OutOfRange { target: "a 32-bit float" }, start));
        }
        Ok(narrowed)
    }

    /// Reads `true` or `false`.
    #[inline]
    pub fn read_bool(&mut self) -> Result<bool, DeserializeError> {
        match self.peek() {
            Some(b't') => self.literal(b"true").map(|()| true),
            Some(b'f') => self.literal(b"false").map(|()| false),
            _ => Err(self.unexpected("boolean")),
        }
    }

    /// Reads a timestamp: epoch seconds (integer or fractional, exact to the
    /// nanosecond), as awsJson sends them; an RFC 3339 date-time or HTTP date
    /// string is accepted too, as the Smithy protocol tests ask of clients.
    #[inline]
    pub fn read_timestamp(&mut self) -> Result<Timestamp, DeserializeError> {
        if self.peek() == Some(b'"') {
            return self.read_timestamp_text();
        }
        if !matches!(self.peek(), Some(b'-' | b'0'..=b'9')) {
            return Err(self.unexpected("timestamp (epoch seconds)"));
        }
        if let Some(time) = self.epoch_seconds_fast() {
            return Ok(time);
        }
        let start = self.pos;
        let (text, _) = self.number_text()?;
        Timestamp::parse_epoch_seconds(text)
            .ok_or_else(|| DeserializeError::new(ErrorKind::OutOfRange { target: "a timestamp" }, start))
    }

    /// Epoch seconds in the form services send them, read in one pass: up to
    /// 18 digits without a leading zero, then an optional fraction, and no
    /// sign or exponent. Anything else is left to the general path (`None`,
    /// nothing consumed).
    #[inline]
    fn epoch_seconds_fast(&mut self) -> Option<Timestamp> {
        let bytes = self.bytes.get(self.pos..)?;
        let digit = |i: usize| bytes.get(i).filter(|b| b.is_ascii_digit()).map(|b| b - b'0');
        let mut i = 0;
        let mut secs: i64 = 0;
        while let Some(d) = digit(i) {
            if i == 18 || (i == 1 && secs == 0) {
                return None;
            }
            secs = secs * 10 + i64::from(d);
            i += 1;
        }
        if i == 0 {
            return None;
        }
        let (nanos, i) = crate::timestamp::fraction_nanos(bytes, i)?;
        if matches!(bytes.get(i), Some(b'e' | b'E')) {
            return None;
        }
        self.pos += i;
        Timestamp::from_secs_and_nanos(secs, nanos)
    }

    /// Reads a timestamp string: RFC 3339 date-time or HTTP date.
    fn read_timestamp_text(&mut self) -> Result<Timestamp, DeserializeError> {
        let at = self.offset();
        let text = self.read_str()?;
        Timestamp::parse_date_time(&text).or_else(|| Timestamp::parse_http_date(&text)).ok_or_else(|| {
            DeserializeError::new(
                ErrorKind::Invalid("expected a timestamp: epoch seconds, or a date-time or HTTP date string"),
                at,
            )
        })
    }
}

impl WriteJson for str {
    #[inline]
    fn write_json(&self, w: &mut JsonWriter) {
        w.string(self);
    }
}

impl WriteJson for String {
    #[inline]
    fn write_json(&self, w: &mut JsonWriter) {
        w.string(self);
    }
}

impl ReadJson for String {
    #[inline]
    fn read_json(r: &mut JsonReader<'_>) -> Result<Self, DeserializeError> {
        r.read_str().map(Cow::into_owned)
    }
}

impl WriteJson for bool {
    #[inline]
    fn write_json(&self, w: &mut JsonWriter) {
        w.boolean(*self);
    }
}

impl ReadJson for bool {
    #[inline]
    fn read_json(r: &mut JsonReader<'_>) -> Result<Self, DeserializeError> {
        r.read_bool()
    }
}

impl WriteJson for i32 {
    #[inline]
    fn write_json(&self, w: &mut JsonWriter) {
        w.integer(i64::from(*self));
    }
}

impl ReadJson for i32 {
    #[inline]
    fn read_json(r: &mut JsonReader<'_>) -> Result<Self, DeserializeError> {
        r.read_i32()
    }
}

impl WriteJson for i64 {
    #[inline]
    fn write_json(&self, w: &mut JsonWriter) {
        w.integer(*self);
    }
}

impl ReadJson for i64 {
    #[inline]
    fn read_json(r: &mut JsonReader<'_>) -> Result<Self, DeserializeError> {
        r.read_i64()
    }
}

impl WriteJson for f64 {
    #[inline]
    fn write_json(&self, w: &mut JsonWriter) {
        w.double(*self);
    }
}

impl ReadJson for f64 {
    #[inline]
    fn read_json(r: &mut JsonReader<'_>) -> Result<Self, DeserializeError> {
        r.read_f64()
    }
}

impl WriteJson for f32 {
    #[inline]
    fn write_json(&self, w: &mut JsonWriter) {
        w.float(*self);
    }
}

impl ReadJson for f32 {
    #[inline]
    fn read_json(r: &mut JsonReader<'_>) -> Result<Self, DeserializeError> {
        r.read_f32()
    }
}

impl WriteJson for Timestamp {
    #[inline]
    fn write_json(&self, w: &mut JsonWriter) {
        w.timestamp(self);
    }
}

impl ReadJson for Timestamp {
    #[inline]
    fn read_json(r: &mut JsonReader<'_>) -> Result<Self, DeserializeError> {
        r.read_timestamp()
    }
}

impl WriteJson for Blob {
    #[inline]
    fn write_json(&self, w: &mut JsonWriter) {
        w.string(&self.to_base64());
    }
}

impl ReadJson for Blob {
    #[inline]
    fn read_json(r: &mut JsonReader<'_>) -> Result<Self, DeserializeError> {
        let at = r.offset();
        let text = r.read_str()?;
        Blob::from_base64(&text).ok_or_else(|| DeserializeError::new(ErrorKind::Invalid("expected base64"), at))
    }
}

/// A streaming body in a structure's JSON view (waiters, tests): base64 text
/// of a body in memory, as a blob is; `null` for a file or a stream, which
/// the view does not read.
impl WriteJson for crate::ByteStream {
    fn write_json(&self, w: &mut JsonWriter) {
        match self.as_bytes() {
            Some(bytes) => w.string(&crate::Blob::new(bytes).to_base64()),
            None => w.null(),
        }
    }
}

/// A streaming body from a structure's JSON view: base64 text, as a blob.
impl ReadJson for crate::ByteStream {
    fn read_json(r: &mut JsonReader<'_>) -> Result<Self, DeserializeError> {
        Blob::read_json(r).map(crate::ByteStream::from)
    }
}

impl<T: WriteJson + ?Sized> WriteJson for Box<T> {
    /// A structure that contains itself is boxed; on the wire it is the value.
    #[inline]
    fn write_json(&self, w: &mut JsonWriter) {
        (**self).write_json(w);
    }
}

impl<T: ReadJson> ReadJson for Box<T> {
    #[inline]
    fn read_json(r: &mut JsonReader<'_>) -> Result<Self, DeserializeError> {
        T::read_json(r).map(Box::new)
    }
}

impl<T: WriteJson> WriteJson for Option<T> {
    /// `None` is `null`: an item of a `@sparse` list or map.
    #[inline]
    fn write_json(&self, w: &mut JsonWriter) {
        match self {
            Some(value) => value.write_json(w),
            None => w.null(),
        }
    }
}

impl<T: ReadJson> ReadJson for Option<T> {
    const NULLABLE: bool = true;

    #[inline]
    fn read_json(r: &mut JsonReader<'_>) -> Result<Self, DeserializeError> {
        if r.read_null()? {
            Ok(None)
        } else {
            T::read_json(r).map(Some)
        }
    }
}

/// A timestamp written and read as an RFC 3339 date-time string
/// (`@timestampFormat("date-time")`).
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct DateTime<'a>(pub &'a Timestamp);

impl WriteJson for DateTime<'_> {
    #[inline]
    fn write_json(&self, w: &mut JsonWriter) {
        w.string(&self.0.to_date_time_string());
    }
}

/// A timestamp written and read as an HTTP date string
/// (`@timestampFormat("http-date")`: `Sun, 02 Jan 2000 20:34:56 GMT`).
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct HttpDate<'a>(pub &'a Timestamp);

impl WriteJson for HttpDate<'_> {
    #[inline]
    fn write_json(&self, w: &mut JsonWriter) {
        w.string(&self.0.to_http_date_string());
    }
}

impl<T: WriteJson> WriteJson for Vec<T> {
    #[inline]
    fn write_json(&self, w: &mut JsonWriter) {
        w.begin_array();
        for item in self {
            item.write_json(w);
        }
        w.end_array();
    }
}

impl<T: ReadJson> ReadJson for Vec<T> {
    #[inline]
    fn read_json(r: &mut JsonReader<'_>) -> Result<Self, DeserializeError> {
        let mut array = r.begin_array()?;
        let mut items = Vec::new();
        let mut index = 0;
        while r.next_item(&mut array, T::NULLABLE)? {
            match T::read_json(r) {
                Ok(item) => items.push(item),
                Err(e) => return Err(e.at_index(index)),
            }
            index += 1;
        }
        Ok(items)
    }
}

impl<T: WriteJson> WriteJson for BTreeMap<String, T> {
    #[inline]
    fn write_json(&self, w: &mut JsonWriter) {
        w.begin_object();
        for (key, value) in self {
            w.key(key);
            value.write_json(w);
        }
        w.end_object();
    }
}

impl<T: ReadJson> ReadJson for BTreeMap<String, T> {
    #[inline]
    fn read_json(r: &mut JsonReader<'_>) -> Result<Self, DeserializeError> {
        let mut object = r.begin_object()?;
        let mut map = BTreeMap::new();
        while let Some(key) = r.next_key(&mut object)? {
            let at = r.offset();
            // A `null` value in a dense map is skipped, as the AWS SDKs do; a
            // sparse map (of `Option<T>`) keeps it.
            if !T::NULLABLE && r.read_null()? {
                if map.contains_key(&*key) {
                    return Err(DeserializeError::new(ErrorKind::DuplicateKey(key.into_owned()), at));
                }
                continue;
            }
            let value = T::read_json(r).map_err(|e| e.at_key(&key))?;
            match map.entry(key.into_owned()) {
                std::collections::btree_map::Entry::Vacant(slot) => {
                    slot.insert(value);
                }
                std::collections::btree_map::Entry::Occupied(slot) => {
                    return Err(DeserializeError::new(ErrorKind::DuplicateKey(slot.key().clone()), at));
                }
            }
        }
        Ok(map)
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn read<T: ReadJson>(text: &str) -> Result<T, DeserializeError> {
        let mut r = JsonReader::new(text);
        let v = T::read_json(&mut r)?;
        r.finish()?;
        Ok(v)
    }

    #[test]
    fn strings_round_trip_with_escapes() {
        let s = "a\"b\\c\n\u{1}é😀";
        let json = to_string(s);
        assert_eq!(json, "\"a\\\"b\\\\c\\n\\u0001é😀\"");
        assert_eq!(read::<String>(&json).unwrap(), s);
        assert_eq!(read::<String>(r#""\ud83d\ude00\/""#).unwrap(), "😀/");
    }

    #[test]
    fn the_scan_stops_at_the_first_special_byte_wherever_it_lies() {
        for len in 0..24 {
            for at in 0..len {
                for special in [b'"', b'\\', 0x1f, 0x00] {
                    let mut bytes = vec![b'a'; len];
                    bytes[at] = special;
                    // Later special bytes, and bytes that sit just above the
                    // special ones, must not move the answer.
                    for later in at + 1..len {
                        bytes[later] = [b'"', 0x20, b'#', 0xc3, b']'][later % 5];
                    }
                    assert_eq!(scan_plain(&bytes, 0), at, "{bytes:?}");
                }
            }
            assert_eq!(scan_plain(&vec![b'a'; len], 0), len);
        }
    }

    #[test]
    fn epoch_seconds_read_the_same_on_the_fast_and_the_general_path() {
        let numbers = [
            "0",
            "7",
            "1717243200",
            "1717243200.123",
            "1717245078.0",
            "0.5",
            "0.000000001",
            "1.1234567891",
            "999999999999999999",
            "9999999999999999999",
            "1e9",
            "1.5E3",
            "-1.25",
            "-0",
        ];
        for text in numbers {
            assert_eq!(read::<Timestamp>(text).ok(), Timestamp::parse_epoch_seconds(text), "{text}");
        }
        // Not JSON numbers: errors on either path.
        for text in ["01", "00.5", "1.", "-01"] {
            assert!(read::<Timestamp>(text).is_err(), "{text}");
        }
    }

    #[test]
    fn bad_strings_are_errors() {
        for bad in [r#""abc"#, r#""\ud83d""#, r#""\x""#, "\"a\u{1}\"", r#""\u12"#] {
            assert!(read::<String>(bad).is_err(), "{bad}");
        }
        assert!(matches!(JsonReader::from_bytes(b"\"\xff\"").unwrap_err().kind(), ErrorKind::InvalidUtf8));
    }

    #[test]
    fn numbers_are_range_checked() {
        assert_eq!(read::<i32>("-2147483648").unwrap(), i32::MIN);
        assert!(read::<i32>("2147483648").is_err());
        assert!(read::<i64>("99999999999999999999").is_err());
        assert!(read::<i64>("1.5").is_err());
        assert!(read::<i64>("01").is_err());
        assert!(read::<f64>("1e400").is_err());
        assert!(read::<f32>("1e39").is_err());
        assert_eq!(read::<f64>("-0.25e1").unwrap(), -2.5);
        assert!(read::<f64>("\"NaN\"").unwrap().is_nan());
        assert!(read::<f64>("1.").is_err());
    }

    #[test]
    fn integers_and_floats_write_exactly() {
        assert_eq!(to_string(&i64::MIN), "-9223372036854775808");
        assert_eq!(to_string(&0i32), "0");
        assert_eq!(to_string(&0.1f64), "0.1");
        assert_eq!(to_string(&0.1f32), "0.1");
        assert_eq!(to_string(&f64::NEG_INFINITY), "\"-Infinity\"");
    }

    #[test]
    fn depth_is_bounded_without_recursion_overflow() {
        let deep = "[".repeat(100_000);
        let err = read::<Vec<Vec<i32>>>(&deep).unwrap_err();
        assert!(err.to_string().contains("expected integer") || err.to_string().contains("deep"), "{err}");
        let mut r = JsonReader::new(&deep);
        assert!(matches!(r.skip_value().unwrap_err().kind(), ErrorKind::TooDeep { .. }));
    }

    #[test]
    fn maps_reject_duplicate_keys_and_name_the_key() {
        let err = read::<BTreeMap<String, i32>>(r#"{"a":1,"a":2}"#).unwrap_err();
        assert!(matches!(err.kind(), ErrorKind::DuplicateKey(k) if k == "a"));
        let err = read::<BTreeMap<String, i32>>(r#"{"a":"x"}"#).unwrap_err();
        assert_eq!(err.to_string(), r#"["a"]: expected integer, found string"#);
    }

    /// A structure of three members, one of them renamed (read under two keys).
    #[derive(Debug, Default, PartialEq)]
    struct Three {
        name: Option<String>,
        count: Option<i32>,
        tags: Option<Vec<String>>,
    }

    impl ReadJson for Three {
        fn read_json(r: &mut JsonReader<'_>) -> Result<Self, DeserializeError> {
            let mut out = Three::default();
            r.read_members(
                &[("Name", 0), ("Count", 1), ("tagList", 2), ("Tags", 2)],
                &mut [&mut out.name, &mut out.count, &mut out.tags],
            )?;
            Ok(out)
        }
    }

    impl WriteJson for Three {
        fn write_json(&self, w: &mut JsonWriter) {
            w.members(&[("Name", &self.name), ("Count", &Present(&self.count.unwrap_or(0))), ("tagList", &self.tags)]);
        }
    }

    #[test]
    fn members_read_in_any_order_and_under_either_key() {
        let whole = Three { name: Some("a".into()), count: Some(2), tags: Some(vec!["t".into()]) };
        for text in [
            r#"{"Name":"a","Count":2,"tagList":["t"]}"#,
            r#"{"tagList":["t"],"Count":2,"Name":"a"}"#,
            r#"{"Count":2,"Other":{"Name":"x"},"Name":"a","Tags":["t"]}"#,
            r#"{ "Na\u006de" : "a" , "Count" : 2 , "NameX" : 1, "Nam": 1, "Tags" : ["t"] }"#,
        ] {
            assert_eq!(read::<Three>(text).unwrap(), whole, "{text}");
        }
        assert_eq!(read::<Three>(r#"{"Name":null,"Count":null}"#).unwrap(), Three::default());
        assert_eq!(to_string(&whole), r#"{"Name":"a","Count":2,"tagList":["t"]}"#);
        assert_eq!(to_string(&Three::default()), r#"{"Count":0}"#);
    }

    #[test]
    fn a_member_met_twice_is_an_error_whichever_key_and_path() {
        for text in [
            r#"{"Name":"a","Name":"b"}"#,
            r#"{"Count":1,"Name":"a","Name":"b"}"#,
            r#"{"tagList":[],"Tags":[]}"#,
            r#"{"Name":null,"Name":"b"}"#,
        ] {
            let err = read::<Three>(text).unwrap_err();
            assert!(matches!(err.kind(), ErrorKind::DuplicateKey(_)), "{text}: {err}");
        }
        let err = read::<Three>(r#"{"Name":"a","Count":"x"}"#).unwrap_err();
        assert_eq!(err.to_string(), "Count: expected integer, found string");
        for bad in [r#"{"Name" "a"}"#, r#"{"Name":"a""Count":1}"#, r#"{"Name":"a","#, r#"{"Name"#, r#"{"Na"#] {
            assert!(read::<Three>(bad).is_err(), "{bad}");
        }
    }

    #[test]
    fn members_past_the_sixty_fourth_are_tracked() {
        #[derive(Debug)]
        struct Wide(Vec<Option<i32>>);
        impl ReadJson for Wide {
            fn read_json(r: &mut JsonReader<'_>) -> Result<Self, DeserializeError> {
                static KEYS: std::sync::OnceLock<Vec<(&'static str, usize)>> = std::sync::OnceLock::new();
                let keys =
                    KEYS.get_or_init(|| (0..100).map(|i| (&*Box::leak(format!("M{i}").into_boxed_str()), i)).collect());
                let mut values = vec![None; 100];
                let mut slots: Vec<&mut dyn ReadMember> = values.iter_mut().map(|v| v as &mut dyn ReadMember).collect();
                r.read_members(keys, &mut slots)?;
                Ok(Wide(values))
            }
        }
        let wide = read::<Wide>(r#"{"M99":9,"M0":0,"M70":7}"#).unwrap();
        assert_eq!((wide.0[99], wide.0[0], wide.0[70], wide.0[1]), (Some(9), Some(0), Some(7), None));
        let err = read::<Wide>(r#"{"M70":1,"M99":9,"M70":2}"#).unwrap_err();
        assert!(matches!(err.kind(), ErrorKind::DuplicateKey(k) if k == "M70"), "{err}");
    }

    #[test]
    fn syntax_errors_are_reported() {
        for bad in ["[1 2]", "{\"a\" 1}", "{\"a\":1,}", "[1,]", "{,}", "tru", "[1] x", ""] {
            let mut r = JsonReader::new(bad);
            assert!(r.skip_value().and_then(|()| r.finish()).is_err(), "{bad}");
        }
    }
}

/// Any JSON value: what a `smithy.api#Document` member holds, kept whole so a
/// caller gets everything the service sent. Objects keep their keys sorted.
#[derive(Debug, Clone, PartialEq, Default)]
pub enum Document {
    /// `null`.
    #[default]
    Null,
    /// `true` or `false`.
    Bool(bool),
    /// A number written without a fraction or exponent that fits an `i64`.
    Integer(i64),
    /// Any other number.
    Double(f64),
    /// A string.
    String(String),
    /// An array.
    Array(Vec<Document>),
    /// An object.
    Object(BTreeMap<String, Document>),
}

impl WriteJson for Document {
    fn write_json(&self, w: &mut JsonWriter) {
        match self {
            Document::Null => w.null(),
            Document::Bool(b) => w.boolean(*b),
            Document::Integer(i) => w.integer(*i),
            Document::Double(d) => w.double(*d),
            Document::String(s) => w.string(s),
            Document::Array(items) => items.write_json(w),
            Document::Object(map) => map.write_json(w),
        }
    }
}

impl Shape for Document {
    const SHAPE_NAME: &'static str = "Document";
}

impl ReadJson for Document {
    fn read_json(r: &mut JsonReader<'_>) -> Result<Self, DeserializeError> {
        match r.peek() {
            Some(b'{') => {
                let mut object = r.begin_object()?;
                let mut map = BTreeMap::new();
                while let Some(key) = r.next_key(&mut object)? {
                    if map.contains_key(&*key) {
                        return Err(r.error(ErrorKind::DuplicateKey(key.into_owned())));
                    }
                    let value = Document::read_json(r).map_err(|e| e.at_key(&key))?;
                    map.insert(key.into_owned(), value);
                }
                Ok(Document::Object(map))
            }
            Some(b'[') => {
                let mut array = r.begin_array()?;
                let mut items = Vec::new();
                while r.next_element(&mut array)? {
                    items.push(Document::read_json(r).map_err(|e| e.at_index(items.len()))?);
                }
                Ok(Document::Array(items))
            }
            Some(b'"') => Ok(Document::String(r.read_str()?.into_owned())),
            Some(b't' | b'f') => Ok(Document::Bool(r.read_bool()?)),
            Some(b'n') => {
                r.read_null()?;
                Ok(Document::Null)
            }
            _ => {
                let (text, _) = r.number_text()?;
                match text.parse::<i64>() {
                    Ok(i) => Ok(Document::Integer(i)),
                    Err(_) => text
                        .parse::<f64>()
                        .map(Document::Double)
                        .map_err(|_| r.error(ErrorKind::OutOfRange { target: "a JSON number" })),
                }
            }
        }
    }
}
