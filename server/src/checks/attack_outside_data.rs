//! # DL407 attack-outside-data
//!
//! A technique or tactic comes from outside the ATT&CK Enterprise release detlint ships, so
//! detlint cannot check it: a technique of a later release (an id above the highest of the data,
//! a sub-technique numbered above the highest of its parent, or one listed in
//! `rules/attack/extra.tsv` such as v19's `T1685` Disable or Modify Tools), an ATT&CK for ICS
//! technique (`T08xx`), or a tactic of PRE-ATT&CK or ATT&CK for ICS that Sentinel accepts
//! (`PreAttack`, `ImpairProcessControl`, `InhibitResponseFunction`).
//!
//! The finding is informational: the mapping may well be right. It tells that DL401–DL405 did
//! not check this entry, and, for `PreAttack`, that PRE-ATT&CK was retired in 2020. ATT&CK v19's
//! tactics `stealth` and `defense-impairment` are understood (as the split of Defense Evasion)
//! and not reported.
//!
//! **Example**: `attack.t1686.003` with data of ATT&CK v18.
//! **Fix**: none needed; update detlint's ATT&CK data (`rules/attack/`) to check it.
//!
//! Aliases: none.

use super::{Check, CheckMeta, FileCtx, Run, Sink};
use crate::attack::{self, TechniqueLookup};
use crate::diagnostic::Severity;

pub static CHECK: Check = Check {
    meta: CheckMeta {
        code: "DL407",
        name: "attack-outside-data",
        severity: Severity::Info,
        formats: &[],
        aliases: &[],
        summary: "an ATT&CK technique or tactic is outside the ATT&CK data detlint ships",
        fixable: false,
        source: file!(),
    },
    run: Run::File(run),
};

fn run(ctx: &FileCtx, sink: &mut Sink) {
    let v = attack::version();
    for d in &ctx.file.docs {
        for t in &d.rule.techniques {
            let TechniqueLookup::Outside { extra, origin } = attack::lookup_technique(&t.value)
            else {
                continue;
            };
            let msg = match extra {
                Some(e) => format!(
                    "`{}` {} is from {}, outside the ATT&CK Enterprise v{v} data detlint ships: not checked",
                    t.value,
                    e.name,
                    e.origin_name()
                ),
                None => format!(
                    "`{}` is not in the ATT&CK Enterprise v{v} data detlint ships; by its number it is from {origin}: not checked",
                    t.value
                ),
            };
            sink.report(&CHECK.meta, t.span, msg);
        }
        for t in &d.rule.tactics {
            if attack::tactic(&t.value).is_some() {
                continue;
            }
            let Some(e) = attack::extra_tactic(&t.value) else {
                continue;
            };
            if !e.maps_to.is_empty() && e.origin.starts_with("enterprise") {
                continue; // a later Enterprise tactic detlint understands
            }
            sink.report(
                &CHECK.meta,
                t.span,
                format!(
                    "tactic `{}` is from {}, outside ATT&CK Enterprise v{v}: not checked",
                    t.value,
                    e.origin_name()
                ),
            );
        }
    }
}
