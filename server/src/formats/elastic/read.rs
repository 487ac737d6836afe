//! The TOML value tree → [`ElasticDoc`] + [`Rule`]: metadata, threat mapping, filters, queries.

use super::lower_common::{opaque, pred, simplify, value, QueryPos};
use super::toml::{self as t, TableId, TomlDoc, TomlKind};
use super::{
    eql_semantics, events, lower_eql, lower_esql, lower_kuery, lower_lucene, AttackRef, ElasticDoc,
    ElasticQuery, QueryLanguage, QueryRole, TechniqueRef, Threat,
};
use crate::formats::{FormatData, FrontEnd, ParseOptions, ParsedDoc, QueryError};
use crate::model::{Expr, Format, Op, Rule, RuleKind, Span, Spanned, ValueKind};
use crate::source::OffsetMap;
use std::path::Path;

/// Query errors reported per query at most.
const MAX_QUERY_ERRORS: usize = 20;

/// Read an Elastic rule or hunting file.
pub fn read(_path: &Path, text: &str, _opts: &ParseOptions) -> FrontEnd {
    let toml = t::parse(text);
    let mut doc = ElasticDoc::default();
    let mut rule = Rule {
        format: Some(Format::Elastic),
        span: Span::new(0, text.len()),
        ..Rule::default()
    };
    let mut errors = Vec::new();
    let root = TomlDoc::ROOT;
    if let Some(meta) = toml.sub_table(root, "metadata") {
        rule.status = toml.spanned_string(meta, "maturity");
        rule.date = toml.spanned_string(meta, "creation_date");
        rule.modified = toml.spanned_string(meta, "updated_date");
        doc.integration = toml.strings(meta, "integration");
    }
    if let Some(r) = toml.sub_table(root, "rule") {
        read_rule(&toml, r, &mut doc, &mut rule, &mut errors);
    } else if let Some(h) = toml.sub_table(root, "hunt") {
        read_hunt(&toml, h, &mut doc, &mut rule, &mut errors);
    }
    // platforms from `OS: …` tags and cloud integrations
    for tag in &rule.tags {
        if let Some(os) = tag.value.strip_prefix("OS: ") {
            push_unique(&mut rule.platforms, os.trim().to_ascii_lowercase());
        }
    }
    for i in &doc.integration {
        rule.context.push(("integration".into(), i.value.clone()));
        if matches!(
            i.value.as_str(),
            "aws"
                | "azure"
                | "gcp"
                | "okta"
                | "o365"
                | "google_workspace"
                | "github"
                | "kubernetes"
        ) {
            push_unique(&mut rule.platforms, i.value.clone());
        }
    }
    // event kinds: EQL categories and event.category filters, else index patterns
    for q in &doc.queries {
        if q.role == QueryRole::Threat {
            continue;
        }
        for e in &q.eql_events {
            if let Some(k) = events::category_kind(&e.category.value) {
                if !e.missing {
                    events::push(&mut rule.event_kinds, k);
                }
            }
        }
        events::from_expr(&q.expr, &mut rule.event_kinds);
    }
    if rule.event_kinds.is_empty() {
        let all = doc
            .index
            .iter()
            .chain(doc.queries.iter().flat_map(|q| q.indices.iter()));
        for i in all {
            if let Some(k) = events::index_kind(&i.value) {
                events::push(&mut rule.event_kinds, k);
            }
        }
    }
    let esql_indices: Vec<String> = doc
        .queries
        .iter()
        .flat_map(|q| q.indices.iter().map(|i| i.value.clone()))
        .collect();
    for i in doc
        .index
        .iter()
        .map(|i| i.value.clone())
        .chain(esql_indices)
    {
        if !rule.context.iter().any(|(k, v)| k == "index" && *v == i) {
            rule.context.push(("index".into(), i));
        }
    }
    doc.toml = toml;
    FrontEnd {
        yaml: None,
        docs: vec![ParsedDoc {
            rule,
            data: FormatData::Elastic(doc),
            query_errors: errors,
        }],
        problems: Vec::new(),
    }
}

fn push_unique(v: &mut Vec<String>, s: String) {
    if !v.contains(&s) {
        v.push(s);
    }
}

