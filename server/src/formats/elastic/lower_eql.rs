//! EQL (`language = "eql"`) → rule model.
//!
//! - `==` is case-sensitive `Eq`, `:` is case-insensitive `Eq` (or `Wildcard` when a value has
//!   `*`/`?`), `in`/`in~` are `In`, `like`/`like~` are `Wildcard`, `regex`/`regex~` are
//!   `RegexMatch`; `!=` and `not in`/`not like` are `Not` of the positive predicate; `== null` is
//!   `IsNull`, `!= null` is `Exists`.
//! - `cidrMatch(f, …)` → `CidrMatch`, `startsWith` → `StartsWith`, `endsWith` → `EndsWith`,
//!   `stringContains` → `Contains`, `wildcard(f, …)` → `Wildcard` (`~` variants case-insensitive).
//! - A **sequence** (and `sample`, `join`) is the `And` of its sub-queries' conditions; a missing
//!   event `![…]` is `Not` of its condition; `until` is opaque. Each sub-query's event category is
//!   kept in [`EqlEvent`] and becomes an event kind; it is not repeated as a predicate.
//! - Pipes, field-vs-field comparisons, arithmetic, other functions and lineage are opaque.

use super::lower_common::{eq_or_in, opaque, pred, simplify, value, QueryPos};
use crate::model::{Expr, Op, Span, Spanned, Value, ValueKind};
use detlint_eql as eql;

/// One event query of an EQL query (the whole query, or one sequence/sample/join term).
#[derive(Debug, Clone, PartialEq)]
pub struct EqlEvent {
    /// The event category as written (`process`, `any`, …), span in the file.
    pub category: Spanned<String>,
    /// Whether it is a missing-event term `![…]`.
    pub missing: bool,
    /// The lowered condition of this event query.
    pub condition: Expr,
}

/// The lowering of a whole EQL query.
pub struct EqlLowered {
    pub expr: Expr,
    pub events: Vec<EqlEvent>,
    /// File spans of `?optional` field references.
    pub optional_fields: Vec<Span>,
}

/// Lower a parsed EQL query.
pub fn lower(q: &eql::Query, pos: QueryPos) -> EqlLowered {
    let mut l = Lowerer {
        pos,
        optional: Vec::new(),
    };
    let mut events = Vec::new();
    let mut parts = Vec::new();
    let mut terms = |subs: &[eql::SubQuery], until: Option<&eql::SubQuery>, l: &mut Lowerer| {
        for s in subs {
            let cond = l.event(&s.query);
            events.push(EqlEvent {
                category: l.category(&s.query.category),
                missing: s.missing,
                condition: cond.clone(),
            });
            parts.push(if s.missing {
                Expr::Not(Box::new(cond))
            } else {
                cond
            });
        }
        if let Some(u) = until {
            parts.push(opaque(
                "EQL `until` clause",
                l.span(u.span.start, u.span.end),
            ));
        }
    };
    match &q.body {
        eql::QueryBody::Event(e) => {
            let cond = l.event(e);
            events.push(EqlEvent {
                category: l.category(&e.category),
                missing: false,
                condition: cond.clone(),
            });
            parts.push(cond);
        }
        eql::QueryBody::Sequence(s) => terms(&s.queries, s.until.as_deref(), &mut l),
        eql::QueryBody::Sample(s) => terms(&s.queries, None, &mut l),
        eql::QueryBody::Join(j) => terms(&j.queries, j.until.as_deref(), &mut l),
        eql::QueryBody::Error(e) => {
            parts.push(opaque("EQL syntax error", l.span(e.span.start, e.span.end)))
        }
    }
    for p in &q.pipes {
        parts.push(opaque(
            format!("EQL pipe `| {}`", p.name.text),
            l.span(p.span.start, p.span.end),
        ));
    }
    let expr = if parts.len() == 1 && matches!(q.body, eql::QueryBody::Event(_)) {
        parts.pop().unwrap_or(Expr::And(Vec::new()))
    } else {
        Expr::And(parts)
    };
    EqlLowered {
        expr,
        events,
        optional_fields: l.optional,
    }
}

struct Lowerer<'a> {
    pos: QueryPos<'a>,
    optional: Vec<Span>,
}

