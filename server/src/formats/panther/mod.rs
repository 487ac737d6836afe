//! Panther front end: a Panther YAML (`AnalysisType: rule | scheduled_rule | correlation_rule |
//! policy`) or a Python rule body (`def rule(event)`) → [`PantherDoc`] (the format's own view) +
//! [`crate::model::Rule`].
//!
//! - `read.rs`: the YAML metadata (RuleID, LogTypes, Severity, Reports, Tests, …);
//! - `simple.rs`: simple detections (`Detection:` match expressions) → [`simple::MatchExpr`]
//!   and its lowering to the rule model;
//! - `eval.rs`: a three-valued evaluator of simple detections over test events;
//! - `python.rs` / `python_expr.rs`: tree-sitter-python lowering of `def rule(event)`;
//! - `data_models.rs`: the Panther data models (UDM field → path per log type), embedded;
//! - `log_types.rs`: LogTypes → event kinds and platforms.

pub mod data_models;
pub mod eval;
pub mod log_types;
pub mod python;
mod python_expr;
mod read;
pub mod simple;

use super::{FormatData, FrontEnd, ParseOptions, ParsedDoc};
use crate::model::{Span, Spanned};
use crate::source::yaml::{self, YamlNode};
use std::path::{Path, PathBuf};

pub use simple::{ConditionName, MatchExpr};

/// Where a YAML rule's Python body came from.
#[derive(Debug, Clone, PartialEq, Default)]
pub enum PythonBody {
    /// No `Filename:` key (simple detection, correlation rule) or a `.py` file read on its own.
    #[default]
    NotReferenced,
    /// The file was found next to the YAML and lowered.
    Loaded(PathBuf),
    /// The file does not exist. `folder_has_python` tells whether the YAML's folder exists and
    /// holds other `.py` files (only then is the absence meaningful: a metadata-only copy of a
    /// rule repository ships no Python at all).
    Missing {
        path: PathBuf,
        folder_has_python: bool,
    },
}

/// One entry of `Reports:` (`MITRE ATT&CK: [TA0011:T1095]`).
#[derive(Debug, Clone, PartialEq)]
pub struct ReportEntry {
    /// The framework name (`MITRE ATT&CK`, `CIS`, …).
    pub framework: String,
    /// The entry as written (comment stripped), with the span of the scalar.
    pub value: Spanned<String>,
}

impl ReportEntry {
    /// Whether this is an ATT&CK entry.
    pub fn is_attack(&self) -> bool {
        self.framework.eq_ignore_ascii_case("MITRE ATT&CK")
    }
}

/// One unit test (`Tests:` item).
#[derive(Debug, Clone, PartialEq)]
pub struct TestCase {
    pub name: Option<Spanned<String>>,
    /// `ExpectedResult` (None when absent or not a boolean).
    pub expected: Option<Spanned<bool>>,
    /// Index of the YAML document and the path to the `Log` (or `Resource`) node, kept as a
    /// copy of the node so checks can evaluate it.
    pub log: Option<YamlNode>,
    /// Whether the test mocks functions (`Mocks:`): its outcome may depend on them.
    pub has_mocks: bool,
    /// The span of the whole test item.
    pub span: Span,
}

/// One `Condition:` as written anywhere in `Detection:` / `InlineFilters:` / `DynamicSeverities`.
#[derive(Debug, Clone, PartialEq)]
pub struct ConditionUse {
    pub name: Spanned<String>,
    /// The condition is known to Panther.
    pub known: bool,
}

/// The Panther-specific view of one rule document.
#[derive(Debug, Clone, PartialEq, Default)]
pub struct PantherDoc {
    /// `AnalysisType` as written.
    pub analysis_type: Option<Spanned<String>>,
    /// `Filename:` as written.
    pub filename: Option<Spanned<String>>,
    pub python: PythonBody,
    /// `Enabled:`.
    pub enabled: Option<Spanned<bool>>,
    pub log_types: Vec<Spanned<String>>,
    pub reports: Vec<ReportEntry>,
    /// Span of the `Tests:` key, if present.
    pub tests_key: Option<Span>,
    pub tests: Vec<TestCase>,
    pub dedup_period_minutes: Option<Spanned<String>>,
    pub threshold: Option<Spanned<String>>,
    pub runbook: Option<Spanned<String>>,
    /// The simple detection (`Detection:` of a rule), parsed.
    pub simple: Option<MatchExpr>,
    /// `InlineFilters:` (filters that must pass before the detection runs).
    pub inline_filters: Option<MatchExpr>,
    /// Every `Condition:` written in the file.
    pub conditions: Vec<ConditionUse>,
    /// UDM fields used by the Python body (`event.udm("source_ip")`): (name, span).
    pub udm_fields: Vec<Spanned<String>>,
    /// Whether this document is a Python file read on its own (no YAML).
    pub python_only: bool,
    /// The index of the YAML document in the file.
    pub doc_index: usize,
}

/// Read a Panther file (YAML metadata or a Python rule body).
pub fn read(path: &Path, text: &str, opts: &ParseOptions) -> FrontEnd {
    let is_py = path
        .extension()
        .and_then(|e| e.to_str())
        .is_some_and(|e| e.eq_ignore_ascii_case("py"));
    if is_py {
        let (doc, rule, errors) = python::read_file(text);
        let query_errors = errors
            .into_iter()
            .map(|span| super::QueryError {
                language: "python",
                message: "the Python rule body does not parse here".into(),
                span,
            })
            .collect();
        return FrontEnd {
            yaml: None,
            docs: vec![ParsedDoc {
                rule,
                data: FormatData::Panther(Box::new(doc)),
                query_errors,
            }],
            problems: Vec::new(),
        };
    }
    let stream = yaml::parse(text, opts.yaml);
    let mut docs = Vec::new();
    for (i, d) in stream.docs.iter().enumerate() {
        if d.root.entries().is_empty() && stream.docs.len() > 1 {
            continue;
        }
        if !is_rule_spec(&d.root) {
            continue;
        }
        let (mut doc, rule) = read::read_doc(&d.root, path);
        doc.doc_index = i;
        docs.push(ParsedDoc {
            rule,
            data: FormatData::Panther(Box::new(doc)),
            query_errors: Vec::new(),
        });
    }
    FrontEnd {
        yaml: Some(stream),
        docs,
        problems: Vec::new(),
    }
}

/// The analysis types that are detections (`datamodel`, `global`, `scheduled_query`,
/// `lookup_table`, `pack`, … are other Panther content and yield no rule).
pub const RULE_TYPES: &[&str] = &["rule", "scheduled_rule", "correlation_rule", "policy"];

/// Whether a YAML document is a rule spec (a rule analysis type, or no `AnalysisType` at all).
fn is_rule_spec(root: &YamlNode) -> bool {
    match root.get("AnalysisType").and_then(|a| a.as_str()) {
        Some(t) => RULE_TYPES.iter().any(|r| r.eq_ignore_ascii_case(t.trim())),
        None => true,
    }
}

/// Every Panther document of a parsed file with its Panther view.
pub fn docs(file: &super::ParsedFile) -> impl Iterator<Item = (&ParsedDoc, &PantherDoc)> + '_ {
    file.docs.iter().filter_map(|d| match &d.data {
        FormatData::Panther(p) => Some((d, p.as_ref())),
        _ => None,
    })
}

/// Re-quote `new` the way the scalar at `old` was quoted (for fixes).
pub fn requote(old: &str, new: &str) -> String {
    match old.chars().next() {
        Some(q @ ('\'' | '"')) => format!("{q}{new}{q}"),
        _ => new.to_string(),
    }
}
