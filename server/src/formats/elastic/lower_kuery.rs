//! Kibana KQL (`language = "kuery"`) → rule model.
//!
//! `field : value` is `Eq` (quoted phrase or plain word) or `Wildcard` (unquoted with `*`); a value
//! list `field : (a or b)` is `In` (or `Wildcard` with every value when one has a `*`); value lists
//! with `and`/`not` keep their boolean shape. `field : *` is `Exists`, ranges are `Gt`/`Gte`/`Lt`/
//! `Lte`, a bare word is a full-text `Match` without a field. Nested queries and error nodes are
//! opaque. KQL matching on keyword fields is case-sensitive.

use super::lower_common::{eq_or_in, opaque, pred, simplify, value, word_kind, QueryPos};
use crate::model::{Expr, Op, Spanned, Value, ValueKind};
use detlint_kuery as kq;

/// Lower a parsed KQL query (`None` for an empty query: matches everything).
pub fn lower(q: &kq::Query, pos: QueryPos) -> Expr {
    match &q.root {
        Some(n) => simplify(node(n, pos)),
        None => Expr::And(Vec::new()),
    }
}

fn node(n: &kq::Node, pos: QueryPos) -> Expr {
    let span = pos.span(n.span.start, n.span.end);
    match &n.kind {
        kq::NodeKind::Or(v) => Expr::Or(v.iter().map(|c| node(c, pos)).collect()),
        kq::NodeKind::And(v) => Expr::And(v.iter().map(|c| node(c, pos)).collect()),
        kq::NodeKind::Not(c) => Expr::Not(Box::new(node(c, pos))),
        kq::NodeKind::Group(c) => node(c, pos),
        kq::NodeKind::Match {
            field, value: v, ..
        } => {
            let f = field_of(field, pos);
            simplify(values(f, v, pos, span))
        }
        kq::NodeKind::Exists { field, .. } => pred(
            Some(field_of(field, pos)),
            Op::Exists,
            Vec::new(),
            true,
            ":*",
            span,
        ),
        kq::NodeKind::Range {
            field,
            op,
            value: v,
            ..
        } => {
            let o = match op {
                kq::RangeOp::Lt => Op::Lt,
                kq::RangeOp::Le => Op::Lte,
                kq::RangeOp::Gt => Op::Gt,
                kq::RangeOp::Ge => Op::Gte,
            };
            let val = literal_value(v, pos);
            pred(
                Some(field_of(field, pos)),
                o,
                vec![val],
                true,
                op.as_str(),
                span,
            )
        }
        kq::NodeKind::Nested { .. } => opaque("nested KQL query", span),
        kq::NodeKind::FullText(lit) => {
            let op = if lit.has_wildcard() {
                Op::Wildcard
            } else {
                Op::Match
            };
            pred(None, op, vec![literal_value(lit, pos)], false, "", span)
        }
        kq::NodeKind::Error(_) => opaque("KQL syntax error", span),
    }
}

fn field_of(f: &kq::Literal, pos: QueryPos) -> Spanned<String> {
    Spanned::new(f.value.clone(), pos.span(f.span.start, f.span.end))
}

fn literal_value(l: &kq::Literal, pos: QueryPos) -> Value {
    let kind = if l.quoted {
        ValueKind::Str
    } else {
        word_kind(&l.value)
    };
    value(l.value.clone(), kind, pos.span(l.span.start, l.span.end))
}

/// Lower the value side of `field : …` for `field`.
fn values(f: Spanned<String>, v: &kq::ValueExpr, pos: QueryPos, span: crate::model::Span) -> Expr {
    match &v.kind {
        kq::ValueKind::Literal(l) => {
            let op = if l.has_wildcard() {
                Op::Wildcard
            } else {
                Op::Eq
            };
            pred(Some(f), op, vec![literal_value(l, pos)], true, ":", span)
        }
        kq::ValueKind::Group(inner) => values(f, inner, pos, span),
        kq::ValueKind::Or(items) => {
            // a flat list of literals is one `In` / `Wildcard` predicate
            let lits: Vec<&kq::Literal> = items
                .iter()
                .filter_map(|i| match &unwrap_group(i).kind {
                    kq::ValueKind::Literal(l) => Some(&**l),
                    _ => None,
                })
                .collect();
            if lits.len() == items.len() {
                let wild = lits.iter().any(|l| l.has_wildcard());
                let op = if wild {
                    Op::Wildcard
                } else {
                    eq_or_in(lits.len())
                };
                let vals = lits.iter().map(|l| literal_value(l, pos)).collect();
                pred(Some(f), op, vals, true, ":", span)
            } else {
                Expr::Or(
                    items
                        .iter()
                        .map(|i| simplify(values(f.clone(), i, pos, span)))
                        .collect(),
                )
            }
        }
        kq::ValueKind::And(items) => Expr::And(
            items
                .iter()
                .map(|i| simplify(values(f.clone(), i, pos, span)))
                .collect(),
        ),
        kq::ValueKind::Not(inner) => Expr::Not(Box::new(simplify(values(f, inner, pos, span)))),
        kq::ValueKind::Error => opaque("KQL syntax error in a value", span),
    }
}

fn unwrap_group(v: &kq::ValueExpr) -> &kq::ValueExpr {
    let mut v = v;
    while let kq::ValueKind::Group(inner) = &v.kind {
        v = inner;
    }
    v
}
