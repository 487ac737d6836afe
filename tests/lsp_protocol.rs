//! `detlint lsp` end to end: the real binary over stdio, JSON-RPC with Content-Length framing.
//! initialize, didOpen → publishDiagnostics, incremental edits with multi-byte text (UTF-16 and
//! UTF-8 position encodings, CRLF), hover, completion, code actions, rename, definition,
//! references, symbols, folding, and the same diagnostics as `detlint check`.

mod lsp_client;

use lsp_client::*;
use serde_json::{json, Value};
use std::path::Path;

const FIXTURE: &str = include_str!("fixtures/lsp/rule.yml");

fn codes(diags: &[Value]) -> Vec<String> {
    diags
        .iter()
        .map(|d| d["code"].as_str().unwrap_or("").to_string())
        .collect()
}

fn find_diag<'a>(diags: &'a [Value], code: &str) -> &'a Value {
    diags
        .iter()
        .find(|d| d["code"] == code)
        .unwrap_or_else(|| panic!("no {code} in {diags:?}"))
}

/// (code, start line, start col, end line, end col) of `detlint check --output-format json` on
/// `path`, columns converted from characters to `enc` units using `text`.
fn cli_diagnostics(path: &Path, text: &str, enc: Enc) -> Vec<(String, u64, u64, u64, u64)> {
    let out = std::process::Command::new(env!("CARGO_BIN_EXE_detlint"))
        .args(["check", "--output-format", "json"])
        .arg(path)
        .output()
        .expect("run detlint check");
    let v: Value = serde_json::from_slice(&out.stdout).expect("json output");
    let lines: Vec<&str> = text.split_inclusive('\n').collect();
    let conv = |p: &Value| {
        let line = p["line"].as_u64().unwrap() - 1;
        let col = p["column"].as_u64().unwrap() - 1;
        let l = lines.get(line as usize).copied().unwrap_or("");
        let prefix: String = l.chars().take(col as usize).collect();
        let units = match enc {
            Enc::Utf8 => prefix.len(),
            Enc::Utf16 => prefix.encode_utf16().count(),
        };
        (line, units as u64)
    };
    let mut out: Vec<_> = v
        .as_array()
        .unwrap()
        .iter()
        .map(|d| {
            let (l0, c0) = conv(&d["start"]);
            let (l1, c1) = conv(&d["end"]);
            (d["code"].as_str().unwrap().to_string(), l0, c0, l1, c1)
        })
        .collect();
    out.sort();
    out
}

fn lsp_tuples(diags: &[Value]) -> Vec<(String, u64, u64, u64, u64)> {
    let mut out: Vec<_> = diags
        .iter()
        .map(|d| {
            let r = &d["range"];
            (
                d["code"].as_str().unwrap().to_string(),
                r["start"]["line"].as_u64().unwrap(),
                r["start"]["character"].as_u64().unwrap(),
                r["end"]["line"].as_u64().unwrap(),
                r["end"]["character"].as_u64().unwrap(),
            )
        })
        .collect();
    out.sort();
    out
}

/// Send one incremental change (byte span of the client's text → new text) and apply it on the
/// client side too.
fn edit(
    c: &mut Client,
    uri: &str,
    text: &mut String,
    version: i64,
    (a, b, new): (usize, usize, &str),
    enc: Enc,
) {
    let range = range(text, a, b, enc);
    c.notify(
        "textDocument/didChange",
        json!({"textDocument": {"uri": uri, "version": version},
               "contentChanges": [{"range": range, "text": new}]}),
    );
    text.replace_range(a..b, new);
}

