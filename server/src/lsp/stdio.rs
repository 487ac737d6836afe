//! A guard between stdio and tower-lsp-server's transport.
//!
//! tower-lsp-server stops reading (and the server exits) after the first frame it cannot decode
//! (malformed JSON, a message that is neither a request nor a response, a bad header), because
//! tokio-util's `FramedRead` ends the stream after a decoder error. Here a reader thread reads
//! the frames from stdin itself, passes only well-formed JSON-RPC messages to the server (through
//! [`ChannelReader`]), and answers the others with a JSON-RPC error (`-32700` parse error,
//! `-32600` invalid request). A writer thread owns stdout and writes whole frames: the server's
//! (collected by [`ChannelWriter`] and sent at each flush, which FramedWrite does after whole
//! messages) and the error answers. Each direction costs one thread hop, as tokio's own
//! stdin/stdout (which use the blocking pool) would.

use serde_json::{json, Value};
use std::io::{BufRead, Read, Write};
use std::pin::Pin;
use std::task::{Context, Poll};
use tokio::io::{AsyncRead, AsyncWrite, ReadBuf};
use tokio::sync::mpsc;

/// Bodies above this size are discarded (answered with an error) instead of buffered.
const MAX_BODY: usize = 256 << 20;

/// One frame read from a stream.
enum Frame {
    Body(Vec<u8>),
    /// A frame that cannot be used (message for the client).
    Bad(String),
}

fn read_frame<R: BufRead>(r: &mut R) -> std::io::Result<Option<Frame>> {
    let mut len: Option<usize> = None;
    let mut bad_header = None;
    let mut saw_any = false;
    loop {
        let mut line = Vec::new();
        let n = r.read_until(b'\n', &mut line)?;
        if n == 0 {
            return Ok(None);
        }
        let l = String::from_utf8_lossy(&line);
        let l = l.trim();
        if l.is_empty() {
            if saw_any {
                break;
            }
            continue; // stray blank lines between frames
        }
        saw_any = true;
        if let Some((k, v)) = l.split_once(':') {
            if k.trim().eq_ignore_ascii_case("content-length") {
                match v.trim().parse::<usize>() {
                    Ok(n) => len = Some(n),
                    Err(_) => bad_header = Some(format!("invalid Content-Length `{}`", v.trim())),
                }
            }
        } else {
            bad_header = Some(format!(
                "malformed header line `{}`",
                l.chars().take(80).collect::<String>()
            ));
        }
    }
    let Some(len) = len else {
        return Ok(Some(Frame::Bad(
            bad_header.unwrap_or_else(|| "missing Content-Length header".into()),
        )));
    };
    if len > MAX_BODY {
        let copied = std::io::copy(&mut r.take(len as u64), &mut std::io::sink())?;
        if copied < len as u64 {
            return Ok(None);
        }
        return Ok(Some(Frame::Bad(format!(
            "message of {len} bytes is too large"
        ))));
    }
    let mut body = vec![0; len];
    r.read_exact(&mut body)?;
    match bad_header {
        Some(msg) => Ok(Some(Frame::Bad(msg))),
        None => Ok(Some(Frame::Body(body))),
    }
}

fn valid_id(v: Option<&Value>) -> bool {
    match v {
        None | Some(Value::Null) | Some(Value::String(_)) => true,
        Some(Value::Number(n)) => n.is_i64() || n.is_u64(),
        _ => false,
    }
}

