//! Hostile and broken inputs: each gets a clear diagnostic with a position, and the process
//! stays alive and fast. The list and what each input gets are in docs/robustness.md.

use detlint::config::Config;
use detlint::diagnostic::Diagnostic;
use detlint::lint::lint_text;
use std::path::Path;
use std::time::{Duration, Instant};

const HEAD: &str = "title: Hostile input\nid: 5b2c8a10-1d2e-4f3a-9b4c-6d7e8f9a0b1c\nlogsource:\n    category: process_creation\n    product: windows\n";

fn lint(name: &str, text: String) -> Vec<Diagnostic> {
    let start = Instant::now();
    let (_, d) = lint_text(Path::new(name), text, &Config::default());
    assert!(
        start.elapsed() < Duration::from_secs(20),
        "{name} took {:?}",
        start.elapsed()
    );
    d
}

fn has(d: &[Diagnostic], code: &str) -> bool {
    d.iter().any(|x| x.code == code)
}

#[test]
fn yaml_alias_bomb() {
    let mut t = format!("{HEAD}detection:\n    a0: &a0 [x, x, x, x, x, x, x, x, x, x]\n");
    for i in 1..12 {
        let j = i - 1;
        t.push_str(&format!("    a{i}: &a{i} [*a{j}, *a{j}, *a{j}, *a{j}, *a{j}, *a{j}, *a{j}, *a{j}, *a{j}, *a{j}]\n"));
    }
    t.push_str("    condition: a11\n");
    let d = lint("bomb.yml", t);
    let bomb = d
        .iter()
        .find(|x| x.code == "DL002" && x.message.contains("alias"))
        .expect("alias limit diagnostic");
    assert!(bomb.span.start > 0);
}

#[test]
fn deep_nesting_of_brackets_and_yaml() {
    for (name, body) in [
        (
            "flow.yml",
            format!(
                "{HEAD}detection:\n    sel: {}\n    condition: sel\n",
                "[".repeat(100_000)
            ),
        ),
        (
            "map.yml",
            format!(
                "{HEAD}detection:\n    sel: {}\n    condition: sel\n",
                "{a: ".repeat(100_000)
            ),
        ),
        (
            "block.yml",
            format!(
                "{HEAD}detection:\n    sel: {}x\n    condition: sel\n",
                "- ".repeat(100_000)
            ),
        ),
        (
            "cond.yml",
            format!(
                "{HEAD}detection:\n    sel:\n        Image: x\n    condition: {}sel\n",
                "(".repeat(100_000)
            ),
        ),
    ] {
        let d = lint(name, body);
        assert!(
            d.iter()
                .any(|x| x.severity == detlint::diagnostic::Severity::Error),
            "{name}: {d:?}"
        );
    }
}

#[test]
fn large_files_and_long_lines() {
    let big = format!("{HEAD}description: '{}'\n", "x".repeat(50 * 1024 * 1024));
    let d = lint("big.yml", big);
    assert!(
        has(&d, "DL001"),
        "50 MB file gets file-unreadable with the limit"
    );
    let line = format!(
        "{HEAD}detection:\n    sel:\n        CommandLine|contains: '{}'\n    condition: sel\n",
        "a".repeat(1024 * 1024)
    );
    let d = lint("line.yml", line);
    assert!(!has(&d, "DL002"), "a 1 MB line is valid YAML");
}

#[test]
fn huge_mappings_and_selections_take_linear_time() {
    // 100,000 keys in one selection: duplicate-key detection and the expansion of the
    // selection's conjunction into branches were quadratic (36 s in a release build).
    let mut t = format!("{HEAD}detection:\n    sel:\n");
    for i in 0..100_000 {
        t.push_str(&format!("        Field{i}: value{i}\n"));
    }
    t.push_str("        Field7: again\n    condition: sel\n");
    let d = lint("many_keys.yml", t);
    assert!(
        d.iter()
            .any(|x| x.code == "DL002" && x.message.contains("duplicate key `Field7`")),
        "the repeated key is still found"
    );
}

#[test]
fn encodings_and_line_endings() {
    let crlf =
        format!("{HEAD}detection:\n    sel:\n        Image|endwith: x\n    condition: sel\n")
            .replace('\n', "\r\n");
    let d = lint("crlf.yml", crlf.clone());
    let m = d
        .iter()
        .find(|x| x.code == "DL204")
        .expect("unknown modifier under CRLF");
    assert_eq!(&crlf[m.span.start..m.span.end], "endwith");
    let cr = crlf.replace("\r\n", "\r");
    let d = lint("cr.yml", cr.clone());
    if let Some(m) = d.iter().find(|x| x.code == "DL204") {
        assert_eq!(&cr[m.span.start..m.span.end], "endwith");
    }
    let bom = format!(
        "\u{feff}{HEAD}detection:\n    sel:\n        Image|endwith: x\n    condition: sel\n"
    );
    let d = lint("bom.yml", bom.clone());
    let m = d
        .iter()
        .find(|x| x.code == "DL204")
        .expect("BOM file still parses");
    assert_eq!(&bom[m.span.start..m.span.end], "endwith");
    assert!(!has(&d, "DL002"), "{d:?}");
}

