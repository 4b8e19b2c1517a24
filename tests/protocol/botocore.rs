//! botocore's protocol test suites (`tests/unit/protocols/{input,output}/*.json`
//! of botocore's source distribution, kept as data in `tests/protocol/botocore/`)
//! turned into one Smithy model per protocol and a list of prepared cases.
//! Each case group of a suite defines its own shapes in botocore's form; the
//! groups never define one name two ways, so they merge into one model, and
//! an operation that several groups define is one operation with every
//! group's errors.

use serde_json::{json, Map, Value};
use std::collections::BTreeMap;

/// One suite: the Smithy model of every group's shapes and operations, and
/// its cases, prepared for the harness.
pub struct Suite {
    pub model: Value,
    pub cases: Vec<Value>,
    /// The error shapes, for the harness's typed reads.
    pub errors: Vec<String>,
}

/// What a suite's service is.
pub struct Service<'a> {
    pub namespace: &'a str,
    /// The service shape's name (awsJson's target prefix).
    pub name: &'a str,
    pub protocol: &'a str,
    pub query_compatible: bool,
}

fn timestamp_format(botocore: &str) -> &'static str {
    match botocore {
        "iso8601" => "date-time",
        "rfc822" => "http-date",
        _ => "epoch-seconds",
    }
}

struct Converter<'a> {
    service: &'a Service<'a>,
    shapes: Map<String, Value>,
    /// Operation name → (its botocore `given`s, merged).
    operations: BTreeMap<String, Value>,
    errors: Vec<String>,
}

