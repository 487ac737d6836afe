//! # DL203 sigma-unused-selection
//!
//! A selection is defined under `detection` but the condition never uses it, neither by name
//! nor through an `of` pattern. Its logic has no effect: usually a filter that was meant to be
//! excluded (`and not filter_new`) and was forgotten in the condition.
//!
//! **Example**: `filter_optional_teams:` defined, `condition: selection and not filter_main`.
//! **Fix**: reference it in the condition (`not 1 of filter_*`) or delete it.
//!
//! Aliases: pySigma `dangling_detection`.

use super::{Check, CheckMeta, FileCtx, Run, Sink};
use crate::diagnostic::{Severity, Tag};
use crate::formats::sigma::condition::{pattern_matches, Cond};

pub static CHECK: Check = Check {
    meta: CheckMeta {
        code: "DL203",
        name: "sigma-unused-selection",
        severity: Severity::Warning,
        formats: &[crate::model::Format::Sigma],
        aliases: &["dangling_detection"],
        summary: "a selection is defined but the condition never uses it",
        fixable: false,
        source: file!(),
    },
    run: Run::File(run),
};

fn run(ctx: &FileCtx, sink: &mut Sink) {
    for (_, doc, _) in ctx.sigma_docs() {
        if doc.conditions.is_empty() || doc.conditions.iter().any(|c| c.parse.cond.is_none()) {
            continue;
        }
        let mut refs: Vec<(bool, String)> = Vec::new();
        for c in &doc.conditions {
            if let Some(cond) = &c.parse.cond {
                cond.visit(&mut |n| match n {
                    Cond::Ident(name, _) => refs.push((false, name.clone())),
                    Cond::Of { pattern, .. } => refs.push((true, pattern.clone())),
                    _ => {}
                });
            }
        }
        for sel in &doc.selections {
            let used = refs.iter().any(|(is_pattern, r)| {
                if *is_pattern {
                    pattern_matches(r, &sel.name.value) || (r == "them")
                } else {
                    *r == sel.name.value
                }
            });
            if !used {
                sink.report(
                    &CHECK.meta,
                    sel.name.span,
                    format!(
                        "selection `{}` is never used in the condition",
                        sel.name.value
                    ),
                )
                .tags
                .push(Tag::Unnecessary);
            }
        }
    }
}
