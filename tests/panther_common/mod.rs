//! Shared helpers of the Panther tests: a compact rendering of a lowered expression.

use detlint::model::{Expr, Span};
use std::fmt::Write;

pub fn snippet(src: &str, s: Span) -> String {
    let t = src.get(s.start..s.end).unwrap_or("<bad span>");
    let one: String = t.split_whitespace().collect::<Vec<_>>().join(" ");
    if one.chars().count() > 60 {
        format!("{}…", one.chars().take(60).collect::<String>())
    } else {
        one
    }
}

/// Render an expression as an indented tree, checking that field spans point at the field.
pub fn render(src: &str, e: &Expr, depth: usize, out: &mut String) {
    let pad = "  ".repeat(depth);
    match e {
        Expr::And(v) if v.is_empty() => writeln!(out, "{pad}true").unwrap(),
        Expr::Or(v) if v.is_empty() => writeln!(out, "{pad}false").unwrap(),
        Expr::And(v) | Expr::Or(v) => {
            let name = if matches!(e, Expr::And(_)) {
                "and"
            } else {
                "or"
            };
            writeln!(out, "{pad}{name}").unwrap();
            for c in v {
                render(src, c, depth + 1, out);
            }
        }
        Expr::Not(c) => {
            writeln!(out, "{pad}not").unwrap();
            render(src, c, depth + 1, out);
        }
        Expr::Pred(p) => {
            let field = p
                .field
                .as_ref()
                .map(|f| f.value.as_str())
                .unwrap_or("<keyword>");
            let vals: Vec<String> = p
                .values
                .iter()
                .map(|v| format!("{:?}:{:?}", v.kind, v.text))
                .collect();
            writeln!(
                out,
                "{pad}{} {field} [{}]{}{} (raw `{}`) @ `{}`",
                p.op.name(),
                vals.join(", "),
                if p.case_sensitive { "" } else { " nocase" },
                if p.match_all { " all" } else { "" },
                p.raw_op,
                snippet(src, p.span)
            )
            .unwrap();
            // Spans point into the file: the field's span holds the field's last name part.
            if let Some(f) = &p.field {
                let last = f.value.rsplit(['.', '[']).next().unwrap_or("");
                let last = last.trim_end_matches(']');
                assert!(
                    src.get(f.span.start..f.span.end)
                        .is_some_and(|t| t.contains(last)),
                    "field span of {} does not hold `{last}`",
                    f.value
                );
            }
            for v in &p.values {
                assert!(v.span.end <= src.len());
            }
        }
        Expr::Opaque(o) => writeln!(
            out,
            "{pad}opaque: {} @ `{}`",
            o.reason,
            snippet(src, o.span)
        )
        .unwrap(),
    }
}
