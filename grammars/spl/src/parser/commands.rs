//! Structured parsing of individual commands.

use super::Parser;
use crate::ast::*;
use crate::lexer::TokenKind;
use crate::span::Span;

impl<'a> Parser<'a> {
    /// Dispatch on the (lower-cased) command name.
    pub fn command_body(&mut self, name: &str) -> CommandKind {
        match name {
            "search" => CommandKind::Search(SearchCmd {
                filter: self.search_filter(false),
            }),
            "where" => CommandKind::Where(WhereCmd {
                expr: self.where_expr(),
            }),
            "eval" => CommandKind::Eval(self.eval_cmd()),
            "tstats" | "mstats" => CommandKind::Tstats(self.tstats()),
            "stats" | "eventstats" | "streamstats" | "chart" | "timechart" | "sistats"
            | "geostats" => CommandKind::Stats(self.stats(name != "geostats")),
            "rename" => CommandKind::Rename(self.rename()),
            "lookup" => CommandKind::Lookup(self.lookup()),
            "inputlookup" => CommandKind::Inputlookup(self.inputlookup()),
            "join" => CommandKind::Join(self.join()),
            "rex" => CommandKind::Rex(self.rex()),
            "regex" => CommandKind::Regex(self.regex_cmd()),
            "fields" | "table" => CommandKind::Fields(self.fields(name == "fields")),
            "dedup" => CommandKind::Dedup(self.dedup()),
            "bin" | "bucket" => CommandKind::Bin(self.bin()),
            "convert" => CommandKind::Convert(self.convert()),
            "fillnull" => CommandKind::Fillnull(self.fillnull()),
            "sort" => CommandKind::Sort(self.sort()),
            "head" | "tail" => CommandKind::Head(self.head()),
            "append" | "appendcols" | "appendpipe" | "union" => {
                CommandKind::Append(self.append(name == "appendpipe"))
            }
            "transaction" => CommandKind::Transaction(self.transaction()),
            "mvexpand" => CommandKind::Mvexpand(self.mvexpand()),
            "spath" => CommandKind::Spath(self.spath()),
            "makeresults" => CommandKind::Makeresults(MakeresultsCmd {
                options: self.options_only(),
            }),
            _ => CommandKind::Generic(GenericCmd {
                args: self.generic_args(),
            }),
        }
    }

    fn where_expr(&mut self) -> Option<Expr> {
        if self.at_boundary() {
            self.expected("an expression after `where`");
            return None;
        }
        self.eval_expr()
    }

    fn eval_cmd(&mut self) -> EvalCmd {
        let mut assignments = Vec::new();
        if self.at_boundary() {
            self.expected("`field = expression` after `eval`");
        }
        while !self.at_boundary() {
            let Some(t) = self.peek() else { break };
            if !matches!(t.kind, TokenKind::Word | TokenKind::Str | TokenKind::Macro)
                || self.kind_at(1) != Some(TokenKind::Eq)
            {
                self.expected("`field = expression`");
                break;
            }
            self.bump();
            self.bump();
            let field = self.token_ident(t);
            let expr = match self.eval_expr() {
                Some(e) => e,
                None => Expr::Error(Span::new(self.prev_end(), self.prev_end())),
            };
            let span = t.span.cover(expr.span());
            assignments.push(EvalAssign { field, expr, span });
            if self.kind() == Some(TokenKind::Comma) {
                self.bump();
                if self.at_boundary() {
                    self.expected("`field = expression` after `,`");
                }
            } else if !self.at_boundary() {
                self.expected("`,` or end of `eval`");
                break;
            }
        }
        EvalCmd { assignments }
    }

