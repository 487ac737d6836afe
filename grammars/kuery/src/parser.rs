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

/// Builds an `And` (or `Or` when `or`) node from operands, or returns the single operand.
fn fold(mut items: Vec<Node>, or: bool) -> Node {
    if items.len() == 1 {
        if let Some(n) = items.pop() {
            return n;
        }
    }
    let span = match (items.first(), items.last()) {
        (Some(f), Some(l)) => f.span.cover(l.span),
        _ => Span::default(),
    };
    Node {
        span,
        kind: if or {
            NodeKind::Or(items)
        } else {
            NodeKind::And(items)
        },
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

    /// Reports (once) that the nesting limit was hit at `start`, skips to the end of the current
    /// group and returns an `Error` node for the skipped text.
    #[cold]
    #[inline(never)]
    fn too_deep(&mut self, start: usize) -> Node {
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
        Node {
            span: Span::new(start, self.prev_end().max(start)),
            kind: NodeKind::Error(vec![]),
        }
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

    /// Parses an `or` expression, then (out of line) any junk up to `closer` or the end.
    fn parse_recovering(&mut self, closer: Option<TokenKind>) -> Node {
        let first = self.parse_or();
        match self.peek() {
            None => first,
            Some(k) if Some(k) == closer => first,
            Some(_) => self.recover_tail(first, closer),
        }
    }

    /// Keeps parsing over unexpected tokens until `closer` (or the end), wrapping all pieces in
    /// an `Error` node.
    #[inline(never)]
    fn recover_tail(&mut self, first: Node, closer: Option<TokenKind>) -> Node {
        let mut all = vec![first];
        while let Some(k) = self.peek() {
            if Some(k) == closer {
                break;
            }
            if Self::can_start_expr(k) {
                self.error_here("`and`, `or` or the end of the expression");
                let n = self.parse_or();
                all.push(n);
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
                all.push(Node {
                    span: t.span,
                    kind: NodeKind::Error(vec![]),
                });
            }
        }
        let span = all.iter().fold(all[0].span, |acc, n| acc.cover(n.span));
        Node {
            span,
            kind: NodeKind::Error(all),
        }
    }

    /// `or` / `and` / `not` in a single frame (precedence climbing; `not` prefixes are counted
    /// and wrapped iteratively) to keep stack use per nesting level small.
    fn parse_or(&mut self) -> Node {
        let mut ors: Vec<Node> = Vec::new();
        let mut ands: Vec<Node> = Vec::new();
        loop {
            let mut nots: Vec<Span> = Vec::new();
            let mut operand = None;
            while self.peek() == Some(TokenKind::Not) {
                if self.depth + nots.len() >= MAX_DEPTH {
                    let start = nots.first().map_or(self.cur_span().start, |s| s.start);
                    operand = Some(self.too_deep(start));
                    nots.clear();
                    break;
                }
                nots.push(self.bump().span);
            }
            let mut node = match operand {
                Some(n) => n,
                None => {
                    self.depth += nots.len();
                    let n = self.parse_primary();
                    self.depth -= nots.len();
                    n
                }
            };
            while let Some(s) = nots.pop() {
                node = Node {
                    span: s.cover(node.span),
                    kind: NodeKind::Not(Box::new(node)),
                };
            }
            ands.push(node);
            match self.peek() {
                Some(TokenKind::And) => {
                    self.bump();
                }
                Some(TokenKind::Or) => {
                    self.bump();
                    ors.push(fold(std::mem::take(&mut ands), false));
                }
                _ => break,
            }
        }
        ors.push(fold(ands, false));
        fold(ors, true)
    }

    #[inline(never)]
    fn missing(&mut self, expected: &str) -> Node {
        self.error_here(expected);
        Node {
            span: Span::empty(self.cur_span().start),
            kind: NodeKind::Error(vec![]),
        }
    }

    #[inline(never)]
    fn unexpected(&mut self, expected: &str) -> Node {
        self.error_here(expected);
        let t = self.bump();
        Node {
            span: t.span,
            kind: NodeKind::Error(vec![]),
        }
    }

    fn parse_primary(&mut self) -> Node {
        match self.peek() {
            Some(TokenKind::LParen) => {
                if self.depth >= MAX_DEPTH {
                    let start = self.cur_span().start;
                    return self.too_deep(start);
                }
                self.depth += 1;
                let open = self.bump();
                let inner = if self.peek() == Some(TokenKind::RParen) {
                    self.missing("an expression")
                } else {
                    self.parse_recovering(Some(TokenKind::RParen))
                };
                let end = self.expect_close(TokenKind::RParen, open.span);
                self.depth -= 1;
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
            ) => self.unexpected("a field name or value"),
            Some(TokenKind::LBrace) => self.unexpected("a field name before `:{`"),
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
        let lit = Box::new(self.parse_literal());
        match self.peek() {
            Some(TokenKind::Colon) => {
                let colon = self.bump().span;
                if self.peek() == Some(TokenKind::LBrace) {
                    self.parse_nested(lit)
                } else {
                    self.parse_match(lit, colon)
                }
            }
            Some(k @ (TokenKind::Lt | TokenKind::Le | TokenKind::Gt | TokenKind::Ge)) => {
                self.parse_range(lit, k)
            }
            _ => Node {
                span: lit.span,
                kind: NodeKind::FullText(lit),
            },
        }
    }

    /// After `field :` (not followed by `{`).
    #[inline(never)]
    fn parse_match(&mut self, field: Box<Literal>, colon: Span) -> Node {
        let value = match self.peek() {
            Some(
                TokenKind::LParen
                | TokenKind::Word
                | TokenKind::String
                | TokenKind::UnterminatedString,
            ) => self.parse_value_primary(),
            _ => self.value_error("a value or `(` after `:`"),
        };
        if let ValueKind::Literal(l) = &value.kind {
            if l.is_match_all() {
                return Node {
                    span: field.span.cover(value.span),
                    kind: NodeKind::Exists {
                        field,
                        star: value.span,
                    },
                };
            }
        }
        Node {
            span: field.span.cover(value.span),
            kind: NodeKind::Match {
                field,
                colon,
                value: Box::new(value),
            },
        }
    }

    /// After `field` when a comparison operator follows.
    #[inline(never)]
    fn parse_range(&mut self, field: Box<Literal>, k: TokenKind) -> Node {
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
            span: field.span.cover(value.span),
            kind: NodeKind::Range {
                field,
                op,
                op_span,
                value: Box::new(value),
            },
        }
    }

    fn parse_nested(&mut self, field: Box<Literal>) -> Node {
        if self.depth >= MAX_DEPTH {
            let start = self.cur_span().start;
            let e = self.too_deep(start);
            return Node {
                span: field.span.cover(e.span),
                kind: NodeKind::Error(vec![]),
            };
        }
        self.depth += 1;
        let open = self.bump().span;
        let query = if self.peek() == Some(TokenKind::RBrace) {
            self.error_here("a nested query");
            None
        } else {
            Some(Box::new(self.parse_recovering(Some(TokenKind::RBrace))))
        };
        let end = self.expect_close(TokenKind::RBrace, open);
        self.depth -= 1;
        Node {
            span: Span::new(field.span.start, end),
            kind: NodeKind::Nested { field, query },
        }
    }

    #[inline(never)]
    fn value_error(&mut self, expected: &str) -> ValueExpr {
        self.error_here(expected);
        ValueExpr {
            span: Span::empty(self.cur_span().start),
            kind: ValueKind::Error,
        }
    }

    #[cold]
    #[inline(never)]
    fn value_too_deep(&mut self, start: usize) -> ValueExpr {
        let n = self.too_deep(start);
        ValueExpr {
            span: n.span,
            kind: ValueKind::Error,
        }
    }

    /// Value-list `or` / `and` / `not` in one frame, like [`Parser::parse_or`].
    fn parse_value_or(&mut self) -> ValueExpr {
        let mut ors: Vec<ValueExpr> = Vec::new();
        let mut ands: Vec<ValueExpr> = Vec::new();
        loop {
            let mut nots: Vec<Span> = Vec::new();
            let mut operand = None;
            while self.peek() == Some(TokenKind::Not) {
                if self.depth + nots.len() >= MAX_DEPTH {
                    let start = nots.first().map_or(self.cur_span().start, |s| s.start);
                    operand = Some(self.value_too_deep(start));
                    nots.clear();
                    break;
                }
                nots.push(self.bump().span);
            }
            let mut v = match operand {
                Some(v) => v,
                None => {
                    self.depth += nots.len();
                    let v = self.parse_value_primary();
                    self.depth -= nots.len();
                    v
                }
            };
            while let Some(s) = nots.pop() {
                v = ValueExpr {
                    span: s.cover(v.span),
                    kind: ValueKind::Not(Box::new(v)),
                };
            }
            ands.push(v);
            match self.peek() {
                Some(TokenKind::And) => {
                    self.bump();
                }
                Some(TokenKind::Or) => {
                    self.bump();
                    ors.push(fold_values(std::mem::take(&mut ands), false));
                }
                _ => break,
            }
        }
        ors.push(fold_values(ands, false));
        fold_values(ors, true)
    }

    /// Skips unexpected tokens inside a value list up to its `)` (reporting once).
    #[inline(never)]
    fn skip_value_junk(&mut self) {
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
    }

    /// `( values )` or a single literal.
    fn parse_value_primary(&mut self) -> ValueExpr {
        match self.peek() {
            Some(TokenKind::LParen) => {
                if self.depth >= MAX_DEPTH {
                    let start = self.cur_span().start;
                    return self.value_too_deep(start);
                }
                self.depth += 1;
                let open = self.bump();
                let inner = if self.peek() == Some(TokenKind::RParen) {
                    self.value_error("a value")
                } else {
                    self.parse_value_or()
                };
                if self.peek().is_some_and(|k| k != TokenKind::RParen) {
                    self.skip_value_junk();
                }
                let end = self.expect_close(TokenKind::RParen, open.span);
                self.depth -= 1;
                ValueExpr {
                    span: Span::new(open.span.start, end),
                    kind: ValueKind::Group(Box::new(inner)),
                }
            }
            Some(TokenKind::Word | TokenKind::String | TokenKind::UnterminatedString) => {
                let l = self.parse_literal();
                ValueExpr {
                    span: l.span,
                    kind: ValueKind::Literal(Box::new(l)),
                }
            }
            _ => self.value_error("a value"),
        }
    }
}

/// Builds a value `And` (or `Or`) from operands, or returns the single operand.
fn fold_values(mut items: Vec<ValueExpr>, or: bool) -> ValueExpr {
    if items.len() == 1 {
        if let Some(v) = items.pop() {
            return v;
        }
    }
    let span = match (items.first(), items.last()) {
        (Some(f), Some(l)) => f.span.cover(l.span),
        _ => Span::default(),
    };
    ValueExpr {
        span,
        kind: if or {
            ValueKind::Or(items)
        } else {
            ValueKind::And(items)
        },
    }
}
