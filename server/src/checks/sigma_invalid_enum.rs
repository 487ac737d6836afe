//! # DL106 sigma-invalid-enum
//!
//! `status` or `level` holds a value outside the Sigma specification. Allowed:
//! - `status`: `stable`, `test`, `experimental`, `deprecated`, `unsupported`;
//! - `level`: `informational`, `low`, `medium`, `high`, `critical`.
//!
//! Backends map these to alert severities and rule states; an unknown value is dropped or
//! rejected at deployment.
//!
//! **Example**: `level: High`, `status: testing`.
//! **Fix** (safe): the closest allowed value (`high`, `test`).
//!
//! Aliases: rsigma `invalid_status`, `invalid_level`; pySigma-validators-sigmaHQ `sigmahq_status`.

use super::{did_you_mean, Check, CheckMeta, FileCtx, Run, Sink};
use crate::diagnostic::{Edit, Fix, Severity};

pub static CHECK: Check = Check {
    meta: CheckMeta {
        code: "DL106",
        name: "sigma-invalid-enum",
        severity: Severity::Error,
        formats: &[crate::model::Format::Sigma],
        aliases: &["invalid_status", "invalid_level", "sigmahq_status"],
        summary: "`status` or `level` is not one of the allowed values",
        fixable: true,
        source: file!(),
    },
    run: Run::File(run),
};

pub const STATUSES: &[&str] = &[
    "stable",
    "test",
    "experimental",
    "deprecated",
    "unsupported",
];
pub const LEVELS: &[&str] = &["informational", "low", "medium", "high", "critical"];

fn run(ctx: &FileCtx, sink: &mut Sink) {
    for (d, _, _) in ctx.sigma_docs() {
        for (key, v, allowed) in [
            ("status", &d.rule.status, STATUSES),
            ("level", &d.rule.level, LEVELS),
        ] {
            let Some(v) = v else { continue };
            if allowed.contains(&v.value.as_str()) {
                continue;
            }
            let lower = v.value.trim().to_ascii_lowercase();
            let suggestion = if allowed.contains(&lower.as_str()) {
                allowed.iter().copied().find(|a| *a == lower)
            } else {
                did_you_mean(&lower, allowed.iter().copied()).or_else(|| {
                    allowed
                        .iter()
                        .copied()
                        .find(|a| a.starts_with(&lower) || lower.starts_with(a))
                })
            };
            let msg = format!("`{key}: {}` is not one of {}", v.value, allowed.join(", "));
            let diag = sink.report(&CHECK.meta, v.span, msg);
            if let Some(s) = suggestion {
                diag.fixes.push(Fix {
                    title: format!("Write `{s}`"),
                    edits: vec![Edit {
                        span: v.span,
                        new_text: s.to_string(),
                    }],
                    safe: true,
                });
            }
        }
    }
}
