//! Splunk front end: a security_content detection (YAML) → [`SplunkDoc`] (the format's own view)
//! + [`crate::model::Rule`].
//!
//! The `search:` is macro-expanded with the reference macros of security_content (compiled in) and,
//! when the file lives in a security_content-shaped repository, that repository's `macros/`; then
//! parsed with `detlint_spl` and lowered ([`lower`]). SPL syntax errors become query errors at
//! their position in the YAML file.

pub mod cim;
pub mod lower;
pub mod macros;
mod read;

pub use read::is_technique_shape;

use super::{FormatData, FrontEnd, ParseOptions, ParsedDoc, ParsedFile};
use crate::model::{Span, Spanned};
use crate::source::yaml::{self, YamlNode};
use std::path::Path;

/// One macro call of the search (after expansion; nested calls carry the outer call's span).
#[derive(Debug, Clone, PartialEq)]
pub struct MacroUse {
    pub name: String,
    pub nargs: usize,
    /// Span of the call in the file (for nested calls: the outermost call).
    pub span: Span,
    pub resolved: bool,
    /// 0 for calls written in the rule, 1+ inside macro definitions.
    pub depth: usize,
    /// Why expansion stopped (cycle, depth limit).
    pub problem: Option<String>,
    /// The argument counts this name is defined with (empty: unknown name).
    pub known_arities: Vec<usize>,
    /// Defined by another Splunk app (CIM add-on, Enterprise Security): known, not expanded.
    pub external: bool,
}

/// A data model field referenced by `tstats`.
#[derive(Debug, Clone, PartialEq)]
pub struct DmField {
    /// The data model of the `tstats … from` (`Endpoint.Processes`).
    pub datamodel: String,
    /// The field as written (`Processes.process_name`).
    pub field: String,
    pub span: Span,
    /// Written inside a macro definition (the span is the macro call).
    pub in_macro: bool,
}

/// The analysed `search:`.
#[derive(Debug, Clone, PartialEq)]
pub struct SearchInfo {
    /// Span of the `search:` value in the file.
    pub span: Span,
    /// The decoded search text.
    pub text: String,
    /// The macro-expanded text.
    pub expanded: String,
    /// File offset just after the last non-blank character of the search (to append text).
    pub end: usize,
    pub macro_calls: Vec<MacroUse>,
    /// Data models of `tstats … from datamodel=…`.
    pub datamodels: Vec<String>,
    pub dm_fields: Vec<DmField>,
    /// Lookup tables used (`lookup`, `inputlookup`).
    pub lookups: Vec<Spanned<String>>,
}

/// A risk object / observable: (field, type) as declared in `rba` or `tags.observable`.
#[derive(Debug, Clone, PartialEq)]
pub struct RiskObject {
    pub field: Spanned<String>,
    pub kind: Option<String>,
    pub score: Option<i64>,
}

/// The Splunk-specific view of one rule document.
#[derive(Debug, Clone, PartialEq, Default)]
pub struct SplunkDoc {
    /// Index of the YAML document in the stream.
    pub doc_index: usize,
    pub name: Option<Spanned<String>>,
    /// `type:` (TTP, Anomaly, Hunting, Correlation, …).
    pub detection_type: Option<Spanned<String>>,
    /// `tags.mitre_attack_id` entries as written.
    pub mitre_attack_ids: Vec<Spanned<String>>,
    pub search: Option<Box<SearchInfo>>,
    /// The other schema fields.
    pub meta: Box<SplunkMeta>,
}

/// Schema fields of a detection that checks rarely need.
#[derive(Debug, Clone, PartialEq, Default)]
pub struct SplunkMeta {
    pub version: Option<Spanned<String>>,
    pub data_sources: Vec<Spanned<String>>,
    pub how_to_implement: Option<Spanned<String>>,
    pub known_false_positives: Option<Spanned<String>>,
    pub analytic_stories: Vec<Spanned<String>>,
    pub asset_type: Option<Spanned<String>>,
    pub security_domain: Option<Spanned<String>>,
    /// `rba.risk_objects`, or `tags.observable` in older content.
    pub risk_objects: Vec<RiskObject>,
    pub threat_objects: Vec<RiskObject>,
}

impl SplunkDoc {
    /// The `<snake_case_name>_filter` macro security_content generates for this detection.
    pub fn filter_macro_name(&self) -> Option<String> {
        self.name.as_ref().map(|n| filter_macro_for(&n.value))
    }
}

/// security_content's filter macro name of a detection name: lower case, every character other
/// than a letter or digit becomes `_` (one for one: `A - B` → `a___b`), then `_filter`.
pub fn filter_macro_for(name: &str) -> String {
    let mut out: String = name
        .trim()
        .chars()
        .map(|c| {
            if c.is_ascii_alphanumeric() {
                c.to_ascii_lowercase()
            } else {
                '_'
            }
        })
        .collect();
    out.push_str("_filter");
    out
}

/// Every Splunk document of a parsed file with its YAML root.
pub fn docs(file: &ParsedFile) -> impl Iterator<Item = (&ParsedDoc, &SplunkDoc, &YamlNode)> {
    file.docs.iter().filter_map(move |d| match &d.data {
        FormatData::Splunk(s) => file.yaml_root(s.doc_index).map(|root| (d, s, root)),
        _ => None,
    })
}

/// Read a Splunk file.
pub fn read(path: &Path, text: &str, opts: &ParseOptions) -> FrontEnd {
    let stream = yaml::parse(text, opts.yaml);
    let set = macros::for_path(path);
    let mut docs = Vec::new();
    for (i, d) in stream.docs.iter().enumerate() {
        if !d.root.is_map() {
            continue;
        }
        let (doc, rule, errors) = read::read_doc(&d.root, d.span, i, &set);
        docs.push(ParsedDoc {
            rule,
            data: FormatData::Splunk(doc),
            query_errors: errors,
        });
    }
    FrontEnd {
        yaml: Some(stream),
        docs,
        problems: Vec::new(),
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn filter_names() {
        assert_eq!(
            filter_macro_for("Access LSASS Memory for Dump Creation"),
            "access_lsass_memory_for_dump_creation_filter"
        );
        assert_eq!(
            filter_macro_for("WS FTP Remote Code Execution - CVE-2023-40044"),
            "ws_ftp_remote_code_execution___cve_2023_40044_filter"
        );
    }
}
