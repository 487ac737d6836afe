//! End-to-end tests of `detlint check`: text, JSON, SARIF and GitHub outputs on fixtures written
//! for the project, exit codes, `--fix`, configuration and suppressions.

use std::path::{Path, PathBuf};
use std::process::Command;

fn bin() -> Command {
    let mut c = Command::new(env!("CARGO_BIN_EXE_detlint"));
    c.current_dir(env!("CARGO_MANIFEST_DIR"));
    c
}

fn fixture(rel: &str) -> String {
    format!("tests/fixtures/cli/{rel}")
}

fn run(args: &[&str]) -> (i32, String, String) {
    let out = bin().args(args).output().expect("run detlint");
    (
        out.status.code().unwrap_or(-1),
        String::from_utf8_lossy(&out.stdout).into_owned(),
        String::from_utf8_lossy(&out.stderr).into_owned(),
    )
}

#[test]
fn text_output_snapshot() {
    let (code, out, _) = run(&["check", "--no-color", &fixture("rules/bad_sigma.yml")]);
    assert_eq!(code, 1);
    insta::assert_snapshot!("text_bad_sigma", out);
}

#[test]
fn json_output_snapshot_and_shape() {
    let (code, out, _) = run(&[
        "check",
        "--output-format",
        "json",
        &fixture("rules/bad_sigma.yml"),
    ]);
    assert_eq!(code, 1);
    let v: serde_json::Value = serde_json::from_str(&out).expect("valid JSON");
    let arr = v.as_array().expect("array");
    assert!(!arr.is_empty());
    for d in arr {
        for key in [
            "path", "code", "name", "severity", "message", "start", "end", "fixes",
        ] {
            assert!(d.get(key).is_some(), "missing {key} in {d}");
        }
        assert!(d["start"]["line"].as_u64().unwrap_or(0) >= 1);
        assert!(["error", "warning", "info"].contains(&d["severity"].as_str().unwrap_or("")));
    }
    // the unknown modifier is reported at its exact position: line 15, column 15
    let m = arr.iter().find(|d| d["code"] == "DL204").expect("DL204");
    assert_eq!(m["start"]["line"], 15);
    assert_eq!(m["start"]["column"], 15);
    insta::assert_snapshot!("json_bad_sigma", out);
}

#[test]
fn sarif_output_deserializes_with_serde_sarif() {
    let (code, out, _) = run(&[
        "check",
        "--output-format",
        "sarif",
        &fixture("rules/bad_sigma.yml"),
    ]);
    assert_eq!(code, 1);
    let sarif: serde_sarif::sarif::Sarif =
        serde_json::from_str(&out).expect("SARIF 2.1.0 per serde-sarif");
    let run = &sarif.runs[0];
    let rules = run.tool.driver.rules.as_ref().expect("rules");
    assert!(rules.iter().any(|r| r.id == "DL204"));
    let results = run.results.as_ref().expect("results");
    assert!(results
        .iter()
        .any(|r| r.rule_id.as_deref() == Some("DL202")));
    insta::assert_snapshot!(
        "sarif_results_bad_sigma",
        serde_json::to_string_pretty(
            &serde_json::from_str::<serde_json::Value>(&out).expect("json")["runs"][0]["results"]
        )
        .unwrap_or_default()
    );
}

#[test]
fn github_annotations() {
    let (_, out, _) = run(&[
        "check",
        "--output-format",
        "github",
        &fixture("rules/bad_sigma.yml"),
    ]);
    let first = out.lines().next().unwrap_or("");
    assert!(first.starts_with("::"), "{first}");
    assert!(out.lines().all(
        |l| l.contains("file=tests/fixtures/cli/rules/bad_sigma.yml,line=")
            && l.contains("title=detlint (DL")
    ));
}

#[test]
fn exit_codes() {
    assert_eq!(
        run(&["check", &fixture("clean")]).0,
        0,
        "clean folder exits 0"
    );
    assert_eq!(run(&["check", &fixture("rules")]).0, 1, "findings exit 1");
    assert_eq!(
        run(&["check", "--fail-level", "bogus", &fixture("rules")]).0,
        2,
        "usage error exits 2"
    );
    assert_eq!(run(&["check", "tests/fixtures/cli/does-not-exist"]).0, 2);
    assert_eq!(
        run(&["check", "--select", "DL9999", &fixture("rules")]).0,
        2
    );
    // with everything but info ignored the clean folder stays clean; fail-level info makes infos fail
    assert_eq!(run(&["check", "--select", "DL204", &fixture("clean")]).0, 0);
}

