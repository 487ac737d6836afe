//! The event-kind taxonomy: Sigma's logsource categories as the backbone, extended for cloud,
//! identity and SaaS events, with the spellings front ends produce mapped onto it.

/// Canonical event kinds with a one-line description.
pub const EVENT_KINDS: &[(&str, &str)] = &[
    ("process_creation", "a process started"),
    ("process_access", "a process opened another process"),
    ("process_termination", "a process ended"),
    (
        "create_remote_thread",
        "a thread was created in another process",
    ),
    ("network_connection", "a network connection or flow"),
    ("dns_query", "a DNS query or answer"),
    (
        "file_event",
        "a file was created, modified, renamed or deleted",
    ),
    ("file_access", "a file was read"),
    ("registry_event", "a registry key or value changed"),
    ("image_load", "a DLL or shared library was loaded"),
    ("driver_load", "a kernel driver was loaded"),
    ("pipe_created", "a named pipe was created or connected"),
    ("wmi_event", "a WMI event subscription"),
    ("ps_script", "PowerShell script block or module logging"),
    (
        "authentication",
        "a logon, sign-in or authentication attempt",
    ),
    (
        "iam",
        "identity and access management: users, groups, roles, policies",
    ),
    ("cloud_api", "a cloud control-plane API call"),
    (
        "saas_activity",
        "activity in a SaaS application (M365, GitHub, Google Workspace, …)",
    ),
    ("email", "an e-mail message event"),
    ("web", "an HTTP request to a web server or proxy"),
    ("firewall", "a firewall or network device event"),
    ("service", "a service was installed or changed"),
    ("scheduled_task", "a scheduled task or cron job"),
    ("alert", "an alert raised by another product"),
    ("antivirus", "an antivirus or EDR detection"),
    ("kubernetes", "a Kubernetes audit event"),
    (
        "os_log",
        "an operating-system log line (syslog, auditd, Windows event log service)",
    ),
    ("application", "an application log"),
];

/// Aliases of event kinds as front ends and vendors spell them.
const ALIASES: &[(&str, &str)] = &[
    ("process", "process_creation"),
    ("process_start", "process_creation"),
    ("network", "network_connection"),
    ("network_traffic", "network_connection"),
    ("dns", "dns_query"),
    ("file", "file_event"),
    ("file_change", "file_event"),
    ("file_delete", "file_event"),
    ("file_rename", "file_event"),
    ("file_executable_detected", "file_event"),
    ("file_block_executable", "file_event"),
    ("file_block_shredding", "file_event"),
    ("create_stream_hash", "file_event"),
    ("registry", "registry_event"),
    ("registry_set", "registry_event"),
    ("registry_add", "registry_event"),
    ("registry_delete", "registry_event"),
    ("registry_rename", "registry_event"),
    ("library", "image_load"),
    ("dll", "image_load"),
    ("driver", "driver_load"),
    ("ps_module", "ps_script"),
    ("ps_classic_start", "ps_script"),
    ("ps_classic_provider_start", "ps_script"),
    ("ps_classic_script", "ps_script"),
    ("logon", "authentication"),
    ("webserver", "web"),
    ("proxy", "web"),
    ("raw_access_thread", "file_access"),
    ("raw_access_read", "file_access"),
    ("sysmon_status", "os_log"),
    ("sysmon_error", "os_log"),
    ("process_tampering", "process_access"),
];

/// The canonical event kind of `kind`, if it is one or an alias of one.
pub fn canonical_event_kind(kind: &str) -> Option<&'static str> {
    let k = kind.trim().to_ascii_lowercase();
    if let Some((c, _)) = EVENT_KINDS.iter().find(|(c, _)| *c == k) {
        return Some(c);
    }
    if let Some((_, c)) = ALIASES.iter().find(|(a, _)| *a == k) {
        return Some(c);
    }
    let svc = k.strip_prefix("service:")?;
    Some(match svc {
        "sshd" | "auth" => "authentication",
        "security" | "system" | "application" | "sysmon" | "auditd" | "syslog" | "sudo" => "os_log",
        "cloudtrail" | "activitylogs" | "gcp.audit" | "audit" => "cloud_api",
        "signinlogs" | "okta" | "onelogin.events" | "duo" | "google_workspace.login" => {
            "authentication"
        }
        "auditlogs" | "pim" | "riskdetection" | "google_workspace.admin" => "iam",
        "threat_management" | "windefend" => "antivirus",
        "taskscheduler" => "scheduled_task",
        "powershell" | "powershell-classic" => "ps_script",
        "dns-client" | "dns-server" | "dns-server-analytic" | "dns" => "dns_query",
        "http" => "web",
        "firewall-as" => "firewall",
        _ => "os_log",
    })
}

/// One fallback entry of `rules/event_kinds.toml`.
#[derive(Debug, serde::Deserialize)]
struct FallbackEntry {
    when: std::collections::HashMap<String, Vec<String>>,
    kind: String,
}

#[derive(Debug, serde::Deserialize)]
struct FallbackFile {
    kind: Vec<FallbackEntry>,
}

fn pattern_match(pattern: &str, value: &str) -> bool {
    let (p, v) = (pattern.to_ascii_lowercase(), value.to_ascii_lowercase());
    match (p.strip_prefix('*'), p.strip_suffix('*')) {
        _ if p == "*" => true,
        (Some(suffix), _) if !suffix.ends_with('*') => v.ends_with(suffix),
        (_, Some(prefix)) => v.starts_with(prefix),
        _ => p == v,
    }
}

/// The fallback event kind for a rule whose front end found none, from `rules/event_kinds.toml`.
pub fn fallback_event_kind(context: &[(String, String)]) -> Option<&'static str> {
    static TABLE: std::sync::OnceLock<Vec<FallbackEntry>> = std::sync::OnceLock::new();
    let table = TABLE.get_or_init(|| {
        toml::from_str::<FallbackFile>(include_str!("../../../rules/event_kinds.toml"))
            .map(|f| f.kind)
            .unwrap_or_else(|e| {
                tracing::error!("rules/event_kinds.toml: {e}");
                Vec::new()
            })
    });
    table
        .iter()
        .find(|e| {
            e.when.iter().all(|(k, pats)| {
                context.iter().any(|(ck, cv)| {
                    ck.eq_ignore_ascii_case(k) && pats.iter().any(|p| pattern_match(p, cv))
                })
            })
        })
        .and_then(|e| canonical_event_kind(&e.kind))
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn fallback_table_parses_and_matches() {
        let ctx = vec![("table".to_string(), "SentinelOne_CL".to_string())];
        assert_eq!(fallback_event_kind(&ctx), Some("antivirus"));
        let ctx = vec![("table".to_string(), "Foo_CL".to_string())];
        assert_eq!(fallback_event_kind(&ctx), Some("application"));
        assert_eq!(fallback_event_kind(&[]), None);
    }
}
