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
use std::collections::HashMap;
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
    /// Indicator id by (field, op, value).
    pub indicator_ids: HashMap<(String, Op, String), u32>,
    /// Number of rules filtering each canonical field, per vendor.
    pub field_rules: HashMap<String, HashMap<Format, u32>>,
    /// Number of rules filtering each canonical field, per event kind.
    pub fields_by_kind: HashMap<String, HashMap<String, u32>>,
    /// Number of rules per event kind.
    pub kind_rules: HashMap<String, u32>,
}

/// The parent technique of a sub-technique (`T1059.001` → `T1059`).
pub fn parent_technique(t: &str) -> Option<&str> {
    t.split_once('.').map(|(p, _)| p)
}

impl Catalog {
    /// Index a catalog file.
    pub fn from_file(file: CatalogFile) -> Catalog {
        let mut reach = vec![0u32; file.indicators.len()];
        let mut by_technique: HashMap<String, Vec<usize>> = HashMap::new();
        let mut field_rules: HashMap<String, HashMap<Format, u32>> = HashMap::new();
        let mut fields_by_kind: HashMap<String, HashMap<String, u32>> = HashMap::new();
        let mut kind_rules: HashMap<String, u32> = HashMap::new();
        for (ri, r) in file.rules.iter().enumerate() {
            let mut seen_fields: Vec<u32> = Vec::new();
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
            }
            for f in seen_fields {
                if let Some(name) = file.fields.get(f as usize) {
                    *field_rules
                        .entry(name.clone())
                        .or_default()
                        .entry(r.vendor)
                        .or_default() += 1;
                    for k in &r.event_kinds {
                        *fields_by_kind
                            .entry(k.clone())
                            .or_default()
                            .entry(name.clone())
                            .or_default() += 1;
                    }
                }
            }
            let mut techs: Vec<&str> = Vec::new();
            for t in &r.techniques {
                techs.push(t);
                if let Some(p) = parent_technique(t) {
                    techs.push(p);
                }
            }
            techs.sort_unstable();
            techs.dedup();
            for t in techs {
                by_technique.entry(t.to_string()).or_default().push(ri);
            }
        }
        let indicator_ids = file
            .indicators
            .iter()
            .enumerate()
            .filter_map(|(i, (f, op, v))| {
                file.fields
                    .get(*f as usize)
                    .map(|name| ((name.clone(), *op, v.clone()), i as u32))
            })
            .collect();
        Catalog {
            file,
            reach,
            by_technique,
            indicator_ids,
            field_rules,
            fields_by_kind,
            kind_rules,
        }
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
        self.indicator_ids
            .get(&(field.to_string(), op, value.to_string()))
            .and_then(|&i| self.reach.get(i as usize).copied())
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
        self.field_rules
            .get(field)
            .map(|m| m.values().sum())
            .unwrap_or(0)
    }
}
