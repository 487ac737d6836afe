//! The `LanguageServer` implementation: lifecycle, document sync, workspace indexing and the
//! feature requests (delegated to the feature modules).

use super::text::{Document, Snapshot};
use super::{actions, analysis, completion, hover, navigate, path_of, Backend, DocState};
use crate::source::PositionEncoding;
use serde_json::{json, Value};
use std::path::PathBuf;
use std::sync::atomic::Ordering;
use tower_lsp_server::jsonrpc::Result;
use tower_lsp_server::ls_types::*;
use tower_lsp_server::LanguageServer;

/// A small rule linted once at start-up so lazily loaded data is ready for the first document.
const WARM_UP_RULE: &str = "title: Warm up\nid: 00000000-0000-4000-8000-000000000000\nstatus: test\nlogsource:\n    product: windows\n    category: process_creation\ndetection:\n    selection:\n        Image|endswith: '\\\\x.exe'\n    condition: selection\ntags:\n    - attack.execution\n    - attack.t1059\nlevel: low\n";

/// Files whose change matters to open documents: the configuration and rule files.
const WATCHED: &[&str] = &["**/.detlint.toml", "**/*.{yml,yaml,toml,json,py}"];

impl Backend {
    /// `detlint/documentText`: the server's copy of a document (used by tests and debugging).
    pub async fn document_text(&self, params: TextDocumentIdentifier) -> Result<Value> {
        Ok(match self.state.docs.get(&params.uri) {
            Some(st) => json!({ "version": st.doc.version, "text": st.doc.text() }),
            None => Value::Null,
        })
    }

    async fn index_workspace(&self) {
        let roots: Vec<PathBuf> = self
            .state
            .roots
            .lock()
            .map(|r| r.clone())
            .unwrap_or_default()
            .into_iter()
            .filter(|r| r.is_dir())
            .collect();
        if roots.is_empty() {
            self.state.index_ready.store(true, Ordering::Release);
            return;
        }
        let files = tokio::task::spawn_blocking(move || {
            crate::cli::check::collect_files(&roots).unwrap_or_default()
        })
        .await
        .unwrap_or_default();
        let progress = if self.state.progress_supported.load(Ordering::Acquire) {
            let token = NumberOrString::String("detlint/index".into());
            match self.client.create_work_done_progress(token.clone()).await {
                Ok(()) => Some(
                    self.client
                        .progress(token, "detlint: indexing rules")
                        .with_percentage(0)
                        .with_message(format!("0/{} files", files.len()))
                        .begin()
                        .await,
                ),
                Err(_) => None,
            }
        } else {
            None
        };
        let total = files.len().max(1);
        let mut done = 0;
        for chunk in files.chunks(100) {
            let chunk: Vec<PathBuf> = chunk
                .iter()
                .filter(|p| {
                    Uri::from_file_path(p).is_none_or(|u| !self.state.docs.contains_key(&u))
                })
                .cloned()
                .collect();
            let index = self.state.index.clone();
            let active = self.state.active_lints.clone();
            let n = chunk.len();
            let _ = tokio::task::spawn_blocking(move || {
                let config = crate::config::Config::default();
                for p in &chunk {
                    // yield the CPU to lint passes of open documents (bounded wait)
                    for _ in 0..50 {
                        if active.load(Ordering::Acquire) == 0 {
                            break;
                        }
                        std::thread::sleep(std::time::Duration::from_millis(1));
                    }
                    analysis::index_file(&index, p, &config);
                }
            })
            .await;
            done += n;
            if let Some(p) = &progress {
                let pct = (done * 100 / total).min(100) as u32;
                p.report_with_message(format!("{done}/{} files", files.len()), pct)
                    .await;
            }
        }
        if let Some(p) = progress {
            p.finish_with_message(format!("{} files indexed", files.len()))
                .await;
        }
        tracing::info!(files = files.len(), "workspace indexed");
        self.state.index_ready.store(true, Ordering::Release);
        self.relint_all();
    }

    fn relint_all(&self) {
        let uris: Vec<Uri> = self.state.docs.iter().map(|e| e.key().clone()).collect();
        for u in uris {
            self.schedule(&u, true);
        }
    }

