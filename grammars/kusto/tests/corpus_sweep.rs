//! Sweeps the shared Sentinel corpus: every `query:` of every YAML file must lex losslessly,
//! parse without panicking, and at least 97% must parse without errors.
//!
//! Run with `cargo test -p detlint-kusto --test corpus_sweep -- --nocapture` to see the
//! failure list.

use std::path::{Path, PathBuf};

const REQUIRED_RATE: f64 = 0.97;

fn corpus_dir() -> PathBuf {
    PathBuf::from(concat!(
        env!("CARGO_MANIFEST_DIR"),
        "/../../../shared/corpus"
    ))
}

pub fn collect_yaml(dir: &Path, out: &mut Vec<PathBuf>) {
    let Ok(rd) = std::fs::read_dir(dir) else {
        return;
    };
    let mut entries: Vec<PathBuf> = rd.filter_map(|e| e.ok().map(|e| e.path())).collect();
    entries.sort();
    for p in entries {
        if p.is_dir() {
            collect_yaml(&p, out);
        } else if matches!(
            p.extension().and_then(|e| e.to_str()),
            Some("yaml") | Some("yml")
        ) {
            out.push(p);
        }
    }
}

fn indent_of(line: &str) -> usize {
    line.len() - line.trim_start_matches(' ').len()
}

/// Extracts the top-level `query:` value of a Sentinel YAML file. Handles block scalars
/// (`|`, `|-`, `|2-`, `>`) and multi-line plain scalars (lines joined with newlines, which
/// keeps `//` comments line-bound). Not a general YAML parser.
pub fn extract_query(text: &str) -> Option<String> {
    let lines: Vec<&str> = text.lines().map(|l| l.trim_end_matches('\r')).collect();
    let idx = lines.iter().position(|l| l.starts_with("query:"))?;
    let head = lines[idx]["query:".len()..].trim();
    let mut body: Vec<&str> = Vec::new();
    for l in &lines[idx + 1..] {
        if !l.trim().is_empty() && indent_of(l) == 0 {
            break;
        }
        body.push(l);
    }
    while body.last().is_some_and(|l| l.trim().is_empty()) {
        body.pop();
    }
    let is_block = head.starts_with('|') || head.starts_with('>');
    if !is_block && !head.is_empty() {
        // Single-line (possibly quoted) scalar.
        let h = head;
        if (h.starts_with('"') && h.ends_with('"') || h.starts_with('\'') && h.ends_with('\''))
            && h.len() >= 2
        {
            return Some(h[1..h.len() - 1].to_string());
        }
        return Some(h.to_string());
    }
    let indent = body
        .iter()
        .filter(|l| !l.trim().is_empty())
        .map(|l| indent_of(l))
        .min()
        .unwrap_or(0);
    let mut q = String::new();
    for l in body {
        q.push_str(l.get(indent..).unwrap_or(""));
        q.push('\n');
    }
    Some(q)
}

#[test]
fn sentinel_corpus_sweep() {
    let root = corpus_dir().join("sentinel");
    if !root.is_dir() {
        println!("skipping: ../shared/corpus not present");
        return;
    }
    let mut files = Vec::new();
    collect_yaml(&root, &mut files);
    let mut total = 0usize;
    let mut ok = 0usize;
    let mut panics = Vec::new();
    let mut failures = Vec::new();
    let mut generic = std::collections::BTreeMap::new();
    let mut parse_time = std::time::Duration::ZERO;
    let mut bytes = 0usize;
    for f in &files {
        let Ok(text) = std::fs::read_to_string(f) else {
            continue;
        };
        let Some(q) = extract_query(&text) else {
            continue;
        };
        if q.trim().is_empty() {
            continue;
        }
        total += 1;
        let rel = f.strip_prefix(&root).unwrap_or(f).display().to_string();
        // Lossless lexing.
        let toks = detlint_kusto::lex(&q);
        let joined: String = toks.iter().map(|t| t.text(&q)).collect();
        assert_eq!(joined, q, "lexer not lossless for {rel}");
        // Half-typed text (as in an editor) must not panic either.
        for frac in [3, 2] {
            let mut cut = q.len() / frac;
            while !q.is_char_boundary(cut) {
                cut -= 1;
            }
            let prefix = q[..cut].to_string();
            if std::panic::catch_unwind(move || detlint_kusto::parse(&prefix)).is_err() {
                panics.push(format!("{rel} (prefix of {cut} bytes)"));
            }
        }
        let qc = q.clone();
        let t0 = std::time::Instant::now();
        let res = std::panic::catch_unwind(move || detlint_kusto::parse(&qc));
        parse_time += t0.elapsed();
        bytes += q.len();
        match res {
            Err(_) => panics.push(rel),
            Ok(p) if p.errors.is_empty() => {
                ok += 1;
                detlint_kusto::visit::walk_operators(&p.ast.statements, &mut |op| {
                    if let detlint_kusto::OperatorKind::Generic { .. } = op.kind {
                        *generic.entry(op.name.name.clone()).or_insert(0usize) += 1;
                    }
                });
            }
            Ok(p) => {
                let e = &p.errors[0];
                let line = q[..e.span.start.min(q.len())].matches('\n').count() + 1;
                let ctx: String = q
                    .get(e.span.start..)
                    .unwrap_or("")
                    .chars()
                    .take(40)
                    .collect::<String>()
                    .replace('\n', "\\n");
                failures.push(format!("{rel}: line {line}: {} [{ctx}]", e.message));
            }
        }
    }
    println!("operators parsed generically (name: count): {generic:?}");
    for f in &failures {
        println!("FAIL {f}");
    }
    let rate = if total == 0 {
        1.0
    } else {
        ok as f64 / total as f64
    };
    println!(
        "sentinel corpus: {ok}/{total} queries parse without error ({:.2}%), {} with errors, {} panics; parse time {:?} for {} KiB",
        rate * 100.0,
        failures.len(),
        panics.len(),
        parse_time,
        bytes / 1024
    );
    assert!(panics.is_empty(), "parser panicked on: {panics:?}");
    assert!(total > 0, "no queries found in corpus");
    assert!(
        rate >= REQUIRED_RATE,
        "parse rate {:.2}% below required {:.0}%",
        rate * 100.0,
        REQUIRED_RATE * 100.0
    );
}
