//! # DL121 sigma-tag-unique
//!
//! A rule carries more than one `detection.*` tag (a rule is either an emerging-threat, a
//! threat-hunting or a DFIR rule, not several) or more than one `tlp.*` tag (a rule has one
//! sharing level). Tools that route rules by these tags pick one arbitrarily.
//!
//! **Example**: `tags: [tlp.clear, tlp.amber]`.
//! **Fix**: keep the one that applies.
//!
//! Aliases: pySigma-validators-sigmaHQ `sigmahq_tags_unique_detection`, `sigmahq_tags_unique_tlp`.

use super::{Check, CheckMeta, FileCtx, Run, Sink};
use crate::diagnostic::{Related, Severity};

pub static CHECK: Check = Check {
    meta: CheckMeta {
        code: "DL121",
        name: "sigma-tag-unique",
        severity: Severity::Warning,
        formats: &[crate::model::Format::Sigma],
        aliases: &["sigmahq_tags_unique_detection", "sigmahq_tags_unique_tlp"],
        summary: "more than one `detection.*` or `tlp.*` tag",
        fixable: false,
        source: file!(),
    },
    run: Run::File(run),
};

fn run(ctx: &FileCtx, sink: &mut Sink) {
    for (doc, _, _) in ctx.sigma_docs() {
        for ns in ["detection.", "tlp."] {
            let tags: Vec<_> = doc
                .rule
                .tags
                .iter()
                .filter(|t| t.value.to_ascii_lowercase().starts_with(ns))
                .collect();
            let Some(first) = tags.first() else { continue };
            let mut seen = vec![first.value.to_ascii_lowercase()];
            for t in &tags[1..] {
                let v = t.value.to_ascii_lowercase();
                if seen.contains(&v) {
                    continue; // exact repeats are DL109
                }
                seen.push(v);
                sink.report(
                    &CHECK.meta,
                    t.span,
                    format!(
                        "a second `{}*` tag (`{}` already given): a rule has only one",
                        ns, first.value
                    ),
                )
                .related
                .push(Related {
                    path: None,
                    span: Some(first.span),
                    message: "first tag of this namespace".into(),
                });
            }
        }
    }
}
