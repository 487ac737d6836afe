//! Building a catalog from parsed rule files.

use super::{CatalogFile, CatalogRule, CorpusSource};
use crate::formats::ParsedFile;
use crate::model::{Expr, Rule};
use crate::normalize::{indicators, Indicator};
use std::collections::HashMap;
use std::path::Path;

/// The domain of a rule from its event kinds.
pub fn domain_of(kinds: &[String]) -> &'static str {
    for k in kinds {
        let d = match k.as_str() {
            "process_creation"
            | "process_access"
            | "process_termination"
            | "create_remote_thread"
            | "file_event"
            | "file_access"
            | "registry_event"
            | "image_load"
            | "driver_load"
            | "pipe_created"
            | "wmi_event"
            | "ps_script"
            | "service"
            | "scheduled_task"
            | "antivirus"
            | "os_log" => "endpoint",
            "network_connection" | "dns_query" | "web" | "firewall" => "network",
            "authentication" | "iam" => "identity",
            "cloud_api" | "kubernetes" => "cloud",
            "saas_activity" | "email" => "saas",
            _ => continue,
        };
        return d;
    }
    "other"
}

/// A rule's normalized indicators, and which positive indicators each predicate checks.
#[derive(Debug, Default, Clone)]
pub struct RuleIndicators {
    /// (positive indicators, top-level exclusions), each sorted and without duplicates.
    pub lists: (Vec<Indicator>, Vec<Indicator>),
    /// (predicate address, index into the positive list) for each positive predicate's
    /// indicators, sorted by address (each predicate's in the order `indicators` gives them).
    by_predicate: Vec<(usize, u32)>,
}

/// The catalog ids of a rule's indicators (`None`: the catalog does not have it), in the
/// order of [`rule_indicators`], with the address of the catalog they come from.
#[derive(Debug, Default, Clone)]
pub struct RuleIndicatorIds {
    catalog: usize,
    pub pos: Vec<Option<u32>>,
    pub excl: Vec<Option<u32>>,
}

/// Positive indicators (not under any negation) and top-level exclusions of a rule.
pub fn rule_indicators(rule: &Rule) -> &(Vec<Indicator>, Vec<Indicator>) {
    &rule
        .indicators
        .get_or_init(|| compute_rule_indicators(rule))
        .lists
}

/// The catalog ids of [`rule_indicators`], looked up once per rule (the corpus checks share
/// them).
pub fn rule_indicator_ids<'r>(
    rule: &'r Rule,
    cat: &super::Catalog,
) -> std::borrow::Cow<'r, RuleIndicatorIds> {
    let compute = || {
        let (pos, excl) = rule_indicators(rule);
        let id = |i: &Indicator| cat.indicator_id(&i.field, i.op, &i.value);
        RuleIndicatorIds {
            catalog: cat as *const super::Catalog as usize,
            pos: pos.iter().map(id).collect(),
            excl: excl.iter().map(id).collect(),
        }
    };
    let ids = rule.indicator_ids.get_or_init(compute);
    if ids.catalog == cat as *const super::Catalog as usize {
        std::borrow::Cow::Borrowed(ids)
    } else {
        std::borrow::Cow::Owned(compute())
    }
}

/// Indexes into the positive list of [`rule_indicators`] of the indicators of `p`, a
/// predicate of `rule` not under a negation (`None` for any other predicate).
pub fn predicate_indicators<'r>(
    rule: &'r Rule,
    p: &crate::model::Predicate,
) -> Option<impl Iterator<Item = usize> + 'r> {
    let memo = rule
        .indicators
        .get_or_init(|| compute_rule_indicators(rule));
    let addr = p as *const crate::model::Predicate as usize;
    let from = memo.by_predicate.partition_point(|(a, _)| *a < addr);
    let found = memo.by_predicate.get(from).is_some_and(|(a, _)| *a == addr);
    found.then(|| {
        memo.by_predicate[from..]
            .iter()
            .take_while(move |(a, _)| *a == addr)
            .map(|(_, i)| *i as usize)
    })
}

fn compute_rule_indicators(rule: &Rule) -> RuleIndicators {
    let mut pos = Vec::new();
    let mut excl = Vec::new();
    let mut owners: Vec<(usize, usize)> = Vec::new();
    if let Some(d) = &rule.detection {
        d.for_each_predicate(&mut |p, neg| {
            if !neg {
                let start = pos.len();
                pos.extend(indicators(p));
                let addr = p as *const crate::model::Predicate as usize;
                owners.extend((start..pos.len()).map(|i| (addr, i)));
            }
        });
        for c in d.flat_conjuncts() {
            if let Expr::Not(inner) = c {
                inner.for_each_predicate(&mut |p, neg| {
                    if !neg {
                        excl.extend(indicators(p));
                    }
                });
            }
        }
    }
    // sort and deduplicate, remembering where each original indicator went
    let mut order: Vec<usize> = (0..pos.len()).collect();
    order.sort_by(|&a, &b| pos[a].cmp(&pos[b]));
    let mut rank = vec![0u32; pos.len()];
    let mut slots: Vec<Option<Indicator>> = pos.into_iter().map(Some).collect();
    let mut sorted: Vec<Indicator> = Vec::with_capacity(slots.len());
    for o in order {
        let Some(i) = slots[o].take() else { continue };
        if sorted.last() != Some(&i) {
            sorted.push(i);
        }
        rank[o] = (sorted.len() - 1) as u32;
    }
    let mut by_predicate: Vec<(usize, u32)> = owners
        .into_iter()
        .map(|(addr, i)| (addr, rank[i]))
        .collect();
    by_predicate.sort_by_key(|(addr, _)| *addr);
    excl.sort();
    excl.dedup();
    RuleIndicators {
        lists: (sorted, excl),
        by_predicate,
    }
}

