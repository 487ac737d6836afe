//! # DL125 sigma-duplicate-title
//!
//! Two Sigma rules among the files checked together have the same title (compared without case
//! and surrounding spaces). Titles become alert names: analysts cannot tell the two alerts
//! apart. Usually a copied rule whose title was not updated.
//!
//! **Example**: `windows/a.yml` and `windows/b.yml` both titled `Suspicious Certutil Download`.
//! **Fix**: make each title say what distinguishes the rule.
//!
//! Aliases: pySigma `duplicate_title`.

use super::{Check, CheckMeta, Run, WorkspaceCtx, WorkspaceSink};
use crate::diagnostic::{Related, Severity};
use crate::model::{Format, Span};
use std::collections::HashMap;

pub static CHECK: Check = Check {
    meta: CheckMeta {
        code: "DL125",
        name: "sigma-duplicate-title",
        severity: Severity::Warning,
        formats: &[Format::Sigma],
        aliases: &["duplicate_title"],
        summary: "two Sigma rules checked together share one title",
        fixable: false,
        source: file!(),
    },
    run: Run::Workspace(run),
};

/// Report every member of each group of places that share a key.
pub fn report_groups(
    ctx: &WorkspaceCtx,
    sink: &mut WorkspaceSink,
    meta: &'static CheckMeta,
    seen: HashMap<String, Vec<(usize, Span)>>,
    what: &str,
) {
    let mut groups: Vec<_> = seen.into_iter().filter(|(_, v)| v.len() > 1).collect();
    groups.sort_by(|a, b| a.1[0].cmp(&b.1[0]));
    for (key, places) in groups {
        for (i, &(fi, span)) in places.iter().enumerate() {
            let others: Vec<Related> = places
                .iter()
                .enumerate()
                .filter(|(j, _)| *j != i)
                .map(|(_, &(of, os))| Related {
                    path: Some(ctx.files[of].path.display().to_string()),
                    span: Some(os),
                    message: format!("the same {what} is used here"),
                })
                .collect();
            let first = others
                .first()
                .and_then(|r| r.path.clone())
                .unwrap_or_default();
            let d = sink.report(
                fi,
                meta,
                span,
                format!("{what} `{key}` is also used by {first}"),
            );
            d.related = others;
        }
    }
}

fn run(ctx: &WorkspaceCtx, sink: &mut WorkspaceSink) {
    let mut seen: HashMap<String, Vec<(usize, Span)>> = HashMap::new();
    for (fi, f) in ctx.files.iter().enumerate() {
        for d in &f.docs {
            if d.rule.format != Some(Format::Sigma) {
                continue;
            }
            if let Some(t) = &d.rule.title {
                let key = t.value.trim().to_lowercase();
                if !key.is_empty() {
                    seen.entry(key).or_default().push((fi, t.span));
                }
            }
        }
    }
    report_groups(ctx, sink, &CHECK.meta, seen, "title");
}
