//! # DL107 sigma-missing-recommended-key
//!
//! A key that every published rule should carry is missing: `id`, `description`, `author`,
//! `date`, `level`, `status`, `tags` (for detection rules). Reviewers, rule managers and the
//! ATT&CK coverage views need them; SigmaHQ requires all of them.
//!
//! Reported as information: the rule still converts.
//!
//! **Fix**: add the key.
//!
//! Aliases: pySigma `identifier_existence`; rsigma `missing_description`, `missing_author`,
//! `missing_level`; pySigma-validators-sigmaHQ `sigmahq_author_existence`,
//! `sigmahq_date_existence`, `sigmahq_description_existence`, `sigmahq_level_existence`,
//! `sigmahq_status_existence`.

use super::{Check, CheckMeta, FileCtx, Run, Sink};
use crate::diagnostic::Severity;
use crate::model::{RuleKind, Span};

pub static CHECK: Check = Check {
    meta: CheckMeta {
        code: "DL107",
        name: "sigma-missing-recommended-key",
        severity: Severity::Info,
        formats: &[crate::model::Format::Sigma],
        aliases: &[
            "identifier_existence",
            "missing_description",
            "missing_author",
            "missing_level",
            "sigmahq_author_existence",
            "sigmahq_date_existence",
            "sigmahq_description_existence",
            "sigmahq_level_existence",
            "sigmahq_status_existence",
        ],
        summary: "a recommended key (id, description, author, date, level, status) is missing",
        fixable: false,
        source: file!(),
    },
    run: Run::File(run),
};

fn run(ctx: &FileCtx, sink: &mut Sink) {
    for (d, doc, root) in ctx.sigma_docs() {
        if !root.is_map() || root.entries().is_empty() {
            continue;
        }
        let at = root
            .entries()
            .first()
            .map(|(k, _)| k.span)
            .unwrap_or(Span::point(root.span.start));
        let keys: &[&str] = match doc.kind {
            RuleKind::Detection => &["id", "description", "author", "date", "level", "status"],
            _ => &["id", "description", "author", "date"],
        };
        let missing: Vec<&str> = keys
            .iter()
            .copied()
            .filter(|k| root.get(k).is_none())
            .collect();
        if !missing.is_empty() {
            let _ = d;
            sink.report(
                &CHECK.meta,
                at,
                format!(
                    "missing recommended key{} `{}`",
                    if missing.len() > 1 { "s" } else { "" },
                    missing.join("`, `")
                ),
            );
        }
    }
}
