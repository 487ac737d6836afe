//! Corpus sweep over `../shared/corpus/sentinel` (skipped when absent): every file is read by the
//! Sentinel front end and linted without panicking; ≥ 97% of the queries parse; ≤ 1% of the rules
//! get an error-severity diagnostic from the per-file checks (cross-file findings such as
//! duplicate ids are listed separately). Failures and errors are listed in the output.
//!
//!     cargo test --test sentinel_corpus -- --nocapture

use detlint::config::Config;
use detlint::diagnostic::Diagnostic;
use detlint::diagnostic::Severity;
use detlint::formats::FormatData;
use detlint::formats::{parse_file, ParsedFile};
use detlint::lint::{file_diagnostics, finish, parse_options, workspace_diagnostics};
use std::collections::BTreeMap;
use std::path::{Path, PathBuf};

fn corpus() -> Option<PathBuf> {
    let p = Path::new(concat!(
        env!("CARGO_MANIFEST_DIR"),
        "/../shared/corpus/sentinel"
    ));
    p.is_dir().then(|| p.to_path_buf())
}

fn yaml_files(dir: &Path, out: &mut Vec<PathBuf>) {
    let Ok(rd) = std::fs::read_dir(dir) else {
        return;
    };
    let mut entries: Vec<PathBuf> = rd.filter_map(|e| e.ok().map(|e| e.path())).collect();
    entries.sort();
    for p in entries {
        if p.is_dir() {
            yaml_files(&p, out);
        } else if p.extension().is_some_and(|e| e == "yaml" || e == "yml") {
            out.push(p);
        }
    }
}

