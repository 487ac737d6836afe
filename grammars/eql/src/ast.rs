//! Typed syntax tree. Every node carries the [`Span`] it was parsed from.
//!
//! Boolean logic is kept n-ary (`Logical { op, operands }`) so that long
//! `a and b and c ...` chains stay shallow and lower directly into `And`/`Or`
//! nodes; comparisons keep the left-hand side, the operator, and every
//! right-hand value with its own span.

use crate::span::Span;

/// A whole EQL query: a body (event query, sequence, sample, join) and its pipes.
#[derive(Debug, Clone, PartialEq)]
pub struct Query {
    /// The part before the first `|`.
    pub body: QueryBody,
    /// `| head 5`, `| filter ...`, in source order.
    pub pipes: Vec<Pipe>,
    /// Unparseable token runs skipped at the top level.
    pub junk: Vec<ErrorNode>,
    /// Whole query (without leading/trailing trivia).
    pub span: Span,
}

/// The kinds of query body.
#[derive(Debug, Clone, PartialEq)]
pub enum QueryBody {
    /// `process where ...`
    Event(EventQuery),
    /// `sequence [by ...] [with maxspan=...] [...] [...] [until [...]]`
    Sequence(Sequence),
    /// `sample by ... [...] [...]`
    Sample(Sample),
    /// Legacy `join [by ...] [...] [...] [until [...]]`.
    Join(Join),
    /// Nothing usable (e.g. empty input).
    Error(ErrorNode),
}

impl QueryBody {
    /// Span of the body.
    pub fn span(&self) -> Span {
        match self {
            QueryBody::Event(q) => q.span,
            QueryBody::Sequence(q) => q.span,
            QueryBody::Sample(q) => q.span,
            QueryBody::Join(q) => q.span,
            QueryBody::Error(e) => e.span,
        }
    }
}

/// `category where condition`.
#[derive(Debug, Clone, PartialEq)]
pub struct EventQuery {
    /// The event category before `where`.
    pub category: EventCategory,
    /// The boolean condition after `where` (an [`Expr::Error`] when missing).
    pub condition: Expr,
    /// Whole event query.
    pub span: Span,
}

/// How an event category was written.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum CategoryKind {
    /// `any`
    Any,
    /// A bare identifier such as `process`.
    Identifier,
    /// A quoted string such as `"process"`.
    String,
    /// Missing or invalid (an error was reported).
    Missing,
}

/// The event category of an event query.
#[derive(Debug, Clone, PartialEq)]
pub struct EventCategory {
    /// How it was written.
    pub kind: CategoryKind,
    /// Category name (decoded for strings, `any` for `any`, empty when missing).
    pub name: String,
    /// Span of the category token.
    pub span: Span,
}

/// `sequence` query.
#[derive(Debug, Clone, PartialEq)]
pub struct Sequence {
    /// Join keys shared by all sub-queries: `sequence by a, b`.
    pub by: Vec<Expr>,
    /// `with maxspan=5m`.
    pub maxspan: Option<MaxSpan>,
    /// The bracketed sub-queries, in order.
    pub queries: Vec<SubQuery>,
    /// `until [ ... ]`.
    pub until: Option<Box<SubQuery>>,
    /// Whole sequence.
    pub span: Span,
}

/// `sample by keys [..] [..]` query.
#[derive(Debug, Clone, PartialEq)]
pub struct Sample {
    /// Join keys: `sample by a, b`.
    pub by: Vec<Expr>,
    /// The bracketed sub-queries, in order.
    pub queries: Vec<SubQuery>,
    /// Whole sample.
    pub span: Span,
}

/// Legacy `join` query.
#[derive(Debug, Clone, PartialEq)]
pub struct Join {
    /// Join keys: `join by a, b`.
    pub by: Vec<Expr>,
    /// The bracketed sub-queries, in order.
    pub queries: Vec<SubQuery>,
    /// `until [ ... ]`.
    pub until: Option<Box<SubQuery>>,
    /// Whole join.
    pub span: Span,
}

