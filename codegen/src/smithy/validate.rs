//! Checks every model that is loaded or written, since no Java-free Smithy
//! validator exists: targets resolve, names are unique and well formed, and trait
//! values have the form their definitions need.

use super::{traits, HostPrefixPart, Model, ShapeKind, Simple, Traits};
use crate::diag::{Error, Location};
use serde_json::Value;
use std::collections::BTreeSet;

/// Prelude shapes a target may name besides the simple types.
const PRELUDE_EXTRA: [&str; 9] = [
    "smithy.api#Unit",
    "smithy.api#BigInteger",
    "smithy.api#BigDecimal",
    "smithy.api#Short",
    "smithy.api#Byte",
    "smithy.api#PrimitiveBoolean",
    "smithy.api#PrimitiveInteger",
    "smithy.api#PrimitiveLong",
    "smithy.api#PrimitiveDouble",
];

/// Namespaces whose traits Smithy and AWS publish: a published model uses them
/// without defining them (`smithy.api#length`, `aws.iam#actionPermissionDescription`,
/// `smithy.rules#endpointRuleSet`, `aws.endpoints#standardRegionalEndpoints`, …).
const TRAIT_NAMESPACES: [&str; 15] = [
    "smithy.api",
    "smithy.rules",
    "smithy.waiters",
    "smithy.test",
    "smithy.protocols",
    "smithy.mqtt",
    "smithy.openapi",
    "aws.api",
    "aws.auth",
    "aws.protocols",
    "aws.customizations",
    "aws.iam",
    "aws.cloudformation",
    "aws.endpoints",
    "aws.smoketests",
];

fn in_trait_namespace(id: &str) -> bool {
    id.split_once('#').is_some_and(|(ns, _)| TRAIT_NAMESPACES.contains(&ns))
}

/// Validates a model. `file` names it in the errors, which carry JSON paths.
pub fn validate(file: &str, model: &Model) -> Result<(), Vec<Error>> {
    let mut v = Validator { file, model, errors: Vec::new() };
    v.run();
    if v.errors.is_empty() {
        Ok(())
    } else {
        Err(v.errors)
    }
}

struct Validator<'a> {
    file: &'a str,
    model: &'a Model,
    errors: Vec<Error>,
}

fn is_identifier(s: &str) -> bool {
    let mut chars = s.chars();
    matches!(chars.next(), Some(c) if c.is_ascii_alphabetic() || c == '_')
        && chars.all(|c| c.is_ascii_alphanumeric() || c == '_')
}

fn is_shape_id(id: &str) -> bool {
    match id.split_once('#') {
        Some((ns, name)) => !ns.is_empty() && ns.split('.').all(is_identifier) && is_identifier(name),
        None => false,
    }
}

