//! Lossless lexer and resilient parser for the Elastic Event Query Language (EQL).
//!
//! ```
//! let p = detlint_eql::parse(r#"process where process.name : ("cmd.exe", "powershell.exe")"#);
//! assert!(p.errors.is_empty());
//! let cmp = &p.ast.comparisons()[0];
//! assert_eq!(cmp.lhs.as_field().map(|f| f.path()), Some("process.name".to_string()));
//! assert_eq!(cmp.values.len(), 2);
//! ```
#![forbid(unsafe_code)]

pub mod ast;
pub mod error;
pub mod lexer;
pub mod parser;
pub mod sexpr;
pub mod span;
pub mod unquote;
mod visit;

pub use ast::*;
pub use error::ParseError;
pub use lexer::{lex, Token, TokenKind};
pub use parser::{parse, Parse, MAX_DEPTH};
pub use sexpr::{expr_sexpr, to_sexpr};
pub use span::Span;
pub use unquote::{unquote, unquote_ident};
