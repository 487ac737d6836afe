//! # DL209 sigma-double-wildcard
//!
//! A value holds two consecutive unescaped wildcards (`**`). One `*` already matches any run of
//! characters; the second is a typo at best and, in backends that translate wildcards to
//! regular expressions, a needless cost.
//!
//! **Example**: `CommandLine: '*\\AppData\\**.exe'`.
//! **Fix** (safe): collapse to one `*`.
//!
//! Aliases: pySigma `double_wildcard`.

use super::{Check, CheckMeta, FileCtx, Run, Sink};
use crate::diagnostic::{Edit, Fix, Severity};
use crate::formats::sigma::SelectionBody;

pub static CHECK: Check = Check {
    meta: CheckMeta {
        code: "DL209",
        name: "sigma-double-wildcard",
        severity: Severity::Warning,
        formats: &[crate::model::Format::Sigma],
        aliases: &["double_wildcard"],
        summary: "a value holds `**`",
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
                if item.has("re") {
                    continue;
                }
                for v in &item.values {
                    if !v.text.contains("**") || v.text.contains("\\**") {
                        continue;
                    }
                    let d = sink.report(
                        &CHECK.meta,
                        v.span,
                        format!("`{}` contains `**`: one `*` matches the same", v.text),
                    );
                    let raw = ctx.text(v.span);
                    if raw.contains("**") {
                        let mut fixed = raw.to_string();
                        while fixed.contains("**") {
                            fixed = fixed.replace("**", "*");
                        }
                        d.fixes.push(Fix {
                            title: "Collapse `**` to `*`".into(),
                            edits: vec![Edit {
                                span: v.span,
                                new_text: fixed,
                            }],
                            safe: true,
                        });
                    }
                }
            }
        }
    }
}
