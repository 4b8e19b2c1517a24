//! restJson1: each operation's `@http` trait gives its method and URI
//! pattern; input members go into labels, the query, headers, the whole body
//! (`@httpPayload`) or a JSON object in the body, and output members come back
//! from headers, the status code, the payload or the JSON body. The generated
//! code states where each member goes; the runtime's `protocol::rest_json`
//! does the encoding.

use super::ProtocolGenerator;
use crate::rust::structure::{member_reads, member_writes};
use crate::rust::symbols::{Binding, Field, StreamKind, Symbols, TimestampFormat};
use crate::smithy::{shape_name, traits, Member, ShapeKind, Simple};
use proc_macro2::{Ident, TokenStream};
use quote::quote;

/// The restJson1 generator.
pub struct RestJson;

/// One piece of a URI pattern's path.
#[derive(Debug, Clone, PartialEq, Eq)]
enum PathPart {
    Literal(String),
    Label { name: String, greedy: bool },
}

/// A URI pattern: `/a/{B}/c/{D+}?e=f&g`.
#[derive(Debug, Clone, PartialEq, Eq)]
struct UriPattern {
    path: Vec<PathPart>,
    query: Vec<(String, Option<String>)>,
}

impl UriPattern {
    /// Splits a pattern the validator has checked.
    fn parse(uri: &str) -> UriPattern {
        let (path, query) = uri.split_once('?').unwrap_or((uri, ""));
        let mut parts = Vec::new();
        let mut rest = path;
        while !rest.is_empty() {
            match rest.find('{') {
                Some(0) => {
                    let end = rest.find('}').unwrap_or(rest.len());
                    let label = &rest[1..end.min(rest.len())];
                    let (name, greedy) = match label.strip_suffix('+') {
                        Some(name) => (name, true),
                        None => (label, false),
                    };
                    parts.push(PathPart::Label { name: name.to_owned(), greedy });
                    rest = rest.get(end + 1..).unwrap_or("");
                }
                Some(i) => {
                    parts.push(PathPart::Literal(rest[..i].to_owned()));
                    rest = &rest[i..];
                }
                None => {
                    parts.push(PathPart::Literal(rest.to_owned()));
                    rest = "";
                }
            }
        }
        let query = query
            .split('&')
            .filter(|p| !p.is_empty())
            .map(|p| match p.split_once('=') {
                Some((k, v)) => (k.to_owned(), Some(v.to_owned())),
                None => (p.to_owned(), None),
            })
            .collect();
        UriPattern { path: parts, query }
    }
}

/// How a member's value is written as text (labels, queries, headers) or
/// read back from a header.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
enum Text {
    Str,
    /// A string with `@mediaType`: base64 in headers.
    MediaStr,
    Enum,
    IntEnum,
    /// A number or boolean, with its Rust type.
    Scalar(Simple),
    Timestamp(TimestampFormat),
}

/// The text form of a value of `target`, with the timestamp format `format`
/// (the member's) or else `default`.
fn text_of(symbols: &Symbols<'_>, target: &str, format: Option<TimestampFormat>, default: TimestampFormat) -> Text {
    let model = symbols.model();
    let shape = model.shapes.get(target);
    let simple = Simple::from_prelude_id(target).or(match shape.map(|s| &s.kind) {
        Some(ShapeKind::Simple(s)) => Some(*s),
        _ => None,
    });
    match (simple, shape.map(|s| &s.kind)) {
        (_, Some(ShapeKind::Enum(_))) => Text::Enum,
        (_, Some(ShapeKind::IntEnum(_))) => Text::IntEnum,
        (Some(Simple::String), _) if symbols.media_type(target).is_some() => Text::MediaStr,
        (Some(Simple::Timestamp), _) => {
            let own = shape.and_then(|s| s.traits.get(traits::TIMESTAMP_FORMAT)).and_then(|v| v.as_str());
            let own = match own {
                Some("date-time") => Some(TimestampFormat::DateTime),
                Some("http-date") => Some(TimestampFormat::HttpDate),
                Some("epoch-seconds") => Some(TimestampFormat::EpochSeconds),
                _ => None,
            };
            Text::Timestamp(format.or(own).unwrap_or(default))
        }
        (Some(s @ (Simple::Integer | Simple::Long | Simple::Float | Simple::Double | Simple::Boolean)), _) => {
            Text::Scalar(s)
        }
        _ => Text::Str,
    }
}

