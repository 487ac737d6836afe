//! Event kinds of an Elastic rule: from EQL event categories, from `event.category` (and a few
//! `event.action`) filters, and — only when the query says nothing — from index patterns.

use crate::model::{Expr, Op};

/// The event kind of an ECS `event.category` value or EQL event category.
pub fn category_kind(category: &str) -> Option<&'static str> {
    Some(match category.to_ascii_lowercase().as_str() {
        "process" => "process_creation",
        "network" => "network_connection",
        "file" => "file_event",
        "registry" => "registry_event",
        "dns" => "dns_query",
        "library" => "image_load",
        "driver" => "driver_load",
        "authentication" => "authentication",
        "iam" => "iam",
        "configuration" => "configuration",
        "session" => "session",
        "web" => "web",
        "email" => "email",
        "api" => "cloud_api",
        "package" => "package",
        "database" => "database",
        "host" => "host",
        "intrusion_detection" => "intrusion_detection",
        "malware" => "malware",
        "threat" => "threat",
        "vulnerability" => "vulnerability",
        _ => return None,
    })
}

/// Whether `s` is an ECS `event.category` allowed value (or the EQL `any`).
pub fn is_known_category(s: &str) -> bool {
    category_kind(s).is_some() && s != "dns"
}

/// The event kind implied by an `event.action` value (only unambiguous ones).
fn action_kind(action: &str) -> Option<&'static str> {
    Some(match action {
        "exec" | "fork" | "start" | "process_started" | "executed" | "ProcessRollup2" => {
            "process_creation"
        }
        "connection_attempted" | "connection_accepted" | "network_flow" => "network_connection",
        "lookup_requested" | "lookup_result" => "dns_query",
        "load" => "image_load",
        _ if action.starts_with("Process Create") => "process_creation",
        _ if action.starts_with("Network connection") => "network_connection",
        _ if action.starts_with("File created") => "file_event",
        _ if action.starts_with("Registry value set") => "registry_event",
        _ if action.starts_with("Dns query") => "dns_query",
        _ if action.starts_with("Image loaded") => "image_load",
        _ => return None,
    })
}

/// The event kind implied by an index pattern.
pub fn index_kind(index: &str) -> Option<&'static str> {
    let i = index.to_ascii_lowercase();
    let pairs: [(&str, &str); 18] = [
        ("logs-endpoint.events.process", "process_creation"),
        ("logs-endpoint.events.network", "network_connection"),
        ("logs-endpoint.events.file", "file_event"),
        ("logs-endpoint.events.registry", "registry_event"),
        ("logs-endpoint.events.library", "image_load"),
        ("logs-endpoint.events.api", "api_call"),
        ("logs-aws.cloudtrail", "cloud_api"),
        ("logs-azure.activitylogs", "cloud_api"),
        ("logs-gcp", "cloud_api"),
        ("logs-azure.signinlogs", "authentication"),
        ("logs-okta", "authentication"),
        ("logs-o365.audit", "cloud_api"),
        ("logs-azure.auditlogs", "iam"),
        ("logs-azure.graphactivitylogs", "cloud_api"),
        ("logs-google_workspace", "cloud_api"),
        ("logs-kubernetes.audit_logs", "cloud_api"),
        ("logs-github.audit", "cloud_api"),
        ("logs-system.auth", "authentication"),
    ];
    pairs
        .iter()
        .find(|(p, _)| i.starts_with(p))
        .map(|(_, k)| *k)
}

/// Event kinds from positive `event.category` / `event.action` predicates of an expression.
pub fn from_expr(e: &Expr, out: &mut Vec<String>) {
    let mut cats = Vec::new();
    let mut acts = Vec::new();
    e.for_each_predicate(&mut |p, neg| {
        if neg || !matches!(p.op, Op::Eq | Op::In | Op::Match) {
            return;
        }
        let Some(f) = &p.field else { return };
        match f.value.as_str() {
            "event.category" => cats.extend(p.values.iter().filter_map(|v| category_kind(&v.text))),
            "event.action" => acts.extend(p.values.iter().filter_map(|v| action_kind(&v.text))),
            _ => {}
        }
    });
    let chosen = if cats.is_empty() { acts } else { cats };
    for k in chosen {
        push(out, k);
    }
}

/// Push a kind once.
pub fn push(out: &mut Vec<String>, k: &str) {
    if !out.iter().any(|x| x == k) {
        out.push(k.to_string());
    }
}
