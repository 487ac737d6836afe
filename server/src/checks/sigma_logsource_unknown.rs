//! # DL129 sigma-logsource-unknown
//!
//! The `logsource` (product / category / service combination) is not one SigmaHQ's taxonomy
//! lists (`rules/sigma_fields.tsv`, generated from SigmaHQ's `tests/logsource.json`). Backends
//! and pipelines only map log sources they know; an unknown combination (`product: windows`,
//! `category: proces_creation`, or `service: sysmon` on `product: linux`) converts to a query
//! over the wrong data or fails. Informational: private taxonomies add their own log sources,
//! and SigmaHQ's own CI leaves this check off.
//!
//! **Example**: `logsource: {product: windows, category: process_creations}`.
//! **Fix**: use a listed log source, or document yours in your pipeline.
//!
//! Aliases: pySigma-validators-sigmaHQ `sigmahq_logsource_unknown`.

use super::sigma_fielddata::{is_known_logsource, logsource_key};
use super::{Check, CheckMeta, FileCtx, Run, Sink};
use crate::diagnostic::Severity;
use crate::model::RuleKind;

pub static CHECK: Check = Check {
    meta: CheckMeta {
        code: "DL129",
        name: "sigma-logsource-unknown",
        severity: Severity::Info,
        formats: &[crate::model::Format::Sigma],
        aliases: &["sigmahq_logsource_unknown"],
        summary: "the logsource combination is not in SigmaHQ's taxonomy",
        fixable: false,
        source: file!(),
    },
    run: Run::File(run),
};

fn run(ctx: &FileCtx, sink: &mut Sink) {
    for (_, doc, root) in ctx.sigma_docs() {
        if doc.kind == RuleKind::Correlation || doc.logsource.is_empty() {
            continue;
        }
        let (p, c, s) = logsource_key(&doc.logsource);
        let (p, c, s) = (p.as_str(), c.as_str(), s.as_str());
        if (p, c, s) == ("", "", "") || is_known_logsource(p, c, s) {
            continue;
        }
        let Some((k, _)) = root.entry("logsource") else {
            continue;
        };
        let shown = [("product", p), ("category", c), ("service", s)]
            .iter()
            .filter(|(_, v)| !v.is_empty())
            .map(|(k, v)| format!("{k}: {v}"))
            .collect::<Vec<_>>()
            .join(", ");
        sink.report(
            &CHECK.meta,
            k.span,
            format!("`{shown}` is not a log source of SigmaHQ's taxonomy"),
        );
    }
}
