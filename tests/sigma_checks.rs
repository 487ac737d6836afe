//! Sigma checks: fixtures that must and must not trigger each check, with 1-based positions,
//! and the generator of `rules/sigma_fields.tsv`.

use detlint::config::Config;
use detlint::lint::lint_text;
use std::path::{Path, PathBuf};

fn root() -> PathBuf {
    PathBuf::from(env!("CARGO_MANIFEST_DIR"))
}

/// Lint a fixture file (path relative to tests/fixtures/sigma) and return (code, line, column).
fn lint_fixture(name: &str) -> Vec<(String, usize, usize)> {
    let path = root().join("tests/fixtures/sigma").join(name);
    let text = std::fs::read_to_string(&path).unwrap();
    lint_named(&path, text)
}

fn lint_named(path: &Path, text: String) -> Vec<(String, usize, usize)> {
    let (file, diags) = lint_text(path, text, &Config::default());
    diags
        .iter()
        .map(|d| {
            let line = file.lines.line_of(d.span.start);
            let col = file.text[file.lines.line_start(line)..d.span.start]
                .chars()
                .count();
            (d.code.to_string(), line + 1, col + 1)
        })
        .collect()
}

fn codes(v: &[(String, usize, usize)], code: &str) -> Vec<(usize, usize)> {
    v.iter()
        .filter(|(c, _, _)| c == code)
        .map(|(_, l, c)| (*l, *c))
        .collect()
}

// ---------------------------------------------------------------------------------------------
// rules/sigma_fields.tsv generator

fn generate_fields(json: &str) -> String {
    let v: serde_json::Value = serde_json::from_str(json).unwrap();
    let version = v["version"].as_str().unwrap_or("");
    let mut lines = Vec::new();
    let legit = v["legit"].as_object().unwrap();
    let addon = &v["addon"];
    for (product, pv) in legit {
        let common: Vec<&str> = pv["common"]
            .as_array()
            .map(|a| a.iter().filter_map(|x| x.as_str()).collect())
            .unwrap_or_default();
        for kind in ["category", "service"] {
            let Some(names) = pv[kind].as_object() else {
                continue;
            };
            for (name, fields) in names {
                let mut own: Vec<&str> = fields
                    .as_array()
                    .unwrap()
                    .iter()
                    .filter_map(|x| x.as_str())
                    .collect();
                if let Some(extra) = addon[product][kind][name].as_array() {
                    own.extend(extra.iter().filter_map(|x| x.as_str()));
                }
                // a log source without its own field list is not checked (the product's common
                // fields alone would flag every field)
                let mut all: Vec<&str> = if own.is_empty() {
                    Vec::new()
                } else {
                    common.iter().copied().chain(own).collect()
                };
                all.sort_unstable();
                all.dedup();
                let p = if product == "empty" { "-" } else { product };
                let (c, s) = if kind == "category" {
                    (name.as_str(), "-")
                } else {
                    ("-", name.as_str())
                };
                lines.push(format!("{p}\t{c}\t{s}\t{}", all.join(" ")));
            }
        }
    }
    lines.sort();
    format!(
        "# Sigma field names by logsource: product<TAB>category<TAB>service<TAB>fields (space-separated).\n\
         # Generated from SigmaHQ/sigma tests/logsource.json (version {version}) by tests/sigma_checks.rs\n\
         # (`DETLINT_REGENERATE=1 cargo test --test sigma_checks sigma_fields`). Do not edit by hand.\n{}\n",
        lines.join("\n")
    )
}

#[test]
fn sigma_fields_data_is_fresh() {
    let src = root().join("../shared/reference/sigma/tests/logsource.json");
    let out = root().join("rules/sigma_fields.tsv");
    let Ok(json) = std::fs::read_to_string(&src) else {
        println!("skipping: ../shared/reference/sigma not present");
        return;
    };
    let generated = generate_fields(&json);
    let current = std::fs::read_to_string(&out).unwrap_or_default();
    if generated != current {
        if std::env::var_os("DETLINT_REGENERATE").is_some() {
            std::fs::write(&out, generated).unwrap();
            return;
        }
        panic!("rules/sigma_fields.tsv is stale: run `DETLINT_REGENERATE=1 cargo test --test sigma_checks sigma_fields`");
    }
}
