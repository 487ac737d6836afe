//! Resilient recursive-descent parser for SPL pipelines.
//!
//! The parser works on the non-trivia tokens of [`crate::lex`]. Eval
//! expressions re-split word tokens (see [`crate::lexer::split_eval_word`]).

mod args;
mod commands;
mod eval;
mod search;

use crate::ast::*;
use crate::lexer::{lex, Token, TokenKind};
use crate::span::Span;

/// Maximum nesting of parentheses / brackets / subsearches.
pub const MAX_DEPTH: usize = 256;

/// Command names recognised as the first command of a `[ subsearch ]`
/// written without a leading `|` (otherwise the implicit `search` applies).
pub const SUBSEARCH_LEADING_COMMANDS: &[&str] = &[
    "search",
    "inputlookup",
    "inputcsv",
    "tstats",
    "mstats",
    "makeresults",
    "rest",
    "metadata",
    "datamodel",
    "from",
    "loadjob",
    "savedsearch",
    "summary",
    "stats",
    "eventstats",
    "streamstats",
    "chart",
    "timechart",
    "eval",
    "where",
    "table",
    "fields",
    "rename",
    "lookup",
    "dedup",
    "sort",
    "head",
    "tail",
    "rex",
    "spath",
    "mvexpand",
    "fillnull",
    "bin",
    "bucket",
    "convert",
    "append",
    "join",
    "transaction",
    "top",
    "rare",
    "multisearch",
    "union",
    "pivot",
    "dbxquery",
    "fit",
    "apply",
    "format",
    "return",
];

/// Nesting levels charged for one `[ subsearch ]` (so at most 32 nested subsearches).
const SUBSEARCH_COST: usize = 8;

/// A located parse error.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct ParseError {
    /// Human-readable message: what was expected and what was found.
    pub message: String,
    /// Where.
    pub span: Span,
}

/// Result of [`parse`]: the AST (always present) plus errors.
#[derive(Debug, Clone, PartialEq)]
pub struct Parse {
    /// The root pipeline.
    pub ast: Pipeline,
    /// Errors, in source order of discovery.
    pub errors: Vec<ParseError>,
}

/// Parse a whole SPL search (usually the macro-expanded text).
pub fn parse(src: &str) -> Parse {
    let mut p = Parser::new(src);
    let ast = p.pipeline(false, false);
    // Anything left (stray `]`) was reported by `pipeline`.
    Parse {
        ast,
        errors: p.errors,
    }
}

#[derive(Debug, Clone, Copy)]
pub(crate) struct Tok {
    pub kind: TokenKind,
    pub span: Span,
    /// Whitespace or a comment precedes this token.
    pub gap: bool,
}

pub(crate) struct Parser<'a> {
    pub src: &'a str,
    pub toks: Vec<Tok>,
    pub pos: usize,
    pub errors: Vec<ParseError>,
    pub depth: usize,
    /// Number of enclosing `[ ]` subsearches.
    pub sub: usize,
    /// Whether the nesting error was already reported.
    pub deep_reported: bool,
}

impl<'a> Parser<'a> {
    fn new(src: &'a str) -> Parser<'a> {
        let mut toks = Vec::new();
        let mut gap = false;
        let mut errors = Vec::new();
        for Token { kind, span } in lex(src) {
            if let Some(msg) = unterminated(kind, span.text(src)) {
                errors.push(ParseError {
                    message: msg.to_string(),
                    span,
                });
            }
            if kind.is_trivia() {
                gap = true;
            } else {
                toks.push(Tok { kind, span, gap });
                gap = false;
            }
        }
        Parser {
            src,
            toks,
            pos: 0,
            errors,
            depth: 0,
            sub: 0,
            deep_reported: false,
        }
    }

    // ----- token helpers -------------------------------------------------

    pub fn peek(&self) -> Option<Tok> {
        self.toks.get(self.pos).copied()
    }

    pub fn peek_at(&self, n: usize) -> Option<Tok> {
        self.toks.get(self.pos + n).copied()
    }

    pub fn kind(&self) -> Option<TokenKind> {
        self.peek().map(|t| t.kind)
    }

    pub fn kind_at(&self, n: usize) -> Option<TokenKind> {
        self.peek_at(n).map(|t| t.kind)
    }

    pub fn text(&self, t: Tok) -> &'a str {
        t.span.text(self.src)
    }

