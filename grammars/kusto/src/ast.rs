//! Typed AST for KQL. Every node carries the [`Span`] of the text it was parsed from.
//!
//! Shape overview:
//! - [`Query`] = list of [`Statement`]s separated by `;` (`let`, a tabular expression, `set`, ...).
//! - A tabular expression is an [`Expr`]; `T | op | op` is [`Expr::Pipeline`] whose
//!   `source` is the table expression and whose `ops` are [`Operator`]s.
//! - `| where P` is [`OperatorKind::Where`] holding the predicate [`Expr`]. Predicates are
//!   built from [`Expr::Logical`] (`and`/`or`), [`Expr::Binary`] (comparisons, string
//!   operators, arithmetic), [`Expr::Not`],
//!   [`Expr::InList`] (`in`, `!in`, `in~`, `has_any`, ...), [`Expr::Between`] and calls.

use crate::span::Span;

/// An identifier (column, table, variable, function or operator name) and its span.
/// Wildcard table/column names such as `Device*` are kept as one `Ident` with the `*`.
/// Bracketed names `['Account Name']` are decoded to `Account Name`.
#[derive(Debug, Clone, PartialEq)]
pub struct Ident {
    /// The name (decoded for bracketed names).
    pub name: String,
    /// Span of the name in the source (including brackets/quotes if bracketed).
    pub span: Span,
}

/// Which syntax a string literal used.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum StringStyle {
    /// `"..."` or `'...'` with backslash escapes.
    Regular,
    /// `@"..."` / `@'...'`: no backslash escapes, doubled quote escapes the quote.
    Verbatim,
    /// ```` ```...``` ````: raw multi-line text.
    MultiLine,
}

/// A string literal: raw span plus the decoded value.
#[derive(Debug, Clone, PartialEq)]
pub struct StringLit {
    /// Decoded value (escapes resolved, quotes and prefixes removed).
    pub value: String,
    /// Span of the whole literal including prefix and quotes.
    pub span: Span,
    /// Literal syntax.
    pub style: StringStyle,
    /// `h"..."` obfuscated string (value hidden in logs).
    pub obfuscated: bool,
}

/// A placeholder for text that could not be parsed (an error was recorded for it).
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct ErrorNode {
    /// The skipped text (may be empty at end of input).
    pub span: Span,
}

/// The root node: a whole query text.
#[derive(Debug, Clone, PartialEq)]
pub struct Query {
    /// Statements in source order.
    pub statements: Vec<Statement>,
    /// Span of the whole input.
    pub span: Span,
}

/// One `;`-separated statement.
#[derive(Debug, Clone, PartialEq)]
pub enum Statement {
    /// `let name = value`
    Let(LetStmt),
    /// A tabular (or scalar) expression, usually the query body.
    Expr(Expr),
    /// `set ...`, `declare query_parameters(...)`, `alias ...`, `pattern ...`, `restrict ...`
    /// kept only as keyword + span.
    Other(OtherStmt),
    /// Unparseable statement text.
    Error(ErrorNode),
}

impl Statement {
    /// The statement's span.
    pub fn span(&self) -> Span {
        match self {
            Statement::Let(l) => l.span,
            Statement::Expr(e) => e.span(),
            Statement::Other(o) => o.span,
            Statement::Error(e) => e.span,
        }
    }
}

/// `let name = value`. `value` is any expression: scalar, `dynamic([...])`, `datatable`,
/// a tabular pipeline, `materialize(...)`, or a [`Expr::Function`] for `(a:string) { ... }`.
#[derive(Debug, Clone, PartialEq)]
pub struct LetStmt {
    /// Bound name.
    pub name: Ident,
    /// Bound value.
    pub value: Expr,
    /// From `let` to the end of the value.
    pub span: Span,
}

/// A statement this crate does not model (`set`, `declare`, ...).
#[derive(Debug, Clone, PartialEq)]
pub struct OtherStmt {
    /// Leading keyword.
    pub keyword: Ident,
    /// Whole statement.
    pub span: Span,
}

