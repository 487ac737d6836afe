//! SARIF 2.1.0 output for code scanning: one run, every check as a rule with stable id, help
//! text and `security-severity`, results with repository-relative locations.

use super::FileReport;
use crate::checks::registry;
use crate::diagnostic::Severity;
use serde_json::{json, Value};

fn level(s: Severity) -> &'static str {
    match s {
        Severity::Error => "error",
        Severity::Warning => "warning",
        Severity::Info => "note",
    }
}

fn security_severity(s: Severity) -> &'static str {
    match s {
        Severity::Error => "7.0",
        Severity::Warning => "4.0",
        Severity::Info => "1.0",
    }
}

/// A stable fingerprint of a finding: code, path, line and message (FNV-1a), so that two
/// findings on one line stay distinct for code scanning.
fn fingerprint(code: &str, path: &str, line: usize, message: &str) -> String {
    let mut h: u64 = 0xcbf2_9ce4_8422_2325;
    for b in code
        .bytes()
        .chain(path.bytes())
        .chain(line.to_string().bytes())
        .chain(message.bytes())
    {
        h ^= u64::from(b);
        h = h.wrapping_mul(0x0100_0000_01b3);
    }
    format!("{h:016x}:{line}")
}

/// Render a SARIF 2.1.0 log.
pub fn render(reports: &[FileReport]) -> String {
    let rules: Vec<Value> = registry()
        .iter()
        .map(|c| {
            let m = &c.meta;
            json!({
                "id": m.code,
                "name": m.name,
                "shortDescription": { "text": m.summary },
                "fullDescription": { "text": m.summary },
                "help": { "text": m.doc(), "markdown": m.doc() },
                "helpUri": m.url(),
                "defaultConfiguration": { "level": level(m.severity) },
                "properties": {
                    "tags": ["detection-rules", "security"],
                    "security-severity": security_severity(m.severity),
                    "precision": "high",
                }
            })
        })
        .collect();
    let index_of = |code: &str| {
        registry()
            .iter()
            .position(|c| c.meta.code == code)
            .unwrap_or(0)
    };
    let mut results = Vec::new();
    for r in reports {
        for d in &r.diags {
            let s = r.position(d.span.start);
            let e = r.position(d.span.end);
            let mut result = json!({
                "ruleId": d.code,
                "ruleIndex": index_of(d.code),
                "level": level(d.severity),
                "message": { "text": d.message },
                "locations": [{
                    "physicalLocation": {
                        "artifactLocation": { "uri": r.path, "uriBaseId": "%SRCROOT%" },
                        "region": { "startLine": s.line, "startColumn": s.column, "endLine": e.line, "endColumn": e.column }
                    }
                }],
                "partialFingerprints": { "primaryLocationLineHash": fingerprint(d.code, &r.path, s.line, &d.message) },
            });
            if !d.fixes.is_empty() {
                let fixes: Vec<Value> = d
                    .fixes
                    .iter()
                    .map(|f| {
                        json!({
                            "description": { "text": f.title },
                            "artifactChanges": [{
                                "artifactLocation": { "uri": r.path, "uriBaseId": "%SRCROOT%" },
                                "replacements": f.edits.iter().map(|ed| {
                                    let a = r.position(ed.span.start);
                                    let b = r.position(ed.span.end);
                                    json!({
                                        "deletedRegion": { "startLine": a.line, "startColumn": a.column, "endLine": b.line, "endColumn": b.column },
                                        "insertedContent": { "text": ed.new_text }
                                    })
                                }).collect::<Vec<_>>()
                            }]
                        })
                    })
                    .collect();
                result["fixes"] = Value::Array(fixes);
            }
            results.push(result);
        }
    }
    let log = json!({
        "$schema": "https://json.schemastore.org/sarif-2.1.0.json",
        "version": "2.1.0",
        "runs": [{
            "tool": { "driver": {
                "name": "detlint",
                "version": env!("CARGO_PKG_VERSION"),
                "informationUri": "https://detlint.invalid",
                "rules": rules
            }},
            "columnKind": "unicodeCodePoints",
            "results": results
        }]
    });
    serde_json::to_string_pretty(&log).unwrap_or_default()
}