impl Validator<'_> {
    fn error(&mut self, path: String, message: impl Into<String>) {
        self.errors.push(Error::new(Location::json(self.file, path), message));
    }

    fn resolves(&self, target: &str) -> bool {
        self.model.shapes.contains_key(target)
            || Simple::from_prelude_id(target).is_some()
            || PRELUDE_EXTRA.contains(&target)
    }

    fn kind_of(&self, target: &str) -> Option<&ShapeKind> {
        self.model.shapes.get(target).map(|s| &s.kind)
    }

    fn check_target(&mut self, path: String, target: &str) {
        if !self.resolves(target) {
            self.error(
                path,
                format!("expected a target that resolves to a shape of the model or the prelude, found `{target}`"),
            );
        }
    }

    fn run(&mut self) {
        let model = self.model;
        self.check_collection_cycles();
        for (id, shape) in &model.shapes {
            let path = format!("$.shapes[\"{id}\"]");
            if !is_shape_id(id) {
                self.error(path.clone(), format!("expected a shape id `namespace#Name`, found `{id}`"));
            }
            self.check_traits(&format!("{path}.traits"), &shape.traits);
            match &shape.kind {
                ShapeKind::Simple(_) => {}
                ShapeKind::Enum(values) => {
                    self.check_enum(&path, "enum", values.iter().map(|(n, v)| (n, v.clone())));
                }
                ShapeKind::IntEnum(values) => {
                    self.check_enum(&path, "intEnum", values.iter().map(|(n, v)| (n, v.to_string())));
                }
                ShapeKind::Structure(members) | ShapeKind::Union(members) => {
                    let mut seen = BTreeSet::new();
                    for (name, m) in members {
                        let mpath = format!("{path}.members.{name}");
                        if !is_identifier(name) {
                            self.error(
                                mpath.clone(),
                                format!("expected an identifier as the member name, found `{name}`"),
                            );
                        }
                        if !seen.insert(name.to_ascii_lowercase()) {
                            self.error(
                                mpath.clone(),
                                format!("expected member names unique regardless of case, found `{name}` twice"),
                            );
                        }
                        self.check_target(format!("{mpath}.target"), &m.target);
                        self.check_traits(&format!("{mpath}.traits"), &m.traits);
                    }
                }
                ShapeKind::List(m) => {
                    self.check_target(format!("{path}.member.target"), &m.target);
                    self.check_traits(&format!("{path}.member.traits"), &m.traits);
                }
                ShapeKind::Map { key, value } => {
                    self.check_target(format!("{path}.key.target"), &key.target);
                    self.check_target(format!("{path}.value.target"), &value.target);
                    let key_is_string = key.target == "smithy.api#String"
                        || matches!(
                            self.kind_of(&key.target),
                            Some(ShapeKind::Enum(_)) | Some(ShapeKind::Simple(Simple::String))
                        );
                    if !key_is_string {
                        self.error(format!("{path}.key.target"), "expected a map key that targets a string or an enum");
                    }
                }
                ShapeKind::Operation { input, output, errors } => {
                    for (field, t) in [("input", input), ("output", output)] {
                        if let Some(t) = t {
                            if !matches!(self.kind_of(t), Some(ShapeKind::Structure(_))) && t != "smithy.api#Unit" {
                                self.error(
                                    format!("{path}.{field}.target"),
                                    format!("expected the {field} to target a structure, found `{t}`"),
                                );
                            }
                        }
                    }
                    self.check_errors(&path, errors);
                    if let Some(parts) = shape.host_prefix() {
                        self.check_host_prefix(&path, input.as_deref(), parts);
                    }
                    if let Some(http) = shape.traits.get(traits::HTTP) {
                        self.check_http(&path, http, input.as_deref());
                    }
                }
                ShapeKind::Resource(_) => {
                    let (ops, children) = shape.kind.resource_bindings();
                    for op in ops {
                        if !matches!(self.kind_of(op), Some(ShapeKind::Operation { .. })) {
                            self.error(path.clone(), format!("expected the resource to bind operations, found `{op}`"));
                        }
                    }
                    for child in children {
                        if !matches!(self.kind_of(child), Some(ShapeKind::Resource(_))) {
                            self.error(path.clone(), format!("expected a child resource, found `{child}`"));
                        }
                    }
                }
                ShapeKind::Service { operations, errors, .. } => {
                    for (i, op) in operations.iter().enumerate() {
                        if !matches!(self.kind_of(op), Some(ShapeKind::Operation { .. })) {
                            self.error(
                                format!("{path}.operations[{i}].target"),
                                format!("expected an operation, found `{op}`"),
                            );
                        }
                    }
                    self.check_errors(&path, errors);
                }
            }
        }
    }

    /// Lists and maps that hold themselves with no structure or union in
    /// between, which Smithy forbids (no value could be written): each cycle
    /// is reported once, at the member of its first shape that closes it.
    fn check_collection_cycles(&mut self) {
        let model = self.model;
        let next = |id: &str| -> Option<(&str, &'static str)> {
            match model.shapes.get(id).map(|s| &s.kind) {
                Some(ShapeKind::List(member)) => Some((member.target.as_str(), "member")),
                Some(ShapeKind::Map { value, .. }) => Some((value.target.as_str(), "value")),
                _ => None,
            }
        };
        let mut reported: BTreeSet<&str> = BTreeSet::new();
        for start in model.shapes.keys() {
            if reported.contains(start.as_str()) || next(start).is_none() {
                continue;
            }
            // Each list or map has one child, so the walk is a chain: it
            // either leaves the collections or comes back to a shape it met.
            let mut chain: Vec<&str> = vec![start.as_str()];
            let mut at = start.as_str();
            while let Some((child, _)) = next(at) {
                if let Some(i) = chain.iter().position(|c| *c == child) {
                    let cycle = &chain[i..];
                    let first = cycle.iter().min().copied().unwrap_or(child);
                    if cycle.iter().all(|c| !reported.contains(c)) {
                        let via = next(first).map_or("member", |(_, via)| via);
                        let names: Vec<&str> = cycle.iter().map(|c| super::shape_name(c)).collect();
                        self.error(
                            format!("$.shapes[\"{first}\"].{via}.target"),
                            format!(
                                "expected a structure or union between a list or map and itself, found the cycle {} → {}",
                                names.join(" → "),
                                super::shape_name(cycle[0])
                            ),
                        );
                    }
                    reported.extend(cycle.iter().copied());
                    break;
                }
                if next(child).is_none() {
                    break;
                }
                chain.push(child);
                at = child;
            }
        }
    }

    /// An operation's `@http` trait: a method and a URI pattern of `/`
    /// segments whose `{labels}` each name a `@httpLabel` member of the input
    /// (a greedy `{label+}` only as the last label), and every `@httpLabel`
    /// member named in it.
    fn check_http(&mut self, path: &str, http: &Value, input: Option<&str>) {
        let tpath = format!("{path}.traits[\"{}\"]", traits::HTTP);
        let method = http.get("method").and_then(Value::as_str);
        let uri = http.get("uri").and_then(Value::as_str);
        let (Some(method), Some(uri)) = (method, uri) else {
            return self.error(tpath, "expected an object with a string `method` and `uri`");
        };
        if method.is_empty() || !method.bytes().all(|b| b.is_ascii_uppercase()) {
            self.error(format!("{tpath}.method"), format!("expected an HTTP method in upper case, found `{method}`"));
        }
        if !uri.starts_with('/') || uri.contains('#') {
            return self
                .error(format!("{tpath}.uri"), format!("expected a URI pattern starting with `/`, found `{uri}`"));
        }
        let model = self.model;
        let members = match input.and_then(|i| model.shapes.get(i)).map(|s| &s.kind) {
            Some(ShapeKind::Structure(members)) => Some(members),
            _ => None,
        };
        let path_part = uri.split('?').next().unwrap_or(uri);
        let mut labels: Vec<(String, bool)> = Vec::new();
        let mut rest = path_part;
        while let Some(open) = rest.find('{') {
            let Some(close) = rest[open..].find('}') else {
                return self.error(format!("{tpath}.uri"), format!("expected `}}` to close a label in `{uri}`"));
            };
            let label = &rest[open + 1..open + close];
            let (name, greedy) = label.strip_suffix('+').map_or((label, false), |n| (n, true));
            labels.push((name.to_owned(), greedy));
            rest = &rest[open + close + 1..];
        }
        for (i, (name, greedy)) in labels.iter().enumerate() {
            if *greedy && i + 1 != labels.len() {
                self.error(
                    format!("{tpath}.uri"),
                    format!("expected the greedy label `{{{name}+}}` to be the last in `{uri}`"),
                );
            }
            let bound = members
                .and_then(|m| m.get(name))
                .is_some_and(|m| m.traits.contains_key(traits::HTTP_LABEL) && m.is_required());
            if !bound {
                self.error(
                    format!("{tpath}.uri"),
                    format!("expected `{{{name}}}` in `{uri}` to name a required `@httpLabel` member of the input"),
                );
            }
        }
        for (member, m) in members.into_iter().flatten() {
            if m.traits.contains_key(traits::HTTP_LABEL) && !labels.iter().any(|(l, _)| l == member) {
                let input = input.unwrap_or_default();
                self.error(
                    format!("$.shapes[\"{input}\"].members.{member}"),
                    format!("expected the `@httpLabel` member `{member}` to be a label of the URI `{uri}`"),
                );
            }
        }
    }

    /// An operation's `@endpoint` host prefix parses, and each of its labels is a
    /// required `@hostLabel` string member of the input.
    fn check_host_prefix(&mut self, path: &str, input: Option<&str>, parts: Result<Vec<HostPrefixPart>, String>) {
        let tpath = format!("{path}.traits[\"{}\"].hostPrefix", traits::ENDPOINT);
        let parts = match parts {
            Ok(parts) => parts,
            Err(message) => return self.error(tpath, message),
        };
        let model = self.model;
        let kind_of = |id: &str| model.shapes.get(id).map(|s| &s.kind);
        let members = match input.and_then(kind_of) {
            Some(ShapeKind::Structure(members)) => Some(members),
            _ => None,
        };
        for part in parts {
            let HostPrefixPart::Label(label) = part else { continue };
            let member = members.and_then(|m| m.get(&label));
            let string = member.is_some_and(|m| {
                m.target == Simple::String.prelude_id()
                    || matches!(kind_of(&m.target), Some(ShapeKind::Simple(Simple::String)))
            });
            let fits = member.is_some_and(|m| m.is_required() && m.traits.contains_key(traits::HOST_LABEL)) && string;
            if !fits {
                self.error(
                    tpath.clone(),
                    format!("expected `{{{label}}}` to name a required `@hostLabel` string member of the input"),
                );
            }
        }
    }

    fn check_errors(&mut self, path: &str, errors: &[String]) {
        for (i, e) in errors.iter().enumerate() {
            let is_error = self
                .model
                .shapes
                .get(e)
                .is_some_and(|s| matches!(s.kind, ShapeKind::Structure(_)) && s.traits.contains_key(traits::ERROR));
            if !is_error {
                self.error(
                    format!("{path}.errors[{i}].target"),
                    format!("expected a structure with the `smithy.api#error` trait, found `{e}`"),
                );
            }
        }
    }

    /// An enum's or intEnum's members: identifiers, unique values, at least one.
    fn check_enum<'a>(&mut self, path: &str, kind: &str, values: impl Iterator<Item = (&'a String, String)>) {
        let mut seen_values = BTreeSet::new();
        for (name, value) in values {
            if !is_identifier(name) {
                self.error(
                    format!("{path}.members.{name}"),
                    format!("expected an identifier as the {kind} member name, found `{name}`"),
                );
            }
            if !seen_values.insert(value.clone()) {
                self.error(
                    format!("{path}.members.{name}"),
                    format!("expected unique {kind} values, found `{value}` twice"),
                );
            }
        }
        if seen_values.is_empty() {
            self.error(path.to_owned(), format!("expected an {kind} to have at least one value"));
        }
    }

    fn check_traits(&mut self, path: &str, t: &Traits) {
        for (id, value) in t {
            let tpath = format!("{path}[\"{id}\"]");
            if !is_shape_id(id) {
                self.error(tpath.clone(), format!("expected an absolute trait id, found `{id}`"));
                continue;
            }
            let defined = self.model.shapes.get(id).is_some_and(|s| s.traits.contains_key(traits::TRAIT));
            if !defined && !in_trait_namespace(id) {
                self.error(
                    tpath.clone(),
                    format!("expected a trait that the model defines or a known prelude or AWS trait, found `{id}`"),
                );
                continue;
            }
            let ok = match id.as_str() {
                traits::DOCUMENTATION | traits::ENUM_VALUE | "smithy.api#title" | traits::JSON_TARGET_PREFIX => {
                    value.is_string()
                }
                traits::REQUIRED
                | traits::IDEMPOTENCY_TOKEN
                | traits::INPUT
                | traits::OUTPUT
                | traits::TRAIT
                | "aws.protocols#awsJson1_1" => value.is_object(),
                traits::ERROR => matches!(value.as_str(), Some("client" | "server")),
                traits::PAGINATED => value.as_object().is_some_and(|o| o.values().all(Value::is_string)),
                "aws.auth#sigv4" => value.get("name").is_some_and(Value::is_string),
                "aws.api#service" => value.get("sdkId").is_some_and(Value::is_string),
                traits::PROVENANCE => {
                    value.get("page").is_some_and(Value::is_string) && value.get("line").is_some_and(Value::is_u64)
                }
                traits::UNKNOWN => value.as_array().is_some_and(|a| a.iter().all(Value::is_string)),
                traits::WAITABLE => value.as_object().is_some_and(|w| w.values().all(is_waiter)),
                traits::TIMESTAMP_FORMAT => matches!(value.as_str(), Some("date-time" | "http-date" | "epoch-seconds")),
                traits::DEPRECATED | traits::HOST_LABEL => value.is_object(),
                traits::ENDPOINT => value.get("hostPrefix").is_some_and(Value::is_string),
                traits::REQUEST_COMPRESSION => {
                    value.get("encodings").and_then(Value::as_array).is_some_and(|a| a.iter().all(Value::is_string))
                }
                _ => true,
            };
            if !ok {
                self.error(tpath, format!("expected a well-formed value for `{id}`, found {value}"));
            } else if id == traits::WAITABLE {
                self.check_waiter_paths(&tpath, value);
            }
        }
    }
}

