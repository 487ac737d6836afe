//! # DL208 sigma-wildcard-instead-of-modifier
//!
//! Every value of a field without modifiers is wrapped in wildcards the way a modifier would
//! express it: `*x*` (→ `|contains`), `x*` (→ `|startswith`), `*x` (→ `|endswith`). The
//! modifier states the intent, lets backends pick the efficient operator, and avoids escaping
//! mistakes in the value.
//!
//! **Example**: `CommandLine: '*-enc *'` → `CommandLine|contains: '-enc '`.
//! **Fix** (safe): add the modifier and strip the wildcards.
//!
//! Aliases: pySigma `wildcards_instead_of_modifiers`.

use super::{Check, CheckMeta, FileCtx, Run, Sink};
use crate::diagnostic::{Edit, Fix, Severity};
use crate::formats::sigma::{FieldItem, SelectionBody};
use crate::source::yaml::ScalarStyle;

pub static CHECK: Check = Check {
    meta: CheckMeta {
        code: "DL208",
        name: "sigma-wildcard-instead-of-modifier",
        severity: Severity::Info,
        formats: &[crate::model::Format::Sigma],
        aliases: &["wildcards_instead_of_modifiers"],
        summary: "wildcards express what `contains`/`startswith`/`endswith` should",
        fixable: true,
        source: file!(),
    },
    run: Run::File(run),
};

fn inner_has_wildcard(s: &str) -> bool {
    s.contains(['*', '?'])
}

/// The modifier the wrapping wildcards of `v` stand for, with the stripped value.
fn shape(v: &str) -> Option<(&'static str, &str)> {
    if v.len() < 2 {
        return None;
    }
    let starts = v.starts_with('*');
    let ends = v.ends_with('*') && !v.ends_with("\\*");
    let (m, inner) = match (starts, ends) {
        (true, true) if v.len() > 2 => ("contains", &v[1..v.len() - 1]),
        (true, false) => ("endswith", &v[1..]),
        (false, true) => ("startswith", &v[..v.len() - 1]),
        _ => return None,
    };
    (!inner.is_empty() && !inner_has_wildcard(inner) && !inner.ends_with('\\'))
        .then_some((m, inner))
}

fn fix(ctx: &FileCtx, item: &FieldItem, modifier: &str) -> Option<Fix> {
    let mut edits = vec![Edit {
        span: crate::model::Span::point(item.field.span.end),
        new_text: format!("|{modifier}"),
    }];
    if ctx.text(item.field.span) != item.field.value {
        return None;
    }
    for v in &item.values {
        let (_, inner) = shape(&v.text)?;
        let new_text = match v.style {
            Some(ScalarStyle::SingleQuoted) => format!("'{}'", inner.replace('\'', "''")),
            Some(ScalarStyle::Plain)
                if !inner.starts_with([
                    ' ', '-', '[', '{', '&', '!', '|', '>', '%', '@', '`', '#', '\'', '"',
                ]) && !inner.contains(": ")
                    && !inner.contains(" #")
                    && !inner.ends_with(' ') =>
            {
                inner.to_string()
            }
            _ => format!("'{}'", inner.replace('\'', "''")),
        };
        edits.push(Edit {
            span: v.span,
            new_text,
        });
    }
    Some(Fix {
        title: format!("Use `|{modifier}` instead of wildcards"),
        edits,
        safe: true,
    })
}

fn run(ctx: &FileCtx, sink: &mut Sink) {
    for (_, doc, _) in ctx.sigma_docs() {
        for sel in &doc.selections {
            let SelectionBody::Fields(groups) = &sel.body else {
                continue;
            };
            for item in groups.iter().flatten() {
                if !item.modifiers.is_empty()
                    || item.values.is_empty()
                    || item.field.value.is_empty()
                {
                    continue;
                }
                let shapes: Vec<Option<(&str, &str)>> =
                    item.values.iter().map(|v| shape(&v.text)).collect();
                let Some(Some((first, _))) = shapes.first().copied() else {
                    continue;
                };
                if !shapes.iter().all(|s| s.is_some_and(|(m, _)| m == first)) {
                    continue;
                }
                let span = item
                    .values
                    .iter()
                    .map(|v| v.span)
                    .reduce(crate::model::Span::cover)
                    .unwrap_or(item.value_span);
                let d = sink.report(
                    &CHECK.meta,
                    span,
                    format!(
                        "`{}` values are wrapped in wildcards: use `|{first}`",
                        item.field.value
                    ),
                );
                if let Some(f) = fix(ctx, item, first) {
                    d.fixes.push(f);
                }
            }
        }
    }
}
