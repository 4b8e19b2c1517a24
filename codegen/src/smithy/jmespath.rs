//! JMESPath, the language of `smithy.waiters#waitable` acceptor paths: a lexer
//! and a Pratt parser for the whole grammar of the JMESPath specification. The
//! validator rejects a path that does not parse; the Rust emitter writes the
//! tree out for the runtime to evaluate.

use serde_json::Value;
use std::fmt;

/// A parsed JMESPath expression.
#[derive(Debug, Clone, PartialEq)]
pub enum Expr {
    /// `@`: the current node.
    Current,
    /// A field of an object (`name` or `"quoted name"`).
    Field(String),
    /// `left.right`: `right` evaluated on what `left` gives.
    Subexpr(Box<Expr>, Box<Expr>),
    /// `[N]`: an element of an array, counted from the end when negative.
    Index(i64),
    /// `[start:stop:step]`.
    Slice { start: Option<i64>, stop: Option<i64>, step: Option<i64> },
    /// `left[*].each`: `each` over the elements of the array `left` gives,
    /// without the nulls. Slices and flattens project too.
    ListProjection(Box<Expr>, Box<Expr>),
    /// `left.*.each`: `each` over the values of the object `left` gives.
    ObjectProjection(Box<Expr>, Box<Expr>),
    /// `left[?condition].each`: `each` over the elements that meet `condition`.
    FilterProjection { list: Box<Expr>, condition: Box<Expr>, each: Box<Expr> },
    /// `left[]`: the array `left` gives, with the arrays inside it merged in.
    Flatten(Box<Expr>),
    /// `[a, b]`.
    MultiSelectList(Vec<Expr>),
    /// `{key: a, other: b}`.
    MultiSelectHash(Vec<(String, Expr)>),
    /// `` `json` `` or `'raw string'`.
    Literal(Value),
    /// `left == right`, `left < right`, …
    Compare(Comparison, Box<Expr>, Box<Expr>),
    /// `left && right`.
    And(Box<Expr>, Box<Expr>),
    /// `left || right`.
    Or(Box<Expr>, Box<Expr>),
    /// `!operand`.
    Not(Box<Expr>),
    /// `left | right`: `right` on the result of `left`, ending any projection.
    Pipe(Box<Expr>, Box<Expr>),
    /// `name(arguments…)`.
    Function(Function, Vec<Expr>),
    /// `&expression`: an expression handed to a function unevaluated.
    ExpressionRef(Box<Expr>),
}

/// A comparison operator.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Comparison {
    Equal,
    NotEqual,
    Less,
    LessOrEqual,
    Greater,
    GreaterOrEqual,
}

/// The built-in functions of the JMESPath specification.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
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

impl Function {
    const ALL: [Function; 26] = [
        Function::Abs,
        Function::Avg,
        Function::Ceil,
        Function::Contains,
        Function::EndsWith,
        Function::Floor,
        Function::Join,
        Function::Keys,
        Function::Length,
        Function::Map,
        Function::Max,
        Function::MaxBy,
        Function::Merge,
        Function::Min,
        Function::MinBy,
        Function::NotNull,
        Function::Reverse,
        Function::Sort,
        Function::SortBy,
        Function::StartsWith,
        Function::Sum,
        Function::ToArray,
        Function::ToNumber,
        Function::ToString,
        Function::Type,
        Function::Values,
    ];

