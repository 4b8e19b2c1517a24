//! The waiters' JMESPath, end to end: each expression of
//! `tests/jmespath/cases.json` is parsed by the generator, turned into the
//! runtime's tree as the emitted constants would be, and evaluated by the
//! runtime; the reference implementation (Python's `jmespath`, which comes with
//! boto3) evaluates the same cases, and the two must agree: on the value, on a
//! type error, or on a malformed expression.

use sagemaker_api::runtime::client::jmespath as runtime;
use sagemaker_api::runtime::Document;
use sagemaker_codegen::smithy::jmespath as parser;
use sagemaker_tests::root;
use serde_json::Value;
use std::io::Write;
use std::process::{Command, Stdio};

/// What evaluating a case gives, in terms both implementations share.
#[derive(Debug, Clone)]
enum Outcome {
    Value(Value),
    /// A function met a value of a type it does not take.
    TypeError,
    /// The expression does not parse (or calls an unknown function, or with
    /// the wrong number of arguments).
    Invalid,
}

impl PartialEq for Outcome {
    fn eq(&self, other: &Self) -> bool {
        match (self, other) {
            (Outcome::Value(a), Outcome::Value(b)) => same_json(a, b),
            (Outcome::TypeError, Outcome::TypeError) | (Outcome::Invalid, Outcome::Invalid) => true,
            _ => false,
        }
    }
}

/// JSON equality with numbers compared by value (`1` equals `1.0`).
fn same_json(a: &Value, b: &Value) -> bool {
    match (a, b) {
        (Value::Number(x), Value::Number(y)) => x.as_f64() == y.as_f64(),
        (Value::Array(x), Value::Array(y)) => x.len() == y.len() && x.iter().zip(y).all(|(x, y)| same_json(x, y)),
        (Value::Object(x), Value::Object(y)) => {
            x.len() == y.len() && x.iter().all(|(k, v)| y.get(k).is_some_and(|w| same_json(v, w)))
        }
        _ => a == b,
    }
}

fn leak<T>(value: T) -> &'static T {
    Box::leak(Box::new(value))
}

fn leak_str(text: &str) -> &'static str {
    Box::leak(text.to_owned().into_boxed_str())
}

fn leak_slice<T>(items: Vec<T>) -> &'static [T] {
    Box::leak(items.into_boxed_slice())
}

/// The runtime's function of the same name as the parser's.
fn function(f: parser::Function) -> runtime::Function {
    use runtime::Function::*;
    let all = [
        Abs, Avg, Ceil, Contains, EndsWith, Floor, Join, Keys, Length, Map, Max, MaxBy, Merge, Min, MinBy, NotNull,
        Reverse, Sort, SortBy, StartsWith, Sum, ToArray, ToNumber, ToString, Type, Values,
    ];
    all.into_iter()
        .find(|r| format!("{r:?}") == format!("{f:?}"))
        .unwrap_or_else(|| panic!("the runtime has no function {f:?}"))
}

fn literal(value: &Value) -> runtime::Literal {
    match value {
        Value::Null => runtime::Literal::Null,
        Value::Bool(b) => runtime::Literal::Bool(*b),
        Value::Number(n) => match n.as_i64() {
            Some(i) => runtime::Literal::Integer(i),
            None => runtime::Literal::Double(n.as_f64().unwrap()),
        },
        Value::String(s) => runtime::Literal::String(leak_str(s)),
        Value::Array(items) => runtime::Literal::Array(leak_slice(items.iter().map(literal).collect())),
        Value::Object(map) => {
            runtime::Literal::Object(leak_slice(map.iter().map(|(k, v)| (leak_str(k), literal(v))).collect()))
        }
    }
}

