//! Resilient recursive-descent / Pratt parser for KQL.
//!
//! The parser works on the non-trivia tokens from [`crate::lex`]. It never panics: on
//! unexpected input it records a [`ParseError`], produces an [`ErrorNode`] covering the bad
//! tokens and resumes at the next `|`, `,`, `;` or closing bracket.

use crate::ast::*;
use crate::error::ParseError;
use crate::lexer::{lex, Token, TokenKind};
use crate::span::Span;

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

    // ----- tabular expressions ------------------------------------------------------

    fn at_source_op(&self) -> bool {
        if !self.at(TokenKind::Ident) || !SOURCE_OPS.contains(&self.text(0)) {
            return false;
        }
        match self.text(0) {
            "range" => self.kind(1) == Some(TokenKind::Ident) && self.nth_is_kw(2, "from"),
            "print" | "search" | "find" | "union" | "evaluate" => {
                let next = self.kind(1);
                // `union (T1), (T2)` is a source; `search(...)`/`find(...)` would be calls.
                let call_like = next == Some(TokenKind::LParen) && self.text(0) != "union";
                let column_like = matches!(
                    next,
                    Some(
                        TokenKind::Eq
                            | TokenKind::EqEq
                            | TokenKind::Comma
                            | TokenKind::RParen
                            | TokenKind::Pipe
                            | TokenKind::Semi
                            | TokenKind::Dot
                    )
                );
                !call_like && !column_like
            }
            _ => false,
        }
    }

    /// `expr ( | operator )*`.
    fn pipe_expr(&mut self) -> Expr {
        if self.depth >= MAX_DEPTH {
            return self.too_deep();
        }
        self.depth += 1;
        let e = self.pipe_expr_inner();
        self.depth -= 1;
        e
    }

    fn pipe_expr_inner(&mut self) -> Expr {
        let start = self.cur_span().start;
        let source = if self.at_source_op() {
            let op = self.operator_body();
            Expr::Source(Box::new(op))
        } else {
            self.expr()
        };
        if !self.at(TokenKind::Pipe) {
            return source;
        }
        let mut ops = Vec::new();
        while self.eat(TokenKind::Pipe) {
            ops.push(self.operator_body());
        }
        Expr::Pipeline(Box::new(Pipeline {
            source: Some(source),
            ops,
            span: self.span_from(start),
        }))
    }

    /// Operator-only sub-query: `op | op ...` (a leading `|` is allowed).
    fn subquery_ops(&mut self) -> Expr {
        let start = self.cur_span().start;
        if self.at_source_op() || !self.at(TokenKind::Ident) && !self.at(TokenKind::Pipe) {
            return self.pipe_expr();
        }
        // A table name followed by `|` or end is a normal pipeline.
        if self.at(TokenKind::Ident) && !is_operator_name(self.text(0)) {
            return self.pipe_expr();
        }
        let mut ops = Vec::new();
        self.eat(TokenKind::Pipe);
        ops.push(self.operator_body());
        while self.eat(TokenKind::Pipe) {
            ops.push(self.operator_body());
        }
        Expr::Pipeline(Box::new(Pipeline {
            source: None,
            ops,
            span: self.span_from(start),
        }))
    }

    fn op_name(&mut self) -> Option<Ident> {
        if !self.at(TokenKind::Ident) {
            return None;
        }
        let first = self.bump();
        let mut span = first.span;
        while self.at(TokenKind::Minus)
            && self.adjacent(0)
            && self.kind(1) == Some(TokenKind::Ident)
            && self.adjacent(1)
        {
            self.bump();
            span = span.to(self.bump().span);
        }
        Some(Ident {
            name: span.text(self.src).to_string(),
            span,
        })
    }

    /// Parses one operator (after the `|`).
    fn operator_body(&mut self) -> Operator {
        let start = self.cur_span().start;
        let Some(name) = self.op_name() else {
            let msg = format!("expected operator name after `|`, found {}", self.found());
            let sp = self.cur_span();
            self.error(msg, sp);
            let junk = self.skip(true, false);
            return Operator {
                name: Ident {
                    name: String::new(),
                    span: Span::new(sp.start, sp.start),
                },
                kind: OperatorKind::Error(ErrorNode { span: junk }),
                span: junk,
            };
        };
        let kind = match name.name.as_str() {
            "where" | "filter" => OperatorKind::Where(self.expr()),
            "extend" => OperatorKind::Extend(self.assignments()),
            "project" | "project-keep" | "project-reorder" => {
                OperatorKind::Project(self.assignments())
            }
            "project-away" => OperatorKind::ProjectAway(self.expr_list(false)),
            "project-rename" => OperatorKind::ProjectRename(self.assignments()),
            "summarize" => {
                let params = self.params();
                let aggregates = if self.at_kw("by") {
                    Vec::new()
                } else {
                    self.assignments()
                };
                let by = if self.eat_kw("by") {
                    self.assignments()
                } else {
                    Vec::new()
                };
                OperatorKind::Summarize {
                    params,
                    aggregates,
                    by,
                }
            }
            "join" | "lookup" => {
                let params = self.params();
                let right = self.expr();
                let on = if self.eat_kw("on") {
                    self.expr_list(false)
                } else if self.eat_kw("where") {
                    vec![self.expr()]
                } else {
                    if !self.at_stop() {
                        self.error_expected("`on` after join right side");
                    }
                    Vec::new()
                };
                OperatorKind::Join { params, right, on }
            }
            "union" => {
                let params = self.params();
                OperatorKind::Union {
                    params,
                    tables: self.expr_list(false),
                }
            }
            "parse" | "parse-where" => {
                let params = self.params();
                let source = self.expr();
                if !self.eat_kw("with") {
                    self.error_expected("`with` in `parse`");
                }
                let pattern = self.parse_pattern();
                OperatorKind::Parse {
                    params,
                    source,
                    pattern,
                }
            }
            "mv-expand" | "mvexpand" => {
                let params = self.params();
                let items = self.mv_items();
                let limit = if self.eat_kw("limit") {
                    Some(self.expr())
                } else {
                    None
                };
                OperatorKind::MvExpand {
                    params,
                    items,
                    limit,
                }
            }
            "mv-apply" | "mvapply" => {
                let params = self.params();
                let items = self.mv_items();
                let on = if self.eat_kw("on") {
                    let open = self.cur_span().start;
                    if self.expect(TokenKind::LParen, "`(` after `on` in `mv-apply`") {
                        let q = self.subquery_ops();
                        self.expect_close(TokenKind::RParen, ")", "(", open);
                        Some(q)
                    } else {
                        None
                    }
                } else {
                    self.error_expected("`on` in `mv-apply`");
                    None
                };
                OperatorKind::MvApply { params, items, on }
            }
            "top" => {
                let count = self.expr();
                let by = if self.eat_kw("by") {
                    self.sort_keys()
                } else {
                    self.error_expected("`by` in `top`");
                    Vec::new()
                };
                OperatorKind::Top { count, by }
            }
            "sort" | "order" => {
                if !self.eat_kw("by") {
                    self.error_expected("`by`");
                }
                OperatorKind::Sort(self.sort_keys())
            }
            "take" | "limit" | "sample" => OperatorKind::Take(self.expr()),
            "distinct" => OperatorKind::Distinct(self.expr_list(false)),
            "count" if self.at_stop() => OperatorKind::Count,
            "getschema" if self.at_stop() => OperatorKind::GetSchema,
            "evaluate" => {
                let params = self.params();
                OperatorKind::Evaluate {
                    params,
                    call: self.expr(),
                }
            }
            "invoke" => OperatorKind::Invoke(self.expr()),
            "make-series" => self.make_series(),
            "render" => {
                let visualization = self.ident_or_bracketed();
                let mut with = Vec::new();
                if self.eat_kw("with") {
                    let open = self.cur_span().start;
                    if self.expect(TokenKind::LParen, "`(` after `with`") {
                        with = self.args(TokenKind::RParen);
                        self.expect_close(TokenKind::RParen, ")", "(", open);
                    }
                }
                OperatorKind::Render {
                    visualization,
                    with,
                }
            }
            "as" => {
                let params = self.params();
                OperatorKind::As {
                    params,
                    name: self.ident_or_bracketed(),
                }
            }
            "search" => {
                let params = self.params();
                let tables = self.in_tables();
                let predicate = if self.at_stop() {
                    Expr::Star(Span::new(self.prev_end(), self.prev_end()))
                } else {
                    self.expr()
                };
                OperatorKind::Search {
                    params,
                    tables,
                    predicate,
                }
            }
            "find" => {
                let params = self.params();
                let tables = self.in_tables();
                if !self.eat_kw("where") {
                    self.error_expected("`where` in `find`");
                }
                let predicate = self.expr();
                let mut project = Vec::new();
                if self.at_kw("project-smart") || self.at_kw("project") {
                    self.op_name();
                    if !self.at_stop() {
                        project = self.expr_list(false);
                    }
                }
                OperatorKind::Find {
                    params,
                    tables,
                    predicate,
                    project,
                }
            }
            "print" => OperatorKind::Print(self.assignments()),
            "serialize" => OperatorKind::Serialize(if self.at_stop() {
                Vec::new()
            } else {
                self.assignments()
            }),
            "range" => {
                let column = self.ident_or_bracketed();
                let from = self.eat_kw("from").then(|| self.expr_bp(BP_ADD));
                let to = self.eat_kw("to").then(|| self.expr_bp(BP_ADD));
                let step = self.eat_kw("step").then(|| self.expr_bp(BP_ADD));
                OperatorKind::Range {
                    column,
                    from,
                    to,
                    step,
                }
            }
            _ => {
                let mut args = Vec::new();
                let mut depth = 0usize;
                while let Some(t) = self.nth(0) {
                    match t.kind {
                        TokenKind::LParen | TokenKind::LBracket | TokenKind::LBrace => depth += 1,
                        TokenKind::RParen | TokenKind::RBracket | TokenKind::RBrace => {
                            if depth == 0 {
                                break;
                            }
                            depth -= 1;
                        }
                        TokenKind::Pipe | TokenKind::Semi if depth == 0 => break,
                        _ => {}
                    }
                    args.push(t.span);
                    self.pos += 1;
                }
                let args_span = match (args.first(), args.last()) {
                    (Some(a), Some(b)) => a.to(*b),
                    _ => Span::new(name.span.end, name.span.end),
                };
                OperatorKind::Generic { args, args_span }
            }
        };
        if !self.at_stop() {
            let msg = format!(
                "unexpected {} in `{}` operator; expected `|` or end of query",
                self.found(),
                name.name
            );
            let sp = self.cur_span();
            self.error(msg, sp);
            self.skip(true, false);
        }
        Operator {
            name,
            kind,
            span: self.span_from(start),
        }
    }

    fn in_tables(&mut self) -> Vec<Expr> {
        if self.at_kw("in") && self.kind(1) == Some(TokenKind::LParen) {
            self.bump();
            let open = self.bump().span.start;
            let t = self.expr_list(true);
            self.expect_close(TokenKind::RParen, ")", "(", open);
            t
        } else {
            Vec::new()
        }
    }

    fn make_series(&mut self) -> OperatorKind {
        let params = self.params();
        let mut aggregates = Vec::new();
        let mut defaults = Vec::new();
        loop {
            aggregates.push(self.assignment());
            if self.at_kw("default") && self.kind(1) == Some(TokenKind::Eq) {
                self.bump();
                self.bump();
                defaults.push(Some(self.expr()));
            } else {
                defaults.push(None);
            }
            if !self.eat(TokenKind::Comma) {
                break;
            }
        }
        let on = self.eat_kw("on").then(|| self.expr_bp(BP_ADD));
        let mut range = Vec::new();
        while self.at(TokenKind::Ident) && matches!(self.text(0), "from" | "to" | "step" | "in") {
            let t = self.bump();
            let kw = Ident {
                name: t.text(self.src).to_string(),
                span: t.span,
            };
            let v = self.expr_bp(BP_ADD);
            range.push((kw, v));
        }
        let by = if self.eat_kw("by") {
            self.assignments()
        } else {
            Vec::new()
        };
        OperatorKind::MakeSeries {
            params,
            aggregates,
            defaults,
            on,
            range,
            by,
        }
    }

    fn parse_pattern(&mut self) -> Vec<ParsePart> {
        let mut parts = Vec::new();
        while !self.at_stop() {
            let Some(t) = self.nth(0) else { break };
            match t.kind {
                TokenKind::String | TokenKind::UnterminatedString => {
                    parts.push(ParsePart::Literal(self.string_lit()));
                }
                TokenKind::Star => {
                    self.bump();
                    parts.push(ParsePart::Star(t.span));
                }
                TokenKind::Ident => {
                    let name = self.ident_or_bracketed().unwrap_or(Ident {
                        name: String::new(),
                        span: t.span,
                    });
                    let ty = if self.eat(TokenKind::Colon) {
                        self.type_ref()
                    } else {
                        None
                    };
                    parts.push(ParsePart::Column { name, ty });
                }
                TokenKind::LBracket => {
                    if let Some(name) = self.ident_or_bracketed() {
                        let ty = if self.eat(TokenKind::Colon) {
                            self.type_ref()
                        } else {
                            None
                        };
                        parts.push(ParsePart::Column { name, ty });
                    } else {
                        break;
                    }
                }
                _ => break,
            }
        }
        parts
    }

    fn mv_items(&mut self) -> Vec<MvItem> {
        let mut items = Vec::new();
        loop {
            let start = self.cur_span().start;
            let item = self.assignment();
            let to_type = if self.eat_kw("to") {
                Some(self.expr_bp(BP_UNARY))
            } else {
                None
            };
            items.push(MvItem {
                item,
                to_type,
                span: self.span_from(start),
            });
            if !self.eat(TokenKind::Comma) {
                break;
            }
        }
        items
    }

    fn sort_keys(&mut self) -> Vec<SortKey> {
        let mut keys = Vec::new();
        loop {
            let start = self.cur_span().start;
            let expr = self.expr();
            let order = if self.at_kw("asc") || self.at_kw("desc") {
                self.ident_or_bracketed()
            } else {
                None
            };
            let nulls = if self.at_kw("nulls") {
                self.bump();
                if self.at_kw("first") || self.at_kw("last") {
                    self.ident_or_bracketed()
                } else {
                    self.error_expected("`first` or `last` after `nulls`");
                    None
                }
            } else {
                None
            };
            keys.push(SortKey {
                expr,
                order,
                nulls,
                span: self.span_from(start),
            });
            if !self.eat(TokenKind::Comma) {
                break;
            }
        }
        keys
    }

    /// `name=value` operator parameters (known names or dotted `hint.x` names).
    fn params(&mut self) -> Vec<NamedParam> {
        let mut out = Vec::new();
        loop {
            if !self.at(TokenKind::Ident) {
                break;
            }
            // name ( . name )* =
            let mut n = 1;
            while self.kind(n) == Some(TokenKind::Dot) && self.kind(n + 1) == Some(TokenKind::Ident)
            {
                n += 2;
            }
            if self.kind(n) != Some(TokenKind::Eq) {
                break;
            }
            let dotted = n > 1;
            if !dotted && !PARAM_NAMES.contains(&self.text(0)) {
                break;
            }
            let start = self.cur_span().start;
            let mut span = self.cur_span();
            for _ in 0..n {
                span = span.to(self.bump().span);
            }
            let name = Ident {
                name: span.text(self.src).to_string(),
                span,
            };
            self.bump(); // '='
            let value = self.atom();
            out.push(NamedParam {
                name,
                value,
                span: self.span_from(start),
            });
        }
        out
    }

    /// A single-token value (identifier or literal), for operator parameters.
    fn atom(&mut self) -> Expr {
        match self.kind(0) {
            Some(TokenKind::Ident) => {
                let t = self.bump();
                let text = t.text(self.src);
                match text {
                    "true" => Expr::Bool(BoolLit {
                        value: true,
                        span: t.span,
                    }),
                    "false" => Expr::Bool(BoolLit {
                        value: false,
                        span: t.span,
                    }),
                    _ => Expr::Name(Ident {
                        name: text.to_string(),
                        span: t.span,
                    }),
                }
            }
            Some(TokenKind::Number) => {
                let t = self.bump();
                Expr::Number(Lit {
                    text: t.text(self.src).to_string(),
                    span: t.span,
                })
            }
            Some(TokenKind::String | TokenKind::UnterminatedString) => {
                Expr::String(self.string_lit())
            }
            _ => self.expr_bp(BP_UNARY),
        }
    }

    /// Comma-separated expressions. `allow_pipe` only inside brackets: at operator level a
    /// `|` ends the list.
    fn expr_list(&mut self, allow_pipe: bool) -> Vec<Expr> {
        let mut out = Vec::new();
        if self.at_stop() {
            self.error_expected("expression");
            return out;
        }
        loop {
            out.push(if allow_pipe {
                self.pipe_expr()
            } else {
                self.expr()
            });
            if !self.eat(TokenKind::Comma) {
                break;
            }
        }
        out
    }

    fn assignments(&mut self) -> Vec<Assignment> {
        let mut out = Vec::new();
        if self.at_stop() {
            self.error_expected("expression");
            return out;
        }
        loop {
            out.push(self.assignment());
            if !self.eat(TokenKind::Comma) {
                break;
            }
        }
        out
    }

    /// Lookahead: is the current position `name =` (not `==`)?
    fn at_name_eq(&self) -> Option<usize> {
        match self.kind(0) {
            Some(TokenKind::Ident) if self.kind(1) == Some(TokenKind::Eq) => Some(1),
            Some(TokenKind::LBracket)
                if matches!(self.kind(1), Some(TokenKind::String))
                    && self.kind(2) == Some(TokenKind::RBracket)
                    && self.kind(3) == Some(TokenKind::Eq) =>
            {
                Some(3)
            }
            _ => None,
        }
    }

    fn assignment(&mut self) -> Assignment {
        let start = self.cur_span().start;
        let mut names = Vec::new();
        if self.at_name_eq().is_some() {
            if let Some(n) = self.ident_or_bracketed() {
                names.push(n);
            }
            self.bump(); // '='
        } else if self.at(TokenKind::LParen) {
            // (a, b) = expr
            let mut n = 1;
            let mut ok = false;
            while let Some(k) = self.kind(n) {
                match k {
                    TokenKind::Ident | TokenKind::Comma => n += 1,
                    TokenKind::RParen => {
                        ok = self.kind(n + 1) == Some(TokenKind::Eq);
                        break;
                    }
                    _ => break,
                }
            }
            if ok {
                self.bump();
                while let Some(t) = self.nth(0) {
                    self.bump();
                    match t.kind {
                        TokenKind::Ident => names.push(Ident {
                            name: t.text(self.src).to_string(),
                            span: t.span,
                        }),
                        TokenKind::RParen => break,
                        _ => {}
                    }
                }
                self.bump(); // '='
            }
        }
        let value = self.expr();
        Assignment {
            names,
            value,
            span: self.span_from(start),
        }
    }

    fn ident_or_bracketed(&mut self) -> Option<Ident> {
        match self.kind(0) {
            Some(TokenKind::Ident) => {
                let t = self.bump();
                Some(Ident {
                    name: t.text(self.src).to_string(),
                    span: t.span,
                })
            }
            Some(TokenKind::LBracket)
                if self.kind(1) == Some(TokenKind::String)
                    && self.kind(2) == Some(TokenKind::RBracket) =>
            {
                let open = self.bump().span;
                let s = self.string_lit();
                let close = self.bump().span;
                Some(Ident {
                    name: s.value,
                    span: open.to(close),
                })
            }
            _ => {
                self.error_expected("a name");
                None
            }
        }
    }

    fn string_lit(&mut self) -> StringLit {
        let t = self.bump();
        if t.kind == TokenKind::UnterminatedString {
            self.error("unterminated string literal".to_string(), t.span);
        }
        let (value, style, obfuscated) = decode_string(t.text(self.src));
        StringLit {
            value,
            span: t.span,
            style,
            obfuscated,
        }
    }

    fn type_ref(&mut self) -> Option<TypeRef> {
        match self.kind(0) {
            Some(TokenKind::Ident) => {
                let t = self.bump();
                Some(TypeRef {
                    text: t.text(self.src).to_string(),
                    span: t.span,
                })
            }
            Some(TokenKind::LParen) => {
                let start = self.bump().span.start;
                self.skip_balanced_until_closer();
                self.expect_close(TokenKind::RParen, ")", "(", start);
                let span = self.span_from(start);
                Some(TypeRef {
                    text: span.text(self.src).to_string(),
                    span,
                })
            }
            _ => {
                self.error_expected("a type name");
                None
            }
        }
    }

    // ----- scalar expressions (Pratt) ------------------------------------------------

    fn expr(&mut self) -> Expr {
        self.expr_bp(BP_OR)
    }

    fn too_deep(&mut self) -> Expr {
        let sp = self.cur_span();
        self.error(format!("nesting deeper than {MAX_DEPTH}"), sp);
        // Skip the whole nested region without recursion.
        let start = sp.start;
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
                TokenKind::Semi | TokenKind::Pipe | TokenKind::Comma if depth == 0 => break,
                _ => {}
            }
            self.pos += 1;
        }
        Expr::Error(ErrorNode {
            span: self.span_from(start),
        })
    }

    fn expr_bp(&mut self, min_bp: u8) -> Expr {
        if self.depth >= MAX_DEPTH {
            return self.too_deep();
        }
        self.depth += 1;
        let e = self.expr_bp_inner(min_bp);
        self.depth -= 1;
        e
    }

    fn peek_infix(&self) -> Option<(Infix, usize, u8)> {
        let k = self.kind(0)?;
        let cmp = |c| Some((Infix::Bin(BinaryOp::Cmp(c)), 1, BP_CMP));
        let arith = |a, bp| Some((Infix::Bin(BinaryOp::Arith(a)), 1, bp));
        match k {
            TokenKind::EqEq => cmp(CmpOp::Eq),
            TokenKind::BangEq | TokenKind::LtGt => cmp(CmpOp::NotEq),
            TokenKind::EqTilde => cmp(CmpOp::EqCi),
            TokenKind::BangTilde => cmp(CmpOp::NotEqCi),
            TokenKind::Lt => cmp(CmpOp::Lt),
            TokenKind::LtEq => cmp(CmpOp::LtEq),
            TokenKind::Gt => cmp(CmpOp::Gt),
            TokenKind::GtEq => cmp(CmpOp::GtEq),
            TokenKind::Plus => arith(ArithOp::Add, BP_ADD),
            TokenKind::Minus => arith(ArithOp::Sub, BP_ADD),
            TokenKind::Star => arith(ArithOp::Mul, BP_MUL),
            TokenKind::Slash => arith(ArithOp::Div, BP_MUL),
            TokenKind::Percent => arith(ArithOp::Mod, BP_MUL),
            TokenKind::Ident => self.word_infix(0, false),
            TokenKind::Bang if self.kind(1) == Some(TokenKind::Ident) && self.adjacent(1) => {
                self.word_infix(1, true).map(|(i, n, bp)| (i, n + 1, bp))
            }
            _ => None,
        }
    }

    /// Word operators at token offset `n`; `negated` when preceded by `!`.
    fn word_infix(&self, n: usize, negated: bool) -> Option<(Infix, usize, u8)> {
        let w = self.text(n);
        let tilde = self.kind(n + 1) == Some(TokenKind::Tilde) && self.adjacent(n + 1);
        let r = match (w, negated) {
            ("or", false) => (Infix::Logical(LogicalOp::Or), 1, BP_OR),
            ("and", false) => (Infix::Logical(LogicalOp::And), 1, BP_AND),
            ("in", false) if tilde => (Infix::List(ListOp::InCi), 2, BP_CMP),
            ("in", false) => (Infix::List(ListOp::In), 1, BP_CMP),
            ("in", true) if tilde => (Infix::List(ListOp::NotInCi), 2, BP_CMP),
            ("in", true) => (Infix::List(ListOp::NotIn), 1, BP_CMP),
            ("has_any", false) => (Infix::List(ListOp::HasAny), 1, BP_CMP),
            ("has_all", false) => (Infix::List(ListOp::HasAll), 1, BP_CMP),
            ("between", neg) => (Infix::Between(neg), 1, BP_CMP),
            ("notbetween", false) => (Infix::Between(true), 1, BP_CMP),
            ("matches", neg) if self.nth_is_kw(n + 1, "regex") => (
                Infix::Bin(BinaryOp::Str(StrOp {
                    kind: StrOpKind::MatchesRegex,
                    negated: neg,
                    case_sensitive: true,
                })),
                2,
                BP_CMP,
            ),
            (w, neg) => {
                let mut op = str_op(w)?;
                if neg {
                    if op.negated {
                        return None;
                    }
                    op.negated = true;
                }
                (Infix::Bin(BinaryOp::Str(op)), 1, BP_CMP)
            }
        };
        Some(r)
    }

    /// Uses one unit of the depth budget for a node that wraps an already-parsed operand
    /// (left-associative chains, postfix chains), so that AST depth stays bounded.
    /// Returns false (after recording an error) when the budget is exhausted.
    fn wrap_budget(&mut self, wraps: &mut usize) -> bool {
        if self.depth >= MAX_DEPTH {
            let sp = self.cur_span();
            self.error(format!("nesting deeper than {MAX_DEPTH}"), sp);
            return false;
        }
        self.depth += 1;
        *wraps += 1;
        true
    }

    fn expr_bp_inner(&mut self, min_bp: u8) -> Expr {
        let start = self.cur_span().start;
        let mut lhs = self.unary();
        let mut wraps = 0usize;
        while let Some((infix, ntok, bp)) = self.peek_infix() {
            if bp < min_bp {
                break;
            }
            let extends_chain =
                matches!((&infix, &lhs), (Infix::Logical(op), Expr::Logical(l)) if l.op == *op);
            if !extends_chain && !self.wrap_budget(&mut wraps) {
                break;
            }
            let op_start = self.cur_span().start;
            for _ in 0..ntok {
                self.bump();
            }
            let op_span = self.span_from(op_start);
            lhs = match infix {
                Infix::Logical(op) => {
                    let rhs = self.expr_bp(bp + 1);
                    match lhs {
                        Expr::Logical(mut l) if l.op == op => {
                            l.operands.push(rhs);
                            l.op_spans.push(op_span);
                            l.span = self.span_from(start);
                            Expr::Logical(l)
                        }
                        other => Expr::Logical(Box::new(LogicalExpr {
                            op,
                            operands: vec![other, rhs],
                            op_spans: vec![op_span],
                            span: self.span_from(start),
                        })),
                    }
                }
                Infix::Bin(op) => {
                    let rhs = self.expr_bp(bp + 1);
                    Expr::Binary(Box::new(BinaryExpr {
                        op,
                        op_span,
                        lhs,
                        rhs,
                        span: self.span_from(start),
                    }))
                }
                Infix::List(op) => {
                    let items = if self.at(TokenKind::LParen) {
                        let open = self.bump().span.start;
                        let items = if self.at(TokenKind::RParen) {
                            Vec::new()
                        } else {
                            self.expr_list(true)
                        };
                        self.expect_close(TokenKind::RParen, ")", "(", open);
                        items
                    } else {
                        vec![self.expr_bp(BP_ADD)]
                    };
                    Expr::InList(Box::new(InListExpr {
                        op,
                        op_span,
                        lhs,
                        items,
                        span: self.span_from(start),
                    }))
                }
                Infix::Between(negated) => {
                    let open = self.cur_span().start;
                    let has_paren = self.expect(TokenKind::LParen, "`(` after `between`");
                    let low = self.expr_bp(BP_ADD);
                    self.expect(TokenKind::DotDot, "`..` in `between`");
                    let high = self.expr_bp(BP_ADD);
                    if has_paren {
                        self.expect_close(TokenKind::RParen, ")", "(", open);
                    }
                    Expr::Between(Box::new(BetweenExpr {
                        negated,
                        lhs,
                        low,
                        high,
                        span: self.span_from(start),
                    }))
                }
            };
        }
        self.depth -= wraps;
        lhs
    }

    fn unary(&mut self) -> Expr {
        let start = self.cur_span().start;
        let op = match self.kind(0) {
            Some(TokenKind::Minus) => UnaryOp::Neg,
            Some(TokenKind::Plus) => UnaryOp::Plus,
            _ => return self.postfix(),
        };
        self.bump();
        let operand = self.expr_bp(BP_UNARY);
        Expr::Unary(Box::new(UnaryExpr {
            op,
            operand,
            span: self.span_from(start),
        }))
    }

    fn postfix(&mut self) -> Expr {
        let start = self.cur_span().start;
        let mut e = self.primary();
        let mut wraps = 0usize;
        loop {
            if matches!(self.kind(0), Some(TokenKind::Dot | TokenKind::LBracket))
                && !self.wrap_budget(&mut wraps)
            {
                break;
            }
            match self.kind(0) {
                Some(TokenKind::Dot) => {
                    match self.kind(1) {
                        Some(TokenKind::Ident) => {
                            self.bump();
                            let t = self.bump();
                            let member = Ident {
                                name: t.text(self.src).to_string(),
                                span: t.span,
                            };
                            // method-style call `a.f(x)`: treat as call of f with a first.
                            if self.at(TokenKind::LParen) {
                                let open = self.bump().span.start;
                                let mut args = vec![Arg {
                                    name: None,
                                    span: e.span(),
                                    value: e,
                                }];
                                args.extend(self.args(TokenKind::RParen));
                                self.expect_close(TokenKind::RParen, ")", "(", open);
                                e = Expr::Call(Box::new(CallExpr {
                                    name: member,
                                    args,
                                    span: self.span_from(start),
                                }));
                            } else {
                                e = Expr::Member(Box::new(MemberExpr {
                                    object: e,
                                    member,
                                    span: self.span_from(start),
                                }));
                            }
                        }
                        Some(TokenKind::LBracket) => {
                            self.bump();
                        }
                        _ => {
                            self.bump();
                            self.error_expected("member name after `.`");
                            break;
                        }
                    }
                }
                Some(TokenKind::LBracket) => {
                    let open = self.bump().span.start;
                    let index = self.expr();
                    self.expect_close(TokenKind::RBracket, "]", "[", open);
                    e = Expr::Index(Box::new(IndexExpr {
                        object: e,
                        index,
                        span: self.span_from(start),
                    }));
                }
                _ => break,
            }
        }
        self.depth -= wraps;
        e
    }

    fn args(&mut self, close: TokenKind) -> Vec<Arg> {
        let mut out = Vec::new();
        if self.at(close) {
            return out;
        }
        loop {
            let start = self.cur_span().start;
            let name = if self.at(TokenKind::Ident) && self.kind(1) == Some(TokenKind::Eq) {
                let t = self.bump();
                self.bump();
                Some(Ident {
                    name: t.text(self.src).to_string(),
                    span: t.span,
                })
            } else {
                None
            };
            let value = self.pipe_expr();
            out.push(Arg {
                name,
                value,
                span: self.span_from(start),
            });
            if !self.eat(TokenKind::Comma) {
                break;
            }
        }
        out
    }

    fn at_function_def(&self, n: usize) -> bool {
        self.kind(n) == Some(TokenKind::LParen)
            && match self.kind(n + 1) {
                Some(TokenKind::RParen) => self.kind(n + 2) == Some(TokenKind::LBrace),
                Some(TokenKind::Ident) => self.kind(n + 2) == Some(TokenKind::Colon),
                _ => false,
            }
    }

    fn params_decl(&mut self, close: TokenKind) -> Vec<Param> {
        let mut out = Vec::new();
        while !self.at(close) && !self.at_stop() {
            let start = self.cur_span().start;
            let Some(name) = self.ident_or_bracketed() else {
                self.skip(true, true);
                if !self.eat(TokenKind::Comma) {
                    break;
                }
                continue;
            };
            let ty = if self.eat(TokenKind::Colon) {
                self.type_ref()
            } else {
                None
            };
            let default = if self.eat(TokenKind::Eq) {
                Some(self.expr())
            } else {
                None
            };
            out.push(Param {
                name,
                ty,
                default,
                span: self.span_from(start),
            });
            if !self.eat(TokenKind::Comma) {
                break;
            }
        }
        out
    }

    fn function(&mut self, start: usize, is_view: bool) -> Expr {
        let open = self.bump().span.start; // '('
        let params = self.params_decl(TokenKind::RParen);
        self.expect_close(TokenKind::RParen, ")", "(", open);
        let mut body = Vec::new();
        let bopen = self.cur_span().start;
        if self.expect(TokenKind::LBrace, "`{` to start the function body") {
            body = self.statements(true);
            self.expect_close(TokenKind::RBrace, "}", "{", bopen);
        }
        Expr::Function(Box::new(FunctionExpr {
            is_view,
            params,
            body,
            span: self.span_from(start),
        }))
    }

    fn primary(&mut self) -> Expr {
        if self.depth >= MAX_DEPTH {
            return self.too_deep();
        }
        self.depth += 1;
        let e = self.primary_inner();
        self.depth -= 1;
        e
    }

    fn primary_inner(&mut self) -> Expr {
        let start = self.cur_span().start;
        let Some(t) = self.nth(0) else {
            self.error_expected("expression");
            return Expr::Error(ErrorNode {
                span: self.eof_span(),
            });
        };
        match t.kind {
            TokenKind::Ident => self.ident_primary(t),
            TokenKind::String | TokenKind::UnterminatedString => {
                let mut s = self.string_lit();
                // Adjacent string literals concatenate.
                while self.at(TokenKind::String) {
                    let next = self.string_lit();
                    s.value.push_str(&next.value);
                    s.span = s.span.to(next.span);
                }
                Expr::String(s)
            }
            TokenKind::Number => {
                self.bump();
                Expr::Number(Lit {
                    text: t.text(self.src).to_string(),
                    span: t.span,
                })
            }
            TokenKind::Timespan => {
                self.bump();
                Expr::Timespan(Lit {
                    text: t.text(self.src).to_string(),
                    span: t.span,
                })
            }
            TokenKind::Star => {
                self.bump();
                if self.at(TokenKind::Ident) && self.adjacent(0) {
                    let n = self.bump();
                    let span = t.span.to(n.span);
                    let mut span = span;
                    if self.at(TokenKind::Star) && self.adjacent(0) {
                        span = span.to(self.bump().span);
                    }
                    return Expr::Name(Ident {
                        name: span.text(self.src).to_string(),
                        span,
                    });
                }
                Expr::Star(t.span)
            }
            TokenKind::LParen => {
                if self.at_function_def(0) {
                    return self.function(start, false);
                }
                let open = self.bump().span.start;
                let first = if self.dynamic_depth > 0 {
                    self.expr()
                } else {
                    self.pipe_expr()
                };
                if self.at(TokenKind::Comma) {
                    let mut items = vec![first];
                    while self.eat(TokenKind::Comma) {
                        items.push(self.pipe_expr());
                    }
                    self.expect_close(TokenKind::RParen, ")", "(", open);
                    return Expr::Tuple(Box::new(ListExpr {
                        items,
                        span: self.span_from(start),
                    }));
                }
                self.expect_close(TokenKind::RParen, ")", "(", open);
                Expr::Paren(Box::new(ParenExpr {
                    inner: first,
                    span: self.span_from(start),
                }))
            }
            TokenKind::LBracket => {
                if self.dynamic_depth == 0
                    && self.kind(1) == Some(TokenKind::String)
                    && self.kind(2) == Some(TokenKind::RBracket)
                {
                    if let Some(id) = self.ident_or_bracketed() {
                        return Expr::Name(id);
                    }
                }
                let open = self.bump().span.start;
                let mut items = Vec::new();
                while !self.at(TokenKind::RBracket) && !self.at_stop() {
                    items.push(self.expr());
                    if !self.eat(TokenKind::Comma) {
                        break;
                    }
                }
                self.expect_close(TokenKind::RBracket, "]", "[", open);
                Expr::Array(Box::new(ListExpr {
                    items,
                    span: self.span_from(start),
                }))
            }
            TokenKind::LBrace => {
                let open = self.bump().span.start;
                let mut entries = Vec::new();
                while !self.at(TokenKind::RBrace) && !self.at_stop() {
                    let k = self.expr();
                    self.expect(TokenKind::Colon, "`:` in object literal");
                    let v = self.expr();
                    entries.push((k, v));
                    if !self.eat(TokenKind::Comma) {
                        break;
                    }
                }
                self.expect_close(TokenKind::RBrace, "}", "{", open);
                Expr::Object(Box::new(ObjectExpr {
                    entries,
                    span: self.span_from(start),
                }))
            }
            _ => {
                self.error_expected("expression");
                if self.at_stop() || self.at(TokenKind::Comma) {
                    return Expr::Error(ErrorNode {
                        span: Span::new(t.span.start, t.span.start),
                    });
                }
                self.bump();
                Expr::Error(ErrorNode { span: t.span })
            }
        }
    }

    fn ident_primary(&mut self, t: Token) -> Expr {
        let start = t.span.start;
        let text = t.text(self.src);
        let call_follows = self.kind(1) == Some(TokenKind::LParen);
        match text {
            "true" | "false" if !call_follows => {
                self.bump();
                return Expr::Bool(BoolLit {
                    value: text == "true",
                    span: t.span,
                });
            }
            "null" if !call_follows => {
                self.bump();
                return Expr::Null(t.span);
            }
            "view" if self.at_function_def(1) => {
                self.bump();
                return self.function(start, true);
            }
            "not" if call_follows => {
                self.bump();
                let open = self.bump().span.start;
                let operand = self.expr();
                self.expect_close(TokenKind::RParen, ")", "(", open);
                return Expr::Not(Box::new(NotExpr {
                    operand,
                    span: self.span_from(start),
                }));
            }
            "dynamic" if call_follows => {
                self.bump();
                let open = self.bump().span.start;
                self.dynamic_depth += 1;
                let value = if self.at(TokenKind::RParen) {
                    Expr::Null(self.cur_span())
                } else {
                    self.expr()
                };
                self.dynamic_depth -= 1;
                self.expect_close(TokenKind::RParen, ")", "(", open);
                return Expr::Dynamic(Box::new(DynamicExpr {
                    value,
                    span: self.span_from(start),
                }));
            }
            "datetime" | "guid" | "typeof" | "timespan" | "time" | "date" if call_follows => {
                self.bump();
                let open = self.bump().span;
                let inner_start = open.end;
                self.skip_balanced_until_closer();
                let inner_end = if self.at(TokenKind::RParen) {
                    self.cur_span().start
                } else {
                    self.prev_end().max(inner_start)
                };
                self.expect_close(TokenKind::RParen, ")", "(", open.start);
                let raw_span = Span::new(inner_start, inner_end);
                let raw_text = raw_span.text(self.src);
                let lead = raw_text.len() - raw_text.trim_start().len();
                let trimmed = raw_text.trim();
                let raw_span = Span::new(inner_start + lead, inner_start + lead + trimmed.len());
                return Expr::TypedLit(Box::new(TypedLit {
                    type_name: Ident {
                        name: text.to_string(),
                        span: t.span,
                    },
                    raw: trimmed.to_string(),
                    raw_span,
                    span: self.span_from(start),
                }));
            }
            "datatable" | "externaldata" if call_follows => {
                return self.datatable(t);
            }
            _ => {}
        }
        self.bump();
        let name = Ident {
            name: text.to_string(),
            span: t.span,
        };
        if self.at(TokenKind::LParen) {
            let open = self.bump().span.start;
            let args = self.args(TokenKind::RParen);
            self.expect_close(TokenKind::RParen, ")", "(", open);
            return Expr::Call(Box::new(CallExpr {
                name,
                args,
                span: self.span_from(start),
            }));
        }
        // Wildcard name: `Device*`, `Sec*Events`.
        if self.at(TokenKind::Star) && self.adjacent(0) {
            let operand_follows = matches!(
                self.kind(1),
                Some(
                    TokenKind::Ident
                        | TokenKind::Number
                        | TokenKind::String
                        | TokenKind::LParen
                        | TokenKind::Timespan
                )
            );
            if !operand_follows || (self.kind(1) == Some(TokenKind::Ident) && self.adjacent(1)) {
                let mut span = t.span.to(self.bump().span);
                if self.at(TokenKind::Ident) && self.adjacent(0) {
                    span = span.to(self.bump().span);
                }
                return Expr::Name(Ident {
                    name: span.text(self.src).to_string(),
                    span,
                });
            }
        }
        Expr::Name(name)
    }

    fn datatable(&mut self, kw: Token) -> Expr {
        let start = kw.span.start;
        self.bump();
        let keyword = Ident {
            name: kw.text(self.src).to_string(),
            span: kw.span,
        };
        let open = self.bump().span.start;
        let schema = self.params_decl(TokenKind::RParen);
        self.expect_close(TokenKind::RParen, ")", "(", open);
        let mut values = Vec::new();
        let bopen = self.cur_span().start;
        if self.expect(TokenKind::LBracket, "`[` with the values") {
            while !self.at(TokenKind::RBracket) && !self.at_stop() {
                values.push(self.expr());
                if !self.eat(TokenKind::Comma) {
                    break;
                }
            }
            self.expect_close(TokenKind::RBracket, "]", "[", bopen);
        }
        let mut with = Vec::new();
        if self.at_kw("with") && self.kind(1) == Some(TokenKind::LParen) {
            self.bump();
            let wopen = self.bump().span.start;
            with = self.args(TokenKind::RParen);
            self.expect_close(TokenKind::RParen, ")", "(", wopen);
        }
        Expr::Datatable(Box::new(DatatableExpr {
            keyword,
            schema,
            values,
            with,
            span: self.span_from(start),
        }))
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