#[test]
fn tabs_in_yaml_indentation() {
    let t = format!("{HEAD}detection:\n\tsel:\n\t\tImage: x\n\tcondition: sel\n");
    let d = lint("tabs.yml", t);
    let e = d.iter().find(|x| x.code == "DL002").expect("tab error");
    assert!(
        e.message.contains("tab") || e.message.contains("YAML"),
        "{}",
        e.message
    );
}

#[test]
fn slow_regexes_and_huge_cidr_lists() {
    let t = format!("{HEAD}detection:\n    sel:\n        CommandLine|re: '((a{{100}}){{100}}){{100}}'\n    condition: sel\n");
    let d = lint("regex.yml", t);
    assert!(
        d.iter()
            .any(|x| x.code == "DL206" && x.message.contains("size limit")),
        "{d:?}"
    );
    let mut t = format!("{HEAD}detection:\n    sel:\n        DestinationIp|cidr:\n");
    for i in 0..20_000u32 {
        t.push_str(&format!(
            "            - '10.{}.{}.0/24'\n",
            (i >> 8) & 255,
            i & 255
        ));
    }
    t.push_str("    condition: sel\n");
    let d = lint("cidr.yml", t);
    assert!(!has(&d, "DL207"));
}

#[test]
fn half_typed_text_keeps_checking_the_rest() {
    let t = format!("{HEAD}detection:\n    sel:\n        Image|endwith: 'x\n    condition: sel and\nlevel: Hgh\n");
    let d = lint("half.yml", t);
    assert!(has(&d, "DL002"), "{d:?}");
}

fn scratch(name: &str) -> std::path::PathBuf {
    let dir = std::env::temp_dir().join(format!("detlint-robust-{name}-{}", std::process::id()));
    let _ = std::fs::remove_dir_all(&dir);
    std::fs::create_dir_all(&dir).expect("dir");
    dir
}

#[test]
fn folder_walk_with_binary_files_symlink_loops_and_unreadable_files() {
    let dir = scratch("walk");
    std::fs::write(
        dir.join("image.yml"),
        [0x89u8, b'P', b'N', b'G', 0, 0, 1, 2],
    )
    .expect("write");
    std::fs::write(
        dir.join("ok.yml"),
        format!("{HEAD}detection:\n    sel:\n        Image: x\n    condition: sel\n"),
    )
    .expect("write");
    #[cfg(unix)]
    {
        let _ = std::os::unix::fs::symlink(&dir, dir.join("loop"));
        let locked = dir.join("locked.yml");
        std::fs::write(&locked, "title: x\n").expect("write");
        use std::os::unix::fs::PermissionsExt;
        let _ = std::fs::set_permissions(&locked, std::fs::Permissions::from_mode(0o000));
    }
    let out = std::process::Command::new(env!("CARGO_BIN_EXE_detlint"))
        .args(["check", "--output-format", "json", &dir.to_string_lossy()])
        .output()
        .expect("run");
    assert!(
        out.status.code().is_some_and(|c| c == 0 || c == 1),
        "{out:?}"
    );
    let v: serde_json::Value = serde_json::from_slice(&out.stdout).expect("json");
    let arr = v.as_array().expect("array");
    assert!(arr
        .iter()
        .any(|d| d["code"] == "DL001" && d["path"].as_str().unwrap_or("").ends_with("image.yml")));
    #[cfg(unix)]
    {
        use std::os::unix::fs::PermissionsExt;
        let locked = dir.join("locked.yml");
        // root can read anything: only expect the diagnostic when the file really is unreadable
        if std::fs::read(&locked).is_err() {
            assert!(arr.iter().any(|d| d["code"] == "DL001"
                && d["path"].as_str().unwrap_or("").ends_with("locked.yml")));
        }
        let _ = std::fs::set_permissions(&locked, std::fs::Permissions::from_mode(0o644));
    }
}

#[test]
fn config_with_wrong_types_is_a_clear_error() {
    let dir = scratch("config");
    for bad in [
        "select = \"DL1\"",
        "[limits]\nmax-file-size = \"big\"",
        "[severity]\nDL201 = 3",
        "unknown-key = 1",
        "[thresholds]\ncommon-reach = -1",
    ] {
        std::fs::write(dir.join(".detlint.toml"), bad).expect("write");
        let out = std::process::Command::new(env!("CARGO_BIN_EXE_detlint"))
            .args(["check", "."])
            .current_dir(&dir)
            .output()
            .expect("run");
        assert_eq!(out.status.code(), Some(2), "{bad}");
        let err = String::from_utf8_lossy(&out.stderr);
        assert!(err.contains(".detlint.toml"), "{bad}: {err}");
    }
}