/// The runtime tree the generator would emit for `expr` (without `@jsonName` keys).
fn tree(expr: &parser::Expr) -> runtime::Expr {
    use parser::Expr as P;
    use runtime::Expr as R;
    let boxed = |e: &P| leak(tree(e));
    match expr {
        P::Current => R::Current,
        P::Field(name) => R::Field(leak_str(name)),
        P::Subexpr(a, b) => R::Subexpr(boxed(a), boxed(b)),
        P::Index(i) => R::Index(*i),
        P::Slice { start, stop, step } => R::Slice(*start, *stop, *step),
        P::ListProjection(a, b) => R::ListProjection(boxed(a), boxed(b)),
        P::ObjectProjection(a, b) => R::ObjectProjection(boxed(a), boxed(b)),
        P::FilterProjection { list, condition, each } => {
            R::FilterProjection(boxed(list), boxed(condition), boxed(each))
        }
        P::Flatten(a) => R::Flatten(boxed(a)),
        P::MultiSelectList(items) => R::MultiSelectList(leak_slice(items.iter().map(tree).collect())),
        P::MultiSelectHash(entries) => {
            R::MultiSelectHash(leak_slice(entries.iter().map(|(k, v)| (leak_str(k), tree(v))).collect()))
        }
        P::Literal(value) => R::Literal(literal(value)),
        P::Compare(c, a, b) => {
            let c = match c {
                parser::Comparison::Equal => runtime::Comparison::Equal,
                parser::Comparison::NotEqual => runtime::Comparison::NotEqual,
                parser::Comparison::Less => runtime::Comparison::Less,
                parser::Comparison::LessOrEqual => runtime::Comparison::LessOrEqual,
                parser::Comparison::Greater => runtime::Comparison::Greater,
                parser::Comparison::GreaterOrEqual => runtime::Comparison::GreaterOrEqual,
            };
            R::Compare(c, boxed(a), boxed(b))
        }
        P::And(a, b) => R::And(boxed(a), boxed(b)),
        P::Or(a, b) => R::Or(boxed(a), boxed(b)),
        P::Not(a) => R::Not(boxed(a)),
        P::Pipe(a, b) => R::Pipe(boxed(a), boxed(b)),
        P::Function(f, arguments) => R::Function(function(*f), leak_slice(arguments.iter().map(tree).collect())),
        P::ExpressionRef(a) => R::ExpressionRef(boxed(a)),
    }
}

fn to_json(document: &Document) -> Value {
    serde_json::from_str(&sagemaker_api::runtime::to_string(document)).unwrap()
}

fn ours(given: &Document, expression: &str) -> Outcome {
    match parser::parse(expression) {
        Err(_) => Outcome::Invalid,
        Ok(expr) => match runtime::search(leak(tree(&expr)), given) {
            Ok(value) => Outcome::Value(to_json(&value)),
            Err(_) => Outcome::TypeError,
        },
    }
}

/// Python's `jmespath` on every case, in one process.
const REFERENCE: &str = r#"
import json, sys
import jmespath
from jmespath import exceptions
groups = json.load(sys.stdin)
out = []
for group in groups:
    for expression in group["cases"]:
        try:
            out.append({"value": jmespath.search(expression, group["given"])})
        except exceptions.JMESPathTypeError:
            out.append({"error": "type"})
        except (exceptions.ParseError, exceptions.UnknownFunctionError, ValueError):
            out.append({"error": "invalid"})
json.dump(out, sys.stdout)
"#;

fn reference(cases: &str) -> Vec<Outcome> {
    let mut child = Command::new("python3")
        .args(["-c", REFERENCE])
        .stdin(Stdio::piped())
        .stdout(Stdio::piped())
        .stderr(Stdio::piped())
        .spawn()
        .expect("python3 runs the reference JMESPath (`pip install jmespath`, which boto3 brings)");
    child.stdin.take().unwrap().write_all(cases.as_bytes()).unwrap();
    let output = child.wait_with_output().unwrap();
    assert!(output.status.success(), "the reference failed: {}", String::from_utf8_lossy(&output.stderr));
    let results: Vec<Value> = serde_json::from_slice(&output.stdout).unwrap();
    results
        .into_iter()
        .map(|r| match r.get("error").and_then(Value::as_str) {
            Some("type") => Outcome::TypeError,
            Some(_) => Outcome::Invalid,
            None => Outcome::Value(r["value"].clone()),
        })
        .collect()
}

#[test]
fn the_generator_and_runtime_agree_with_the_reference_jmespath() {
    let text = std::fs::read_to_string(root().join("tests/jmespath/cases.json")).unwrap();
    let groups: Vec<Value> = serde_json::from_str(&text).unwrap();
    let expected = reference(&text);
    let mut actual = Vec::new();
    let mut expressions = Vec::new();
    for group in &groups {
        let json = group["given"].to_string();
        let given = <Document as sagemaker_api::runtime::ReadJson>::read_json(
            &mut sagemaker_api::runtime::JsonReader::new(&json),
        )
        .unwrap_or_else(|e| panic!("the given document: {e}"));
        for expression in group["cases"].as_array().unwrap() {
            let expression = expression.as_str().unwrap();
            actual.push(ours(&given, expression));
            expressions.push(expression);
        }
    }
    assert_eq!(actual.len(), expected.len());
    let disagreements: Vec<String> = expressions
        .iter()
        .zip(actual.iter().zip(&expected))
        .filter(|(_, (a, e))| a != e)
        .map(|(x, (a, e))| format!("{x}\n    ours:      {a:?}\n    reference: {e:?}"))
        .collect();
    assert!(
        disagreements.is_empty(),
        "{} of {} cases disagree:\n{}",
        disagreements.len(),
        actual.len(),
        disagreements.join("\n")
    );
    let kinds = |f: fn(&Outcome) -> bool| expected.iter().filter(|o| f(o)).count();
    assert!(kinds(|o| matches!(o, Outcome::TypeError)) >= 5 && kinds(|o| matches!(o, Outcome::Invalid)) >= 5);
}

