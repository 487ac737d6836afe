//! # DL120 sigma-filename-prefix
//!
//! The file name does not start with the prefix SigmaHQ uses for the rule's log source
//! (`proc_creation_win_` for Windows `process_creation`, `posh_ps_` for `ps_script`,
//! `win_security_` for the Windows `security` service, …; otherwise the product's prefix:
//! `win_`, `lnx_`, `macos_`, `aws_`, `azure_`, `gcp_`, `github_`, `microsoft365_`, `okta_`,
//! `onelogin_`). The prefix is how maintainers find every rule of one log source. Log sources
//! without a known prefix, files that combine detections with a correlation, and files that are
//! not in a sub-folder of a `rules` or `rules-*` folder (a SigmaHQ-style tree such as
//! `rules/windows/…`) are not checked. SigmaHQ's own
//! CI leaves this check off; it is informational.
//!
//! **Example**: `certutil_download.yml` with `category: process_creation`, `product: windows`.
//! **Fix**: rename to `proc_creation_win_certutil_download.yml`.
//!
//! Aliases: pySigma-validators-sigmaHQ `sigmahq_filename_prefix`.

use super::sigma_fielddata::logsource_key;
use super::{Check, CheckMeta, FileCtx, Run, Sink};
use crate::diagnostic::Severity;
use crate::model::{RuleKind, Span};

pub static CHECK: Check = Check {
    meta: CheckMeta {
        code: "DL120",
        name: "sigma-filename-prefix",
        severity: Severity::Info,
        formats: &[crate::model::Format::Sigma],
        aliases: &["sigmahq_filename_prefix"],
        summary: "the file name does not start with the SigmaHQ prefix of its log source",
        fixable: false,
        source: file!(),
    },
    run: Run::File(run),
};

/// (product, category, service, prefixes) — `""` for absent keys.
const PREFIXES: &[(&str, &str, &str, &[&str])] = &[
    ("azure", "", "pim", &["azure_pim_"]),
    (
        "windows",
        "create_remote_thread",
        "",
        &["create_remote_thread_win"],
    ),
    (
        "windows",
        "create_stream_hash",
        "",
        &["create_stream_hash_"],
    ),
    ("windows", "dns_query", "", &["dns_query_win_"]),
    ("windows", "driver_load", "", &["driver_load_win_"]),
    ("windows", "file_access", "", &["file_access_win_"]),
    ("windows", "file_change", "", &["file_change_win_"]),
    ("windows", "file_delete", "", &["file_delete_win_"]),
    ("linux", "file_event", "", &["file_event_lnx_"]),
    ("macos", "file_event", "", &["file_event_macos_"]),
    ("windows", "file_event", "", &["file_event_win_"]),
    (
        "windows",
        "file_executable_detected",
        "",
        &["file_executable_detected_win_"],
    ),
    ("windows", "file_rename", "", &["file_rename_win_"]),
    ("windows", "image_load", "", &["image_load_"]),
    ("linux", "", "auditd", &["lnx_auditd_"]),
    ("linux", "", "modsecurity", &["modsec_"]),
    ("linux", "network_connection", "", &["net_connection_lnx_"]),
    (
        "macos",
        "network_connection",
        "",
        &["net_connection_macos_"],
    ),
    (
        "windows",
        "network_connection",
        "",
        &["net_connection_win_"],
    ),
    ("", "firewall", "", &["net_firewall_"]),
    ("windows", "pipe_created", "", &["pipe_created_"]),
    ("windows", "", "powershell-classic", &["posh_pc_"]),
    ("windows", "ps_classic_provider_start", "", &["posh_pc_"]),
    ("windows", "ps_classic_start", "", &["posh_pc_"]),
    ("windows", "ps_module", "", &["posh_pm_"]),
    ("windows", "ps_script", "", &["posh_ps_"]),
    ("windows", "process_access", "", &["proc_access_win_"]),
    ("linux", "process_creation", "", &["proc_creation_lnx_"]),
    ("macos", "process_creation", "", &["proc_creation_macos_"]),
    ("windows", "process_creation", "", &["proc_creation_win_"]),
    ("windows", "process_tampering", "", &["proc_tampering_"]),
    ("windows", "raw_access_thread", "", &["raw_access_thread_"]),
    ("windows", "registry_add", "", &["registry_add_"]),
    ("windows", "registry_delete", "", &["registry_delete_"]),
    ("windows", "registry_event", "", &["registry_event_"]),
    ("windows", "registry_rename", "", &["registry_rename_"]),
    ("windows", "registry_set", "", &["registry_set_"]),
    ("windows", "", "sysmon", &["sysmon_"]),
    ("windows", "sysmon_error", "", &["sysmon_"]),
    ("windows", "sysmon_status", "", &["sysmon_"]),
    ("windows", "wmi_event", "", &["sysmon_wmi_"]),
    ("", "webserver", "", &["web_"]),
    ("windows", "", "applocker", &["win_applocker_"]),
    ("windows", "", "bitlocker", &["win_bitlocker_"]),
    ("windows", "", "bits-client", &["win_bits_client_"]),
    ("windows", "", "capi2", &["win_capi2_"]),
    (
        "windows",
        "",
        "codeintegrity-operational",
        &["win_codeintegrity_"],
    ),
    ("windows", "", "windefend", &["win_defender_"]),
    (
        "windows",
        "",
        "diagnosis-scripted",
        &["win_diagnosis_scripted_"],
    ),
    ("windows", "", "dns-server-analytic", &["win_dns_analytic_"]),
    ("windows", "", "msexchange-management", &["win_exchange_"]),
    ("windows", "", "firewall-as", &["win_firewall_as_"]),
    ("windows", "", "security", &["win_security_"]),
    ("windows", "", "system", &["win_system_"]),
    ("windows", "", "taskscheduler", &["win_taskscheduler_"]),
    (
        "windows",
        "",
        "terminalservices-localsessionmanager",
        &["win_terminalservices_"],
    ),
    ("windows", "", "wmi", &["win_wmi_"]),
];

