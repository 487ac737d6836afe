//! Corpus sweep over `../shared/corpus/elastic` (skipped when absent): no panic, the share of
//! queries that parse without error per language, and the share of rules with an error-severity
//! finding. Run with `-- --nocapture` to see the figures and the failures.

use detlint::config::Config;
use detlint::diagnostic::Severity;
use detlint::formats::elastic::QueryLanguage;
use detlint::formats::{parse_file, FormatData, ParseOptions};
use std::collections::BTreeMap;
use std::path::{Path, PathBuf};

fn corpus() -> Option<PathBuf> {
    let p = Path::new(concat!(
        env!("CARGO_MANIFEST_DIR"),
        "/../shared/corpus/elastic"
    ));
    p.is_dir().then(|| p.to_path_buf())
}

fn toml_files(dir: &Path, out: &mut Vec<PathBuf>) {
    let Ok(rd) = std::fs::read_dir(dir) else {
        return;
    };
    let mut entries: Vec<PathBuf> = rd.filter_map(|e| e.ok().map(|e| e.path())).collect();
    entries.sort();
    for p in entries {
        if p.is_dir() {
            toml_files(&p, out);
        } else if p.extension().is_some_and(|e| e == "toml") {
            out.push(p);
        }
    }
}

#[test]
fn corpus_queries_parse_and_few_rules_get_errors() {
    let Some(dir) = corpus() else {
        println!("skipping: ../shared/corpus not present");
        return;
    };
    let mut files = Vec::new();
    toml_files(&dir, &mut files);
    assert!(
        files.len() > 1000,
        "expected the Elastic corpus, found {}",
        files.len()
    );
    let config = Config::default();
    // language -> (queries, ok, failures)
    let mut stats: BTreeMap<&str, (usize, usize, Vec<String>)> = BTreeMap::new();
    let mut rules = 0usize;
    let mut toml_errors = Vec::new();
    let mut with_error_diag = Vec::new();
    let mut by_code: BTreeMap<&str, usize> = BTreeMap::new();
    let (mut fields_checked, mut field_span_mismatch) = (0usize, Vec::new());
    let mut no_event_kind = 0usize;
    let mut parsed_files = Vec::new();
    for path in &files {
        let text = std::fs::read_to_string(path).unwrap();
        let rel = path.strip_prefix(&dir).unwrap().display().to_string();
        let parsed = parse_file(path, text, &ParseOptions::default());
        for d in &parsed.docs {
            let FormatData::Elastic(e) = &d.data else {
                continue;
            };
            rules += 1;
            if d.rule.event_kinds.is_empty() {
                no_event_kind += 1;
            }
            // every field span holds the field as written (EQL backtick names excepted)
            if let Some(det) = &d.rule.detection {
                det.for_each_predicate(&mut |p, _| {
                    if let Some(f) = &p.field {
                        fields_checked += 1;
                        let at = parsed.text.get(f.span.start..f.span.end).unwrap_or("");
                        let squeezed: String = at.split_whitespace().collect();
                        if squeezed != f.value && !at.contains('`') && !at.contains('\\') {
                            field_span_mismatch.push(format!("{rel}: {:?} at {:?}", f.value, at));
                        }
                    }
                });
            }
            for qe in &d.query_errors {
                assert!(qe.span.start <= qe.span.end && qe.span.end <= parsed.text.len());
            }
            if !e.toml_errors().is_empty() {
                toml_errors.push(format!("{rel}: {:?}", e.toml_errors()[0]));
            }
            for q in &e.queries {
                let entry = stats.entry(q.language.name()).or_default();
                entry.0 += 1;
                if q.error_count == 0 {
                    entry.1 += 1;
                } else {
                    let first = d
                        .query_errors
                        .iter()
                        .find(|x| x.span.start >= q.span.start && x.span.end <= q.span.end)
                        .map(|x| x.message.clone())
                        .unwrap_or_default();
                    entry.2.push(format!("{rel}: {first}"));
                }
            }
        }
        parsed_files.push((rel, parsed));
    }
    // lint as `detlint check` does: file checks per file, workspace checks over all files
    let files_only: Vec<_> = parsed_files.iter().map(|(_, f)| f.clone()).collect();
    let ws = detlint::lint::workspace_diagnostics(&files_only, &config);
    for ((rel, parsed), wdiags) in parsed_files.iter().zip(ws) {
        let mut diags = detlint::lint::file_diagnostics(parsed, &config);
        diags.extend(wdiags);
        let diags = detlint::lint::finish(parsed, diags, &config);
        let mut codes: Vec<&str> = diags.iter().map(|d| d.code).collect();
        codes.sort();
        codes.dedup();
        for c in codes {
            *by_code.entry(c).or_default() += 1;
        }
        if let Some(d) = diags.iter().find(|d| d.severity == Severity::Error) {
            with_error_diag.push(format!("{rel}: {} {}", d.code, d.message));
        }
    }
    println!("elastic corpus: {} files, {rules} rules", files.len());
    for (lang, (n, ok, fails)) in &stats {
        println!(
            "  {lang}: {ok}/{n} queries parse without error ({:.2}%)",
            100.0 * *ok as f64 / (*n).max(1) as f64
        );
        for f in fails {
            println!("    FAIL {f}");
        }
    }
    println!(
        "  field spans checked: {fields_checked}, mismatches: {}",
        field_span_mismatch.len()
    );
    for m in field_span_mismatch.iter().take(20) {
        println!("    {m}");
    }
    println!("  rules without an event kind: {no_event_kind}/{rules}");
    println!("  TOML syntax errors: {}", toml_errors.len());
    for t in &toml_errors {
        println!("    {t}");
    }
    println!("  rules per check code: {by_code:?}");
    println!(
        "  rules with an error-severity finding: {}/{} ({:.2}%)",
        with_error_diag.len(),
        files.len(),
        100.0 * with_error_diag.len() as f64 / files.len() as f64
    );
    for w in &with_error_diag {
        println!("    {w}");
    }
    assert!(
        field_span_mismatch.is_empty(),
        "field spans do not match the file text"
    );
    assert!(toml_errors.is_empty(), "TOML errors on published rules");
    let rate = |l: QueryLanguage| {
        stats
            .get(l.name())
            .map(|(n, ok, _)| *ok as f64 / (*n).max(1) as f64)
            .unwrap_or(1.0)
    };
    assert!(
        rate(QueryLanguage::Kuery) >= 0.99,
        "kuery parse rate below 99%"
    );
    assert!(rate(QueryLanguage::Eql) >= 0.99, "eql parse rate below 99%");
    assert!(
        rate(QueryLanguage::Esql) >= 0.97,
        "esql parse rate below 97%"
    );
    assert!(
        rate(QueryLanguage::Lucene) >= 0.97,
        "lucene parse rate below 97%"
    );
    assert!(
        with_error_diag.len() * 100 <= files.len(),
        "more than 1% of the corpus gets an error-severity finding"
    );
}