/// Check a body: `Ok` to forward, `Err(error response)` to answer instead.
fn check(body: &[u8]) -> Result<(), Value> {
    let err = |code: i64, msg: &str, id: Value| json!({"jsonrpc": "2.0", "error": {"code": code, "message": msg}, "id": id});
    let v: Value = match serde_json::from_slice(body) {
        Ok(v) => v,
        Err(e) => return Err(err(-32700, &format!("Parse error: {e}"), Value::Null)),
    };
    let Some(o) = v.as_object() else {
        return Err(err(
            -32600,
            "Invalid request: not a JSON object",
            Value::Null,
        ));
    };
    let id = o.get("id").cloned().unwrap_or(Value::Null);
    let id_for_error = if valid_id(Some(&id)) { id } else { Value::Null };
    if o.get("jsonrpc").and_then(Value::as_str) != Some("2.0") {
        return Err(err(
            -32600,
            "Invalid request: `jsonrpc` must be \"2.0\"",
            id_for_error,
        ));
    }
    if !valid_id(o.get("id")) {
        return Err(err(-32600, "Invalid request: bad `id`", Value::Null));
    }
    let is_request = o.get("method").is_some_and(Value::is_string);
    let is_response = o.contains_key("id") && (o.contains_key("result") || o.contains_key("error"));
    if o.contains_key("method") && !is_request {
        return Err(err(
            -32600,
            "Invalid request: `method` must be a string",
            id_for_error,
        ));
    }
    if !is_request && !is_response {
        return Err(err(
            -32600,
            "Invalid request: neither a request nor a response",
            id_for_error,
        ));
    }
    if let Some(p) = o.get("params") {
        if !(p.is_object() || p.is_array() || p.is_null()) {
            return Err(err(
                -32600,
                "Invalid request: `params` must be an object or array",
                id_for_error,
            ));
        }
    }
    if is_response {
        if let Some(e) = o.get("error") {
            let ok = e.get("code").is_some_and(|c| c.is_i64())
                && e.get("message").is_some_and(Value::is_string);
            if !ok {
                return Err(err(-32600, "Invalid response error object", Value::Null));
            }
        }
    }
    Ok(())
}

fn frame_bytes(body: &[u8]) -> Vec<u8> {
    let mut out = format!("Content-Length: {}\r\n\r\n", body.len()).into_bytes();
    out.extend_from_slice(body);
    out
}

/// What the writer thread receives.
pub enum Out {
    Frame(Vec<u8>),
    /// Everything before was written and flushed: acknowledge.
    Sync(std::sync::mpsc::Sender<()>),
}

/// The server's input: bytes of well-formed frames from the reader thread.
pub struct ChannelReader {
    rx: mpsc::UnboundedReceiver<Vec<u8>>,
    pending: Vec<u8>,
    pos: usize,
}

impl AsyncRead for ChannelReader {
    fn poll_read(
        mut self: Pin<&mut Self>,
        cx: &mut Context<'_>,
        buf: &mut ReadBuf<'_>,
    ) -> Poll<std::io::Result<()>> {
        if self.pos >= self.pending.len() {
            match self.rx.poll_recv(cx) {
                Poll::Ready(Some(bytes)) => {
                    self.pending = bytes;
                    self.pos = 0;
                }
                Poll::Ready(None) => return Poll::Ready(Ok(())), // EOF
                Poll::Pending => return Poll::Pending,
            }
        }
        let n = buf.remaining().min(self.pending.len() - self.pos);
        let start = self.pos;
        buf.put_slice(&self.pending[start..start + n]);
        self.pos += n;
        Poll::Ready(Ok(()))
    }
}

/// The server's output: collected, then sent to the writer thread at each flush.
pub struct ChannelWriter {
    tx: std::sync::mpsc::Sender<Out>,
    buf: Vec<u8>,
}

impl ChannelWriter {
    fn send(&mut self) -> std::io::Result<()> {
        if self.buf.is_empty() {
            return Ok(());
        }
        let bytes = std::mem::take(&mut self.buf);
        self.tx
            .send(Out::Frame(bytes))
            .map_err(|_| std::io::Error::new(std::io::ErrorKind::BrokenPipe, "stdout closed"))
    }
}

impl AsyncWrite for ChannelWriter {
    fn poll_write(
        mut self: Pin<&mut Self>,
        _: &mut Context<'_>,
        data: &[u8],
    ) -> Poll<std::io::Result<usize>> {
        self.buf.extend_from_slice(data);
        Poll::Ready(Ok(data.len()))
    }
    fn poll_flush(mut self: Pin<&mut Self>, _: &mut Context<'_>) -> Poll<std::io::Result<()>> {
        Poll::Ready(self.send())
    }
    fn poll_shutdown(mut self: Pin<&mut Self>, _: &mut Context<'_>) -> Poll<std::io::Result<()>> {
        Poll::Ready(self.send())
    }
}

