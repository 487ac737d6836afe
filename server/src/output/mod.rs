//! Renderers of lint results: rustc-style text, JSON, SARIF 2.1.0 and GitHub annotations.

pub mod check_docs;
pub mod github;
pub mod json;
pub mod sarif;
pub mod text;

use crate::diagnostic::Diagnostic;
use crate::source::{LineIndex, PositionEncoding};
use serde::Serialize;

/// The diagnostics of one file, with what is needed to place them.
pub struct FileReport<'a> {
    /// The path as shown to the user (relative where possible, `/` separators).
    pub path: String,
    pub text: &'a str,
    pub lines: &'a LineIndex,
    pub diags: Vec<Diagnostic>,
}

/// A 1-based line and column (columns count Unicode characters).
#[derive(Debug, Clone, Copy, Serialize, PartialEq, Eq)]
pub struct Position {
    pub line: usize,
    pub column: usize,
}

impl FileReport<'_> {
    /// 1-based position of a byte offset.
    pub fn position(&self, offset: usize) -> Position {
        let lc = self
            .lines
            .position(self.text, offset, PositionEncoding::Chars);
        Position {
            line: lc.line + 1,
            column: lc.col + 1,
        }
    }
}

/// The output formats of `detlint check`.
#[derive(Debug, Clone, Copy, PartialEq, Eq, clap::ValueEnum)]
pub enum OutputFormat {
    Text,
    Json,
    Sarif,
    Github,
}
