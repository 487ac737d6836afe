//! # DL102 sigma-unknown-key
//!
//! A top-level key that is not part of the Sigma specification and looks like a typo of one
//! that is (`realted`, `refrences`, `falsepositive`, `Level`). Backends ignore unknown keys, so a
//! misspelled `falsepositives` or `references` is silently lost. Custom keys that are not close
//! to a known key are allowed (the specification permits them) and not reported.
//!
//! **Example**: `falsepositive: - Admin activity` → did you mean `falsepositives`?
//! **Fix** (safe): rename the key to the suggested one.
//!
//! Aliases: pySigma `custom_attributes`; rsigma `unknown_key`, `non_lowercase_key`;
//! pySigma-validators-sigmaHQ `sigmahq_unknown_field`.

use super::{did_you_mean, Check, CheckMeta, FileCtx, Run, Sink};
use crate::diagnostic::{Edit, Fix, Severity};

pub static CHECK: Check = Check {
    meta: CheckMeta {
        code: "DL102",
        name: "sigma-unknown-key",
        severity: Severity::Warning,
        formats: &[crate::model::Format::Sigma],
        aliases: &[
            "custom_attributes",
            "unknown_key",
            "non_lowercase_key",
            "sigmahq_unknown_field",
        ],
        summary: "a top-level key looks like a misspelled Sigma key",
        fixable: true,
        source: file!(),
    },
    run: Run::File(run),
};

/// Top-level keys of Sigma detection, correlation and filter rules (plus SigmaHQ's own).
pub const KNOWN_KEYS: &[&str] = &[
    "title",
    "id",
    "name",
    "related",
    "taxonomy",
    "status",
    "description",
    "license",
    "author",
    "references",
    "date",
    "modified",
    "logsource",
    "detection",
    "fields",
    "falsepositives",
    "level",
    "tags",
    "scope",
    "correlation",
    "filter",
    "generate",
    "sigma-version",
    "regression_tests_path",
    "simulation",
];

fn run(ctx: &FileCtx, sink: &mut Sink) {
    for (_, _, root) in ctx.sigma_docs() {
        for (k, _) in root.entries() {
            let Some(key) = k.as_str() else { continue };
            if KNOWN_KEYS.contains(&key) {
                continue;
            }
            let Some(s) = did_you_mean(key, KNOWN_KEYS.iter().copied()) else {
                continue;
            };
            sink.report(
                &CHECK.meta,
                k.span,
                format!("unknown key `{key}`: did you mean `{s}`?"),
            )
            .fixes
            .push(Fix {
                title: format!("Rename `{key}` to `{s}`"),
                edits: vec![Edit {
                    span: k.span,
                    new_text: s.to_string(),
                }],
                safe: true,
            });
        }
    }
}
