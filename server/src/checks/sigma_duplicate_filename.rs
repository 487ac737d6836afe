//! # DL126 sigma-duplicate-filename
//!
//! Two Sigma rule files among the files checked together have the same file name (in different
//! folders). Tools that flatten rule folders (packaging, SIEM imports keyed by file name)
//! overwrite one with the other.
//!
//! **Example**: `rules/windows/proc_creation_win_x.yml` and `rules-threat-hunting/windows/proc_creation_win_x.yml`.
//! **Fix**: rename one file so that its name says what distinguishes it.
//!
//! Aliases: pySigma `duplicate_filename`.

use super::sigma_duplicate_title::report_groups;
use super::{Check, CheckMeta, Run, WorkspaceCtx, WorkspaceSink};
use crate::diagnostic::Severity;
use crate::model::{Format, Span};
use std::collections::HashMap;

pub static CHECK: Check = Check {
    meta: CheckMeta {
        code: "DL126",
        name: "sigma-duplicate-filename",
        severity: Severity::Warning,
        formats: &[Format::Sigma],
        aliases: &["duplicate_filename"],
        summary: "two Sigma rule files checked together share one file name",
        fixable: false,
        source: file!(),
    },
    run: Run::Workspace(run),
};

fn run(ctx: &WorkspaceCtx, sink: &mut WorkspaceSink) {
    let mut seen: HashMap<String, Vec<(usize, Span)>> = HashMap::new();
    for (fi, f) in ctx.files.iter().enumerate() {
        if f.format() != Some(Format::Sigma) || f.docs.is_empty() {
            continue;
        }
        let Some(name) = f.path.file_name().and_then(|n| n.to_str()) else {
            continue;
        };
        let at = f
            .docs
            .first()
            .and_then(|d| d.rule.title.as_ref().map(|t| t.span))
            .unwrap_or(Span::point(0));
        seen.entry(name.to_string()).or_default().push((fi, at));
    }
    report_groups(ctx, sink, &CHECK.meta, seen, "file name");
}