impl Validator<'_> {
    /// Every acceptor path of a well-formed `smithy.waiters#waitable` is JMESPath.
    fn check_waiter_paths(&mut self, path: &str, waitable: &Value) {
        let Some(waiters) = waitable.as_object() else { return };
        for (name, waiter) in waiters {
            let acceptors = waiter.get("acceptors").and_then(Value::as_array).into_iter().flatten();
            for (i, acceptor) in acceptors.enumerate() {
                let Some(matchers) = acceptor.get("matcher").and_then(Value::as_object) else { continue };
                for (kind, body) in matchers {
                    let Some(text) = body.get("path").and_then(Value::as_str) else { continue };
                    if let Err(e) = super::jmespath::parse(text) {
                        self.error(
                            format!("{path}.{name}.acceptors[{i}].matcher.{kind}.path"),
                            format!("expected a JMESPath expression, found `{text}`: {e}"),
                        );
                    }
                }
            }
        }
    }
}

/// Whether a waiter of `smithy.waiters#waitable` has acceptors the runtime
/// reads: a known state, and one matcher of a known kind.
fn is_waiter(waiter: &Value) -> bool {
    let path_matcher = |m: &Value| {
        m.get("path").is_some_and(Value::is_string)
            && m.get("expected").is_some_and(Value::is_string)
            && matches!(
                m.get("comparator").and_then(Value::as_str),
                Some("stringEquals" | "booleanEquals" | "allStringEquals" | "anyStringEquals")
            )
    };
    let acceptor = |a: &Value| {
        let state = matches!(a.get("state").and_then(Value::as_str), Some("success" | "failure" | "retry"));
        let matcher = a.get("matcher").and_then(Value::as_object).is_some_and(|m| {
            m.len() == 1
                && m.iter().all(|(kind, body)| match kind.as_str() {
                    "output" | "inputOutput" => path_matcher(body),
                    "success" => body.is_boolean(),
                    "errorType" => body.is_string(),
                    _ => false,
                })
        });
        state && matcher
    };
    waiter.get("acceptors").and_then(Value::as_array).is_some_and(|a| !a.is_empty() && a.iter().all(acceptor))
        && waiter.get("minDelay").is_none_or(Value::is_u64)
        && waiter.get("maxDelay").is_none_or(Value::is_u64)
}

