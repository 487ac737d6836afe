//! Parses every lucene query of the shared Elastic corpus (`[rule] query` with
//! `language = "lucene"`, `threat_query` with `threat_language = "lucene"`, `[hunt]` queries
//! listing lucene) and checks the success rate. The corpus holds very few lucene queries, so the
//! kuery queries are also run through the lucene parser as a no-panic / lossless-lexer check
//! (their parse rate is printed, not asserted: KQL is a different language).

use std::path::{Path, PathBuf};

const CORPUS: &str = concat!(env!("CARGO_MANIFEST_DIR"), "/../../../shared/corpus");
const REQUIRED_RATE: f64 = 0.97;

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

fn is_lang(v: Option<&toml::Value>, lang: &str) -> bool {
    match v {
        Some(toml::Value::String(s)) => s.eq_ignore_ascii_case(lang),
        Some(toml::Value::Array(a)) => a
            .iter()
            .any(|x| x.as_str().is_some_and(|s| s.eq_ignore_ascii_case(lang))),
        _ => false,
    }
}

fn extract(doc: &toml::Value, lang: &str, out: &mut Vec<(String, String)>) {
    if let Some(rule) = doc.get("rule") {
        if is_lang(rule.get("language"), lang) {
            if let Some(q) = rule.get("query").and_then(|q| q.as_str()) {
                out.push(("query".into(), q.to_string()));
            }
        }
        if is_lang(rule.get("threat_language"), lang) {
            if let Some(q) = rule.get("threat_query").and_then(|q| q.as_str()) {
                out.push(("threat_query".into(), q.to_string()));
            }
        }
    }
    if let Some(hunt) = doc.get("hunt") {
        if is_lang(hunt.get("language"), lang) {
            match hunt.get("query") {
                Some(toml::Value::String(s)) => out.push(("hunt.query".into(), s.clone())),
                Some(toml::Value::Array(a)) => {
                    for (i, q) in a.iter().enumerate() {
                        if let Some(s) = q.as_str() {
                            out.push((format!("hunt.query[{i}]"), s.to_string()));
                        }
                    }
                }
                _ => {}
            }
        }
    }
}

struct Outcome {
    total: usize,
    ok: usize,
    failures: Vec<String>,
    panics: Vec<String>,
}

/// Reads and parses every TOML file once: (path relative to the corpus, document).
fn load(root: &Path, files: &[PathBuf]) -> Vec<(String, toml::Value)> {
    let mut docs = Vec::new();
    for f in files {
        let Ok(text) = std::fs::read_to_string(f) else {
            continue;
        };
        let Ok(doc) = text.parse::<toml::Value>() else {
            continue;
        };
        let rel = f.strip_prefix(root).unwrap_or(f).display().to_string();
        docs.push((rel, doc));
    }
    docs
}

fn sweep(docs: &[(String, toml::Value)], lang: &str) -> Outcome {
    let mut o = Outcome {
        total: 0,
        ok: 0,
        failures: Vec::new(),
        panics: Vec::new(),
    };
    for (rel, doc) in docs {
        let mut queries = Vec::new();
        extract(doc, lang, &mut queries);
        for (key, q) in queries {
            o.total += 1;
            let res = std::panic::catch_unwind(|| {
                let lexed: String = detlint_lucene::lex(&q).iter().map(|t| t.text(&q)).collect();
                assert_eq!(lexed, q, "lexer is not lossless");
                let p = detlint_lucene::parse(&q);
                p.errors.first().map(|e| {
                    let lo = e.span.start.saturating_sub(20);
                    let hi = (e.span.end + 20).min(q.len());
                    let ctx = q.get(lo..hi).unwrap_or("");
                    format!(
                        "{} at {}..{} near {ctx:?}",
                        e.message, e.span.start, e.span.end
                    )
                })
            });
            match res {
                Ok(None) => o.ok += 1,
                Ok(Some(err)) => o.failures.push(format!("{rel} [{key}]: {err}")),
                Err(_) => o.panics.push(format!("{rel} [{key}]")),
            }
        }
    }
    o
}

#[test]
fn corpus_sweep() {
    let root = Path::new(CORPUS);
    if !root.is_dir() {
        println!("skipping: ../shared/corpus not present");
        return;
    }
    let mut files = Vec::new();
    toml_files(&root.join("elastic"), &mut files);

    let docs = load(root, &files);
    let lucene = sweep(&docs, "lucene");
    for f in &lucene.failures {
        println!("FAIL {f}");
    }
    for f in &lucene.panics {
        println!("PANIC {f}");
    }
    let rate = if lucene.total == 0 {
        1.0
    } else {
        lucene.ok as f64 / lucene.total as f64
    };
    println!(
        "lucene corpus: {}/{} queries parsed without error ({:.2}%), {} failures, {} panics",
        lucene.ok,
        lucene.total,
        rate * 100.0,
        lucene.failures.len(),
        lucene.panics.len()
    );

    let kuery = sweep(&docs, "kuery");
    for f in kuery
        .failures
        .iter()
        .take(std::env::var("SHOW_KUERY").map_or(0, |_| usize::MAX))
    {
        println!("KQL-FAIL {f}");
    }
    for f in &kuery.panics {
        println!("PANIC (kuery text) {f}");
    }
    println!(
        "kuery queries through the lucene parser (robustness only): {}/{} without error, {} panics",
        kuery.ok,
        kuery.total,
        kuery.panics.len()
    );

    assert!(
        lucene.panics.is_empty() && kuery.panics.is_empty(),
        "parser panicked"
    );
    assert!(lucene.total > 0, "no lucene query found in the corpus");
    assert!(
        rate >= REQUIRED_RATE,
        "success rate {rate:.4} below {REQUIRED_RATE}"
    );
}