    /// Aggregation: `func[(args)] [as alias]`, current token a Word.
    fn aggregation(&mut self) -> Option<Aggregation> {
        let t = self.peek()?;
        self.bump();
        let func = self.token_ident(t);
        let mut args = Vec::new();
        let mut end = t.span.end;
        if self.kind() == Some(TokenKind::LParen) && self.peek().is_some_and(|p| !p.gap) {
            let open = self.bump()?;
            loop {
                match self.peek() {
                    Some(a) if a.kind == TokenKind::RParen => {
                        self.bump();
                        end = a.span.end;
                        break;
                    }
                    Some(a) if a.kind == TokenKind::Comma => {
                        self.bump();
                    }
                    Some(a)
                        if a.kind == TokenKind::Word
                            && self.text(a).eq_ignore_ascii_case("eval")
                            && self.kind_at(1) == Some(TokenKind::LParen) =>
                    {
                        self.bump();
                        let open2 = self.bump()?;
                        if let Some(e) = self.eval_expr() {
                            args.push(AggArg::Eval(e));
                        }
                        if self.kind() == Some(TokenKind::RParen) {
                            self.bump();
                        } else {
                            let msg = format!(
                                "expected `)` to close `(` at {}, found {}",
                                open2.span.start,
                                self.found()
                            );
                            let at = self
                                .peek()
                                .map(|x| x.span)
                                .unwrap_or(Span::new(self.src.len(), self.src.len()));
                            self.error(msg, at);
                        }
                    }
                    Some(a)
                        if matches!(
                            a.kind,
                            TokenKind::Word | TokenKind::Str | TokenKind::Macro
                        ) =>
                    {
                        self.bump();
                        // Glue adjacent pieces: `a{}.b`, `field"x"`.
                        let mut id = self.token_ident(a);
                        while let Some(n) = self.peek() {
                            if n.gap || !matches!(n.kind, TokenKind::Word | TokenKind::Str) {
                                break;
                            }
                            self.bump();
                            id.span = id.span.cover(n.span);
                            id.name = id.span.text(self.src).to_string();
                        }
                        args.push(AggArg::Field(id));
                    }
                    _ => {
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
                        end = self.prev_end();
                        break;
                    }
                }
            }
        }
        let mut alias = None;
        if self.at_kw("as") {
            self.bump();
            alias = self.ident("a field name after `as`");
            if let Some(a) = alias.as_mut() {
                // `as name(x)`: Splunk keeps the parenthesised suffix in the name.
                if self.kind() == Some(TokenKind::LParen) && self.peek().is_some_and(|p| !p.gap) {
                    let s = self.skip_balanced();
                    a.span = a.span.cover(s);
                    a.name = a.span.text(self.src).to_string();
                }
                end = a.span.end;
            }
        }
        Some(Aggregation {
            func,
            args,
            alias,
            span: Span::new(t.span.start, end),
        })
    }

    /// Field list for `by`: words/strings separated by spaces or commas.
    fn by_fields(&mut self, stop: &[&str]) -> Vec<Ident> {
        let mut out = Vec::new();
        while !self.at_boundary() {
            if stop.iter().any(|s| self.at_kw(s)) || self.at_option() {
                break;
            }
            match self.kind() {
                Some(TokenKind::Comma) => {
                    self.bump();
                }
                Some(TokenKind::Word | TokenKind::Str | TokenKind::Macro) => {
                    if let Some(i) = self.ident("a field") {
                        out.push(i);
                    }
                }
                _ => break,
            }
        }
        if out.is_empty() {
            self.expected("a field name after `by`");
        }
        out
    }

