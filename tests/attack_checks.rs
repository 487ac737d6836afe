//! ATT&CK checks (DL401–DL407) on Sigma fixtures written for the project: each check triggers
//! where it must (1-based line and column) and stays quiet where it must not; the revoked
//! technique fix leaves a file without the finding.

use detlint::config::Config;
use detlint::lint::lint_text;
use std::path::PathBuf;

fn fixture(name: &str) -> (PathBuf, String) {
    let path = PathBuf::from(env!("CARGO_MANIFEST_DIR"))
        .join("tests/fixtures/attack")
        .join(name);
    let text = std::fs::read_to_string(&path).unwrap();
    (path, text)
}

/// (code, line, column, message) of the DL4xx findings.
fn lint(name: &str) -> Vec<(String, usize, usize, String)> {
    let (path, text) = fixture(name);
    lint_str(&path, text)
}

fn lint_str(path: &std::path::Path, text: String) -> Vec<(String, usize, usize, String)> {
    let (file, diags) = lint_text(path, text, &Config::default());
    diags
        .iter()
        .filter(|d| d.code.starts_with("DL4"))
        .map(|d| {
            let line = file.lines.line_of(d.span.start);
            let col = file.text[file.lines.line_start(line)..d.span.start]
                .chars()
                .count();
            (d.code.to_string(), line + 1, col + 1, d.message.clone())
        })
        .collect()
}

fn at(v: &[(String, usize, usize, String)], code: &str) -> Vec<(usize, usize)> {
    v.iter()
        .filter(|x| x.0 == code)
        .map(|x| (x.1, x.2))
        .collect()
}

fn message(v: &[(String, usize, usize, String)], code: &str) -> String {
    v.iter()
        .filter(|x| x.0 == code)
        .map(|x| x.3.clone())
        .collect::<Vec<_>>()
        .join("\n")
}

#[test]
fn good_rule_is_quiet() {
    assert_eq!(lint("good.yml"), vec![]);
}

#[test]
fn unknown_technique() {
    let v = lint("unknown_technique.yml");
    assert_eq!(at(&v, "DL401"), vec![(9, 7), (10, 7)], "{v:?}");
    let m = message(&v, "DL401");
    assert!(
        m.contains("`T1000` does not exist in ATT&CK Enterprise v18"),
        "{m}"
    );
    assert!(m.contains("T1086 PowerShell has no sub-techniques"), "{m}");
    // the known technique on line 11 is fine; no other ATT&CK finding
    assert_eq!(v.len(), 2, "{v:?}");
}

#[test]
fn revoked_technique_and_fix() {
    let v = lint("revoked_technique.yml");
    assert_eq!(at(&v, "DL402"), vec![(9, 7), (11, 7)], "{v:?}");
    let m = message(&v, "DL402");
    assert!(
        m.contains("`T1086` PowerShell was revoked by MITRE and replaced by T1059.001 Command and Scripting Interpreter: PowerShell"),
        "{m}"
    );
    assert!(m.contains("already lists it, remove this entry"), "{m}");

    let (path, text) = fixture("revoked_technique.yml");
    let (_, diags) = lint_text(&path, text.clone(), &Config::default());
    let fixes: Vec<_> = diags
        .iter()
        .filter(|d| d.code == "DL402")
        .flat_map(|d| d.fixes.iter())
        .collect();
    assert_eq!(fixes.len(), 1, "only T1086 gets a fix: {fixes:?}");
    assert!(fixes[0].safe);
    let (fixed, _) = detlint::diagnostic::apply_edits(&text, &fixes[0].edits);
    assert!(fixed.contains("    - attack.t1059.001\n"), "{fixed}");
    let after = lint_str(&path, fixed);
    assert_eq!(at(&after, "DL402"), vec![(11, 7)], "{after:?}");
    assert!(at(&after, "DL401").is_empty());
}

#[test]
fn deprecated_technique() {
    let v = lint("deprecated_technique.yml");
    assert_eq!(at(&v, "DL403"), vec![(9, 7)], "{v:?}");
    assert!(message(&v, "DL403").contains("`T1043` Commonly Used Port is deprecated"));
    let (path, text) = fixture("deprecated_technique.yml");
    let (_, diags) = lint_text(&path, text, &Config::default());
    let d = diags.iter().find(|d| d.code == "DL403").unwrap();
    assert_eq!(d.tags, vec![detlint::diagnostic::Tag::Deprecated]);
}

#[test]
fn unknown_tactic() {
    let v = lint("unknown_tactic.yml");
    assert_eq!(at(&v, "DL404"), vec![(8, 7), (9, 7)], "{v:?}");
    let m = message(&v, "DL404");
    assert!(
        m.contains("did you mean Defense Evasion (`defense-evasion`, TA0005)?"),
        "{m}"
    );
    assert!(m.contains("the 14 tactics of ATT&CK Enterprise v18"), "{m}");
    // an unknown tactic is not compared with the techniques
    assert!(at(&v, "DL405").is_empty());
}

#[test]
fn tactic_mismatch() {
    let v = lint("tactic_mismatch.yml");
    assert_eq!(at(&v, "DL405"), vec![(8, 7)], "{v:?}");
    let m = message(&v, "DL405");
    assert!(
        m.contains("tactic `persistence`, Persistence (TA0003), is not a tactic of the rule's techniques: T1003.001 LSASS Memory is Credential Access (TA0006)"),
        "{m}"
    );
    // several tactics: not compared
    assert_eq!(lint("tactic_mismatch_several.yml"), vec![]);
}

#[test]
fn later_release_is_informational() {
    let v = lint("later_release.yml");
    // stealth / defense-impairment are v19's split of Defense Evasion: no DL404, no DL405
    assert!(
        at(&v, "DL404").is_empty() && at(&v, "DL405").is_empty(),
        "{v:?}"
    );
    assert!(at(&v, "DL401").is_empty(), "{v:?}");
    assert_eq!(at(&v, "DL407"), vec![(11, 7), (12, 7), (13, 7)], "{v:?}");
    let m = message(&v, "DL407");
    assert!(
        m.contains("`T1685` Disable or Modify Tools is from ATT&CK Enterprise v19"),
        "{m}"
    );
    assert!(
        m.contains("`T1686.003` is not in the ATT&CK Enterprise v18 data"),
        "{m}"
    );
}

#[test]
fn no_technique() {
    let v = lint("no_technique.yml");
    assert_eq!(at(&v, "DL406"), vec![(1, 8)], "{v:?}");
    assert!(message(&v, "DL406").contains("tactics but no technique"));
    assert_eq!(at(&lint("no_tags.yml"), "DL406"), vec![(1, 8)]);
    assert_eq!(lint("correlation.yml"), vec![]);
}

#[test]
fn hover_helpers() {
    let d = detlint::attack::describe_technique("t1003.001").unwrap();
    assert!(
        d.starts_with("**T1003.001** LSASS Memory — sub-technique of T1003 OS Credential Dumping"),
        "{d}"
    );
    assert!(d.contains("Credential Access (TA0006)"), "{d}");
    let d = detlint::attack::describe_tactic("TA0006").unwrap();
    assert!(
        d.contains("Credential Access") && d.contains("credential-access"),
        "{d}"
    );
}
