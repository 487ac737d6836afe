//! Shared helpers for tests: locating the shared corpus and loading macros.
#![allow(dead_code)]

use detlint_spl::MacroTable;
use std::path::{Path, PathBuf};

/// `../shared` relative to the workspace (None when absent).
pub fn shared_dir() -> Option<PathBuf> {
    let p = Path::new(concat!(env!("CARGO_MANIFEST_DIR"), "/../../../shared"));
    if p.join("corpus").is_dir() {
        Some(p.to_path_buf())
    } else {
        None
    }
}

#[derive(serde::Deserialize)]
struct MacroFile {
    name: String,
    #[serde(default)]
    definition: Option<String>,
    #[serde(default)]
    arguments: Option<Vec<String>>,
}

/// Load every macro YAML file of `dir` into a table.
pub fn load_macros(dir: &Path) -> MacroTable {
    let mut t = MacroTable::new();
    let Ok(rd) = std::fs::read_dir(dir) else {
        return t;
    };
    let mut paths: Vec<_> = rd.filter_map(|e| e.ok().map(|e| e.path())).collect();
    paths.sort();
    for p in paths {
        if p.extension().and_then(|e| e.to_str()) != Some("yml") {
            continue;
        }
        let Ok(text) = std::fs::read_to_string(&p) else {
            continue;
        };
        let m = match serde_saphyr::from_str::<MacroFile>(&text) {
            Ok(m) => m,
            Err(e) => match fallback_macro(&text) {
                Some(m) => m,
                None => {
                    eprintln!("cannot read macro file {}: {e}", p.display());
                    continue;
                }
            },
        };
        let args: Vec<String> = m.arguments.unwrap_or_default();
        let args: Vec<&str> = args.iter().map(String::as_str).collect();
        t.add(&m.name, &args, m.definition.as_deref().unwrap_or(""));
    }
    t
}

/// All `*.yml` files under `dir`, sorted.
pub fn yml_files(dir: &Path) -> Vec<PathBuf> {
    let mut out = Vec::new();
    let mut stack = vec![dir.to_path_buf()];
    while let Some(d) = stack.pop() {
        let Ok(rd) = std::fs::read_dir(&d) else {
            continue;
        };
        for e in rd.flatten() {
            let p = e.path();
            if p.is_dir() {
                stack.push(p);
            } else if p.extension().and_then(|e| e.to_str()) == Some("yml") {
                out.push(p);
            }
        }
    }
    out.sort();
    out
}

#[derive(serde::Deserialize)]
struct Detection {
    #[serde(default)]
    search: Option<String>,
}

/// The `search:` value of a detection YAML file.
pub fn detection_search(path: &Path) -> Result<Option<String>, String> {
    let text = std::fs::read_to_string(path).map_err(|e| e.to_string())?;
    match serde_saphyr::from_str::<Detection>(&text) {
        Ok(d) => Ok(d.search),
        // Some files are rejected by strict YAML parsers (continuation lines
        // of a quoted scalar at column 0); read the `search:` key tolerantly.
        Err(e) => fallback_scalar(&text, "search")
            .map(Some)
            .ok_or_else(|| e.to_string()),
    }
}

/// Tolerant reader for macro files that strict YAML parsers reject (a
/// multi-line single-quoted `definition` whose continuation lines start at
/// column 0). Only `name`, `arguments` and `definition` are read.
fn fallback_macro(text: &str) -> Option<MacroFile> {
    let lines: Vec<&str> = text.lines().collect();
    let mut args = Vec::new();
    for (i, l) in lines.iter().enumerate() {
        if l.starts_with("arguments:") {
            for a in &lines[i + 1..] {
                match a.trim_start().strip_prefix("- ") {
                    Some(v) => args.push(v.trim().to_string()),
                    None => break,
                }
            }
        }
    }
    Some(MacroFile {
        name: fallback_scalar(text, "name")?,
        definition: fallback_scalar(text, "definition"),
        arguments: Some(args),
    })
}

/// Value of a top-level `key:` whose value is plain (one line) or a
/// single-quoted scalar spanning lines (folded with spaces).
pub fn fallback_scalar(text: &str, key: &str) -> Option<String> {
    let lines: Vec<&str> = text.lines().collect();
    let prefix = format!("{key}:");
    let i = lines.iter().position(|l| l.starts_with(&prefix))?;
    let v = lines[i][prefix.len()..].trim();
    let Some(rest) = v.strip_prefix('\'') else {
        return Some(v.to_string());
    };
    let mut buf = rest.to_string();
    let mut j = i;
    while !closes_single_quoted(&buf) && j + 1 < lines.len() {
        j += 1;
        buf.push(' ');
        buf.push_str(lines[j].trim());
    }
    let buf = buf.trim_end();
    let buf = buf.strip_suffix('\'').unwrap_or(buf);
    Some(buf.replace("''", "'"))
}

fn closes_single_quoted(s: &str) -> bool {
    let t = s.trim_end();
    t.ends_with('\'') && (t.len() - t.trim_end_matches('\'').len()) % 2 == 1
}