fn scratch(name: &str) -> PathBuf {
    let dir = std::env::temp_dir().join(format!("detlint-cli-{name}-{}", std::process::id()));
    let _ = std::fs::remove_dir_all(&dir);
    std::fs::create_dir_all(&dir).expect("temp dir");
    dir
}

#[test]
fn fix_applies_safe_fixes_atomically_and_is_idempotent() {
    let dir = scratch("fix");
    let path = dir.join("rule.yml");
    std::fs::copy(fixture("rules/bad_sigma.yml"), &path).expect("copy");
    let p = path.to_string_lossy().to_string();
    let (_, before, _) = run(&["check", "--output-format", "json", &p]);
    let before: serde_json::Value = serde_json::from_str(&before).expect("json");
    assert!(before
        .as_array()
        .is_some_and(|a| a.iter().any(|d| d["code"] == "DL204")));
    let _ = run(&["check", "--fix", &p]);
    let fixed = std::fs::read_to_string(&path).expect("read");
    assert!(fixed.contains("Image|endswith:"), "{fixed}");
    assert!(fixed.contains("status: test\n"), "{fixed}");
    let (_, after, _) = run(&["check", "--output-format", "json", &p]);
    let after: serde_json::Value = serde_json::from_str(&after).expect("json");
    assert!(!after.as_array().is_some_and(|a| a
        .iter()
        .any(|d| d["code"] == "DL204" || d["code"] == "DL106")));
    // a second --fix changes nothing
    let _ = run(&["check", "--fix", &p]);
    assert_eq!(std::fs::read_to_string(&path).expect("read"), fixed);
    // no temporary files are left behind
    let leftovers: Vec<_> = std::fs::read_dir(&dir)
        .expect("dir")
        .filter_map(|e| e.ok())
        .filter(|e| e.file_name().to_string_lossy().contains(".tmp"))
        .collect();
    assert!(leftovers.is_empty());
}

#[test]
fn config_select_ignore_severity_and_per_path() {
    let dir = scratch("config");
    std::fs::create_dir_all(dir.join("legacy")).expect("dir");
    std::fs::copy(fixture("rules/bad_sigma.yml"), dir.join("rule.yml")).expect("copy");
    std::fs::copy(fixture("rules/bad_sigma.yml"), dir.join("legacy/rule.yml")).expect("copy");
    std::fs::write(dir.join(".detlint.toml"), "ignore = [\"DL106\"]\n[severity]\nDL204 = \"info\"\n[per-path-ignores]\n\"legacy/**\" = [\"DL2\"]\n").expect("write");
    let out = bin()
        .args(["check", "--output-format", "json", "."])
        .current_dir(&dir)
        .output()
        .expect("run");
    let v: serde_json::Value = serde_json::from_slice(&out.stdout).expect("json");
    let arr = v.as_array().expect("array");
    assert!(!arr.iter().any(|d| d["code"] == "DL106"), "ignored");
    assert!(arr
        .iter()
        .any(|d| d["code"] == "DL204" && d["severity"] == "info" && d["path"] == "rule.yml"));
    assert!(!arr
        .iter()
        .any(|d| d["path"] == "legacy/rule.yml"
            && d["code"].as_str().unwrap_or("").starts_with("DL2")));
    assert!(arr.iter().any(|d| d["path"] == "legacy/rule.yml"));
    // a configuration with a wrong type is a usage error with exit 2 and a message
    std::fs::write(dir.join(".detlint.toml"), "ignore = 3\n").expect("write");
    let out = bin()
        .args(["check", "."])
        .current_dir(&dir)
        .output()
        .expect("run");
    assert_eq!(out.status.code(), Some(2));
    assert!(String::from_utf8_lossy(&out.stderr).contains(".detlint.toml"));
}

