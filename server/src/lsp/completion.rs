//! Completion for Sigma rules, from the text around the cursor (works on half-typed,
//! unparseable YAML): top-level keys, `logsource` keys and common values, modifiers after `|`,
//! selection names in `condition`, ATT&CK tag prefixes, `status` and `level` values.

use super::text::Snapshot;
use crate::formats::sigma::modifiers::MODIFIERS;
use crate::model::Span;
use tower_lsp_server::ls_types::{
    CompletionItem, CompletionItemKind, CompletionTextEdit, Documentation, TextEdit,
};

/// `logsource.product` values common in the public corpus.
pub const PRODUCTS: &[&str] = &[
    "windows",
    "linux",
    "macos",
    "aws",
    "azure",
    "gcp",
    "m365",
    "okta",
    "github",
    "google_workspace",
    "onelogin",
    "cisco",
    "zeek",
    "fortios",
    "paloalto",
    "kubernetes",
    "jvm",
    "python",
    "nodejs",
    "django",
    "rpc_firewall",
    "opencanary",
    "bitbucket",
];

/// `logsource.category` values of the Sigma taxonomy.
pub const CATEGORIES: &[&str] = &[
    "process_creation",
    "network_connection",
    "dns_query",
    "file_event",
    "file_change",
    "file_delete",
    "file_rename",
    "file_access",
    "file_executable_detected",
    "registry_event",
    "registry_add",
    "registry_set",
    "registry_delete",
    "registry_rename",
    "image_load",
    "driver_load",
    "pipe_created",
    "create_remote_thread",
    "process_access",
    "process_termination",
    "process_tampering",
    "raw_access_thread",
    "create_stream_hash",
    "ps_script",
    "ps_module",
    "ps_classic_start",
    "ps_classic_provider_start",
    "ps_classic_script",
    "wmi_event",
    "clipboard_capture",
    "sysmon_status",
    "sysmon_error",
    "antivirus",
    "application",
    "firewall",
    "dns",
    "proxy",
    "webserver",
    "database",
];

/// `logsource.service` values common in the public corpus.
pub const SERVICES: &[&str] = &[
    "security",
    "system",
    "sysmon",
    "powershell",
    "powershell-classic",
    "application",
    "taskscheduler",
    "wmi",
    "windefend",
    "dns-server",
    "driver-framework",
    "firewall-as",
    "bits-client",
    "codeintegrity-operational",
    "applocker",
    "ntlm",
    "printservice",
    "terminalservices-localsessionmanager",
    "cloudtrail",
    "activitylogs",
    "auditlogs",
    "signinlogs",
    "riskdetection",
    "gcp.audit",
    "auditd",
    "syslog",
    "sshd",
    "sudo",
    "cron",
    "audit",
    "okta",
    "threat_management",
];

/// ATT&CK tactic tag names (Sigma spelling).
pub const TACTICS: &[&str] = &[
    "reconnaissance",
    "resource_development",
    "initial_access",
    "execution",
    "persistence",
    "privilege_escalation",
    "defense_evasion",
    "credential_access",
    "discovery",
    "lateral_movement",
    "collection",
    "command_and_control",
    "exfiltration",
    "impact",
];

const STATUS: &[&str] = &[
    "stable",
    "test",
    "experimental",
    "deprecated",
    "unsupported",
];
const LEVELS: &[&str] = &["informational", "low", "medium", "high", "critical"];
const LOGSOURCE_KEYS: &[&str] = &["product", "category", "service", "definition"];
const CONDITION_WORDS: &[&str] = &["and", "or", "not", "1 of", "all of", "them"];

