//! # DL122 sigma-technique-without-tactic
//!
//! An ATT&CK technique tag (`attack.t1059.001`) is not accompanied by a tag for any tactic the
//! technique belongs to (`attack.execution`). Coverage reports group rules by tactic; a rule
//! whose techniques lack their tactics is missing from them or counted under the wrong one.
//! The technique → tactic mapping comes from the ATT&CK Enterprise data compiled into the
//! binary ([`crate::attack`], generated from `../shared/reference/attack`). A technique unknown
//! to that version of ATT&CK is only reported when the rule has no tactic tag at all. ATT&CK v18
//! split `defense-evasion` into `stealth` and `defense-impairment`; the three are accepted for one
//! another, so rules tagged for either version pass.
//!
//! **Example**: `tags: [attack.t1059.001]` or `tags: [attack.persistence, attack.t1059.001]`.
//! **Fix**: add the tactic: `attack.execution`.
//!
//! Aliases: pySigma-validators-sigmaHQ `sigmahq_tags_techniques_without_tactics`.

use super::{Check, CheckMeta, FileCtx, Run, Sink};
use crate::diagnostic::Severity;

pub static CHECK: Check = Check {
    meta: CheckMeta {
        code: "DL122",
        name: "sigma-technique-without-tactic",
        severity: Severity::Warning,
        formats: &[crate::model::Format::Sigma],
        aliases: &["sigmahq_tags_techniques_without_tactics"],
        summary: "an ATT&CK technique tag without a tag for its tactic",
        fixable: false,
        source: file!(),
    },
    run: Run::File(run),
};

/// The tactics (short names) of a technique (`T1059.001` or `T1059`, judged by its parent), if
/// ATT&CK knows it with at least one tactic.
pub fn tactics_of(technique: &str) -> Option<&'static [&'static str]> {
    let parent = technique.split('.').next().unwrap_or(technique);
    crate::attack::technique(parent)
        .map(|t| t.tactics.as_slice())
        .filter(|ts| !ts.is_empty())
}

/// A tactic tag as written (`execution`, `defense-evasion`, `ta0005`) → its short name.
fn tactic_name(written: &str) -> String {
    let w = written.to_ascii_lowercase();
    match crate::attack::tactic(&w) {
        Some(t) if w.starts_with("ta") && w[2..].bytes().all(|b| b.is_ascii_digit()) => {
            t.shortname.to_string()
        }
        _ => w,
    }
}

/// Tactics renamed or split between ATT&CK versions count as one another.
fn same_tactic(a: &str, b: &str) -> bool {
    const EVASION: &[&str] = &["defense-evasion", "stealth", "defense-impairment"];
    a == b || (EVASION.contains(&a) && EVASION.contains(&b))
}

fn run(ctx: &FileCtx, sink: &mut Sink) {
    for (doc, _, _) in ctx.sigma_docs() {
        let r = &doc.rule;
        if r.techniques.is_empty() {
            continue;
        }
        let tagged: Vec<String> = r.tactics.iter().map(|t| tactic_name(&t.value)).collect();
        for t in &r.techniques {
            match tactics_of(&t.value) {
                Some(ts) if !ts.iter().any(|x| tagged.iter().any(|y| same_tactic(x, y))) => {
                    let want: Vec<String> = ts.iter().map(|x| format!("`attack.{x}`")).collect();
                    sink.report(
                        &CHECK.meta,
                        t.span,
                        format!(
                            "technique `{}` is tagged without its tactic: add {}",
                            t.value,
                            want.join(" or ")
                        ),
                    );
                }
                None if tagged.is_empty() => {
                    sink.report(
                        &CHECK.meta,
                        t.span,
                        format!(
                            "technique `{}` is tagged but no tactic is (`attack.execution`, …)",
                            t.value
                        ),
                    );
                }
                _ => {}
            }
        }
    }
}
