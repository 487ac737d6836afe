//! # DL704 sentinel-schedule
//!
//! The scheduling fields of a Sentinel scheduled rule are missing or invalid:
//!
//! - a `kind: Scheduled` rule without `queryFrequency`, `queryPeriod`, `triggerOperator` or
//!   `triggerThreshold` (a file under a `Hunting Queries` / `hunting` folder that has none of the
//!   four is a hunting query that carries a stray `kind` and is not reported);
//! - `queryFrequency` / `queryPeriod` is not a duration (`5m`, `1h`, `14d`, or ISO-8601 `PT1H`,
//!   `P1D`), or outside what Sentinel accepts (5 minutes to 14 days);
//! - `queryFrequency` is longer than `queryPeriod`: each run looks back less far than the time
//!   since the previous run, so events in between are never queried — a blind spot by design;
//! - `triggerOperator` is not `gt`, `lt`, `eq` or `ne` (ARM spelling `GreaterThan`, `LessThan`,
//!   `Equal`, `NotEqual`);
//! - `triggerThreshold` is not a whole number from 0 to 10000.
//!
//! Sentinel rejects such a rule when it is deployed (or, for the frequency/period gap, runs it
//! with a gap no one notices).
//!
//! **Example**: `queryFrequency: 1d` with `queryPeriod: 1h`.
//!
//! **Fix**: make `queryPeriod` at least `queryFrequency` (`queryPeriod: 1d`), spell durations as
//! `1h` / `PT1H`, and use `triggerOperator: gt` with a numeric `triggerThreshold`.
//!
//! Aliases: Azure-Sentinel repository detection schema validation (`ScheduledRuleValidation`).

use super::{did_you_mean, Check, CheckMeta, FileCtx, Run, Sink};
use crate::diagnostic::Severity;
use crate::formats::sentinel;
use crate::model::Spanned;

pub static CHECK: Check = Check {
    meta: CheckMeta {
        code: "DL704",
        name: "sentinel-schedule",
        severity: Severity::Error,
        formats: &[crate::model::Format::Sentinel],
        aliases: &[],
        summary: "scheduled-rule fields (queryFrequency, queryPeriod, triggerOperator, triggerThreshold) are missing or invalid",
        fixable: false,
        source: file!(),
    },
    run: Run::File(run),
};

const MIN: u64 = 5 * 60;
const MAX: u64 = 14 * 24 * 3600;
const OPERATORS: [&str; 8] = [
    "gt",
    "lt",
    "eq",
    "ne",
    "GreaterThan",
    "LessThan",
    "Equal",
    "NotEqual",
];

/// Parse a duration in seconds: a Kusto timespan (`5m`, `1h`, `14d`, `30s`) or ISO-8601
/// (`PT1H`, `P1D`, `P1DT12H`).
pub fn parse_duration(s: &str) -> Option<u64> {
    let s = s.trim();
    if let Some(rest) = s.strip_prefix(['P', 'p']) {
        return parse_iso(rest);
    }
    let split = s.find(|c: char| !c.is_ascii_digit())?;
    let (n, unit) = s.split_at(split);
    let n: u64 = n.parse().ok()?;
    let mul = match unit {
        "s" => 1,
        "m" | "min" => 60,
        "h" => 3600,
        "d" => 86400,
        _ => return None,
    };
    n.checked_mul(mul)
}

fn parse_iso(rest: &str) -> Option<u64> {
    let mut total: u64 = 0;
    let mut in_time = false;
    let mut num = String::new();
    let mut any = false;
    for c in rest.chars() {
        match c.to_ascii_uppercase() {
            'T' if !in_time && num.is_empty() => in_time = true,
            d if d.is_ascii_digit() => num.push(d),
            u => {
                let n: u64 = num.parse().ok()?;
                num.clear();
                let mul = match (u, in_time) {
                    ('W', false) => 7 * 86400,
                    ('D', false) => 86400,
                    ('H', true) => 3600,
                    ('M', true) => 60,
                    ('S', true) => 1,
                    _ => return None,
                };
                total = total.checked_add(n.checked_mul(mul)?)?;
                any = true;
            }
        }
    }
    (any && num.is_empty()).then_some(total)
}

