//! Lowering of boolean conditions into a small filter algebra
//! (`And` / `Or` / `Not` / `Predicate(field, op, values)` / `Opaque`).

use crate::ast::*;
use crate::span::Span;

/// Predicate operators recognised by [`lower`].
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash)]
pub enum PredOp {
    /// `==`
    Eq,
    /// `=~`
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
    /// `LIKE` (any of the values)
    Like,
    /// `RLIKE` (any of the values)
    RLike,
    /// `IN (...)`
    In,
    /// `IS NULL`
    IsNull,
    /// `IS NOT NULL`
    IsNotNull,
    /// `field : query`, `MATCH(field, query[, options])`, `MATCH_PHRASE(...)`
    Match,
    /// `CIDR_MATCH(field, cidr...)`
    CidrMatch,
    /// `STARTS_WITH(field, prefix)`
    StartsWith,
    /// `ENDS_WITH(field, suffix)`
    EndsWith,
    /// `CONTAINS(field, substring)`
    Contains,
}

/// Kind of a literal operand.
#[derive(Debug, Clone, PartialEq)]
pub enum ValueKind {
    /// Decoded string value.
    String(String),
    /// Integer.
    Integer(u64),
    /// Decimal.
    Decimal(f64),
    /// Boolean.
    Bool(bool),
    /// `null`.
    Null,
    /// Anything else: a parameter or a constant expression such as `now() - 7 day`.
    Other,
}

/// One operand value with its span.
#[derive(Debug, Clone, PartialEq)]
pub struct Value {
    /// Span of the value expression (including quotes for strings).
    pub span: Span,
    /// What the value is.
    pub kind: ValueKind,
}

/// `field op values`.
#[derive(Debug, Clone, PartialEq)]
pub struct Predicate {
    /// Span of the whole predicate.
    pub span: Span,
    /// Field name (dotted, decoded).
    pub field: String,
    /// Span of the field name.
    pub field_span: Span,
    /// Function wrapped around the field, upper-cased (`TO_LOWER(process.name) == "x"`).
    pub transform: Option<String>,
    /// Operator.
    pub op: PredOp,
    /// Operand values (empty for `IS NULL`).
    pub values: Vec<Value>,
}

/// Lowered boolean filter.
#[derive(Debug, Clone, PartialEq)]
pub enum Filter {
    /// All must hold.
    And(Vec<Filter>),
    /// Any must hold.
    Or(Vec<Filter>),
    /// Negation.
    Not(Box<Filter>),
    /// A simple field predicate.
    Predicate(Predicate),
    /// Something not representable (span of the sub-expression).
    Opaque(Span),
}

