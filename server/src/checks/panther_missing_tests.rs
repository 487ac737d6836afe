//! # DL804 panther-missing-tests
//!
//! A Panther rule, scheduled rule, correlation rule or policy has no `Tests:` (or an empty list).
//! Panther's unit tests are the only check that the logic fires on the events it was written
//! for; `panther_analysis_tool test --minimum-tests` rejects rules without them, and detlint's
//! DL805 can only verify a simple detection that carries tests.
//!
//! **Example**: a rule YAML with `Detection:` and no `Tests:`.
//! **Fix**: add at least one test with `ExpectedResult: true` and one with `false`.

use super::{Check, CheckMeta, FileCtx, Run, Sink};
use crate::diagnostic::Severity;
use crate::formats::panther;

pub static CHECK: Check = Check {
    meta: CheckMeta {
        code: "DL804",
        name: "panther-missing-tests",
        severity: Severity::Warning,
        formats: &[crate::model::Format::Panther],
        aliases: &[],
        summary: "a Panther rule has no unit tests",
        fixable: false,
        source: file!(),
    },
    run: Run::File(run),
};

fn run(ctx: &FileCtx, sink: &mut Sink) {
    for (pd, doc) in panther::docs(ctx.file) {
        if doc.python_only || !doc.tests.is_empty() {
            continue;
        }
        let span = doc
            .tests_key
            .or(pd.rule.id.as_ref().map(|i| i.span))
            .unwrap_or(pd.rule.span);
        let what = if doc.tests_key.is_some() {
            "`Tests:` is empty"
        } else {
            "the rule has no `Tests:`"
        };
        sink.report(
            &CHECK.meta,
            span,
            format!("{what}: add a test that matches and one that does not"),
        );
    }
}
