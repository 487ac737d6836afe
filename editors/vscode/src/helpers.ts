// Pure helpers of the detlint extension. This module must not import `vscode`: it is unit-tested
// with `node --test` outside the editor (test/helpers.test.mjs).

import * as fs from "node:fs";
import * as path from "node:path";

/** Where the server executable came from. */
export type ServerSource = "env" | "setting" | "bundled";

/** The outcome of resolving the server executable. */
export type Resolution = { path: string; source: ServerSource } | { error: string };

/** What `resolveServerPath` looks at (injected so it can be tested). */
export interface ResolveInput {
  /** Environment variables (`DETLINT_SERVER_PATH` wins over everything). */
  env: Record<string, string | undefined>;
  /** The `detlint.path` setting. */
  setting?: string | null;
  /** The extension's install folder (the bundled binary lives in `bin/`). */
  extensionPath: string;
  /** `process.platform`. */
  platform: string;
  /** The user's home folder, for `~/` in the setting. */
  home?: string;
  /** The first workspace folder, for relative paths in the setting. */
  workspaceFolder?: string;
  /** Whether a file exists and is a file (default: `fs.statSync`). */
  isFile?: (p: string) => boolean;
}

/** The name of the environment variable that names the server for tests. */
export const SERVER_PATH_ENV = "DETLINT_SERVER_PATH";

/** The executable's file name on a platform. */
export function binaryName(platform: string): string {
  return platform === "win32" ? "detlint.exe" : "detlint";
}

function defaultIsFile(p: string): boolean {
  try {
    return fs.statSync(p).isFile();
  } catch {
    return false;
  }
}

/** Expand `~/` and make a relative setting absolute against the workspace folder. */
export function expandPath(p: string, home?: string, workspaceFolder?: string): string {
  let out = p.trim();
  if (home && (out === "~" || out.startsWith("~/"))) {
    out = path.join(home, out.slice(1));
  }
  if (!path.isAbsolute(out) && workspaceFolder && (out.includes("/") || out.includes("\\"))) {
    out = path.join(workspaceFolder, out);
  }
  return out;
}

/**
 * Find the server executable: the `DETLINT_SERVER_PATH` environment variable, then the
 * `detlint.path` setting, then the binary bundled in the extension under `bin/`; otherwise an
 * error message that says what to do. A bare command name in the setting (`detlint`) is left to
 * the operating system's PATH lookup.
 */
export function resolveServerPath(input: ResolveInput): Resolution {
  const isFile = input.isFile ?? defaultIsFile;
  const fromEnv = input.env[SERVER_PATH_ENV]?.trim();
  if (fromEnv) {
    const p = expandPath(fromEnv, input.home);
    if (path.isAbsolute(p) && !isFile(p)) {
      return { error: `${SERVER_PATH_ENV} names ${p}, which is not a file.` };
    }
    return { path: p, source: "env" };
  }
  const fromSetting = input.setting?.trim();
  if (fromSetting) {
    const p = expandPath(fromSetting, input.home, input.workspaceFolder);
    if (path.isAbsolute(p) && !isFile(p)) {
      return {
        error: `The setting detlint.path names ${p}, which is not a file. Fix the setting or clear it to use the bundled server.`,
      };
    }
    return { path: p, source: "setting" };
  }
  const bundled = path.join(input.extensionPath, "bin", binaryName(input.platform));
  if (isFile(bundled)) {
    return { path: bundled, source: "bundled" };
  }
  return {
    error:
      "detlint: no language server found. This build of the extension bundles no binary for " +
      `${input.platform}. Install detlint (cargo install --path . in the detlint repository) and ` +
      "set detlint.path to the executable.",
  };
}

/** A document filter as VS Code's `DocumentSelector` takes it. */
export interface DocumentFilter {
  language?: string;
  scheme?: string;
  pattern?: string;
}

/**
 * The documents the client sends to the server. YAML (Sigma, Splunk, Sentinel, Panther metadata),
 * TOML (Elastic; VS Code has no built-in TOML language, so also by file pattern) and Python
 * (Panther). The extension defines no language of its own, so it never changes how unrelated
 * YAML/TOML/Python files are edited; the server publishes nothing for files that are not rules.
 */
