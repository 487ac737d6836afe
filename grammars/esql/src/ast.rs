//! Typed ES|QL syntax tree. Every node carries the [`Span`] of the text it was parsed from.

use crate::span::Span;

/// An identifier (one segment of a field name, a function name, a type name...).
#[derive(Debug, Clone, PartialEq)]
pub struct Ident {
    /// Span of the identifier as written (including backquotes).
    pub span: Span,
    /// Decoded name (backquotes removed).
    pub name: String,
    /// True if written with backquotes.
    pub quoted: bool,
}

/// A dotted field name such as `process.parent.name` or `` `my field`.x ``.
#[derive(Debug, Clone, PartialEq)]
pub struct QualifiedName {
    /// Span of the whole name.
    pub span: Span,
    /// The dot-separated segments.
    pub parts: Vec<Ident>,
}

impl QualifiedName {
    /// The decoded name joined with dots (`process.name`).
    pub fn text(&self) -> String {
        let mut s = String::new();
        for (i, p) in self.parts.iter().enumerate() {
            if i > 0 {
                s.push('.');
            }
            s.push_str(&p.name);
        }
        s
    }
}

/// A name pattern as used in `KEEP`/`DROP`/`RENAME` (may contain `*`, e.g. `Esql.*`).
#[derive(Debug, Clone, PartialEq)]
pub struct NamePattern {
    /// Span of the pattern.
    pub span: Span,
    /// Decoded pattern text (backquoted segments unquoted).
    pub text: String,
}

impl NamePattern {
    /// True if the pattern contains a `*` wildcard.
    pub fn is_wildcard(&self) -> bool {
        self.text.contains('*')
    }
}

/// A string literal.
#[derive(Debug, Clone, PartialEq)]
pub struct StringLit {
    /// Raw span including the quotes.
    pub span: Span,
    /// Decoded value (escapes processed for `"..."`, raw for `"""..."""`).
    pub value: String,
    /// True for `"""..."""`.
    pub triple: bool,
}

/// A `?param` placeholder.
#[derive(Debug, Clone, PartialEq)]
pub struct Param {
    /// Span including the `?`.
    pub span: Span,
    /// Name or position after the `?` (may be empty for a bare `?`).
    pub name: String,
}

/// Literal values.
#[derive(Debug, Clone, PartialEq)]
pub enum Literal {
    /// `null`
    Null,
    /// `true` / `false`
    Bool(bool),
    /// Integer literal (values above `u64::MAX` become [`Literal::Decimal`]).
    Integer(u64),
    /// Decimal literal.
    Decimal(f64),
    /// String literal.
    String(StringLit),
    /// Time span / qualified integer such as `1 hour`, `15 minutes`, `7d`.
    TimeSpan {
        /// Numeric part (as written).
        value: f64,
        /// Unit identifier (`hour`, `minutes`, `d`...).
        unit: Ident,
    },
}

/// Logical connectives (n-ary in the AST).
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash)]
pub enum LogicalOp {
    /// `AND`
    And,
    /// `OR`
    Or,
}

