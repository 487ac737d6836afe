//! Scalar expressions: the Pratt parser for operators and precedence, unary and postfix
//! forms (member access, indexing, calls), primaries, function definitions and `datatable`.

use super::*;

impl<'a> Parser<'a> {
    // ----- scalar expressions (Pratt) ------------------------------------------------

    pub(super) fn expr(&mut self) -> Expr {
        self.expr_bp(BP_OR)
    }

    pub(super) fn too_deep(&mut self) -> Expr {
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

    pub(super) fn expr_bp(&mut self, min_bp: u8) -> Expr {
        if self.depth >= MAX_DEPTH {
            return self.too_deep();
        }
        self.depth += 1;
        let e = self.expr_bp_inner(min_bp);
        self.depth -= 1;
        e
    }

    pub(super) fn peek_infix(&self) -> Option<(Infix, usize, u8)> {
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
    pub(super) fn word_infix(&self, n: usize, negated: bool) -> Option<(Infix, usize, u8)> {
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
    pub(super) fn wrap_budget(&mut self, wraps: &mut usize) -> bool {
        if self.depth >= MAX_DEPTH {
            let sp = self.cur_span();
            self.error(format!("nesting deeper than {MAX_DEPTH}"), sp);
            return false;
        }
        self.depth += 1;
        *wraps += 1;
        true
    }

    pub(super) fn expr_bp_inner(&mut self, min_bp: u8) -> Expr {
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

    pub(super) fn unary(&mut self) -> Expr {
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

    pub(super) fn postfix(&mut self) -> Expr {
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

    pub(super) fn args(&mut self, close: TokenKind) -> Vec<Arg> {
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

    pub(super) fn at_function_def(&self, n: usize) -> bool {
        self.kind(n) == Some(TokenKind::LParen)
            && match self.kind(n + 1) {
                Some(TokenKind::RParen) => self.kind(n + 2) == Some(TokenKind::LBrace),
                Some(TokenKind::Ident) => self.kind(n + 2) == Some(TokenKind::Colon),
                _ => false,
            }
    }

    pub(super) fn params_decl(&mut self, close: TokenKind) -> Vec<Param> {
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

    pub(super) fn function(&mut self, start: usize, is_view: bool) -> Expr {
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

    pub(super) fn primary(&mut self) -> Expr {
        if self.depth >= MAX_DEPTH {
            return self.too_deep();
        }
        self.depth += 1;
        let e = self.primary_inner();
        self.depth -= 1;
        e
    }

    pub(super) fn primary_inner(&mut self) -> Expr {
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

    pub(super) fn ident_primary(&mut self, t: Token) -> Expr {
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

    pub(super) fn datatable(&mut self, kw: Token) -> Expr {
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
