//! # DL124 sigma-filter-rule
//!
//! A Sigma filter rule (a document with `filter:` instead of `detection:`) has a `level` or a
//! `status` — filters never raise alerts, so these keys mean nothing and suggest the author
//! wanted a detection rule — or its `filter.rules` list is empty (the filter applies to no rule).
//!
//! **Example**: a filter with `level: high`.
//! **Fix** (safe): remove `level` / `status`; list the rules the filter applies to.
//!
//! Aliases: rsigma `filter_has_level`, `filter_has_status`, `empty_filter_rules`.

use super::sigma_fields_section::whole_lines;
use super::{Check, CheckMeta, FileCtx, Run, Sink};
use crate::diagnostic::{Edit, Fix, Severity, Tag};
use crate::model::RuleKind;

pub static CHECK: Check = Check {
    meta: CheckMeta {
        code: "DL124",
        name: "sigma-filter-rule",
        severity: Severity::Warning,
        formats: &[crate::model::Format::Sigma],
        aliases: &[
            "filter_has_level",
            "filter_has_status",
            "empty_filter_rules",
        ],
        summary: "a filter rule has `level`/`status`, or an empty `filter.rules`",
        fixable: true,
        source: file!(),
    },
    run: Run::File(run),
};

fn run(ctx: &FileCtx, sink: &mut Sink) {
    for (_, doc, root) in ctx.sigma_docs() {
        if doc.kind != RuleKind::Filter {
            continue;
        }
        for key in ["level", "status"] {
            if let Some((k, v)) = root.entry(key) {
                let text = &ctx.file.text;
                let line_start = text[..k.span.start].rfind('\n').map(|i| i + 1).unwrap_or(0);
                let d = sink.report(
                    &CHECK.meta,
                    k.span,
                    format!("a filter rule raises no alert: `{key}` has no meaning here"),
                );
                d.tags.push(Tag::Unnecessary);
                if line_start == k.span.start && !v.is_map() && !v.is_seq() {
                    d.fixes.push(Fix {
                        title: format!("Remove `{key}`"),
                        edits: vec![Edit {
                            span: whole_lines(text, k.span.start, v.span.end.max(k.span.end)),
                            new_text: String::new(),
                        }],
                        safe: true,
                    });
                }
            }
        }
        if let Some((fk, f)) = root.entry("filter") {
            if let Some((rk, rules)) = f.entry("rules") {
                let _ = fk;
                if rules.is_seq() && rules.items().is_empty() {
                    sink.report(
                        &CHECK.meta,
                        rk.span,
                        "`filter.rules` is empty: the filter applies to no rule",
                    );
                }
            }
        }
    }
}
