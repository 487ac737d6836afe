//! Resilient Lucene query-string parser (Elasticsearch `query_string` syntax).
//!
//! ```text
//! query   := or
//! or      := seq (("OR" | "||") seq)*
//! seq     := and and*                       (juxtaposition: default operator)
//! and     := unary (("AND" | "&&") unary)*
//! unary   := ("NOT" | "!" | "-" | "+") unary | primary
//! primary := "(" query ")" boost? | WORD ":" "(" query ")" boost? | (WORD ":")? value
//! value   := (WORD | PHRASE | REGEX | range) fuzzy? boost?
//! range   := ("[" | "{") bound "TO" bound ("]" | "}")
//! ```
//! The boolean levels are parsed in one stack frame (precedence climbing) so that deep inputs
//! use little stack; nesting is capped at [`MAX_DEPTH`].

use crate::ast::{
    CompareOp, FieldRef, Literal, Modifier, Node, NodeKind, NotOp, Query, Range, Term, Value,
};
use crate::lexer::{lex, Token, TokenKind};
use crate::literal::decode;
use crate::span::Span;

/// Maximum nesting of parentheses and prefix operators.
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
    /// Errors in order of discovery.
    pub errors: Vec<ParseError>,
}

impl Parse {
    /// True when no error was reported.
    pub fn is_ok(&self) -> bool {
        self.errors.is_empty()
    }
}

/// Parses a Lucene query string. Never panics; errors are collected in [`Parse::errors`].
pub fn parse(src: &str) -> Parse {
    let toks: Vec<Token> = lex(src)
        .into_iter()
        .filter(|t| !t.kind.is_trivia())
        .collect();
    let mut p = Parser {
        src,
        toks,
        pos: 0,
        errors: Vec::new(),
        depth: 0,
        depth_reported: false,
        field_ctx: None,
    };
    let root = if p.toks.is_empty() {
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

#[derive(Clone, Copy, PartialEq, Eq)]
enum Combine {
    And,
    Implicit,
    Or,
}

fn fold(mut items: Vec<Node>, how: Combine) -> Node {
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
        kind: match how {
            Combine::And => NodeKind::And(items),
            Combine::Implicit => NodeKind::Implicit(items),
            Combine::Or => NodeKind::Or(items),
        },
    }
}

fn can_start_clause(k: TokenKind) -> bool {
    matches!(
        k,
        TokenKind::LParen
            | TokenKind::Word
            | TokenKind::String
            | TokenKind::UnterminatedString
            | TokenKind::Regex
            | TokenKind::UnterminatedRegex
            | TokenKind::LBracket
            | TokenKind::LBrace
            | TokenKind::Plus
            | TokenKind::Minus
            | TokenKind::Bang
            | TokenKind::Not
    )
}

fn describe(kind: TokenKind, text: &str) -> String {
    match kind {
        TokenKind::String | TokenKind::UnterminatedString => "a quoted phrase".to_string(),
        TokenKind::Regex | TokenKind::UnterminatedRegex => "a regular expression".to_string(),
        _ => {
            let short: String = text.chars().take(40).collect();
            format!("`{short}`")
        }
    }
}

/// Wraps `node` in the prefix operators (innermost last), iteratively.
#[inline(never)]
fn wrap_prefixes(mut node: Node, mut prefixes: Vec<(TokenKind, Span)>) -> Node {
    while let Some((k, s)) = prefixes.pop() {
        let span = s.cover(node.span);
        let inner = Box::new(node);
        let kind = match k {
            TokenKind::Plus => NodeKind::Required(inner),
            TokenKind::Minus => NodeKind::Not {
                op: NotOp::Minus,
                op_span: s,
                inner,
            },
            TokenKind::Bang => NodeKind::Not {
                op: NotOp::Bang,
                op_span: s,
                inner,
            },
            _ => NodeKind::Not {
                op: NotOp::Not,
                op_span: s,
                inner,
            },
        };
        node = Node { span, kind };
    }
    node
}

struct Parser<'a> {
    src: &'a str,
    toks: Vec<Token>,
    pos: usize,
    errors: Vec<ParseError>,
    depth: usize,
    depth_reported: bool,
    field_ctx: Option<Box<FieldRef>>,
}

