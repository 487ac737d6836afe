//! # DL220 sigma-unknown-field
//!
//! A field is not among the fields SigmaHQ lists for the rule's log source
//! (`rules/sigma_fields.tsv`, generated from SigmaHQ's `tests/logsource.json`). Often a field of
//! another event type (`TargetFilename` in `process_creation`) or of another product, which no
//! event of this log source carries. Log sources without a field list are not checked; a field
//! that differs only in case is DL219. Informational: the lists cover SigmaHQ's taxonomy, not
//! every pipeline's extra fields.
//!
//! **Example**: `TargetFilename|endswith: '.dll'` in a `process_creation` rule.
//! **Fix**: use the log source that has the field (`file_event`), or the right field.
//!
//! Aliases: pySigma-validators-sigmaHQ `sigmahq_invalid_fieldname`.

use super::sigma_fielddata::{fields_for, logsource_key};
use super::{Check, CheckMeta, FileCtx, Run, Sink};
use crate::diagnostic::Severity;
use crate::formats::sigma::SelectionBody;
use crate::model::RuleKind;

pub static CHECK: Check = Check {
    meta: CheckMeta {
        code: "DL220",
        name: "sigma-unknown-field",
        severity: Severity::Info,
        formats: &[crate::model::Format::Sigma],
        aliases: &["sigmahq_invalid_fieldname"],
        summary: "a field is not known for the rule's log source",
        fixable: false,
        source: file!(),
    },
    run: Run::File(run),
};

fn run(ctx: &FileCtx, sink: &mut Sink) {
    for (_, doc, _) in ctx.sigma_docs() {
        if doc.kind != RuleKind::Detection {
            continue;
        }
        let (p, c, s) = logsource_key(&doc.logsource);
        let (p, c, s) = (p.as_str(), c.as_str(), s.as_str());
        let Some(known) = fields_for(p, c, s) else {
            continue;
        };
        let ls = [p, c, s]
            .iter()
            .filter(|x| !x.is_empty())
            .copied()
            .collect::<Vec<_>>()
            .join("/");
        for sel in &doc.selections {
            let SelectionBody::Fields(groups) = &sel.body else {
                continue;
            };
            for item in groups.iter().flatten() {
                let f = item.field.value.as_str();
                if f.is_empty()
                    || known.names.contains(&f)
                    || known.lower.contains_key(&f.to_lowercase())
                {
                    continue;
                }
                sink.report(
                    &CHECK.meta,
                    item.field.span,
                    format!("`{f}` is not a known field of the `{ls}` log source"),
                );
            }
        }
    }
}
