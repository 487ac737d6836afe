//! JSON output: a stable array of diagnostics (documented in docs/output.md).
//!
//! Each element: `path`, `code`, `name`, `severity` (`error`/`warning`/`info`), `message`,
//! `start` and `end` (1-based `line`, `column` in characters), `fixes` (each with `title`,
//! `safe` and `edits` of `start`/`end`/`new_text`), `related` (each with `path`, `start`,
//! `message`), `url`.

use super::{FileReport, Position};
use serde::Serialize;

#[derive(Serialize)]
struct JsonEdit {
    start: Position,
    end: Position,
    new_text: String,
}

#[derive(Serialize)]
struct JsonFix {
    title: String,
    safe: bool,
    edits: Vec<JsonEdit>,
}

#[derive(Serialize)]
struct JsonRelated {
    path: String,
    start: Option<Position>,
    message: String,
}

#[derive(Serialize)]
struct JsonDiagnostic {
    path: String,
    code: &'static str,
    name: &'static str,
    severity: &'static str,
    message: String,
    start: Position,
    end: Position,
    fixes: Vec<JsonFix>,
    related: Vec<JsonRelated>,
    url: String,
}

/// Render diagnostics as a JSON array.
pub fn render(reports: &[FileReport]) -> String {
    let mut out = Vec::new();
    let _ = write(reports, &mut out);
    String::from_utf8(out).unwrap_or_else(|_| "[]".into())
}

/// Write diagnostics as a JSON array (what [`render`] returns), file by file: the output of
/// a large run is never held twice.
pub fn write(reports: &[FileReport], out: &mut impl std::io::Write) -> std::io::Result<()> {
    use rayon::prelude::*;
    // Each file's elements are serialized in parallel, as `to_string_pretty` of the whole
    // array would write them: one level deeper (JSON strings escape their line breaks, so
    // every line break in an element is structural and can take the indent).
    let per_file: Vec<String> = reports
        .par_iter()
        .map(|r| {
            let mut out = String::new();
            for d in &r.diags {
                let one = serde_json::to_string_pretty(&json_diagnostic(r, d))
                    .unwrap_or_else(|_| "{}".into());
                out.push_str(",\n  ");
                out.push_str(&one.replace('\n', "\n  "));
            }
            out
        })
        .collect();
    let mut chunks = per_file.iter().filter(|c| !c.is_empty());
    let Some(first) = chunks.next() else {
        return out.write_all(b"[]");
    };
    // the first element follows `[` without the comma
    out.write_all(b"[")?;
    out.write_all(&first.as_bytes()[1..])?;
    for chunk in chunks {
        out.write_all(chunk.as_bytes())?;
    }
    out.write_all(b"\n]")
}

fn json_diagnostic(r: &FileReport, d: &crate::diagnostic::Diagnostic) -> JsonDiagnostic {
    JsonDiagnostic {
        path: r.path.clone(),
        code: d.code,
        name: d.name,
        severity: d.severity.name(),
        message: d.message.clone(),
        start: r.position(d.span.start),
        end: r.position(d.span.end),
        fixes: d
            .fixes
            .iter()
            .map(|f| JsonFix {
                title: f.title.clone(),
                safe: f.safe,
                edits: f
                    .edits
                    .iter()
                    .map(|e| JsonEdit {
                        start: r.position(e.span.start),
                        end: r.position(e.span.end),
                        new_text: e.new_text.clone(),
                    })
                    .collect(),
            })
            .collect(),
        related: d
            .related
            .iter()
            .map(|rel| JsonRelated {
                path: rel.path.clone().unwrap_or_else(|| r.path.clone()),
                start: if rel.path.is_none() {
                    rel.span.map(|s| r.position(s.start))
                } else {
                    None
                },
                message: rel.message.clone(),
            })
            .collect(),
        url: crate::checks::find(d.code)
            .map(|c| c.meta.url())
            .unwrap_or_default(),
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::diagnostic::{Diagnostic, Edit, Fix, Related, Severity};
    use crate::model::Span;
    use crate::source::LineIndex;

    fn diag(code: &'static str, at: usize, message: &str) -> Diagnostic {
        Diagnostic {
            code,
            name: "a-check",
            severity: Severity::Warning,
            message: message.into(),
            span: Span::new(at, at + 2),
            related: vec![Related {
                path: Some("other.yml".into()),
                span: None,
                message: "with \"quotes\"\nand a line break".into(),
            }],
            fixes: vec![Fix {
                title: "Fix it".into(),
                edits: vec![Edit {
                    span: Span::new(at, at + 1),
                    new_text: "x\ny".into(),
                }],
                safe: true,
            }],
            tags: Vec::new(),
        }
    }

    /// Elements serialized one by one and indented must be byte for byte the pretty array.
    #[test]
    fn file_by_file_output_is_the_pretty_array() {
        let text = "title: a\nid: é\n";
        let lines = LineIndex::new(text);
        let report = |path: &str, diags: Vec<Diagnostic>| FileReport {
            path: path.into(),
            text,
            lines: &lines,
            diags,
        };
        let cases = vec![
            vec![],
            vec![report("empty.yml", vec![])],
            vec![
                report(
                    "a.yml",
                    vec![diag("DL101", 0, "one"), diag("DL102", 9, "two")],
                ),
                report("b.yml", vec![]),
                report("c.yml", vec![diag("DL103", 4, "three\nlines")]),
            ],
        ];
        for reports in cases {
            let all: Vec<JsonDiagnostic> = reports
                .iter()
                .flat_map(|r| r.diags.iter().map(|d| json_diagnostic(r, d)))
                .collect();
            let expected = serde_json::to_string_pretty(&all).unwrap();
            assert_eq!(render(&reports), expected);
        }
    }
}
