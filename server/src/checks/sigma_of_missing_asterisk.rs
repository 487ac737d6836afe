//! # DL214 sigma-of-missing-asterisk
//!
//! An `1 of X` / `all of X` expression has no `*` in its pattern: `1 of selection` is just
//! `selection`. Usually the author meant `1 of selection_*` and the other selections are
//! silently ignored (DL203 reports them as unused).
//!
//! **Example**: `condition: 1 of selection`.
//! **Fix** (safe when the name exists): `condition: selection`, or add the `*`.
//!
//! Aliases: pySigma-validators-sigmaHQ `sigmahq_missing_asterisk_condition`.

use super::{Check, CheckMeta, FileCtx, Run, Sink};
use crate::diagnostic::{Fix, Severity};

pub static CHECK: Check = Check {
    meta: CheckMeta {
        code: "DL214",
        name: "sigma-of-missing-asterisk",
        severity: Severity::Warning,
        formats: &[crate::model::Format::Sigma],
        aliases: &["sigmahq_missing_asterisk_condition"],
        summary: "an `of` pattern has no `*`: it names a single selection",
        fixable: true,
        source: file!(),
    },
    run: Run::File(run),
};

fn run(ctx: &FileCtx, sink: &mut Sink) {
    for (_, doc, _) in ctx.sigma_docs() {
        for (pattern, span, matching) in doc.of_patterns() {
            if pattern.contains('*') {
                continue;
            }
            let msg = format!("`of {pattern}` without `*` names one selection: write `{pattern}`");
            let d = sink.report(&CHECK.meta, span, msg);
            if matching.len() == 1 {
                d.fixes.push(Fix::write(span, matching[0]));
            }
        }
    }
}
