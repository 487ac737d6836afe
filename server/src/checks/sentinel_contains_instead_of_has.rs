//! # DL702 sentinel-contains-instead-of-has
//!
//! A Kusto `contains` (or `!contains`, `contains_cs`, `!contains_cs`) looks for a value that is a
//! whole term: three or more letters and digits, nothing else. Microsoft's query best practices
//! say to prefer `has` over `contains` when looking for full tokens: `has` is answered from the
//! term index, `contains` scans every string. On a busy table (`SecurityEvent`, `Syslog`,
//! `DeviceProcessEvents`) the scan is what makes a scheduled rule slow or time out.
//!
//! The two are not identical: `has "power"` does not match `powershell` (a term must match
//! whole, and terms are runs of letters and digits), `contains "power"` does. So the finding is
//! informational and the quick fix is offered in the editor only (not applied by `--fix`):
//! apply it where the value is meant as a word, such as a user name, a process name without its
//! extension, a keyword in a command line.
//!
//! **Example**: `| where CommandLine contains "mimikatz"` → `| where CommandLine has "mimikatz"`.
//!
//! **Fix**: replace `contains` with `has` (`contains_cs` → `has_cs`, `!contains` → `!has`).
//!
//! Aliases: Kusto best practices "Prefer has over contains"; KQL analyzer performance hint.

use super::{Check, CheckMeta, FileCtx, Run, Sink};
use crate::diagnostic::{Edit, Fix, Severity};
use crate::formats::sentinel;
use detlint_kusto as k;

pub static CHECK: Check = Check {
    meta: CheckMeta {
        code: "DL702",
        name: "sentinel-contains-instead-of-has",
        severity: Severity::Info,
        formats: &[crate::model::Format::Sentinel],
        aliases: &[],
        summary: "`contains` looks for a whole term: `has` uses the term index and is faster",
        fixable: true,
        source: file!(),
    },
    run: Run::File(run),
};

/// Whether `v` is one whole Kusto term of at least three characters.
fn is_whole_term(v: &str) -> bool {
    v.len() >= 3 && v.bytes().all(|b| b.is_ascii_alphanumeric())
}

fn run(ctx: &FileCtx, sink: &mut Sink) {
    for (_, doc) in sentinel::docs(ctx.file) {
        let Some(q) = &doc.query else { continue };
        k::visit::walk_statements(&q.ast.statements, &mut |e| {
            let k::Expr::Binary(b) = e else { return };
            let k::BinaryOp::Str(op) = b.op else { return };
            if op.kind != k::StrOpKind::Contains {
                return;
            }
            let Some(lit) = b.rhs.as_str_lit() else {
                return;
            };
            if !is_whole_term(&lit.value) {
                return;
            }
            let written = q.slice(b.op_span);
            let replacement = match written {
                "contains" => "has",
                "!contains" => "!has",
                "contains_cs" => "has_cs",
                "!contains_cs" => "!has_cs",
                _ => return, // legacy spellings (`notcontains`, `containscs`)
            };
            let span = q.file_span(b.op_span);
            if ctx.text(span) != written {
                return; // the operator is not verbatim in the file (folded scalar)
            }
            sink.report(
                &CHECK.meta,
                span,
                format!(
                    "`{written} \"{}\"` looks for a whole term: `{replacement}` uses the term index instead of scanning every value",
                    lit.value
                ),
            )
            .fixes
            .push(Fix {
                title: format!("Use `{replacement}`"),
                edits: vec![Edit {
                    span,
                    new_text: replacement.to_string(),
                }],
                safe: false,
            });
        });
    }
}

#[cfg(test)]
mod tests {
    use super::is_whole_term;

    #[test]
    fn terms() {
        assert!(is_whole_term("mimikatz"));
        assert!(is_whole_term("4688"));
        assert!(!is_whole_term("ab"));
        assert!(!is_whole_term("cmd.exe"));
        assert!(!is_whole_term("-enc"));
    }
}
