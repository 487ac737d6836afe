//! Linting a document for the server: the same pipeline as `detlint check` on that one file
//! (configuration discovered from the file's folder on every pass, so `.detlint.toml` edits are
//! picked up without a restart), plus the workspace index for duplicate rule ids (DL104).

use crate::config::Config;
use crate::diagnostic::Diagnostic;
use crate::formats::{self, FormatData, ParsedDoc, ParsedFile};
use crate::lint;
use crate::model::{Format, Rule, Span, Spanned};
use crate::source::sniff::FileKind;
use crate::source::LineIndex;
use std::collections::{HashMap, HashSet};
use std::path::{Path, PathBuf};
use std::sync::Mutex;

/// The result of one lint pass over one version of a document.
#[derive(Debug)]
pub struct Linted {
    pub version: i32,
    pub file: ParsedFile,
    pub diags: Vec<Diagnostic>,
    /// A configuration error met while discovering `.detlint.toml` (the default was used).
    pub config_error: Option<String>,
}

/// One rule id found in a workspace file.
#[derive(Debug, Clone, PartialEq)]
pub struct IdEntry {
    pub format: Option<Format>,
    /// The id as written.
    pub id: String,
    pub span: Span,
}

type IdKey = (Option<Format>, String);

#[derive(Default)]
struct IndexInner {
    by_path: HashMap<PathBuf, Vec<IdEntry>>,
    by_id: HashMap<IdKey, HashSet<PathBuf>>,
}

/// Rule ids of every rule file of the workspace (from disk, overridden by open documents).
#[derive(Default)]
pub struct WorkspaceIndex {
    inner: Mutex<IndexInner>,
}

fn key_of(format: Option<Format>, id: &str) -> IdKey {
    (format, id.trim().to_ascii_lowercase())
}

/// The ids a parsed file declares.
pub fn ids_of(file: &ParsedFile) -> Vec<IdEntry> {
    file.docs
        .iter()
        .filter_map(|d| {
            let id = d.rule.id.as_ref()?;
            (!id.value.trim().is_empty()).then(|| IdEntry {
                format: d.rule.format,
                id: id.value.clone(),
                span: id.span,
            })
        })
        .collect()
}

impl WorkspaceIndex {
    fn lock(&self) -> std::sync::MutexGuard<'_, IndexInner> {
        self.inner.lock().unwrap_or_else(|e| e.into_inner())
    }

    /// Replace what is known about `path`.
    pub fn update(&self, path: &Path, ids: Vec<IdEntry>) {
        let mut g = self.lock();
        let inner = &mut *g;
        if let Some(old) = inner.by_path.remove(path) {
            for e in old {
                let k = key_of(e.format, &e.id);
                if let Some(set) = inner.by_id.get_mut(&k) {
                    set.remove(path);
                    if set.is_empty() {
                        inner.by_id.remove(&k);
                    }
                }
            }
        }
        for e in &ids {
            inner
                .by_id
                .entry(key_of(e.format, &e.id))
                .or_default()
                .insert(path.to_path_buf());
        }
        if !ids.is_empty() {
            inner.by_path.insert(path.to_path_buf(), ids);
        }
    }

    /// Forget `path`.
    pub fn remove(&self, path: &Path) {
        self.update(path, Vec::new());
    }

    /// Number of indexed files with ids.
    pub fn len(&self) -> usize {
        self.lock().by_path.len()
    }

    /// Whether nothing is indexed.
    pub fn is_empty(&self) -> bool {
        self.len() == 0
    }

    /// Stand-in files (ids only) for the other files that declare one of `ids`.
    pub fn others_sharing(&self, path: &Path, ids: &[IdEntry]) -> Vec<ParsedFile> {
        let g = self.lock();
        let mut paths: Vec<&PathBuf> = ids
            .iter()
            .filter_map(|e| g.by_id.get(&key_of(e.format, &e.id)))
            .flatten()
            .filter(|p| p.as_path() != path)
            .collect();
        paths.sort();
        paths.dedup();
        paths
            .into_iter()
            .filter_map(|p| Some(stub_file(p, g.by_path.get(p)?)))
            .collect()
    }
}

fn stub_file(path: &Path, ids: &[IdEntry]) -> ParsedFile {
    let mut f = ParsedFile::unreadable(path, String::new());
    f.problems.clear();
    f.kind = ids
        .iter()
        .find_map(|e| e.format)
        .map(FileKind::Rule)
        .unwrap_or(FileKind::Other);
    f.docs = ids
        .iter()
        .map(|e| ParsedDoc {
            rule: Rule {
                format: e.format,
                id: Some(Spanned::new(e.id.clone(), e.span)),
                ..Rule::default()
            },
            data: FormatData::None,
            query_errors: Vec::new(),
        })
        .collect();
    f
}

