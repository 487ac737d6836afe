//! rustc-style text output with a code frame.

use super::FileReport;
use crate::diagnostic::Severity;
use std::fmt::Write;

/// Render diagnostics as text; `color` adds ANSI colors.
pub fn render(reports: &[FileReport], color: bool) -> String {
    let mut out = String::new();
    let (mut errors, mut warnings, mut infos, mut fixable) = (0, 0, 0, 0);
    let paint = |code: &str, s: &str| {
        if color {
            format!("\x1b[{code}m{s}\x1b[0m")
        } else {
            s.to_string()
        }
    };
    for r in reports {
        for d in &r.diags {
            match d.severity {
                Severity::Error => errors += 1,
                Severity::Warning => warnings += 1,
                Severity::Info => infos += 1,
            }
            if d.fixes.iter().any(|f| f.safe) {
                fixable += 1;
            }
            let (sev, c) = match d.severity {
                Severity::Error => ("error", "1;31"),
                Severity::Warning => ("warning", "1;33"),
                Severity::Info => ("info", "1;36"),
            };
            let start = r.position(d.span.start);
            let end = r.position(d.span.end);
            let _ = writeln!(
                out,
                "{}{} {}",
                paint(c, &format!("{sev}[{}]", d.code)),
                paint("1", ":"),
                paint("1", &d.message)
            );
            let gutter = start.line.to_string().len();
            let _ = writeln!(
                out,
                "{:gutter$}{} {}:{}:{}",
                "",
                paint("1;34", "-->"),
                r.path,
                start.line,
                start.column
            );
            let line_idx = start.line - 1;
            if !r.text.is_empty() && line_idx < r.lines.line_count() {
                let ls = r.lines.line_start(line_idx);
                let le = r.lines.line_end(r.text, line_idx);
                let line = &r.text[ls..le];
                let shown: String = line.chars().take(200).collect();
                let _ = writeln!(out, "{:gutter$} {}", "", paint("1;34", "|"));
                let _ = writeln!(
                    out,
                    "{} {} {}",
                    paint("1;34", &start.line.to_string()),
                    paint("1;34", "|"),
                    shown.replace('\t', " ")
                );
                let col = start.column - 1;
                let width = if end.line == start.line {
                    (end.column - start.column).max(1)
                } else {
                    line.chars().count().saturating_sub(col).max(1)
                };
                let col = col.min(200);
                let width = width.min(200usize.saturating_sub(col).max(1));
                let _ = writeln!(
                    out,
                    "{:gutter$} {} {}{}",
                    "",
                    paint("1;34", "|"),
                    " ".repeat(col),
                    paint(c, &"^".repeat(width))
                );
            }
            for rel in &d.related {
                let where_ = match (&rel.path, rel.span) {
                    (Some(p), Some(s)) if p != &r.path => format!("{p} (offset {})", s.start),
                    (None, Some(s)) | (Some(_), Some(s)) => {
                        let p = r.position(s.start);
                        format!("{}:{}:{}", r.path, p.line, p.column)
                    }
                    (Some(p), None) => p.clone(),
                    (None, None) => String::new(),
                };
                let _ = writeln!(
                    out,
                    "{:gutter$} {} note: {} {}",
                    "",
                    paint("1;34", "="),
                    rel.message,
                    where_
                );
            }
            if let Some(f) = d.fixes.first() {
                let _ = writeln!(
                    out,
                    "{:gutter$} {} help: {}{}",
                    "",
                    paint("1;34", "="),
                    f.title,
                    if f.safe { " (fixable with --fix)" } else { "" }
                );
            }
            out.push('\n');
        }
    }
    let total = errors + warnings + infos;
    if total == 0 {
        let _ = writeln!(
            out,
            "{}",
            paint(
                "1;32",
                &format!(
                    "All checks passed ({} file{}).",
                    reports.len(),
                    if reports.len() == 1 { "" } else { "s" }
                )
            )
        );
    } else {
        let _ = writeln!(
            out,
            "Found {total} problem{} ({errors} error{}, {warnings} warning{}, {infos} info) in {} file{}.{}",
            if total == 1 { "" } else { "s" },
            if errors == 1 { "" } else { "s" },
            if warnings == 1 { "" } else { "s" },
            reports.iter().filter(|r| !r.diags.is_empty()).count(),
            if reports.iter().filter(|r| !r.diags.is_empty()).count() == 1 { "" } else { "s" },
            if fixable > 0 { format!(" {fixable} fixable with `detlint check --fix`.") } else { String::new() }
        );
    }
    out
}