#[cfg(test)]
mod tests {
    use super::super::{Member, Shape};
    use super::*;
    use indexmap::IndexMap;

    fn structure(members: &[(&str, &str)]) -> Shape {
        Shape::new(ShapeKind::Structure(members.iter().map(|(n, t)| (n.to_string(), Member::new(*t))).collect()))
    }

    #[test]
    fn unresolved_targets_and_duplicates_are_reported_with_paths() {
        let mut model = Model::default();
        model.shapes.insert(
            "a#S".into(),
            structure(&[("Ok", "smithy.api#String"), ("Bad", "a#Missing"), ("ok", "smithy.api#String")]),
        );
        let mut values = IndexMap::new();
        values.insert("A".to_string(), "x".to_string());
        values.insert("B".to_string(), "x".to_string());
        model.shapes.insert("a#E".into(), Shape::new(ShapeKind::Enum(values)));
        let errors = validate("m.json", &model).unwrap_err();
        let text: Vec<String> = errors.iter().map(|e| e.to_string()).collect();
        assert!(
            text.iter().any(|e| e.contains("$.shapes[\"a#S\"].members.Bad.target") && e.contains("a#Missing")),
            "{text:?}"
        );
        assert!(text.iter().any(|e| e.contains("members.ok") && e.contains("unique regardless of case")), "{text:?}");
        assert!(text.iter().any(|e| e.contains("`x` twice")), "{text:?}");
    }

