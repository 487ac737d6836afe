//! Values, `key=value` options and generic command arguments.

use super::{Parser, Tok};
use crate::ast::*;
use crate::lexer::TokenKind;
use crate::span::Span;
use crate::unquote;

impl<'a> Parser<'a> {
    /// Value of a single Word / Str / Macro token.
    pub fn token_value(&self, t: Tok) -> Value {
        let raw = self.text(t);
        match t.kind {
            TokenKind::Str => Value {
                value: unquote(raw),
                span: t.span,
                quoted: true,
            },
            _ => Value {
                value: raw.to_string(),
                span: t.span,
                quoted: false,
            },
        }
    }

    /// Identifier from a Word / Str token (quotes removed).
    pub fn token_ident(&self, t: Tok) -> Ident {
        let raw = self.text(t);
        let name = match t.kind {
            TokenKind::Str => unquote(raw),
            _ => {
                if raw.len() >= 2 && raw.starts_with('\'') && raw.ends_with('\'') {
                    raw[1..raw.len() - 1].to_string()
                } else {
                    raw.to_string()
                }
            }
        };
        Ident { name, span: t.span }
    }

    /// Current token is usable as a name/value (Word, Str or Macro).
    pub fn at_atom(&self) -> bool {
        matches!(
            self.kind(),
            Some(TokenKind::Word | TokenKind::Str | TokenKind::Macro)
        )
    }

    /// Parse a field name (Word, Str or Macro) or report `what` expected.
    pub fn ident(&mut self, what: &str) -> Option<Ident> {
        match self.peek() {
            Some(t) if matches!(t.kind, TokenKind::Word | TokenKind::Str | TokenKind::Macro) => {
                self.bump();
                Some(self.token_ident(t))
            }
            _ => {
                self.expected(what);
                None
            }
        }
    }

    /// A value after a comparison operator: one atom plus any directly
    /// adjacent (no whitespace) atoms/operators, e.g. `a=b=c`, `x=foo"bar"`,
    /// or `name(...)` with balanced parentheses.
    pub fn value_after_op(&mut self, op: Span) -> Option<Value> {
        let first = match self.peek() {
            Some(t) => t,
            _ => {
                self.error(
                    format!(
                        "expected a value after `{}`, found end of input",
                        op.text(self.src)
                    ),
                    op,
                );
                return None;
            }
        };
        if first.kind == TokenKind::LParen && !first.gap {
            // `startswith=(EventCode=1)`: keep the balanced group as raw text.
            let s = self.skip_balanced();
            return Some(Value {
                value: s.text(self.src).to_string(),
                span: s,
                quoted: false,
            });
        }
        if !matches!(
            first.kind,
            TokenKind::Word | TokenKind::Str | TokenKind::Macro
        ) || (first.gap && first.kind == TokenKind::Word && is_bool_kw(self.text(first)))
        {
            let msg = format!(
                "expected a value after `{}`, found {}",
                op.text(self.src),
                self.found()
            );
            self.error(msg, first.span);
            return None;
        }
        self.bump();
        let mut v = self.token_value(first);
        let mut multi = false;
        while let Some(t) = self.peek() {
            if t.gap {
                break;
            }
            match t.kind {
                TokenKind::Word
                | TokenKind::Str
                | TokenKind::Macro
                | TokenKind::Eq
                | TokenKind::EqEq
                | TokenKind::NotEq
                | TokenKind::Lt
                | TokenKind::Le
                | TokenKind::Gt
                | TokenKind::Ge => {
                    self.bump();
                    v.span = v.span.cover(t.span);
                    multi = true;
                }
                TokenKind::LParen if first.kind == TokenKind::Word => {
                    let s = self.skip_balanced();
                    v.span = v.span.cover(s);
                    multi = true;
                }
                _ => break,
            }
        }
        if multi {
            v.value = v.span.text(self.src).to_string();
            v.quoted = false;
        }
        Some(v)
    }

