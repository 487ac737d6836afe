//! The Splunk front end and checks on the security_content corpus (`../shared/corpus/splunk`):
//! no panic, ≥ 98 % of searches parse after macro expansion (per-command failures listed),
//! ≤ 1 % of rules get an error-severity diagnostic (listed).

use detlint::config::Config;
use detlint::diagnostic::Severity;
use detlint::formats::splunk;
use detlint::formats::ParsedFile;
use detlint::lint::{file_diagnostics, finish, read_file, workspace_diagnostics};
use std::collections::BTreeMap;
use std::path::{Path, PathBuf};

fn yml_files(dir: &Path, out: &mut Vec<PathBuf>) {
    let Ok(rd) = std::fs::read_dir(dir) else {
        return;
    };
    for e in rd.flatten() {
        let p = e.path();
        if p.is_dir() {
            yml_files(&p, out);
        } else if p.extension().is_some_and(|e| e == "yml" || e == "yaml") {
            out.push(p);
        }
    }
}

fn command_name(c: &detlint_spl::Command) -> String {
    match c.kind {
        detlint_spl::CommandKind::Macro(_) => "(macro)".into(),
        _ => c.name.name.to_ascii_lowercase(),
    }
}

#[test]
fn corpus() {
    let dir = PathBuf::from(concat!(env!("CARGO_MANIFEST_DIR"), "/../shared/corpus"))
        .join("splunk/detections");
    if !dir.is_dir() {
        println!("skipping: ../shared/corpus not present");
        return;
    }
    let mut files = Vec::new();
    yml_files(&dir, &mut files);
    files.sort();
    let config = Config::default();
    let started = std::time::Instant::now();
    let (mut searches, mut clean, mut rules) = (0usize, 0usize, 0usize);
    let mut error_rules: Vec<String> = Vec::new();
    let mut by_code: BTreeMap<&str, usize> = BTreeMap::new();
    let mut cmd_total: BTreeMap<String, usize> = BTreeMap::new();
    let mut cmd_fail: BTreeMap<String, Vec<String>> = BTreeMap::new();
    let mut with_detection = 0usize;
    let mut bad_spans: Vec<String> = Vec::new();
    let mut with_kinds = 0usize;
    // As `detlint check` does: parse every file, run file checks per file and workspace checks
    // once over all files.
    let parsed: Vec<ParsedFile> = files.iter().map(|p| read_file(p, &config)).collect();
    let mut workspace = workspace_diagnostics(&parsed, &config);
    for (i, (p, file)) in files.iter().zip(&parsed).enumerate() {
        let mut diags = file_diagnostics(file, &config);
        diags.append(&mut workspace[i]);
        let diags = finish(file, diags, &config);
        let rel = p.strip_prefix(&dir).unwrap().display().to_string();
        for d in &diags {
            *by_code.entry(d.code).or_default() += 1;
        }
        if diags.iter().any(|d| d.severity == Severity::Error) {
            let codes: Vec<String> = diags
                .iter()
                .filter(|d| d.severity == Severity::Error)
                .map(|d| format!("{} {}", d.code, d.message))
                .collect();
            error_rules.push(format!("{rel}: {}", codes.join("; ")));
        }
        for (pd, doc, _) in splunk::docs(file) {
            rules += 1;
            with_detection += usize::from(pd.rule.detection.is_some());
            with_kinds += usize::from(!pd.rule.event_kinds.is_empty());
            if pd.rule.event_kinds.is_empty() && std::env::var_os("SPLUNK_SHOW_NO_KINDS").is_some()
            {
                let ctx: Vec<String> = pd
                    .rule
                    .context
                    .iter()
                    .map(|(k, v)| format!("{k}={v}"))
                    .collect();
                println!("no event kind: {rel}: {}", ctx.join(" "));
            }
            let Some(s) = &doc.search else { continue };
            searches += 1;
            // Every span of the lowered detection lies inside the `search:` value and is not empty.
            for (p, _) in pd.rule.predicates() {
                let spans = std::iter::once(p.span)
                    .chain(p.field.iter().map(|f| f.span))
                    .chain(p.values.iter().map(|v| v.span));
                for sp in spans {
                    if sp.is_empty() || sp.start < s.span.start || sp.end > s.span.end {
                        bad_spans.push(format!("{rel}: {sp:?} outside {:?}", s.span));
                    }
                }
            }
            let parse = detlint_spl::parse(&s.expanded);
            for c in &parse.ast.commands {
                *cmd_total.entry(command_name(c)).or_default() += 1;
            }
            if pd.query_errors.is_empty() {
                clean += 1;
                continue;
            }
            for e in &parse.errors {
                let cmd = parse
                    .ast
                    .commands
                    .iter()
                    .find(|c| c.span.start <= e.span.start && e.span.start <= c.span.end)
                    .map(command_name)
                    .unwrap_or_else(|| "(pipeline)".into());
                cmd_fail
                    .entry(cmd)
                    .or_default()
                    .push(format!("{rel}: {}", e.message));
            }
        }
    }
    let elapsed = started.elapsed();
    println!(
        "splunk corpus: {} files, {rules} rules, {searches} searches, {clean} parse without error ({:.2} %), {:?}",
        files.len(),
        100.0 * clean as f64 / searches.max(1) as f64,
        elapsed
    );
    println!("rules with a detection: {with_detection}, with event kinds: {with_kinds}");
    println!("commands (count): {cmd_total:?}");
    for (cmd, fails) in &cmd_fail {
        println!("failures in `{cmd}`: {}", fails.len());
        for f in fails.iter().take(10) {
            println!("    {f}");
        }
    }
    println!("diagnostics by code: {by_code:?}");
    println!(
        "rules with an error-severity diagnostic: {} ({:.2} %)",
        error_rules.len(),
        100.0 * error_rules.len() as f64 / rules.max(1) as f64
    );
    for r in &error_rules {
        println!("    {r}");
    }
    println!("predicate spans outside their search: {}", bad_spans.len());
    for b in bad_spans.iter().take(20) {
        println!("    {b}");
    }
    assert!(bad_spans.is_empty(), "{} bad spans", bad_spans.len());
    assert!(rules >= 1000, "only {rules} rules read");
    assert!(
        clean * 100 >= searches * 98,
        "{clean}/{searches} searches parse"
    );
    assert!(
        error_rules.len() * 100 <= rules,
        "{} of {rules} rules have error diagnostics",
        error_rules.len()
    );
}
