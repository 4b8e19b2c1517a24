//! Reading and writing the Smithy JSON AST. Reading reports the JSON path of
//! anything malformed; writing is deterministic (shapes sorted by id, members in
//! model order, two-space indentation, a final newline).

use super::{Member, Model, Shape, ShapeKind, Simple, Traits};
use crate::diag::{Error, Location, Result};
use indexmap::IndexMap;
use serde_json::{json, Map, Value};

/// Reads a model file, parses it and validates it.
pub fn load(path: &std::path::Path, display: &str) -> Result<Model> {
    let text = std::fs::read_to_string(path).map_err(|e| Error::io(display, &e))?;
    let value: Value = serde_json::from_str(&text)
        .map_err(|e| Error::at_line(display, e.line(), format!("expected a JSON document: {e}")))?;
    let model = from_json(display, &value)?;
    super::validate(display, &model).map_err(|errors| {
        errors.into_iter().next().unwrap_or_else(|| Error::new(Location::file(display), "invalid model"))
    })?;
    Ok(model)
}

struct Reader<'a> {
    file: &'a str,
}

impl Reader<'_> {
    fn err(&self, path: &str, message: impl Into<String>) -> Error {
        Error::new(Location::json(self.file, path), message)
    }

    fn object<'v>(&self, v: &'v Value, path: &str) -> Result<&'v Map<String, Value>> {
        v.as_object().ok_or_else(|| self.err(path, format!("expected an object, found {}", kind_of(v))))
    }

    fn string<'v>(&self, v: &'v Value, path: &str) -> Result<&'v str> {
        v.as_str().ok_or_else(|| self.err(path, format!("expected a string, found {}", kind_of(v))))
    }

    fn target(&self, v: &Value, path: &str) -> Result<String> {
        let o = self.object(v, path)?;
        let t = o.get("target").ok_or_else(|| self.err(path, "expected a `target`"))?;
        Ok(self.string(t, &format!("{path}.target"))?.to_string())
    }

    fn traits(&self, o: &Map<String, Value>, path: &str) -> Result<Traits> {
        match o.get("traits") {
            None => Ok(Traits::new()),
            Some(t) => {
                Ok(self.object(t, &format!("{path}.traits"))?.iter().map(|(k, v)| (k.clone(), v.clone())).collect())
            }
        }
    }

    fn member(&self, v: &Value, path: &str) -> Result<Member> {
        let o = self.object(v, path)?;
        Ok(Member { target: self.target(v, path)?, traits: self.traits(o, path)? })
    }

    fn members(&self, o: &Map<String, Value>, path: &str) -> Result<IndexMap<String, Member>> {
        let mut out = IndexMap::new();
        if let Some(m) = o.get("members") {
            let mpath = format!("{path}.members");
            for (name, v) in self.object(m, &mpath)? {
                out.insert(name.clone(), self.member(v, &format!("{mpath}.{name}"))?);
            }
        }
        Ok(out)
    }

    fn targets(&self, o: &Map<String, Value>, key: &str, path: &str) -> Result<Vec<String>> {
        let Some(v) = o.get(key) else { return Ok(Vec::new()) };
        let p = format!("{path}.{key}");
        let arr = v.as_array().ok_or_else(|| self.err(&p, format!("expected an array, found {}", kind_of(v))))?;
        arr.iter().enumerate().map(|(i, t)| self.target(t, &format!("{p}[{i}]"))).collect()
    }

    /// A string shape with the Smithy 1.0 `@enum` trait is an enum shape, as
    /// Smithy 2.0 reads it: one member per value, named by the entry's `name`
    /// (else the value, made an identifier), documented by its `documentation`.
    fn legacy_enum(&self, traits: &mut super::Traits, path: &str) -> Result<Option<ShapeKind>> {
        let Some(entries) = traits.get(super::traits::ENUM) else { return Ok(None) };
        let tpath = format!("{path}.traits.smithy.api#enum");
        let entries = entries
            .as_array()
            .ok_or_else(|| self.err(&tpath, format!("expected an array, found {}", kind_of(entries))))?;
        let mut values = IndexMap::new();
        for (i, entry) in entries.iter().enumerate() {
            let value = entry
                .get("value")
                .and_then(Value::as_str)
                .ok_or_else(|| self.err(&format!("{tpath}[{i}]"), "expected a string `value`"))?;
            let name = match entry.get("name").and_then(Value::as_str) {
                Some(name) => name.to_owned(),
                None => {
                    let name: String = value
                        .chars()
                        .map(|c| if c.is_ascii_alphanumeric() { c.to_ascii_uppercase() } else { '_' })
                        .collect();
                    if name.starts_with(|c: char| c.is_ascii_digit()) || name.is_empty() {
                        format!("V{name}")
                    } else {
                        name
                    }
                }
            };
            values.insert(name, value.to_owned());
        }
        traits.remove(super::traits::ENUM);
        Ok(Some(ShapeKind::Enum(values)))
    }

    fn shape(&self, v: &Value, path: &str) -> Result<Shape> {
        let o = self.object(v, path)?;
        let ty = o.get("type").ok_or_else(|| self.err(path, "expected a `type`"))?;
        let ty = self.string(ty, &format!("{path}.type"))?;
        let mut traits = self.traits(o, path)?;
        if ty == "string" {
            if let Some(kind) = self.legacy_enum(&mut traits, path)? {
                return Ok(Shape { kind, traits });
            }
        }
        let kind = match ty {
            "structure" => ShapeKind::Structure(self.members(o, path)?),
            "union" => ShapeKind::Union(self.members(o, path)?),
            "enum" => {
                let mut values = IndexMap::new();
                for (name, m) in self.members(o, path)? {
                    let value = match m.traits.get(super::traits::ENUM_VALUE) {
                        Some(Value::String(s)) => s.clone(),
                        Some(other) => {
                            return Err(self.err(
                                &format!("{path}.members.{name}.traits"),
                                format!("expected `smithy.api#enumValue` to be a string, found {}", kind_of(other)),
                            ))
                        }
                        None => name.clone(),
                    };
                    values.insert(name, value);
                }
                ShapeKind::Enum(values)
            }
            "intEnum" => {
                let mut values = IndexMap::new();
                for (name, m) in self.members(o, path)? {
                    let value = m.traits.get(super::traits::ENUM_VALUE);
                    let Some(value) = value.and_then(Value::as_i64).and_then(|v| i32::try_from(v).ok()) else {
                        return Err(self.err(
                            &format!("{path}.members.{name}.traits"),
                            "expected `smithy.api#enumValue` to be a 32-bit integer, as an intEnum member needs one",
                        ));
                    };
                    values.insert(name, value);
                }
                ShapeKind::IntEnum(values)
            }
            "list" | "set" => {
                let m = o.get("member").ok_or_else(|| self.err(path, "expected a list `member`"))?;
                ShapeKind::List(self.member(m, &format!("{path}.member"))?)
            }
            "map" => {
                let k = o.get("key").ok_or_else(|| self.err(path, "expected a map `key`"))?;
                let v = o.get("value").ok_or_else(|| self.err(path, "expected a map `value`"))?;
                ShapeKind::Map {
                    key: self.member(k, &format!("{path}.key"))?,
                    value: self.member(v, &format!("{path}.value"))?,
                }
            }
            "operation" => {
                let input = o.get("input").map(|i| self.target(i, &format!("{path}.input"))).transpose()?;
                let output = o.get("output").map(|i| self.target(i, &format!("{path}.output"))).transpose()?;
                ShapeKind::Operation { input, output, errors: self.targets(o, "errors", path)? }
            }
            "service" => {
                let version = match o.get("version") {
                    Some(v) => self.string(v, &format!("{path}.version"))?.to_string(),
                    None => String::new(),
                };
                ShapeKind::Service {
                    version,
                    operations: self.targets(o, "operations", path)?,
                    resources: self.targets(o, "resources", path)?,
                    errors: self.targets(o, "errors", path)?,
                }
            }
            "resource" => {
                let mut properties = o.clone();
                properties.remove("type");
                properties.remove("traits");
                let kind = ShapeKind::Resource(properties);
                // Every binding must be a `{"target": …}`.
                let (ops, children) = kind.resource_bindings();
                let expected = super::RESOURCE_LIFECYCLE.iter().filter(|k| o.contains_key(**k)).count()
                    + ["operations", "collectionOperations", "resources"]
                        .iter()
                        .map(|k| o.get(*k).and_then(Value::as_array).map_or(0, Vec::len))
                        .sum::<usize>();
                if ops.len() + children.len() != expected {
                    return Err(self.err(path, "expected every resource binding to be an object with a `target`"));
                }
                kind
            }
            other => match Simple::from_type_name(other) {
                Some(s) => ShapeKind::Simple(s),
                None => {
                    return Err(
                        self.err(&format!("{path}.type"), format!("expected a Smithy shape type, found `{other}`"))
                    )
                }
            },
        };
        Ok(Shape { kind, traits })
    }
}

