//! Resilient recursive-descent / Pratt parser for KQL.
//!
//! The parser works on the non-trivia tokens from [`crate::lex`]. It never panics: on
//! unexpected input it records a [`ParseError`], produces an [`ErrorNode`] covering the bad
//! tokens and resumes at the next `|`, `,`, `;` or closing bracket.

use crate::ast::*;
use crate::error::ParseError;
use crate::lexer::{lex, Token, TokenKind};
use crate::span::Span;

mod scalar;
mod tabular;

/// Recursion budget: every recursive parser entry (expression, pipeline, primary) uses one
/// unit, so one bracket level costs 2-3 units. Past it the parser records
/// "nesting deeper than 256", skips the nested region and continues.
pub const MAX_DEPTH: usize = 256;

/// Result of [`parse`]: the AST (always present) and the errors found.
#[derive(Debug, Clone, PartialEq)]
pub struct Parse {
    /// The root node.
    pub ast: Query,
    /// Errors in source order of discovery.
    pub errors: Vec<ParseError>,
}

/// Parses a KQL query text. Never panics.
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
        dynamic_depth: 0,
    };
    let statements = p.statements(false);
    Parse {
        ast: Query {
            statements,
            span: Span::new(0, src.len()),
        },
        errors: p.errors,
    }
}

/// How many tokens `expect_close` may look ahead for the missing closer.
const RECOVERY_WINDOW: usize = 256;

/// Operator parameter names accepted as `name=value` before operator arguments.
const PARAM_NAMES: &[&str] = &[
    "kind",
    "isfuzzy",
    "withsource",
    "with_source",
    "with_itemindex",
    "bagexpansion",
    "flags",
    "bin_legacy",
    "decodeblocks",
    "materialized",
];

/// Keywords that start a tabular source operator at the start of an expression.
const SOURCE_OPS: &[&str] = &["union", "search", "find", "print", "range", "evaluate"];

#[derive(Clone, Copy)]
enum Infix {
    Logical(LogicalOp),
    Bin(BinaryOp),
    List(ListOp),
    Between(bool),
}

const BP_OR: u8 = 1;
const BP_AND: u8 = 2;
const BP_CMP: u8 = 3;
const BP_ADD: u8 = 4;
const BP_MUL: u8 = 5;
const BP_UNARY: u8 = 6;

struct Parser<'a> {
    src: &'a str,
    toks: Vec<Token>,
    pos: usize,
    errors: Vec<ParseError>,
    depth: usize,
    dynamic_depth: usize,
}

fn str_op(name: &str) -> Option<StrOp> {
    let (negated, rest) = match name.strip_prefix("not") {
        Some(r) if !r.is_empty() && r != "e" => (true, r),
        _ => (false, name),
    };
    let (case_sensitive, base) = match rest.strip_suffix("_cs") {
        Some(b) => (true, b),
        None => match rest {
            "containscs" => (true, "contains"),
            "likecs" => (true, "like"),
            _ => (false, rest),
        },
    };
    let kind = match base {
        "has" => StrOpKind::Has,
        "hasprefix" => StrOpKind::HasPrefix,
        "hassuffix" => StrOpKind::HasSuffix,
        "contains" => StrOpKind::Contains,
        "startswith" => StrOpKind::StartsWith,
        "endswith" => StrOpKind::EndsWith,
        "like" => StrOpKind::Like,
        _ => return None,
    };
    // Legacy `not...` spellings exist only for contains/like.
    if negated && !matches!(kind, StrOpKind::Contains | StrOpKind::Like) {
        return None;
    }
    Some(StrOp {
        kind,
        negated,
        case_sensitive,
    })
}

/// Decodes the value of a string literal token text.
pub(crate) fn decode_string(text: &str) -> (String, StringStyle, bool) {
    let mut t = text;
    let mut obfuscated = false;
    if t.starts_with(['h', 'H']) {
        obfuscated = true;
        t = &t[1..];
    }
    if let Some(body) = t.strip_prefix("```") {
        let body = body.strip_suffix("```").unwrap_or(body);
        return (body.to_string(), StringStyle::MultiLine, obfuscated);
    }
    let verbatim = t.starts_with('@');
    if verbatim {
        t = &t[1..];
    }
    let q = t.chars().next().unwrap_or('"');
    let mut body = &t[q.len_utf8().min(t.len())..];
    if body.ends_with(q) && !body.is_empty() {
        body = &body[..body.len() - q.len_utf8()];
    }
    if verbatim {
        let mut dq = String::with_capacity(2);
        dq.push(q);
        dq.push(q);
        return (
            body.replace(&dq, &q.to_string()),
            StringStyle::Verbatim,
            obfuscated,
        );
    }
    (unescape(body), StringStyle::Regular, obfuscated)
}

