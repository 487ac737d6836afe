//! # DL224 sigma-escaped-wildcard
//!
//! A value holds an escaped wildcard `\*` or `\?`: a literal star or question mark. That is rare
//! in real data and often a mistake in Windows paths, where `\` before `*` was meant as a path
//! separator (`C:\Users\*\AppData` is fine; `C:\Users\*` ends with an escaped star that matches a
//! literal `*`). Write `\\*` for a backslash followed by a wildcard. Informational: SigmaHQ
//! excludes dozens of rules from pySigma's version of this check.
//!
//! **Example**: `TargetFilename|startswith: 'C:\Users\*'`.
//! **Fix**: `'C:\Users\\*'` if a wildcard was meant.
//!
//! Aliases: pySigma `escaped_wildcard`.

use super::{Check, CheckMeta, FileCtx, Run, Sink};
use crate::diagnostic::Severity;
use crate::formats::sigma::{SelectionBody, SigmaValue};

pub static CHECK: Check = Check {
    meta: CheckMeta {
        code: "DL224",
        name: "sigma-escaped-wildcard",
        severity: Severity::Info,
        formats: &[crate::model::Format::Sigma],
        aliases: &["escaped_wildcard"],
        summary: "a value holds an escaped wildcard `\\*` or `\\?`",
        fixable: false,
        source: file!(),
    },
    run: Run::File(run),
};

/// Whether a Sigma string holds `\*` or `\?` (an escaped wildcard), honouring `\\`.
pub fn has_escaped_wildcard(s: &str) -> bool {
    let b = s.as_bytes();
    let mut i = 0;
    while i + 1 < b.len() {
        if b[i] == b'\\' {
            match b[i + 1] {
                b'*' | b'?' => return true,
                b'\\' => i += 2,
                _ => i += 1,
            }
        } else {
            i += 1;
        }
    }
    false
}

fn check(sink: &mut Sink, v: &SigmaValue, skip: bool) {
    if !skip && has_escaped_wildcard(&v.text) {
        sink.report(
            &CHECK.meta,
            v.span,
            format!("`{}` holds an escaped wildcard (a literal `*`/`?`)", v.text),
        );
    }
}

fn run(ctx: &FileCtx, sink: &mut Sink) {
    for (_, doc, _) in ctx.sigma_docs() {
        for sel in &doc.selections {
            match &sel.body {
                SelectionBody::Fields(groups) => {
                    for item in groups.iter().flatten() {
                        let skip = item.has("re") || item.has("cidr");
                        item.values.iter().for_each(|v| check(sink, v, skip));
                    }
                }
                SelectionBody::Keywords(vals) => vals.iter().for_each(|v| check(sink, v, false)),
                _ => {}
            }
        }
    }
}