/// Reads a model from its JSON AST. `file` names it in errors.
pub fn from_json(file: &str, value: &Value) -> Result<Model> {
    let r = Reader { file };
    let root = r.object(value, "$")?;
    match root.get("smithy") {
        Some(Value::String(v)) if v.starts_with('2') => {}
        Some(other) => return Err(r.err("$.smithy", format!("expected version \"2.0\", found {other}"))),
        None => return Err(r.err("$", "expected a `smithy` version")),
    }
    let mut model = Model::default();
    if let Some(meta) = root.get("metadata") {
        model.metadata = r.object(meta, "$.metadata")?.iter().map(|(k, v)| (k.clone(), v.clone())).collect();
    }
    if let Some(shapes) = root.get("shapes") {
        for (id, v) in r.object(shapes, "$.shapes")? {
            let path = format!("$.shapes[\"{id}\"]");
            if !id.contains('#') {
                return Err(r.err(&path, "expected an absolute shape id `namespace#Name`"));
            }
            model.shapes.insert(id.clone(), r.shape(v, &path)?);
        }
    }
    Ok(model)
}

fn kind_of(v: &Value) -> &'static str {
    match v {
        Value::Null => "null",
        Value::Bool(_) => "a boolean",
        Value::Number(_) => "a number",
        Value::String(_) => "a string",
        Value::Array(_) => "an array",
        Value::Object(_) => "an object",
    }
}

