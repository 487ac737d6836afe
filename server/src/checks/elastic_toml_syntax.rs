//! # DL501 toml-syntax
//!
//! The Elastic rule file is not valid TOML: an unterminated string, a missing `=` or `]`, an
//! invalid escape in a `"…"` string (`"C:\Windows"`), a key or table defined twice. The error is
//! shown at its line and column; the rest of the file is still read so other checks keep working
//! on half-typed text.
//!
//! A file that is not valid TOML cannot be loaded by detection-rules or imported into Kibana.
//!
//! **Example**: `name = "Suspicious \Temp"` (a backslash escape TOML does not know) or
//! `query = '''process where true` without the closing `'''`.
//!
//! **Fix**: close the string, escape backslashes as `\\` or use a literal `'…'` / `'''…'''`
//! string, and remove duplicate keys.
//!
//! Aliases: detection-rules TOML load errors.

use super::elastic_common::elastic_docs;
use super::{Check, CheckMeta, FileCtx, Run, Sink};
use crate::diagnostic::Severity;

pub static CHECK: Check = Check {
    meta: CheckMeta {
        code: "DL501",
        name: "toml-syntax",
        severity: Severity::Error,
        formats: &[crate::model::Format::Elastic],
        aliases: &[],
        summary: "the Elastic rule file is not valid TOML",
        fixable: false,
        source: file!(),
    },
    run: Run::File(run),
};

fn run(ctx: &FileCtx, sink: &mut Sink) {
    for (_, e) in elastic_docs(ctx) {
        for err in e.toml_errors() {
            sink.report(
                &CHECK.meta,
                err.span,
                format!("TOML syntax error: {}", err.message),
            );
        }
    }
}
