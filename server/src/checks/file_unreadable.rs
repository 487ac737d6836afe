//! # DL001 file-unreadable
//!
//! The file could not be read as a rule: it is not UTF-8 text, holds NUL bytes (a binary file
//! picked up by a folder walk), is larger than `limits.max-file-size`, or the operating system
//! refused to read it. detlint reports this instead of staying silent, so a rule that CI was
//! meant to check is never skipped without a trace.
//!
//! **Fix**: save the file as UTF-8, remove it from the rule folders, or raise the limit in
//! `.detlint.toml` (`[limits] max-file-size = …`).
//!
//! Aliases: rsigma `file_read_error`.

use super::{Check, CheckMeta, FileCtx, Run, Sink};
use crate::diagnostic::Severity;

pub static CHECK: Check = Check {
    meta: CheckMeta {
        code: "DL001",
        name: "file-unreadable",
        severity: Severity::Error,
        formats: &[],
        aliases: &["file_read_error"],
        summary: "the file cannot be read as UTF-8 text within the limits",
        fixable: false,
        source: file!(),
    },
    run: Run::File(run),
};

fn run(ctx: &FileCtx, sink: &mut Sink) {
    for p in &ctx.file.problems {
        sink.report(&CHECK.meta, p.span, p.message.clone());
    }
}