/// Prefixes by product, for log sources without their own entry.
const PRODUCT_PREFIXES: &[(&str, &[&str])] = &[
    ("aws", &["aws_"]),
    ("azure", &["azure_"]),
    ("gcp", &["gcp_"]),
    ("github", &["github_"]),
    ("linux", &["lnx_"]),
    ("m365", &["microsoft365_"]),
    ("macos", &["macos_"]),
    ("okta", &["okta_"]),
    ("onelogin", &["onelogin_"]),
    ("windows", &["win_"]),
];

fn run(ctx: &FileCtx, sink: &mut Sink) {
    let Some(name) = ctx.file.path.file_name().and_then(|n| n.to_str()) else {
        return;
    };
    // a SigmaHQ naming convention: only for files in a SigmaHQ-style tree, i.e. inside a
    // sub-folder (`windows/`, `2024/`, …) of a `rules` / `rules-*` folder
    let in_rules_tree = ctx
        .file
        .path
        .parent()
        .and_then(|dir| dir.parent())
        .is_some_and(|grand| {
            grand.components().any(|c| {
                c.as_os_str()
                    .to_str()
                    .is_some_and(|n| n == "rules" || n.starts_with("rules-"))
            })
        });
    if !in_rules_tree {
        return;
    }
    let Some((pd, doc, root)) = ctx.sigma_docs().next() else {
        return;
    };
    // files that combine detections with a correlation may mix log sources
    if pd.rule.kind != RuleKind::Detection
        || ctx
            .file
            .docs
            .iter()
            .any(|d| d.rule.kind == RuleKind::Correlation)
    {
        return;
    }
    let (kp, kc, ks) = logsource_key(&doc.logsource);
    let key = (kp.as_str(), kc.as_str(), ks.as_str());
    let prefixes = match PREFIXES.iter().find(|(p, c, s, _)| (*p, *c, *s) == key) {
        Some((_, _, _, p)) => *p,
        None => match PRODUCT_PREFIXES.iter().find(|(p, _)| *p == key.0) {
            Some((_, p)) => *p,
            None => return,
        },
    };
    if prefixes.iter().any(|p| name.starts_with(p)) {
        return;
    }
    let at = root
        .entry("logsource")
        .map(|(k, _)| k.span)
        .unwrap_or(Span::point(0));
    sink.report(
        &CHECK.meta,
        at,
        format!(
            "the file name `{name}` does not start with `{}`, the prefix of this log source",
            prefixes[0]
        ),
    );
}