fn read_rule(
    toml: &TomlDoc,
    r: TableId,
    doc: &mut ElasticDoc,
    rule: &mut Rule,
    errors: &mut Vec<QueryError>,
) {
    rule.kind = RuleKind::Detection;
    rule.id = toml.spanned_string(r, "rule_id");
    rule.title = toml.spanned_string(r, "name");
    rule.description = toml.spanned_string(r, "description");
    rule.level = toml.spanned_string(r, "severity");
    rule.author = joined(toml, r, "author");
    rule.references = toml.strings(r, "references");
    rule.tags = toml.strings(r, "tags");
    doc.kind = RuleKind::Detection;
    doc.rule_type = toml.spanned_string(r, "type");
    doc.language = toml.spanned_string(r, "language").into_iter().collect();
    doc.index = toml.strings(r, "index");
    if let Some(v) = toml.get(r, "risk_score") {
        if let TomlKind::Int(n) = v.kind {
            doc.risk_score = Some(Spanned::new(n, v.span));
        }
    }
    if let Some(tt) = &doc.rule_type {
        rule.context.push(("rule_type".into(), tt.value.clone()));
    }
    if let Some(bb) = toml.spanned_string(r, "building_block_type") {
        rule.context.push(("building_block_type".into(), bb.value));
    }
    // threshold / new terms / exceptions
    if let Some(th) = toml.sub_table(r, "threshold") {
        doc.threshold_fields = toml.strings_inner(th, "field");
        for c in toml.table_array(th, "cardinality") {
            doc.threshold_fields.extend(toml.strings_inner(c, "field"));
        }
    }
    if let Some(nt) = toml.sub_table(r, "new_terms") {
        if toml
            .spanned_string(nt, "field")
            .is_some_and(|f| f.value == "new_terms_fields")
        {
            doc.new_terms_fields = toml.strings_inner(nt, "value");
        }
    }
    for e in toml.table_array(r, "exceptions_list") {
        if let Some(id) = toml.spanned_string(e, "list_id") {
            rule.context
                .push(("exceptions_list".into(), id.value.clone()));
            doc.exceptions.push(id);
        }
    }
    // threat mapping
    for th in toml.table_array(r, "threat") {
        let threat = read_threat(toml, th);
        if let Some(id) = threat.tactic.as_ref().and_then(|t| t.id.clone()) {
            rule.tactics.push(id);
        }
        for tech in &threat.techniques {
            for a in std::iter::once(&tech.technique).chain(tech.subtechniques.iter()) {
                if let Some(id) = &a.id {
                    let up = Spanned::new(id.value.to_ascii_uppercase(), id.span);
                    if !rule.techniques.iter().any(|x| x.value == up.value) {
                        rule.techniques.push(up);
                    }
                }
            }
        }
        doc.threats.push(threat);
    }
    // the query
    let lang_name = doc.language.first().map(|l| l.value.clone());
    let lang = match (&lang_name, doc.rule_type.as_ref().map(|x| x.value.as_str())) {
        (Some(l), _) => QueryLanguage::from_name(l),
        (None, Some("eql")) => Some(QueryLanguage::Eql),
        (None, Some("esql")) => Some(QueryLanguage::Esql),
        (None, _) => Some(QueryLanguage::Kuery),
    };
    if let Some(l) = &lang_name {
        rule.context.push(("language".into(), l.clone()));
    }
    let is_ml = doc
        .rule_type
        .as_ref()
        .is_some_and(|x| x.value == "machine_learning");
    let mut detection = None;
    if let (Some((s, span)), Some(lang)) = (toml.string(r, "query"), lang) {
        let q = parse_query(lang, QueryRole::Main, &s.value, &s.map, 0, span, errors);
        detection = Some(q.expr.clone());
        doc.queries.push(q);
    }
    if let Some((s, span)) = toml.string(r, "threat_query") {
        let tl = toml
            .spanned_string(r, "threat_language")
            .and_then(|l| QueryLanguage::from_name(&l.value))
            .unwrap_or(QueryLanguage::Kuery);
        let q = parse_query(tl, QueryRole::Threat, &s.value, &s.map, 0, span, errors);
        doc.queries.push(q);
    }
    let filters: Vec<Expr> = toml
        .table_array(r, "filters")
        .into_iter()
        .filter_map(|f| read_filter(toml, f))
        .collect();
    if !filters.is_empty() {
        let mut parts = match detection {
            Some(Expr::And(v)) => v,
            Some(e) => vec![e],
            None => Vec::new(),
        };
        parts.extend(filters);
        detection = Some(simplify(Expr::And(parts)));
    }
    if is_ml && detection.is_none() {
        let jobs = toml.strings(r, "machine_learning_job_id");
        let span = toml
            .get(r, "machine_learning_job_id")
            .map(|v| v.span)
            .unwrap_or(toml.table(r).span);
        let names: Vec<&str> = jobs.iter().map(|j| j.value.as_str()).collect();
        detection = Some(opaque(
            format!("machine learning job {}", names.join(", ")),
            span,
        ));
    }
    rule.detection = detection;
}