    pub fn bump(&mut self) -> Option<Tok> {
        let t = self.peek();
        if t.is_some() {
            self.pos += 1;
        }
        t
    }

    /// End offset of the previous token (or 0).
    pub fn prev_end(&self) -> usize {
        if self.pos == 0 {
            0
        } else {
            self.toks
                .get(self.pos - 1)
                .map(|t| t.span.end)
                .unwrap_or(self.src.len())
        }
    }

    /// Offset of the current token (or end of input).
    pub fn here(&self) -> usize {
        self.peek().map(|t| t.span.start).unwrap_or(self.src.len())
    }

    /// Current token is a word equal (ASCII case-insensitively) to `kw`.
    pub fn at_kw(&self, kw: &str) -> bool {
        matches!(self.peek(), Some(t) if t.kind == TokenKind::Word && self.text(t).eq_ignore_ascii_case(kw))
    }

    /// Current token is a word equal (case-sensitively) to `kw`.
    pub fn at_kw_exact(&self, kw: &str) -> bool {
        matches!(self.peek(), Some(t) if t.kind == TokenKind::Word && self.text(t) == kw)
    }

    /// End of the current command: end of input, `|`, or `]` inside a subsearch
    /// (a stray `]` at top level also ends a command).
    pub fn at_boundary(&self) -> bool {
        matches!(
            self.kind(),
            None | Some(TokenKind::Pipe) | Some(TokenKind::RBracket)
        )
    }

    /// Describe the current token for error messages.
    pub fn found(&self) -> String {
        match self.peek() {
            None => "end of input".to_string(),
            Some(t) => describe(self.text(t)),
        }
    }

    pub fn error(&mut self, message: String, span: Span) {
        // Avoid flooding: skip exact duplicates at the same place.
        if let Some(last) = self.errors.last() {
            if last.span == span && last.message == message {
                return;
            }
        }
        self.errors.push(ParseError { message, span });
    }

    /// Error "expected X, found Y" at the current token.
    pub fn expected(&mut self, what: &str) {
        let span = match self.peek() {
            Some(t) => t.span,
            None => Span::new(self.src.len(), self.src.len()),
        };
        let msg = format!("expected {what}, found {}", self.found());
        self.error(msg, span);
    }

    /// Skip to the end of the current command (respecting brackets); returns the skipped span.
    pub fn skip_to_boundary(&mut self) -> Option<Span> {
        let start = self.peek()?.span;
        let mut end = start;
        let mut depth = 0usize;
        while let Some(t) = self.peek() {
            match t.kind {
                TokenKind::Pipe if depth == 0 => break,
                TokenKind::RBracket if depth == 0 => break,
                TokenKind::LBracket => depth += 1,
                TokenKind::RBracket => depth -= 1,
                _ => {}
            }
            end = t.span;
            self.pos += 1;
        }
        Some(start.cover(end))
    }

    /// Enter one nesting level; false (with a single located error) past [`MAX_DEPTH`].
    pub fn enter(&mut self, at: Span) -> bool {
        self.enter_by(at, 1)
    }

    /// Like [`Parser::enter`] but charging `cost` levels (subsearches use many stack frames).
    pub fn enter_by(&mut self, at: Span, cost: usize) -> bool {
        if self.depth + cost > MAX_DEPTH {
            if !self.deep_reported {
                self.deep_reported = true;
                self.error(format!("nesting deeper than {MAX_DEPTH}"), at);
            }
            return false;
        }
        self.depth += cost;
        true
    }

