//! # DL109 sigma-duplicate-list-entry
//!
//! The same entry appears twice in `tags`, `references`, `fields` or `falsepositives`, or the
//! same value twice in one field's value list inside `detection`. The copy adds nothing and
//! usually hides an edit that went wrong (a value meant to be changed, not duplicated).
//!
//! **Example**: `tags: [attack.execution, attack.t1059, attack.execution]`.
//! **Fix** (safe): remove the repeated entry.
//!
//! Aliases: pySigma `duplicate_tag`, `duplicate_references`; rsigma `duplicate_tags`,
//! `duplicate_references`, `duplicate_fields`; pySigma-validators-sigmaHQ
//! `sigmahq_field_duplicate_value`.

use super::{Check, CheckMeta, FileCtx, Run, Sink};
use crate::diagnostic::{Edit, Fix, Related, Severity, Tag};
use crate::formats::sigma::SelectionBody;
use crate::model::Span;

pub static CHECK: Check = Check {
    meta: CheckMeta {
        code: "DL109",
        name: "sigma-duplicate-list-entry",
        severity: Severity::Warning,
        formats: &[crate::model::Format::Sigma],
        aliases: &[
            "duplicate_tag",
            "duplicate_references",
            "duplicate_tags",
            "duplicate_fields",
            "sigmahq_field_duplicate_value",
        ],
        summary:
            "a list (tags, references, fields, falsepositives, a field's values) repeats an entry",
        fixable: true,
        source: file!(),
    },
    run: Run::File(run),
};

/// The span of a whole block-sequence item line (`  - value\n`), for removal.
fn item_line(text: &str, span: Span) -> Option<Span> {
    let line_start = text[..span.start].rfind('\n').map(|i| i + 1).unwrap_or(0);
    let prefix = &text[line_start..span.start];
    if prefix.trim() != "-" {
        return None;
    }
    let end = text[span.end..]
        .find('\n')
        .map(|i| span.end + i + 1)
        .unwrap_or(text.len());
    text[span.end..end]
        .trim()
        .is_empty()
        .then_some(Span::new(line_start, end))
}

fn check_list(
    ctx: &FileCtx,
    sink: &mut Sink,
    what: &str,
    items: &[(&str, Span)],
    case_insensitive: bool,
) {
    if items.len() < 2 {
        return;
    }
    // Short lists (nearly all) are compared pairwise: cheaper than hashing every entry.
    let small = items.len() <= 24;
    let same = |a: &str, b: &str| {
        if case_insensitive {
            a.eq_ignore_ascii_case(b)
        } else {
            a == b
        }
    };
    let mut seen: crate::catalog::HashMap<std::borrow::Cow<str>, Span> = if small {
        Default::default()
    } else {
        crate::catalog::HashMap::with_capacity_and_hasher(items.len(), Default::default())
    };
    for (i, (v, sp)) in items.iter().enumerate() {
        let first = if small {
            items[..i]
                .iter()
                .find(|(w, _)| same(v, w))
                .map(|(_, first)| *first)
        } else {
            let key = if case_insensitive && v.bytes().any(|b| b.is_ascii_uppercase()) {
                std::borrow::Cow::Owned(v.to_ascii_lowercase())
            } else {
                std::borrow::Cow::Borrowed(*v)
            };
            let first = seen.get(&key).copied();
            if first.is_none() {
                seen.insert(key, *sp);
            }
            first
        };
        if let Some(first) = first {
            let d = sink.report(&CHECK.meta, *sp, format!("`{v}` appears twice in `{what}`"));
            d.tags.push(Tag::Unnecessary);
            d.related.push(Related {
                path: None,
                span: Some(first),
                message: "first occurrence".into(),
            });
            if let Some(line) = item_line(&ctx.file.text, *sp) {
                d.fixes.push(Fix {
                    title: format!("Remove the repeated `{v}`"),
                    edits: vec![Edit {
                        span: line,
                        new_text: String::new(),
                    }],
                    safe: true,
                });
            }
        }
    }
}

fn run(ctx: &FileCtx, sink: &mut Sink) {
    for (_, doc, root) in ctx.sigma_docs() {
        for key in ["tags", "references", "fields", "falsepositives"] {
            if let Some(n) = root.get(key) {
                check_list(ctx, sink, key, &n.string_list(), false);
            }
        }
        for sel in &doc.selections {
            if let SelectionBody::Fields(groups) = &sel.body {
                for item in groups.iter().flatten() {
                    if item.values.len() < 2 {
                        continue;
                    }
                    let cased = item.has("cased") || item.has("re");
                    let vals: Vec<(&str, Span)> = item
                        .values
                        .iter()
                        .map(|v| (v.text.as_str(), v.span))
                        .collect();
                    check_list(ctx, sink, &item.field.value, &vals, !cased);
                }
            }
        }
    }
}