fn edit_session(enc: Enc, crlf: bool) {
    let dir = tempfile::tempdir().unwrap();
    let path = dir.path().join("rule.yml");
    let mut text = if crlf {
        FIXTURE.replace('\n', "\r\n")
    } else {
        FIXTURE.to_string()
    };
    std::fs::write(&path, &text).unwrap();
    let uri = file_uri(&path);
    let mut c = Client::start();
    let offered: &[&str] = match enc {
        Enc::Utf8 => &["utf-8", "utf-16"],
        Enc::Utf16 => &[],
    };
    let init = c.initialize(dir.path(), offered);
    let expected_enc = if enc == Enc::Utf8 { "utf-8" } else { "utf-16" };
    assert_eq!(init["capabilities"]["positionEncoding"], expected_enc);
    assert_eq!(init["capabilities"]["textDocumentSync"]["change"], 2);

    c.open(&uri, &text, 1);
    let diags = c.diagnostics(&uri, 1);
    let d = find_diag(&diags, "DL102");
    assert_eq!(d["source"], "detlint");
    assert!(d["codeDescription"]["href"]
        .as_str()
        .unwrap()
        .ends_with("DL102.md"));
    let key = text.find("falsepositive:").unwrap();
    assert_eq!(
        d["range"],
        range(&text, key, key + "falsepositive".len(), enc)
    );
    assert_eq!(lsp_tuples(&diags), cli_diagnostics(&path, &text, enc));

    // incremental edits with emoji, CJK, combining marks, ZWJ sequences
    let mut v = 1;
    let steps: Vec<(&str, usize, &str)> = vec![
        ("Dumps", 5, " 🙂"),     // insert after "Dumps"
        ("漢字 😀", 0, ""),      // (replace below)
        ("café", 3, "e\u{301}"), // replace é by e + combining acute
        ("👩‍💻", 0, "👨🏽‍🚀 "),
        ("filter_main_backup\n", 0, ""),
    ];
    for (needle, delta, new) in steps {
        let Some(at) = text.find(needle) else {
            continue;
        };
        v += 1;
        let a = at + delta;
        let b = if needle == "漢字 😀" {
            at + needle.len()
        } else if needle == "café" {
            at + "café".len()
        } else {
            a
        };
        let new = if needle == "漢字 😀" {
            "かな 🎉"
        } else {
            new
        };
        edit(&mut c, &uri, &mut text, v, (a, b, new), enc);
    }
    // two changes in one notification: type in the description, then delete a CJK char
    v += 1;
    let at = text.find("(漢字").unwrap() + 1;
    let r1 = range(&text, at, at, enc);
    text.replace_range(at..at, "字");
    let r2 = range(&text, at + "字".len(), at + "字漢".len(), enc);
    text.replace_range(at + "字".len()..at + "字漢".len(), "");
    c.notify(
        "textDocument/didChange",
        json!({"textDocument": {"uri": uri, "version": v},
               "contentChanges": [{"range": r1, "text": "字"}, {"range": r2, "text": ""}]}),
    );
    // a syntax error after multi-byte text on the condition line
    v += 1;
    let end = text.find("not filter_main_backup").unwrap() + "not filter_main_backup".len();
    edit(&mut c, &uri, &mut text, v, (end, end, " and 漢字😀"), enc);
    assert_eq!(c.server_text(&uri), text);
    let diags = c.diagnostics(&uri, v);
    let d = find_diag(&diags, "DL102");
    let key = text.find("falsepositive:").unwrap();
    assert_eq!(
        d["range"],
        range(&text, key, key + "falsepositive".len(), enc)
    );
    // the undefined identifier after multi-byte text on the condition line
    let bad = text.rfind("漢字😀").unwrap();
    let cjk = range(&text, bad, bad + "漢字".len(), enc);
    assert_eq!(find_diag(&diags, "DL202")["range"], cjk);
    let emoji = range(&text, bad + "漢字".len(), bad + "漢字😀".len(), enc);
    assert_eq!(find_diag(&diags, "DL201")["range"], emoji);
    // the same as `detlint check` on the same text
    std::fs::write(&path, &text).unwrap();
    assert_eq!(lsp_tuples(&diags), cli_diagnostics(&path, &text, enc));
    assert!(c.shutdown().success());
}

#[test]
fn incremental_edits_utf16() {
    edit_session(Enc::Utf16, false);
}

#[test]
fn incremental_edits_utf8_crlf() {
    edit_session(Enc::Utf8, true);
}

#[test]
fn incremental_edits_utf16_crlf() {
    edit_session(Enc::Utf16, true);
}

fn open_fixture(c: &mut Client, dir: &Path, text: &str) -> String {
    let path = dir.join("rule.yml");
    std::fs::write(&path, text).unwrap();
    let uri = file_uri(&path);
    c.initialize(dir, &[]);
    c.open(&uri, text, 1);
    let _ = c.diagnostics(&uri, 1);
    uri
}

fn hover_text(c: &mut Client, uri: &str, text: &str, needle: &str, delta: usize) -> String {
    let r = c.request(
        "textDocument/hover",
        json!({"textDocument": {"uri": uri}, "position": pos_of(text, needle, delta, Enc::Utf16)}),
    );
    r["contents"]["value"].as_str().unwrap_or("").to_string()
}

