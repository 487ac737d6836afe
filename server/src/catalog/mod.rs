//! The catalog: what detlint knows about how the community writes rules — corpus reach of every
//! indicator, per-technique fields, values and exclusions, and the rules themselves. Built from a
//! corpus by [`build`], stored as one JSON file, the default one embedded in the binary.

pub mod build;
pub mod guide;
pub mod render;
pub mod site;
pub mod stats;

use crate::model::{Format, Op};
use serde::{Deserialize, Serialize};
/// The catalog's maps hash with foldhash: lookups by field, technique and indicator key are on
/// every check's hot path, where SipHash was a visible share of the time.
pub type HashMap<K, V, S = foldhash::fast::RandomState> = std::collections::HashMap<K, V, S>;
use std::sync::OnceLock;

/// Where a catalog's rules came from.
#[derive(Debug, Clone, Serialize, Deserialize, PartialEq)]
pub struct CorpusSource {
    pub vendor: String,
    pub repository: String,
    pub commit: String,
}

/// One rule of the catalog.
#[derive(Debug, Clone, Serialize, Deserialize, PartialEq)]
pub struct CatalogRule {
    pub vendor: Format,
    pub title: String,
    pub id: String,
    /// Path relative to the corpus root it was built from.
    pub path: String,
    pub platforms: Vec<String>,
    /// endpoint, network, identity, cloud, saas or other.
    pub domain: String,
    pub techniques: Vec<String>,
    pub event_kinds: Vec<String>,
    /// Indicators checked positively (ids into `indicators`).
    pub indicators: Vec<u32>,
    /// Indicators under a top-level negation.
    pub exclusions: Vec<u32>,
}

/// The stored catalog.
#[derive(Debug, Clone, Serialize, Deserialize, PartialEq, Default)]
pub struct CatalogFile {
    pub version: u32,
    /// The command that produced the file.
    pub generated_by: String,
    pub corpus: Vec<CorpusSource>,
    /// Canonical field names (indexed by indicators).
    pub fields: Vec<String>,
    /// (field index, operator, normalized value).
    pub indicators: Vec<(u32, Op, String)>,
    pub rules: Vec<CatalogRule>,
}

/// A loaded catalog with its indexes.
#[derive(Debug, Default, Clone)]
pub struct Catalog {
    pub file: CatalogFile,
    /// Number of rules checking each indicator positively.
    pub reach: Vec<u32>,
    /// Rules per technique (sub-techniques also under their parent).
    pub by_technique: HashMap<String, Vec<usize>>,
    /// Field index by name.
    pub field_ids: HashMap<String, u32>,
    /// Number of rules filtering each field (by field index), per vendor (`Format::ALL` order).
    pub field_rules: Vec<[u32; 5]>,
    /// Number of rules filtering each field (by index), per event kind.
    pub fields_by_kind: HashMap<String, HashMap<u32, u32>>,
    /// Number of rules per event kind.
    pub kind_rules: HashMap<String, u32>,
    /// Whether `file.indicators` is sorted by (field, op, value) (catalogs from `Builder` are).
    sorted: bool,
    /// Near-duplicate index, built on first use.
    near_dup: std::sync::OnceLock<NearDupIndex>,
    /// Indicator id by the hash of (field, op, value) (`u32::MAX` where hashes collide).
    indicator_index: std::sync::OnceLock<HashMap<u64, u32, foldhash::fast::FixedState>>,
    /// Exclusion expectations of a technique per field index, computed on first use.
    expectations: dashmap::DashMap<
        String,
        std::sync::Arc<HashMap<u32, std::sync::Arc<Expectation>>>,
        foldhash::fast::RandomState,
    >,
}

/// What the rules of one technique that filter one field exclude on it.
#[derive(Debug, Default, Clone)]
pub struct Expectation {
    /// Rules of the technique filtering the field (positively or in an exclusion).
    pub filtering: usize,
    /// Exclusion indicator ids on the field with the rules applying each, most common first.
    pub exclusions: Vec<(u32, Vec<usize>)>,
}

