//! Resilient recursive-descent KQL parser.
//!
//! Grammar (precedence low to high), after Kibana's `kuery.peg`:
//! ```text
//! query    := or?
//! or       := and ("or" and)*
//! and      := not ("and" not)*
//! not      := "not" not | primary
//! primary  := "(" or ")" | literal ":" "{" or "}" | literal ":" values
//!           | literal ("<" | "<=" | ">" | ">=") literal | literal
//! values   := vor ; vor := vand ("or" vand)* ; vand := vnot ("and" vnot)*
//! vnot     := "not" vnot | "(" vor ")" | literal
//! literal  := STRING | WORD+          (adjacent words form one multi-word literal)
//! ```

use crate::ast::{Literal, Node, NodeKind, Query, RangeOp, ValueExpr, ValueKind};
use crate::lexer::{lex, Token, TokenKind};
use crate::literal::{decode_unquoted, unquote};
use crate::span::Span;

/// Maximum nesting of parentheses, braces and `not` before the parser gives up on a sub-tree.
pub const MAX_DEPTH: usize = 256;

/// A located parse error.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct ParseError {
    /// What was expected and what was found.
    pub message: String,
    /// Where.
    pub span: Span,
}

/// Result of [`parse`]: always a tree, plus the errors met on the way.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Parse {
    /// The syntax tree (with `Error` nodes where the text could not be parsed).
    pub ast: Query,
    /// Errors in source order of discovery.
    pub errors: Vec<ParseError>,
}

impl Parse {
    /// True when no error was reported.
    pub fn is_ok(&self) -> bool {
        self.errors.is_empty()
    }
}

/// Parses a KQL query. Never panics; errors are collected in [`Parse::errors`].
pub fn parse(src: &str) -> Parse {
    let tokens: Vec<Token> = lex(src)
        .into_iter()
        .filter(|t| !t.kind.is_trivia())
        .collect();
    let mut p = Parser {
        src,
        toks: tokens,
        pos: 0,
        errors: Vec::new(),
        depth: 0,
        depth_reported: false,
    };
    let root = if p.at_end() {
        None
    } else {
        Some(p.parse_recovering(None))
    };
    Parse {
        ast: Query {
            span: Span::new(0, src.len()),
            root,
        },
        errors: p.errors,
    }
}

struct Parser<'a> {
    src: &'a str,
    toks: Vec<Token>,
    pos: usize,
    errors: Vec<ParseError>,
    depth: usize,
    depth_reported: bool,
}

fn describe(kind: TokenKind, text: &str) -> String {
    match kind {
        TokenKind::String | TokenKind::UnterminatedString => "a quoted string".to_string(),
        TokenKind::Word => {
            let short: String = text.chars().take(40).collect();
            format!("`{short}`")
        }
        _ => format!("`{text}`"),
    }
}

impl<'a> Parser<'a> {
    fn peek(&self) -> Option<TokenKind> {
        self.toks.get(self.pos).map(|t| t.kind)
    }

    fn at_end(&self) -> bool {
        self.pos >= self.toks.len()
    }

    fn cur_span(&self) -> Span {
        match self.toks.get(self.pos) {
            Some(t) => t.span,
            None => Span::empty(self.src.len()),
        }
    }

    fn prev_end(&self) -> usize {
        if self.pos == 0 {
            0
        } else {
            self.toks.get(self.pos - 1).map_or(0, |t| t.span.end)
        }
    }

    fn bump(&mut self) -> Token {
        let t = self.toks.get(self.pos).copied().unwrap_or(Token {
            kind: TokenKind::Whitespace,
            span: Span::empty(self.src.len()),
        });
        if self.pos < self.toks.len() {
            self.pos += 1;
        }
        t
    }

    fn found(&self) -> String {
        match self.toks.get(self.pos) {
            Some(t) => describe(t.kind, t.text(self.src)),
            None => "end of input".to_string(),
        }
    }

    fn error(&mut self, message: String, span: Span) {
        self.errors.push(ParseError { message, span });
    }

    fn error_here(&mut self, expected: &str) {
        let msg = format!("expected {expected}, found {}", self.found());
        let span = self.cur_span();
        self.error(msg, span);
    }

