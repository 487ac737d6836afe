//! # DL603 splunk-filter-macro
//!
//! A security_content detection's search should end with its own filter macro,
//! `` | `<snake_case_name>_filter` ``: the build generates an empty macro of that name for every
//! detection, and customers tune false positives by editing it. Without the call (or with the
//! filter of another detection, after a copy-paste or a rename) tuning is impossible without
//! changing the detection itself.
//!
//! The name is the detection `name:` in lower case with every character other than a letter or
//! a digit replaced by `_`, one for one (`Cmd Echo Pipe - Escalation` →
//! `cmd_echo_pipe___escalation_filter`). Only `type:` TTP, Anomaly and Hunting are checked (not
//! correlations, baselines or investigations), and not deprecated detections.
//!
//! **Example**: `name: Suspicious Rundll32 Rename` with a search ending in
//! `` | `suspicious_rundll32_filter` ``.
//! **Fix** (safe): append `` | `suspicious_rundll32_rename_filter` `` or rename the call.
//!
//! Aliases: contentctl detection filter macro convention.

use super::{Check, CheckMeta, FileCtx, Run, Sink};
use crate::diagnostic::{Edit, Fix, Severity};
use crate::formats::splunk;
use crate::model::Span;

pub static CHECK: Check = Check {
    meta: CheckMeta {
        code: "DL603",
        name: "splunk-filter-macro",
        severity: Severity::Warning,
        formats: &[crate::model::Format::Splunk],
        aliases: &[],
        summary: "the search does not end with the detection's `<name>_filter` macro",
        fixable: true,
        source: file!(),
    },
    run: Run::File(run),
};

fn run(ctx: &FileCtx, sink: &mut Sink) {
    for (pd, doc, root) in splunk::docs(ctx.file) {
        let (Some(search), Some(expected)) = (&doc.search, doc.filter_macro_name()) else {
            continue;
        };
        // Only detections get a filter macro (not baselines, investigations, correlations).
        let skip = doc.detection_type.as_ref().is_some_and(|t| {
            !["ttp", "anomaly", "hunting"].contains(&t.value.to_ascii_lowercase().as_str())
        }) || pd
            .rule
            .status
            .as_ref()
            .is_some_and(|s| s.value.eq_ignore_ascii_case("deprecated"));
        if skip || search.text.trim().is_empty() {
            continue;
        }
        let top: Vec<_> = search.macro_calls.iter().filter(|c| c.depth == 0).collect();
        if top.iter().any(|c| c.name.eq_ignore_ascii_case(&expected)) {
            continue;
        }
        // A filter macro of another name: offer to rename it.
        let last_filter = top
            .iter()
            .rev()
            .find(|c| c.name.to_ascii_lowercase().ends_with("_filter") && !c.resolved);
        if let Some(c) = last_filter {
            let name_span = Span::new(c.span.start + 1, c.span.start + 1 + c.name.len());
            let d = sink.report(
                &CHECK.meta,
                c.span,
                format!(
                    "the filter macro `{}` does not match the detection name; expected `{expected}`",
                    c.name
                ),
            );
            if ctx.text(name_span) == c.name {
                d.fixes.push(Fix {
                    title: format!("Rename to `{expected}`"),
                    edits: vec![Edit {
                        span: name_span,
                        new_text: expected.clone(),
                    }],
                    safe: true,
                });
            }
            continue;
        }
        let at = Span::point(search.end);
        let key_span = root
            .entry("search")
            .map(|(k, _)| k.span)
            .unwrap_or(search.span);
        let d = sink.report(
            &CHECK.meta,
            key_span,
            format!("the search does not end with the detection's filter macro `{expected}`"),
        );
        let quote_safe = !ctx.text(search.span).starts_with('"') || !expected.contains('"');
        if quote_safe {
            d.fixes.push(Fix {
                title: format!("Append `| `{expected}``"),
                edits: vec![Edit {
                    span: at,
                    new_text: format!(" | `{expected}`"),
                }],
                safe: true,
            });
        }
    }
}
