//! Panther YAML metadata → [`PantherDoc`] + [`Rule`].

use super::simple::{self, MatchExpr};
use super::{
    data_models, log_types, python, ConditionUse, PantherDoc, PythonBody, ReportEntry, TestCase,
};
use crate::model::{Expr, Format, Opaque, Rule, RuleKind, Span, Spanned};
use crate::source::yaml::{ScalarType, YamlNode};
use std::path::Path;

fn spanned_str(node: Option<&YamlNode>) -> Option<Spanned<String>> {
    let n = node?;
    match n.scalar_type()? {
        ScalarType::Null => None,
        _ => n.as_str().map(|s| Spanned::new(s.to_string(), n.span)),
    }
}

fn spanned_bool(node: Option<&YamlNode>) -> Option<Spanned<bool>> {
    let n = node?;
    if n.scalar_type()? != ScalarType::Bool {
        return None;
    }
    let s = n.as_str()?.to_ascii_lowercase();
    Some(Spanned::new(s == "true", n.span))
}

/// `TA0011:T1095` → (tactic, technique) sub-spans in the file.
fn attack_parts(n: &YamlNode, entry: &str) -> Vec<(bool, Spanned<String>)> {
    let Some(map) = n.offset_map() else {
        return Vec::new();
    };
    let mut out = Vec::new();
    let mut pos = 0;
    for part in entry.split(':') {
        let lead = part.len() - part.trim_start().len();
        let p = part.trim();
        let start = pos + lead;
        pos += part.len() + 1;
        if p.is_empty() {
            continue;
        }
        let up = p.to_ascii_uppercase();
        let span = map.span_to_file(start, start + p.len());
        let digits = |t: &str| !t.is_empty() && t.bytes().all(|b| b.is_ascii_digit());
        if let Some(d) = up.strip_prefix("TA") {
            if digits(d) {
                out.push((true, Spanned::new(up, span)));
            }
        } else if let Some(d) = up.strip_prefix('T') {
            let (main, sub) = d.split_once('.').unwrap_or((d, "0"));
            if digits(main) && digits(sub) {
                out.push((false, Spanned::new(up, span)));
            }
        }
    }
    out
}

fn severity_level(s: &str) -> String {
    match s.to_ascii_lowercase().as_str() {
        "info" => "informational".to_string(),
        other => other.to_string(),
    }
}

fn read_tests(node: &YamlNode) -> Vec<TestCase> {
    node.items()
        .iter()
        .map(|t| TestCase {
            name: spanned_str(t.get("Name")),
            expected: spanned_bool(t.get("ExpectedResult")),
            log: t.get("Log").or_else(|| t.get("Resource")).cloned(),
            has_mocks: t.get("Mocks").is_some_and(|m| !m.is_null()),
            span: t.span,
        })
        .collect()
}

/// Whether `dir` exists and holds a `.py` file other than `except`.
fn folder_has_python(dir: &Path, except: &Path) -> bool {
    let Ok(rd) = std::fs::read_dir(dir) else {
        return false;
    };
    rd.filter_map(|e| e.ok())
        .map(|e| e.path())
        .any(|p| p.extension().is_some_and(|x| x == "py") && p != except)
}

/// Replace every span of `e` (and its values) with `span` (the body lives in another file).
fn respan(e: &mut Expr, span: Span) {
    match e {
        Expr::And(v) | Expr::Or(v) => v.iter_mut().for_each(|c| respan(c, span)),
        Expr::Not(c) => respan(c, span),
        Expr::Opaque(o) => o.span = span,
        Expr::Pred(p) => {
            p.span = span;
            if let Some(f) = &mut p.field {
                f.span = span;
            }
            for v in p.values.iter_mut() {
                v.span = span;
            }
        }
    }
}