    /// Enter one nesting level; on overflow reports once, skips to the end of the current group
    /// and returns the span skipped.
    fn enter(&mut self) -> Result<(), Span> {
        if self.depth < MAX_DEPTH {
            self.depth += 1;
            return Ok(());
        }
        let start = self.cur_span().start;
        if !self.depth_reported {
            self.depth_reported = true;
            self.error(
                format!("nesting deeper than {MAX_DEPTH}"),
                Span::new(start, start + 1),
            );
        }
        let mut level: usize = 0;
        while let Some(k) = self.peek() {
            match k {
                TokenKind::LParen | TokenKind::LBrace => level += 1,
                TokenKind::RParen | TokenKind::RBrace => {
                    if level == 0 {
                        break;
                    }
                    level -= 1;
                }
                _ => {}
            }
            self.pos += 1;
        }
        Err(Span::new(start, self.prev_end().max(start)))
    }

    fn leave(&mut self) {
        self.depth = self.depth.saturating_sub(1);
    }

    fn can_start_expr(k: TokenKind) -> bool {
        matches!(
            k,
            TokenKind::LParen
                | TokenKind::Word
                | TokenKind::String
                | TokenKind::UnterminatedString
                | TokenKind::Not
        )
    }

    /// Parses `or` and then keeps going over junk until `closer` (or the end), wrapping the
    /// pieces in an `Error` node if anything unexpected was met.
    fn parse_recovering(&mut self, closer: Option<TokenKind>) -> Node {
        let first = self.parse_or();
        let mut pieces = vec![];
        while let Some(k) = self.peek() {
            if Some(k) == closer {
                break;
            }
            if Self::can_start_expr(k) {
                self.error_here("`and`, `or` or the end of the expression");
                pieces.push(self.parse_or());
            } else {
                let what = match (k, closer) {
                    (TokenKind::RParen, None) | (TokenKind::RBrace, None) => {
                        format!("unmatched {}", self.found())
                    }
                    (_, Some(c)) => format!(
                        "expected `and`, `or` or `{}`, found {}",
                        if c == TokenKind::RParen { ")" } else { "}" },
                        self.found()
                    ),
                    _ => format!(
                        "expected `and`, `or` or end of input, found {}",
                        self.found()
                    ),
                };
                let t = self.bump();
                self.error(what, t.span);
                pieces.push(Node {
                    span: t.span,
                    kind: NodeKind::Error(vec![]),
                });
            }
        }
        if pieces.is_empty() {
            return first;
        }
        let span = pieces.iter().fold(first.span, |acc, n| acc.cover(n.span));
        let mut all = vec![first];
        all.extend(pieces);
        Node {
            span,
            kind: NodeKind::Error(all),
        }
    }

    fn parse_or(&mut self) -> Node {
        let first = self.parse_and();
        if self.peek() != Some(TokenKind::Or) {
            return first;
        }
        let mut items = vec![first];
        while self.peek() == Some(TokenKind::Or) {
            self.bump();
            items.push(self.parse_and());
        }
        let span = items[0].span.cover(items[items.len() - 1].span);
        Node {
            span,
            kind: NodeKind::Or(items),
        }
    }

    fn parse_and(&mut self) -> Node {
        let first = self.parse_not();
        if self.peek() != Some(TokenKind::And) {
            return first;
        }
        let mut items = vec![first];
        while self.peek() == Some(TokenKind::And) {
            self.bump();
            items.push(self.parse_not());
        }
        let span = items[0].span.cover(items[items.len() - 1].span);
        Node {
            span,
            kind: NodeKind::And(items),
        }
    }

    fn parse_not(&mut self) -> Node {
        if self.peek() != Some(TokenKind::Not) {
            return self.parse_primary();
        }
        if let Err(span) = self.enter() {
            return Node {
                span,
                kind: NodeKind::Error(vec![]),
            };
        }
        let kw = self.bump();
        let inner = self.parse_not();
        self.leave();
        Node {
            span: kw.span.cover(inner.span),
            kind: NodeKind::Not(Box::new(inner)),
        }
    }

    fn missing(&mut self, expected: &str) -> Node {
        self.error_here(expected);
        Node {
            span: Span::empty(self.cur_span().start),
            kind: NodeKind::Error(vec![]),
        }
    }

