//! Sentinel / Defender tables: the known names (`rules/sentinel_tables.txt`), their event kinds,
//! and the ASIM parser functions (`imProcessCreate`, `_Im_Dns`, `_ASim_NetworkSession`, …).

use std::collections::HashMap;
use std::sync::OnceLock;

/// The table list: one table per line, `Name [event_kind[,event_kind…]]`, `#` comments.
const DATA: &str = include_str!("../../../../rules/sentinel_tables.txt");

struct Table {
    name: &'static str,
    /// Comma-separated event kinds (`None`: no kind).
    kind: Option<&'static str>,
}

fn index() -> &'static HashMap<String, Table> {
    static INDEX: OnceLock<HashMap<String, Table>> = OnceLock::new();
    INDEX.get_or_init(|| {
        let mut m = HashMap::new();
        for line in DATA.lines() {
            let line = line.split('#').next().unwrap_or("").trim();
            let mut it = line.split_whitespace();
            let Some(name) = it.next() else { continue };
            let kind = it.next().filter(|k| *k != "-");
            m.insert(name.to_ascii_lowercase(), Table { name, kind });
        }
        m
    })
}

/// Every known table name, as spelled in the data file.
pub fn known_tables() -> impl Iterator<Item = &'static str> {
    index().values().map(|t| t.name)
}

/// Whether `name` is a known table (case-insensitively: Kusto table names are case-sensitive,
/// see [`canonical_name`] for the spelling), an ASIM function, or a wildcard matching a known table.
pub fn is_known(name: &str) -> bool {
    if name.contains('*') {
        return index().values().any(|t| glob(name, t.name)) || asim_schema(name).is_some();
    }
    index().contains_key(&name.to_ascii_lowercase()) || asim_schema(name).is_some()
}

/// The spelling of a known table whose name differs from `name` only in case.
pub fn canonical_name(name: &str) -> Option<&'static str> {
    index().get(&name.to_ascii_lowercase()).map(|t| t.name)
}

/// Case-insensitive `*` glob.
fn glob(pattern: &str, name: &str) -> bool {
    let p = pattern.to_ascii_lowercase();
    let n = name.to_ascii_lowercase();
    let parts: Vec<&str> = p.split('*').collect();
    let mut pos = 0;
    for (i, part) in parts.iter().enumerate() {
        if part.is_empty() {
            continue;
        }
        if i == 0 {
            if !n.starts_with(part) {
                return false;
            }
            pos = part.len();
        } else if i == parts.len() - 1 {
            return n.len() >= pos + part.len() && n.ends_with(part);
        } else {
            match n[pos..].find(part) {
                Some(j) => pos += j + part.len(),
                None => return false,
            }
        }
    }
    true
}

/// The ASIM schema of a parser function name (`imProcessCreate` → `ProcessCreate`,
/// `_Im_Dns_Native` → `Dns`, `_ASim_NetworkSession` → `NetworkSession`).
pub fn asim_schema(name: &str) -> Option<&'static str> {
    const SCHEMAS: [&str; 15] = [
        "ProcessCreate",
        "ProcessEvent",
        "ProcessTerminate",
        "NetworkSession",
        "WebSession",
        "Dns",
        "Authentication",
        "FileEvent",
        "RegistryEvent",
        "Registry",
        "AuditEvent",
        "UserManagement",
        "Dhcp",
        "AlertEvent",
        "Process",
    ];
    let lower = name.to_ascii_lowercase();
    let rest = ["_im_", "_asim_", "asim", "im", "vim", "_vim_"]
        .iter()
        .find_map(|p| lower.strip_prefix(p))?;
    let rest = rest.trim_start_matches('_');
    SCHEMAS
        .iter()
        .find(|s| rest.starts_with(&s.to_ascii_lowercase()))
        .copied()
}

fn asim_kind(schema: &str) -> &'static str {
    match schema {
        "ProcessCreate" | "ProcessEvent" | "Process" => "process_creation",
        "ProcessTerminate" => "process_termination",
        "NetworkSession" => "network_connection",
        "WebSession" => "proxy",
        "Dns" => "dns_query",
        "Authentication" => "authentication",
        "FileEvent" => "file_event",
        "RegistryEvent" | "Registry" => "registry_event",
        "UserManagement" | "AuditEvent" => "iam",
        "Dhcp" => "dhcp",
        _ => "alert",
    }
}

