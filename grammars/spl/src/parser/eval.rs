//! Eval expressions (`eval`, `where`, `eval(...)` inside aggregations) — a Pratt parser.
//!
//! Binding powers, loosest first (Splunk's eval/where order): `XOR` < `OR` < `AND` < `NOT` < comparisons
//! (`= == != < <= > >= LIKE IN`) < `+ - .` < `* / %` < unary `-`.

use super::Parser;
use crate::ast::*;
use crate::lexer::{split_eval_word, EvalPiece, TokenKind};
use crate::span::Span;
use crate::unquote;

#[derive(Debug, Clone, Copy, PartialEq, Eq)]
enum EK {
    Ident,
    Number,
    Quoted,
    Op(u8),
    Other,
    Str,
    Macro,
    LParen,
    RParen,
    Comma,
    Cmp(TokenKind),
    /// `[`, `]`, `|`: ends the expression.
    End,
}

#[derive(Debug, Clone, Copy)]
struct ET {
    k: EK,
    span: Span,
    /// Index of the coarse token this piece came from.
    src: usize,
    /// First piece of its coarse token.
    head: bool,
    gap: bool,
}

/// State of one eval sub-parse.
struct EvalState {
    toks: Vec<ET>,
    pos: usize,
}

impl<'a> Parser<'a> {
    /// Parse one eval expression starting at the current coarse token.
    /// Stops before a top-level `,`, `)` or the end of the command.
    pub fn eval_expr(&mut self) -> Option<Expr> {
        let mut st = self.eval_tokens();
        let e = self.ebp(&mut st, 0);
        // Resynchronize the coarse position.
        match st.toks.get(st.pos) {
            Some(t) => {
                if t.head {
                    self.pos = t.src;
                } else {
                    self.error(
                        format!(
                            "unexpected {} in expression",
                            super::describe(t.span.text(self.src))
                        ),
                        t.span,
                    );
                    self.pos = t.src + 1;
                }
            }
            None => {
                self.pos = st.toks.last().map(|t| t.src + 1).unwrap_or(self.pos);
            }
        }
        e
    }

    fn eval_tokens(&self) -> EvalState {
        let mut toks = Vec::new();
        let mut pieces = Vec::new();
        let mut i = self.pos;
        let mut depth = 0usize;
        while let Some(t) = self.toks.get(i).copied() {
            match t.kind {
                TokenKind::LParen => depth += 1,
                TokenKind::RParen if depth == 0 => break,
                TokenKind::RParen => depth -= 1,
                TokenKind::Comma if depth == 0 => break,
                _ => {}
            }
            let k = match t.kind {
                TokenKind::Pipe | TokenKind::RBracket | TokenKind::LBracket => break,
                TokenKind::Word => {
                    pieces.clear();
                    split_eval_word(self.src, t.span, &mut pieces);
                    for (n, (pk, sp)) in pieces.iter().enumerate() {
                        let k = match pk {
                            EvalPiece::Ident => EK::Ident,
                            EvalPiece::Number => EK::Number,
                            EvalPiece::Quoted => EK::Quoted,
                            EvalPiece::Op => {
                                EK::Op(self.src.as_bytes().get(sp.start).copied().unwrap_or(b'?'))
                            }
                            EvalPiece::Other => {
                                if sp.text(self.src) == "!" {
                                    EK::Op(b'!')
                                } else {
                                    EK::Other
                                }
                            }
                        };
                        toks.push(ET {
                            k,
                            span: *sp,
                            src: i,
                            head: n == 0,
                            gap: n == 0 && t.gap,
                        });
                    }
                    i += 1;
                    continue;
                }
                TokenKind::Str => EK::Str,
                TokenKind::Macro => EK::Macro,
                TokenKind::LParen => EK::LParen,
                TokenKind::RParen => EK::RParen,
                TokenKind::Comma => EK::Comma,
                k if k.is_cmp() => EK::Cmp(k),
                _ => EK::Other,
            };
            toks.push(ET {
                k,
                span: t.span,
                src: i,
                head: true,
                gap: t.gap,
            });
            i += 1;
        }
        // Sentinel position after the last token is handled by `eval_expr`.
        let _ = EK::End;
        EvalState { toks, pos: 0 }
    }

    fn ekw(&self, t: &ET, kw: &str) -> bool {
        t.k == EK::Ident && t.span.text(self.src).eq_ignore_ascii_case(kw)
    }

    fn efound(&self, st: &EvalState) -> String {
        match st.toks.get(st.pos) {
            Some(t) => super::describe(t.span.text(self.src)),
            None => {
                let next = st.toks.last().map(|t| t.src + 1).unwrap_or(self.pos);
                match self.toks.get(next) {
                    Some(t) => super::describe(t.span.text(self.src)),
                    None => "end of input".into(),
                }
            }
        }
    }

