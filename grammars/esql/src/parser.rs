//! Resilient recursive-descent / Pratt parser for ES|QL.
//!
//! The parser never panics: on unexpected input it records a located [`ParseError`],
//! produces an `Error` node covering the offending tokens and resynchronises on the next
//! `|` (or `,` / `)` inside expressions).

use crate::ast::*;
use crate::lexer::{lex, unquote, unquote_ident, Token, TokenKind};
use crate::span::Span;

mod expr;

/// Maximum nesting depth of parentheses / sub-pipelines before the parser gives up on a region.
pub const MAX_DEPTH: usize = 256;

/// A located syntax error.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct ParseError {
    /// Human-readable message ("expected X, found Y").
    pub message: String,
    /// Where the problem is.
    pub span: Span,
}

/// Result of [`parse`]: an AST (always present) and the errors found.
#[derive(Debug, Clone, PartialEq)]
pub struct Parse {
    /// The query tree (possibly containing `Error` nodes).
    pub ast: Query,
    /// Syntax errors, in source order of discovery.
    pub errors: Vec<ParseError>,
}

/// Parses an ES|QL query. Never panics; see [`Parse`].
pub fn parse(src: &str) -> Parse {
    let mut errors = Vec::new();
    let mut toks = Vec::new();
    for t in lex(src) {
        match t.kind {
            TokenKind::UnterminatedBlockComment => errors.push(ParseError {
                message: "expected `*/` to close block comment, found end of input".into(),
                span: t.span,
            }),
            k if k.is_trivia() => {}
            TokenKind::UnterminatedString => {
                let close = if t.text(src).starts_with("\"\"\"") {
                    "`\"\"\"`"
                } else {
                    "`\"`"
                };
                errors.push(ParseError {
                    message: format!(
                        "expected {close} to close string at {}, found end of line",
                        t.span.start
                    ),
                    span: t.span,
                });
                toks.push(t);
            }
            TokenKind::UnterminatedQuotedIdent => {
                errors.push(ParseError {
                    message: format!(
                        "expected '`' to close quoted identifier at {}, found end of input",
                        t.span.start
                    ),
                    span: t.span,
                });
                toks.push(t);
            }
            _ => toks.push(t),
        }
    }
    let mut p = Parser {
        src,
        toks,
        pos: 0,
        errors,
        depth: 0,
        fork_depth: 0,
    };
    let ast = p.query(false);
    // Anything left (only possible after a stray `)` at top level) becomes an error.
    if p.kind() != TokenKind::Eof {
        let start = p.span();
        p.error(format!("expected end of query, found {}", p.found()), start);
        p.pos = p.toks.len();
    }
    Parse {
        ast,
        errors: p.errors,
    }
}

struct Parser<'a> {
    src: &'a str,
    toks: Vec<Token>,
    pos: usize,
    errors: Vec<ParseError>,
    depth: usize,
    fork_depth: usize,
}

const TIME_UNITS: &[&str] = &[
    "nanosecond",
    "nanoseconds",
    "ns",
    "microsecond",
    "microseconds",
    "millisecond",
    "milliseconds",
    "ms",
    "second",
    "seconds",
    "sec",
    "s",
    "minute",
    "minutes",
    "min",
    "m",
    "hour",
    "hours",
    "h",
    "day",
    "days",
    "d",
    "week",
    "weeks",
    "w",
    "month",
    "months",
    "mo",
    "quarter",
    "quarters",
    "q",
    "year",
    "years",
    "yr",
    "y",
];

/// Words that cannot start an expression.
const RESERVED: &[&str] = &[
    "and", "or", "not", "like", "rlike", "in", "is", "by", "as", "on", "with", "where", "asc",
    "desc", "nulls", "metadata",
];

const NOT_BP: u8 = 5;
const PRED_BP: u8 = 7;
const UNARY_BP: u8 = 13;
const CAST_BP: u8 = 15;