/// Binary operators (comparison and arithmetic).
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash)]
pub enum BinaryOp {
    /// `==`
    Eq,
    /// `=~` (case-insensitive equality)
    EqIgnoreCase,
    /// `!=`
    Neq,
    /// `<`
    Lt,
    /// `<=`
    Le,
    /// `>`
    Gt,
    /// `>=`
    Ge,
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

impl BinaryOp {
    /// True for `==`, `=~`, `!=`, `<`, `<=`, `>`, `>=`.
    pub fn is_comparison(self) -> bool {
        matches!(
            self,
            BinaryOp::Eq
                | BinaryOp::EqIgnoreCase
                | BinaryOp::Neq
                | BinaryOp::Lt
                | BinaryOp::Le
                | BinaryOp::Gt
                | BinaryOp::Ge
        )
    }
}

/// Unary operators.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash)]
pub enum UnaryOp {
    /// `NOT`
    Not,
    /// `-`
    Neg,
    /// `+`
    Plus,
}

/// `LIKE` or `RLIKE`.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash)]
pub enum LikeKind {
    /// `LIKE` (wildcards `*` and `?`).
    Like,
    /// `RLIKE` (regular expression).
    RLike,
}

/// A function call `NAME(args)`.
#[derive(Debug, Clone, PartialEq)]
pub struct Call {
    /// Function name as written (`CIDR_MATCH`, `to_lower`...).
    pub name: Ident,
    /// Arguments (a `*` argument, as in `COUNT(*)`, is an [`ExprKind::Star`]).
    pub args: Vec<Expr>,
}

impl Call {
    /// Upper-cased function name, for case-insensitive comparisons.
    pub fn upper_name(&self) -> String {
        self.name.name.to_ascii_uppercase()
    }
}

/// An expression node.
#[derive(Debug, Clone, PartialEq)]
pub struct Expr {
    /// Span of the whole expression.
    pub span: Span,
    /// What kind of expression.
    pub kind: ExprKind,
}

/// Expression kinds.
#[derive(Debug, Clone, PartialEq)]
pub enum ExprKind {
    /// A field reference.
    Field(QualifiedName),
    /// A literal.
    Literal(Literal),
    /// A `?param`.
    Param(Param),
    /// `*` (only as a function argument: `COUNT(*)`).
    Star,
    /// Function call.
    Call(Call),
    /// `NOT x`, `-x`, `+x`.
    Unary {
        /// Operator.
        op: UnaryOp,
        /// Span of the operator token.
        op_span: Span,
        /// Operand.
        operand: Box<Expr>,
    },
    /// `a AND b AND c` / `a OR b OR c`: a flattened chain of one connective
    /// (parenthesised sub-chains stay nested inside [`ExprKind::Paren`]).
    Logical {
        /// The connective.
        op: LogicalOp,
        /// Operands, at least two.
        operands: Vec<Expr>,
        /// Spans of the connective keywords (`operands.len() - 1` of them).
        op_spans: Vec<Span>,
    },
    /// `a OP b` (comparison or arithmetic).
    Binary {
        /// Operator.
        op: BinaryOp,
        /// Span of the operator token.
        op_span: Span,
        /// Left operand.
        lhs: Box<Expr>,
        /// Right operand.
        rhs: Box<Expr>,
    },
    /// `x [NOT] LIKE|RLIKE pattern` or `x [NOT] LIKE ("p1", "p2")`.
    Like {
        /// Tested value.
        expr: Box<Expr>,
        /// `NOT LIKE` / `NOT RLIKE`.
        negated: bool,
        /// `LIKE` or `RLIKE`.
        kind: LikeKind,
        /// Span of the operator keyword(s), including `NOT`.
        op_span: Span,
        /// The pattern(s).
        patterns: Vec<Expr>,
    },
    /// `x [NOT] IN (a, b, ...)`.
    In {
        /// Tested value.
        expr: Box<Expr>,
        /// `NOT IN`.
        negated: bool,
        /// Span of the operator keyword(s), including `NOT`.
        op_span: Span,
        /// The list items.
        list: Vec<Expr>,
    },
    /// `x IS [NOT] NULL`.
    IsNull {
        /// Tested value.
        expr: Box<Expr>,
        /// `IS NOT NULL`.
        negated: bool,
    },
    /// `field : query` full-text match operator.
    Match {
        /// Matched field.
        field: Box<Expr>,
        /// Query value.
        query: Box<Expr>,
    },
    /// `x::type` cast.
    Cast {
        /// Cast value.
        expr: Box<Expr>,
        /// Target type name.
        ty: Ident,
    },
    /// `( x )`.
    Paren(Box<Expr>),
    /// Array literal `[a, b]`.
    List(Vec<Expr>),
    /// Map literal `{"k": v, ...}` (function options).
    Map(Vec<(StringLit, Expr)>),
    /// Unparseable text (an error was recorded).
    Error,
}

impl Expr {
    /// The field name if this expression is a plain field reference (parentheses looked through).
    pub fn as_field(&self) -> Option<&QualifiedName> {
        match &self.kind {
            ExprKind::Field(f) => Some(f),
            ExprKind::Paren(e) => e.as_field(),
            _ => None,
        }
    }

    /// The string literal if this expression is one.
    pub fn as_string(&self) -> Option<&StringLit> {
        match &self.kind {
            ExprKind::Literal(Literal::String(s)) => Some(s),
            _ => None,
        }
    }

