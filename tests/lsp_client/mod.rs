//! A small LSP client for the integration tests: starts the real `detlint lsp` binary and
//! speaks JSON-RPC with Content-Length framing over its stdio.
#![allow(dead_code)]

use serde_json::{json, Value};
use std::io::{BufRead, BufReader, Write};
use std::process::{Child, ChildStdin, Command, Stdio};
use std::sync::mpsc::{channel, Receiver, RecvTimeoutError};
use std::time::{Duration, Instant};

/// How long to wait for any one answer.
pub const TIMEOUT: Duration = Duration::from_secs(30);

pub struct Client {
    child: Child,
    stdin: ChildStdin,
    rx: Receiver<Value>,
    next_id: i64,
    /// Every notification received, in order.
    pub notifications: Vec<Value>,
    /// Every request the server sent us.
    pub server_requests: Vec<Value>,
}

fn read_frame(r: &mut impl BufRead) -> Option<Value> {
    let mut len = None;
    loop {
        let mut line = String::new();
        if r.read_line(&mut line).ok()? == 0 {
            return None;
        }
        let l = line.trim_end();
        if l.is_empty() {
            break;
        }
        if let Some(v) = l.strip_prefix("Content-Length:") {
            len = v.trim().parse::<usize>().ok();
        }
    }
    let mut body = vec![0; len?];
    r.read_exact(&mut body).ok()?;
    serde_json::from_slice(&body).ok()
}

impl Client {
    /// Start the server (stderr goes to the test's stderr).
    pub fn start() -> Client {
        let mut child = Command::new(env!("CARGO_BIN_EXE_detlint"))
            .arg("lsp")
            .env("DETLINT_LOG", "warn")
            .stdin(Stdio::piped())
            .stdout(Stdio::piped())
            .stderr(Stdio::inherit())
            .spawn()
            .expect("start detlint lsp");
        let stdin = child.stdin.take().expect("stdin");
        let stdout = child.stdout.take().expect("stdout");
        let (tx, rx) = channel();
        std::thread::spawn(move || {
            let mut r = BufReader::new(stdout);
            while let Some(v) = read_frame(&mut r) {
                if tx.send(v).is_err() {
                    break;
                }
            }
        });
        Client {
            child,
            stdin,
            rx,
            next_id: 0,
            notifications: Vec::new(),
            server_requests: Vec::new(),
        }
    }

    /// Write one raw frame.
    pub fn send_raw(&mut self, body: &[u8]) {
        let mut frame = format!("Content-Length: {}\r\n\r\n", body.len()).into_bytes();
        frame.extend_from_slice(body);
        self.stdin.write_all(&frame).expect("write");
        self.stdin.flush().expect("flush");
    }

    /// Write several messages with one write (they reach the server together).
    pub fn send_many(&mut self, msgs: &[Value]) {
        let mut all = Vec::new();
        for m in msgs {
            let body = serde_json::to_vec(m).expect("json");
            all.extend_from_slice(format!("Content-Length: {}\r\n\r\n", body.len()).as_bytes());
            all.extend_from_slice(&body);
        }
        self.stdin.write_all(&all).expect("write");
        self.stdin.flush().expect("flush");
    }

    pub fn send(&mut self, msg: &Value) {
        let body = serde_json::to_vec(msg).expect("json");
        self.send_raw(&body);
    }

    pub fn notify(&mut self, method: &str, params: Value) {
        self.send(&json!({"jsonrpc": "2.0", "method": method, "params": params}));
    }

    /// Send a request without waiting; returns its id.
    pub fn request_async(&mut self, method: &str, params: Value) -> i64 {
        self.next_id += 1;
        let id = self.next_id;
        self.send(&json!({"jsonrpc": "2.0", "id": id, "method": method, "params": params}));
        id
    }

    /// Handle one incoming message: answer server requests, keep notifications; return
    /// responses.
    fn recv(&mut self, deadline: Instant) -> Option<Value> {
        let left = deadline.saturating_duration_since(Instant::now());
        match self.rx.recv_timeout(left) {
            Ok(v) => {
                if v.get("method").is_some() && v.get("id").is_some() {
                    self.server_requests.push(v.clone());
                    let id = v["id"].clone();
                    self.send(&json!({"jsonrpc": "2.0", "id": id, "result": null}));
                    return Some(Value::Null);
                }
                if v.get("method").is_some() {
                    self.notifications.push(v);
                    return Some(Value::Null);
                }
                Some(v)
            }
            Err(RecvTimeoutError::Timeout) => None,
            Err(RecvTimeoutError::Disconnected) => panic!("server closed its output"),
        }
    }

