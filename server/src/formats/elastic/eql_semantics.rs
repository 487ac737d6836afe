//! EQL constructs that parse but that Elasticsearch rejects or that cannot work, collected while
//! reading the query (reported by check DL509): a sequence with fewer than two events, a missing
//! event `![…]` without `maxspan`, `runs` outside 1–100, legacy `=` comparisons, single-quoted
//! or `?"raw"` strings, `join`, and lineage (`descendant of`).

use super::lower_common::QueryPos;
use crate::model::Span;
use detlint_eql as eql;

/// One problem: message and file span.
pub type EqlProblem = (String, Span);

/// Collect the problems of a parsed EQL query (`src` is the query text).
pub fn problems(q: &eql::Query, src: &str, pos: QueryPos) -> Vec<EqlProblem> {
    let mut out = Vec::new();
    let sp = |s: eql::Span| pos.span(s.start, s.end);
    let head = |s: eql::Span, n: usize| pos.span(s.start, (s.start + n).min(s.end));
    let mut subs: Vec<&eql::SubQuery> = Vec::new();
    match &q.body {
        eql::QueryBody::Sequence(s) => {
            // `[q] with runs=N` counts as N events
            let events: u64 = s
                .queries
                .iter()
                .map(|x| x.runs.map(|r| r.value).unwrap_or(1))
                .sum();
            if events < 2 {
                out.push((
                    "a sequence needs at least two events (two terms, or one term `with runs=N`)"
                        .to_string(),
                    head(s.span, "sequence".len()),
                ));
            }
            if s.maxspan.is_none() {
                if let Some(m) = s.queries.iter().find(|x| x.missing) {
                    out.push((
                        "a missing-event term `![…]` needs `with maxspan=…` on the sequence"
                            .to_string(),
                        head(m.span, 2),
                    ));
                }
            }
            subs.extend(s.queries.iter());
        }
        eql::QueryBody::Sample(s) => subs.extend(s.queries.iter()),
        eql::QueryBody::Join(j) => out.push((
            "`join` is not supported by Elasticsearch EQL; use a `sequence`".to_string(),
            head(j.span, "join".len()),
        )),
        _ => {}
    }
    for s in subs {
        if let Some(r) = &s.runs {
            if !(1..=100).contains(&r.value) {
                out.push((
                    format!("`runs={}` is outside the allowed range 1–100", r.value),
                    sp(r.value_span),
                ));
            }
        }
    }
    q.walk_exprs(&mut |e| match e {
        eql::Expr::Comparison(c)
            if c.op == eql::CompareOp::Eq
                && src.get(c.op_span.start..c.op_span.end) == Some("=") =>
        {
            out.push((
                "`=` is legacy EQL that Elasticsearch rejects; write `==`".to_string(),
                sp(c.op_span),
            ));
        }
        eql::Expr::Literal(l) => {
            if let eql::LiteralValue::String { style, .. } = &l.value {
                let what = match style {
                    eql::StringStyle::Single => "single-quoted strings",
                    eql::StringStyle::LegacyRaw => "`?\"…\"` raw strings",
                    _ => return,
                };
                out.push((
                    format!("{what} are legacy EQL that Elasticsearch rejects; use double quotes (or `\"\"\"…\"\"\"`)"),
                    sp(l.span),
                ));
            }
        }
        eql::Expr::Lineage(l) => out.push((
            format!(
                "lineage (`{} of`) is not supported by Elasticsearch EQL",
                l.relation.text
            ),
            sp(l.relation.span),
        )),
        _ => {}
    });
    out.truncate(20);
    out
}