/// `and` / `or`.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum LogicalOp {
    /// `and`
    And,
    /// `or`
    Or,
}

impl LogicalOp {
    /// Surface syntax.
    pub fn as_str(self) -> &'static str {
        match self {
            LogicalOp::And => "and",
            LogicalOp::Or => "or",
        }
    }
}

/// Binary (non-logical) operators, grouped by family. See [`BinaryOp::as_str`] for the
/// surface syntax. `and`/`or` are n-ary [`Expr::Logical`] nodes instead.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum BinaryOp {
    /// `==`, `!=`, `<`, ...
    Cmp(CmpOp),
    /// `has`, `!contains_cs`, `matches regex`, ...
    Str(StrOp),
    /// `+ - * / %`
    Arith(ArithOp),
}

/// Comparison operators.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum CmpOp {
    /// `==`
    Eq,
    /// `!=` or `<>`
    NotEq,
    /// `=~` (case-insensitive equals)
    EqCi,
    /// `!~` (case-insensitive not equals)
    NotEqCi,
    /// `<`
    Lt,
    /// `<=`
    LtEq,
    /// `>`
    Gt,
    /// `>=`
    GtEq,
}

/// The base of a string operator.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum StrOpKind {
    /// `has` (whole term)
    Has,
    /// `hasprefix`
    HasPrefix,
    /// `hassuffix`
    HasSuffix,
    /// `contains`
    Contains,
    /// `startswith`
    StartsWith,
    /// `endswith`
    EndsWith,
    /// `matches regex`
    MatchesRegex,
    /// `like` (legacy)
    Like,
}

/// A string operator: base kind plus `!` negation and `_cs` case sensitivity.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct StrOp {
    /// Base operator.
    pub kind: StrOpKind,
    /// Written with a leading `!` (or `not...` legacy spelling).
    pub negated: bool,
    /// Written with a `_cs` suffix (or `cs` legacy suffix); `matches regex` is always true.
    pub case_sensitive: bool,
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

/// Operators taking a parenthesised list on the right: `x in ("a", "b")`.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum ListOp {
    /// `in`
    In,
    /// `!in`
    NotIn,
    /// `in~`
    InCi,
    /// `!in~`
    NotInCi,
    /// `has_any`
    HasAny,
    /// `has_all`
    HasAll,
}

impl ListOp {
    /// Surface syntax.
    pub fn as_str(self) -> &'static str {
        match self {
            ListOp::In => "in",
            ListOp::NotIn => "!in",
            ListOp::InCi => "in~",
            ListOp::NotInCi => "!in~",
            ListOp::HasAny => "has_any",
            ListOp::HasAll => "has_all",
        }
    }
}

impl StrOp {
    /// Surface syntax, e.g. `!hasprefix_cs`.
    pub fn as_string(self) -> String {
        let base = match self.kind {
            StrOpKind::Has => "has",
            StrOpKind::HasPrefix => "hasprefix",
            StrOpKind::HasSuffix => "hassuffix",
            StrOpKind::Contains => "contains",
            StrOpKind::StartsWith => "startswith",
            StrOpKind::EndsWith => "endswith",
            StrOpKind::MatchesRegex => "matches regex",
            StrOpKind::Like => "like",
        };
        let mut s = String::new();
        if self.negated {
            s.push('!');
        }
        s.push_str(base);
        if self.case_sensitive && self.kind != StrOpKind::MatchesRegex {
            s.push_str("_cs");
        }
        s
    }
}

impl BinaryOp {
    /// Surface syntax of the operator.
    pub fn as_str(self) -> String {
        match self {
            BinaryOp::Cmp(c) => match c {
                CmpOp::Eq => "==",
                CmpOp::NotEq => "!=",
                CmpOp::EqCi => "=~",
                CmpOp::NotEqCi => "!~",
                CmpOp::Lt => "<",
                CmpOp::LtEq => "<=",
                CmpOp::Gt => ">",
                CmpOp::GtEq => ">=",
            }
            .into(),
            BinaryOp::Str(s) => s.as_string(),
            BinaryOp::Arith(a) => match a {
                ArithOp::Add => "+",
                ArithOp::Sub => "-",
                ArithOp::Mul => "*",
                ArithOp::Div => "/",
                ArithOp::Mod => "%",
            }
            .into(),
        }
    }

