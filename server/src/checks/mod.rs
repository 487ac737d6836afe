//! The checks: one file per check, each with its documentation in its `//!` doc comment, and the
//! central registry below. A check is either a file check (sees one parsed file) or a workspace
//! check (sees every file checked together: duplicate ids, titles, file names).

mod context;
pub use context::{FileCtx, Sink, WorkspaceCtx, WorkspaceSink};

use crate::diagnostic::Severity;
use crate::model::Format;

// Syntax and files
mod file_unreadable;
mod query_syntax;
mod yaml_syntax;
// Sigma schema and metadata
mod sigma_duplicate_id;
mod sigma_duplicate_list_entry;
mod sigma_invalid_date;
mod sigma_invalid_enum;
mod sigma_invalid_id;
mod sigma_logsource;
mod sigma_missing_recommended;
mod sigma_missing_required;
mod sigma_tag_format;
mod sigma_unknown_key;
pub use sigma_unknown_key::KNOWN_KEYS as SIGMA_KNOWN_KEYS;
// Sigma detection logic
mod sigma_all_of_them;
mod sigma_condition_syntax;
mod sigma_control_character;
mod sigma_correlation;
mod sigma_deprecated_without_related;
mod sigma_description_style;
mod sigma_double_wildcard;
mod sigma_duplicate_filename;
mod sigma_duplicate_title;
mod sigma_empty_selection;
mod sigma_escaped_wildcard;
mod sigma_falsepositives_style;
mod sigma_field_name_case;
mod sigma_field_name_space;
mod sigma_fielddata;
mod sigma_fields_section;
mod sigma_filename;
mod sigma_filename_prefix;
mod sigma_filter_rule;
mod sigma_folder_detection_tag;
mod sigma_generic_logsource;
mod sigma_hashes_format;
mod sigma_localized_user;
mod sigma_logsource_unknown;
mod sigma_modified_date;
mod sigma_of_matches_one;
mod sigma_of_missing_asterisk;
mod sigma_redundant_field;
mod sigma_reference_links;
mod sigma_related_entry;
mod sigma_sysmon_missing_eventid;
mod sigma_tag_unique;
mod sigma_technique_without_tactic;
mod sigma_them_single_selection;
mod sigma_title_style;
mod sigma_unknown_field;
mod sigma_unknown_rule_reference;
mod sigma_value_too_long;

// Cross-format, corpus-aware and ATT&CK checks (DL3xx, DL4xx)
mod attack_deprecated_technique;
mod attack_no_technique;
mod attack_outside_data;
mod attack_revoked_technique;
mod attack_tactic_mismatch;
mod attack_unknown_tactic;
mod attack_unknown_technique;
mod corpus_common_indicator;
mod corpus_missing_exclusion;
mod corpus_near_duplicate;
mod corpus_unusual_field;

// (end of cross-format checks)

// Elastic checks (DL5xx)
mod elastic_category_mismatch;
mod elastic_common;
mod elastic_costly_pattern;
mod elastic_eql_unsupported;
mod elastic_esql_missing_metadata;
mod elastic_invalid_pattern;
mod elastic_kuery_unfielded_value;
mod elastic_threat_mapping;
mod elastic_toml_syntax;
mod elastic_unknown_field;

// (end of Elastic checks)

// Splunk checks (DL6xx)
mod splunk_attack_id;
mod splunk_datamodel_field;
mod splunk_filter_macro;
mod splunk_macro_arguments;
mod splunk_unknown_lookup;
mod splunk_unknown_macro;

// (end of Splunk checks)

// Sentinel checks (DL7xx)
mod sentinel_attack_mapping;
mod sentinel_contains_instead_of_has;
mod sentinel_entity_column;
mod sentinel_invalid_enum;
mod sentinel_schedule;
mod sentinel_unknown_table;

// (end of Sentinel checks)

// Panther checks (DL8xx)
mod panther_invalid_match;
mod panther_missing_python;
mod panther_missing_tests;
mod panther_report_format;
mod panther_test_fails;
mod panther_unknown_condition;

// (end of Panther checks)
mod sigma_invalid_cidr;
mod sigma_invalid_regex;
mod sigma_modifier_combination;
mod sigma_number_as_string;
mod sigma_undefined_selection;
mod sigma_unknown_modifier;
mod sigma_unused_selection;
mod sigma_wildcard_instead_of_modifier;

include!(concat!(env!("OUT_DIR"), "/check_docs.rs"));

