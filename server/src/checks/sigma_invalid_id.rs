//! # DL103 sigma-invalid-id
//!
//! The rule's `id` (or an `id` under `related`) is not a UUID. Sigma identifies rules by UUID
//! (`929a690e-bef0-4204-a928-ef5e620d6fcc`); tools that track rules across renames, the
//! `related` links between rules and correlation rules all rely on it.
//!
//! **Example**: `id: my-rule-1`.
//! **Fix**: generate a UUID v4 (`uuidgen`).
//!
//! Aliases: rsigma `invalid_id`, `invalid_related_id`.

use super::{Check, CheckMeta, FileCtx, Run, Sink};
use crate::diagnostic::Severity;

pub static CHECK: Check = Check {
    meta: CheckMeta {
        code: "DL103",
        name: "sigma-invalid-id",
        severity: Severity::Warning,
        formats: &[crate::model::Format::Sigma],
        aliases: &["invalid_id", "invalid_related_id"],
        summary: "`id` or `related[].id` is not a UUID",
        fixable: false,
        source: file!(),
    },
    run: Run::File(run),
};

/// Whether `s` is a UUID in 8-4-4-4-12 hexadecimal form.
pub fn is_uuid(s: &str) -> bool {
    let b = s.as_bytes();
    b.len() == 36
        && b.iter().enumerate().all(|(i, c)| match i {
            8 | 13 | 18 | 23 => *c == b'-',
            _ => c.is_ascii_hexdigit(),
        })
}

fn run(ctx: &FileCtx, sink: &mut Sink) {
    for (d, _, root) in ctx.sigma_docs() {
        if let Some(id) = &d.rule.id {
            if !is_uuid(id.value.trim()) {
                sink.report(
                    &CHECK.meta,
                    id.span,
                    format!("`id` `{}` is not a UUID", id.value),
                );
            }
        }
        for rel in root.get("related").map(|r| r.items()).unwrap_or(&[]) {
            if let Some(id) = rel.get("id") {
                if let Some(s) = id.as_str() {
                    if !is_uuid(s.trim()) {
                        sink.report(
                            &CHECK.meta,
                            id.span,
                            format!("related `id` `{s}` is not a UUID"),
                        );
                    }
                }
            }
        }
    }
}
