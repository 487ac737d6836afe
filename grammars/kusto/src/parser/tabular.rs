//! Tabular expressions: pipelines, sub-queries and every tabular operator's arguments
//! (`where`, `project`, `summarize`, `join`, `parse`, `mv-expand`, `make-series`, …).

use super::*;

impl<'a> Parser<'a> {
    // ----- tabular expressions ------------------------------------------------------

    pub(super) fn at_source_op(&self) -> bool {
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
    pub(super) fn pipe_expr(&mut self) -> Expr {
        if self.depth >= MAX_DEPTH {
            return self.too_deep();
        }
        self.depth += 1;
        let e = self.pipe_expr_inner();
        self.depth -= 1;
        e
    }

    pub(super) fn pipe_expr_inner(&mut self) -> Expr {
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
    pub(super) fn subquery_ops(&mut self) -> Expr {
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

    pub(super) fn op_name(&mut self) -> Option<Ident> {
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
    pub(super) fn operator_body(&mut self) -> Operator {
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

    pub(super) fn in_tables(&mut self) -> Vec<Expr> {
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

    pub(super) fn make_series(&mut self) -> OperatorKind {
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

    pub(super) fn parse_pattern(&mut self) -> Vec<ParsePart> {
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

    pub(super) fn mv_items(&mut self) -> Vec<MvItem> {
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

    pub(super) fn sort_keys(&mut self) -> Vec<SortKey> {
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
    pub(super) fn params(&mut self) -> Vec<NamedParam> {
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
    pub(super) fn atom(&mut self) -> Expr {
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
    pub(super) fn expr_list(&mut self, allow_pipe: bool) -> Vec<Expr> {
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

    pub(super) fn assignments(&mut self) -> Vec<Assignment> {
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
    pub(super) fn at_name_eq(&self) -> Option<usize> {
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

    pub(super) fn assignment(&mut self) -> Assignment {
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

    pub(super) fn ident_or_bracketed(&mut self) -> Option<Ident> {
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

    pub(super) fn string_lit(&mut self) -> StringLit {
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

    pub(super) fn type_ref(&mut self) -> Option<TypeRef> {
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
}
