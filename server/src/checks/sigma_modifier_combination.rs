//! # DL205 sigma-modifier-combination
//!
//! The modifiers of one field contradict each other or do nothing:
//! - two comparison modifiers at once (`contains|startswith`, `re|cidr`, `gt|lt`);
//! - the same modifier twice;
//! - regex flags `i`, `m`, `s` without `re`;
//! - `base64offset` without `contains` (its encodings only match inside a longer string);
//! - `all` with a single value (nothing to combine), `all` with `re`, or `windash` with `all`;
//! - `cidr` with `cased`, transformations (`base64`, `wide`, `windash`) with `re`, `cidr`,
//!   `exists` or numeric comparisons.
//!
//! **Example**: `CommandLine|all|contains: 'whoami'` → `|all` with one value.
//! **Fix** (safe for a single-value `all`): remove the useless modifier.
//!
//! Aliases: pySigma `invalid_modifier_combinations`; rsigma `incompatible_modifiers`,
//! `single_value_all_modifier`, `all_with_re`; pySigma-validators-sigmaHQ
//! `sigmahq_invalid_all_modifier`.

use super::{Check, CheckMeta, FileCtx, Run, Sink};
use crate::diagnostic::{Edit, Fix, Severity, Tag};
use crate::formats::sigma::modifiers::{modifier, ModifierClass};
use crate::formats::sigma::SelectionBody;
use crate::model::Span;

pub static CHECK: Check = Check {
    meta: CheckMeta {
        code: "DL205",
        name: "sigma-modifier-combination",
        severity: Severity::Warning,
        formats: &[crate::model::Format::Sigma],
        aliases: &[
            "invalid_modifier_combinations",
            "incompatible_modifiers",
            "single_value_all_modifier",
            "all_with_re",
            "sigmahq_invalid_all_modifier",
        ],
        summary: "modifiers of one field contradict each other or have no effect",
        fixable: true,
        source: file!(),
    },
    run: Run::File(run),
};

fn run(ctx: &FileCtx, sink: &mut Sink) {
    for (_, doc, _) in ctx.sigma_docs() {
        for sel in &doc.selections {
            let SelectionBody::Fields(groups) = &sel.body else {
                continue;
            };
            for item in groups.iter().flatten() {
                let names: Vec<&str> = item.modifiers.iter().map(|m| m.value.as_str()).collect();
                let has = |m: &str| names.contains(&m);
                let span = item
                    .modifiers
                    .iter()
                    .map(|m| m.span)
                    .reduce(Span::cover)
                    .unwrap_or(item.key_span);
                let mut problems: Vec<String> = Vec::new();
                let matchers: Vec<&str> = names
                    .iter()
                    .copied()
                    .filter(|n| modifier(n).is_some_and(|m| m.class == ModifierClass::Match))
                    .collect();
                if matchers.len() > 1 {
                    problems.push(format!(
                        "`{}` cannot be combined: a value is compared one way",
                        matchers.join("` and `")
                    ));
                }
                for (i, n) in names.iter().enumerate() {
                    if names[..i].contains(n) && !n.is_empty() {
                        problems.push(format!("`{n}` is given twice"));
                    }
                }
                if !has("re") && names.iter().any(|n| ["i", "m", "s"].contains(n)) {
                    problems.push("regex flags `i`, `m`, `s` only apply with `re`".into());
                }
                if has("base64offset") && !has("contains") {
                    problems.push(
                        "`base64offset` only matches inside a longer string: add `contains`".into(),
                    );
                }
                if has("all") && has("re") {
                    problems.push("`all` with `re`: write one regular expression instead".into());
                }
                if has("windash") && has("all") {
                    problems.push("`windash` with `all` multiplies the values and makes `all` require every dash variant".into());
                }
                if has("cidr") && has("cased") {
                    problems.push("`cased` has no effect on `cidr`".into());
                }
                let transforms = names
                    .iter()
                    .any(|n| modifier(n).is_some_and(|m| m.class == ModifierClass::Transform));
                if transforms
                    && ["re", "cidr", "exists", "gt", "gte", "lt", "lte"]
                        .iter()
                        .any(|m| has(m))
                {
                    problems.push("value transformations (`base64`, `wide`, `windash`, …) do not apply to `re`, `cidr`, `exists` or numeric comparisons".into());
                }
                let single_all = has("all") && item.values.len() == 1;
                if single_all {
                    problems.push("`all` with a single value has no effect".into());
                }
                if problems.is_empty() {
                    continue;
                }
                let d = sink.report(
                    &CHECK.meta,
                    span,
                    format!(
                        "modifiers of `{}`: {}",
                        item.field.value,
                        problems.join("; ")
                    ),
                );
                if single_all && problems.len() == 1 {
                    d.tags.push(Tag::Unnecessary);
                    if let Some(all) = item.modifiers.iter().find(|m| m.value == "all") {
                        // remove `|all` including its leading bar
                        let edit = Span::new(all.span.start.saturating_sub(1), all.span.end);
                        if ctx.text(edit).starts_with('|') {
                            d.fixes.push(Fix {
                                title: "Remove `|all`".into(),
                                edits: vec![Edit {
                                    span: edit,
                                    new_text: String::new(),
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
