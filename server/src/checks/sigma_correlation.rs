//! # DL123 sigma-correlation
//!
//! The `correlation` block of a correlation rule is invalid (the keys the specification requires
//! are DL101):
//! - `type` is not `event_count`, `value_count`, `temporal`, `temporal_ordered`, `value_sum`,
//!   `value_avg`, `value_percentile` or `value_median`;
//! - `rules` is empty, or a temporal correlation lists fewer than two rules;
//! - `timespan` (or `gap`) is not a duration: a number followed by `s`, `m`, `h`, `d`, `w`, `M`
//!   or `y` (`5m`, `1h`);
//! - `window` is not `sliding`, `tumbling` or `session`; `session` lacks `gap`; `gap` is given
//!   without `window: session`;
//! - a counting type (`event_count`, `value_count`, `value_*`) has no `condition`; `value_*`
//!   lacks `condition.field`; a condition operator is not `gt`, `gte`, `lt`, `lte`, `eq`, `neq`
//!   or its value is not a number;
//! - `generate` is not a boolean.
//!
//! **Example**: `type: event_count`, `timespan: 1 hour`, `condition: {gte: many}`.
//! **Fix**: `timespan: 1h`, `condition: {gte: 10}`.
//!
//! Aliases: rsigma `invalid_correlation_type`, `empty_correlation_rules`,
//! `invalid_timespan_format`, `invalid_window_mode`, `missing_session_gap`,
//! `gap_without_session`, `invalid_gap_format`, `missing_correlation_condition`,
//! `missing_condition_field`, `invalid_condition_operator`, `condition_value_not_numeric`,
//! `generate_not_boolean`; pySigma-validators-sigmaHQ `sigmahq_correlation_rules_minimum`.

use super::{did_you_mean, Check, CheckMeta, FileCtx, Run, Sink};
use crate::diagnostic::{Edit, Fix, Severity};
use crate::model::RuleKind;
use crate::source::yaml::{ScalarType, YamlNode};

pub static CHECK: Check = Check {
    meta: CheckMeta {
        code: "DL123",
        name: "sigma-correlation",
        severity: Severity::Error,
        formats: &[crate::model::Format::Sigma],
        aliases: &[
            "invalid_correlation_type",
            "empty_correlation_rules",
            "invalid_timespan_format",
            "invalid_window_mode",
            "missing_session_gap",
            "gap_without_session",
            "invalid_gap_format",
            "missing_correlation_condition",
            "missing_condition_field",
            "invalid_condition_operator",
            "condition_value_not_numeric",
            "generate_not_boolean",
            "sigmahq_correlation_rules_minimum",
        ],
        summary:
            "the `correlation` block has an invalid type, duration, window, condition or rule list",
        fixable: true,
        source: file!(),
    },
    run: Run::File(run),
};

/// Correlation types.
pub const TYPES: &[&str] = &[
    "event_count",
    "value_count",
    "temporal",
    "temporal_ordered",
    "value_sum",
    "value_avg",
    "value_percentile",
    "value_median",
];
const OPERATORS: &[&str] = &["gt", "gte", "lt", "lte", "eq", "neq"];
const WINDOWS: &[&str] = &["sliding", "tumbling", "session"];

/// Whether `s` is a Sigma duration (`30s`, `5m`, `1h`, `7d`, `2w`, `1M`, `1y`).
pub fn is_duration(s: &str) -> bool {
    let s = s.trim();
    let Some(unit) = s.chars().last() else {
        return false;
    };
    let num = &s[..s.len() - unit.len_utf8()];
    matches!(unit, 's' | 'm' | 'h' | 'd' | 'w' | 'M' | 'y')
        && !num.is_empty()
        && num.bytes().all(|b| b.is_ascii_digit())
}

fn text(n: &YamlNode) -> String {
    n.as_str().unwrap_or("").to_string()
}