    /// True for comparison and string operators (the "predicate" operators).
    pub fn is_predicate(self) -> bool {
        matches!(self, BinaryOp::Cmp(_) | BinaryOp::Str(_))
    }
}

/// Unary arithmetic sign.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum UnaryOp {
    /// `-x`
    Neg,
    /// `+x`
    Plus,
}

/// A type annotation such as `string` or `(*)` or `(a:string)`, kept as text.
#[derive(Debug, Clone, PartialEq)]
pub struct TypeRef {
    /// Source text of the type.
    pub text: String,
    /// Its span.
    pub span: Span,
}

/// A scalar or tabular expression.
#[derive(Debug, Clone, PartialEq)]
pub enum Expr {
    /// Column, table, variable or `$left`/`$right` name (may contain `*` wildcards).
    Name(Ident),
    /// String literal.
    String(StringLit),
    /// Number literal (text as written).
    Number(Lit),
    /// Timespan literal such as `1d` (text as written).
    Timespan(Lit),
    /// `true` / `false`.
    Bool(BoolLit),
    /// `null`.
    Null(Span),
    /// `*` (as in `project-away *`, `arg_max(T, *)`, `search *`).
    Star(Span),
    /// `datetime(...)`, `guid(...)`, `typeof(...)`, `timespan(...)`: raw literal text.
    TypedLit(Box<TypedLit>),
    /// `dynamic(<json-like value>)`.
    Dynamic(Box<DynamicExpr>),
    /// `[a, b]` inside `dynamic(...)`.
    Array(Box<ListExpr>),
    /// `{"k": v}` inside `dynamic(...)`.
    Object(Box<ObjectExpr>),
    /// `( a, b, ... )` with more than one element (outside `in`).
    Tuple(Box<ListExpr>),
    /// `-x`, `+x`
    Unary(Box<UnaryExpr>),
    /// `not(x)`
    Not(Box<NotExpr>),
    /// `a and b and c` / `a or b or c`: flattened chain of one operator (parenthesised
    /// sub-chains stay nested as [`Expr::Paren`]).
    Logical(Box<LogicalExpr>),
    /// `a OP b`
    Binary(Box<BinaryExpr>),
    /// `a in (x, y)`, `a has_any (list)`, ...
    InList(Box<InListExpr>),
    /// `a between (lo .. hi)` / `a !between (lo .. hi)`
    Between(Box<BetweenExpr>),
    /// `f(args)`
    Call(Box<CallExpr>),
    /// `a.b`
    Member(Box<MemberExpr>),
    /// `a[i]` / `a["k"]`
    Index(Box<IndexExpr>),
    /// `( expr )`
    Paren(Box<ParenExpr>),
    /// `source | op | op` (source may be absent in sub-queries such as `mv-apply ... on (...)`).
    Pipeline(Box<Pipeline>),
    /// A tabular operator used as a source: `union ...`, `search ...`, `find ...`,
    /// `print ...`, `range ...`, `evaluate ...`.
    Source(Box<Operator>),
    /// `datatable(schema)[values]` or `externaldata(schema)[uris] with (...)`.
    Datatable(Box<DatatableExpr>),
    /// `(params) { body }` or `view (params) { body }`.
    Function(Box<FunctionExpr>),
    /// Unparseable text.
    Error(ErrorNode),
}

/// A literal kept as written (numbers, timespans).
#[derive(Debug, Clone, PartialEq)]
pub struct Lit {
    /// Source text.
    pub text: String,
    /// Span.
    pub span: Span,
}

/// `true` / `false`.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct BoolLit {
    /// Value.
    pub value: bool,
    /// Span.
    pub span: Span,
}

