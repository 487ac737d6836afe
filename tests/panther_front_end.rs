//! The Panther YAML front end: metadata, simple-detection lowering (snapshots), the evaluator
//! against the fixtures' own tests, and YAML + Python pairs read from disk.

use detlint::formats::panther::{self, eval, PythonBody};
use detlint::formats::{parse_file, ParseOptions, ParsedFile};
use detlint::model::{Expr, RuleKind};
use std::path::{Path, PathBuf};

mod panther_common;
use panther_common::render;

fn fixture(rel: &str) -> PathBuf {
    Path::new(env!("CARGO_MANIFEST_DIR"))
        .join("tests/fixtures/panther")
        .join(rel)
}

fn parse(rel: &str) -> ParsedFile {
    let p = fixture(rel);
    let text = std::fs::read_to_string(&p).unwrap();
    parse_file(&p, text, &ParseOptions::default())
}

#[test]
fn metadata_is_read() {
    let f = parse("simple/aws_root_activity.yml");
    let (d, doc) = panther::docs(&f).next().unwrap();
    let r = &d.rule;
    assert_eq!(
        r.id.as_ref().unwrap().value,
        "Detlint.Fixture.AWS.RootActivity"
    );
    assert_eq!(
        r.title.as_ref().unwrap().value,
        "AWS root activity from outside the office"
    );
    assert_eq!(r.level.as_ref().unwrap().value, "high");
    assert_eq!(r.kind, RuleKind::Detection);
    assert_eq!(r.context_value("log_type"), Some("AWS.CloudTrail"));
    assert_eq!(r.event_kinds, vec!["cloud_api"]);
    assert_eq!(r.platforms, vec!["aws"]);
    let tech: Vec<&str> = r.techniques.iter().map(|t| t.value.as_str()).collect();
    let tac: Vec<&str> = r.tactics.iter().map(|t| t.value.as_str()).collect();
    assert_eq!(tech, ["T1078.004", "T1078"]);
    assert_eq!(tac, ["TA0004", "TA0005"]);
    // ATT&CK spans cover exactly the ids.
    for t in r.techniques.iter().chain(r.tactics.iter()) {
        assert_eq!(&f.text[t.span.start..t.span.end], t.value);
    }
    assert_eq!(r.tags.len(), 2);
    assert_eq!(doc.tests.len(), 7);
    assert!(doc.simple.is_some());
    assert_eq!(doc.enabled.as_ref().map(|e| e.value), Some(true));
}

fn lowered_simple(rel: &str) -> String {
    let f = parse(rel);
    let (d, _) = panther::docs(&f).next().unwrap();
    let mut out = String::new();
    render(&f.text, d.rule.detection.as_ref().unwrap(), 0, &mut out);
    out
}

#[test]
fn simple_aws_lowering() {
    insta::assert_snapshot!("simple_aws", lowered_simple("simple/aws_root_activity.yml"));
}

#[test]
fn simple_okta_lowering() {
    insta::assert_snapshot!(
        "simple_okta",
        lowered_simple("simple/okta_match_expressions.yml")
    );
}

#[test]
fn simple_github_lowering() {
    insta::assert_snapshot!(
        "simple_github",
        lowered_simple("simple/github_list_comprehension.yml")
    );
}

#[test]
fn evaluator_agrees_with_fixture_tests() {
    let mut total = 0;
    for rel in [
        "simple/aws_root_activity.yml",
        "simple/okta_match_expressions.yml",
        "simple/github_list_comprehension.yml",
        "checks/clean.yml",
        "simple/inline_filters.yml",
    ] {
        let f = parse(rel);
        let (_, doc) = panther::docs(&f).next().unwrap();
        for t in &doc.tests {
            let name = &t.name.as_ref().unwrap().value;
            let got = eval::run_test(doc, t);
            assert_eq!(
                got,
                Some(t.expected.as_ref().unwrap().value),
                "{rel}: test {name:?}"
            );
            total += 1;
        }
    }
    assert_eq!(total, 27);
}

#[test]
fn python_pair_is_loaded_from_disk() {
    let f = parse("pair/okta_admin_granted.yml");
    let (d, doc) = panther::docs(&f).next().unwrap();
    assert!(matches!(doc.python, PythonBody::Loaded(_)));
    let preds = d.rule.predicates();
    let fields: Vec<&str> = preds
        .iter()
        .map(|(p, _)| p.field.as_ref().unwrap().value.as_str())
        .collect();
    assert_eq!(
        fields,
        [
            "eventType",
            "outcome.result",
            "debugContext.debugData.privilegeGranted"
        ]
    );
    // The body lives in the .py: spans point at the YAML's `Filename:` value.
    let fname = doc.filename.as_ref().unwrap().span;
    assert!(preds.iter().all(|(p, _)| p.span == fname));
}

#[test]
fn missing_python_is_opaque_and_noted() {
    let f = parse("missing_py/aws_key_created.yml");
    let (d, doc) = panther::docs(&f).next().unwrap();
    assert!(matches!(
        doc.python,
        PythonBody::Missing {
            folder_has_python: true,
            ..
        }
    ));
    assert!(matches!(d.rule.detection, Some(Expr::Opaque(_))));
    // A folder without any .py (the reference corpus's situation) is not noted.
    let f = parse("checks/report_format.yml");
    let (_, doc) = panther::docs(&f).next().unwrap();
    assert!(matches!(
        doc.python,
        PythonBody::Missing {
            folder_has_python: false,
            ..
        }
    ));
}

#[test]
fn udm_fields_resolve_through_data_models() {
    let f = parse("missing_py/aws_key_created.py");
    let (_, doc) = panther::docs(&f).next().unwrap();
    let udm: Vec<&str> = doc.udm_fields.iter().map(|u| u.value.as_str()).collect();
    assert_eq!(udm, ["actor_user", "user"]);
    assert_eq!(
        panther::data_models::lookup("AWS.CloudTrail", "user"),
        Some(panther::data_models::Mapping::Path(
            "responseElements.user.userName"
        ))
    );
}

#[test]
fn correlation_rule_is_opaque() {
    let text = "AnalysisType: correlation_rule\nRuleID: C.1\nDisplayName: c\nEnabled: true\nSeverity: Low\nDetection:\n  - Sequence:\n      - ID: a\n        RuleID: R.A\n      - ID: b\n        RuleID: R.B\n";
    let f = parse_file(Path::new("c.yml"), text.into(), &ParseOptions::default());
    let d = &f.docs[0];
    assert_eq!(d.rule.kind, RuleKind::Correlation);
    match &d.rule.detection {
        Some(Expr::Opaque(o)) => assert!(o.reason.contains("R.A, R.B")),
        other => panic!("{other:?}"),
    }
}
