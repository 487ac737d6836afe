//! # DL119 sigma-filename
//!
//! The rule's file name does not follow the SigmaHQ convention: lower-case letters, digits and
//! underscores (at least one) with the `.yml` extension, 10 to 90 characters long; a correlation rule's file
//! name starts with `correlation_`. Consistent names keep large rule sets navigable and let CI
//! derive facts (the log source prefix, DL120) from the name. Only files holding Sigma rules are
//! checked.
//!
//! **Example**: `Suspicious-Certutil.yaml`, `a.yml`.
//! **Fix**: rename the file (`proc_creation_win_certutil_download.yml`).
//!
//! Aliases: pySigma `filename_length`; pySigma-validators-sigmaHQ `sigmahq_filename_convention`,
//! `sigmahq_correlation_filename_prefix`.

use super::{Check, CheckMeta, FileCtx, Run, Sink};
use crate::diagnostic::Severity;
use crate::model::{RuleKind, Span};

pub static CHECK: Check = Check {
    meta: CheckMeta {
        code: "DL119",
        name: "sigma-filename",
        severity: Severity::Info,
        formats: &[crate::model::Format::Sigma],
        aliases: &[
            "filename_length",
            "sigmahq_filename_convention",
            "sigmahq_correlation_filename_prefix",
        ],
        summary: "the file name breaks the SigmaHQ convention (`[a-z0-9_]+.yml`, 10–90 characters)",
        fixable: false,
        source: file!(),
    },
    run: Run::File(run),
};

/// Bounds of the file name length (pySigma `filename_length` defaults).
pub const MIN_LEN: usize = 10;
pub const MAX_LEN: usize = 90;

fn run(ctx: &FileCtx, sink: &mut Sink) {
    let Some(name) = ctx.file.path.file_name().and_then(|n| n.to_str()) else {
        return;
    };
    let mut docs = ctx.sigma_docs();
    let Some((first, _, root)) = docs.next() else {
        return;
    };
    let at = root
        .entries()
        .first()
        .map(|(k, _)| k.span)
        .unwrap_or(Span::point(0));
    let n = name.chars().count();
    if !(MIN_LEN..=MAX_LEN).contains(&n) {
        sink.report(
            &CHECK.meta,
            at,
            format!("the file name `{name}` has {n} characters: keep it between {MIN_LEN} and {MAX_LEN}"),
        );
    }
    let stem_ok = name.strip_suffix(".yml").is_some_and(|stem| {
        !stem.is_empty()
            && stem.contains('_')
            && stem
                .bytes()
                .all(|b| b.is_ascii_lowercase() || b.is_ascii_digit() || b == b'_')
    });
    if !stem_ok {
        sink.report(
            &CHECK.meta,
            at,
            format!("the file name `{name}` is not lower-case letters, digits and `_` with the `.yml` extension"),
        );
    }
    if first.rule.kind == RuleKind::Correlation && !name.starts_with("correlation_") {
        sink.report(
            &CHECK.meta,
            at,
            format!("the correlation rule's file name `{name}` does not start with `correlation_`"),
        );
    }
}