    pub fn leave(&mut self) {
        self.leave_by(1);
    }

    pub fn leave_by(&mut self, cost: usize) {
        self.depth = self.depth.saturating_sub(cost);
    }

    /// Skip a balanced group whose opening token is current; returns its span.
    pub fn skip_balanced(&mut self) -> Span {
        let start = self.here();
        let mut stack: Vec<TokenKind> = Vec::new();
        let mut end = start;
        while let Some(t) = self.peek() {
            match t.kind {
                TokenKind::LParen | TokenKind::LBracket => stack.push(t.kind),
                TokenKind::RParen | TokenKind::RBracket => {
                    stack.pop();
                }
                _ => {}
            }
            end = t.span.end;
            self.pos += 1;
            if stack.is_empty() {
                break;
            }
        }
        Span::new(start, end)
    }

    // ----- pipelines -----------------------------------------------------

    /// Parse commands up to end of input (top level) or to `]` (subsearch).
    /// `first_is_command`: the first item is a command even without a leading `|`.
    pub fn pipeline(&mut self, in_sub: bool, first_is_command: bool) -> Pipeline {
        let start = self.here();
        let mut commands = Vec::new();
        let mut first = true;
        loop {
            match self.kind() {
                None => break,
                Some(TokenKind::RBracket) => {
                    if in_sub {
                        break;
                    }
                    let t = self.bump();
                    if let Some(t) = t {
                        self.error("unexpected `]` without matching `[`".into(), t.span);
                    }
                    continue;
                }
                Some(TokenKind::Pipe) => {
                    let pipe = self.bump();
                    if self.at_boundary() {
                        if let Some(p) = pipe {
                            let msg =
                                format!("expected a command after `|`, found {}", self.found());
                            self.error(msg, p.span);
                        }
                        first = false;
                        continue;
                    }
                    commands.push(self.command(false));
                }
                Some(_) => {
                    if first {
                        let implicit = !first_is_command && !self.first_word_is_command(in_sub);
                        commands.push(self.command(implicit));
                    } else {
                        // Leftover after a command that did not consume everything.
                        if let Some(span) = self.skip_to_boundary() {
                            let msg = format!(
                                "expected `|` or end of search, found {}",
                                describe(span.text(self.src))
                            );
                            self.error(msg, span);
                        }
                    }
                }
            }
            first = false;
        }
        let end = self.prev_end().max(start);
        Pipeline {
            commands,
            span: Span::new(start, end),
        }
    }

    fn first_word_is_command(&self, in_sub: bool) -> bool {
        let Some(t) = self.peek() else { return false };
        if t.kind != TokenKind::Word {
            return false;
        }
        // `search foo=bar` but not `search=foo`.
        if self.kind_at(1).is_some_and(|k| k.is_cmp()) {
            return false;
        }
        let w = self.text(t).to_ascii_lowercase();
        if w == "search" {
            return true;
        }
        in_sub && SUBSEARCH_LEADING_COMMANDS.contains(&w.as_str())
    }

    /// `[ pipeline ]` with the `[` current.
    pub fn subsearch(&mut self, first_is_command: bool) -> Option<Box<Subsearch>> {
        let open = self.peek()?;
        if !self.enter_by(open.span, SUBSEARCH_COST) {
            let span = self.skip_balanced();
            return Some(Box::new(Subsearch {
                pipeline: Pipeline {
                    commands: Vec::new(),
                    span,
                },
                span,
            }));
        }
        self.bump();
        self.sub += 1;
        let pipeline = self.pipeline(true, first_is_command);
        self.sub -= 1;
        self.leave_by(SUBSEARCH_COST);
        let end = if self.kind() == Some(TokenKind::RBracket) {
            self.bump().map(|t| t.span.end).unwrap_or(self.src.len())
        } else {
            let msg = format!(
                "expected `]` to close `[` at {}, found {}",
                open.span.start,
                self.found()
            );
            let at = self
                .peek()
                .map(|t| t.span)
                .unwrap_or(Span::new(self.src.len(), self.src.len()));
            self.error(msg, at);
            self.prev_end()
        };
        Some(Box::new(Subsearch {
            pipeline,
            span: Span::new(open.span.start, end),
        }))
    }

