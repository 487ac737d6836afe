//! Loading the field tables under `rules/fields/` (embedded in the binary).

use crate::model::Format;
use serde::Deserialize;
use std::collections::HashMap;

#[derive(Debug, Deserialize)]
struct RawFile {
    #[serde(default)]
    map: Vec<RawMap>,
}

#[derive(Debug, Deserialize)]
#[serde(deny_unknown_fields)]
struct RawMap {
    #[serde(default)]
    when: HashMap<String, toml::Value>,
    #[serde(default)]
    fields: HashMap<String, String>,
    prefix: Option<String>,
    case: Option<String>,
    #[serde(default)]
    identity: bool,
    #[serde(default, rename = "strip-object")]
    strip_object: bool,
}

/// One `[[map]]` of a field table.
#[derive(Debug, Clone)]
pub struct FieldMap {
    /// Context conditions: key → allowed values (lower-case).
    pub when: Vec<(String, Vec<String>)>,
    /// Lower-case vendor field → canonical field.
    pub fields: HashMap<String, String>,
    /// Lower-case vendor field → the spelling in the table.
    pub names: HashMap<String, String>,
    pub prefix: Option<String>,
    pub snake_case: bool,
    pub identity: bool,
    /// Also look a field up without its data-set prefix (`Processes.process_name`).
    pub strip_object: bool,
}

impl FieldMap {
    /// The table's spelling of a (lower-case) vendor field.
    pub fn original_name<'a>(&'a self, lower: &'a str) -> &'a str {
        self.names.get(lower).map(String::as_str).unwrap_or(lower)
    }

    /// Whether every condition holds for the context.
    pub fn matches(&self, context: &[(String, String)]) -> bool {
        self.when.iter().all(|(k, vals)| {
            context.iter().any(|(ck, cv)| {
                ck.eq_ignore_ascii_case(k) && vals.iter().any(|v| v.eq_ignore_ascii_case(cv))
            })
        })
    }
}

/// The embedded table text of a vendor.
fn source(format: Format) -> &'static str {
    match format {
        Format::Sigma => include_str!("../../../rules/fields/sigma.toml"),
        Format::Elastic => include_str!("../../../rules/fields/elastic.toml"),
        Format::Splunk => include_str!("../../../rules/fields/splunk.toml"),
        Format::Sentinel => include_str!("../../../rules/fields/sentinel.toml"),
        Format::Panther => include_str!("../../../rules/fields/panther.toml"),
    }
}

/// Parse a table; errors name the vendor (a broken embedded table fails the tests).
pub fn parse(format: Format, text: &str) -> Result<Vec<FieldMap>, String> {
    let raw: RawFile =
        toml::from_str(text).map_err(|e| format!("rules/fields/{}.toml: {e}", format.name()))?;
    Ok(raw
        .map
        .into_iter()
        .map(|m| FieldMap {
            when: m
                .when
                .into_iter()
                .map(|(k, v)| {
                    let vals = match v {
                        toml::Value::Array(a) => a
                            .iter()
                            .filter_map(|x| x.as_str().map(str::to_ascii_lowercase))
                            .collect(),
                        toml::Value::String(s) => vec![s.to_ascii_lowercase()],
                        _ => Vec::new(),
                    };
                    (k, vals)
                })
                .collect(),
            names: m
                .fields
                .keys()
                .map(|k| (k.to_ascii_lowercase(), k.clone()))
                .collect(),
            fields: m
                .fields
                .into_iter()
                .map(|(k, v)| (k.to_ascii_lowercase(), v))
                .collect(),
            prefix: m.prefix,
            snake_case: m.case.as_deref() == Some("snake"),
            identity: m.identity,
            strip_object: m.strip_object,
        })
        .collect())
}

/// The parsed tables of a vendor, most specific maps first.
pub fn load(format: Format) -> Vec<FieldMap> {
    let mut maps = parse(format, source(format)).unwrap_or_else(|e| {
        tracing::error!("{e}");
        Vec::new()
    });
    maps.sort_by_key(|m| std::cmp::Reverse(m.when.len()));
    maps
}
