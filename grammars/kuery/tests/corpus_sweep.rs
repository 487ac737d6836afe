//! Parses every kuery query of the shared Elastic corpus (`[rule] query` with
//! `language = "kuery"`, `threat_query` with `threat_language = "kuery"`, and `[hunt]` queries
//! whose languages include kuery) and checks the success rate.

use std::path::{Path, PathBuf};

const CORPUS: &str = concat!(env!("CARGO_MANIFEST_DIR"), "/../../../shared/corpus");
const REQUIRED_RATE: f64 = 0.99;

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

fn is_kuery(v: Option<&toml::Value>) -> bool {
    match v {
        Some(toml::Value::String(s)) => s.eq_ignore_ascii_case("kuery"),
        Some(toml::Value::Array(a)) => a
            .iter()
            .any(|x| x.as_str().is_some_and(|s| s.eq_ignore_ascii_case("kuery"))),
        _ => false,
    }
}

fn extract(doc: &toml::Value, out: &mut Vec<(String, String)>) {
    if let Some(rule) = doc.get("rule") {
        if is_kuery(rule.get("language")) {
            if let Some(q) = rule.get("query").and_then(|q| q.as_str()) {
                out.push(("query".into(), q.to_string()));
            }
        }
        if is_kuery(rule.get("threat_language")) {
            if let Some(q) = rule.get("threat_query").and_then(|q| q.as_str()) {
                out.push(("threat_query".into(), q.to_string()));
            }
        }
    }
    if let Some(hunt) = doc.get("hunt") {
        if is_kuery(hunt.get("language")) {
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

#[test]
fn corpus_sweep() {
    let root = Path::new(CORPUS);
    if !root.is_dir() {
        println!("skipping: ../shared/corpus not present");
        return;
    }
    let mut files = Vec::new();
    toml_files(&root.join("elastic"), &mut files);
    let mut total = 0usize;
    let mut ok = 0usize;
    let mut failures = Vec::new();
    let mut panics = Vec::new();
    for f in &files {
        let Ok(text) = std::fs::read_to_string(f) else {
            continue;
        };
        let Ok(doc) = text.parse::<toml::Value>() else {
            continue;
        };
        let mut queries = Vec::new();
        extract(&doc, &mut queries);
        let rel = f.strip_prefix(root).unwrap_or(f).display().to_string();
        for (key, q) in queries {
            total += 1;
            let res = std::panic::catch_unwind(|| {
                let p = detlint_kuery::parse(&q);
                let lexed: String = detlint_kuery::lex(&q).iter().map(|t| t.text(&q)).collect();
                assert_eq!(lexed, q, "lexer is not lossless");
                p.errors.first().map(|e| {
                    let ctx =
                        q.get(e.span.start.saturating_sub(20)..(e.span.end + 20).min(q.len()));
                    format!(
                        "{} at {}..{} near {:?}",
                        e.message,
                        e.span.start,
                        e.span.end,
                        ctx.unwrap_or("")
                    )
                })
            });
            match res {
                Ok(None) => ok += 1,
                Ok(Some(err)) => failures.push(format!("{rel} [{key}]: {err}")),
                Err(_) => panics.push(format!("{rel} [{key}]")),
            }
        }
    }
    for f in &failures {
        println!("FAIL {f}");
    }
    for f in &panics {
        println!("PANIC {f}");
    }
    let rate = if total == 0 {
        1.0
    } else {
        ok as f64 / total as f64
    };
    println!(
        "kuery corpus: {ok}/{total} queries parsed without error ({:.2}%), {} failures, {} panics",
        rate * 100.0,
        failures.len(),
        panics.len()
    );
    assert!(
        panics.is_empty(),
        "parser panicked on {} queries",
        panics.len()
    );
    assert!(total > 0, "no kuery query found in the corpus");
    assert!(
        rate >= REQUIRED_RATE,
        "success rate {rate:.4} below {REQUIRED_RATE}"
    );
}
