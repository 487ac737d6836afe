//! Expressions: boolean logic, comparisons and their value lists, function calls, field
//! references (`?field`, backticks, indices), literals and arithmetic, with the depth guard.

use super::*;

impl<'a> Parser<'a> {
    // ----- expressions --------------------------------------------------------------
    //
    // Pratt parser. Binding powers: `or` 1, `and` 2, `not` operand 3, comparisons 4,
    // `+ -` 5, `* / %` 6, unary `-` 7. Recursion only happens for prefix operators and
    // bracketed groups, each of which counts against `MAX_DEPTH`.

    /// Enters one nesting level; on overflow reports an error, skips the rest of the
    /// group and returns the error node.
    pub(super) fn enter(&mut self) -> Result<(), Expr> {
        if self.depth >= MAX_DEPTH {
            return Err(self.too_deep());
        }
        self.depth += 1;
        Ok(())
    }

    #[inline(never)]
    pub(super) fn too_deep(&mut self) -> Expr {
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

    pub(super) fn leave(&mut self) {
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
    pub(super) fn infix_bp(&self) -> Option<u8> {
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

    pub(super) fn expr_bp(&mut self, min_bp: u8) -> Expr {
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
    pub(super) fn logical(&mut self, first: Expr, bp: u8) -> Expr {
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
    pub(super) fn arith(&mut self, first: Expr, bp: u8) -> Expr {
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
    pub(super) fn prefix(&mut self) -> Expr {
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
    pub(super) fn comparison_op(&mut self) -> Option<(CompareOp, Span, bool)> {
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
    pub(super) fn comparison(&mut self, lhs: Expr, chained: bool) -> Expr {
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
    pub(super) fn value_list(&mut self) -> (Vec<Expr>, Span) {
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
    pub(super) fn close_paren(&mut self, open: Span) -> Span {
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

    pub(super) fn primary(&mut self) -> Expr {
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
    pub(super) fn lineage(&mut self) -> Expr {
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
    pub(super) fn paren(&mut self) -> Expr {
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
    pub(super) fn simple_primary(&mut self) -> Expr {
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
    pub(super) fn bad_primary(&mut self) -> Expr {
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

    pub(super) fn number(&mut self) -> Expr {
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

    pub(super) fn string_literal(&mut self) -> Literal {
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
    pub(super) fn call(&mut self) -> Expr {
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
    pub(super) fn field(&mut self) -> Field {
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

    pub(super) fn field_segment(&mut self, segments: &mut Vec<FieldSegment>) {
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