    /// Span of the current eval token, or of the coarse token after the segment.
    fn eat_span(&self, st: &EvalState) -> Span {
        match st.toks.get(st.pos) {
            Some(t) => t.span,
            None => {
                let next = st.toks.last().map(|t| t.src + 1).unwrap_or(self.pos);
                match self.toks.get(next) {
                    Some(t) => t.span,
                    None => Span::new(self.src.len(), self.src.len()),
                }
            }
        }
    }

    fn eerr_here(&mut self, st: &EvalState, what: &str) -> Span {
        let at = self.eat_span(st);
        let msg = format!("expected {what}, found {}", self.efound(st));
        self.error(msg, at);
        at
    }

    /// Infix operator at the current position: (op, left bp, right bp).
    fn einfix(&self, st: &EvalState) -> Option<(BinOp, u8, u8)> {
        let t = st.toks.get(st.pos)?;
        Some(match t.k {
            EK::Ident => {
                let s = t.span.text(self.src);
                if s.eq_ignore_ascii_case("XOR") {
                    (BinOp::Xor, 1, 2)
                } else if s.eq_ignore_ascii_case("OR") {
                    (BinOp::Or, 3, 4)
                } else if s.eq_ignore_ascii_case("AND") {
                    (BinOp::And, 5, 6)
                } else if s.eq_ignore_ascii_case("LIKE") {
                    (BinOp::Like, 9, 10)
                } else {
                    return None;
                }
            }
            EK::Cmp(k) => (
                match k {
                    TokenKind::Eq => BinOp::Eq,
                    TokenKind::EqEq => BinOp::EqEq,
                    TokenKind::NotEq => BinOp::Ne,
                    TokenKind::Lt => BinOp::Lt,
                    TokenKind::Le => BinOp::Le,
                    TokenKind::Gt => BinOp::Gt,
                    _ => BinOp::Ge,
                },
                9,
                10,
            ),
            EK::Op(b'+') => (BinOp::Add, 11, 12),
            EK::Op(b'-') => (BinOp::Sub, 11, 12),
            EK::Op(b'.') => (BinOp::Concat, 11, 12),
            EK::Op(b'*') => (BinOp::Mul, 13, 14),
            EK::Op(b'/') => (BinOp::Div, 13, 14),
            EK::Op(b'%') => (BinOp::Mod, 13, 14),
            _ => return None,
        })
    }

    fn ebp(&mut self, st: &mut EvalState, min_bp: u8) -> Option<Expr> {
        let mut lhs = self.eprefix(st)?;
        loop {
            // `x IN (...)` / `x NOT IN (...)`
            if let Some(t) = st.toks.get(st.pos).copied() {
                if self.ekw(&t, "IN") && st.toks.get(st.pos + 1).is_some_and(|n| n.k == EK::LParen)
                {
                    if 9 < min_bp {
                        break;
                    }
                    st.pos += 1;
                    let (list, end) = self.eargs(st);
                    let span = Span::new(lhs.span().start, end);
                    lhs = Expr::In {
                        expr: Box::new(lhs),
                        list,
                        span,
                    };
                    continue;
                }
            }
            let Some((op, lbp, rbp)) = self.einfix(st) else {
                break;
            };
            if lbp < min_bp {
                break;
            }
            let op_span = st.toks[st.pos].span;
            st.pos += 1;
            let rhs = match self.ebp(st, rbp) {
                Some(r) => r,
                None => {
                    // `eprefix` already reported "expected an expression"; refine it.
                    let at = self.eat_span(st);
                    let msg = format!(
                        "expected an expression after `{}`, found {}",
                        op_span.text(self.src),
                        self.efound(st)
                    );
                    if let Some(last) = self.errors.last_mut() {
                        if last.span == at && last.message.starts_with("expected an expression,") {
                            last.message = msg;
                        }
                    }
                    Expr::Error(at)
                }
            };
            let span = lhs.span().cover(rhs.span());
            lhs = Expr::Binary {
                op,
                op_span,
                lhs: Box::new(lhs),
                rhs: Box::new(rhs),
                span,
            };
        }
        Some(lhs)
    }

