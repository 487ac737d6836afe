//! The Elastic checks (DL501–DL506) on fixture rules written for the project: each fixture
//! triggers its check (snapshot of code, position and message), the clean rule triggers none,
//! and the offered fixes leave a file that parses and no longer has the finding.

use detlint::config::Config;
use detlint::diagnostic::Diagnostic;
use detlint::lint::lint_text;
use std::path::{Path, PathBuf};

fn fixture(name: &str) -> (PathBuf, String) {
    let path = Path::new(env!("CARGO_MANIFEST_DIR"))
        .join("tests/fixtures/elastic/checks")
        .join(name);
    let text = std::fs::read_to_string(&path).unwrap();
    (path, text)
}

/// Only the syntax checks (DL0xx) and the Elastic checks (DL5xx): the cross-format, corpus-aware
/// and ATT&CK checks have their own tests.
fn own(diags: Vec<Diagnostic>) -> Vec<Diagnostic> {
    diags
        .into_iter()
        .filter(|d| d.code.starts_with("DL0") || d.code.starts_with("DL5"))
        .collect()
}

fn lint(name: &str) -> (String, Vec<Diagnostic>) {
    let (path, text) = fixture(name);
    let (_, diags) = lint_text(&path, text.clone(), &Config::default());
    (text, own(diags))
}

/// `code line:col message` for each diagnostic (1-based line and column).
fn render(text: &str, diags: &[Diagnostic]) -> String {
    let mut out = String::new();
    for d in diags {
        let before = &text[..d.span.start];
        let line = before.matches('\n').count() + 1;
        let col = d.span.start - before.rfind('\n').map(|i| i + 1).unwrap_or(0) + 1;
        out.push_str(&format!(
            "{} {}:{} `{}` {}\n",
            d.code,
            line,
            col,
            &text[d.span.start..d.span.end],
            d.message
        ));
    }
    out
}

fn codes(diags: &[Diagnostic]) -> Vec<&str> {
    diags.iter().map(|d| d.code).collect()
}

#[test]
fn clean_rule_has_no_finding() {
    let (text, diags) = lint("clean.toml");
    assert!(diags.is_empty(), "{}", render(&text, &diags));
}

#[test]
fn dl501_toml_syntax() {
    let (text, diags) = lint("toml_syntax.toml");
    assert!(codes(&diags).contains(&"DL501"));
    let first = diags.iter().find(|d| d.code == "DL501").unwrap();
    // reported on the line of the unterminated string
    assert_eq!(text[..first.span.start].matches('\n').count() + 1, 5);
    insta::assert_snapshot!(render(&text, &diags));
}

#[test]
fn dl502_unknown_field() {
    let (text, diags) = lint("unknown_field.toml");
    assert_eq!(codes(&diags), vec!["DL502"], "{}", render(&text, &diags));
    assert!(diags[0]
        .message
        .contains("did you mean `process.parent.name`"));
    insta::assert_snapshot!(render(&text, &diags));
}

#[test]
fn dl503_costly_pattern() {
    let (text, diags) = lint("costly_pattern.toml");
    let r = render(&text, &diags);
    // `*.ps1`, `*.vbs` on file.name, the `.*cmd.*` regex, `*-e*` on process.args
    assert_eq!(
        codes(&diags).iter().filter(|c| **c == "DL503").count(),
        4,
        "{r}"
    );
    // a suffix match on process.executable and `*ab*` on the wildcard-typed command line are fine
    assert!(!r.contains("rundll32") && !r.contains("*ab*"), "{r}");
    insta::assert_snapshot!(r);
}

#[test]
fn dl504_category_mismatch() {
    let (text, diags) = lint("category_mismatch.toml");
    let r = render(&text, &diags);
    assert_eq!(codes(&diags), vec!["DL504"], "{r}");
    insta::assert_snapshot!(r);
}

#[test]
fn dl505_invalid_pattern() {
    let (text, diags) = lint("invalid_pattern.toml");
    let r = render(&text, &diags);
    assert_eq!(codes(&diags), vec!["DL505", "DL505", "DL505"], "{r}");
    insta::assert_snapshot!(r);
}

#[test]
fn dl506_threat_mapping() {
    let (text, diags) = lint("threat_mapping.toml");
    let r = render(&text, &diags);
    for needle in [
        "not its parent",
        "is `Execution`, not `Persistence`",
        "points to `TA0003`",
        "framework `MITRE ATTACK`",
        "`T1059` is a technique id, but a tactic id",
        "`T1059.003` is a sub-technique id, but a technique id",
    ] {
        assert!(r.contains(needle), "missing {needle:?} in\n{r}");
    }
    insta::assert_snapshot!(r);
}

fn apply_first_fix(text: &str, d: &Diagnostic) -> String {
    let fix = &d.fixes[0];
    let mut edits = fix.edits.clone();
    edits.sort_by_key(|e| std::cmp::Reverse(e.span.start));
    let mut out = text.to_string();
    for e in edits {
        out.replace_range(e.span.start..e.span.end, &e.new_text);
    }
    out
}

