//! Hover knowledge from the normalizer and the catalog, for every format: on a field, its
//! canonical name, its names in the other vendors and how many corpus rules filter it; on a
//! value, the normalized indicator, its corpus reach and how many rules of the rule's ATT&CK
//! techniques check it.

use super::hover::{FieldInfo, Providers};
use crate::catalog::Catalog;
use crate::model::{Format, Op, Predicate, Rule, Span};
use crate::normalize::{indicators, Normalizer};
use std::collections::BTreeMap;
use std::sync::OnceLock;

/// canonical field → (vendor, vendor name, context) from the field tables.
type Aliases = BTreeMap<String, Vec<(Format, String, String)>>;

/// The alias table, built once.
fn aliases() -> &'static Aliases {
    static A: OnceLock<Aliases> = OnceLock::new();
    A.get_or_init(crate::cli::fields::aliases)
}

/// Markdown about a canonical field: other vendors' names and corpus usage.
pub fn describe_canonical(canonical: &str, own: Option<Format>, cat: &Catalog) -> String {
    let mut md = format!(
        "canonical field `{canonical}`{}\n",
        if Normalizer::get().is_ecs(canonical) {
            " (ECS)"
        } else {
            ""
        }
    );
    if let Some(list) = aliases().get(canonical) {
        let mut per_vendor: BTreeMap<&str, Vec<String>> = BTreeMap::new();
        for (f, name, when) in list {
            if Some(*f) == own {
                continue;
            }
            let entry = per_vendor.entry(f.name()).or_default();
            let shown = if when == "any" {
                format!("`{name}`")
            } else {
                format!("`{name}` ({when})")
            };
            if entry.len() < 3 && !entry.contains(&shown) {
                entry.push(shown);
            }
        }
        if !per_vendor.is_empty() {
            md.push_str("\nIn other vendors:\n");
            for (v, names) in per_vendor {
                md.push_str(&format!("- {v}: {}\n", names.join(", ")));
            }
        }
    }
    let usage = cat.field_usage_by_vendor(canonical);
    let total: u32 = usage.iter().sum();
    if total > 0 {
        let parts: Vec<String> = Format::ALL
            .iter()
            .zip(usage)
            .filter(|(_, n)| *n > 0)
            .map(|(f, n)| format!("{} {n}", f.name()))
            .collect();
        md.push_str(&format!(
            "\nFiltered by {total} corpus rules ({}).\n",
            parts.join(", ")
        ));
    } else {
        md.push_str("\nNo corpus rule filters this field.\n");
    }
    md
}

/// The catalog-backed [`FieldInfo`].
pub struct CatalogFields;

impl FieldInfo for CatalogFields {
    fn describe(&self, field: &str, rule: &Rule) -> Option<String> {
        let m = Normalizer::get().canonical(rule, field)?;
        Some(describe_canonical(
            &m.field,
            rule.format,
            Catalog::embedded(),
        ))
    }
}

fn value_hover(p: &Predicate, idx: usize, rule: &Rule, cat: &Catalog) -> String {
    let mut single = p.clone();
    single.values = vec![p.values[idx].clone()];
    let mut md = String::new();
    for i in indicators(&single) {
        let reach = cat.reach_of(&i.field, i.op, &i.value);
        md.push_str(&format!(
            "**indicator** `{} {} {}`\n\n",
            i.field,
            i.op.name(),
            i.value
        ));
        md.push_str(&format!(
            "Corpus reach: {reach} rule{}",
            if reach == 1 { "" } else { "s" }
        ));
        if let Some(id) = cat.indicator_id(&i.field, i.op, &i.value) {
            for t in &rule.techniques {
                let here = cat
                    .rules_of(&t.value)
                    .iter()
                    .filter(|&ri| cat.rule(ri as usize).indicators().contains_sorted(id))
                    .count();
                md.push_str(&format!("; {here} under {}", t.value));
            }
        }
        md.push_str(".\n");
        if reach >= 40 {
            md.push_str("\nCommon across the corpus: pair it with a more specific condition.\n");
        }
    }
    if p.op == Op::Exists {
        md.push_str("\n(presence check)\n");
    }
    md
}

/// Hover on a predicate's field or value in any format.
pub fn predicate_hover(
    rule: &Rule,
    offset: usize,
    providers: &Providers,
) -> Option<(String, Span)> {
    let cat = Catalog::embedded();
    for (p, _) in rule.predicates() {
        if let Some((i, v)) = p
            .values
            .iter()
            .enumerate()
            .find(|(_, v)| v.span.contains(offset) && !v.span.is_empty())
        {
            return Some((value_hover(p, i, rule, cat), v.span));
        }
        if let Some(f) = p.field.as_ref().filter(|f| f.span.contains(offset)) {
            let mut md = format!("**field** `{}`", f.value);
            if !p.raw_op.is_empty() {
                md.push_str(&format!(" — operator `{}`", p.raw_op));
            }
            md.push('\n');
            if let Some(extra) = providers
                .fields
                .as_ref()
                .and_then(|x| x.describe(&f.value, rule))
            {
                md.push('\n');
                md.push_str(&extra);
            }
            return Some((md, f.span));
        }
    }
    None
}
