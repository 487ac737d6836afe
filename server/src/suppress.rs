//! Inline suppressions in each format's comment syntax:
//! `# detlint: ignore[DL201, unused-selection] reason` on the diagnostic's line or the line above;
//! `# detlint: ignore-file[DL110] reason` anywhere in the file. `//` comments (KQL, EQL) work too.

use crate::diagnostic::Diagnostic;
use crate::source::LineIndex;

/// One suppression comment.
#[derive(Debug, Clone, PartialEq)]
pub struct Suppression {
    pub line: usize,
    pub whole_file: bool,
    pub codes: Vec<String>,
    pub reason: String,
}

/// Find every suppression comment in `text`.
pub fn find(text: &str) -> Vec<Suppression> {
    let mut out = Vec::new();
    if !text.contains("detlint:") {
        return out;
    }
    for (line, l) in text.lines().enumerate() {
        let Some(i) = l.find("detlint:") else {
            continue;
        };
        let before = l[..i].trim_end();
        if !(before.ends_with('#') || before.ends_with("//")) {
            continue;
        }
        let rest = l[i + "detlint:".len()..].trim_start();
        let (whole_file, rest) = if let Some(r) = rest.strip_prefix("ignore-file") {
            (true, r)
        } else if let Some(r) = rest.strip_prefix("ignore") {
            (false, r)
        } else {
            continue;
        };
        let Some(r) = rest.strip_prefix('[') else {
            continue;
        };
        let Some(close) = r.find(']') else { continue };
        let codes = r[..close]
            .split(',')
            .map(|c| c.trim().to_string())
            .filter(|c| !c.is_empty())
            .collect();
        out.push(Suppression {
            line,
            whole_file,
            codes,
            reason: r[close + 1..].trim().to_string(),
        });
    }
    out
}

/// Drop the diagnostics that a suppression covers.
pub fn apply(text: &str, lines: &LineIndex, diags: &mut Vec<Diagnostic>) {
    if diags.is_empty() {
        return; // nothing to suppress: the text need not be scanned
    }
    let sups = find(text);
    if sups.is_empty() {
        return;
    }
    diags.retain(|d| {
        let line = lines.line_of(d.span.start);
        !sups.iter().any(|s| {
            (s.whole_file || s.line == line || s.line + 1 == line)
                && s.codes
                    .iter()
                    .any(|c| c == d.code || c == d.name || c == "all")
        })
    });
}