/// Whether completion applies: a Sigma rule, or a YAML file whose format is not known yet (a
/// new, empty or half-typed rule).
pub fn is_sigma_like(path: &std::path::Path, text: &str) -> bool {
    use crate::source::sniff::{detect, FileKind};
    let yaml = path
        .extension()
        .and_then(|e| e.to_str())
        .is_some_and(|e| e.eq_ignore_ascii_case("yml") || e.eq_ignore_ascii_case("yaml"));
    match detect(path, text) {
        FileKind::Rule(crate::model::Format::Sigma) => true,
        FileKind::Other => yaml,
        _ => false,
    }
}

fn is_word(b: u8) -> bool {
    b.is_ascii_alphanumeric() || matches!(b, b'_' | b'-' | b'.' | b'*')
}

fn indent_of(line: &str) -> usize {
    line.len() - line.trim_start_matches(' ').len()
}

/// The key of a `key:` line (without list dash), if any.
fn key_of(line: &str) -> Option<&str> {
    let t = line.trim_start();
    let t = t.strip_prefix("- ").unwrap_or(t);
    if t.starts_with('#') {
        return None;
    }
    let i = t.find(':')?;
    Some(t[..i].trim().trim_matches(['"', '\'']))
}

/// Keys of the enclosing mappings, innermost first, for the line at `line_start`.
fn parents(text: &str, line_start: usize, indent: usize) -> Vec<String> {
    let mut out = Vec::new();
    let mut want = indent;
    for line in text[..line_start].lines().rev() {
        if want == 0 {
            break;
        }
        if line.trim().is_empty() || line.trim_start().starts_with('#') {
            continue;
        }
        let ind = indent_of(line);
        if ind < want {
            if let Some(k) = key_of(line) {
                out.push(k.to_string());
            }
            want = ind;
        }
    }
    out
}

/// Selection names under `detection:` (keys one level below it, except condition/timeframe).
pub fn selection_names(text: &str) -> Vec<String> {
    let mut out = Vec::new();
    let mut inside = false;
    let mut level: Option<usize> = None;
    for line in text.lines() {
        if line.trim().is_empty() || line.trim_start().starts_with('#') {
            continue;
        }
        let ind = indent_of(line);
        if ind == 0 {
            inside = key_of(line) == Some("detection");
            level = None;
            continue;
        }
        if !inside {
            continue;
        }
        let l = *level.get_or_insert(ind);
        if ind == l {
            if let Some(k) = key_of(line) {
                if k != "condition" && k != "timeframe" && !k.is_empty() {
                    out.push(k.to_string());
                }
            }
        }
    }
    out
}

fn item(
    label: &str,
    kind: CompletionItemKind,
    detail: Option<&str>,
    insert: String,
    range_span: Span,
    snap: &Snapshot<'_>,
) -> CompletionItem {
    CompletionItem {
        label: label.to_string(),
        kind: Some(kind),
        detail: detail.map(str::to_string),
        documentation: detail.map(|d| Documentation::String(d.to_string())),
        text_edit: Some(CompletionTextEdit::Edit(TextEdit::new(
            snap.range(range_span),
            insert,
        ))),
        ..Default::default()
    }
}

