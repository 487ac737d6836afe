//! Panther data models: for each log type, the UDM fields (`source_ip`, `actor_user`, …) and the
//! event path (or Python method) each maps to. Generated from Panther's `data_models/*.yml` into
//! `rules/panther_data_models.tsv` (see [`generate`]) and embedded, so the binary needs no
//! reference files at run time.
//!
//! File format: one mapping a line, `LogType<TAB>UdmName<TAB>path:<path>` or
//! `…<TAB>method:<name>`; lines starting with `#` are comments.

use crate::source::yaml::{self, ParseLimits};
use std::collections::BTreeMap;
use std::path::Path;
use std::sync::OnceLock;

/// The embedded table.
pub const DATA: &str = include_str!("../../../../rules/panther_data_models.tsv");

/// How a UDM field is computed for a log type.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Mapping<'a> {
    /// A path into the event (`client.ipAddress`).
    Path(&'a str),
    /// A Python method of the data model (`get_event_type`).
    Method(&'a str),
}

type Table = BTreeMap<(&'static str, &'static str), Mapping<'static>>;

fn table() -> &'static Table {
    static T: OnceLock<Table> = OnceLock::new();
    T.get_or_init(|| {
        let mut t = BTreeMap::new();
        for line in DATA.lines() {
            if line.starts_with('#') || line.trim().is_empty() {
                continue;
            }
            let mut it = line.split('\t');
            let (Some(lt), Some(name), Some(m)) = (it.next(), it.next(), it.next()) else {
                continue;
            };
            let mapping = if let Some(p) = m.strip_prefix("path:") {
                Mapping::Path(p)
            } else if let Some(p) = m.strip_prefix("method:") {
                Mapping::Method(p)
            } else {
                continue;
            };
            t.insert((lt, name), mapping);
        }
        t
    })
}

/// How UDM field `name` is computed for `log_type`.
pub fn lookup(log_type: &str, name: &str) -> Option<Mapping<'static>> {
    table().get(&(log_type, name)).copied()
}

/// The UDM fields defined for `log_type`.
pub fn fields(log_type: &str) -> Vec<&'static str> {
    table()
        .keys()
        .filter(|(lt, _)| *lt == log_type)
        .map(|(_, n)| *n)
        .collect()
}

/// Every log type with a data model.
pub fn log_types() -> Vec<&'static str> {
    let mut v: Vec<&str> = table().keys().map(|(lt, _)| *lt).collect();
    v.dedup();
    v
}

/// The UDM name that maps to event path `path` for `log_type` (reverse lookup).
pub fn udm_for_path(log_type: &str, path: &str) -> Option<&'static str> {
    table()
        .iter()
        .find_map(|((lt, n), m)| (*lt == log_type && *m == Mapping::Path(path)).then_some(*n))
}

/// Generate the table from a folder of Panther data model YAML files (`AnalysisType:
/// datamodel`, `LogTypes`, `Mappings: [{Name, Path|Method}]`). `$.` prefixes are dropped.
pub fn generate(dir: &Path) -> std::io::Result<String> {
    let mut files: Vec<_> = std::fs::read_dir(dir)?
        .filter_map(|e| e.ok().map(|e| e.path()))
        .filter(|p| p.extension().is_some_and(|x| x == "yml" || x == "yaml"))
        .collect();
    files.sort();
    let mut rows = Vec::new();
    for f in files {
        let text = std::fs::read_to_string(&f)?;
        let stream = yaml::parse(&text, ParseLimits::default());
        for d in &stream.docs {
            let root = &d.root;
            if root.get("AnalysisType").and_then(|a| a.as_str()) != Some("datamodel") {
                continue;
            }
            let lts: Vec<&str> = root
                .get("LogTypes")
                .map(|l| l.string_list().into_iter().map(|(s, _)| s).collect())
                .unwrap_or_default();
            for m in root.get("Mappings").map(|m| m.items()).unwrap_or(&[]) {
                let Some(name) = m.get("Name").and_then(|n| n.as_str()) else {
                    continue;
                };
                let mapping = if let Some(p) = m.get("Path").and_then(|p| p.as_str()) {
                    format!("path:{}", p.trim().strip_prefix("$.").unwrap_or(p.trim()))
                } else if let Some(p) = m.get("Method").and_then(|p| p.as_str()) {
                    format!("method:{}", p.trim())
                } else {
                    continue;
                };
                for lt in &lts {
                    rows.push(format!("{lt}\t{name}\t{mapping}"));
                }
            }
        }
    }
    rows.sort();
    rows.dedup();
    let mut out = String::from(
        "# Panther data models: LogType, UDM field, path:<event path> or method:<python method>.\n\
         # Generated from panther-labs/panther-analysis data_models/*.yml by\n\
         # `DETLINT_REGENERATE=1 cargo test --test panther_data_models`. Do not edit by hand.\n",
    );
    for r in rows {
        out.push_str(&r);
        out.push('\n');
    }
    Ok(out)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn embedded_table_resolves() {
        assert_eq!(
            lookup("Okta.SystemLog", "source_ip"),
            Some(Mapping::Path("client.ipAddress"))
        );
        assert_eq!(
            lookup("AWS.CloudTrail", "event_type"),
            Some(Mapping::Method("get_event_type"))
        );
        assert_eq!(udm_for_path("GitHub.Audit", "actor"), Some("actor_user"));
        assert!(log_types().contains(&"AWS.CloudTrail"));
        assert!(fields("GSuite.ActivityEvent").contains(&"user"));
    }
}