#[test]
fn fixes_remove_the_finding() {
    for (name, code) in [
        ("unknown_field.toml", "DL502"),
        ("invalid_pattern.toml", "DL505"),
    ] {
        let (path, text) = fixture(name);
        let (_, diags) = lint_text(&path, text.clone(), &Config::default());
        let diags = own(diags);
        let d = diags
            .iter()
            .find(|d| d.code == code && !d.fixes.is_empty())
            .unwrap_or_else(|| panic!("{name}: no fix for {code}"));
        let fixed = apply_first_fix(&text, d);
        let (file, after) = lint_text(&path, fixed.clone(), &Config::default());
        assert!(
            file.docs[0].query_errors.is_empty(),
            "{name}: fix broke the query"
        );
        let before_n = diags.iter().filter(|x| x.code == code).count();
        let after_n = after.iter().filter(|x| x.code == code).count();
        assert_eq!(after_n, before_n - 1, "{name}:\n{fixed}");
        assert!(!after.iter().any(|x| x.code == "DL501"));
    }
}

#[test]
fn dl507_kuery_unfielded_value() {
    let (text, diags) = lint("kuery_unfielded_value.toml");
    let r = render(&text, &diags);
    assert_eq!(codes(&diags), vec!["DL507"], "{r}");
    insta::assert_snapshot!(r);
    // the fix makes a value list: the finding is gone and the query still parses
    let (path, _) = fixture("kuery_unfielded_value.toml");
    let fixed = apply_first_fix(&text, &diags[0]);
    assert!(
        fixed.contains("process.name : (cmd.exe or powershell.exe)"),
        "{fixed}"
    );
    let (file, after) = lint_text(&path, fixed, &Config::default());
    let after = own(after);
    assert!(file.docs[0].query_errors.is_empty());
    assert!(after.is_empty(), "{}", render(&file.text, &after));
}

#[test]
fn dl508_esql_missing_metadata() {
    let (text, diags) = lint("esql_missing_metadata.toml");
    let r = render(&text, &diags);
    assert_eq!(codes(&diags), vec!["DL508"], "{r}");
    insta::assert_snapshot!(r);
    let (path, _) = fixture("esql_missing_metadata.toml");
    let fixed = apply_first_fix(&text, &diags[0]);
    assert!(
        fixed.contains("metadata _id, _version, _index\n"),
        "{fixed}"
    );
    let (file, after) = lint_text(&path, fixed, &Config::default());
    let after = own(after);
    assert!(file.docs[0].query_errors.is_empty());
    assert!(after.is_empty(), "{}", render(&file.text, &after));
}

#[test]
fn dl508_fix_adds_a_metadata_clause() {
    let path = Path::new("inline.toml");
    let text = "[rule]\nname = \"x\"\nlanguage = \"esql\"\ntype = \"esql\"\nquery = \"from logs-* | where process.name == \\\"a\\\"\"\n";
    let (_, diags) = lint_text(path, text.to_string(), &Config::default());
    let d = diags.iter().find(|d| d.code == "DL508").unwrap();
    let fixed = apply_first_fix(text, d);
    assert!(
        fixed.contains("from logs-* METADATA _id, _version, _index | where"),
        "{fixed}"
    );
    let (_, after) = lint_text(path, fixed, &Config::default());
    assert!(!after.iter().any(|d| d.code == "DL508"));
}

#[test]
fn suppression_comments_work_in_toml_and_in_the_query() {
    let path = Path::new("inline.toml");
    let text = "[rule]\nname = \"x\"\nlanguage = \"eql\"\ntype = \"eql\"\nquery = '''\nnetwork where\n  // detlint: ignore[DL505] lab network written this way on purpose\n  cidrMatch(destination.ip, \"10.1.0.0/8\")\n'''\n\n[[rule.threat]]\nframework = \"MITRE ATT&CK\"\n[rule.threat.tactic]\n# detlint: ignore[elastic-threat-mapping] legacy id kept for the dashboard\nid = \"TA002\"\nname = \"Execution\"\n";
    let (_, diags) = lint_text(path, text.to_string(), &Config::default());
    let diags = own(diags);
    assert!(diags.is_empty(), "{}", render(text, &diags));
}

#[test]
fn dl509_eql_unsupported() {
    let (text, diags) = lint("eql_unsupported.toml");
    let r = render(&text, &diags);
    assert_eq!(codes(&diags), vec!["DL509"; 4], "{r}");
    insta::assert_snapshot!(r);
}

#[test]
fn dl509_sequence_length_counts_runs() {
    let path = Path::new("inline.toml");
    let q = |query: &str| {
        let text = format!(
            "[rule]\nname = \"x\"\nlanguage = \"eql\"\ntype = \"eql\"\nquery = '''\n{query}\n'''\n"
        );
        let (_, diags) = lint_text(path, text, &Config::default());
        diags.iter().filter(|d| d.code == "DL509").count()
    };
    assert_eq!(q("sequence by host.id [process where true]"), 1);
    assert_eq!(q("sequence by host.id [process where true] with runs=3"), 0);
    assert_eq!(
        q("sequence by host.id with maxspan=1m [process where true] ![file where true]"),
        0
    );
}
