//! # DL201 sigma-condition-syntax
//!
//! The `condition` does not parse: an unclosed parenthesis, two selection names without `and`
//! or `or` between them, a keyword where a name belongs, a character that is not part of the
//! condition language, or an empty condition. Also reports the deprecated Sigma 1.x aggregation
//! after `|` (`selection | count() by User > 10`), which Sigma 2 replaced by correlation rules.
//!
//! **Example**: `condition: selection and (filter1 or filter2` → expected `)`.
//! **Fix**: complete the expression; move aggregations to a correlation rule.
//!
//! Aliases: rsigma `deprecated_aggregation_syntax`.

use super::{Check, CheckMeta, FileCtx, Run, Sink};
use crate::diagnostic::{Severity, Tag};

pub static CHECK: Check = Check {
    meta: CheckMeta {
        code: "DL201",
        name: "sigma-condition-syntax",
        severity: Severity::Error,
        formats: &[crate::model::Format::Sigma],
        aliases: &["deprecated_aggregation_syntax"],
        summary: "the `condition` does not parse, or uses the deprecated `| count()` aggregation",
        fixable: false,
        source: file!(),
    },
    run: Run::File(run),
};

fn run(ctx: &FileCtx, sink: &mut Sink) {
    for (_, doc, _) in ctx.sigma_docs() {
        for c in &doc.conditions {
            for (msg, span) in &c.parse.errors {
                sink.report(&CHECK.meta, *span, format!("condition: {msg}"));
            }
            if let Some(agg) = c.parse.aggregation {
                let d = sink.report(&CHECK.meta, agg, "the `| …` aggregation is deprecated Sigma 1.x syntax; write a correlation rule instead");
                d.severity = Severity::Warning;
                d.tags.push(Tag::Deprecated);
            }
        }
    }
}
