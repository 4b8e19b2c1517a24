//! restJson1: each operation has its own method and URI pattern (`@http`);
//! input members go into path labels (`@httpLabel`), the query
//! (`@httpQuery`, `@httpQueryParams`), headers (`@httpHeader`,
//! `@httpPrefixHeaders`), the whole body (`@httpPayload`), or, for the rest, a
//! JSON object in the body. Outputs are read back the same way, with the
//! status code available to an `@httpResponseCode` member.
//!
//! Generated operations build their request with [`RequestBuilder`] and read
//! their response with the functions here; text forms follow the protocol's
//! defaults: `date-time` timestamps in labels and queries, `http-date` in
//! headers, epoch seconds in bodies, base64 for `@mediaType` header strings.

use super::OperationRequest;
use crate::{ByteStream, RequestError, ResponseError, Timestamp};

/// Appends `text` percent-encoded as SigV4 expects it (RFC 3986: everything
/// but unreserved characters, and `/` too unless `keep_slash`).
pub fn percent_encode_into(out: &mut String, text: &str, keep_slash: bool) {
    crate::http::percent_encode_into(out, text.as_bytes(), keep_slash);
}

/// `text` percent-encoded, `/` included.
pub fn percent_encode(text: &str) -> String {
    let mut out = String::with_capacity(text.len());
    percent_encode_into(&mut out, text, false);
    out
}

/// Builds a restJson1 request: the URI pattern's literal parts and labels,
/// the query, headers and body.
#[derive(Debug)]
pub struct RequestBuilder {
    method: &'static str,
    path: String,
    query: String,
    query_keys: Vec<String>,
    headers: Vec<(String, String)>,
    body: Option<(ByteStream, Option<String>)>,
}

impl RequestBuilder {
    /// A request with `method` and an empty path.
    pub fn new(method: &'static str) -> Self {
        RequestBuilder {
            method,
            path: String::new(),
            query: String::new(),
            query_keys: Vec::new(),
            headers: Vec::new(),
            body: None,
        }
    }

    /// Appends a literal part of the URI pattern, as the model writes it.
    pub fn literal(&mut self, text: &'static str) {
        self.path.push_str(text);
    }

    /// Appends a label's value: percent-encoded, `/` included. An empty value,
    /// or one holding a `.` or `..` segment, is refused: it would change the
    /// path the request reaches.
    pub fn label(&mut self, member: &'static str, value: &str) -> Result<(), RequestError> {
        check_label(member, value, false)?;
        percent_encode_into(&mut self.path, value, false);
        Ok(())
    }

    /// Appends a greedy label's value (`{Key+}`): percent-encoded, keeping `/`
    /// between its segments. Empty values and `.` or `..` segments are refused.
    pub fn greedy_label(&mut self, member: &'static str, value: &str) -> Result<(), RequestError> {
        check_label(member, value, true)?;
        percent_encode_into(&mut self.path, value, true);
        Ok(())
    }

    /// Appends a query parameter from the URI pattern itself (`?flag` or
    /// `?key=value`), as the model writes it.
    pub fn literal_query(&mut self, key: &'static str, value: Option<&'static str>) {
        self.push_query(key, value);
    }

    /// Appends a query parameter of an `@httpQuery` member (once per item of a list).
    pub fn query(&mut self, key: &'static str, value: &str) {
        self.push_query(key, Some(value));
    }

