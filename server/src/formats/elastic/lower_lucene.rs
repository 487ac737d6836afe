//! Lucene query string (`language = "lucene"`) → rule model.
//!
//! `AND`/`OR`/`NOT`/`-` map directly, juxtaposition uses the Elasticsearch default operator
//! (`OR`), `+x` is `x`, groups are transparent. `field:value` is `Eq` (or `Wildcard` with `*`/`?`),
//! `field:/re/` is `RegexMatch`, ranges become `Gte`/`Gt`/`Lte`/`Lt` (an `And` of both bounds),
//! `_exists_:f` is `Exists`, `*:*` matches everything, terms without a field are a full-text
//! `Match`. Fuzzy terms and error nodes are opaque.

use super::lower_common::{opaque, pred, simplify, value, word_kind, QueryPos};
use crate::model::{Expr, Op, Span, Spanned, Value, ValueKind};
use detlint_lucene as lc;

/// Lower a parsed Lucene query.
pub fn lower(q: &lc::Query, pos: QueryPos) -> Expr {
    match &q.root {
        Some(n) => simplify(node(n, pos)),
        None => Expr::And(Vec::new()),
    }
}

fn node(n: &lc::Node, pos: QueryPos) -> Expr {
    let span = pos.span(n.span.start, n.span.end);
    match &n.kind {
        lc::NodeKind::Or(v) | lc::NodeKind::Implicit(v) => {
            Expr::Or(v.iter().map(|c| node(c, pos)).collect())
        }
        lc::NodeKind::And(v) => Expr::And(v.iter().map(|c| node(c, pos)).collect()),
        lc::NodeKind::Not { inner, .. } => Expr::Not(Box::new(node(inner, pos))),
        lc::NodeKind::Required(inner) => node(inner, pos),
        lc::NodeKind::Group { body, .. } => node(body, pos),
        lc::NodeKind::Term(t) => term(t, pos, span),
        lc::NodeKind::Exists { field } => pred(
            Some(field_of(field, pos)),
            Op::Exists,
            Vec::new(),
            true,
            "_exists_",
            span,
        ),
        lc::NodeKind::MatchAll => Expr::And(Vec::new()),
        lc::NodeKind::Error(_) => opaque("Lucene syntax error", span),
    }
}

fn field_of(f: &lc::FieldRef, pos: QueryPos) -> Spanned<String> {
    Spanned::new(f.name.clone(), pos.span(f.span.start, f.span.end))
}

fn lit(l: &lc::Literal, pos: QueryPos) -> Value {
    let kind = if l.quoted {
        ValueKind::Str
    } else {
        word_kind(&l.value)
    };
    value(l.value.clone(), kind, pos.span(l.span.start, l.span.end))
}

fn term(t: &lc::Term, pos: QueryPos, span: Span) -> Expr {
    if t.fuzzy.is_some() {
        return opaque("fuzzy or proximity Lucene term", span);
    }
    let field = t.field.as_ref().map(|f| field_of(f, pos));
    match &t.value {
        lc::Value::Term(l) => {
            let op = if l.has_wildcard() {
                Op::Wildcard
            } else if field.is_none() {
                Op::Match
            } else {
                Op::Eq
            };
            pred(field, op, vec![lit(l, pos)], true, ":", span)
        }
        lc::Value::Phrase(l) => {
            let op = if field.is_none() { Op::Match } else { Op::Eq };
            pred(field, op, vec![lit(l, pos)], true, ":", span)
        }
        lc::Value::Regex(l) => pred(
            field,
            Op::RegexMatch,
            vec![value(
                l.value.clone(),
                ValueKind::Str,
                pos.span(l.span.start, l.span.end),
            )],
            true,
            ":/…/",
            span,
        ),
        lc::Value::Compare { op, value: v, .. } => {
            let o = match op {
                lc::CompareOp::Lt => Op::Lt,
                lc::CompareOp::Le => Op::Lte,
                lc::CompareOp::Gt => Op::Gt,
                lc::CompareOp::Ge => Op::Gte,
            };
            pred(field, o, vec![lit(v, pos)], true, op.as_str(), span)
        }
        lc::Value::Range(r) => {
            let mut parts = Vec::new();
            if !r.lower.is_star() {
                let (o, raw) = if r.lower_inclusive {
                    (Op::Gte, "[")
                } else {
                    (Op::Gt, "{")
                };
                parts.push(pred(
                    field.clone(),
                    o,
                    vec![lit(&r.lower, pos)],
                    true,
                    raw,
                    span,
                ));
            }
            if !r.upper.is_star() {
                let (o, raw) = if r.upper_inclusive {
                    (Op::Lte, "]")
                } else {
                    (Op::Lt, "}")
                };
                parts.push(pred(
                    field.clone(),
                    o,
                    vec![lit(&r.upper, pos)],
                    true,
                    raw,
                    span,
                ));
            }
            if parts.is_empty() {
                pred(field, Op::Exists, Vec::new(), true, "[* TO *]", span)
            } else {
                simplify(Expr::And(parts))
            }
        }
    }
}
