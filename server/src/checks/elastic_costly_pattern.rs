//! # DL503 elastic-costly-pattern
//!
//! A pattern that forces Elasticsearch to scan every term of a field and that has a cheaper
//! equivalent:
//!
//! - a value with a leading and a trailing wildcard around a very short core (`*a*`, `*ps*`) on a
//!   `keyword` field: it walks the whole term dictionary and matches almost everything;
//! - `*.ext` on `file.name`, which `file.extension` answers exactly without a scan;
//! - a regular expression that starts with `.*` (Elasticsearch regular expressions are anchored,
//!   so a leading `.*` walks the whole term dictionary).
//!
//! Fields of the ECS `wildcard` type (`process.command_line`, `url.full`, …) are built for such
//! patterns and are not reported. Ordinary suffix matches (`*\\rundll32.exe` on
//! `process.executable`) are common and deliberate in published rules and are not reported either.
//!
//! **Example**: `file.name : ("*.ps1" or "*.vbs")` — prefer `file.extension : ("ps1" or "vbs")`;
//! `process.name regex~ ".*cmd.*"` — prefer `process.name : "*cmd*"`.
//!
//! **Fix**: use the dedicated field, a longer literal, or a wildcard instead of the regex.
//!
//! Aliases: Elastic "leading wildcard" query guidance.

use super::elastic_common::{elastic_docs, field_db};
use super::{Check, CheckMeta, FileCtx, Run, Sink};
use crate::diagnostic::Severity;
use crate::model::{Op, Span};

pub static CHECK: Check = Check {
    meta: CheckMeta {
        code: "DL503",
        name: "elastic-costly-pattern",
        severity: Severity::Info,
        formats: &[crate::model::Format::Elastic],
        aliases: &[],
        summary: "a term-scanning pattern with a cheaper equivalent (`*ab*` on keyword fields, `*.ext` on `file.name`, regex `.*…`)",
        fixable: false,
        source: file!(),
    },
    run: Run::File(run),
};

/// Longest core of a `*core*` pattern that is reported.
const SHORT_CORE: usize = 3;

fn run(ctx: &FileCtx, sink: &mut Sink) {
    let db = field_db();
    for (d, _) in elastic_docs(ctx) {
        let Some(det) = &d.rule.detection else {
            continue;
        };
        let mut found: Vec<(Span, String)> = Vec::new();
        det.for_each_predicate(&mut |p, _| {
            let Some(f) = &p.field else { return };
            let ty = db.ty(&f.value);
            for v in &p.values {
                let t = v.text.as_str();
                match p.op {
                    Op::Wildcard if ty == Some("keyword") && t.starts_with('*') => {
                        let core = t.trim_matches('*');
                        let ext = core.strip_prefix('.').filter(|e| {
                            !e.is_empty() && e.chars().all(|c| c.is_ascii_alphanumeric())
                        });
                        if t.ends_with('*') && !core.is_empty() && core.len() <= SHORT_CORE {
                            found.push((
                                v.span,
                                format!("`{t}` on the keyword field `{}` scans every term for a {}-character core", f.value, core.len()),
                            ));
                        } else if f.value == "file.name" && !t.ends_with('*') && t.matches('*').count() == 1 {
                            if let Some(e) = ext {
                                found.push((
                                    v.span,
                                    format!("`{t}` on `file.name` scans every term: `file.extension : \"{e}\"` matches the same files"),
                                ));
                            }
                        }
                    }
                    Op::RegexMatch if t.starts_with(".*") && t.len() > 2 => {
                        found.push((
                            v.span,
                            format!("regular expression `{t}` starts with `.*` and scans every term of `{}`", f.value),
                        ));
                    }
                    _ => {}
                }
            }
        });
        for (span, msg) in found {
            sink.report(&CHECK.meta, span, msg);
        }
    }
}