/// Completion items at byte `offset` of `text`.
pub fn complete(text: &str, offset: usize, snap: &Snapshot<'_>) -> Vec<CompletionItem> {
    let offset = crate::source::line_index::floor_char_boundary(text, offset);
    let bytes = text.as_bytes();
    let line_start = text[..offset].rfind(['\n', '\r']).map_or(0, |i| i + 1);
    let prefix = &text[line_start..offset];
    let indent = indent_of(prefix);
    let mut word_start = offset;
    while word_start > line_start && is_word(bytes[word_start - 1]) {
        word_start -= 1;
    }
    let word = &text[word_start..offset];
    let replace = Span::new(word_start, offset);
    let trimmed = prefix.trim_start();
    let is_item = trimmed.starts_with("- ") || trimmed == "-";
    let body = trimmed.strip_prefix("- ").unwrap_or(trimmed);
    let up = parents(text, line_start, indent);
    let parent = up.first().map(String::as_str);
    let mut out = Vec::new();
    let push_values = |out: &mut Vec<CompletionItem>, vals: &[&str], kind| {
        for v in vals.iter().filter(|v| v.starts_with(word)) {
            out.push(item(v, kind, None, v.to_string(), replace, snap));
        }
    };
    // `Field|mod|…` key inside detection: modifiers after the last `|`
    if let Some(bar) = body.rfind('|') {
        if !body[..bar].contains(':') && up.iter().any(|p| p == "detection") {
            let typed = &body[bar + 1..];
            let start = offset - typed.len();
            for m in MODIFIERS.iter().filter(|m| m.name.starts_with(typed)) {
                out.push(item(
                    m.name,
                    CompletionItemKind::OPERATOR,
                    Some(m.summary),
                    m.name.to_string(),
                    Span::new(start, offset),
                    snap,
                ));
            }
            return out;
        }
    }
    if let Some(colon) = body.find(':') {
        // a value
        let key = body[..colon].trim();
        match (parent, key) {
            (Some("logsource"), "product") => {
                push_values(&mut out, PRODUCTS, CompletionItemKind::VALUE)
            }
            (Some("logsource"), "category") => {
                push_values(&mut out, CATEGORIES, CompletionItemKind::VALUE)
            }
            (Some("logsource"), "service") => {
                push_values(&mut out, SERVICES, CompletionItemKind::VALUE)
            }
            (None, "status") => push_values(&mut out, STATUS, CompletionItemKind::ENUM_MEMBER),
            (None, "level") => push_values(&mut out, LEVELS, CompletionItemKind::ENUM_MEMBER),
            (Some("detection"), "condition") => {
                condition_items(text, word, replace, snap, &mut out)
            }
            _ => {}
        }
        return out;
    }
    if is_item {
        match parent {
            Some("tags") => {
                for t in TACTICS {
                    let label = format!("attack.{t}");
                    if label.starts_with(word) {
                        out.push(item(
                            &label,
                            CompletionItemKind::ENUM_MEMBER,
                            Some("ATT&CK tactic"),
                            label.clone(),
                            replace,
                            snap,
                        ));
                    }
                }
                for (label, detail) in [
                    (
                        "attack.t",
                        "ATT&CK technique: attack.t1059, attack.t1059.001",
                    ),
                    ("attack.g", "ATT&CK group: attack.g0016"),
                    ("attack.s", "ATT&CK software: attack.s0002"),
                    ("cve.", "CVE: cve.2021-44228"),
                    (
                        "detection.",
                        "detection.threat-hunting, detection.emerging-threats",
                    ),
                    ("car.", "MITRE CAR: car.2016-04-005"),
                ] {
                    if label.starts_with(word) || word.starts_with(label) {
                        out.push(item(
                            label,
                            CompletionItemKind::MODULE,
                            Some(detail),
                            label.to_string(),
                            replace,
                            snap,
                        ));
                    }
                }
            }
            Some("condition") if up.get(1).map(String::as_str) == Some("detection") => {
                condition_items(text, word, replace, snap, &mut out)
            }
            _ => {}
        }
        return out;
    }
    // a key
    match parent {
        None if indent == 0 => {
            let present: Vec<&str> = text
                .lines()
                .filter(|l| indent_of(l) == 0)
                .filter_map(key_of)
                .collect();
            for k in crate::checks::SIGMA_KNOWN_KEYS
                .iter()
                .filter(|k| k.starts_with(word) && !present.contains(k))
            {
                out.push(item(
                    k,
                    CompletionItemKind::FIELD,
                    None,
                    format!("{k}: "),
                    replace,
                    snap,
                ));
            }
        }
        Some("logsource") => {
            for k in LOGSOURCE_KEYS.iter().filter(|k| k.starts_with(word)) {
                out.push(item(
                    k,
                    CompletionItemKind::FIELD,
                    None,
                    format!("{k}: "),
                    replace,
                    snap,
                ));
            }
        }
        Some("detection") => {
            for k in [
                "condition",
                "selection",
                "filter_main_",
                "filter_optional_",
                "timeframe",
            ] {
                if k.starts_with(word) {
                    out.push(item(
                        k,
                        CompletionItemKind::FIELD,
                        None,
                        format!("{k}: "),
                        replace,
                        snap,
                    ));
                }
            }
        }
        _ => {}
    }
    out
}

