//! # DL130 sigma-folder-detection-tag
//!
//! A rule stored in one of SigmaHQ's special rule folders lacks the `detection.*` tag of that
//! folder: `rules-emerging-threats/` → `detection.emerging-threats`, `rules-threat-hunting/` →
//! `detection.threat-hunting`, `rules-dfir/` → `detection.dfir`. Consumers select rule packs by
//! this tag; an untagged hunting rule ends up deployed as an alerting rule. Rules outside these
//! folders are not checked.
//!
//! **Example**: `rules-threat-hunting/windows/x.yml` without `detection.threat-hunting`.
//! **Fix**: add the tag.
//!
//! Aliases: pySigma-validators-sigmaHQ `sigmahq_tags_detection`.

use super::{Check, CheckMeta, FileCtx, Run, Sink};
use crate::diagnostic::Severity;
use crate::model::Span;

pub static CHECK: Check = Check {
    meta: CheckMeta {
        code: "DL130",
        name: "sigma-folder-detection-tag",
        severity: Severity::Warning,
        formats: &[crate::model::Format::Sigma],
        aliases: &["sigmahq_tags_detection"],
        summary: "a rule in a SigmaHQ special folder lacks that folder's `detection.*` tag",
        fixable: false,
        source: file!(),
    },
    run: Run::File(run),
};

const FOLDERS: &[(&str, &str)] = &[
    ("rules-emerging-threats", "detection.emerging-threats"),
    ("rules-threat-hunting", "detection.threat-hunting"),
    ("rules-dfir", "detection.dfir"),
];

fn run(ctx: &FileCtx, sink: &mut Sink) {
    let Some(tag) = ctx.file.path.components().find_map(|c| {
        let name = c.as_os_str().to_str()?;
        FOLDERS.iter().find(|(f, _)| *f == name).map(|(_, t)| *t)
    }) else {
        return;
    };
    for (doc, _, root) in ctx.sigma_docs() {
        if doc
            .rule
            .tags
            .iter()
            .any(|t| t.value.eq_ignore_ascii_case(tag))
        {
            continue;
        }
        let at = root
            .entry("tags")
            .or_else(|| root.entries().first())
            .map(|(k, _)| k.span)
            .unwrap_or(Span::point(0));
        sink.report(
            &CHECK.meta,
            at,
            format!("the rule's folder calls for the tag `{tag}`"),
        );
    }
}