fn run(ctx: &FileCtx, sink: &mut Sink) {
    for (_, doc, root) in ctx.sigma_docs() {
        if doc.kind != RuleKind::Correlation {
            continue;
        }
        let Some((ck, corr)) = root.entry("correlation") else {
            continue;
        };
        if !corr.is_map() {
            sink.report(&CHECK.meta, ck.span, "`correlation` must be a mapping");
            continue;
        }
        let ty = corr.get("type").map(text).unwrap_or_default();
        if let Some(t) = corr.get("type").filter(|t| t.is_map() || t.is_seq()) {
            sink.report(
                &CHECK.meta,
                t.span,
                format!(
                    "`type` is {}: it must be a correlation type name",
                    t.kind_name()
                ),
            );
        }
        if let Some(t) = corr.get("type").filter(|_| !ty.is_empty()) {
            if !TYPES.contains(&ty.as_str()) {
                let d = sink.report(
                    &CHECK.meta,
                    t.span,
                    format!("`{ty}` is not a correlation type ({})", TYPES.join(", ")),
                );
                if let Some(good) = did_you_mean(&ty, TYPES.iter().copied()) {
                    d.fixes.push(Fix {
                        title: format!("Write `{good}`"),
                        edits: vec![Edit {
                            span: t.span,
                            new_text: good.into(),
                        }],
                        safe: true,
                    });
                }
            }
        }
        if let Some((rk, _)) = corr.entry("rules").filter(|(_, r)| r.is_map()) {
            sink.report(
                &CHECK.meta,
                rk.span,
                "`rules` must be a list of rule ids or names, not a mapping",
            );
        } else if let Some((rk, rules)) = corr.entry("rules") {
            let n = if rules.is_seq() {
                rules.items().len()
            } else if rules.as_str().is_some_and(|s| !s.is_empty()) {
                1
            } else {
                0
            };
            if n == 0 && !rules.is_null() {
                sink.report(&CHECK.meta, rk.span, "`rules` is empty");
            } else if n == 1 && ty.starts_with("temporal") {
                sink.report(
                    &CHECK.meta,
                    rules.span,
                    format!("a `{ty}` correlation needs at least two rules"),
                );
            }
        }
        for key in ["timespan", "gap"] {
            // an empty value is DL101's (required key empty)
            if let Some(v) = corr
                .get(key)
                .filter(|v| !v.is_null() && v.as_str().is_none_or(|s| !s.trim().is_empty()))
            {
                if !is_duration(&text(v)) {
                    sink.report(
                        &CHECK.meta,
                        v.span,
                        format!(
                            "`{key}: {}` is not a duration such as `5m` or `1h`",
                            text(v)
                        ),
                    );
                }
            }
        }
        let window = corr.get("window").map(text);
        if let (Some(w), Some(node)) = (&window, corr.get("window")) {
            if !WINDOWS.contains(&w.as_str()) {
                let shown = if node.as_str().is_some() {
                    format!("`window: {w}`")
                } else {
                    format!("`window` ({})", node.kind_name())
                };
                sink.report(
                    &CHECK.meta,
                    node.span,
                    format!("{shown} is not `sliding`, `tumbling` or `session`"),
                );
            }
        }
        let gap = corr.entry("gap");
        if window.as_deref() == Some("session") && gap.is_none() {
            if let Some(node) = corr.get("window") {
                sink.report(&CHECK.meta, node.span, "`window: session` needs a `gap`");
            }
        }
        if let Some((gk, _)) = gap {
            if window.as_deref() != Some("session") {
                sink.report(
                    &CHECK.meta,
                    gk.span,
                    "`gap` is only valid with `window: session`",
                );
            }
        }
        let counting = ty == "event_count" || ty == "value_count" || ty.starts_with("value_");
        match corr.entry("condition") {
            None if counting => {
                sink.report(
                    &CHECK.meta,
                    ck.span,
                    format!("a `{ty}` correlation needs a `condition` (`gte: 10`)"),
                );
            }
            Some((_, cond)) if cond.is_map() => {
                if ty.starts_with("value_") && cond.get("field").is_none() {
                    sink.report(
                        &CHECK.meta,
                        cond.span,
                        format!("a `{ty}` condition needs `field`"),
                    );
                }
                for (k, v) in cond.entries() {
                    let Some(op) = k.as_str() else { continue };
                    if op == "field" {
                        continue;
                    }
                    if !OPERATORS.contains(&op) {
                        sink.report(
                            &CHECK.meta,
                            k.span,
                            format!(
                                "`{op}` is not a condition operator ({})",
                                OPERATORS.join(", ")
                            ),
                        );
                    } else if !matches!(v.scalar_type(), Some(ScalarType::Int | ScalarType::Float))
                        && text(v).trim().parse::<f64>().is_err()
                    {
                        sink.report(
                            &CHECK.meta,
                            v.span,
                            format!("the value of `{op}` must be a number"),
                        );
                    }
                }
            }
            Some((_, cond)) if !cond.is_null() && counting => {
                sink.report(
                    &CHECK.meta,
                    cond.span,
                    "the correlation `condition` must be a mapping such as `gte: 10`",
                );
            }
            _ => {}
        }
        for g in [corr.get("generate"), root.get("generate")]
            .into_iter()
            .flatten()
        {
            if g.scalar_type() != Some(ScalarType::Bool) {
                sink.report(&CHECK.meta, g.span, "`generate` must be `true` or `false`");
            }
        }
    }
}
