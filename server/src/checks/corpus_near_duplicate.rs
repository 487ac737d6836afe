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
//! deployments, not a duplicate). The search is exact: candidates come from each rule's rarest
//! indicators (prefix filtering), so a pair is found even when every value it shares is common.
//!
//! **Fix**: merge the rules, or make the difference explicit (link them with `related` in Sigma).

use super::{Check, CheckMeta, Run, WorkspaceCtx, WorkspaceSink};
use crate::catalog::build::{rule_indicator_ids, rule_indicators};
use crate::catalog::HashMap;
use crate::catalog::EXCLUSION_KEY;
use crate::diagnostic::{Related, Severity};
use crate::normalize::Indicator;
use rayon::prelude::*;
use std::borrow::Cow;

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

/// Jaccard similarity of two sorted key lists.
fn jaccard(a: &[u64], b: &[u64]) -> f64 {
    let (mut i, mut j, mut inter) = (0, 0, 0);
    while i < a.len() && j < b.len() {
        match a[i].cmp(&b[j]) {
            std::cmp::Ordering::Less => i += 1,
            std::cmp::Ordering::Greater => j += 1,
            std::cmp::Ordering::Equal => {
                inter += 1;
                i += 1;
                j += 1;
            }
        }
    }
    let union = a.len() + b.len() - inter;
    if union == 0 {
        0.0
    } else {
        inter as f64 / union as f64
    }
}

/// Rules for different platforms (both known, none shared) are not duplicates.
fn same_platform<'b>(a: &[String], b: impl Iterator<Item = &'b str> + Clone) -> bool {
    a.is_empty()
        || b.clone().next().is_none()
        || a.iter()
            .any(|x| b.clone().any(|y| x.eq_ignore_ascii_case(y)))
}

/// A rule of the checked files.
struct Entry<'a> {
    file: usize,
    /// Lower-cased (borrowed when it already is).
    id: Cow<'a, str>,
    title: &'a str,
    vendor: &'static str,
    path: Cow<'a, str>,
    span: crate::model::Span,
    platforms: &'a [String],
    /// Sorted keys: catalog indicator ids (exclusions marked), then fresh keys.
    keys: Vec<u64>,
    /// The keys a similar rule must share one of (see [`prefix`]).
    prefix: Vec<u64>,
    /// Indicators the catalog does not know (numbered after all entries are built).
    unknown: Vec<(&'a Indicator, bool)>,
}

/// Marks a local rule's index among candidate hits.
const LOCAL: u64 = 1 << 40;

/// A candidate: a checked rule (`Local`) or a catalog rule.
#[derive(Clone, Copy, PartialEq, Eq, Hash)]
enum Other {
    Local(usize),
    Catalog(usize),
}

/// Prefix filter: a rule with similarity `t` or more shares at least `⌈t·n⌉` of a rule's `n`
/// keys, so with every rule's keys in one global order (rarest in the catalog first, then by
/// value) the first `n − ⌈t·n⌉ + 1` keys of two such rules have one in common. Local
/// candidates come from other rules' prefixes, catalog candidates from every catalog rule
/// having a prefix key; each candidate is then compared exactly, so no pair is missed.
fn prefix(keys: &[u64], min_sim: f64, cat: &crate::catalog::Catalog) -> Vec<u64> {
    let n = keys.len();
    let need = ((n as f64) * min_sim - 1e-9).ceil().max(1.0) as usize;
    let len = n.saturating_sub(need.min(n)) + 1;
    let mut by_rarity: Vec<(usize, u64)> = keys
        .iter()
        .map(|&k| (cat.near_dup_postings(k).len(), k))
        .collect();
    by_rarity.sort_unstable();
    by_rarity.into_iter().take(len).map(|(_, k)| k).collect()
}