/// `datetime(2024-01-01)`, `guid(...)`, `typeof(string)`, `timespan(1d)`.
#[derive(Debug, Clone, PartialEq)]
pub struct TypedLit {
    /// `datetime`, `guid`, `typeof`, ...
    pub type_name: Ident,
    /// Trimmed text between the parentheses.
    pub raw: String,
    /// Span of the text between the parentheses.
    pub raw_span: Span,
    /// Whole literal.
    pub span: Span,
}

/// `dynamic(value)`.
#[derive(Debug, Clone, PartialEq)]
pub struct DynamicExpr {
    /// The JSON-like value (array, object, literal, `null`).
    pub value: Expr,
    /// Whole `dynamic(...)`.
    pub span: Span,
}

/// A list of expressions (`[...]`, tuples).
#[derive(Debug, Clone, PartialEq)]
pub struct ListExpr {
    /// Elements.
    pub items: Vec<Expr>,
    /// Whole list including brackets.
    pub span: Span,
}

/// `{ key: value, ... }`.
#[derive(Debug, Clone, PartialEq)]
pub struct ObjectExpr {
    /// Key/value pairs.
    pub entries: Vec<(Expr, Expr)>,
    /// Whole object.
    pub span: Span,
}

/// Unary sign.
#[derive(Debug, Clone, PartialEq)]
pub struct UnaryExpr {
    /// Operator.
    pub op: UnaryOp,
    /// Operand.
    pub operand: Expr,
    /// Whole expression.
    pub span: Span,
}

/// `not(operand)`.
#[derive(Debug, Clone, PartialEq)]
pub struct NotExpr {
    /// Negated expression.
    pub operand: Expr,
    /// Whole `not(...)`.
    pub span: Span,
}

/// `operands[0] op operands[1] op ...` for one logical operator.
#[derive(Debug, Clone, PartialEq)]
pub struct LogicalExpr {
    /// `and` or `or`.
    pub op: LogicalOp,
    /// Two or more operands, in source order.
    pub operands: Vec<Expr>,
    /// Span of each operator keyword (`operands.len() - 1` entries).
    pub op_spans: Vec<Span>,
    /// Whole expression.
    pub span: Span,
}

/// `lhs op rhs`.
#[derive(Debug, Clone, PartialEq)]
pub struct BinaryExpr {
    /// Operator.
    pub op: BinaryOp,
    /// Span of the operator token(s).
    pub op_span: Span,
    /// Left operand.
    pub lhs: Expr,
    /// Right operand.
    pub rhs: Expr,
    /// Whole expression.
    pub span: Span,
}

/// `lhs in (items)`; items may contain a single [`Expr::Name`] naming a `let` list
/// (see [`crate::Query::resolve_list`]) or a tabular sub-query.
#[derive(Debug, Clone, PartialEq)]
pub struct InListExpr {
    /// Operator.
    pub op: ListOp,
    /// Span of the operator token(s).
    pub op_span: Span,
    /// Left operand (usually a column).
    pub lhs: Expr,
    /// Elements of the parenthesised list.
    pub items: Vec<Expr>,
    /// Whole expression.
    pub span: Span,
}

/// `lhs between (low .. high)`.
#[derive(Debug, Clone, PartialEq)]
pub struct BetweenExpr {
    /// `!between`
    pub negated: bool,
    /// Left operand.
    pub lhs: Expr,
    /// Lower bound.
    pub low: Expr,
    /// Upper bound.
    pub high: Expr,
    /// Whole expression.
    pub span: Span,
}

/// A function-call argument, optionally named (`name = value`).
#[derive(Debug, Clone, PartialEq)]
pub struct Arg {
    /// Name for named arguments.
    pub name: Option<Ident>,
    /// Value.
    pub value: Expr,
    /// Whole argument.
    pub span: Span,
}

/// `name(args)`.
#[derive(Debug, Clone, PartialEq)]
pub struct CallExpr {
    /// Function name. A method-style call `a.f(x)` is represented as `f(a, x)`.
    pub name: Ident,
    /// Arguments.
    pub args: Vec<Arg>,
    /// Whole call.
    pub span: Span,
}