    /// The name a path calls it by.
    pub fn name(self) -> &'static str {
        match self {
            Function::Abs => "abs",
            Function::Avg => "avg",
            Function::Ceil => "ceil",
            Function::Contains => "contains",
            Function::EndsWith => "ends_with",
            Function::Floor => "floor",
            Function::Join => "join",
            Function::Keys => "keys",
            Function::Length => "length",
            Function::Map => "map",
            Function::Max => "max",
            Function::MaxBy => "max_by",
            Function::Merge => "merge",
            Function::Min => "min",
            Function::MinBy => "min_by",
            Function::NotNull => "not_null",
            Function::Reverse => "reverse",
            Function::Sort => "sort",
            Function::SortBy => "sort_by",
            Function::StartsWith => "starts_with",
            Function::Sum => "sum",
            Function::ToArray => "to_array",
            Function::ToNumber => "to_number",
            Function::ToString => "to_string",
            Function::Type => "type",
            Function::Values => "values",
        }
    }

    fn from_name(name: &str) -> Option<Function> {
        Function::ALL.into_iter().find(|f| f.name() == name)
    }

    /// How many arguments it takes: at least the first, at most the second
    /// (`None`: any number).
    fn arity(self) -> (usize, Option<usize>) {
        match self {
            Function::Merge | Function::NotNull => (1, None),
            Function::Contains
            | Function::EndsWith
            | Function::Join
            | Function::Map
            | Function::MaxBy
            | Function::MinBy
            | Function::SortBy
            | Function::StartsWith => (2, Some(2)),
            _ => (1, Some(1)),
        }
    }

    /// Which argument is an expression reference, if one is.
    pub fn expression_argument(self) -> Option<usize> {
        match self {
            Function::Map => Some(0),
            Function::MaxBy | Function::MinBy | Function::SortBy => Some(1),
            _ => None,
        }
    }
}

/// Why a path does not parse: the character offset and what was expected.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct ParseError {
    pub offset: usize,
    pub message: String,
}

impl fmt::Display for ParseError {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        write!(f, "at character {}: {}", self.offset, self.message)
    }
}

impl std::error::Error for ParseError {}

/// Parses a JMESPath expression.
pub fn parse(text: &str) -> Result<Expr, ParseError> {
    let tokens = lex(text)?;
    let mut parser = Parser { tokens, next: 0, depth: 0 };
    let expr = parser.expression(0)?;
    match parser.peek() {
        Token::End => Ok(expr),
        other => Err(parser.error(format!("expected the end of the expression, found {}", other.describe()))),
    }
}

#[derive(Debug, Clone, PartialEq)]
enum Token {
    Identifier(String),
    QuotedIdentifier(String),
    Number(i64),
    Literal(Value),
    RawString(String),
    Dot,
    Star,
    Flatten,
    Filter,
    LeftBracket,
    RightBracket,
    LeftBrace,
    RightBrace,
    LeftParen,
    RightParen,
    Comma,
    Colon,
    Pipe,
    Or,
    And,
    Ampersand,
    Not,
    At,
    Compare(Comparison),
    End,
}

impl Token {
    fn describe(&self) -> String {
        match self {
            Token::Identifier(name) => format!("`{name}`"),
            Token::QuotedIdentifier(name) => format!("`\"{name}\"`"),
            Token::Number(n) => format!("`{n}`"),
            Token::Literal(_) => "a literal".to_owned(),
            Token::RawString(_) => "a raw string".to_owned(),
            Token::End => "the end of the expression".to_owned(),
            Token::Dot => "`.`".to_owned(),
            Token::Star => "`*`".to_owned(),
            Token::Flatten => "`[]`".to_owned(),
            Token::Filter => "`[?`".to_owned(),
            Token::LeftBracket => "`[`".to_owned(),
            Token::RightBracket => "`]`".to_owned(),
            Token::LeftBrace => "`{`".to_owned(),
            Token::RightBrace => "`}`".to_owned(),
            Token::LeftParen => "`(`".to_owned(),
            Token::RightParen => "`)`".to_owned(),
            Token::Comma => "`,`".to_owned(),
            Token::Colon => "`:`".to_owned(),
            Token::Pipe => "`|`".to_owned(),
            Token::Or => "`||`".to_owned(),
            Token::And => "`&&`".to_owned(),
            Token::Ampersand => "`&`".to_owned(),
            Token::Not => "`!`".to_owned(),
            Token::At => "`@`".to_owned(),
            Token::Compare(_) => "a comparison".to_owned(),
        }
    }

