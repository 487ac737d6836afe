//! # DL210 sigma-number-as-string
//!
//! A value that is a whole number is written as a quoted string for a field compared by
//! equality (`EventID: '4688'`). Backends type the comparison from the YAML type: a string
//! compared against a numeric field becomes a keyword search or a type error in some targets.
//!
//! **Example**: `EventID: '4104'`.
//! **Fix** (safe): remove the quotes (`EventID: 4104`).
//!
//! Aliases: pySigma `number_as_string`.

use super::{Check, CheckMeta, FileCtx, Run, Sink};
use crate::diagnostic::{Edit, Fix, Severity};
use crate::formats::sigma::SelectionBody;
use crate::source::yaml::ScalarStyle;

pub static CHECK: Check = Check {
    meta: CheckMeta {
        code: "DL210",
        name: "sigma-number-as-string",
        severity: Severity::Info,
        formats: &[crate::model::Format::Sigma],
        aliases: &["number_as_string"],
        summary: "a number is written as a quoted string",
        fixable: true,
        source: file!(),
    },
    run: Run::File(run),
};

fn run(ctx: &FileCtx, sink: &mut Sink) {
    for (_, doc, _) in ctx.sigma_docs() {
        for sel in &doc.selections {
            let SelectionBody::Fields(groups) = &sel.body else {
                continue;
            };
            for item in groups.iter().flatten() {
                if !item.modifiers.is_empty() && !item.modifiers.iter().all(|m| m.value == "all") {
                    continue;
                }
                for v in &item.values {
                    let quoted = matches!(
                        v.style,
                        Some(ScalarStyle::SingleQuoted | ScalarStyle::DoubleQuoted)
                    );
                    let numeric = !v.text.is_empty()
                        && v.text.len() < 16
                        && v.text.bytes().all(|b| b.is_ascii_digit())
                        && !(v.text.len() > 1 && v.text.starts_with('0'));
                    if quoted && numeric {
                        sink.report(
                            &CHECK.meta,
                            v.span,
                            format!("`{}` is a number written as a string", v.text),
                        )
                        .fixes
                        .push(Fix {
                            title: format!("Write {}", v.text),
                            edits: vec![Edit {
                                span: v.span,
                                new_text: v.text.clone(),
                            }],
                            safe: true,
                        });
                    }
                }
            }
        }
    }
}
