//! # DL003 query-syntax
//!
//! The query embedded in the rule does not parse: Kusto KQL in a Sentinel `query:`, SPL in a
//! Splunk `search:`, Kibana KQL, Lucene, EQL or ES|QL in an Elastic `query`. The error is
//! reported at its exact line and column in the rule file, inside the YAML block scalar or TOML
//! string, with what the parser expected and what it found.
//!
//! A query that does not parse will not deploy; the rest of the query is still read, so other
//! checks keep working on half-typed text.
//!
//! **Example** (Sentinel): `SecurityEvent | where EventID == 4688 and (` → expected an
//! expression, found end of input.
//!
//! **Fix**: complete or correct the query at the position shown.
//!
//! Aliases: Elastic detection-rules validator query parse errors; contentctl SPL checks.

use super::{Check, CheckMeta, FileCtx, Run, Sink};
use crate::diagnostic::Severity;

pub static CHECK: Check = Check {
    meta: CheckMeta {
        code: "DL003",
        name: "query-syntax",
        severity: Severity::Error,
        formats: &[],
        aliases: &[],
        summary: "the embedded query (KQL, SPL, EQL, ES|QL, Lucene, Kusto) has a syntax error",
        fixable: false,
        source: file!(),
    },
    run: Run::File(run),
};

fn run(ctx: &FileCtx, sink: &mut Sink) {
    for d in &ctx.file.docs {
        for e in d.query_errors.iter().take(10) {
            sink.report(
                &CHECK.meta,
                e.span,
                format!("{} syntax error: {}", e.language, e.message),
            );
        }
    }
}