    fn parse_primary(&mut self) -> Node {
        match self.peek() {
            Some(TokenKind::LParen) => {
                if let Err(span) = self.enter() {
                    return Node {
                        span,
                        kind: NodeKind::Error(vec![]),
                    };
                }
                let open = self.bump();
                let inner = if self.peek() == Some(TokenKind::RParen) {
                    self.missing("an expression")
                } else {
                    self.parse_recovering(Some(TokenKind::RParen))
                };
                let end = self.expect_close(TokenKind::RParen, open.span);
                self.leave();
                Node {
                    span: Span::new(open.span.start, end),
                    kind: NodeKind::Group(Box::new(inner)),
                }
            }
            Some(TokenKind::Word | TokenKind::String | TokenKind::UnterminatedString) => {
                self.parse_field_expr()
            }
            Some(
                TokenKind::Colon | TokenKind::Lt | TokenKind::Le | TokenKind::Gt | TokenKind::Ge,
            ) => {
                self.error_here("a field name or value");
                let t = self.bump();
                Node {
                    span: t.span,
                    kind: NodeKind::Error(vec![]),
                }
            }
            Some(TokenKind::LBrace) => {
                self.error_here("a field name before `:{`");
                let t = self.bump();
                Node {
                    span: t.span,
                    kind: NodeKind::Error(vec![]),
                }
            }
            _ => self.missing("an expression"),
        }
    }

    /// Expects `close` (`)` or `}`); returns the end offset of the construct.
    fn expect_close(&mut self, close: TokenKind, open: Span) -> usize {
        if self.peek() == Some(close) {
            return self.bump().span.end;
        }
        let (c, o) = if close == TokenKind::RParen {
            (")", "(")
        } else {
            ("}", "{")
        };
        let msg = format!(
            "expected `{c}` to close `{o}` at {}, found {}",
            open.start,
            self.found()
        );
        let span = self.cur_span();
        self.error(msg, span);
        self.prev_end().max(open.end)
    }

    fn parse_literal(&mut self) -> Literal {
        let t = self.bump();
        match t.kind {
            TokenKind::String | TokenKind::UnterminatedString => {
                if t.kind == TokenKind::UnterminatedString {
                    self.error(
                        format!(
                            "expected `\"` to close the string starting at {}, found end of input",
                            t.span.start
                        ),
                        t.span,
                    );
                }
                Literal {
                    span: t.span,
                    quoted: true,
                    value: unquote(t.text(self.src)),
                    wildcards: Vec::new(),
                }
            }
            _ => {
                let mut span = t.span;
                while self.peek() == Some(TokenKind::Word) {
                    span = span.cover(self.bump().span);
                }
                let (value, wildcards, errs) = decode_unquoted(span.text(self.src), span.start);
                for (m, s) in errs {
                    self.error(m, s);
                }
                Literal {
                    span,
                    quoted: false,
                    value,
                    wildcards,
                }
            }
        }
    }

    fn parse_field_expr(&mut self) -> Node {
        let lit = self.parse_literal();
        match self.peek() {
            Some(TokenKind::Colon) => {
                let colon = self.bump().span;
                if self.peek() == Some(TokenKind::LBrace) {
                    return self.parse_nested(lit);
                }
                let value = match self.peek() {
                    Some(
                        TokenKind::LParen
                        | TokenKind::Word
                        | TokenKind::String
                        | TokenKind::UnterminatedString,
                    ) => self.parse_value_not(),
                    _ => self.value_error("a value or `(` after `:`"),
                };
                if let ValueKind::Literal(l) = &value.kind {
                    if l.is_match_all() {
                        return Node {
                            span: lit.span.cover(value.span),
                            kind: NodeKind::Exists {
                                field: lit,
                                star: value.span,
                            },
                        };
                    }
                }
                Node {
                    span: lit.span.cover(value.span),
                    kind: NodeKind::Match {
                        field: lit,
                        colon,
                        value,
                    },
                }
            }
            Some(k @ (TokenKind::Lt | TokenKind::Le | TokenKind::Gt | TokenKind::Ge)) => {
                let op_span = self.bump().span;
                let op = match k {
                    TokenKind::Lt => RangeOp::Lt,
                    TokenKind::Le => RangeOp::Le,
                    TokenKind::Gt => RangeOp::Gt,
                    _ => RangeOp::Ge,
                };
                let value = match self.peek() {
                    Some(TokenKind::Word | TokenKind::String | TokenKind::UnterminatedString) => {
                        self.parse_literal()
                    }
                    _ => {
                        self.error_here(&format!("a value after `{}`", op.as_str()));
                        Literal {
                            span: Span::empty(op_span.end),
                            quoted: false,
                            value: String::new(),
                            wildcards: Vec::new(),
                        }
                    }
                };
                Node {
                    span: lit.span.cover(value.span),
                    kind: NodeKind::Range {
                        field: lit,
                        op,
                        op_span,
                        value,
                    },
                }
            }
            _ => Node {
                span: lit.span,
                kind: NodeKind::FullText(lit),
            },
        }
    }