    #[test]
    fn malformed_trait_values_are_reported() {
        let mut model = Model::default();
        let mut s = structure(&[]);
        s.traits.insert(traits::DOCUMENTATION.into(), Value::Bool(true));
        s.traits.insert("x.y#undefined".into(), Value::Null);
        model.shapes.insert("a#S".into(), s);
        let errors = validate("m.json", &model).unwrap_err();
        assert_eq!(errors.len(), 2, "{errors:?}");
    }

    #[test]
    fn host_prefix_labels_must_name_required_host_label_strings() {
        let mut model = Model::default();
        let mut input = structure(&[("label", "smithy.api#String"), ("count", "smithy.api#Integer")]);
        if let ShapeKind::Structure(members) = &mut input.kind {
            members["label"].traits.insert(traits::REQUIRED.into(), serde_json::json!({}));
            members["label"].traits.insert(traits::HOST_LABEL.into(), serde_json::json!({}));
        }
        model.shapes.insert("a#In".into(), input);
        let operation = |prefix: &str| {
            let mut op = Shape::new(ShapeKind::Operation { input: Some("a#In".into()), output: None, errors: vec![] });
            op.traits.insert(traits::ENDPOINT.into(), serde_json::json!({ "hostPrefix": prefix }));
            op
        };
        model.shapes.insert("a#Good".into(), operation("data-{label}."));
        assert!(validate("m.json", &model).is_ok());
        model.shapes.insert("a#Unbound".into(), operation("{count}.{missing}."));
        model.shapes.insert("a#Malformed".into(), operation("a/{label"));
        let errors = validate("m.json", &model).unwrap_err();
        let text: Vec<String> = errors.iter().map(|e| e.to_string()).collect();
        assert_eq!(text.len(), 3, "{text:?}");
        assert!(text[0].contains("$.shapes[\"a#Malformed\"].traits[\"smithy.api#endpoint\"].hostPrefix"), "{text:?}");
        assert!(text[0].contains("expected letters, digits, `-`, `.` or a `{label}`, found `/`"), "{text:?}");
        assert!(text[1].contains("expected `{count}` to name a required `@hostLabel` string member"), "{text:?}");
        assert!(text[2].contains("`{missing}`"), "{text:?}");
    }

