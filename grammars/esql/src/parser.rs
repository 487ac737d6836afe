//! Resilient recursive-descent / Pratt parser for ES|QL.
//!
//! The parser never panics: on unexpected input it records a located [`ParseError`],
//! produces an `Error` node covering the offending tokens and resynchronises on the next
//! `|` (or `,` / `)` inside expressions).

use crate::ast::*;
use crate::lexer::{lex, unquote, unquote_ident, Token, TokenKind};
use crate::span::Span;

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

    /// A full boolean / value expression.
    fn expr(&mut self) -> Expr {
        self.expr_bp(0)
    }

    fn expr_bp(&mut self, min_bp: u8) -> Expr {
        if self.depth >= MAX_DEPTH {
            let at = self.span();
            self.error(format!("nesting deeper than {MAX_DEPTH}"), at);
            let span = self.skip_balanced();
            return Expr {
                span,
                kind: ExprKind::Error,
            };
        }
        self.depth += 1;
        let e = self.expr_bp_inner(min_bp);
        self.depth -= 1;
        e
    }

    fn expr_bp_inner(&mut self, min_bp: u8) -> Expr {
        // Every left-extension of the tree (other than flattened AND/OR chains) counts
        // against the depth budget, so the tree depth stays bounded by ~2 * MAX_DEPTH.
        let base_depth = self.depth;
        let e = self.expr_loop(min_bp);
        self.depth = base_depth;
        e
    }

    /// Accounts for one more level of left-nesting; false (with an error) if too deep.
    fn deepen(&mut self) -> bool {
        self.depth += 1;
        if self.depth >= MAX_DEPTH {
            let at = self.span();
            self.error(format!("nesting deeper than {MAX_DEPTH}"), at);
            self.skip_balanced();
            return false;
        }
        true
    }

    fn expr_loop(&mut self, min_bp: u8) -> Expr {
        let mut lhs = if self.at_kw("NOT") {
            let op_span = self.bump().span;
            let operand = self.expr_bp(NOT_BP);
            unary(UnaryOp::Not, op_span, operand)
        } else if matches!(self.kind(), TokenKind::Minus | TokenKind::Plus) {
            let t = self.bump();
            let op = if t.kind == TokenKind::Minus {
                UnaryOp::Neg
            } else {
                UnaryOp::Plus
            };
            let operand = self.expr_bp(UNARY_BP);
            unary(op, t.span, operand)
        } else {
            self.primary()
        };

        loop {
            let kind = self.kind();
            // postfix cast
            if kind == TokenKind::DoubleColon {
                if CAST_BP < min_bp || !self.deepen() {
                    break;
                }
                self.bump();
                if self.kind() != TokenKind::Ident {
                    self.expected("a type name after `::`");
                    break;
                }
                let ty = self.ident();
                lhs = Expr {
                    span: lhs.span.to(ty.span),
                    kind: ExprKind::Cast {
                        expr: Box::new(lhs),
                        ty,
                    },
                };
                continue;
            }
            // predicate operators
            let not_pred = self.at_kw("NOT")
                && (self.nth_kw(1, "LIKE") || self.nth_kw(1, "RLIKE") || self.nth_kw(1, "IN"));
            if not_pred
                || self.at_kw("LIKE")
                || self.at_kw("RLIKE")
                || self.at_kw("IN")
                || self.at_kw("IS")
                || kind == TokenKind::Colon
            {
                if PRED_BP < min_bp || !self.deepen() {
                    break;
                }
                lhs = self.predicate(lhs, not_pred);
                continue;
            }
            let logical = if self.at_kw("OR") {
                Some((LogicalOp::Or, 1, 2))
            } else if self.at_kw("AND") {
                Some((LogicalOp::And, 3, 4))
            } else {
                None
            };
            if let Some((op, lbp, rbp)) = logical {
                if lbp < min_bp {
                    break;
                }
                let op_span = self.bump().span;
                let rhs = self.expr_bp(rbp);
                let span = lhs.span.to(rhs.span);
                lhs = match lhs.kind {
                    ExprKind::Logical {
                        op: prev,
                        mut operands,
                        mut op_spans,
                    } if prev == op => {
                        operands.push(rhs);
                        op_spans.push(op_span);
                        Expr {
                            span,
                            kind: ExprKind::Logical {
                                op,
                                operands,
                                op_spans,
                            },
                        }
                    }
                    kind => Expr {
                        span,
                        kind: ExprKind::Logical {
                            op,
                            operands: vec![
                                Expr {
                                    span: lhs.span,
                                    kind,
                                },
                                rhs,
                            ],
                            op_spans: vec![op_span],
                        },
                    },
                };
                continue;
            }
            let (op, lbp, rbp) = match kind {
                TokenKind::EqEq => (BinaryOp::Eq, PRED_BP, PRED_BP + 1),
                TokenKind::Assign if PRED_BP >= min_bp => {
                    let span = self.span();
                    self.error(
                        "expected `==` for comparison, found `=` (assignment)".to_string(),
                        span,
                    );
                    (BinaryOp::Eq, PRED_BP, PRED_BP + 1)
                }
                TokenKind::EqTilde => (BinaryOp::EqIgnoreCase, PRED_BP, PRED_BP + 1),
                TokenKind::Neq => (BinaryOp::Neq, PRED_BP, PRED_BP + 1),
                TokenKind::Lt => (BinaryOp::Lt, PRED_BP, PRED_BP + 1),
                TokenKind::Le => (BinaryOp::Le, PRED_BP, PRED_BP + 1),
                TokenKind::Gt => (BinaryOp::Gt, PRED_BP, PRED_BP + 1),
                TokenKind::Ge => (BinaryOp::Ge, PRED_BP, PRED_BP + 1),
                TokenKind::Plus => (BinaryOp::Add, 9, 10),
                TokenKind::Minus => (BinaryOp::Sub, 9, 10),
                TokenKind::Star => (BinaryOp::Mul, 11, 12),
                TokenKind::Slash => (BinaryOp::Div, 11, 12),
                TokenKind::Percent => (BinaryOp::Mod, 11, 12),
                _ => break,
            };
            if lbp < min_bp || !self.deepen() {
                break;
            }
            let op_span = self.bump().span;
            let rhs = self.expr_bp(rbp);
            lhs = Expr {
                span: lhs.span.to(rhs.span),
                kind: ExprKind::Binary {
                    op,
                    op_span,
                    lhs: Box::new(lhs),
                    rhs: Box::new(rhs),
                },
            };
        }
        lhs
    }

    /// `[NOT] LIKE/RLIKE/IN ...`, `IS [NOT] NULL`, `: query`.
    fn predicate(&mut self, lhs: Expr, negated: bool) -> Expr {
        let op_start = self.span();
        if negated {
            self.bump();
        }
        if self.kind() == TokenKind::Colon {
            self.bump();
            let query = self.expr_bp(PRED_BP + 1);
            return Expr {
                span: lhs.span.to(query.span),
                kind: ExprKind::Match {
                    field: Box::new(lhs),
                    query: Box::new(query),
                },
            };
        }
        if self.at_kw("IS") {
            self.bump();
            let negated = self.eat_kw("NOT").is_some();
            let end = match self.eat_kw("NULL") {
                Some(s) => s.end,
                None => {
                    self.expected("`NULL`");
                    self.prev_end(lhs.span.end)
                }
            };
            return Expr {
                span: Span::new(lhs.span.start, end),
                kind: ExprKind::IsNull {
                    expr: Box::new(lhs),
                    negated,
                },
            };
        }
        let kw = self.bump();
        let op_span = op_start.to(kw.span);
        let word = kw.text(self.src);
        if word.eq_ignore_ascii_case("IN") {
            let mut list = Vec::new();
            match self.eat(TokenKind::LParen) {
                Some(open) => {
                    if self.kind() != TokenKind::RParen {
                        list = self.expr_list();
                    }
                    self.expect_close(TokenKind::RParen, ")", open);
                }
                None => {
                    // Recover by taking a single operand as the list.
                    self.expected("`(` after IN");
                    if !self.at_command_end() && self.kind() != TokenKind::Comma {
                        list.push(self.expr_bp(PRED_BP + 1));
                    }
                }
            }
            let end = self.prev_end(op_span.end);
            return Expr {
                span: Span::new(lhs.span.start, end),
                kind: ExprKind::In {
                    expr: Box::new(lhs),
                    negated,
                    op_span,
                    list,
                },
            };
        }
        let kind = if word.eq_ignore_ascii_case("RLIKE") {
            LikeKind::RLike
        } else {
            LikeKind::Like
        };
        let patterns = if let Some(open) = self.eat(TokenKind::LParen) {
            let list = self.expr_list();
            self.expect_close(TokenKind::RParen, ")", open);
            list
        } else {
            vec![self.expr_bp(PRED_BP + 1)]
        };
        let end = self.prev_end(op_span.end);
        Expr {
            span: Span::new(lhs.span.start, end),
            kind: ExprKind::Like {
                expr: Box::new(lhs),
                negated,
                kind,
                op_span,
                patterns,
            },
        }
    }

    fn expr_list(&mut self) -> Vec<Expr> {
        let mut out = Vec::new();
        loop {
            out.push(self.expr());
            if self.eat(TokenKind::Comma).is_none() {
                break;
            }
        }
        out
    }

    fn primary(&mut self) -> Expr {
        let start = self.span();
        match self.kind() {
            TokenKind::Integer | TokenKind::Decimal => self.number(),
            TokenKind::String | TokenKind::TripleString | TokenKind::UnterminatedString => {
                match self.string_lit() {
                    Some(s) => Expr {
                        span: s.span,
                        kind: ExprKind::Literal(Literal::String(s)),
                    },
                    None => self.error_expr("an expression"),
                }
            }
            TokenKind::Param => {
                let t = self.bump();
                let name = t.text(self.src).trim_start_matches('?').to_string();
                Expr {
                    span: t.span,
                    kind: ExprKind::Param(Param { span: t.span, name }),
                }
            }
            TokenKind::LParen => {
                let open = self.bump().span;
                let inner = self.expr();
                self.expect_close(TokenKind::RParen, ")", open);
                Expr {
                    span: Span::new(open.start, self.prev_end(open.end)),
                    kind: ExprKind::Paren(Box::new(inner)),
                }
            }
            TokenKind::LBracket => {
                let open = self.bump().span;
                let items = if self.kind() == TokenKind::RBracket {
                    Vec::new()
                } else {
                    self.expr_list()
                };
                self.expect_close(TokenKind::RBracket, "]", open);
                Expr {
                    span: Span::new(open.start, self.prev_end(open.end)),
                    kind: ExprKind::List(items),
                }
            }
            TokenKind::LBrace => self.map(),
            TokenKind::Ident => {
                let text = self.text();
                if text.eq_ignore_ascii_case("null") {
                    self.bump();
                    return lit(start, Literal::Null);
                }
                if text.eq_ignore_ascii_case("true") || text.eq_ignore_ascii_case("false") {
                    self.bump();
                    return lit(start, Literal::Bool(text.eq_ignore_ascii_case("true")));
                }
                if RESERVED.iter().any(|r| text.eq_ignore_ascii_case(r)) {
                    return self.error_expr("an expression");
                }
                if self.nth_kind(1) == TokenKind::LParen {
                    return self.call();
                }
                let q = self.qualified_name();
                Expr {
                    span: q.span,
                    kind: ExprKind::Field(q),
                }
            }
            TokenKind::QuotedIdent | TokenKind::UnterminatedQuotedIdent => {
                let q = self.qualified_name();
                Expr {
                    span: q.span,
                    kind: ExprKind::Field(q),
                }
            }
            _ => self.error_expr("an expression"),
        }
    }

    /// Records "expected {what}" and returns an error node, consuming the token unless it is a
    /// synchronisation point.
    fn error_expr(&mut self, what: &str) -> Expr {
        let span = self.span();
        self.expected(what);
        let sync = matches!(
            self.kind(),
            TokenKind::Eof
                | TokenKind::Pipe
                | TokenKind::Comma
                | TokenKind::RParen
                | TokenKind::RBracket
                | TokenKind::RBrace
        ) || (self.kind() == TokenKind::Ident
            && RESERVED.iter().any(|r| self.text().eq_ignore_ascii_case(r)));
        if sync {
            Expr {
                span: Span::new(span.start, span.start),
                kind: ExprKind::Error,
            }
        } else {
            self.bump();
            Expr {
                span,
                kind: ExprKind::Error,
            }
        }
    }

    fn number(&mut self) -> Expr {
        let t = self.bump();
        let raw = t.text(self.src);
        let value = if t.kind == TokenKind::Integer {
            match raw.parse::<u64>() {
                Ok(v) => Literal::Integer(v),
                Err(_) => Literal::Decimal(raw.parse::<f64>().unwrap_or(f64::INFINITY)),
            }
        } else {
            Literal::Decimal(raw.parse::<f64>().unwrap_or(0.0))
        };
        if self.kind() == TokenKind::Ident
            && TIME_UNITS
                .iter()
                .any(|u| self.text().eq_ignore_ascii_case(u))
        {
            let unit = self.ident();
            let v = match value {
                Literal::Integer(i) => i as f64,
                Literal::Decimal(d) => d,
                _ => 0.0,
            };
            return Expr {
                span: t.span.to(unit.span),
                kind: ExprKind::Literal(Literal::TimeSpan { value: v, unit }),
            };
        }
        lit(t.span, value)
    }

    fn call(&mut self) -> Expr {
        let name = self.ident();
        let open = self.bump().span; // `(`
        let mut args = Vec::new();
        if self.kind() != TokenKind::RParen {
            loop {
                if self.kind() == TokenKind::Star
                    && matches!(self.nth_kind(1), TokenKind::RParen | TokenKind::Comma)
                {
                    let s = self.bump().span;
                    args.push(Expr {
                        span: s,
                        kind: ExprKind::Star,
                    });
                } else {
                    args.push(self.expr());
                }
                if self.eat(TokenKind::Comma).is_none() {
                    break;
                }
            }
        }
        self.expect_close(TokenKind::RParen, ")", open);
        Expr {
            span: Span::new(name.span.start, self.prev_end(open.end)),
            kind: ExprKind::Call(Call { name, args }),
        }
    }

    fn map(&mut self) -> Expr {
        let open = self.bump().span;
        let mut entries = Vec::new();
        if self.kind() != TokenKind::RBrace {
            loop {
                let Some(key) = self.string_lit() else {
                    self.expected("a string key in map");
                    self.skip_balanced();
                    break;
                };
                if self.eat(TokenKind::Colon).is_none() {
                    self.expected("`:` after map key");
                }
                let value = self.expr_bp(PRED_BP + 1);
                entries.push((key, value));
                if self.eat(TokenKind::Comma).is_none() {
                    break;
                }
            }
        }
        self.expect_close(TokenKind::RBrace, "}", open);
        Expr {
            span: Span::new(open.start, self.prev_end(open.end)),
            kind: ExprKind::Map(entries),
        }
    }
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