    /// How tightly the token binds to the expression on its left.
    fn left_binding_power(&self) -> u8 {
        match self {
            Token::Pipe => 1,
            Token::Or => 2,
            Token::And => 3,
            Token::Compare(_) => 5,
            Token::Flatten => 9,
            Token::Star => 20,
            Token::Filter => 21,
            Token::Dot => 40,
            Token::Not => 45,
            Token::LeftBrace => 50,
            Token::LeftBracket => 55,
            Token::LeftParen => 60,
            _ => 0,
        }
    }
}

/// Tokens that bind less than this end a projection's right-hand side.
const PROJECTION_STOP: u8 = 10;

fn lex(text: &str) -> Result<Vec<(usize, Token)>, ParseError> {
    let chars: Vec<(usize, char)> = text.char_indices().collect();
    let mut tokens = Vec::new();
    let mut i = 0;
    let error = |at: usize, message: String| ParseError { offset: at, message };
    while i < chars.len() {
        let (at, c) = chars[i];
        let next = chars.get(i + 1).map(|&(_, c)| c);
        let (token, width) = match c {
            ' ' | '\t' | '\n' | '\r' => {
                i += 1;
                continue;
            }
            '.' => (Token::Dot, 1),
            '*' => (Token::Star, 1),
            ']' => (Token::RightBracket, 1),
            '{' => (Token::LeftBrace, 1),
            '}' => (Token::RightBrace, 1),
            '(' => (Token::LeftParen, 1),
            ')' => (Token::RightParen, 1),
            ',' => (Token::Comma, 1),
            ':' => (Token::Colon, 1),
            '@' => (Token::At, 1),
            '[' => match next {
                Some(']') => (Token::Flatten, 2),
                Some('?') => (Token::Filter, 2),
                _ => (Token::LeftBracket, 1),
            },
            '|' if next == Some('|') => (Token::Or, 2),
            '|' => (Token::Pipe, 1),
            '&' if next == Some('&') => (Token::And, 2),
            '&' => (Token::Ampersand, 1),
            '!' if next == Some('=') => (Token::Compare(Comparison::NotEqual), 2),
            '!' => (Token::Not, 1),
            '=' if next == Some('=') => (Token::Compare(Comparison::Equal), 2),
            '=' => return Err(error(at, "expected `==`, found a single `=`".to_owned())),
            '<' if next == Some('=') => (Token::Compare(Comparison::LessOrEqual), 2),
            '<' => (Token::Compare(Comparison::Less), 1),
            '>' if next == Some('=') => (Token::Compare(Comparison::GreaterOrEqual), 2),
            '>' => (Token::Compare(Comparison::Greater), 1),
            '"' | '\'' | '`' => {
                let end = closing(&chars, i, c).ok_or_else(|| error(at, format!("expected a closing {c}")))?;
                let inner = &text[at + 1..chars[end].0];
                let token = match c {
                    '"' => Token::QuotedIdentifier(
                        serde_json::from_str(&text[at..=chars[end].0])
                            .map_err(|e| error(at, format!("expected a JSON string as a quoted name: {e}")))?,
                    ),
                    '\'' => Token::RawString(inner.replace("\\'", "'")),
                    _ => Token::Literal(
                        serde_json::from_str(inner.replace("\\`", "`").trim())
                            .map_err(|e| error(at, format!("expected JSON between backticks: {e}")))?,
                    ),
                };
                tokens.push((at, token));
                i = end + 1;
                continue;
            }
            '-' | '0'..='9' => {
                let mut end = i + 1;
                while chars.get(end).is_some_and(|(_, c)| c.is_ascii_digit()) {
                    end += 1;
                }
                let digits = &text[at..chars.get(end).map_or(text.len(), |&(o, _)| o)];
                let n = digits.parse().map_err(|_| error(at, format!("expected an integer, found `{digits}`")))?;
                tokens.push((at, Token::Number(n)));
                i = end;
                continue;
            }
            c if c.is_ascii_alphabetic() || c == '_' => {
                let mut end = i + 1;
                while chars.get(end).is_some_and(|(_, c)| c.is_ascii_alphanumeric() || *c == '_') {
                    end += 1;
                }
                let name = &text[at..chars.get(end).map_or(text.len(), |&(o, _)| o)];
                tokens.push((at, Token::Identifier(name.to_owned())));
                i = end;
                continue;
            }
            other => return Err(error(at, format!("unexpected character `{other}`"))),
        };
        tokens.push((at, token));
        i += width;
    }
    tokens.push((text.len(), Token::End));
    Ok(tokens)
}

