//! Lowering of filter logic to a small boolean tree:
//! `And / Or / Not / Pred(field, op, values) / Opaque`.
//!
//! Both the search language ([`SearchExpr`]) and eval/where expressions
//! ([`Expr`]) lower to the same [`Filter`] type, so rule checks can treat
//! `search`, `tstats ... where` and `where` uniformly.

use crate::ast::*;
use crate::span::Span;

/// A lowered boolean filter.
#[derive(Debug, Clone, PartialEq)]
pub enum Filter {
    /// All must hold.
    And(Vec<Filter>, Span),
    /// Any must hold.
    Or(Vec<Filter>, Span),
    /// Negation.
    Not(Box<Filter>, Span),
    /// A field predicate.
    Pred(Predicate),
    /// Anything not expressible as a predicate (macro, subsearch, arbitrary eval...).
    Opaque(Span),
}

/// Predicate operator.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash)]
pub enum PredOp {
    /// `=` / `==` (search `=` is case-insensitive with wildcards; eval `==` is exact).
    Eq,
    /// `!=`
    Ne,
    /// `<`
    Lt,
    /// `<=`
    Le,
    /// `>`
    Gt,
    /// `>=`
    Ge,
    /// `IN (...)` / `in(...)`
    In,
    /// `LIKE` / `like()` (SQL `%`/`_` patterns)
    Like,
    /// `match()` (regular expression)
    Match,
    /// `cidrmatch()`
    Cidr,
    /// `isnull()`
    IsNull,
    /// `isnotnull()`
    IsNotNull,
    /// Free-text term of the search language (no field).
    Term,
}

/// `field op values`.
#[derive(Debug, Clone, PartialEq)]
pub struct Predicate {
    /// Field (None for free-text terms).
    pub field: Option<Ident>,
    /// Operator.
    pub op: PredOp,
    /// Values, each with its span (empty for `isnull`/`isnotnull`).
    pub values: Vec<Value>,
    /// Whole span.
    pub span: Span,
}

/// Lower a search-language filter.
pub fn lower_search(e: &SearchExpr) -> Filter {
    match e {
        SearchExpr::And { items, span } => {
            Filter::And(items.iter().map(lower_search).collect(), *span)
        }
        SearchExpr::Or { items, span } => {
            Filter::Or(items.iter().map(lower_search).collect(), *span)
        }
        SearchExpr::Not { expr, span } => Filter::Not(Box::new(lower_search(expr)), *span),
        SearchExpr::Group { expr, .. } => lower_search(expr),
        SearchExpr::Compare {
            field,
            op,
            value,
            span,
            ..
        } => Filter::Pred(Predicate {
            field: Some(field.clone()),
            op: match op {
                CmpOp::Eq | CmpOp::EqEq => PredOp::Eq,
                CmpOp::Ne => PredOp::Ne,
                CmpOp::Lt => PredOp::Lt,
                CmpOp::Le => PredOp::Le,
                CmpOp::Gt => PredOp::Gt,
                CmpOp::Ge => PredOp::Ge,
            },
            values: vec![value.clone()],
            span: *span,
        }),
        SearchExpr::In {
            field,
            values,
            span,
        } => Filter::Pred(Predicate {
            field: Some(field.clone()),
            op: PredOp::In,
            values: values.clone(),
            span: *span,
        }),
        SearchExpr::Term(v) => Filter::Pred(Predicate {
            field: None,
            op: PredOp::Term,
            values: vec![v.clone()],
            span: v.span,
        }),
        other => Filter::Opaque(other.span()),
    }
}

