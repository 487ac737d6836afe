//! Corpus audit helper (development aid, reads ../shared):
//! `cargo run --release -p detlint-spl --example spl_audit`
//!
//! Prints the most frequent free-text search terms (a parser that mis-reads
//! `field=value` or keywords shows up here), where-clause leaves that do not
//! lower to predicates, unresolved macros (other than `*_filter`) and timing.

#[path = "../tests/common/mod.rs"]
mod common;

use detlint_spl::*;
use std::collections::BTreeMap;

fn terms(e: &SearchExpr, out: &mut BTreeMap<String, usize>) {
    match e {
        SearchExpr::And { items, .. } | SearchExpr::Or { items, .. } => {
            items.iter().for_each(|i| terms(i, out))
        }
        SearchExpr::Not { expr, .. } | SearchExpr::Group { expr, .. } => terms(expr, out),
        SearchExpr::Term(v) => *out.entry(v.value.clone()).or_default() += 1,
        SearchExpr::Func { name, .. } => {
            *out.entry(format!("{}(...)", name.name)).or_default() += 1
        }
        _ => {}
    }
}

fn opaque(f: &Filter, src: &str, out: &mut Vec<String>, leaves: &mut usize) {
    match f {
        Filter::And(v, _) | Filter::Or(v, _) => v.iter().for_each(|x| opaque(x, src, out, leaves)),
        Filter::Not(x, _) => opaque(x, src, out, leaves),
        Filter::Pred(_) => *leaves += 1,
        Filter::Opaque(s) => {
            *leaves += 1;
            out.push(s.text(src).to_string());
        }
    }
}

fn main() {
    let Some(shared) = common::shared_dir() else {
        println!("../shared not present");
        return;
    };
    let macros = common::load_macros(&shared.join("reference/splunk/macros"));
    let mut term_counts = BTreeMap::new();
    let mut opaque_leaves = Vec::new();
    let mut leaves = 0;
    let mut unresolved: BTreeMap<String, usize> = BTreeMap::new();
    let mut elapsed = std::time::Duration::ZERO;
    let mut n = 0;
    for f in common::yml_files(&shared.join("corpus/splunk/detections")) {
        let Ok(Some(search)) = common::detection_search(&f) else {
            continue;
        };
        n += 1;
        let t0 = std::time::Instant::now();
        let e = expand(&search, &macros);
        let p = parse(&e.text);
        elapsed += t0.elapsed();
        for c in e
            .calls
            .iter()
            .filter(|c| !c.resolved && !c.name.ends_with("_filter"))
        {
            *unresolved.entry(c.name.clone()).or_default() += 1;
        }
        visit::walk_commands(&p.ast, &mut |c| match &c.kind {
            CommandKind::Search(SearchCmd { filter: Some(f) }) => terms(f, &mut term_counts),
            CommandKind::Where(WhereCmd { expr: Some(x) }) => {
                opaque(&lower_expr(x), &e.text, &mut opaque_leaves, &mut leaves)
            }
            _ => {}
        });
    }
    let mut tv: Vec<_> = term_counts.into_iter().collect();
    tv.sort_by_key(|t| std::cmp::Reverse(t.1));
    println!("most frequent free-text terms:");
    for (t, c) in tv.iter().take(25) {
        println!("  {c:>4} {t}");
    }
    println!("where leaves: {leaves}, opaque: {}", opaque_leaves.len());
    for o in opaque_leaves.iter().take(25) {
        println!("  opaque: {o}");
    }
    println!("unresolved macros (excluding *_filter): {unresolved:?}");
    println!("expand+parse of {n} searches: {elapsed:?}");
}
