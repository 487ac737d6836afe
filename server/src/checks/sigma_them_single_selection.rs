//! # DL212 sigma-them-single-selection
//!
//! The condition uses `1 of them` / `all of them` while the rule has only one selection. `them`
//! then means that one selection: the condition reads as if several were combined, and adding a
//! filter selection later silently changes its meaning.
//!
//! **Example**: one `selection` and `condition: all of them`.
//! **Fix** (safe): `condition: selection`.
//!
//! Aliases: pySigma `them_condition_with_single_detection`; pySigma-validators-sigmaHQ
//! `sigmahq_ofthem_condition`.

use super::{Check, CheckMeta, FileCtx, Run, Sink};
use crate::diagnostic::{Edit, Fix, Severity};
use crate::formats::sigma::condition::Cond;

pub static CHECK: Check = Check {
    meta: CheckMeta {
        code: "DL212",
        name: "sigma-them-single-selection",
        severity: Severity::Warning,
        formats: &[crate::model::Format::Sigma],
        aliases: &[
            "them_condition_with_single_detection",
            "sigmahq_ofthem_condition",
        ],
        summary: "`of them` is used while the rule has a single selection",
        fixable: true,
        source: file!(),
    },
    run: Run::File(run),
};

fn run(ctx: &FileCtx, sink: &mut Sink) {
    for (_, doc, _) in ctx.sigma_docs() {
        let named: Vec<&str> = doc
            .selections
            .iter()
            .map(|s| s.name.value.as_str())
            .filter(|n| !n.starts_with('_'))
            .collect();
        if named.len() != 1 {
            continue;
        }
        for c in &doc.conditions {
            let Some(cond) = &c.parse.cond else { continue };
            cond.visit(&mut |n| {
                if let Cond::Of { pattern, span, .. } = n {
                    if pattern == "them" {
                        sink.report(
                            &CHECK.meta,
                            *span,
                            format!("`them` is the single selection `{}`: name it", named[0]),
                        )
                        .fixes
                        .push(Fix {
                            title: format!("Write `{}`", named[0]),
                            edits: vec![Edit {
                                span: *span,
                                new_text: named[0].to_string(),
                            }],
                            safe: true,
                        });
                    }
                }
            });
        }
    }
}
