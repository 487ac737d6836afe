//! Resilient recursive-descent parser for EQL.
//!
//! Works on the non-trivia tokens from [`crate::lexer::lex`]. On an error it records a
//! located [`ParseError`], builds an [`ErrorNode`] and continues, so that half-typed
//! queries still produce an AST for the rest of the text.

use crate::ast::*;
use crate::error::ParseError;
use crate::lexer::{lex, Token, TokenKind};
use crate::span::Span;
use crate::unquote::{decode_string, unquote_ident};

mod expr;

/// Maximum nesting of parentheses / prefix operators before the parser gives up on a group.
pub const MAX_DEPTH: usize = 256;

/// Result of [`parse`]: the AST (always present) and the errors found.
#[derive(Debug, Clone, PartialEq)]
pub struct Parse {
    /// The query tree; parts that failed to parse are [`ErrorNode`]s.
    pub ast: Query,
    /// Errors in source order of discovery.
    pub errors: Vec<ParseError>,
}

/// Parses one EQL query. Never panics.
pub fn parse(src: &str) -> Parse {
    let tokens: Vec<Token> = lex(src)
        .into_iter()
        .filter(|t| !t.kind.is_trivia())
        .collect();
    let mut p = Parser {
        src,
        tokens,
        pos: 0,
        depth: 0,
        errors: Vec::new(),
    };
    let ast = p.query();
    Parse {
        ast,
        errors: p.errors,
    }
}

/// Keywords that can never start an expression operand.
const EXPR_STOP_WORDS: &[&str] = &[
    "and", "or", "in", "in~", "like", "like~", "regex", "regex~", "where", "by", "with", "until",
];

struct Parser<'a> {
    src: &'a str,
    tokens: Vec<Token>,
    pos: usize,
    depth: usize,
    errors: Vec<ParseError>,
}

impl<'a> Parser<'a> {
    // ----- token helpers -------------------------------------------------------------

    fn eof_span(&self) -> Span {
        Span::empty(self.src.len())
    }

    fn nth(&self, k: usize) -> Option<Token> {
        self.tokens.get(self.pos + k).copied()
    }

    fn kind(&self) -> Option<TokenKind> {
        self.nth(0).map(|t| t.kind)
    }

    fn nth_kind(&self, k: usize) -> Option<TokenKind> {
        self.nth(k).map(|t| t.kind)
    }

    fn at(&self, kind: TokenKind) -> bool {
        self.kind() == Some(kind)
    }

