//! Lowering of Sigma selections and conditions into the shared expression.

use super::condition::{pattern_matches, Cond, Quantifier};
use super::{FieldItem, SelectionBody, SigmaDoc, SigmaValue};
use crate::model::{Expr, Op, Opaque, Predicate, Spanned, Value, ValueKind};
use crate::source::yaml::ScalarType;

fn value(v: &SigmaValue) -> Value {
    Value {
        text: v.text.clone(),
        kind: match v.ty {
            ScalarType::Int | ScalarType::Float => ValueKind::Num,
            ScalarType::Bool => ValueKind::Bool,
            ScalarType::Null => ValueKind::Null,
            ScalarType::Str => ValueKind::Str,
        },
        span: v.span,
    }
}

fn has_unescaped_wildcard(s: &str) -> bool {
    let mut esc = false;
    for c in s.chars() {
        if esc {
            esc = false;
            continue;
        }
        match c {
            '\\' => esc = true,
            '*' | '?' => return true,
            _ => {}
        }
    }
    false
}

/// One field item → one predicate (or an OR/AND of predicates for mixed value kinds).
fn field_expr(item: &FieldItem) -> Expr {
    let has = |m: &str| item.modifiers.iter().any(|x| x.value == m);
    let field = if item.field.value.is_empty() {
        None
    } else {
        Some(item.field.clone())
    };
    let raw_op = match item.modifiers.as_slice() {
        [] => String::new(),
        [one] => one.value.clone(),
        many => many
            .iter()
            .map(|m| m.value.as_str())
            .collect::<Vec<_>>()
            .join("|"),
    };
    let base_op = if has("contains") {
        Op::Contains
    } else if has("startswith") {
        Op::StartsWith
    } else if has("endswith") {
        Op::EndsWith
    } else if has("re") {
        Op::RegexMatch
    } else if has("cidr") {
        Op::CidrMatch
    } else if has("gt") {
        Op::Gt
    } else if has("gte") {
        Op::Gte
    } else if has("lt") {
        Op::Lt
    } else if has("lte") {
        Op::Lte
    } else if has("neq") {
        Op::Ne
    } else {
        Op::Eq
    };
    let span = item.key_span.cover(item.value_span);
    let mk = |op: Op, values: Vec<Value>| Predicate {
        field: field.clone(),
        canonical: None,
        op,
        values,
        match_all: has("all"),
        case_sensitive: has("cased") || op == Op::RegexMatch && !has("i"),
        raw_op: raw_op.clone(),
        span,
    };
    if has("exists") {
        let yes = item
            .values
            .first()
            .map(|v| v.text.eq_ignore_ascii_case("true"))
            .unwrap_or(true);
        return Expr::Pred(mk(
            if yes { Op::Exists } else { Op::IsNull },
            item.values.iter().map(value).collect(),
        ));
    }
    // Null values mean "field is empty/absent"; wildcards without modifiers mean wildcard.
    let mut nulls = Vec::new();
    let mut wild = Vec::new();
    let mut plain = Vec::with_capacity(item.values.len());
    for v in &item.values {
        if v.invalid {
            continue;
        }
        if v.ty == ScalarType::Null {
            nulls.push(value(v));
        } else if base_op == Op::Eq && has_unescaped_wildcard(&v.text) {
            wild.push(value(v));
        } else {
            plain.push(value(v));
        }
    }
    let plain_op = if base_op == Op::Eq && plain.len() > 1 {
        Op::In
    } else {
        base_op
    };
    if !plain.is_empty() && wild.is_empty() && nulls.is_empty() {
        return Expr::Pred(mk(plain_op, plain)); // the common case: one predicate
    }
    let mut parts = Vec::new();
    if !plain.is_empty() {
        parts.push(Expr::Pred(mk(plain_op, plain)));
    }
    if !wild.is_empty() {
        parts.push(Expr::Pred(mk(Op::Wildcard, wild)));
    }
    if !nulls.is_empty() {
        parts.push(Expr::Pred(mk(Op::IsNull, nulls)));
    }
    match parts.len() {
        0 => Expr::Opaque(Opaque {
            reason: "field with no usable value".into(),
            span,
        }),
        1 => parts.pop().unwrap_or_else(|| Expr::And(vec![])),
        _ if has("all") => Expr::And(parts),
        _ => Expr::Or(parts),
    }
}

fn selection_expr(body: &SelectionBody, span: crate::model::Span) -> Expr {
    match body {
        SelectionBody::Fields(groups) => {
            let mut ors: Vec<Expr> = groups
                .iter()
                .map(|g| {
                    let mut ands: Vec<Expr> = g.iter().map(field_expr).collect();
                    if ands.len() == 1 {
                        ands.pop().unwrap_or(Expr::And(vec![]))
                    } else {
                        Expr::And(ands)
                    }
                })
                .collect();
            if ors.len() == 1 {
                ors.pop().unwrap_or(Expr::Or(vec![]))
            } else {
                Expr::Or(ors)
            }
        }
        SelectionBody::Keywords(vals) => {
            let values: Vec<Value> = vals.iter().filter(|v| !v.invalid).map(value).collect();
            Expr::Pred(Predicate {
                field: None::<Spanned<String>>,
                canonical: None,
                op: Op::Match,
                match_all: false,
                case_sensitive: false,
                raw_op: String::new(),
                values,
                span,
            })
        }
        SelectionBody::Empty | SelectionBody::Invalid(_) => Expr::Opaque(Opaque {
            reason: "empty or invalid selection".into(),
            span,
        }),
    }
}

fn cond_expr(c: &Cond, doc: &SigmaDoc) -> Expr {
    match c {
        Cond::And(v, _) => Expr::And(v.iter().map(|x| cond_expr(x, doc)).collect()),
        Cond::Or(v, _) => Expr::Or(v.iter().map(|x| cond_expr(x, doc)).collect()),
        Cond::Not(x, _) => Expr::Not(Box::new(cond_expr(x, doc))),
        Cond::Ident(name, span) => match doc.selection(name) {
            Some(s) => selection_expr(&s.body, s.span),
            None => Expr::Opaque(Opaque {
                reason: format!("undefined selection `{name}`"),
                span: *span,
            }),
        },
        Cond::Of {
            quantifier,
            pattern,
            span,
            ..
        } => {
            let items: Vec<Expr> = doc
                .selections
                .iter()
                .filter(|s| pattern_matches(pattern, &s.name.value))
                .map(|s| selection_expr(&s.body, s.span))
                .collect();
            if items.is_empty() {
                return Expr::Opaque(Opaque {
                    reason: format!("`{pattern}` matches no selection"),
                    span: *span,
                });
            }
            match quantifier {
                Quantifier::All => Expr::And(items),
                Quantifier::Any | Quantifier::Count(1) => Expr::Or(items),
                Quantifier::Count(_) => Expr::Opaque(Opaque {
                    reason: "`N of` with N > 1".into(),
                    span: *span,
                }),
            }
        }
        Cond::Error(span) => Expr::Opaque(Opaque {
            reason: "unparseable condition".into(),
            span: *span,
        }),
    }
}

/// The detection expression of a Sigma document (conditions in a list are ORed).
pub fn detection(doc: &SigmaDoc) -> Option<Expr> {
    let mut exprs: Vec<Expr> = doc
        .conditions
        .iter()
        .filter_map(|c| c.parse.cond.as_ref().map(|x| cond_expr(x, doc)))
        .collect();
    match exprs.len() {
        0 => None,
        1 => exprs.pop(),
        _ => Some(Expr::Or(exprs)),
    }
}
