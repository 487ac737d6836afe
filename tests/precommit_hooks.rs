//! `.pre-commit-hooks.yaml`: the manifest validates, and `pre-commit try-repo` with the
//! `detlint-system` hook (the built binary on PATH) fails on a scratch repository holding a bad
//! Sigma rule and passes once the rule is fixed. The `language: rust` hook builds detlint with
//! `cargo install`, too slow for a test; its prerequisite (a root *package* manifest) is checked.

#[path = "editors/common.rs"]
mod common;

use common::*;
use std::path::{Path, PathBuf};
use std::process::Command;
use std::time::Duration;

fn pre_commit() -> Option<PathBuf> {
    let p = venv().join("bin").join("pre-commit");
    if p.is_file() {
        return Some(p);
    }
    which("pre-commit").or_else(|| {
        missing("pre-commit (pip install pre-commit into target/editors-venv)");
        None
    })
}

fn git(dir: &Path, args: &[&str]) {
    let st = Command::new("git")
        .current_dir(dir)
        .args(args)
        .env("GIT_AUTHOR_NAME", "t")
        .env("GIT_AUTHOR_EMAIL", "t@example.invalid")
        .env("GIT_COMMITTER_NAME", "t")
        .env("GIT_COMMITTER_EMAIL", "t@example.invalid")
        .status()
        .unwrap();
    assert!(st.success(), "git {args:?}");
}

#[test]
fn manifest_declares_both_hooks_for_rule_files() {
    let text = std::fs::read_to_string(repo().join(".pre-commit-hooks.yaml")).unwrap();
    for needle in [
        "- id: detlint\n",
        "- id: detlint-system\n",
        "language: rust",
        "language: system",
        "types_or: [yaml, toml, python]",
        "entry: detlint check",
    ] {
        assert!(text.contains(needle), "missing `{needle}`");
    }
    // `language: rust` runs `cargo install --bins --path .`: the root manifest must be a package.
    let cargo = std::fs::read_to_string(repo().join("Cargo.toml")).unwrap();
    assert!(cargo.contains("[package]") && cargo.contains("[[bin]]\nname = \"detlint\""));
    let Some(pc) = pre_commit() else { return };
    let out = Command::new(pc)
        .args(["validate-manifest", ".pre-commit-hooks.yaml"])
        .current_dir(repo())
        .output()
        .unwrap();
    assert!(
        out.status.success(),
        "{}",
        String::from_utf8_lossy(&out.stdout)
    );
}

#[test]
fn try_repo_fails_on_a_bad_rule_and_passes_after_the_fix() {
    let Some(pc) = pre_commit() else { return };
    if which("git").is_none() {
        missing("git");
        return;
    }
    let tmp = tempfile::tempdir().unwrap();
    let bin_dir = detlint_path_dir(tmp.path());
    // The hook repository: this repository's manifest in a scratch git repository, so the test
    // sees the working-tree manifest whether or not it is committed (try-repo ignores untracked
    // files) and does not clone the whole project.
    let hooks = tmp.path().join("hooks-repo");
    std::fs::create_dir_all(&hooks).unwrap();
    git(&hooks, &["init", "-q"]);
    std::fs::copy(
        repo().join(".pre-commit-hooks.yaml"),
        hooks.join(".pre-commit-hooks.yaml"),
    )
    .unwrap();
    git(&hooks, &["add", "."]);
    git(&hooks, &["commit", "-q", "-m", "hooks"]);
    let scratch = tmp.path().join("rules-repo");
    std::fs::create_dir_all(scratch.join("rules")).unwrap();
    git(&scratch, &["init", "-q"]);
    let bad = std::fs::read_to_string(repo().join("tests/editors/fixtures/sigma_bad.yml")).unwrap();
    std::fs::write(scratch.join("rules/certutil_decode.yml"), &bad).unwrap();
    std::fs::copy(
        repo().join("tests/editors/fixtures/not_a_rule.yml"),
        scratch.join("docker-compose.yml"),
    )
    .unwrap();
    git(&scratch, &["add", "."]);

    let run = || {
        let mut cmd = Command::new(&pc);
        cmd.current_dir(&scratch)
            .args([
                "try-repo",
                hooks.to_str().unwrap(),
                "detlint-system",
                "--all-files",
            ])
            .env("PATH", path_with(&bin_dir))
            .env("PRE_COMMIT_HOME", tmp.path().join("pre-commit-home"))
            .env("PRE_COMMIT_COLOR", "never")
            .env("GIT_AUTHOR_NAME", "t")
            .env("GIT_AUTHOR_EMAIL", "t@example.invalid")
            .env("GIT_COMMITTER_NAME", "t")
            .env("GIT_COMMITTER_EMAIL", "t@example.invalid");
        let out = run_with_timeout(&mut cmd, Duration::from_secs(300));
        (
            out.status.code(),
            format!(
                "{}{}",
                String::from_utf8_lossy(&out.stdout),
                String::from_utf8_lossy(&out.stderr)
            ),
        )
    };

    let (code, text) = run();
    assert_eq!(code, Some(1), "the hook must fail on the bad rule:\n{text}");
    assert!(
        text.contains("detlint (installed)") && text.contains("Failed"),
        "{text}"
    );
    assert!(text.contains("DL204") && text.contains("DL202"), "{text}");
    assert!(text.contains("rules/certutil_decode.yml"), "{text}");

    let fixed = bad
        .replace("CommandLine|contians:", "CommandLine|contains:")
        .replace(
            "condition: selection and not filter",
            "condition: selection",
        );
    assert_ne!(fixed, bad);
    std::fs::write(scratch.join("rules/certutil_decode.yml"), fixed).unwrap();
    git(&scratch, &["add", "."]);
    let (code, text) = run();
    assert_eq!(code, Some(0), "the hook must pass after the fix:\n{text}");
    assert!(text.contains("Passed"), "{text}");
}
