//! Format detection from the path and the first top-level keys of the text.

use crate::model::Format;
use crate::source::LineIndex;
use std::path::Path;

/// What kind of file this is.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum FileKind {
    /// A rule of one of the five formats.
    Rule(Format),
    /// A Panther Python rule body (`def rule(event)`).
    PantherPython,
    /// Not a detection rule (other YAML/TOML, a binary file, …).
    Other,
}

/// Top-level keys (column 0 `key:`) of a YAML text, up to `limit`.
pub fn top_level_yaml_keys(text: &str, limit: usize) -> Vec<&str> {
    top_level_keys_indexed(text, &LineIndex::new(text), limit)
}

/// [`top_level_yaml_keys`] with the text's line index (which the parser builds anyway, so the
/// text is not scanned for line breaks twice).
fn top_level_keys_indexed<'t>(text: &'t str, lines: &LineIndex, limit: usize) -> Vec<&'t str> {
    let mut keys = Vec::new();
    let bytes = text.as_bytes();
    for i in 0..lines.line_count() {
        let mut start = lines.line_start(i);
        if i == 0 && text.starts_with('\u{feff}') {
            start += '\u{feff}'.len_utf8();
        }
        let Some(&b0) = bytes.get(start) else {
            continue;
        };
        if !(b0.is_ascii_alphabetic() || b0 == b'_' || b0 == b'"' || b0 == b'\'') {
            continue;
        }
        let line = text.get(start..lines.line_end(text, i)).unwrap_or("");
        let l = line.trim_start_matches(['"', '\'']);
        if let Some(c) = l.find(':') {
            let k = l[..c].trim_end_matches(['"', '\'']);
            if !k.contains(' ') || k.len() < 40 {
                keys.push(k);
            }
        }
        if keys.len() >= limit {
            break;
        }
    }
    keys
}

/// Detect the format of a file from its path and content.
pub fn detect(path: &Path, text: &str) -> FileKind {
    detect_indexed(path, text, &LineIndex::new(text))
}

/// [`detect`] with the text's line index.
pub fn detect_indexed(path: &Path, text: &str, lines: &LineIndex) -> FileKind {
    let ext = path
        .extension()
        .and_then(|e| e.to_str())
        .unwrap_or("")
        .to_ascii_lowercase();
    match ext.as_str() {
        "toml" => {
            let has = |h: &str| text.lines().any(|l| l.trim_start().starts_with(h));
            if has("[rule]") || has("[hunt]") || (has("[metadata]") && text.contains("query")) {
                FileKind::Rule(Format::Elastic)
            } else {
                FileKind::Other
            }
        }
        "py" => {
            if text.contains("def rule(") {
                FileKind::PantherPython
            } else {
                FileKind::Other
            }
        }
        "yml" | "yaml" | "" => detect_yaml(top_level_keys_indexed(text, lines, 64)),
        _ => FileKind::Other,
    }
}

fn detect_yaml(keys: Vec<&str>) -> FileKind {
    let has = |k: &str| keys.contains(&k);
    if has("AnalysisType") || (has("RuleID") && (has("LogTypes") || has("Detection"))) {
        return FileKind::Rule(Format::Panther);
    }
    if has("detection") || has("logsource") || has("correlation") || (has("filter") && has("title"))
    {
        return FileKind::Rule(Format::Sigma);
    }
    if has("search") && (has("name") || has("tags") || has("how_to_implement")) {
        return FileKind::Rule(Format::Splunk);
    }
    if has("query")
        && (has("requiredDataConnectors")
            || has("queryFrequency")
            || has("relevantTechniques")
            || has("tactics")
            || has("entityMappings")
            || has("kind")
            || (has("name") && has("id")))
    {
        return FileKind::Rule(Format::Sentinel);
    }
    FileKind::Other
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn detects_each_format() {
        let p = Path::new("r.yml");
        assert_eq!(
            detect(p, "title: a\nlogsource:\n  product: x\ndetection:\n"),
            FileKind::Rule(Format::Sigma)
        );
        assert_eq!(
            detect(p, "name: a\nsearch: '| tstats'\ntags:\n"),
            FileKind::Rule(Format::Splunk)
        );
        assert_eq!(
            detect(p, "id: x\nname: a\nquery: |\n  T\ntactics: []\n"),
            FileKind::Rule(Format::Sentinel)
        );
        assert_eq!(
            detect(p, "AnalysisType: rule\nRuleID: a\n"),
            FileKind::Rule(Format::Panther)
        );
        assert_eq!(detect(p, "foo: bar\n"), FileKind::Other);
        assert_eq!(
            detect(Path::new("r.toml"), "[metadata]\n[rule]\nquery = 'x'\n"),
            FileKind::Rule(Format::Elastic)
        );
        assert_eq!(
            detect(Path::new("r.py"), "def rule(event):\n  return True\n"),
            FileKind::PantherPython
        );
    }
}