    /// Snapshot helper: run `f` on the current lint result and the document's text.
    async fn with_current<T>(
        &self,
        uri: &Uri,
        f: impl FnOnce(&analysis::Linted, &Snapshot<'_>) -> Option<T>,
    ) -> Option<T> {
        let linted = self.current(uri).await?;
        let snap = Snapshot {
            text: &linted.file.text,
            lines: &linted.file.lines,
            enc: self.enc(),
        };
        f(&linted, &snap)
    }
}

fn negotiate(params: &InitializeParams) -> PositionEncoding {
    let offered = params
        .capabilities
        .general
        .as_ref()
        .and_then(|g| g.position_encodings.as_ref());
    match offered {
        Some(v) if v.contains(&PositionEncodingKind::UTF8) => PositionEncoding::Utf8,
        _ => PositionEncoding::Utf16,
    }
}

fn roots_of(params: &InitializeParams) -> Vec<PathBuf> {
    if let Some(folders) = &params.workspace_folders {
        let v: Vec<PathBuf> = folders
            .iter()
            .filter_map(|f| f.uri.to_file_path().map(|p| p.into_owned()))
            .collect();
        if !v.is_empty() {
            return v;
        }
    }
    #[allow(deprecated)]
    params
        .root_uri
        .as_ref()
        .and_then(|u| u.to_file_path().map(|p| p.into_owned()))
        .into_iter()
        .collect()
}

impl LanguageServer for Backend {
    async fn initialize(&self, params: InitializeParams) -> Result<InitializeResult> {
        let enc = negotiate(&params);
        let _ = self.state.enc.set(enc);
        if let Ok(mut r) = self.state.roots.lock() {
            *r = roots_of(&params);
        }
        let progress = params
            .capabilities
            .window
            .as_ref()
            .and_then(|w| w.work_done_progress)
            .unwrap_or(false);
        self.state
            .progress_supported
            .store(progress, Ordering::Release);
        let enc_kind = match enc {
            PositionEncoding::Utf8 => PositionEncodingKind::UTF8,
            _ => PositionEncodingKind::UTF16,
        };
        Ok(InitializeResult {
            server_info: Some(ServerInfo {
                name: "detlint".into(),
                version: Some(env!("CARGO_PKG_VERSION").into()),
            }),
            capabilities: ServerCapabilities {
                position_encoding: Some(enc_kind),
                text_document_sync: Some(TextDocumentSyncCapability::Options(
                    TextDocumentSyncOptions {
                        open_close: Some(true),
                        change: Some(TextDocumentSyncKind::INCREMENTAL),
                        save: Some(TextDocumentSyncSaveOptions::Supported(true)),
                        ..Default::default()
                    },
                )),
                hover_provider: Some(HoverProviderCapability::Simple(true)),
                completion_provider: Some(CompletionOptions {
                    trigger_characters: Some(vec!["|".into(), ".".into()]),
                    ..Default::default()
                }),
                code_action_provider: Some(CodeActionProviderCapability::Options(
                    CodeActionOptions {
                        code_action_kinds: Some(vec![
                            CodeActionKind::QUICKFIX,
                            CodeActionKind::new(actions::FIX_ALL_KIND),
                        ]),
                        ..Default::default()
                    },
                )),
                definition_provider: Some(OneOf::Left(true)),
                references_provider: Some(OneOf::Left(true)),
                rename_provider: Some(OneOf::Right(RenameOptions {
                    prepare_provider: Some(true),
                    work_done_progress_options: Default::default(),
                })),
                document_symbol_provider: Some(OneOf::Left(true)),
                folding_range_provider: Some(FoldingRangeProviderCapability::Simple(true)),
                ..Default::default()
            },
            offset_encoding: None,
        })
    }

    async fn initialized(&self, _: InitializedParams) {
        let watchers = WATCHED
            .iter()
            .map(|g| FileSystemWatcher {
                glob_pattern: GlobPattern::String((*g).into()),
                kind: None,
            })
            .collect();
        let reg = Registration {
            id: "detlint-watch".into(),
            method: "workspace/didChangeWatchedFiles".into(),
            register_options: serde_json::to_value(DidChangeWatchedFilesRegistrationOptions {
                watchers,
            })
            .ok(),
        };
        let this = self.clone_handle();
        tokio::spawn(async move {
            // Clients without dynamic registration answer with an error; that is fine: the
            // configuration is re-discovered on every lint pass anyway.
            let _ = this.client.register_capability(vec![reg]).await;
        });
        // Warm up what checks load lazily (ATT&CK data, field tables) before the first document.
        tokio::task::spawn_blocking(|| {
            let _ = analysis::lint_document(
                std::path::Path::new("/detlint-warm-up/rule.yml"),
                WARM_UP_RULE.to_string(),
                0,
                None,
            );
        });
        let this = self.clone_handle();
        tokio::spawn(async move { this.index_workspace().await });
    }

