//! # DL217 sigma-sysmon-missing-eventid
//!
//! A rule on `service: sysmon` does not select an `EventID`. The Sysmon channel mixes every
//! event type (process creation, network, registry, …); without an `EventID` the rule matches
//! fields across unrelated events and is slow. SigmaHQ's own CI leaves this check off, hence
//! the informational default.
//!
//! **Example**: `logsource: {product: windows, service: sysmon}` with only `Image|endswith: x`.
//! **Fix**: add `EventID: <n>`, or better, use the generic category (DL215).
//!
//! Aliases: pySigma-validators-sigmaHQ `sigmahq_sysmon_missing_eventid`.

use super::{Check, CheckMeta, FileCtx, Run, Sink};
use crate::diagnostic::Severity;
use crate::formats::sigma::SelectionBody;

pub static CHECK: Check = Check {
    meta: CheckMeta {
        code: "DL217",
        name: "sigma-sysmon-missing-eventid",
        severity: Severity::Info,
        formats: &[crate::model::Format::Sigma],
        aliases: &["sigmahq_sysmon_missing_eventid"],
        summary: "a `service: sysmon` rule selects no `EventID`",
        fixable: false,
        source: file!(),
    },
    run: Run::File(run),
};

fn run(ctx: &FileCtx, sink: &mut Sink) {
    for (pd, doc, _) in ctx.sigma_docs() {
        let Some((_, _, span)) = doc
            .logsource
            .iter()
            .find(|(k, v, _)| k == "service" && v == "sysmon")
        else {
            continue;
        };
        if pd.rule.kind != crate::model::RuleKind::Detection || doc.selections.is_empty() {
            continue;
        }
        let has = doc.selections.iter().any(|s| match &s.body {
            SelectionBody::Fields(g) => g.iter().flatten().any(|i| i.field.value == "EventID"),
            _ => false,
        });
        if !has {
            sink.report(
                &CHECK.meta,
                *span,
                "a Sysmon rule without `EventID` matches every Sysmon event type",
            );
        }
    }
}