/// `with maxspan=<number><unit>`.
#[derive(Debug, Clone, PartialEq)]
pub struct MaxSpan {
    /// Numeric part (`5` in `5m`).
    pub value: f64,
    /// Unit text (`m` in `5m`; empty when absent).
    pub unit: String,
    /// Span of the value and unit (`5m`).
    pub value_span: Span,
    /// Span of `maxspan=5m`.
    pub span: Span,
}

/// `with runs=N` on a sequence sub-query.
#[derive(Debug, Clone, Copy, PartialEq)]
pub struct Runs {
    /// The repetition count.
    pub value: u64,
    /// Span of the number.
    pub value_span: Span,
    /// Span of `runs=N`.
    pub span: Span,
}

/// One bracketed sub-query of a sequence/sample/join: `[ cat where cond ] by k with runs=2`.
#[derive(Debug, Clone, PartialEq)]
pub struct SubQuery {
    /// Written `![ ... ]` (missing-event sub-query).
    pub missing: bool,
    /// The event query inside the brackets.
    pub query: EventQuery,
    /// Per-query join keys (`by ...` after the `]`).
    pub by: Vec<Expr>,
    /// `with runs=N`.
    pub runs: Option<Runs>,
    /// Unparseable token runs skipped inside the brackets.
    pub junk: Vec<ErrorNode>,
    /// From `!`/`[` through the last key/option.
    pub span: Span,
}

/// `| name args...`
#[derive(Debug, Clone, PartialEq)]
pub struct Pipe {
    /// Pipe name (`head`, `filter`, `unique`, ...).
    pub name: Name,
    /// Comma-separated arguments (`5` for head, the condition for filter, fields for unique).
    pub args: Vec<Expr>,
    /// From `|` to the last argument.
    pub span: Span,
}

/// An identifier used as a name (function or pipe), with its span.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Name {
    /// Name text without a trailing `~`.
    pub text: String,
    /// Span of the name (including a trailing `~`).
    pub span: Span,
}

/// A run of tokens that could not be parsed.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct ErrorNode {
    /// The bad tokens (possibly empty, at the position where something was expected).
    pub span: Span,
}

/// Expressions.
#[derive(Debug, Clone, PartialEq)]
pub enum Expr {
    /// `a and b and c` / `a or b` (n-ary, at least two operands).
    Logical(Logical),
    /// `not x`
    Not(Not),
    /// `lhs op value` / `lhs op (v1, v2)`: every comparison, `:`, `like`, `regex`, `in`.
    Comparison(Comparison),
    /// `a + b - c`, `a * b` (left-associative chain).
    Arith(Arith),
    /// `-x`
    Neg(Neg),
    /// `name(args)`
    Call(Call),
    /// Field reference.
    Field(Field),
    /// String, number, boolean, null.
    Literal(Literal),
    /// `( expr )`
    Paren(Paren),
    /// Legacy `descendant of [ ... ]` / `child of [ ... ]` / `event of [ ... ]`.
    Lineage(Lineage),
    /// Unparseable part (an error was reported).
    Error(ErrorNode),
}

impl Expr {
    /// Span of the expression.
    pub fn span(&self) -> Span {
        match self {
            Expr::Logical(x) => x.span,
            Expr::Not(x) => x.span,
            Expr::Comparison(x) => x.span,
            Expr::Arith(x) => x.span,
            Expr::Neg(x) => x.span,
            Expr::Call(x) => x.span,
            Expr::Field(x) => x.span,
            Expr::Literal(x) => x.span,
            Expr::Paren(x) => x.span,
            Expr::Lineage(x) => x.span,
            Expr::Error(x) => x.span,
        }
    }

    /// The expression with any enclosing parentheses removed.
    pub fn unparen(&self) -> &Expr {
        let mut e = self;
        while let Expr::Paren(p) = e {
            e = &p.expr;
        }
        e
    }