    async fn shutdown(&self) -> Result<()> {
        Ok(())
    }

    async fn did_open(&self, params: DidOpenTextDocumentParams) {
        let td = params.text_document;
        let path = path_of(&td.uri);
        let doc = Document::new(&td.text, td.version, td.language_id, path);
        self.state.docs.insert(
            td.uri.clone(),
            DocState {
                doc,
                generation: 0,
                last: None,
            },
        );
        self.schedule(&td.uri, true);
    }

    async fn did_change(&self, params: DidChangeTextDocumentParams) {
        let enc = self.enc();
        let uri = params.text_document.uri;
        {
            let Some(mut st) = self.state.docs.get_mut(&uri) else {
                tracing::warn!(
                    "didChange for a document that is not open: {}",
                    uri.as_str()
                );
                return;
            };
            for c in &params.content_changes {
                st.doc.apply(c, enc);
            }
            st.doc.version = params.text_document.version;
        }
        self.schedule(&uri, true);
    }

    async fn did_save(&self, params: DidSaveTextDocumentParams) {
        self.schedule(&params.text_document.uri, true);
    }

    async fn did_close(&self, params: DidCloseTextDocumentParams) {
        let uri = params.text_document.uri;
        if let Some((_, st)) = self.state.docs.remove(&uri) {
            // the file on disk is what the workspace holds now
            let index = self.state.index.clone();
            let path = st.doc.path;
            tokio::task::spawn_blocking(move || {
                if path.is_file() {
                    analysis::index_file(&index, &path, &crate::config::Config::default());
                } else {
                    index.remove(&path);
                }
            });
        }
        self.client.publish_diagnostics(uri, Vec::new(), None).await;
    }

    async fn did_change_watched_files(&self, params: DidChangeWatchedFilesParams) {
        let mut paths = Vec::new();
        for ch in params.changes {
            let Some(p) = ch.uri.to_file_path().map(|p| p.into_owned()) else {
                continue;
            };
            if self.state.docs.contains_key(&ch.uri) {
                continue; // the open document wins over the disk
            }
            paths.push((p, ch.typ == FileChangeType::DELETED));
        }
        let index = self.state.index.clone();
        let _ = tokio::task::spawn_blocking(move || {
            let config = crate::config::Config::default();
            for (p, deleted) in paths {
                if p.file_name()
                    .is_some_and(|n| n == crate::config::CONFIG_FILE)
                {
                    continue;
                }
                if deleted {
                    index.remove(&p);
                } else {
                    analysis::index_file(&index, &p, &config);
                }
            }
        })
        .await;
        self.relint_all();
    }

    /// Pull diagnostics (not advertised, so clients that support both do not show findings
    /// twice; answered for clients and tools that ask anyway).
    async fn diagnostic(
        &self,
        params: DocumentDiagnosticParams,
    ) -> Result<DocumentDiagnosticReportResult> {
        let uri = params.text_document.uri;
        let (items, result_id) = match self.current(&uri).await {
            Some(l) => (self.lsp_diagnostics(&uri, &l), Some(l.version.to_string())),
            None => (Vec::new(), None),
        };
        Ok(DocumentDiagnosticReportResult::Report(
            DocumentDiagnosticReport::Full(RelatedFullDocumentDiagnosticReport {
                related_documents: None,
                full_document_diagnostic_report: FullDocumentDiagnosticReport { result_id, items },
            }),
        ))
    }

    async fn hover(&self, params: HoverParams) -> Result<Option<Hover>> {
        let pp = params.text_document_position_params;
        let providers = &self.state.providers;
        Ok(self
            .with_current(&pp.text_document.uri, |l, snap| {
                let off = snap.offset(pp.position);
                let (md, span) = hover::hover(l, off, providers)?;
                Some(Hover {
                    contents: HoverContents::Markup(MarkupContent {
                        kind: MarkupKind::Markdown,
                        value: md,
                    }),
                    range: Some(snap.range(span)),
                })
            })
            .await)
    }

