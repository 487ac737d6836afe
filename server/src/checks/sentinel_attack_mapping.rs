//! # DL703 sentinel-attack-mapping
//!
//! The rule's ATT&CK mapping is not in the shape Microsoft Sentinel accepts:
//!
//! - a `relevantTechniques` entry is not a technique id (`T` + four digits, optionally `.` + three
//!   digits for a sub-technique: `T1059`, `T1059.001`);
//! - a `tactics` entry is not one of Sentinel's tactic names (`Reconnaissance`,
//!   `ResourceDevelopment`, `InitialAccess`, `Execution`, `Persistence`, `PrivilegeEscalation`,
//!   `DefenseEvasion`, `CredentialAccess`, `Discovery`, `LateralMovement`, `Collection`,
//!   `Exfiltration`, `CommandAndControl`, `Impact`, `PreAttack`, `ImpairProcessControl`,
//!   `InhibitResponseFunction`) — the API rejects the rule, and the content-hub validation of the
//!   Azure-Sentinel repository fails;
//!   (hunting queries may also use the tactic spellings of the Microsoft 365 Defender hunting
//!   collection, `Initial access`, `Defense evasion`, …, which that collection uses throughout;
//!   its categories that are not tactics, `Ransomware`, `Vulnerability`, …, are read as tags);
//! - techniques are given but no tactics (the incident shows no tactic, and the techniques are
//!   dropped by the API when their tactic is missing).
//!
//! Whether a technique id exists in ATT&CK, and whether it belongs to the tactics given, is the
//! job of the cross-format ATT&CK checks.
//!
//! **Example**: `tactics: [Initial access]`, `relevantTechniques: [T1078.4]`.
//!
//! **Fix**: write the tactic as Sentinel spells it (`InitialAccess`; a safe fix is offered when
//! only spaces or case differ) and the technique as `T1078.004`.
//!
//! Aliases: Azure-Sentinel repository "TacticsValidation", "TechniquesValidation" tests.

use super::{did_you_mean, Check, CheckMeta, FileCtx, Run, Sink};
use crate::diagnostic::{Edit, Fix, Severity};
use crate::formats::sentinel;
use crate::model::RuleKind;

pub static CHECK: Check = Check {
    meta: CheckMeta {
        code: "DL703",
        name: "sentinel-attack-mapping",
        severity: Severity::Warning,
        formats: &[crate::model::Format::Sentinel],
        aliases: &[],
        summary: "`tactics` / `relevantTechniques` entries are not in the shape Sentinel accepts",
        fixable: true,
        source: file!(),
    },
    run: Run::File(run),
};

/// The tactic names Sentinel accepts (the `AttackTactic` enumeration of the REST API).
pub const TACTICS: [&str; 17] = [
    "Reconnaissance",
    "ResourceDevelopment",
    "InitialAccess",
    "Execution",
    "Persistence",
    "PrivilegeEscalation",
    "DefenseEvasion",
    "CredentialAccess",
    "Discovery",
    "LateralMovement",
    "Collection",
    "Exfiltration",
    "CommandAndControl",
    "Impact",
    "PreAttack",
    "ImpairProcessControl",
    "InhibitResponseFunction",
];

/// The tactic spellings of the Microsoft 365 Defender community hunting queries, accepted in
/// hunting queries (that collection writes tactics as words; its non-tactic categories such as
/// `Ransomware` are read as tags by the front end).
const M365D_TACTICS: [&str; 12] = [
    "Initial access",
    "Execution",
    "Persistence",
    "Privilege escalation",
    "Defense evasion",
    "Credential access",
    "Discovery",
    "Lateral movement",
    "Collection",
    "Command and control",
    "Exfiltration",
    "Impact",
];

/// Whether `t` is `T` + 4 digits, optionally `.` + 3 digits.
pub fn is_technique_id(t: &str) -> bool {
    let b = t.as_bytes();
    let digits = |s: &[u8]| s.iter().all(u8::is_ascii_digit);
    match b.len() {
        5 => b[0] == b'T' && digits(&b[1..5]),
        9 => b[0] == b'T' && digits(&b[1..5]) && b[5] == b'.' && digits(&b[6..9]),
        _ => false,
    }
}

fn squash(s: &str) -> String {
    s.chars()
        .filter(|c| c.is_ascii_alphanumeric())
        .map(|c| c.to_ascii_lowercase())
        .collect()
}

fn run(ctx: &FileCtx, sink: &mut Sink) {
    for (d, _) in sentinel::docs(ctx.file) {
        let rule = &d.rule;
        for t in &rule.techniques {
            let written = ctx.text(t.span).trim_matches(['\'', '"']);
            if is_technique_id(&t.value) {
                if written != t.value && written.eq_ignore_ascii_case(&t.value) {
                    sink.report(
                        &CHECK.meta,
                        t.span,
                        format!("technique `{written}` is written `{}`", t.value),
                    )
                    .fixes
                    .push(Fix {
                        title: format!("Write `{}`", t.value),
                        edits: vec![Edit {
                            span: t.span,
                            new_text: t.value.clone(),
                        }],
                        safe: true,
                    });
                }
                continue;
            }
            sink.report(
                &CHECK.meta,
                t.span,
                format!(
                    "`{}` is not an ATT&CK technique id (`T1234` or `T1234.001`)",
                    t.value
                ),
            );
        }
        let hunting = rule.kind == RuleKind::Hunting;
        for t in &rule.tactics {
            if TACTICS.contains(&t.value.as_str())
                || (hunting
                    && M365D_TACTICS
                        .iter()
                        .any(|c| c.eq_ignore_ascii_case(&t.value)))
            {
                continue;
            }
            let key = squash(&t.value);
            let exact = TACTICS.iter().find(|x| squash(x) == key);
            let suggestion = exact
                .copied()
                .or_else(|| did_you_mean(&key, TACTICS.iter().copied()));
            let msg = match suggestion {
                Some(s) => format!("`{}` is not a Sentinel tactic name; did you mean `{s}`?", t.value),
                None => format!(
                    "`{}` is not a Sentinel tactic name (`InitialAccess`, `Execution`, `Persistence`, …)",
                    t.value
                ),
            };
            let diag = sink.report(&CHECK.meta, t.span, msg);
            if let Some(s) = suggestion {
                diag.fixes.push(Fix {
                    title: format!("Write `{s}`"),
                    edits: vec![Edit {
                        span: t.span,
                        new_text: s.to_string(),
                    }],
                    safe: exact.is_some(),
                });
            }
        }
        if rule.tactics.is_empty() {
            if let Some(first) = rule.techniques.first() {
                sink.report(
                    &CHECK.meta,
                    first.span,
                    "`relevantTechniques` without `tactics`: add the tactics these techniques serve",
                );
            }
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn shapes() {
        assert!(is_technique_id("T1059"));
        assert!(is_technique_id("T1059.001"));
        assert!(!is_technique_id("T1059.1"));
        assert!(!is_technique_id("TA0001"));
        assert!(!is_technique_id("None"));
        assert_eq!(squash("Initial access"), squash("InitialAccess"));
    }
}