    fn eprefix(&mut self, st: &mut EvalState) -> Option<Expr> {
        let Some(t) = st.toks.get(st.pos).copied() else {
            self.eerr_here(st, "an expression");
            return None;
        };
        match t.k {
            EK::Ident
                if self.ekw(&t, "NOT")
                    && !st
                        .toks
                        .get(st.pos + 1)
                        .is_some_and(|n| n.k == EK::LParen && !n.gap) =>
            {
                st.pos += 1;
                self.eunary(st, t, UnaryOp::Not, 7)
            }
            EK::Op(b'!') => {
                st.pos += 1;
                self.eunary(st, t, UnaryOp::Not, 7)
            }
            EK::Op(b'-') => {
                st.pos += 1;
                self.eunary(st, t, UnaryOp::Neg, 15)
            }
            EK::Op(b'+') => {
                st.pos += 1;
                self.eunary(st, t, UnaryOp::Plus, 15)
            }
            EK::Ident => {
                st.pos += 1;
                let name = Ident {
                    name: t.span.text(self.src).to_string(),
                    span: t.span,
                };
                if st.toks.get(st.pos).is_some_and(|n| n.k == EK::LParen) {
                    let (args, end) = self.eargs(st);
                    return Some(Expr::Call {
                        name,
                        args,
                        span: Span::new(t.span.start, end),
                    });
                }
                Some(Expr::Field(name))
            }
            EK::Quoted => {
                st.pos += 1;
                let raw = t.span.text(self.src);
                let inner = raw
                    .strip_prefix('\'')
                    .map(|r| r.strip_suffix('\'').unwrap_or(r))
                    .unwrap_or(raw);
                Some(Expr::Field(Ident {
                    name: inner.to_string(),
                    span: t.span,
                }))
            }
            EK::Number => {
                st.pos += 1;
                Some(Expr::Number(Value {
                    value: t.span.text(self.src).to_string(),
                    span: t.span,
                    quoted: false,
                }))
            }
            EK::Str => {
                st.pos += 1;
                let raw = t.span.text(self.src);
                Some(Expr::Str(Value {
                    value: unquote(raw),
                    span: t.span,
                    quoted: true,
                }))
            }
            EK::Macro => {
                st.pos += 1;
                let (name, args) =
                    crate::macros::parse_call(t.span.text(self.src)).unwrap_or_default();
                Some(Expr::Macro(MacroRef {
                    name,
                    args,
                    span: t.span,
                }))
            }
            EK::LParen => {
                if !self.enter(t.span) {
                    return Some(Expr::Error(self.eskip_balanced(st)));
                }
                st.pos += 1;
                let inner = self.ebp(st, 0);
                self.leave();
                let end = self.eclose(st, t.span);
                let span = Span::new(t.span.start, end);
                Some(match inner {
                    Some(e) => Expr::Paren {
                        expr: Box::new(e),
                        span,
                    },
                    None => Expr::Error(span),
                })
            }
            _ => {
                self.eerr_here(st, "an expression");
                None
            }
        }
    }

    fn eunary(&mut self, st: &mut EvalState, t: ET, op: UnaryOp, bp: u8) -> Option<Expr> {
        if !self.enter(t.span) {
            let end = st.toks.last().map(|x| x.span.end).unwrap_or(t.span.end);
            st.pos = st.toks.len();
            return Some(Expr::Error(Span::new(t.span.start, end)));
        }
        let inner = self.ebp(st, bp);
        self.leave();
        let inner = inner.unwrap_or(Expr::Error(t.span));
        let span = t.span.cover(inner.span());
        Some(Expr::Unary {
            op,
            expr: Box::new(inner),
            span,
        })
    }

    /// Expect `)` closing the `(` at `open`; returns the end offset.
    fn eclose(&mut self, st: &mut EvalState, open: Span) -> usize {
        match st.toks.get(st.pos) {
            Some(c) if c.k == EK::RParen => {
                st.pos += 1;
                c.span.end
            }
            _ => {
                self.eerr_here(st, &format!("`)` to close `(` at {}", open.start));
                st.toks
                    .get(st.pos.saturating_sub(1))
                    .map(|x| x.span.end)
                    .unwrap_or(open.end)
            }
        }
    }

    fn eskip_balanced(&mut self, st: &mut EvalState) -> Span {
        let start = st.toks.get(st.pos).map(|t| t.span.start).unwrap_or(0);
        let mut depth = 0usize;
        let mut end = start;
        while let Some(t) = st.toks.get(st.pos) {
            match t.k {
                EK::LParen => depth += 1,
                EK::RParen => depth = depth.saturating_sub(1),
                _ => {}
            }
            end = t.span.end;
            st.pos += 1;
            if depth == 0 {
                break;
            }
        }
        Span::new(start, end)
    }

    /// `( expr, expr, ... )` with `(` current.
    fn eargs(&mut self, st: &mut EvalState) -> (Vec<Expr>, usize) {
        let open = st.toks[st.pos].span;
        if !self.enter(open) {
            let s = self.eskip_balanced(st);
            return (vec![Expr::Error(s)], s.end);
        }
        st.pos += 1;
        let mut args = Vec::new();
        if st.toks.get(st.pos).is_some_and(|t| t.k == EK::RParen) {
            self.leave();
            return (args, self.eclose(st, open));
        }
        loop {
            match self.ebp(st, 0) {
                Some(e) => args.push(e),
                None => {
                    // Skip the offending token to make progress (unless at end / `)` / `,`).
                    match st.toks.get(st.pos) {
                        Some(t) if !matches!(t.k, EK::RParen | EK::Comma) => st.pos += 1,
                        Some(_) => {}
                        None => break,
                    }
                }
            }
            match st.toks.get(st.pos) {
                Some(t) if t.k == EK::Comma => st.pos += 1,
                _ => break,
            }
        }
        self.leave();
        let end = self.eclose(st, open);
        (args, end)
    }
}
