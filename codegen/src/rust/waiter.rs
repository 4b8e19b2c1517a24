//! Waiters: the `wait_until_<name>` client methods of an operation's
//! `smithy.waiters#waitable` trait, with each acceptor path parsed here and
//! emitted as a constant JMESPath tree for the runtime to evaluate.
//!
//! Paths name members, but the runtime evaluates them over the wire JSON, so a
//! field that reaches a member written under `@jsonName` is emitted with that
//! key. The shape a field reaches is followed through subexpressions,
//! projections, indexes, filters, pipes and the functions that keep or pick
//! elements; where the path leaves the model (a multi-select, a literal), names
//! stay as written.

use super::symbols::Symbols;
use crate::smithy::jmespath::{self, Comparison, Expr, Function};
use crate::smithy::{shape_name, traits, ShapeKind};
use proc_macro2::{Literal, TokenStream};
use quote::quote;
use serde_json::Value;

/// The `wait_until_<name>` methods of operation `id`. The validator has checked
/// every acceptor's state, matcher kind and path.
pub fn methods(symbols: &Symbols<'_>, id: &str, input_ty: &TokenStream, output_ty: &TokenStream) -> Vec<TokenStream> {
    let model = symbols.model();
    let Some(waitable) = model.shapes[id].traits.get(traits::WAITABLE).and_then(Value::as_object) else {
        return Vec::new();
    };
    let (input, output) = match &model.shapes[id].kind {
        ShapeKind::Operation { input, output, .. } => (input.as_deref(), output.as_deref()),
        _ => (None, None),
    };
    let shapes = Shapes { symbols, input, output };
    let op = symbols.operation_ident(id);
    let operation = shape_name(id);
    let mut methods = Vec::new();
    for (name, waiter) in waitable {
        let acceptors: Vec<TokenStream> = waiter
            .get("acceptors")
            .and_then(Value::as_array)
            .map(|a| a.iter().map(|acceptor| shapes.acceptor(acceptor)).collect())
            .unwrap_or_default();
        let min_delay = waiter.get("minDelay").and_then(Value::as_u64).unwrap_or(2);
        let max_delay = waiter.get("maxDelay").and_then(Value::as_u64).unwrap_or(120);
        let method = symbols.waiter_ident(name);
        let call = symbols.method_ident(id);
        let mut doc_lines = vec![format!(
            "Calls [`{call}`](Self::{call}) until the `{name}` waiter's acceptors say it is done, or `max_wait` passes."
        )];
        if let Some(doc) = waiter.get("documentation").and_then(Value::as_str) {
            doc_lines.push(String::new());
            doc_lines.extend(super::docs::to_markdown(doc));
        }
        doc_lines.push(String::new());
        doc_lines.push(format!(
            "Polls `{operation}` every {min_delay} s at first, backing off up to {max_delay} s between calls."
        ));
        let doc = super::doc_lines(&doc_lines);
        methods.push(quote! {
            #doc
            #[inline]
            pub fn #method(
                &self,
                input: #input_ty,
                max_wait: ::std::time::Duration,
            ) -> crate::runtime::client::waiter::WaitFuture<'_, #output_ty> {
                const WAITER: crate::runtime::client::Waiter = crate::runtime::client::Waiter {
                    name: #name,
                    acceptors: &[#(#acceptors),*],
                    min_delay: ::std::time::Duration::from_secs(#min_delay),
                    max_delay: ::std::time::Duration::from_secs(#max_delay),
                };
                crate::runtime::client::waiter::start::<super::operations::#op>(&self.handle, input, &WAITER, max_wait)
            }
        });
    }
    methods
}

/// What a part of a path evaluates to, as far as the model tells.
#[derive(Debug, Clone, Copy)]
enum Scope<'m> {
    /// Outside the model: names stay as written.
    Unknown,
    /// A value of this shape.
    Shape(&'m str),
    /// An array of values of this shape (a projection's or flatten's result).
    ArrayOf(&'m str),
    /// The `{"input": …, "output": …}` object of an `inputOutput` matcher.
    InputOutput,
}

struct Shapes<'s, 'm> {
    symbols: &'s Symbols<'m>,
    input: Option<&'m str>,
    output: Option<&'m str>,
}

impl<'m> Shapes<'_, 'm> {
    /// One acceptor as runtime tokens.
    fn acceptor(&self, value: &Value) -> TokenStream {
        let state = match value.get("state").and_then(Value::as_str) {
            Some("success") => quote!(Success),
            Some("failure") => quote!(Failure),
            _ => quote!(Retry),
        };
        let Some((kind, body)) = value.get("matcher").and_then(Value::as_object).and_then(|m| m.iter().next()) else {
            return quote!(::std::compile_error!("a waiter acceptor without a matcher"));
        };
        let matcher = match kind.as_str() {
            "output" => self.path_matcher(quote!(Output), body, self.output.map_or(Scope::Unknown, Scope::Shape)),
            "inputOutput" => self.path_matcher(quote!(InputOutput), body, Scope::InputOutput),
            "success" => {
                let success = body.as_bool().unwrap_or(true);
                quote!(crate::runtime::client::waiter::Matcher::Success(#success))
            }
            _ => {
                let code = body.as_str().unwrap_or_default();
                quote!(crate::runtime::client::waiter::Matcher::ErrorType(#code))
            }
        };
        quote!(crate::runtime::client::waiter::Acceptor {
            state: crate::runtime::client::waiter::AcceptorState::#state,
            matcher: #matcher,
        })
    }

    fn path_matcher(&self, variant: TokenStream, body: &Value, root: Scope<'m>) -> TokenStream {
        let text = |key: &str| body.get(key).and_then(Value::as_str).unwrap_or_default();
        let path = text("path");
        let expected = text("expected");
        let comparator = match text("comparator") {
            "stringEquals" => quote!(StringEquals),
            "booleanEquals" => quote!(BooleanEquals),
            "allStringEquals" => quote!(AllStringEquals),
            _ => quote!(AnyStringEquals),
        };
        let expression = match jmespath::parse(path) {
            Ok(expr) => self.expr(&expr, root).0,
            Err(e) => {
                let message = format!("waiter path `{path}` is not JMESPath: {e}");
                return quote!(::std::compile_error!(#message));
            }
        };
        quote! {
            crate::runtime::client::waiter::Matcher::#variant {
                path: #path,
                expression: &#expression,
                expected: #expected,
                comparator: crate::runtime::client::waiter::Comparator::#comparator,
            }
        }
    }

    /// The shape of the elements of an array value.
    fn element(&self, scope: Scope<'m>) -> Scope<'m> {
        match scope {
            Scope::ArrayOf(id) => Scope::Shape(id),
            Scope::Shape(id) => match self.symbols.model().shapes.get(id).map(|s| &s.kind) {
                Some(ShapeKind::List(member)) => Scope::Shape(&member.target),
                _ => Scope::Unknown,
            },
            _ => Scope::Unknown,
        }
    }

    /// An array of what `each` gives.
    fn array_of(each: Scope<'m>) -> Scope<'m> {
        match each {
            Scope::Shape(id) => Scope::ArrayOf(id),
            _ => Scope::Unknown,
        }
    }

    /// A field of a value: its wire key and what it reaches.
    fn field(&self, name: &str, scope: Scope<'m>) -> (String, Scope<'m>) {
        match scope {
            Scope::InputOutput => {
                let side = match name {
                    "input" => self.input,
                    "output" => self.output,
                    _ => None,
                };
                (name.to_owned(), side.map_or(Scope::Unknown, Scope::Shape))
            }
            Scope::Shape(id) => match self.symbols.model().shapes.get(id).map(|s| &s.kind) {
                Some(ShapeKind::Structure(members) | ShapeKind::Union(members)) => match members.get_key_value(name) {
                    Some((member_name, member)) => (
                        self.symbols.json_key(id, member_name).unwrap_or_else(|| name.to_owned()),
                        Scope::Shape(&member.target),
                    ),
                    None => (name.to_owned(), Scope::Unknown),
                },
                _ => (name.to_owned(), Scope::Unknown),
            },
            _ => (name.to_owned(), Scope::Unknown),
        }
    }

    /// `expr` as a runtime `Expr` value, and what it gives.
    fn expr(&self, expr: &Expr, scope: Scope<'m>) -> (TokenStream, Scope<'m>) {
        let path = quote!(crate::runtime::client::jmespath::Expr);
        match expr {
            Expr::Current => (quote!(#path::Current), scope),
            Expr::Field(name) => {
                let (key, reached) = self.field(name, scope);
                (quote!(#path::Field(#key)), reached)
            }
            Expr::Subexpr(left, right) | Expr::Pipe(left, right) => {
                let (l, reached) = self.expr(left, scope);
                let (r, end) = self.expr(right, reached);
                let variant = if matches!(expr, Expr::Pipe(..)) { quote!(Pipe) } else { quote!(Subexpr) };
                (quote!(#path::#variant(&#l, &#r)), end)
            }
            Expr::Index(index) => (quote!(#path::Index(#index)), self.element(scope)),
            Expr::Slice { start, stop, step } => {
                let option = |v: &Option<i64>| match v {
                    Some(v) => quote!(::std::option::Option::Some(#v)),
                    None => quote!(::std::option::Option::None),
                };
                let (start, stop, step) = (option(start), option(stop), option(step));
                (quote!(#path::Slice(#start, #stop, #step)), scope)
            }
            Expr::ListProjection(list, each) => {
                let (l, array) = self.expr(list, scope);
                let (e, each_scope) = self.expr(each, self.element(array));
                (quote!(#path::ListProjection(&#l, &#e)), Self::array_of(each_scope))
            }
            Expr::ObjectProjection(object, each) => {
                let (o, reached) = self.expr(object, scope);
                let values = match reached {
                    Scope::Shape(id) => match self.symbols.model().shapes.get(id).map(|s| &s.kind) {
                        Some(ShapeKind::Map { value, .. }) => Scope::Shape(value.target.as_str()),
                        _ => Scope::Unknown,
                    },
                    _ => Scope::Unknown,
                };
                let (e, each_scope) = self.expr(each, values);
                (quote!(#path::ObjectProjection(&#o, &#e)), Self::array_of(each_scope))
            }
            Expr::FilterProjection { list, condition, each } => {
                let (l, array) = self.expr(list, scope);
                let element = self.element(array);
                let (c, _) = self.expr(condition, element);
                let (e, each_scope) = self.expr(each, element);
                (quote!(#path::FilterProjection(&#l, &#c, &#e)), Self::array_of(each_scope))
            }
            Expr::Flatten(list) => {
                let (l, array) = self.expr(list, scope);
                let element = self.element(array);
                let flat = match self.element(element) {
                    Scope::Shape(id) => Scope::ArrayOf(id),
                    _ => Self::array_of(element),
                };
                (quote!(#path::Flatten(&#l)), flat)
            }
            Expr::MultiSelectList(items) => {
                let items = items.iter().map(|i| self.expr(i, scope).0);
                (quote!(#path::MultiSelectList(&[#(#items),*])), Scope::Unknown)
            }
            Expr::MultiSelectHash(entries) => {
                let entries = entries.iter().map(|(key, value)| {
                    let value = self.expr(value, scope).0;
                    quote!((#key, #value))
                });
                (quote!(#path::MultiSelectHash(&[#(#entries),*])), Scope::Unknown)
            }
            Expr::Literal(value) => {
                let literal = literal(value);
                (quote!(#path::Literal(#literal)), Scope::Unknown)
            }
            Expr::Compare(comparison, left, right) => {
                let comparison = match comparison {
                    Comparison::Equal => quote!(Equal),
                    Comparison::NotEqual => quote!(NotEqual),
                    Comparison::Less => quote!(Less),
                    Comparison::LessOrEqual => quote!(LessOrEqual),
                    Comparison::Greater => quote!(Greater),
                    Comparison::GreaterOrEqual => quote!(GreaterOrEqual),
                };
                let (l, _) = self.expr(left, scope);
                let (r, _) = self.expr(right, scope);
                (
                    quote!(#path::Compare(crate::runtime::client::jmespath::Comparison::#comparison, &#l, &#r)),
                    Scope::Unknown,
                )
            }
            Expr::And(left, right) | Expr::Or(left, right) => {
                let (l, _) = self.expr(left, scope);
                let (r, _) = self.expr(right, scope);
                let variant = if matches!(expr, Expr::And(..)) { quote!(And) } else { quote!(Or) };
                (quote!(#path::#variant(&#l, &#r)), Scope::Unknown)
            }
            Expr::Not(operand) => {
                let (o, _) = self.expr(operand, scope);
                (quote!(#path::Not(&#o)), Scope::Unknown)
            }
            Expr::Function(function, arguments) => self.function(*function, arguments, scope),
            Expr::ExpressionRef(inner) => {
                let (i, _) = self.expr(inner, Scope::Unknown);
                (quote!(#path::ExpressionRef(&#i)), Scope::Unknown)
            }
        }
    }

    /// A call: an expression reference is evaluated on the elements of the
    /// array argument beside it.
    fn function(&self, function: Function, arguments: &[Expr], scope: Scope<'m>) -> (TokenStream, Scope<'m>) {
        let values: Vec<Option<(TokenStream, Scope<'m>)>> = arguments
            .iter()
            .map(|argument| match argument {
                Expr::ExpressionRef(_) => None,
                other => Some(self.expr(other, scope)),
            })
            .collect();
        let array_argument = match function.expression_argument() {
            Some(0) => 1,
            _ => 0,
        };
        let array = values.get(array_argument).and_then(Option::as_ref).map_or(Scope::Unknown, |(_, s)| *s);
        let element = self.element(array);
        let emitted = arguments.iter().zip(values).map(|(argument, value)| match (argument, value) {
            (_, Some((tokens, _))) => tokens,
            (Expr::ExpressionRef(inner), None) => {
                let (i, _) = self.expr(inner, element);
                quote!(crate::runtime::client::jmespath::Expr::ExpressionRef(&#i))
            }
            (other, None) => self.expr(other, scope).0,
        });
        let variant = match function {
            Function::Abs => quote!(Abs),
            Function::Avg => quote!(Avg),
            Function::Ceil => quote!(Ceil),
            Function::Contains => quote!(Contains),
            Function::EndsWith => quote!(EndsWith),
            Function::Floor => quote!(Floor),
            Function::Join => quote!(Join),
            Function::Keys => quote!(Keys),
            Function::Length => quote!(Length),
            Function::Map => quote!(Map),
            Function::Max => quote!(Max),
            Function::MaxBy => quote!(MaxBy),
            Function::Merge => quote!(Merge),
            Function::Min => quote!(Min),
            Function::MinBy => quote!(MinBy),
            Function::NotNull => quote!(NotNull),
            Function::Reverse => quote!(Reverse),
            Function::Sort => quote!(Sort),
            Function::SortBy => quote!(SortBy),
            Function::StartsWith => quote!(StartsWith),
            Function::Sum => quote!(Sum),
            Function::ToArray => quote!(ToArray),
            Function::ToNumber => quote!(ToNumber),
            Function::ToString => quote!(ToString),
            Function::Type => quote!(Type),
            Function::Values => quote!(Values),
        };
        let gives = match function {
            Function::Sort | Function::SortBy | Function::Reverse => array,
            Function::MaxBy | Function::MinBy => element,
            _ => Scope::Unknown,
        };
        (
            quote!(crate::runtime::client::jmespath::Expr::Function(
                crate::runtime::client::jmespath::Function::#variant,
                &[#(#emitted),*]
            )),
            gives,
        )
    }
}

/// A JSON literal as a constant runtime `Literal`.
fn literal(value: &Value) -> TokenStream {
    let path = quote!(crate::runtime::client::jmespath::Literal);
    match value {
        Value::Null => quote!(#path::Null),
        Value::Bool(b) => quote!(#path::Bool(#b)),
        Value::Number(n) => match n.as_i64() {
            Some(i) => quote!(#path::Integer(#i)),
            None => {
                let f = Literal::f64_suffixed(n.as_f64().unwrap_or_default());
                quote!(#path::Double(#f))
            }
        },
        Value::String(s) => quote!(#path::String(#s)),
        Value::Array(items) => {
            let items = items.iter().map(literal);
            quote!(#path::Array(&[#(#items),*]))
        }
        Value::Object(entries) => {
            let entries = entries.iter().map(|(k, v)| {
                let v = literal(v);
                quote!((#k, #v))
            });
            quote!(#path::Object(&[#(#entries),*]))
        }
    }
}