    fn tstats(&mut self) -> TstatsCmd {
        let mut c = TstatsCmd {
            options: Vec::new(),
            prestats: false,
            aggregations: Vec::new(),
            from: None,
            filter: None,
            by: Vec::new(),
            macros: Vec::new(),
        };
        while !self.at_boundary() {
            if self.at_option() {
                if let Some(o) = self.option() {
                    if o.key.name.eq_ignore_ascii_case("prestats") {
                        c.prestats = matches!(
                            o.value.value.to_ascii_lowercase().as_str(),
                            "t" | "true" | "1"
                        );
                    }
                    c.options.push(o);
                }
            } else if self.at_kw("from") {
                self.bump();
                if self.at_option() {
                    if let Some(o) = self.option() {
                        c.from = Some(o.value);
                    }
                } else if self.at_atom() {
                    if let Some(t) = self.bump() {
                        c.from = Some(self.token_value(t));
                    }
                } else {
                    self.expected("`datamodel=<name>` after `from`");
                }
            } else if self.at_kw("where") {
                let t = self.bump();
                let f = self.search_filter(true);
                if f.is_none() {
                    if let Some(t) = t {
                        let msg =
                            format!("expected a search after `where`, found {}", self.found());
                        self.error(msg, t.span);
                    }
                }
                c.filter = match (c.filter.take(), f) {
                    (Some(a), Some(b)) => {
                        let span = a.span().cover(b.span());
                        Some(SearchExpr::And {
                            items: vec![a, b],
                            span,
                        })
                    }
                    (a, b) => a.or(b),
                };
            } else if self.at_kw("by") || self.at_kw("groupby") {
                self.bump();
                let mut f = self.by_fields(&["where", "from"]);
                c.by.append(&mut f);
            } else {
                match self.peek() {
                    Some(t) if t.kind == TokenKind::Macro => {
                        self.bump();
                        c.macros.push(self.macro_ref(t));
                    }
                    Some(t) if t.kind == TokenKind::Word => {
                        if t.span.text(self.src).eq_ignore_ascii_case("prestats") {
                            c.prestats = true;
                        }
                        if let Some(a) = self.aggregation() {
                            c.aggregations.push(a);
                        }
                    }
                    Some(t) if t.kind == TokenKind::Comma => {
                        self.bump();
                    }
                    _ => {
                        self.expected("an aggregation, `from`, `where` or `by` in `tstats`");
                        break;
                    }
                }
            }
        }
        c
    }

    fn stats(&mut self, need_aggregation: bool) -> StatsCmd {
        let mut c = StatsCmd {
            options: Vec::new(),
            aggregations: Vec::new(),
            by: Vec::new(),
            over: None,
        };
        let start = self.here();
        while !self.at_boundary() {
            if self.at_option() {
                if let Some(o) = self.option() {
                    c.options.push(o);
                }
            } else if self.at_kw("by") {
                self.bump();
                let mut f = self.by_fields(&[]);
                c.by.append(&mut f);
            } else if self.at_kw("over") {
                self.bump();
                c.over = self.ident("a field after `over`");
            } else {
                match self.kind() {
                    Some(TokenKind::Word | TokenKind::Str) => {
                        if let Some(a) = self.aggregation() {
                            c.aggregations.push(a);
                        }
                    }
                    Some(TokenKind::Comma) => {
                        self.bump();
                    }
                    _ => {
                        self.expected("an aggregation or `by`");
                        break;
                    }
                }
            }
        }
        if need_aggregation
            && c.aggregations.is_empty()
            && self.errors.last().is_none_or(|e| e.span.start < start)
        {
            self.expected("an aggregation such as `count`");
        }
        c
    }

    fn rename(&mut self) -> RenameCmd {
        let mut pairs = Vec::new();
        if self.at_boundary() {
            self.expected("`field as newname` after `rename`");
        }
        while !self.at_boundary() {
            if self.kind() == Some(TokenKind::Comma) {
                self.bump();
                continue;
            }
            let Some(from) = self.ident("a field name to rename") else {
                break;
            };
            if !self.at_kw("as") {
                self.expected("`as` in `rename`");
                break;
            }
            self.bump();
            let Some(to) = self.ident("a new field name after `as`") else {
                break;
            };
            pairs.push((from, to));
        }
        RenameCmd { pairs }
    }