fn read_hunt(
    toml: &TomlDoc,
    h: TableId,
    doc: &mut ElasticDoc,
    rule: &mut Rule,
    errors: &mut Vec<QueryError>,
) {
    rule.kind = RuleKind::Hunting;
    doc.kind = RuleKind::Hunting;
    rule.id = toml.spanned_string(h, "uuid");
    rule.title = toml.spanned_string(h, "name");
    rule.description = toml.spanned_string(h, "description");
    rule.author = joined(toml, h, "author");
    rule.references = toml.strings(h, "references");
    doc.integration = toml.strings(h, "integration");
    doc.language = toml.strings(h, "language");
    doc.mitre = toml.strings(h, "mitre");
    for m in &doc.mitre {
        let up = m.value.trim().to_ascii_uppercase();
        if up.starts_with("TA") {
            rule.tactics.push(Spanned::new(up, m.span));
        } else {
            rule.techniques.push(Spanned::new(up, m.span));
        }
    }
    for l in &doc.language {
        rule.context.push(("language".into(), l.value.clone()));
    }
    let langs: Vec<QueryLanguage> = doc
        .language
        .iter()
        .filter_map(|l| QueryLanguage::from_name(&l.value))
        .collect();
    let mut parts = Vec::new();
    let Some(qv) = toml.get(h, "query") else {
        return;
    };
    let items: Vec<&t::TomlValue> = match &qv.kind {
        TomlKind::Array(items) => items.iter().collect(),
        _ => vec![qv],
    };
    for item in items {
        let Some(s) = item.as_str() else { continue };
        let lang = if langs.len() == 1 {
            langs[0]
        } else if langs.contains(&QueryLanguage::Esql) {
            QueryLanguage::Esql
        } else if let Some(l) = langs.first() {
            *l
        } else {
            parts.push(opaque(
                "hunting query in a language detlint does not read",
                item.span,
            ));
            continue;
        };
        let mut base = 0;
        if lang == QueryLanguage::Esql {
            match detlint_esql::classify_hunt_query(&s.value) {
                detlint_esql::HuntQueryKind::Sql => {
                    parts.push(opaque("osquery SQL hunting query", item.span));
                    continue;
                }
                detlint_esql::HuntQueryKind::Esql { offset, .. } => base = offset,
            }
        }
        let text = s.value.get(base..).unwrap_or("");
        let q = parse_query(lang, QueryRole::Hunt, text, &s.map, base, item.span, errors);
        parts.push(q.expr.clone());
        doc.queries.push(q);
    }
    rule.detection = Some(simplify(Expr::Or(parts)));
}

/// A string or list of strings joined with `, ` (span of the whole value).
fn joined(toml: &TomlDoc, t: TableId, key: &str) -> Option<Spanned<String>> {
    let v = toml.get(t, key)?;
    let items = v.strings();
    if items.is_empty() {
        return None;
    }
    let s: Vec<&str> = items.iter().map(|x| x.value.as_str()).collect();
    Some(Spanned::new(s.join(", "), v.span))
}

fn attack_ref(toml: &TomlDoc, t: TableId) -> AttackRef {
    AttackRef {
        id: toml.spanned_string(t, "id"),
        name: toml.spanned_string(t, "name"),
        reference: toml.spanned_string(t, "reference"),
        span: toml.table(t).span,
    }
}

fn read_threat(toml: &TomlDoc, th: TableId) -> Threat {
    let techniques = toml
        .table_array(th, "technique")
        .into_iter()
        .map(|tt| TechniqueRef {
            technique: attack_ref(toml, tt),
            subtechniques: toml
                .table_array(tt, "subtechnique")
                .into_iter()
                .map(|s| attack_ref(toml, s))
                .collect(),
        })
        .collect();
    Threat {
        framework: toml.spanned_string(th, "framework"),
        tactic: toml.sub_table(th, "tactic").map(|t| attack_ref(toml, t)),
        techniques,
        span: toml.table(th).span,
    }
}

