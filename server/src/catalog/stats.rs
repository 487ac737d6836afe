//! `detlint catalog stats`: normalizer coverage per vendor — rules, parse failures, the share of
//! predicate occurrences whose field maps to a canonical field (and by which route), the most
//! frequent unmapped fields, and the share of rules with at least one event kind.

use crate::formats::ParsedFile;
use crate::model::Format;
use crate::normalize::{Normalizer, Route};
use serde::Serialize;
use std::collections::{BTreeMap, HashMap};

/// Coverage figures of one vendor.
#[derive(Debug, Clone, Default, Serialize)]
pub struct VendorStats {
    pub files: usize,
    pub rules: usize,
    /// Rules whose embedded query had a syntax error.
    pub query_errors: usize,
    pub predicates: usize,
    pub mapped: usize,
    pub mapped_by: BTreeMap<String, usize>,
    pub rules_with_event_kind: usize,
    pub unmapped_top: Vec<(String, usize)>,
}

impl VendorStats {
    /// Share of predicate occurrences mapped (1.0 when there are none).
    pub fn mapped_share(&self) -> f64 {
        if self.predicates == 0 {
            1.0
        } else {
            self.mapped as f64 / self.predicates as f64
        }
    }
    /// Share of rules with at least one event kind.
    pub fn event_kind_share(&self) -> f64 {
        if self.rules == 0 {
            1.0
        } else {
            self.rules_with_event_kind as f64 / self.rules as f64
        }
    }
}

/// Compute the figures over parsed files.
pub fn compute(files: &[ParsedFile]) -> BTreeMap<Format, VendorStats> {
    let n = Normalizer::get();
    let mut out: BTreeMap<Format, VendorStats> = BTreeMap::new();
    let mut unmapped: HashMap<Format, HashMap<String, usize>> = HashMap::new();
    for f in files {
        let Some(format) = f.format() else { continue };
        if f.docs.is_empty() {
            continue;
        }
        let s = out.entry(format).or_default();
        s.files += 1;
        for d in &f.docs {
            s.rules += 1;
            if !d.query_errors.is_empty() {
                s.query_errors += 1;
            }
            if !d.rule.event_kinds.is_empty() {
                s.rules_with_event_kind += 1;
            }
            let maps = n.maps_for(format, &d.rule.context);
            for (p, _) in d.rule.predicates() {
                let Some(field) = &p.field else { continue };
                s.predicates += 1;
                match n.map_field(&maps, &d.rule.context, &field.value) {
                    Some(m) => {
                        s.mapped += 1;
                        let route = match m.route {
                            Route::Explicit => "explicit",
                            Route::Identity => "identity",
                            Route::Namespace => "namespace",
                        };
                        *s.mapped_by.entry(route.to_string()).or_default() += 1;
                    }
                    None => {
                        *unmapped
                            .entry(format)
                            .or_default()
                            .entry(field.value.clone())
                            .or_default() += 1
                    }
                }
            }
        }
    }
    for (format, m) in unmapped {
        let mut v: Vec<(String, usize)> = m.into_iter().collect();
        v.sort_by(|a, b| b.1.cmp(&a.1).then(a.0.cmp(&b.0)));
        v.truncate(20);
        if let Some(s) = out.get_mut(&format) {
            s.unmapped_top = v;
        }
    }
    out
}

/// Render the figures as text.
pub fn render(stats: &BTreeMap<Format, VendorStats>) -> String {
    let mut o = String::from("vendor     files  rules  query-errors  predicates  mapped            explicit/identity/namespace  event kind\n");
    for (f, s) in stats {
        o.push_str(&format!(
            "{:<9} {:>6} {:>6} {:>13} {:>11}  {:>6} ({:>5.1}%)   {:>6}/{:>6}/{:>6}         {:>5.1}%\n",
            f.name(),
            s.files,
            s.rules,
            s.query_errors,
            s.predicates,
            s.mapped,
            100.0 * s.mapped_share(),
            s.mapped_by.get("explicit").unwrap_or(&0),
            s.mapped_by.get("identity").unwrap_or(&0),
            s.mapped_by.get("namespace").unwrap_or(&0),
            100.0 * s.event_kind_share()
        ));
    }
    for (f, s) in stats {
        if !s.unmapped_top.is_empty() {
            o.push_str(&format!(
                "\nmost frequent unmapped fields ({}):\n",
                f.name()
            ));
            for (field, n) in &s.unmapped_top {
                o.push_str(&format!("  {n:>5}  {field}\n"));
            }
        }
    }
    o
}
