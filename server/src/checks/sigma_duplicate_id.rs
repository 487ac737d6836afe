//! # DL104 duplicate-rule-id
//!
//! Two rules among the files checked together carry the same id (Sigma `id`, Elastic
//! `rule_id`, Splunk `id`, Sentinel `id`, Panther `RuleID`). Deployment tools key rules by id: the
//! second rule overwrites the first, or the upload fails. Usually a copied rule whose id was
//! not regenerated.
//!
//! A file copied unchanged to another folder (the same rule packaged twice) is reported as a
//! warning: the ids collide only if both copies are deployed together.
//!
//! **Fix**: give the copy a new UUID; if it replaces the other rule, link them with `related`.
//!
//! Aliases: pySigma `identifier_uniqueness`.

use super::{Check, CheckMeta, Run, WorkspaceCtx, WorkspaceSink};
use crate::diagnostic::{Related, Severity};
use std::collections::HashMap;

pub static CHECK: Check = Check {
    meta: CheckMeta {
        code: "DL104",
        name: "duplicate-rule-id",
        severity: Severity::Error,
        formats: &[],
        aliases: &["identifier_uniqueness"],
        summary: "two rules checked together share one id",
        fixable: false,
        source: file!(),
    },
    run: Run::Workspace(run),
};

/// (format, lower-case id).
type IdKey = (Option<crate::model::Format>, String);

fn run(ctx: &WorkspaceCtx, sink: &mut WorkspaceSink) {
    let mut seen: HashMap<IdKey, Vec<(usize, crate::model::Span)>> = HashMap::new();
    for (fi, f) in ctx.files.iter().enumerate() {
        for d in &f.docs {
            if let Some(id) = &d.rule.id {
                let key = id.value.trim().to_ascii_lowercase();
                if !key.is_empty() {
                    seen.entry((d.rule.format, key))
                        .or_default()
                        .push((fi, id.span));
                }
            }
        }
    }
    let mut groups: Vec<_> = seen.into_iter().filter(|(_, v)| v.len() > 1).collect();
    groups.sort_by(|a, b| a.1[0].cmp(&b.1[0]));
    for ((_, id), places) in groups {
        // An identical copy of the file (the same rule packaged twice, as Sentinel's
        // `Detections/` and `Solutions/` folders do) is a warning, not a conflict.
        let identical = places
            .iter()
            .all(|&(of, _)| ctx.files[of].text == ctx.files[places[0].0].text);
        for (i, &(fi, span)) in places.iter().enumerate() {
            let others: Vec<Related> = places
                .iter()
                .enumerate()
                .filter(|(j, _)| *j != i)
                .map(|(_, &(of, os))| Related {
                    path: Some(ctx.files[of].path.display().to_string()),
                    span: Some(os),
                    message: "the same id is used here".into(),
                })
                .collect();
            let first = others
                .first()
                .and_then(|r| r.path.clone())
                .unwrap_or_default();
            let msg = if identical {
                format!("id `{id}`: this rule is copied unchanged at {first}; keep one copy or give each its own id")
            } else {
                format!("id `{id}` is also used by {first}")
            };
            let d = sink.report(fi, &CHECK.meta, span, msg);
            if identical {
                d.severity = Severity::Warning;
            }
            d.related = others;
        }
    }
}
