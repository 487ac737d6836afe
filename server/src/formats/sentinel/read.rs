//! Reading the metadata keys of one Sentinel YAML document and parsing its `query:`.

use super::{lower, DataConnector, EntityMapping, KqlQuery, SentinelDoc, SentinelFields};
use crate::formats::QueryError;
use crate::model::{Format, Rule, RuleKind, Spanned};
use crate::source::yaml::{ScalarType, YamlNode};

/// A non-null scalar as a trimmed string with its span.
pub(super) fn scalar(node: Option<&YamlNode>) -> Option<Spanned<String>> {
    let n = node?;
    match n.scalar_type()? {
        ScalarType::Null => None,
        _ => n
            .as_str()
            .map(|s| Spanned::new(s.trim().to_string(), n.span)),
    }
}

/// The string items of a list (or a single scalar), trimmed, with spans.
fn strings(node: Option<&YamlNode>) -> Vec<Spanned<String>> {
    node.map(|n| {
        n.string_list()
            .into_iter()
            .filter(|(s, _)| !s.trim().is_empty())
            .map(|(s, sp)| Spanned::new(s.trim().to_string(), sp))
            .collect()
    })
    .unwrap_or_default()
}

/// Read one document: the Sentinel view, the shared rule and the query's syntax errors.
pub(super) fn read_doc(root: &YamlNode, index: usize) -> (SentinelDoc, Rule, Vec<QueryError>) {
    let mut doc = SentinelDoc(Box::new(SentinelFields {
        doc_index: index,
        kind: scalar(root.get("kind")),
        severity: scalar(root.get("severity")),
        version: scalar(root.get("version")),
        query_frequency: scalar(root.get("queryFrequency")),
        query_period: scalar(root.get("queryPeriod")),
        trigger_operator: scalar(root.get("triggerOperator")),
        trigger_threshold: scalar(root.get("triggerThreshold")),
        ..SentinelFields::default()
    }));
    for c in root
        .get("requiredDataConnectors")
        .map(|n| n.items())
        .unwrap_or(&[])
    {
        doc.required_data_connectors.push(DataConnector {
            connector_id: scalar(c.get("connectorId")),
            data_types: strings(c.get("dataTypes")),
        });
    }
    for e in root.get("entityMappings").map(|n| n.items()).unwrap_or(&[]) {
        let fields = e
            .get("fieldMappings")
            .map(|n| n.items())
            .unwrap_or(&[])
            .iter()
            .filter_map(|f| Some((scalar(f.get("identifier"))?, scalar(f.get("columnName"))?)))
            .collect();
        doc.entity_mappings.push(EntityMapping {
            entity_type: scalar(e.get("entityType")),
            fields,
        });
    }
    if let Some(cd) = root.get("customDetails") {
        for (k, v) in cd.entries() {
            if let (Some(k), Some(v)) = (scalar(Some(k)), scalar(Some(v))) {
                doc.custom_details.push((k, v));
            }
        }
    }

    let mut rule = Rule {
        format: Some(Format::Sentinel),
        id: scalar(root.get("id")),
        title: scalar(root.get("name")),
        description: scalar(root.get("description")),
        status: scalar(root.get("status")),
        level: doc.severity.clone(),
        tags: strings(root.get("tags")),
        span: root.span,
        ..Rule::default()
    };
    rule.kind = if doc.kind.is_some() || doc.query_frequency.is_some() {
        RuleKind::Detection
    } else {
        RuleKind::Hunting
    };
    if let Some(a) = root.get("metadata").and_then(|m| m.get("author")) {
        rule.author = scalar(a.get("name")).or_else(|| scalar(Some(a)));
    }
    for t in strings(root.get("relevantTechniques")) {
        rule.techniques
            .push(Spanned::new(t.value.to_ascii_uppercase(), t.span));
    }
    // Hunting queries of the Microsoft 365 Defender collection list categories that are not
    // ATT&CK tactics (`Ransomware`, `Vulnerability`, …) under `tactics`: those are kept as tags.
    for t in strings(root.get("tactics")) {
        if rule.kind == RuleKind::Hunting && is_m365d_category(&t.value) {
            rule.tags.push(t);
        } else {
            rule.tactics.push(t);
        }
    }

    let mut errors = Vec::new();
    if let Some(q) = root.get("query") {
        if let (Some(text), Some(map)) = (q.as_str(), q.offset_map()) {
            let parsed = detlint_kusto::parse(text);
            let query = KqlQuery {
                text: text.to_string(),
                ast: parsed.ast,
                map: map.clone(),
                span: q.span,
            };
            for e in parsed.errors {
                errors.push(QueryError {
                    language: "kusto",
                    message: e.message,
                    span: query.file_span(e.span),
                });
            }
            let lowered = lower::lower(&query);
            rule.detection = Some(lowered.detection);
            rule.event_kinds = lowered.event_kinds;
            rule.context = lowered.context;
            doc.tables = lowered.tables;
            doc.query = Some(query);
        }
    }
    (doc, rule, errors)
}

/// Categories of the Microsoft 365 Defender hunting collection that are not ATT&CK tactics.
pub(crate) fn is_m365d_category(s: &str) -> bool {
    const CATEGORIES: [&str; 7] = [
        "Ransomware",
        "Exploit",
        "Malware, component",
        "Vulnerability",
        "Misconfiguration",
        "Suspicious activity",
        "Campaigns",
    ];
    CATEGORIES.iter().any(|c| c.eq_ignore_ascii_case(s.trim()))
}