#[test]
fn sentinel_corpus_sweep() {
    let Some(dir) = corpus() else {
        println!("skipping: ../shared/corpus not present");
        return;
    };
    let mut files = Vec::new();
    yaml_files(&dir, &mut files);
    assert!(
        files.len() > 1000,
        "expected the Sentinel corpus, found {} files",
        files.len()
    );

    let config = Config::default();
    let (mut rules, mut queries, mut parsed_ok) = (0usize, 0usize, 0usize);
    let mut parse_failures = Vec::new();
    let mut error_rules = Vec::new();
    let mut by_code: BTreeMap<&str, usize> = BTreeMap::new();
    let mut rules_by_code: BTreeMap<&str, usize> = BTreeMap::new();
    let mut opaque_rules = 0usize;
    let mut predicates = 0usize;
    let mut span_failures: Vec<String> = Vec::new();
    let mut opaque_by_reason: BTreeMap<String, usize> = BTreeMap::new();
    let mut messages: BTreeMap<String, usize> = BTreeMap::new();
    let start = std::time::Instant::now();
    // as `detlint check` does: parse and file checks per file, workspace checks once over all
    let parsed: Vec<ParsedFile> = files
        .iter()
        .map(|f| {
            let text = std::fs::read_to_string(f).expect("corpus file is UTF-8");
            parse_file(f, text, &parse_options(&config))
        })
        .collect();
    let mut all_diags: Vec<Vec<Diagnostic>> = parsed
        .iter()
        .map(|f| file_diagnostics(f, &config))
        .collect();
    // cross-file findings (duplicate ids between the corpus' Detections/ and Solutions/ copies)
    // are listed but not counted against the per-rule error rate: they are facts about the
    // collection, not about one rule file as an editor or CI job on one rule sees it
    let mut cross_file_errors = Vec::new();
    for (i, ws) in workspace_diagnostics(&parsed, &config)
        .into_iter()
        .enumerate()
    {
        for d in &ws {
            if d.severity == Severity::Error {
                let rel = files[i]
                    .strip_prefix(&dir)
                    .unwrap_or(&files[i])
                    .display()
                    .to_string();
                cross_file_errors.push(format!("{rel}: {} {}", d.code, d.message));
            }
        }
        all_diags[i].extend(ws);
    }
    for ((f, file), diags) in files.iter().zip(&parsed).zip(all_diags) {
        let diags = finish(file, diags, &config);
        let rel = f.strip_prefix(&dir).unwrap_or(f).display().to_string();
        for d in &file.docs {
            let FormatData::Sentinel(s) = &d.data else {
                continue;
            };
            rules += 1;
            if s.query.is_some() {
                queries += 1;
                if d.query_errors.is_empty() {
                    parsed_ok += 1;
                } else {
                    let e = &d.query_errors[0];
                    let line = file.lines.line_of(e.span.start);
                    parse_failures.push(format!("{rel}:{}: {}", line + 1, e.message));
                }
            }
            if let Some(det) = &d.rule.detection {
                let mut reasons = Vec::new();
                fn opaque_reasons(e: &detlint::model::Expr, out: &mut Vec<String>) {
                    match e {
                        detlint::model::Expr::Opaque(o) => {
                            out.push(o.reason.split('`').next().unwrap_or("").trim().to_string())
                        }
                        detlint::model::Expr::And(v) | detlint::model::Expr::Or(v) => {
                            v.iter().for_each(|c| opaque_reasons(c, out))
                        }
                        detlint::model::Expr::Not(c) => opaque_reasons(c, out),
                        detlint::model::Expr::Pred(_) => {}
                    }
                }
                opaque_reasons(det, &mut reasons);
                opaque_rules += usize::from(!reasons.is_empty());
                predicates += d.rule.predicates().len();
                // offset maps: a simple field name reads back from its span in the file
                for (p, _) in d.rule.predicates() {
                    let Some(f) = &p.field else { continue };
                    let simple = f
                        .value
                        .chars()
                        .all(|c| c.is_ascii_alphanumeric() || c == '_');
                    let at = file.text.get(f.span.start..f.span.end).unwrap_or("");
                    // ASIM parser parameters (`domain_has_any=`) name the field they filter
                    let asim_param = at == p.raw_op;
                    if simple && !asim_param && at != f.value && span_failures.len() < 50 {
                        span_failures.push(format!("{rel}: field {:?} reads {at:?}", f.value));
                    }
                }
                for r in reasons {
                    *opaque_by_reason.entry(r).or_default() += 1;
                }
            }
        }
        let mut seen = Vec::new();
        for d in &diags {
            *by_code.entry(d.code).or_default() += 1;
            if d.code.starts_with("DL7") {
                *messages
                    .entry(format!("{} {}", d.code, d.message))
                    .or_default() += 1;
            }
            if !seen.contains(&d.code) {
                seen.push(d.code);
                *rules_by_code.entry(d.code).or_default() += 1;
            }
        }
        let cross_file = |c: &str| {
            detlint::checks::find(c)
                .is_some_and(|c| matches!(c.run, detlint::checks::Run::Workspace(_)))
        };
        if let Some(d) = diags
            .iter()
            .find(|d| d.severity == Severity::Error && !cross_file(d.code))
        {
            let line = file.lines.line_of(d.span.start);
            error_rules.push(format!("{rel}:{}: {} {}", line + 1, d.code, d.message));
        }
    }
    let elapsed = start.elapsed();
    println!(
        "files: {}, rules: {rules}, queries: {queries}, parsed without error: {parsed_ok}",
        files.len()
    );
    println!("predicates: {predicates}; rules with an opaque part: {opaque_rules}; opaque parts by reason:");
    for (r, n) in &opaque_by_reason {
        println!("  {n:5} {r}");
    }
    println!("lint time (this build): {elapsed:?}");
    println!("findings per check (findings / files):");
    for (c, n) in &by_code {
        println!("  {c}: {n} / {}", rules_by_code[c]);
    }
    let mut top: Vec<(&String, &usize)> = messages.iter().collect();
    top.sort_by(|a, b| b.1.cmp(a.1).then(a.0.cmp(b.0)));
    println!("most frequent DL7xx messages:");
    let shown = if std::env::var_os("DETLINT_ALL_MESSAGES").is_some() {
        usize::MAX
    } else {
        60
    };
    for (m, n) in top.iter().take(shown) {
        println!("  {n:4} {m}");
    }
    println!("query parse failures ({}):", parse_failures.len());
    for f in &parse_failures {
        println!("  {f}");
    }
    println!(
        "files with an error-severity finding ({}):",
        error_rules.len()
    );
    for f in &error_rules {
        println!("  {f}");
    }
    println!(
        "cross-file error findings, not counted above ({}):",
        cross_file_errors.len()
    );
    for f in &cross_file_errors {
        println!("  {f}");
    }
    println!(
        "field spans that do not read back ({}):",
        span_failures.len()
    );
    for f in &span_failures {
        println!("  {f}");
    }
    assert!(rules > 1000);
    assert!(span_failures.is_empty(), "predicate spans are off");
    let rate = parsed_ok as f64 / queries.max(1) as f64;
    assert!(rate >= 0.97, "only {:.2}% of queries parse", rate * 100.0);
    let err_rate = error_rules.len() as f64 / rules.max(1) as f64;
    assert!(
        err_rate <= 0.01,
        "{:.2}% of rules have an error-severity finding",
        err_rate * 100.0
    );
}