    /// Appends the parameters of an `@httpQueryParams` map, except those whose
    /// key an `@httpQuery` member or the URI pattern already set, as the
    /// protocol says.
    pub fn query_params<'a>(&mut self, params: impl IntoIterator<Item = (&'a str, &'a str)>) {
        let set: Vec<String> = self.query_keys.clone();
        for (key, value) in params {
            if !set.iter().any(|k| k == key) {
                self.push_query(key, Some(value));
            }
        }
    }

    fn push_query(&mut self, key: &str, value: Option<&str>) {
        self.query.push(if self.query.is_empty() { '?' } else { '&' });
        percent_encode_into(&mut self.query, key, false);
        if let Some(value) = value {
            self.query.push('=');
            percent_encode_into(&mut self.query, value, false);
        }
        if !self.query_keys.iter().any(|k| k == key) {
            self.query_keys.push(key.to_owned());
        }
    }

    /// Sets a header. A value with a control character (CR, LF, …) is refused:
    /// it could end the header and start another.
    pub fn header(&mut self, name: &str, value: &str) -> Result<(), RequestError> {
        check_header(name, value)?;
        let name = name.to_ascii_lowercase();
        self.headers.retain(|(n, _)| *n != name);
        self.headers.push((name, value.to_owned()));
        Ok(())
    }

    /// Sets the body to a JSON document (`application/json`).
    pub fn json_body(&mut self, json: Vec<u8>) {
        self.body = Some((ByteStream::from(json), Some("application/json".to_owned())));
    }

    /// Sets the body to an `@httpPayload` member's bytes, with their media
    /// type unless a header member already set one.
    pub fn payload(&mut self, body: ByteStream, content_type: &str) {
        self.body = Some((body, Some(content_type.to_owned())));
    }

    /// The request. A `Content-Type` member header wins over the body's own.
    pub fn finish(self) -> OperationRequest {
        let RequestBuilder { method, mut path, query, mut headers, body, .. } = self;
        if path.is_empty() {
            path.push('/');
        }
        path.push_str(&query);
        let body = match body {
            Some((body, content_type)) => {
                if let Some(content_type) = content_type {
                    if !headers.iter().any(|(n, _)| n == "content-type") {
                        headers.push(("content-type".to_owned(), content_type));
                    }
                }
                body
            }
            None => ByteStream::default(),
        };
        OperationRequest { method, path, headers, body }
    }
}

fn check_label(member: &'static str, value: &str, greedy: bool) -> Result<(), RequestError> {
    let refuse = |expected| Err(RequestError::Label { member, value: value.to_owned(), expected });
    if value.is_empty() {
        return refuse("a non-empty value");
    }
    if value.split('/').any(|segment| segment == "." || segment == "..") {
        return refuse("no `.` or `..` path segment");
    }
    if greedy && value.starts_with('/') && value.len() == 1 {
        return refuse("a key, not only `/`");
    }
    Ok(())
}

/// Checks that a header value can be sent as it is: no control character but tab.
pub fn check_header(name: &str, value: &str) -> Result<(), RequestError> {
    match value.chars().find(|&c| c.is_control() && c != '\t') {
        None => Ok(()),
        Some(c) => {
            Err(RequestError::Header { name: name.to_owned(), found: format!("{c:?} in `{}`", value.escape_debug()) })
        }
    }
}

/// A value in the text form labels, queries and headers carry.
pub trait HttpText {
    /// The text.
    fn http_text(&self) -> String;
}

impl HttpText for bool {
    fn http_text(&self) -> String {
        if *self { "true" } else { "false" }.to_owned()
    }
}

macro_rules! integer_text {
    ($($t:ty),*) => {$(
        impl HttpText for $t {
            fn http_text(&self) -> String {
                self.to_string()
            }
        }
    )*};
}
integer_text!(i8, i16, i32, i64);

macro_rules! float_text {
    ($($t:ty),*) => {$(
        impl HttpText for $t {
            /// `NaN`, `Infinity` and `-Infinity` as the protocol spells them.
            fn http_text(&self) -> String {
                if self.is_nan() {
                    "NaN".to_owned()
                } else if self.is_infinite() {
                    if *self > 0.0 { "Infinity" } else { "-Infinity" }.to_owned()
                } else {
                    self.to_string()
                }
            }
        }
    )*};
}
float_text!(f32, f64);

/// The form of a timestamp in a label, a query or a header.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum TimestampFormat {
    /// RFC 3339 (the default in labels and queries).
    DateTime,
    /// IMF-fixdate (the default in headers).
    HttpDate,
    /// Seconds since the epoch.
    EpochSeconds,
}

/// A timestamp as text in `format`.
pub fn timestamp_text(value: &Timestamp, format: TimestampFormat) -> String {
    match format {
        TimestampFormat::DateTime => value.to_date_time_string(),
        TimestampFormat::HttpDate => value.to_http_date_string(),
        TimestampFormat::EpochSeconds => value.to_epoch_seconds_string(),
    }
}

