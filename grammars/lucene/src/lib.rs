//! Lossless lexer and resilient parser for the Lucene query-string syntax as accepted by
//! Elasticsearch `query_string` (`language = "lucene"` in Elastic detection rules).
//!
//! ```
//! let p = detlint_lucene::parse("event.category:process AND process.name:(cmd.exe OR pwsh*) AND NOT user.name:root");
//! assert!(p.errors.is_empty());
//! assert_eq!(p.ast.terms().len(), 4);
//! ```

pub mod ast;
pub mod lexer;
pub mod literal;
pub mod parser;
pub mod sexpr;
pub mod span;

pub use ast::{
    CompareOp, FieldRef, Literal, Modifier, Node, NodeKind, NotOp, Query, Range, Term, Value,
};
pub use lexer::{lex, Token, TokenKind};
pub use literal::unquote;
pub use parser::{parse, Parse, ParseError, MAX_DEPTH};
pub use sexpr::sexpr;
pub use span::Span;