/// What every check declares about itself.
#[derive(Debug)]
pub struct CheckMeta {
    /// Stable code, `DLnnn`.
    pub code: &'static str,
    /// Stable slug, kebab-case.
    pub name: &'static str,
    pub severity: Severity,
    /// Formats it applies to (empty: all).
    pub formats: &'static [Format],
    /// Names of the same check in pySigma, pySigma-validators-sigmaHQ and rsigma.
    pub aliases: &'static [&'static str],
    /// One line: what it finds.
    pub summary: &'static str,
    /// Whether it offers fixes.
    pub fixable: bool,
    /// `file!()` of the check's source; its `//!` comment is the documentation.
    pub source: &'static str,
}

impl CheckMeta {
    /// The check's documentation (its file's `//!` comment).
    pub fn doc(&self) -> &'static str {
        CHECK_DOCS
            .iter()
            .find(|(p, _)| p.ends_with(self.source) || self.source.ends_with(p))
            .map(|(_, d)| *d)
            .unwrap_or(self.summary)
    }

    /// The documentation URL.
    pub fn url(&self) -> String {
        format!("https://detlint.invalid/docs/checks/{}.md", self.code)
    }

    /// Whether the check applies to `format`.
    pub fn applies_to(&self, format: Option<Format>) -> bool {
        self.formats.is_empty() || format.is_some_and(|f| self.formats.contains(&f))
    }
}

/// How a check runs.
pub enum Run {
    File(fn(&FileCtx, &mut Sink)),
    Workspace(fn(&WorkspaceCtx, &mut WorkspaceSink)),
}

/// A registered check.
pub struct Check {
    pub meta: CheckMeta,
    pub run: Run,
}

/// Every check, in code order.
pub fn registry() -> &'static [&'static Check] {
    static REGISTRY: &[&Check] = &[
        &file_unreadable::CHECK,
        &yaml_syntax::CHECK,
        &query_syntax::CHECK,
        &sigma_missing_required::CHECK,
        &sigma_unknown_key::CHECK,
        &sigma_invalid_id::CHECK,
        &sigma_duplicate_id::CHECK,
        &sigma_invalid_date::CHECK,
        &sigma_invalid_enum::CHECK,
        &sigma_missing_recommended::CHECK,
        &sigma_tag_format::CHECK,
        &sigma_duplicate_list_entry::CHECK,
        &sigma_logsource::CHECK,
        &sigma_condition_syntax::CHECK,
        &sigma_undefined_selection::CHECK,
        &sigma_unused_selection::CHECK,
        &sigma_unknown_modifier::CHECK,
        &sigma_modifier_combination::CHECK,
        &sigma_invalid_regex::CHECK,
        &sigma_invalid_cidr::CHECK,
        &sigma_wildcard_instead_of_modifier::CHECK,
        &sigma_double_wildcard::CHECK,
        &sigma_number_as_string::CHECK,
        &sigma_empty_selection::CHECK,
        &sigma_title_style::CHECK,
        &sigma_description_style::CHECK,
        &sigma_falsepositives_style::CHECK,
        &sigma_reference_links::CHECK,
        &sigma_related_entry::CHECK,
        &sigma_deprecated_without_related::CHECK,
        &sigma_fields_section::CHECK,
        &sigma_filename::CHECK,
        &sigma_filename_prefix::CHECK,
        &sigma_tag_unique::CHECK,
        &sigma_technique_without_tactic::CHECK,
        &sigma_correlation::CHECK,
        &sigma_filter_rule::CHECK,
        &sigma_duplicate_title::CHECK,
        &sigma_duplicate_filename::CHECK,
        &sigma_value_too_long::CHECK,
        &sigma_modified_date::CHECK,
        &sigma_logsource_unknown::CHECK,
        &sigma_folder_detection_tag::CHECK,
        &sigma_unknown_rule_reference::CHECK,
        &sigma_them_single_selection::CHECK,
        &sigma_all_of_them::CHECK,
        &sigma_of_missing_asterisk::CHECK,
        &sigma_generic_logsource::CHECK,
        &sigma_redundant_field::CHECK,
        &sigma_sysmon_missing_eventid::CHECK,
        &sigma_field_name_space::CHECK,
        &sigma_field_name_case::CHECK,
        &sigma_unknown_field::CHECK,
        &sigma_hashes_format::CHECK,
        &sigma_localized_user::CHECK,
        &sigma_control_character::CHECK,
        &sigma_escaped_wildcard::CHECK,
        &sigma_of_matches_one::CHECK,
        // cross-format, corpus-aware and ATT&CK
        &corpus_common_indicator::CHECK,
        &corpus_missing_exclusion::CHECK,
        &corpus_near_duplicate::CHECK,
        &corpus_unusual_field::CHECK,
        &attack_unknown_technique::CHECK,
        &attack_revoked_technique::CHECK,
        &attack_deprecated_technique::CHECK,
        &attack_unknown_tactic::CHECK,
        &attack_tactic_mismatch::CHECK,
        &attack_no_technique::CHECK,
        &attack_outside_data::CHECK,
        // (end cross-format)
        // Elastic
        &elastic_toml_syntax::CHECK,
        &elastic_unknown_field::CHECK,
        &elastic_costly_pattern::CHECK,
        &elastic_category_mismatch::CHECK,
        &elastic_invalid_pattern::CHECK,
        &elastic_threat_mapping::CHECK,
        &elastic_kuery_unfielded_value::CHECK,
        &elastic_esql_missing_metadata::CHECK,
        &elastic_eql_unsupported::CHECK,
        // (end Elastic)
        // Splunk
        &splunk_unknown_macro::CHECK,
        &splunk_macro_arguments::CHECK,
        &splunk_filter_macro::CHECK,
        &splunk_datamodel_field::CHECK,
        &splunk_attack_id::CHECK,
        &splunk_unknown_lookup::CHECK,
        // (end Splunk)
        // Sentinel
        &sentinel_unknown_table::CHECK,
        &sentinel_contains_instead_of_has::CHECK,
        &sentinel_attack_mapping::CHECK,
        &sentinel_schedule::CHECK,
        &sentinel_invalid_enum::CHECK,
        &sentinel_entity_column::CHECK,
        // (end Sentinel)
        // Panther
        &panther_unknown_condition::CHECK,
        &panther_missing_python::CHECK,
        &panther_report_format::CHECK,
        &panther_missing_tests::CHECK,
        &panther_test_fails::CHECK,
        &panther_invalid_match::CHECK,
        // (end Panther)
    ];
    REGISTRY
}

