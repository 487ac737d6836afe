//! # DL101 sigma-missing-required-key
//!
//! A key that the Sigma specification requires is missing or empty:
//! - detection rules: `title`, `logsource`, `detection`, and `condition` inside `detection`;
//! - correlation rules: `title`, `correlation` with `type`, `rules` and `timespan`
//!   (and `group-by` for `event_count`, `value_count`, `temporal`, `temporal_ordered`);
//! - filter rules: `title`, `logsource`, `filter` with `rules`, a selection and `condition`.
//!
//! Without them no backend can convert the rule.
//!
//! **Example**: a `detection:` block with selections but no `condition:`.
//! **Fix**: add the key (`condition: selection`).
//!
//! Aliases: rsigma `missing_title`, `empty_title`, `missing_logsource`, `missing_detection`,
//! `missing_condition`, `missing_correlation`, `missing_correlation_type`,
//! `missing_correlation_rules`, `missing_correlation_timespan`, `missing_group_by`,
//! `missing_filter`, `missing_filter_rules`, `missing_filter_selection`,
//! `missing_filter_condition`, `missing_filter_logsource`; pySigma-validators-sigmaHQ
//! `sigmahq_correlation_group_by_existence`.

use super::{Check, CheckMeta, FileCtx, Run, Sink};
use crate::diagnostic::Severity;
use crate::model::{RuleKind, Span};
use crate::source::yaml::YamlNode;

pub static CHECK: Check = Check {
    meta: CheckMeta {
        code: "DL101",
        name: "sigma-missing-required-key",
        severity: Severity::Error,
        formats: &[crate::model::Format::Sigma],
        aliases: &[
            "missing_title",
            "empty_title",
            "missing_logsource",
            "missing_detection",
            "missing_condition",
            "missing_correlation",
            "missing_correlation_type",
            "missing_correlation_rules",
            "missing_correlation_timespan",
            "missing_group_by",
            "missing_filter",
            "missing_filter_rules",
            "missing_filter_selection",
            "missing_filter_condition",
            "missing_filter_logsource",
            "sigmahq_correlation_group_by_existence",
        ],
        summary: "a key the Sigma specification requires is missing or empty",
        fixable: false,
        source: file!(),
    },
    run: Run::File(run),
};

fn head(root: &YamlNode) -> Span {
    root.entries()
        .first()
        .map(|(k, _)| k.span)
        .unwrap_or(Span::new(root.span.start, root.span.start))
}

fn require(sink: &mut Sink, parent: &YamlNode, key: &str, where_: &str, at: Span) {
    match parent.get(key) {
        None => {
            sink.report(
                &CHECK.meta,
                at,
                format!("missing required key `{key}`{where_}"),
            );
        }
        Some(v) if v.is_null() || v.as_str().is_some_and(|s| s.trim().is_empty()) => {
            let span = parent.entry(key).map(|(k, _)| k.span).unwrap_or(at);
            sink.report(
                &CHECK.meta,
                span,
                format!("required key `{key}`{where_} is empty"),
            );
        }
        _ => {}
    }
}

fn run(ctx: &FileCtx, sink: &mut Sink) {
    for (_, doc, root) in ctx.sigma_docs() {
        if !root.is_map() {
            continue;
        }
        let at = head(root);
        require(sink, root, "title", "", at);
        match doc.kind {
            RuleKind::Correlation => {
                let Some((ck, corr)) = root.entry("correlation") else {
                    continue;
                };
                for k in ["type", "rules", "timespan"] {
                    require(sink, corr, k, " in `correlation`", ck.span);
                }
                let ty = corr.get("type").and_then(|t| t.as_str()).unwrap_or("");
                if matches!(
                    ty,
                    "event_count" | "value_count" | "temporal" | "temporal_ordered"
                ) {
                    require(
                        sink,
                        corr,
                        "group-by",
                        &format!(" for correlation type `{ty}`"),
                        ck.span,
                    );
                }
            }
            RuleKind::Filter => {
                require(sink, root, "logsource", "", at);
                if let Some((fk, f)) = root.entry("filter") {
                    require(sink, f, "rules", " in `filter`", fk.span);
                    require(sink, f, "condition", " in `filter`", fk.span);
                    if doc.selections.is_empty() {
                        sink.report(&CHECK.meta, fk.span, "`filter` defines no selection");
                    }
                }
            }
            _ => {
                require(sink, root, "logsource", "", at);
                require(sink, root, "detection", "", at);
                if let Some((dk, det)) = root.entry("detection") {
                    if det.is_map() {
                        require(sink, det, "condition", " in `detection`", dk.span);
                    }
                }
            }
        }
    }
}
