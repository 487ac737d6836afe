#!/usr/bin/env python3
"""Replay typing a rule into `detlint lsp`, keystroke by keystroke (standard library only).

Measures, for one server process:

  * spawn -> initialize response, and the initialize round trip
  * didOpen of the whole rule -> its first publishDiagnostics
  * typing: the document starts empty; every character of the rule is typed at the end with an
    incremental didChange (UTF-16 positions), and the time to the publishDiagnostics carrying
    that version is recorded (the next key is sent once it arrives: a fast typist the server
    always keeps up with). Reports p50 / p90 / p99 / max.
  * hover and completion round trips at every field, modifier and tag of the finished rule
  * resident memory of the server (VmRSS and peak VmHWM from /proc)

Usage:
  python3 bench/lsp/replay.py [--rule FILE] [--max-keys N] [--json OUT] -- target/release/detlint lsp

Without --rule, the longest Sigma rule of ../shared/corpus/sigma/rules with at most 300 lines
is used. The workspace root is the rule's folder (so the background index of that folder runs
during the measurement, as in an editor).
"""

import argparse
import json
import os
import queue
import subprocess
import sys
import threading
import time
from pathlib import Path


class Conn:
    def __init__(self, proc):
        self.proc = proc
        self.inbox = queue.Queue()
        self.next_id = 0
        threading.Thread(target=self._read, daemon=True).start()

    def _read(self):
        s = self.proc.stdout
        while True:
            n = None
            while True:
                line = s.readline()
                if not line:
                    self.inbox.put((time.perf_counter(), None))
                    return
                line = line.strip()
                if not line:
                    break
                k, _, v = line.partition(b":")
                if k.strip().lower() == b"content-length":
                    n = int(v.strip())
            body = s.read(n or 0)
            self.inbox.put((time.perf_counter(), json.loads(body)))

    def send(self, msg):
        data = json.dumps(msg, separators=(",", ":")).encode()
        t = time.perf_counter()
        self.proc.stdin.write(b"Content-Length: %d\r\n\r\n" % len(data) + data)
        self.proc.stdin.flush()
        return t

    def request(self, method, params):
        self.next_id += 1
        return self.next_id, self.send({"jsonrpc": "2.0", "id": self.next_id,
                                        "method": method, "params": params})

    def notify(self, method, params):
        return self.send({"jsonrpc": "2.0", "method": method, "params": params})

    def wait(self, pred, timeout=30.0):
        end = time.perf_counter() + timeout
        while True:
            try:
                t, m = self.inbox.get(timeout=max(0.0, end - time.perf_counter()))
            except queue.Empty:
                raise RuntimeError("timeout")
            if m is None:
                raise RuntimeError("server closed its output")
            if "method" in m and "id" in m:  # server request: answer it
                self.send({"jsonrpc": "2.0", "id": m["id"], "result": None})
                continue
            if pred(m):
                return t, m

    def call(self, method, params):
        rid, t0 = self.request(method, params)
        t1, m = self.wait(lambda m: m.get("id") == rid and "method" not in m)
        return (t1 - t0) * 1000, m


def pct(v, p):
    if not v:
        return float("nan")
    v = sorted(v)
    k = (len(v) - 1) * p / 100.0
    lo = int(k)
    hi = min(lo + 1, len(v) - 1)
    return v[lo] + (v[hi] - v[lo]) * (k - lo)


def stats(v):
    return {"n": len(v), "p50": pct(v, 50), "p90": pct(v, 90), "p99": pct(v, 99),
            "max": max(v) if v else float("nan")}


def fmt(s):
    return "n=%d  p50 %.2f  p90 %.2f  p99 %.2f  max %.2f ms" % (
        s["n"], s["p50"], s["p90"], s["p99"], s["max"])


def mem_kib(pid):
    out = {}
    try:
        with open("/proc/%d/status" % pid) as f:
            for line in f:
                if line.startswith(("VmRSS:", "VmHWM:")):
                    out[line.split(":")[0]] = int(line.split()[1])
    except OSError:
        pass
    return out


def utf16_len(s):
    return len(s.encode("utf-16-le")) // 2


def default_rule():
    root = Path(__file__).resolve().parents[2] / ".." / "shared" / "corpus" / "sigma" / "rules"
    best = None
    for p in root.rglob("*.yml"):
        try:
            n = p.read_text(encoding="utf-8").count("\n")
        except (OSError, UnicodeDecodeError):
            continue
        if n <= 300 and (best is None or n > best[0]):
            best = (n, p)
    if best is None:
        sys.exit("no --rule given and ../shared/corpus not present")
    return best[1]


