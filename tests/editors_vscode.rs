//! VS Code extension (editors/vscode): its `node --test` suite (helpers without `vscode`, and the
//! protocol test that drives the real `detlint lsp` with vscode-languageserver-protocol), and the
//! contents of the packaged .vsix that .ci/run builds with scripts/package-vscode.sh.

#[path = "editors/common.rs"]
mod common;

use common::*;
use std::process::Command;
use std::time::Duration;

#[test]
fn node_test_suite() {
    let ext = repo().join("editors/vscode");
    let Some(node) = which("node") else {
        missing("node (Node 20)");
        return;
    };
    if !ext
        .join("node_modules/vscode-languageserver-protocol")
        .is_dir()
    {
        missing("editors/vscode/node_modules (npm ci in editors/vscode)");
        return;
    }
    if let Err(why) = lsp_available(&detlint_bin()) {
        eprintln!("the protocol test will skip: {why}");
    }
    let build = Command::new(&node)
        .arg("esbuild.mjs")
        .current_dir(&ext)
        .output()
        .unwrap();
    assert!(
        build.status.success(),
        "esbuild: {}",
        String::from_utf8_lossy(&build.stderr)
    );
    let mut cmd = Command::new(&node);
    cmd.args(["--test", "test/"])
        .current_dir(&ext)
        .env("DETLINT_SERVER_PATH", detlint_bin());
    let out = run_with_timeout(&mut cmd, Duration::from_secs(120));
    let stdout = String::from_utf8_lossy(&out.stdout);
    let stderr = String::from_utf8_lossy(&out.stderr);
    // Make the node runner's verdicts (and skip reasons) visible with --nocapture.
    for l in stdout
        .lines()
        .filter(|l| (l.starts_with("# ") && !l.starts_with("# Subtest")) || l.starts_with("not ok"))
    {
        eprintln!("node: {l}");
    }
    assert!(
        out.status.success(),
        "node --test failed\n{stdout}\n{stderr}"
    );
    assert!(stdout.contains("\n# fail 0"), "{stdout}");
    let passed: usize = stdout
        .lines()
        .find_map(|l| l.strip_prefix("# pass "))
        .and_then(|n| n.trim().parse().ok())
        .unwrap_or(0);
    assert!(passed >= 10, "only {passed} node tests passed\n{stdout}");
}

#[test]
fn vsix_holds_the_bundle_the_server_and_no_sources() {
    let vsix = repo().join("target/vscode/detlint-linux-x64.vsix");
    if !vsix.is_file() {
        missing("target/vscode/detlint-linux-x64.vsix (scripts/package-vscode.sh)");
        return;
    }
    if which("unzip").is_none() {
        missing("unzip");
        return;
    }
    let out = Command::new("unzip").arg("-l").arg(&vsix).output().unwrap();
    assert!(out.status.success());
    let listing = String::from_utf8_lossy(&out.stdout);
    let names: Vec<&str> = listing
        .lines()
        .filter_map(|l| l.split_whitespace().nth(3))
        .filter(|n| n.starts_with("extension") || n.starts_with('['))
        .collect();
    for want in [
        "extension.vsixmanifest",
        "extension/package.json",
        "extension/dist/extension.js",
        "extension/bin/detlint",
        "extension/LICENSE.txt",
        "extension/readme.md",
    ] {
        assert!(names.contains(&want), "{want} missing from\n{listing}");
    }
    for n in &names {
        assert!(
            !n.contains("node_modules/")
                && !n.contains("/src/")
                && !n.contains("/test/")
                && !n.ends_with(".map")
                && !n.ends_with(".ts"),
            "{n} should not be packaged\n{listing}"
        );
    }
    let manifest = Command::new("unzip")
        .arg("-p")
        .arg(&vsix)
        .arg("extension.vsixmanifest")
        .output()
        .unwrap();
    let manifest = String::from_utf8_lossy(&manifest.stdout);
    assert!(
        manifest.contains("TargetPlatform=\"linux-x64\""),
        "{manifest}"
    );
    let pkg = Command::new("unzip")
        .arg("-p")
        .arg(&vsix)
        .arg("extension/package.json")
        .output()
        .unwrap();
    let pkg: serde_json::Value = serde_json::from_slice(&pkg.stdout).unwrap();
    let src: serde_json::Value = serde_json::from_str(
        &std::fs::read_to_string(repo().join("editors/vscode/package.json")).unwrap(),
    )
    .unwrap();
    assert_eq!(pkg["name"], src["name"]);
    assert_eq!(pkg["version"], src["version"]);
    assert_eq!(pkg["main"], "./dist/extension.js");
    // The bundled server runs.
    let tmp = tempfile::tempdir().unwrap();
    let bin = tmp.path().join("detlint");
    let data = Command::new("unzip")
        .arg("-p")
        .arg(&vsix)
        .arg("extension/bin/detlint")
        .output()
        .unwrap();
    std::fs::write(&bin, &data.stdout).unwrap();
    #[cfg(unix)]
    {
        use std::os::unix::fs::PermissionsExt;
        std::fs::set_permissions(&bin, std::fs::Permissions::from_mode(0o755)).unwrap();
    }
    let v = Command::new(&bin).arg("--version").output().unwrap();
    assert!(
        String::from_utf8_lossy(&v.stdout).starts_with("detlint "),
        "bundled binary: {v:?}"
    );
}
