//! What a check sees and where it reports.

use super::CheckMeta;
use crate::config::Config;
use crate::diagnostic::Diagnostic;
use crate::formats::sigma::SigmaDoc;
use crate::formats::{FormatData, ParsedDoc, ParsedFile};
use crate::model::Span;
use crate::source::yaml::YamlNode;

/// The context of a file check.
pub struct FileCtx<'a> {
    pub file: &'a ParsedFile,
    pub config: &'a Config,
}

impl<'a> FileCtx<'a> {
    /// Every Sigma document with its rule and YAML root.
    pub fn sigma_docs(
        &self,
    ) -> impl Iterator<Item = (&'a ParsedDoc, &'a SigmaDoc, &'a YamlNode)> + 'a {
        let file = self.file;
        file.docs.iter().filter_map(move |d| match &d.data {
            FormatData::Sigma(s) => file.yaml_root(s.doc_index).map(|root| (d, s, root)),
            _ => None,
        })
    }

    /// The catalog the corpus-aware checks use.
    pub fn catalog(&self) -> &'static crate::catalog::Catalog {
        self.config.catalog()
    }

    /// The text of a span.
    pub fn text(&self, span: Span) -> &'a str {
        self.file.text.get(span.start..span.end).unwrap_or("")
    }
}

/// Collects a file check's diagnostics.
#[derive(Default)]
pub struct Sink {
    pub diags: Vec<Diagnostic>,
}

impl Sink {
    /// Report a finding of `meta` at `span`.
    pub fn report(
        &mut self,
        meta: &CheckMeta,
        span: Span,
        message: impl Into<String>,
    ) -> &mut Diagnostic {
        self.diags.push(Diagnostic {
            code: meta.code,
            name: meta.name,
            severity: meta.severity,
            message: message.into(),
            span,
            related: Vec::new(),
            fixes: Vec::new(),
            tags: Vec::new(),
        });
        let last = self.diags.len() - 1;
        &mut self.diags[last]
    }
}

/// The context of a workspace check: every file checked together.
pub struct WorkspaceCtx<'a> {
    pub files: &'a [ParsedFile],
    pub config: &'a Config,
}

/// Collects a workspace check's diagnostics with the index of the file each belongs to.
#[derive(Default)]
pub struct WorkspaceSink {
    pub diags: Vec<(usize, Diagnostic)>,
}

impl WorkspaceSink {
    /// Report a finding of `meta` in file `file` at `span`.
    pub fn report(
        &mut self,
        file: usize,
        meta: &CheckMeta,
        span: Span,
        message: impl Into<String>,
    ) -> &mut Diagnostic {
        self.diags.push((
            file,
            Diagnostic {
                code: meta.code,
                name: meta.name,
                severity: meta.severity,
                message: message.into(),
                span,
                related: Vec::new(),
                fixes: Vec::new(),
                tags: Vec::new(),
            },
        ));
        let last = self.diags.len() - 1;
        &mut self.diags[last].1
    }
}