/// The index of the quote that closes the one at `open`, skipping escaped ones.
fn closing(chars: &[(usize, char)], open: usize, quote: char) -> Option<usize> {
    let mut i = open + 1;
    while let Some(&(_, c)) = chars.get(i) {
        match c {
            '\\' => i += 2,
            c if c == quote => return Some(i),
            _ => i += 1,
        }
    }
    None
}

struct Parser {
    tokens: Vec<(usize, Token)>,
    next: usize,
    /// How many expressions are open, bounded by [`MAX_DEPTH`].
    depth: usize,
}

/// The deepest nesting a path may have: far beyond any waiter's, and shallow
/// enough that parsing, emitting and evaluating never exhaust the stack.
const MAX_DEPTH: usize = 64;

impl Parser {
    fn peek(&self) -> &Token {
        &self.tokens[self.next.min(self.tokens.len() - 1)].1
    }

    fn peek_second(&self) -> &Token {
        &self.tokens[(self.next + 1).min(self.tokens.len() - 1)].1
    }

    fn advance(&mut self) -> Token {
        let token = self.peek().clone();
        if self.next < self.tokens.len() - 1 {
            self.next += 1;
        }
        token
    }

    fn error(&self, message: String) -> ParseError {
        ParseError { offset: self.tokens[self.next.min(self.tokens.len() - 1)].0, message }
    }

    fn expect(&mut self, token: Token) -> Result<(), ParseError> {
        if *self.peek() == token {
            self.advance();
            Ok(())
        } else {
            Err(self.error(format!("expected {}, found {}", token.describe(), self.peek().describe())))
        }
    }

    fn expression(&mut self, right_binding_power: u8) -> Result<Expr, ParseError> {
        if self.depth >= MAX_DEPTH {
            return Err(self.error(format!("expected at most {MAX_DEPTH} nested expressions")));
        }
        self.depth += 1;
        let mut left = self.prefix();
        while let Ok(expr) = left {
            if right_binding_power >= self.peek().left_binding_power() {
                left = Ok(expr);
                break;
            }
            left = self.infix(expr);
        }
        self.depth -= 1;
        left
    }

    /// An expression that starts with the next token.
    fn prefix(&mut self) -> Result<Expr, ParseError> {
        let start = self.next;
        match self.advance() {
            Token::At => Ok(Expr::Current),
            Token::Identifier(name) if *self.peek() == Token::LeftParen => {
                self.advance();
                self.function(&name)
            }
            Token::Identifier(name) | Token::QuotedIdentifier(name) => Ok(Expr::Field(name)),
            Token::Star => Ok(Expr::ObjectProjection(Box::new(Expr::Current), Box::new(self.projected(20)?))),
            Token::Literal(value) => Ok(Expr::Literal(value)),
            Token::RawString(text) => Ok(Expr::Literal(Value::String(text))),
            Token::LeftBracket => match self.peek() {
                Token::Number(_) | Token::Colon => self.index_or_slice(Expr::Current),
                Token::Star if *self.peek_second() == Token::RightBracket => {
                    self.advance();
                    self.advance();
                    Ok(Expr::ListProjection(Box::new(Expr::Current), Box::new(self.projected(20)?)))
                }
                _ => self.multi_select_list(),
            },
            Token::Flatten => self.flatten(Expr::Current),
            Token::Filter => self.filter(Expr::Current),
            Token::LeftBrace => self.multi_select_hash(),
            Token::Not => Ok(Expr::Not(Box::new(self.expression(45)?))),
            Token::LeftParen => {
                let inner = self.expression(0)?;
                self.expect(Token::RightParen)?;
                Ok(inner)
            }
            Token::Ampersand => Ok(Expr::ExpressionRef(Box::new(self.expression(0)?))),
            other => {
                self.next = start;
                Err(self.error(format!("expected an expression, found {}", other.describe())))
            }
        }
    }