    fn field_as_list(&mut self, stop: &[&str]) -> Vec<FieldAs> {
        let mut out = Vec::new();
        while !self.at_boundary() {
            if stop.iter().any(|s| self.at_kw(s)) {
                break;
            }
            match self.kind() {
                Some(TokenKind::Comma) => {
                    self.bump();
                }
                Some(TokenKind::Word | TokenKind::Str | TokenKind::Macro) => {
                    let Some(field) = self.ident("a field") else {
                        break;
                    };
                    let mut alias = None;
                    if self.at_kw("as") {
                        self.bump();
                        alias = self.ident("a field name after `as`");
                    }
                    out.push(FieldAs { field, alias });
                }
                _ => {
                    self.expected("a field name");
                    break;
                }
            }
        }
        out
    }

    fn lookup(&mut self) -> LookupCmd {
        let mut options = Vec::new();
        while self.at_option() {
            if let Some(o) = self.option() {
                options.push(o);
            }
        }
        let table = self.ident("a lookup table name");
        let inputs = self.field_as_list(&["output", "outputnew"]);
        let mut output_mode = None;
        let mut outputs = Vec::new();
        if self.at_kw("output") || self.at_kw("outputnew") {
            if let Some(t) = self.bump() {
                output_mode = Some(self.token_ident(t));
            }
            outputs = self.field_as_list(&[]);
        }
        LookupCmd {
            options,
            table,
            inputs,
            output_mode,
            outputs,
        }
    }

    fn inputlookup(&mut self) -> InputlookupCmd {
        let mut options = Vec::new();
        let mut table = None;
        let mut filter = None;
        while !self.at_boundary() {
            if self.at_option() {
                if let Some(o) = self.option() {
                    options.push(o);
                }
            } else if self.at_kw("where") && table.is_some() {
                self.bump();
                filter = self.search_filter(false);
            } else if table.is_none() && self.at_atom() {
                table = self.ident("a lookup table name");
            } else {
                self.expected("`where` or end of `inputlookup`");
                break;
            }
        }
        if table.is_none() {
            self.expected("a lookup table name");
        }
        InputlookupCmd {
            options,
            table,
            filter,
        }
    }

    fn join(&mut self) -> JoinCmd {
        let mut c = JoinCmd {
            options: Vec::new(),
            fields: Vec::new(),
            subsearch: None,
        };
        while !self.at_boundary() {
            if self.at_option() {
                if let Some(o) = self.option() {
                    c.options.push(o);
                }
                continue;
            }
            match self.kind() {
                Some(TokenKind::Comma) => {
                    self.bump();
                }
                Some(TokenKind::Word | TokenKind::Str | TokenKind::Macro) => {
                    if let Some(i) = self.ident("a field") {
                        c.fields.push(i);
                    }
                }
                Some(TokenKind::LBracket) => {
                    c.subsearch = self.subsearch(false);
                }
                _ => {
                    self.expected("a field or `[subsearch]` in `join`");
                    break;
                }
            }
        }
        if c.subsearch.is_none() {
            self.expected("a `[subsearch]` for `join`");
        }
        c
    }

    fn rex(&mut self) -> RexCmd {
        let mut c = RexCmd {
            options: Vec::new(),
            regex: None,
        };
        while !self.at_boundary() {
            if self.at_option() {
                if let Some(o) = self.option() {
                    c.options.push(o);
                }
            } else if self.kind() == Some(TokenKind::Str) && c.regex.is_none() {
                if let Some(t) = self.bump() {
                    c.regex = Some(self.token_value(t));
                }
            } else {
                self.expected("a quoted regular expression or `key=value` in `rex`");
                break;
            }
        }
        if c.regex.is_none() {
            self.expected("a quoted regular expression for `rex`");
        }
        c
    }

