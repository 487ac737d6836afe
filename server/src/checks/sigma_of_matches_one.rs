//! # DL225 sigma-of-matches-one
//!
//! A `1 of X*` / `all of X*` pattern matches only one selection. Either the pattern is wrong (a
//! selection was renamed and is no longer matched) or the `of` is noise. Patterns starting with
//! `filter_` are not reported: SigmaHQ writes `not 1 of filter_main_*` on purpose so that
//! filters can be added later (SigmaHQ's CI leaves this check off for that reason).
//! Informational.
//!
//! **Example**: `condition: 1 of selection_*` with only `selection_img` defined.
//! **Fix** (safe): `condition: selection_img`.
//!
//! Aliases: pySigma-validators-sigmaHQ `sigmahq_ofselection_condition`.

use super::{Check, CheckMeta, FileCtx, Run, Sink};
use crate::diagnostic::{Fix, Severity};

pub static CHECK: Check = Check {
    meta: CheckMeta {
        code: "DL225",
        name: "sigma-of-matches-one",
        severity: Severity::Info,
        formats: &[crate::model::Format::Sigma],
        aliases: &["sigmahq_ofselection_condition"],
        summary: "an `of X*` pattern matches a single selection",
        fixable: true,
        source: file!(),
    },
    run: Run::File(run),
};

fn run(ctx: &FileCtx, sink: &mut Sink) {
    for (_, doc, _) in ctx.sigma_docs() {
        for (pattern, span, matching) in doc.of_patterns() {
            if !pattern.contains('*') || pattern.starts_with("filter_") || matching.len() != 1 {
                continue;
            }
            let msg = format!("`{pattern}` matches only `{}`", matching[0]);
            sink.report(&CHECK.meta, span, msg)
                .fixes
                .push(Fix::write(span, matching[0]));
        }
    }
}