fn duration(sink: &mut Sink, key: &str, v: &Option<Spanned<String>>) -> Option<u64> {
    let v = v.as_ref()?;
    match parse_duration(&v.value) {
        Some(secs) if (MIN..=MAX).contains(&secs) => Some(secs),
        Some(_) => {
            sink.report(
                &CHECK.meta,
                v.span,
                format!(
                    "`{key}: {}` is outside what Sentinel accepts (5m to 14d)",
                    v.value
                ),
            );
            None
        }
        None => {
            sink.report(
                &CHECK.meta,
                v.span,
                format!(
                    "`{key}: {}` is not a duration (`5m`, `1h`, `14d`, or ISO-8601 `PT1H`)",
                    v.value
                ),
            );
            None
        }
    }
}

fn run(ctx: &FileCtx, sink: &mut Sink) {
    for (d, doc) in sentinel::docs(ctx.file) {
        let kind = doc.kind.as_ref().map(|k| k.value.to_ascii_lowercase());
        let scheduled = kind.as_deref() == Some("scheduled");
        if scheduled {
            let at = doc.kind.as_ref().map(|k| k.span).unwrap_or(d.rule.span);
            let missing: Vec<&str> = [
                ("queryFrequency", doc.query_frequency.is_none()),
                ("queryPeriod", doc.query_period.is_none()),
                ("triggerOperator", doc.trigger_operator.is_none()),
                ("triggerThreshold", doc.trigger_threshold.is_none()),
            ]
            .iter()
            .filter(|(_, m)| *m)
            .map(|(k, _)| *k)
            .collect();
            // A hunting query copied with `kind: Scheduled` is never deployed as a rule.
            let hunting = ctx.file.path.components().any(|c| {
                c.as_os_str()
                    .to_string_lossy()
                    .to_ascii_lowercase()
                    .contains("hunting")
            });
            let stray_kind = hunting && missing.len() == 4;
            if !missing.is_empty() && !stray_kind {
                sink.report(
                    &CHECK.meta,
                    at,
                    format!("a scheduled rule needs {}", missing.join(", ")),
                );
            }
        }
        let freq = duration(sink, "queryFrequency", &doc.query_frequency);
        let period = duration(sink, "queryPeriod", &doc.query_period);
        if let (Some(f), Some(p), Some(fs), Some(ps)) = (
            freq,
            period,
            doc.query_frequency.as_ref(),
            doc.query_period.as_ref(),
        ) {
            if f > p {
                let diag = sink.report(
                    &CHECK.meta,
                    fs.span,
                    format!(
                        "`queryFrequency: {}` is longer than `queryPeriod: {}`: events between runs are never queried",
                        fs.value, ps.value
                    ),
                );
                diag.related.push(crate::diagnostic::Related {
                    path: None,
                    span: Some(ps.span),
                    message: "the look-back period".into(),
                });
            }
        }
        if let Some(op) = &doc.trigger_operator {
            if !OPERATORS.contains(&op.value.as_str()) {
                let lower = op.value.to_ascii_lowercase();
                let hint = OPERATORS
                    .iter()
                    .find(|o| o.to_ascii_lowercase() == lower)
                    .copied()
                    .or_else(|| did_you_mean(&op.value, OPERATORS.iter().copied()));
                let msg = match hint {
                    Some(h) => format!(
                        "`triggerOperator: {}` is not valid; did you mean `{h}`?",
                        op.value
                    ),
                    None => format!(
                        "`triggerOperator: {}` is not one of gt, lt, eq, ne",
                        op.value
                    ),
                };
                sink.report(&CHECK.meta, op.span, msg);
            }
        }
        if let Some(t) = &doc.trigger_threshold {
            if !t.value.parse::<u32>().is_ok_and(|n| n <= 10000) {
                sink.report(
                    &CHECK.meta,
                    t.span,
                    format!(
                        "`triggerThreshold: {}` is not a whole number from 0 to 10000",
                        t.value
                    ),
                );
            }
        }
    }
}

#[cfg(test)]
mod tests {
    use super::parse_duration;

    #[test]
    fn durations() {
        assert_eq!(parse_duration("5m"), Some(300));
        assert_eq!(parse_duration("14d"), Some(14 * 86400));
        assert_eq!(parse_duration("PT1H"), Some(3600));
        assert_eq!(parse_duration("P1DT12H"), Some(36 * 3600));
        assert_eq!(parse_duration("P1D"), Some(86400));
        assert_eq!(parse_duration("1 hour"), None);
        assert_eq!(parse_duration("PT"), None);
        assert_eq!(parse_duration("h"), None);
    }
}