    /// `Some(field)` when this (unparenthesized) expression is a plain field reference.
    pub fn as_field(&self) -> Option<&Field> {
        match self.unparen() {
            Expr::Field(f) => Some(f),
            _ => None,
        }
    }

    /// `Some(literal)` when this (unparenthesized) expression is a literal.
    pub fn as_literal(&self) -> Option<&Literal> {
        match self.unparen() {
            Expr::Literal(l) => Some(l),
            _ => None,
        }
    }
}

/// `and` / `or`.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum LogicalOp {
    /// `and`
    And,
    /// `or`
    Or,
}

/// n-ary `and` / `or`.
#[derive(Debug, Clone, PartialEq)]
pub struct Logical {
    /// Which connective.
    pub op: LogicalOp,
    /// Two or more operands in source order.
    pub operands: Vec<Expr>,
    /// Whole expression.
    pub span: Span,
}

/// `not expr`.
#[derive(Debug, Clone, PartialEq)]
pub struct Not {
    /// Span of the `not` keyword.
    pub not_span: Span,
    /// The negated expression.
    pub expr: Box<Expr>,
    /// Whole expression.
    pub span: Span,
}

/// Comparison / membership / pattern operators.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum CompareOp {
    /// `==` (also legacy `=`)
    Eq,
    /// `!=`
    NotEq,
    /// `<`
    Lt,
    /// `<=`
    LtEq,
    /// `>`
    Gt,
    /// `>=`
    GtEq,
    /// `:` (case-insensitive equality with wildcards)
    Colon,
    /// `like`
    Like,
    /// `like~`
    LikeInsensitive,
    /// `regex`
    Regex,
    /// `regex~`
    RegexInsensitive,
    /// `in`
    In,
    /// `in~`
    InInsensitive,
}

impl CompareOp {
    /// The operator as written (canonical form).
    pub fn as_str(self) -> &'static str {
        match self {
            CompareOp::Eq => "==",
            CompareOp::NotEq => "!=",
            CompareOp::Lt => "<",
            CompareOp::LtEq => "<=",
            CompareOp::Gt => ">",
            CompareOp::GtEq => ">=",
            CompareOp::Colon => ":",
            CompareOp::Like => "like",
            CompareOp::LikeInsensitive => "like~",
            CompareOp::Regex => "regex",
            CompareOp::RegexInsensitive => "regex~",
            CompareOp::In => "in",
            CompareOp::InInsensitive => "in~",
        }
    }

    /// Operators that compare case-insensitively (`:`, `like~`, `regex~`, `in~`).
    pub fn is_case_insensitive(self) -> bool {
        matches!(
            self,
            CompareOp::Colon
                | CompareOp::LikeInsensitive
                | CompareOp::RegexInsensitive
                | CompareOp::InInsensitive
        )
    }
}

/// `lhs op value` or `lhs [not] op (v1, v2, ...)`.
#[derive(Debug, Clone, PartialEq)]
pub struct Comparison {
    /// Left-hand side (usually a field).
    pub lhs: Box<Expr>,
    /// The operator.
    pub op: CompareOp,
    /// Written with a `not` before the operator (`a not in (...)`, `a not like~ "x"`).
    pub negated: bool,
    /// Span of the operator (including a leading `not` when negated).
    pub op_span: Span,
    /// Right-hand values: one for scalar forms, all list items for `(v1, v2)` forms.
    pub values: Vec<Expr>,
    /// Span of the `( ... )` when the right-hand side was a parenthesized list.
    pub list_span: Option<Span>,
    /// Whole comparison.
    pub span: Span,
}

/// Arithmetic operators.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum ArithOp {
    /// `+`
    Add,
    /// `-`
    Sub,
    /// `*`
    Mul,
    /// `/`
    Div,
    /// `%`
    Mod,
}

/// `first op e1 op e2 ...` with operators of one precedence level.
#[derive(Debug, Clone, PartialEq)]
pub struct Arith {
    /// First operand.
    pub first: Box<Expr>,
    /// Following `(operator, operator span, operand)` triples.
    pub rest: Vec<(ArithOp, Span, Expr)>,
    /// Whole expression.
    pub span: Span,
}

