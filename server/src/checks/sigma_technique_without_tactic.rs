//! # DL122 sigma-technique-without-tactic
//!
//! The rule has ATT&CK technique tags (`attack.t1059.001`) but no tactic tag
//! (`attack.execution`). Coverage reports group rules by tactic; a rule with techniques only is
//! missing from them. detlint checks that some tactic tag is present; whether each technique's
//! own tactic is tagged is left to the ATT&CK-aware checks.
//!
//! **Example**: `tags: [attack.t1059.001]`.
//! **Fix**: add the tactic: `attack.execution`.
//!
//! Aliases: pySigma-validators-sigmaHQ `sigmahq_tags_techniques_without_tactics`.

use super::{Check, CheckMeta, FileCtx, Run, Sink};
use crate::diagnostic::Severity;

pub static CHECK: Check = Check {
    meta: CheckMeta {
        code: "DL122",
        name: "sigma-technique-without-tactic",
        severity: Severity::Warning,
        formats: &[crate::model::Format::Sigma],
        aliases: &["sigmahq_tags_techniques_without_tactics"],
        summary: "ATT&CK technique tags without any tactic tag",
        fixable: false,
        source: file!(),
    },
    run: Run::File(run),
};

fn run(ctx: &FileCtx, sink: &mut Sink) {
    for (doc, _, _) in ctx.sigma_docs() {
        let r = &doc.rule;
        if let Some(t) = r.techniques.first() {
            if r.tactics.is_empty() {
                sink.report(
                    &CHECK.meta,
                    t.span,
                    format!(
                        "technique `{}` is tagged but no tactic is (`attack.execution`, …)",
                        t.value
                    ),
                );
            }
        }
    }
}