def main():
    ap = argparse.ArgumentParser()
    ap.add_argument("--rule", default=None)
    ap.add_argument("--max-keys", type=int, default=0, help="stop typing after N keys (0: all)")
    ap.add_argument("--json", default=None)
    ap.add_argument("cmd", nargs=argparse.REMAINDER)
    a = ap.parse_args()
    cmd = a.cmd[1:] if a.cmd and a.cmd[0] == "--" else a.cmd
    if not cmd:
        ap.error("give the server command after --")
    rule = Path(a.rule).resolve() if a.rule else default_rule().resolve()
    text = rule.read_text(encoding="utf-8")
    uri = rule.as_uri()
    res = {"rule": str(rule), "lines": text.count("\n"), "bytes": len(text.encode())}

    t_spawn = time.perf_counter()
    proc = subprocess.Popen(cmd, stdin=subprocess.PIPE, stdout=subprocess.PIPE,
                            stderr=subprocess.DEVNULL, bufsize=0)
    c = Conn(proc)
    root = rule.parent
    ms, resp = c.call("initialize", {
        "processId": os.getpid(), "rootUri": root.as_uri(),
        "workspaceFolders": [{"uri": root.as_uri(), "name": root.name}],
        "capabilities": {"textDocument": {"publishDiagnostics": {"versionSupport": True}}}})
    res["spawn_to_initialize_ms"] = (time.perf_counter() - t_spawn) * 1000
    res["initialize_roundtrip_ms"] = ms
    c.notify("initialized", {})

    def diag_for(u, version):
        return lambda m: (m.get("method") == "textDocument/publishDiagnostics"
                          and m["params"]["uri"] == u and m["params"].get("version") == version)

    # didOpen of the whole rule
    t0 = c.notify("textDocument/didOpen", {"textDocument": {
        "uri": uri, "languageId": "yaml", "version": 1, "text": text}})
    t1, m = c.wait(diag_for(uri, 1))
    res["open_to_diagnostics_ms"] = (t1 - t0) * 1000
    res["open_diagnostics"] = len(m["params"]["diagnostics"])

    # hover / completion over the finished rule
    hov, comp = [], []
    for ln, line in enumerate(text.split("\n")):
        s = line.strip()
        if not s or s.startswith("#"):
            continue
        col = utf16_len(line[: len(line) - len(line.lstrip())]) + 1
        pos = {"line": ln, "character": col}
        ms, _ = c.call("textDocument/hover", {"textDocument": {"uri": uri}, "position": pos})
        hov.append(ms)
        end = {"line": ln, "character": utf16_len(line)}
        ms, _ = c.call("textDocument/completion", {"textDocument": {"uri": uri}, "position": end})
        comp.append(ms)
    res["hover_ms"] = stats(hov)
    res["completion_ms"] = stats(comp)

    # typing the rule into a new, empty document next to it
    turi = (root / ("typed-" + rule.name)).as_uri()
    c.notify("textDocument/didOpen", {"textDocument": {
        "uri": turi, "languageId": "yaml", "version": 1, "text": ""}})
    c.wait(diag_for(turi, 1))
    line, col, version = 0, 0, 1
    samples = []
    keys = text if not a.max_keys else text[: a.max_keys]
    for ch in keys:
        version += 1
        rng = {"start": {"line": line, "character": col}, "end": {"line": line, "character": col}}
        t0 = c.notify("textDocument/didChange", {
            "textDocument": {"uri": turi, "version": version},
            "contentChanges": [{"range": rng, "text": ch}]})
        t1, _ = c.wait(diag_for(turi, version))
        samples.append((t1 - t0) * 1000)
        if ch == "\n":
            line, col = line + 1, 0
        else:
            col += utf16_len(ch)
    res["keystroke_to_diagnostics_ms"] = stats(samples)
    ms, m = c.call("detlint/documentText", {"uri": turi})
    res["typed_text_matches"] = (m.get("result") or {}).get("text") == keys
    res["memory_kib"] = mem_kib(proc.pid)

    c.call("shutdown", None)
    c.notify("exit", None)
    try:
        proc.wait(timeout=5)
    except subprocess.TimeoutExpired:
        proc.kill()

    print("rule:                  %s (%d lines, %d bytes)" % (res["rule"], res["lines"], res["bytes"]))
    print("spawn -> initialize:   %.1f ms (round trip %.2f ms)" % (
        res["spawn_to_initialize_ms"], res["initialize_roundtrip_ms"]))
    print("didOpen -> diagnostics: %.2f ms (%d diagnostics)" % (
        res["open_to_diagnostics_ms"], res["open_diagnostics"]))
    print("keystroke -> diags:    %s" % fmt(res["keystroke_to_diagnostics_ms"]))
    print("hover:                 %s" % fmt(res["hover_ms"]))
    print("completion:            %s" % fmt(res["completion_ms"]))
    print("typed text matches:    %s" % res["typed_text_matches"])
    print("memory:                RSS %.1f MiB, peak %.1f MiB" % (
        res["memory_kib"].get("VmRSS", 0) / 1024, res["memory_kib"].get("VmHWM", 0) / 1024))
    if a.json:
        with open(a.json, "w") as f:
            json.dump(res, f, indent=2)
    return 0 if res["typed_text_matches"] else 1


if __name__ == "__main__":
    sys.exit(main())
