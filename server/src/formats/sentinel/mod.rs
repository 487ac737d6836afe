//! Sentinel front end: a Microsoft Sentinel analytic rule or hunting query (YAML) → [`SentinelDoc`]
//! (the format's own view) + [`crate::model::Rule`].
//!
//! - [`read`] (in `read.rs`) reads the metadata keys (`id`, `name`, `severity`, `tactics`,
//!   `relevantTechniques`, `queryFrequency`, `entityMappings`, …) with their spans;
//! - the `query:` block scalar is parsed with `detlint_kusto`; its errors are mapped into the file
//!   through the scalar's [`OffsetMap`];
//! - `lower.rs` turns the query into the rule's detection (an `Or` over the pipelines / union and
//!   join branches, each an `And` of its `where` filters) and collects the tables it reads;
//! - `tables.rs` knows the Sentinel / Defender tables (`rules/sentinel_tables.txt`) and their
//!   event kinds.

pub mod columns;
mod lower;
mod read;
pub mod tables;

use super::{FormatData, FrontEnd, ParseOptions, ParsedDoc, ParsedFile};
use crate::model::{Span, Spanned};
use crate::source::yaml;
use crate::source::OffsetMap;
use std::path::Path;

/// The parsed `query:` of a rule.
#[derive(Debug, Clone, PartialEq)]
pub struct KqlQuery {
    /// The decoded query text (what the Kusto parser saw).
    pub text: String,
    /// The Kusto AST (spans are offsets in `text`).
    pub ast: detlint_kusto::Query,
    /// Decoded offset → file offset.
    pub map: OffsetMap,
    /// The span of the `query:` value in the file.
    pub span: Span,
}

impl KqlQuery {
    /// Map a span of the query text to a span in the file.
    pub fn file_span(&self, s: detlint_kusto::Span) -> Span {
        self.map.span_to_file(s.start, s.end)
    }

    /// The query text of a Kusto span.
    pub fn slice(&self, s: detlint_kusto::Span) -> &str {
        self.text.get(s.start..s.end).unwrap_or("")
    }
}

/// A table (or ASIM parser function) the query reads, as written.
#[derive(Debug, Clone, PartialEq)]
pub struct TableRef {
    pub name: String,
    /// The span of the name in the file.
    pub span: Span,
    /// Written as a function call (`imProcessCreate(...)`, `_Im_Dns(...)`).
    pub is_call: bool,
}

/// One `requiredDataConnectors` entry.
#[derive(Debug, Clone, PartialEq)]
pub struct DataConnector {
    pub connector_id: Option<Spanned<String>>,
    pub data_types: Vec<Spanned<String>>,
}

/// One `entityMappings` entry: the entity type and its (identifier, column) pairs.
#[derive(Debug, Clone, PartialEq)]
pub struct EntityMapping {
    pub entity_type: Option<Spanned<String>>,
    pub fields: Vec<(Spanned<String>, Spanned<String>)>,
}

/// The Sentinel-specific view of one rule document (boxed: it is large, and sits in
/// [`FormatData`] beside small views). Dereferences to [`SentinelFields`].
#[derive(Debug, Clone, PartialEq, Default)]
pub struct SentinelDoc(pub Box<SentinelFields>);

impl std::ops::Deref for SentinelDoc {
    type Target = SentinelFields;
    fn deref(&self) -> &SentinelFields {
        &self.0
    }
}

impl std::ops::DerefMut for SentinelDoc {
    fn deref_mut(&mut self) -> &mut SentinelFields {
        &mut self.0
    }
}

/// The fields of a [`SentinelDoc`].
#[derive(Debug, Clone, PartialEq, Default)]
pub struct SentinelFields {
    /// Index of the YAML document in the stream.
    pub doc_index: usize,
    /// The parsed `query:` (None when absent or not a string).
    pub query: Option<KqlQuery>,
    /// Tables and ASIM functions the query reads (let-bound names resolved away), in order.
    pub tables: Vec<TableRef>,
    pub kind: Option<Spanned<String>>,
    pub severity: Option<Spanned<String>>,
    pub version: Option<Spanned<String>>,
    pub query_frequency: Option<Spanned<String>>,
    pub query_period: Option<Spanned<String>>,
    pub trigger_operator: Option<Spanned<String>>,
    /// The threshold as written (may be a non-number: the schema check says so).
    pub trigger_threshold: Option<Spanned<String>>,
    pub required_data_connectors: Vec<DataConnector>,
    pub entity_mappings: Vec<EntityMapping>,
    /// `customDetails`: (key, column).
    pub custom_details: Vec<(Spanned<String>, Spanned<String>)>,
}

/// Read a Sentinel file (all of its YAML documents).
pub fn read(_path: &Path, text: &str, opts: &ParseOptions) -> FrontEnd {
    let stream = yaml::parse(text, opts.yaml);
    let mut docs = Vec::new();
    for (i, d) in stream.docs.iter().enumerate() {
        if !d.root.is_map() && stream.docs.len() > 1 {
            continue;
        }
        let (doc, rule, query_errors) = read::read_doc(&d.root, i);
        docs.push(ParsedDoc {
            rule,
            data: FormatData::Sentinel(doc),
            query_errors,
        });
    }
    FrontEnd {
        yaml: Some(stream),
        docs,
        problems: Vec::new(),
    }
}

/// Every Sentinel document of a parsed file.
pub fn docs(file: &ParsedFile) -> impl Iterator<Item = (&ParsedDoc, &SentinelDoc)> {
    file.docs.iter().filter_map(|d| match &d.data {
        FormatData::Sentinel(s) => Some((d, s)),
        _ => None,
    })
}
