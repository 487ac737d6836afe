//! The Sentinel checks (DL701–DL705) on fixtures written for the project: each fixture triggers
//! the findings listed, a clean rule triggers none, and every quick fix leaves a file that parses
//! and no longer has the finding.

use detlint::config::Config;
use detlint::diagnostic::Diagnostic;
use detlint::lint::lint_text;
use std::path::{Path, PathBuf};

fn fixture(name: &str) -> (PathBuf, String) {
    let p = Path::new(concat!(
        env!("CARGO_MANIFEST_DIR"),
        "/tests/fixtures/sentinel"
    ))
    .join(name);
    let text = std::fs::read_to_string(&p).unwrap();
    (p, text)
}

fn lint(path: &Path, text: &str) -> Vec<Diagnostic> {
    lint_text(path, text.to_string(), &Config::default()).1
}

/// (code, text at the span, message) of every finding.
fn findings(name: &str) -> Vec<(&'static str, String, String)> {
    let (p, text) = fixture(name);
    lint(&p, &text)
        .into_iter()
        .map(|d| {
            (
                d.code,
                text[d.span.start..d.span.end].to_string(),
                d.message,
            )
        })
        .collect()
}

fn has(f: &[(&str, String, String)], code: &str, at: &str, msg_part: &str) {
    assert!(
        f.iter()
            .any(|(c, t, m)| *c == code && t == at && m.contains(msg_part)),
        "no {code} at {at:?} containing {msg_part:?} in {f:#?}"
    );
}

#[test]
fn unknown_table() {
    let f = findings("checks/unknown_table.yaml");
    has(&f, "DL701", "SigninLog", "did you mean `SigninLogs`");
    has(&f, "DL701", "securityevent", "spelt `SecurityEvent`");
    // custom logs, ASIM parsers and let names are not reported
    assert_eq!(f.iter().filter(|x| x.0 == "DL701").count(), 2, "{f:#?}");
}

#[test]
fn contains_instead_of_has() {
    let f = findings("checks/contains.yaml");
    has(&f, "DL702", "contains", "`contains \"mimikatz\"`");
    has(&f, "DL702", "!contains", "`!has`");
    // `sekurlsa::`, `\Temp\` and the two-letter `ad` are not whole terms of ≥ 3 characters
    assert_eq!(f.iter().filter(|x| x.0 == "DL702").count(), 2, "{f:#?}");
}

#[test]
fn attack_mapping() {
    let f = findings("checks/attack_mapping.yaml");
    has(
        &f,
        "DL703",
        "Initial access",
        "did you mean `InitialAccess`",
    );
    has(&f, "DL703", "Exfiltraton", "did you mean `Exfiltration`");
    has(&f, "DL703", "T1114.3", "not an ATT&CK technique id");
    has(&f, "DL703", "t1020", "is written `T1020`");
    assert_eq!(f.iter().filter(|x| x.0 == "DL703").count(), 4, "{f:#?}");
}

#[test]
fn schedule_and_enums() {
    let f = findings("checks/schedule.yaml");
    has(&f, "DL704", "1d", "longer than `queryPeriod: 1h`");
    has(&f, "DL704", "greater", "not one of gt, lt, eq, ne");
    has(&f, "DL704", "ten", "not a whole number");
    has(&f, "DL705", "Hight", "did you mean `High`");
    has(&f, "DL705", "Scheduld", "did you mean `Scheduled`");
}

#[test]
fn entity_columns() {
    let f = findings("checks/entity_column.yaml");
    has(&f, "DL706", "IPAddress", "spelt `IpAddress`");
    has(
        &f,
        "DL706",
        "AccountCustomEntity",
        "not in the query's output",
    );
    // HostCustomEntity (extend) and Failures (summarize) are returned
    assert_eq!(f.iter().filter(|x| x.0 == "DL706").count(), 2, "{f:#?}");
}

#[test]
fn clean_rule_and_lowering_fixtures_have_no_findings() {
    for name in [
        "checks/clean.yaml",
        "let_list.yaml",
        "not_in.yaml",
        "ipv4_range.yaml",
        "union.yaml",
        "join.yaml",
        "security_event.yaml",
    ] {
        // Sentinel and syntax checks only (cross-format checks are tested by their owners)
        let f: Vec<_> = findings(name)
            .into_iter()
            .filter(|x| x.0.starts_with("DL7") || x.0.starts_with("DL00"))
            .collect();
        assert!(f.is_empty(), "{name}: {f:#?}");
    }
}

#[test]
fn every_fix_removes_its_finding() {
    let mut applied = 0;
    for name in [
        "checks/unknown_table.yaml",
        "checks/contains.yaml",
        "checks/attack_mapping.yaml",
        "checks/schedule.yaml",
        "checks/entity_column.yaml",
    ] {
        let (p, text) = fixture(name);
        let before = lint(&p, &text);
        for d in before.iter().filter(|d| d.code.starts_with("DL7")) {
            for fix in &d.fixes {
                let mut edits = fix.edits.clone();
                edits.sort_by_key(|e| std::cmp::Reverse(e.span.start));
                let mut fixed = text.clone();
                for e in &edits {
                    fixed.replace_range(e.span.start..e.span.end, &e.new_text);
                }
                let after = lint(&p, &fixed);
                assert!(
                    !after.iter().any(|a| a.code == "DL002" || a.code == "DL003"),
                    "{name}: fix {:?} breaks the file: {after:#?}",
                    fix.title
                );
                let start = d.span.start;
                assert!(
                    !after
                        .iter()
                        .any(|a| a.code == d.code && a.span.start == start),
                    "{name}: fix {:?} leaves {} at {start}",
                    fix.title,
                    d.code
                );
                applied += 1;
            }
        }
    }
    assert!(applied >= 8, "only {applied} fixes tried");
}

#[test]
fn documentation_example_shows_its_findings() {
    let p = Path::new(concat!(
        env!("CARGO_MANIFEST_DIR"),
        "/docs/examples/sentinel_lsass_access_tool.yaml"
    ));
    let text = std::fs::read_to_string(p).unwrap();
    // the Sentinel checks and the syntax checks (cross-format checks may add their own)
    let mut codes: Vec<&str> = lint(p, &text)
        .iter()
        .map(|d| d.code)
        .filter(|c| c.starts_with("DL7") || c.starts_with("DL00"))
        .collect();
    codes.sort();
    assert_eq!(codes, vec!["DL701", "DL702", "DL703", "DL704"]);
}