    /// The rest of an expression whose left part is `left`.
    fn infix(&mut self, left: Expr) -> Result<Expr, ParseError> {
        let start = self.next;
        match self.advance() {
            Token::Dot => {
                if *self.peek() == Token::Star {
                    self.advance();
                    return Ok(Expr::ObjectProjection(Box::new(left), Box::new(self.projected(20)?)));
                }
                Ok(Expr::Subexpr(Box::new(left), Box::new(self.after_dot(40)?)))
            }
            Token::LeftBracket => match self.peek() {
                Token::Number(_) | Token::Colon => self.index_or_slice(left),
                Token::Star if *self.peek_second() == Token::RightBracket => {
                    self.advance();
                    self.advance();
                    Ok(Expr::ListProjection(Box::new(left), Box::new(self.projected(20)?)))
                }
                other => {
                    Err(self.error(format!("expected an index, a slice or `*` after `[`, found {}", other.describe())))
                }
            },
            Token::Flatten => self.flatten(left),
            Token::Filter => self.filter(left),
            Token::Pipe => Ok(Expr::Pipe(Box::new(left), Box::new(self.expression(1)?))),
            Token::Or => Ok(Expr::Or(Box::new(left), Box::new(self.expression(2)?))),
            Token::And => Ok(Expr::And(Box::new(left), Box::new(self.expression(3)?))),
            Token::Compare(comparison) => Ok(Expr::Compare(comparison, Box::new(left), Box::new(self.expression(5)?))),
            other => {
                self.next = start;
                Err(self.error(format!("expected an operator, found {}", other.describe())))
            }
        }
    }

    /// What may follow a `.`: a name, a function call, `*`, a multi-select.
    fn after_dot(&mut self, binding_power: u8) -> Result<Expr, ParseError> {
        match self.peek() {
            Token::Identifier(_) | Token::QuotedIdentifier(_) | Token::Star => self.expression(binding_power),
            Token::LeftBracket => {
                self.advance();
                self.multi_select_list()
            }
            Token::LeftBrace => {
                self.advance();
                self.multi_select_hash()
            }
            other => {
                Err(self.error(format!("expected a name, `*`, `[` or `{{` after `.`, found {}", other.describe())))
            }
        }
    }

    /// The right-hand side of a projection: what is applied to each element.
    fn projected(&mut self, binding_power: u8) -> Result<Expr, ParseError> {
        if self.peek().left_binding_power() < PROJECTION_STOP {
            return Ok(Expr::Current);
        }
        match self.peek() {
            Token::Dot => {
                self.advance();
                self.after_dot(binding_power)
            }
            Token::LeftBracket | Token::Filter => self.expression(binding_power),
            other => {
                Err(self.error(format!("expected `.`, `[` or `[?` after a projection, found {}", other.describe())))
            }
        }
    }

    fn flatten(&mut self, left: Expr) -> Result<Expr, ParseError> {
        Ok(Expr::ListProjection(Box::new(Expr::Flatten(Box::new(left))), Box::new(self.projected(9)?)))
    }

    fn filter(&mut self, list: Expr) -> Result<Expr, ParseError> {
        let condition = self.expression(0)?;
        self.expect(Token::RightBracket)?;
        let each = self.projected(21)?;
        Ok(Expr::FilterProjection { list: Box::new(list), condition: Box::new(condition), each: Box::new(each) })
    }

    /// `[N]` or `[start:stop:step]`, after the `[`.
    fn index_or_slice(&mut self, left: Expr) -> Result<Expr, ParseError> {
        let mut parts = [None; 3];
        let mut colons = 0;
        loop {
            let at = self.next;
            match self.advance() {
                Token::Number(n) if parts[colons].is_none() => parts[colons] = Some(n),
                Token::Colon if colons < 2 => colons += 1,
                Token::RightBracket => break,
                other => {
                    self.next = at;
                    return Err(self.error(format!("expected an integer, `:` or `]`, found {}", other.describe())));
                }
            }
        }
        let subexpr = |right: Expr| match left {
            Expr::Current => right,
            left => Expr::Subexpr(Box::new(left), Box::new(right)),
        };
        if colons == 0 {
            let index = parts[0].ok_or_else(|| self.error("expected an index".to_owned()))?;
            return Ok(subexpr(Expr::Index(index)));
        }
        if parts[2] == Some(0) {
            return Err(self.error("a slice's step cannot be 0".to_owned()));
        }
        let slice = Expr::Slice { start: parts[0], stop: parts[1], step: parts[2] };
        Ok(Expr::ListProjection(Box::new(subexpr(slice)), Box::new(self.projected(20)?)))
    }