impl<'a> Parser<'a> {
    fn peek(&self) -> Option<TokenKind> {
        self.toks.get(self.pos).map(|t| t.kind)
    }

    fn peek2(&self) -> Option<TokenKind> {
        self.toks.get(self.pos + 1).map(|t| t.kind)
    }

    fn cur_span(&self) -> Span {
        match self.toks.get(self.pos) {
            Some(t) => t.span,
            None => Span::empty(self.src.len()),
        }
    }

    fn prev_end(&self) -> usize {
        match self.pos.checked_sub(1).and_then(|i| self.toks.get(i)) {
            Some(t) => t.span.end,
            None => 0,
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

    #[inline(never)]
    fn error_here(&mut self, expected: &str) {
        let msg = format!("expected {expected}, found {}", self.found());
        let span = self.cur_span();
        self.error(msg, span);
    }

    /// Reports (once) the nesting limit at `start`, skips to the end of the current group.
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
                TokenKind::LParen => level += 1,
                TokenKind::RParen => {
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

    fn parse_recovering(&mut self, closer: Option<TokenKind>) -> Node {
        let first = self.parse_or();
        match self.peek() {
            None => first,
            Some(k) if Some(k) == closer => first,
            Some(_) => self.recover_tail(first, closer),
        }
    }

    /// Wraps unexpected tokens up to `closer` (or the end) in `Error` nodes and keeps parsing.
    #[inline(never)]
    fn recover_tail(&mut self, first: Node, closer: Option<TokenKind>) -> Node {
        let mut all = vec![first];
        while let Some(k) = self.peek() {
            if Some(k) == closer {
                break;
            }
            if can_start_clause(k) {
                let n = self.parse_or();
                all.push(n);
                continue;
            }
            let msg = match (k, closer) {
                (TokenKind::RParen, None) => "unmatched `)`".to_string(),
                (_, Some(_)) => format!(
                    "expected `AND`, `OR`, a clause or `)`, found {}",
                    self.found()
                ),
                _ => format!(
                    "expected `AND`, `OR`, a clause or end of input, found {}",
                    self.found()
                ),
            };
            let t = self.bump();
            self.error(msg, t.span);
            all.push(Node {
                span: t.span,
                kind: NodeKind::Error(vec![]),
            });
        }
        let span = all.iter().fold(all[0].span, |acc, n| acc.cover(n.span));
        Node {
            span,
            kind: NodeKind::Error(all),
        }
    }

    /// `OR` / juxtaposition / `AND` / prefix operators in one frame.
    fn parse_or(&mut self) -> Node {
        let mut ors: Vec<Node> = Vec::new();
        let mut seq: Vec<Node> = Vec::new();
        let mut ands: Vec<Node> = Vec::new();
        loop {
            let mut prefixes: Vec<(TokenKind, Span)> = Vec::new();
            let mut operand = None;
            while let Some(
                k @ (TokenKind::Plus | TokenKind::Minus | TokenKind::Bang | TokenKind::Not),
            ) = self.peek()
            {
                if self.depth + prefixes.len() >= MAX_DEPTH {
                    let start = prefixes
                        .first()
                        .map_or(self.cur_span().start, |p| p.1.start);
                    operand = Some(self.too_deep(start));
                    prefixes.clear();
                    break;
                }
                let s = self.bump().span;
                prefixes.push((k, s));
            }
            let mut node = match operand {
                Some(n) => n,
                None => {
                    self.depth += prefixes.len();
                    let n = self.parse_primary();
                    self.depth -= prefixes.len();
                    n
                }
            };
            if !prefixes.is_empty() {
                node = wrap_prefixes(node, prefixes);
            }
            ands.push(node);
            match self.peek() {
                Some(TokenKind::And | TokenKind::AmpAmp) => {
                    self.bump();
                }
                Some(TokenKind::Or | TokenKind::PipePipe) => {
                    self.bump();
                    seq.push(fold(std::mem::take(&mut ands), Combine::And));
                    ors.push(fold(std::mem::take(&mut seq), Combine::Implicit));
                }
                Some(k) if can_start_clause(k) => {
                    seq.push(fold(std::mem::take(&mut ands), Combine::And));
                }
                _ => break,
            }
        }
        seq.push(fold(ands, Combine::And));
        ors.push(fold(seq, Combine::Implicit));
        fold(ors, Combine::Or)
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
            Some(TokenKind::LParen) => self.parse_group(None),
            Some(TokenKind::Word)
                if self.peek2() == Some(TokenKind::Colon)
                    && self.toks.get(self.pos + 2).map(|t| t.kind) == Some(TokenKind::LParen) =>
            {
                let field = self.field_prefix();
                self.parse_group(Some(field))
            }
            Some(TokenKind::Word) if self.peek2() == Some(TokenKind::Colon) => {
                self.parse_field_clause()
            }
            Some(
                TokenKind::Word
                | TokenKind::String
                | TokenKind::UnterminatedString
                | TokenKind::Regex
                | TokenKind::UnterminatedRegex
                | TokenKind::LBracket
                | TokenKind::LBrace,
            ) => {
                let field = self.field_ctx.as_deref().cloned();
                self.parse_value(field)
            }
            Some(
                TokenKind::Colon
                | TokenKind::Caret
                | TokenKind::Tilde
                | TokenKind::RBracket
                | TokenKind::RBrace
                | TokenKind::To,
            ) => self.unexpected("a term, phrase or `(`"),
            _ => self.missing("a term, phrase or `(`"),
        }
    }

    /// `( query )` or `field:( query )`, then an optional boost.
    fn parse_group(&mut self, field: Option<Box<FieldRef>>) -> Node {
        let start = field
            .as_ref()
            .map_or(self.cur_span().start, |f| f.span.start);
        if self.depth >= MAX_DEPTH {
            return self.too_deep(start);
        }
        self.depth += 1;
        let open = self.bump().span;
        let saved = self.enter_field(field.as_deref());
        let body = if self.peek() == Some(TokenKind::RParen) {
            self.missing("a query inside `( )`")
        } else {
            self.parse_recovering(Some(TokenKind::RParen))
        };
        self.field_ctx = saved;
        self.depth -= 1;
        self.finish_group(start, open, field, body)
    }

    /// Sets the inherited field for a `field:( )` group; returns the previous one.
    #[inline(never)]
    fn enter_field(&mut self, field: Option<&FieldRef>) -> Option<Box<FieldRef>> {
        match field {
            Some(f) => {
                let mut inherited = f.clone();
                inherited.inherited = true;
                self.field_ctx.replace(Box::new(inherited))
            }
            None => self.field_ctx.clone(),
        }
    }

    /// Closing `)` and optional `^N` of a group.
    #[inline(never)]
    fn finish_group(
        &mut self,
        start: usize,
        open: Span,
        field: Option<Box<FieldRef>>,
        body: Node,
    ) -> Node {
        let mut end = if self.peek() == Some(TokenKind::RParen) {
            self.bump().span.end
        } else {
            self.close_error(")", "(", open);
            self.prev_end().max(open.end)
        };
        let boost = if self.peek() == Some(TokenKind::Caret) {
            let m = self.modifier(true);
            end = m.span.end;
            Some(m)
        } else {
            None
        };
        Node {
            span: Span::new(start, end),
            kind: NodeKind::Group {
                field,
                body: Box::new(body),
                boost,
            },
        }
    }

    #[inline(never)]
    fn close_error(&mut self, close: &str, open: &str, at: Span) {
        let msg = format!(
            "expected `{close}` to close `{open}` at {}, found {}",
            at.start,
            self.found()
        );
        let span = self.cur_span();
        self.error(msg, span);
    }

    fn field_ref(&mut self, t: Token, inherited: bool) -> FieldRef {
        let (name, wildcards, err) = decode(t.text(self.src), t.span.start, true);
        if let Some(s) = err {
            self.error("expected a character after `\\`".to_string(), s);
        }
        FieldRef {
            span: t.span,
            name,
            wildcards,
            inherited,
        }
    }

    /// Consumes `field :` and returns the field.
    #[inline(never)]
    fn field_prefix(&mut self) -> Box<FieldRef> {
        let ftok = self.bump();
        self.bump();
        Box::new(self.field_ref(ftok, false))
    }

    /// `field : ...`
    #[inline(never)]
    fn parse_field_clause(&mut self) -> Node {
        let ftok = self.bump();
        let colon = self.bump().span;
        let field = self.field_ref(ftok, false);
        match self.peek() {
            Some(TokenKind::LParen) => self.parse_group(Some(Box::new(field))),
            Some(TokenKind::Word) if field.name == "_exists_" && field.wildcards.is_empty() => {
                let t = self.bump();
                let target = self.field_ref(t, false);
                Node {
                    span: ftok.span.cover(t.span),
                    kind: NodeKind::Exists {
                        field: Box::new(target),
                    },
                }
            }
            Some(TokenKind::Word)
                if ftok.text(self.src) == "*" && self.cur_span().text(self.src) == "*" =>
            {
                let t = self.bump();
                Node {
                    span: ftok.span.cover(t.span),
                    kind: NodeKind::MatchAll,
                }
            }
            Some(
                TokenKind::Word
                | TokenKind::String
                | TokenKind::UnterminatedString
                | TokenKind::Regex
                | TokenKind::UnterminatedRegex
                | TokenKind::LBracket
                | TokenKind::LBrace,
            ) => self.parse_value(Some(field)),
            _ => {
                self.error_here(&format!("a value after `{}:`", field.name));
                Node {
                    span: ftok.span.cover(colon),
                    kind: NodeKind::Error(vec![]),
                }
            }
        }
    }

    /// `^N` or `~N` at the current token.
    fn modifier(&mut self, needs_number: bool) -> Modifier {
        let t = self.bump();
        let text = t.text(self.src);
        let num = text.get(1..).unwrap_or("");
        let number = if num.is_empty() {
            if needs_number {
                self.error(
                    format!("expected a number after `{text}`"),
                    Span::new(t.span.start, t.span.end),
                );
            }
            None
        } else {
            Some(num.to_string())
        };
        Modifier {
            span: t.span,
            number,
        }
    }

    fn literal(&mut self, t: Token, wild: bool) -> Literal {
        let raw = t.text(self.src);
        match t.kind {
            TokenKind::String | TokenKind::UnterminatedString => {
                if t.kind == TokenKind::UnterminatedString {
                    self.error(
                        format!(
                            "expected `\"` to close the phrase starting at {}, found end of input",
                            t.span.start
                        ),
                        t.span,
                    );
                }
                let body = raw.get(1..).unwrap_or("");
                let body = if t.kind == TokenKind::String {
                    body.get(..body.len().saturating_sub(1)).unwrap_or("")
                } else {
                    body
                };
                let (value, _, _) = decode(body, t.span.start + 1, false);
                Literal {
                    span: t.span,
                    quoted: true,
                    value,
                    wildcards: Vec::new(),
                }
            }
            _ => {
                let (value, wildcards, err) = decode(raw, t.span.start, wild);
                if let Some(s) = err {
                    self.error(
                        "expected a character after `\\`, found end of term".to_string(),
                        s,
                    );
                }
                Literal {
                    span: t.span,
                    quoted: false,
                    value,
                    wildcards,
                }
            }
        }
    }

    /// A value clause (term, phrase, regex, range, comparison) with optional `~N` and `^N`.
    #[inline(never)]
    fn parse_value(&mut self, field: Option<FieldRef>) -> Node {
        let start = field
            .as_ref()
            .filter(|f| !f.inherited)
            .map_or(self.cur_span().start, |f| f.span.start);
        let t = self.bump();
        let value = match t.kind {
            TokenKind::String | TokenKind::UnterminatedString => {
                Value::Phrase(self.literal(t, false))
            }
            TokenKind::Regex | TokenKind::UnterminatedRegex => {
                let raw = t.text(self.src);
                if t.kind == TokenKind::UnterminatedRegex {
                    self.error(
                        format!(
                            "expected `/` to close the regular expression starting at {}, found end of input",
                            t.span.start
                        ),
                        t.span,
                    );
                }
                let body = raw.get(1..).unwrap_or("");
                let body = if t.kind == TokenKind::Regex {
                    body.get(..body.len().saturating_sub(1)).unwrap_or("")
                } else {
                    body
                };
                Value::Regex(Literal {
                    span: t.span,
                    quoted: false,
                    value: body.to_string(),
                    wildcards: Vec::new(),
                })
            }
            TokenKind::LBracket | TokenKind::LBrace => Value::Range(Box::new(self.parse_range(t))),
            _ => self.word_value(t),
        };
        let mut fuzzy = None;
        let mut boost = None;
        let fuzzy_ok = matches!(value, Value::Term(_) | Value::Phrase(_));
        for _ in 0..2 {
            match self.peek() {
                Some(TokenKind::Tilde) if fuzzy.is_none() && fuzzy_ok => {
                    fuzzy = Some(self.modifier(false))
                }
                Some(TokenKind::Caret) if boost.is_none() => boost = Some(self.modifier(true)),
                _ => break,
            }
        }
        let end = self.prev_end();
        Node {
            span: Span::new(start, end.max(start)),
            kind: NodeKind::Term(Box::new(Term {
                span: Span::new(start, end.max(start)),
                field,
                value,
                fuzzy,
                boost,
            })),
        }
    }

    /// A bare word: a term, or an Elasticsearch comparison (`>=10`).
    fn word_value(&mut self, t: Token) -> Value {
        let raw = t.text(self.src);
        let (op, len) = if raw.starts_with(">=") {
            (CompareOp::Ge, 2)
        } else if raw.starts_with("<=") {
            (CompareOp::Le, 2)
        } else if raw.starts_with('>') {
            (CompareOp::Gt, 1)
        } else if raw.starts_with('<') {
            (CompareOp::Lt, 1)
        } else {
            return Value::Term(self.literal(t, true));
        };
        let op_span = Span::new(t.span.start, t.span.start + len);
        let value = if raw.len() > len {
            self.literal(
                Token {
                    kind: TokenKind::Word,
                    span: Span::new(op_span.end, t.span.end),
                },
                false,
            )
        } else if matches!(
            self.peek(),
            Some(TokenKind::String | TokenKind::UnterminatedString)
        ) && self.cur_span().start == t.span.end
        {
            let s = self.bump();
            self.literal(s, false)
        } else {
            self.error_here(&format!("a value after `{}`", op.as_str()));
            Literal {
                span: Span::empty(t.span.end),
                quoted: false,
                value: String::new(),
                wildcards: Vec::new(),
            }
        };
        Value::Compare { op, op_span, value }
    }

    fn range_bound(&mut self, what: &str) -> Literal {
        match self.peek() {
            Some(TokenKind::Word | TokenKind::String | TokenKind::UnterminatedString) => {
                let t = self.bump();
                self.literal(t, true)
            }
            _ => {
                self.error_here(what);
                Literal {
                    span: Span::empty(self.cur_span().start),
                    quoted: false,
                    value: String::new(),
                    wildcards: Vec::new(),
                }
            }
        }
    }

    /// `[a TO b]`, `{a TO b}` and mixed forms; `open` is the `[` or `{` token.
    fn parse_range(&mut self, open: Token) -> Range {
        let lower = self.range_bound("a lower bound after the range bracket");
        if self.peek() == Some(TokenKind::To) {
            self.bump();
        } else {
            self.error_here("`TO` in range");
        }
        let upper = self.range_bound("an upper bound after `TO`");
        if matches!(
            self.peek(),
            Some(
                TokenKind::Word | TokenKind::String | TokenKind::UnterminatedString | TokenKind::To
            )
        ) {
            self.error_here("`]` or `}` to close the range");
            while matches!(
                self.peek(),
                Some(
                    TokenKind::Word
                        | TokenKind::String
                        | TokenKind::UnterminatedString
                        | TokenKind::To
                )
            ) {
                self.bump();
            }
        }
        let upper_inclusive = match self.peek() {
            Some(TokenKind::RBracket) => {
                self.bump();
                true
            }
            Some(TokenKind::RBrace) => {
                self.bump();
                false
            }
            _ => {
                let msg = format!(
                    "expected `]` or `}}` to close the range at {}, found {}",
                    open.span.start,
                    self.found()
                );
                let span = self.cur_span();
                self.error(msg, span);
                true
            }
        };
        Range {
            span: Span::new(open.span.start, self.prev_end().max(open.span.end)),
            lower,
            upper,
            lower_inclusive: open.kind == TokenKind::LBracket,
            upper_inclusive,
        }
    }
}