#[test]
fn hover_and_completion() {
    let dir = tempfile::tempdir().unwrap();
    let text = FIXTURE.to_string();
    let mut c = Client::start();
    let uri = open_fixture(&mut c, dir.path(), &text);

    let h = hover_text(&mut c, &uri, &text, "endswith", 2);
    assert!(h.contains("modifier") && h.contains("ends with"), "{h}");
    let h = hover_text(&mut c, &uri, &text, "Image|", 1);
    assert!(
        h.contains("**field** `Image`") && h.contains("`endswith`"),
        "{h}"
    );
    let h = hover_text(&mut c, &uri, &text, "CommandLine|", 1);
    assert!(h.contains("`all`"), "{h}");
    let h = hover_text(&mut c, &uri, &text, "falsepositive:", 3);
    assert!(h.contains("DL102") && h.contains("misspelled"), "{h}");
    let h = hover_text(&mut c, &uri, &text, "attack.t1560", 9);
    assert!(
        h.contains("T1560.001") && h.contains("Archive via Utility"),
        "{h}"
    );
    let h = hover_text(&mut c, &uri, &text, "attack.exfiltration", 9);
    assert!(h.contains("tactic") && h.contains("Exfiltration"), "{h}");

    // modifiers after `|`
    let r = c.request(
        "textDocument/completion",
        json!({"textDocument": {"uri": uri}, "position": pos_of(&text, "Image|", 6, Enc::Utf16)}),
    );
    let labels: Vec<&str> = r
        .as_array()
        .unwrap()
        .iter()
        .map(|i| i["label"].as_str().unwrap())
        .collect();
    assert!(
        labels.contains(&"endswith") && labels.contains(&"windash"),
        "{labels:?}"
    );
    // selection names in the condition
    let r = c.request(
        "textDocument/completion",
        json!({"textDocument": {"uri": uri}, "position": pos_of(&text, "not filter_main_backup", 4, Enc::Utf16)}),
    );
    let labels: Vec<String> = r
        .as_array()
        .unwrap()
        .iter()
        .map(|i| i["label"].as_str().unwrap().to_string())
        .collect();
    assert!(labels.contains(&"selection_img".to_string()), "{labels:?}");
    assert!(
        labels.contains(&"filter_main_backup".to_string()),
        "{labels:?}"
    );
    assert!(c.shutdown().success());
}

fn actions(c: &mut Client, uri: &str, text: &str, needle: &str, only: Option<&str>) -> Vec<Value> {
    let at = text.find(needle).unwrap();
    let mut ctx = json!({"diagnostics": []});
    if let Some(o) = only {
        ctx["only"] = json!([o]);
    }
    let r = c.request(
        "textDocument/codeAction",
        json!({"textDocument": {"uri": uri},
               "range": range(text, at, at + needle.len(), Enc::Utf16),
               "context": ctx}),
    );
    r.as_array().cloned().unwrap_or_default()
}

fn replace_all(c: &mut Client, uri: &str, text: &str, version: i64) -> Vec<Value> {
    c.notify(
        "textDocument/didChange",
        json!({"textDocument": {"uri": uri, "version": version}, "contentChanges": [{"text": text}]}),
    );
    c.diagnostics(uri, version)
}

#[test]
fn code_actions_fix_suppress_and_fix_all() {
    let dir = tempfile::tempdir().unwrap();
    let text = FIXTURE.to_string();
    let mut c = Client::start();
    let uri = open_fixture(&mut c, dir.path(), &text);

    let acts = actions(&mut c, &uri, &text, "falsepositive:", None);
    let fix = acts
        .iter()
        .find(|a| a["title"].as_str().unwrap().starts_with("Rename"))
        .expect("quick fix");
    assert_eq!(fix["kind"], "quickfix");
    assert_eq!(fix["diagnostics"][0]["code"], "DL102");
    let fixed = apply_workspace_edit(&text, &fix["edit"], &uri, Enc::Utf16);
    assert_eq!(fixed, text.replace("falsepositive:", "falsepositives:"));
    let diags = replace_all(&mut c, &uri, &fixed, 2);
    assert!(!codes(&diags).contains(&"DL102".to_string()));

    // suppress with a comment on the line above
    let diags = replace_all(&mut c, &uri, &text, 3);
    assert!(codes(&diags).contains(&"DL102".to_string()));
    let acts = actions(&mut c, &uri, &text, "falsepositive:", None);
    let sup = acts
        .iter()
        .find(|a| a["title"].as_str().unwrap().starts_with("Suppress DL102"))
        .expect("suppress action");
    let suppressed = apply_workspace_edit(&text, &sup["edit"], &uri, Enc::Utf16);
    assert!(suppressed.contains("# detlint: ignore[DL102]\nfalsepositive:"));
    let diags = replace_all(&mut c, &uri, &suppressed, 4);
    assert!(!codes(&diags).contains(&"DL102".to_string()), "{diags:?}");

    // fix-all source action
    let _ = replace_all(&mut c, &uri, &text, 5);
    let acts = actions(&mut c, &uri, &text, "title", Some("source.fixAll"));
    assert_eq!(acts.len(), 1, "{acts:?}");
    assert_eq!(acts[0]["kind"], "source.fixAll.detlint");
    let all = apply_workspace_edit(&text, &acts[0]["edit"], &uri, Enc::Utf16);
    assert!(all.contains("\nfalsepositives:\n"), "{all}");
    let before = replace_all(&mut c, &uri, &text, 6);
    let after = replace_all(&mut c, &uri, &all, 7);
    assert!(!codes(&after).contains(&"DL102".to_string()));
    // every finding with a safe fix that applied is gone, nothing new appeared
    let fixable = |d: &Value| d["code"].as_str().map(str::to_string);
    assert!(after.len() < before.len(), "{before:?} → {after:?}");
    let before_codes: Vec<_> = before.iter().filter_map(fixable).collect();
    assert!(
        codes(&after).iter().all(|c| before_codes.contains(c)),
        "{after:?}"
    );
    assert!(c.shutdown().success());
}