    /// `[a, b, …]`, after the `[`.
    fn multi_select_list(&mut self) -> Result<Expr, ParseError> {
        let mut items = Vec::new();
        loop {
            items.push(self.expression(0)?);
            let at = self.next;
            match self.advance() {
                Token::Comma => {}
                Token::RightBracket => return Ok(Expr::MultiSelectList(items)),
                other => {
                    self.next = at;
                    return Err(self.error(format!("expected `,` or `]`, found {}", other.describe())));
                }
            }
        }
    }

    /// `{key: a, …}`, after the `{`.
    fn multi_select_hash(&mut self) -> Result<Expr, ParseError> {
        let mut entries = Vec::new();
        loop {
            let at = self.next;
            let key = match self.advance() {
                Token::Identifier(name) | Token::QuotedIdentifier(name) => name,
                other => {
                    self.next = at;
                    return Err(self.error(format!("expected a key, found {}", other.describe())));
                }
            };
            self.expect(Token::Colon)?;
            entries.push((key, self.expression(0)?));
            let at = self.next;
            match self.advance() {
                Token::Comma => {}
                Token::RightBrace => return Ok(Expr::MultiSelectHash(entries)),
                other => {
                    self.next = at;
                    return Err(self.error(format!("expected `,` or `}}`, found {}", other.describe())));
                }
            }
        }
    }