/// Read `sources.json` of a corpus folder, if there is one.
pub fn corpus_sources(root: &Path) -> Vec<CorpusSource> {
    let Ok(text) = std::fs::read_to_string(root.join("sources.json")) else {
        return Vec::new();
    };
    let Ok(serde_json::Value::Array(items)) = serde_json::from_str::<serde_json::Value>(&text)
    else {
        return Vec::new();
    };
    items
        .iter()
        .filter(|i| i.get("kind").and_then(|k| k.as_str()) == Some("rules"))
        .map(|i| CorpusSource {
            vendor: i
                .get("source")
                .and_then(|x| x.as_str())
                .unwrap_or("")
                .to_string(),
            repository: i
                .get("repo")
                .and_then(|x| x.as_str())
                .unwrap_or("")
                .to_string(),
            commit: i
                .get("commit")
                .and_then(|x| x.as_str())
                .unwrap_or("")
                .to_string(),
        })
        .collect()
}

/// Incrementally builds a catalog.
#[derive(Default)]
pub struct Builder {
    file: CatalogFile,
    field_ids: HashMap<String, u32>,
    indicator_ids: HashMap<Indicator, u32>,
}

impl Builder {
    /// A builder recording the command that runs it.
    pub fn new(generated_by: &str) -> Self {
        Builder {
            file: CatalogFile {
                version: 1,
                generated_by: generated_by.to_string(),
                ..CatalogFile::default()
            },
            ..Builder::default()
        }
    }

    /// Record a corpus source.
    pub fn add_source(&mut self, s: CorpusSource) {
        if !self.file.corpus.contains(&s) {
            self.file.corpus.push(s);
        }
    }

    fn intern(&mut self, i: Indicator) -> u32 {
        if let Some(&id) = self.indicator_ids.get(&i) {
            return id;
        }
        let f = match self.field_ids.get(&i.field) {
            Some(&f) => f,
            None => {
                let f = self.file.fields.len() as u32;
                self.file.fields.push(i.field.clone());
                self.field_ids.insert(i.field.clone(), f);
                f
            }
        };
        let id = self.file.indicators.len() as u32;
        self.file.indicators.push((f, i.op, i.value.clone()));
        self.indicator_ids.insert(i, id);
        id
    }

    /// Add every rule of a parsed file; `rel_path` is its path relative to the corpus root.
    pub fn add_file(&mut self, file: &ParsedFile, rel_path: &str) {
        for d in &file.docs {
            let r = &d.rule;
            let Some(vendor) = r.format else { continue };
            let (pos, excl) = rule_indicators(r);
            let indicators = pos.iter().map(|i| self.intern(i.clone())).collect();
            let exclusions = excl.iter().map(|i| self.intern(i.clone())).collect();
            let mut techniques: Vec<String> = r
                .techniques
                .iter()
                .map(|t| t.value.to_ascii_uppercase())
                .collect();
            techniques.sort();
            techniques.dedup();
            self.file.rules.push(CatalogRule {
                vendor,
                title: r
                    .title
                    .as_ref()
                    .map(|t| t.value.clone())
                    .unwrap_or_default(),
                id: r.id.as_ref().map(|t| t.value.clone()).unwrap_or_default(),
                path: rel_path.to_string(),
                platforms: r.platforms.clone(),
                domain: domain_of(&r.event_kinds).to_string(),
                techniques,
                event_kinds: r.event_kinds.clone(),
                indicators,
                exclusions,
            });
        }
    }

    /// The finished catalog file: indicators sorted by (field, op, value) so lookups are binary
    /// searches, rules sorted by vendor and path for stable output.
    pub fn finish(mut self) -> CatalogFile {
        // fields sorted by name, indicators by (field, op, value); remap every id
        let mut field_order: Vec<u32> = (0..self.file.fields.len() as u32).collect();
        field_order
            .sort_by(|&a, &b| self.file.fields[a as usize].cmp(&self.file.fields[b as usize]));
        let mut field_new = vec![0u32; field_order.len()];
        for (new, &old) in field_order.iter().enumerate() {
            field_new[old as usize] = new as u32;
        }
        self.file.fields = field_order
            .iter()
            .map(|&o| self.file.fields[o as usize].clone())
            .collect();
        for ind in self.file.indicators.iter_mut() {
            ind.0 = field_new[ind.0 as usize];
        }
        let mut order: Vec<u32> = (0..self.file.indicators.len() as u32).collect();
        order.sort_by(|&a, &b| {
            let (x, y) = (
                &self.file.indicators[a as usize],
                &self.file.indicators[b as usize],
            );
            (x.0, x.1, &x.2).cmp(&(y.0, y.1, &y.2))
        });
        let mut new_id = vec![0u32; order.len()];
        for (new, &old) in order.iter().enumerate() {
            new_id[old as usize] = new as u32;
        }
        self.file.indicators = order
            .iter()
            .map(|&o| self.file.indicators[o as usize].clone())
            .collect();
        for r in self.file.rules.iter_mut() {
            for i in r.indicators.iter_mut().chain(r.exclusions.iter_mut()) {
                *i = new_id[*i as usize];
            }
            r.indicators.sort_unstable();
            r.exclusions.sort_unstable();
        }
        self.file
            .rules
            .sort_by(|a, b| (a.vendor, &a.path, &a.id).cmp(&(b.vendor, &b.path, &b.id)));
        self.file
    }
}
