//! # DL222 sigma-localized-user
//!
//! A user-name field (`User`, `SubjectUserName`, …) matches a built-in Windows account by its
//! English name only (`NT AUTHORITY\SYSTEM`, `AUTHORITY`), or by one localized spelling only
//! (`AUTORITE NT`, `NT-AUTORITÄT`). Windows localizes these names, so the rule misses every
//! non-English host. SigmaHQ's convention is to match both spellings: `User|contains:
//! ['AUTHORI', 'AUTORI']` (or to use the SID field).
//!
//! **Example**: `User: 'NT AUTHORITY\SYSTEM'`.
//! **Fix**: `User|contains: ['AUTHORI', 'AUTORI']`.
//!
//! Aliases: pySigma-validators-sigmaHQ `sigmahq_field_user`.

use super::{Check, CheckMeta, FileCtx, Run, Sink};
use crate::diagnostic::Severity;
use crate::formats::sigma::SelectionBody;

pub static CHECK: Check = Check {
    meta: CheckMeta {
        code: "DL222",
        name: "sigma-localized-user",
        severity: Severity::Warning,
        formats: &[crate::model::Format::Sigma],
        aliases: &["sigmahq_field_user"],
        summary: "a user field matches a localized Windows account name in one language only",
        fixable: false,
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
                if !item.field.value.to_ascii_lowercase().contains("user") || item.has("re") {
                    continue;
                }
                let up: Vec<String> = item.values.iter().map(|v| v.text.to_uppercase()).collect();
                let english = up.iter().any(|v| v.contains("AUTHORI"));
                let localized = up.iter().any(|v| v.contains("AUTORI"));
                if english == localized {
                    continue;
                }
                let (have, missing) = if english {
                    ("AUTHORI", "AUTORI")
                } else {
                    ("AUTORI", "AUTHORI")
                };
                if let Some(v) = item
                    .values
                    .iter()
                    .find(|v| v.text.to_uppercase().contains(have))
                {
                    sink.report(
                        &CHECK.meta,
                        v.span,
                        format!("`{}` matches one spelling of a localized account name: also match `{missing}`", v.text),
                    );
                }
            }
        }
    }
}