    /// `key=value` with the key current and a comparison operator next.
    pub fn option(&mut self) -> Option<CmdOption> {
        let k = self.bump()?;
        let op = self.bump()?;
        let key = self.token_ident(k);
        let value = self.value_after_op(op.span).unwrap_or(Value {
            value: String::new(),
            span: Span::new(op.span.end, op.span.end),
            quoted: false,
        });
        let span = k.span.cover(value.span).cover(op.span);
        Some(CmdOption { key, value, span })
    }

    /// Current token is a word followed by a comparison operator.
    pub fn at_option(&self) -> bool {
        self.kind() == Some(TokenKind::Word) && self.kind_at(1).is_some_and(|k| k.is_cmp())
    }

    /// Generic arguments up to the end of the command.
    pub fn generic_args(&mut self) -> Vec<Arg> {
        let mut args = Vec::new();
        while !self.at_boundary() {
            if self.kind() == Some(TokenKind::RParen) {
                let t = self.bump();
                if let Some(t) = t {
                    self.error("unexpected `)` without matching `(`".into(), t.span);
                    args.push(Arg::Punct(t.span));
                }
                continue;
            }
            match self.arg() {
                Some(a) => args.push(a),
                None => break,
            }
        }
        args
    }

    /// One generic argument (None at a boundary or `)`).
    pub fn arg(&mut self) -> Option<Arg> {
        let t = self.peek()?;
        Some(match t.kind {
            TokenKind::Pipe | TokenKind::RBracket | TokenKind::RParen => return None,
            TokenKind::Word if self.kind_at(1).is_some_and(|k| k.is_cmp()) => {
                Arg::Option(self.option()?)
            }
            TokenKind::Word
                if self.kind_at(1) == Some(TokenKind::LParen)
                    && self.peek_at(1).is_some_and(|p| !p.gap) =>
            {
                self.bump();
                let name = self.token_ident(t);
                let (args, end) = self.paren_args(t.span);
                Arg::Call {
                    name,
                    args,
                    span: Span::new(t.span.start, end),
                }
            }
            TokenKind::LParen => {
                let (args, end) = self.paren_args(t.span);
                Arg::Group {
                    args,
                    span: Span::new(t.span.start, end),
                }
            }
            TokenKind::LBracket => Arg::Subsearch(self.subsearch(false)?),
            TokenKind::Word | TokenKind::Str => {
                self.bump();
                Arg::Value(self.token_value(t))
            }
            TokenKind::Macro => {
                self.bump();
                Arg::Macro(self.macro_ref(t))
            }
            _ => {
                self.bump();
                Arg::Punct(t.span)
            }
        })
    }

    /// `( args )` with `(` current; returns args and the end offset.
    pub fn paren_args(&mut self, open_at: Span) -> (Vec<Arg>, usize) {
        let Some(open) = self.peek() else {
            return (Vec::new(), open_at.end);
        };
        if !self.enter(open.span) {
            let s = self.skip_balanced();
            return (Vec::new(), s.end);
        }
        self.bump();
        let mut args = Vec::new();
        loop {
            match self.kind() {
                Some(TokenKind::RParen) => {
                    let end = self.bump().map(|t| t.span.end).unwrap_or(self.src.len());
                    self.leave();
                    return (args, end);
                }
                None | Some(TokenKind::Pipe) | Some(TokenKind::RBracket) => {
                    let msg = format!(
                        "expected `)` to close `(` at {}, found {}",
                        open.span.start,
                        self.found()
                    );
                    let at = self
                        .peek()
                        .map(|t| t.span)
                        .unwrap_or(Span::new(self.src.len(), self.src.len()));
                    self.error(msg, at);
                    self.leave();
                    return (args, self.prev_end());
                }
                _ => match self.arg() {
                    Some(a) => args.push(a),
                    None => {
                        self.leave();
                        return (args, self.prev_end());
                    }
                },
            }
        }
    }
}

fn is_bool_kw(s: &str) -> bool {
    matches!(s, "AND" | "OR" | "NOT")
}
