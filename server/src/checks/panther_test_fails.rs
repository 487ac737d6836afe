//! # DL805 panther-test-fails
//!
//! A unit test of a Panther simple detection does not give its declared `ExpectedResult`:
//! detlint evaluates the `Detection:` match expressions (after `InlineFilters:`) against the
//! test's `Log` event and the outcome differs. `panther_analysis_tool test` would fail, or — if
//! the test is what was wrong — the rule does not match the event it was meant to catch.
//!
//! Evaluation follows Panther's match-expression semantics (missing keys make positive
//! conditions false and their inverse true; `[*]` matches any element; `I…` conditions ignore
//! case). Tests with `Mocks:` and detections with parts detlint cannot decide (enrichments,
//! unknown conditions) are skipped.
//!
//! **Example**: `Condition: Equals`, `Value: ConsoleLogin` with a test whose `eventName` is
//! `consolelogin` and `ExpectedResult: true`.
//! **Fix**: correct the detection (here `IEquals`) or the test's expectation.

use super::{Check, CheckMeta, FileCtx, Run, Sink};
use crate::diagnostic::Severity;
use crate::formats::panther::{self, eval};

pub static CHECK: Check = Check {
    meta: CheckMeta {
        code: "DL805",
        name: "panther-test-fails",
        severity: Severity::Error,
        formats: &[crate::model::Format::Panther],
        aliases: &[],
        summary: "a simple detection's unit test does not give its `ExpectedResult`",
        fixable: false,
        source: file!(),
    },
    run: Run::File(run),
};

fn run(ctx: &FileCtx, sink: &mut Sink) {
    for (_, doc) in panther::docs(ctx.file) {
        if doc.simple.is_none() {
            continue;
        }
        for t in &doc.tests {
            let Some(expected) = &t.expected else {
                continue;
            };
            let Some(got) = eval::run_test(doc, t) else {
                continue;
            };
            if got == expected.value {
                continue;
            }
            let name = t
                .name
                .as_ref()
                .map(|n| format!("test `{}`", n.value))
                .unwrap_or_else(|| "a test".into());
            let msg = if expected.value {
                format!("{name} expects a match, but the detection does not match its `Log`")
            } else {
                format!("{name} expects no match, but the detection matches its `Log`")
            };
            sink.report(&CHECK.meta, expected.span, msg);
        }
    }
}
