//! # DL509 elastic-eql-unsupported
//!
//! The EQL query parses, but Elasticsearch rejects it or it cannot match:
//!
//! - a `sequence` with fewer than two events (terms, counting `with runs=N`);
//! - a missing-event term `![…]` in a sequence without `with maxspan=…`;
//! - `runs=N` outside 1–100;
//! - legacy EQL from the Endgame era: `=` instead of `==`, single-quoted `'x'` or `?"raw"`
//!   strings, `join`, lineage (`descendant of [...]`, `child of`, `event of`).
//!
//! These queries fail when the rule is created or enabled in Kibana.
//!
//! **Example**: `process where process.name = 'cmd.exe'`; `sequence [process where true]`.
//!
//! **Fix**: write `==` and double-quoted strings, give the sequence two or more terms and a
//! `maxspan`, replace `join`/lineage by a `sequence by process.entity_id` or similar.
//!
//! Aliases: Elasticsearch EQL `verification_exception` / `parsing_exception`.

use super::elastic_common::elastic_docs;
use super::{Check, CheckMeta, FileCtx, Run, Sink};
use crate::diagnostic::Severity;

pub static CHECK: Check = Check {
    meta: CheckMeta {
        code: "DL509",
        name: "elastic-eql-unsupported",
        severity: Severity::Error,
        formats: &[crate::model::Format::Elastic],
        aliases: &[],
        summary:
            "EQL that parses but that Elasticsearch rejects (legacy syntax, sequence shape, runs)",
        fixable: false,
        source: file!(),
    },
    run: Run::File(run),
};

fn run(ctx: &FileCtx, sink: &mut Sink) {
    for (_, e) in elastic_docs(ctx) {
        for q in &e.queries {
            for (msg, span) in &q.eql_problems {
                sink.report(&CHECK.meta, *span, msg.clone());
            }
        }
    }
}
