//! Property tests by mutation ("fuzzing" on the stable toolchain): every parser and front end
//! must survive arbitrary edits of the project's fixtures without panicking, and every offered
//! fix must produce a file in which the fixed diagnostic is gone and a second application
//! changes nothing. Deterministic (seeded); `DETLINT_FUZZ_ITERS` sets the number of mutations
//! per seed file (default 20 in `cargo test`; the longer run and its figures are in
//! docs/robustness.md).

use detlint::config::Config;
use detlint::diagnostic::apply_edits;
use detlint::lint::lint_text;
use std::path::{Path, PathBuf};

mod mutation;
use mutation::Rng;

const PIECES: &[&str] = &[
    "\n",
    " ",
    "  ",
    "\t",
    ":",
    "- ",
    "|",
    "'",
    "\"",
    "[",
    "]",
    "{",
    "}",
    "(",
    ")",
    "*",
    "\\",
    "#",
    "&a",
    "*a",
    "---",
    "\r\n",
    "and ",
    "or ",
    "not ",
    "1 of ",
    "|contains",
    "|re",
    "|cidr",
    "==",
    "=~",
    "!in",
    "where ",
    "| where ",
    "`macro`",
    "``",
    "\"\"\"",
    "'''",
    "é",
    "😀",
    "\u{0}",
    "=",
    ",",
    ";",
];

fn mutate(rng: &mut Rng, text: &str) -> String {
    let mut s: Vec<char> = text.chars().collect();
    for _ in 0..1 + rng.below(4) {
        let at = rng.below(s.len() + 1);
        match rng.below(5) {
            0 if !s.is_empty() => {
                let end = (at + rng.below(20)).min(s.len());
                s.drain(at.min(end)..end);
            }
            1 => {
                let p = PIECES[rng.below(PIECES.len())];
                for (k, c) in p.chars().enumerate() {
                    s.insert((at + k).min(s.len()), c);
                }
            }
            2 if !s.is_empty() => {
                let from = rng.below(s.len());
                let len = rng.below(40).min(s.len() - from);
                let chunk: Vec<char> = s[from..from + len].to_vec();
                for (k, c) in chunk.into_iter().enumerate() {
                    s.insert((at + k).min(s.len()), c);
                }
            }
            3 => s.truncate(at),
            _ => {
                if at < s.len() {
                    s[at] = char::from_u32(32 + rng.below(95) as u32).unwrap_or(' ');
                }
            }
        }
    }
    s.into_iter().collect()
}

fn seeds() -> Vec<PathBuf> {
    let root = Path::new(env!("CARGO_MANIFEST_DIR"));
    let mut out = Vec::new();
    for dir in ["docs/examples", "tests/fixtures"] {
        let walker = ignore::WalkBuilder::new(root.join(dir)).build();
        for e in walker.flatten() {
            let p = e.path();
            if p.is_file()
                && matches!(
                    p.extension().and_then(|x| x.to_str()),
                    Some("yml" | "yaml" | "toml" | "py")
                )
            {
                out.push(p.to_path_buf());
            }
        }
    }
    out.sort();
    out
}

fn iters() -> usize {
    std::env::var("DETLINT_FUZZ_ITERS")
        .ok()
        .and_then(|v| v.parse().ok())
        .unwrap_or(20)
}

#[test]
fn front_ends_survive_mutations() {
    let config = Config::default();
    let mut rng = Rng(0x9e37_79b9_7f4a_7c15);
    let mut runs = 0;
    for seed in seeds() {
        let Ok(text) = std::fs::read_to_string(&seed) else {
            continue;
        };
        for _ in 0..iters() {
            let m = mutate(&mut rng, &text);
            let r = std::panic::catch_unwind(|| lint_text(&seed, m.clone(), &config));
            assert!(r.is_ok(), "panic on a mutation of {}:\n{m}", seed.display());
            runs += 1;
        }
    }
    assert!(runs > 100, "only {runs} runs: seeds missing?");
}