    fn regex_cmd(&mut self) -> RegexCmd {
        let mut c = RegexCmd {
            field: None,
            negated: false,
            regex: None,
        };
        if self.at_atom() && matches!(self.kind_at(1), Some(TokenKind::Eq | TokenKind::NotEq)) {
            if let (Some(f), Some(op)) = (self.bump(), self.bump()) {
                c.field = Some(self.token_ident(f));
                c.negated = op.kind == TokenKind::NotEq;
            }
        }
        match self.peek() {
            Some(t) if matches!(t.kind, TokenKind::Str | TokenKind::Word) => {
                self.bump();
                c.regex = Some(self.token_value(t));
            }
            _ => self.expected("a quoted regular expression for `regex`"),
        }
        c
    }

    fn fields(&mut self, allow_sign: bool) -> FieldsCmd {
        let mut remove = false;
        if allow_sign {
            if let Some(t) = self.peek() {
                let s = self.text(t);
                if t.kind == TokenKind::Word && (s == "-" || s == "+") {
                    remove = s == "-";
                    self.bump();
                }
            }
        }
        let mut fields = Vec::new();
        while !self.at_boundary() {
            match self.kind() {
                Some(TokenKind::Comma) => {
                    self.bump();
                }
                Some(TokenKind::Word | TokenKind::Str | TokenKind::Macro) => {
                    if let Some(i) = self.ident("a field") {
                        fields.push(i);
                    }
                }
                _ => {
                    self.expected("a field name");
                    break;
                }
            }
        }
        FieldsCmd { remove, fields }
    }

    fn sort_key(&mut self) -> Option<SortKey> {
        let t = self.peek()?;
        let s = self.text(t);
        if t.kind == TokenKind::Word && (s == "-" || s == "+") {
            self.bump();
            let mut k = self.sort_key()?;
            k.descending = s == "-";
            k.span = t.span.cover(k.span);
            return Some(k);
        }
        if t.kind == TokenKind::Word
            && self.kind_at(1) == Some(TokenKind::LParen)
            && self.peek_at(1).is_some_and(|p| !p.gap)
        {
            // num(x), str(x), ip(x), auto(x)
            self.bump();
            self.bump();
            let field = self.ident("a field")?;
            let end = if self.kind() == Some(TokenKind::RParen) {
                self.bump().map(|x| x.span.end).unwrap_or(field.span.end)
            } else {
                self.expected("`)`");
                field.span.end
            };
            return Some(SortKey {
                field,
                descending: false,
                span: Span::new(t.span.start, end),
            });
        }
        let mut id = self.ident("a sort field")?;
        let mut descending = false;
        if t.kind == TokenKind::Word && (id.name.starts_with('-') || id.name.starts_with('+')) {
            descending = id.name.starts_with('-');
            id.name = id.name[1..].to_string();
            id.span.start += 1;
        }
        Some(SortKey {
            field: id,
            descending,
            span: t.span,
        })
    }

    fn sort(&mut self) -> SortCmd {
        let mut c = SortCmd {
            limit: None,
            options: Vec::new(),
            keys: Vec::new(),
        };
        if let Some(t) = self.peek() {
            if t.kind == TokenKind::Word && self.text(t).bytes().all(|b| b.is_ascii_digit()) {
                self.bump();
                c.limit = Some(self.token_value(t));
            }
        }
        while !self.at_boundary() {
            if self.at_option() {
                if let Some(o) = self.option() {
                    c.options.push(o);
                }
                continue;
            }
            if (self.at_kw("desc") || self.at_kw("d")) && !c.keys.is_empty() {
                self.bump();
                for k in c.keys.iter_mut() {
                    k.descending = !k.descending;
                }
                continue;
            }
            match self.kind() {
                Some(TokenKind::Comma) => {
                    self.bump();
                }
                Some(TokenKind::Word | TokenKind::Str) => match self.sort_key() {
                    Some(k) => c.keys.push(k),
                    None => break,
                },
                _ => {
                    self.expected("a sort field");
                    break;
                }
            }
        }
        if c.keys.is_empty() {
            self.expected("a sort field");
        }
        c
    }

