//! # DL131 sigma-unknown-rule-reference
//!
//! A correlation rule's `correlation.rules` or a filter rule's `filter.rules` names a rule (by
//! `id` or `name`) that none of the files checked together defines. The correlation or filter
//! then applies to nothing. Only reported when several files are checked together (a single
//! file opened in an editor cannot see the rules it refers to).
//!
//! **Example**: `rules: [failed_logon]` with no rule whose `name` is `failed_logon`.
//! **Fix**: give the referenced rule that `name`, or refer to its `id`.
//!
//! Aliases: rsigma `unknown_rule_reference`.

use super::{Check, CheckMeta, Run, WorkspaceCtx, WorkspaceSink};
use crate::diagnostic::Severity;
use crate::formats::FormatData;
use crate::model::Format;
use std::collections::HashSet;

pub static CHECK: Check = Check {
    meta: CheckMeta {
        code: "DL131",
        name: "sigma-unknown-rule-reference",
        severity: Severity::Warning,
        formats: &[Format::Sigma],
        aliases: &["unknown_rule_reference"],
        summary: "a correlation or filter refers to a rule that no checked file defines",
        fixable: false,
        source: file!(),
    },
    run: Run::Workspace(run),
};

fn run(ctx: &WorkspaceCtx, sink: &mut WorkspaceSink) {
    let sigma_files = ctx
        .files
        .iter()
        .filter(|f| f.format() == Some(Format::Sigma))
        .count();
    if sigma_files < 2 {
        return;
    }
    let mut known: HashSet<String> = HashSet::new();
    for f in ctx.files {
        for d in &f.docs {
            let FormatData::Sigma(s) = &d.data else {
                continue;
            };
            if let Some(id) = &d.rule.id {
                known.insert(id.value.trim().to_ascii_lowercase());
            }
            if let Some(name) = &s.name {
                known.insert(name.trim().to_ascii_lowercase());
            }
        }
    }
    for (fi, f) in ctx.files.iter().enumerate() {
        for d in &f.docs {
            let FormatData::Sigma(s) = &d.data else {
                continue;
            };
            for (r, span) in &s.rule_refs {
                if !known.contains(&r.trim().to_ascii_lowercase()) {
                    sink.report(
                        fi,
                        &CHECK.meta,
                        *span,
                        format!("no rule checked here has the id or name `{r}`"),
                    );
                }
            }
        }
    }
}
