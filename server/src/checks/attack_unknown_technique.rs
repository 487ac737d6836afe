//! # DL401 attack-unknown-technique
//!
//! A technique id the rule maps to does not exist in ATT&CK Enterprise (the release detlint
//! ships, see `rules/attack/techniques.tsv`), or is not an id at all. Coverage reports, ATT&CK
//! Navigator layers and SIEM technique filters silently drop such a mapping, so the rule's
//! coverage is lost.
//!
//! Ids that merely postdate detlint's data are not reported here: an id above the highest
//! technique number of the data, or a sub-technique numbered above the highest of its parent,
//! comes from a later ATT&CK release (ATT&CK numbers only grow) and is reported by DL407 as
//! outside the data. ATT&CK for ICS ids (`T08xx`) are too.
//!
//! Works for every format: it reads the techniques each front end puts in the rule model
//! (Sigma `attack.tNNNN` tags, Elastic `[[rule.threat]]`, Splunk `mitre_attack_id`, Sentinel
//! `relevantTechniques`, Panther `Reports: MITRE ATT&CK`).
//!
//! **Example**: `attack.t1000` (no such technique), `attack.t1086.001` (T1086 has no
//! sub-techniques), `attack.t159` (not an id).
//! **Fix**: look the behaviour up on attack.mitre.org and write its id.
//!
//! Aliases: pySigma `attacktag` (an `attack.` tag that is not in its ATT&CK data).

use super::{Check, CheckMeta, FileCtx, Run, Sink};
use crate::attack::{self, TechniqueLookup};
use crate::diagnostic::Severity;

pub static CHECK: Check = Check {
    meta: CheckMeta {
        code: "DL401",
        name: "attack-unknown-technique",
        severity: Severity::Error,
        formats: &[],
        aliases: &["attacktag"],
        summary: "an ATT&CK technique id does not exist in ATT&CK Enterprise",
        fixable: false,
        source: file!(),
    },
    run: Run::File(run),
};

fn run(ctx: &FileCtx, sink: &mut Sink) {
    for d in &ctx.file.docs {
        for t in &d.rule.techniques {
            let msg = match attack::lookup_technique(&t.value) {
                TechniqueLookup::Malformed => format!(
                    "`{}` is not an ATT&CK technique id (`Tnnnn` or `Tnnnn.nnn`)",
                    t.value
                ),
                TechniqueLookup::Unknown { parent: Some(p) } => {
                    let subs: Vec<&str> = attack::techniques()
                        .iter()
                        .filter(|x| x.id.len() > p.id.len() && x.id.starts_with(p.id))
                        .map(|x| x.id)
                        .collect();
                    let has = match (subs.first(), subs.last()) {
                        (Some(a), Some(b)) if a != b => format!("has sub-techniques {a} to {b}"),
                        (Some(a), _) => format!("has one sub-technique, {a}"),
                        _ => "has no sub-techniques".into(),
                    };
                    let revoked = match p.replacement() {
                        Some(r) => {
                            format!(", and was itself replaced by {} {}", r.id, r.full_name())
                        }
                        None => String::new(),
                    };
                    format!(
                        "`{}` does not exist in ATT&CK Enterprise v{}: {} {} {has}{revoked}",
                        t.value,
                        attack::version(),
                        p.id,
                        p.name
                    )
                }
                TechniqueLookup::Unknown { parent: None } => format!(
                    "`{}` does not exist in ATT&CK Enterprise v{}",
                    t.value,
                    attack::version()
                ),
                TechniqueLookup::Known(_) | TechniqueLookup::Outside { .. } => continue,
            };
            sink.report(&CHECK.meta, t.span, msg);
        }
    }
}
