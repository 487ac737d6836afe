//! A guard between stdio and tower-lsp-server's transport.
//!
//! tower-lsp-server stops reading (and the server exits) after the first frame it cannot decode
//! (malformed JSON, a message that is neither a request nor a response, a bad header), because
//! tokio-util's `FramedRead` ends the stream after a decoder error. This layer reads the frames
//! itself, forwards only well-formed JSON-RPC messages to the server, and answers the others
//! with a JSON-RPC error (`-32700` parse error, `-32600` invalid request) written between the
//! server's own frames.

use serde_json::{json, Value};
use tokio::io::{AsyncBufRead, AsyncBufReadExt, AsyncReadExt, AsyncWrite, AsyncWriteExt};
use tokio::sync::mpsc;

/// Bodies above this size are discarded (answered with an error) instead of buffered.
const MAX_BODY: usize = 256 << 20;

/// One frame read from a stream.
enum Frame {
    Body(Vec<u8>),
    /// A frame that cannot be used (message for the client).
    Bad(String),
}

async fn read_frame<R: AsyncBufRead + Unpin>(r: &mut R) -> std::io::Result<Option<Frame>> {
    let mut len: Option<usize> = None;
    let mut bad_header = None;
    let mut saw_any = false;
    loop {
        let mut line = Vec::new();
        let n = r.read_until(b'\n', &mut line).await?;
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
        let mut left = len as u64;
        let mut sink = tokio::io::sink();
        let copied = tokio::io::copy(&mut (&mut *r).take(left), &mut sink).await?;
        left -= copied;
        if left > 0 {
            return Ok(None);
        }
        return Ok(Some(Frame::Bad(format!(
            "message of {len} bytes is too large"
        ))));
    }
    let mut body = vec![0; len];
    r.read_exact(&mut body).await?;
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

/// Read client frames from `input`, forward the well-formed ones to `to_server`, send error
/// answers for the others to `errors`.
pub async fn pump_input<R, W>(input: R, mut to_server: W, errors: mpsc::UnboundedSender<Vec<u8>>)
where
    R: tokio::io::AsyncRead + Unpin,
    W: AsyncWrite + Unpin,
{
    let mut r = tokio::io::BufReader::with_capacity(1 << 16, input);
    loop {
        match read_frame(&mut r).await {
            Ok(Some(Frame::Body(body))) => match check(&body) {
                Ok(()) => {
                    if to_server.write_all(&frame_bytes(&body)).await.is_err() {
                        return;
                    }
                    let _ = to_server.flush().await;
                }
                Err(resp) => {
                    tracing::warn!("rejected a malformed message: {}", resp["error"]["message"]);
                    let _ = errors.send(frame_bytes(resp.to_string().as_bytes()));
                }
            },
            Ok(Some(Frame::Bad(msg))) => {
                tracing::warn!("rejected a malformed frame: {msg}");
                let resp = json!({"jsonrpc": "2.0", "error": {"code": -32700, "message": msg}, "id": null});
                let _ = errors.send(frame_bytes(resp.to_string().as_bytes()));
            }
            Ok(None) | Err(_) => {
                let _ = to_server.shutdown().await;
                return;
            }
        }
    }
}

/// Split the server's output into frames and send them, whole, to `frames`.
pub async fn pump_output<R>(output: R, frames: mpsc::UnboundedSender<Vec<u8>>)
where
    R: tokio::io::AsyncRead + Unpin,
{
    let mut r = tokio::io::BufReader::with_capacity(1 << 16, output);
    while let Ok(Some(Frame::Body(body))) = read_frame(&mut r).await {
        if frames.send(frame_bytes(&body)).is_err() {
            return;
        }
    }
}

/// Write frames from the server and error answers to `out`, one whole frame at a time.
pub async fn write_frames<W: AsyncWrite + Unpin>(
    mut out: W,
    mut server: mpsc::UnboundedReceiver<Vec<u8>>,
    mut errors: mpsc::UnboundedReceiver<Vec<u8>>,
) {
    let mut errors_open = true;
    loop {
        let frame = tokio::select! {
            f = server.recv() => match f { Some(f) => f, None => break },
            f = errors.recv(), if errors_open => match f {
                Some(f) => f,
                None => { errors_open = false; continue; }
            },
        };
        if out.write_all(&frame).await.is_err() {
            return;
        }
        let _ = out.flush().await;
    }
    let _ = out.flush().await;
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
