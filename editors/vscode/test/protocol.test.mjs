// The protocol as VS Code's client speaks it (vscode-languageserver-protocol, the library under
// vscode-languageclient), against the real `detlint lsp`. The server is DETLINT_SERVER_PATH, else
// DETLINT_BIN, else ../../target/debug/detlint. Skipped with a message while the binary has no
// `lsp` subcommand.
import { test } from "node:test";
import assert from "node:assert/strict";
import { spawn, spawnSync } from "node:child_process";
import * as fs from "node:fs";
import * as path from "node:path";
import { fileURLToPath, pathToFileURL } from "node:url";
import {
  createProtocolConnection,
  StreamMessageReader,
  StreamMessageWriter,
  InitializeRequest,
  InitializedNotification,
  DidOpenTextDocumentNotification,
  PublishDiagnosticsNotification,
  CodeActionRequest,
  HoverRequest,
  ShutdownRequest,
  ExitNotification,
} from "vscode-languageserver-protocol/node";

const here = path.dirname(fileURLToPath(import.meta.url));
const repo = path.resolve(here, "..", "..", "..");
const server =
  process.env.DETLINT_SERVER_PATH || process.env.DETLINT_BIN || path.join(repo, "target", "debug", "detlint");
const fixture = path.join(repo, "tests", "editors", "fixtures", "sigma_bad.yml");

function lspMissing() {
  if (!fs.existsSync(server)) return `${server} does not exist (cargo build first)`;
  const r = spawnSync(server, ["lsp", "--help"], { encoding: "utf8" });
  if (r.status !== 0 && /unrecognized subcommand/.test(r.stderr)) return `${server} has no \`lsp\` subcommand yet`;
  return null;
}

const missing = lspMissing();
if (missing) console.log(`skipping: ${missing}`);

test("initialize, didOpen a Sigma rule, publishDiagnostics, hover, codeAction", { skip: missing ?? false, timeout: 30000 }, async () => {
  const child = spawn(server, ["lsp"], { stdio: ["pipe", "pipe", "inherit"], cwd: repo });
  const conn = createProtocolConnection(new StreamMessageReader(child.stdout), new StreamMessageWriter(child.stdin));
  const uri = pathToFileURL(fixture).href;
  const published = new Promise((resolve) => {
    conn.onNotification(PublishDiagnosticsNotification.type, (p) => {
      if (p.uri === uri && p.diagnostics.length > 0) resolve(p);
    });
  });
  conn.listen();
  try {
    const init = await conn.sendRequest(InitializeRequest.type, {
      processId: process.pid,
      rootUri: pathToFileURL(repo).href,
      capabilities: {
        textDocument: {
          publishDiagnostics: { relatedInformation: true, codeDescriptionSupport: true },
          codeAction: { codeActionLiteralSupport: { codeActionKind: { valueSet: ["quickfix"] } } },
          hover: { contentFormat: ["markdown", "plaintext"] },
        },
      },
      initializationOptions: { catalog: null, severityThreshold: "info" },
      workspaceFolders: [{ uri: pathToFileURL(repo).href, name: "detlint" }],
    });
    assert.equal(init.capabilities.textDocumentSync !== undefined, true, "server declares textDocumentSync");
    await conn.sendNotification(InitializedNotification.type, {});
    const text = fs.readFileSync(fixture, "utf8");
    await conn.sendNotification(DidOpenTextDocumentNotification.type, {
      textDocument: { uri, languageId: "yaml", version: 1, text },
    });
    let timer;
    const p = await Promise.race([
      published,
      new Promise((_, rej) => {
        timer = setTimeout(() => rej(new Error("no publishDiagnostics within 20 s")), 20000);
      }),
    ]).finally(() => clearTimeout(timer));
    const byCode = new Map(p.diagnostics.map((d) => [String(d.code), d]));
    assert.ok(byCode.has("DL204"), `DL204 in ${[...byCode.keys()]}`);
    assert.ok(byCode.has("DL202"), `DL202 in ${[...byCode.keys()]}`);
    const d204 = byCode.get("DL204");
    assert.deepEqual(d204.range, { start: { line: 15, character: 20 }, end: { line: 15, character: 28 } });
    assert.equal(d204.severity, 1);
    assert.deepEqual(byCode.get("DL202").range.start, { line: 16, character: 33 });
    if (init.capabilities.hoverProvider) {
      const hover = await conn.sendRequest(HoverRequest.type, { textDocument: { uri }, position: d204.range.start });
      assert.ok(hover && hover.contents, "a hover on a diagnostic");
    }
    if (init.capabilities.codeActionProvider) {
      const actions = await conn.sendRequest(CodeActionRequest.type, {
        textDocument: { uri },
        range: d204.range,
        context: { diagnostics: [d204], only: ["quickfix"] },
      });
      const edits = (actions ?? []).flatMap((a) => a.edit?.changes?.[uri] ?? a.edit?.documentChanges?.flatMap((c) => c.edits ?? []) ?? []);
      assert.ok(edits.some((e) => e.newText === "contains"), JSON.stringify(actions));
    }
    await conn.sendRequest(ShutdownRequest.type);
    await conn.sendNotification(ExitNotification.type);
  } finally {
    conn.dispose();
    setTimeout(() => child.kill(), 2000).unref();
  }
});