impl Converter<'_> {
    fn id(&self, name: &str) -> String {
        format!("{}#{name}", self.service.namespace)
    }

    fn member(&mut self, name: &str, m: &Value, required: bool, payload: bool) -> Value {
        let target = self.id(m["shape"].as_str().unwrap_or("String"));
        let mut traits = Map::new();
        let location_name = m["locationName"].as_str();
        match m["location"].as_str() {
            Some("uri") => {
                traits.insert("smithy.api#httpLabel".into(), json!({}));
                traits.insert("smithy.api#required".into(), json!({}));
            }
            Some("querystring") => match location_name {
                Some(key) => {
                    traits.insert("smithy.api#httpQuery".into(), json!(key));
                }
                None => {
                    traits.insert("smithy.api#httpQueryParams".into(), json!({}));
                }
            },
            Some("header") => {
                traits.insert("smithy.api#httpHeader".into(), json!(location_name.unwrap_or(name)));
            }
            Some("headers") => {
                traits.insert("smithy.api#httpPrefixHeaders".into(), json!(location_name.unwrap_or("")));
            }
            Some("statusCode") => {
                traits.insert("smithy.api#httpResponseCode".into(), json!({}));
            }
            _ => {
                if let Some(key) = location_name.filter(|k| *k != name) {
                    traits.insert("smithy.api#jsonName".into(), json!(key));
                }
            }
        }
        if required {
            traits.insert("smithy.api#required".into(), json!({}));
        }
        if payload {
            traits.insert("smithy.api#httpPayload".into(), json!({}));
        }
        for (flag, id) in [
            ("hostLabel", "smithy.api#hostLabel"),
            ("idempotencyToken", "smithy.api#idempotencyToken"),
            ("eventheader", "smithy.api#eventHeader"),
            ("eventpayload", "smithy.api#eventPayload"),
        ] {
            if m[flag] == true {
                traits.insert(id.into(), json!({}));
            }
        }
        if let Some(format) = m["timestampFormat"].as_str() {
            traits.insert("smithy.api#timestampFormat".into(), json!(timestamp_format(format)));
        }
        if m["jsonvalue"] == true {
            // botocore marks the member; Smithy marks the string it targets.
            if let Some(shape) = self.shapes.get_mut(&target) {
                shape["traits"]["smithy.api#mediaType"] = json!("application/json");
            }
        }
        if traits.is_empty() {
            json!({ "target": target })
        } else {
            json!({ "target": target, "traits": traits })
        }
    }

    fn shape(&mut self, name: &str, s: &Value) -> Value {
        let kind = s["type"].as_str().unwrap_or("string");
        let mut traits = Map::new();
        if let Some(format) = s["timestampFormat"].as_str() {
            traits.insert("smithy.api#timestampFormat".into(), json!(timestamp_format(format)));
        }
        if s["streaming"] == true {
            traits.insert("smithy.api#streaming".into(), json!({}));
        }
        if s["exception"] == true {
            let status = s["error"]["httpStatusCode"].as_u64();
            let server = s["fault"] == true || status.is_some_and(|c| c >= 500);
            traits.insert("smithy.api#error".into(), json!(if server { "server" } else { "client" }));
            if let Some(status) = status {
                traits.insert("smithy.api#httpError".into(), json!(status));
            }
            if let Some(code) = s["error"]["code"].as_str() {
                traits.insert(
                    "aws.protocols#awsQueryError".into(),
                    json!({ "code": code, "httpResponseCode": status.unwrap_or(400) }),
                );
            }
            self.errors.push(name.to_owned());
        }
        let mut out = match kind {
            "structure" if s["document"] == true => json!({ "type": "document" }),
            "structure" => {
                let required: Vec<&str> =
                    s["required"].as_array().into_iter().flatten().filter_map(Value::as_str).collect();
                let payload = s["payload"].as_str();
                let mut members = Map::new();
                for (member, m) in s["members"].as_object().into_iter().flatten() {
                    let value = self.member(member, m, required.contains(&member.as_str()), payload == Some(member));
                    members.insert(member.clone(), value);
                }
                let kind = if s["union"] == true || s["eventstream"] == true { "union" } else { "structure" };
                if s["eventstream"] == true {
                    traits.insert("smithy.api#streaming".into(), json!({}));
                }
                json!({ "type": kind, "members": members })
            }
            "list" => {
                json!({ "type": "list", "member": { "target": self.id(s["member"]["shape"].as_str().unwrap_or("String")) } })
            }
            "map" => json!({
                "type": "map",
                "key": { "target": self.id(s["key"]["shape"].as_str().unwrap_or("String")) },
                "value": { "target": self.id(s["value"]["shape"].as_str().unwrap_or("String")) },
            }),
            "string" if s["enum"].is_array() => {
                let values: Vec<Value> =
                    s["enum"].as_array().into_iter().flatten().map(|v| json!({ "value": v })).collect();
                traits.insert("smithy.api#enum".into(), Value::Array(values));
                json!({ "type": "string" })
            }
            other => json!({ "type": other }),
        };
        if !traits.is_empty() {
            out["traits"] = Value::Object(traits);
        }
        out
    }

    /// Adds a group's shapes; members are converted once every shape exists,
    /// since a member's `jsonvalue` marks the string it targets.
    fn group(&mut self, shapes: &Map<String, Value>) {
        for name in shapes.keys() {
            let id = self.id(name);
            self.shapes.entry(id).or_insert_with(|| json!({ "type": "string" }));
        }
        for (name, s) in shapes {
            let converted = self.shape(name, s);
            let id = self.id(name);
            let traits = self.shapes.get(&id).and_then(|v| v.get("traits")).cloned();
            let mut converted = converted;
            if let Some(Value::Object(extra)) = traits {
                for (k, v) in extra {
                    converted["traits"][k] = v;
                }
            }
            self.shapes.insert(id, converted);
        }
    }

    fn operation(&mut self, given: &Value) {
        let name = given["name"].as_str().unwrap_or("Operation").to_owned();
        let entry = self.operations.entry(name).or_insert_with(|| given.clone());
        for key in ["input", "output", "endpoint", "requestcompression", "httpChecksumRequired"] {
            if entry.get(key).is_none() {
                if let Some(v) = given.get(key) {
                    entry[key] = v.clone();
                }
            }
        }
        let mut errors: Vec<Value> = entry["errors"].as_array().cloned().unwrap_or_default();
        for e in given["errors"].as_array().into_iter().flatten() {
            if !errors.contains(e) {
                errors.push(e.clone());
            }
        }
        entry["errors"] = Value::Array(errors);
    }

    fn finish(mut self) -> (Value, Vec<String>) {
        let mut operations = Vec::new();
        for (name, given) in std::mem::take(&mut self.operations) {
            let id = self.id(&name);
            let mut op = Map::new();
            op.insert("type".into(), json!("operation"));
            let uri = given["http"]["requestUri"].as_str().unwrap_or("/").to_owned();
            for (key, field) in [("input", "input"), ("output", "output")] {
                if let Some(shape) = given[key]["shape"].as_str() {
                    op.insert(field.into(), json!({ "target": self.id(shape) }));
                }
            }
            let errors: Vec<Value> = given["errors"]
                .as_array()
                .into_iter()
                .flatten()
                .filter_map(|e| e["shape"].as_str())
                .map(|e| json!({ "target": self.id(e) }))
                .collect();
            if !errors.is_empty() {
                op.insert("errors".into(), Value::Array(errors));
            }
            let mut traits = Map::new();
            let method = given["http"]["method"].as_str().unwrap_or("POST");
            let code = given["http"]["responseCode"].as_u64().unwrap_or(200);
            traits.insert("smithy.api#http".into(), json!({ "method": method, "uri": uri, "code": code }));
            if let Some(prefix) = given["endpoint"]["hostPrefix"].as_str() {
                traits.insert("smithy.api#endpoint".into(), json!({ "hostPrefix": prefix }));
            }
            if let Some(encodings) = given["requestcompression"]["encodings"].as_array() {
                traits.insert("smithy.api#requestCompression".into(), json!({ "encodings": encodings }));
            }
            if given["httpChecksumRequired"] == true {
                traits.insert("smithy.api#httpChecksumRequired".into(), json!({}));
            }
            op.insert("traits".into(), Value::Object(traits));
            self.shapes.insert(id.clone(), Value::Object(op));
            operations.push(json!({ "target": id }));
        }
        let mut service_traits = Map::new();
        service_traits.insert(self.service.protocol.into(), json!({}));
        let lower = self.service.name.to_ascii_lowercase();
        service_traits.insert("aws.api#service".into(), json!({ "sdkId": self.service.name, "endpointPrefix": lower }));
        service_traits.insert("aws.auth#sigv4".into(), json!({ "name": lower }));
        if self.service.query_compatible {
            service_traits.insert("aws.protocols#awsQueryCompatible".into(), json!({}));
        }
        let service_id = self.id(self.service.name);
        self.shapes.insert(
            service_id,
            json!({ "type": "service", "version": "2020-07-14", "operations": operations, "traits": service_traits }),
        );
        let mut errors = self.errors;
        errors.sort();
        errors.dedup();
        (json!({ "smithy": "2.0", "shapes": self.shapes }), errors)
    }
}

