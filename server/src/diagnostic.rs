//! Diagnostics, fixes and text edits: what checks produce and every output renders.

use crate::model::Span;
use serde::Serialize;
use std::fmt;

/// How serious a finding is.
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord, Hash, Serialize)]
#[serde(rename_all = "lowercase")]
pub enum Severity {
    Info,
    Warning,
    Error,
}

impl Severity {
    pub fn name(self) -> &'static str {
        match self {
            Severity::Info => "info",
            Severity::Warning => "warning",
            Severity::Error => "error",
        }
    }
    /// Parse `error`, `warning` (or `warn`), `info` (or `hint`).
    pub fn from_name(s: &str) -> Option<Severity> {
        match s.to_ascii_lowercase().as_str() {
            "error" => Some(Severity::Error),
            "warning" | "warn" => Some(Severity::Warning),
            "info" | "hint" | "note" => Some(Severity::Info),
            _ => None,
        }
    }
}

impl fmt::Display for Severity {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(self.name())
    }
}

/// Replace the bytes of `span` with `new_text`.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct Edit {
    pub span: Span,
    pub new_text: String,
}

/// A fix: one or more edits applied together.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct Fix {
    pub title: String,
    pub edits: Vec<Edit>,
    /// Safe fixes are applied by `detlint check --fix`; unsafe ones only on request in an editor.
    pub safe: bool,
}

impl Fix {
    /// A safe fix writing `text` in place of `span`, titled ``Write `text` ``.
    pub fn write(span: Span, text: &str) -> Fix {
        Fix {
            title: format!("Write `{text}`"),
            edits: vec![Edit {
                span,
                new_text: text.to_string(),
            }],
            safe: true,
        }
    }
}

/// Extra locations that explain a diagnostic (the first duplicate key, the other rule).
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct Related {
    /// `None` means the same file.
    pub path: Option<String>,
    pub span: Option<Span>,
    pub message: String,
}

/// Editor tags (LSP `DiagnosticTag`).
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize)]
#[serde(rename_all = "lowercase")]
pub enum Tag {
    Unnecessary,
    Deprecated,
}

/// One finding of one check.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct Diagnostic {
    /// The check's code (`DL201`).
    pub code: &'static str,
    /// The check's slug (`undefined-selection`).
    pub name: &'static str,
    pub severity: Severity,
    pub message: String,
    pub span: Span,
    pub related: Vec<Related>,
    pub fixes: Vec<Fix>,
    pub tags: Vec<Tag>,
}

impl Diagnostic {
    /// Attach a fix.
    pub fn with_fix(mut self, fix: Fix) -> Self {
        self.fixes.push(fix);
        self
    }
    /// Attach a related location.
    pub fn with_related(mut self, r: Related) -> Self {
        self.related.push(r);
        self
    }
    /// Attach an editor tag.
    pub fn with_tag(mut self, t: Tag) -> Self {
        self.tags.push(t);
        self
    }
}

/// Apply non-overlapping edits to `text` (overlapping later edits are skipped). Returns the new
/// text and how many edits were applied.
pub fn apply_edits(text: &str, edits: &[Edit]) -> (String, usize) {
    let mut sorted: Vec<&Edit> = edits.iter().collect();
    sorted.sort_by_key(|e| (e.span.start, e.span.end));
    let mut out = String::with_capacity(text.len() + 64);
    let mut pos = 0;
    let mut applied = 0;
    for e in sorted {
        if e.span.start < pos || e.span.end > text.len() || e.span.start > e.span.end {
            continue;
        }
        if !text.is_char_boundary(e.span.start) || !text.is_char_boundary(e.span.end) {
            continue;
        }
        out.push_str(&text[pos..e.span.start]);
        out.push_str(&e.new_text);
        pos = e.span.end;
        applied += 1;
    }
    out.push_str(&text[pos..]);
    (out, applied)
}