    async fn completion(&self, params: CompletionParams) -> Result<Option<CompletionResponse>> {
        let pp = params.text_document_position;
        let (text, pos, path) = {
            let Some(st) = self.state.docs.get(&pp.text_document.uri) else {
                return Ok(None);
            };
            (st.doc.text(), pp.position, st.doc.path.clone())
        };
        if !completion::is_sigma_like(&path, &text) {
            return Ok(None);
        }
        let lines = crate::source::LineIndex::new(&text);
        let snap = Snapshot {
            text: &text,
            lines: &lines,
            enc: self.enc(),
        };
        let off = snap.offset(pos);
        let items = completion::complete(&text, off, &snap);
        Ok((!items.is_empty()).then_some(CompletionResponse::Array(items)))
    }

    async fn code_action(&self, params: CodeActionParams) -> Result<Option<CodeActionResponse>> {
        let uri = params.text_document.uri.clone();
        let res = self
            .with_current(&uri, |l, snap| {
                Some(actions::code_actions(l, snap, &uri, &params, &|d| {
                    self.lsp_diagnostic(&uri, snap, d)
                }))
            })
            .await;
        Ok(res.filter(|v| !v.is_empty()))
    }

    async fn goto_definition(
        &self,
        params: GotoDefinitionParams,
    ) -> Result<Option<GotoDefinitionResponse>> {
        let pp = params.text_document_position_params;
        let uri = pp.text_document.uri;
        Ok(self
            .with_current(&uri, |l, snap| {
                let spans = navigate::definition(&l.file, snap.offset(pp.position));
                if spans.is_empty() {
                    return None;
                }
                let locs: Vec<Location> = spans
                    .into_iter()
                    .map(|s| Location::new(uri.clone(), snap.range(s)))
                    .collect();
                Some(GotoDefinitionResponse::Array(locs))
            })
            .await)
    }

    async fn references(&self, params: ReferenceParams) -> Result<Option<Vec<Location>>> {
        let pp = params.text_document_position;
        let uri = pp.text_document.uri;
        let include = params.context.include_declaration;
        Ok(self
            .with_current(&uri, |l, snap| {
                let spans = navigate::references(&l.file, snap.offset(pp.position), include);
                (!spans.is_empty()).then(|| {
                    spans
                        .into_iter()
                        .map(|s| Location::new(uri.clone(), snap.range(s)))
                        .collect()
                })
            })
            .await)
    }

    async fn prepare_rename(
        &self,
        params: TextDocumentPositionParams,
    ) -> Result<Option<PrepareRenameResponse>> {
        let uri = params.text_document.uri;
        Ok(self
            .with_current(&uri, |l, snap| {
                let (name, span) = navigate::selection_at(&l.file, snap.offset(params.position))?;
                Some(PrepareRenameResponse::RangeWithPlaceholder {
                    range: snap.range(span),
                    placeholder: name,
                })
            })
            .await)
    }

    async fn rename(&self, params: RenameParams) -> Result<Option<WorkspaceEdit>> {
        let pp = params.text_document_position;
        let uri = pp.text_document.uri;
        let new_name = params.new_name;
        if !navigate::valid_selection_name(&new_name) {
            return Err(tower_lsp_server::jsonrpc::Error::invalid_params(format!(
                "`{new_name}` is not a valid selection name (letters, digits, `_`, `-`, `.`)"
            )));
        }
        Ok(self
            .with_current(&uri, |l, snap| {
                let edits = navigate::rename(&l.file, snap.offset(pp.position), &new_name)?;
                Some(super::convert::workspace_edit(
                    &uri,
                    super::convert::text_edits(&edits, snap),
                ))
            })
            .await)
    }

    async fn document_symbol(
        &self,
        params: DocumentSymbolParams,
    ) -> Result<Option<DocumentSymbolResponse>> {
        Ok(self
            .with_current(&params.text_document.uri, |l, snap| {
                Some(DocumentSymbolResponse::Nested(navigate::symbols(
                    &l.file, snap,
                )))
            })
            .await)
    }

    async fn folding_range(&self, params: FoldingRangeParams) -> Result<Option<Vec<FoldingRange>>> {
        Ok(self
            .with_current(&params.text_document.uri, |l, snap| {
                Some(navigate::folding(&l.file, snap))
            })
            .await)
    }
}