fn run(ctx: &WorkspaceCtx, sink: &mut WorkspaceSink) {
    let min_sim = ctx.config.file.thresholds.near_duplicate_similarity;
    let cat = ctx.config.catalog();
    let mut entries: Vec<Entry> = ctx
        .files
        .par_iter()
        .enumerate()
        .flat_map_iter(|(fi, f)| {
            f.docs.iter().filter_map(move |d| {
                let (pos, excl) = rule_indicators(&d.rule);
                if pos.len() < MIN_INDICATORS {
                    return None;
                }
                let ids = rule_indicator_ids(&d.rule, cat);
                let mut keys = Vec::with_capacity(pos.len() + excl.len());
                let mut unknown = Vec::new();
                let all = pos.iter().zip(&ids.pos).map(|(i, id)| (i, *id, false));
                for (i, id, is_excl) in
                    all.chain(excl.iter().zip(&ids.excl).map(|(i, id)| (i, *id, true)))
                {
                    match id {
                        Some(id) if is_excl => keys.push(u64::from(id) | EXCLUSION_KEY),
                        Some(id) => keys.push(u64::from(id)),
                        None => unknown.push((i, is_excl)),
                    }
                }
                let rule = &d.rule;
                let id = rule.id.as_ref().map_or("", |i| i.value.as_str());
                let id = if id.bytes().any(|b| b.is_ascii_uppercase()) {
                    Cow::Owned(id.to_ascii_lowercase())
                } else {
                    Cow::Borrowed(id)
                };
                Some(Entry {
                    file: fi,
                    id,
                    title: rule.title.as_ref().map_or("", |t| t.value.as_str()),
                    vendor: rule.format.map(|x| x.name()).unwrap_or(""),
                    path: f.path.to_string_lossy(),
                    span: rule
                        .title
                        .as_ref()
                        .map(|t| t.span)
                        .or(rule.id.as_ref().map(|t| t.span))
                        .unwrap_or(rule.span),
                    platforms: &rule.platforms,
                    keys,
                    prefix: Vec::new(),
                    unknown,
                })
            })
        })
        .collect();
    // Indicators the catalog does not know get fresh keys, numbered in file order (so the
    // result does not depend on scheduling).
    let mut fresh: HashMap<&Indicator, u64> = HashMap::default();
    for e in entries.iter_mut() {
        for &(i, excl) in &e.unknown {
            let n = fresh.len() as u64;
            let base = *fresh.entry(i).or_insert((1 << 40) + n);
            e.keys.push(if excl { base | EXCLUSION_KEY } else { base });
        }
    }
    entries.par_iter_mut().for_each(|e| {
        e.keys.sort_unstable();
        e.keys.dedup();
        e.prefix = prefix(&e.keys, min_sim, cat);
    });
    if entries.is_empty() {
        return;
    }
    let checked_ids: std::collections::HashSet<&str, foldhash::fast::RandomState> = entries
        .iter()
        .filter(|e| !e.id.is_empty())
        .map(|e| e.id.as_ref())
        .collect();
    // every (prefix key, rule) pair of the checked rules, sorted: a key's posting is a run
    let mut pairs: Vec<(u64, u32)> = entries
        .iter()
        .enumerate()
        .flat_map(|(i, e)| e.prefix.iter().map(move |&k| (k, i as u32)))
        .collect();
    pairs.sort_unstable();
    let local = |k: u64| {
        let lo = pairs.partition_point(|p| p.0 < k);
        let hi = lo + pairs[lo..].partition_point(|p| p.0 == k);
        &pairs[lo..hi]
    };
    let found: Vec<Option<(f64, String, Other)>> = entries
        .par_iter()
        .enumerate()
        .map(|(i, e)| {
            let mut hits: Vec<u64> = Vec::new();
            for &k in &e.prefix {
                hits.extend(
                    local(k)
                        .iter()
                        .filter(|p| p.1 as usize != i)
                        .map(|p| LOCAL | u64::from(p.1)),
                );
                hits.extend(cat.near_dup_postings(k).iter().map(u64::from));
            }
            hits.sort_unstable();
            hits.dedup();
            let mut best: Option<(f64, String, Other)> = None;
            let mut catalog_keys: Vec<u64> = Vec::new();
            for h in hits {
                let o = if h & LOCAL != 0 {
                    Other::Local((h & !LOCAL) as usize)
                } else {
                    Other::Catalog(h as usize)
                };
                // similarity first (integers only): most candidates stop here
                let s = match o {
                    Other::Local(j) => jaccard(&e.keys, &entries[j].keys),
                    Other::Catalog(j) => {
                        catalog_keys.clear();
                        catalog_keys.extend(cat.rule(j).near_dup_keys());
                        jaccard(&e.keys, &catalog_keys)
                    }
                };
                if s < min_sim {
                    continue;
                }
                let (id, path, platform_ok) = match o {
                    Other::Local(j) => (
                        entries[j].id.as_ref(),
                        entries[j].path.as_ref(),
                        same_platform(e.platforms, entries[j].platforms.iter().map(String::as_str)),
                    ),
                    Other::Catalog(j) => {
                        let r = cat.rule(j);
                        (r.id(), r.path(), same_platform(e.platforms, r.platforms()))
                    }
                };
                if (!e.id.is_empty() && id.eq_ignore_ascii_case(&e.id))
                    || path == e.path
                    || !platform_ok
                {
                    continue;
                }
                if matches!(o, Other::Catalog(_))
                    && checked_ids.contains(id.to_ascii_lowercase().as_str())
                {
                    continue; // the catalog's copy of a rule that is checked here
                }
                if best
                    .as_ref()
                    .is_none_or(|(b, bp, _)| s > *b || (s == *b && path < bp.as_str()))
                {
                    best = Some((s, path.to_string(), o));
                }
            }
            best
        })
        .collect();
    for (e, best) in entries.iter().zip(found) {
        let Some((s, path, o)) = best else { continue };
        let (title, vendor, where_, span) = match o {
            Other::Local(j) => (
                entries[j].title.to_string(),
                entries[j].vendor,
                "checked here",
                Some(entries[j].span),
            ),
            Other::Catalog(j) => (
                cat.rule(j).title().to_string(),
                cat.rule(j).vendor().name(),
                "in the catalog",
                None,
            ),
        };
        let msg = if s >= 0.999 {
            format!("checks exactly the same {} indicators and exclusions as {vendor} rule `{title}` ({where_}: {path})", e.keys.len())
        } else {
            format!("{:.0}% of its indicators are shared with {vendor} rule `{title}` ({where_}: {path})", s * 100.0)
        };
        let d = sink.report(e.file, &CHECK.meta, e.span, msg);
        d.related.push(Related {
            path: Some(path),
            span,
            message: format!("{vendor} rule `{title}`"),
        });
    }
}