/// Lower an eval / where boolean expression.
pub fn lower_expr(e: &Expr) -> Filter {
    match e {
        Expr::Paren { expr, .. } => lower_expr(expr),
        Expr::Binary {
            op: BinOp::And,
            span,
            ..
        } => {
            let mut items = Vec::new();
            flatten(e, BinOp::And, &mut items);
            Filter::And(items, *span)
        }
        Expr::Binary {
            op: BinOp::Or,
            span,
            ..
        } => {
            let mut items = Vec::new();
            flatten(e, BinOp::Or, &mut items);
            Filter::Or(items, *span)
        }
        Expr::Unary {
            op: UnaryOp::Not,
            expr,
            span,
        } => Filter::Not(Box::new(lower_expr(expr)), *span),
        Expr::Binary {
            op, lhs, rhs, span, ..
        } if op.is_comparison() => {
            let (field, value, op) = match (field_of(lhs), literal_of(rhs)) {
                (Some(f), Some(v)) => (f, v, *op),
                _ => match (literal_of(lhs), field_of(rhs)) {
                    (Some(v), Some(f)) => (f, v, flip(*op)),
                    _ => return Filter::Opaque(*span),
                },
            };
            Filter::Pred(Predicate {
                field: Some(field),
                op: match op {
                    BinOp::Eq | BinOp::EqEq => PredOp::Eq,
                    BinOp::Ne => PredOp::Ne,
                    BinOp::Lt => PredOp::Lt,
                    BinOp::Le => PredOp::Le,
                    BinOp::Gt => PredOp::Gt,
                    BinOp::Ge => PredOp::Ge,
                    _ => PredOp::Like,
                },
                values: vec![value],
                span: *span,
            })
        }
        Expr::In { expr, list, span } => match (field_of(expr), literals(list)) {
            (Some(f), Some(values)) => Filter::Pred(Predicate {
                field: Some(f),
                op: PredOp::In,
                values,
                span: *span,
            }),
            _ => Filter::Opaque(*span),
        },
        Expr::Call { name, args, span } => lower_call(&name.name.to_ascii_lowercase(), args, *span),
        other => Filter::Opaque(other.span()),
    }
}

fn lower_call(name: &str, args: &[Expr], span: Span) -> Filter {
    let pred = |field: Ident, op, values| {
        Filter::Pred(Predicate {
            field: Some(field),
            op,
            values,
            span,
        })
    };
    match (name, args) {
        ("like", [f, p]) | ("match", [f, p]) => match (field_of(f), literal_of(p)) {
            (Some(f), Some(v)) => pred(
                f,
                if name == "like" {
                    PredOp::Like
                } else {
                    PredOp::Match
                },
                vec![v],
            ),
            _ => Filter::Opaque(span),
        },
        ("cidrmatch", [c, f]) => match (field_of(f), literal_of(c)) {
            (Some(f), Some(v)) => pred(f, PredOp::Cidr, vec![v]),
            _ => Filter::Opaque(span),
        },
        ("isnull", [f]) | ("isnotnull", [f]) => match field_of(f) {
            Some(f) => pred(
                f,
                if name == "isnull" {
                    PredOp::IsNull
                } else {
                    PredOp::IsNotNull
                },
                Vec::new(),
            ),
            None => Filter::Opaque(span),
        },
        ("in", [f, rest @ ..]) if !rest.is_empty() => match (field_of(f), literals(rest)) {
            (Some(f), Some(values)) => pred(f, PredOp::In, values),
            _ => Filter::Opaque(span),
        },
        _ => Filter::Opaque(span),
    }
}

fn flatten(e: &Expr, op: BinOp, out: &mut Vec<Filter>) {
    match e {
        Expr::Binary {
            op: o, lhs, rhs, ..
        } if *o == op => {
            flatten(lhs, op, out);
            flatten(rhs, op, out);
        }
        Expr::Paren { expr, .. } if matches!(**expr, Expr::Binary { op: o, .. } if o == op) => {
            flatten(expr, op, out)
        }
        other => out.push(lower_expr(other)),
    }
}

fn field_of(e: &Expr) -> Option<Ident> {
    match e {
        Expr::Field(i) => Some(i.clone()),
        Expr::Paren { expr, .. } => field_of(expr),
        _ => None,
    }
}

fn literal_of(e: &Expr) -> Option<Value> {
    match e {
        Expr::Str(v) | Expr::Number(v) => Some(v.clone()),
        Expr::Unary {
            op: UnaryOp::Neg,
            expr,
            span,
        } => match &**expr {
            Expr::Number(v) => Some(Value {
                value: format!("-{}", v.value),
                span: *span,
                quoted: false,
            }),
            _ => None,
        },
        Expr::Paren { expr, .. } => literal_of(expr),
        _ => None,
    }
}

fn literals(list: &[Expr]) -> Option<Vec<Value>> {
    list.iter().map(literal_of).collect()
}

fn flip(op: BinOp) -> BinOp {
    match op {
        BinOp::Lt => BinOp::Gt,
        BinOp::Le => BinOp::Ge,
        BinOp::Gt => BinOp::Lt,
        BinOp::Ge => BinOp::Le,
        o => o,
    }
}
