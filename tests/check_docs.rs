//! docs/checks/ is generated from the code: one page per check (its doc comment, facts, and the
//! measured firing rate per vendor on ../shared/corpus) and an index. This test fails when the
//! committed pages drift from the code. Regenerate with
//! `DETLINT_REGENERATE=1 cargo test --test check_docs` (rates are re-measured when
//! ../shared/corpus is present; otherwise the committed docs/checks/rates.json is kept).

use detlint::checks::registry;
use detlint::output::check_docs::{index, page, Rates};
use std::collections::BTreeMap;
use std::path::{Path, PathBuf};

fn docs_dir() -> PathBuf {
    Path::new(env!("CARGO_MANIFEST_DIR")).join("docs/checks")
}

fn measure_rates(corpus: &Path) -> Rates {
    let config = detlint::config::Config::default();
    let mut rates: Rates = BTreeMap::new();
    let files = detlint::cli::check::collect_files(&[corpus.to_path_buf()]).unwrap_or_default();
    let (parsed, diags) = detlint::cli::check::lint_files(&files, &config);
    let mut totals: BTreeMap<String, usize> = BTreeMap::new();
    for (f, ds) in parsed.iter().zip(diags) {
        let Some(format) = f.format() else { continue };
        if f.docs.is_empty() {
            continue;
        }
        *totals.entry(format.name().to_string()).or_default() += f.docs.len();
        let mut codes: Vec<&str> = ds.iter().map(|d| d.code).collect();
        codes.sort_unstable();
        codes.dedup();
        for c in codes {
            rates
                .entry(c.to_string())
                .or_default()
                .entry(format.name().to_string())
                .or_default()
                .0 += 1;
        }
    }
    for c in registry() {
        let entry = rates.entry(c.meta.code.to_string()).or_default();
        for (v, t) in &totals {
            if c.meta.applies_to(detlint::model::Format::from_name(v)) {
                entry.entry(v.clone()).or_default().1 = *t;
            }
        }
        entry.retain(|_, (_, t)| *t > 0);
    }
    rates
}

#[test]
fn check_pages_match_the_code() {
    let dir = docs_dir();
    let rates_path = dir.join("rates.json");
    let regenerate = std::env::var("DETLINT_REGENERATE").is_ok();
    let corpus = Path::new(env!("CARGO_MANIFEST_DIR")).join("../shared/corpus");
    let rates: Rates = if regenerate && corpus.is_dir() {
        let r = measure_rates(&corpus);
        std::fs::create_dir_all(&dir).expect("docs/checks");
        std::fs::write(
            &rates_path,
            serde_json::to_string_pretty(&r).expect("json") + "\n",
        )
        .expect("write rates");
        r
    } else {
        std::fs::read_to_string(&rates_path)
            .ok()
            .and_then(|t| serde_json::from_str(&t).ok())
            .unwrap_or_default()
    };
    let mut expected: Vec<(PathBuf, String)> = registry()
        .iter()
        .map(|c| (dir.join(format!("{}.md", c.meta.code)), page(c, &rates)))
        .collect();
    expected.push((dir.join("README.md"), index()));
    let mut drift = Vec::new();
    for (path, text) in &expected {
        if regenerate {
            std::fs::create_dir_all(&dir).expect("docs/checks");
            std::fs::write(path, text).expect("write page");
        } else if std::fs::read_to_string(path).ok().as_deref() != Some(text.as_str()) {
            drift.push(path.display().to_string());
        }
    }
    assert!(drift.is_empty(), "docs/checks drifted from the code; run `DETLINT_REGENERATE=1 cargo test --test check_docs`: {drift:?}");
}

#[test]
fn no_check_fires_on_more_than_15_percent_without_justification() {
    let rates: Rates = std::fs::read_to_string(docs_dir().join("rates.json"))
        .ok()
        .and_then(|t| serde_json::from_str(&t).ok())
        .unwrap_or_default();
    for c in registry() {
        for (vendor, (n, total)) in rates.get(c.meta.code).cloned().unwrap_or_default() {
            if total > 0 && n * 100 > total * 15 {
                assert!(
                    c.meta.doc().contains("15%") || c.meta.severity == detlint::diagnostic::Severity::Info,
                    "{} fires on {n}/{total} {vendor} rules: justify it in its docs (mention the 15% bar) or lower its default",
                    c.meta.code
                );
            }
        }
    }
}
