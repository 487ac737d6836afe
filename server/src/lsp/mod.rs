//! `detlint lsp`: the language server, over stdio, built on tower-lsp-server and tokio.
//!
//! - Documents live in a [`DashMap`] of ropey buffers ([`text::Document`]), synchronised
//!   incrementally in the negotiated position encoding (UTF-8 when the client offers it, else
//!   UTF-16).
//! - Linting runs on tokio's blocking pool, one pass per document at a time: when edits arrive
//!   while a pass runs, the next pass lints only the newest text, and results of passes whose
//!   version is no longer current are dropped ([`Backend::schedule`]). No fixed debounce.
//! - The workspace's rule ids are indexed in the background at start-up so duplicate ids
//!   (DL104) across the workspace are reported for open documents.
//! - Features: hover, completion, code actions (quick fixes, suppress comments, fix-all),
//!   definition / references / rename of Sigma selections, document symbols, folding ranges.
//!
//! Logging goes through `tracing` to stderr; stdout carries only the protocol.

pub mod actions;
pub mod analysis;
pub mod completion;
pub mod convert;
pub mod guide;
pub mod hover;
mod hover_corpus;
pub mod navigate;
mod server;
pub mod stdio;
pub mod text;

use crate::source::PositionEncoding;
use analysis::{Linted, WorkspaceIndex};
use dashmap::DashMap;
use std::path::{Path, PathBuf};
use std::process::ExitCode;
use std::sync::atomic::{AtomicBool, AtomicU64, AtomicUsize, Ordering};
use std::sync::{Arc, Mutex, OnceLock};
use text::{Document, Snapshot};
use tower_lsp_server::ls_types::{Location, Uri};
use tower_lsp_server::{Client, LspService, Server};

/// Run the server on stdin/stdout until the client sends `exit`.
pub fn run() -> ExitCode {
    run_with(hover::Providers::builtin())
}

/// Run the server with knowledge providers plugged in (ATT&CK names, field information).
pub fn run_with(providers: hover::Providers) -> ExitCode {
    let rt = match tokio::runtime::Builder::new_multi_thread()
        .worker_threads(2)
        .enable_all()
        .build()
    {
        Ok(rt) => rt,
        Err(e) => {
            tracing::error!("cannot start the async runtime: {e}");
            return ExitCode::from(2);
        }
    };
    rt.block_on(async {
        let (service, socket) = LspService::build(|client| Backend::new(client, providers))
            .custom_method("detlint/documentText", Backend::document_text)
            .custom_method("detlint/showGuide", Backend::show_guide)
            .finish();
        let (server_in, server_out, out) = stdio::start();
        Server::new(server_in, server_out, socket)
            .serve(service)
            .await;
        // the server's output side is closed now: make sure stdout got all of it
        stdio::drain(&out, std::time::Duration::from_secs(2));
    });
    // Do not wait for background indexing threads.
    rt.shutdown_timeout(std::time::Duration::from_millis(100));
    ExitCode::SUCCESS
}

/// Per-document server state.
pub struct DocState {
    pub doc: Document,
    /// Bumped on every edit and every forced re-lint.
    pub generation: u64,
    /// The last lint pass whose version was current when it finished.
    pub last: Option<Arc<Linted>>,
}

/// State shared by the handlers and background tasks.
pub struct State {
    pub docs: DashMap<Uri, DocState>,
    pub enc: OnceLock<PositionEncoding>,
    pub index: Arc<WorkspaceIndex>,
    pub roots: Mutex<Vec<PathBuf>>,
    pub progress_supported: AtomicBool,
    pub index_ready: AtomicBool,
    pub shown_config_errors: Mutex<Vec<String>>,
    pub lint_passes: AtomicU64,
    /// Lint passes running now (background indexing yields to them).
    pub active_lints: Arc<AtomicUsize>,
    pub providers: hover::Providers,
}

/// The language server.
pub struct Backend {
    pub client: Client,
    pub state: Arc<State>,
}

impl Backend {
    fn new(client: Client, providers: hover::Providers) -> Self {
        Backend {
            client,
            state: Arc::new(State {
                docs: DashMap::new(),
                enc: OnceLock::new(),
                index: Arc::new(WorkspaceIndex::default()),
                roots: Mutex::new(Vec::new()),
                progress_supported: AtomicBool::new(false),
                index_ready: AtomicBool::new(false),
                shown_config_errors: Mutex::new(Vec::new()),
                lint_passes: AtomicU64::new(0),
                active_lints: Arc::new(AtomicUsize::new(0)),
                providers,
            }),
        }
    }

    /// The negotiated position encoding.
    pub fn enc(&self) -> PositionEncoding {
        self.state
            .enc
            .get()
            .copied()
            .unwrap_or(PositionEncoding::Utf16)
    }

    /// Start a lint pass for `uri` unless one is running (the running one re-lints the newest
    /// text when it finishes and sees a newer generation).
    pub fn schedule(&self, uri: &Uri, bump: bool) {
        let start = {
            let Some(mut st) = self.state.docs.get_mut(uri) else {
                return;
            };
            if bump {
                st.generation += 1;
            }
            if st.doc.linting {
                false
            } else {
                st.doc.linting = true;
                true
            }
        };
        if start {
            let this = self.clone_handle();
            let uri = uri.clone();
            tokio::spawn(async move { this.lint_loop(uri).await });
        }
    }