impl Lowerer<'_> {
    fn span(&self, start: usize, end: usize) -> Span {
        self.pos.span(start, end)
    }

    fn category(&self, c: &eql::EventCategory) -> Spanned<String> {
        Spanned::new(c.name.clone(), self.span(c.span.start, c.span.end))
    }

    fn event(&mut self, e: &eql::EventQuery) -> Expr {
        simplify(self.expr(&e.condition))
    }

    fn field(&mut self, e: &eql::Expr) -> Option<Spanned<String>> {
        let f = e.as_field()?;
        let span = self.span(f.name_span.start, f.name_span.end);
        if f.optional {
            self.optional.push(span);
        }
        Some(Spanned::new(f.path(), span))
    }

    fn lit(&self, e: &eql::Expr) -> Option<Value> {
        let l = e.as_literal()?;
        let span = self.span(l.span.start, l.span.end);
        Some(match &l.value {
            eql::LiteralValue::String { value: v, .. } => value(v.clone(), ValueKind::Str, span),
            eql::LiteralValue::Number { value: n, .. } => {
                value(format_num(*n), ValueKind::Num, span)
            }
            eql::LiteralValue::Bool(b) => value(b.to_string(), ValueKind::Bool, span),
            eql::LiteralValue::Null => value("null", ValueKind::Null, span),
        })
    }

    fn expr(&mut self, e: &eql::Expr) -> Expr {
        let span = self.span(e.span().start, e.span().end);
        match e {
            eql::Expr::Logical(l) => {
                let items = l.operands.iter().map(|o| self.expr(o)).collect();
                match l.op {
                    eql::LogicalOp::And => Expr::And(items),
                    eql::LogicalOp::Or => Expr::Or(items),
                }
            }
            eql::Expr::Not(n) => Expr::Not(Box::new(self.expr(&n.expr))),
            eql::Expr::Paren(p) => self.expr(&p.expr),
            eql::Expr::Comparison(c) => self.comparison(c, span),
            eql::Expr::Call(c) => self.call(c, span),
            eql::Expr::Literal(l) => match l.value {
                eql::LiteralValue::Bool(true) => Expr::And(Vec::new()),
                eql::LiteralValue::Bool(false) => Expr::Or(Vec::new()),
                _ => opaque("EQL literal used as a condition", span),
            },
            eql::Expr::Field(_) => opaque("EQL field used as a boolean", span),
            eql::Expr::Error(_) => opaque("EQL syntax error", span),
            eql::Expr::Lineage(_) => opaque("EQL lineage (`descendant of`)", span),
            eql::Expr::Arith(_) | eql::Expr::Neg(_) => opaque("EQL arithmetic", span),
        }
    }

    fn comparison(&mut self, c: &eql::Comparison, span: Span) -> Expr {
        let Some(field) = self.field(&c.lhs) else {
            return opaque("EQL comparison without a plain field on the left", span);
        };
        let mut values = Vec::new();
        for v in &c.values {
            match self.lit(v) {
                Some(x) => values.push(x),
                None => return opaque("EQL comparison with a non-literal value", span),
            }
        }
        let raw = c.op.as_str();
        let ci = c.op.is_case_insensitive();
        let has_wild = values
            .iter()
            .any(|v| v.kind == ValueKind::Str && (v.text.contains('*') || v.text.contains('?')));
        let (op, negate) = match c.op {
            eql::CompareOp::Eq | eql::CompareOp::NotEq
                if values.len() == 1 && values[0].kind == ValueKind::Null =>
            {
                let op = if c.op == eql::CompareOp::Eq {
                    Op::IsNull
                } else {
                    Op::Exists
                };
                return wrap(
                    c.negated,
                    pred(Some(field), op, Vec::new(), true, raw, span),
                );
            }
            eql::CompareOp::Eq => (Op::Eq, false),
            eql::CompareOp::NotEq => (Op::Eq, true),
            eql::CompareOp::Colon => {
                if has_wild {
                    (Op::Wildcard, false)
                } else {
                    (eq_or_in(values.len()), false)
                }
            }
            eql::CompareOp::In | eql::CompareOp::InInsensitive => (eq_or_in(values.len()), false),
            eql::CompareOp::Like | eql::CompareOp::LikeInsensitive => (Op::Wildcard, false),
            eql::CompareOp::Regex | eql::CompareOp::RegexInsensitive => (Op::RegexMatch, false),
            eql::CompareOp::Lt => (Op::Lt, false),
            eql::CompareOp::LtEq => (Op::Lte, false),
            eql::CompareOp::Gt => (Op::Gt, false),
            eql::CompareOp::GtEq => (Op::Gte, false),
        };
        let raw = if c.negated {
            format!("not {raw}")
        } else {
            raw.to_string()
        };
        let p = pred(Some(field), op, values, !ci, &raw, span);
        wrap(c.negated ^ negate, p)
    }

    fn call(&mut self, c: &eql::Call, span: Span) -> Expr {
        let name = c.name.text.to_ascii_lowercase();
        let op = match name.as_str() {
            "cidrmatch" => Op::CidrMatch,
            "startswith" => Op::StartsWith,
            "endswith" => Op::EndsWith,
            "stringcontains" => Op::Contains,
            "wildcard" => Op::Wildcard,
            _ => return opaque(format!("EQL function `{}`", c.name.text), span),
        };
        let Some((first, rest)) = c.args.split_first() else {
            return opaque(
                format!("EQL function `{}` without arguments", c.name.text),
                span,
            );
        };
        let Some(field) = self.field(first) else {
            return opaque(
                format!("EQL function `{}` on an expression", c.name.text),
                span,
            );
        };
        let mut values = Vec::new();
        for a in rest {
            match self.lit(a) {
                Some(v) => values.push(v),
                None => {
                    return opaque(
                        format!("EQL function `{}` with a non-literal argument", c.name.text),
                        span,
                    )
                }
            }
        }
        let cs = !c.case_insensitive && op != Op::CidrMatch;
        let raw = if c.case_insensitive {
            format!("{}~", c.name.text)
        } else {
            c.name.text.clone()
        };
        pred(Some(field), op, values, cs, &raw, span)
    }
}

fn wrap(negate: bool, e: Expr) -> Expr {
    if negate {
        Expr::Not(Box::new(e))
    } else {
        e
    }
}

fn format_num(n: f64) -> String {
    if n.fract() == 0.0 && n.abs() < 1e15 {
        format!("{}", n as i64)
    } else {
        n.to_string()
    }
}