#[test]
fn inline_suppression() {
    let dir = scratch("suppress");
    let text = std::fs::read_to_string(fixture("rules/bad_sigma.yml")).expect("read");
    let text = text.replace(
        "        Image|endwith:",
        "        # detlint: ignore[DL204] fixture keeps the typo\n        Image|endwith:",
    );
    let path = dir.join("rule.yml");
    std::fs::write(&path, text).expect("write");
    let (_, out, _) = run(&["check", "--output-format", "json", &path.to_string_lossy()]);
    let v: serde_json::Value = serde_json::from_str(&out).expect("json");
    assert!(!v
        .as_array()
        .is_some_and(|a| a.iter().any(|d| d["code"] == "DL204")));
    assert!(v
        .as_array()
        .is_some_and(|a| a.iter().any(|d| d["code"] == "DL202")));
}

#[test]
fn unreadable_and_binary_files_get_a_diagnostic() {
    let dir = scratch("binary");
    std::fs::write(dir.join("blob.yml"), b"title: x\n\x00\x01\x02").expect("write");
    std::fs::write(dir.join("latin1.yml"), b"title: caf\xe9\ndetection:\n").expect("write");
    let (code, out, _) = run(&["check", "--output-format", "json", &dir.to_string_lossy()]);
    assert_eq!(code, 1);
    let v: serde_json::Value = serde_json::from_str(&out).expect("json");
    let arr = v.as_array().expect("array");
    assert_eq!(
        arr.iter().filter(|d| d["code"] == "DL001").count(),
        2,
        "{out}"
    );
    let utf8 = arr
        .iter()
        .find(|d| d["path"].as_str().unwrap_or("").ends_with("latin1.yml"))
        .expect("latin1");
    assert_eq!(utf8["start"]["line"], 1);
    assert_eq!(utf8["start"]["column"], 11);
}

#[test]
fn rule_documentation_command() {
    let (code, out, _) = run(&["rule", "dangling_condition"]);
    assert_eq!(code, 0);
    assert!(out.contains("DL202"));
    let (code, out, _) = run(&["rule", "--all"]);
    assert_eq!(code, 0);
    assert!(out.lines().count() >= 20);
    assert_eq!(run(&["rule", "nope"]).0, 2);
    let _ = Path::new("");
}

/// Files are reported in path order, once each, however the arguments name them: out of
/// order, overlapping, or a file named again inside a folder given too.
#[test]
fn overlapping_and_unordered_arguments_report_each_file_once_in_path_order() {
    let dir = scratch("order");
    let text = std::fs::read_to_string(fixture("rules/bad_sigma.yml")).expect("fixture");
    for name in ["b/x.yml", "a/y.yml", "a/z/w.yml", "a-b/v.yml", "a.yml"] {
        let p = dir.join(name);
        std::fs::create_dir_all(p.parent().expect("parent")).expect("folder");
        std::fs::write(&p, &text).expect("write");
    }
    let d = dir.to_string_lossy().into_owned();
    let sub = dir.join("a").to_string_lossy().into_owned();
    let file = dir.join("b/x.yml").to_string_lossy().into_owned();
    let files_of = |paths: &[&str]| {
        let mut a = vec!["check", "--output-format", "json"];
        a.extend_from_slice(paths);
        let out = run(&a).1;
        let v: serde_json::Value = serde_json::from_str(&out).expect("valid JSON");
        let mut files: Vec<String> = Vec::new();
        for p in v
            .as_array()
            .expect("array")
            .iter()
            .filter_map(|d| d["path"].as_str())
        {
            if files.last().map(String::as_str) != Some(p) {
                files.push(p.to_string());
            }
        }
        files
    };
    let plain = files_of(&[&d]);
    let names: Vec<&str> = plain
        .iter()
        .map(|p| {
            p.strip_prefix(d.as_str())
                .unwrap_or(p)
                .trim_start_matches('/')
        })
        .collect();
    // path order compares folder by folder: `a/…` before `a-b/…` before `a.yml`
    assert_eq!(
        names,
        ["a/y.yml", "a/z/w.yml", "a-b/v.yml", "a.yml", "b/x.yml"]
    );
    assert_eq!(files_of(&[&file, &d, &sub]), plain);
    assert_eq!(files_of(&[&sub, &d]), plain);
    let _ = std::fs::remove_dir_all(&dir);
}
