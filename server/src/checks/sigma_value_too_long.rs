//! # DL127 sigma-value-too-long
//!
//! A metadata value exceeds the Sigma specification's limit: `title`, `name` and `taxonomy`
//! at most 256 characters, `description` at most 65,535. Longer values are rejected by
//! schema-validating tools and truncated by SIEM consoles. (SigmaHQ's stricter 120-character
//! title limit is DL112.)
//!
//! **Example**: a 300-character `title`.
//! **Fix**: shorten it; move detail to `description`.
//!
//! Aliases: rsigma `title_too_long`, `description_too_long`, `name_too_long`, `taxonomy_too_long`.

use super::{Check, CheckMeta, FileCtx, Run, Sink};
use crate::diagnostic::Severity;

pub static CHECK: Check = Check {
    meta: CheckMeta {
        code: "DL127",
        name: "sigma-value-too-long",
        severity: Severity::Warning,
        formats: &[crate::model::Format::Sigma],
        aliases: &[
            "title_too_long",
            "description_too_long",
            "name_too_long",
            "taxonomy_too_long",
        ],
        summary:
            "`title`, `name`, `taxonomy` or `description` is longer than the specification allows",
        fixable: false,
        source: file!(),
    },
    run: Run::File(run),
};

const LIMITS: &[(&str, usize)] = &[
    ("title", 256),
    ("name", 256),
    ("taxonomy", 256),
    ("description", 65_535),
];

fn run(ctx: &FileCtx, sink: &mut Sink) {
    for (_, _, root) in ctx.sigma_docs() {
        for (key, max) in LIMITS {
            if let Some(v) = root.get(key) {
                if let Some(s) = v.as_str() {
                    let n = s.chars().count();
                    if n > *max {
                        sink.report(
                            &CHECK.meta,
                            v.span,
                            format!("`{key}` has {n} characters; the limit is {max}"),
                        );
                    }
                }
            }
        }
    }
}
