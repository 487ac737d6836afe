//! ES|QL (`language = "esql"`) → rule model, on top of `detlint_esql::lower`.
//!
//! Every `WHERE` condition of the pipeline is lowered and the conditions are joined with `And`.
//! `==` is case-sensitive `Eq`, `=~` case-insensitive `Eq`, `!=` is `Not(Eq)`, `LIKE` →
//! `Wildcard`, `RLIKE` → `RegexMatch`, `IN` → `In`, `IS NULL` → `IsNull`, `IS NOT NULL` →
//! `Exists`, `:`/`MATCH` → `Match`, `CIDR_MATCH`/`STARTS_WITH`/`ENDS_WITH`/`CONTAINS` → the
//! matching op. A field wrapped in `TO_LOWER`/`TO_UPPER` makes the predicate case-insensitive.
//! Conditions on columns computed by the query (`EVAL`, `STATS`, …) are opaque, as is anything
//! the grammar crate leaves opaque.

use super::lower_common::{eq_or_in, opaque, pred, simplify, value, QueryPos};
use super::EsqlSource;
use crate::model::{Expr, Op, Spanned, ValueKind};
use detlint_esql as esql;

/// The lowering of an ES|QL query: its condition and its `FROM` index patterns.
pub struct EsqlLowered {
    pub expr: Expr,
    pub indices: Vec<Spanned<String>>,
    /// Column names computed by the query.
    pub computed: Vec<String>,
    pub source: Option<EsqlSource>,
}

/// Lower a parsed ES|QL query; `src` is the query text (for the text of non-literal values).
pub fn lower(q: &esql::Query, src: &str, pos: QueryPos) -> EsqlLowered {
    let computed = q.computed_names();
    let mut parts: Vec<Expr> = Vec::new();
    for c in q.where_conditions() {
        // successive WHERE commands are one conjunction
        match simplify(filter(&esql::lower(c), src, pos, &computed)) {
            Expr::And(v) => parts.extend(v),
            e => parts.push(e),
        }
    }
    let indices = q
        .indices()
        .map(|i| Spanned::new(i.text.clone(), pos.span(i.span.start, i.span.end)))
        .collect();
    let aggregates = q.commands.iter().any(|c| {
        matches!(
            c.kind,
            esql::CommandKind::Stats(_) | esql::CommandKind::InlineStats(_)
        )
    });
    let source = q.commands.iter().find_map(|c| match &c.kind {
        esql::CommandKind::From(s) | esql::CommandKind::Ts(s) => Some(EsqlSource {
            metadata: s
                .metadata
                .iter()
                .map(|m| Spanned::new(m.text(), pos.span(m.span.start, m.span.end)))
                .collect(),
            aggregates,
            after_indices: s
                .indices
                .last()
                .map(|i| pos.span(i.span.start, i.span.end).end)
                .unwrap_or_else(|| pos.span(c.span.start, c.span.end).end),
            span: pos.span(c.span.start, c.span.end),
        }),
        _ => None,
    });
    EsqlLowered {
        expr: simplify(Expr::And(parts)),
        indices,
        computed,
        source,
    }
}

fn filter(f: &esql::Filter, src: &str, pos: QueryPos, computed: &[String]) -> Expr {
    match f {
        esql::Filter::And(v) => {
            Expr::And(v.iter().map(|x| filter(x, src, pos, computed)).collect())
        }
        esql::Filter::Or(v) => Expr::Or(v.iter().map(|x| filter(x, src, pos, computed)).collect()),
        esql::Filter::Not(x) => Expr::Not(Box::new(filter(x, src, pos, computed))),
        esql::Filter::Opaque(s) => opaque("ES|QL expression", pos.span(s.start, s.end)),
        esql::Filter::Predicate(p) => predicate(p, src, pos, computed),
    }
}

fn predicate(p: &esql::Predicate, src: &str, pos: QueryPos, computed: &[String]) -> Expr {
    let span = pos.span(p.span.start, p.span.end);
    if computed.iter().any(|c| c == &p.field) {
        return opaque(format!("filter on the computed column `{}`", p.field), span);
    }
    let field = Spanned::new(
        p.field.clone(),
        pos.span(p.field_span.start, p.field_span.end),
    );
    let values: Vec<_> = p
        .values
        .iter()
        .map(|v| {
            let vspan = pos.span(v.span.start, v.span.end);
            match &v.kind {
                esql::ValueKind::String(s) => value(s.clone(), ValueKind::Str, vspan),
                esql::ValueKind::Integer(n) => value(n.to_string(), ValueKind::Num, vspan),
                esql::ValueKind::Decimal(n) => value(n.to_string(), ValueKind::Num, vspan),
                esql::ValueKind::Bool(b) => value(b.to_string(), ValueKind::Bool, vspan),
                esql::ValueKind::Null => value("null", ValueKind::Null, vspan),
                esql::ValueKind::Other => value(
                    src.get(v.span.start..v.span.end).unwrap_or(""),
                    ValueKind::Str,
                    vspan,
                ),
            }
        })
        .collect();
    let lowered = p
        .transform
        .as_deref()
        .is_some_and(|t| t.eq_ignore_ascii_case("to_lower") || t.eq_ignore_ascii_case("to_upper"));
    let (op, raw, cs, negate) = match p.op {
        esql::PredOp::Eq => (Op::Eq, "==", true, false),
        esql::PredOp::EqIgnoreCase => (Op::Eq, "=~", false, false),
        esql::PredOp::Neq => (Op::Eq, "!=", true, true),
        esql::PredOp::Lt => (Op::Lt, "<", true, false),
        esql::PredOp::Le => (Op::Lte, "<=", true, false),
        esql::PredOp::Gt => (Op::Gt, ">", true, false),
        esql::PredOp::Ge => (Op::Gte, ">=", true, false),
        esql::PredOp::Like => (Op::Wildcard, "LIKE", true, false),
        esql::PredOp::RLike => (Op::RegexMatch, "RLIKE", true, false),
        esql::PredOp::In => (eq_or_in(values.len()), "IN", true, false),
        esql::PredOp::IsNull => (Op::IsNull, "IS NULL", true, false),
        esql::PredOp::IsNotNull => (Op::Exists, "IS NOT NULL", true, false),
        esql::PredOp::Match => (Op::Match, ":", false, false),
        esql::PredOp::CidrMatch => (Op::CidrMatch, "CIDR_MATCH", true, false),
        esql::PredOp::StartsWith => (Op::StartsWith, "STARTS_WITH", true, false),
        esql::PredOp::EndsWith => (Op::EndsWith, "ENDS_WITH", true, false),
        esql::PredOp::Contains => (Op::Contains, "CONTAINS", true, false),
    };
    let raw = match &p.transform {
        Some(t) => format!("{t}(…) {raw}"),
        None => raw.to_string(),
    };
    let e = pred(Some(field), op, values, cs && !lowered, &raw, span);
    if negate {
        Expr::Not(Box::new(e))
    } else {
        e
    }
}
