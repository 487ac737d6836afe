//! Sigma fixes: add a filter selection and reference it from the condition.

use super::exclusion::Exclusion;
use crate::diagnostic::{Edit, Fix};
use crate::formats::sigma::condition::{pattern_matches, Cond};
use crate::formats::sigma::SigmaDoc;
use crate::formats::ParsedFile;
use crate::model::Span;

fn line_start(text: &str, at: usize) -> usize {
    text[..at.min(text.len())]
        .rfind('\n')
        .map(|i| i + 1)
        .unwrap_or(0)
}

fn indent_of(text: &str, at: usize) -> usize {
    let ls = line_start(text, at);
    text[ls..at.min(text.len())]
        .chars()
        .take_while(|c| *c == ' ')
        .count()
}

/// Whether the condition already excludes every selection named like `name` through a negated
/// `of` pattern (`not 1 of filter_*`), so a new selection needs no condition change.
fn negated_pattern_covers(c: &Cond, name: &str, neg: bool) -> bool {
    match c {
        Cond::Not(x, _) => negated_pattern_covers(x, name, !neg),
        Cond::And(v, _) | Cond::Or(v, _) => v.iter().any(|x| negated_pattern_covers(x, name, neg)),
        Cond::Of { pattern, .. } => neg && pattern != "them" && pattern_matches(pattern, name),
        _ => false,
    }
}

/// Add `filter_main_<label>: { <field>|cidr: [nets] }` and `and not filter_main_<label>`.
pub fn add_cidr_filter(file: &ParsedFile, doc: &SigmaDoc, ex: &Exclusion) -> Option<Fix> {
    let text = &file.text;
    let root = file.yaml_root(doc.doc_index)?;
    let det = root.get("detection")?;
    let (cond_key, cond_val) = det.entry("condition")?;
    if doc.conditions.len() != 1 {
        return None;
    }
    let condition = &doc.conditions[0];
    let cond = condition.parse.cond.as_ref()?;
    let mut name = format!("filter_main_{}", ex.label);
    let mut n = 2;
    while doc.selection(&name).is_some() {
        name = format!("filter_main_{}_{n}", ex.label);
        n += 1;
    }
    let key_indent = indent_of(text, cond_key.span.start);
    let value_indent = doc
        .selections
        .iter()
        .find_map(|s| match &s.body {
            crate::formats::sigma::SelectionBody::Fields(g) => g
                .first()
                .and_then(|f| f.first())
                .map(|f| indent_of(text, f.key_span.start)),
            _ => None,
        })
        .filter(|i| *i > key_indent)
        .unwrap_or(key_indent * 2);
    let item_indent = value_indent + (value_indent - key_indent);
    let nl = if text.contains("\r\n") { "\r\n" } else { "\n" };
    let mut block = format!(
        "{}{name}:{nl}{}{}|cidr:{nl}",
        " ".repeat(key_indent),
        " ".repeat(value_indent),
        ex.field_raw
    );
    for net in &ex.nets {
        block.push_str(&format!("{}- '{net}'{nl}", " ".repeat(item_indent)));
    }
    let insert_at = line_start(text, cond_key.span.start);
    let mut edits = vec![Edit {
        span: Span::point(insert_at),
        new_text: block,
    }];
    if !negated_pattern_covers(cond, &name, false) {
        let old = condition.text.trim();
        let new_cond = if old.contains(" or ") {
            format!("({old}) and not {name}")
        } else {
            format!("{old} and not {name}")
        };
        let single_line = !text[cond_val.span.start..cond_val.span.end].contains('\n');
        if !single_line {
            return None;
        }
        edits.push(Edit {
            span: cond_val.span,
            new_text: new_cond,
        });
    }
    Some(Fix {
        title: format!(
            "Exclude {} ({}) with a `{name}` filter",
            ex.label,
            ex.nets.join(", ")
        ),
        edits,
        safe: false,
    })
}
