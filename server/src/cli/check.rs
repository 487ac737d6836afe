//! `detlint check`: walk, parse and lint in parallel, render, exit 0/1/2.

use super::CheckArgs;
use crate::config::Config;
use crate::diagnostic::{apply_edits, Diagnostic, Severity};
use crate::formats::ParsedFile;
use crate::lint;
use crate::output::{self, FileReport, OutputFormat};
use rayon::prelude::*;
use std::io::{IsTerminal, Write};
use std::path::{Path, PathBuf};
use std::process::ExitCode;

/// Extensions of files that may hold rules.
const RULE_EXTENSIONS: &[&str] = &["yml", "yaml", "toml", "py"];

/// Walk `paths` and call `found` with every file to check: explicit files always, folders
/// walked honouring .gitignore (files with a rule extension only), each folder in path order.
pub fn walk_files(paths: &[PathBuf], mut found: impl FnMut(PathBuf)) -> Result<(), String> {
    for p in paths {
        if p.is_file() {
            found(p.clone());
            continue;
        }
        if !p.exists() {
            return Err(format!("{}: no such file or folder", p.display()));
        }
        let walker = ignore::WalkBuilder::new(p)
            .hidden(true)
            .follow_links(false)
            .require_git(false)
            // names sorted in each folder: the walk then finds files in path order
            .sort_by_file_name(|a, b| a.cmp(b))
            .build();
        for entry in walker {
            let Ok(entry) = entry else { continue };
            if !entry.file_type().is_some_and(|t| t.is_file()) {
                continue;
            }
            let path = entry.into_path();
            let ext = path
                .extension()
                .and_then(|e| e.to_str())
                .unwrap_or("")
                .to_ascii_lowercase();
            if RULE_EXTENSIONS.contains(&ext.as_str()) {
                found(path);
            }
        }
    }
    Ok(())
}

/// Collect the files to check (see [`walk_files`]), sorted and without duplicates.
pub fn collect_files(paths: &[PathBuf]) -> Result<Vec<PathBuf>, String> {
    let mut files = Vec::new();
    walk_files(paths, |p| files.push(p))?;
    files.sort();
    files.dedup();
    Ok(files)
}

fn display_path(p: &Path, cwd: Option<&Path>) -> String {
    let rel = cwd.and_then(|c| p.strip_prefix(c).ok()).unwrap_or(p);
    rel.to_string_lossy()
        .replace('\\', "/")
        .trim_start_matches("./")
        .to_string()
}

fn load_config(args: &CheckArgs) -> Result<Config, String> {
    let mut config = match &args.config {
        Some(p) => Config::load(p).map_err(|e| e.to_string())?,
        None => Config::discover(
            args.paths
                .first()
                .map(PathBuf::as_path)
                .unwrap_or(Path::new(".")),
        )
        .map_err(|e| e.to_string())?,
    };
    for s in args.select.iter().chain(args.ignore.iter()) {
        if !crate::checks::registry().iter().any(|c| {
            c.meta.code.starts_with(&s.to_ascii_uppercase())
                || c.meta.name == s
                || c.meta.aliases.contains(&s.as_str())
        }) {
            return Err(format!("`{s}` names no check (see `detlint rule --all`)"));
        }
    }
    if !args.select.is_empty() {
        config.file.select = Some(args.select.clone());
    }
    config.file.ignore.extend(args.ignore.iter().cloned());
    Ok(config)
}

/// Lint a set of files: parse + file checks in parallel, then workspace checks.
pub fn lint_files(files: &[PathBuf], config: &Config) -> (Vec<ParsedFile>, Vec<Vec<Diagnostic>>) {
    let results = files
        .par_iter()
        .map(|p| lint_one(p, config))
        .collect::<Vec<(ParsedFile, Vec<Diagnostic>)>>();
    finish_workspace(results, config)
}

/// Parse one file and run the file checks (the parse tree is dropped, the rules kept for the
/// workspace checks).
fn lint_one(path: &Path, config: &Config) -> (ParsedFile, Vec<Diagnostic>) {
    let mut f = lint::read_file(path, config);
    let d = lint::file_diagnostics(&f, config);
    f.slim();
    (f, d)
}