    /// Calls `f` on this node and every sub-expression (pre-order).
    pub fn walk<'a>(&'a self, f: &mut dyn FnMut(&'a Expr)) {
        // Explicit stack: expressions can be deep (long AND chains).
        let mut stack: Vec<&'a Expr> = vec![self];
        while let Some(e) = stack.pop() {
            f(e);
            match &e.kind {
                ExprKind::Call(c) => stack.extend(c.args.iter().rev()),
                ExprKind::Logical { operands, .. } => stack.extend(operands.iter().rev()),
                ExprKind::Unary { operand, .. } => stack.push(operand),
                ExprKind::Binary { lhs, rhs, .. } => {
                    stack.push(rhs);
                    stack.push(lhs);
                }
                ExprKind::Like { expr, patterns, .. } => {
                    stack.extend(patterns.iter().rev());
                    stack.push(expr);
                }
                ExprKind::In { expr, list, .. } => {
                    stack.extend(list.iter().rev());
                    stack.push(expr);
                }
                ExprKind::IsNull { expr, .. } | ExprKind::Cast { expr, .. } => stack.push(expr),
                ExprKind::Match { field, query } => {
                    stack.push(query);
                    stack.push(field);
                }
                ExprKind::Paren(e) => stack.push(e),
                ExprKind::List(items) => stack.extend(items.iter().rev()),
                ExprKind::Map(items) => stack.extend(items.iter().rev().map(|(_, v)| v)),
                _ => {}
            }
        }
    }