/// `object.member`.
#[derive(Debug, Clone, PartialEq)]
pub struct MemberExpr {
    /// Object.
    pub object: Expr,
    /// Member name.
    pub member: Ident,
    /// Whole expression.
    pub span: Span,
}

/// `object[index]`.
#[derive(Debug, Clone, PartialEq)]
pub struct IndexExpr {
    /// Object.
    pub object: Expr,
    /// Index.
    pub index: Expr,
    /// Whole expression.
    pub span: Span,
}

/// `( inner )`.
#[derive(Debug, Clone, PartialEq)]
pub struct ParenExpr {
    /// Inner expression.
    pub inner: Expr,
    /// Including parentheses.
    pub span: Span,
}

/// `source | op1 | op2 ...`.
#[derive(Debug, Clone, PartialEq)]
pub struct Pipeline {
    /// The input table expression (`None` for operator-only sub-queries).
    pub source: Option<Expr>,
    /// Operators in order.
    pub ops: Vec<Operator>,
    /// Whole pipeline.
    pub span: Span,
}

/// `datatable(...)[...]` / `externaldata(...)[...]`.
#[derive(Debug, Clone, PartialEq)]
pub struct DatatableExpr {
    /// `datatable` or `externaldata`.
    pub keyword: Ident,
    /// Column declarations.
    pub schema: Vec<Param>,
    /// Row values (flattened) or storage URIs.
    pub values: Vec<Expr>,
    /// `with (k = v, ...)` properties.
    pub with: Vec<Arg>,
    /// Whole expression.
    pub span: Span,
}

/// A function parameter / schema column: `name: type [= default]`.
#[derive(Debug, Clone, PartialEq)]
pub struct Param {
    /// Name.
    pub name: Ident,
    /// Type, if given.
    pub ty: Option<TypeRef>,
    /// Default value.
    pub default: Option<Expr>,
    /// Whole parameter.
    pub span: Span,
}

/// `(params) { body }`, `view (params) { body }`.
#[derive(Debug, Clone, PartialEq)]
pub struct FunctionExpr {
    /// Declared with `view`.
    pub is_view: bool,
    /// Parameters.
    pub params: Vec<Param>,
    /// Statements of the body (`let`s then the result expression).
    pub body: Vec<Statement>,
    /// Whole function.
    pub span: Span,
}

/// `name = value`, `(a, b) = value` or just `value` (in extend/project/summarize/...).
#[derive(Debug, Clone, PartialEq)]
pub struct Assignment {
    /// Assigned column names (empty when no `=`).
    pub names: Vec<Ident>,
    /// Value.
    pub value: Expr,
    /// Whole item.
    pub span: Span,
}

/// Operator parameter such as `kind=inner`, `isfuzzy=true`, `hint.strategy=shuffle`.
#[derive(Debug, Clone, PartialEq)]
pub struct NamedParam {
    /// Parameter name (dotted names joined: `hint.strategy`).
    pub name: Ident,
    /// Value.
    pub value: Expr,
    /// Whole parameter.
    pub span: Span,
}

/// Sort key `expr [asc|desc] [nulls first|last]`.
#[derive(Debug, Clone, PartialEq)]
pub struct SortKey {
    /// Key expression.
    pub expr: Expr,
    /// `asc` / `desc` if given.
    pub order: Option<Ident>,
    /// `first` / `last` after `nulls`, if given.
    pub nulls: Option<Ident>,
    /// Whole key.
    pub span: Span,
}

/// One part of a `parse ... with` pattern.
#[derive(Debug, Clone, PartialEq)]
pub enum ParsePart {
    /// Literal text to match.
    Literal(StringLit),
    /// `*` wildcard.
    Star(Span),
    /// Extracted column `name[:type]`.
    Column {
        /// Column name.
        name: Ident,
        /// Optional type.
        ty: Option<TypeRef>,
    },
}

/// `mv-expand` / `mv-apply` item: `[name =] expr [to typeof(t)]`.
#[derive(Debug, Clone, PartialEq)]
pub struct MvItem {
    /// Assignment.
    pub item: Assignment,
    /// `to typeof(...)` target type.
    pub to_type: Option<Expr>,
    /// Whole item.
    pub span: Span,
}

