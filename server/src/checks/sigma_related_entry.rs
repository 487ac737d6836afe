//! # DL116 sigma-related-entry
//!
//! A `related` entry is malformed: it is not a mapping, it lacks `id` or `type`, or its `type` is
//! not one of `derived`, `obsolete`, `merged`, `renamed`, `similar`. Tools that follow rule
//! lineage (deprecation, merges) cannot use it. (A non-UUID `id` is DL103.)
//!
//! **Example**: `related: [{id: 0e8a…, type: replaced}]`.
//! **Fix**: `type: obsolete` (or the relation that fits).
//!
//! Aliases: rsigma `invalid_related_type`, `related_missing_required`.

use super::{did_you_mean, Check, CheckMeta, FileCtx, Run, Sink};
use crate::diagnostic::{Edit, Fix, Severity};

pub static CHECK: Check = Check {
    meta: CheckMeta {
        code: "DL116",
        name: "sigma-related-entry",
        severity: Severity::Error,
        formats: &[crate::model::Format::Sigma],
        aliases: &["invalid_related_type", "related_missing_required"],
        summary: "a `related` entry lacks `id`/`type` or has an unknown `type`",
        fixable: true,
        source: file!(),
    },
    run: Run::File(run),
};

/// The relation types of the Sigma specification.
pub const TYPES: &[&str] = &["derived", "obsolete", "merged", "renamed", "similar"];

fn run(ctx: &FileCtx, sink: &mut Sink) {
    for (_, _, root) in ctx.sigma_docs() {
        let Some((rk, related)) = root.entry("related") else {
            continue;
        };
        if related.is_null() {
            continue;
        }
        if !related.is_seq() {
            sink.report(
                &CHECK.meta,
                rk.span,
                "`related` must be a list of `{id, type}` entries",
            );
            continue;
        }
        for item in related.items() {
            if !item.is_map() {
                sink.report(
                    &CHECK.meta,
                    item.span,
                    "a `related` entry must be a mapping with `id` and `type`",
                );
                continue;
            }
            for key in ["id", "type"] {
                if item.get(key).is_none_or(|v| v.is_null()) {
                    sink.report(
                        &CHECK.meta,
                        item.span,
                        format!("the `related` entry has no `{key}`"),
                    );
                }
            }
            if let Some(t) = item.get("type") {
                if let Some(s) = t.as_str().filter(|s| !s.is_empty()) {
                    if !TYPES.contains(&s) {
                        let d = sink.report(
                            &CHECK.meta,
                            t.span,
                            format!("`{s}` is not a relation type ({})", TYPES.join(", ")),
                        );
                        if let Some(good) = did_you_mean(s, TYPES.iter().copied()) {
                            d.fixes.push(Fix {
                                title: format!("Write `{good}`"),
                                edits: vec![Edit {
                                    span: t.span,
                                    new_text: good.to_string(),
                                }],
                                safe: true,
                            });
                        }
                    }
                }
            }
        }
    }
}