/// `-expr`.
#[derive(Debug, Clone, PartialEq)]
pub struct Neg {
    /// The operand.
    pub expr: Box<Expr>,
    /// Whole expression.
    pub span: Span,
}

/// `name(args)` / `name~(args)`.
#[derive(Debug, Clone, PartialEq)]
pub struct Call {
    /// Function name without `~` (`startsWith`), span includes the `~`.
    pub name: Name,
    /// Written with `~` (case-insensitive variant).
    pub case_insensitive: bool,
    /// Arguments in order.
    pub args: Vec<Expr>,
    /// Whole call including parentheses.
    pub span: Span,
}

/// One segment of a field path.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum FieldSegment {
    /// `name` or `` `quoted name` `` (decoded).
    Name {
        /// Segment text (backticks removed, doubled backticks collapsed).
        name: String,
        /// Written with backticks.
        quoted: bool,
        /// Span of the segment as written.
        span: Span,
    },
    /// `[N]` array index.
    Index {
        /// The index.
        index: u64,
        /// Span of `[N]`.
        span: Span,
    },
}

/// A field reference: `process.name`, `` `a b`.c ``, `?process.x`, `process.args[0]`.
#[derive(Debug, Clone, PartialEq)]
pub struct Field {
    /// Written with a leading `?` (optional field).
    pub optional: bool,
    /// Path segments in order.
    pub segments: Vec<FieldSegment>,
    /// Span of the name without the leading `?`.
    pub name_span: Span,
    /// Whole reference including `?`.
    pub span: Span,
}

impl Field {
    /// Dotted path such as `process.args[0]` (backticks removed).
    pub fn path(&self) -> String {
        let mut s = String::new();
        for seg in &self.segments {
            match seg {
                FieldSegment::Name { name, .. } => {
                    if !s.is_empty() {
                        s.push('.');
                    }
                    s.push_str(name);
                }
                FieldSegment::Index { index, .. } => {
                    s.push('[');
                    s.push_str(&index.to_string());
                    s.push(']');
                }
            }
        }
        s
    }
}

/// How a string literal was quoted.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum StringStyle {
    /// `"..."` with escapes.
    Double,
    /// `"""..."""` raw.
    Triple,
    /// `'...'` legacy.
    Single,
    /// `?"..."` / `?'...'` legacy raw string.
    LegacyRaw,
}

/// Literal values.
#[derive(Debug, Clone, PartialEq)]
pub enum LiteralValue {
    /// String with its decoded value.
    String {
        /// Decoded value (escapes resolved).
        value: String,
        /// Quoting style.
        style: StringStyle,
    },
    /// Number (`value` is `NaN` when not representable).
    Number {
        /// Parsed value.
        value: f64,
        /// Written without `.` or exponent.
        integer: bool,
    },
    /// `true` / `false`
    Bool(bool),
    /// `null`
    Null,
}

/// A literal with its raw span.
#[derive(Debug, Clone, PartialEq)]
pub struct Literal {
    /// The value.
    pub value: LiteralValue,
    /// Span of the literal as written (quotes included).
    pub span: Span,
}

impl Literal {
    /// The decoded string value, if this is a string literal.
    pub fn as_str(&self) -> Option<&str> {
        match &self.value {
            LiteralValue::String { value, .. } => Some(value),
            _ => None,
        }
    }
}

/// `( expr )`.
#[derive(Debug, Clone, PartialEq)]
pub struct Paren {
    /// The inner expression.
    pub expr: Box<Expr>,
    /// Span including the parentheses.
    pub span: Span,
}

/// Legacy (Endgame EQL) lineage check: `descendant of [process where ...]`.
#[derive(Debug, Clone, PartialEq)]
pub struct Lineage {
    /// `descendant`, `child` or `event` (any identifier is accepted).
    pub relation: Name,
    /// The bracketed event query.
    pub query: Box<EventQuery>,
    /// From the relation name to the closing `]`.
    pub span: Span,
}
