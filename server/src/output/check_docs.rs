//! The documentation pages of the checks (`docs/checks/DLnnn.md`), generated from each check's
//! doc comment and metadata plus the measured firing rates on the public corpus.

use crate::checks::{registry, Check};
use std::collections::BTreeMap;

/// Firing rates: check code → vendor → (rules with a finding, rules checked).
pub type Rates = BTreeMap<String, BTreeMap<String, (usize, usize)>>;

/// One check's page.
pub fn page(c: &Check, rates: &Rates) -> String {
    let m = &c.meta;
    let mut o = String::new();
    let doc = m.doc();
    o.push_str(doc.trim_end());
    o.push_str("\n\n## Facts\n\n| | |\n|---|---|\n");
    o.push_str(&format!(
        "| code | `{}` |\n| name | `{}` |\n| default severity | {} |\n",
        m.code,
        m.name,
        m.severity.name()
    ));
    let formats = if m.formats.is_empty() {
        "all".to_string()
    } else {
        m.formats
            .iter()
            .map(|f| f.name())
            .collect::<Vec<_>>()
            .join(", ")
    };
    o.push_str(&format!(
        "| formats | {formats} |\n| quick fix | {} |\n",
        if m.fixable { "yes" } else { "no" }
    ));
    if !m.aliases.is_empty() {
        o.push_str(&format!(
            "| also known as | {} |\n",
            m.aliases
                .iter()
                .map(|a| format!("`{a}`"))
                .collect::<Vec<_>>()
                .join(", ")
        ));
    }
    o.push_str("\n## Rate on the public corpus\n\n");
    match rates.get(m.code) {
        Some(per_vendor) if !per_vendor.is_empty() => {
            o.push_str("Share of published rules with at least one finding of this check (`DETLINT_REGENERATE=1 cargo test --test check_docs` with `../shared/corpus` present).\n\n| vendor | rules with a finding | rules | rate |\n|---|---:|---:|---:|\n");
            for (v, (n, total)) in per_vendor {
                let rate = if *total == 0 {
                    0.0
                } else {
                    100.0 * *n as f64 / *total as f64
                };
                o.push_str(&format!("| {v} | {n} | {total} | {rate:.2}% |\n"));
            }
        }
        _ => o.push_str("Not measured yet.\n"),
    }
    o
}

/// The index page listing every check.
pub fn index() -> String {
    let mut o = String::from("# Checks\n\nGenerated from the code (`DETLINT_REGENERATE=1 cargo test --test check_docs`); a test fails when these pages drift from it.\n\n| code | name | severity | formats | fix | summary |\n|---|---|---|---|---|---|\n");
    for c in registry() {
        let m = &c.meta;
        let formats = if m.formats.is_empty() {
            "all".to_string()
        } else {
            m.formats
                .iter()
                .map(|f| f.name())
                .collect::<Vec<_>>()
                .join(", ")
        };
        o.push_str(&format!(
            "| [{}]({}.md) | `{}` | {} | {} | {} | {} |\n",
            m.code,
            m.code,
            m.name,
            m.severity.name(),
            formats,
            if m.fixable { "yes" } else { "" },
            m.summary.replace('|', "\\|")
        ));
    }
    o
}
