//! `detlint lsp` against hostile or unusual input, the workspace index and configuration
//! reloads: out-of-range positions, edits past the end, unknown documents, malformed frames,
//! invalid UTF-8 and oversized files, duplicate ids across files, `.detlint.toml` changes,
//! edit bursts (only the newest version's diagnostics are published, versions never go back).

mod lsp_client;

use lsp_client::*;
use serde_json::{json, Value};

const FIXTURE: &str = include_str!("fixtures/lsp/rule.yml");

fn codes(diags: &[Value]) -> Vec<String> {
    diags
        .iter()
        .map(|d| d["code"].as_str().unwrap_or("").to_string())
        .collect()
}

#[test]
fn hostile_requests_do_not_crash() {
    let dir = tempfile::tempdir().unwrap();
    let path = dir.path().join("rule.yml");
    std::fs::write(&path, FIXTURE).unwrap();
    let uri = file_uri(&path);
    let mut c = Client::start();
    c.initialize(dir.path(), &[]);
    c.open(&uri, FIXTURE, 1);
    let _ = c.diagnostics(&uri, 1);

    // positions far outside the text
    for (line, ch) in [(9999, 0), (0, 9999), (3, 4_000_000_000u64), (27, 1)] {
        let p = json!({"line": line, "character": ch});
        let _ = c.request(
            "textDocument/hover",
            json!({"textDocument": {"uri": uri}, "position": p}),
        );
        let _ = c.request(
            "textDocument/completion",
            json!({"textDocument": {"uri": uri}, "position": p}),
        );
        let _ = c.request(
            "textDocument/definition",
            json!({"textDocument": {"uri": uri}, "position": p}),
        );
        let _ = c.request("textDocument/codeAction", json!({"textDocument": {"uri": uri},
            "range": {"start": p, "end": {"line": 0, "character": 0}}, "context": {"diagnostics": []}}));
    }
    // unknown documents
    let other = "file:///nowhere/unknown.yml";
    let r = c.request(
        "textDocument/hover",
        json!({"textDocument": {"uri": other}, "position": {"line": 0, "character": 0}}),
    );
    assert!(r.is_null());
    c.notify("textDocument/didChange", json!({"textDocument": {"uri": other, "version": 3},
        "contentChanges": [{"range": {"start": {"line": 0, "character": 0}, "end": {"line": 0, "character": 0}}, "text": "x"}]}));
    c.notify(
        "textDocument/didClose",
        json!({"textDocument": {"uri": other}}),
    );
    // a malformed frame and a request with wrong params
    c.send_raw(b"{not json");
    c.send_raw(b"[1, 2]");
    c.send_raw(br#"{"jsonrpc":"2.0","id":{"x":1},"method":"textDocument/hover"}"#);
    c.send_raw("{\"jsonrpc\":\"2.0\",\"method\":\"x\",\"params\":\"\u{ff}\"}".as_bytes());
    c.send_raw(b"\xff\xfe");
    let id = c.request_async("textDocument/hover", json!({"bogus": true}));
    assert!(c.response(id).get("error").is_some());

    // an edit whose range is past the end clamps to the end of the text
    c.notify("textDocument/didChange", json!({"textDocument": {"uri": uri, "version": 2},
        "contentChanges": [{"range": {"start": {"line": 500, "character": 3}, "end": {"line": 900, "character": 0}}, "text": "# tail\n"}]}));
    // a start after the end is treated as the reversed range
    c.notify("textDocument/didChange", json!({"textDocument": {"uri": uri, "version": 3},
        "contentChanges": [{"range": {"start": {"line": 0, "character": 5}, "end": {"line": 0, "character": 0}}, "text": "TITLE"}]}));
    let mut expected = format!("{FIXTURE}# tail\n");
    expected.replace_range(0..5, "TITLE");
    assert_eq!(c.server_text(&uri), expected);
    let _ = c.diagnostics(&uri, 3);
    assert!(c.shutdown().success());
}

#[test]
fn oversized_and_invalid_utf8_files() {
    let dir = tempfile::tempdir().unwrap();
    std::fs::write(
        dir.path().join(".detlint.toml"),
        "[limits]\nmax-file-size = 300\n",
    )
    .unwrap();
    // an invalid UTF-8 file in the workspace (indexed at start-up) must not disturb anything
    std::fs::write(
        dir.path().join("broken.yml"),
        b"title: \xff\xfe bad\nid: x\n",
    )
    .unwrap();
    let path = dir.path().join("big.yml");
    std::fs::write(&path, FIXTURE).unwrap();
    let uri = file_uri(&path);
    let mut c = Client::start();
    c.initialize(dir.path(), &[]);
    c.open(&uri, FIXTURE, 1);
    let diags = c.diagnostics(&uri, 1);
    assert_eq!(codes(&diags), vec!["DL001".to_string()], "{diags:?}");
    assert!(diags[0]["message"]
        .as_str()
        .unwrap()
        .contains("max-file-size"));
    // a big document (10 MB) with the default limit gets one diagnostic quickly, no hang
    std::fs::remove_file(dir.path().join(".detlint.toml")).unwrap();
    let big = format!(
        "{FIXTURE}{}",
        "# padding padding padding padding\n".repeat(330_000)
    );
    c.notify(
        "textDocument/didChange",
        json!({"textDocument": {"uri": uri, "version": 2},
        "contentChanges": [{"text": big}]}),
    );
    let diags = c.diagnostics(&uri, 2);
    assert_eq!(codes(&diags), vec!["DL001".to_string()], "{diags:?}");
    assert!(c.shutdown().success());
}

#[test]
fn duplicate_ids_across_the_workspace() {
    let dir = tempfile::tempdir().unwrap();
    let a = dir.path().join("a.yml");
    let sub = dir.path().join("sub");
    std::fs::create_dir(&sub).unwrap();
    let b = sub.join("b.yml");
    std::fs::write(&a, FIXTURE).unwrap();
    std::fs::write(&b, FIXTURE.replace("Archiver", "Copy of archiver")).unwrap();
    let uri = file_uri(&a);
    let mut c = Client::start();
    c.initialize(dir.path(), &[]);
    c.open(&uri, FIXTURE, 1);
    // the first pass may finish before the index; the index's re-lint reports the duplicate
    let n = c.wait_notification(|n| {
        n["method"] == "textDocument/publishDiagnostics"
            && n["params"]["uri"] == uri
            && n["params"]["diagnostics"]
                .as_array()
                .is_some_and(|d| d.iter().any(|d| d["code"] == "DL104"))
    });
    let diags = n["params"]["diagnostics"].as_array().unwrap();
    let dup = diags.iter().find(|d| d["code"] == "DL104").unwrap();
    let rel = &dup["relatedInformation"][0]["location"];
    assert_eq!(rel["uri"], file_uri(&b));
    let other = std::fs::read_to_string(&b).unwrap();
    let at = other.find("4f6c1c2e").unwrap();
    assert_eq!(
        rel["range"]["start"],
        json!({"line": 1, "character": at - other.find("id:").unwrap()})
    );
    // progress was reported for the indexing
    assert!(c
        .server_requests
        .iter()
        .any(|r| r["method"] == "window/workDoneProgress/create"));
    let _ = c.wait_notification(|n| {
        n["method"] == "$/progress" && n["params"]["value"]["kind"] == "end"
    });

    // the other file changes its id on disk → the duplicate disappears
    std::fs::write(&b, FIXTURE.replace("4f6c1c2e", "5f6c1c2e")).unwrap();
    c.notify(
        "workspace/didChangeWatchedFiles",
        json!({"changes": [{"uri": file_uri(&b), "type": 2}]}),
    );
    let n = c.wait_notification(|n| {
        n["method"] == "textDocument/publishDiagnostics"
            && n["params"]["uri"] == uri
            && n["params"]["diagnostics"]
                .as_array()
                .is_some_and(|d| d.iter().all(|d| d["code"] != "DL104"))
    });
    assert_eq!(n["params"]["version"], 1);
    assert!(c.shutdown().success());
}

#[test]
fn config_changes_are_picked_up_without_restart() {
    let dir = tempfile::tempdir().unwrap();
    let path = dir.path().join("rule.yml");
    std::fs::write(&path, FIXTURE).unwrap();
    let uri = file_uri(&path);
    let mut c = Client::start();
    c.initialize(dir.path(), &[]);
    c.open(&uri, FIXTURE, 1);
    assert!(codes(&c.diagnostics(&uri, 1)).contains(&"DL102".to_string()));
    c.idle(200);
    c.notifications.clear();
    let cfg = dir.path().join(".detlint.toml");
    std::fs::write(&cfg, "ignore = [\"DL102\"]\n").unwrap();
    c.notify(
        "workspace/didChangeWatchedFiles",
        json!({"changes": [{"uri": file_uri(&cfg), "type": 1}]}),
    );
    let n = c.wait_notification(|n| {
        n["method"] == "textDocument/publishDiagnostics" && n["params"]["uri"] == uri
    });
    assert!(!codes(n["params"]["diagnostics"].as_array().unwrap()).contains(&"DL102".to_string()));
    // a broken configuration is shown to the user, and the defaults are used meanwhile
    std::fs::write(&cfg, "ignore = 3\n").unwrap();
    c.notify(
        "workspace/didChangeWatchedFiles",
        json!({"changes": [{"uri": file_uri(&cfg), "type": 2}]}),
    );
    let m = c.wait_notification(|n| n["method"] == "window/showMessage");
    assert!(m["params"]["message"]
        .as_str()
        .unwrap()
        .contains("invalid configuration"));
    assert!(c.shutdown().success());
}

#[test]
fn edit_bursts_publish_only_current_versions_in_order() {
    let dir = tempfile::tempdir().unwrap();
    let path = dir.path().join("rule.yml");
    std::fs::write(&path, FIXTURE).unwrap();
    let uri = file_uri(&path);
    let mut c = Client::start();
    c.initialize(dir.path(), &[]);
    let mut text = FIXTURE.to_string();
    c.open(&uri, &text, 1);
    let _ = c.diagnostics(&uri, 1);
    c.idle(200);
    c.notifications.clear();
    // type 60 characters (some multi-byte) at the end of the title, all sent at once
    let chars: Vec<char> = "abc漢😀é ".chars().collect();
    let line_end = text.find('\n').unwrap();
    let mut at = line_end;
    let mut msgs = Vec::new();
    for i in 0..60 {
        let ch = chars[i % chars.len()].to_string();
        let r = range(&text, at, at, Enc::Utf16);
        msgs.push(json!({"jsonrpc": "2.0", "method": "textDocument/didChange",
            "params": {"textDocument": {"uri": uri, "version": i + 2},
                       "contentChanges": [{"range": r, "text": ch}]}}));
        text.insert_str(at, &ch);
        at += ch.len();
    }
    c.send_many(&msgs);
    let _ = c.diagnostics(&uri, 61);
    c.idle(300);
    let versions: Vec<i64> = c
        .notifications
        .iter()
        .filter(|n| n["method"] == "textDocument/publishDiagnostics" && n["params"]["uri"] == uri)
        .map(|n| n["params"]["version"].as_i64().unwrap())
        .collect();
    assert!(versions.windows(2).all(|w| w[0] <= w[1]), "{versions:?}");
    assert!(versions.len() < 60, "every edit was linted: {versions:?}");
    assert_eq!(c.server_text(&uri), text);
    assert!(c.shutdown().success());
}
