//! # DL113 sigma-description-style
//!
//! The description is too short to say what the rule detects and why (fewer than 16
//! characters), or it holds a hyperlink while the rule has no `references` (links belong in
//! `references`, where tools and reviewers look for them).
//!
//! **Example**: `description: Detects it` or `description: See https://example.org/post`
//! without `references`.
//! **Fix**: write a sentence or two on what the rule finds; move the link to `references`.
//!
//! Aliases: pySigma-validators-sigmaHQ `sigmahq_description_length`,
//! `sigmahq_link_in_description`.

use super::{Check, CheckMeta, FileCtx, Run, Sink};
use crate::diagnostic::Severity;

pub static CHECK: Check = Check {
    meta: CheckMeta {
        code: "DL113",
        name: "sigma-description-style",
        severity: Severity::Warning,
        formats: &[crate::model::Format::Sigma],
        aliases: &["sigmahq_description_length", "sigmahq_link_in_description"],
        summary: "the description is too short, or holds a link while `references` is empty",
        fixable: false,
        source: file!(),
    },
    run: Run::File(run),
};

/// Shortest useful description.
pub const MIN_DESCRIPTION: usize = 16;

fn run(ctx: &FileCtx, sink: &mut Sink) {
    for (doc, _, root) in ctx.sigma_docs() {
        let Some(node) = root.get("description") else {
            continue;
        };
        let Some(text) = node.as_str() else { continue };
        let n = text.trim().chars().count();
        if n < MIN_DESCRIPTION {
            sink.report(
                &CHECK.meta,
                node.span,
                format!("the description has {n} characters: say what the rule detects and why"),
            );
        }
        if doc.rule.references.is_empty() {
            let lower = text.to_ascii_lowercase();
            if let Some(i) = lower.find("https://").or_else(|| lower.find("http://")) {
                let end = text[i..]
                    .find(char::is_whitespace)
                    .map(|e| i + e)
                    .unwrap_or(text.len());
                let span = node
                    .offset_map()
                    .map(|m| m.span_to_file(i, end))
                    .unwrap_or(node.span);
                sink.report(
                    &CHECK.meta,
                    span,
                    "the description holds a link but the rule has no `references`: move it there",
                );
            }
        }
    }
}
