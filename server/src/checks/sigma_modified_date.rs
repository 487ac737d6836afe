//! # DL128 sigma-modified-date
//!
//! `modified` is given without `date` (the rule's creation date is unknown, so its age and
//! maturity cannot be judged), or `modified` equals `date` (a rule is not modified on the day it
//! is written: drop `modified` until it changes). A `modified` earlier than `date` is DL105.
//!
//! **Example**: `date: 2024-05-01` and `modified: 2024-05-01`.
//! **Fix** (safe for the redundant case): remove `modified`.
//!
//! Aliases: pySigma-validators-sigmaHQ `sigmahq_modified_without_date`,
//! `sigmahq_redundant_modified`.

use super::sigma_fields_section::whole_lines;
use super::{Check, CheckMeta, FileCtx, Run, Sink};
use crate::diagnostic::{Edit, Fix, Severity, Tag};

pub static CHECK: Check = Check {
    meta: CheckMeta {
        code: "DL128",
        name: "sigma-modified-date",
        severity: Severity::Warning,
        formats: &[crate::model::Format::Sigma],
        aliases: &[
            "sigmahq_modified_without_date",
            "sigmahq_redundant_modified",
        ],
        summary: "`modified` without `date`, or equal to `date`",
        fixable: true,
        source: file!(),
    },
    run: Run::File(run),
};

fn run(ctx: &FileCtx, sink: &mut Sink) {
    for (_, _, root) in ctx.sigma_docs() {
        let Some((mk, mv)) = root.entry("modified") else {
            continue;
        };
        if mv.is_null() {
            continue;
        }
        match root.get("date").filter(|d| !d.is_null()) {
            None => {
                sink.report(
                    &CHECK.meta,
                    mk.span,
                    "`modified` is given but `date` is not",
                );
            }
            Some(d) if d.as_str().map(str::trim) == mv.as_str().map(str::trim) => {
                let text = &ctx.file.text;
                let line_start = text[..mk.span.start]
                    .rfind('\n')
                    .map(|i| i + 1)
                    .unwrap_or(0);
                let diag = sink.report(
                    &CHECK.meta,
                    mv.span,
                    "`modified` equals `date`: the rule has not been modified",
                );
                diag.tags.push(Tag::Unnecessary);
                if line_start == mk.span.start {
                    diag.fixes.push(Fix {
                        title: "Remove `modified`".into(),
                        edits: vec![Edit {
                            span: whole_lines(text, mk.span.start, mv.span.end),
                            new_text: String::new(),
                        }],
                        safe: true,
                    });
                }
            }
            _ => {}
        }
    }
}