/// Indicator sets of the catalog's rules for near-duplicate search: keys are indicator ids,
/// exclusions offset by 2^32.
#[derive(Debug, Default, Clone)]
pub struct NearDupIndex {
    /// Sorted keys per rule (empty for rules with fewer than 3 positive indicators).
    pub sets: Vec<Vec<u64>>,
    /// Rules per key.
    pub postings: HashMap<u64, Vec<u32>>,
}

/// The hash of an indicator for the catalog's indicator index.
fn indicator_hash(field: u32, op: Op, value: &str) -> u64 {
    use std::hash::{BuildHasher, Hash, Hasher};
    let mut h = foldhash::fast::FixedState::with_seed(0).build_hasher();
    field.hash(&mut h);
    op.hash(&mut h);
    value.hash(&mut h);
    h.finish()
}

/// The near-duplicate key of an exclusion indicator id.
pub const EXCLUSION_KEY: u64 = 1 << 32;

/// The parent technique of a sub-technique (`T1059.001` → `T1059`).
pub fn parent_technique(t: &str) -> Option<&str> {
    t.split_once('.').map(|(p, _)| p)
}

fn vendor_index(f: Format) -> usize {
    Format::ALL.iter().position(|x| *x == f).unwrap_or(0)
}

impl Catalog {
    /// Index a catalog file.
    pub fn from_file(file: CatalogFile) -> Catalog {
        let mut reach = vec![0u32; file.indicators.len()];
        let mut by_technique: HashMap<String, Vec<usize>> = HashMap::default();
        let mut field_rules = vec![[0u32; 5]; file.fields.len()];
        let mut fields_by_kind: HashMap<String, HashMap<u32, u32>> = HashMap::default();
        let mut kind_rules: HashMap<String, u32> = HashMap::default();
        let mut seen_fields: Vec<u32> = Vec::new();
        for (ri, r) in file.rules.iter().enumerate() {
            seen_fields.clear();
            for &i in &r.indicators {
                if let Some(x) = reach.get_mut(i as usize) {
                    *x += 1;
                }
            }
            for &i in r.indicators.iter().chain(&r.exclusions) {
                if let Some((f, _, _)) = file.indicators.get(i as usize) {
                    if !seen_fields.contains(f) {
                        seen_fields.push(*f);
                    }
                }
            }
            for k in &r.event_kinds {
                *kind_rules.entry(k.clone()).or_default() += 1;
                let m = fields_by_kind.entry(k.clone()).or_default();
                for &f in &seen_fields {
                    *m.entry(f).or_default() += 1;
                }
            }
            for &f in &seen_fields {
                if let Some(row) = field_rules.get_mut(f as usize) {
                    row[vendor_index(r.vendor)] += 1;
                }
            }
            for t in &r.techniques {
                by_technique.entry(t.clone()).or_default().push(ri);
                if let Some(p) = parent_technique(t) {
                    let v = by_technique.entry(p.to_string()).or_default();
                    if v.last() != Some(&ri) {
                        v.push(ri);
                    }
                }
            }
        }
        for v in by_technique.values_mut() {
            v.sort_unstable();
            v.dedup();
        }
        let field_ids = file
            .fields
            .iter()
            .enumerate()
            .map(|(i, f)| (f.clone(), i as u32))
            .collect();
        let sorted = file
            .indicators
            .windows(2)
            .all(|w| (w[0].0, w[0].1, &w[0].2) <= (w[1].0, w[1].1, &w[1].2));
        Catalog {
            file,
            reach,
            by_technique,
            field_ids,
            field_rules,
            fields_by_kind,
            kind_rules,
            sorted,
            near_dup: Default::default(),
            indicator_index: Default::default(),
            expectations: Default::default(),
        }
    }