/// One `[[rule.filters]]` entry (a Kibana filter) → an expression; `None` when disabled.
fn read_filter(toml: &TomlDoc, f: TableId) -> Option<Expr> {
    let span = toml.table(f).span;
    let meta = toml.sub_table(f, "meta");
    let flag = |k: &str| {
        meta.and_then(|m| toml.get(m, k))
            .is_some_and(|v| v.kind == TomlKind::Bool(true))
    };
    if flag("disabled") {
        return None;
    }
    let negate = flag("negate");
    let mut e = None;
    if let Some(ex) = toml.sub_table(f, "exists") {
        if let Some(field) = toml.string_inner(ex, "field") {
            e = Some(pred(
                Some(field),
                Op::Exists,
                Vec::new(),
                true,
                "exists",
                span,
            ));
        }
    }
    if let Some(q) = toml.sub_table(f, "query") {
        for (kind, op) in [
            ("match_phrase", Op::Eq),
            ("match", Op::Eq),
            ("term", Op::Eq),
            ("wildcard", Op::Wildcard),
            ("prefix", Op::StartsWith),
        ] {
            let Some(body) = toml.sub_table(q, kind) else {
                continue;
            };
            let Some((fkey, fval)) = toml.table(body).entries.first() else {
                continue;
            };
            let field = Spanned::new(fkey.value.clone(), fkey.span);
            let (val, cs) = match &fval.kind {
                TomlKind::Str(s) => (Some((s.value.clone(), fval.span)), true),
                TomlKind::Table(inner) => {
                    let v = ["value", "query"]
                        .iter()
                        .find_map(|k| toml.spanned_string(*inner, k))
                        .map(|s| (s.value, s.span));
                    let ci = toml
                        .get(*inner, "case_insensitive")
                        .is_some_and(|v| v.kind == TomlKind::Bool(true));
                    (v, !ci)
                }
                _ => (None, true),
            };
            if let Some((text, vspan)) = val {
                e = Some(pred(
                    Some(field),
                    op,
                    vec![value(text, ValueKind::Str, vspan)],
                    cs,
                    kind,
                    span,
                ));
            }
            break;
        }
    }
    let e = e.unwrap_or_else(|| opaque("Kibana filter", span));
    Some(if negate { Expr::Not(Box::new(e)) } else { e })
}

/// Parse and lower one query; its syntax errors go to `errors` with file spans.
#[allow(clippy::too_many_arguments)]
fn parse_query(
    lang: QueryLanguage,
    role: QueryRole,
    text: &str,
    map: &OffsetMap,
    base: usize,
    span: Span,
    errors: &mut Vec<QueryError>,
) -> ElasticQuery {
    let pos = QueryPos { map, base };
    let mut q = ElasticQuery {
        language: lang,
        role,
        text: text.to_string(),
        span,
        expr: Expr::And(Vec::new()),
        eql_events: Vec::new(),
        eql_problems: Vec::new(),
        optional_fields: Vec::new(),
        computed: Vec::new(),
        indices: Vec::new(),
        esql_source: None,
        error_count: 0,
    };
    let mut errs: Vec<(String, usize, usize)> = Vec::new();
    match lang {
        QueryLanguage::Kuery => {
            let p = detlint_kuery::parse(text);
            q.expr = lower_kuery::lower(&p.ast, pos);
            errs.extend(
                p.errors
                    .into_iter()
                    .map(|e| (e.message, e.span.start, e.span.end)),
            );
        }
        QueryLanguage::Lucene => {
            let p = detlint_lucene::parse(text);
            q.expr = lower_lucene::lower(&p.ast, pos);
            errs.extend(
                p.errors
                    .into_iter()
                    .map(|e| (e.message, e.span.start, e.span.end)),
            );
        }
        QueryLanguage::Eql => {
            let p = detlint_eql::parse(text);
            let l = lower_eql::lower(&p.ast, pos);
            q.expr = l.expr;
            q.eql_events = l.events;
            q.optional_fields = l.optional_fields;
            q.eql_problems = eql_semantics::problems(&p.ast, text, pos);
            errs.extend(
                p.errors
                    .into_iter()
                    .map(|e| (e.message, e.span.start, e.span.end)),
            );
        }
        QueryLanguage::Esql => {
            let p = detlint_esql::parse(text);
            let l = lower_esql::lower(&p.ast, text, pos);
            q.expr = l.expr;
            q.indices = l.indices;
            q.computed = l.computed;
            q.esql_source = l.source;
            errs.extend(
                p.errors
                    .into_iter()
                    .map(|e| (e.message, e.span.start, e.span.end)),
            );
        }
    }
    q.error_count = errs.len();
    for (message, s, e) in errs.into_iter().take(MAX_QUERY_ERRORS) {
        errors.push(QueryError {
            language: lang.name(),
            message,
            span: pos.span(s, e),
        });
    }
    q
}