    #[test]
    fn lists_and_maps_that_hold_themselves_are_refused_once_per_cycle() {
        let mut model = Model::default();
        model.shapes.insert("a#Self".into(), Shape::new(ShapeKind::List(Member::new("a#Self"))));
        model.shapes.insert("a#One".into(), Shape::new(ShapeKind::List(Member::new("a#Two"))));
        model.shapes.insert(
            "a#Two".into(),
            Shape::new(ShapeKind::Map { key: Member::new("smithy.api#String"), value: Member::new("a#One") }),
        );
        // A structure in between is how Smithy allows recursion.
        model.shapes.insert("a#Tree".into(), Shape::new(ShapeKind::List(Member::new("a#Node"))));
        model.shapes.insert("a#Node".into(), structure(&[("Children", "a#Tree")]));
        model.shapes.insert("a#Into".into(), Shape::new(ShapeKind::List(Member::new("a#Self"))));
        let errors = validate("m.json", &model).unwrap_err();
        let text: Vec<String> = errors.iter().map(|e| e.to_string()).collect();
        assert_eq!(text.len(), 2, "{text:?}");
        assert!(text.iter().any(|e| e.contains("$.shapes[\"a#One\"].member.target") && e.contains("One → Two → One")));
        assert!(text.iter().any(|e| e.contains("$.shapes[\"a#Self\"].member.target") && e.contains("Self → Self")));
    }

    #[test]
    fn http_uri_labels_and_label_members_must_match() {
        let mut model = Model::default();
        let mut input =
            structure(&[("Name", "smithy.api#String"), ("Key", "smithy.api#String"), ("Stray", "smithy.api#String")]);
        if let ShapeKind::Structure(members) = &mut input.kind {
            for m in ["Name", "Key", "Stray"] {
                members[m].traits.insert(traits::HTTP_LABEL.into(), serde_json::json!({}));
                members[m].traits.insert(traits::REQUIRED.into(), serde_json::json!({}));
            }
        }
        model.shapes.insert("a#In".into(), input);
        let mut op = Shape::new(ShapeKind::Operation { input: Some("a#In".into()), output: None, errors: vec![] });
        op.traits.insert(traits::HTTP.into(), serde_json::json!({"method": "GET", "uri": "/{Key+}/{Name}/{Missing}"}));
        model.shapes.insert("a#Op".into(), op);
        let errors = validate("m.json", &model).unwrap_err();
        let text: Vec<String> = errors.iter().map(|e| e.to_string()).collect();
        assert_eq!(text.len(), 3, "{text:?}");
        assert!(text.iter().any(|e| e.contains("greedy label `{Key+}` to be the last")), "{text:?}");
        assert!(text.iter().any(|e| e.contains("`{Missing}`")), "{text:?}");
        assert!(text.iter().any(|e| e.contains("$.shapes[\"a#In\"].members.Stray")), "{text:?}");
    }
}
