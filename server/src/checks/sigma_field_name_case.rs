//! # DL219 sigma-field-name-case
//!
//! A field name differs only in letter case from a field the rule's log source is known to have
//! (`commandline` for `CommandLine` in Windows `process_creation`). Field names are
//! case-sensitive in most backends and pipelines, so the rule silently matches nothing. The
//! known fields come from SigmaHQ's field list per log source (`rules/sigma_fields.tsv`).
//!
//! **Example**: `Commandline|contains: ' -enc '` in a `process_creation` rule.
//! **Fix** (safe): `CommandLine|contains: ' -enc '`.
//!
//! Aliases: pySigma-validators-sigmaHQ `sigmahq_fieldname_cast`.

use super::sigma_fielddata::{fields_for, logsource_key};
use super::{Check, CheckMeta, FileCtx, Run, Sink};
use crate::diagnostic::{Edit, Fix, Severity};
use crate::formats::sigma::SelectionBody;
use crate::model::RuleKind;

pub static CHECK: Check = Check {
    meta: CheckMeta {
        code: "DL219",
        name: "sigma-field-name-case",
        severity: Severity::Warning,
        formats: &[crate::model::Format::Sigma],
        aliases: &["sigmahq_fieldname_cast"],
        summary: "a field name differs in case from the log source's known field",
        fixable: true,
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
        for sel in &doc.selections {
            let SelectionBody::Fields(groups) = &sel.body else {
                continue;
            };
            for item in groups.iter().flatten() {
                let f = item.field.value.as_str();
                if f.is_empty() || known.names.contains(&f) {
                    continue;
                }
                let Some(right) = known.lower.get(&f.to_lowercase()) else {
                    continue;
                };
                let d = sink.report(
                    &CHECK.meta,
                    item.field.span,
                    format!("`{f}` should be written `{right}`: field names are case-sensitive"),
                );
                if ctx.text(item.field.span) == f {
                    d.fixes.push(Fix {
                        title: format!("Write `{right}`"),
                        edits: vec![Edit {
                            span: item.field.span,
                            new_text: right.to_string(),
                        }],
                        safe: true,
                    });
                }
            }
        }
    }
}
