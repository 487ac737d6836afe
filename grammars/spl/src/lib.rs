//! Splunk SPL support for detlint: lossless lexer, macro expander, resilient parser.
//!
//! Typical use: expand macros with [`expand`], parse the expanded text with
//! [`parse`], and map spans back with [`Expanded::map`].

#![warn(missing_docs)]

pub mod ast;
pub mod lexer;
pub mod lower;
pub mod macros;
mod parser;
pub mod span;
pub mod visit;

pub use ast::*;
pub use lexer::{lex, Token, TokenKind};
pub use lower::{lower_expr, lower_search, Filter, PredOp, Predicate};
pub use macros::{expand, Expanded, MacroCall, MacroDef, MacroTable, OffsetMap};
pub use parser::{parse, Parse, ParseError, MAX_DEPTH, SUBSEARCH_LEADING_COMMANDS};
pub use span::Span;

/// Expand macros in `src`, then parse the expanded text. Spans in the
/// returned [`Parse`] refer to [`Expanded::text`]; map them back with
/// [`Expanded::map`] (see [`ParseError::original_span`]).
pub fn expand_and_parse(src: &str, macros: &MacroTable) -> (Expanded, Parse) {
    let expanded = expand(src, macros);
    let parsed = parse(&expanded.text);
    (expanded, parsed)
}

impl ParseError {
    /// The error's span in the original (unexpanded) text.
    pub fn original_span(&self, map: &OffsetMap) -> Span {
        map.span_to_original(self.span)
    }
}

/// Decode a double-quoted SPL string: strip the quotes and decode `\"` and `\\`
/// (other backslash sequences are kept as written, as Splunk does).
/// Text without surrounding quotes is returned unchanged.
pub fn unquote(raw: &str) -> String {
    let Some(inner) = raw.strip_prefix('"') else {
        return raw.to_string();
    };
    let inner = if inner.ends_with('"') && !ends_with_escaped_quote(inner) {
        &inner[..inner.len() - 1]
    } else {
        inner
    };
    let mut out = String::with_capacity(inner.len());
    let mut chars = inner.chars();
    while let Some(c) = chars.next() {
        if c == '\\' {
            match chars.next() {
                Some('"') => out.push('"'),
                Some('\\') => out.push('\\'),
                Some(o) => {
                    out.push('\\');
                    out.push(o);
                }
                None => out.push('\\'),
            }
        } else {
            out.push(c);
        }
    }
    out
}

/// True when the final `"` of `s` is escaped by an odd number of backslashes.
fn ends_with_escaped_quote(s: &str) -> bool {
    let b = s.as_bytes();
    let mut n = 0;
    let mut i = b.len().saturating_sub(1);
    while i > 0 && b[i - 1] == b'\\' {
        n += 1;
        i -= 1;
    }
    n % 2 == 1
}