fn condition_items(
    text: &str,
    word: &str,
    replace: Span,
    snap: &Snapshot<'_>,
    out: &mut Vec<CompletionItem>,
) {
    let names = selection_names(text);
    for n in names.iter().filter(|n| n.starts_with(word)) {
        out.push(item(
            n,
            CompletionItemKind::VARIABLE,
            Some("selection"),
            n.clone(),
            replace,
            snap,
        ));
    }
    // `filter_*` style patterns for groups sharing a prefix
    let mut prefixes: Vec<String> = names
        .iter()
        .filter_map(|n| n.find('_').map(|i| format!("{}*", &n[..=i])))
        .collect();
    prefixes.sort();
    prefixes.dedup();
    for p in prefixes.iter().filter(|p| p.starts_with(word)) {
        out.push(item(
            p,
            CompletionItemKind::VARIABLE,
            Some("selection pattern (with `1 of` / `all of`)"),
            p.clone(),
            replace,
            snap,
        ));
    }
    for w in CONDITION_WORDS.iter().filter(|w| w.starts_with(word)) {
        out.push(item(
            w,
            CompletionItemKind::KEYWORD,
            None,
            w.to_string(),
            replace,
            snap,
        ));
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::source::{LineIndex, PositionEncoding};

    fn labels(text: &str) -> Vec<String> {
        let off = text.find('§').unwrap_or(text.len());
        let text = text.replace('§', "");
        let lines = LineIndex::new(&text);
        let snap = Snapshot {
            text: &text,
            lines: &lines,
            enc: PositionEncoding::Utf16,
        };
        complete(&text, off, &snap)
            .into_iter()
            .map(|i| i.label)
            .collect()
    }

    #[test]
    fn only_for_sigma_like_files() {
        use std::path::Path;
        assert!(is_sigma_like(Path::new("a.yml"), ""));
        assert!(is_sigma_like(
            Path::new("a.yml"),
            "title: x\nlogsource:\n  product: windows\ndetection:\n  s: {}\n"
        ));
        assert!(!is_sigma_like(Path::new("a.toml"), "[rule]\nquery = 'x'\n"));
        assert!(!is_sigma_like(Path::new("a.json"), "{}"));
    }

    #[test]
    fn contexts() {
        assert!(labels("title: x\nref§").contains(&"references".to_string()));
        assert!(!labels("title: x\nti§").contains(&"title".to_string()));
        assert!(labels("logsource:\n    product: win§").contains(&"windows".to_string()));
        assert!(labels("logsource:\n    category: process_c§")
            .contains(&"process_creation".to_string()));
        assert!(labels("logsource:\n    pro§").contains(&"product".to_string()));
        let m = labels("detection:\n    sel:\n        Image|ends§");
        assert_eq!(m, vec!["endswith".to_string()]);
        let c = labels(
            "detection:\n    selection_a:\n        a: 1\n    filter_x: {}\n    condition: sel§",
        );
        assert!(c.contains(&"selection_a".to_string()), "{c:?}");
        let c = labels(
            "detection:\n    selection_a:\n        a: 1\n    condition: selection_a and not §",
        );
        assert!(c.contains(&"filter_*".to_string()) || c.contains(&"selection_a".to_string()));
        let t = labels("tags:\n    - attack.ex§");
        assert!(t.contains(&"attack.execution".to_string()), "{t:?}");
        assert!(labels("status: exp§").contains(&"experimental".to_string()));
    }
}