    /// All comparison-like nodes below (and including) this one, in source order:
    /// comparisons (`==`, `!=`, `<`, ...), `[NOT] LIKE`/`RLIKE`, `[NOT] IN`, `IS [NOT] NULL`
    /// and the `:` match operator. Function calls are not included (use [`Expr::walk`]).
    pub fn comparisons(&self) -> Vec<&Expr> {
        let mut out = Vec::new();
        self.walk(&mut |e| match &e.kind {
            ExprKind::Binary { op, .. } if op.is_comparison() => out.push(e),
            ExprKind::Like { .. }
            | ExprKind::In { .. }
            | ExprKind::IsNull { .. }
            | ExprKind::Match { .. } => out.push(e),
            _ => {}
        });
        out
    }
}

/// `[name =] expr` as in `EVAL`, `ROW`, `STATS ... BY`.
#[derive(Debug, Clone, PartialEq)]
pub struct Field {
    /// Span of the whole item.
    pub span: Span,
    /// Assigned name, if any.
    pub name: Option<QualifiedName>,
    /// Value.
    pub expr: Expr,
}

/// One `STATS` aggregate: `[name =] agg(...) [WHERE cond] [AS alias]`.
#[derive(Debug, Clone, PartialEq)]
pub struct AggField {
    /// Span of the whole item.
    pub span: Span,
    /// The aggregate with its optional assigned name.
    pub field: Field,
    /// Optional per-aggregate `WHERE` filter.
    pub filter: Option<Expr>,
    /// Optional `AS alias` (tolerated extension).
    pub alias: Option<QualifiedName>,
}

impl AggField {
    /// The output column name given explicitly (`x = ...` or `... AS x`).
    pub fn output_name(&self) -> Option<&QualifiedName> {
        self.field.name.as_ref().or(self.alias.as_ref())
    }
}

/// `STATS` / `INLINESTATS` body.
#[derive(Debug, Clone, PartialEq)]
pub struct Stats {
    /// Aggregates.
    pub aggs: Vec<AggField>,
    /// `BY` grouping expressions.
    pub by: Vec<Field>,
}

/// An index pattern in `FROM`/`TS`, e.g. `logs-endpoint.events.process-*`.
#[derive(Debug, Clone, PartialEq)]
pub struct IndexPattern {
    /// Span of the pattern.
    pub span: Span,
    /// Pattern text (string quotes removed if it was quoted).
    pub text: String,
}

/// `FROM` / `TS` source.
#[derive(Debug, Clone, PartialEq)]
pub struct Source {
    /// Index patterns.
    pub indices: Vec<IndexPattern>,
    /// `METADATA` fields.
    pub metadata: Vec<QualifiedName>,
}

/// One `SORT` key.
#[derive(Debug, Clone, PartialEq)]
pub struct SortKey {
    /// Span of the whole key.
    pub span: Span,
    /// Sorted expression.
    pub expr: Expr,
    /// `Some(true)` for `ASC`, `Some(false)` for `DESC`.
    pub ascending: Option<bool>,
    /// `Some(true)` for `NULLS FIRST`, `Some(false)` for `NULLS LAST`.
    pub nulls_first: Option<bool>,
}

/// `old AS new` (or `new = old`) in `RENAME`.
#[derive(Debug, Clone, PartialEq)]
pub struct Rename {
    /// Span of the pair.
    pub span: Span,
    /// Existing name.
    pub from: NamePattern,
    /// New name.
    pub to: NamePattern,
}

/// `ENRICH policy [ON field] [WITH ...]`.
#[derive(Debug, Clone, PartialEq)]
pub struct Enrich {
    /// Policy name (possibly `_mode:policy`).
    pub policy: NamePattern,
    /// Match field.
    pub on: Option<NamePattern>,
    /// `WITH` clauses: `[new =] enrich_field`.
    pub with: Vec<Rename>,
}

/// `LOOKUP JOIN index ON cond`.
#[derive(Debug, Clone, PartialEq)]
pub struct LookupJoin {
    /// Lookup index.
    pub index: IndexPattern,
    /// Join fields or conditions.
    pub on: Vec<Expr>,
}

/// A pipeline command.
#[derive(Debug, Clone, PartialEq)]
pub struct Command {
    /// Span of the whole command (from its keyword).
    pub span: Span,
    /// The command keyword(s) (e.g. `LOOKUP JOIN`), as written.
    pub keyword: Span,
    /// Command contents.
    pub kind: CommandKind,
}

/// Command kinds.
#[derive(Debug, Clone, PartialEq)]
pub enum CommandKind {
    /// `FROM indices [METADATA ...]`
    From(Source),
    /// `TS indices [METADATA ...]`
    Ts(Source),
    /// `ROW a = 1, ...`
    Row(Vec<Field>),
    /// `SHOW item`
    Show(Option<Ident>),
    /// `WHERE cond`
    Where(Expr),
    /// `EVAL a = x, ...`
    Eval(Vec<Field>),
    /// `STATS ... [BY ...]`
    Stats(Stats),
    /// `INLINESTATS ...` / `INLINE STATS ...`
    InlineStats(Stats),
    /// `KEEP patterns`
    Keep(Vec<NamePattern>),
    /// `DROP patterns`
    Drop(Vec<NamePattern>),
    /// `RENAME a AS b, ...`
    Rename(Vec<Rename>),
    /// `SORT keys`
    Sort(Vec<SortKey>),
    /// `LIMIT n`
    Limit(Expr),
    /// `DISSECT field "pattern" [APPEND_SEPARATOR = "x"]`
    Dissect {
        /// Input expression.
        input: Expr,
        /// Dissect pattern.
        pattern: Option<StringLit>,
        /// `key = value` options.
        options: Vec<Field>,
    },
    /// `GROK field "pattern", ...`
    Grok {
        /// Input expression.
        input: Expr,
        /// Grok patterns.
        patterns: Vec<StringLit>,
    },
    /// `ENRICH ...`
    Enrich(Enrich),
    /// `MV_EXPAND field`
    MvExpand(QualifiedName),
    /// `LOOKUP JOIN idx ON f` (and legacy `LOOKUP idx ON f`)
    LookupJoin(LookupJoin),
    /// `CHANGE_POINT value [ON key] [AS type, pvalue]`
    ChangePoint {
        /// Value column.
        value: QualifiedName,
        /// Key column.
        key: Option<QualifiedName>,
        /// Output column names.
        outputs: Vec<QualifiedName>,
    },
    /// `FORK ( ... ) ( ... )`: each branch is a pipeline of processing commands.
    Fork(Vec<Query>),
    /// `COMPLETION [target =] prompt WITH options`
    Completion {
        /// Target column.
        target: Option<QualifiedName>,
        /// Prompt expression.
        prompt: Expr,
        /// `WITH` argument (inference id or option map).
        with: Option<Expr>,
    },
    /// `SAMPLE probability [seed]`
    Sample(Vec<Expr>),
    /// A command this parser does not model: its name and the rest of its text.
    Generic {
        /// Command name as written.
        name: Ident,
        /// Span of the arguments (possibly empty).
        args: Span,
    },
    /// Unparseable text (an error was recorded).
    Error,
}

/// A whole query (or one `FORK` branch): commands separated by `|`.
#[derive(Debug, Clone, PartialEq)]
pub struct Query {
    /// Span of the pipeline.
    pub span: Span,
    /// Commands in order.
    pub commands: Vec<Command>,
}

impl Query {
    /// Index patterns of the source command(s).
    pub fn indices(&self) -> impl Iterator<Item = &IndexPattern> {
        self.commands.iter().flat_map(|c| match &c.kind {
            CommandKind::From(f) | CommandKind::Ts(f) => f.indices.as_slice(),
            _ => &[],
        })
    }