/// The configuration for a document at `path` (`.detlint.toml` found upward from its folder).
pub fn config_for(path: &Path) -> (Config, Option<String>) {
    let dir = path.parent().unwrap_or(Path::new("."));
    if !dir.is_dir() {
        return (Config::default(), None);
    }
    match Config::discover(dir) {
        Ok(c) => (c, None),
        Err(e) => (Config::default(), Some(e.0)),
    }
}

/// Lint one version of a document: exactly `lint::lint_text` for the file alone, with the
/// duplicate-id check also seeing the workspace's other files that share an id.
pub fn lint_document(
    path: &Path,
    text: String,
    version: i32,
    index: Option<&WorkspaceIndex>,
) -> Linted {
    let (config, config_error) = config_for(path);
    let file = if text.len() as u64 > config.file.limits.max_file_size {
        ParsedFile::unreadable(
            path,
            format!(
                "the file is {} bytes, larger than the limit of {} bytes (`[limits] max-file-size`)",
                text.len(),
                config.file.limits.max_file_size
            ),
        )
    } else {
        formats::parse_file(path, text, &lint::parse_options(&config))
    };
    let mut diags = lint::file_diagnostics(&file, &config);
    let ids = ids_of(&file);
    let others = match index {
        Some(ix) if !ids.is_empty() => ix.others_sharing(path, &ids),
        _ => Vec::new(),
    };
    let file = if others.is_empty() {
        let files = std::slice::from_ref(&file);
        diags.extend(
            lint::workspace_diagnostics(files, &config)
                .into_iter()
                .flatten(),
        );
        file
    } else {
        let mut all = Vec::with_capacity(others.len() + 1);
        all.push(file);
        all.extend(others);
        let mut ws = lint::workspace_diagnostics(&all, &config);
        diags.extend(ws.swap_remove(0));
        all.swap_remove(0)
    };
    let diags = lint::finish(&file, diags, &config);
    Linted {
        version,
        file,
        diags,
        config_error,
    }
}

/// A `LineIndex` and text of a file on disk (for related locations in files that are not open).
pub fn read_lines(path: &Path) -> Option<(String, LineIndex)> {
    let text = std::fs::read_to_string(path).ok()?;
    let lines = LineIndex::new(&text);
    Some((text, lines))
}

/// The rule ids of a YAML rule file read from its top-level `id:` (`RuleID:` / `PolicyID:` for
/// Panther) lines, without parsing: what the front ends would report, for the simple spellings
/// (plain or quoted without escapes). `None` when the file needs the real parser.
pub fn quick_ids(path: &Path, text: &str) -> Option<Vec<IdEntry>> {
    let format = match crate::source::sniff::detect(path, text) {
        FileKind::Rule(
            f @ (Format::Sigma | Format::Splunk | Format::Sentinel | Format::Panther),
        ) => f,
        _ => return None,
    };
    let keys: &[&str] = if format == Format::Panther {
        &["RuleID", "PolicyID"]
    } else {
        &["id"]
    };
    let mut out = Vec::new();
    let bom = if text.starts_with('\u{feff}') { 3 } else { 0 };
    let mut offset = bom;
    for line in text[bom..].split_inclusive('\n') {
        let start = offset;
        offset += line.len();
        let Some(key) = keys
            .iter()
            .find(|k| line.starts_with(**k) && line.as_bytes().get(k.len()) == Some(&b':'))
        else {
            continue;
        };
        let after = &line[key.len() + 1..];
        let value_start = start + key.len() + 1 + (after.len() - after.trim_start().len());
        let v = after.trim();
        if v.is_empty() {
            return None; // a value on the next lines: let the parser decide
        }
        let (id, span) = match v.as_bytes()[0] {
            q @ (b'"' | b'\'') => {
                let body = &v[1..];
                let close = body.find(q as char)?;
                let inner = &body[..close];
                let rest = body[close + 1..].trim();
                if inner.contains('\\')
                    || inner.contains(q as char)
                    || !(rest.is_empty() || rest.starts_with('#'))
                {
                    return None;
                }
                (
                    inner.to_string(),
                    Span::new(value_start, value_start + close + 2),
                )
            }
            b'[' | b'{' | b'|' | b'>' | b'&' | b'*' | b'!' | b'%' | b'@' | b'`' => return None,
            _ => {
                let plain = match v.find(" #") {
                    Some(i) => v[..i].trim_end(),
                    None => v,
                };
                if matches!(plain, "null" | "Null" | "NULL" | "~") || plain.contains(": ") {
                    return None;
                }
                (
                    plain.to_string(),
                    Span::new(value_start, value_start + plain.len()),
                )
            }
        };
        if !id.trim().is_empty() {
            out.push(IdEntry {
                format: Some(format),
                id,
                span,
            });
        }
    }
    Some(out)
}

