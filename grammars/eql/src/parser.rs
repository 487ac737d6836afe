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

    // ----- expressions --------------------------------------------------------------
    //
    // Pratt parser. Binding powers: `or` 1, `and` 2, `not` operand 3, comparisons 4,
    // `+ -` 5, `* / %` 6, unary `-` 7. Recursion only happens for prefix operators and
    // bracketed groups, each of which counts against `MAX_DEPTH`.

    /// Enters one nesting level; on overflow reports an error, skips the rest of the
    /// group and returns the error node.
    fn enter(&mut self) -> Result<(), Expr> {
        if self.depth >= MAX_DEPTH {
            return Err(self.too_deep());
        }
        self.depth += 1;
        Ok(())
    }

    #[inline(never)]
    fn too_deep(&mut self) -> Expr {
        let at = self.span();
        self.error(format!("nesting deeper than {MAX_DEPTH}"), at);
        let skipped =
            self.skip_until(|p| matches!(p.kind(), Some(TokenKind::Pipe) | Some(TokenKind::Comma)));
        Expr::Error(ErrorNode {
            span: if skipped.is_empty() {
                Span::empty(at.start)
            } else {
                skipped
            },
        })
    }

    fn leave(&mut self) {
        self.depth = self.depth.saturating_sub(1);
    }

    /// Full boolean expression.
    pub(crate) fn expr(&mut self) -> Expr {
        if let Err(e) = self.enter() {
            return e;
        }
        let e = self.expr_bp(0);
        self.leave();
        e
    }

    /// Binding power of the infix operator at the current position, if any.
    fn infix_bp(&self) -> Option<u8> {
        Some(match self.kind()? {
            TokenKind::Ident => match self.text() {
                "or" => 1,
                "and" => 2,
                "like" | "like~" | "regex" | "regex~" | "in" | "in~" => 4,
                "not" => {
                    let next = self.nth(1)?;
                    let is_op = next.kind == TokenKind::Colon
                        || (next.kind == TokenKind::Ident
                            && matches!(
                                next.span.text(self.src),
                                "like" | "like~" | "regex" | "regex~" | "in" | "in~"
                            ));
                    if is_op {
                        4
                    } else {
                        return None;
                    }
                }
                _ => return None,
            },
            TokenKind::EqEq
            | TokenKind::Eq
            | TokenKind::BangEq
            | TokenKind::Lt
            | TokenKind::LtEq
            | TokenKind::Gt
            | TokenKind::GtEq
            | TokenKind::Colon => 4,
            TokenKind::Plus | TokenKind::Minus => 5,
            TokenKind::Star | TokenKind::Slash | TokenKind::Percent => 6,
            _ => return None,
        })
    }

    fn expr_bp(&mut self, min_bp: u8) -> Expr {
        let mut lhs = self.prefix();
        let mut chained = 0usize;
        while let Some(bp) = self.infix_bp() {
            if bp < min_bp {
                break;
            }
            lhs = match bp {
                1 | 2 => self.logical(lhs, bp),
                4 => {
                    if chained >= MAX_DEPTH {
                        return self.too_deep();
                    }
                    chained += 1;
                    self.comparison(lhs, chained > 1)
                }
                _ => self.arith(lhs, bp),
            };
        }
        lhs
    }

    /// n-ary `and`/`or` chain starting with `first`.
    fn logical(&mut self, first: Expr, bp: u8) -> Expr {
        let (op, word) = if bp == 1 {
            (LogicalOp::Or, "or")
        } else {
            (LogicalOp::And, "and")
        };
        let mut operands = vec![first];
        while self.eat_word(word).is_some() {
            operands.push(self.expr_bp(bp + 1));
        }
        let span = span_of_all(&operands);
        Expr::Logical(Logical { op, operands, span })
    }

    /// Flat chain of arithmetic operators of one precedence level.
    fn arith(&mut self, first: Expr, bp: u8) -> Expr {
        let mut rest = Vec::new();
        loop {
            let op = match (self.kind(), bp) {
                (Some(TokenKind::Plus), 5) => ArithOp::Add,
                (Some(TokenKind::Minus), 5) => ArithOp::Sub,
                (Some(TokenKind::Star), 6) => ArithOp::Mul,
                (Some(TokenKind::Slash), 6) => ArithOp::Div,
                (Some(TokenKind::Percent), 6) => ArithOp::Mod,
                _ => break,
            };
            let op_span = self.bump();
            let rhs = self.expr_bp(bp + 1);
            rest.push((op, op_span, rhs));
        }
        let end = rest
            .last()
            .map(|r| r.2.span().end)
            .unwrap_or(first.span().end);
        let span = Span::new(first.span().start, end.max(first.span().end));
        Expr::Arith(Arith {
            first: Box::new(first),
            rest,
            span,
        })
    }

    /// Prefix operators (`not`, unary `-`) and primaries.
    fn prefix(&mut self) -> Expr {
        let (is_not, operand_bp) = if self.at_word("not") {
            (true, 3)
        } else if self.at(TokenKind::Minus) {
            (false, 7)
        } else {
            return self.primary();
        };
        let op_span = self.bump();
        if let Err(e) = self.enter() {
            return e;
        }
        let inner = self.expr_bp(operand_bp);
        self.leave();
        let span = op_span.cover(inner.span());
        if is_not {
            Expr::Not(Not {
                not_span: op_span,
                expr: Box::new(inner),
                span,
            })
        } else {
            Expr::Neg(Neg {
                expr: Box::new(inner),
                span,
            })
        }
    }

    /// Consumes a comparison operator (possibly `not`-negated) at the current position.
    fn comparison_op(&mut self) -> Option<(CompareOp, Span, bool)> {
        let word_op = |w: &str| -> Option<CompareOp> {
            Some(match w {
                "like" => CompareOp::Like,
                "like~" => CompareOp::LikeInsensitive,
                "regex" => CompareOp::Regex,
                "regex~" => CompareOp::RegexInsensitive,
                "in" => CompareOp::In,
                "in~" => CompareOp::InInsensitive,
                _ => return None,
            })
        };
        let op = match self.kind()? {
            TokenKind::EqEq | TokenKind::Eq => CompareOp::Eq,
            TokenKind::BangEq => CompareOp::NotEq,
            TokenKind::Lt => CompareOp::Lt,
            TokenKind::LtEq => CompareOp::LtEq,
            TokenKind::Gt => CompareOp::Gt,
            TokenKind::GtEq => CompareOp::GtEq,
            TokenKind::Colon => CompareOp::Colon,
            TokenKind::Ident => {
                let text = self.text();
                if let Some(op) = word_op(text) {
                    op
                } else if text == "not" {
                    let next = self.nth(1)?;
                    let op = if next.kind == TokenKind::Ident {
                        word_op(next.span.text(self.src))?
                    } else if next.kind == TokenKind::Colon {
                        CompareOp::Colon
                    } else {
                        return None;
                    };
                    let not_span = self.bump();
                    let op_span = self.bump();
                    return Some((op, not_span.cover(op_span), true));
                } else {
                    return None;
                }
            }
            _ => return None,
        };
        let span = self.bump();
        Some((op, span, false))
    }

    #[inline(never)]
    fn comparison(&mut self, lhs: Expr, chained: bool) -> Expr {
        let Some((op, op_span, negated)) = self.comparison_op() else {
            return lhs;
        };
        if chained {
            self.error(
                "comparison operators cannot be chained; add parentheses".to_string(),
                op_span,
            );
        }
        let listy = matches!(
            op,
            CompareOp::Colon
                | CompareOp::Like
                | CompareOp::LikeInsensitive
                | CompareOp::Regex
                | CompareOp::RegexInsensitive
                | CompareOp::In
                | CompareOp::InInsensitive
        );
        let (values, list_span) = if listy && self.at(TokenKind::LParen) {
            let (values, span) = self.value_list();
            (values, Some(span))
        } else {
            if matches!(op, CompareOp::In | CompareOp::InInsensitive) {
                self.expected(&format!("`(` after `{}`", op.as_str()));
            }
            if self.starts_operand() {
                (vec![self.expr_bp(5)], None)
            } else {
                self.expected(&format!("a value after `{}`", op.as_str()));
                (
                    vec![Expr::Error(ErrorNode {
                        span: Span::empty(op_span.end),
                    })],
                    None,
                )
            }
        };
        let end = list_span
            .map(|s| s.end)
            .or_else(|| values.last().map(|v| v.span().end))
            .unwrap_or(op_span.end);
        let span = Span::new(lhs.span().start, end.max(op_span.end));
        Expr::Comparison(Comparison {
            lhs: Box::new(lhs),
            op,
            negated,
            op_span,
            values,
            list_span,
            span,
        })
    }

    /// `( v1, v2, ... )` right-hand list of `in`, `:`, `like`, `regex`.
    #[inline(never)]
    fn value_list(&mut self) -> (Vec<Expr>, Span) {
        let open = self.bump();
        let mut values = Vec::new();
        if !self.at(TokenKind::RParen) {
            values.push(self.expr());
            while self.eat(TokenKind::Comma).is_some() {
                if self.at(TokenKind::RParen) {
                    let s = self.span();
                    self.error("expected a value after `,`, found `)`".to_string(), s);
                    break;
                }
                values.push(self.expr());
            }
        } else {
            let s = self.span();
            self.error(
                "expected at least one value in the list, found `)`".to_string(),
                s,
            );
        }
        let close = self.close_paren(open);
        (values, open.cover(close))
    }

    /// Expects `)` closing `open`; on mismatch reports, skips to it when possible.
    #[inline(never)]
    fn close_paren(&mut self, open: Span) -> Span {
        if let Some(s) = self.eat(TokenKind::RParen) {
            return s;
        }
        let msg = format!(
            "expected `)` to close `(` at {}, found {}",
            open.start,
            self.found()
        );
        let here = self.span();
        self.error(msg, here);
        // Skip junk up to a `)` on this level, but not past `]`, `|` or end of input.
        let save = self.pos;
        self.skip_until(|p| p.at(TokenKind::Pipe));
        if let Some(s) = self.eat(TokenKind::RParen) {
            return s;
        }
        self.pos = save;
        Span::empty(self.prev_end())
    }

    fn primary(&mut self) -> Expr {
        match self.kind() {
            Some(TokenKind::LParen) => self.paren(),
            Some(TokenKind::Ident)
                if self.nth_is_word(1, "of") && self.nth_kind(2) == Some(TokenKind::LBracket) =>
            {
                self.lineage()
            }
            Some(TokenKind::Ident) if self.nth_kind(1) == Some(TokenKind::LParen) => {
                if EXPR_STOP_WORDS.contains(&self.text()) {
                    self.bad_primary()
                } else {
                    self.call()
                }
            }
            _ => self.simple_primary(),
        }
    }

    /// Legacy `descendant of [ ... ]`.
    #[inline(never)]
    fn lineage(&mut self) -> Expr {
        let rel = self.bump();
        self.bump(); // `of`
        let open = self.bump(); // `[`
        let query = self.event_query();
        let close = if let Some(s) = self.eat(TokenKind::RBracket) {
            s
        } else {
            let msg = format!(
                "expected `]` to close `[` at {}, found {}",
                open.start,
                self.found()
            );
            let here = self.span();
            self.error(msg, here);
            Span::empty(self.prev_end())
        };
        Expr::Lineage(Lineage {
            relation: Name {
                text: rel.text(self.src).to_string(),
                span: rel,
            },
            query: Box::new(query),
            span: Span::new(rel.start, close.end.max(open.end)),
        })
    }

    #[inline(never)]
    fn paren(&mut self) -> Expr {
        let open = self.bump();
        let inner = if self.at(TokenKind::RParen) {
            self.expected("an expression inside `( )`");
            Expr::Error(ErrorNode {
                span: Span::empty(self.span().start),
            })
        } else {
            self.expr()
        };
        let close = self.close_paren(open);
        Expr::Paren(Paren {
            expr: Box::new(inner),
            span: Span::new(open.start, close.end.max(open.end)),
        })
    }

    /// Literals, fields and errors (never recurses into expressions).
    #[inline(never)]
    fn simple_primary(&mut self) -> Expr {
        let span = self.span();
        let Some(kind) = self.kind() else {
            return self.bad_primary();
        };
        match kind {
            TokenKind::Number => self.number(),
            k if k.is_string() => Expr::Literal(self.string_literal()),
            TokenKind::Question => {
                let q = self.bump();
                if matches!(
                    self.kind(),
                    Some(TokenKind::Ident)
                        | Some(TokenKind::QuotedIdent)
                        | Some(TokenKind::UnterminatedQuotedIdent)
                ) {
                    let mut f = self.field();
                    f.optional = true;
                    f.span = q.cover(f.span);
                    Expr::Field(f)
                } else {
                    self.expected("a field name after `?`");
                    Expr::Error(ErrorNode { span: q })
                }
            }
            TokenKind::QuotedIdent | TokenKind::UnterminatedQuotedIdent => {
                Expr::Field(self.field())
            }
            TokenKind::Ident => {
                let text = self.text();
                match text {
                    "true" | "false" => {
                        self.bump();
                        Expr::Literal(Literal {
                            value: LiteralValue::Bool(text == "true"),
                            span,
                        })
                    }
                    "null" => {
                        self.bump();
                        Expr::Literal(Literal {
                            value: LiteralValue::Null,
                            span,
                        })
                    }
                    _ if EXPR_STOP_WORDS.contains(&text) => self.bad_primary(),
                    _ => Expr::Field(self.field()),
                }
            }
            _ => self.bad_primary(),
        }
    }

    /// Reports "expected an expression"; consumes the token unless it is a closing or
    /// separating token that an enclosing construct may want.
    #[inline(never)]
    fn bad_primary(&mut self) -> Expr {
        self.expected("an expression");
        let span = self.span();
        let keep = match self.kind() {
            None => true,
            Some(TokenKind::Ident) => EXPR_STOP_WORDS.contains(&self.text()),
            Some(k) => matches!(
                k,
                TokenKind::RParen
                    | TokenKind::RBracket
                    | TokenKind::Pipe
                    | TokenKind::Comma
                    | TokenKind::LBracket
                    | TokenKind::Bang
            ),
        };
        if keep {
            Expr::Error(ErrorNode {
                span: Span::empty(span.start),
            })
        } else {
            self.bump();
            Expr::Error(ErrorNode { span })
        }
    }

    fn number(&mut self) -> Expr {
        let span = self.bump();
        let raw = span.text(self.src);
        let integer = raw.bytes().all(|b| b.is_ascii_digit());
        let numeric_end = raw
            .find(|c: char| c.is_ascii_alphabetic() && c != 'e' && c != 'E' || c == '_')
            .unwrap_or(raw.len());
        let value = match raw.parse::<f64>() {
            Ok(v) => v,
            Err(_) => {
                self.error(
                    format!("invalid number `{raw}`"),
                    Span::new(span.start + numeric_end.min(raw.len()), span.end),
                );
                f64::NAN
            }
        };
        Expr::Literal(Literal {
            value: LiteralValue::Number { value, integer },
            span,
        })
    }

    fn string_literal(&mut self) -> Literal {
        let kind = self.kind();
        let span = self.bump();
        let raw = span.text(self.src);
        let (value, errs) = decode_string(raw, span.start);
        self.errors.extend(errs);
        let style = if raw.starts_with('?') {
            StringStyle::LegacyRaw
        } else if raw.starts_with("\"\"\"") {
            StringStyle::Triple
        } else if raw.starts_with('\'') {
            StringStyle::Single
        } else {
            StringStyle::Double
        };
        if kind == Some(TokenKind::UnterminatedString) {
            let quote = match style {
                StringStyle::Triple => "\"\"\"",
                StringStyle::Single => "'",
                StringStyle::Double => "\"",
                StringStyle::LegacyRaw => {
                    if raw.starts_with("?'") {
                        "'"
                    } else {
                        "\""
                    }
                }
            };
            self.error(
                format!("unterminated string literal: expected closing {quote}"),
                span,
            );
        }
        Literal {
            value: LiteralValue::String { value, style },
            span,
        }
    }

    #[inline(never)]
    fn call(&mut self) -> Expr {
        let name_span = self.bump();
        let raw = name_span.text(self.src);
        let case_insensitive = raw.ends_with('~');
        let name = Name {
            text: raw.trim_end_matches('~').to_string(),
            span: name_span,
        };
        let open = self.bump(); // `(`
        let mut args = Vec::new();
        if !self.at(TokenKind::RParen) {
            args.push(self.expr());
            while self.eat(TokenKind::Comma).is_some() {
                args.push(self.expr());
            }
        }
        let close = self.close_paren(open);
        Expr::Call(Call {
            name,
            case_insensitive,
            args,
            span: Span::new(name_span.start, close.end.max(open.end)),
        })
    }

    /// Field path starting at an identifier or backtick identifier.
    fn field(&mut self) -> Field {
        let mut segments = Vec::new();
        let start = self.span().start;
        self.field_segment(&mut segments);
        loop {
            match self.kind() {
                Some(TokenKind::Dot) => {
                    let dot = self.bump();
                    if matches!(
                        self.kind(),
                        Some(TokenKind::Ident)
                            | Some(TokenKind::QuotedIdent)
                            | Some(TokenKind::UnterminatedQuotedIdent)
                    ) {
                        self.field_segment(&mut segments);
                    } else if self.at(TokenKind::Number) {
                        // `a.0`: numeric segment name.
                        let s = self.bump();
                        segments.push(FieldSegment::Name {
                            name: s.text(self.src).to_string(),
                            quoted: false,
                            span: s,
                        });
                    } else {
                        self.expected("a field name after `.`");
                        let _ = dot;
                        break;
                    }
                }
                Some(TokenKind::LBracket)
                    if self.span().start == self.prev_end()
                        && self.nth_kind(1) == Some(TokenKind::Number)
                        && self.nth_kind(2) == Some(TokenKind::RBracket) =>
                {
                    let open = self.bump();
                    let num = self.bump();
                    let close = self.bump();
                    let raw = num.text(self.src);
                    let index = match raw.parse::<u64>() {
                        Ok(v) => v,
                        Err(_) => {
                            self.error(format!("expected an array index, found `{raw}`"), num);
                            0
                        }
                    };
                    segments.push(FieldSegment::Index {
                        index,
                        span: open.cover(close),
                    });
                }
                _ => break,
            }
        }
        let span = Span::new(start, self.prev_end().max(start));
        Field {
            optional: false,
            segments,
            name_span: span,
            span,
        }
    }

    fn field_segment(&mut self, segments: &mut Vec<FieldSegment>) {
        let kind = self.kind();
        let span = self.bump();
        let raw = span.text(self.src);
        match kind {
            Some(TokenKind::QuotedIdent) => segments.push(FieldSegment::Name {
                name: unquote_ident(raw),
                quoted: true,
                span,
            }),
            Some(TokenKind::UnterminatedQuotedIdent) => {
                self.error(
                    "unterminated backtick identifier: expected closing `".to_string(),
                    span,
                );
                segments.push(FieldSegment::Name {
                    name: unquote_ident(raw),
                    quoted: true,
                    span,
                });
            }
            _ => segments.push(FieldSegment::Name {
                name: raw.to_string(),
                quoted: false,
                span,
            }),
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
