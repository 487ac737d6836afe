//! GitHub Actions workflow annotations (`::error file=…,line=…::message`).

use super::FileReport;
use crate::diagnostic::Severity;

fn escape_data(s: &str) -> String {
    s.replace('%', "%25")
        .replace('\r', "%0D")
        .replace('\n', "%0A")
}

fn escape_prop(s: &str) -> String {
    escape_data(s).replace(':', "%3A").replace(',', "%2C")
}

/// Render diagnostics as workflow commands, one per line.
pub fn render(reports: &[FileReport]) -> String {
    let mut out = String::new();
    for r in reports {
        for d in &r.diags {
            let level = match d.severity {
                Severity::Error => "error",
                Severity::Warning => "warning",
                Severity::Info => "notice",
            };
            let s = r.position(d.span.start);
            let e = r.position(d.span.end);
            let cols = if s.line == e.line {
                format!(",col={},endColumn={}", s.column, e.column)
            } else {
                String::new()
            };
            out.push_str(&format!(
                "::{level} file={},line={},endLine={}{cols},title={}::{}\n",
                escape_prop(&r.path),
                s.line,
                e.line,
                escape_prop(&format!("detlint ({})", d.code)),
                escape_data(&format!("{} [{}]", d.message, d.name))
            ));
        }
    }
    out
}
