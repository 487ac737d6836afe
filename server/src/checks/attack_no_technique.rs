//! # DL406 attack-no-technique
//!
//! A detection or hunting rule maps to no ATT&CK technique. Without a technique the rule is
//! invisible in ATT&CK coverage reports and Navigator layers, and analysts get no context on
//! what behaviour an alert stands for. Correlation, filter and policy documents are not checked.
//!
//! **Example**: a Sigma rule whose `tags:` hold only `attack.execution`, or no `tags:` at all.
//! **Fix**: add the technique the rule detects (Sigma `attack.t1059.001`, Elastic
//! `[[rule.threat.technique]]`, Sentinel `relevantTechniques`).
//!
//! Aliases: none.

use super::{Check, CheckMeta, FileCtx, Run, Sink};
use crate::diagnostic::Severity;
use crate::model::{RuleKind, Span};

pub static CHECK: Check = Check {
    meta: CheckMeta {
        code: "DL406",
        name: "attack-no-technique",
        severity: Severity::Info,
        formats: &[],
        aliases: &[],
        summary: "a detection rule maps to no ATT&CK technique",
        fixable: false,
        source: file!(),
    },
    run: Run::File(run),
};

fn run(ctx: &FileCtx, sink: &mut Sink) {
    for d in &ctx.file.docs {
        let rule = &d.rule;
        if !matches!(rule.kind, RuleKind::Detection | RuleKind::Hunting)
            || !rule.techniques.is_empty()
        {
            continue;
        }
        let span = rule
            .title
            .as_ref()
            .map(|t| t.span)
            .unwrap_or(Span::point(rule.span.start));
        let msg = if rule.tactics.is_empty() {
            "the rule maps to no ATT&CK technique".to_string()
        } else {
            "the rule names ATT&CK tactics but no technique".to_string()
        };
        sink.report(&CHECK.meta, span, msg);
    }
}
