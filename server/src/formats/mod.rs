//! Format front ends: one module per format, each turning a file into [`ParsedDoc`]s that hold the
//! shared [`Rule`] and the format's own view (for format-specific checks).

pub mod elastic;
pub mod panther;
pub mod sentinel;
pub mod sigma;
pub mod splunk;

use crate::model::{Format, Rule, Span};
use crate::source::sniff::{self, FileKind};
use crate::source::yaml::{self, ParseLimits, YamlStream};
use crate::source::LineIndex;
use std::path::{Path, PathBuf};

/// A located error in an embedded query (KQL, SPL, EQL, …), already mapped to file offsets.
#[derive(Debug, Clone, PartialEq)]
pub struct QueryError {
    /// The query language (`kusto`, `spl`, `eql`, …).
    pub language: &'static str,
    pub message: String,
    pub span: Span,
}

/// The format-specific view of a document.
#[derive(Debug, Clone, PartialEq)]
pub enum FormatData {
    Sigma(sigma::SigmaDoc),
    Elastic(elastic::ElasticDoc),
    Splunk(splunk::SplunkDoc),
    Sentinel(sentinel::SentinelDoc),
    Panther(Box<panther::PantherDoc>),
    /// Formats whose front end keeps no extra view.
    None,
}

/// One rule document of a file.
#[derive(Debug, Clone, PartialEq)]
pub struct ParsedDoc {
    pub rule: Rule,
    pub data: FormatData,
    pub query_errors: Vec<QueryError>,
}

/// A problem that prevents reading the file at all (too large, not UTF-8, unreadable).
#[derive(Debug, Clone, PartialEq)]
pub struct FileProblem {
    pub message: String,
    pub span: Span,
}

/// Everything the front ends know about one file.
#[derive(Debug, Clone)]
pub struct ParsedFile {
    pub path: PathBuf,
    pub text: String,
    pub lines: LineIndex,
    pub kind: FileKind,
    pub yaml: Option<YamlStream>,
    pub docs: Vec<ParsedDoc>,
    pub problems: Vec<FileProblem>,
}

impl ParsedFile {
    /// The format of the file's rules, if it is a rule file.
    pub fn format(&self) -> Option<Format> {
        match self.kind {
            FileKind::Rule(f) => Some(f),
            FileKind::PantherPython => Some(Format::Panther),
            FileKind::Other => None,
        }
    }

    /// The YAML root node of document `i`.
    pub fn yaml_root(&self, i: usize) -> Option<&yaml::YamlNode> {
        self.yaml
            .as_ref()
            .and_then(|y| y.docs.get(i))
            .map(|d| &d.root)
    }

    /// Drop what only file checks need (syntax trees, format views) once they have run, keeping
    /// the rules, the text and the line index for workspace checks and output. Of a Sigma
    /// document's view the workspace checks read only its kind, name and rule references.
    pub fn slim(&mut self) {
        self.yaml = None;
        for d in self.docs.iter_mut() {
            match &mut d.data {
                FormatData::Sigma(s) => {
                    s.selections = Vec::new();
                    s.conditions = Vec::new();
                    s.logsource = Vec::new();
                }
                other => *other = FormatData::None,
            }
        }
    }

    /// A file that could not be read as text.
    pub fn unreadable(path: &Path, message: String) -> ParsedFile {
        ParsedFile {
            path: path.to_path_buf(),
            text: String::new(),
            lines: LineIndex::new(""),
            kind: FileKind::Other,
            yaml: None,
            docs: Vec::new(),
            problems: vec![FileProblem {
                message,
                span: Span::new(0, 0),
            }],
        }
    }
}

/// What a format front end returns for one file.
#[derive(Debug, Clone, Default)]
pub struct FrontEnd {
    /// The YAML stream, for YAML-based formats (its issues become `yaml-syntax` findings).
    pub yaml: Option<YamlStream>,
    pub docs: Vec<ParsedDoc>,
    /// Problems that make the whole file unreadable as this format.
    pub problems: Vec<FileProblem>,
}

/// Parse options (resource limits).
#[derive(Debug, Clone, Copy, Default)]
pub struct ParseOptions {
    pub yaml: ParseLimits,
    /// Force a format instead of sniffing it.
    pub force: Option<Format>,
}

/// Parse a file whose text is already in memory.
pub fn parse_file(path: &Path, text: String, opts: &ParseOptions) -> ParsedFile {
    let lines = LineIndex::new(&text);
    let kind = match opts.force {
        Some(f) => FileKind::Rule(f),
        None => sniff::detect_indexed(path, &text, &lines),
    };
    let mut file = ParsedFile {
        path: path.to_path_buf(),
        lines,
        kind,
        yaml: None,
        docs: Vec::new(),
        problems: Vec::new(),
        text: String::new(),
    };
    match kind {
        FileKind::Rule(Format::Sigma) => {
            let stream = yaml::parse(&text, opts.yaml);
            file.docs.reserve_exact(stream.docs.len());
            for (i, d) in stream.docs.iter().enumerate() {
                if d.root.entries().is_empty() && stream.docs.len() > 1 {
                    continue;
                }
                let (doc, rule) = sigma::read(&d.root, i);
                file.docs.push(ParsedDoc {
                    rule,
                    data: FormatData::Sigma(doc),
                    query_errors: Vec::new(),
                });
            }
            file.yaml = Some(stream);
        }
        FileKind::Rule(format) => {
            let fe = match format {
                Format::Elastic => elastic::read(path, &text, opts),
                Format::Splunk => splunk::read(path, &text, opts),
                Format::Sentinel => sentinel::read(path, &text, opts),
                Format::Panther => panther::read(path, &text, opts),
                Format::Sigma => FrontEnd::default(),
            };
            file.yaml = fe.yaml;
            file.docs = fe.docs;
            file.problems.extend(fe.problems);
        }
        FileKind::PantherPython => {
            let fe = panther::read(path, &text, opts);
            file.yaml = fe.yaml;
            file.docs = fe.docs;
            file.problems.extend(fe.problems);
        }
        FileKind::Other => {}
    }
    let normalizer = crate::normalize::Normalizer::get();
    for d in file.docs.iter_mut() {
        normalizer.normalize(&mut d.rule);
    }
    file.text = text;
    file
}
