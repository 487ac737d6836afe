//! The ATT&CK checks are format-agnostic: they read `Rule.techniques` / `Rule.tactics` with
//! their spans, whatever front end filled them. Here the rule model is filled by hand the way the
//! Sentinel, Elastic and Panther front ends fill it (spellings `InitialAcces`, `TA0005` +
//! `Defense Evasion`, `TA0002:T1086`), over texts written for the project.

use detlint::config::Config;
use detlint::diagnostic::Diagnostic;
use detlint::formats::{FormatData, ParsedDoc, ParsedFile};
use detlint::lint::file_diagnostics;
use detlint::model::{Format, Rule, Span, Spanned};
use detlint::source::sniff::FileKind;
use detlint::source::LineIndex;

/// The span of the `n`-th occurrence of `needle`.
fn span_of(text: &str, needle: &str, n: usize) -> Span {
    let start = text
        .match_indices(needle)
        .nth(n)
        .unwrap_or_else(|| panic!("{needle} #{n}"))
        .0;
    Span::new(start, start + needle.len())
}

fn lint(
    format: Format,
    text: &str,
    techniques: &[(&str, Span)],
    tactics: &[(&str, Span)],
) -> Vec<Diagnostic> {
    let rule = Rule {
        format: Some(format),
        title: Some(Spanned::new("x".into(), Span::new(0, 1))),
        techniques: techniques
            .iter()
            .map(|(v, s)| Spanned::new(v.to_string(), *s))
            .collect(),
        tactics: tactics
            .iter()
            .map(|(v, s)| Spanned::new(v.to_string(), *s))
            .collect(),
        span: Span::new(0, text.len()),
        ..Rule::default()
    };
    let file = ParsedFile {
        path: "rule".into(),
        text: text.to_string(),
        lines: LineIndex::new(text),
        kind: FileKind::Rule(format),
        yaml: None,
        docs: vec![ParsedDoc {
            rule,
            data: FormatData::None,
            query_errors: Vec::new(),
        }],
        problems: Vec::new(),
    };
    file_diagnostics(&file, &Config::default())
        .into_iter()
        .filter(|d| d.code.starts_with("DL4"))
        .collect()
}

fn codes(d: &[Diagnostic]) -> Vec<&str> {
    d.iter().map(|d| d.code).collect()
}

#[test]
fn sentinel_spellings() {
    let text = "name: x\ntactics:\n  - InitialAcces\n  - PreAttack\nrelevantTechniques:\n  - T1204\n  - T0886\n";
    let d = lint(
        Format::Sentinel,
        text,
        &[
            ("T1204", span_of(text, "T1204", 0)),
            ("T0886", span_of(text, "T0886", 0)),
        ],
        &[
            ("InitialAcces", span_of(text, "InitialAcces", 0)),
            ("PreAttack", span_of(text, "PreAttack", 0)),
        ],
    );
    assert_eq!(codes(&d), vec!["DL404", "DL407", "DL407"], "{d:#?}");
    assert!(d[0]
        .message
        .contains("did you mean Initial Access (`initial-access`, TA0001)?"));
    assert!(d[1].message.contains("ATT&CK for ICS"), "{}", d[1].message);
    assert!(d[2].message.contains("PRE-ATT&CK"), "{}", d[2].message);

    // one tactic that fits none of the techniques
    let text = "tactics:\n  - InitialAccess\nrelevantTechniques:\n  - T1204\n";
    let d = lint(
        Format::Sentinel,
        text,
        &[("T1204", span_of(text, "T1204", 0))],
        &[("InitialAccess", span_of(text, "InitialAccess", 0))],
    );
    assert_eq!(codes(&d), vec!["DL405"], "{d:#?}");
    assert!(d[0]
        .message
        .contains("T1204 User Execution is Execution (TA0002)"));
}

#[test]
fn elastic_id_and_name_are_one_tactic() {
    let text = "[[rule.threat]]\n[rule.threat.tactic]\nid = \"TA0005\"\nname = \"Defense Evasion\"\n[[rule.threat.technique]]\nid = \"T1089\"\nname = \"Disabling Security Tools\"\n";
    let d = lint(
        Format::Elastic,
        text,
        &[("T1089", span_of(text, "\"T1089\"", 0))],
        &[
            ("TA0005", span_of(text, "\"TA0005\"", 0)),
            ("Defense Evasion", span_of(text, "\"Defense Evasion\"", 0)),
        ],
    );
    // revoked, and the tactic fits (one tactic, written twice)
    assert_eq!(codes(&d), vec!["DL402"], "{d:#?}");
    let fix = &d[0].fixes[0];
    assert_eq!(fix.edits[0].new_text, "\"T1562.001\"");
    assert!(!fix.safe, "Elastic: name and reference must change too");
}

#[test]
fn panther_mapping_fix() {
    let text = "Reports:\n  MITRE ATT&CK:\n    - TA0002:T1086\n";
    let d = lint(
        Format::Panther,
        text,
        &[("T1086", span_of(text, "TA0002:T1086", 0))],
        &[("TA0002", span_of(text, "TA0002:T1086", 0))],
    );
    assert_eq!(codes(&d), vec!["DL402"], "{d:#?}");
    assert_eq!(d[0].fixes[0].edits[0].new_text, "TA0002:T1059.001");
    assert!(d[0].fixes[0].safe);
}