fn member_json(m: &Member) -> Value {
    let mut o = Map::new();
    o.insert("target".into(), Value::String(m.target.clone()));
    if !m.traits.is_empty() {
        o.insert("traits".into(), traits_json(&m.traits));
    }
    Value::Object(o)
}

fn traits_json(t: &Traits) -> Value {
    Value::Object(t.iter().map(|(k, v)| (k.clone(), v.clone())).collect())
}

fn targets_json(ids: &[String]) -> Value {
    Value::Array(ids.iter().map(|t| json!({ "target": t })).collect())
}

/// Writes a model as a JSON AST document.
/// An enum's or intEnum's members: each targets `Unit` and carries its value.
fn enum_members<'a>(values: impl Iterator<Item = (&'a String, Value)>) -> Value {
    Value::Object(
        values
            .map(|(name, value)| {
                (name.clone(), json!({ "target": "smithy.api#Unit", "traits": { super::traits::ENUM_VALUE: value } }))
            })
            .collect(),
    )
}

pub fn to_json(model: &Model) -> String {
    let mut shapes = Map::new();
    for (id, shape) in &model.shapes {
        let mut o = Map::new();
        o.insert("type".into(), Value::String(shape.kind.type_name().into()));
        match &shape.kind {
            ShapeKind::Simple(_) => {}
            ShapeKind::Enum(values) => {
                o.insert("members".into(), enum_members(values.iter().map(|(n, v)| (n, json!(v)))));
            }
            ShapeKind::IntEnum(values) => {
                o.insert("members".into(), enum_members(values.iter().map(|(n, v)| (n, json!(v)))));
            }
            ShapeKind::Structure(members) | ShapeKind::Union(members) => {
                o.insert(
                    "members".into(),
                    Value::Object(members.iter().map(|(n, m)| (n.clone(), member_json(m))).collect()),
                );
            }
            ShapeKind::List(m) => {
                o.insert("member".into(), member_json(m));
            }
            ShapeKind::Map { key, value } => {
                o.insert("key".into(), member_json(key));
                o.insert("value".into(), member_json(value));
            }
            ShapeKind::Operation { input, output, errors } => {
                if let Some(i) = input {
                    o.insert("input".into(), json!({ "target": i }));
                }
                if let Some(out) = output {
                    o.insert("output".into(), json!({ "target": out }));
                }
                if !errors.is_empty() {
                    o.insert("errors".into(), targets_json(errors));
                }
            }
            ShapeKind::Resource(properties) => {
                for (k, v) in properties {
                    o.insert(k.clone(), v.clone());
                }
            }
            ShapeKind::Service { version, operations, resources, errors } => {
                o.insert("version".into(), Value::String(version.clone()));
                o.insert("operations".into(), targets_json(operations));
                if !resources.is_empty() {
                    o.insert("resources".into(), targets_json(resources));
                }
                if !errors.is_empty() {
                    o.insert("errors".into(), targets_json(errors));
                }
            }
        }
        if !shape.traits.is_empty() {
            o.insert("traits".into(), traits_json(&shape.traits));
        }
        shapes.insert(id.clone(), Value::Object(o));
    }
    let mut root = Map::new();
    root.insert("smithy".into(), Value::String("2.0".into()));
    if !model.metadata.is_empty() {
        root.insert(
            "metadata".into(),
            Value::Object(model.metadata.iter().map(|(k, v)| (k.clone(), v.clone())).collect()),
        );
    }
    root.insert("shapes".into(), Value::Object(shapes));
    let mut text = serde_json::to_string_pretty(&Value::Object(root)).unwrap_or_default();
    text.push('\n');
    text
}