/// Index one file from disk (never fails; unreadable files declare no ids).
pub fn index_file(index: &WorkspaceIndex, path: &Path, config: &Config) {
    let Ok(bytes) = std::fs::read(path) else {
        index.remove(path);
        return;
    };
    let Ok(text) = lint::decode(bytes, config.file.limits.max_file_size) else {
        index.remove(path);
        return;
    };
    if let Some(ids) = quick_ids(path, &text) {
        index.update(path, ids);
        return;
    }
    let file = formats::parse_file(path, text, &lint::parse_options(config));
    index.update(path, ids_of(&file));
}

#[cfg(test)]
mod tests {
    use super::*;

    const RULE: &str = "title: t\nid: 0b8f0e0c-2a52-4d2a-9f1e-5b7e3c4d1a10\nstatus: test\nlogsource:\n    product: windows\n    category: process_creation\ndetection:\n    selection:\n        Image|endswith: '\\x.exe'\n    filter: {}\n    condition: selection\nlevel: high\n";

    /// The quick id scan agrees with the front ends on the corpus (when present).
    #[test]
    fn quick_ids_match_the_front_ends_on_the_corpus() {
        let root = Path::new(concat!(env!("CARGO_MANIFEST_DIR"), "/../shared/corpus"));
        if !root.is_dir() {
            eprintln!("skipping: ../shared/corpus not present");
            return;
        }
        let config = Config::default();
        let files = crate::cli::check::collect_files(&[root.to_path_buf()]).unwrap_or_default();
        let (mut quick, mut checked) = (0, 0);
        for path in files.iter().step_by(1) {
            let Ok(text) = std::fs::read_to_string(path) else {
                continue;
            };
            checked += 1;
            let Some(fast) = quick_ids(path, &text) else {
                continue;
            };
            quick += 1;
            let file = formats::parse_file(path, text, &lint::parse_options(&config));
            let broken = file.yaml.as_ref().is_some_and(|y| !y.issues.is_empty());
            if broken {
                // the parser drops rules of files with YAML errors; the scan still sees the id
                let full = ids_of(&file);
                assert!(full.iter().all(|e| fast.contains(e)), "{}", path.display());
            } else {
                assert_eq!(fast, ids_of(&file), "{}", path.display());
            }
        }
        eprintln!("quick id scan used for {quick} of {checked} files");
        assert!(checked > 100 && quick * 2 > checked, "{quick} of {checked}");
    }

    #[test]
    fn same_as_lint_text_without_workspace() {
        let path = Path::new("/nonexistent-dir/x.yml");
        let (_, expected) = lint::lint_text(path, RULE.to_string(), &Config::default());
        let got = lint_document(path, RULE.to_string(), 1, None);
        assert_eq!(got.diags, expected);
        assert!(!expected.is_empty());
    }

    #[test]
    fn duplicate_ids_across_the_workspace() {
        let index = WorkspaceIndex::default();
        let other = Path::new("/nonexistent-dir/other.yml");
        let file = formats::parse_file(
            other,
            RULE.to_string(),
            &lint::parse_options(&Config::default()),
        );
        index.update(other, ids_of(&file));
        let got = lint_document(
            Path::new("/nonexistent-dir/x.yml"),
            RULE.into(),
            3,
            Some(&index),
        );
        let dup: Vec<_> = got.diags.iter().filter(|d| d.code == "DL104").collect();
        assert_eq!(dup.len(), 1, "{:?}", got.diags);
        assert_eq!(
            dup[0].related[0].path.as_deref(),
            Some("/nonexistent-dir/other.yml")
        );
        index.remove(other);
        let got = lint_document(
            Path::new("/nonexistent-dir/x.yml"),
            RULE.into(),
            4,
            Some(&index),
        );
        assert!(got.diags.iter().all(|d| d.code != "DL104"));
    }
}
