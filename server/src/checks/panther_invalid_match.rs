//! # DL806 panther-invalid-match-expression
//!
//! A match expression of a Panther simple detection (`Detection:`, `InlineFilters:`,
//! `DynamicSeverities: Conditions:`) is malformed: it is not a mapping, holds a key Panther does
//! not know (`Conditon:`, `Vaule:`, `Keypath:`), has no `Condition`, has no key specifier
//! (`Key`, `DeepKey`, `KeyPath`) for a condition that needs one, or lacks the `Value` /
//! `Values` its condition compares with. Panther rejects the upload; detlint cannot evaluate the
//! expression, so DL805 skips the rule's tests.
//!
//! **Example**: `- KeyPath: eventName` / `Condition: Equals` / `Vaule: ConsoleLogin`.
//! **Fix**: the suggested key (`Value`).

use super::{did_you_mean, Check, CheckMeta, FileCtx, Run, Sink};
use crate::diagnostic::{Edit, Fix, Severity};
use crate::formats::panther::simple::{ConditionName, MATCH_KEYS};
use crate::formats::panther::{self, requote};
use crate::source::yaml::YamlNode;

pub static CHECK: Check = Check {
    meta: CheckMeta {
        code: "DL806",
        name: "panther-invalid-match-expression",
        severity: Severity::Error,
        formats: &[crate::model::Format::Panther],
        aliases: &[],
        summary: "a simple-detection match expression is malformed",
        fixable: true,
        source: file!(),
    },
    run: Run::File(run),
};

const KEY_SPECIFIERS: &[&str] = &["Key", "DeepKey", "KeyPath"];

/// A match key spelled with the same letters in another order (`Vaule` → `Value`).
fn transposed(name: &str) -> Option<&'static str> {
    let sorted = |s: &str| {
        let mut v: Vec<char> = s.to_ascii_lowercase().chars().collect();
        v.sort_unstable();
        v
    };
    let want = sorted(name);
    MATCH_KEYS.iter().copied().find(|k| sorted(k) == want)
}

fn check_list(ctx: &FileCtx, n: &YamlNode, sink: &mut Sink) {
    if n.is_seq() {
        for i in n.items() {
            check_item(ctx, i, sink);
        }
    } else if n.is_map() {
        check_item(ctx, n, sink);
    }
}

fn check_item(ctx: &FileCtx, item: &YamlNode, sink: &mut Sink) {
    if !item.is_map() {
        sink.report(
            &CHECK.meta,
            item.span,
            format!(
                "a match expression must be a mapping, not {}",
                item.kind_name()
            ),
        );
        return;
    }
    let mut unknown = false;
    for (k, _) in item.entries() {
        let Some(name) = k.as_str() else { continue };
        if MATCH_KEYS.contains(&name) {
            continue;
        }
        unknown = true;
        let d = sink.report(
            &CHECK.meta,
            k.span,
            format!("`{name}` is not a match-expression key"),
        );
        if let Some(s) = did_you_mean(name, MATCH_KEYS.iter().copied()).or_else(|| transposed(name))
        {
            d.message.push_str(&format!(": did you mean `{s}`?"));
            d.fixes.push(Fix {
                title: format!("Change to `{s}`"),
                edits: vec![Edit {
                    span: k.span,
                    new_text: requote(ctx.text(k.span), s),
                }],
                safe: true,
            });
        }
    }
    for comb in ["All", "Any", "OnlyOne", "None"] {
        if let Some(v) = item.get(comb) {
            check_list(ctx, v, sink);
            return;
        }
    }
    if item.get("Enrichment").is_some() {
        return;
    }
    let Some(cond_node) = item.get("Condition") else {
        if !unknown {
            sink.report(
                &CHECK.meta,
                item.span,
                "the match expression has no `Condition`",
            );
        }
        return;
    };
    // Unknown conditions are DL801's.
    let Some(cond) = cond_node.as_str().and_then(ConditionName::parse) else {
        return;
    };
    if matches!(cond, ConditionName::AlwaysTrue | ConditionName::AlwaysFalse) {
        return;
    }
    let has_key = KEY_SPECIFIERS.iter().any(|k| item.get(k).is_some());
    if cond.is_list_comprehension() {
        if let Some(e) = item.get("Expressions") {
            check_list(ctx, e, sink);
        } else if !unknown {
            sink.report(
                &CHECK.meta,
                cond_node.span,
                format!("`{}` needs `Expressions`", cond_node.as_str().unwrap_or("")),
            );
        }
        return;
    }
    let has_values = item.get("Value").is_some() || item.get("Values").is_some();
    let multi_key = item.get("Values").is_some_and(|v| {
        v.items().len() >= 2
            && v.items()
                .iter()
                .all(|i| KEY_SPECIFIERS.iter().any(|k| i.get(k).is_some()))
    });
    if unknown {
        return;
    }
    if !has_key && !multi_key {
        sink.report(
            &CHECK.meta,
            item.span,
            "the match expression has no `Key`, `DeepKey` or `KeyPath`",
        );
    } else if has_key && !cond.is_unary() && !has_values {
        sink.report(
            &CHECK.meta,
            cond_node.span,
            format!(
                "`{}` compares with a value, but the expression has no `Value` or `Values`",
                cond_node.as_str().unwrap_or("")
            ),
        );
    }
}

fn run(ctx: &FileCtx, sink: &mut Sink) {
    for (pd, doc) in panther::docs(ctx.file) {
        if doc.python_only || pd.rule.kind == crate::model::RuleKind::Correlation {
            continue;
        }
        let Some(root) = ctx.file.yaml_root(doc.doc_index) else {
            continue;
        };
        for key in ["Detection", "InlineFilters"] {
            if let Some(n) = root.get(key) {
                check_list(ctx, n, sink);
            }
        }
        if let Some(ds) = root.get("DynamicSeverities") {
            for d in ds.items() {
                if let Some(c) = d.get("Conditions") {
                    check_list(ctx, c, sink);
                }
            }
        }
    }
}