    fn command(&mut self, implicit: bool) -> Command {
        let start = self.here();
        let (name, macro_cmd) = if implicit {
            (
                Ident {
                    name: "search".into(),
                    span: Span::new(start, start),
                },
                None,
            )
        } else {
            match self.peek() {
                Some(t) if t.kind == TokenKind::Word => {
                    self.bump();
                    (
                        Ident {
                            name: self.text(t).to_string(),
                            span: t.span,
                        },
                        None,
                    )
                }
                Some(t) if t.kind == TokenKind::Macro => {
                    self.bump();
                    let m = self.macro_ref(t);
                    (
                        Ident {
                            name: format!("`{}`", m.name),
                            span: t.span,
                        },
                        Some(m),
                    )
                }
                _ => {
                    self.expected("a command name");
                    let span = self.skip_to_boundary().unwrap_or(Span::new(start, start));
                    return Command {
                        name: Ident {
                            name: String::new(),
                            span: Span::new(start, start),
                        },
                        implicit: false,
                        span,
                        kind: CommandKind::Error(span),
                        skipped: vec![span],
                    };
                }
            }
        };
        let kind = if let Some(m) = macro_cmd {
            if self.at_boundary() {
                CommandKind::Macro(m)
            } else {
                CommandKind::Generic(GenericCmd {
                    args: self.generic_args(),
                })
            }
        } else if implicit {
            CommandKind::Search(SearchCmd {
                filter: self.search_filter(false),
            })
        } else {
            self.command_body(&name.name.to_ascii_lowercase())
        };
        let mut skipped = Vec::new();
        if !self.at_boundary() {
            if let Some(span) = self.skip_to_boundary() {
                let msg = format!(
                    "unexpected {} in `{}` command",
                    describe(span.text(self.src)),
                    name.name
                );
                self.error(msg, span);
                skipped.push(span);
            }
        }
        let end = self.prev_end().max(start);
        Command {
            name,
            implicit,
            span: Span::new(start, end),
            kind,
            skipped,
        }
    }

    pub fn macro_ref(&self, t: Tok) -> MacroRef {
        let raw = self.text(t);
        let (name, args) = crate::macros::parse_call(raw).unwrap_or_default();
        MacroRef {
            name,
            args,
            span: t.span,
        }
    }
}

/// Message for a token that is not closed (string, macro call, comment).
fn unterminated(kind: TokenKind, text: &str) -> Option<&'static str> {
    match kind {
        TokenKind::Str => {
            let body = &text[1..];
            let closed = body.ends_with('"') && {
                let inner = &body[..body.len() - 1];
                let bs = inner.len() - inner.trim_end_matches('\\').len();
                bs & 1 == 0
            };
            (!closed).then_some("unterminated string: expected closing `\"`, found end of input")
        }
        TokenKind::Macro => (text.len() < 2 || !text.ends_with('`'))
            .then_some("unterminated macro call: expected closing backtick, found end of input"),
        TokenKind::Comment => (text.len() < 6 || !text.ends_with("```"))
            .then_some("unterminated comment: expected closing ```, found end of input"),
        _ => None,
    }
}

/// Short description of source text for messages: `` `text` `` (truncated).
pub(crate) fn describe(text: &str) -> String {
    let mut s: String = text.chars().take(24).collect();
    if s.len() < text.len() {
        s.push('…');
    }
    if s.contains('`') {
        format!("'{s}'")
    } else {
        format!("`{s}`")
    }
}
