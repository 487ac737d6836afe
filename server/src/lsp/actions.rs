//! Code actions: every quick fix a diagnostic offers, "suppress with a comment" on the line
//! above, and the `source.fixAll.detlint` action applying all safe fixes.

use super::analysis::Linted;
use super::convert::{ranges_meet, safe_fix_edits, text_edits, workspace_edit};
use super::text::Snapshot;
use crate::diagnostic::Diagnostic;
use crate::source::sniff::FileKind;
use crate::source::yaml::{YamlKind, YamlNode};
use tower_lsp_server::ls_types::{
    CodeAction, CodeActionKind, CodeActionOrCommand, CodeActionParams, Diagnostic as LspDiagnostic,
    Position, Range, TextEdit, Uri,
};

/// The kind of the fix-all source action.
pub const FIX_ALL_KIND: &str = "source.fixAll.detlint";

/// The line-comment marker of the file, if its syntax has one (`#` for YAML, TOML, Python).
pub fn comment_marker(linted: &Linted) -> Option<&'static str> {
    let ext = linted
        .file
        .path
        .extension()
        .and_then(|e| e.to_str())
        .unwrap_or("")
        .to_ascii_lowercase();
    match ext.as_str() {
        "json" => None,
        "yml" | "yaml" | "toml" | "py" => Some("#"),
        _ => match linted.file.kind {
            FileKind::Other if linted.file.yaml.is_none() => None,
            _ => Some("#"),
        },
    }
}

fn wants(params: &CodeActionParams, kind: &CodeActionKind) -> bool {
    match &params.context.only {
        None => true,
        Some(only) => only.iter().any(|k| {
            kind.as_str() == k.as_str() || kind.as_str().starts_with(&format!("{}.", k.as_str()))
        }),
    }
}

fn scalar_spans_line(node: &YamlNode, line_start: usize) -> bool {
    match &node.kind {
        YamlKind::Scalar { .. } => node.span.start < line_start && line_start < node.span.end,
        YamlKind::Map(entries) => entries
            .iter()
            .any(|(k, v)| scalar_spans_line(k, line_start) || scalar_spans_line(v, line_start)),
        YamlKind::Seq(items) => items.iter().any(|i| scalar_spans_line(i, line_start)),
        YamlKind::Empty => false,
    }
}

/// Whether `line_start` lies inside a triple-quoted string of a TOML or Python file.
fn inside_triple_quotes(text: &str, line_start: usize) -> bool {
    const DQ: &[u8] = b"\"\"\"";
    const SQ: &[u8] = b"'''";
    let b = text.as_bytes();
    let end = line_start.min(b.len());
    let mut open: Option<&[u8]> = None;
    let mut i = 0;
    while i + 3 <= end {
        let tri = &b[i..i + 3];
        match open {
            None if tri == DQ || tri == SQ => {
                open = Some(if tri == DQ { DQ } else { SQ });
                i += 3;
            }
            Some(q) if tri == q => {
                open = None;
                i += 3;
            }
            _ => i += 1,
        }
    }
    open.is_some()
}

/// Whether `line_start` lies inside a multi-line scalar or string (a comment line there would
/// become part of the value).
fn inside_scalar(linted: &Linted, line_start: usize) -> bool {
    if linted.file.yaml.is_none() {
        return inside_triple_quotes(&linted.file.text, line_start);
    }
    linted.file.yaml.as_ref().is_some_and(|y| {
        y.docs
            .iter()
            .any(|d| d.span.contains(line_start) && scalar_spans_line(&d.root, line_start))
    })
}

/// The suppression edit for `d`: a comment line above the diagnostic's line, indented like it.
pub fn suppress_edit(linted: &Linted, d: &Diagnostic, snap: &Snapshot<'_>) -> Option<TextEdit> {
    let marker = comment_marker(linted)?;
    let text = &linted.file.text;
    let line = linted.file.lines.line_of(d.span.start.min(text.len()));
    let start = linted.file.lines.line_start(line);
    if inside_scalar(linted, start) {
        return None;
    }
    let end = linted.file.lines.line_end(text, line);
    let line_text = text.get(start..end).unwrap_or("");
    let indent: String = line_text
        .chars()
        .take_while(|c| *c == ' ' || *c == '\t')
        .collect();
    let newline = if text.contains("\r\n") { "\r\n" } else { "\n" };
    let pos = snap.position(start);
    Some(TextEdit::new(
        Range::new(Position::new(pos.line, 0), Position::new(pos.line, 0)),
        format!("{indent}{marker} detlint: ignore[{}]{newline}", d.code),
    ))
}