fn format_tokens(format: TimestampFormat) -> TokenStream {
    match format {
        TimestampFormat::DateTime => quote!(crate::runtime::protocol::rest_json::TimestampFormat::DateTime),
        TimestampFormat::HttpDate => quote!(crate::runtime::protocol::rest_json::TimestampFormat::HttpDate),
        TimestampFormat::EpochSeconds => quote!(crate::runtime::protocol::rest_json::TimestampFormat::EpochSeconds),
    }
}

/// An expression of type `&str` for the text of `value` (a reference): the
/// value's own text, or a reference to the `String` made of it.
fn text_expr(text: Text, value: &TokenStream, in_header: bool) -> TokenStream {
    let rest = quote!(crate::runtime::protocol::rest_json);
    match text {
        Text::Str | Text::Enum => quote!(#value.as_str()),
        Text::MediaStr if in_header => quote!(&#rest::base64_text(#value)),
        Text::MediaStr => quote!(#value.as_str()),
        Text::IntEnum => quote!(&#rest::HttpText::http_text(&#value.value())),
        Text::Scalar(_) => quote!(&#rest::HttpText::http_text(#value)),
        Text::Timestamp(format) => {
            let format = format_tokens(format);
            quote!(&#rest::timestamp_text(#value, #format))
        }
    }
}

/// An expression reading `text` (a `&str` of header `name`) as the member's
/// type `T`: of type `T` itself when reading cannot fail, else of type
/// `Result<T, ResponseError>` (the `bool` says which).
fn parse_expr(
    symbols: &Symbols<'_>,
    text_kind: Text,
    target: &str,
    name: &str,
    text: &TokenStream,
) -> (TokenStream, bool) {
    let rest = quote!(crate::runtime::protocol::rest_json);
    match text_kind {
        Text::Str => (quote!(::std::string::String::from(#text)), false),
        Text::MediaStr => (quote!(#rest::parse_base64_text(#name, #text)), true),
        Text::Enum => {
            let ty = symbols.type_ident(target);
            (quote!(super::#ty::from(#text)), false)
        }
        Text::IntEnum => {
            let ty = symbols.type_ident(target);
            (quote!(#rest::parse::<i32>(#name, #text).map(super::#ty::from)), true)
        }
        Text::Scalar(simple) => {
            let ty = match simple {
                Simple::Integer => quote!(i32),
                Simple::Long => quote!(i64),
                Simple::Float => quote!(f32),
                Simple::Double => quote!(f64),
                _ => quote!(bool),
            };
            (quote!(#rest::parse::<#ty>(#name, #text)), true)
        }
        Text::Timestamp(format) => {
            let format = format_tokens(format);
            (quote!(#rest::parse_timestamp(#name, #text, #format)), true)
        }
    }
}

/// `expr` (from [`parse_expr`]) with its error passed on by `?` (`try_`), or
/// made `None` by `.ok()?`.
fn unwrap_parsed((expr, fallible): (TokenStream, bool), try_: bool) -> TokenStream {
    match (fallible, try_) {
        (false, _) => expr,
        (true, true) => quote!(#expr?),
        (true, false) => quote!((#expr).ok()?),
    }
}

/// The list member of a list target, if it is one.
fn list_member<'m>(symbols: &'m Symbols<'_>, target: &str) -> Option<&'m Member> {
    match symbols.model().shapes.get(target).map(|s| &s.kind) {
        Some(ShapeKind::List(member)) => Some(member),
        _ => None,
    }
}

/// The value of a map target, if it is one.
fn map_value<'m>(symbols: &'m Symbols<'_>, target: &str) -> Option<&'m Member> {
    match symbols.model().shapes.get(target).map(|s| &s.kind) {
        Some(ShapeKind::Map { value, .. }) => Some(value),
        _ => None,
    }
}

/// The timestamp format a list's member gives its items.
fn item_format(symbols: &Symbols<'_>, member: &Member) -> Option<TimestampFormat> {
    symbols.timestamp_format(member)
}

/// The members of a structure, with their targets.
fn targets(symbols: &Symbols<'_>, id: &str) -> Vec<(Field, String)> {
    let members = match symbols.model().shapes.get(id).map(|s| &s.kind) {
        Some(ShapeKind::Structure(members)) => members.clone(),
        _ => return Vec::new(),
    };
    symbols
        .fields(id)
        .into_iter()
        .map(|f| (members[f.member.as_str()].target.clone(), f))
        .map(|(t, f)| (f, t))
        .collect()
}

/// What a payload member's target is.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
enum Payload {
    Blob,
    Stream,
    Events,
    Text,
    Enum,
    Json,
}

fn payload_kind(symbols: &Symbols<'_>, field: &Field, target: &str) -> Payload {
    match field.stream {
        Some(StreamKind::Bytes) => return Payload::Stream,
        Some(StreamKind::Events) => return Payload::Events,
        None => {}
    }
    let simple = Simple::from_prelude_id(target).or(match symbols.model().shapes.get(target).map(|s| &s.kind) {
        Some(ShapeKind::Simple(s)) => Some(*s),
        _ => None,
    });
    match (simple, symbols.model().shapes.get(target).map(|s| &s.kind)) {
        (Some(Simple::Blob), _) => Payload::Blob,
        (Some(Simple::String), _) => Payload::Text,
        (_, Some(ShapeKind::Enum(_))) => Payload::Enum,
        _ => Payload::Json,
    }
}

impl RestJson {
    /// The statements that write the request of operation `id` into `request`.
    fn request_statements(&self, symbols: &Symbols<'_>, id: &str, input: Option<&str>) -> TokenStream {
        let shape = &symbols.model().shapes[id];
        let http = shape.traits.get(traits::HTTP);
        let uri = http.and_then(|h| h.get("uri")).and_then(|v| v.as_str()).unwrap_or("/");
        let pattern = UriPattern::parse(uri);
        let fields = input.map(|i| targets(symbols, i)).unwrap_or_default();
        let field = |name: &str| fields.iter().find(|(f, _)| f.member == name);
        let rest = quote!(crate::runtime::protocol::rest_json);
        let mut statements = Vec::new();
        for part in &pattern.path {
            match part {
                PathPart::Literal(text) => statements.push(quote!(request.literal(#text);)),
                PathPart::Label { name, greedy } => {
                    let Some((f, target)) = field(name) else { continue };
                    let member = &f.member;
                    let ident = &f.ident;
                    let text = text_of(symbols, target, f.timestamp_format, TimestampFormat::DateTime);
                    let call = if *greedy { quote!(greedy_label) } else { quote!(label) };
                    let value = quote!(value);
                    let text = text_expr(text, &value, false);
                    statements.push(if f.plain {
                        quote!({ let value = &input.#ident; request.#call(#member, #text)?; })
                    } else {
                        quote! {
                            match &input.#ident {
                                ::std::option::Option::Some(value) => request.#call(#member, #text)?,
                                ::std::option::Option::None => request.#call(#member, "")?,
                            }
                        }
                    });
                }
            }
        }
        for (key, value) in &pattern.query {
            let value = match value {
                Some(v) => quote!(::std::option::Option::Some(#v)),
                None => quote!(::std::option::Option::None),
            };
            statements.push(quote!(request.literal_query(#key, #value);));
        }
        // Query members first: they win over `@httpQueryParams` keys.
        for (f, target) in &fields {
            let Binding::Query(key) = &f.binding else { continue };
            let ident = &f.ident;
            let value = quote!(value);
            let each = match list_member(symbols, target) {
                Some(item) => {
                    let text = text_of(symbols, &item.target, item_format(symbols, item), TimestampFormat::DateTime);
                    let item_value = quote!(item);
                    let text = text_expr(text, &item_value, false);
                    quote!(for item in value.iter() { request.query(#key, #text); })
                }
                None => {
                    let text = text_of(symbols, target, f.timestamp_format, TimestampFormat::DateTime);
                    let text = text_expr(text, &value, false);
                    quote!(request.query(#key, #text);)
                }
            };
            statements.push(with_value(f, ident, each));
        }
        for (f, target) in fields.iter().filter(|(f, _)| f.binding == Binding::QueryParams) {
            let ident = &f.ident;
            let lists = map_value(symbols, target).is_some_and(|v| list_member(symbols, &v.target).is_some());
            let each = if lists {
                quote! {
                    request.query_params(value.iter().flat_map(|(key, items)| {
                        items.iter().map(move |item| (key.as_str(), item.as_str()))
                    }));
                }
            } else {
                quote!(request.query_params(value.iter().map(|(key, item)| (key.as_str(), item.as_str())));)
            };
            statements.push(with_value(f, ident, each));
        }
        for (f, target) in &fields {
            let ident = &f.ident;
            let value = quote!(value);
            match &f.binding {
                Binding::Header(name) => {
                    let each = match list_member(symbols, target) {
                        Some(item) => {
                            let text =
                                text_of(symbols, &item.target, item_format(symbols, item), TimestampFormat::HttpDate);
                            let quote_items = matches!(text, Text::Str | Text::Enum | Text::MediaStr);
                            let item_value = quote!(item);
                            let text = text_expr(text, &item_value, true);
                            // An empty list is sent as an empty value, as the protocol says.
                            quote! {
                                let items: ::std::vec::Vec<::std::string::String> =
                                    value.iter().map(|item| ::std::string::String::from(#text)).collect();
                                request.header(#name, &#rest::header_list(items.iter().map(::std::string::String::as_str), #quote_items))?;
                            }
                        }
                        None => {
                            let text = text_of(symbols, target, f.timestamp_format, TimestampFormat::HttpDate);
                            let text = text_expr(text, &value, true);
                            quote!(request.header(#name, #text)?;)
                        }
                    };
                    statements.push(with_value(f, ident, each));
                }
                Binding::PrefixHeaders(prefix) => {
                    let each = quote! {
                        for (key, item) in value.iter() {
                            request.header(&::std::format!("{}{}", #prefix, key), item.as_str())?;
                        }
                    };
                    statements.push(with_value(f, ident, each));
                }
                _ => {}
            }
        }
        if let Some((f, target)) = fields.iter().find(|(f, _)| f.binding == Binding::Payload) {
            let ident = &f.ident;
            let media = symbols.media_type(target);
            let each = match payload_kind(symbols, f, target) {
                Payload::Stream => {
                    let media = media.unwrap_or_else(|| "application/octet-stream".to_owned());
                    quote!(request.payload(value.for_send(), #media);)
                }
                Payload::Blob => {
                    let media = media.unwrap_or_else(|| "application/octet-stream".to_owned());
                    quote!(request.payload(crate::runtime::ByteStream::from(value.as_bytes().to_vec()), #media);)
                }
                Payload::Text => {
                    let media = media.unwrap_or_else(|| "text/plain".to_owned());
                    quote!(request.payload(crate::runtime::ByteStream::from(value.clone()), #media);)
                }
                Payload::Enum => {
                    quote!(request.payload(crate::runtime::ByteStream::from(value.as_str().to_owned()), "text/plain");)
                }
                Payload::Json | Payload::Events => {
                    quote!(request.payload(crate::runtime::ByteStream::from(crate::runtime::to_vec(value)), "application/json");)
                }
            };
            // An unset structure payload is sent as `{}`; an unset union,
            // blob or text as no body.
            let structure =
                matches!(symbols.model().shapes.get(target).map(|s| &s.kind), Some(ShapeKind::Structure(_)));
            let each = match (f.plain, structure) {
                (false, true) => quote! {
                    match &input.#ident {
                        ::std::option::Option::Some(value) => { #each }
                        ::std::option::Option::None => request.json_body(b"{}".to_vec()),
                    }
                },
                _ => with_value(f, ident, each),
            };
            statements.push(each);
        } else {
            let body: Vec<&Field> = fields.iter().filter(|(f, _)| f.binding == Binding::Body).map(|(f, _)| f).collect();
            if !body.is_empty() {
                let writes = member_writes(&body, &quote!(input));
                statements.push(quote! {
                    let mut w = crate::runtime::JsonWriter::default();
                    #writes
                    request.json_body(w.into_string().into_bytes());
                });
            }
        }
        quote!(#(#statements)*)
    }

    /// The statements that read a response into `out`, and the response body's type.
    fn response_statements(&self, symbols: &Symbols<'_>, output: Option<&str>) -> (TokenStream, TokenStream) {
        let whole = quote!(::std::vec::Vec<u8>);
        let Some(output) = output else {
            return (quote!(let _ = &response.body;), whole);
        };
        let fields = targets(symbols, output);
        let rest = quote!(crate::runtime::protocol::rest_json);
        let mut statements = Vec::new();
        let mut body_type = whole;
        for (f, target) in &fields {
            let ident = &f.ident;
            match &f.binding {
                Binding::Header(name) => {
                    let value = match list_member(symbols, target) {
                        Some(item) => {
                            let text =
                                text_of(symbols, &item.target, item_format(symbols, item), TimestampFormat::HttpDate);
                            let split = match text {
                                Text::Timestamp(TimestampFormat::HttpDate) => quote!(#rest::split_http_dates(&text)),
                                _ => quote!(#rest::split_header_list(&text)),
                            };
                            let item_text = quote!(item.as_str());
                            let parse = unwrap_parsed(parse_expr(symbols, text, &item.target, name, &item_text), true);
                            quote! {
                                if let ::std::option::Option::Some(text) = #rest::header_value(&response.headers, #name) {
                                    let mut items = ::std::vec::Vec::new();
                                    for item in #split {
                                        items.push(#parse);
                                    }
                                    out.#ident = ::std::option::Option::Some(items);
                                }
                            }
                        }
                        None => {
                            let text = text_of(symbols, target, f.timestamp_format, TimestampFormat::HttpDate);
                            let text_ref = quote!(text);
                            let parse = unwrap_parsed(parse_expr(symbols, text, target, name, &text_ref), true);
                            quote! {
                                if let ::std::option::Option::Some(text) = response.header(#name) {
                                    out.#ident = ::std::option::Option::Some(#parse);
                                }
                            }
                        }
                    };
                    statements.push(value);
                }
                Binding::PrefixHeaders(prefix) => statements.push(quote! {
                    let headers = #rest::prefix_headers(&response.headers, #prefix);
                    if !headers.is_empty() {
                        out.#ident = ::std::option::Option::Some(headers);
                    }
                }),
                Binding::ResponseCode => {
                    statements.push(quote!(out.#ident = ::std::option::Option::Some(i32::from(response.status));))
                }
                _ => {}
            }
        }
        if let Some((f, target)) = fields.iter().find(|(f, _)| f.binding == Binding::Payload) {
            let ident = &f.ident;
            let read = match payload_kind(symbols, f, target) {
                Payload::Stream => {
                    body_type = quote!(crate::runtime::ByteStream);
                    quote!(out.#ident = ::std::option::Option::Some(response.body);)
                }
                Payload::Events => {
                    body_type = quote!(crate::runtime::ByteStream);
                    quote!(out.#ident = ::std::option::Option::Some(crate::runtime::EventStream::new(response.body));)
                }
                Payload::Blob => quote! {
                    if !response.body.is_empty() {
                        out.#ident = ::std::option::Option::Some(crate::runtime::Blob::new(response.body));
                    }
                },
                Payload::Text | Payload::Enum => {
                    let convert = if payload_kind(symbols, f, target) == Payload::Enum {
                        let ty = symbols.type_ident(target);
                        quote!(super::#ty::from(text.as_str()))
                    } else {
                        quote!(text)
                    };
                    quote! {
                        if !response.body.is_empty() {
                            let text = ::std::string::String::from_utf8(response.body).map_err(|_| {
                                crate::runtime::ResponseError::Deserialize {
                                    status,
                                    error: crate::runtime::DeserializeError::new(
                                        crate::runtime::ErrorKind::Invalid("a text payload that is not UTF-8"),
                                        0,
                                    ),
                                }
                            })?;
                            out.#ident = ::std::option::Option::Some(#convert);
                        }
                    }
                }
                Payload::Json => quote! {
                    if #rest::has_body(&response.body) {
                        let value = crate::runtime::from_slice(&response.body)
                            .map_err(|error| crate::runtime::ResponseError::Deserialize { status, error })?;
                        out.#ident = ::std::option::Option::Some(value);
                    }
                },
            };
            statements.push(read);
        } else {
            let body: Vec<&Field> = fields.iter().filter(|(f, _)| f.binding == Binding::Body).map(|(f, _)| f).collect();
            if !body.is_empty() {
                let reads = member_reads(&body, |f| {
                    let ident = &f.ident;
                    quote!(out.#ident)
                });
                let shape = shape_name(output);
                statements.push(quote! {
                    if #rest::has_body(&response.body) {
                        let read = |out: &mut Self::Output| -> ::std::result::Result<(), crate::runtime::DeserializeError> {
                            let mut r = crate::runtime::JsonReader::from_bytes(&response.body)?;
                            #reads
                            r.finish()
                        };
                        read(&mut out).map_err(|error| crate::runtime::ResponseError::Deserialize {
                            status,
                            error: error.with_root(#shape),
                        })?;
                    }
                });
            }
        }
        (quote!(#(#statements)*), body_type)
    }
}

/// `each` run with `value` bound to the field's value, when it is set.
fn with_value(f: &Field, ident: &Ident, each: TokenStream) -> TokenStream {
    if f.plain {
        quote!({ let value = &input.#ident; #each })
    } else {
        quote!(if let ::std::option::Option::Some(value) = &input.#ident { #each })
    }
}

impl ProtocolGenerator for RestJson {
    fn name(&self) -> &'static str {
        "restJson1"
    }

    fn runtime_protocol(&self) -> TokenStream {
        quote!(crate::runtime::protocol::Protocol::RestJson1)
    }

    fn operations_prelude(&self, _: &Symbols<'_>) -> TokenStream {
        quote!()
    }

    fn operation_items(&self, symbols: &Symbols<'_>, id: &str) -> TokenStream {
        let shape = &symbols.model().shapes[id];
        let ShapeKind::Operation { input, output, .. } = &shape.kind else { return quote!() };
        let real = |t: &Option<String>| t.as_deref().filter(|t| *t != "smithy.api#Unit").map(str::to_owned);
        let (input, output) = (real(input), real(output));
        let method = shape
            .traits
            .get(traits::HTTP)
            .and_then(|h| h.get("method"))
            .and_then(|v| v.as_str())
            .unwrap_or("POST")
            .to_owned();
        let request = self.request_statements(symbols, id, input.as_deref());
        let fill = super::fill_idempotency_tokens(symbols, id);
        let uses_input = input.as_deref().is_some_and(|i| !symbols.fields(i).is_empty());
        let input_binding = if uses_input { quote!(input) } else { quote!(_input) };
        let (response, body_type) = self.response_statements(symbols, output.as_deref());
        quote! {
            type ResponseBody = #body_type;

            #[inline]
            fn serialize_request(
                #input_binding: &Self::Input,
            ) -> ::std::result::Result<crate::runtime::OperationRequest, crate::runtime::RequestError> {
                #fill
                let mut request = crate::runtime::protocol::rest_json::RequestBuilder::new(#method);
                #request
                ::std::result::Result::Ok(request.finish())
            }

            #[allow(unused_variables)]
            #[inline]
            fn deserialize_response(
                response: crate::runtime::HttpResponse<Self::ResponseBody>,
            ) -> ::std::result::Result<Self::Output, crate::runtime::ResponseError> {
                let status = response.status;
                let mut out = <Self::Output as ::std::default::Default>::default();
                crate::runtime::ResponseMetadata::set_request_id(&mut out, crate::runtime::http::request_id(&response));
                #response
                ::std::result::Result::Ok(out)
            }
        }
    }

    fn error_shape(&self, symbols: &Symbols<'_>, id: &str) -> TokenStream {
        let name = symbols.type_ident(id);
        let headers: Vec<TokenStream> = targets(symbols, id)
            .iter()
            .filter_map(|(f, target)| {
                let Binding::Header(header) = &f.binding else { return None };
                let ident = &f.ident;
                let text = text_of(symbols, target, f.timestamp_format, TimestampFormat::HttpDate);
                let text_ref = quote!(text);
                let parse = unwrap_parsed(parse_expr(symbols, text, target, header, &text_ref), false);
                Some(quote! {
                    if let ::std::option::Option::Some(text) = error.header(#header) {
                        out.#ident = ::std::option::Option::Some(#parse);
                    }
                })
            })
            .collect();
        let binding = if headers.is_empty() { quote!(out) } else { quote!(mut out) };
        quote! {
            impl crate::runtime::ErrorShape for #name {
                #[inline]
                fn from_service_error(error: &crate::runtime::ServiceError) -> ::std::option::Option<Self> {
                    let #binding: Self = crate::runtime::read_error_shape(&error.body)?;
                    #(#headers)*
                    ::std::option::Option::Some(out)
                }
            }
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn uri_patterns_split_into_literals_labels_and_query() {
        let p = UriPattern::parse("/2015-03-31/functions/{FunctionName}/code/{Key+}?x-id=GetObject&flag");
        assert_eq!(
            p.path,
            [
                PathPart::Literal("/2015-03-31/functions/".into()),
                PathPart::Label { name: "FunctionName".into(), greedy: false },
                PathPart::Literal("/code/".into()),
                PathPart::Label { name: "Key".into(), greedy: true },
            ]
        );
        assert_eq!(p.query, [("x-id".to_owned(), Some("GetObject".to_owned())), ("flag".to_owned(), None)]);
        assert_eq!(UriPattern::parse("/").path, [PathPart::Literal("/".into())]);
    }
}