    fn text(&self) -> &'a str {
        match self.nth(0) {
            Some(t) => t.span.text(self.src),
            None => "",
        }
    }

    fn at_word(&self, word: &str) -> bool {
        self.at(TokenKind::Ident) && self.text() == word
    }

    fn nth_is_word(&self, k: usize, word: &str) -> bool {
        matches!(self.nth(k), Some(t) if t.kind == TokenKind::Ident && t.span.text(self.src) == word)
    }

    /// Span of the current token (or an empty span at end of input).
    fn span(&self) -> Span {
        self.nth(0)
            .map(|t| t.span)
            .unwrap_or_else(|| self.eof_span())
    }

    /// End of the previously consumed token (start of input when none).
    fn prev_end(&self) -> usize {
        if self.pos == 0 {
            self.tokens.first().map(|t| t.span.start).unwrap_or(0)
        } else {
            self.tokens
                .get(self.pos - 1)
                .map(|t| t.span.end)
                .unwrap_or(self.src.len())
        }
    }

    fn bump(&mut self) -> Span {
        let s = self.span();
        if self.pos < self.tokens.len() {
            self.pos += 1;
        }
        s
    }

    fn eat(&mut self, kind: TokenKind) -> Option<Span> {
        if self.at(kind) {
            Some(self.bump())
        } else {
            None
        }
    }

    fn eat_word(&mut self, word: &str) -> Option<Span> {
        if self.at_word(word) {
            Some(self.bump())
        } else {
            None
        }
    }

    /// Human description of the current token for error messages.
    fn found(&self) -> String {
        match self.nth(0) {
            None => "end of input".to_string(),
            Some(t) => {
                let text = t.span.text(self.src);
                let mut short: String = text.chars().take(30).collect();
                if short.len() < text.len() {
                    short.push('…');
                }
                format!("`{short}`")
            }
        }
    }

    fn error(&mut self, message: String, span: Span) {
        self.errors.push(ParseError::new(message, span));
    }

    fn expected(&mut self, what: &str) {
        let msg = format!("expected {what}, found {}", self.found());
        let span = self.span();
        self.error(msg, span);
    }

    /// Skips tokens (bracket-balanced) until one of the closing/stop conditions at
    /// balance zero; returns the skipped span (empty if nothing was skipped).
    fn skip_until(&mut self, stop: impl Fn(&Parser<'a>) -> bool) -> Span {
        let start = self.span().start;
        let mut end = start;
        let mut balance: usize = 0;
        while let Some(t) = self.nth(0) {
            if balance == 0 && stop(self) {
                break;
            }
            match t.kind {
                TokenKind::LParen | TokenKind::LBracket => balance += 1,
                TokenKind::RParen | TokenKind::RBracket => {
                    if balance == 0 {
                        break;
                    }
                    balance -= 1;
                }
                _ => {}
            }
            end = t.span.end;
            self.pos += 1;
        }
        Span::new(start, end.max(start))
    }

    // ----- queries ------------------------------------------------------------------

    fn query(&mut self) -> Query {
        let start = self.span().start;
        let body = if self.at_word("sequence") {
            QueryBody::Sequence(self.sequence())
        } else if self.at_word("sample") {
            QueryBody::Sample(self.sample())
        } else if self.at_word("join") && self.nth_kind(1) != Some(TokenKind::LParen) {
            QueryBody::Join(self.join())
        } else if self.nth(0).is_none() {
            self.expected("a query");
            QueryBody::Error(ErrorNode {
                span: self.eof_span(),
            })
        } else {
            QueryBody::Event(self.event_query())
        };
        let mut pipes = Vec::new();
        let mut junk = Vec::new();
        loop {
            if self.at(TokenKind::Pipe) {
                pipes.push(self.pipe());
            } else if self.nth(0).is_none() {
                break;
            } else {
                let msg = format!("expected `|` or end of input, found {}", self.found());
                let err_start = self.span();
                // Skip to the next top-level `|`, swallowing stray closing brackets too,
                // so that a run of junk gives one error.
                let mut skipped = err_start;
                while self.nth(0).is_some() && !self.at(TokenKind::Pipe) {
                    let part = self.skip_until(|p| p.at(TokenKind::Pipe));
                    let part = if part.is_empty() { self.bump() } else { part };
                    skipped = skipped.cover(part);
                }
                self.error(msg, skipped);
                junk.push(ErrorNode { span: skipped });
            }
        }
        let end = self.prev_end().max(start);
        Query {
            body,
            pipes,
            junk,
            span: Span::new(start, end),
        }
    }

    fn event_query(&mut self) -> EventQuery {
        let start = self.span().start;
        let category = self.category();
        let has_where = self.eat_word("where").is_some();
        if !has_where {
            self.expected("`where` after the event category");
        }
        let at_end = matches!(
            self.kind(),
            None | Some(TokenKind::RBracket) | Some(TokenKind::Pipe)
        );
        let condition = if at_end && !has_where {
            Expr::Error(ErrorNode {
                span: Span::empty(self.span().start),
            })
        } else {
            self.expr()
        };
        EventQuery {
            category,
            condition,
            span: Span::new(start, self.prev_end().max(start)),
        }
    }

    fn category(&mut self) -> EventCategory {
        let span = self.span();
        match self.kind() {
            Some(TokenKind::Ident) if self.text() != "where" => {
                let text = self.text();
                self.bump();
                let kind = if text == "any" {
                    CategoryKind::Any
                } else {
                    CategoryKind::Identifier
                };
                EventCategory {
                    kind,
                    name: text.to_string(),
                    span,
                }
            }
            Some(TokenKind::QuotedIdent) => {
                let name = unquote_ident(self.text());
                self.bump();
                EventCategory {
                    kind: CategoryKind::Identifier,
                    name,
                    span,
                }
            }
            Some(k) if k.is_string() => {
                let lit = self.string_literal();
                let name = lit.as_str().unwrap_or_default().to_string();
                EventCategory {
                    kind: CategoryKind::String,
                    name,
                    span,
                }
            }
            _ => {
                self.expected("an event category (such as `process` or `any`)");
                EventCategory {
                    kind: CategoryKind::Missing,
                    name: String::new(),
                    span: Span::empty(span.start),
                }
            }
        }
    }

    /// `by k1, k2` (the `by` is consumed here); returns the keys.
    fn by_keys(&mut self) -> Vec<Expr> {
        let by = self.bump();
        let mut keys = Vec::new();
        if self.starts_operand() {
            keys.push(self.expr());
            while self.eat(TokenKind::Comma).is_some() {
                keys.push(self.expr());
            }
        } else {
            self.expected("a join key after `by`");
            keys.push(Expr::Error(ErrorNode {
                span: Span::empty(by.end),
            }));
        }
        keys
    }

    /// Whether the current token can begin an operand of an expression.
    fn starts_operand(&self) -> bool {
        match self.kind() {
            Some(TokenKind::Ident) => !EXPR_STOP_WORDS.contains(&self.text()),
            Some(k) => {
                k.is_string()
                    || matches!(
                        k,
                        TokenKind::QuotedIdent
                            | TokenKind::UnterminatedQuotedIdent
                            | TokenKind::Number
                            | TokenKind::LParen
                            | TokenKind::Minus
                            | TokenKind::Question
                    )
            }
            None => false,
        }
    }

    /// `name = value` after `with`; returns (key, key span, value token span).
    fn with_option(&mut self, key: &str) -> Option<(Span, Span)> {
        let key_span = self.span();
        if !self.at_word(key) {
            self.expected(&format!("`{key}` after `with`"));
            return None;
        }
        self.bump();
        if self.eat(TokenKind::Eq).is_none() {
            self.expected(&format!("`=` after `{key}`"));
            if !self.at(TokenKind::Number) {
                return None;
            }
        }
        if !self.at(TokenKind::Number) {
            self.expected(&format!("a number after `{key}=`"));
            return None;
        }
        let value = self.bump();
        Some((key_span, value))
    }

    fn maxspan(&mut self) -> Option<MaxSpan> {
        let (key_span, value_span) = self.with_option("maxspan")?;
        let raw = value_span.text(self.src);
        let digits_end = raw
            .find(|c: char| !(c.is_ascii_digit() || c == '.'))
            .unwrap_or(raw.len());
        let (num, unit) = raw.split_at(digits_end);
        let mut unit = unit.to_string();
        let mut value_span = value_span;
        // `5 m` with the unit as a separate identifier.
        if unit.is_empty() && self.at(TokenKind::Ident) && is_time_unit(self.text()) {
            unit = self.text().to_string();
            value_span = value_span.cover(self.bump());
        }
        if !unit.is_empty() && !is_time_unit(&unit) {
            self.error(
                format!("unknown time unit `{unit}` (expected ms, s, m, h or d)"),
                value_span,
            );
        }
        Some(MaxSpan {
            value: num.parse().unwrap_or(f64::NAN),
            unit,
            value_span,
            span: key_span.cover(value_span),
        })
    }

    fn runs(&mut self) -> Option<Runs> {
        let (key_span, value_span) = self.with_option("runs")?;
        let raw = value_span.text(self.src);
        let value = match raw.parse::<u64>() {
            Ok(v) => v,
            Err(_) => {
                self.error(
                    format!("expected an integer run count, found `{raw}`"),
                    value_span,
                );
                0
            }
        };
        Some(Runs {
            value,
            value_span,
            span: key_span.cover(value_span),
        })
    }

    /// `[ category where` / `![ category where`: surely the start of a new sub-query
    /// (used to resynchronise after a missing `]`).
    fn at_subquery_head(&self) -> bool {
        let k = usize::from(self.at(TokenKind::Bang));
        self.nth_kind(k) == Some(TokenKind::LBracket)
            && matches!(self.nth_kind(k + 1), Some(t) if t == TokenKind::Ident || t.is_string())
            && self.nth_is_word(k + 2, "where")
    }

    fn at_subquery(&self) -> bool {
        self.at(TokenKind::LBracket)
            || (self.at(TokenKind::Bang) && self.nth_kind(1) == Some(TokenKind::LBracket))
    }

    /// Parses `by`/`with maxspan=` header options of sequence/sample/join.
    fn header(&mut self, by: &mut Vec<Expr>, mut maxspan: Option<&mut Option<MaxSpan>>) {
        loop {
            if self.at_word("by") {
                if !by.is_empty() {
                    let s = self.span();
                    self.error("duplicate `by` clause".to_string(), s);
                }
                let keys = self.by_keys();
                by.extend(keys);
            } else if self.at_word("with") {
                let with = self.bump();
                match maxspan.as_deref_mut() {
                    Some(slot) => {
                        if slot.is_some() {
                            self.error("duplicate `with maxspan`".to_string(), with);
                        }
                        if let Some(m) = self.maxspan() {
                            *slot = Some(m);
                        }
                    }
                    None => {
                        self.expected("a sub-query `[`; `with` is not allowed here");
                        self.skip_until(|p| p.at_subquery());
                    }
                }
            } else {
                break;
            }
        }
    }

    fn subqueries(&mut self, keyword: &str) -> Vec<SubQuery> {
        let mut queries = Vec::new();
        while self.at_subquery() {
            queries.push(self.subquery());
        }
        if queries.is_empty() {
            self.expected(&format!("a bracketed sub-query `[` after `{keyword}`"));
        }
        queries
    }

    fn until(&mut self) -> Option<Box<SubQuery>> {
        let until = self.eat_word("until")?;
        if self.at_subquery() {
            Some(Box::new(self.subquery()))
        } else {
            self.expected("a bracketed sub-query `[` after `until`");
            let _ = until;
            None
        }
    }

    fn sequence(&mut self) -> Sequence {
        let start = self.bump().start;
        let mut by = Vec::new();
        let mut maxspan = None;
        self.header(&mut by, Some(&mut maxspan));
        let queries = self.subqueries("sequence");
        let until = self.until();
        Sequence {
            by,
            maxspan,
            queries,
            until,
            span: Span::new(start, self.prev_end().max(start)),
        }
    }

    fn sample(&mut self) -> Sample {
        let start = self.bump().start;
        let mut by = Vec::new();
        self.header(&mut by, None);
        let queries = self.subqueries("sample");
        Sample {
            by,
            queries,
            span: Span::new(start, self.prev_end().max(start)),
        }
    }

    fn join(&mut self) -> Join {
        let start = self.bump().start;
        let mut by = Vec::new();
        self.header(&mut by, None);
        let queries = self.subqueries("join");
        let until = self.until();
        Join {
            by,
            queries,
            until,
            span: Span::new(start, self.prev_end().max(start)),
        }
    }

    fn subquery(&mut self) -> SubQuery {
        let start = self.span().start;
        let missing = self.eat(TokenKind::Bang).is_some();
        let open = self.bump(); // `[` (checked by at_subquery)
        let query = self.event_query();
        let mut junk = Vec::new();
        if !self.at(TokenKind::RBracket) {
            let msg = format!(
                "expected `]` to close `[` at {}, found {}",
                open.start,
                self.found()
            );
            let here = self.span();
            self.error(msg, here);
            let skipped = self.skip_until(|p| p.at(TokenKind::Pipe) || p.at_subquery_head());
            if !skipped.is_empty() {
                junk.push(ErrorNode { span: skipped });
            }
        }
        self.eat(TokenKind::RBracket);
        let mut by = Vec::new();
        let mut runs = None;
        loop {
            if self.at_word("by") {
                if !by.is_empty() {
                    let s = self.span();
                    self.error("duplicate `by` clause".to_string(), s);
                }
                let keys = self.by_keys();
                by.extend(keys);
            } else if self.at_word("with") && self.nth_is_word(1, "runs") {
                self.bump();
                if runs.is_some() {
                    let s = self.span();
                    self.error("duplicate `with runs`".to_string(), s);
                }
                if let Some(r) = self.runs() {
                    runs = Some(r);
                }
            } else {
                break;
            }
        }
        SubQuery {
            missing,
            query,
            by,
            runs,
            junk,
            span: Span::new(start, self.prev_end().max(start)),
        }
    }

    fn pipe(&mut self) -> Pipe {
        let bar = self.bump();
        let name_span = self.span();
        let name = if self.at(TokenKind::Ident) {
            let text = self.text().to_string();
            self.bump();
            Name {
                text,
                span: name_span,
            }
        } else {
            self.expected("a pipe name (such as `head`, `tail`, `filter`, `unique`)");
            Name {
                text: String::new(),
                span: Span::empty(name_span.start),
            }
        };
        let mut args = Vec::new();
        if !matches!(self.kind(), None | Some(TokenKind::Pipe)) {
            args.push(self.expr());
            while self.eat(TokenKind::Comma).is_some() {
                args.push(self.expr());
            }
        }
        Pipe {
            name,
            args,
            span: Span::new(bar.start, self.prev_end().max(bar.start)),
        }
    }
}

fn is_time_unit(u: &str) -> bool {
    matches!(
        u,
        "nanos"
            | "micros"
            | "ms"
            | "s"
            | "m"
            | "h"
            | "d"
            | "millis"
            | "milliseconds"
            | "sec"
            | "second"
            | "seconds"
            | "min"
            | "minute"
            | "minutes"
            | "hour"
            | "hours"
            | "day"
            | "days"
    )
}

fn span_of_all(exprs: &[Expr]) -> Span {
    match (exprs.first(), exprs.last()) {
        (Some(a), Some(b)) => a.span().cover(b.span()),
        _ => Span::default(),
    }
}
