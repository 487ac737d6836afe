//! Replay: type corpus rules into `detlint lsp` line by line (one incremental edit per line,
//! sent as fast as the pipe takes them) and check that the diagnostics of the final version
//! equal what `detlint check` reports for that file (same pipeline, `lint_text`). Every 25th
//! rule of ../shared/corpus by default; `DETLINT_REPLAY_ALL=1` replays all of them (figures in
//! docs/robustness.md). Skips with a message when the corpus is absent.

mod lsp_client;

use detlint::source::{LineIndex, PositionEncoding};
use lsp_client::*;
use serde_json::json;
use std::collections::BTreeSet;
use std::path::Path;

type Key = (String, u64, u64);

fn expected(path: &Path, text: &str) -> BTreeSet<Key> {
    let (file, diags) =
        detlint::lint::lint_text(path, text.to_string(), &detlint::config::Config::default());
    let idx = LineIndex::new(&file.text);
    diags
        .iter()
        .map(|d| {
            let p = idx.position(&file.text, d.span.start, PositionEncoding::Utf16);
            (d.code.to_string(), p.line as u64, p.col as u64)
        })
        .collect()
}

#[test]
fn typing_corpus_rules_gives_the_cli_diagnostics() {
    let corpus = Path::new(env!("CARGO_MANIFEST_DIR")).join("../shared/corpus");
    if !corpus.is_dir() {
        println!("skipping: ../shared/corpus not present");
        return;
    }
    let all = std::env::var("DETLINT_REPLAY_ALL").is_ok();
    let step = if all { 1 } else { 25 };
    let files = detlint::cli::check::collect_files(&[corpus]).expect("walk");
    let dir = std::env::temp_dir().join(format!("detlint-replay-{}", std::process::id()));
    let _ = std::fs::remove_dir_all(&dir);
    std::fs::create_dir_all(&dir).expect("dir");
    let mut c = Client::start();
    c.initialize(&dir, &["utf-16"]);
    let (mut rules, mut edits, mut mismatches) = (0usize, 0usize, Vec::new());
    for (n, src) in files.iter().enumerate().filter(|(i, _)| i % step == 0) {
        let Ok(text) = std::fs::read_to_string(src) else {
            continue;
        };
        let name = src
            .file_name()
            .map(|s| s.to_string_lossy().to_string())
            .unwrap_or_default();
        let path = dir.join(format!("{n}-{name}"));
        let uri = file_uri(&path);
        c.notify(
            "textDocument/didOpen",
            json!({"textDocument": {"uri": uri, "languageId": "yaml", "version": 1, "text": ""}}),
        );
        let mut msgs = Vec::new();
        let mut version = 1;
        for (i, line) in text.split_inclusive('\n').enumerate() {
            version += 1;
            msgs.push(json!({"jsonrpc": "2.0", "method": "textDocument/didChange", "params": {
                "textDocument": {"uri": uri, "version": version},
                "contentChanges": [{"range": {"start": {"line": i, "character": 0}, "end": {"line": i, "character": 0}}, "text": line}]
            }}));
        }
        edits += msgs.len();
        c.send_many(&msgs);
        let got: BTreeSet<Key> = c
            .diagnostics(&uri, version)
            .iter()
            .map(|d| {
                (
                    d["code"].as_str().unwrap_or("").to_string(),
                    d["range"]["start"]["line"].as_u64().unwrap_or(0),
                    d["range"]["start"]["character"].as_u64().unwrap_or(0),
                )
            })
            .collect();
        let server_text = c.server_text(&uri);
        let want = expected(&path, &text);
        if server_text != text || got != want {
            mismatches.push(format!(
                "{}: text equal {}, only LSP {:?}, only CLI {:?}",
                src.display(),
                server_text == text,
                got.difference(&want).collect::<Vec<_>>(),
                want.difference(&got).collect::<Vec<_>>()
            ));
        }
        c.notify(
            "textDocument/didClose",
            json!({"textDocument": {"uri": uri}}),
        );
        c.clear_notifications();
        rules += 1;
    }
    println!(
        "replayed {rules} rules, {edits} edits, {} mismatches",
        mismatches.len()
    );
    for m in &mismatches {
        println!("  {m}");
    }
    let _ = c.shutdown();
    assert!(rules > 0);
    assert!(mismatches.is_empty(), "{mismatches:#?}");
}