    fn dedup(&mut self) -> DedupCmd {
        let mut c = DedupCmd {
            count: None,
            fields: Vec::new(),
            options: Vec::new(),
            sortby: Vec::new(),
        };
        if let Some(t) = self.peek() {
            if t.kind == TokenKind::Word && self.text(t).bytes().all(|b| b.is_ascii_digit()) {
                self.bump();
                c.count = Some(self.token_value(t));
            }
        }
        while !self.at_boundary() {
            if self.at_option() {
                if let Some(o) = self.option() {
                    c.options.push(o);
                }
            } else if self.at_kw("sortby") {
                self.bump();
                while !self.at_boundary() {
                    if self.kind() == Some(TokenKind::Comma) {
                        self.bump();
                        continue;
                    }
                    match self.sort_key() {
                        Some(k) => c.sortby.push(k),
                        None => break,
                    }
                }
            } else {
                match self.kind() {
                    Some(TokenKind::Comma) => {
                        self.bump();
                    }
                    Some(TokenKind::Word | TokenKind::Str | TokenKind::Macro) => {
                        if let Some(i) = self.ident("a field") {
                            c.fields.push(i);
                        }
                    }
                    _ => {
                        self.expected("a field name");
                        break;
                    }
                }
            }
        }
        c
    }

    fn bin(&mut self) -> BinCmd {
        let mut c = BinCmd {
            options: Vec::new(),
            field: None,
        };
        while !self.at_boundary() {
            if self.at_option() {
                if let Some(o) = self.option() {
                    c.options.push(o);
                }
            } else if c.field.is_none() && self.at_atom() {
                let Some(field) = self.ident("a field") else {
                    break;
                };
                let mut alias = None;
                if self.at_kw("as") {
                    self.bump();
                    alias = self.ident("a field name after `as`");
                }
                c.field = Some(FieldAs { field, alias });
            } else {
                self.expected("`key=value` or end of `bin`");
                break;
            }
        }
        if c.field.is_none() {
            self.expected("a field for `bin`");
        }
        c
    }

    fn convert(&mut self) -> ConvertCmd {
        let mut c = ConvertCmd {
            options: Vec::new(),
            conversions: Vec::new(),
        };
        while !self.at_boundary() {
            if self.at_option() {
                if let Some(o) = self.option() {
                    c.options.push(o);
                }
                continue;
            }
            match self.peek() {
                Some(t) if t.kind == TokenKind::Comma => {
                    self.bump();
                }
                Some(t)
                    if t.kind == TokenKind::Word && self.kind_at(1) == Some(TokenKind::LParen) =>
                {
                    self.bump();
                    let open = self.bump();
                    let func = self.token_ident(t);
                    let field = if self.at_atom() {
                        self.ident("a field")
                    } else {
                        None
                    };
                    let mut end = self.prev_end();
                    if self.kind() == Some(TokenKind::RParen) {
                        end = self.bump().map(|x| x.span.end).unwrap_or(end);
                    } else if let Some(o) = open {
                        let msg = format!(
                            "expected `)` to close `(` at {}, found {}",
                            o.span.start,
                            self.found()
                        );
                        let at = self
                            .peek()
                            .map(|x| x.span)
                            .unwrap_or(Span::new(self.src.len(), self.src.len()));
                        self.error(msg, at);
                    }
                    let mut alias = None;
                    if self.at_kw("as") {
                        self.bump();
                        alias = self.ident("a field name after `as`");
                        if let Some(a) = &alias {
                            end = a.span.end;
                        }
                    }
                    c.conversions.push(Conversion {
                        func,
                        field,
                        alias,
                        span: Span::new(t.span.start, end),
                    });
                }
                _ => {
                    self.expected("a conversion like `ctime(field)`");
                    break;
                }
            }
        }
        c
    }