/// Random expressions, built from the grammar's pieces with a fixed seed, on a
/// document those pieces reach into: the parser must never panic, and every
/// expression both sides accept must give the same outcome on both.
#[test]
fn random_expressions_agree_with_the_reference_jmespath() {
    const FIELDS: [&str; 8] = ["a", "b", "c", "items", "name", "n", "tags", "missing"];
    const FUNCTIONS: [(&str, usize); 12] = [
        ("length", 1),
        ("keys", 1),
        ("values", 1),
        ("sort", 1),
        ("reverse", 1),
        ("to_array", 1),
        ("type", 1),
        ("not_null", 2),
        ("max", 1),
        ("sum", 1),
        ("starts_with", 2),
        ("join", 2),
    ];
    // Keys in sorted order: JSON objects are unordered, and `keys`, `values`
    // and `*` give theirs in the order the document keeps, which is the text's
    // for the reference and the sorted one for `Document`.
    let given = serde_json::json!({
        "a": {"b": {"c": [1, 2, 3]}, "n": 2.5, "name": "x"},
        "items": [
            {"n": 1, "name": "one", "tags": ["p", "q"]},
            {"n": 2, "name": "two", "tags": []},
            {"n": -3, "name": null, "tags": ["q"]},
            {"other": true}
        ],
        "n": 0,
        "tags": ["z", "y"]
    });
    let mut seed: u64 = 0x9e37_79b9_7f4a_7c15;
    let mut next = move |bound: usize| {
        seed = seed.wrapping_mul(6_364_136_223_846_793_005).wrapping_add(1_442_695_040_888_963_407);
        ((seed >> 33) as usize) % bound
    };
    fn expression(next: &mut dyn FnMut(usize) -> usize, depth: u32) -> String {
        let leaf = depth == 0 || next(3) == 0;
        if leaf {
            return match next(6) {
                0 => "@".to_owned(),
                1 => format!("`{}`", ["1", "\"q\"", "[1, 2]", "null", "true", "{\"k\": 1}"][next(6)]),
                2 => format!("'{}'", ["one", "p", ""][next(3)]),
                _ => FIELDS[next(FIELDS.len())].to_owned(),
            };
        }
        let e = |next: &mut dyn FnMut(usize) -> usize| expression(next, depth - 1);
        match next(16) {
            0 | 1 => format!("{}.{}", e(next), FIELDS[next(FIELDS.len())]),
            2 => format!("{}[*].{}", e(next), FIELDS[next(FIELDS.len())]),
            3 => format!("{}[]", e(next)),
            4 => format!("{}[{}]", e(next), ["0", "-1", "1:", "::-1", ":2:1"][next(5)]),
            5 => format!("{}[?{}]", e(next), e(next)),
            6 => format!("{} {} {}", e(next), ["==", "!=", "<", ">=", "&&", "||", "|"][next(7)], e(next)),
            7 => format!("!{}", e(next)),
            8 => format!("({})", e(next)),
            9 => format!("[{}, {}]", e(next), e(next)),
            10 => format!("{{k: {}, v: {}}}", e(next), e(next)),
            11 => format!("{}.*", e(next)),
            12 => format!("sort_by({}, &{})", e(next), FIELDS[next(FIELDS.len())]),
            13 => format!("map(&{}, {})", FIELDS[next(FIELDS.len())], e(next)),
            _ => {
                let (name, arity) = FUNCTIONS[next(FUNCTIONS.len())];
                let arguments: Vec<String> = (0..arity).map(|_| e(next)).collect();
                format!("{name}({})", arguments.join(", "))
            }
        }
    }
    let cases: Vec<String> = (0..1500).map(|_| expression(&mut next, 4)).collect();
    let text = serde_json::json!([{ "given": given, "cases": cases }]).to_string();
    let expected = reference(&text);
    let json = given.to_string();
    let document =
        <Document as sagemaker_api::runtime::ReadJson>::read_json(&mut sagemaker_api::runtime::JsonReader::new(&json))
            .unwrap();
    let mut agreed = 0;
    let mut disagreements = Vec::new();
    for (expression, reference) in cases.iter().zip(&expected) {
        let ours = ours(&document, expression);
        if ours == *reference {
            agreed += 1;
        } else {
            disagreements.push(format!("{expression}\n    ours:      {ours:?}\n    reference: {reference:?}"));
        }
    }
    assert!(
        disagreements.is_empty(),
        "{} of {} random expressions disagree:\n{}",
        disagreements.len(),
        cases.len(),
        disagreements.join("\n")
    );
    let values = expected.iter().filter(|o| matches!(o, Outcome::Value(v) if !v.is_null())).count();
    assert!(agreed == cases.len() && values > cases.len() / 4, "{values} non-null values");
}
