//! The authoring guide for one ATT&CK technique, computed from the catalog: events covered,
//! fields filtered most, top indicator values with their corpus reach, exclusions, and the rules.

use super::Catalog;
use crate::model::{Format, Op};
use serde::Serialize;
use std::collections::{BTreeMap, HashMap};

/// Filters of a guide.
#[derive(Debug, Clone, Default)]
pub struct GuideFilter {
    pub vendor: Option<Format>,
    pub platform: Option<String>,
    pub domain: Option<String>,
}

/// One row of "fields filtered most".
#[derive(Debug, Clone, Serialize, PartialEq)]
pub struct FieldRow {
    pub field: String,
    /// Rules under the technique filtering the field (each rule once).
    pub rules: usize,
    /// Operators with the number of rules using each on this field.
    pub ops: Vec<(Op, usize)>,
    pub samples: Vec<String>,
}

/// One row of "top indicator values" or "exclusions".
#[derive(Debug, Clone, Serialize, PartialEq)]
pub struct IndicatorRow {
    pub field: String,
    pub op: Op,
    pub value: String,
    /// Rules under this technique with the indicator.
    pub here: usize,
    /// Rules in the whole catalog checking it positively.
    pub reach: u32,
}

/// A rule cited by the guide.
#[derive(Debug, Clone, Serialize, PartialEq)]
pub struct RuleRow {
    pub title: String,
    pub id: String,
    pub path: String,
    pub platforms: Vec<String>,
    pub domain: String,
}

/// The computed guide.
#[derive(Debug, Clone, Serialize, PartialEq)]
pub struct Guide {
    pub technique: String,
    pub name: Option<String>,
    pub rule_count: usize,
    pub events: Vec<(String, usize)>,
    pub distinct_fields: usize,
    pub fields: Vec<FieldRow>,
    pub distinct_indicators: usize,
    pub indicators: Vec<IndicatorRow>,
    pub distinct_exclusions: usize,
    pub exclusions: Vec<IndicatorRow>,
    pub rules: BTreeMap<String, Vec<RuleRow>>,
}

/// How many rows each section shows.
pub const TOP: usize = 25;

/// Compute the guide of `technique` (sub-techniques count under their parent).
pub fn guide(cat: &Catalog, technique: &str, filter: &GuideFilter, name: Option<String>) -> Guide {
    let technique = technique.to_ascii_uppercase();
    let rules: Vec<usize> = cat
        .rules_of(&technique)
        .iter()
        .map(|i| i as usize)
        .filter(|&i| {
            let r = cat.rule(i);
            filter.vendor.is_none_or(|v| r.vendor() == v)
                && filter
                    .platform
                    .as_ref()
                    .is_none_or(|p| r.platforms().any(|x| x.eq_ignore_ascii_case(p)))
                && filter
                    .domain
                    .as_ref()
                    .is_none_or(|d| r.domain().eq_ignore_ascii_case(d))
        })
        .collect();
    let mut events: HashMap<String, usize> = HashMap::new();
    let mut field_rules: HashMap<u32, usize> = HashMap::new();
    let mut field_ops: HashMap<(u32, Op), usize> = HashMap::new();
    let mut field_values: HashMap<u32, HashMap<String, usize>> = HashMap::new();
    let mut here: HashMap<u32, usize> = HashMap::new();
    let mut excl_here: HashMap<u32, usize> = HashMap::new();
    for &ri in &rules {
        let r = cat.rule(ri);
        let mut kinds: Vec<String> = r.event_kinds().map(str::to_string).collect();
        kinds.sort();
        kinds.dedup();
        for k in kinds {
            *events.entry(k).or_default() += 1;
        }
        let mut fields_seen: Vec<u32> = Vec::new();
        let mut ops_seen: Vec<(u32, Op)> = Vec::new();
        for i in r.indicators().iter().chain(r.exclusions().iter()) {
            let (Some(f), Some((_, op, v))) = (cat.indicator_field(i), cat.indicator(i)) else {
                continue;
            };
            if !fields_seen.contains(&f) {
                fields_seen.push(f);
            }
            if !ops_seen.contains(&(f, op)) {
                ops_seen.push((f, op));
            }
            if !v.is_empty() {
                *field_values
                    .entry(f)
                    .or_default()
                    .entry(v.to_string())
                    .or_default() += 1;
            }
        }
        for f in fields_seen {
            *field_rules.entry(f).or_default() += 1;
        }
        for fo in ops_seen {
            *field_ops.entry(fo).or_default() += 1;
        }
        for i in r.indicators().iter() {
            *here.entry(i).or_default() += 1;
        }
        for i in r.exclusions().iter() {
            *excl_here.entry(i).or_default() += 1;
        }
    }
    let mut events: Vec<(String, usize)> = events.into_iter().collect();
    events.sort_by(|a, b| b.1.cmp(&a.1).then(a.0.cmp(&b.0)));
    let distinct_fields = field_rules.len();
    let mut fields: Vec<FieldRow> = field_rules
        .into_iter()
        .map(|(f, n)| {
            let mut ops: Vec<(Op, usize)> = field_ops
                .iter()
                .filter(|((ff, _), _)| *ff == f)
                .map(|((_, op), c)| (*op, *c))
                .collect();
            ops.sort_by(|a, b| b.1.cmp(&a.1).then(a.0.cmp(&b.0)));
            let mut samples: Vec<(String, usize)> = field_values
                .remove(&f)
                .unwrap_or_default()
                .into_iter()
                .collect();
            samples.sort_by(|a, b| b.1.cmp(&a.1).then(a.0.cmp(&b.0)));
            FieldRow {
                field: cat.field_name(f).to_string(),
                rules: n,
                ops,
                samples: samples.into_iter().take(3).map(|(v, _)| v).collect(),
            }
        })
        .collect();
    fields.sort_by(|a, b| b.rules.cmp(&a.rules).then(a.field.cmp(&b.field)));
    fields.truncate(TOP);
    let rows = |m: HashMap<u32, usize>| -> (usize, Vec<IndicatorRow>) {
        let distinct = m.len();
        let mut v: Vec<IndicatorRow> = m
            .into_iter()
            .filter_map(|(i, n)| {
                let (f, op, val) = cat.indicator(i)?;
                Some(IndicatorRow {
                    field: f.to_string(),
                    op,
                    value: val.to_string(),
                    here: n,
                    reach: cat.reach(i),
                })
            })
            .collect();
        v.sort_by(|a, b| {
            b.here
                .cmp(&a.here)
                .then(a.field.cmp(&b.field))
                .then(a.value.cmp(&b.value))
        });
        v.truncate(TOP);
        (distinct, v)
    };
    let (distinct_indicators, indicators) = rows(here);
    let (distinct_exclusions, exclusions) = rows(excl_here);
    let mut by_vendor: BTreeMap<String, Vec<RuleRow>> = BTreeMap::new();
    for &ri in &rules {
        let r = cat.rule(ri);
        by_vendor
            .entry(r.vendor().name().to_string())
            .or_default()
            .push(RuleRow {
                title: r.title().to_string(),
                id: r.id().to_string(),
                path: r.path().to_string(),
                platforms: r.platforms().map(str::to_string).collect(),
                domain: r.domain().to_string(),
            });
    }
    Guide {
        technique,
        name,
        rule_count: rules.len(),
        events,
        distinct_fields,
        fields,
        distinct_indicators,
        indicators,
        distinct_exclusions,
        exclusions,
        rules: by_vendor,
    }
}
