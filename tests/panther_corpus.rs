//! Corpus sweep over `../shared/corpus/panther`: every spec parses without panic into a Rule
//! with an id, simple detections are lowered, and evaluating simple detections against their
//! `Tests:` agrees with `ExpectedResult` for at least 99% of the decidable tests.

use detlint::config::Config;
use detlint::formats::panther::{self, eval, PythonBody};
use detlint::formats::{parse_file, ParseOptions};
use detlint::model::{Expr, Format};
use std::collections::BTreeMap;
use std::path::{Path, PathBuf};

fn walk(dir: &Path, out: &mut Vec<PathBuf>) {
    let Ok(rd) = std::fs::read_dir(dir) else {
        return;
    };
    let mut paths: Vec<PathBuf> = rd.filter_map(|e| e.ok().map(|e| e.path())).collect();
    paths.sort();
    for p in paths {
        if p.is_dir() {
            walk(&p, out);
        } else if p
            .extension()
            .is_some_and(|e| e == "yml" || e == "yaml" || e == "py")
        {
            out.push(p);
        }
    }
}

fn has_pred(e: &Expr) -> bool {
    let mut n = 0;
    e.for_each_predicate(&mut |_, _| n += 1);
    n > 0
}

#[test]
fn panther_corpus_sweep() {
    let root = Path::new(concat!(
        env!("CARGO_MANIFEST_DIR"),
        "/../shared/corpus/panther"
    ));
    if !root.is_dir() {
        println!("skipping: ../shared/corpus not present");
        return;
    }
    let mut files = Vec::new();
    walk(root, &mut files);
    let config = Config::default();
    let (mut specs, mut with_id, mut simple, mut simple_lowered) = (0, 0, 0, 0);
    let (mut python_refs, mut python_missing_flagged, mut correlation) = (0, 0, 0);
    let (mut tests_run, mut agree, mut undecided) = (0usize, 0usize, 0usize);
    let mut disagreements = Vec::new();
    let mut findings: BTreeMap<&'static str, usize> = BTreeMap::new();
    let mut attack = 0;
    for f in &files {
        let text = std::fs::read_to_string(f).expect("read");
        let parsed = parse_file(f, text.clone(), &ParseOptions::default());
        assert_eq!(
            parsed.format(),
            Some(Format::Panther),
            "{} not sniffed as Panther",
            f.display()
        );
        assert!(!parsed.docs.is_empty(), "{}: no document", f.display());
        for (d, doc) in panther::docs(&parsed) {
            specs += 1;
            if d.rule.id.is_some() {
                with_id += 1;
            }
            assert!(d.rule.detection.is_some(), "{}: no detection", f.display());
            attack += d.rule.techniques.len();
            if matches!(
                doc.python,
                PythonBody::Missing { .. } | PythonBody::Loaded(_)
            ) {
                python_refs += 1;
            }
            if matches!(
                doc.python,
                PythonBody::Missing {
                    folder_has_python: true,
                    ..
                }
            ) {
                python_missing_flagged += 1;
            }
            if d.rule.kind == detlint::model::RuleKind::Correlation {
                correlation += 1;
            }
            if let Some(m) = &doc.simple {
                simple += 1;
                let _ = m;
                if d.rule.detection.as_ref().is_some_and(has_pred) {
                    simple_lowered += 1;
                }
                for t in &doc.tests {
                    let Some(exp) = &t.expected else { continue };
                    match eval::run_test(doc, t) {
                        None => undecided += 1,
                        Some(got) => {
                            tests_run += 1;
                            if got == exp.value {
                                agree += 1;
                            } else {
                                disagreements.push(format!(
                                    "{} test {:?}: expected {} got {}",
                                    f.display(),
                                    t.name.as_ref().map(|n| n.value.as_str()).unwrap_or(""),
                                    exp.value,
                                    got
                                ));
                            }
                        }
                    }
                }
            }
        }
        let (_, diags) = detlint::lint::lint_text(f, text, &config);
        for d in diags {
            *findings.entry(d.code).or_default() += 1;
        }
    }
    println!("panther corpus: {} files, {specs} specs, {with_id} with RuleID, {attack} ATT&CK techniques", files.len());
    println!("  correlation rules: {correlation}; Python-backed (Filename:): {python_refs}, missing-file findings possible: {python_missing_flagged}");
    println!("  simple detections: {simple}, lowered with predicates: {simple_lowered}");
    let pct = if tests_run == 0 {
        100.0
    } else {
        100.0 * agree as f64 / tests_run as f64
    };
    println!("  simple-detection tests: {tests_run} decided, {agree} agree ({pct:.1}%), {undecided} undecided");
    for d in &disagreements {
        println!("    disagreement: {d}");
    }
    println!("  findings by code: {findings:?}");
    assert_eq!(specs, with_id, "every spec has a RuleID");
    assert_eq!(
        simple, simple_lowered,
        "every simple detection lowers to predicates"
    );
    assert!(pct >= 99.0, "agreement {pct:.1}% < 99%");
    assert_eq!(
        python_missing_flagged, 0,
        "the corpus ships no .py: DL802 must not fire"
    );
    assert!(!findings.contains_key("DL802"));
}