/// Walk `paths` and lint every file as soon as the walk finds it: the walk (a tenth of a
/// corpus run, single-threaded) overlaps the parsing instead of preceding it. Files are
/// sorted and deduplicated before the workspace checks, as [`lint_files`] sees them. `first`
/// runs alongside (the CLI loads a configured catalog file there).
pub fn walk_and_lint(
    paths: &[PathBuf],
    config: &Config,
    first: impl FnOnce() + Send,
) -> Result<(Vec<ParsedFile>, Vec<Vec<Diagnostic>>), String> {
    let started = std::time::Instant::now();
    let results = std::sync::Mutex::new(Vec::new());
    let mut seq = 0usize;
    // whether the walk found the files in strictly increasing path order (then they need
    // neither sorting nor deduplication); checked by the walk, while the files are parsed
    let mut in_order = true;
    let mut previous: Option<PathBuf> = None;
    let walked = rayon::scope(|s| {
        s.spawn(|_| first());
        walk_files(paths, |p| {
            let results = &results;
            seq += 1;
            let n = seq;
            in_order = in_order && previous.as_ref().is_none_or(|q| *q < p);
            previous = Some(p.clone());
            s.spawn(move |_| {
                let r = lint_one(&p, config);
                if let Ok(mut v) = results.lock() {
                    v.push((n, r));
                }
            });
        })
    });
    walked?;
    tracing::debug!("walk, parse and file checks: {:?}", started.elapsed());
    let mut numbered = results.into_inner().unwrap_or_else(|e| e.into_inner());
    // Walk order is path order within each folder argument: ordering by it is enough unless
    // several arguments overlap or come out of order.
    numbered.sort_unstable_by_key(|(n, _)| *n);
    let mut results: Vec<(ParsedFile, Vec<Diagnostic>)> =
        numbered.into_iter().map(|(_, r)| r).collect();
    if !in_order {
        results.par_sort_by(|a, b| a.0.path.cmp(&b.0.path));
        results.dedup_by(|a, b| a.0.path == b.0.path);
    }
    tracing::debug!("sorted: {:?}", started.elapsed());
    Ok(finish_workspace(results, config))
}

/// The workspace checks over every linted file, then each file's diagnostics finished.
fn finish_workspace(
    results: Vec<(ParsedFile, Vec<Diagnostic>)>,
    config: &Config,
) -> (Vec<ParsedFile>, Vec<Vec<Diagnostic>>) {
    let (parsed, mut diags): (Vec<ParsedFile>, Vec<Vec<Diagnostic>>) = results.into_iter().unzip();
    let started = std::time::Instant::now();
    let ws = lint::workspace_diagnostics(&parsed, config);
    for (i, extra) in ws.into_iter().enumerate() {
        diags[i].extend(extra);
    }
    tracing::debug!("workspace checks: {:?}", started.elapsed());
    let diags = parsed
        .par_iter()
        .zip(diags.into_par_iter())
        .map(|(f, d)| lint::finish(f, d, config))
        .collect();
    tracing::debug!("suppressions and severities: {:?}", started.elapsed());
    (parsed, diags)
}

/// Write `text` to `path` atomically (a temporary file in the same folder, then a rename).
pub fn write_atomically(path: &Path, text: impl AsRef<[u8]>) -> std::io::Result<()> {
    let dir = path
        .parent()
        .filter(|d| !d.as_os_str().is_empty())
        .unwrap_or(Path::new("."));
    let name = path
        .file_name()
        .map(|n| n.to_string_lossy().into_owned())
        .unwrap_or_default();
    let tmp = dir.join(format!(".{name}.detlint-{}.tmp", std::process::id()));
    {
        let mut f = std::fs::File::create(&tmp)?;
        f.write_all(text.as_ref())?;
        f.sync_all()?;
    }
    if let Ok(meta) = std::fs::metadata(path) {
        let _ = std::fs::set_permissions(&tmp, meta.permissions());
    }
    std::fs::rename(&tmp, path).inspect_err(|_| {
        let _ = std::fs::remove_file(&tmp);
    })
}