/// Code actions for the requested range.
pub fn code_actions(
    linted: &Linted,
    snap: &Snapshot<'_>,
    uri: &Uri,
    params: &CodeActionParams,
    to_lsp: &dyn Fn(&Diagnostic) -> LspDiagnostic,
) -> Vec<CodeActionOrCommand> {
    let mut out = Vec::new();
    let quickfix = CodeActionKind::QUICKFIX;
    if wants(params, &quickfix) {
        for d in &linted.diags {
            let range = snap.range(d.span);
            if !ranges_meet(&range, &params.range) {
                continue;
            }
            let lsp = to_lsp(d);
            for fix in &d.fixes {
                out.push(CodeActionOrCommand::CodeAction(CodeAction {
                    title: fix.title.clone(),
                    kind: Some(quickfix.clone()),
                    diagnostics: Some(vec![lsp.clone()]),
                    edit: Some(workspace_edit(uri, text_edits(&fix.edits, snap))),
                    is_preferred: Some(fix.safe && d.fixes.len() == 1),
                    ..Default::default()
                }));
            }
            if let Some(edit) = suppress_edit(linted, d, snap) {
                out.push(CodeActionOrCommand::CodeAction(CodeAction {
                    title: format!("Suppress {} ({}) with a comment", d.code, d.name),
                    kind: Some(quickfix.clone()),
                    diagnostics: Some(vec![lsp]),
                    edit: Some(workspace_edit(uri, vec![edit])),
                    ..Default::default()
                }));
            }
        }
    }
    let fix_all = CodeActionKind::new(FIX_ALL_KIND);
    if wants(params, &fix_all) {
        let edits = safe_fix_edits(&linted.diags);
        if !edits.is_empty() {
            out.push(CodeActionOrCommand::CodeAction(CodeAction {
                title: "Fix all safe detlint problems".into(),
                kind: Some(fix_all),
                edit: Some(workspace_edit(uri, text_edits(&edits, snap))),
                ..Default::default()
            }));
        }
    }
    out
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::source::PositionEncoding;
    use std::path::Path;

    #[test]
    fn triple_quotes() {
        let t = "a = 1\nq = \"\"\"\nx\ny\n\"\"\"\nb = 2\n";
        assert!(!inside_triple_quotes(t, t.find("q =").unwrap_or(0)));
        assert!(inside_triple_quotes(t, t.find("x\n").unwrap_or(0)));
        assert!(inside_triple_quotes(t, t.find("y\n").unwrap_or(0)));
        assert!(!inside_triple_quotes(t, t.find("b =").unwrap_or(0)));
        let u = "é = \"\"\"漢\n字\n";
        assert!(inside_triple_quotes(u, u.find('字').unwrap_or(0)));
    }

    #[test]
    fn no_suppression_comment_inside_a_block_scalar() {
        let text = "title: t\nid: 0b8f0e0c-2a52-4d2a-9f1e-5b7e3c4d1a10\nlogsource:\n    product: windows\ndetection:\n    sel:\n        a: 1\n    condition: |\n        sel and\n        nosuch\nlevel: low\n";
        let l = super::super::analysis::lint_document(
            Path::new("/nonexistent/x.yml"),
            text.into(),
            1,
            None,
        );
        let snap = Snapshot {
            text: &l.file.text,
            lines: &l.file.lines,
            enc: PositionEncoding::Utf16,
        };
        let undefined = l
            .diags
            .iter()
            .find(|d| d.code == "DL202")
            .expect("undefined selection");
        assert!(suppress_edit(&l, undefined, &snap).is_none());
        let other = l
            .diags
            .iter()
            .find(|d| d.code != "DL202")
            .expect("another finding");
        let e = suppress_edit(&l, other, &snap).expect("suppression");
        assert!(e.new_text.starts_with("# detlint: ignore["), "{e:?}");
    }
}