/// Find a check by code, slug or alias.
pub fn find(key: &str) -> Option<&'static Check> {
    registry().iter().copied().find(|c| {
        c.meta.code.eq_ignore_ascii_case(key) || c.meta.name == key || c.meta.aliases.contains(&key)
    })
}

/// Levenshtein distance (for did-you-mean suggestions).
pub fn edit_distance(a: &str, b: &str) -> usize {
    let b: Vec<char> = b.chars().collect();
    let mut prev: Vec<usize> = (0..=b.len()).collect();
    for (i, ca) in a.chars().enumerate() {
        let mut cur = vec![i + 1; b.len() + 1];
        for (j, cb) in b.iter().enumerate() {
            cur[j + 1] = (prev[j] + usize::from(ca != *cb))
                .min(prev[j + 1] + 1)
                .min(cur[j] + 1);
        }
        prev = cur;
    }
    prev[b.len()]
}

/// The closest candidate within a distance proportional to the word's length.
pub fn did_you_mean<'a>(
    word: &str,
    candidates: impl IntoIterator<Item = &'a str>,
) -> Option<&'a str> {
    let lower = word.to_ascii_lowercase();
    candidates
        .into_iter()
        .map(|c| (edit_distance(&lower, &c.to_ascii_lowercase()), c))
        .filter(|(d, c)| *d <= (c.len().max(3) / 3).max(1))
        .min_by_key(|(d, c)| (*d, *c))
        .map(|(_, c)| c)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn registry_is_consistent() {
        let mut codes = std::collections::HashSet::new();
        let mut names = std::collections::HashSet::new();
        for c in registry() {
            assert!(codes.insert(c.meta.code), "duplicate code {}", c.meta.code);
            assert!(names.insert(c.meta.name), "duplicate name {}", c.meta.name);
            assert!(c.meta.code.starts_with("DL") && c.meta.code.len() == 5);
            assert!(
                c.meta.doc().len() > 80,
                "{} has no documentation",
                c.meta.code
            );
        }
    }

    #[test]
    fn suggestions() {
        assert_eq!(
            did_you_mean("realted", ["related", "title"]),
            Some("related")
        );
        assert_eq!(did_you_mean("zzz", ["related", "title"]), None);
    }
}
