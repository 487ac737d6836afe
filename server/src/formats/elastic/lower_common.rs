//! Helpers shared by the query lowerings: mapping query offsets to file offsets and building
//! predicates.

use crate::model::{Expr, Op, Opaque, Predicate, Span, Spanned, Value, ValueKind};
use crate::source::OffsetMap;

/// Where a query string sits in the file: `base` is the offset of the query text inside the
/// decoded string (non-zero when a prefix such as a hunting `sql` tag line was skipped).
#[derive(Clone, Copy)]
pub struct QueryPos<'a> {
    pub map: &'a OffsetMap,
    pub base: usize,
}

impl QueryPos<'_> {
    /// A file span for a query range.
    pub fn span(&self, start: usize, end: usize) -> Span {
        self.map.span_to_file(self.base + start, self.base + end)
    }
}

/// A value from its decoded text.
pub fn value(text: impl Into<String>, kind: ValueKind, span: Span) -> Value {
    Value {
        text: text.into(),
        kind,
        span,
    }
}

/// The value kind of an unquoted word (`4624` → number, `true` → bool).
pub fn word_kind(text: &str) -> ValueKind {
    if text.parse::<f64>().is_ok() && !text.is_empty() {
        ValueKind::Num
    } else if text == "true" || text == "false" {
        ValueKind::Bool
    } else {
        ValueKind::Str
    }
}

/// A predicate expression.
pub fn pred(
    field: Option<Spanned<String>>,
    op: Op,
    values: Vec<Value>,
    case_sensitive: bool,
    raw_op: &str,
    span: Span,
) -> Expr {
    Expr::Pred(Predicate {
        field,
        canonical: None,
        op,
        values,
        match_all: false,
        case_sensitive,
        raw_op: raw_op.to_string(),
        span,
    })
}

/// An opaque part.
pub fn opaque(reason: impl Into<String>, span: Span) -> Expr {
    Expr::Opaque(Opaque {
        reason: reason.into(),
        span,
    })
}

/// `Eq` for one value, `In` for several.
pub fn eq_or_in(n: usize) -> Op {
    if n > 1 {
        Op::In
    } else {
        Op::Eq
    }
}

/// Flatten a one-element `And`/`Or`.
pub fn simplify(e: Expr) -> Expr {
    match e {
        Expr::And(mut v) if v.len() == 1 => v.pop().map(simplify).unwrap_or(Expr::And(v)),
        Expr::Or(mut v) if v.len() == 1 => v.pop().map(simplify).unwrap_or(Expr::Or(v)),
        other => other,
    }
}
