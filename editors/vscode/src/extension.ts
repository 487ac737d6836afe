// The detlint VS Code extension: starts `detlint lsp` and wires the commands.

import * as crypto from "node:crypto";
import * as os from "node:os";
import * as vscode from "vscode";
import {
  LanguageClient,
  LanguageClientOptions,
  ResponseError,
  ServerOptions,
  State,
  TransportKind,
} from "vscode-languageclient/node";
import {
  DOCUMENT_SELECTOR,
  GuideResult,
  keepDiagnostic,
  SHOW_GUIDE_REQUEST,
  WATCHED_FILES,
  guidePage,
  escapeHtml,
  resolveServerPath,
  serverSettings,
  techniqueAt,
} from "./helpers";

let client: LanguageClient | undefined;
let output: vscode.LogOutputChannel | undefined;

function settings() {
  const c = vscode.workspace.getConfiguration("detlint");
  return serverSettings({ catalog: c.get("catalog"), severityThreshold: c.get("severityThreshold") });
}

async function start(context: vscode.ExtensionContext): Promise<void> {
  const resolved = resolveServerPath({
    env: process.env,
    setting: vscode.workspace.getConfiguration("detlint").get<string | null>("path"),
    extensionPath: context.extensionPath,
    platform: process.platform,
    home: os.homedir(),
    workspaceFolder: vscode.workspace.workspaceFolders?.[0]?.uri.fsPath,
  });
  if ("error" in resolved) {
    void vscode.window.showErrorMessage(resolved.error, "Open Settings").then((choice) => {
      if (choice) {
        void vscode.commands.executeCommand("workbench.action.openSettings", "detlint.path");
      }
    });
    return;
  }
  output?.info(`starting ${resolved.path} lsp (from ${resolved.source})`);
  const serverOptions: ServerOptions = {
    command: resolved.path,
    args: ["lsp"],
    transport: TransportKind.stdio,
  };
  const clientOptions: LanguageClientOptions = {
    documentSelector: DOCUMENT_SELECTOR as LanguageClientOptions["documentSelector"],
    initializationOptions: settings(),
    outputChannel: output,
    middleware: {
      handleDiagnostics: (uri, diagnostics, next) => {
        const threshold = settings().severityThreshold;
        next(uri, diagnostics.filter((d) => keepDiagnostic(d.severity, threshold)));
      },
    },
    synchronize: {
      configurationSection: "detlint",
      fileEvents: vscode.workspace.createFileSystemWatcher(WATCHED_FILES),
    },
  };
  client = new LanguageClient("detlint", "detlint Language Server", serverOptions, clientOptions);
  await client.start();
}

async function stop(): Promise<void> {
  const c = client;
  client = undefined;
  if (c && c.state !== State.Stopped) {
    await c.stop();
  }
}

async function showGuide(context: vscode.ExtensionContext): Promise<void> {
  const editor = vscode.window.activeTextEditor;
  if (!editor) {
    void vscode.window.showInformationMessage("detlint: open a rule and put the cursor on an ATT&CK technique.");
    return;
  }
  const pos = editor.selection.active;
  const local = techniqueAt(editor.document.lineAt(pos.line).text, pos.character);
  if (!client || client.state !== State.Running) {
    void vscode.window.showErrorMessage("detlint: the language server is not running.");
    return;
  }
  let guide: GuideResult | null = null;
  try {
    guide = await client.sendRequest<GuideResult | null>(SHOW_GUIDE_REQUEST, {
      textDocument: { uri: editor.document.uri.toString() },
      position: { line: pos.line, character: pos.character },
      technique: local ?? null,
    });
  } catch (e) {
    const msg = e instanceof ResponseError && e.code === -32601
      ? "this detlint server does not provide catalog guides yet (detlint/showGuide)."
      : e instanceof Error
        ? e.message
        : String(e);
    void vscode.window.showErrorMessage(`detlint: ${msg}`);
    return;
  }
  if (!guide) {
    void vscode.window.showInformationMessage(
      local ? `detlint: the catalog has no guide for ${local}.` : "detlint: no ATT&CK technique under the cursor.",
    );
    return;
  }
  let body: string;
  try {
    body = await vscode.commands.executeCommand<string>("markdown.api.render", guide.markdown);
  } catch {
    body = `<pre>${escapeHtml(guide.markdown)}</pre>`;
  }
  const panel = vscode.window.createWebviewPanel(
    "detlint.guide",
    `detlint: ${guide.technique}`,
    vscode.ViewColumn.Beside,
    { enableScripts: false },
  );
  panel.webview.html = guidePage(guide, body, crypto.randomBytes(16).toString("hex"));
  context.subscriptions.push(panel);
}

/** Called by VS Code when a YAML, TOML or Python file opens. */
export async function activate(context: vscode.ExtensionContext): Promise<void> {
  output = vscode.window.createOutputChannel("detlint", { log: true });
  context.subscriptions.push(output);
  context.subscriptions.push(
    vscode.commands.registerCommand("detlint.restartServer", async () => {
      await stop();
      await start(context);
    }),
    vscode.commands.registerCommand("detlint.showGuide", () => showGuide(context)),
    vscode.workspace.onDidChangeConfiguration(async (e) => {
      if (e.affectsConfiguration("detlint.path") || e.affectsConfiguration("detlint.severityThreshold")) {
        await stop();
        await start(context);
      }
    }),
  );
  await start(context);
}

/** Called by VS Code on shutdown. */
export async function deactivate(): Promise<void> {
  await stop();
}
