//! # DL507 elastic-kuery-unfielded-value
//!
//! In Kibana KQL, `process.name : cmd.exe or powershell.exe` does **not** mean "process.name is
//! one of the two": a value list needs parentheses, so the second value is a full-text search over
//! every field (`(process.name : cmd.exe) or powershell.exe`). The rule then matches any event
//! that mentions `powershell.exe` anywhere — usually a flood of alerts, or none when the default
//! fields are not searchable.
//!
//! The check reports a bare value that is `or`-ed right after a `field : value` comparison.
//!
//! **Example**: `event.category:process and process.name : cmd.exe or powershell.exe`.
//!
//! **Fix**: put the values in parentheses: `process.name : (cmd.exe or powershell.exe)` (offered
//! as an editor fix; it changes what the query matches, so `--fix` does not apply it).
//!
//! Aliases: none.

use super::elastic_common::elastic_docs;
use super::{Check, CheckMeta, FileCtx, Run, Sink};
use crate::diagnostic::{Edit, Fix, Severity};
use crate::formats::elastic::QueryLanguage;
use crate::model::{Expr, Op, Predicate, Span};

pub static CHECK: Check = Check {
    meta: CheckMeta {
        code: "DL507",
        name: "elastic-kuery-unfielded-value",
        severity: Severity::Warning,
        formats: &[crate::model::Format::Elastic],
        aliases: &[],
        summary:
            "`field : a or b` in KQL searches `b` in every field (value lists need parentheses)",
        fixable: true,
        source: file!(),
    },
    run: Run::File(run),
};

fn walk<'a>(e: &'a Expr, out: &mut Vec<(&'a Predicate, &'a Predicate)>) {
    match e {
        Expr::Or(items) => {
            for w in items.windows(2) {
                if let (Expr::Pred(a), Expr::Pred(b)) = (&w[0], &w[1]) {
                    let fielded = a.field.is_some() && matches!(a.op, Op::Eq | Op::Wildcard);
                    let bare = b.field.is_none() && matches!(b.op, Op::Match | Op::Wildcard);
                    if fielded && bare && a.values.len() == 1 {
                        out.push((a, b));
                    }
                }
            }
            items.iter().for_each(|c| walk(c, out));
        }
        Expr::And(items) => items.iter().for_each(|c| walk(c, out)),
        Expr::Not(c) => walk(c, out),
        _ => {}
    }
}

fn run(ctx: &FileCtx, sink: &mut Sink) {
    for (_, e) in elastic_docs(ctx) {
        for q in e
            .queries
            .iter()
            .filter(|q| q.language == QueryLanguage::Kuery)
        {
            let mut found = Vec::new();
            walk(&q.expr, &mut found);
            for (a, b) in found {
                let (Some(f), Some(bv)) = (&a.field, b.values.first()) else {
                    continue;
                };
                let diag = sink.report(
                    &CHECK.meta,
                    b.span,
                    format!(
                        "`{}` is searched in every field, not in `{}`: KQL value lists need parentheses",
                        bv.text, f.value
                    ),
                );
                diag.related.push(crate::diagnostic::Related {
                    path: None,
                    span: Some(a.span),
                    message: "the comparison it was probably meant to extend".into(),
                });
                let av = &a.values[0];
                diag.fixes.push(Fix {
                    title: format!("Write `{} : ({} or {})`", f.value, av.text, bv.text),
                    edits: vec![
                        Edit {
                            span: Span::point(av.span.start),
                            new_text: "(".into(),
                        },
                        Edit {
                            span: Span::point(b.span.end),
                            new_text: ")".into(),
                        },
                    ],
                    safe: false,
                });
            }
        }
    }
}