    /// The arguments of a call, after the `(`.
    fn function(&mut self, name: &str) -> Result<Expr, ParseError> {
        let function =
            Function::from_name(name).ok_or_else(|| self.error(format!("`{name}` is not a JMESPath function")))?;
        let mut arguments = Vec::new();
        if *self.peek() == Token::RightParen {
            self.advance();
        } else {
            loop {
                arguments.push(self.expression(0)?);
                let at = self.next;
                match self.advance() {
                    Token::Comma => {}
                    Token::RightParen => break,
                    other => {
                        self.next = at;
                        return Err(self.error(format!("expected `,` or `)`, found {}", other.describe())));
                    }
                }
            }
        }
        let (least, most) = function.arity();
        if arguments.len() < least || most.is_some_and(|most| arguments.len() > most) {
            let takes = match most {
                Some(most) if most == least => format!("{least}"),
                Some(most) => format!("{least} to {most}"),
                None => format!("at least {least}"),
            };
            return Err(self.error(format!("`{name}` takes {takes} arguments, found {}", arguments.len())));
        }
        for (i, argument) in arguments.iter().enumerate() {
            let is_reference = matches!(argument, Expr::ExpressionRef(_));
            if is_reference != (function.expression_argument() == Some(i)) {
                let expected = if is_reference { "a value" } else { "an expression reference (`&…`)" };
                return Err(self.error(format!("argument {} of `{name}` must be {expected}", i + 1)));
            }
        }
        Ok(Expr::Function(function, arguments))
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn field(name: &str) -> Box<Expr> {
        Box::new(Expr::Field(name.to_owned()))
    }

    #[test]
    fn fields_projections_and_comparisons_parse_to_their_trees() {
        assert_eq!(parse("a.b").unwrap(), Expr::Subexpr(field("a"), field("b")));
        assert_eq!(parse("a[].b").unwrap(), Expr::ListProjection(Box::new(Expr::Flatten(field("a"))), field("b")));
        assert_eq!(parse("a[*].b").unwrap(), Expr::ListProjection(field("a"), field("b")));
        assert_eq!(parse("a[0]").unwrap(), Expr::Subexpr(field("a"), Box::new(Expr::Index(0))));
        assert_eq!(
            parse("length(a[?s == 'x']) > `0`").unwrap(),
            Expr::Compare(
                Comparison::Greater,
                Box::new(Expr::Function(
                    Function::Length,
                    vec![Expr::FilterProjection {
                        list: field("a"),
                        condition: Box::new(Expr::Compare(
                            Comparison::Equal,
                            field("s"),
                            Box::new(Expr::Literal(Value::String("x".into())))
                        )),
                        each: Box::new(Expr::Current),
                    }]
                )),
                Box::new(Expr::Literal(Value::from(0)))
            )
        );
        assert_eq!(
            parse("a || b && !c").unwrap(),
            Expr::Or(field("a"), Box::new(Expr::And(field("b"), Box::new(Expr::Not(field("c"))))))
        );
        assert_eq!(parse("a | b").unwrap(), Expr::Pipe(field("a"), field("b")));
    }

    #[test]
    fn a_projection_ends_at_a_pipe_and_binds_what_follows_it() {
        assert_eq!(
            parse("a[*].b.c | [0]").unwrap(),
            Expr::Pipe(
                Box::new(Expr::ListProjection(field("a"), Box::new(Expr::Subexpr(field("b"), field("c"))))),
                Box::new(Expr::Index(0))
            )
        );
        assert_eq!(
            parse("a[*].b[0]").unwrap(),
            Expr::ListProjection(field("a"), Box::new(Expr::Subexpr(field("b"), Box::new(Expr::Index(0)))))
        );
        assert_eq!(parse("a.*.b").unwrap(), Expr::ObjectProjection(field("a"), field("b")));
        assert_eq!(
            parse("a[1:3]").unwrap(),
            Expr::ListProjection(
                Box::new(Expr::Subexpr(
                    field("a"),
                    Box::new(Expr::Slice { start: Some(1), stop: Some(3), step: None })
                )),
                Box::new(Expr::Current)
            )
        );
    }

    #[test]
    fn multi_selects_quoted_names_and_literals_parse() {
        assert_eq!(
            parse("a.{x: b, \"y z\": `[1, \"2\"]`}").unwrap(),
            Expr::Subexpr(
                field("a"),
                Box::new(Expr::MultiSelectHash(vec![
                    ("x".into(), Expr::Field("b".into())),
                    ("y z".into(), Expr::Literal(serde_json::json!([1, "2"]))),
                ]))
            )
        );
        assert_eq!(parse("[a, 'it''s']").unwrap_err().offset, 8);
        assert_eq!(
            parse("[a, 'it\\'s']").unwrap(),
            Expr::MultiSelectList(vec![Expr::Field("a".into()), Expr::Literal(Value::String("it's".into()))])
        );
        assert_eq!(
            parse("sort_by(a, &b.c)").unwrap(),
            Expr::Function(
                Function::SortBy,
                vec![Expr::Field("a".into()), Expr::ExpressionRef(Box::new(Expr::Subexpr(field("b"), field("c"))))]
            )
        );
    }

    #[test]
    fn malformed_paths_say_where_and_what_was_expected() {
        let cases = [
            ("a.", 2, "expected a name"),
            ("a[?b", 4, "expected `]`"),
            ("a = 'x'", 2, "expected `==`"),
            ("length(a, b)", 12, "takes 1 arguments"),
            ("nope(a)", 5, "not a JMESPath function"),
            ("sort_by(a, b)", 13, "expression reference"),
            ("a[::0]", 6, "step cannot be 0"),
            ("a b", 2, "expected the end"),
            ("`{`", 0, "expected JSON"),
            ("'open", 0, "closing '"),
            ("a[x]", 2, "expected an index"),
            (&format!("{}a{}", "(".repeat(100), ")".repeat(100)), 64, "at most 64 nested"),
        ];
        for (path, offset, message) in cases {
            let error = parse(path).unwrap_err();
            assert!(error.message.contains(message), "{path}: {error}");
            assert_eq!(error.offset, offset, "{path}: {error}");
        }
    }
}
