//! # DL705 sentinel-invalid-enum
//!
//! A Sentinel rule field that takes one of a fixed set of values holds something else:
//!
//! - `severity`: `Informational`, `Low`, `Medium`, `High`;
//! - `kind`: `Scheduled`, `NRT` (near-real-time), and the built-in kinds `Fusion`,
//!   `MicrosoftSecurityIncidentCreation`, `MLBehaviorAnalytics`, `ThreatIntelligence`;
//! - `status`: `Available`, `Deprecated`, `Preview`.
//!
//! The API rejects the rule on import (`severity: Hight`), or — for a hunting query — the value
//! is silently dropped and the query is listed without a severity.
//!
//! **Example**: `severity: Hight`.
//!
//! **Fix**: use the listed spelling (`High`; a safe fix is offered when only case or spaces differ,
//! otherwise a suggestion for the editor).
//!
//! Aliases: Azure-Sentinel repository detection schema validation.

use super::{did_you_mean, Check, CheckMeta, FileCtx, Run, Sink};
use crate::diagnostic::{Edit, Fix, Severity};
use crate::formats::sentinel;
use crate::model::Spanned;

pub static CHECK: Check = Check {
    meta: CheckMeta {
        code: "DL705",
        name: "sentinel-invalid-enum",
        severity: Severity::Error,
        formats: &[crate::model::Format::Sentinel],
        aliases: &[],
        summary: "`severity`, `kind` or `status` has a value Sentinel does not accept",
        fixable: true,
        source: file!(),
    },
    run: Run::File(run),
};

const SEVERITIES: &[&str] = &["Informational", "Low", "Medium", "High"];
const KINDS: &[&str] = &[
    "Scheduled",
    "NRT",
    "Fusion",
    "MicrosoftSecurityIncidentCreation",
    "MLBehaviorAnalytics",
    "ThreatIntelligence",
];
const STATUSES: &[&str] = &["Available", "Deprecated", "Preview"];

fn check(sink: &mut Sink, key: &str, v: Option<&Spanned<String>>, allowed: &[&'static str]) {
    let Some(v) = v else { return };
    if allowed.contains(&v.value.as_str()) {
        return;
    }
    let squashed: String = v.value.chars().filter(|c| !c.is_whitespace()).collect();
    let exact = allowed
        .iter()
        .find(|a| a.eq_ignore_ascii_case(&squashed))
        .copied();
    let hint = exact.or_else(|| did_you_mean(&v.value, allowed.iter().copied()));
    let msg = match hint {
        Some(h) => format!("`{key}: {}` is not valid; did you mean `{h}`?", v.value),
        None => format!("`{key}: {}` is not one of {}", v.value, allowed.join(", ")),
    };
    let d = sink.report(&CHECK.meta, v.span, msg);
    if let Some(h) = hint {
        d.fixes.push(Fix {
            title: format!("Write `{h}`"),
            edits: vec![Edit {
                span: v.span,
                new_text: h.to_string(),
            }],
            safe: exact.is_some(),
        });
    }
}

fn run(ctx: &FileCtx, sink: &mut Sink) {
    for (d, doc) in sentinel::docs(ctx.file) {
        check(sink, "severity", doc.severity.as_ref(), SEVERITIES);
        check(sink, "kind", doc.kind.as_ref(), KINDS);
        check(sink, "status", d.rule.status.as_ref(), STATUSES);
    }
}
