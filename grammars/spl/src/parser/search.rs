//! The search language: terms, `field op value`, `IN`, `NOT`, `OR`, `AND`, groups.
//!
//! Precedence (Splunk `search`): parentheses > `NOT` > `OR` > `AND` (explicit
//! or implicit by juxtaposition).

use super::Parser;
use crate::ast::*;
use crate::lexer::TokenKind;
use crate::span::Span;

impl<'a> Parser<'a> {
    /// Parse a filter up to the end of the command. `stop_by`: stop at a
    /// `by`/`groupby` keyword (tstats `where` clause).
    pub fn search_filter(&mut self, stop_by: bool) -> Option<SearchExpr> {
        let e = self.search_and(stop_by);
        // Stray `)` at command level.
        while self.kind() == Some(TokenKind::RParen) {
            if let Some(t) = self.bump() {
                self.error("unexpected `)` without matching `(`".into(), t.span);
            }
        }
        if !self.at_search_stop(stop_by) {
            // Continue: the rest is ANDed (after the error has been reported).
            let rest = self.search_and(stop_by);
            return match (e, rest) {
                (Some(a), Some(b)) => {
                    let span = a.span().cover(b.span());
                    Some(SearchExpr::And {
                        items: vec![a, b],
                        span,
                    })
                }
                (a, b) => a.or(b),
            };
        }
        e
    }

    fn at_search_stop(&self, stop_by: bool) -> bool {
        match self.kind() {
            None | Some(TokenKind::Pipe | TokenKind::RBracket | TokenKind::RParen) => true,
            Some(TokenKind::Word) => stop_by && (self.at_kw("by") || self.at_kw("groupby")),
            _ => false,
        }
    }

    fn search_and(&mut self, stop_by: bool) -> Option<SearchExpr> {
        let mut items = Vec::new();
        loop {
            if self.at_search_stop(stop_by) {
                break;
            }
            if self.at_kw_exact("AND") {
                let t = self.bump();
                if items.is_empty() || self.at_search_stop(stop_by) {
                    if let Some(t) = t {
                        let msg = format!(
                            "expected a search term around `AND`, found {}",
                            self.found()
                        );
                        self.error(msg, t.span);
                    }
                }
                continue;
            }
            match self.search_or(stop_by) {
                Some(e) => items.push(e),
                None => break,
            }
        }
        match items.len() {
            0 => None,
            1 => items.pop(),
            _ => {
                let span = items[0].span().cover(items[items.len() - 1].span());
                Some(SearchExpr::And { items, span })
            }
        }
    }

    fn search_or(&mut self, stop_by: bool) -> Option<SearchExpr> {
        let first = self.search_not(stop_by)?;
        let mut items = vec![first];
        while self.at_kw_exact("OR") {
            let t = self.bump();
            match self.search_not(stop_by) {
                Some(e) => items.push(e),
                None => {
                    if let Some(t) = t {
                        let msg =
                            format!("expected a search term after `OR`, found {}", self.found());
                        self.error(msg, t.span);
                    }
                    break;
                }
            }
        }
        if items.len() == 1 {
            items.pop()
        } else {
            let span = items[0].span().cover(items[items.len() - 1].span());
            Some(SearchExpr::Or { items, span })
        }
    }

    fn search_not(&mut self, stop_by: bool) -> Option<SearchExpr> {
        if self.at_kw_exact("NOT") && !self.kind_at(1).is_some_and(|k| k.is_cmp()) {
            let t = self.bump()?;
            if !self.enter(t.span) {
                let s = self.skip_search_nested(stop_by);
                return Some(SearchExpr::Error(t.span.cover(s)));
            }
            let inner = self.search_not(stop_by);
            self.leave();
            return match inner {
                Some(e) => {
                    let span = t.span.cover(e.span());
                    Some(SearchExpr::Not {
                        expr: Box::new(e),
                        span,
                    })
                }
                None => {
                    let msg = format!("expected a search term after `NOT`, found {}", self.found());
                    self.error(msg, t.span);
                    Some(SearchExpr::Error(t.span))
                }
            };
        }
        self.search_primary()
    }

    /// Skip the rest of an over-deep construct.
    fn skip_search_nested(&mut self, stop_by: bool) -> Span {
        let start = self.here();
        let mut depth = 0usize;
        while let Some(t) = self.peek() {
            match t.kind {
                TokenKind::LParen | TokenKind::LBracket => depth += 1,
                TokenKind::RParen | TokenKind::RBracket => {
                    if depth == 0 {
                        break;
                    }
                    depth -= 1;
                }
                TokenKind::Pipe if depth == 0 => break,
                _ => {}
            }
            if depth == 0 && self.at_search_stop(stop_by) {
                break;
            }
            self.pos += 1;
        }
        Span::new(start, self.prev_end().max(start))
    }

