//! The command line: `detlint check`, `detlint rule`, `detlint lsp`, and the catalog commands.

pub mod catalog;
pub mod check;
pub mod explain;
pub mod fields;
pub mod rule;

use crate::output::OutputFormat;
use std::io::Write;

/// Write to stdout, ignoring a closed pipe (`detlint rule --all | head` must not panic).
pub fn out(text: &str) {
    let mut o = std::io::stdout().lock();
    let _ = o.write_all(text.as_bytes());
    let _ = o.flush();
}

/// [`out`] with a trailing newline, like `println!`.
#[macro_export]
macro_rules! outln {
    () => { $crate::cli::out("\n") };
    ($($arg:tt)*) => { $crate::cli::out(&format!("{}\n", format_args!($($arg)*))) };
}
use clap::{Parser, Subcommand};
use std::path::PathBuf;

/// Linter and language server for security detection rules.
#[derive(Parser, Debug)]
#[command(name = "detlint", version, about, long_about = None)]
pub struct Cli {
    #[command(subcommand)]
    pub command: Command,
}

/// The subcommands.
#[derive(Subcommand, Debug)]
pub enum Command {
    /// Check rule files and folders (default: the current folder).
    Check(CheckArgs),
    /// Show a check's documentation, or list every check with --all.
    Rule(RuleArgs),
    /// Show a rule as detlint understands it: event kinds, techniques, normalized predicates.
    Explain(explain::ExplainArgs),
    /// Build, show and publish the catalog of community rules.
    #[command(subcommand)]
    Catalog(catalog::CatalogCommand),
    /// Search the canonical field taxonomy and each vendor's names for a field.
    Fields(fields::FieldsArgs),
    /// Run the language server over stdio (LSP).
    Lsp(LspArgs),
}

/// Arguments of `detlint check`.
#[derive(clap::Args, Debug, Clone)]
pub struct CheckArgs {
    /// Files or folders to check (folders are walked honouring .gitignore).
    pub paths: Vec<PathBuf>,
    /// Output format.
    #[arg(long, value_enum, default_value = "text")]
    pub output_format: OutputFormat,
    /// Exit with 1 when a finding is at or above this severity (error, warning, info).
    #[arg(long)]
    pub fail_level: Option<String>,
    /// Use this configuration file instead of discovering `.detlint.toml`.
    #[arg(long)]
    pub config: Option<PathBuf>,
    /// Apply safe fixes in place (atomically), then report what remains.
    #[arg(long)]
    pub fix: bool,
    /// Only run these checks (codes, prefixes or slugs; comma-separated).
    #[arg(long, value_delimiter = ',')]
    pub select: Vec<String>,
    /// Skip these checks (codes, prefixes or slugs; comma-separated).
    #[arg(long, value_delimiter = ',')]
    pub ignore: Vec<String>,
    /// Disable colors in text output.
    #[arg(long)]
    pub no_color: bool,
    /// Print a line of statistics to stderr (files, rules, time).
    #[arg(long)]
    pub statistics: bool,
}

/// Arguments of `detlint rule`.
#[derive(clap::Args, Debug)]
pub struct RuleArgs {
    /// A check code, slug or anchor alias (`DL202`, `sigma-undefined-selection`, `dangling_condition`).
    pub code: Option<String>,
    /// List every check.
    #[arg(long)]
    pub all: bool,
    /// Output as JSON.
    #[arg(long)]
    pub json: bool,
}

/// Arguments of `detlint lsp`.
#[derive(clap::Args, Debug)]
pub struct LspArgs {
    /// Accepted for compatibility with editors that pass it; stdio is the only transport.
    #[arg(long)]
    pub stdio: bool,
}