#[test]
fn query_parsers_survive_mutations() {
    let mut rng = Rng(0x2545_f491_4f6c_dd1d);
    let samples = [
        "process where process.name : (\"cmd.exe\", \"powershell.exe\") and not process.args : \"-x\"",
        "sequence by host.id with maxspan=1m [process where true] [network where destination.port == 443]",
        "event.category:process and process.name:(cmd.exe or \"power shell.exe\") and not user.name:SYSTEM",
        "process.name:cmd.exe AND NOT user.name:(a OR b) AND _exists_:x AND port:[1 TO 5]",
        "from logs-* | where process.name like \"*cmd*\" and not cidr_match(destination.ip, \"10.0.0.0/8\") | stats c = count() by host.name",
        "let l = dynamic([\"a\", \"b\"]); DeviceProcessEvents | where FileName in~ (l) and not(ipv4_is_private(RemoteIP)) | summarize count() by DeviceName",
        "| tstats count from datamodel=Endpoint.Processes where Processes.process_name=cmd.exe NOT Processes.user=SYSTEM by Processes.dest | `drop_dm_object_name(Processes)` | where NOT cidrmatch(\"10.0.0.0/8\", dest)",
    ];
    for _ in 0..iters() * 10 {
        for (k, s) in samples.iter().enumerate() {
            let m = mutate(&mut rng, s);
            let r = std::panic::catch_unwind(|| match k {
                0 | 1 => drop(detlint_eql::parse(&m)),
                2 => drop(detlint_kuery::parse(&m)),
                3 => drop(detlint_lucene::parse(&m)),
                4 => drop(detlint_esql::parse(&m)),
                5 => drop(detlint_kusto::parse(&m)),
                _ => drop(detlint_spl::parse(&m)),
            });
            assert!(r.is_ok(), "panic in parser {k} on {m:?}");
        }
    }
}

#[test]
fn every_fix_removes_its_diagnostic_and_is_idempotent() {
    let config = Config::default();
    let mut checked = 0;
    for seed in seeds() {
        let Ok(text) = std::fs::read_to_string(&seed) else {
            continue;
        };
        let (_, diags) = lint_text(&seed, text.clone(), &config);
        for d in &diags {
            for fix in &d.fixes {
                let (fixed, applied) = apply_edits(&text, &fix.edits);
                if applied == 0 {
                    continue;
                }
                checked += 1;
                let (_, after) = lint_text(&seed, fixed.clone(), &config);
                let before_syntax = diags
                    .iter()
                    .filter(|x| x.code == "DL002" || x.code == "DL003")
                    .count();
                let after_syntax = after
                    .iter()
                    .filter(|x| x.code == "DL002" || x.code == "DL003")
                    .count();
                assert!(
                    after_syntax <= before_syntax,
                    "fix `{}` for {} in {} broke the syntax:\n{fixed}",
                    fix.title,
                    d.code,
                    seed.display()
                );
                let same_count_before = diags.iter().filter(|x| x.code == d.code).count();
                let same_count_after = after.iter().filter(|x| x.code == d.code).count();
                assert!(
                    same_count_after < same_count_before,
                    "fix `{}` did not remove {} in {}:\n{fixed}",
                    fix.title,
                    d.code,
                    seed.display()
                );
                // applying the fixes offered for the same check again changes nothing more
                let again: Vec<_> = after
                    .iter()
                    .filter(|x| x.code == d.code && x.message == d.message)
                    .flat_map(|x| x.fixes.iter())
                    .collect();
                assert!(
                    again.is_empty(),
                    "fix `{}` for {} in {} is offered again after applying it",
                    fix.title,
                    d.code,
                    seed.display()
                );
            }
        }
    }
    assert!(checked >= 10, "only {checked} fixes checked");
}

#[test]
fn config_loader_survives_mutations() {
    let mut rng = Rng(0x1234_5678_9abc_def1);
    let seed = "select = [\"DL1\", \"DL2\"]\nignore = [\"DL107\"]\nfail-level = \"warning\"\n[severity]\nDL208 = \"info\"\n[per-path-ignores]\n\"legacy/**\" = [\"DL1\"]\n[limits]\nmax-file-size = 1000000\n[thresholds]\ncommon-reach = 30\n";
    assert!(detlint::config::Config::from_toml(seed, Path::new("seed.toml")).is_ok());
    for _ in 0..iters() * 20 {
        let m = mutate(&mut rng, seed);
        let r = std::panic::catch_unwind(|| {
            detlint::config::Config::from_toml(&m, Path::new("m.toml")).map(|_| ())
        });
        assert!(r.is_ok(), "panic on config {m:?}");
    }
}
