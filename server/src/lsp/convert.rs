//! detlint diagnostics and edits → LSP types.

use super::text::Snapshot;
use crate::diagnostic::{self, Edit, Severity, Tag};
use crate::model::Span;
use std::collections::HashMap;
use std::path::Path;
use tower_lsp_server::ls_types::{
    CodeDescription, Diagnostic, DiagnosticRelatedInformation, DiagnosticSeverity, DiagnosticTag,
    Location, NumberOrString, Range, TextEdit, Uri, WorkspaceEdit,
};

/// Resolves a span in another file to a location (`None` when the file cannot be read).
pub type Resolve<'a> = &'a dyn Fn(&Path, Span) -> Option<Location>;

/// The LSP severity of a detlint severity.
pub fn severity(s: Severity) -> DiagnosticSeverity {
    match s {
        Severity::Error => DiagnosticSeverity::ERROR,
        Severity::Warning => DiagnosticSeverity::WARNING,
        Severity::Info => DiagnosticSeverity::INFORMATION,
    }
}

/// Convert one diagnostic of the document `uri`.
pub fn diagnostic(
    d: &diagnostic::Diagnostic,
    snap: &Snapshot<'_>,
    uri: &Uri,
    resolve: Resolve<'_>,
) -> Diagnostic {
    let href = crate::checks::find(d.code)
        .and_then(|c| c.meta.url().parse::<Uri>().ok())
        .map(|href| CodeDescription { href });
    let related: Vec<DiagnosticRelatedInformation> = d
        .related
        .iter()
        .filter_map(|r| {
            let location = match (&r.path, r.span) {
                (None, Some(s)) => Location::new(uri.clone(), snap.range(s)),
                (None, None) => Location::new(uri.clone(), snap.range(d.span)),
                (Some(p), s) => resolve(Path::new(p), s.unwrap_or(Span::new(0, 0)))?,
            };
            Some(DiagnosticRelatedInformation {
                location,
                message: r.message.clone(),
            })
        })
        .collect();
    let tags: Vec<DiagnosticTag> = d
        .tags
        .iter()
        .map(|t| match t {
            Tag::Unnecessary => DiagnosticTag::UNNECESSARY,
            Tag::Deprecated => DiagnosticTag::DEPRECATED,
        })
        .collect();
    Diagnostic {
        range: snap.range(d.span),
        severity: Some(severity(d.severity)),
        code: Some(NumberOrString::String(d.code.to_string())),
        code_description: href,
        source: Some("detlint".into()),
        message: d.message.clone(),
        related_information: (!related.is_empty()).then_some(related),
        tags: (!tags.is_empty()).then_some(tags),
        data: None,
    }
}

/// Byte-span edits → LSP text edits.
pub fn text_edits(edits: &[Edit], snap: &Snapshot<'_>) -> Vec<TextEdit> {
    edits
        .iter()
        .map(|e| TextEdit::new(snap.range(e.span), e.new_text.clone()))
        .collect()
}

/// A workspace edit on one document.
pub fn workspace_edit(uri: &Uri, edits: Vec<TextEdit>) -> WorkspaceEdit {
    let mut changes = HashMap::new();
    changes.insert(uri.clone(), edits);
    WorkspaceEdit::new(changes)
}

/// Whether two ranges overlap or touch.
pub fn ranges_meet(a: &Range, b: &Range) -> bool {
    a.start <= b.end && b.start <= a.end
}

/// Whether a byte span holds `offset` (inclusive at both ends, so a cursor right after a word
/// still counts).
pub fn span_holds(span: Span, offset: usize) -> bool {
    span.start <= offset && offset <= span.end
}

/// Non-overlapping edits of all safe fixes (one fix per diagnostic, the first safe one; a fix
/// is skipped whole when any of its edits overlaps an earlier one).
pub fn safe_fix_edits(diags: &[diagnostic::Diagnostic]) -> Vec<Edit> {
    let mut taken: Vec<Span> = Vec::new();
    let mut out = Vec::new();
    for d in diags {
        let Some(fix) = d.fixes.iter().find(|f| f.safe) else {
            continue;
        };
        let overlaps = fix.edits.iter().any(|e| {
            taken
                .iter()
                .any(|t| e.span.start < t.end && t.start < e.span.end || e.span == *t)
        });
        if overlaps {
            continue;
        }
        for e in &fix.edits {
            taken.push(e.span);
            out.push(e.clone());
        }
    }
    out.sort_by_key(|e| (e.span.start, e.span.end));
    out
}
