//! # DL303 near-duplicate-rule
//!
//! The rule's normalized indicator set equals, or mostly overlaps (Jaccard similarity at least
//! `thresholds.near-duplicate-similarity`, default 0.9, with at least 3 indicators), another
//! rule among the files checked together or in the catalog — across formats too: a Sigma rule
//! and an Elastic rule that check the same canonical fields for the same values are the same
//! detection. Duplicates double alert volume and drift apart when only one is maintained.
//! Exclusions count too: two rules with the same selection and different filters differ.
//! The other rule is named (title, format, path); a rule never matches itself (same id), nor a
//! rule for another platform (a Linux and a macOS rule with the same command lines are two
//! deployments, not a duplicate).
//!
//! **Fix**: merge the rules, or make the difference explicit (link them with `related` in Sigma).

use super::{Check, CheckMeta, Run, WorkspaceCtx, WorkspaceSink};
use crate::catalog::build::rule_indicators;
use crate::diagnostic::{Related, Severity};
use crate::normalize::Indicator;
use std::collections::{HashMap, HashSet};

pub static CHECK: Check = Check {
    meta: CheckMeta {
        code: "DL303",
        name: "near-duplicate-rule",
        severity: Severity::Warning,
        formats: &[],
        aliases: &[],
        summary: "another rule (any format) checks the same indicators",
        fixable: false,
        source: file!(),
    },
    run: Run::Workspace(run),
};

/// Minimum number of positive indicators for a rule to be compared.
const MIN_INDICATORS: usize = 3;
/// Postings longer than this are too common to find candidates with.
const MAX_POSTING: usize = 300;

/// An exclusion as a set element distinct from the same positive indicator.
fn negated(mut i: Indicator) -> Indicator {
    i.field.insert(0, '!');
    i
}

fn jaccard(a: &HashSet<Indicator>, b: &HashSet<Indicator>) -> f64 {
    let inter = a.intersection(b).count();
    let union = a.len() + b.len() - inter;
    if union == 0 {
        0.0
    } else {
        inter as f64 / union as f64
    }
}

struct Entry {
    file: Option<usize>,
    id: String,
    title: String,
    vendor: &'static str,
    path: String,
    span: crate::model::Span,
    platforms: Vec<String>,
    set: HashSet<Indicator>,
}

/// Rules for different platforms (both known, none shared) are not duplicates.
fn same_platform(a: &[String], b: &[String]) -> bool {
    a.is_empty()
        || b.is_empty()
        || a.iter()
            .any(|x| b.iter().any(|y| x.eq_ignore_ascii_case(y)))
}

fn run(ctx: &WorkspaceCtx, sink: &mut WorkspaceSink) {
    let min_sim = ctx.config.file.thresholds.near_duplicate_similarity;
    let mut entries: Vec<Entry> = Vec::new();
    for (fi, f) in ctx.files.iter().enumerate() {
        for d in &f.docs {
            let (pos, excl) = rule_indicators(&d.rule);
            if pos.len() < MIN_INDICATORS {
                continue;
            }
            let set: HashSet<Indicator> = pos
                .into_iter()
                .chain(excl.into_iter().map(negated))
                .collect();
            let span = d
                .rule
                .title
                .as_ref()
                .map(|t| t.span)
                .or(d.rule.id.as_ref().map(|t| t.span))
                .unwrap_or(d.rule.span);
            entries.push(Entry {
                file: Some(fi),
                id: d
                    .rule
                    .id
                    .as_ref()
                    .map(|i| i.value.to_ascii_lowercase())
                    .unwrap_or_default(),
                title: d
                    .rule
                    .title
                    .as_ref()
                    .map(|t| t.value.clone())
                    .unwrap_or_default(),
                vendor: d.rule.format.map(|x| x.name()).unwrap_or(""),
                path: f.path.display().to_string(),
                span,
                platforms: d.rule.platforms.clone(),
                set,
            });
        }
    }
    let checked = entries.len();
    if checked == 0 {
        return;
    }
    let cat = ctx.config.catalog();
    let checked_ids: HashSet<String> = entries
        .iter()
        .map(|e| e.id.clone())
        .filter(|i| !i.is_empty())
        .collect();
    for r in &cat.file.rules {
        if r.indicators.len() < MIN_INDICATORS || checked_ids.contains(&r.id.to_ascii_lowercase()) {
            continue;
        }
        let ind = |i: u32| {
            cat.indicator(i).map(|(f, op, v)| Indicator {
                field: f.to_string(),
                op,
                value: v.to_string(),
            })
        };
        let set: HashSet<Indicator> = r
            .indicators
            .iter()
            .filter_map(|&i| ind(i))
            .chain(r.exclusions.iter().filter_map(|&i| ind(i)).map(negated))
            .collect();
        entries.push(Entry {
            file: None,
            id: r.id.to_ascii_lowercase(),
            title: r.title.clone(),
            vendor: r.vendor.name(),
            path: r.path.clone(),
            span: Default::default(),
            platforms: r.platforms.clone(),
            set,
        });
    }
    let mut postings: HashMap<&Indicator, Vec<usize>> = HashMap::new();
    for (i, e) in entries.iter().enumerate() {
        for ind in &e.set {
            postings.entry(ind).or_default().push(i);
        }
    }
    for (i, e) in entries.iter().enumerate().take(checked) {
        let mut cand: HashMap<usize, usize> = HashMap::new();
        for ind in &e.set {
            let Some(p) = postings.get(ind) else { continue };
            if p.len() > MAX_POSTING {
                continue;
            }
            for &j in p {
                if j != i {
                    *cand.entry(j).or_default() += 1;
                }
            }
        }
        let need = ((e.set.len() as f64) * min_sim).floor() as usize;
        let mut best: Option<(f64, usize)> = None;
        for (j, shared) in cand {
            if shared * 3 < need {
                continue;
            }
            let o = &entries[j];
            if (!e.id.is_empty() && o.id == e.id)
                || o.path == e.path
                || !same_platform(&e.platforms, &o.platforms)
            {
                continue;
            }
            let s = jaccard(&e.set, &o.set);
            if s >= min_sim
                && best.is_none_or(|(b, bj)| s > b || (s == b && entries[bj].path > o.path))
            {
                best = Some((s, j));
            }
        }
        let (Some((s, j)), Some(fi)) = (best, e.file) else {
            continue;
        };
        let o = &entries[j];
        let where_ = if o.file.is_some() {
            "checked here"
        } else {
            "in the catalog"
        };
        let msg = if s >= 0.999 {
            format!("checks exactly the same {} indicators and exclusions as {} rule `{}` ({where_}: {})", e.set.len(), o.vendor, o.title, o.path)
        } else {
            format!(
                "{:.0}% of its indicators are shared with {} rule `{}` ({where_}: {})",
                s * 100.0,
                o.vendor,
                o.title,
                o.path
            )
        };
        let d = sink.report(fi, &CHECK.meta, e.span, msg);
        d.related.push(Related {
            path: Some(o.path.clone()),
            span: o.file.map(|_| o.span),
            message: format!("{} rule `{}`", o.vendor, o.title),
        });
    }
}
