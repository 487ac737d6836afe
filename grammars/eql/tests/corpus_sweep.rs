//! Parses every EQL query of the shared Elastic corpus (rules, building blocks, hunting).

use std::path::{Path, PathBuf};

fn corpus_dir() -> PathBuf {
    PathBuf::from(concat!(
        env!("CARGO_MANIFEST_DIR"),
        "/../../../shared/corpus"
    ))
}

fn toml_files(dir: &Path, out: &mut Vec<PathBuf>) {
    let Ok(entries) = std::fs::read_dir(dir) else {
        return;
    };
    let mut entries: Vec<_> = entries.flatten().map(|e| e.path()).collect();
    entries.sort();
    for p in entries {
        if p.is_dir() {
            toml_files(&p, out);
        } else if p.extension().is_some_and(|e| e == "toml") {
            out.push(p);
        }
    }
}

fn is_eql(lang: &toml::Value) -> bool {
    match lang {
        toml::Value::String(s) => s.eq_ignore_ascii_case("eql"),
        toml::Value::Array(a) => a
            .iter()
            .any(|v| v.as_str().is_some_and(|s| s.eq_ignore_ascii_case("eql"))),
        _ => false,
    }
}

/// `(file, query)` pairs for every EQL query in the corpus.
fn eql_queries(root: &Path) -> Vec<(PathBuf, String)> {
    let mut files = Vec::new();
    toml_files(&root.join("elastic"), &mut files);
    let mut out = Vec::new();
    for f in files {
        let Ok(text) = std::fs::read_to_string(&f) else {
            continue;
        };
        let Ok(doc) = text.parse::<toml::Table>() else {
            continue;
        };
        for section in ["rule", "hunt"] {
            let Some(sec) = doc.get(section).and_then(|v| v.as_table()) else {
                continue;
            };
            if !sec.get("language").is_some_and(is_eql) {
                continue;
            }
            match sec.get("query") {
                Some(toml::Value::String(q)) => out.push((f.clone(), q.clone())),
                Some(toml::Value::Array(a)) => {
                    for q in a.iter().filter_map(|v| v.as_str()) {
                        out.push((f.clone(), q.to_string()));
                    }
                }
                _ => {}
            }
        }
    }
    out
}

#[test]
fn corpus_sweep() {
    let root = corpus_dir();
    if !root.join("elastic").is_dir() {
        println!("skipping: ../shared/corpus not present");
        return;
    }
    let queries = eql_queries(&root);
    assert!(!queries.is_empty(), "no EQL queries found in the corpus");
    let mut stats = Stats::default();
    let mut ok = 0usize;
    let mut failures = Vec::new();
    let start = std::time::Instant::now();
    for (file, q) in &queries {
        let rel = file
            .strip_prefix(&root)
            .unwrap_or(file)
            .display()
            .to_string();
        let result = std::panic::catch_unwind(|| {
            let tokens = detlint_eql::lex(q);
            let joined: String = tokens.iter().map(|t| t.text(q)).collect();
            assert_eq!(&joined, q, "lexer is not lossless");
            detlint_eql::parse(q)
        });
        match result {
            Ok(p) if p.errors.is_empty() => {
                ok += 1;
                stats.add(&p.ast);
            }
            Ok(p) => {
                let e = &p.errors[0];
                let snippet: String = q
                    .get(e.span.start.saturating_sub(20)..(e.span.end + 20).min(q.len()))
                    .unwrap_or("")
                    .chars()
                    .map(|c| if c == '\n' { ' ' } else { c })
                    .collect();
                failures.push(format!("{rel}: {e} near `{snippet}`"));
            }
            Err(_) => failures.push(format!("{rel}: PANIC")),
        }
    }
    let total = queries.len();
    let rate = ok as f64 * 100.0 / total as f64;
    println!(
        "EQL corpus: {ok}/{total} queries parse without error ({rate:.2}%) in {:?}",
        start.elapsed()
    );
    stats.print();
    for f in &failures {
        println!("FAIL {f}");
    }
    assert!(
        !failures.iter().any(|f| f.ends_with("PANIC")),
        "parser panicked"
    );
    assert!(rate >= 99.0, "parse success rate {rate:.2}% is below 99%");
}

/// Construct counters over the successfully parsed queries (printed, so that a reader
/// can see the sweep exercised the whole grammar).
#[derive(Default)]
struct Stats {
    counts: std::collections::BTreeMap<String, usize>,
}

impl Stats {
    fn bump(&mut self, key: impl Into<String>) {
        *self.counts.entry(key.into()).or_default() += 1;
    }

    fn add(&mut self, q: &detlint_eql::Query) {
        use detlint_eql::{Expr, QueryBody};
        match &q.body {
            QueryBody::Event(_) => self.bump("body:event"),
            QueryBody::Sequence(s) => {
                self.bump("body:sequence");
                if s.maxspan.is_some() {
                    self.bump("sequence:maxspan");
                }
                if !s.by.is_empty() {
                    self.bump("sequence:by");
                }
                if s.until.is_some() {
                    self.bump("sequence:until");
                }
            }
            QueryBody::Sample(_) => self.bump("body:sample"),
            QueryBody::Join(_) => self.bump("body:join"),
            QueryBody::Error(_) => self.bump("body:error"),
        }
        for sq in q.sub_queries() {
            if sq.missing {
                self.bump("subquery:missing");
            }
            if sq.runs.is_some() {
                self.bump("subquery:runs");
            }
            if !sq.by.is_empty() {
                self.bump("subquery:by");
            }
        }
        for p in &q.pipes {
            self.bump(format!("pipe[{}]", p.name.text));
        }
        for c in q.comparisons() {
            let neg = if c.negated { "not " } else { "" };
            let list = if c.list_span.is_some() { "(list)" } else { "" };
            self.bump(format!("op[{neg}{}{list}]", c.op.as_str()));
        }
        for c in q.calls() {
            let ci = if c.case_insensitive { "~" } else { "" };
            self.bump(format!("fn[{}{ci}]", c.name.text));
        }
        q.walk_exprs(&mut |e| match e {
            Expr::Field(f) if f.optional => self.bump("field:optional"),
            Expr::Field(f)
                if f.segments
                    .iter()
                    .any(|s| matches!(s, detlint_eql::FieldSegment::Index { .. })) =>
            {
                self.bump("field:indexed")
            }
            Expr::Not(_) => self.bump("expr:not"),
            Expr::Arith(_) => self.bump("expr:arith"),
            Expr::Lineage(_) => self.bump("expr:lineage"),
            _ => {}
        });
    }

    fn print(&self) {
        let line: Vec<String> = self
            .counts
            .iter()
            .map(|(k, v)| format!("{k}={v}"))
            .collect();
        println!("constructs: {}", line.join(" "));
    }
}
