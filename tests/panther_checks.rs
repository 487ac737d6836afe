//! The Panther checks (DL801–DL805) on fixtures written for detlint: each fires where it should,
//! stays quiet on the clean fixture, and its fixes leave a file where the finding is gone.

use detlint::config::Config;
use detlint::diagnostic::{apply_edits, Diagnostic};
use detlint::lint::lint_text;
use std::path::{Path, PathBuf};

fn fixture(rel: &str) -> PathBuf {
    Path::new(env!("CARGO_MANIFEST_DIR"))
        .join("tests/fixtures/panther")
        .join(rel)
}

fn lint(rel: &str) -> (String, Vec<Diagnostic>) {
    let p = fixture(rel);
    let text = std::fs::read_to_string(&p).unwrap();
    let (_, d) = lint_text(&p, text.clone(), &Config::default());
    (text, d)
}

fn codes(d: &[Diagnostic]) -> Vec<&'static str> {
    d.iter().map(|d| d.code).collect()
}

fn with_code<'a>(d: &'a [Diagnostic], code: &str) -> Vec<&'a Diagnostic> {
    d.iter().filter(|x| x.code == code).collect()
}

/// Apply the first fix of every diagnostic of `code` and check it is gone.
fn fix_removes(rel: &str, code: &str) {
    let (text, d) = lint(rel);
    let edits: Vec<_> = with_code(&d, code)
        .iter()
        .filter_map(|x| x.fixes.first())
        .flat_map(|f| f.edits.clone())
        .collect();
    assert!(!edits.is_empty(), "{rel}: no fix for {code}");
    let (fixed, _) = apply_edits(&text, &edits);
    let p = fixture(rel);
    let (f, after) = lint_text(&p, fixed, &Config::default());
    assert!(!f.docs.is_empty());
    let before = with_code(&d, code).len();
    assert_eq!(
        with_code(&after, code).len(),
        before - edits.len(),
        "{rel}: fixed findings of {code} remain"
    );
    assert!(
        with_code(&after, "DL002").is_empty(),
        "the fix broke the YAML"
    );
}

/// Findings of the syntax checks (DL0xx) and the Panther checks (DL8xx); the corpus-aware
/// checks (DL3xx) depend on the catalog and the field tables, not on this front end.
fn own(d: Vec<Diagnostic>) -> Vec<Diagnostic> {
    d.into_iter()
        .filter(|x| x.code.starts_with("DL0") || x.code.starts_with("DL8"))
        .collect()
}

#[test]
fn clean_fixture_has_no_findings() {
    let (_, d) = lint("checks/clean.yml");
    let d = own(d);
    assert!(d.is_empty(), "{:?}", codes(&d));
    for rel in [
        "simple/aws_root_activity.yml",
        "simple/okta_match_expressions.yml",
        "simple/github_list_comprehension.yml",
        "simple/inline_filters.yml",
        "pair/okta_admin_granted.yml",
        "pair/okta_admin_granted.py",
    ] {
        let (_, d) = lint(rel);
        let d = own(d);
        assert!(d.is_empty(), "{rel}: {:?}", d);
    }
}

#[test]
fn dl801_unknown_condition() {
    let (text, d) = lint("checks/unknown_condition.yml");
    let found = with_code(&d, "DL801");
    assert_eq!(found.len(), 3, "{:?}", codes(&d));
    assert_eq!(&text[found[0].span.start..found[0].span.end], "StartWith");
    assert!(found[0].message.contains("did you mean `StartsWith`"));
    assert!(found[1].message.contains("did you mean `Equals`"));
    assert!(found[2].fixes.is_empty());
    // Unknown conditions are undecidable: no DL805 on this file.
    assert!(with_code(&d, "DL805").is_empty());
    fix_removes("checks/unknown_condition.yml", "DL801");
}

#[test]
fn dl802_missing_python_file() {
    let (text, d) = lint("missing_py/aws_key_created.yml");
    let found = with_code(&d, "DL802");
    assert_eq!(found.len(), 1);
    assert_eq!(
        &text[found[0].span.start..found[0].span.end],
        "aws_key_creatd.py"
    );
    assert!(found[0]
        .message
        .contains("did you mean `aws_key_created.py`"));
    // A folder without .py files: no finding.
    let (_, d) = lint("checks/report_format.yml");
    assert!(with_code(&d, "DL802").is_empty());
    // An in-memory buffer whose folder does not exist: no finding.
    let text = std::fs::read_to_string(fixture("missing_py/aws_key_created.yml")).unwrap();
    let (_, d) = lint_text(Path::new("/nonexistent/x.yml"), text, &Config::default());
    assert!(with_code(&d, "DL802").is_empty());
}

