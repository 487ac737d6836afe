//! # DL301 common-indicator-without-companion
//!
//! A branch of the rule's logic (one conjunction of its disjunctive normal form) is made only of
//! indicators that are common across the public corpus — each positive condition checks a value
//! that at least `thresholds.common-reach` published rules also check (default 40). Such a
//! branch matches broadly: `process.name = powershell.exe` on its own fires on every PowerShell
//! start. The message names the indicators with their corpus reach, and the companions that
//! rules of the same ATT&CK technique most often pair with them.
//!
//! **Why 40.** Over the 9,315 rules of the five public corpora the catalog holds 59,081
//! distinct indicators; their reach is long-tailed: the median indicator is checked by 1 rule,
//! the 99th percentile by 9, the 99.9th by 52. The few dozen indicators at 40 or more are
//! event-metadata values and the process names of interpreters and LOLBins
//! (`event.type start` 659, `process.name powershell.exe` 284, `cmd.exe` 204, `rundll32.exe`
//! 151, `data_stream.dataset aws.cloudtrail` 143) — exactly the values that need a companion.
//! With 40 the check fires on 0.3–1.0% of published rules per vendor (see the rates below);
//! lower it in `[thresholds] common-reach` for a stricter review.
//!
//! **Example**: a Sigma selection `Image|endswith: '\powershell.exe'` with nothing else.
//! **Fix**: add a companion condition (a command-line fragment, a parent process) — the
//! message lists the ones authors use most for the rule's technique.

use super::{Check, CheckMeta, FileCtx, Run, Sink};
use crate::catalog::build::{predicate_indicators, rule_indicator_ids, rule_indicators};
use crate::catalog::Catalog;
use crate::diagnostic::Severity;
use crate::model::{Expr, Predicate, Rule, Span};
use crate::normalize::indicators;
use std::collections::HashMap;

pub static CHECK: Check = Check {
    meta: CheckMeta {
        code: "DL301",
        name: "common-indicator-without-companion",
        severity: Severity::Warning,
        formats: &[],
        aliases: &[],
        summary: "a branch of the rule checks only indicators that are common across the corpus",
        fixable: false,
        source: file!(),
    },
    run: Run::File(run),
};

/// The most common indicators of a predicate of `rule` with their reach (values at or above
/// `min`), from the rule's memoized indicators and catalog ids where it has them.
fn common_values(cat: &Catalog, rule: &Rule, p: &Predicate, min: u32) -> Vec<(String, u32)> {
    if let Some(at) = predicate_indicators(rule, p) {
        let (pos, _) = rule_indicators(rule);
        let ids = rule_indicator_ids(rule, cat);
        return at
            .filter_map(|k| {
                let r = ids
                    .pos
                    .get(k)
                    .copied()
                    .flatten()
                    .map_or(0, |id| cat.reach(id));
                let i = pos.get(k)?;
                (r >= min).then(|| (format!("{} {} {}", i.field, i.op.name(), i.value), r))
            })
            .collect();
    }
    indicators(p)
        .into_iter()
        .filter_map(|i| {
            let r = cat.reach_of(&i.field, i.op, &i.value);
            (r >= min).then(|| (format!("{} {} {}", i.field, i.op.name(), i.value), r))
        })
        .collect()
}

