//! # DL204 sigma-unknown-modifier
//!
//! A value modifier after `|` is not one of the Sigma specification's modifiers (`contains`,
//! `startswith`, `endswith`, `all`, `re` with `i`/`m`/`s`, `cidr`, `base64`, `base64offset`,
//! `wide`/`utf16le`/`utf16be`/`utf16`, `windash`, `exists`, `expand`, `fieldref`, `gt`, `gte`,
//! `lt`, `lte`, `neq`, `cased`, and the time-part modifiers). Backends reject the rule, or a
//! typo like `endwith` is taken as part of the field name.
//!
//! **Example**: `Image|endwith: '\cmd.exe'` → did you mean `endswith`?
//! **Fix** (safe): the suggested modifier.

use super::{did_you_mean, Check, CheckMeta, FileCtx, Run, Sink};
use crate::diagnostic::{Edit, Fix, Severity};
use crate::formats::sigma::modifiers::{modifier, MODIFIERS};
use crate::formats::sigma::SelectionBody;

pub static CHECK: Check = Check {
    meta: CheckMeta {
        code: "DL204",
        name: "sigma-unknown-modifier",
        severity: Severity::Error,
        formats: &[crate::model::Format::Sigma],
        aliases: &[],
        summary: "a value modifier is not part of the Sigma specification",
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
                for m in &item.modifiers {
                    if modifier(&m.value).is_some() {
                        continue;
                    }
                    let msg = if m.value.is_empty() {
                        "empty modifier (`||` or a trailing `|`)".to_string()
                    } else {
                        format!("unknown modifier `{}`", m.value)
                    };
                    let d = sink.report(
                        &CHECK.meta,
                        if m.span.is_empty() {
                            item.key_span
                        } else {
                            m.span
                        },
                        msg,
                    );
                    if let Some(s) = did_you_mean(
                        &m.value,
                        MODIFIERS.iter().map(|x| x.name).filter(|n| n.len() > 2),
                    ) {
                        d.message.push_str(&format!(": did you mean `{s}`?"));
                        d.fixes.push(Fix {
                            title: format!("Change to `{s}`"),
                            edits: vec![Edit {
                                span: m.span,
                                new_text: s.to_string(),
                            }],
                            safe: true,
                        });
                    }
                }
            }
        }
    }
}
