//! # DL405 attack-tactic-mismatch
//!
//! The rule names exactly one tactic, and none of its techniques belongs to that tactic in
//! ATT&CK. Coverage matrices place the rule under the wrong column, and the mapping usually
//! reveals a copy-paste slip (a `persistence` tag left on a credential-dumping rule).
//!
//! To stay quiet on published rules it fires only when the answer is clear: the rule lists one
//! tactic (ids and names of the same tactic count once, as Elastic writes both), every technique
//! is in detlint's data, and the tactic matches none of the tactics of the techniques, their
//! parent techniques, or for a revoked technique its replacement. ATT&CK v19's `stealth` and
//! `defense-impairment` (the split of Defense Evasion) count as `defense-evasion`. Rules listing
//! several tactics are not checked: one of them may belong to a technique the rule does not
//! list.
//!
//! How often: 0 of the 1,477 single-tactic SigmaHQ rules (all 3,218 swept by
//! `tests/attack_corpus.rs`); by a script over the raw corpora, 0 of 719 single-tactic Elastic
//! rules and 12 of 1,039 Sentinel rules (real slips, such as T1204 User Execution filed under
//! InitialAccess). Comparing every listed tactic instead would flag 317 of 1,135 multi-tactic
//! SigmaHQ rules, mostly tactics of techniques the rule does not list.
//!
//! **Example**: tags `attack.persistence` and `attack.t1003.001` (LSASS Memory is Credential
//! Access).
//! **Fix**: use a tactic of the techniques (the message lists them), or add the technique that
//! belongs to the tactic.
//!
//! Aliases: none.

use super::{Check, CheckMeta, FileCtx, Run, Sink};
use crate::attack::{self, Tactic, Technique, TechniqueLookup};
use crate::diagnostic::Severity;
use crate::model::Rule;

pub static CHECK: Check = Check {
    meta: CheckMeta {
        code: "DL405",
        name: "attack-tactic-mismatch",
        severity: Severity::Warning,
        formats: &[],
        aliases: &[],
        summary: "the rule's only tactic is not a tactic of any of its techniques",
        fixable: false,
        source: file!(),
    },
    run: Run::File(run),
};

/// The tactic ids a technique counts for: its own, its parent's and its replacement's.
fn tactic_ids(t: &'static Technique) -> Vec<&'static str> {
    let mut out = Vec::new();
    for x in [Some(t), t.parent(), t.replacement()].into_iter().flatten() {
        out.extend(attack::tactics_of(x).into_iter().map(|a| a.id));
    }
    out
}

fn check_rule(rule: &Rule, sink: &mut Sink) {
    if rule.techniques.is_empty() || rule.tactics.is_empty() {
        return;
    }
    // the distinct tactics the rule names (each as its family of data tactics)
    let mut families: Vec<(Vec<&'static Tactic>, usize)> = Vec::new();
    for (i, t) in rule.tactics.iter().enumerate() {
        let fam = attack::tactic_family(&t.value);
        if fam.is_empty() {
            return; // unknown (DL404) or outside the data (DL407): cannot tell
        }
        if !families.iter().any(|(f, _)| *f == fam) {
            families.push((fam, i));
        }
    }
    let [(family, at)] = &families[..] else {
        return;
    };
    let mut techs = Vec::new();
    for t in &rule.techniques {
        match attack::lookup_technique(&t.value) {
            TechniqueLookup::Known(k) => techs.push(k),
            _ => return,
        }
    }
    if techs.iter().any(|t| {
        tactic_ids(t)
            .iter()
            .any(|id| family.iter().any(|f| f.id == *id))
    }) {
        return;
    }
    let explained: Vec<String> = techs
        .iter()
        .take(3)
        .map(|t| {
            let tactics: Vec<String> = attack::tactics_of(t)
                .into_iter()
                .map(attack::tactic_label)
                .collect();
            format!("{} {} is {}", t.id, t.name, tactics.join(" / "))
        })
        .collect();
    let more = if techs.len() > 3 {
        format!(" (and {} more)", techs.len() - 3)
    } else {
        String::new()
    };
    let written = &rule.tactics[*at];
    let names: Vec<String> = family.iter().map(|f| attack::tactic_label(f)).collect();
    sink.report(
        &CHECK.meta,
        written.span,
        format!(
            "tactic `{}`, {}, is not a tactic of the rule's techniques: {}{more}",
            written.value,
            names.join(" / "),
            explained.join("; ")
        ),
    );
}

fn run(ctx: &FileCtx, sink: &mut Sink) {
    for d in &ctx.file.docs {
        check_rule(&d.rule, sink);
    }
}