    fn search_primary(&mut self) -> Option<SearchExpr> {
        let t = self.peek()?;
        match t.kind {
            TokenKind::LParen => {
                if !self.enter(t.span) {
                    let s = self.skip_balanced();
                    return Some(SearchExpr::Error(s));
                }
                self.bump();
                let inner = self.search_and(false);
                self.leave();
                let end = if self.kind() == Some(TokenKind::RParen) {
                    self.bump().map(|c| c.span.end).unwrap_or(self.src.len())
                } else {
                    let msg = format!(
                        "expected `)` to close `(` at {}, found {}",
                        t.span.start,
                        self.found()
                    );
                    let at = self
                        .peek()
                        .map(|x| x.span)
                        .unwrap_or(Span::new(self.src.len(), self.src.len()));
                    self.error(msg, at);
                    self.prev_end()
                };
                let span = Span::new(t.span.start, end);
                Some(match inner {
                    Some(e) => SearchExpr::Group {
                        expr: Box::new(e),
                        span,
                    },
                    None => {
                        self.error("empty parentheses in search".into(), span);
                        SearchExpr::Error(span)
                    }
                })
            }
            TokenKind::LBracket => self.subsearch(false).map(SearchExpr::Subsearch),
            TokenKind::Macro => {
                self.bump();
                Some(SearchExpr::Macro(self.macro_ref(t)))
            }
            TokenKind::Word | TokenKind::Str => {
                let next = self.peek_at(1);
                // field op value
                if let Some(op) = next.filter(|n| n.kind.is_cmp()) {
                    self.bump();
                    self.bump();
                    let field = self.token_ident(t);
                    let cmp = cmp_op(op.kind);
                    let value = self.value_after_op(op.span).unwrap_or(Value {
                        value: String::new(),
                        span: Span::new(op.span.end, op.span.end),
                        quoted: false,
                    });
                    let span = t.span.cover(value.span).cover(op.span);
                    return Some(SearchExpr::Compare {
                        field,
                        op: cmp,
                        op_span: op.span,
                        value,
                        span,
                    });
                }
                // field IN (...)
                if next.is_some_and(|n| {
                    n.kind == TokenKind::Word && self.text(n).eq_ignore_ascii_case("in")
                }) && self.kind_at(2) == Some(TokenKind::LParen)
                {
                    self.bump();
                    self.bump();
                    let field = self.token_ident(t);
                    let (values, end) = self.in_list();
                    return Some(SearchExpr::In {
                        field,
                        values,
                        span: Span::new(t.span.start, end),
                    });
                }
                // TERM(x), CASE(x), other name(...)
                if t.kind == TokenKind::Word
                    && next.is_some_and(|n| n.kind == TokenKind::LParen && !n.gap)
                {
                    self.bump();
                    let name = self.token_ident(t);
                    let (args, end) = self.paren_args(t.span);
                    return Some(SearchExpr::Func {
                        name,
                        args,
                        span: Span::new(t.span.start, end),
                    });
                }
                self.bump();
                Some(SearchExpr::Term(self.token_value(t)))
            }
            TokenKind::Pipe | TokenKind::RBracket | TokenKind::RParen => None,
            _ => {
                // Stray operator or comma.
                self.bump();
                let msg = format!(
                    "expected a search term, found {}",
                    describe_tok(self.text(t))
                );
                self.error(msg, t.span);
                Some(SearchExpr::Error(t.span))
            }
        }
    }

    /// `( v1, v2 ... )` of `IN`, with `(` current.
    pub fn in_list(&mut self) -> (Vec<Value>, usize) {
        let Some(open) = self.bump() else {
            return (Vec::new(), self.src.len());
        };
        let mut values = Vec::new();
        while let Some(t) = self.peek() {
            match t.kind {
                TokenKind::RParen => {
                    self.bump();
                    return (values, t.span.end);
                }
                TokenKind::Comma => {
                    self.bump();
                }
                TokenKind::Word | TokenKind::Str | TokenKind::Macro => {
                    self.bump();
                    let mut v = self.token_value(t);
                    // Adjacent pieces glue (e.g. `a"b"`).
                    while let Some(n) = self.peek() {
                        if n.gap
                            || !matches!(n.kind, TokenKind::Word | TokenKind::Str | TokenKind::Eq)
                        {
                            break;
                        }
                        self.bump();
                        v.span = v.span.cover(n.span);
                        v.value = v.span.text(self.src).to_string();
                        v.quoted = false;
                    }
                    values.push(v);
                }
                TokenKind::Pipe | TokenKind::RBracket => break,
                _ => {
                    self.bump();
                    let msg = format!(
                        "expected a value in `IN` list, found {}",
                        describe_tok(self.text(t))
                    );
                    self.error(msg, t.span);
                }
            }
        }
        let msg = format!(
            "expected `)` to close `(` at {}, found {}",
            open.span.start,
            self.found()
        );
        let at = self
            .peek()
            .map(|x| x.span)
            .unwrap_or(Span::new(self.src.len(), self.src.len()));
        self.error(msg, at);
        (values, self.prev_end())
    }
}

fn describe_tok(s: &str) -> String {
    super::describe(s)
}

/// Map a comparison token kind to [`CmpOp`].
pub(crate) fn cmp_op(k: TokenKind) -> CmpOp {
    match k {
        TokenKind::EqEq => CmpOp::EqEq,
        TokenKind::NotEq => CmpOp::Ne,
        TokenKind::Lt => CmpOp::Lt,
        TokenKind::Le => CmpOp::Le,
        TokenKind::Gt => CmpOp::Gt,
        TokenKind::Ge => CmpOp::Ge,
        _ => CmpOp::Eq,
    }
}
