//! Lossless lexer and resilient parser for the Kibana Query Language (KQL, "kuery").
//!
//! ```
//! let p = detlint_kuery::parse(r#"process.name : ("cmd.exe" or pwsh*) and not user.name : root"#);
//! assert!(p.errors.is_empty());
//! assert_eq!(p.ast.predicates().len(), 2);
//! ```

pub mod ast;
pub mod lexer;
pub mod literal;
pub mod parser;
pub mod sexpr;
pub mod span;

pub use ast::{Literal, Node, NodeKind, Query, RangeOp, ValueExpr, ValueKind};
pub use lexer::{lex, Token, TokenKind};
pub use literal::unquote;
pub use parser::{parse, Parse, ParseError, MAX_DEPTH};
pub use sexpr::{literal_sexpr, sexpr};
pub use span::Span;
