//! # DL213 sigma-all-of-them
//!
//! The condition is or contains `all of them`. It ANDs every selection, including ones added
//! later as filters or helpers, so editing the detection silently changes the logic; naming the
//! selections (`selection_img and selection_cli`) keeps the intent visible. pySigma discourages
//! it; it is informational here because it is correct when used deliberately.
//!
//! **Example**: `condition: all of them`.
//! **Fix**: `condition: all of selection_*`, or list the selections.
//!
//! Aliases: pySigma `all_of_them_condition`.

use super::{Check, CheckMeta, FileCtx, Run, Sink};
use crate::diagnostic::Severity;
use crate::formats::sigma::condition::{Cond, Quantifier};

pub static CHECK: Check = Check {
    meta: CheckMeta {
        code: "DL213",
        name: "sigma-all-of-them",
        severity: Severity::Info,
        formats: &[crate::model::Format::Sigma],
        aliases: &["all_of_them_condition"],
        summary: "the condition uses `all of them`",
        fixable: false,
        source: file!(),
    },
    run: Run::File(run),
};

fn run(ctx: &FileCtx, sink: &mut Sink) {
    for (_, doc, _) in ctx.sigma_docs() {
        for c in &doc.conditions {
            let Some(cond) = &c.parse.cond else { continue };
            cond.visit(&mut |n| {
                if let Cond::Of {
                    quantifier: Quantifier::All,
                    pattern,
                    span,
                    ..
                } = n
                {
                    if pattern == "them" {
                        sink.report(
                            &CHECK.meta,
                            *span,
                            "`all of them` ANDs every selection, including ones added later: name them",
                        );
                    }
                }
            });
        }
    }
}