/// Lowers a boolean expression (e.g. a `WHERE` condition) into a [`Filter`].
pub fn lower(e: &Expr) -> Filter {
    match &e.kind {
        ExprKind::Paren(inner) => lower(inner),
        ExprKind::Logical { op, operands, .. } => {
            let items = operands.iter().map(lower).collect();
            match op {
                LogicalOp::And => Filter::And(items),
                LogicalOp::Or => Filter::Or(items),
            }
        }
        ExprKind::Unary {
            op: UnaryOp::Not,
            operand,
            ..
        } => Filter::Not(Box::new(lower(operand))),
        ExprKind::Binary { op, lhs, rhs, .. } if op.is_comparison() => {
            let pop = match op {
                BinaryOp::Eq => PredOp::Eq,
                BinaryOp::EqIgnoreCase => PredOp::EqIgnoreCase,
                BinaryOp::Neq => PredOp::Neq,
                BinaryOp::Lt => PredOp::Lt,
                BinaryOp::Le => PredOp::Le,
                BinaryOp::Gt => PredOp::Gt,
                _ => PredOp::Ge,
            };
            if let Some((field, fspan, transform)) = field_of(lhs) {
                if is_value(rhs) {
                    return pred(e, field, fspan, transform, pop, vec![value(rhs)]);
                }
            }
            if let Some((field, fspan, transform)) = field_of(rhs) {
                if is_value(lhs) {
                    let flipped = match pop {
                        PredOp::Lt => PredOp::Gt,
                        PredOp::Le => PredOp::Ge,
                        PredOp::Gt => PredOp::Lt,
                        PredOp::Ge => PredOp::Le,
                        other => other,
                    };
                    return pred(e, field, fspan, transform, flipped, vec![value(lhs)]);
                }
            }
            Filter::Opaque(e.span)
        }
        ExprKind::Like {
            expr,
            negated,
            kind,
            patterns,
            ..
        } => wrap_not(
            *negated,
            match field_of(expr) {
                Some((f, fs, t)) => {
                    let op = if *kind == LikeKind::Like {
                        PredOp::Like
                    } else {
                        PredOp::RLike
                    };
                    pred(e, f, fs, t, op, patterns.iter().map(value).collect())
                }
                None => Filter::Opaque(e.span),
            },
        ),
        ExprKind::In {
            expr,
            negated,
            list,
            ..
        } => wrap_not(
            *negated,
            match field_of(expr) {
                Some((f, fs, t)) => pred(e, f, fs, t, PredOp::In, list.iter().map(value).collect()),
                None => Filter::Opaque(e.span),
            },
        ),
        ExprKind::IsNull { expr, negated } => match field_of(expr) {
            Some((f, fs, t)) => {
                let op = if *negated {
                    PredOp::IsNotNull
                } else {
                    PredOp::IsNull
                };
                pred(e, f, fs, t, op, Vec::new())
            }
            None => Filter::Opaque(e.span),
        },
        ExprKind::Match { field, query } => match field_of(field) {
            Some((f, fs, t)) => pred(e, f, fs, t, PredOp::Match, vec![value(query)]),
            None => Filter::Opaque(e.span),
        },
        ExprKind::Call(c) => {
            let op = match c.upper_name().as_str() {
                "CIDR_MATCH" => PredOp::CidrMatch,
                "STARTS_WITH" => PredOp::StartsWith,
                "ENDS_WITH" => PredOp::EndsWith,
                "CONTAINS" => PredOp::Contains,
                "MATCH" | "MATCH_PHRASE" => PredOp::Match,
                _ => return Filter::Opaque(e.span),
            };
            match c.args.split_first() {
                Some((first, rest)) if !rest.is_empty() => match field_of(first) {
                    Some((f, fs, t)) => {
                        let values = rest
                            .iter()
                            .filter(|a| !matches!(a.kind, ExprKind::Map(_)))
                            .map(value)
                            .collect();
                        pred(e, f, fs, t, op, values)
                    }
                    None => Filter::Opaque(e.span),
                },
                _ => Filter::Opaque(e.span),
            }
        }
        _ => Filter::Opaque(e.span),
    }
}

fn wrap_not(neg: bool, f: Filter) -> Filter {
    if neg {
        Filter::Not(Box::new(f))
    } else {
        f
    }
}

fn pred(
    e: &Expr,
    field: String,
    field_span: Span,
    transform: Option<String>,
    op: PredOp,
    values: Vec<Value>,
) -> Filter {
    Filter::Predicate(Predicate {
        span: e.span,
        field,
        field_span,
        transform,
        op,
        values,
    })
}

/// A field, possibly wrapped in a single-argument function or a cast.
fn field_of(e: &Expr) -> Option<(String, Span, Option<String>)> {
    match &e.kind {
        ExprKind::Field(q) => Some((q.text(), q.span, None)),
        ExprKind::Paren(inner) => field_of(inner),
        ExprKind::Call(c) if c.args.len() == 1 => {
            let q = c.args[0].as_field()?;
            Some((q.text(), q.span, Some(c.upper_name())))
        }
        ExprKind::Cast { expr, ty } => {
            let q = expr.as_field()?;
            Some((
                q.text(),
                q.span,
                Some(format!("::{}", ty.name.to_ascii_uppercase())),
            ))
        }
        _ => None,
    }
}

/// A literal, parameter or constant expression (no field reference, e.g. `now() - 7 day`).
fn is_value(e: &Expr) -> bool {
    let mut constant = true;
    e.walk(&mut |x| {
        if matches!(x.kind, ExprKind::Field(_) | ExprKind::Error) {
            constant = false;
        }
    });
    constant
}

fn value(e: &Expr) -> Value {
    let kind = match &e.kind {
        ExprKind::Literal(Literal::String(s)) => ValueKind::String(s.value.clone()),
        ExprKind::Literal(Literal::Integer(i)) => ValueKind::Integer(*i),
        ExprKind::Literal(Literal::Decimal(d)) => ValueKind::Decimal(*d),
        ExprKind::Literal(Literal::Bool(b)) => ValueKind::Bool(*b),
        ExprKind::Literal(Literal::Null) => ValueKind::Null,
        _ => ValueKind::Other,
    };
    Value { span: e.span, kind }
}
