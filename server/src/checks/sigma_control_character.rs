//! # DL223 sigma-control-character
//!
//! A detection value holds a control character (tab, newline, bell, …). Almost always an escape
//! sequence that YAML decoded by accident: in a double-quoted string `"C:\temp\new"` the `\t` is a
//! tab and `\n` a newline, so the rule looks for a path that cannot exist.
//!
//! **Example**: `Image: "C:\temp\bad.exe"`.
//! **Fix**: single quotes (`'C:\temp\bad.exe'`), where backslashes are literal.
//!
//! Aliases: pySigma `control_character`.

use super::{Check, CheckMeta, FileCtx, Run, Sink};
use crate::diagnostic::Severity;
use crate::formats::sigma::{SelectionBody, SigmaValue};
use crate::source::yaml::ScalarStyle;

pub static CHECK: Check = Check {
    meta: CheckMeta {
        code: "DL223",
        name: "sigma-control-character",
        severity: Severity::Error,
        formats: &[crate::model::Format::Sigma],
        aliases: &["control_character"],
        summary: "a value holds a control character (usually a mis-escaped `\\t`, `\\n`)",
        fixable: false,
        source: file!(),
    },
    run: Run::File(run),
};

fn check(sink: &mut Sink, v: &SigmaValue) {
    // block scalars legitimately hold newlines
    if matches!(v.style, Some(ScalarStyle::Literal | ScalarStyle::Folded)) {
        return;
    }
    if let Some(c) = v.text.chars().find(|c| c.is_control()) {
        let hint = if v.style == Some(ScalarStyle::DoubleQuoted) {
            ": in double quotes `\\` starts an escape; use single quotes for paths"
        } else {
            ""
        };
        sink.report(
            &CHECK.meta,
            v.span,
            format!(
                "the value holds the control character U+{:04X}{hint}",
                c as u32
            ),
        );
    }
}

fn run(ctx: &FileCtx, sink: &mut Sink) {
    for (_, doc, _) in ctx.sigma_docs() {
        for sel in &doc.selections {
            match &sel.body {
                SelectionBody::Fields(groups) => {
                    for item in groups.iter().flatten() {
                        item.values.iter().for_each(|v| check(sink, v));
                    }
                }
                SelectionBody::Keywords(vals) => vals.iter().for_each(|v| check(sink, v)),
                _ => {}
            }
        }
    }
}