/// A list header's value: items joined by `, `, strings quoted (inner `"`
/// and `\` escaped) when they hold a comma or a double quote, as the protocol
/// says. `quote` is off for items that are not strings (http-date
/// timestamps hold commas but are never quoted).
pub fn header_list<'a>(items: impl IntoIterator<Item = &'a str>, quote: bool) -> String {
    let mut out = String::new();
    for (i, item) in items.into_iter().enumerate() {
        if i > 0 {
            out.push_str(", ");
        }
        if quote && (item.contains(',') || item.contains('"')) {
            out.push('"');
            for c in item.chars() {
                if c == '"' || c == '\\' {
                    out.push('\\');
                }
                out.push(c);
            }
            out.push('"');
        } else {
            out.push_str(item);
        }
    }
    out
}

/// A `@mediaType` string as a header carries it: base64.
pub fn base64_text(value: &str) -> String {
    crate::Blob::new(value.as_bytes()).to_base64()
}

/// The value of a response header, every line of it joined by `, ` (a list
/// may come as one line or as several).
pub fn header_value(headers: &[(String, String)], name: &str) -> Option<String> {
    let mut values = headers.iter().filter(|(n, _)| n.eq_ignore_ascii_case(name)).map(|(_, v)| v.as_str());
    let first = values.next()?;
    let mut out = first.to_owned();
    for v in values {
        out.push_str(", ");
        out.push_str(v);
    }
    Some(out)
}

/// The items of a list header: split at commas outside double quotes,
/// trimmed, quoted items unquoted and unescaped.
pub fn split_header_list(value: &str) -> Vec<String> {
    let mut items = Vec::new();
    let mut current = String::new();
    let mut quoted = false;
    let mut was_quoted = false;
    let mut chars = value.chars();
    while let Some(c) = chars.next() {
        match c {
            '"' if quoted => quoted = false,
            '"' if current.trim().is_empty() => {
                current.clear();
                quoted = true;
                was_quoted = true;
            }
            '\\' if quoted => {
                if let Some(next) = chars.next() {
                    current.push(next);
                }
            }
            ',' if !quoted => {
                items.push(finish_item(&mut current, was_quoted));
                was_quoted = false;
            }
            c => current.push(c),
        }
    }
    if !current.trim().is_empty() || was_quoted || !items.is_empty() {
        items.push(finish_item(&mut current, was_quoted));
    }
    items
}

fn finish_item(current: &mut String, was_quoted: bool) -> String {
    let item = if was_quoted { current.clone() } else { current.trim().to_owned() };
    current.clear();
    item
}

/// The items of a list of `http-date` timestamps: each date holds one comma,
/// so items are every two comma-separated parts.
pub fn split_http_dates(value: &str) -> Vec<String> {
    let parts: Vec<&str> = value.split(',').map(str::trim).collect();
    parts.chunks(2).map(|pair| pair.join(", ")).collect()
}

/// A value read from a header's text.
pub trait FromHttpText: Sized {
    /// What the header must hold, for errors.
    const EXPECTED: &'static str;
    /// The value, or `None` when the text is not one.
    fn from_http_text(text: &str) -> Option<Self>;
}

impl FromHttpText for String {
    const EXPECTED: &'static str = "a string";
    fn from_http_text(text: &str) -> Option<Self> {
        Some(text.to_owned())
    }
}

impl FromHttpText for bool {
    const EXPECTED: &'static str = "`true` or `false`";
    fn from_http_text(text: &str) -> Option<Self> {
        match text.trim() {
            "true" => Some(true),
            "false" => Some(false),
            _ => None,
        }
    }
}

macro_rules! integer_from_text {
    ($($t:ty => $what:literal),*) => {$(
        impl FromHttpText for $t {
            const EXPECTED: &'static str = $what;
            fn from_http_text(text: &str) -> Option<Self> {
                text.trim().parse().ok()
            }
        }
    )*};
}
integer_from_text!(i8 => "a byte", i16 => "a short", i32 => "an integer", i64 => "a long");

