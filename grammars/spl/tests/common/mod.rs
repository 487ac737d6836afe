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
    let d: Detection = serde_saphyr::from_str(&text).map_err(|e| e.to_string())?;
    Ok(d.search)
}

/// Tolerant reader for macro files that strict YAML parsers reject (a
/// multi-line single-quoted `definition` whose continuation lines start at
/// column 0). Only `name`, `arguments` and `definition` are read.
fn fallback_macro(text: &str) -> Option<MacroFile> {
    let mut name = None;
    let mut args = Vec::new();
    let mut definition = None;
    let lines: Vec<&str> = text.lines().collect();
    let mut i = 0;
    while i < lines.len() {
        let l = lines[i];
        if let Some(v) = l.strip_prefix("name:") {
            name = Some(v.trim().to_string());
        } else if l.starts_with("arguments:") {
            while i + 1 < lines.len() && lines[i + 1].trim_start().starts_with("- ") {
                i += 1;
                args.push(lines[i].trim_start()[2..].trim().to_string());
            }
        } else if let Some(v) = l.strip_prefix("definition:") {
            let v = v.trim();
            if let Some(rest) = v.strip_prefix('\'') {
                let mut buf = rest.to_string();
                while !closes_single_quoted(&buf) && i + 1 < lines.len() {
                    i += 1;
                    buf.push(' ');
                    buf.push_str(lines[i].trim());
                }
                let buf = buf.trim_end();
                let buf = buf.strip_suffix('\'').unwrap_or(buf);
                definition = Some(buf.replace("''", "'"));
            } else {
                definition = Some(v.to_string());
            }
        }
        i += 1;
    }
    Some(MacroFile {
        name: name?,
        definition,
        arguments: Some(args),
    })
}

fn closes_single_quoted(s: &str) -> bool {
    let t = s.trim_end();
    t.ends_with('\'') && (t.len() - t.trim_end_matches('\'').len()) % 2 == 1
}