/// Companions: indicators that rules under `techniques` pair with `field`'s common values most.
fn companions(
    cat: &Catalog,
    techniques: &[String],
    exclude_fields: &[String],
    min: u32,
) -> Vec<String> {
    let excluded: Vec<u32> = exclude_fields
        .iter()
        .filter_map(|f| cat.field_id(f))
        .collect();
    // every rule of the techniques once, then a dense count per indicator id
    let mut rules: Vec<u32> = techniques
        .iter()
        .flat_map(|t| cat.rules_of(t).iter())
        .collect();
    rules.sort_unstable();
    rules.dedup();
    let mut counts: Vec<u32> = vec![0; cat.indicator_count()];
    let mut touched: Vec<u32> = Vec::new();
    for ri in rules {
        for i in cat.rule(ri as usize).indicators().iter() {
            let Some(n) = counts.get_mut(i as usize) else {
                continue;
            };
            if *n == 0 {
                if cat.reach(i) >= min
                    || cat.indicator_field(i).is_none_or(|f| excluded.contains(&f))
                {
                    *n = u32::MAX; // not a companion: never counted
                    continue;
                }
                touched.push(i);
            }
            *n = n.saturating_add(1); // u32::MAX stays: not a companion
        }
    }
    let mut v: Vec<(u32, usize)> = touched
        .into_iter()
        .map(|i| (i, counts[i as usize] as usize))
        .filter(|(_, n)| *n >= 2)
        .collect();
    v.sort_by(|a, b| b.1.cmp(&a.1).then(a.0.cmp(&b.0)));
    v.into_iter()
        .take(3)
        .filter_map(|(i, n)| {
            cat.indicator(i)
                .map(|(f, op, val)| format!("{f} {} `{val}` ({n} rules)", op.name()))
        })
        .collect()
}

fn run(ctx: &FileCtx, sink: &mut Sink) {
    let cat = ctx.catalog();
    if cat.rule_count() == 0 {
        return;
    }
    let min = ctx.config.file.thresholds.common_reach;
    for d in &ctx.file.docs {
        let Some(expr) = &d.rule.detection else {
            continue;
        };
        let Some(branches) = expr.branches(64) else {
            continue;
        };
        let techniques: Vec<String> = d.rule.techniques.iter().map(|t| t.value.clone()).collect();
        let mut reported: Vec<Span> = Vec::new();
        // A predicate is in many branches: its common values are looked up once.
        let mut memo: HashMap<*const Predicate, Vec<(String, u32)>> = HashMap::new();
        for branch in branches {
            let positives: Vec<&Predicate> = branch
                .iter()
                .filter_map(|(e, neg)| match (e, neg) {
                    (Expr::Pred(p), false) if p.field.is_some() => Some(p),
                    _ => None,
                })
                .collect();
            let opaque = branch
                .iter()
                .any(|(e, neg)| matches!(e, Expr::Opaque(_)) && !neg);
            let keyword = branch
                .iter()
                .any(|(e, neg)| matches!(e, Expr::Pred(p) if p.field.is_none()) && !neg);
            if positives.is_empty() || opaque || keyword {
                continue;
            }
            let mut all: Vec<(String, u32)> = Vec::new();
            let mut broad = true;
            for p in &positives {
                let c = memo
                    .entry(*p as *const Predicate)
                    .or_insert_with(|| common_values(cat, &d.rule, p, min));
                if c.is_empty() {
                    broad = false;
                    break;
                }
                all.extend(c.iter().cloned());
            }
            if !broad {
                continue;
            }
            let span = positives
                .iter()
                .map(|p| p.span)
                .reduce(Span::cover)
                .unwrap_or_default();
            if reported.contains(&span) {
                continue;
            }
            reported.push(span);
            all.sort_by_key(|a| std::cmp::Reverse(a.1));
            all.dedup();
            let shown: Vec<String> = all
                .iter()
                .take(3)
                .map(|(i, r)| format!("`{i}` (in {r} rules)"))
                .collect();
            let fields: Vec<String> = positives
                .iter()
                .filter_map(|p| p.canonical.clone())
                .collect();
            let comp = companions(cat, &techniques, &fields, min);
            let mut msg = format!(
                "this branch matches broadly: it checks only common indicators — {}",
                shown.join(", ")
            );
            if !comp.is_empty() {
                msg.push_str(&format!(
                    "; rules of the same technique pair them with {}",
                    comp.join(", ")
                ));
            } else {
                msg.push_str("; add a companion condition");
            }
            sink.report(&CHECK.meta, positives[0].span, msg);
        }
    }
}
