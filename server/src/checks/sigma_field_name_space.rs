//! # DL218 sigma-field-name-space
//!
//! A field name in the detection contains a space. Log field names use `_` or CamelCase; a space
//! usually comes from copying a column header of a log viewer (`Process Name`), and no backend
//! field mapping knows it, so the rule never matches.
//!
//! **Example**: `Process Name|endswith: '\cmd.exe'`.
//! **Fix**: the real field name (`ProcessName`, `Image`); an unsafe fix replaces spaces by `_`.
//!
//! Aliases: pySigma-validators-sigmaHQ `sigmahq_space_field_name`.

use super::{Check, CheckMeta, FileCtx, Run, Sink};
use crate::diagnostic::{Edit, Fix, Severity};
use crate::formats::sigma::SelectionBody;
use crate::model::RuleKind;

pub static CHECK: Check = Check {
    meta: CheckMeta {
        code: "DL218",
        name: "sigma-field-name-space",
        severity: Severity::Warning,
        formats: &[crate::model::Format::Sigma],
        aliases: &["sigmahq_space_field_name"],
        summary: "a field name contains a space",
        fixable: true,
        source: file!(),
    },
    run: Run::File(run),
};

fn run(ctx: &FileCtx, sink: &mut Sink) {
    for (_, doc, _) in ctx.sigma_docs() {
        if doc.kind == RuleKind::Correlation {
            continue;
        }
        for sel in &doc.selections {
            let SelectionBody::Fields(groups) = &sel.body else {
                continue;
            };
            for item in groups.iter().flatten() {
                let f = &item.field.value;
                if !f.contains(' ') {
                    continue;
                }
                let d = sink.report(
                    &CHECK.meta,
                    item.field.span,
                    format!("the field name `{f}` contains a space"),
                );
                if ctx.text(item.field.span) == f {
                    d.fixes.push(Fix {
                        title: format!("Write `{}`", f.replace(' ', "_")),
                        edits: vec![Edit {
                            span: item.field.span,
                            new_text: f.replace(' ', "_"),
                        }],
                        safe: false,
                    });
                }
            }
        }
    }
}
