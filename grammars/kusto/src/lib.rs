//! Lossless lexer, resilient parser and typed AST for the Kusto Query Language (KQL) as
//! used by Microsoft Sentinel analytic rules / hunting queries and Defender advanced hunting.
//!
//! ```
//! let p = detlint_kusto::parse("SecurityEvent | where EventID == 4625");
//! assert!(p.errors.is_empty());
//! assert_eq!(p.ast.where_predicates().len(), 1);
//! ```

#![warn(missing_docs)]

pub mod ast;
pub mod error;
pub mod filter;
pub mod lexer;
pub mod parser;
pub mod span;
pub mod visit;

pub use ast::*;
pub use error::ParseError;
pub use filter::{filter_of, Filter, Predicate, PredicateOp};
pub use lexer::{lex, Token, TokenKind};
pub use parser::{parse, Parse, MAX_DEPTH};
pub use span::Span;

/// Decodes a KQL string literal as written (`"a\"b"`, `@'C:\x'`, `h"..."`, ```` ```..``` ````)
/// into its value. Text that is not a quoted literal is returned unchanged.
pub fn unquote(literal: &str) -> String {
    let t = literal.trim();
    let starts_quoted = t.starts_with(['"', '\'', '@'])
        || t.starts_with("```")
        || (t.starts_with(['h', 'H']) && t[1..].starts_with(['"', '\'', '@']));
    if !starts_quoted {
        return literal.to_string();
    }
    parser::decode_string(t).0
}
