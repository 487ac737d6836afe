//! # DL118 sigma-fields-section
//!
//! The rule has a `fields:` section. SigmaHQ deprecated it: backends ignore it or use it
//! inconsistently (some turn it into a `| table` clause, most drop it), so it gives a false sense
//! of what the alert will show.
//!
//! **Example**: `fields: [CommandLine, ParentImage]`.
//! **Fix**: remove the section (an unsafe fix is offered: a pipeline may still use it).
//!
//! Aliases: pySigma-validators-sigmaHQ `sigmahq_fields_existence`.

use super::{Check, CheckMeta, FileCtx, Run, Sink};
use crate::diagnostic::{Edit, Fix, Severity, Tag};
use crate::model::Span;

pub static CHECK: Check = Check {
    meta: CheckMeta {
        code: "DL118",
        name: "sigma-fields-section",
        severity: Severity::Info,
        formats: &[crate::model::Format::Sigma],
        aliases: &["sigmahq_fields_existence"],
        summary: "the deprecated `fields:` section is used",
        fixable: true,
        source: file!(),
    },
    run: Run::File(run),
};

/// The span of whole lines from the line of `start` to the end of the line of `end`.
pub fn whole_lines(text: &str, start: usize, end: usize) -> Span {
    let s = text[..start].rfind('\n').map(|i| i + 1).unwrap_or(0);
    if end > start && text.as_bytes().get(end - 1) == Some(&b'\n') {
        return Span::new(s, end);
    }
    let e = text[end..]
        .find('\n')
        .map(|i| end + i + 1)
        .unwrap_or(text.len());
    Span::new(s, e)
}

fn run(ctx: &FileCtx, sink: &mut Sink) {
    for (_, _, root) in ctx.sigma_docs() {
        let Some((k, v)) = root.entry("fields") else {
            continue;
        };
        let text = &ctx.file.text;
        let d = sink.report(
            &CHECK.meta,
            k.span,
            "the `fields:` section is deprecated: backends ignore it",
        );
        d.tags.push(Tag::Deprecated);
        // only offer removal when the section starts at column 0 (a block mapping key)
        let line_start = text[..k.span.start].rfind('\n').map(|i| i + 1).unwrap_or(0);
        if line_start == k.span.start {
            d.fixes.push(Fix {
                title: "Remove the `fields:` section".into(),
                edits: vec![Edit {
                    span: whole_lines(text, k.span.start, v.span.end.max(k.span.end)),
                    new_text: String::new(),
                }],
                safe: false,
            });
        }
    }
}