/// A pipeline operator `| name ...`.
#[derive(Debug, Clone, PartialEq)]
pub struct Operator {
    /// Operator name as written, hyphenated names joined (`project-away`, `mv-expand`).
    pub name: Ident,
    /// Parsed form.
    pub kind: OperatorKind,
    /// From the name to the end of its arguments (excluding the leading `|`).
    pub span: Span,
}

/// The parsed form of an operator.
#[derive(Debug, Clone, PartialEq)]
pub enum OperatorKind {
    /// `where P` / `filter P`.
    Where(Expr),
    /// `extend a = x, ...`.
    Extend(Vec<Assignment>),
    /// `project`, `project-keep`, `project-reorder`.
    Project(Vec<Assignment>),
    /// `project-away c1, c2*`.
    ProjectAway(Vec<Expr>),
    /// `project-rename new = old, ...`.
    ProjectRename(Vec<Assignment>),
    /// `summarize [params] aggs [by groups]`.
    Summarize {
        /// Hints.
        params: Vec<NamedParam>,
        /// Aggregations.
        aggregates: Vec<Assignment>,
        /// Group keys.
        by: Vec<Assignment>,
    },
    /// `join [params] right on keys` / `lookup [params] right on keys`.
    Join {
        /// `kind=...`, hints.
        params: Vec<NamedParam>,
        /// Right-hand table expression.
        right: Expr,
        /// Join conditions (`Col` or `$left.a == $right.b`).
        on: Vec<Expr>,
    },
    /// `union [params] T1, T2`.
    Union {
        /// `isfuzzy=true`, `kind=outer`, `withsource=X`.
        params: Vec<NamedParam>,
        /// Tables.
        tables: Vec<Expr>,
    },
    /// `parse`, `parse-where`: `[params] source with pattern...`.
    Parse {
        /// `kind=regex`, `flags=...`.
        params: Vec<NamedParam>,
        /// Parsed expression.
        source: Expr,
        /// Pattern parts.
        pattern: Vec<ParsePart>,
    },
    /// `mv-expand [params] items [limit n]`.
    MvExpand {
        /// Parameters.
        params: Vec<NamedParam>,
        /// Expanded items.
        items: Vec<MvItem>,
        /// `limit n`.
        limit: Option<Expr>,
    },
    /// `mv-apply [params] items on (subquery)`.
    MvApply {
        /// Parameters.
        params: Vec<NamedParam>,
        /// Expanded items.
        items: Vec<MvItem>,
        /// The sub-query (usually a source-less [`Expr::Pipeline`]).
        on: Option<Expr>,
    },
    /// `top n by keys`.
    Top {
        /// Row count.
        count: Expr,
        /// Sort keys.
        by: Vec<SortKey>,
    },
    /// `sort by` / `order by`.
    Sort(Vec<SortKey>),
    /// `take n` / `limit n` / `sample n`.
    Take(Expr),
    /// `distinct cols` (or `*`).
    Distinct(Vec<Expr>),
    /// `count`.
    Count,
    /// `evaluate [params] plugin(args)`.
    Evaluate {
        /// Hints.
        params: Vec<NamedParam>,
        /// The plugin call.
        call: Expr,
    },
    /// `invoke f(args)`.
    Invoke(Expr),
    /// `make-series [params] aggs on axis [from a] [to b] step s [by groups]`.
    MakeSeries {
        /// Parameters.
        params: Vec<NamedParam>,
        /// Aggregations.
        aggregates: Vec<Assignment>,
        /// `default = v` of each aggregation (parallel to `aggregates`).
        defaults: Vec<Option<Expr>>,
        /// Axis column.
        on: Option<Expr>,
        /// `from`/`to`/`step`/`in` clauses: keyword and value.
        range: Vec<(Ident, Expr)>,
        /// Group keys.
        by: Vec<Assignment>,
    },
    /// `render kind [with (props)]`.
    Render {
        /// Visualization.
        visualization: Option<Ident>,
        /// Properties.
        with: Vec<Arg>,
    },
    /// `as [params] name`.
    As {
        /// Parameters.
        params: Vec<NamedParam>,
        /// Name.
        name: Option<Ident>,
    },
    /// `getschema`.
    GetSchema,
    /// `search [params] [in (tables)] predicate`.
    Search {
        /// Parameters.
        params: Vec<NamedParam>,
        /// Tables from `in (...)`.
        tables: Vec<Expr>,
        /// Predicate (bare strings mean term search).
        predicate: Expr,
    },
    /// `find [params] [in (tables)] where predicate [project ...]`.
    Find {
        /// Parameters.
        params: Vec<NamedParam>,
        /// Tables from `in (...)`.
        tables: Vec<Expr>,
        /// Predicate.
        predicate: Expr,
        /// Projected columns.
        project: Vec<Expr>,
    },
    /// `print a = x, ...`.
    Print(Vec<Assignment>),
    /// `range col from a to b step s`.
    Range {
        /// Column.
        column: Option<Ident>,
        /// Start.
        from: Option<Expr>,
        /// End.
        to: Option<Expr>,
        /// Step.
        step: Option<Expr>,
    },
    /// `serialize [a = x, ...]`.
    Serialize(Vec<Assignment>),
    /// Any other operator: argument token spans up to the next top-level `|`.
    Generic {
        /// Spans of the non-trivia argument tokens.
        args: Vec<Span>,
        /// Span of all arguments (empty at the end of the name if none).
        args_span: Span,
    },
    /// Unparseable operator.
    Error(ErrorNode),
}