export const DOCUMENT_SELECTOR: DocumentFilter[] = [
  { scheme: "file", language: "yaml" },
  { scheme: "untitled", language: "yaml" },
  { scheme: "file", pattern: "**/*.{yml,yaml}" },
  { scheme: "file", language: "toml" },
  { scheme: "file", pattern: "**/*.toml" },
  { scheme: "file", language: "python" },
  { scheme: "file", pattern: "**/*.py" },
];

/** File names the client watches (configuration and catalog changes restart the analysis). */
export const WATCHED_FILES = "**/.detlint.toml";

/** Whether a file path is one the selector above claims by pattern (for tests and status). */
export function claimsPath(filePath: string): boolean {
  const base = path.basename(filePath).toLowerCase();
  return /\.(ya?ml|toml|py)$/.test(base);
}

/** Server settings sent as `initializationOptions` and on `workspace/didChangeConfiguration`. */
export interface ServerSettings {
  catalog: string | null;
  severityThreshold: "error" | "warning" | "info";
}

/** Normalize raw settings (unknown values fall back to the defaults). */
export function serverSettings(raw: { catalog?: unknown; severityThreshold?: unknown }): ServerSettings {
  const t = raw.severityThreshold;
  const severityThreshold = t === "error" || t === "warning" || t === "info" ? t : "info";
  const catalog = typeof raw.catalog === "string" && raw.catalog.trim() !== "" ? raw.catalog.trim() : null;
  return { catalog, severityThreshold };
}

/**
 * Whether a diagnostic of VS Code severity `severity` (0 error, 1 warning, 2 information, 3 hint)
 * is shown under `threshold`. Applied by the client, so the setting works with any server.
 */
export function keepDiagnostic(severity: number | undefined, threshold: ServerSettings["severityThreshold"]): boolean {
  const limit = threshold === "error" ? 0 : threshold === "warning" ? 1 : 3;
  return (severity ?? 0) <= limit;
}

const TECHNIQUE = /(?:attack\.)?(t\d{4}(?:\.\d{3})?)/gi;

/**
 * The ATT&CK technique id under `character` (0-based UTF-16 column) in `line`, upper-cased
 * (`T1059.001`), or undefined. Accepts `T1059`, `T1059.001` and Sigma's `attack.t1059.001`.
 */
export function techniqueAt(line: string, character: number): string | undefined {
  TECHNIQUE.lastIndex = 0;
  let m: RegExpExecArray | null;
  while ((m = TECHNIQUE.exec(line)) !== null) {
    const start = m.index;
    const end = start + m[0].length;
    const before = start > 0 ? line[start - 1] : "";
    const after = line[end] ?? "";
    if (/[A-Za-z0-9_]/.test(before) || /[0-9]/.test(after)) {
      continue;
    }
    if (character >= start && character <= end) {
      return m[1].toUpperCase();
    }
  }
  return undefined;
}

/** The custom request the server answers with a catalog guide (see docs/editors.md). */
export const SHOW_GUIDE_REQUEST = "detlint/showGuide";

/** The command name, also accepted by the server through `workspace/executeCommand`. */
export const SHOW_GUIDE_COMMAND = "detlint.showGuide";

/** The reply of `detlint/showGuide`. */
export interface GuideResult {
  technique: string;
  title: string;
  markdown: string;
}

/** Escape text for HTML. */
export function escapeHtml(s: string): string {
  return s.replace(/[&<>"']/g, (c) => ({ "&": "&amp;", "<": "&lt;", ">": "&gt;", '"': "&quot;", "'": "&#39;" })[c] ?? c);
}

/** The webview page for a guide; `bodyHtml` is rendered Markdown (trusted: from VS Code's renderer). */
export function guidePage(guide: GuideResult, bodyHtml: string, nonce: string): string {
  return `<!DOCTYPE html>
<html lang="en">
<head>
<meta charset="UTF-8">
<meta http-equiv="Content-Security-Policy" content="default-src 'none'; style-src 'nonce-${nonce}';">
<meta name="viewport" content="width=device-width, initial-scale=1.0">
<title>${escapeHtml(guide.technique)}</title>
<style nonce="${nonce}">body { font-family: var(--vscode-font-family); padding: 0 1em; } pre { white-space: pre-wrap; }</style>
</head>
<body>
<h1>${escapeHtml(guide.technique)} — ${escapeHtml(guide.title)}</h1>
${bodyHtml}
</body>
</html>`;
}
