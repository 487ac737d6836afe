//! A boolean-logic view of `where` predicates, as a starting point for lowering into a
//! rule model: [`Filter::And`] / [`Filter::Or`] / [`Filter::Not`] / [`Filter::Predicate`] /
//! [`Filter::Opaque`]. Borrowed from the AST, so every part keeps its span.

use crate::ast::*;

/// Boolean structure of a predicate expression.
#[derive(Debug, Clone, PartialEq)]
pub enum Filter<'a> {
    /// All of (flattened `a and b and c`).
    And(Vec<Filter<'a>>),
    /// Any of (flattened `a or b or c`).
    Or(Vec<Filter<'a>>),
    /// `not(...)`.
    Not(Box<Filter<'a>>),
    /// `field OP value(s)`.
    Predicate(Predicate<'a>),
    /// Anything else (function calls such as `isnotempty(x)`, bare boolean columns,
    /// comparisons between two columns, ...).
    Opaque(&'a Expr),
}

/// The operator of a [`Predicate`].
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum PredicateOp {
    /// `==`, `!=`, `=~`, `!~`, `<`, `<=`, `>`, `>=`.
    Cmp(CmpOp),
    /// `has`, `!contains_cs`, `matches regex`, ...
    Str(StrOp),
    /// `in`, `!in`, `in~`, `!in~`, `has_any`, `has_all`.
    List(ListOp),
    /// `between` (values are `[low, high]`); `negated` for `!between`.
    Between {
        /// `!between`
        negated: bool,
    },
}

/// `field OP values` with borrowed nodes (spans available via [`Expr::span`]).
#[derive(Debug, Clone, PartialEq)]
pub struct Predicate<'a> {
    /// The field expression (a name, `a.b`, `a["b"]`).
    pub field: &'a Expr,
    /// Dotted path of the field (see [`Expr::field_path`]).
    pub field_path: String,
    /// Operator.
    pub op: PredicateOp,
    /// Right-hand values. For list operators, items naming a `let`-bound literal list are
    /// replaced by the list elements. Values are not guaranteed to be literals.
    pub values: Vec<&'a Expr>,
    /// The whole comparison node.
    pub expr: &'a Expr,
}

impl Filter<'_> {
    /// True if no part of this filter is [`Filter::Opaque`].
    pub fn is_fully_structured(&self) -> bool {
        match self {
            Filter::And(v) | Filter::Or(v) => v.iter().all(Filter::is_fully_structured),
            Filter::Not(f) => f.is_fully_structured(),
            Filter::Predicate(_) => true,
            Filter::Opaque(_) => false,
        }
    }
}

/// Builds the boolean view of `e`; `query` resolves `in (letList)` references.
pub fn filter_of<'a>(e: &'a Expr, query: &'a Query) -> Filter<'a> {
    let e = e.unparen();
    match e {
        Expr::Logical(l) => {
            let is_and = l.op == LogicalOp::And;
            let mut parts = Vec::new();
            for side in &l.operands {
                match filter_of(side, query) {
                    Filter::And(v) if is_and => parts.extend(v),
                    Filter::Or(v) if !is_and => parts.extend(v),
                    f => parts.push(f),
                }
            }
            if is_and {
                Filter::And(parts)
            } else {
                Filter::Or(parts)
            }
        }
        Expr::Not(n) => Filter::Not(Box::new(filter_of(&n.operand, query))),
        Expr::Binary(b) => {
            let op = match b.op {
                BinaryOp::Cmp(c) => PredicateOp::Cmp(c),
                BinaryOp::Str(s) => PredicateOp::Str(s),
                _ => return Filter::Opaque(e),
            };
            // A right-hand name bound by `let` is a value, not a column.
            let rhs_is_let =
                matches!(b.rhs.unparen(), Expr::Name(n) if query.let_binding(&n.name).is_some());
            let rhs_field = b.rhs.field_path().filter(|_| !rhs_is_let);
            match (b.lhs.field_path(), rhs_field) {
                (Some(field_path), None) => Filter::Predicate(Predicate {
                    field: &b.lhs,
                    field_path,
                    op,
                    values: vec![&b.rhs],
                    expr: e,
                }),
                _ => Filter::Opaque(e),
            }
        }
        Expr::InList(i) => match i.lhs.field_path() {
            Some(field_path) => Filter::Predicate(Predicate {
                field: &i.lhs,
                field_path,
                op: PredicateOp::List(i.op),
                values: query.resolve_in_items(&i.items),
                expr: e,
            }),
            None => Filter::Opaque(e),
        },
        Expr::Between(bt) => match bt.lhs.field_path() {
            Some(field_path) => Filter::Predicate(Predicate {
                field: &bt.lhs,
                field_path,
                op: PredicateOp::Between {
                    negated: bt.negated,
                },
                values: vec![&bt.low, &bt.high],
                expr: e,
            }),
            None => Filter::Opaque(e),
        },
        _ => Filter::Opaque(e),
    }
}
