//! # DL506 elastic-threat-mapping
//!
//! The `[[rule.threat]]` mapping (or a hunting file's `mitre` list) is malformed:
//!
//! - a tactic id that is not `TAnnnn`, a technique id that is not `Tnnnn`, a sub-technique id that
//!   is not `Tnnnn.nnn` (a technique id written as the tactic, a sub-technique at technique level);
//! - a sub-technique under a technique that is not its parent (`T1059.001` under `T1106`);
//! - a tactic `name` that does not belong to the tactic `id` (the 14 Enterprise tactics);
//! - a `reference` URL that points to another id than `id`;
//! - a `framework` other than `MITRE ATT&CK`;
//! - a hunting `mitre` entry that is no ATT&CK (or MITRE ATLAS `AML.Tnnnn`) id.
//!
//! Kibana shows and filters alerts by this mapping; a malformed entry breaks ATT&CK coverage
//! views. This is a shape check: whether an id exists in the current ATT&CK release is left to
//! the ATT&CK checks.
//!
//! **Example**: `[[rule.threat.technique.subtechnique]] id = "T1059.001"` under technique
//! `T1106`; `[rule.threat.tactic] id = "TA0002" name = "Persistence"`.
//!
//! **Fix**: move the entry under the right parent and correct the id, name or reference.
//!
//! Aliases: detection-rules `validate` threat-mapping schema errors.

use super::elastic_common::elastic_docs;
use super::{Check, CheckMeta, FileCtx, Run, Sink};
use crate::diagnostic::Severity;
use crate::formats::elastic::AttackRef;

pub static CHECK: Check = Check {
    meta: CheckMeta {
        code: "DL506",
        name: "elastic-threat-mapping",
        severity: Severity::Warning,
        formats: &[crate::model::Format::Elastic],
        aliases: &[],
        summary: "a malformed `[[rule.threat]]` ATT&CK mapping (id shape, parent, name, reference)",
        fixable: false,
        source: file!(),
    },
    run: Run::File(run),
};

/// The Enterprise ATT&CK tactics.
const TACTICS: &[(&str, &str)] = &[
    ("TA0001", "Initial Access"),
    ("TA0002", "Execution"),
    ("TA0003", "Persistence"),
    ("TA0004", "Privilege Escalation"),
    ("TA0005", "Defense Evasion"),
    ("TA0006", "Credential Access"),
    ("TA0007", "Discovery"),
    ("TA0008", "Lateral Movement"),
    ("TA0009", "Collection"),
    ("TA0010", "Exfiltration"),
    ("TA0011", "Command and Control"),
    ("TA0040", "Impact"),
    ("TA0042", "Resource Development"),
    ("TA0043", "Reconnaissance"),
];

fn digits(s: &str, n: usize) -> bool {
    s.len() == n && s.bytes().all(|b| b.is_ascii_digit())
}

/// `TAnnnn`.
pub fn is_tactic_id(s: &str) -> bool {
    s.strip_prefix("TA").is_some_and(|d| digits(d, 4))
}

/// `Tnnnn`.
pub fn is_technique_id(s: &str) -> bool {
    s.strip_prefix('T').is_some_and(|d| digits(d, 4))
}

/// `Tnnnn.nnn`.
pub fn is_subtechnique_id(s: &str) -> bool {
    s.split_once('.')
        .is_some_and(|(t, sub)| is_technique_id(t) && digits(sub, 3))
}

fn kind_of(s: &str) -> &'static str {
    if is_tactic_id(s) {
        "a tactic id"
    } else if is_technique_id(s) {
        "a technique id"
    } else if is_subtechnique_id(s) {
        "a sub-technique id"
    } else {
        "not an ATT&CK id"
    }
}

fn check_ref(sink: &mut Sink, r: &AttackRef, level: &str, ok: fn(&str) -> bool, expected: &str) {
    let Some(id) = &r.id else {
        sink.report(&CHECK.meta, r.span, format!("this {level} has no `id`"));
        return;
    };
    if !ok(&id.value) {
        sink.report(
            &CHECK.meta,
            id.span,
            format!(
                "`{}` is {}, but a {level} id has the shape `{expected}`",
                id.value,
                kind_of(&id.value)
            ),
        );
        return;
    }
    if let Some(url) = &r.reference {
        let want = id.value.replace('.', "/");
        let tail = url.value.trim_end_matches('/');
        let last: Vec<&str> = tail
            .rsplit('/')
            .take(if want.contains('/') { 2 } else { 1 })
            .collect();
        let got: Vec<&str> = last.into_iter().rev().collect();
        if url.value.contains("attack.mitre.org") && !got.join("/").eq_ignore_ascii_case(&want) {
            sink.report(
                &CHECK.meta,
                url.span,
                format!(
                    "the reference points to `{}`, not to `{}`",
                    got.join("/"),
                    id.value
                ),
            );
        }
    }
}

fn run(ctx: &FileCtx, sink: &mut Sink) {
    for (_, e) in elastic_docs(ctx) {
        for th in &e.threats {
            if let Some(fw) = &th.framework {
                if fw.value != "MITRE ATT&CK" {
                    sink.report(
                        &CHECK.meta,
                        fw.span,
                        format!("framework `{}` is not `MITRE ATT&CK`", fw.value),
                    );
                }
            }
            match &th.tactic {
                None => {
                    sink.report(
                        &CHECK.meta,
                        th.span,
                        "this `[[rule.threat]]` entry has no `[rule.threat.tactic]`",
                    );
                }
                Some(t) => {
                    check_ref(sink, t, "tactic", is_tactic_id, "TAnnnn");
                    if let (Some(id), Some(name)) = (&t.id, &t.name) {
                        if let Some((_, want)) = TACTICS.iter().find(|(i, _)| *i == id.value) {
                            if !want.eq_ignore_ascii_case(&name.value) {
                                sink.report(
                                    &CHECK.meta,
                                    name.span,
                                    format!(
                                        "tactic `{}` is `{want}`, not `{}`",
                                        id.value, name.value
                                    ),
                                );
                            }
                        }
                    }
                }
            }
            for tech in &th.techniques {
                check_ref(sink, &tech.technique, "technique", is_technique_id, "Tnnnn");
                let parent = tech.technique.id.as_ref().map(|i| i.value.as_str());
                for sub in &tech.subtechniques {
                    check_ref(sink, sub, "sub-technique", is_subtechnique_id, "Tnnnn.nnn");
                    if let (Some(p), Some(id)) = (parent, &sub.id) {
                        if is_technique_id(p)
                            && is_subtechnique_id(&id.value)
                            && !id.value.starts_with(&format!("{p}."))
                        {
                            sink.report(
                                &CHECK.meta,
                                id.span,
                                format!("sub-technique `{}` is placed under technique `{p}`, which is not its parent", id.value),
                            );
                        }
                    }
                }
            }
        }
        for m in &e.mitre {
            let v = m.value.trim();
            // MITRE ATLAS ids (`AML.T0051.000`) are accepted in hunting files
            let atlas = v.strip_prefix("AML.").unwrap_or(v);
            if !(is_tactic_id(v) || is_technique_id(atlas) || is_subtechnique_id(atlas)) {
                sink.report(
                    &CHECK.meta,
                    m.span,
                    format!("`{v}` is not an ATT&CK tactic, technique or sub-technique id"),
                );
            }
        }
    }
}