    /// All `WHERE` conditions, in order (including those inside `FORK` branches).
    pub fn where_conditions(&self) -> Vec<&Expr> {
        let mut out = Vec::new();
        for c in &self.commands {
            match &c.kind {
                CommandKind::Where(e) => out.push(e),
                CommandKind::Fork(branches) => {
                    for b in branches {
                        out.extend(b.where_conditions());
                    }
                }
                _ => {}
            }
        }
        out
    }

    /// Names of columns computed by the query (EVAL/ROW/STATS/DISSECT/GROK/RENAME/ENRICH outputs...).
    /// A `WHERE` on one of these names is not a filter on an event field.
    pub fn computed_names(&self) -> Vec<String> {
        let mut out = Vec::new();
        for c in &self.commands {
            computed_names_of(c, &mut out);
        }
        out
    }
}

fn computed_names_of(c: &Command, out: &mut Vec<String>) {
    match &c.kind {
        CommandKind::Eval(fields) | CommandKind::Row(fields) => out.extend(
            fields
                .iter()
                .filter_map(|f| f.name.as_ref().map(|n| n.text())),
        ),
        CommandKind::Stats(s) | CommandKind::InlineStats(s) => {
            out.extend(
                s.aggs
                    .iter()
                    .filter_map(|a| a.output_name().map(|n| n.text())),
            );
            out.extend(
                s.by.iter()
                    .filter_map(|f| f.name.as_ref().map(|n| n.text())),
            );
        }
        CommandKind::Dissect {
            pattern: Some(p), ..
        } => out.extend(dissect_keys(&p.value)),
        CommandKind::Grok { patterns, .. } => {
            for p in patterns {
                out.extend(grok_keys(&p.value));
            }
        }
        CommandKind::Rename(pairs) => out.extend(pairs.iter().map(|r| r.to.text.clone())),
        CommandKind::Enrich(e) => out.extend(e.with.iter().map(|r| r.to.text.clone())),
        CommandKind::ChangePoint { outputs, .. } => out.extend(outputs.iter().map(|n| n.text())),
        CommandKind::Completion { target, .. } => out.push(
            target
                .as_ref()
                .map_or_else(|| "completion".to_string(), |t| t.text()),
        ),
        CommandKind::Fork(branches) => {
            for b in branches {
                for c in &b.commands {
                    computed_names_of(c, out);
                }
            }
        }
        _ => {}
    }
}

/// Output keys of a dissect pattern (`%{key}`, skipping `%{}` and `%{?skip}`).
pub fn dissect_keys(pattern: &str) -> Vec<String> {
    let mut out = Vec::new();
    let mut rest = pattern;
    while let Some(i) = rest.find("%{") {
        rest = &rest[i + 2..];
        let Some(end) = rest.find('}') else { break };
        let key = rest[..end].trim_start_matches(['+', '&', '*']);
        let key = key
            .split("->")
            .next()
            .unwrap_or("")
            .split('/')
            .next()
            .unwrap_or("");
        if !key.is_empty() && !key.starts_with('?') {
            out.push(key.to_string());
        }
        rest = &rest[end + 1..];
    }
    out
}

/// Output keys of a grok pattern (`%{PATTERN:key[:type]}`).
pub fn grok_keys(pattern: &str) -> Vec<String> {
    let mut out = Vec::new();
    let mut rest = pattern;
    while let Some(i) = rest.find("%{") {
        rest = &rest[i + 2..];
        let Some(end) = rest.find('}') else { break };
        let mut parts = rest[..end].split(':');
        let _pattern = parts.next();
        if let Some(key) = parts.next() {
            if !key.is_empty() {
                out.push(key.to_string());
            }
        }
        rest = &rest[end + 1..];
    }
    out
}
