//! ATT&CK checks over the SigmaHQ corpus (`../shared/corpus/sigma`, when present): prints how
//! often each DL4xx check fires, lists every error-severity finding, and fails when more than
//! 0.5% of the rules get one, or when the tactic-mismatch warning fires on more than 1%
//! (published rules are the reference of "quiet").

use detlint::config::Config;
use detlint::diagnostic::Severity;
use detlint::formats::parse_file;
use detlint::lint::{file_diagnostics, finish, parse_options};
use std::collections::BTreeMap;
use std::path::{Path, PathBuf};
use std::time::Instant;

fn yaml_files(dir: &Path, out: &mut Vec<PathBuf>) {
    let Ok(rd) = std::fs::read_dir(dir) else {
        return;
    };
    let mut entries: Vec<PathBuf> = rd.filter_map(|e| e.ok().map(|e| e.path())).collect();
    entries.sort();
    for p in entries {
        if p.is_dir() {
            yaml_files(&p, out);
        } else if p.extension().is_some_and(|e| e == "yml" || e == "yaml") {
            out.push(p);
        }
    }
}

#[test]
fn attack_checks_on_sigma_corpus() {
    let dir = PathBuf::from(concat!(
        env!("CARGO_MANIFEST_DIR"),
        "/../shared/corpus/sigma"
    ));
    if !dir.is_dir() {
        println!("skipping: ../shared/corpus not present");
        return;
    }
    let mut paths = Vec::new();
    yaml_files(&dir, &mut paths);
    assert!(!paths.is_empty());
    let config = Config::default();
    let mut attack_only = Config::default();
    attack_only.file.select = Some(vec!["DL4".into()]);
    let opts = parse_options(&config);
    let mut rules = 0usize;
    let mut rules_with_technique = 0usize;
    // code -> (rules it fired on, findings)
    let mut fired: BTreeMap<&str, (usize, usize)> = BTreeMap::new();
    let mut error_rules = 0usize;
    let mut errors = Vec::new();
    let mut attack_time = std::time::Duration::ZERO;
    for p in &paths {
        let text = std::fs::read_to_string(p).unwrap();
        let f = parse_file(p, text, &opts);
        rules += f.docs.len();
        rules_with_technique += f
            .docs
            .iter()
            .filter(|d| !d.rule.techniques.is_empty())
            .count();
        let t0 = Instant::now();
        std::hint::black_box(file_diagnostics(&f, &attack_only));
        attack_time += t0.elapsed();
        let d = file_diagnostics(&f, &config);
        let d = finish(&f, d, &config);
        let mut codes: Vec<&str> = Vec::new();
        let mut has_error = false;
        let rel = p.strip_prefix(&dir).unwrap_or(p).display().to_string();
        for x in d.iter().filter(|x| x.code.starts_with("DL4")) {
            fired.entry(x.code).or_default().1 += 1;
            if !codes.contains(&x.code) {
                codes.push(x.code);
            }
            if x.severity == Severity::Error {
                has_error = true;
                errors.push(format!("{rel}: {} {}", x.code, x.message));
            }
        }
        for c in codes {
            fired.entry(c).or_default().0 += 1;
        }
        error_rules += usize::from(has_error);
    }
    println!(
        "SigmaHQ: {} files, {rules} rules, {rules_with_technique} with a technique; the DL4xx checks took {attack_time:?}",
        paths.len()
    );
    for c in detlint::checks::registry()
        .iter()
        .filter(|c| c.meta.code.starts_with("DL4"))
    {
        let (r, n) = fired.get(c.meta.code).copied().unwrap_or_default();
        println!(
            "{} {:<28} {:>7} fired on {r:>5} rules ({:.2}%), {n} findings",
            c.meta.code,
            c.meta.name,
            c.meta.severity.name(),
            100.0 * r as f64 / rules.max(1) as f64
        );
    }
    println!("error-severity ATT&CK findings on {error_rules} rules:");
    for e in &errors {
        println!("  {e}");
    }
    assert!(rules > 1000, "the corpus looks truncated: {rules} rules");
    let mismatches = fired.get("DL405").map_or(0, |x| x.0);
    assert!(
        mismatches * 100 <= rules,
        "DL405 fires on {mismatches} of {rules} rules (more than 1%)"
    );
    assert!(
        error_rules * 200 <= rules,
        "{error_rules} of {rules} rules get an ATT&CK error (more than 0.5%)"
    );
}
