//! # DL216 sigma-redundant-field
//!
//! A Windows rule with a generic `category` also selects what the category already implies:
//! - `EventID` in a category that stands for specific events (`process_creation`,
//!   `file_event`, `registry_set`, `ps_script`, …) — the backend's pipeline adds the right
//!   event ids for each telemetry source; a hard-coded Sysmon `EventID: 1` breaks the rule for
//!   Security 4688 or EDR data;
//! - `Provider_Name` with the provider the category implies (`Microsoft-Windows-Sysmon` for
//!   `image_load`, `Microsoft-Windows-PowerShell` for `ps_script`).
//!
//! **Example**: `category: process_creation` with `EventID: 1`.
//! **Fix**: remove the item.
//!
//! Aliases: pySigma-validators-sigmaHQ `sigmahq_category_event_id`,
//! `sigmahq_category_windows_provider_name`, `sigmahq_redundant_field`.

use super::{Check, CheckMeta, FileCtx, Run, Sink};
use crate::diagnostic::{Severity, Tag};
use crate::formats::sigma::SelectionBody;

pub static CHECK: Check = Check {
    meta: CheckMeta {
        code: "DL216",
        name: "sigma-redundant-field",
        severity: Severity::Warning,
        formats: &[crate::model::Format::Sigma],
        aliases: &[
            "sigmahq_category_event_id",
            "sigmahq_category_windows_provider_name",
            "sigmahq_redundant_field",
        ],
        summary:
            "`EventID` or `Provider_Name` restates what the Windows logsource category implies",
        fixable: false,
        source: file!(),
    },
    run: Run::File(run),
};

/// Windows categories whose events are fixed by the category.
const NO_EVENTID: &[&str] = &[
    "clipboard_capture",
    "create_remote_thread",
    "create_stream_hash",
    "dns_query",
    "driver_load",
    "file_access",
    "file_change",
    "file_delete",
    "file_event",
    "image_load",
    "network_connection",
    "pipe_created",
    "process_access",
    "process_creation",
    "process_tampering",
    "process_termination",
    "ps_classic_provider_start",
    "ps_classic_script",
    "ps_classic_start",
    "ps_module",
    "ps_script",
    "raw_access_thread",
    "registry_add",
    "registry_delete",
    "registry_rename",
    "registry_set",
    "sysmon_error",
    "sysmon_status",
];

const SYSMON: &[&str] = &["Microsoft-Windows-Sysmon"];
const PS: &[&str] = &["Microsoft-Windows-PowerShell"];
const PSC: &[&str] = &["PowerShell"];

/// The providers a Windows category implies.
fn providers(category: &str) -> &'static [&'static str] {
    match category {
        "network_connection" => &["Microsoft-Windows-Sysmon", "Microsoft-Windows-TCPIP"],
        "process_access" => &[
            "Microsoft-Windows-Kernel-Audit-API-Calls",
            "Microsoft-Windows-Sysmon",
        ],
        "process_creation" => &[
            "Microsoft-Windows-Kernel-Process",
            "Microsoft-Windows-Security-Auditing",
            "Microsoft-Windows-Sysmon",
            "SystemTraceProvider-Process",
        ],
        "ps_classic_provider_start" | "ps_classic_script" | "ps_classic_start" => PSC,
        "ps_module" | "ps_script" => PS,
        "clipboard_capture"
        | "create_remote_thread"
        | "create_stream_hash"
        | "dns_query"
        | "driver_load"
        | "file_access"
        | "file_change"
        | "file_delete"
        | "file_event"
        | "image_load"
        | "pipe_created"
        | "process_tampering"
        | "process_termination"
        | "raw_access_thread"
        | "registry_add"
        | "registry_delete"
        | "registry_event"
        | "registry_rename"
        | "registry_set"
        | "sysmon_error"
        | "sysmon_status"
        | "wmi_event" => SYSMON,
        _ => &[],
    }
}

fn run(ctx: &FileCtx, sink: &mut Sink) {
    for (_, doc, _) in ctx.sigma_docs() {
        let get = |k: &str| {
            doc.logsource
                .iter()
                .find(|(key, _, _)| key == k)
                .map(|(_, v, _)| v.as_str())
        };
        if get("product") != Some("windows") || get("service").is_some() {
            continue;
        }
        let Some(category) = get("category") else {
            continue;
        };
        let implied = providers(category);
        for sel in &doc.selections {
            let SelectionBody::Fields(groups) = &sel.body else {
                continue;
            };
            for item in groups.iter().flatten() {
                let f = item.field.value.as_str();
                if f == "EventID" && NO_EVENTID.contains(&category) {
                    sink.report(
                        &CHECK.meta,
                        item.field.span,
                        format!("`category: {category}` already fixes the events: `EventID` ties the rule to one telemetry source"),
                    )
                    .tags
                    .push(Tag::Unnecessary);
                } else if f == "Provider_Name"
                    && !implied.is_empty()
                    && !item.values.is_empty()
                    && item
                        .values
                        .iter()
                        .all(|v| implied.contains(&v.text.as_str()))
                {
                    sink.report(
                        &CHECK.meta,
                        item.field.span,
                        format!("`category: {category}` already implies this `Provider_Name`"),
                    )
                    .tags
                    .push(Tag::Unnecessary);
                }
            }
        }
    }
}