/// The ASIM field filtered by a parser parameter (`domain_has_any` → base `domain` → `DnsQuery`).
pub fn asim_param_field(base: &str) -> Option<&'static str> {
    Some(match base {
        "domain" => "DnsQuery",
        "url" => "Url",
        "srcipaddr" => "SrcIpAddr",
        "dstipaddr" => "DstIpAddr",
        "ipaddr" => "IpAddr",
        "dvcipaddr" => "DvcIpAddr",
        "dstportnumber" => "DstPortNumber",
        "srcportnumber" => "SrcPortNumber",
        "eventresult" => "EventResult",
        "eventresultdetails" => "EventResultDetails",
        "eventtype" => "EventType",
        "responsecodename" => "DnsResponseCodeName",
        "httpuseragent" => "HttpUserAgent",
        "srchostname" => "SrcHostname",
        "dsthostname" => "DstHostname",
        "hostname" => "Hostname",
        "username" => "Username",
        "targetusername" => "TargetUsername",
        "actorusername" => "ActorUsername",
        "commandline" => "CommandLine",
        "actingprocess" => "ActingProcessName",
        "parentprocessname" => "ParentProcessName",
        "targetprocessname" => "TargetProcessName",
        "dvcaction" => "DvcAction",
        "dnsquerytype" | "querytype" => "DnsQueryType",
        "filename" => "TargetFileName",
        "fileextension" => "FileExtension",
        _ => return None,
    })
}

/// Whether the table holds Windows events keyed by `EventID`.
pub fn is_windows_event_table(name: &str) -> bool {
    matches!(
        name.to_ascii_lowercase().as_str(),
        "securityevent" | "windowsevent" | "event"
    )
}

/// The event kind of a Windows event id.
fn windows_event_kind(id: &str) -> &'static str {
    match id.trim() {
        "4688" | "1" => "process_creation",
        "4689" | "5" => "process_termination",
        "4624" | "4625" | "4634" | "4647" | "4648" | "4768" | "4769" | "4771" | "4776" | "4778"
        | "4779" => "authentication",
        "4720" | "4722" | "4723" | "4724" | "4725" | "4726" | "4727" | "4728" | "4729" | "4730"
        | "4731" | "4732" | "4733" | "4734" | "4735" | "4737" | "4738" | "4740" | "4754"
        | "4755" | "4756" | "4757" | "4758" | "4767" | "4781" => "iam",
        "4656" | "4658" | "4660" | "4663" | "4670" | "11" | "23" | "26" => "file_event",
        "4657" | "12" | "13" | "14" => "registry_event",
        "5156" | "5157" | "5158" | "3" => "network_connection",
        "4697" | "7045" => "service_creation",
        "4698" | "4699" | "4700" | "4701" | "4702" => "scheduled_task",
        "7" => "image_load",
        "22" => "dns_query",
        "1102" | "104" => "log_cleared",
        _ => "windows_event",
    }
}

/// The event kinds of a table (given the `EventID`s a Windows event table is filtered on).
pub fn event_kinds(table: &str, event_ids: &[String]) -> Vec<&'static str> {
    if is_windows_event_table(table) && !event_ids.is_empty() {
        let mut out: Vec<&'static str> = Vec::new();
        for id in event_ids {
            let k = windows_event_kind(id);
            if !out.contains(&k) {
                out.push(k);
            }
        }
        return out;
    }
    if table.contains('*') && table.trim_matches('*').len() >= 3 {
        // `union Device*`: the kinds of every known table the pattern matches
        let mut names: Vec<&Table> = index().values().filter(|t| glob(table, t.name)).collect();
        names.sort_by_key(|t| t.name);
        let mut out: Vec<&'static str> = Vec::new();
        for t in names {
            for k in t.kind.into_iter().flat_map(|k| k.split(',')) {
                if !k.is_empty() && !out.contains(&k) {
                    out.push(k);
                }
            }
        }
        return out;
    }
    if let Some(t) = index().get(&table.to_ascii_lowercase()) {
        return t
            .kind
            .map(|k| k.split(',').filter(|x| !x.is_empty()).collect())
            .unwrap_or_default();
    }
    asim_schema(table).map(asim_kind).into_iter().collect()
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn kinds() {
        assert_eq!(
            event_kinds("DeviceProcessEvents", &[]),
            vec!["process_creation"]
        );
        assert_eq!(
            event_kinds("SecurityEvent", &["4624".into(), "4688".into()]),
            vec!["authentication", "process_creation"]
        );
        assert_eq!(event_kinds("_Im_Dns", &[]), vec!["dns_query"]);
        assert_eq!(
            event_kinds("CommonSecurityLog", &[]),
            vec!["network_connection", "firewall"]
        );
        assert_eq!(
            event_kinds("imProcessCreate", &[]),
            vec!["process_creation"]
        );
        assert!(is_known("Device*Events"));
        let k = event_kinds("DeviceN*Events", &[]);
        assert_eq!(k, vec!["network_connection"]);
        assert!(is_known("signinlogs"));
        assert!(!is_known("SigninLog"));
        assert!(glob("*Events", "DeviceEvents"));
        let names: Vec<&str> = DATA
            .lines()
            .filter_map(|l| l.split('#').next()?.split_whitespace().next())
            .collect();
        assert_eq!(
            names.len(),
            index().len(),
            "duplicate table names in the data file"
        );
        assert!(!glob("Dev*x", "DeviceEvents"));
    }
}
