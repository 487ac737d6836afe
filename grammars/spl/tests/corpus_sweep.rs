//! Sweep over the shared Splunk detections corpus: expand macros, parse,
//! check losslessness, report success rate and per-command statistics.

mod common;

use detlint_spl::visit::{search_predicates, walk_commands};
use detlint_spl::{
    expand, lex, parse, unquote, CommandKind, Expanded, SearchCmd, SearchExpr, Span, TstatsCmd,
    Value,
};
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
    let mut panics = 0usize;
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
            check_offset_map(&search, &exp);
            let p = parse(&exp.text);
            check_spans(&exp.text, &p.ast);
            (exp, p)
        });
        let Ok((exp, p)) = res else {
            panics += 1;
            failures.push((name, "PANIC (or invariant violation)".into()));
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
    assert_eq!(panics, 0, "parser panicked or an invariant failed");
    assert!(
        rate >= REQUIRED_RATE,
        "parse success rate {:.2}% below {:.0}%",
        rate * 100.0,
        REQUIRED_RATE * 100.0
    );
}

/// Outside macro expansions, every expanded byte maps to the same byte of the original.
fn check_offset_map(orig: &str, exp: &Expanded) {
    let (o, e) = (orig.as_bytes(), exp.text.as_bytes());
    for (i, b) in e.iter().enumerate() {
        if exp.map.is_in_macro(i) {
            let s = exp.map.span_to_original(Span::new(i, i + 1));
            assert!(
                o[s.start] == b'`' && o[s.end - 1] == b'`',
                "macro span {s:?}"
            );
        } else {
            assert_eq!(o[exp.map.to_original(i)], *b, "offset map at {i}");
        }
    }
}

fn check_value(src: &str, v: &Value) {
    let raw = v.span.text(src);
    if v.quoted {
        assert_eq!(unquote(raw), v.value, "quoted value span");
    } else {
        assert_eq!(raw, v.value, "value span");
    }
}

/// Field names and values of all search predicates have spans matching their text.
fn check_spans(src: &str, p: &detlint_spl::Pipeline) {
    walk_commands(p, &mut |c| {
        assert!(c.span.end <= src.len() && c.span.start <= c.span.end);
        let filter = match &c.kind {
            CommandKind::Search(SearchCmd { filter: Some(f) }) => f,
            CommandKind::Tstats(TstatsCmd {
                filter: Some(f), ..
            }) => f,
            _ => return,
        };
        for pred in search_predicates(filter) {
            assert!(c.span.start <= pred.span().start && pred.span().end <= c.span.end);
            match pred {
                SearchExpr::Compare { field, value, .. } => {
                    assert_eq!(unquote(field.span.text(src)), field.name);
                    check_value(src, value);
                }
                SearchExpr::In { field, values, .. } => {
                    assert_eq!(unquote(field.span.text(src)), field.name);
                    values.iter().for_each(|v| check_value(src, v));
                }
                _ => {}
            }
        }
    });
}
