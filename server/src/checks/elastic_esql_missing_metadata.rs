//! # DL508 elastic-esql-missing-metadata
//!
//! An ES|QL detection rule that does not aggregate (no `STATS`) must read the metadata fields
//! `_id`, `_version` and `_index`: `FROM logs-* METADATA _id, _version, _index`. Without them
//! Kibana cannot tell which source document an alert came from, so alerts are not deduplicated
//! between rule runs (the same event alerts again on every run) and cannot link back to the event.
//! elastic/detection-rules rejects such rules in its unit tests.
//!
//! Aggregating queries (`| STATS …`) produce rows that are not documents and are not reported, nor
//! are hunting queries.
//!
//! **Example**: `from logs-endpoint.events.process-* | where process.name == "cmd.exe"`.
//!
//! **Fix** (safe): add the missing names — `from logs-endpoint.events.process-* METADATA _id,
//! _version, _index | where …`.
//!
//! Aliases: detection-rules `test_esql_rules` metadata requirement.

use super::elastic_common::elastic_docs;
use super::{Check, CheckMeta, FileCtx, Run, Sink};
use crate::diagnostic::{Edit, Fix, Severity};
use crate::formats::elastic::{QueryLanguage, QueryRole};
use crate::model::Span;

pub static CHECK: Check = Check {
    meta: CheckMeta {
        code: "DL508",
        name: "elastic-esql-missing-metadata",
        severity: Severity::Warning,
        formats: &[crate::model::Format::Elastic],
        aliases: &[],
        summary: "a non-aggregating ES|QL rule lacks `METADATA _id, _version, _index`",
        fixable: true,
        source: file!(),
    },
    run: Run::File(run),
};

const REQUIRED: [&str; 3] = ["_id", "_version", "_index"];

fn run(ctx: &FileCtx, sink: &mut Sink) {
    for (_, e) in elastic_docs(ctx) {
        for q in &e.queries {
            if q.language != QueryLanguage::Esql || q.role != QueryRole::Main || q.error_count > 0 {
                continue;
            }
            let Some(src) = &q.esql_source else { continue };
            if src.aggregates {
                continue;
            }
            let missing: Vec<&str> = REQUIRED
                .iter()
                .copied()
                .filter(|r| !src.metadata.iter().any(|m| m.value.eq_ignore_ascii_case(r)))
                .collect();
            if missing.is_empty() {
                continue;
            }
            let (at, new_text) = match src.metadata.last() {
                Some(last) => (last.span.end, format!(", {}", missing.join(", "))),
                None => (
                    src.after_indices,
                    format!(" METADATA {}", missing.join(", ")),
                ),
            };
            let span = Span::new(src.span.start, src.after_indices.max(src.span.start));
            sink.report(
                &CHECK.meta,
                span,
                format!(
                    "this ES|QL rule does not aggregate but its source lacks `METADATA {}`: alerts cannot be deduplicated",
                    missing.join(", ")
                ),
            )
            .fixes
            .push(Fix {
                title: format!("Add `{}` to METADATA", missing.join(", ")),
                edits: vec![Edit {
                    span: Span::point(at),
                    new_text,
                }],
                safe: true,
            });
        }
    }
}