impl Expr {
    /// The span of the expression.
    pub fn span(&self) -> Span {
        match self {
            Expr::Name(i) => i.span,
            Expr::String(s) => s.span,
            Expr::Number(l) | Expr::Timespan(l) => l.span,
            Expr::Bool(b) => b.span,
            Expr::Null(s) | Expr::Star(s) => *s,
            Expr::TypedLit(t) => t.span,
            Expr::Dynamic(d) => d.span,
            Expr::Array(l) | Expr::Tuple(l) => l.span,
            Expr::Object(o) => o.span,
            Expr::Unary(u) => u.span,
            Expr::Not(n) => n.span,
            Expr::Logical(l) => l.span,
            Expr::Binary(b) => b.span,
            Expr::InList(i) => i.span,
            Expr::Between(b) => b.span,
            Expr::Call(c) => c.span,
            Expr::Member(m) => m.span,
            Expr::Index(i) => i.span,
            Expr::Paren(p) => p.span,
            Expr::Pipeline(p) => p.span,
            Expr::Source(o) => o.span,
            Expr::Datatable(d) => d.span,
            Expr::Function(f) => f.span,
            Expr::Error(e) => e.span,
        }
    }

    /// Strips any number of enclosing parentheses.
    pub fn unparen(&self) -> &Expr {
        let mut e = self;
        while let Expr::Paren(p) = e {
            e = &p.inner;
        }
        e
    }

    /// If this is a (possibly dotted/indexed) field reference, its dotted path text,
    /// e.g. `a.b["c"]` → `a.b.c`. Returns `None` for other expressions.
    pub fn field_path(&self) -> Option<String> {
        match self.unparen() {
            Expr::Name(i) => Some(i.name.clone()),
            Expr::Member(m) => Some(format!("{}.{}", m.object.field_path()?, m.member.name)),
            Expr::Index(ix) => {
                let base = ix.object.field_path()?;
                match &ix.index {
                    Expr::String(s) => Some(format!("{base}.{}", s.value)),
                    Expr::Number(n) => Some(format!("{base}[{}]", n.text)),
                    _ => None,
                }
            }
            _ => None,
        }
    }

    /// The string value when this is a string literal.
    pub fn as_str_lit(&self) -> Option<&StringLit> {
        match self.unparen() {
            Expr::String(s) => Some(s),
            _ => None,
        }
    }
}
