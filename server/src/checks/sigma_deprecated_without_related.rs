//! # DL117 sigma-deprecated-without-related
//!
//! A rule with `status: deprecated` has no `related` entry pointing at the rule that replaces it
//! (or saying it is `obsolete`). Users who deployed the rule cannot tell what to switch to.
//!
//! **Example**: `status: deprecated` and no `related:`.
//! **Fix**: add `related: [{id: <new rule id>, type: obsolete}]` to the replacement's link, or a
//! `related` entry on this rule.
//!
//! Aliases: rsigma `deprecated_without_related`.

use super::{Check, CheckMeta, FileCtx, Run, Sink};
use crate::diagnostic::Severity;

pub static CHECK: Check = Check {
    meta: CheckMeta {
        code: "DL117",
        name: "sigma-deprecated-without-related",
        severity: Severity::Info,
        formats: &[crate::model::Format::Sigma],
        aliases: &["deprecated_without_related"],
        summary: "a deprecated rule does not link its replacement in `related`",
        fixable: false,
        source: file!(),
    },
    run: Run::File(run),
};

fn run(ctx: &FileCtx, sink: &mut Sink) {
    for (doc, _, root) in ctx.sigma_docs() {
        let Some(status) = &doc.rule.status else {
            continue;
        };
        if status.value != "deprecated" {
            continue;
        }
        let has_related = root
            .get("related")
            .is_some_and(|r| r.items().iter().any(|i| i.is_map()));
        if !has_related {
            sink.report(
                &CHECK.meta,
                status.span,
                "the rule is deprecated but `related` names no replacement",
            );
        }
    }
}
