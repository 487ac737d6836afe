//! detlint: a language server and command-line linter for security detection rules in five
//! formats (Sigma, Elastic, Splunk, Sentinel/Defender, Panther), lowered into one rule model.
//!
//! Data flow: [`source`] (text, line index, YAML) → [`formats`] (one front end per format) →
//! [`model::Rule`] → [`checks`] (one file per check, central registry) → [`diagnostic`]s →
//! [`output`] renderers (CLI) or the language server.

pub mod attack;
pub mod catalog;
pub mod checks;
pub mod cli;
pub mod config;
pub mod diagnostic;
pub mod fix;
pub mod formats;
pub mod lint;
pub mod lsp;
pub mod model;
pub mod normalize;
pub mod output;
pub mod source;
pub mod suppress;
