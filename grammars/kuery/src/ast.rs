//! Typed KQL syntax tree. Every node carries the [`Span`] of the text it was parsed from.

use crate::span::Span;

/// The root of a parsed query.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Query {
    /// The whole input.
    pub span: Span,
    /// The top-level expression; `None` for an empty or whitespace-only query (matches everything).
    pub root: Option<Node>,
}

/// A query-level expression.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Node {
    /// Source range of the whole expression.
    pub span: Span,
    /// What the expression is.
    pub kind: NodeKind,
}

/// The shapes a query-level expression can take.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum NodeKind {
    /// `a or b or c` (flattened, two or more operands).
    Or(Vec<Node>),
    /// `a and b and c` (flattened, two or more operands).
    And(Vec<Node>),
    /// `not a`.
    Not(Box<Node>),
    /// `( a )`: parentheses kept for spans; semantically transparent.
    Group(Box<Node>),
    /// `field : value` or `field : (a or b and not c)`.
    Match {
        /// The field name (may contain `*` wildcards).
        field: Box<Literal>,
        /// Span of the `:`.
        colon: Span,
        /// The value or value list.
        value: Box<ValueExpr>,
    },
    /// `field : *` (the field exists).
    Exists {
        /// The field name.
        field: Box<Literal>,
        /// Span of the `*`.
        star: Span,
    },
    /// `field >= value` and friends.
    Range {
        /// The field name.
        field: Box<Literal>,
        /// The comparison operator.
        op: RangeOp,
        /// Span of the operator.
        op_span: Span,
        /// The bound.
        value: Box<Literal>,
    },
    /// `parent : { child : value }`.
    Nested {
        /// The parent (nested-type) field.
        field: Box<Literal>,
        /// The inner query, `None` when missing (an error was reported).
        query: Option<Box<Node>>,
    },
    /// A bare value without a field: full-text search over the default fields.
    FullText(Box<Literal>),
    /// Text that could not be parsed; holds whatever was recovered inside it.
    Error(Vec<Node>),
}

/// A range comparison operator.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash)]
pub enum RangeOp {
    /// `<`
    Lt,
    /// `<=`
    Le,
    /// `>`
    Gt,
    /// `>=`
    Ge,
}

impl RangeOp {
    /// The operator as written.
    pub fn as_str(self) -> &'static str {
        match self {
            RangeOp::Lt => "<",
            RangeOp::Le => "<=",
            RangeOp::Gt => ">",
            RangeOp::Ge => ">=",
        }
    }
}

/// The value side of `field : ...`: one value or a boolean list of values.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct ValueExpr {
    /// Source range.
    pub span: Span,
    /// What the value expression is.
    pub kind: ValueKind,
}

/// The shapes of a value expression.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum ValueKind {
    /// `a or b` (flattened).
    Or(Vec<ValueExpr>),
    /// `a and b` (flattened).
    And(Vec<ValueExpr>),
    /// `not a`.
    Not(Box<ValueExpr>),
    /// `( ... )`.
    Group(Box<ValueExpr>),
    /// A single quoted or unquoted value.
    Literal(Box<Literal>),
    /// Unparseable text (an error was reported).
    Error,
}

/// A quoted string or an unquoted (possibly multi-word) literal, used for field names and values.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Literal {
    /// Raw span, quotes included.
    pub span: Span,
    /// True for `"..."` (a phrase: no wildcards).
    pub quoted: bool,
    /// Decoded text: quotes and escapes removed; unquoted text trimmed of trailing whitespace.
    pub value: String,
    /// Byte offsets in `value` of unescaped `*` wildcards (always empty when quoted).
    pub wildcards: Vec<usize>,
}

impl Literal {
    /// True when the literal contains an unescaped `*`.
    pub fn has_wildcard(&self) -> bool {
        !self.wildcards.is_empty()
    }

    /// True for the bare `*` literal.
    pub fn is_match_all(&self) -> bool {
        !self.quoted && self.value == "*" && self.wildcards.len() == 1
    }
}

impl Node {
    /// Calls `f` on this node and every node below it (pre-order). Iterative: safe on deep trees.
    pub fn walk<'a>(&'a self, mut f: impl FnMut(&'a Node)) {
        let mut stack = vec![self];
        while let Some(n) = stack.pop() {
            f(n);
            match &n.kind {
                NodeKind::Or(v) | NodeKind::And(v) | NodeKind::Error(v) => {
                    stack.extend(v.iter().rev())
                }
                NodeKind::Not(x) | NodeKind::Group(x) => stack.push(x),
                NodeKind::Nested { query: Some(q), .. } => stack.push(q),
                _ => {}
            }
        }
    }

    /// All field predicates (`Match`, `Exists`, `Range`, `Nested`) in source order.
    pub fn predicates(&self) -> Vec<&Node> {
        let mut out = Vec::new();
        self.walk(|n| {
            if matches!(
                n.kind,
                NodeKind::Match { .. }
                    | NodeKind::Exists { .. }
                    | NodeKind::Range { .. }
                    | NodeKind::Nested { .. }
            ) {
                out.push(n);
            }
        });
        out
    }

    /// The field of a `Match`, `Exists`, `Range` or `Nested` node.
    pub fn field(&self) -> Option<&Literal> {
        match &self.kind {
            NodeKind::Match { field, .. }
            | NodeKind::Exists { field, .. }
            | NodeKind::Range { field, .. }
            | NodeKind::Nested { field, .. } => Some(field.as_ref()),
            _ => None,
        }
    }
}

impl ValueExpr {
    /// All literals of this value expression in source order (negated ones included).
    pub fn literals(&self) -> Vec<&Literal> {
        let mut out = Vec::new();
        let mut stack = vec![self];
        while let Some(v) = stack.pop() {
            match &v.kind {
                ValueKind::Or(xs) | ValueKind::And(xs) => stack.extend(xs.iter().rev()),
                ValueKind::Not(x) | ValueKind::Group(x) => stack.push(x),
                ValueKind::Literal(l) => out.push(l.as_ref()),
                ValueKind::Error => {}
            }
        }
        out
    }
}

impl Query {
    /// All field predicates of the query (see [`Node::predicates`]).
    pub fn predicates(&self) -> Vec<&Node> {
        self.root
            .as_ref()
            .map(|r| r.predicates())
            .unwrap_or_default()
    }
}
