// Unit tests of the vscode-free helpers (compiled to out/helpers.js by `node esbuild.mjs`).
import { test } from "node:test";
import assert from "node:assert/strict";
import { createRequire } from "node:module";
import * as fs from "node:fs";
import * as path from "node:path";
import { fileURLToPath } from "node:url";

const require = createRequire(import.meta.url);
const h = require("../out/helpers.js");
const here = path.dirname(fileURLToPath(import.meta.url));
const pkg = JSON.parse(fs.readFileSync(path.join(here, "..", "package.json"), "utf8"));

const files = (...present) => (p) => present.includes(p);

test("the environment variable wins over the setting and the bundled binary", () => {
  const r = h.resolveServerPath({
    env: { DETLINT_SERVER_PATH: "/opt/env/detlint" },
    setting: "/opt/setting/detlint",
    extensionPath: "/ext",
    platform: "linux",
    isFile: files("/opt/env/detlint", "/opt/setting/detlint", "/ext/bin/detlint"),
  });
  assert.deepEqual(r, { path: "/opt/env/detlint", source: "env" });
});

test("an environment variable naming a missing file is an error, not a fallback", () => {
  const r = h.resolveServerPath({
    env: { DETLINT_SERVER_PATH: "/nope/detlint" },
    extensionPath: "/ext",
    platform: "linux",
    isFile: files("/ext/bin/detlint"),
  });
  assert.match(r.error, /DETLINT_SERVER_PATH names \/nope\/detlint/);
});

test("the setting comes next, with ~ and workspace-relative paths expanded", () => {
  const base = { env: {}, extensionPath: "/ext", platform: "linux", home: "/home/u", workspaceFolder: "/ws" };
  assert.deepEqual(
    h.resolveServerPath({ ...base, setting: "~/bin/detlint", isFile: files("/home/u/bin/detlint") }),
    { path: "/home/u/bin/detlint", source: "setting" },
  );
  assert.deepEqual(
    h.resolveServerPath({ ...base, setting: "tools/detlint", isFile: files("/ws/tools/detlint") }),
    { path: "/ws/tools/detlint", source: "setting" },
  );
  // A bare command name is left to PATH.
  assert.deepEqual(h.resolveServerPath({ ...base, setting: "detlint", isFile: files() }), {
    path: "detlint",
    source: "setting",
  });
  assert.match(h.resolveServerPath({ ...base, setting: "/missing", isFile: files() }).error, /detlint\.path/);
});

test("empty settings fall through to the bundled binary, per platform", () => {
  const base = { env: { DETLINT_SERVER_PATH: " " }, setting: "", extensionPath: "/ext" };
  assert.deepEqual(h.resolveServerPath({ ...base, platform: "linux", isFile: files("/ext/bin/detlint") }), {
    path: "/ext/bin/detlint",
    source: "bundled",
  });
  assert.deepEqual(
    h.resolveServerPath({ ...base, platform: "win32", isFile: files(path.join("/ext", "bin", "detlint.exe")) }),
    { path: path.join("/ext", "bin", "detlint.exe"), source: "bundled" },
  );
});

test("nothing found gives a message that says what to do", () => {
  const r = h.resolveServerPath({ env: {}, extensionPath: "/ext", platform: "darwin", isFile: files() });
  assert.ok("error" in r);
  assert.match(r.error, /no language server found/);
  assert.match(r.error, /detlint\.path/);
});

test("the selector covers YAML, TOML and Python and defines no language of its own", () => {
  const langs = new Set(h.DOCUMENT_SELECTOR.map((f) => f.language).filter(Boolean));
  assert.deepEqual([...langs].sort(), ["python", "toml", "yaml"]);
  for (const f of h.DOCUMENT_SELECTOR) {
    assert.ok(f.scheme === "file" || f.scheme === "untitled", JSON.stringify(f));
  }
  const patterns = h.DOCUMENT_SELECTOR.map((f) => f.pattern).filter(Boolean);
  assert.ok(patterns.includes("**/*.toml"), "TOML is selected by pattern: VS Code has no TOML language");
  // The extension contributes no language ids or grammars: unrelated files keep their modes.
  assert.equal(pkg.contributes.languages, undefined);
  assert.equal(pkg.contributes.grammars, undefined);
  for (const p of ["rules/a.yml", "x/b.yaml", "c.toml", "rules/d.py"]) assert.ok(h.claimsPath(p), p);
  for (const p of ["README.md", "a.json", "Makefile", "x.yml.bak"]) assert.ok(!h.claimsPath(p), p);
});

test("package.json contributes the documented settings and commands", () => {
  const props = Object.keys(pkg.contributes.configuration.properties).sort();
  assert.deepEqual(props, ["detlint.catalog", "detlint.path", "detlint.severityThreshold", "detlint.trace.server"]);
  const cmds = pkg.contributes.commands.map((c) => c.command).sort();
  assert.deepEqual(cmds, ["detlint.restartServer", "detlint.showGuide"]);
  assert.equal(pkg.main, "./dist/extension.js");
  assert.ok(pkg.repository?.url, "vsce needs a repository");
  assert.ok(fs.existsSync(path.join(here, "..", "LICENSE")), "vsce needs a LICENSE");
});

test("server settings are normalized", () => {
  assert.deepEqual(h.serverSettings({}), { catalog: null, severityThreshold: "info" });
  assert.deepEqual(h.serverSettings({ catalog: " cat.json ", severityThreshold: "warning" }), {
    catalog: "cat.json",
    severityThreshold: "warning",
  });
  assert.deepEqual(h.serverSettings({ catalog: 3, severityThreshold: "loud" }), { catalog: null, severityThreshold: "info" });
});

test("the technique under the cursor", () => {
  const line = "    - attack.t1059.001";
  assert.equal(h.techniqueAt(line, 0), undefined);
  assert.equal(h.techniqueAt(line, 6), "T1059.001");
  assert.equal(h.techniqueAt(line, 15), "T1059.001");
  assert.equal(h.techniqueAt(line, line.length), "T1059.001");
  assert.equal(h.techniqueAt('threat: [{technique: "T1105"}]', 23), "T1105");
  assert.equal(h.techniqueAt("id: XT1105", 6), undefined);
  assert.equal(h.techniqueAt("T10591", 2), undefined);
  assert.equal(h.techniqueAt("T1027 and T1140", 12), "T1140");
});

test("the guide page escapes the title and allows no scripts", () => {
  const html = h.guidePage({ technique: "T1105", title: "<Ingress>", markdown: "" }, "<p>x</p>", "abc");
  assert.match(html, /&lt;Ingress&gt;/);
  assert.match(html, /default-src 'none'/);
  assert.doesNotMatch(html, /<script/);
});

test("the severity threshold filters on the client", () => {
  // VS Code severities: 0 error, 1 warning, 2 information, 3 hint.
  assert.deepEqual([0, 1, 2, 3].map((s) => h.keepDiagnostic(s, "info")), [true, true, true, true]);
  assert.deepEqual([0, 1, 2, 3].map((s) => h.keepDiagnostic(s, "warning")), [true, true, false, false]);
  assert.deepEqual([0, 1, 2, 3].map((s) => h.keepDiagnostic(s, "error")), [true, false, false, false]);
  assert.equal(h.keepDiagnostic(undefined, "error"), true);
});
