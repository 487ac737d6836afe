//! The lint pipeline shared by the CLI, the language server and the catalog builder:
//! read → parse → file checks → workspace checks → configuration filters → suppressions.

use crate::checks::{self, FileCtx, Run, Sink, WorkspaceCtx, WorkspaceSink};
use crate::config::Config;
use crate::diagnostic::Diagnostic;
use crate::formats::{self, ParseOptions, ParsedFile};
use crate::model::Span;
use crate::source::yaml::ParseLimits;
use std::path::Path;

/// Parse options derived from the configuration's limits.
pub fn parse_options(config: &Config) -> ParseOptions {
    ParseOptions {
        yaml: ParseLimits {
            max_depth: config.file.limits.max_depth,
            max_alias_nodes: config.file.limits.max_alias_nodes,
        },
        force: None,
    }
}

/// Decode file bytes: `Err` explains why they are not lintable text (with the byte offset).
pub fn decode(bytes: Vec<u8>, max_size: u64) -> Result<String, (String, usize)> {
    decode_or_return(bytes, max_size).map_err(|(msg, at, _)| (msg, at))
}

/// [`decode`], giving the bytes back on failure (no copy of every file kept just in case).
fn decode_or_return(bytes: Vec<u8>, max_size: u64) -> Result<String, (String, usize, Vec<u8>)> {
    if bytes.len() as u64 > max_size {
        return Err((
            format!("the file is {} bytes, larger than the limit of {} bytes (`[limits] max-file-size`)", bytes.len(), max_size),
            0,
            bytes,
        ));
    }
    if let Some(i) = memchr_nul(&bytes) {
        return Err((
            format!("the file holds a NUL byte at offset {i}: it looks like a binary file"),
            i,
            bytes,
        ));
    }
    String::from_utf8(bytes).map_err(|e| {
        let at = e.utf8_error().valid_up_to();
        (
            format!("the file is not valid UTF-8 (invalid byte at offset {at})"),
            at,
            e.into_bytes(),
        )
    })
}

fn memchr_nul(b: &[u8]) -> Option<usize> {
    // `contains` on bytes is memchr; the position only when there is one
    if b.contains(&0) {
        b.iter().position(|&c| c == 0)
    } else {
        None
    }
}

/// Read and parse one file from disk. Never fails: problems become a `file-unreadable` finding.
pub fn read_file(path: &Path, config: &Config) -> ParsedFile {
    let bytes = match crate::source::read::read_bytes(path) {
        Ok(b) => b,
        Err(e) => return ParsedFile::unreadable(path, format!("cannot read the file: {e}")),
    };
    match decode_or_return(bytes, config.file.limits.max_file_size) {
        Ok(text) => formats::parse_file(path, text, &parse_options(config)),
        Err((msg, at, bytes)) => {
            let mut f = ParsedFile::unreadable(path, msg);
            // keep a lossy text so the position can be shown
            let lossy = String::from_utf8_lossy(&bytes[..bytes.len().min(1 << 20)]).into_owned();
            f.lines = crate::source::LineIndex::new(&lossy);
            f.text = lossy;
            let at = at.min(f.text.len());
            if let Some(p) = f.problems.first_mut() {
                p.span = Span::new(at, at);
            }
            f
        }
    }
}

/// Run every enabled file check on a parsed file (raw, before filters and suppressions).
pub fn file_diagnostics(file: &ParsedFile, config: &Config) -> Vec<Diagnostic> {
    let ctx = FileCtx { file, config };
    let mut sink = Sink::default();
    let format = file.format();
    let unreadable = !file.problems.is_empty();
    for check in checks::registry() {
        let Run::File(run) = check.run else { continue };
        let applies = check.meta.applies_to(format) || check.meta.code == "DL001";
        if !applies
            || (unreadable && check.meta.code != "DL001")
            || !config.enabled(&check.meta, &file.path)
        {
            continue;
        }
        run(&ctx, &mut sink);
    }
    sink.diags
}

/// Run every enabled workspace check over files checked together; results per file index.
pub fn workspace_diagnostics(files: &[ParsedFile], config: &Config) -> Vec<Vec<Diagnostic>> {
    use rayon::prelude::*;
    let ctx = WorkspaceCtx { files, config };
    // skip checks no file enables (DL303 loads the catalog's near-duplicate index)
    let runs: Vec<_> = checks::registry()
        .iter()
        .filter_map(|check| match check.run {
            Run::Workspace(run) if files.iter().any(|f| config.enabled(&check.meta, &f.path)) => {
                Some((check.meta.code, run))
            }
            _ => None,
        })
        .collect();
    // the checks are independent: they run side by side, their findings kept in registry order
    let sinks: Vec<WorkspaceSink> = runs
        .par_iter()
        .map(|(code, run)| {
            let started = std::time::Instant::now();
            let mut sink = WorkspaceSink::default();
            run(&ctx, &mut sink);
            tracing::debug!("{code}: {:?}", started.elapsed());
            sink
        })
        .collect();
    let mut out = vec![Vec::new(); files.len()];
    for (i, d) in sinks.into_iter().flat_map(|s| s.diags) {
        let meta = checks::find(d.code).map(|c| &c.meta);
        if meta.is_some_and(|m| config.enabled(m, &files[i].path)) {
            out[i].push(d);
        }
    }
    out
}

/// Apply severity overrides and suppression comments, then sort by position.
pub fn finish(file: &ParsedFile, mut diags: Vec<Diagnostic>, config: &Config) -> Vec<Diagnostic> {
    for d in diags.iter_mut() {
        if let Some(c) = checks::find(d.code) {
            let configured = config.severity(&c.meta);
            if configured != c.meta.severity {
                d.severity = configured;
            }
        }
    }
    crate::suppress::apply(&file.text, &file.lines, &mut diags);
    diags.sort_by(|a, b| {
        (a.span.start, a.span.end, a.code).cmp(&(b.span.start, b.span.end, b.code))
    });
    diags.dedup();
    diags
}

/// Lint one in-memory text as `detlint check` would lint that single file.
pub fn lint_text(path: &Path, text: String, config: &Config) -> (ParsedFile, Vec<Diagnostic>) {
    let file = if text.len() as u64 > config.file.limits.max_file_size {
        ParsedFile::unreadable(path, format!("the file is {} bytes, larger than the limit of {} bytes (`[limits] max-file-size`)", text.len(), config.file.limits.max_file_size))
    } else {
        formats::parse_file(path, text, &parse_options(config))
    };
    let mut diags = file_diagnostics(&file, config);
    let files = std::slice::from_ref(&file);
    diags.extend(workspace_diagnostics(files, config).into_iter().flatten());
    let diags = finish(&file, diags, config);
    (file, diags)
}
