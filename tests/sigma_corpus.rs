//! Corpus sweep over SigmaHQ rules (`../shared/corpus/sigma`, when present): every file parses
//! and lints without panicking; at most 0.5% of rules get an error-severity finding (listed with
//! the reason); the rate at which each check fires is printed, and no check fires on more than
//! 15% of the rules (published rules are the reference of "quiet").

use detlint::config::Config;
use detlint::diagnostic::Severity;
use detlint::formats::parse_file;
use detlint::lint::{file_diagnostics, finish, parse_options, workspace_diagnostics};
use std::collections::{BTreeMap, BTreeSet};
use std::path::{Path, PathBuf};

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
fn sigma_corpus_is_quiet() {
    let base = PathBuf::from(concat!(env!("CARGO_MANIFEST_DIR"), "/../shared/corpus"));
    let dir = base.join("sigma");
    if !dir.is_dir() {
        println!("skipping: ../shared/corpus not present");
        return;
    }
    let mut paths = Vec::new();
    yaml_files(&dir, &mut paths);
    assert!(!paths.is_empty());
    let config = Config::default();
    let opts = parse_options(&config);
    let mut files = Vec::with_capacity(paths.len());
    let mut per_file = Vec::with_capacity(paths.len());
    let mut panics = Vec::new();
    for p in &paths {
        let text = std::fs::read_to_string(p).unwrap();
        let r = std::panic::catch_unwind(|| {
            let f = parse_file(p, text, &opts);
            let d = file_diagnostics(&f, &config);
            (f, d)
        });
        match r {
            Ok((f, d)) => {
                files.push(f);
                per_file.push(d);
            }
            Err(_) => panics.push(p.display().to_string()),
        }
    }
    assert!(panics.is_empty(), "panicked on: {panics:?}");
    for (i, ws) in workspace_diagnostics(&files, &config)
        .into_iter()
        .enumerate()
    {
        per_file[i].extend(ws);
    }
    let rules: usize = files.iter().map(|f| f.docs.len().max(1)).sum();
    let mut fired: BTreeMap<&str, BTreeSet<usize>> = BTreeMap::new();
    let mut counts: BTreeMap<&str, usize> = BTreeMap::new();
    let mut errors: Vec<String> = Vec::new();
    for (i, (f, d)) in files.iter().zip(per_file).enumerate() {
        let d = finish(f, d, &config);
        let rel = f
            .path
            .strip_prefix(&dir)
            .unwrap_or(&f.path)
            .display()
            .to_string();
        for x in &d {
            fired.entry(x.code).or_default().insert(i);
            *counts.entry(x.code).or_default() += 1;
            if x.severity == Severity::Error {
                let line = f.lines.line_of(x.span.start) + 1;
                errors.push(format!("{rel}:{line}: {} {}", x.code, x.message));
            }
        }
    }
    let error_files: BTreeSet<&str> = errors
        .iter()
        .map(|e| e.split(':').next().unwrap_or(""))
        .collect();
    println!("sigma corpus: {} files, {} rules", files.len(), rules);
    println!("check   files   rate    findings");
    let mut noisy = Vec::new();
    for (code, set) in &fired {
        let rate = 100.0 * set.len() as f64 / files.len() as f64;
        println!(
            "{code}  {:>6}  {rate:>5.2}%  {:>6}",
            set.len(),
            counts[code]
        );
        if rate > 15.0 {
            noisy.push(format!("{code} fires on {rate:.1}% of the files"));
        }
    }
    println!(
        "files with an error-severity finding: {} ({:.2}%)",
        error_files.len(),
        100.0 * error_files.len() as f64 / files.len() as f64
    );
    for e in &errors {
        println!("  error: {e}");
    }
    assert!(
        error_files.len() * 200 <= files.len(),
        "more than 0.5% of the corpus files get an error:\n{}",
        errors.join("\n")
    );
    assert!(
        noisy.is_empty(),
        "checks too loud on published rules: {noisy:?}"
    );
}