/// Start the reader and writer threads on stdin/stdout; returns the server's ends and a handle
/// to wait for the output to be written.
pub fn start() -> (ChannelReader, ChannelWriter, std::sync::mpsc::Sender<Out>) {
    let (in_tx, in_rx) = mpsc::unbounded_channel::<Vec<u8>>();
    let (out_tx, out_rx) = std::sync::mpsc::channel::<Out>();
    std::thread::Builder::new()
        .name("lsp-stdout".into())
        .spawn(move || {
            let stdout = std::io::stdout();
            let mut w = stdout.lock();
            for msg in out_rx {
                match msg {
                    Out::Frame(bytes) => {
                        if w.write_all(&bytes).and_then(|()| w.flush()).is_err() {
                            return;
                        }
                    }
                    Out::Sync(ack) => {
                        let _ = w.flush();
                        let _ = ack.send(());
                    }
                }
            }
        })
        .ok();
    let errors = out_tx.clone();
    std::thread::Builder::new()
        .name("lsp-stdin".into())
        .spawn(move || {
            let stdin = std::io::stdin();
            let mut r = std::io::BufReader::with_capacity(1 << 16, stdin.lock());
            pump(&mut r, &in_tx, &errors);
        })
        .ok();
    let reader = ChannelReader {
        rx: in_rx,
        pending: Vec::new(),
        pos: 0,
    };
    let writer = ChannelWriter {
        tx: out_tx.clone(),
        buf: Vec::new(),
    };
    (reader, writer, out_tx)
}

/// Wait (up to `timeout`) until everything sent so far is written to stdout.
pub fn drain(out: &std::sync::mpsc::Sender<Out>, timeout: std::time::Duration) {
    let (ack_tx, ack_rx) = std::sync::mpsc::channel();
    if out.send(Out::Sync(ack_tx)).is_ok() {
        let _ = ack_rx.recv_timeout(timeout);
    }
}

/// Read frames from `r` until EOF: forward well-formed ones to the server, answer the others.
fn pump<R: BufRead>(
    r: &mut R,
    to_server: &mpsc::UnboundedSender<Vec<u8>>,
    errors: &std::sync::mpsc::Sender<Out>,
) {
    loop {
        match read_frame(r) {
            Ok(Some(Frame::Body(body))) => match check(&body) {
                Ok(()) => {
                    if to_server.send(frame_bytes(&body)).is_err() {
                        return;
                    }
                }
                Err(resp) => {
                    tracing::warn!("rejected a malformed message: {}", resp["error"]["message"]);
                    let _ = errors.send(Out::Frame(frame_bytes(resp.to_string().as_bytes())));
                }
            },
            Ok(Some(Frame::Bad(msg))) => {
                tracing::warn!("rejected a malformed frame: {msg}");
                let resp = json!({"jsonrpc": "2.0", "error": {"code": -32700, "message": msg}, "id": null});
                let _ = errors.send(Out::Frame(frame_bytes(resp.to_string().as_bytes())));
            }
            Ok(None) | Err(_) => return, // EOF: dropping the sender ends the server's input
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn checks() {
        assert!(check(br#"{"jsonrpc":"2.0","id":1,"method":"x"}"#).is_ok());
        assert!(check(br#"{"jsonrpc":"2.0","method":"x","params":{}}"#).is_ok());
        assert!(check(br#"{"jsonrpc":"2.0","id":1,"result":null}"#).is_ok());
        assert_eq!(check(b"{not json").unwrap_err()["error"]["code"], -32700);
        assert_eq!(check(b"[1]").unwrap_err()["error"]["code"], -32600);
        assert_eq!(
            check(br#"{"jsonrpc":"2.0","id":{},"method":"x"}"#).unwrap_err()["id"],
            Value::Null
        );
        assert_eq!(
            check(br#"{"jsonrpc":"2.0","id":7,"method":3}"#).unwrap_err()["id"],
            7
        );
        assert!(check(br#"{"jsonrpc":"2.0","id":7,"method":"x","params":3}"#).is_err());
        assert!(check(br#"{"id":7,"method":"x"}"#).is_err());
    }
}