/// Read one YAML document.
pub fn read_doc(root: &YamlNode, path: &Path) -> (PantherDoc, Rule) {
    let mut doc = PantherDoc {
        analysis_type: spanned_str(root.get("AnalysisType")),
        filename: spanned_str(root.get("Filename")),
        enabled: spanned_bool(root.get("Enabled")),
        dedup_period_minutes: spanned_str(root.get("DedupPeriodMinutes")),
        threshold: spanned_str(root.get("Threshold")),
        runbook: spanned_str(root.get("Runbook")),
        ..PantherDoc::default()
    };
    let atype = doc
        .analysis_type
        .as_ref()
        .map(|a| a.value.to_ascii_lowercase())
        .unwrap_or_else(|| "rule".into());
    let kind = match atype.as_str() {
        "correlation_rule" => RuleKind::Correlation,
        "policy" => RuleKind::Policy,
        _ => RuleKind::Detection,
    };
    let mut rule = Rule {
        format: Some(Format::Panther),
        kind,
        id: spanned_str(root.get("RuleID").or_else(|| root.get("PolicyID"))),
        title: spanned_str(root.get("DisplayName")),
        description: spanned_str(root.get("Description")),
        status: spanned_str(root.get("Status")),
        level: spanned_str(root.get("Severity"))
            .map(|s| Spanned::new(severity_level(&s.value), s.span)),
        span: root.span,
        ..Rule::default()
    };
    if let Some(r) = root.get("Reference") {
        rule.references = r
            .string_list()
            .into_iter()
            .map(|(s, sp)| Spanned::new(s.to_string(), sp))
            .collect();
    }
    if let Some(t) = root.get("Tags") {
        rule.tags = t
            .string_list()
            .into_iter()
            .map(|(s, sp)| Spanned::new(s.to_string(), sp))
            .collect();
    }
    // LogTypes / ResourceTypes → context, event kinds, platforms.
    for key in ["LogTypes", "ResourceTypes"] {
        if let Some(n) = root.get(key) {
            for (s, sp) in n.string_list() {
                doc.log_types.push(Spanned::new(s.to_string(), sp));
            }
        }
    }
    for lt in &doc.log_types {
        rule.context.push(("log_type".into(), lt.value.clone()));
        for k in log_types::event_kinds(&lt.value) {
            if !rule.event_kinds.iter().any(|e| e == k) {
                rule.event_kinds.push(k.to_string());
            }
        }
        if let Some(p) = log_types::platform(&lt.value) {
            if !rule.platforms.iter().any(|e| e == p) {
                rule.platforms.push(p.to_string());
            }
        }
    }
    if let Some(q) = root.get("ScheduledQueries") {
        for (s, _) in q.string_list() {
            rule.context.push(("scheduled_query".into(), s.to_string()));
        }
    }
    // Reports.
    if let Some(rep) = root.get("Reports") {
        for (fk, fv) in rep.entries() {
            let Some(framework) = fk.as_str() else {
                continue;
            };
            for item in fv.items().iter().chain(fv.as_str().map(|_| fv)) {
                let Some(s) = item.as_str() else { continue };
                let entry = ReportEntry {
                    framework: framework.to_string(),
                    value: Spanned::new(s.to_string(), item.span),
                };
                if entry.is_attack() {
                    for (is_tactic, part) in attack_parts(item, s) {
                        if is_tactic {
                            rule.tactics.push(part);
                        } else {
                            rule.techniques.push(part);
                        }
                    }
                }
                doc.reports.push(entry);
            }
        }
    }
    // Tests.
    if let Some((k, v)) = root.entry("Tests") {
        doc.tests_key = Some(k.span);
        doc.tests = read_tests(v);
    }
    // Detection.
    let mut conds: Vec<ConditionUse> = Vec::new();
    if let Some(f) = root.get("InlineFilters") {
        doc.inline_filters = Some(simple::parse_list(f, &mut conds));
    }
    if let Some(ds) = root.get("DynamicSeverities") {
        for d in ds.items() {
            if let Some(c) = d.get("Conditions") {
                let _ = simple::parse_list(c, &mut conds);
            }
        }
    }
    let det_node = root.get("Detection");
    let mut detection: Option<Expr> = None;
    if kind == RuleKind::Correlation {
        if let Some(d) = det_node {
            let ids: Vec<String> = collect_rule_ids(d);
            detection = Some(Expr::Opaque(Opaque {
                reason: format!("correlation of rules {}", ids.join(", ")),
                span: d.span,
            }));
        }
    } else if let Some(d) = det_node {
        let m = simple::parse_list(d, &mut conds);
        detection = Some(simple::lower(&m));
        doc.simple = Some(m);
    } else if let Some(f) = &doc.filename {
        let py = path
            .parent()
            .unwrap_or_else(|| Path::new(""))
            .join(f.value.trim());
        // Only a `.py` file of reasonable size is read (the name comes from the rule file).
        let readable = py.extension().is_some_and(|e| e == "py")
            && std::fs::metadata(&py).is_ok_and(|m| m.is_file() && m.len() <= 4 << 20);
        let source = if readable {
            std::fs::read_to_string(&py)
        } else {
            Err(std::io::Error::from(std::io::ErrorKind::NotFound))
        };
        match source {
            Ok(src) => {
                let body = python::lower_source(&src);
                let mut e = body.detection;
                respan(&mut e, f.span);
                detection = Some(e);
                for u in body.udm_fields {
                    doc.udm_fields.push(Spanned::new(u, f.span));
                }
                doc.python = PythonBody::Loaded(py);
            }
            Err(_) => {
                let dir = path.parent().unwrap_or_else(|| Path::new(""));
                let has = !dir.as_os_str().is_empty() && folder_has_python(dir, &py);
                detection = Some(Expr::Opaque(Opaque {
                    reason: format!("Python rule body `{}` is not available", f.value),
                    span: f.span,
                }));
                doc.python = PythonBody::Missing {
                    path: py,
                    folder_has_python: has,
                };
            }
        }
    }
    if let Some(m) = &doc.inline_filters {
        if !matches!(m, MatchExpr::Combine { items, .. } if items.is_empty()) {
            let f = simple::lower(m);
            detection = Some(match detection {
                Some(d) => Expr::And(vec![f, d]),
                None => f,
            });
        }
    }
    rule.detection = detection;
    doc.conditions = conds;
    for u in &doc.udm_fields {
        for lt in &doc.log_types {
            if let Some(data_models::Mapping::Path(p)) = data_models::lookup(&lt.value, &u.value) {
                rule.context
                    .push((format!("udm.{}", u.value), p.to_string()));
            }
        }
    }
    (doc, rule)
}

fn collect_rule_ids(n: &YamlNode) -> Vec<String> {
    let mut out = Vec::new();
    fn walk(n: &YamlNode, out: &mut Vec<String>) {
        for (k, v) in n.entries() {
            if k.as_str() == Some("RuleID") {
                if let Some(s) = v.as_str() {
                    if !out.iter().any(|o| o == s) {
                        out.push(s.to_string());
                    }
                }
            } else {
                walk(v, out);
            }
        }
        for i in n.items() {
            walk(i, out);
        }
    }
    walk(n, &mut out);
    out
}
