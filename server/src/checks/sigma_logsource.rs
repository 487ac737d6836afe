//! # DL110 sigma-logsource
//!
//! The `logsource` block is malformed: it has none of `product`, `category`, `service`; it
//! holds a key other than `product`, `category`, `service`, `definition`; or a value is not
//! lower case (backends and pipelines match logsources case-sensitively, so `Windows` matches
//! no pipeline and the rule converts with the wrong field mapping).
//!
//! **Example**: `logsource: { product: Windows, categroy: process_creation }`.
//! **Fix** (safe for case): `product: windows`; rename `categroy` to `category`.
//!
//! Aliases: pySigma `fieldname_logsource`; rsigma `logsource_value_not_lowercase`.

use super::{did_you_mean, Check, CheckMeta, FileCtx, Run, Sink};
use crate::diagnostic::{Edit, Fix, Severity};

pub static CHECK: Check = Check {
    meta: CheckMeta {
        code: "DL110",
        name: "sigma-logsource",
        severity: Severity::Warning,
        formats: &[crate::model::Format::Sigma],
        aliases: &["fieldname_logsource", "logsource_value_not_lowercase"],
        summary: "`logsource` is empty, has unknown keys or values that are not lower case",
        fixable: true,
        source: file!(),
    },
    run: Run::File(run),
};

const KEYS: &[&str] = &["product", "category", "service", "definition"];

fn run(ctx: &FileCtx, sink: &mut Sink) {
    for (_, _, root) in ctx.sigma_docs() {
        let Some((lk, ls)) = root.entry("logsource") else {
            continue;
        };
        if !ls.is_map() {
            if !ls.is_null() {
                sink.report(
                    &CHECK.meta,
                    ls.span,
                    format!("`logsource` must be a mapping, found {}", ls.kind_name()),
                );
            }
            continue;
        }
        if !["product", "category", "service"]
            .iter()
            .any(|k| ls.get(k).is_some())
        {
            sink.report(
                &CHECK.meta,
                lk.span,
                "`logsource` names no `product`, `category` or `service`",
            );
        }
        for (k, v) in ls.entries() {
            let Some(key) = k.as_str() else { continue };
            if !KEYS.contains(&key) {
                let d = sink.report(
                    &CHECK.meta,
                    k.span,
                    format!("unknown logsource key `{key}`"),
                );
                if let Some(s) = did_you_mean(key, KEYS.iter().copied()) {
                    d.message.push_str(&format!(": did you mean `{s}`?"));
                    d.fixes.push(Fix {
                        title: format!("Rename to `{s}`"),
                        edits: vec![Edit {
                            span: k.span,
                            new_text: s.into(),
                        }],
                        safe: true,
                    });
                }
                continue;
            }
            if key == "definition" {
                continue;
            }
            if let Some(val) = v.as_str() {
                let lower = val.to_ascii_lowercase();
                if lower != val {
                    sink.report(
                        &CHECK.meta,
                        v.span,
                        format!("logsource `{key}` `{val}` must be lower case"),
                    )
                    .fixes
                    .push(Fix {
                        title: format!("Write `{lower}`"),
                        edits: vec![Edit {
                            span: v.span,
                            new_text: lower.clone(),
                        }],
                        safe: v.scalar_style() == Some(crate::source::yaml::ScalarStyle::Plain),
                    });
                }
            }
        }
    }
}