#[test]
fn definition_references_rename() {
    let dir = tempfile::tempdir().unwrap();
    let text = FIXTURE.to_string();
    let mut c = Client::start();
    let uri = open_fixture(&mut c, dir.path(), &text);
    let key_at = |name: &str| {
        let a = text.find(&format!("    {name}:")).unwrap() + 4;
        range(&text, a, a + name.len(), Enc::Utf16)
    };

    // identifier → selection key
    let r = c.request(
        "textDocument/definition",
        json!({"textDocument": {"uri": uri}, "position": pos_of(&text, "not filter_main_backup", 6, Enc::Utf16)}),
    );
    assert_eq!(r[0]["range"], key_at("filter_main_backup"));
    assert_eq!(r[0]["uri"], uri);
    // `of` pattern → every matching selection
    let r = c.request(
        "textDocument/definition",
        json!({"textDocument": {"uri": uri}, "position": pos_of(&text, "selection_*", 2, Enc::Utf16)}),
    );
    let got: Vec<&Value> = r.as_array().unwrap().iter().map(|l| &l["range"]).collect();
    assert_eq!(
        got,
        vec![&key_at("selection_img"), &key_at("selection_cli")]
    );

    // references of a selection include the `of` pattern
    let r = c.request(
        "textDocument/references",
        json!({"textDocument": {"uri": uri}, "position": pos_of(&text, "selection_img:", 3, Enc::Utf16),
               "context": {"includeDeclaration": true}}),
    );
    let pat = text.find("selection_*").unwrap();
    let got: Vec<&Value> = r.as_array().unwrap().iter().map(|l| &l["range"]).collect();
    assert!(got.contains(&&key_at("selection_img")));
    assert!(got.contains(&&range(&text, pat, pat + "selection_*".len(), Enc::Utf16)));

    // rename from the condition identifier
    let r = c.request(
        "textDocument/rename",
        json!({"textDocument": {"uri": uri}, "position": pos_of(&text, "not filter_main_backup", 8, Enc::Utf16),
               "newName": "filter_main_bak"}),
    );
    let renamed = apply_workspace_edit(&text, &r, &uri, Enc::Utf16);
    assert_eq!(
        renamed,
        text.replace("filter_main_backup", "filter_main_bak")
    );
    let diags = replace_all(&mut c, &uri, &renamed, 2);
    // nothing undefined or unused after the rename, and the same findings as before it
    let before = replace_all(&mut c, &uri, &text, 3);
    let mut a = codes(&diags);
    let mut b = codes(&before);
    a.sort();
    b.sort();
    assert_eq!(a, b);
    assert!(a.iter().all(|c| c != "DL202" && c != "DL203"), "{a:?}");
    let _ = replace_all(&mut c, &uri, &renamed, 4);
    // an invalid new name is refused
    let id = c.request_async(
        "textDocument/rename",
        json!({"textDocument": {"uri": uri}, "position": pos_of(&renamed, "selection_img:", 2, Enc::Utf16),
               "newName": "bad name"}),
    );
    assert!(c.response(id).get("error").is_some());

    // symbols and folding
    let r = c.request(
        "textDocument/documentSymbol",
        json!({"textDocument": {"uri": uri}}),
    );
    let names: Vec<&str> = r
        .as_array()
        .unwrap()
        .iter()
        .map(|s| s["name"].as_str().unwrap())
        .collect();
    assert!(
        names.contains(&"detection") && names.contains(&"logsource"),
        "{names:?}"
    );
    let det = r
        .as_array()
        .unwrap()
        .iter()
        .find(|s| s["name"] == "detection")
        .unwrap();
    let kids: Vec<&str> = det["children"]
        .as_array()
        .unwrap()
        .iter()
        .map(|s| s["name"].as_str().unwrap())
        .collect();
    assert_eq!(
        kids,
        vec![
            "selection_img",
            "selection_cli",
            "filter_main_bak",
            "condition"
        ]
    );
    let r = c.request(
        "textDocument/foldingRange",
        json!({"textDocument": {"uri": uri}}),
    );
    let det_line = renamed.lines().position(|l| l == "detection:").unwrap() as u64;
    let cond_line = renamed
        .lines()
        .position(|l| l.contains("condition:"))
        .unwrap() as u64;
    assert!(
        r.as_array()
            .unwrap()
            .iter()
            .any(|f| f["startLine"] == det_line && f["endLine"] == cond_line),
        "{r}"
    );
    assert!(c.shutdown().success());
}

