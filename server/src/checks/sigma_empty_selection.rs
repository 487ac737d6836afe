//! # DL211 sigma-empty-selection
//!
//! A selection or value list that cannot match what its author meant:
//! - a selection that is empty, `null`, or not a map/list (a plain string);
//! - an empty value list (`Image: []`);
//! - a `null` inside a value list (matches "field empty" — rarely intended in a list);
//! - a value that is a lone `*` (use `|exists: true`, which says so and is cheaper);
//! - a nested list or map where a value belongs.
//!
//! **Example**: `Image: '*'` → `Image|exists: true`.
//! **Fix**: fill or remove the selection; use `exists`.
//!
//! Aliases: rsigma `empty_detection`, `empty_value_list`, `null_in_value_list`,
//! `wildcard_only_value`.

use super::{Check, CheckMeta, FileCtx, Run, Sink};
use crate::diagnostic::Severity;
use crate::formats::sigma::SelectionBody;
use crate::source::yaml::ScalarType;

pub static CHECK: Check = Check {
    meta: CheckMeta {
        code: "DL211",
        name: "sigma-empty-selection",
        severity: Severity::Warning,
        formats: &[crate::model::Format::Sigma],
        aliases: &[
            "empty_detection",
            "empty_value_list",
            "null_in_value_list",
            "wildcard_only_value",
        ],
        summary: "an empty selection or value list, a null in a list, a lone `*`, a nested value",
        fixable: false,
        source: file!(),
    },
    run: Run::File(run),
};

fn run(ctx: &FileCtx, sink: &mut Sink) {
    for (_, doc, _) in ctx.sigma_docs() {
        for sel in &doc.selections {
            match &sel.body {
                SelectionBody::Empty => {
                    sink.report(
                        &CHECK.meta,
                        sel.name.span,
                        format!("selection `{}` is empty", sel.name.value),
                    );
                }
                SelectionBody::Invalid(what) => {
                    sink.report(
                        &CHECK.meta,
                        sel.name.span,
                        format!("selection `{}` is {what}", sel.name.value),
                    );
                }
                SelectionBody::Keywords(_) => {}
                SelectionBody::Fields(groups) => {
                    for item in groups.iter().flatten() {
                        if item.is_list && item.values.is_empty() {
                            sink.report(
                                &CHECK.meta,
                                item.value_span,
                                format!("`{}` has an empty value list", item.field.value),
                            );
                        }
                        for v in &item.values {
                            if v.invalid {
                                sink.report(
                                    &CHECK.meta,
                                    v.span,
                                    format!(
                                        "`{}` has a nested list or map where a value belongs",
                                        item.field.value
                                    ),
                                );
                            } else if item.is_list
                                && item.values.len() > 1
                                && v.ty == ScalarType::Null
                            {
                                sink.report(
                                    &CHECK.meta,
                                    v.span,
                                    format!(
                                        "`null` inside the value list of `{}`",
                                        item.field.value
                                    ),
                                );
                            } else if v.text == "*" && item.modifiers.is_empty() {
                                sink.report(
                                    &CHECK.meta,
                                    v.span,
                                    format!(
                                        "`{}: '*'` matches any value: use `{}|exists: true`",
                                        item.field.value, item.field.value
                                    ),
                                );
                            }
                        }
                    }
                }
            }
        }
    }
}
