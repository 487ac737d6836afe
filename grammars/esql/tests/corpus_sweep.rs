//! Parses every ES|QL query of the shared Elastic corpus (rules with `language = "esql"` and
//! hunting files whose `language` list contains "ES|QL").

use std::path::{Path, PathBuf};

const REQUIRED_RATE: f64 = 0.97;

fn collect_toml(dir: &Path, out: &mut Vec<PathBuf>) {
    let Ok(entries) = std::fs::read_dir(dir) else {
        return;
    };
    for e in entries.flatten() {
        let p = e.path();
        if p.is_dir() {
            collect_toml(&p, out);
        } else if p.extension().is_some_and(|x| x == "toml") {
            out.push(p);
        }
    }
}

/// Extracts the ES|QL queries of one corpus file.
fn queries_of(doc: &toml::Value) -> Vec<String> {
    let mut out = Vec::new();
    if let Some(rule) = doc.get("rule") {
        if rule.get("language").and_then(|l| l.as_str()) == Some("esql") {
            if let Some(q) = rule.get("query").and_then(|q| q.as_str()) {
                out.push(q.to_string());
            }
        }
    }
    if let Some(hunt) = doc.get("hunt") {
        let is_esql = hunt
            .get("language")
            .and_then(|l| l.as_array())
            .is_some_and(|a| a.iter().any(|x| x.as_str() == Some("ES|QL")));
        if is_esql {
            if let Some(qs) = hunt.get("query").and_then(|q| q.as_array()) {
                out.extend(qs.iter().filter_map(|q| q.as_str().map(str::to_string)));
            }
        }
    }
    out
}

#[test]
fn corpus_sweep() {
    let root = Path::new(concat!(
        env!("CARGO_MANIFEST_DIR"),
        "/../../../shared/corpus"
    ));
    if !root.is_dir() {
        println!("skipping: ../shared/corpus not present");
        return;
    }
    let mut files = Vec::new();
    collect_toml(&root.join("elastic"), &mut files);
    files.sort();

    let mut total = 0usize;
    let mut ok = 0usize;
    let mut failures = Vec::new();
    let mut skipped_sql = 0usize;
    let mut tag_stripped = 0usize;
    let mut parse_time = std::time::Duration::ZERO;
    let mut command_counts: std::collections::BTreeMap<String, usize> = Default::default();
    let mut generic = Vec::new();
    for f in &files {
        let Ok(text) = std::fs::read_to_string(f) else {
            continue;
        };
        let Ok(doc) = text.parse::<toml::Value>() else {
            continue;
        };
        for (i, full) in queries_of(&doc).iter().enumerate() {
            // Lossless lexing of the text exactly as stored.
            let joined: String = detlint_esql::lex(full)
                .iter()
                .map(|t| t.text(full))
                .collect();
            assert_eq!(&joined, full, "lexer not lossless on {}", f.display());
            let q = match detlint_esql::classify_hunt_query(full) {
                detlint_esql::HuntQueryKind::Sql => {
                    skipped_sql += 1;
                    continue;
                }
                detlint_esql::HuntQueryKind::Esql { offset, tagged } => {
                    if tagged {
                        tag_stripped += 1;
                    }
                    &full[offset..]
                }
            };
            total += 1;
            let t0 = std::time::Instant::now();
            let res = std::panic::catch_unwind(|| detlint_esql::parse(q));
            parse_time += t0.elapsed();
            let name = f.strip_prefix(root).unwrap_or(f).display().to_string();
            if let Ok(p) = &res {
                for c in &p.ast.commands {
                    let kw = c.keyword.text(q).to_ascii_uppercase();
                    *command_counts.entry(kw).or_default() += 1;
                    if let detlint_esql::CommandKind::Generic { name: n, .. } = &c.kind {
                        generic.push(format!("{name}: {}", n.name));
                    }
                }
            }
            match res {
                Err(_) => failures.push(format!("{name}[{i}]: PANIC")),
                Ok(p) if p.errors.is_empty() => ok += 1,
                Ok(p) => {
                    let e = &p.errors[0];
                    let line = q[..e.span.start.min(q.len())].matches('\n').count() + 1;
                    failures.push(format!(
                        "{name}[{i}]: line {line}: {} ({} errors)",
                        e.message,
                        p.errors.len()
                    ));
                }
            }
        }
    }
    let rate = if total == 0 {
        1.0
    } else {
        ok as f64 / total as f64
    };
    println!(
        "ES|QL corpus: {ok}/{total} queries parsed without error ({:.2}%)",
        rate * 100.0
    );
    println!(
        "skipped {skipped_sql} osquery SQL queries listed in ES|QL hunts; \
         stripped a leading `sql` tag line from {tag_stripped} queries"
    );
    println!("parse time: {parse_time:?} for {total} queries");
    println!("commands: {command_counts:?}");
    for g in &generic {
        println!("generic command: {g}");
    }
    for f in &failures {
        println!("FAIL {f}");
    }
    assert!(
        failures.iter().all(|f| !f.ends_with("PANIC")),
        "parser panicked"
    );
    assert!(total > 0, "no ES|QL queries found in corpus");
    assert!(
        rate >= REQUIRED_RATE,
        "parse rate {:.2}% below {:.0}%",
        rate * 100.0,
        REQUIRED_RATE * 100.0
    );
}
