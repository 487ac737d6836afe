//! Typed Lucene query-string syntax tree. Every node carries the [`Span`] of its text.

use crate::span::Span;

/// The root of a parsed query.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Query {
    /// The whole input.
    pub span: Span,
    /// The top-level expression; `None` for an empty query.
    pub root: Option<Node>,
}

/// A query expression.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Node {
    /// Source range.
    pub span: Span,
    /// What the expression is.
    pub kind: NodeKind,
}

/// The shapes of a query expression.
///
/// Precedence used to build the tree (tightest first): prefix operators, `AND`/`&&`,
/// juxtaposition ([`NodeKind::Implicit`]), `OR`/`||`. Lucene itself does not apply precedence
/// to mixed `AND`/`OR` without parentheses; see the crate README.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum NodeKind {
    /// `a OR b` / `a || b` (flattened).
    Or(Vec<Node>),
    /// `a AND b` / `a && b` (flattened).
    And(Vec<Node>),
    /// `a b c`: clauses combined with the default operator (`OR` unless configured otherwise).
    Implicit(Vec<Node>),
    /// `NOT a`, `!a` or `-a`.
    Not {
        /// Which spelling.
        op: NotOp,
        /// Span of the operator.
        op_span: Span,
        /// The negated clause.
        inner: Box<Node>,
    },
    /// `+a` (the clause must match).
    Required(Box<Node>),
    /// `( ... )` or `field:( ... )`, with an optional boost.
    Group {
        /// Field applied to the bare terms inside (`field:(a OR b)`).
        field: Option<Box<FieldRef>>,
        /// The inner query.
        body: Box<Node>,
        /// `^N` after the closing parenthesis.
        boost: Option<Modifier>,
    },
    /// A term, phrase, regex, range or comparison, with its (explicit or inherited) field.
    Term(Box<Term>),
    /// `_exists_:field`.
    Exists {
        /// The field that must exist.
        field: Box<FieldRef>,
    },
    /// `*:*`.
    MatchAll,
    /// Unparseable text (an error was reported), with whatever was recovered inside it.
    Error(Vec<Node>),
}

/// Spelling of a negation.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash)]
pub enum NotOp {
    /// `NOT`
    Not,
    /// `!`
    Bang,
    /// `-`
    Minus,
}

/// A field name.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct FieldRef {
    /// Span of the name as written (for an inherited field: the span in the enclosing `field:(`).
    pub span: Span,
    /// Name with escapes removed.
    pub name: String,
    /// Byte offsets in `name` of unescaped `*` / `?` (field wildcards such as `process.*`).
    pub wildcards: Vec<usize>,
    /// True when the field comes from an enclosing `field:( ... )` group.
    pub inherited: bool,
}

/// A trailing `^N` or `~N`.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Modifier {
    /// Span including the `^` / `~`.
    pub span: Span,
    /// The number as written, if any.
    pub number: Option<String>,
}

/// A leaf clause.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Term {
    /// Whole clause, field included.
    pub span: Span,
    /// Explicit `field:` or inherited from `field:( ... )`; `None` means the default fields.
    pub field: Option<FieldRef>,
    /// The value.
    pub value: Value,
    /// `~N`: fuzziness for terms, slop (proximity) for phrases.
    pub fuzzy: Option<Modifier>,
    /// `^N`.
    pub boost: Option<Modifier>,
}

/// The value of a leaf clause.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum Value {
    /// An unquoted term, possibly with `*` / `?` wildcards.
    Term(Literal),
    /// A `"quoted phrase"`.
    Phrase(Literal),
    /// A `/regular expression/`; `value` is the raw text between the slashes.
    Regex(Literal),
    /// `[a TO b]`, `{a TO b}`, or mixed.
    Range(Box<Range>),
    /// Elasticsearch one-sided range: `>10`, `>=x`, `<"y"`, `<=5`.
    Compare {
        /// The operator.
        op: CompareOp,
        /// Span of the operator.
        op_span: Span,
        /// The bound.
        value: Literal,
    },
}

/// A one-sided comparison operator (Elasticsearch extension).
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash)]
pub enum CompareOp {
    /// `<`
    Lt,
    /// `<=`
    Le,
    /// `>`
    Gt,
    /// `>=`
    Ge,
}

impl CompareOp {
    /// The operator as written.
    pub fn as_str(self) -> &'static str {
        match self {
            CompareOp::Lt => "<",
            CompareOp::Le => "<=",
            CompareOp::Gt => ">",
            CompareOp::Ge => ">=",
        }
    }
}

/// A bracketed range.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Range {
    /// From the opening to the closing bracket.
    pub span: Span,
    /// Lower bound (`*` = open).
    pub lower: Literal,
    /// Upper bound (`*` = open).
    pub upper: Literal,
    /// `[` (true) or `{` (false).
    pub lower_inclusive: bool,
    /// `]` (true) or `}` (false).
    pub upper_inclusive: bool,
}

/// A decoded term, phrase, regex or range bound.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Literal {
    /// Raw span (quotes / slashes included).
    pub span: Span,
    /// True for `"..."`.
    pub quoted: bool,
    /// Decoded text (escapes removed; for regexes, the raw pattern).
    pub value: String,
    /// Byte offsets in `value` of unescaped `*` / `?` wildcards (unquoted terms only).
    pub wildcards: Vec<usize>,
}

impl Literal {
    /// True when the literal contains an unescaped wildcard.
    pub fn has_wildcard(&self) -> bool {
        !self.wildcards.is_empty()
    }

    /// True for an unquoted lone `*` (match anything; an open range bound).
    pub fn is_star(&self) -> bool {
        !self.quoted && self.value == "*" && self.wildcards.len() == 1
    }
}

impl Node {
    /// Calls `f` on this node and every node below it (pre-order, iterative).
    pub fn walk<'a>(&'a self, mut f: impl FnMut(&'a Node)) {
        let mut stack = vec![self];
        while let Some(n) = stack.pop() {
            f(n);
            match &n.kind {
                NodeKind::Or(v) | NodeKind::And(v) | NodeKind::Implicit(v) | NodeKind::Error(v) => {
                    stack.extend(v.iter().rev())
                }
                NodeKind::Not { inner, .. } | NodeKind::Required(inner) => stack.push(inner),
                NodeKind::Group { body, .. } => stack.push(body),
                _ => {}
            }
        }
    }

    /// All leaf clauses (`Term`, `Exists`, `MatchAll`) in source order.
    pub fn leaves(&self) -> Vec<&Node> {
        let mut out = Vec::new();
        self.walk(|n| {
            if matches!(
                n.kind,
                NodeKind::Term(_) | NodeKind::Exists { .. } | NodeKind::MatchAll
            ) {
                out.push(n);
            }
        });
        out
    }

    /// All `Term` clauses in source order.
    pub fn terms(&self) -> Vec<&Term> {
        let mut out = Vec::new();
        self.walk(|n| {
            if let NodeKind::Term(t) = &n.kind {
                out.push(t.as_ref());
            }
        });
        out
    }
}

impl Query {
    /// All `Term` clauses of the query in source order.
    pub fn terms(&self) -> Vec<&Term> {
        self.root.as_ref().map(|r| r.terms()).unwrap_or_default()
    }

    /// All leaf clauses of the query in source order.
    pub fn leaves(&self) -> Vec<&Node> {
        self.root.as_ref().map(|r| r.leaves()).unwrap_or_default()
    }
}
