//! Elastic detection-rules front end: a TOML rule (`[metadata]` + `[rule]` + `[[rule.threat]]`)
//! or hunting file (`[hunt]`) → [`ElasticDoc`] (the format's own view) + [`crate::model::Rule`].
//!
//! - [`toml`]: tolerant TOML reader (tree-sitter-toml-ng) with spans for every key and value and
//!   an offset map for every decoded string.
//! - [`read`]: metadata, threat mapping, filters and queries → the rule model.
//! - `lower_kuery` / `lower_lucene` / `lower_eql` / `lower_esql`: each query language → `Expr`.
//! - [`events`]: event kinds from EQL categories, `event.category` filters and index patterns.

mod eql_semantics;
pub mod events;
mod lower_common;
mod lower_eql;
mod lower_esql;
mod lower_kuery;
mod lower_lucene;
mod read;
pub mod toml;

pub use lower_eql::EqlEvent;
pub use read::read;

use crate::model::{Expr, RuleKind, Span, Spanned};

/// A query language of Elastic rules.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash)]
pub enum QueryLanguage {
    Kuery,
    Lucene,
    Eql,
    Esql,
}

impl QueryLanguage {
    /// The name used in `language = "…"` and in query errors.
    pub fn name(self) -> &'static str {
        match self {
            QueryLanguage::Kuery => "kuery",
            QueryLanguage::Lucene => "lucene",
            QueryLanguage::Eql => "eql",
            QueryLanguage::Esql => "esql",
        }
    }

    /// The language of a `language = "…"` value (rule or hunting spelling).
    pub fn from_name(s: &str) -> Option<QueryLanguage> {
        match s.to_ascii_lowercase().as_str() {
            "kuery" | "kql" => Some(QueryLanguage::Kuery),
            "lucene" => Some(QueryLanguage::Lucene),
            "eql" => Some(QueryLanguage::Eql),
            "esql" | "es|ql" => Some(QueryLanguage::Esql),
            _ => None,
        }
    }
}

/// Where a query came from.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum QueryRole {
    /// `[rule] query`.
    Main,
    /// `[rule] threat_query` of an indicator-match rule.
    Threat,
    /// One entry of a hunting file's `query` list.
    Hunt,
}

/// One query of the file, parsed and lowered.
#[derive(Debug, Clone, PartialEq)]
pub struct ElasticQuery {
    pub language: QueryLanguage,
    pub role: QueryRole,
    /// The decoded query text.
    pub text: String,
    /// The span of the TOML string that holds it.
    pub span: Span,
    /// The lowered condition (file spans).
    pub expr: Expr,
    /// EQL: the event query of each (sub-)query.
    pub eql_events: Vec<EqlEvent>,
    /// EQL: constructs Elasticsearch rejects (message, file span), reported by DL509.
    pub eql_problems: Vec<(String, Span)>,
    /// EQL: file spans of `?optional` field references.
    pub optional_fields: Vec<Span>,
    /// ES|QL: columns computed by the query (not event fields).
    pub computed: Vec<String>,
    /// ES|QL: `FROM` index patterns.
    pub indices: Vec<Spanned<String>>,
    /// ES|QL: the source command's `METADATA` and whether the query aggregates.
    pub esql_source: Option<EsqlSource>,
    /// Number of syntax errors in this query.
    pub error_count: usize,
}

/// What the ES|QL checks need of a query's source command.
#[derive(Debug, Clone, PartialEq)]
pub struct EsqlSource {
    /// `METADATA` field names (`_id`, `_version`, `_index`).
    pub metadata: Vec<Spanned<String>>,
    /// Whether a `STATS`/`INLINE STATS` command aggregates the events.
    pub aggregates: bool,
    /// File offset after the last index pattern (where a `METADATA` clause goes).
    pub after_indices: usize,
    /// The span of the source command.
    pub span: Span,
}

/// An ATT&CK reference (`id`, `name`, `reference`) of a threat entry.
#[derive(Debug, Clone, PartialEq, Default)]
pub struct AttackRef {
    pub id: Option<Spanned<String>>,
    pub name: Option<Spanned<String>>,
    pub reference: Option<Spanned<String>>,
    /// The span of the table.
    pub span: Span,
}

/// A technique with its sub-techniques.
#[derive(Debug, Clone, PartialEq, Default)]
pub struct TechniqueRef {
    pub technique: AttackRef,
    pub subtechniques: Vec<AttackRef>,
}

/// One `[[rule.threat]]` entry.
#[derive(Debug, Clone, PartialEq, Default)]
pub struct Threat {
    pub framework: Option<Spanned<String>>,
    pub tactic: Option<AttackRef>,
    pub techniques: Vec<TechniqueRef>,
    pub span: Span,
}

/// The Elastic-specific view of one rule document (boxed: it is much larger than the other
/// formats' views, and [`crate::formats::FormatData`] holds it inline). Dereferences to
/// [`ElasticView`].
#[derive(Debug, Clone, PartialEq, Default)]
pub struct ElasticDoc(pub Box<ElasticView>);

impl std::ops::Deref for ElasticDoc {
    type Target = ElasticView;
    fn deref(&self) -> &ElasticView {
        &self.0
    }
}

impl std::ops::DerefMut for ElasticDoc {
    fn deref_mut(&mut self) -> &mut ElasticView {
        &mut self.0
    }
}

/// What the Elastic front end knows about one rule document.
#[derive(Debug, Clone, PartialEq, Default)]
pub struct ElasticView {
    /// The TOML value tree (with its syntax errors).
    pub toml: toml::TomlDoc,
    pub kind: RuleKind,
    /// `[rule] type`.
    pub rule_type: Option<Spanned<String>>,
    /// `[rule] language` (for hunting files: each entry of the list).
    pub language: Vec<Spanned<String>>,
    pub risk_score: Option<Spanned<i64>>,
    /// `[metadata] integration`.
    pub integration: Vec<Spanned<String>>,
    /// `[rule] index`.
    pub index: Vec<Spanned<String>>,
    pub queries: Vec<ElasticQuery>,
    pub threats: Vec<Threat>,
    /// `[rule.threshold] field` and `cardinality.field`.
    pub threshold_fields: Vec<Spanned<String>>,
    /// `[rule.new_terms] value` fields.
    pub new_terms_fields: Vec<Spanned<String>>,
    /// `[[rule.exceptions_list]] list_id`.
    pub exceptions: Vec<Spanned<String>>,
    /// Hunting `mitre` list as written.
    pub mitre: Vec<Spanned<String>>,
}

impl ElasticView {
    /// The TOML syntax errors of the file.
    pub fn toml_errors(&self) -> &[toml::TomlError] {
        &self.toml.errors
    }
}
