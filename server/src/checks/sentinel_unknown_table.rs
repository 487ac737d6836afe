//! # DL701 sentinel-unknown-table
//!
//! The query reads a table (or parser function) that is neither a documented Microsoft Sentinel /
//! Defender XDR table, nor an ASIM parser (`imProcessCreate`, `_Im_Dns`, …), nor a `let` name,
//! nor one of the solution parser functions the public Sentinel content uses. A misspelt table
//! name is not a syntax error: the rule deploys, the query fails at run time ("failed to resolve
//! table") or — for a function that happens to exist elsewhere — silently returns nothing, and
//! the detection never fires.
//!
//! The known names are in `rules/sentinel_tables.txt` (Microsoft's documented tables plus the
//! tables and parser functions of the public corpus). Custom log tables (`…_CL`) are accepted:
//! they are defined per workspace. A name that differs from a known table only in case is
//! reported too (Kusto table names are case-sensitive), with a safe fix.
//!
//! **Example**: `SigninLog | where ResultType == 50126` → unknown table `SigninLog`; did you mean
//! `SigninLogs`?
//!
//! **Fix**: correct the name (a quick fix is offered for a close match); for a workspace-specific
//! function, disable the check for that path in `.detlint.toml`.
//!
//! Aliases: Kusto language service "failed to resolve table or column expression".

use super::{did_you_mean, Check, CheckMeta, FileCtx, Run, Sink};
use crate::diagnostic::{Edit, Fix, Severity};
use crate::formats::sentinel::{self, tables};

pub static CHECK: Check = Check {
    meta: CheckMeta {
        code: "DL701",
        name: "sentinel-unknown-table",
        severity: Severity::Warning,
        formats: &[crate::model::Format::Sentinel],
        aliases: &[],
        summary: "the query reads a table that is not a known Sentinel / Defender table",
        fixable: true,
        source: file!(),
    },
    run: Run::File(run),
};

fn run(ctx: &FileCtx, sink: &mut Sink) {
    for (_, doc) in sentinel::docs(ctx.file) {
        let mut reported: Vec<&str> = Vec::new();
        for t in &doc.tables {
            let name = t.name.as_str();
            if reported.contains(&name) || name.ends_with("_CL") {
                continue;
            }
            // the name as written in the file (bracketed or quoted names are left alone)
            let written = ctx.text(t.span) == name;
            if let Some(canon) = tables::canonical_name(name) {
                if canon != name {
                    reported.push(name);
                    let d = sink.report(
                        &CHECK.meta,
                        t.span,
                        format!("table `{name}` is spelt `{canon}`: Kusto table names are case-sensitive"),
                    );
                    if written {
                        d.fixes.push(Fix {
                            title: format!("Write `{canon}`"),
                            edits: vec![Edit {
                                span: t.span,
                                new_text: canon.to_string(),
                            }],
                            safe: true,
                        });
                    }
                }
                continue;
            }
            if tables::is_known(name) {
                continue;
            }
            reported.push(name);
            let suggestion = did_you_mean(name, tables::known_tables());
            let msg = match suggestion {
                Some(s) => format!("unknown table `{name}`; did you mean `{s}`?"),
                None => format!(
                    "unknown table `{name}`: not a known Sentinel / Defender table or parser"
                ),
            };
            let d = sink.report(&CHECK.meta, t.span, msg);
            if let (Some(s), true) = (suggestion, written) {
                d.fixes.push(Fix {
                    title: format!("Replace with `{s}`"),
                    edits: vec![Edit {
                        span: t.span,
                        new_text: s.to_string(),
                    }],
                    safe: false,
                });
            }
        }
    }
}
