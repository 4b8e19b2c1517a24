//! JMESPath evaluation over [`Document`]s, for waiter acceptors. The generator
//! parses each path of the model (rejecting malformed ones) and emits the tree
//! as a constant [`Expr`], so nothing is parsed at run time.

use crate::Document;
use std::cmp::Ordering;
use std::collections::BTreeMap;

/// A JMESPath expression, as the generator emits it.
#[derive(Debug, Clone, Copy, PartialEq)]
pub enum Expr {
    /// `@`: the current node.
    Current,
    /// A field of an object.
    Field(&'static str),
    /// `left.right`: `right` on what `left` gives.
    Subexpr(&'static Expr, &'static Expr),
    /// `[N]`: an element of an array, counted from the end when negative.
    Index(i64),
    /// `[start:stop:step]`.
    Slice(Option<i64>, Option<i64>, Option<i64>),
    /// `left[*].each`: `each` over the elements of an array, without nulls.
    ListProjection(&'static Expr, &'static Expr),
    /// `left.*.each`: `each` over the values of an object, without nulls.
    ObjectProjection(&'static Expr, &'static Expr),
    /// `list[?condition].each`.
    FilterProjection(&'static Expr, &'static Expr, &'static Expr),
    /// `left[]`: one level of nested arrays merged in.
    Flatten(&'static Expr),
    /// `[a, b]`.
    MultiSelectList(&'static [Expr]),
    /// `{key: a}`.
    MultiSelectHash(&'static [(&'static str, Expr)]),
    /// A literal value.
    Literal(Literal),
    /// A comparison.
    Compare(Comparison, &'static Expr, &'static Expr),
    /// `left && right`.
    And(&'static Expr, &'static Expr),
    /// `left || right`.
    Or(&'static Expr, &'static Expr),
    /// `!operand`.
    Not(&'static Expr),
    /// `left | right`.
    Pipe(&'static Expr, &'static Expr),
    /// A function call.
    Function(Function, &'static [Expr]),
    /// `&expression`, a function's unevaluated argument.
    ExpressionRef(&'static Expr),
}

/// A literal of a path, as a constant.
#[derive(Debug, Clone, Copy, PartialEq)]
pub enum Literal {
    /// `null`.
    Null,
    /// `true` or `false`.
    Bool(bool),
    /// An integer.
    Integer(i64),
    /// Any other number.
    Double(f64),
    /// A string.
    String(&'static str),
    /// An array.
    Array(&'static [Literal]),
    /// An object.
    Object(&'static [(&'static str, Literal)]),
}

impl Literal {
    fn to_document(self) -> Document {
        match self {
            Literal::Null => Document::Null,
            Literal::Bool(b) => Document::Bool(b),
            Literal::Integer(n) => Document::Integer(n),
            Literal::Double(n) => Document::Double(n),
            Literal::String(s) => Document::String(s.to_owned()),
            Literal::Array(items) => Document::Array(items.iter().map(|i| i.to_document()).collect()),
            Literal::Object(entries) => {
                Document::Object(entries.iter().map(|(k, v)| ((*k).to_owned(), v.to_document())).collect())
            }
        }
    }
}

/// A comparison operator.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Comparison {
    /// `==`, on any values.
    Equal,
    /// `!=`, on any values.
    NotEqual,
    /// `<`, on two numbers or two strings (by code point), as the reference
    /// implementation does; `null` otherwise.
    Less,
    /// `<=`, likewise.
    LessOrEqual,
    /// `>`, likewise.
    Greater,
    /// `>=`, likewise.
    GreaterOrEqual,
}

/// The built-in functions of the JMESPath specification.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
#[allow(missing_docs)]
pub enum Function {
    Abs,
    Avg,
    Ceil,
    Contains,
    EndsWith,
    Floor,
    Join,
    Keys,
    Length,
    Map,
    Max,
    MaxBy,
    Merge,
    Min,
    MinBy,
    NotNull,
    Reverse,
    Sort,
    SortBy,
    StartsWith,
    Sum,
    ToArray,
    ToNumber,
    ToString,
    Type,
    Values,
}

/// Why a path could not be evaluated: a function met a value of a type it
/// does not take (the specification's `invalid-type` error).
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct SearchError(pub String);

impl std::fmt::Display for SearchError {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.write_str(&self.0)
    }
}

impl std::error::Error for SearchError {}

/// Evaluates `expr` on `value`.
pub fn search(expr: &Expr, value: &Document) -> Result<Document, SearchError> {
    Ok(match *expr {
        Expr::Current => value.clone(),
        Expr::Field(name) => match value {
            Document::Object(map) => map.get(name).cloned().unwrap_or(Document::Null),
            _ => Document::Null,
        },
        Expr::Subexpr(left, right) => search(right, &search(left, value)?)?,
        Expr::Index(index) => match value {
            Document::Array(items) => {
                let at = if index < 0 { items.len() as i64 + index } else { index };
                usize::try_from(at).ok().and_then(|at| items.get(at)).cloned().unwrap_or(Document::Null)
            }
            _ => Document::Null,
        },
        Expr::Slice(start, stop, step) => match value {
            Document::Array(items) => Document::Array(slice(items, start, stop, step.unwrap_or(1))),
            _ => Document::Null,
        },
        Expr::ListProjection(list, each) => match search(list, value)? {
            Document::Array(items) => project(items.iter(), each)?,
            _ => Document::Null,
        },
        Expr::ObjectProjection(object, each) => match search(object, value)? {
            Document::Object(map) => project(map.values(), each)?,
            _ => Document::Null,
        },
        Expr::FilterProjection(list, condition, each) => match search(list, value)? {
            Document::Array(items) => {
                let mut kept = Vec::new();
                for item in &items {
                    if is_truthy(&search(condition, item)?) {
                        kept.push(item);
                    }
                }
                project(kept.into_iter(), each)?
            }
            _ => Document::Null,
        },
        Expr::Flatten(list) => match search(list, value)? {
            Document::Array(items) => {
                let mut flat = Vec::with_capacity(items.len());
                for item in items {
                    match item {
                        Document::Array(inner) => flat.extend(inner),
                        other => flat.push(other),
                    }
                }
                Document::Array(flat)
            }
            _ => Document::Null,
        },
        Expr::MultiSelectList(items) => match value {
            Document::Null => Document::Null,
            _ => Document::Array(items.iter().map(|e| search(e, value)).collect::<Result<_, _>>()?),
        },
        Expr::MultiSelectHash(entries) => match value {
            Document::Null => Document::Null,
            _ => Document::Object(
                entries.iter().map(|(k, e)| Ok(((*k).to_owned(), search(e, value)?))).collect::<Result<_, _>>()?,
            ),
        },
        Expr::Literal(literal) => literal.to_document(),
        Expr::Compare(comparison, left, right) => compare(comparison, &search(left, value)?, &search(right, value)?),
        Expr::And(left, right) => {
            let left = search(left, value)?;
            if is_truthy(&left) {
                search(right, value)?
            } else {
                left
            }
        }
        Expr::Or(left, right) => {
            let left = search(left, value)?;
            if is_truthy(&left) {
                left
            } else {
                search(right, value)?
            }
        }
        Expr::Not(operand) => Document::Bool(!is_truthy(&search(operand, value)?)),
        Expr::Pipe(left, right) => search(right, &search(left, value)?)?,
        Expr::Function(function, arguments) => call(function, arguments, value)?,
        Expr::ExpressionRef(_) => {
            return Err(SearchError("an expression reference (`&…`) is only a function's argument".to_owned()))
        }
    })
}

/// JMESPath truthiness: `null`, `false`, and empty strings, arrays and objects are false.
pub fn is_truthy(value: &Document) -> bool {
    match value {
        Document::Null => false,
        Document::Bool(b) => *b,
        Document::String(s) => !s.is_empty(),
        Document::Array(items) => !items.is_empty(),
        Document::Object(map) => !map.is_empty(),
        Document::Integer(_) | Document::Double(_) => true,
    }
}

fn project<'v>(items: impl Iterator<Item = &'v Document>, each: &Expr) -> Result<Document, SearchError> {
    let mut out = Vec::new();
    for item in items {
        let value = search(each, item)?;
        if value != Document::Null {
            out.push(value);
        }
    }
    Ok(Document::Array(out))
}

/// Python's slice semantics, which JMESPath adopts.
fn slice(items: &[Document], start: Option<i64>, stop: Option<i64>, step: i64) -> Vec<Document> {
    let len = items.len() as i64;
    let clamp = |at: i64| {
        if at < 0 {
            let from_end = at + len;
            if from_end < 0 {
                if step < 0 {
                    -1
                } else {
                    0
                }
            } else {
                from_end
            }
        } else if at >= len {
            if step < 0 {
                len - 1
            } else {
                len
            }
        } else {
            at
        }
    };
    let start = start.map_or(if step < 0 { len - 1 } else { 0 }, clamp);
    let stop = stop.map_or(if step < 0 { -1 } else { len }, clamp);
    let mut out = Vec::new();
    let mut at = start;
    while (step > 0 && at < stop) || (step < 0 && at > stop) {
        if let Some(item) = usize::try_from(at).ok().and_then(|i| items.get(i)) {
            out.push(item.clone());
        }
        match at.checked_add(step) {
            Some(next) => at = next,
            None => break,
        }
    }
    out
}

fn number(value: &Document) -> Option<f64> {
    match value {
        Document::Integer(n) => Some(*n as f64),
        Document::Double(n) => Some(*n),
        _ => None,
    }
}

/// Equality as JMESPath defines it: numbers by value, whatever their form.
fn equal(left: &Document, right: &Document) -> bool {
    match (left, right) {
        (Document::Integer(a), Document::Integer(b)) => a == b,
        (Document::Array(a), Document::Array(b)) => a.len() == b.len() && a.iter().zip(b).all(|(a, b)| equal(a, b)),
        (Document::Object(a), Document::Object(b)) => {
            a.len() == b.len() && a.iter().all(|(k, v)| b.get(k).is_some_and(|w| equal(v, w)))
        }
        _ => match (number(left), number(right)) {
            (Some(a), Some(b)) => a == b,
            _ => left == right,
        },
    }
}

fn compare(comparison: Comparison, left: &Document, right: &Document) -> Document {
    match comparison {
        Comparison::Equal => Document::Bool(equal(left, right)),
        Comparison::NotEqual => Document::Bool(!equal(left, right)),
        _ => {
            let ordering = match (left, right) {
                (Document::String(a), Document::String(b)) => Some(a.cmp(b)),
                _ => match (number(left), number(right)) {
                    (Some(a), Some(b)) => a.partial_cmp(&b),
                    _ => None,
                },
            };
            ordering.map_or(Document::Null, |o| {
                Document::Bool(match comparison {
                    Comparison::Less => o.is_lt(),
                    Comparison::LessOrEqual => o.is_le(),
                    Comparison::Greater => o.is_gt(),
                    _ => o.is_ge(),
                })
            })
        }
    }
}

fn type_name(value: &Document) -> &'static str {
    match value {
        Document::Null => "null",
        Document::Bool(_) => "boolean",
        Document::Integer(_) | Document::Double(_) => "number",
        Document::String(_) => "string",
        Document::Array(_) => "array",
        Document::Object(_) => "object",
    }
}

fn invalid(function: Function, expected: &str, found: &Document) -> SearchError {
    SearchError(format!("{function:?}: expected {expected}, found {}", type_name(found)))
}

/// A number as a document: an integer when it is whole and in range.
fn number_document(n: f64) -> Document {
    if n.fract() == 0.0 && n.abs() < 9.0e15 {
        Document::Integer(n as i64)
    } else {
        Document::Double(n)
    }
}

/// Orders two values of one sortable type (numbers, or strings).
fn order(function: Function, a: &Document, b: &Document) -> Result<Ordering, SearchError> {
    match (a, b) {
        (Document::String(a), Document::String(b)) => Ok(a.cmp(b)),
        _ => match (number(a), number(b)) {
            (Some(x), Some(y)) => Ok(x.partial_cmp(&y).unwrap_or(Ordering::Equal)),
            _ => Err(invalid(function, "numbers or strings, all of one type", if number(a).is_some() { b } else { a })),
        },
    }
}

fn numbers(function: Function, value: &Document) -> Result<Vec<f64>, SearchError> {
    match value {
        Document::Array(items) => {
            items.iter().map(|i| number(i).ok_or_else(|| invalid(function, "an array of numbers", i))).collect()
        }
        other => Err(invalid(function, "an array of numbers", other)),
    }
}

fn array(function: Function, value: Document) -> Result<Vec<Document>, SearchError> {
    match value {
        Document::Array(items) => Ok(items),
        other => Err(invalid(function, "an array", &other)),
    }
}

fn string(function: Function, value: &Document) -> Result<&str, SearchError> {
    match value {
        Document::String(s) => Ok(s),
        other => Err(invalid(function, "a string", other)),
    }
}

/// The value `key` gives for each item, checked to be one sortable type.
fn keyed(function: Function, items: Vec<Document>, key: &Expr) -> Result<Vec<(Document, Document)>, SearchError> {
    let mut out = Vec::with_capacity(items.len());
    for item in items {
        let k = search(key, &item)?;
        if !matches!(k, Document::String(_) | Document::Integer(_) | Document::Double(_)) {
            return Err(invalid(function, "a key expression giving numbers or strings", &k));
        }
        if let Some((first, _)) = out.first() {
            order(function, first, &k)?;
        }
        out.push((k, item));
    }
    Ok(out)
}

fn call(function: Function, arguments: &'static [Expr], value: &Document) -> Result<Document, SearchError> {
    let reference = |i: usize| match arguments.get(i) {
        Some(Expr::ExpressionRef(e)) => Ok(*e),
        _ => Err(SearchError(format!("{function:?}: argument {} must be an expression reference", i + 1))),
    };
    let mut values = Vec::with_capacity(arguments.len());
    for argument in arguments {
        values.push(match argument {
            Expr::ExpressionRef(_) => Document::Null,
            other => search(other, value)?,
        });
    }
    let first = values.first().cloned().unwrap_or(Document::Null);
    let second = values.get(1).cloned().unwrap_or(Document::Null);
    Ok(match function {
        Function::Abs => match first {
            Document::Integer(n) => Document::Integer(n.saturating_abs()),
            Document::Double(n) => Document::Double(n.abs()),
            other => return Err(invalid(function, "a number", &other)),
        },
        Function::Avg => {
            let ns = numbers(function, &first)?;
            if ns.is_empty() {
                Document::Null
            } else {
                Document::Double(ns.iter().sum::<f64>() / ns.len() as f64)
            }
        }
        Function::Ceil | Function::Floor => {
            let n = number(&first).ok_or_else(|| invalid(function, "a number", &first))?;
            number_document(if function == Function::Ceil { n.ceil() } else { n.floor() })
        }
        Function::Contains => Document::Bool(match (&first, &second) {
            (Document::Array(items), search) => items.iter().any(|i| equal(i, search)),
            (Document::String(s), Document::String(search)) => s.contains(search.as_str()),
            (Document::String(_), _) => false,
            (other, _) => return Err(invalid(function, "an array or a string", other)),
        }),
        Function::EndsWith => Document::Bool(string(function, &first)?.ends_with(string(function, &second)?)),
        Function::StartsWith => Document::Bool(string(function, &first)?.starts_with(string(function, &second)?)),
        Function::Join => {
            let glue = string(function, &first)?;
            let parts = array(function, second)?;
            let mut joined = String::new();
            for (i, part) in parts.iter().enumerate() {
                if i > 0 {
                    joined.push_str(glue);
                }
                joined.push_str(string(function, part)?);
            }
            Document::String(joined)
        }
        Function::Keys => match first {
            Document::Object(map) => Document::Array(map.into_keys().map(Document::String).collect()),
            other => return Err(invalid(function, "an object", &other)),
        },
        Function::Values => match first {
            Document::Object(map) => Document::Array(map.into_values().collect()),
            other => return Err(invalid(function, "an object", &other)),
        },
        Function::Length => Document::Integer(match &first {
            Document::String(s) => s.chars().count() as i64,
            Document::Array(items) => items.len() as i64,
            Document::Object(map) => map.len() as i64,
            other => return Err(invalid(function, "a string, an array or an object", other)),
        }),
        Function::Map => {
            let each = reference(0)?;
            let items = array(function, second)?;
            Document::Array(items.iter().map(|i| search(each, i)).collect::<Result<_, _>>()?)
        }
        Function::Max | Function::Min => {
            let items = array(function, first)?;
            let mut best: Option<Document> = None;
            for item in items {
                if !matches!(item, Document::String(_) | Document::Integer(_) | Document::Double(_)) {
                    return Err(invalid(function, "an array of numbers or of strings", &item));
                }
                best = Some(match best {
                    None => item,
                    Some(b) => {
                        let ordering = order(function, &item, &b)?;
                        let better = if function == Function::Max { ordering.is_gt() } else { ordering.is_lt() };
                        if better {
                            item
                        } else {
                            b
                        }
                    }
                });
            }
            best.unwrap_or(Document::Null)
        }
        Function::MaxBy | Function::MinBy => {
            let key = reference(1)?;
            let mut best: Option<(Document, Document)> = None;
            for (k, item) in keyed(function, array(function, first)?, key)? {
                best = Some(match best {
                    None => (k, item),
                    Some((bk, b)) => {
                        let ordering = order(function, &k, &bk)?;
                        let better = if function == Function::MaxBy { ordering.is_gt() } else { ordering.is_lt() };
                        if better {
                            (k, item)
                        } else {
                            (bk, b)
                        }
                    }
                });
            }
            best.map_or(Document::Null, |(_, item)| item)
        }
        Function::Merge => {
            let mut merged = BTreeMap::new();
            for value in values {
                match value {
                    Document::Object(map) => merged.extend(map),
                    other => return Err(invalid(function, "objects", &other)),
                }
            }
            Document::Object(merged)
        }
        Function::NotNull => values.into_iter().find(|v| *v != Document::Null).unwrap_or(Document::Null),
        Function::Reverse => match first {
            Document::Array(mut items) => {
                items.reverse();
                Document::Array(items)
            }
            Document::String(s) => Document::String(s.chars().rev().collect()),
            other => return Err(invalid(function, "an array or a string", &other)),
        },
        Function::Sort => {
            let mut items = array(function, first)?;
            if let Some(bad) =
                items.iter().find(|i| !matches!(i, Document::String(_) | Document::Integer(_) | Document::Double(_)))
            {
                return Err(invalid(function, "an array of numbers or of strings", bad));
            }
            let mut failed = None;
            items.sort_by(|a, b| {
                order(function, a, b).unwrap_or_else(|e| {
                    failed.get_or_insert(e);
                    Ordering::Equal
                })
            });
            if let Some(e) = failed {
                return Err(e);
            }
            Document::Array(items)
        }
        Function::SortBy => {
            let mut pairs = keyed(function, array(function, first)?, reference(1)?)?;
            let mut failed = None;
            pairs.sort_by(|(a, _), (b, _)| {
                order(function, a, b).unwrap_or_else(|e| {
                    failed.get_or_insert(e);
                    Ordering::Equal
                })
            });
            if let Some(e) = failed {
                return Err(e);
            }
            Document::Array(pairs.into_iter().map(|(_, item)| item).collect())
        }
        Function::Sum => number_document(numbers(function, &first)?.iter().sum()),
        Function::ToArray => match first {
            Document::Array(items) => Document::Array(items),
            other => Document::Array(vec![other]),
        },
        Function::ToNumber => match first {
            Document::Integer(_) | Document::Double(_) => first,
            Document::String(s) => match s.parse::<i64>() {
                Ok(n) => Document::Integer(n),
                Err(_) => s.parse::<f64>().ok().filter(|n| n.is_finite()).map_or(Document::Null, Document::Double),
            },
            _ => Document::Null,
        },
        Function::ToString => match first {
            Document::String(s) => Document::String(s),
            other => Document::String(crate::to_string(&other)),
        },
        Function::Type => Document::String(type_name(&first).to_owned()),
    })
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::ReadJson;

    fn doc(json: &str) -> Document {
        Document::read_json(&mut crate::JsonReader::new(json)).unwrap()
    }

    const PEOPLE: &str = r#"{"people": [
        {"name": "b", "age": 30, "tags": ["x"]},
        {"name": "a", "age": 25.5, "tags": ["y", "x"]},
        {"name": "c", "age": null, "tags": []}
    ], "status": "ACTIVE", "counts": {"p": 1, "q": 2}}"#;

    fn run(expr: &'static Expr) -> Document {
        search(expr, &doc(PEOPLE)).unwrap()
    }

    #[test]
    fn fields_indexes_and_slices() {
        assert_eq!(run(&Expr::Field("status")), doc(r#""ACTIVE""#));
        assert_eq!(run(&Expr::Field("missing")), Document::Null);
        const LAST: Expr = Expr::Subexpr(&Expr::Field("people"), &Expr::Index(-1));
        assert_eq!(search(&Expr::Subexpr(&LAST, &Expr::Field("name")), &doc(PEOPLE)).unwrap(), doc(r#""c""#));
        let items = doc("[0, 1, 2, 3, 4, 5]");
        type Bounds = (Option<i64>, Option<i64>, Option<i64>);
        let cases: [(Bounds, &str); 7] = [
            ((Some(1), Some(3), None), "[1, 2]"),
            ((None, None, Some(-1)), "[5, 4, 3, 2, 1, 0]"),
            ((Some(-2), None, None), "[4, 5]"),
            ((Some(10), None, Some(-2)), "[5, 3, 1]"),
            ((None, Some(-10), None), "[]"),
            ((Some(1), None, Some(i64::MAX)), "[1]"),
            ((Some(i64::MIN), Some(i64::MAX), Some(i64::MIN)), "[]"),
        ];
        for ((start, stop, step), expected) in cases {
            let expr = Expr::Slice(start, stop, step);
            assert_eq!(search(&expr, &items).unwrap(), doc(expected), "{start:?}:{stop:?}:{step:?}");
        }
    }

    #[test]
    fn projections_drop_nulls_and_filters_keep_what_meets_the_condition() {
        let ages = Expr::ListProjection(&Expr::Field("people"), &Expr::Field("age"));
        assert_eq!(search(&ages, &doc(PEOPLE)).unwrap(), doc("[30, 25.5]"));
        let tags = Expr::ListProjection(
            &Expr::Flatten(&Expr::ListProjection(&Expr::Field("people"), &Expr::Field("tags"))),
            &Expr::Current,
        );
        assert_eq!(search(&tags, &doc(PEOPLE)).unwrap(), doc(r#"["x", "y", "x"]"#));
        const OVER_26: Expr =
            Expr::Compare(Comparison::Greater, &Expr::Field("age"), &Expr::Literal(Literal::Integer(26)));
        let names = Expr::FilterProjection(&Expr::Field("people"), &OVER_26, &Expr::Field("name"));
        assert_eq!(search(&names, &doc(PEOPLE)).unwrap(), doc(r#"["b"]"#));
        let values = Expr::ObjectProjection(&Expr::Field("counts"), &Expr::Current);
        assert_eq!(search(&values, &doc(PEOPLE)).unwrap(), doc("[1, 2]"));
        assert_eq!(run(&Expr::ListProjection(&Expr::Field("status"), &Expr::Current)), Document::Null);
    }

    #[test]
    fn comparisons_and_logic_follow_the_truthiness_rules() {
        const ONE: Expr = Expr::Literal(Literal::Integer(1));
        const ONE_POINT_ZERO: Expr = Expr::Literal(Literal::Double(1.0));
        const ONE_TEXT: Expr = Expr::Literal(Literal::String("1"));
        let equal = |a: &'static Expr, b: &'static Expr| {
            search(&Expr::Compare(Comparison::Equal, a, b), &Document::Null).unwrap()
        };
        assert_eq!(equal(&ONE, &ONE_POINT_ZERO), Document::Bool(true));
        assert_eq!(equal(&ONE_TEXT, &ONE), Document::Bool(false));
        let less =
            Expr::Compare(Comparison::Less, &Expr::Literal(Literal::String("a")), &Expr::Literal(Literal::String("b")));
        assert_eq!(search(&less, &Document::Null).unwrap(), Document::Bool(true));
        let mixed =
            Expr::Compare(Comparison::Less, &Expr::Literal(Literal::String("a")), &Expr::Literal(Literal::Integer(1)));
        assert_eq!(search(&mixed, &Document::Null).unwrap(), Document::Null);
        let or = Expr::Or(&Expr::Literal(Literal::Array(&[])), &Expr::Literal(Literal::String("x")));
        assert_eq!(search(&or, &Document::Null).unwrap(), doc(r#""x""#));
        let and = Expr::And(&Expr::Literal(Literal::Integer(0)), &Expr::Literal(Literal::Bool(false)));
        assert_eq!(search(&and, &Document::Null).unwrap(), Document::Bool(false));
        assert_eq!(
            search(&Expr::Not(&Expr::Literal(Literal::String(""))), &Document::Null).unwrap(),
            Document::Bool(true)
        );
    }

    #[test]
    fn functions_compute_and_reject_wrong_types() {
        let cases: [(Expr, &str); 8] = [
            (Expr::Function(Function::Length, &[Expr::Field("people")]), "3"),
            (Expr::Function(Function::Keys, &[Expr::Field("counts")]), r#"["p", "q"]"#),
            (Expr::Function(Function::Sum, &[Expr::ObjectProjection(&Expr::Field("counts"), &Expr::Current)]), "3"),
            (
                Expr::Function(Function::SortBy, &[Expr::Field("people"), Expr::ExpressionRef(&Expr::Field("name"))]),
                r#"[{"name": "a", "age": 25.5, "tags": ["y", "x"]}, {"name": "b", "age": 30, "tags": ["x"]}, {"name": "c", "age": null, "tags": []}]"#,
            ),
            (
                Expr::Function(Function::Map, &[Expr::ExpressionRef(&Expr::Field("age")), Expr::Field("people")]),
                "[30, 25.5, null]",
            ),
            (
                Expr::Function(Function::Contains, &[Expr::Field("status"), Expr::Literal(Literal::String("TIV"))]),
                "true",
            ),
            (Expr::Function(Function::NotNull, &[Expr::Field("nope"), Expr::Field("status")]), r#""ACTIVE""#),
            (Expr::Function(Function::ToString, &[Expr::Field("counts")]), r#""{\"p\":1,\"q\":2}""#),
        ];
        for (expr, expected) in cases {
            assert_eq!(search(&expr, &doc(PEOPLE)).unwrap(), doc(expected), "{expr:?}");
        }
        let max_by =
            Expr::Function(Function::MaxBy, &[Expr::Field("people"), Expr::ExpressionRef(&Expr::Field("age"))]);
        let error = search(&max_by, &doc(PEOPLE)).unwrap_err();
        assert!(error.0.contains("MaxBy") && error.0.contains("null"), "{error}");
        let length = Expr::Function(Function::Length, &[Expr::Literal(Literal::Integer(5))]);
        assert!(search(&length, &doc(PEOPLE)).unwrap_err().0.contains("found number"));
    }
}