    /// The id of an indicator, if the catalog has it.
    pub fn indicator_id(&self, field: &str, op: Op, value: &str) -> Option<u32> {
        let f = *self.field_ids.get(field)?;
        match self.indicator_index().get(&indicator_hash(f, op, value)) {
            None => return None,
            Some(&i) if i != u32::MAX => {
                let (xf, xop, xv) = &self.file.indicators[i as usize];
                return (*xf == f && *xop == op && xv == value).then_some(i);
            }
            Some(_) => {}
        }
        self.search_indicator(f, op, value)
    }

    /// The indicator index, built on first use (also by [`Catalog::prepare`]).
    fn indicator_index(&self) -> &HashMap<u64, u32, foldhash::fast::FixedState> {
        self.indicator_index.get_or_init(|| {
            let mut index: HashMap<u64, u32, foldhash::fast::FixedState> =
                HashMap::with_capacity_and_hasher(
                    self.file.indicators.len(),
                    foldhash::fast::FixedState::with_seed(0),
                );
            for (i, (xf, xop, xv)) in self.file.indicators.iter().enumerate() {
                index
                    .entry(indicator_hash(*xf, *xop, xv))
                    .and_modify(|v| *v = u32::MAX) // a collision: searched instead
                    .or_insert(i as u32);
            }
            index
        })
    }

    /// Build the lookup indexes now (the CLI does it while it walks folders).
    pub fn prepare(&self) {
        self.indicator_index();
    }

    /// The id of an indicator whose hash collides with another's.
    fn search_indicator(&self, f: u32, op: Op, value: &str) -> Option<u32> {
        if self.sorted {
            self.file
                .indicators
                .binary_search_by(|(xf, xop, xv)| (*xf, *xop, xv.as_str()).cmp(&(f, op, value)))
                .ok()
                .map(|i| i as u32)
        } else {
            self.file
                .indicators
                .iter()
                .position(|(xf, xop, xv)| *xf == f && *xop == op && xv == value)
                .map(|i| i as u32)
        }
    }

    /// The near-duplicate index (built once, on first use).
    pub fn near_dup_index(&self) -> &NearDupIndex {
        self.near_dup.get_or_init(|| {
            let mut idx = NearDupIndex::default();
            for (ri, r) in self.file.rules.iter().enumerate() {
                let mut keys: Vec<u64> = Vec::new();
                if r.indicators.len() >= 3 {
                    keys.extend(r.indicators.iter().map(|&i| i as u64));
                    keys.extend(r.exclusions.iter().map(|&i| i as u64 | EXCLUSION_KEY));
                    keys.sort_unstable();
                    keys.dedup();
                    for &k in &keys {
                        idx.postings.entry(k).or_default().push(ri as u32);
                    }
                }
                idx.sets.push(keys);
            }
            idx
        })
    }

    /// Which exclusions on `field` the rules of `technique` apply (computed for every field of
    /// the technique in one pass over its rules, on first use).
    pub fn expectation(&self, technique: &str, field: &str) -> std::sync::Arc<Expectation> {
        let Some(&f) = self.field_ids.get(field) else {
            return Default::default();
        };
        let per_field = match self.expectations.get(technique) {
            Some(e) => e.clone(),
            None => {
                let e = std::sync::Arc::new(self.technique_expectations(technique));
                self.expectations.insert(technique.to_string(), e.clone());
                e
            }
        };
        per_field.get(&f).cloned().unwrap_or_default()
    }

