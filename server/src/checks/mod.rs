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
mod sigma_condition_syntax;
mod sigma_double_wildcard;
mod sigma_empty_selection;

// Cross-format, corpus-aware and ATT&CK checks (DL3xx, DL4xx)

// (end of cross-format checks)

// Elastic checks (DL5xx)

// (end of Elastic checks)

// Splunk checks (DL6xx)

// (end of Splunk checks)

// Sentinel checks (DL7xx)

// (end of Sentinel checks)

// Panther checks (DL8xx)

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
        // cross-format, corpus-aware and ATT&CK

        // (end cross-format)
        // Elastic

        // (end Elastic)
        // Splunk

        // (end Splunk)
        // Sentinel

        // (end Sentinel)
        // Panther

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
        .min_by_key(|(d, _)| *d)
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