    /// The full response (`result` or `error`) to request `id`.
    pub fn response(&mut self, id: i64) -> Value {
        let deadline = Instant::now() + TIMEOUT;
        loop {
            match self.recv(deadline) {
                None => panic!("no response to request {id}"),
                Some(v) if v.get("id") == Some(&json!(id)) => return v,
                Some(_) => {}
            }
        }
    }

    /// Send a request and return its `result` (panics on an error response).
    pub fn request(&mut self, method: &str, params: Value) -> Value {
        let id = self.request_async(method, params);
        let r = self.response(id);
        assert!(r.get("error").is_none(), "{method} failed: {r}");
        r["result"].clone()
    }

    /// Wait for a notification satisfying `pred` (already received ones count) and remove it.
    pub fn wait_notification(&mut self, pred: impl Fn(&Value) -> bool) -> Value {
        let deadline = Instant::now() + TIMEOUT;
        loop {
            if let Some(i) = self.notifications.iter().position(&pred) {
                return self.notifications.remove(i);
            }
            if self.recv(deadline).is_none() {
                panic!(
                    "timed out waiting for a notification; got {:?}",
                    self.notifications
                );
            }
        }
    }

    /// Wait for the diagnostics of `uri` at `version` (newest one if several).
    pub fn diagnostics(&mut self, uri: &str, version: i64) -> Vec<Value> {
        let n = self.wait_notification(|n| {
            n["method"] == "textDocument/publishDiagnostics"
                && n["params"]["uri"] == uri
                && n["params"]["version"] == version
        });
        n["params"]["diagnostics"]
            .as_array()
            .cloned()
            .unwrap_or_default()
    }

    /// Forget the notifications received so far (long replays would otherwise scan them all).
    #[allow(dead_code)]
    pub fn clear_notifications(&mut self) {
        self.notifications.clear();
    }

    /// Collect messages for `ms` milliseconds.
    pub fn idle(&mut self, ms: u64) {
        let deadline = Instant::now() + Duration::from_millis(ms);
        while self.recv(deadline).is_some() {}
    }

    /// initialize + initialized with a root folder and the position encodings offered.
    pub fn initialize(&mut self, root: &std::path::Path, encodings: &[&str]) -> Value {
        let root_uri = file_uri(root);
        let mut caps = json!({
            "textDocument": {
                "publishDiagnostics": {"relatedInformation": true, "versionSupport": true},
                "codeAction": {"codeActionLiteralSupport": {"codeActionKind": {"valueSet": ["quickfix", "source"]}}}
            },
            "workspace": {"didChangeWatchedFiles": {"dynamicRegistration": true}},
            "window": {"workDoneProgress": true}
        });
        if !encodings.is_empty() {
            caps["general"] = json!({"positionEncodings": encodings});
        }
        let r = self.request(
            "initialize",
            json!({
                "processId": null,
                "rootUri": root_uri,
                "workspaceFolders": [{"uri": root_uri, "name": "ws"}],
                "capabilities": caps,
            }),
        );
        self.notify("initialized", json!({}));
        r
    }

    pub fn open(&mut self, uri: &str, text: &str, version: i64) {
        self.notify(
            "textDocument/didOpen",
            json!({"textDocument": {"uri": uri, "languageId": "yaml", "version": version, "text": text}}),
        );
    }

    /// The server's copy of a document.
    pub fn server_text(&mut self, uri: &str) -> String {
        let r = self.request("detlint/documentText", json!({"uri": uri}));
        r["text"].as_str().unwrap_or_default().to_string()
    }

    /// shutdown + exit, and wait for the process.
    pub fn shutdown(mut self) -> std::process::ExitStatus {
        let _ = self.request("shutdown", Value::Null);
        self.notify("exit", Value::Null);
        let deadline = Instant::now() + Duration::from_secs(10);
        loop {
            if let Some(s) = self.child.try_wait().expect("wait") {
                return s;
            }
            if Instant::now() > deadline {
                let _ = self.child.kill();
                panic!("server did not exit");
            }
            std::thread::sleep(Duration::from_millis(10));
        }
    }
}

