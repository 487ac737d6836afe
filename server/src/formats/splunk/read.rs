//! Reading the security_content detection schema into [`SplunkDoc`] and the rule model.

use super::macros::MacroSet;
use super::{lower, RiskObject, SplunkDoc, SplunkMeta};
use crate::formats::QueryError;
use crate::model::{Format, Rule, RuleKind, Span, Spanned};
use crate::source::yaml::YamlNode;

fn scalar(root: &YamlNode, key: &str) -> Option<Spanned<String>> {
    let v = root.get(key)?;
    if v.is_null() {
        return None;
    }
    v.as_str()
        .map(|s| Spanned::new(s.trim().to_string(), v.span))
}

fn list(node: Option<&YamlNode>) -> Vec<Spanned<String>> {
    node.map(|n| {
        n.string_list()
            .into_iter()
            .map(|(s, sp)| Spanned::new(s.trim().to_string(), sp))
            .collect()
    })
    .unwrap_or_default()
}

/// Whether `s` has the shape of an ATT&CK technique id (`T1059`, `T1059.001`).
pub fn is_technique_shape(s: &str) -> bool {
    let b = s.as_bytes();
    let digits = |r: &[u8]| r.iter().all(u8::is_ascii_digit);
    match b.len() {
        5 => b[0] == b'T' && digits(&b[1..]),
        9 => b[0] == b'T' && digits(&b[1..5]) && b[5] == b'.' && digits(&b[6..]),
        _ => false,
    }
}

fn risk_objects(node: Option<&YamlNode>) -> Vec<RiskObject> {
    let Some(n) = node else {
        return Vec::new();
    };
    n.items()
        .iter()
        .filter_map(|o| {
            let f = o.get("field").or_else(|| o.get("name"))?;
            let field = Spanned::new(f.as_str()?.trim().to_string(), f.span);
            let kind = o
                .get("type")
                .and_then(|t| t.as_str())
                .map(|s| s.to_string());
            let score = o
                .get("score")
                .and_then(|s| s.as_str())
                .and_then(|s| s.trim().parse().ok());
            Some(RiskObject { field, kind, score })
        })
        .collect()
}

/// Read one YAML document.
pub fn read_doc(
    root: &YamlNode,
    span: Span,
    index: usize,
    macros: &MacroSet,
) -> (SplunkDoc, Rule, Vec<QueryError>) {
    let tags = root.get("tags");
    let tag = |k: &str| tags.and_then(|t| t.get(k));
    let mut doc = SplunkDoc {
        doc_index: index,
        name: scalar(root, "name"),
        detection_type: scalar(root, "type"),
        mitre_attack_ids: list(tag("mitre_attack_id")),
        search: None,
        meta: Box::new(SplunkMeta {
            version: scalar(root, "version"),
            data_sources: list(root.get("data_source")),
            how_to_implement: scalar(root, "how_to_implement"),
            known_false_positives: scalar(root, "known_false_positives"),
            analytic_stories: list(tag("analytic_story")),
            asset_type: tag("asset_type").and_then(|v| {
                v.as_str()
                    .map(|s| Spanned::new(s.trim().to_string(), v.span))
            }),
            security_domain: tag("security_domain").and_then(|v| {
                v.as_str()
                    .map(|s| Spanned::new(s.trim().to_string(), v.span))
            }),
            ..SplunkMeta::default()
        }),
    };
    // Risk objects: the `rba:` block of newer content, else the `tags.observable` list.
    let rba = root.get("rba");
    doc.meta.risk_objects = risk_objects(rba.and_then(|r| r.get("risk_objects")));
    doc.meta.threat_objects = risk_objects(rba.and_then(|r| r.get("threat_objects")));
    if doc.meta.risk_objects.is_empty() {
        doc.meta.risk_objects = risk_objects(tag("observable"));
    }

    let kind = match doc
        .detection_type
        .as_ref()
        .map(|t| t.value.to_ascii_lowercase())
        .as_deref()
    {
        Some("correlation") => RuleKind::Correlation,
        Some("hunting") => RuleKind::Hunting,
        _ => RuleKind::Detection,
    };
    let mut rule = Rule {
        format: Some(Format::Splunk),
        kind,
        id: scalar(root, "id"),
        title: doc.name.clone(),
        description: scalar(root, "description"),
        status: scalar(root, "status"),
        author: scalar(root, "author"),
        date: scalar(root, "date"),
        references: list(root.get("references")),
        tags: doc.meta.analytic_stories.clone(),
        techniques: doc
            .mitre_attack_ids
            .iter()
            .filter(|t| is_technique_shape(&t.value.to_ascii_uppercase()))
            .map(|t| Spanned::new(t.value.to_ascii_uppercase(), t.span))
            .collect(),
        span,
        ..Rule::default()
    };
    if let Some(d) = &doc.meta.security_domain {
        rule.context
            .push(("security_domain".into(), d.value.clone()));
    }

    let mut errors = Vec::new();
    if let Some(node) = root.get("search") {
        if let (Some(text), Some(map)) = (node.as_str(), node.offset_map()) {
            let l = lower::lower(text, map, node.span, macros);
            rule.detection = l.detection;
            rule.event_kinds = l.event_kinds;
            rule.platforms = l.platforms;
            rule.context.extend(l.context);
            errors = l.errors;
            doc.search = Some(Box::new(l.info));
        }
    }
    if let Some(a) = &doc.meta.asset_type {
        let p = match a.value.to_ascii_lowercase().as_str() {
            s if s.contains("windows") => Some("windows"),
            s if s.contains("linux") => Some("linux"),
            s if s.starts_with("aws") => Some("aws"),
            s if s.starts_with("azure") || s.contains("o365") || s.contains("office 365") => {
                Some("azure")
            }
            s if s.starts_with("gcp") || s.starts_with("google") => Some("gcp"),
            _ => None,
        };
        if let Some(p) = p {
            if !rule.platforms.iter().any(|x| x == p) {
                rule.platforms.push(p.to_string());
            }
        }
    }
    (doc, rule, errors)
}

#[cfg(test)]
mod tests {
    use super::is_technique_shape;

    #[test]
    fn technique_shapes() {
        assert!(is_technique_shape("T1059"));
        assert!(is_technique_shape("T1059.001"));
        assert!(!is_technique_shape("T1059.1"));
        assert!(!is_technique_shape("TA0002"));
        assert!(!is_technique_shape("t1059"));
    }
}
