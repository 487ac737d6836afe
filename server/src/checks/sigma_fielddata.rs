//! Sigma field names by logsource, generated from SigmaHQ's `tests/logsource.json` into
//! `rules/sigma_fields.tsv` (see `tests/sigma_checks.rs`, which regenerates and detects
//! staleness). Used by DL219 sigma-field-name-case and DL220 sigma-unknown-field.
//! This file is a helper module, not a check.

use std::collections::HashMap;
use std::sync::OnceLock;

/// The embedded data file.
pub const DATA: &str = include_str!("../../../rules/sigma_fields.tsv");

/// Key: `product\tcategory\tservice`, empty for absent.
type Key = String;

/// Known fields of one logsource.
pub struct Fields {
    /// Exact names.
    pub names: Vec<&'static str>,
    /// Lower-case name → exact name.
    pub lower: HashMap<String, &'static str>,
}

fn table() -> &'static HashMap<Key, Fields> {
    static T: OnceLock<HashMap<Key, Fields>> = OnceLock::new();
    T.get_or_init(|| {
        let mut m = HashMap::new();
        for line in DATA.lines() {
            if line.starts_with('#') || line.trim().is_empty() {
                continue;
            }
            let mut cols = line.split('\t');
            let (Some(p), Some(c), Some(s), Some(f)) =
                (cols.next(), cols.next(), cols.next(), cols.next())
            else {
                continue;
            };
            let dash = |x: &'static str| if x == "-" { "" } else { x };
            let names: Vec<&'static str> = f.split(' ').filter(|x| !x.is_empty()).collect();
            let lower = names.iter().map(|n| (n.to_lowercase(), *n)).collect();
            m.insert(
                format!("{}\t{}\t{}", dash(p), dash(c), dash(s)),
                Fields { names, lower },
            );
        }
        m
    })
}

/// The known fields of a logsource given as (product, category, service) (`""` when absent);
/// `None` when the logsource is not in the list (then nothing can be said).
pub fn fields_for(product: &str, category: &str, service: &str) -> Option<&'static Fields> {
    table()
        .get(&format!("{product}\t{category}\t{service}"))
        .filter(|f| !f.names.is_empty())
}

/// The (product, category, service) of a document's logsource, lower-cased (wrong case is
/// DL110's finding; the taxonomy lookups should not report it a second time).
pub fn logsource_key(
    logsource: &[(String, String, crate::model::Span)],
) -> (String, String, String) {
    let get = |k: &str| {
        logsource
            .iter()
            .find(|(key, _, _)| key == k)
            .map(|(_, v, _)| v.to_ascii_lowercase())
            .unwrap_or_default()
    };
    (get("product"), get("category"), get("service"))
}

/// Whether the logsource (product, category, service) appears in SigmaHQ's list: an exact
/// entry, or a product-only / category-only logsource whose product / category is listed.
pub fn is_known_logsource(product: &str, category: &str, service: &str) -> bool {
    let t = table();
    if t.contains_key(&format!("{product}\t{category}\t{service}")) {
        return true;
    }
    if category.is_empty() && service.is_empty() {
        return t.keys().any(|k| k.split('\t').next() == Some(product));
    }
    false
}