    /// The expectations of every field the rules of `technique` filter.
    fn technique_expectations(&self, technique: &str) -> HashMap<u32, std::sync::Arc<Expectation>> {
        let mut filtering: HashMap<u32, usize> = HashMap::default();
        let mut counts: HashMap<u32, HashMap<u32, Vec<usize>>> = HashMap::default();
        let mut fields: Vec<u32> = Vec::new();
        let field_of = |i: u32| self.file.indicators.get(i as usize).map(|x| x.0);
        for &ri in self.rules_of(technique) {
            let r = &self.file.rules[ri];
            fields.clear();
            fields.extend(
                r.indicators
                    .iter()
                    .chain(&r.exclusions)
                    .filter_map(|&i| field_of(i)),
            );
            fields.sort_unstable();
            fields.dedup();
            for &f in &fields {
                *filtering.entry(f).or_default() += 1;
            }
            for &e in &r.exclusions {
                if let Some(f) = field_of(e) {
                    counts.entry(f).or_default().entry(e).or_default().push(ri);
                }
            }
        }
        filtering
            .into_iter()
            .map(|(f, n)| {
                let mut exclusions: Vec<(u32, Vec<usize>)> = counts
                    .remove(&f)
                    .map(|c| c.into_iter().collect())
                    .unwrap_or_default();
                exclusions.sort_by(|a, b| b.1.len().cmp(&a.1.len()).then(a.0.cmp(&b.0)));
                (
                    f,
                    std::sync::Arc::new(Expectation {
                        filtering: n,
                        exclusions,
                    }),
                )
            })
            .collect()
    }

    /// Number of rules of `kind` filtering `field`.
    pub fn kind_field_rules(&self, kind: &str, field: &str) -> u32 {
        let Some(f) = self.field_ids.get(field) else {
            return 0;
        };
        self.fields_by_kind
            .get(kind)
            .and_then(|m| m.get(f))
            .copied()
            .unwrap_or(0)
    }

    /// The fields rules of `kind` filter.
    pub fn kind_fields(&self, kind: &str) -> Vec<&str> {
        self.fields_by_kind
            .get(kind)
            .map(|m| {
                m.keys()
                    .filter_map(|&f| self.file.fields.get(f as usize).map(String::as_str))
                    .collect()
            })
            .unwrap_or_default()
    }

    /// Parse a catalog from JSON text.
    pub fn from_json(text: &str) -> Result<Catalog, String> {
        let file: CatalogFile =
            serde_json::from_str(text).map_err(|e| format!("invalid catalog: {e}"))?;
        Ok(Catalog::from_file(file))
    }

    /// Load a catalog file from disk.
    pub fn load(path: &std::path::Path) -> Result<Catalog, String> {
        let text = std::fs::read_to_string(path).map_err(|e| format!("{}: {e}", path.display()))?;
        Catalog::from_json(&text).map_err(|e| format!("{}: {e}", path.display()))
    }

    /// The default catalog built from the public corpus, embedded in the binary.
    pub fn embedded() -> &'static Catalog {
        static C: OnceLock<Catalog> = OnceLock::new();
        C.get_or_init(|| {
            Catalog::from_json(include_str!("../../../rules/catalog.json")).unwrap_or_else(|e| {
                tracing::error!("embedded catalog: {e}");
                Catalog::default()
            })
        })
    }

    /// The (field, op, value) of an indicator id.
    pub fn indicator(&self, id: u32) -> Option<(&str, Op, &str)> {
        let (f, op, v) = self.file.indicators.get(id as usize)?;
        Some((self.file.fields.get(*f as usize)?.as_str(), *op, v.as_str()))
    }

    /// Corpus reach of an indicator (0 when the catalog has never seen it).
    pub fn reach_of(&self, field: &str, op: Op, value: &str) -> u32 {
        self.indicator_id(field, op, value)
            .and_then(|i| self.reach.get(i as usize).copied())
            .unwrap_or(0)
    }

    /// Rules under a technique (and its sub-techniques).
    pub fn rules_of(&self, technique: &str) -> &[usize] {
        self.by_technique
            .get(&technique.to_ascii_uppercase())
            .map(Vec::as_slice)
            .unwrap_or(&[])
    }

    /// Number of rules filtering `field`, all vendors.
    pub fn field_usage(&self, field: &str) -> u32 {
        self.field_usage_by_vendor(field).iter().sum()
    }

    /// Number of rules filtering `field`, per vendor in `Format::ALL` order.
    pub fn field_usage_by_vendor(&self, field: &str) -> [u32; 5] {
        self.field_ids
            .get(field)
            .and_then(|&f| self.field_rules.get(f as usize))
            .copied()
            .unwrap_or([0; 5])
    }
}
