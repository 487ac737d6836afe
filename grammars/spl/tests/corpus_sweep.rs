//! Sweep over the shared Splunk detections corpus: expand macros, parse,
//! check losslessness, report success rate and per-command statistics.

mod common;

use detlint_spl::visit::walk_commands;
use detlint_spl::{expand, lex, parse, Span};
use std::collections::BTreeMap;

const REQUIRED_RATE: f64 = 0.98;

#[test]
fn corpus_sweep() {
    let Some(shared) = common::shared_dir() else {
        println!("skipping: ../shared/corpus not present");
        return;
    };
    let macros = common::load_macros(&shared.join("reference/splunk/macros"));
    println!("loaded {} macro definitions", macros.len());
    let files = common::yml_files(&shared.join("corpus/splunk/detections"));
    let (mut total, mut ok, mut unresolved) = (0usize, 0usize, 0usize);
    let mut failures: Vec<(String, String)> = Vec::new();
    // command -> (occurrences, commands with errors)
    let mut per_cmd: BTreeMap<String, (usize, usize)> = BTreeMap::new();
    let mut unresolved_names: BTreeMap<String, usize> = BTreeMap::new();
    let start = std::time::Instant::now();
    for f in &files {
        let search = match common::detection_search(f) {
            Ok(Some(s)) => s,
            Ok(None) => continue,
            Err(e) => {
                println!("unreadable yaml {}: {e}", f.display());
                continue;
            }
        };
        total += 1;
        let name = f.strip_prefix(&shared).unwrap_or(f).display().to_string();
        let res = std::panic::catch_unwind(|| {
            let exp = expand(&search, &macros);
            let toks = lex(&exp.text);
            let rebuilt: String = toks.iter().map(|t| t.span.text(&exp.text)).collect();
            assert_eq!(rebuilt, exp.text, "lexer not lossless");
            let orig: String = lex(&search).iter().map(|t| t.span.text(&search)).collect();
            assert_eq!(orig, search, "lexer not lossless on original");
            let p = parse(&exp.text);
            (exp, p)
        });
        let Ok((exp, p)) = res else {
            failures.push((name, "PANIC".into()));
            continue;
        };
        for c in exp.calls.iter().filter(|c| !c.resolved) {
            unresolved += 1;
            let key = if c.name.ends_with("_filter") {
                "*_filter".to_string()
            } else {
                c.name.clone()
            };
            *unresolved_names.entry(key).or_insert(0usize) += 1;
        }
        let mut err_spans: Vec<Span> = p.errors.iter().map(|e| e.span).collect();
        err_spans.sort_by_key(|s| s.start);
        walk_commands(&p.ast, &mut |c| {
            let key = if c.name.name.starts_with('`') {
                "`<unexpanded macro>`".to_string()
            } else {
                c.name.name.to_ascii_lowercase()
            };
            let e = per_cmd.entry(key).or_insert((0, 0));
            e.0 += 1;
            if err_spans
                .iter()
                .any(|s| s.start >= c.span.start && s.start <= c.span.end)
            {
                e.1 += 1;
            }
        });
        if p.errors.is_empty() {
            ok += 1;
        } else {
            let e = &p.errors[0];
            let orig = exp.map.span_to_original(e.span);
            failures.push((
                name,
                format!("{} at {}..{}", e.message, orig.start, orig.end),
            ));
        }
    }
    let rate = if total == 0 {
        1.0
    } else {
        ok as f64 / total as f64
    };
    println!("per-command counts (name: occurrences / with errors):");
    for (k, (n, e)) in &per_cmd {
        println!("  {k:<24} {n:>6} / {e}");
    }
    println!("unresolved macro calls by name: {unresolved_names:?}");
    println!("failures:");
    for (f, e) in &failures {
        println!("  {f}: {e}");
    }
    println!(
        "splunk corpus: {ok}/{total} searches parse without error ({:.2}%), {} unresolved macro calls, {:?}",
        rate * 100.0,
        unresolved,
        start.elapsed()
    );
    assert!(total > 0, "no searches found");
    assert!(
        rate >= REQUIRED_RATE,
        "parse success rate {:.2}% below {:.0}%",
        rate * 100.0,
        REQUIRED_RATE * 100.0
    );
}