#[test]
fn diagnostic_tags_and_related_information() {
    let dir = tempfile::tempdir().unwrap();
    // filter_main_backup is no longer used; the tags list repeats an entry
    let text = FIXTURE.replace(" and not filter_main_backup", "").replace(
        "    - attack.t1560.001\n",
        "    - attack.t1560.001\n    - attack.t1560.001\n",
    );
    let mut c = Client::start();
    let path = dir.path().join("rule.yml");
    std::fs::write(&path, &text).unwrap();
    let uri = file_uri(&path);
    c.initialize(dir.path(), &[]);
    c.open(&uri, &text, 1);
    let diags = c.diagnostics(&uri, 1);
    let unused = diags
        .iter()
        .find(|d| {
            d["tags"] == json!([1])
                && d["message"]
                    .as_str()
                    .unwrap()
                    .contains("filter_main_backup")
        })
        .unwrap_or_else(|| panic!("no unnecessary-tagged unused selection in {diags:?}"));
    assert_eq!(
        unused["range"]["start"],
        pos_of(&text, "filter_main_backup:", 0, Enc::Utf16)
    );
    let dup = diags
        .iter()
        .find(|d| d["relatedInformation"].is_array())
        .unwrap_or_else(|| panic!("no related information in {diags:?}"));
    assert_eq!(dup["relatedInformation"][0]["location"]["uri"], uri);
    assert!(c.shutdown().success());
}

/// The corpus knowledge in hovers and the catalog guide request (`detlint/showGuide`).
#[test]
fn corpus_hover_and_show_guide() {
    let dir = std::env::temp_dir().join(format!("detlint-lsp-guide-{}", std::process::id()));
    let _ = std::fs::remove_dir_all(&dir);
    std::fs::create_dir_all(&dir).expect("dir");
    let text = std::fs::read_to_string(
        Path::new(env!("CARGO_MANIFEST_DIR")).join("tests/fixtures/normalize/certutil.yml"),
    )
    .expect("fixture");
    let mut c = Client::start();
    let uri = open_fixture(&mut c, &dir, &text);
    // on a field: canonical name and the other vendors' names
    let h = hover_text(&mut c, &uri, &text, "CommandLine|contains", 2);
    assert!(h.contains("process.command_line"), "{h}");
    assert!(
        h.contains("sentinel") && h.contains("ProcessCommandLine"),
        "{h}"
    );
    // on a value: the normalized indicator and its corpus reach
    let h = hover_text(&mut c, &uri, &text, "'urlcache'", 2);
    assert!(
        h.contains("indicator")
            && h.contains("process.command_line contains urlcache")
            && h.contains("Corpus reach"),
        "{h}"
    );
    // the guide of the technique under the cursor
    let r = c.request("detlint/showGuide", json!({"textDocument": {"uri": uri}, "position": pos_of(&text, "attack.t1105", 8, Enc::Utf16), "technique": null}));
    let result = &r;
    assert_eq!(result["technique"], "T1105", "{r}");
    assert!(
        result["markdown"]
            .as_str()
            .unwrap_or("")
            .contains("## Fields filtered most"),
        "{r}"
    );
    assert!(
        result["title"]
            .as_str()
            .unwrap_or("")
            .contains("Ingress Tool Transfer"),
        "{r}"
    );
    let _ = c.shutdown();
}
