//! # DL215 sigma-generic-logsource
//!
//! The rule reads `service: sysmon` and selects a Sysmon `EventID` for which Sigma has a generic
//! log source category (`EventID: 1` is `category: process_creation`, `3` is
//! `network_connection`, …). Generic categories let backends map the rule to any telemetry that
//! carries the event (Sysmon, EDR, Security 4688); the Sysmon-specific rule only converts for
//! Sysmon.
//!
//! **Example**: `logsource: {product: windows, service: sysmon}` with `EventID: 1`.
//! **Fix**: `logsource: {product: windows, category: process_creation}` and drop the `EventID`.
//!
//! Aliases: pySigma `specific_instead_of_generic_logsource`.

use super::{Check, CheckMeta, FileCtx, Run, Sink};
use crate::diagnostic::Severity;
use crate::formats::sigma::SelectionBody;

pub static CHECK: Check = Check {
    meta: CheckMeta {
        code: "DL215",
        name: "sigma-generic-logsource",
        severity: Severity::Warning,
        formats: &[crate::model::Format::Sigma],
        aliases: &["specific_instead_of_generic_logsource"],
        summary: "a Sysmon EventID is selected where a generic logsource category exists",
        fixable: false,
        source: file!(),
    },
    run: Run::File(run),
};

/// Sysmon event ids and their generic Sigma category.
pub const SYSMON_CATEGORIES: &[(&str, &str)] = &[
    ("1", "process_creation"),
    ("2", "file_change"),
    ("3", "network_connection"),
    ("5", "process_termination"),
    ("6", "driver_load"),
    ("7", "image_load"),
    ("8", "create_remote_thread"),
    ("9", "raw_access_thread"),
    ("10", "process_access"),
    ("11", "file_event"),
    ("12", "registry_add"),
    ("13", "registry_set"),
    ("14", "registry_rename"),
    ("15", "create_stream_hash"),
    ("17", "pipe_created"),
    ("18", "pipe_created"),
    ("19", "wmi_event"),
    ("20", "wmi_event"),
    ("21", "wmi_event"),
    ("22", "dns_query"),
    ("23", "file_delete"),
    ("24", "clipboard_capture"),
    ("25", "process_tampering"),
    ("26", "file_delete"),
    ("29", "file_executable_detected"),
];

fn run(ctx: &FileCtx, sink: &mut Sink) {
    for (_, doc, _) in ctx.sigma_docs() {
        let is_sysmon = doc
            .logsource
            .iter()
            .any(|(k, v, _)| k == "service" && v == "sysmon");
        if !is_sysmon || doc.logsource.iter().any(|(k, _, _)| k == "category") {
            continue;
        }
        for sel in &doc.selections {
            let SelectionBody::Fields(groups) = &sel.body else {
                continue;
            };
            for item in groups.iter().flatten() {
                if item.field.value != "EventID" || !item.modifiers.is_empty() {
                    continue;
                }
                for v in &item.values {
                    if let Some((_, cat)) = SYSMON_CATEGORIES
                        .iter()
                        .find(|(id, _)| *id == v.text.trim())
                    {
                        sink.report(
                            &CHECK.meta,
                            v.span,
                            format!(
                                "Sysmon event {} has the generic category `{cat}`: use `category: {cat}` instead of `service: sysmon`",
                                v.text.trim()
                            ),
                        );
                    }
                }
            }
        }
    }
}