macro_rules! float_from_text {
    ($($t:ty => $what:literal),*) => {$(
        impl FromHttpText for $t {
            const EXPECTED: &'static str = $what;
            fn from_http_text(text: &str) -> Option<Self> {
                match text.trim() {
                    "NaN" => Some(<$t>::NAN),
                    "Infinity" => Some(<$t>::INFINITY),
                    "-Infinity" => Some(<$t>::NEG_INFINITY),
                    other => other.parse().ok(),
                }
            }
        }
    )*};
}
float_from_text!(f32 => "a float", f64 => "a double");

/// Reads a header's text as `T`, naming the header in the error.
pub fn parse<T: FromHttpText>(name: &str, text: &str) -> Result<T, ResponseError> {
    T::from_http_text(text).ok_or_else(|| ResponseError::Header {
        name: name.to_owned(),
        value: text.to_owned(),
        expected: T::EXPECTED,
    })
}

/// Reads a timestamp header in `format`; any of the three forms is taken, as
/// services differ.
pub fn parse_timestamp(name: &str, text: &str, format: TimestampFormat) -> Result<Timestamp, ResponseError> {
    let text = text.trim();
    let first = match format {
        TimestampFormat::HttpDate => Timestamp::parse_http_date(text),
        TimestampFormat::DateTime => Timestamp::parse_date_time(text),
        TimestampFormat::EpochSeconds => Timestamp::parse_epoch_seconds(text),
    };
    first
        .or_else(|| Timestamp::parse_http_date(text))
        .or_else(|| Timestamp::parse_date_time(text))
        .or_else(|| Timestamp::parse_epoch_seconds(text))
        .ok_or_else(|| ResponseError::Header {
            name: name.to_owned(),
            value: text.to_owned(),
            expected: match format {
                TimestampFormat::HttpDate => "an HTTP date",
                TimestampFormat::DateTime => "an RFC 3339 date-time",
                TimestampFormat::EpochSeconds => "epoch seconds",
            },
        })
}

/// Reads a `@mediaType` string header: base64 text, decoded.
pub fn parse_base64_text(name: &str, text: &str) -> Result<String, ResponseError> {
    crate::Blob::from_base64(text.trim()).and_then(|blob| String::from_utf8(blob.into_inner()).ok()).ok_or_else(|| {
        ResponseError::Header { name: name.to_owned(), value: text.to_owned(), expected: "base64 text of UTF-8" }
    })
}

/// The `@httpPrefixHeaders` of a response: every header whose name starts
/// with `prefix` (case-insensitive), keyed by the rest of its name.
pub fn prefix_headers(headers: &[(String, String)], prefix: &str) -> std::collections::BTreeMap<String, String> {
    let mut out = std::collections::BTreeMap::new();
    for (name, value) in headers {
        if name.len() >= prefix.len() && name.is_char_boundary(prefix.len()) {
            let (head, rest) = name.split_at(prefix.len());
            if head.eq_ignore_ascii_case(prefix) {
                out.insert(rest.to_owned(), value.clone());
            }
        }
    }
    out
}

/// Whether a response body holds something to read: not empty, not only white space.
pub fn has_body(body: &[u8]) -> bool {
    !body.iter().all(u8::is_ascii_whitespace)
}