    fn parse_nested(&mut self, field: Literal) -> Node {
        if let Err(span) = self.enter() {
            return Node {
                span: field.span.cover(span),
                kind: NodeKind::Error(vec![]),
            };
        }
        let open = self.bump().span;
        let query = if self.peek() == Some(TokenKind::RBrace) {
            self.error_here("a nested query");
            None
        } else {
            Some(Box::new(self.parse_recovering(Some(TokenKind::RBrace))))
        };
        let end = self.expect_close(TokenKind::RBrace, open);
        self.leave();
        Node {
            span: Span::new(field.span.start, end),
            kind: NodeKind::Nested { field, query },
        }
    }

    fn value_error(&mut self, expected: &str) -> ValueExpr {
        self.error_here(expected);
        ValueExpr {
            span: Span::empty(self.cur_span().start),
            kind: ValueKind::Error,
        }
    }

    fn parse_value_or(&mut self) -> ValueExpr {
        let first = self.parse_value_and();
        if self.peek() != Some(TokenKind::Or) {
            return first;
        }
        let mut items = vec![first];
        while self.peek() == Some(TokenKind::Or) {
            self.bump();
            items.push(self.parse_value_and());
        }
        let span = items[0].span.cover(items[items.len() - 1].span);
        ValueExpr {
            span,
            kind: ValueKind::Or(items),
        }
    }

    fn parse_value_and(&mut self) -> ValueExpr {
        let first = self.parse_value_not();
        if self.peek() != Some(TokenKind::And) {
            return first;
        }
        let mut items = vec![first];
        while self.peek() == Some(TokenKind::And) {
            self.bump();
            items.push(self.parse_value_not());
        }
        let span = items[0].span.cover(items[items.len() - 1].span);
        ValueExpr {
            span,
            kind: ValueKind::And(items),
        }
    }

    fn parse_value_not(&mut self) -> ValueExpr {
        match self.peek() {
            Some(TokenKind::Not) => {
                if let Err(span) = self.enter() {
                    return ValueExpr {
                        span,
                        kind: ValueKind::Error,
                    };
                }
                let kw = self.bump();
                let inner = self.parse_value_not();
                self.leave();
                ValueExpr {
                    span: kw.span.cover(inner.span),
                    kind: ValueKind::Not(Box::new(inner)),
                }
            }
            Some(TokenKind::LParen) => {
                if let Err(span) = self.enter() {
                    return ValueExpr {
                        span,
                        kind: ValueKind::Error,
                    };
                }
                let open = self.bump();
                let inner = if self.peek() == Some(TokenKind::RParen) {
                    self.value_error("a value")
                } else {
                    self.parse_value_or()
                };
                // Skip junk up to the closing parenthesis.
                let mut reported = false;
                while let Some(k) = self.peek() {
                    if k == TokenKind::RParen || (k == TokenKind::RBrace && reported) {
                        break;
                    }
                    if !reported {
                        reported = true;
                        self.error_here("`and`, `or` or `)` in the value list");
                    }
                    if k == TokenKind::LParen || k == TokenKind::RBrace {
                        break;
                    }
                    self.bump();
                }
                let end = self.expect_close(TokenKind::RParen, open.span);
                self.leave();
                ValueExpr {
                    span: Span::new(open.span.start, end),
                    kind: ValueKind::Group(Box::new(inner)),
                }
            }
            Some(TokenKind::Word | TokenKind::String | TokenKind::UnterminatedString) => {
                let l = self.parse_literal();
                ValueExpr {
                    span: l.span,
                    kind: ValueKind::Literal(l),
                }
            }
            _ => self.value_error("a value"),
        }
    }
}