fn unescape(body: &str) -> String {
    if !body.contains('\\') {
        return body.to_string();
    }
    let mut out = String::with_capacity(body.len());
    let mut chars = body.chars();
    while let Some(c) = chars.next() {
        if c != '\\' {
            out.push(c);
            continue;
        }
        match chars.next() {
            Some('n') => out.push('\n'),
            Some('t') => out.push('\t'),
            Some('r') => out.push('\r'),
            Some('0') => out.push('\0'),
            Some('u') => {
                let hex: String = chars.clone().take(4).collect();
                match u32::from_str_radix(&hex, 16).ok().and_then(char::from_u32) {
                    Some(ch) if hex.len() == 4 => {
                        out.push(ch);
                        for _ in 0..4 {
                            chars.next();
                        }
                    }
                    _ => out.push('u'),
                }
            }
            Some(other) => out.push(other),
            None => out.push('\\'),
        }
    }
    out
}

impl<'a> Parser<'a> {
    // ----- token helpers -------------------------------------------------------------

    fn nth(&self, n: usize) -> Option<Token> {
        self.toks.get(self.pos + n).copied()
    }

    fn kind(&self, n: usize) -> Option<TokenKind> {
        self.nth(n).map(|t| t.kind)
    }

    fn at(&self, k: TokenKind) -> bool {
        self.kind(0) == Some(k)
    }