/// Reads a JSON body (an output's body members or a structure payload),
/// naming the shape in errors.
pub fn read_json_body<'a>(status: u16, body: &'a [u8]) -> Result<crate::JsonReader<'a>, ResponseError> {
    crate::JsonReader::from_bytes(body).map_err(|error| ResponseError::Deserialize { status, error })
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn labels_are_encoded_and_refused_when_they_would_move_the_path() {
        let mut b = RequestBuilder::new("GET");
        b.literal("/objects/");
        b.label("Id", "a b/c%").unwrap();
        b.literal("/keys/");
        b.greedy_label("Key", "dir/sub dir/file~1.txt").unwrap();
        b.query("list", "x&y=z");
        b.query("list", "2");
        b.query_params([("list", "ignored"), ("other", "é")]);
        b.literal_query("flag", None);
        let request = b.finish();
        assert_eq!(
            request.path,
            "/objects/a%20b%2Fc%25/keys/dir/sub%20dir/file~1.txt?list=x%26y%3Dz&list=2&other=%C3%A9&flag"
        );
        for (value, greedy) in [("", false), ("..", false), ("../x", false), ("a/./b", true), ("", true)] {
            let mut b = RequestBuilder::new("GET");
            let result = if greedy { b.greedy_label("Key", value) } else { b.label("Id", value) };
            let error = result.unwrap_err();
            assert!(matches!(error, RequestError::Label { .. }), "{value}: {error}");
        }
    }

    #[test]
    fn header_values_with_line_breaks_are_refused() {
        let mut b = RequestBuilder::new("POST");
        assert!(b.header("X-Ok", "tab\tis fine").is_ok());
        for bad in ["a\r\nX-Injected: 1", "a\nb", "a\rb", "nul\0"] {
            let error = b.header("X-Attr", bad).unwrap_err();
            assert!(error.to_string().contains("X-Attr"), "{error}");
        }
    }

    #[test]
    fn the_body_gets_its_media_type_unless_a_member_header_set_one() {
        let mut b = RequestBuilder::new("POST");
        b.header("Content-Type", "text/csv").unwrap();
        b.payload(ByteStream::from("1,2"), "application/octet-stream");
        let request = b.finish();
        assert_eq!(request.header("content-type"), Some("text/csv"));
        assert_eq!(request.path, "/");
        let mut b = RequestBuilder::new("POST");
        b.json_body(b"{}".to_vec());
        assert_eq!(b.finish().header("content-type"), Some("application/json"));
        assert_eq!(RequestBuilder::new("GET").finish().header("content-type"), None);
    }

    #[test]
    fn list_headers_quote_and_split_as_the_protocol_says() {
        let joined = header_list(["a", "b,c", "\"quoted\"", "d\\e"], true);
        assert_eq!(joined, r#"a, "b,c", "\"quoted\"", d\e"#);
        assert_eq!(split_header_list(&joined), ["a", "b,c", "\"quoted\"", "d\\e"]);
        assert_eq!(split_header_list(" x ,y,, z"), ["x", "y", "", "z"]);
        assert_eq!(split_header_list(""), Vec::<String>::new());
        let dates = "Mon, 16 Dec 2019 23:48:18 GMT, Mon, 16 Dec 2019 23:48:18 GMT";
        assert_eq!(split_http_dates(dates), ["Mon, 16 Dec 2019 23:48:18 GMT", "Mon, 16 Dec 2019 23:48:18 GMT"]);
        assert_eq!(header_list(split_http_dates(dates).iter().map(String::as_str), false), dates);
    }

    #[test]
    fn header_text_reads_as_its_type_or_names_the_header() {
        assert_eq!(parse::<i32>("X-Count", " 42 ").unwrap(), 42);
        assert!(parse::<f64>("X-F", "NaN").unwrap().is_nan());
        assert_eq!(parse::<f32>("X-F", "-Infinity").unwrap(), f32::NEG_INFINITY);
        assert!(parse::<bool>("X-B", "true").unwrap());
        let error = parse::<i32>("X-Count", "many").unwrap_err();
        assert_eq!(error.to_string(), "header `X-Count`: expected an integer, found `many`");
        let t = parse_timestamp("Date", "Mon, 16 Dec 2019 23:48:18 GMT", TimestampFormat::HttpDate).unwrap();
        assert_eq!(t.secs(), 1_576_540_098);
        assert_eq!(parse_timestamp("X", "1576540098", TimestampFormat::EpochSeconds).unwrap(), t);
        assert_eq!(timestamp_text(&t, TimestampFormat::DateTime), "2019-12-16T23:48:18Z");
        assert_eq!(f64::NAN.http_text(), "NaN");
        assert_eq!(1.5f32.http_text(), "1.5");
        assert_eq!(parse_base64_text("X", &base64_text("{\"a\":1}")).unwrap(), "{\"a\":1}");
    }

    #[test]
    fn prefix_headers_keep_the_rest_of_the_name() {
        let headers = vec![("x-foo-abc".to_owned(), "1".to_owned()), ("x-other".to_owned(), "2".to_owned())];
        let map = prefix_headers(&headers, "X-Foo-");
        assert_eq!(map.into_iter().collect::<Vec<_>>(), [("abc".to_owned(), "1".to_owned())]);
    }
}