#[test]
fn dl803_attack_report_format() {
    let (text, d) = lint("checks/report_format.yml");
    let found: Vec<&str> = with_code(&d, "DL803")
        .iter()
        .map(|x| &text[x.span.start..x.span.end])
        .collect();
    assert_eq!(
        found,
        [
            "T1078",
            "ta0001:t1078.004",
            "TA001:T1078",
            "\"TA0005:T1562.1\""
        ]
    );
    fix_removes("checks/report_format.yml", "DL803");
}

#[test]
fn dl804_missing_tests() {
    let (text, d) = lint("checks/missing_tests.yml");
    let found = with_code(&d, "DL804");
    assert_eq!(found.len(), 1);
    assert_eq!(
        &text[found[0].span.start..found[0].span.end],
        "Detlint.Fixture.MissingTests"
    );
    // A lone .py file is not a rule spec: no finding.
    let (_, d) = lint("python/helpers.py");
    let d = own(d);
    assert!(d.is_empty(), "{:?}", codes(&d));
}

#[test]
fn dl805_test_fails() {
    let (text, d) = lint("checks/failing_test.yml");
    let found = with_code(&d, "DL805");
    assert_eq!(found.len(), 2, "{:?}", codes(&d));
    for f in &found {
        assert_eq!(&text[f.span.start..f.span.end], "true");
    }
    assert!(found[0].message.contains("lower-case event name"));
    assert!(found[1].message.contains("successful login"));
}

#[test]
fn dl104_duplicate_rule_ids_across_panther_files() {
    use detlint::formats::parse_file;
    use detlint::lint::{parse_options, workspace_diagnostics};
    let cfg = Config::default();
    let text = std::fs::read_to_string(fixture("checks/clean.yml")).unwrap();
    let files = vec![
        parse_file(Path::new("a/clean.yml"), text.clone(), &parse_options(&cfg)),
        parse_file(Path::new("b/clean.yml"), text, &parse_options(&cfg)),
    ];
    let ws = workspace_diagnostics(&files, &cfg);
    assert!(ws.iter().all(|d| d.iter().any(|x| x.code == "DL104")));
}

#[test]
fn python_syntax_errors_are_query_errors() {
    let text = "def rule(event):\n    return event.get(\"a\") == \n";
    let (_, d) = lint_text(Path::new("broken.py"), text.into(), &Config::default());
    let found = with_code(&d, "DL003");
    assert!(!found.is_empty(), "{:?}", codes(&d));
    assert!(found[0].message.starts_with("python syntax error"));
}

#[test]
fn other_panther_content_is_not_a_rule() {
    let text = "AnalysisType: datamodel\nLogTypes:\n  - Okta.SystemLog\nDataModelID: Standard.Okta\nEnabled: true\nMappings:\n  - Name: source_ip\n    Path: $.client.ipAddress\n";
    let (f, d) = lint_text(
        Path::new("okta_data_model.yml"),
        text.into(),
        &Config::default(),
    );
    assert!(f.docs.is_empty());
    let d = own(d);
    assert!(d.is_empty(), "{:?}", codes(&d));
}

#[test]
fn dl806_invalid_match_expression() {
    let (text, d) = lint("checks/invalid_match.yml");
    let found: Vec<(&str, &str)> = with_code(&d, "DL806")
        .iter()
        .map(|x| (&text[x.span.start..x.span.end], x.message.as_str()))
        .collect();
    assert_eq!(found.len(), 6, "{found:#?}");
    assert_eq!(found[0].0, "Vaule");
    assert!(found[0].1.contains("did you mean `Value`"));
    assert_eq!(found[1].0, "IsIn");
    assert!(found[2].1.contains("no `Condition`"));
    assert_eq!(found[3].0, "just a string");
    assert!(found[4].1.contains("no `Key`"));
    assert!(found[5].1.contains("needs `Expressions`"));
    fix_removes("checks/invalid_match.yml", "DL806");
}
