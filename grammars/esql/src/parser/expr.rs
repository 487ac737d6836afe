//! Expressions: the Pratt loop with precedence and the depth guard, predicates (`LIKE`,
//! `RLIKE`, `IN`, `IS NULL`, `:`), primaries, numbers and time spans, calls and maps.

use super::*;

impl<'a> Parser<'a> {
    /// A full boolean / value expression.
    pub(super) fn expr(&mut self) -> Expr {
        self.expr_bp(0)
    }

    pub(super) fn expr_bp(&mut self, min_bp: u8) -> Expr {
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

    pub(super) fn expr_bp_inner(&mut self, min_bp: u8) -> Expr {
        // Every left-extension of the tree (other than flattened AND/OR chains) counts
        // against the depth budget, so the tree depth stays bounded by ~2 * MAX_DEPTH.
        let base_depth = self.depth;
        let e = self.expr_loop(min_bp);
        self.depth = base_depth;
        e
    }

    /// Accounts for one more level of left-nesting; false (with an error) if too deep.
    pub(super) fn deepen(&mut self) -> bool {
        self.depth += 1;
        if self.depth >= MAX_DEPTH {
            let at = self.span();
            self.error(format!("nesting deeper than {MAX_DEPTH}"), at);
            self.skip_balanced();
            return false;
        }
        true
    }

    pub(super) fn expr_loop(&mut self, min_bp: u8) -> Expr {
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
    pub(super) fn predicate(&mut self, lhs: Expr, negated: bool) -> Expr {
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

    pub(super) fn expr_list(&mut self) -> Vec<Expr> {
        let mut out = Vec::new();
        loop {
            out.push(self.expr());
            if self.eat(TokenKind::Comma).is_none() {
                break;
            }
        }
        out
    }

    pub(super) fn primary(&mut self) -> Expr {
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
    pub(super) fn error_expr(&mut self, what: &str) -> Expr {
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

    pub(super) fn number(&mut self) -> Expr {
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

    pub(super) fn call(&mut self) -> Expr {
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

    pub(super) fn map(&mut self) -> Expr {
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