    fn text(&self, n: usize) -> &'a str {
        match self.nth(n) {
            Some(t) => t.span.text(self.src),
            None => "",
        }
    }

    fn at_kw(&self, kw: &str) -> bool {
        self.kind(0) == Some(TokenKind::Ident) && self.text(0) == kw
    }

    fn nth_is_kw(&self, n: usize, kw: &str) -> bool {
        self.kind(n) == Some(TokenKind::Ident) && self.text(n) == kw
    }

    /// True when token `n` starts exactly where token `n-1` ends.
    fn adjacent(&self, n: usize) -> bool {
        match (self.pos + n).checked_sub(1).and_then(|i| self.toks.get(i)) {
            Some(prev) => self.nth(n).is_some_and(|t| t.span.start == prev.span.end),
            None => false,
        }
    }

    fn eof_span(&self) -> Span {
        Span::new(self.src.len(), self.src.len())
    }

    fn cur_span(&self) -> Span {
        self.nth(0).map_or(self.eof_span(), |t| t.span)
    }

    fn prev_end(&self) -> usize {
        match self.pos.checked_sub(1).and_then(|i| self.toks.get(i)) {
            Some(t) => t.span.end,
            None => 0,
        }
    }

    fn span_from(&self, start: usize) -> Span {
        Span::new(start, self.prev_end().max(start))
    }

    fn bump(&mut self) -> Token {
        let t = self.nth(0).unwrap_or(Token {
            kind: TokenKind::Unknown,
            span: self.eof_span(),
        });
        if self.pos < self.toks.len() {
            self.pos += 1;
        }
        t
    }

    fn found(&self) -> String {
        match self.nth(0) {
            None => "end of input".to_string(),
            Some(t) => {
                let text = t.span.text(self.src);
                let short: String = text.chars().take(24).collect();
                if short.len() < text.len() {
                    format!("`{short}...`")
                } else {
                    format!("`{short}`")
                }
            }
        }
    }

    fn error(&mut self, message: String, span: Span) {
        self.errors.push(ParseError { message, span });
    }

    fn error_expected(&mut self, what: &str) {
        let msg = format!("expected {what}, found {}", self.found());
        let sp = self.cur_span();
        self.error(msg, sp);
    }

    fn eat(&mut self, k: TokenKind) -> bool {
        if self.at(k) {
            self.pos += 1;
            true
        } else {
            false
        }
    }

    fn eat_kw(&mut self, kw: &str) -> bool {
        if self.at_kw(kw) {
            self.pos += 1;
            true
        } else {
            false
        }
    }

    /// Expects a closing token matching an opener at `open`.
    fn expect_close(&mut self, k: TokenKind, close: &str, open: &str, open_at: usize) {
        if self.eat(k) {
            return;
        }
        let msg = format!(
            "expected `{close}` to close `{open}` at {open_at}, found {}",
            self.found()
        );
        let sp = self.cur_span();
        self.error(msg, sp);
        // Skip junk up to the closer if it is at this level; otherwise leave the tokens
        // for the caller.
        let save = self.pos;
        let mut depth = 0usize;
        // Bounded look-ahead keeps recovery linear on pathological input.
        let limit = self.pos + RECOVERY_WINDOW;
        while let Some(t) = self.kind(0).filter(|_| self.pos < limit) {
            match t {
                TokenKind::LParen | TokenKind::LBracket | TokenKind::LBrace => depth += 1,
                TokenKind::RParen | TokenKind::RBracket | TokenKind::RBrace => {
                    if depth == 0 {
                        break;
                    }
                    depth -= 1;
                }
                TokenKind::Semi if depth == 0 => break,
                _ => {}
            }
            self.pos += 1;
        }
        if !self.eat(k) {
            self.pos = save;
        }
    }

    fn skip_balanced_until_closer(&mut self) {
        // Skip only tokens that are not closers/pipes/semicolons at depth 0.
        let mut depth = 0usize;
        while let Some(k) = self.kind(0) {
            match k {
                TokenKind::LParen | TokenKind::LBracket | TokenKind::LBrace => depth += 1,
                TokenKind::RParen | TokenKind::RBracket | TokenKind::RBrace => {
                    if depth == 0 {
                        return;
                    }
                    depth -= 1;
                }
                TokenKind::Semi | TokenKind::Pipe if depth == 0 => return,
                _ => {}
            }
            self.pos += 1;
        }
    }

    fn expect(&mut self, k: TokenKind, what: &str) -> bool {
        if self.eat(k) {
            true
        } else {
            self.error_expected(what);
            false
        }
    }

    /// Skips tokens bracket-aware. Stops (without consuming) at `;` at depth 0, an unmatched
    /// closer, `|` at depth 0 when `stop_pipe`, `,` at depth 0 when `stop_comma`.
    fn skip(&mut self, stop_pipe: bool, stop_comma: bool) -> Span {
        let start = self.cur_span().start;
        let mut depth = 0usize;
        while let Some(k) = self.kind(0) {
            match k {
                TokenKind::LParen | TokenKind::LBracket | TokenKind::LBrace => depth += 1,
                TokenKind::RParen | TokenKind::RBracket | TokenKind::RBrace => {
                    if depth == 0 {
                        break;
                    }
                    depth -= 1;
                }
                TokenKind::Semi if depth == 0 => break,
                TokenKind::Pipe if depth == 0 && stop_pipe => break,
                TokenKind::Comma if depth == 0 && stop_comma => break,
                _ => {}
            }
            self.pos += 1;
        }
        self.span_from(start)
    }

    fn at_stop(&self) -> bool {
        matches!(
            self.kind(0),
            None | Some(TokenKind::Pipe)
                | Some(TokenKind::Semi)
                | Some(TokenKind::RParen)
                | Some(TokenKind::RBracket)
                | Some(TokenKind::RBrace)
        )
    }

    // ----- statements ---------------------------------------------------------------

    fn statements(&mut self, in_block: bool) -> Vec<Statement> {
        let mut out = Vec::new();
        loop {
            while self.eat(TokenKind::Semi) {}
            match self.kind(0) {
                None => break,
                Some(TokenKind::RBrace) if in_block => break,
                Some(TokenKind::RParen | TokenKind::RBracket | TokenKind::RBrace) => {
                    let t = self.bump();
                    let msg = format!("unexpected `{}` without matching opener", t.text(self.src));
                    self.error(msg, t.span);
                    out.push(Statement::Error(ErrorNode { span: t.span }));
                    continue;
                }
                _ => {}
            }
            let before = self.pos;
            let stmt = self.statement();
            out.push(stmt);
            if self.eat(TokenKind::Semi) {
                continue;
            }
            match self.kind(0) {
                None => break,
                Some(TokenKind::RBrace) if in_block => break,
                _ => {
                    let msg = format!("expected `;` or `|`, found {}", self.found());
                    let sp = self.cur_span();
                    self.error(msg, sp);
                    let mut junk = self.skip(false, false);
                    if self.pos == before || junk.is_empty() {
                        // Guarantee progress.
                        let t = self.bump();
                        junk = junk.to(t.span);
                    }
                    out.push(Statement::Error(ErrorNode { span: junk }));
                }
            }
        }
        out
    }

    fn statement(&mut self) -> Statement {
        let start = self.cur_span().start;
        if self.at_kw("let") && self.kind(1) == Some(TokenKind::Ident) {
            self.bump();
            let name = self.ident_or_bracketed().unwrap_or_else(|| Ident {
                name: String::new(),
                span: self.cur_span(),
            });
            if !self.eat(TokenKind::Eq) {
                self.error_expected("`=` after `let` name");
            }
            let value = self.pipe_expr();
            return Statement::Let(LetStmt {
                name,
                value,
                span: self.span_from(start),
            });
        }
        if self.at(TokenKind::Ident)
            && matches!(
                self.text(0),
                "set" | "declare" | "alias" | "pattern" | "restrict"
            )
            && matches!(self.kind(1), Some(TokenKind::Ident))
        {
            let t = self.bump();
            let keyword = Ident {
                name: t.text(self.src).to_string(),
                span: t.span,
            };
            self.skip(false, false);
            return Statement::Other(OtherStmt {
                keyword,
                span: self.span_from(start),
            });
        }
        Statement::Expr(self.pipe_expr())
    }
}

/// Names of tabular operators that may start an operator-only sub-query.
fn is_operator_name(name: &str) -> bool {
    matches!(
        name,
        "where"
            | "filter"
            | "extend"
            | "project"
            | "summarize"
            | "top"
            | "take"
            | "limit"
            | "sort"
            | "order"
            | "distinct"
            | "count"
            | "parse"
            | "mv-expand"
            | "mv"
            | "join"
            | "lookup"
            | "sample"
            | "serialize"
            | "invoke"
            | "as"
            | "make"
            | "evaluate"
            | "extract"
    )
}