    fn fillnull(&mut self) -> FillnullCmd {
        let mut options = Vec::new();
        let mut fields = Vec::new();
        while !self.at_boundary() {
            if self.at_option() {
                if let Some(o) = self.option() {
                    options.push(o);
                }
                continue;
            }
            match self.kind() {
                Some(TokenKind::Comma) => {
                    self.bump();
                }
                Some(TokenKind::Word | TokenKind::Str | TokenKind::Macro) => {
                    if let Some(i) = self.ident("a field") {
                        fields.push(i);
                    }
                }
                _ => {
                    self.expected("a field name");
                    break;
                }
            }
        }
        FillnullCmd { options, fields }
    }

    fn head(&mut self) -> HeadCmd {
        let mut c = HeadCmd {
            limit: None,
            options: Vec::new(),
            expr: None,
        };
        while !self.at_boundary() {
            if self.at_option() {
                if let Some(o) = self.option() {
                    c.options.push(o);
                }
                continue;
            }
            match self.peek() {
                Some(t) if t.kind == TokenKind::Word && c.limit.is_none() => {
                    self.bump();
                    c.limit = Some(self.token_value(t));
                }
                Some(t) if t.kind == TokenKind::LParen => {
                    c.expr = self.eval_expr();
                }
                _ => {
                    self.expected("a count or `(expression)`");
                    break;
                }
            }
        }
        c
    }

    fn append(&mut self, pipe: bool) -> AppendCmd {
        let mut c = AppendCmd {
            options: Vec::new(),
            subsearch: None,
        };
        while !self.at_boundary() {
            if self.at_option() {
                if let Some(o) = self.option() {
                    c.options.push(o);
                }
            } else if self.kind() == Some(TokenKind::LBracket) {
                let s = self.subsearch(pipe);
                if c.subsearch.is_none() {
                    c.subsearch = s;
                }
            } else {
                self.expected("a `[subsearch]`");
                break;
            }
        }
        if c.subsearch.is_none() {
            self.expected("a `[subsearch]`");
        }
        c
    }

    fn transaction(&mut self) -> TransactionCmd {
        let mut c = TransactionCmd {
            fields: Vec::new(),
            options: Vec::new(),
        };
        while !self.at_boundary() {
            if self.at_option() {
                if let Some(o) = self.option() {
                    c.options.push(o);
                }
                continue;
            }
            match self.kind() {
                Some(TokenKind::Comma) => {
                    self.bump();
                }
                Some(TokenKind::Word | TokenKind::Str | TokenKind::Macro) => {
                    if let Some(i) = self.ident("a field") {
                        c.fields.push(i);
                    }
                }
                _ => {
                    self.expected("a field or `key=value`");
                    break;
                }
            }
        }
        c
    }

    fn mvexpand(&mut self) -> MvexpandCmd {
        let mut c = MvexpandCmd {
            field: None,
            options: Vec::new(),
        };
        while !self.at_boundary() {
            if self.at_option() {
                if let Some(o) = self.option() {
                    c.options.push(o);
                }
            } else if c.field.is_none() && self.at_atom() {
                c.field = self.ident("a field");
            } else {
                self.expected("end of `mvexpand`");
                break;
            }
        }
        if c.field.is_none() {
            self.expected("a field for `mvexpand`");
        }
        c
    }

    fn spath(&mut self) -> SpathCmd {
        let mut c = SpathCmd {
            options: Vec::new(),
            path: None,
        };
        while !self.at_boundary() {
            if self.at_option() {
                if let Some(o) = self.option() {
                    c.options.push(o);
                }
            } else if c.path.is_none() && self.at_atom() {
                if let Some(t) = self.bump() {
                    c.path = Some(self.token_value(t));
                }
            } else {
                self.expected("`key=value` or a path in `spath`");
                break;
            }
        }
        c
    }

    fn options_only(&mut self) -> Vec<CmdOption> {
        let mut out = Vec::new();
        while !self.at_boundary() {
            if self.at_option() {
                if let Some(o) = self.option() {
                    out.push(o);
                }
            } else {
                self.expected("`key=value`");
                break;
            }
        }
        out
    }
}