    fn clone_handle(&self) -> Backend {
        Backend {
            client: self.client.clone(),
            state: self.state.clone(),
        }
    }

    async fn lint_loop(&self, uri: Uri) {
        loop {
            let (gen, version, text, path) = {
                let Some(st) = self.state.docs.get(&uri) else {
                    return;
                };
                (
                    st.generation,
                    st.doc.version,
                    st.doc.text(),
                    st.doc.path.clone(),
                )
            };
            let index = self.state.index.clone();
            let active = self.state.active_lints.clone();
            active.fetch_add(1, Ordering::AcqRel);
            let res = tokio::task::spawn_blocking(move || {
                analysis::lint_document(&path, text, version, Some(&index))
            })
            .await;
            active.fetch_sub(1, Ordering::AcqRel);
            self.state.lint_passes.fetch_add(1, Ordering::Relaxed);
            let linted = match res {
                Ok(l) => Arc::new(l),
                Err(e) => {
                    tracing::error!("lint pass failed: {e}");
                    if let Some(mut st) = self.state.docs.get_mut(&uri) {
                        st.doc.linting = false;
                    }
                    return;
                }
            };
            let done = {
                let Some(mut st) = self.state.docs.get_mut(&uri) else {
                    return;
                };
                if st.generation == gen {
                    st.doc.linting = false;
                    st.last = Some(linted.clone());
                    self.state
                        .index
                        .update(&st.doc.path, analysis::ids_of(&linted.file));
                    true
                } else {
                    false // a newer text arrived: drop this result, lint the newest
                }
            };
            if done {
                self.publish(&uri, &linted).await;
                return;
            }
        }
    }

    /// Publish a lint result's diagnostics.
    async fn publish(&self, uri: &Uri, linted: &Linted) {
        if let Some(err) = &linted.config_error {
            let new = {
                let mut shown = self
                    .state
                    .shown_config_errors
                    .lock()
                    .unwrap_or_else(|e| e.into_inner());
                if shown.contains(err) {
                    false
                } else {
                    shown.push(err.clone());
                    true
                }
            };
            if new {
                self.client
                    .show_message(tower_lsp_server::ls_types::MessageType::ERROR, err)
                    .await;
            }
        }
        let diags = self.lsp_diagnostics(uri, linted);
        self.client
            .publish_diagnostics(uri.clone(), diags, Some(linted.version))
            .await;
    }

    /// The LSP diagnostics of a lint result.
    pub fn lsp_diagnostics(
        &self,
        uri: &Uri,
        linted: &Linted,
    ) -> Vec<tower_lsp_server::ls_types::Diagnostic> {
        let snap = Snapshot {
            text: &linted.file.text,
            lines: &linted.file.lines,
            enc: self.enc(),
        };
        linted
            .diags
            .iter()
            .map(|d| self.lsp_diagnostic(uri, &snap, d))
            .collect()
    }

    /// One LSP diagnostic.
    pub fn lsp_diagnostic(
        &self,
        uri: &Uri,
        snap: &Snapshot<'_>,
        d: &crate::diagnostic::Diagnostic,
    ) -> tower_lsp_server::ls_types::Diagnostic {
        let resolve = |p: &Path, span| self.locate(p, span);
        convert::diagnostic(d, snap, uri, &resolve)
    }

    /// The location of a span in another file (open or on disk).
    fn locate(&self, path: &Path, span: crate::model::Span) -> Option<Location> {
        let uri = Uri::from_file_path(path)?;
        let enc = self.enc();
        if let Some(st) = self.state.docs.get(&uri) {
            let text = st.doc.text();
            let lines = crate::source::LineIndex::new(&text);
            let snap = Snapshot {
                text: &text,
                lines: &lines,
                enc,
            };
            return Some(Location::new(uri.clone(), snap.range(span)));
        }
        let (text, lines) = analysis::read_lines(path)?;
        let snap = Snapshot {
            text: &text,
            lines: &lines,
            enc,
        };
        Some(Location::new(uri, snap.range(span)))
    }

    /// The lint result for the document's current version (linting now if needed).
    pub async fn current(&self, uri: &Uri) -> Option<Arc<Linted>> {
        let (version, text, path) = {
            let st = self.state.docs.get(uri)?;
            if let Some(l) = &st.last {
                if l.version == st.doc.version && !st.doc.linting {
                    return Some(l.clone());
                }
            }
            (st.doc.version, st.doc.text(), st.doc.path.clone())
        };
        let index = self.state.index.clone();
        tokio::task::spawn_blocking(move || {
            Arc::new(analysis::lint_document(&path, text, version, Some(&index)))
        })
        .await
        .ok()
    }
}

/// The file path a document URI stands for (`untitled:` and other schemes get a made-up path
/// with the URI's last segment, so the format can still be sniffed).
pub fn path_of(uri: &Uri) -> PathBuf {
    if let Some(p) = uri.to_file_path() {
        return p.into_owned();
    }
    let s = uri.as_str();
    let last = s.rsplit(['/', ':']).next().unwrap_or("untitled");
    PathBuf::from(format!("/untitled/{last}"))
}