/// Converts the groups of a suite's input and output files, and prepares
/// their cases: request cases with their params in the crate's JSON view and
/// the request they must send, response and error cases with the response
/// they read and what it must give.
pub fn convert(service: &Service<'_>, files: &[(&str, &Value)]) -> Suite {
    let mut converter = Converter { service, shapes: Map::new(), operations: BTreeMap::new(), errors: Vec::new() };
    let mut raw_cases = Vec::new();
    let mut uri_labels: BTreeMap<String, Vec<(String, String)>> = BTreeMap::new();
    for (kind, groups) in files {
        for group in groups.as_array().into_iter().flatten() {
            let shapes = group["shapes"].as_object().cloned().unwrap_or_default();
            converter.group(&shapes);
            for case in group["cases"].as_array().into_iter().flatten() {
                converter.operation(&case["given"]);
                if let Some(input) = case["given"]["input"]["shape"].as_str() {
                    for (member, m) in shapes[input]["members"].as_object().into_iter().flatten() {
                        if let (Some("uri"), Some(location)) = (m["location"].as_str(), m["locationName"].as_str()) {
                            let labels =
                                uri_labels.entry(case["given"]["name"].as_str().unwrap_or("").to_owned()).or_default();
                            if location != member && !labels.iter().any(|(l, _)| l == location) {
                                labels.push((location.to_owned(), member.clone()));
                            }
                        }
                    }
                }
                raw_cases.push(((*kind).to_owned(), case.clone()));
            }
        }
    }
    // A label the URI names by its botocore `locationName` is named by its
    // member, as Smithy requires.
    for (name, labels) in &uri_labels {
        if let Some(given) = converter.operations.get_mut(name) {
            let mut uri = given["http"]["requestUri"].as_str().unwrap_or("/").to_owned();
            for (location, member) in labels {
                uri = uri.replace(&format!("{{{location}}}"), &format!("{{{member}}}"));
                uri = uri.replace(&format!("{{{location}+}}"), &format!("{{{member}+}}"));
            }
            given["http"]["requestUri"] = json!(uri);
        }
    }
    let (model, errors) = converter.finish();
    let cases = raw_cases.into_iter().map(|(kind, case)| prepare(&kind, &case)).collect();
    Suite { model, cases, errors }
}

/// A case as the harness reads it; `params`, `result` and `error` stay in
/// botocore's form, to be put in the JSON view by the test with the model.
fn prepare(kind: &str, case: &Value) -> Value {
    let operation = case["given"]["name"].clone();
    let id = case["id"].clone();
    if kind == "input" {
        let s = &case["serialized"];
        return json!({
            "id": id,
            "kind": "request",
            "operation": operation,
            "params": case["params"],
            "input": case["given"]["input"]["shape"],
            "method": s["method"],
            "uri": s["uri"],
            "host": s["host"],
            "headers": s["headers"],
            "require_headers": s["requireHeaders"],
            "forbid_headers": s["forbidHeaders"],
            "body": s["body"],
        });
    }
    let response = json!({
        "status": case["response"]["status_code"],
        "headers": case["response"]["headers"],
        "body": case["response"]["body"],
    });
    if let Some(code) = case["errorCode"].as_str() {
        return json!({
            "id": id,
            "kind": "error",
            "operation": operation,
            "error": code,
            "error_params": case["error"],
            "error_message": case["errorMessage"],
            "response": response,
        });
    }
    json!({
        "id": id,
        "kind": "response",
        "operation": operation,
        "output": case["given"]["output"]["shape"],
        "result": case["result"],
        "response": response,
    })
}