/// Apply safe fixes until none is left (at most 5 rounds per file). Returns files changed.
fn apply_fixes(files: &[PathBuf], config: &Config) -> usize {
    let mut changed = 0;
    for path in files {
        let mut round_changed = false;
        for _ in 0..5 {
            let Ok(text) = std::fs::read_to_string(path) else {
                break;
            };
            let (_, diags) = lint::lint_text(path, text.clone(), config);
            let edits: Vec<_> = diags
                .iter()
                .filter_map(|d| d.fixes.iter().find(|f| f.safe))
                .flat_map(|f| f.edits.iter().cloned())
                .collect();
            if edits.is_empty() {
                break;
            }
            let (new_text, applied) = apply_edits(&text, &edits);
            if applied == 0 || new_text == text {
                break;
            }
            if let Err(e) = write_atomically(path, &new_text) {
                tracing::error!("cannot write {}: {e}", path.display());
                break;
            }
            round_changed = true;
        }
        if round_changed {
            changed += 1;
        }
    }
    changed
}

/// Run `detlint check`.
pub fn run(mut args: CheckArgs) -> ExitCode {
    let started = std::time::Instant::now();
    if args.paths.is_empty() {
        args.paths.push(PathBuf::from("."));
    }
    let config = match load_config(&args) {
        Ok(c) => c,
        Err(e) => {
            eprintln!("detlint: {e}");
            return ExitCode::from(2);
        }
    };
    let fail_level = match args
        .fail_level
        .as_deref()
        .map(|s| Severity::from_name(s).ok_or(s))
    {
        Some(Ok(s)) => s,
        Some(Err(s)) => {
            eprintln!("detlint: --fail-level `{s}` is not one of error, warning, info");
            return ExitCode::from(2);
        }
        None => config.fail_level().unwrap_or(Severity::Error),
    };
    // A catalog file named in the configuration is read while the folders are walked (the
    // embedded one is read in place and costs nothing to open).
    let needs_catalog = crate::checks::registry()
        .iter()
        .any(|c| c.meta.code.starts_with("DL3") && config.enabled(&c.meta, &args.paths[0]));
    let load_catalog = || {
        if needs_catalog {
            config.catalog();
        }
    };
    let linted = if args.fix {
        let files = match collect_files(&args.paths) {
            Ok(f) => f,
            Err(e) => {
                eprintln!("detlint: {e}");
                return ExitCode::from(2);
            }
        };
        let n = apply_fixes(&files, &config);
        if n > 0 {
            eprintln!("detlint: fixed {n} file{}", if n == 1 { "" } else { "s" });
        }
        load_catalog();
        Ok(lint_files(&files, &config))
    } else {
        walk_and_lint(&args.paths, &config, load_catalog)
    };
    let (parsed, diags) = match linted {
        Ok(x) => x,
        Err(e) => {
            eprintln!("detlint: {e}");
            return ExitCode::from(2);
        }
    };
    let linted = started.elapsed();
    let cwd = std::env::current_dir().ok();
    let reports: Vec<FileReport> = parsed
        .iter()
        .zip(diags)
        .filter(|(f, _)| f.format().is_some() || !f.problems.is_empty())
        .map(|(f, d)| FileReport {
            path: display_path(&f.path, cwd.as_deref()),
            text: &f.text,
            lines: &f.lines,
            diags: d,
        })
        .collect();
    let failing = reports
        .iter()
        .flat_map(|r| &r.diags)
        .any(|d| d.severity >= fail_level);
    let color = !args.no_color && std::io::stdout().is_terminal();
    let mut stdout = std::io::BufWriter::with_capacity(1 << 16, std::io::stdout().lock());
    let _ = match args.output_format {
        OutputFormat::Text => stdout.write_all(output::text::render(&reports, color).as_bytes()),
        OutputFormat::Json => {
            output::json::write(&reports, &mut stdout).and_then(|_| stdout.write_all(b"\n"))
        }
        OutputFormat::Sarif => {
            stdout.write_all((output::sarif::render(&reports) + "\n").as_bytes())
        }
        OutputFormat::Github => stdout.write_all(output::github::render(&reports).as_bytes()),
    };
    let _ = stdout.flush();
    if args.statistics {
        let rules: usize = parsed.iter().map(|f| f.docs.len()).sum();
        eprintln!(
            "detlint: {} files, {} rule files, {} rules in {:.3}s (walk, parse and lint {:.3}s, output {:.3}s)",
            parsed.len(),
            reports.len(),
            rules,
            started.elapsed().as_secs_f64(),
            linted.as_secs_f64(),
            (started.elapsed() - linted).as_secs_f64()
        );
    }
    // The process ends here: freeing every parsed file would only cost time.
    std::mem::forget(reports);
    std::mem::forget(parsed);
    if failing {
        ExitCode::from(1)
    } else {
        ExitCode::SUCCESS
    }
}