impl Drop for Client {
    fn drop(&mut self) {
        let _ = self.child.kill();
        let _ = self.child.wait();
    }
}

/// `file://` URI of a path.
pub fn file_uri(p: &std::path::Path) -> String {
    let s = p.to_string_lossy();
    let mut out = String::from("file://");
    for b in s.bytes() {
        if b.is_ascii_alphanumeric() || b"/-_.~".contains(&b) {
            out.push(b as char);
        } else {
            out.push_str(&format!("%{b:02X}"));
        }
    }
    out
}

/// Position encodings the client can count in.
#[derive(Clone, Copy, PartialEq, Eq, Debug)]
pub enum Enc {
    Utf8,
    Utf16,
}

fn line_starts(text: &str) -> Vec<usize> {
    let b = text.as_bytes();
    let mut v = vec![0];
    let mut i = 0;
    while i < b.len() {
        if b[i] == b'\n' {
            v.push(i + 1);
        } else if b[i] == b'\r' {
            if b.get(i + 1) == Some(&b'\n') {
                i += 1;
            }
            v.push(i + 1);
        }
        i += 1;
    }
    v
}

/// Byte offset → (line, column) in `enc`.
pub fn position(text: &str, offset: usize, enc: Enc) -> (u64, u64) {
    let starts = line_starts(text);
    let line = match starts.binary_search(&offset) {
        Ok(l) => l,
        Err(l) => l - 1,
    };
    let s = &text[starts[line]..offset];
    let col = match enc {
        Enc::Utf8 => s.len(),
        Enc::Utf16 => s.encode_utf16().count(),
    };
    (line as u64, col as u64)
}

/// (line, column) in `enc` → byte offset (exact positions only).
pub fn offset(text: &str, line: u64, col: u64, enc: Enc) -> usize {
    let starts = line_starts(text);
    let start = starts[line as usize];
    let mut units = 0u64;
    for (i, c) in text[start..].char_indices() {
        if units >= col {
            return start + i;
        }
        units += match enc {
            Enc::Utf8 => c.len_utf8() as u64,
            Enc::Utf16 => c.len_utf16() as u64,
        };
    }
    text.len()
}

/// An LSP range JSON for a byte span.
pub fn range(text: &str, a: usize, b: usize, enc: Enc) -> Value {
    let (l0, c0) = position(text, a, enc);
    let (l1, c1) = position(text, b, enc);
    json!({"start": {"line": l0, "character": c0}, "end": {"line": l1, "character": c1}})
}

/// Apply LSP text edits (JSON) to `text`.
pub fn apply_edits(text: &str, edits: &[Value], enc: Enc) -> String {
    let mut spans: Vec<(usize, usize, String)> = edits
        .iter()
        .map(|e| {
            let r = &e["range"];
            let a = offset(
                text,
                r["start"]["line"].as_u64().unwrap(),
                r["start"]["character"].as_u64().unwrap(),
                enc,
            );
            let b = offset(
                text,
                r["end"]["line"].as_u64().unwrap(),
                r["end"]["character"].as_u64().unwrap(),
                enc,
            );
            (a, b, e["newText"].as_str().unwrap().to_string())
        })
        .collect();
    spans.sort_by_key(|s| std::cmp::Reverse(s.0));
    let mut out = text.to_string();
    for (a, b, t) in spans {
        out.replace_range(a..b, &t);
    }
    out
}

/// Apply a WorkspaceEdit's changes for `uri`.
pub fn apply_workspace_edit(text: &str, edit: &Value, uri: &str, enc: Enc) -> String {
    let edits = edit["changes"][uri].as_array().cloned().unwrap_or_default();
    apply_edits(text, &edits, enc)
}

/// A position JSON for the first occurrence of `needle` (plus `delta` bytes).
pub fn pos_of(text: &str, needle: &str, delta: usize, enc: Enc) -> Value {
    let off = text.find(needle).expect("needle") + delta;
    let (l, c) = position(text, off, enc);
    json!({"line": l, "character": c})
}
