//! Lossless lexer, resilient parser and typed AST for Elasticsearch ES|QL.
//!
//! ```
//! let p = detlint_esql::parse("FROM logs-* | WHERE process.name LIKE \"*cmd*\"");
//! assert!(p.errors.is_empty());
//! assert_eq!(p.ast.commands.len(), 2);
//! ```

pub mod ast;
pub mod hunt;
pub mod lexer;
pub mod lower;
pub mod parser;
pub mod sexpr;
pub mod span;

pub use ast::*;
pub use hunt::{classify_hunt_query, HuntQueryKind};
pub use lexer::{lex, unquote, unquote_ident, Token, TokenKind};
pub use lower::{lower, Filter, PredOp, Predicate, Value, ValueKind};
pub use parser::{parse, Parse, ParseError, MAX_DEPTH};
pub use span::Span;
