//! # DL404 attack-unknown-tactic
//!
//! A tactic the rule maps to is not an ATT&CK tactic. Tactics are accepted by id (`TA0005`),
//! short name (`defense-evasion`, Sigma's `defense_evasion`), display name (`Defense Evasion`) or
//! Sentinel's CamelCase (`DefenseEvasion`), and so are the tactics of later releases and other
//! domains that rule formats accept (`stealth`, `defense-impairment` from ATT&CK v19;
//! Sentinel's `PreAttack`, `ImpairProcessControl`, `InhibitResponseFunction`; see
//! `rules/attack/extra.tsv` and DL407).
//!
//! A misspelled tactic is dropped by every coverage report and by Sentinel's own validation.
//!
//! **Example**: Sigma `attack.defence-evasion`, Sentinel `InitialAcces`.
//! **Fix**: the suggested tactic.
//!
//! Aliases: pySigma `attacktag` covers tactic tags too.

use super::{did_you_mean, Check, CheckMeta, FileCtx, Run, Sink};
use crate::attack;
use crate::diagnostic::Severity;

pub static CHECK: Check = Check {
    meta: CheckMeta {
        code: "DL404",
        name: "attack-unknown-tactic",
        severity: Severity::Error,
        formats: &[],
        aliases: &[],
        summary: "an ATT&CK tactic is not a tactic of ATT&CK",
        fixable: false,
        source: file!(),
    },
    run: Run::File(run),
};

fn run(ctx: &FileCtx, sink: &mut Sink) {
    for d in &ctx.file.docs {
        for t in &d.rule.tactics {
            if attack::tactic(&t.value).is_some() || attack::extra_tactic(&t.value).is_some() {
                continue;
            }
            let key = attack::tactic_key(&t.value);
            let keys: Vec<String> = attack::tactics()
                .iter()
                .map(|x| attack::tactic_key(x.shortname))
                .collect();
            let hint = did_you_mean(&key, keys.iter().map(String::as_str))
                .and_then(attack::tactic)
                .map(|x| format!(": did you mean {} (`{}`, {})?", x.name, x.shortname, x.id))
                .unwrap_or_else(|| {
                    format!(
                        " (the {} tactics of ATT&CK Enterprise v{}: {})",
                        attack::tactics().len(),
                        attack::version(),
                        attack::tactics()
                            .iter()
                            .map(|x| x.shortname)
                            .collect::<Vec<_>>()
                            .join(", ")
                    )
                });
            sink.report(
                &CHECK.meta,
                t.span,
                format!("`{}` is not an ATT&CK tactic{hint}", t.value),
            );
        }
    }
}