impl<'a> Parser<'a> {
    // ---- token access -------------------------------------------------

    fn nth_kind(&self, n: usize) -> TokenKind {
        self.toks
            .get(self.pos + n)
            .map_or(TokenKind::Eof, |t| t.kind)
    }

    fn kind(&self) -> TokenKind {
        self.nth_kind(0)
    }

    fn eof_span(&self) -> Span {
        Span::new(self.src.len(), self.src.len())
    }

    fn span(&self) -> Span {
        self.toks
            .get(self.pos)
            .map_or_else(|| self.eof_span(), |t| t.span)
    }

    fn nth_text(&self, n: usize) -> &'a str {
        self.toks
            .get(self.pos + n)
            .map_or("", |t| t.span.text(self.src))
    }

    fn text(&self) -> &'a str {
        self.nth_text(0)
    }

    fn nth_kw(&self, n: usize, kw: &str) -> bool {
        self.nth_kind(n) == TokenKind::Ident && self.nth_text(n).eq_ignore_ascii_case(kw)
    }

    fn at_kw(&self, kw: &str) -> bool {
        self.nth_kw(0, kw)
    }

    fn bump(&mut self) -> Token {
        match self.toks.get(self.pos) {
            Some(&t) => {
                self.pos += 1;
                t
            }
            None => Token {
                kind: TokenKind::Eof,
                span: self.eof_span(),
            },
        }
    }

    fn eat(&mut self, kind: TokenKind) -> Option<Span> {
        if self.kind() == kind && kind != TokenKind::Eof {
            Some(self.bump().span)
        } else {
            None
        }
    }

    fn eat_kw(&mut self, kw: &str) -> Option<Span> {
        if self.at_kw(kw) {
            Some(self.bump().span)
        } else {
            None
        }
    }

    /// End offset of the last consumed token (or `fallback` if none).
    fn prev_end(&self, fallback: usize) -> usize {
        if self.pos == 0 {
            fallback
        } else {
            self.toks[self.pos - 1].span.end.max(fallback)
        }
    }

    /// Is the current token glued to the previous one (no trivia in between)?
    fn adjacent(&self) -> bool {
        self.pos > 0
            && self.pos < self.toks.len()
            && self.toks[self.pos].span.start == self.toks[self.pos - 1].span.end
    }

    fn found(&self) -> String {
        if self.kind() == TokenKind::Eof {
            return "end of input".to_string();
        }
        let t = self.text();
        let mut end = t.len().min(40);
        while !t.is_char_boundary(end) {
            end -= 1;
        }
        if end < t.len() {
            format!("`{}...`", &t[..end])
        } else {
            format!("`{t}`")
        }
    }

    fn error(&mut self, message: String, span: Span) {
        self.errors.push(ParseError { message, span });
    }

    fn expected(&mut self, what: &str) {
        let msg = format!("expected {what}, found {}", self.found());
        let span = self.span();
        self.error(msg, span);
    }

    fn expect_close(&mut self, kind: TokenKind, close: &str, open: Span) -> bool {
        if self.eat(kind).is_some() {
            return true;
        }
        let open_text = open.text(self.src);
        let msg = format!(
            "expected `{close}` to close `{open_text}` at {}, found {}",
            open.start,
            self.found()
        );
        let span = self.span();
        self.error(msg, span);
        false
    }

    fn at_command_end(&self) -> bool {
        match self.kind() {
            TokenKind::Pipe | TokenKind::Eof => true,
            TokenKind::RParen => self.fork_depth > 0,
            _ => false,
        }
    }

    /// Skips to the end of the current command (next `|` at bracket depth 0). Returns the skipped span.
    fn skip_to_command_end(&mut self) -> Span {
        let start = self.span().start;
        let mut depth = 0usize;
        loop {
            match self.kind() {
                TokenKind::Eof => break,
                TokenKind::Pipe if depth == 0 => break,
                TokenKind::RParen if depth == 0 && self.fork_depth > 0 => break,
                TokenKind::LParen | TokenKind::LBracket | TokenKind::LBrace => depth += 1,
                TokenKind::RParen | TokenKind::RBracket | TokenKind::RBrace => {
                    depth = depth.saturating_sub(1)
                }
                _ => {}
            }
            self.bump();
        }
        Span::new(start, self.prev_end(start))
    }

    /// Skips a balanced region up to the next `,`, `|` or unmatched closer.
    fn skip_balanced(&mut self) -> Span {
        let start = self.span().start;
        let mut depth = 0usize;
        loop {
            match self.kind() {
                TokenKind::Eof => break,
                TokenKind::Pipe | TokenKind::Comma if depth == 0 => break,
                TokenKind::LParen | TokenKind::LBracket | TokenKind::LBrace => depth += 1,
                TokenKind::RParen | TokenKind::RBracket | TokenKind::RBrace => {
                    if depth == 0 {
                        break;
                    }
                    depth -= 1;
                }
                _ => {}
            }
            self.bump();
        }
        Span::new(start, self.prev_end(start))
    }

    // ---- pipeline -----------------------------------------------------

    fn query(&mut self, nested: bool) -> Query {
        let start = self.span().start;
        let mut commands = Vec::new();
        loop {
            if self.at_command_end() && self.kind() != TokenKind::Pipe {
                let what = if commands.is_empty() && !nested {
                    "a source command (FROM, ROW, SHOW, TS)"
                } else {
                    "a command"
                };
                self.expected(what);
                break;
            }
            if self.kind() == TokenKind::Pipe {
                self.expected("a command");
                self.bump();
                continue;
            }
            let first = commands.is_empty() && !nested;
            let cmd = self.command(first);
            commands.push(cmd);
            if !self.at_command_end() {
                let what = if self.fork_depth > 0 {
                    "`|` or `)`"
                } else {
                    "`|` or end of query"
                };
                self.expected(what);
                let span = self.skip_to_command_end();
                commands.push(Command {
                    span,
                    keyword: Span::new(span.start, span.start),
                    kind: CommandKind::Error,
                });
            }
            if self.eat(TokenKind::Pipe).is_none() {
                break;
            }
        }
        let end = self.prev_end(start);
        Query {
            span: Span::new(start, end),
            commands,
        }
    }

    fn command(&mut self, first: bool) -> Command {
        let start = self.span();
        if self.kind() != TokenKind::Ident {
            self.expected("a command (FROM, WHERE, EVAL, STATS, ...)");
            let span = self.skip_to_command_end();
            return Command {
                span,
                keyword: Span::new(span.start, span.start),
                kind: CommandKind::Error,
            };
        }
        let name = self.text().to_ascii_uppercase();
        let is_source = matches!(name.as_str(), "FROM" | "ROW" | "SHOW" | "TS");
        let known_processing = matches!(
            name.as_str(),
            "WHERE"
                | "EVAL"
                | "STATS"
                | "INLINESTATS"
                | "KEEP"
                | "DROP"
                | "RENAME"
                | "SORT"
                | "LIMIT"
                | "DISSECT"
                | "GROK"
                | "ENRICH"
                | "MV_EXPAND"
                | "LOOKUP"
                | "CHANGE_POINT"
                | "FORK"
                | "COMPLETION"
                | "SAMPLE"
        );
        if first && !is_source && !known_processing {
            let msg = format!(
                "expected a source command (FROM, ROW, SHOW, TS), found {}",
                self.found()
            );
            self.error(msg, start);
            let next_is_source = ["FROM", "ROW", "SHOW", "TS"]
                .iter()
                .any(|k| self.nth_kw(1, k));
            if next_is_source {
                // A stray word before the source command (e.g. a `sql` fence tag): skip it.
                self.bump();
                return self.command(true);
            }
        } else if first && known_processing {
            let msg = format!(
                "expected a source command (FROM, ROW, SHOW, TS), found {}",
                self.found()
            );
            self.error(msg, start);
        } else if !first && is_source {
            let msg = format!(
                "expected a processing command, found source command {}",
                self.found()
            );
            self.error(msg, start);
        }
        let kw = self.bump().span;
        let mut keyword = kw;
        let kind = match name.as_str() {
            "FROM" => CommandKind::From(self.source_body()),
            "TS" => CommandKind::Ts(self.source_body()),
            "ROW" => CommandKind::Row(self.fields()),
            "SHOW" => {
                if self.kind() == TokenKind::Ident {
                    CommandKind::Show(Some(self.ident()))
                } else {
                    self.expected("`INFO`");
                    CommandKind::Show(None)
                }
            }
            "WHERE" => CommandKind::Where(self.expr()),
            "EVAL" => CommandKind::Eval(self.fields()),
            "STATS" => CommandKind::Stats(self.stats()),
            "INLINESTATS" => CommandKind::InlineStats(self.stats()),
            "INLINE" if self.at_kw("STATS") => {
                keyword = kw.to(self.bump().span);
                CommandKind::InlineStats(self.stats())
            }
            "KEEP" => CommandKind::Keep(self.name_patterns()),
            "DROP" => CommandKind::Drop(self.name_patterns()),
            "RENAME" => CommandKind::Rename(self.renames()),
            "SORT" => CommandKind::Sort(self.sort_keys()),
            "LIMIT" => CommandKind::Limit(self.expr()),
            "DISSECT" => self.dissect(),
            "GROK" => self.grok(),
            "ENRICH" => self.enrich(),
            "MV_EXPAND" => CommandKind::MvExpand(self.qualified_name()),
            "LOOKUP" => {
                if let Some(j) = self.eat_kw("JOIN") {
                    keyword = kw.to(j);
                }
                self.lookup_join()
            }
            "CHANGE_POINT" => self.change_point(),
            "FORK" => self.fork(),
            "COMPLETION" => self.completion(),
            "SAMPLE" => {
                let mut args = Vec::new();
                while !self.at_command_end() && args.len() < 2 {
                    args.push(self.expr());
                }
                if args.is_empty() {
                    self.expected("a sampling probability");
                }
                CommandKind::Sample(args)
            }
            _ => {
                let ident = Ident {
                    span: kw,
                    name: kw.text(self.src).to_string(),
                    quoted: false,
                };
                let args = self.skip_to_command_end();
                CommandKind::Generic { name: ident, args }
            }
        };
        Command {
            span: Span::new(start.start, self.prev_end(start.end)),
            keyword,
            kind,
        }
    }

    // ---- commands -----------------------------------------------------

    fn source_body(&mut self) -> Source {
        let mut indices = Vec::new();
        loop {
            if self.at_kw("METADATA") || self.at_command_end() {
                self.expected("an index pattern");
                break;
            }
            if let Some(ip) = self.index_pattern() {
                indices.push(ip);
            }
            if self.eat(TokenKind::Comma).is_none() {
                break;
            }
        }
        let mut metadata = Vec::new();
        if self.eat_kw("METADATA").is_some() {
            loop {
                metadata.push(self.qualified_name());
                if self.eat(TokenKind::Comma).is_none() {
                    break;
                }
            }
        }
        Source { indices, metadata }
    }

    /// An index pattern: a string, or a run of glued tokens (`logs-aws.cloudtrail-*`, `remote:idx`).
    fn index_pattern(&mut self) -> Option<IndexPattern> {
        match self.kind() {
            TokenKind::String | TokenKind::TripleString | TokenKind::UnterminatedString => {
                let t = self.bump();
                let raw = t.text(self.src);
                return Some(IndexPattern {
                    span: t.span,
                    text: unquote(raw).unwrap_or_default(),
                });
            }
            TokenKind::Comma | TokenKind::Pipe | TokenKind::Eof | TokenKind::RParen => {
                self.expected("an index pattern");
                return None;
            }
            _ => {}
        }
        let first = self.bump();
        let mut span = first.span;
        while self.adjacent()
            && !matches!(
                self.kind(),
                TokenKind::Comma | TokenKind::Pipe | TokenKind::Eof | TokenKind::RParen
            )
        {
            span = span.to(self.bump().span);
        }
        Some(IndexPattern {
            span,
            text: span.text(self.src).to_string(),
        })
    }

    fn fields(&mut self) -> Vec<Field> {
        let mut out = Vec::new();
        loop {
            out.push(self.field());
            if self.eat(TokenKind::Comma).is_none() {
                break;
            }
        }
        out
    }

    /// `[name =] expr`
    fn field(&mut self) -> Field {
        let start = self.span().start;
        let name = self.try_assign_target();
        let expr = self.expr();
        Field {
            span: Span::new(start, self.prev_end(start)),
            name,
            expr,
        }
    }

    /// If the upcoming tokens are `qualified.name =`, consumes them and returns the name.
    fn try_assign_target(&mut self) -> Option<QualifiedName> {
        let is_part = |k: TokenKind| matches!(k, TokenKind::Ident | TokenKind::QuotedIdent);
        if !is_part(self.kind()) {
            return None;
        }
        let mut i = 1;
        while self.nth_kind(i) == TokenKind::Dot && is_part(self.nth_kind(i + 1)) {
            i += 2;
        }
        if self.nth_kind(i) != TokenKind::Assign {
            return None;
        }
        let name = self.qualified_name();
        self.bump();
        Some(name)
    }

    fn stats(&mut self) -> Stats {
        let mut aggs = Vec::new();
        if !self.at_kw("BY") && !self.at_command_end() {
            loop {
                let start = self.span().start;
                let field = self.field();
                let filter = if self.eat_kw("WHERE").is_some() {
                    Some(self.expr())
                } else {
                    None
                };
                let alias = if self.eat_kw("AS").is_some() {
                    Some(self.qualified_name())
                } else {
                    None
                };
                aggs.push(AggField {
                    span: Span::new(start, self.prev_end(start)),
                    field,
                    filter,
                    alias,
                });
                if self.eat(TokenKind::Comma).is_none() {
                    break;
                }
            }
        }
        let by = if self.eat_kw("BY").is_some() {
            self.fields()
        } else {
            Vec::new()
        };
        Stats { aggs, by }
    }

    /// A name pattern made of glued identifier / `*` / `.` tokens.
    fn name_pattern(&mut self) -> NamePattern {
        let is_piece = |k: TokenKind| {
            matches!(
                k,
                TokenKind::Ident
                    | TokenKind::QuotedIdent
                    | TokenKind::UnterminatedQuotedIdent
                    | TokenKind::Star
                    | TokenKind::Param
            )
        };
        let start = self.span();
        if !is_piece(self.kind()) {
            self.expected("a field name");
            return NamePattern {
                span: Span::new(start.start, start.start),
                text: String::new(),
            };
        }
        let mut text = String::new();
        let mut span = start;
        let mut first = true;
        while first
            || (self.adjacent()
                && (is_piece(self.kind())
                    || matches!(self.kind(), TokenKind::Dot | TokenKind::Integer)))
        {
            first = false;
            let t = self.bump();
            span = span.to(t.span);
            let raw = t.text(self.src);
            match t.kind {
                TokenKind::QuotedIdent | TokenKind::UnterminatedQuotedIdent => {
                    text.push_str(&unquote_ident(raw))
                }
                _ => text.push_str(raw),
            }
        }
        NamePattern { span, text }
    }

    fn name_patterns(&mut self) -> Vec<NamePattern> {
        let mut out = Vec::new();
        loop {
            out.push(self.name_pattern());
            if self.eat(TokenKind::Comma).is_none() {
                break;
            }
        }
        out
    }

    fn renames(&mut self) -> Vec<Rename> {
        let mut out = Vec::new();
        loop {
            let a = self.name_pattern();
            if self.eat_kw("AS").is_some() {
                let b = self.name_pattern();
                out.push(Rename {
                    span: a.span.to(b.span),
                    from: a,
                    to: b,
                });
            } else if self.eat(TokenKind::Assign).is_some() {
                let b = self.name_pattern();
                out.push(Rename {
                    span: a.span.to(b.span),
                    from: b,
                    to: a,
                });
            } else {
                self.expected("`AS` or `=`");
            }
            if self.eat(TokenKind::Comma).is_none() {
                break;
            }
        }
        out
    }

    fn sort_keys(&mut self) -> Vec<SortKey> {
        let mut out = Vec::new();
        loop {
            let start = self.span().start;
            let expr = self.expr();
            let ascending = if self.eat_kw("ASC").is_some() {
                Some(true)
            } else if self.eat_kw("DESC").is_some() {
                Some(false)
            } else {
                None
            };
            let mut nulls_first = None;
            if self.eat_kw("NULLS").is_some() {
                if self.eat_kw("FIRST").is_some() {
                    nulls_first = Some(true);
                } else if self.eat_kw("LAST").is_some() {
                    nulls_first = Some(false);
                } else {
                    self.expected("`FIRST` or `LAST`");
                }
            }
            out.push(SortKey {
                span: Span::new(start, self.prev_end(start)),
                expr,
                ascending,
                nulls_first,
            });
            if self.eat(TokenKind::Comma).is_none() {
                break;
            }
        }
        out
    }

    fn string_lit(&mut self) -> Option<StringLit> {
        match self.kind() {
            TokenKind::String | TokenKind::TripleString | TokenKind::UnterminatedString => {
                let t = self.bump();
                let raw = t.text(self.src);
                Some(StringLit {
                    span: t.span,
                    value: unquote(raw).unwrap_or_default(),
                    triple: raw.starts_with("\"\"\""),
                })
            }
            _ => None,
        }
    }

    fn dissect(&mut self) -> CommandKind {
        let input = self.expr_bp(UNARY_BP);
        let pattern = self.string_lit();
        if pattern.is_none() {
            self.expected("a dissect pattern string");
        }
        let mut options = Vec::new();
        while self.kind() == TokenKind::Ident && self.nth_kind(1) == TokenKind::Assign {
            options.push(self.field());
        }
        CommandKind::Dissect {
            input,
            pattern,
            options,
        }
    }

    fn grok(&mut self) -> CommandKind {
        let input = self.expr_bp(UNARY_BP);
        let mut patterns = Vec::new();
        loop {
            match self.string_lit() {
                Some(s) => patterns.push(s),
                None => {
                    self.expected("a grok pattern string");
                    break;
                }
            }
            if self.eat(TokenKind::Comma).is_none() {
                break;
            }
        }
        CommandKind::Grok { input, patterns }
    }

    fn enrich(&mut self) -> CommandKind {
        let policy = match self.index_pattern() {
            Some(p) => NamePattern {
                span: p.span,
                text: p.text,
            },
            None => NamePattern {
                span: Span::new(self.span().start, self.span().start),
                text: String::new(),
            },
        };
        let on = if self.eat_kw("ON").is_some() {
            Some(self.name_pattern())
        } else {
            None
        };
        let mut with = Vec::new();
        if self.eat_kw("WITH").is_some() {
            loop {
                let a = self.name_pattern();
                if self.eat(TokenKind::Assign).is_some() {
                    let b = self.name_pattern();
                    with.push(Rename {
                        span: a.span.to(b.span),
                        from: b,
                        to: a,
                    });
                } else {
                    with.push(Rename {
                        span: a.span,
                        from: a.clone(),
                        to: a,
                    });
                }
                if self.eat(TokenKind::Comma).is_none() {
                    break;
                }
            }
        }
        CommandKind::Enrich(Enrich { policy, on, with })
    }

    fn lookup_join(&mut self) -> CommandKind {
        let index = self.index_pattern().unwrap_or(IndexPattern {
            span: Span::new(self.span().start, self.span().start),
            text: String::new(),
        });
        let mut on = Vec::new();
        if self.eat_kw("ON").is_some() {
            loop {
                on.push(self.expr());
                if self.eat(TokenKind::Comma).is_none() {
                    break;
                }
            }
        } else {
            self.expected("`ON`");
        }
        CommandKind::LookupJoin(LookupJoin { index, on })
    }

    fn change_point(&mut self) -> CommandKind {
        let value = self.qualified_name();
        let key = if self.eat_kw("ON").is_some() {
            Some(self.qualified_name())
        } else {
            None
        };
        let mut outputs = Vec::new();
        if self.eat_kw("AS").is_some() {
            loop {
                outputs.push(self.qualified_name());
                if self.eat(TokenKind::Comma).is_none() {
                    break;
                }
            }
        }
        CommandKind::ChangePoint {
            value,
            key,
            outputs,
        }
    }

    fn fork(&mut self) -> CommandKind {
        let mut branches = Vec::new();
        while self.kind() == TokenKind::LParen {
            if self.depth >= MAX_DEPTH {
                let span = self.span();
                self.error(format!("nesting deeper than {MAX_DEPTH}"), span);
                self.skip_to_command_end();
                break;
            }
            let open = self.bump().span;
            self.depth += 1;
            self.fork_depth += 1;
            let q = self.query(true);
            self.fork_depth -= 1;
            self.depth -= 1;
            branches.push(q);
            if !self.expect_close(TokenKind::RParen, ")", open) {
                break;
            }
        }
        if branches.is_empty() {
            self.expected("`(` to start a FORK branch");
        }
        CommandKind::Fork(branches)
    }

    fn completion(&mut self) -> CommandKind {
        let target = self.try_assign_target();
        let prompt = self.expr();
        let with = if self.eat_kw("WITH").is_some() {
            Some(self.expr())
        } else {
            None
        };
        CommandKind::Completion {
            target,
            prompt,
            with,
        }
    }

    // ---- names --------------------------------------------------------

    fn ident(&mut self) -> Ident {
        let t = self.bump();
        let raw = t.text(self.src);
        let quoted = matches!(
            t.kind,
            TokenKind::QuotedIdent | TokenKind::UnterminatedQuotedIdent
        );
        Ident {
            span: t.span,
            name: if quoted {
                unquote_ident(raw)
            } else {
                raw.to_string()
            },
            quoted,
        }
    }

    /// `a.b.c` (segments may be backquoted). Records an error if no name is present.
    fn qualified_name(&mut self) -> QualifiedName {
        let is_part = |k: TokenKind| {
            matches!(
                k,
                TokenKind::Ident | TokenKind::QuotedIdent | TokenKind::UnterminatedQuotedIdent
            )
        };
        if !is_part(self.kind()) {
            let span = self.span();
            self.expected("a field name");
            return QualifiedName {
                span: Span::new(span.start, span.start),
                parts: Vec::new(),
            };
        }
        let first = self.ident();
        let mut span = first.span;
        let mut parts = vec![first];
        while self.kind() == TokenKind::Dot
            && (is_part(self.nth_kind(1)) || self.nth_kind(1) == TokenKind::Integer)
        {
            self.bump();
            let p = self.ident();
            span = span.to(p.span);
            parts.push(p);
        }
        QualifiedName { span, parts }
    }

    // ---- expressions --------------------------------------------------
}

fn unary(op: UnaryOp, op_span: Span, operand: Expr) -> Expr {
    Expr {
        span: op_span.to(operand.span),
        kind: ExprKind::Unary {
            op,
            op_span,
            operand: Box::new(operand),
        },
    }
}

fn lit(span: Span, l: Literal) -> Expr {
    Expr {
        span,
        kind: ExprKind::Literal(l),
    }
}
