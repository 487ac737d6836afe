//! Traversal helpers and lowering conveniences over the AST.

use crate::ast::*;

/// Calls `f` on every expression reachable from `stmts` (pre-order, including expressions
/// inside operators, sub-queries, `let` values and function bodies).
pub fn walk_statements<'a>(stmts: &'a [Statement], f: &mut dyn FnMut(&'a Expr)) {
    for s in stmts {
        match s {
            Statement::Let(l) => walk_expr(&l.value, f),
            Statement::Expr(e) => walk_expr(e, f),
            Statement::Other(_) | Statement::Error(_) => {}
        }
    }
}

/// Calls `f` on `e` and every expression nested in it (pre-order).
pub fn walk_expr<'a>(e: &'a Expr, f: &mut dyn FnMut(&'a Expr)) {
    // Explicit stack: no recursion, so arbitrarily deep ASTs are fine.
    let mut stack: Vec<&'a Expr> = vec![e];
    while let Some(e) = stack.pop() {
        f(e);
        let mut kids: Vec<&'a Expr> = Vec::new();
        children(e, &mut kids);
        stack.extend(kids.into_iter().rev());
    }
}

fn push_assignments<'a>(a: &'a [Assignment], out: &mut Vec<&'a Expr>) {
    out.extend(a.iter().map(|a| &a.value));
}

fn push_params<'a>(p: &'a [NamedParam], out: &mut Vec<&'a Expr>) {
    out.extend(p.iter().map(|p| &p.value));
}

fn push_args<'a>(a: &'a [Arg], out: &mut Vec<&'a Expr>) {
    out.extend(a.iter().map(|a| &a.value));
}

fn push_body<'a>(stmts: &'a [Statement], out: &mut Vec<&'a Expr>) {
    for s in stmts {
        match s {
            Statement::Let(l) => out.push(&l.value),
            Statement::Expr(e) => out.push(e),
            _ => {}
        }
    }
}

/// Direct sub-expressions of an operator, in source order.
pub fn operator_children<'a>(op: &'a Operator, out: &mut Vec<&'a Expr>) {
    match &op.kind {
        OperatorKind::Where(e) | OperatorKind::Take(e) | OperatorKind::Invoke(e) => out.push(e),
        OperatorKind::Extend(a)
        | OperatorKind::Project(a)
        | OperatorKind::ProjectRename(a)
        | OperatorKind::Print(a)
        | OperatorKind::Serialize(a) => push_assignments(a, out),
        OperatorKind::ProjectAway(v) | OperatorKind::Distinct(v) => out.extend(v.iter()),
        OperatorKind::Summarize {
            params,
            aggregates,
            by,
        } => {
            push_params(params, out);
            push_assignments(aggregates, out);
            push_assignments(by, out);
        }
        OperatorKind::Join { params, right, on } => {
            push_params(params, out);
            out.push(right);
            out.extend(on.iter());
        }
        OperatorKind::Union { params, tables } => {
            push_params(params, out);
            out.extend(tables.iter());
        }
        OperatorKind::Parse { params, source, .. } => {
            push_params(params, out);
            out.push(source);
        }
        OperatorKind::MvExpand {
            params,
            items,
            limit,
        } => {
            push_params(params, out);
            for i in items {
                out.push(&i.item.value);
                out.extend(i.to_type.iter());
            }
            out.extend(limit.iter());
        }
        OperatorKind::MvApply { params, items, on } => {
            push_params(params, out);
            for i in items {
                out.push(&i.item.value);
                out.extend(i.to_type.iter());
            }
            out.extend(on.iter());
        }
        OperatorKind::Top { count, by } => {
            out.push(count);
            out.extend(by.iter().map(|k| &k.expr));
        }
        OperatorKind::Sort(keys) => out.extend(keys.iter().map(|k| &k.expr)),
        OperatorKind::Evaluate { params, call } => {
            push_params(params, out);
            out.push(call);
        }
        OperatorKind::MakeSeries {
            params,
            aggregates,
            defaults,
            on,
            range,
            by,
        } => {
            push_params(params, out);
            push_assignments(aggregates, out);
            out.extend(defaults.iter().flatten());
            out.extend(on.iter());
            out.extend(range.iter().map(|(_, e)| e));
            push_assignments(by, out);
        }
        OperatorKind::Render { with, .. } => push_args(with, out),
        OperatorKind::As { params, .. } => push_params(params, out),
        OperatorKind::Search {
            params,
            tables,
            predicate,
        } => {
            push_params(params, out);
            out.extend(tables.iter());
            out.push(predicate);
        }
        OperatorKind::Find {
            params,
            tables,
            predicate,
            project,
        } => {
            push_params(params, out);
            out.extend(tables.iter());
            out.push(predicate);
            out.extend(project.iter());
        }
        OperatorKind::Range { from, to, step, .. } => {
            out.extend(from.iter());
            out.extend(to.iter());
            out.extend(step.iter());
        }
        OperatorKind::Count
        | OperatorKind::GetSchema
        | OperatorKind::Generic { .. }
        | OperatorKind::Error(_) => {}
    }
}

/// Direct sub-expressions of `e`, in source order.
pub fn children<'a>(e: &'a Expr, out: &mut Vec<&'a Expr>) {
    match e {
        Expr::Name(_)
        | Expr::String(_)
        | Expr::Number(_)
        | Expr::Timespan(_)
        | Expr::Bool(_)
        | Expr::Null(_)
        | Expr::Star(_)
        | Expr::TypedLit(_)
        | Expr::Error(_) => {}
        Expr::Dynamic(d) => out.push(&d.value),
        Expr::Array(l) | Expr::Tuple(l) => out.extend(l.items.iter()),
        Expr::Object(o) => {
            for (k, v) in &o.entries {
                out.push(k);
                out.push(v);
            }
        }
        Expr::Unary(u) => out.push(&u.operand),
        Expr::Not(n) => out.push(&n.operand),
        Expr::Logical(l) => out.extend(l.operands.iter()),
        Expr::Binary(b) => {
            out.push(&b.lhs);
            out.push(&b.rhs);
        }
        Expr::InList(i) => {
            out.push(&i.lhs);
            out.extend(i.items.iter());
        }
        Expr::Between(b) => {
            out.push(&b.lhs);
            out.push(&b.low);
            out.push(&b.high);
        }
        Expr::Call(c) => push_args(&c.args, out),
        Expr::Member(m) => out.push(&m.object),
        Expr::Index(i) => {
            out.push(&i.object);
            out.push(&i.index);
        }
        Expr::Paren(p) => out.push(&p.inner),
        Expr::Pipeline(p) => {
            out.extend(p.source.iter());
            for op in &p.ops {
                operator_children(op, out);
            }
        }
        Expr::Source(op) => operator_children(op, out),
        Expr::Datatable(d) => {
            out.extend(d.schema.iter().filter_map(|p| p.default.as_ref()));
            out.extend(d.values.iter());
            push_args(&d.with, out);
        }
        Expr::Function(f) => {
            out.extend(f.params.iter().filter_map(|p| p.default.as_ref()));
            push_body(&f.body, out);
        }
    }
}

/// Calls `f` on every operator reachable from `stmts` (including sub-queries).
pub fn walk_operators<'a>(stmts: &'a [Statement], f: &mut dyn FnMut(&'a Operator)) {
    walk_statements(stmts, &mut |e| match e {
        Expr::Pipeline(p) => p.ops.iter().for_each(&mut *f),
        Expr::Source(op) => f(op),
        _ => {}
    });
}

impl Query {
    /// All top-level `let` statements, in order.
    pub fn let_bindings(&self) -> impl Iterator<Item = &LetStmt> {
        self.statements.iter().filter_map(|s| match s {
            Statement::Let(l) => Some(l),
            _ => None,
        })
    }

    /// The last top-level `let` binding of `name` (later lets shadow earlier ones).
    pub fn let_binding(&self, name: &str) -> Option<&LetStmt> {
        self.let_bindings().filter(|l| l.name.name == name).last()
    }

    /// If `name` is bound by a top-level `let` to a literal list — `dynamic([...])`,
    /// `pack_array(...)`, `(a, b)` or a one-column `datatable` — returns its elements.
    pub fn resolve_list(&self, name: &str) -> Option<Vec<&Expr>> {
        literal_list(&self.let_binding(name)?.value)
    }

    /// Expands the items of an `in`/`has_any` list: a single [`Expr::Name`] bound to a
    /// literal list (see [`Query::resolve_list`]) is replaced by the list elements.
    /// Other items are returned unchanged.
    pub fn resolve_in_items<'a>(&'a self, items: &'a [Expr]) -> Vec<&'a Expr> {
        let mut out = Vec::new();
        for it in items {
            match it.unparen() {
                Expr::Name(n) => match self.resolve_list(&n.name) {
                    Some(list) => out.extend(list),
                    None => out.push(it),
                },
                other => match literal_list(other) {
                    Some(list) if matches!(other, Expr::Dynamic(_)) => out.extend(list),
                    _ => out.push(it),
                },
            }
        }
        out
    }

    /// The predicate of every `| where` / `| filter` operator, anywhere in the query.
    pub fn where_predicates(&self) -> Vec<&Expr> {
        let mut out = Vec::new();
        walk_operators(&self.statements, &mut |op| {
            if let OperatorKind::Where(e) = &op.kind {
                out.push(e);
            }
        });
        out
    }

    /// Every comparison-like node: [`Expr::Binary`] with a comparison or string operator,
    /// [`Expr::InList`] and [`Expr::Between`], anywhere in the query.
    pub fn comparisons(&self) -> Vec<&Expr> {
        let mut out = Vec::new();
        walk_statements(&self.statements, &mut |e| match e {
            Expr::Binary(b) if b.op.is_predicate() => out.push(e),
            Expr::InList(_) | Expr::Between(_) => out.push(e),
            _ => {}
        });
        out
    }

    /// Table names used as pipeline sources / union / join operands (wildcards kept).
    pub fn table_names(&self) -> Vec<&Ident> {
        let lets: Vec<&str> = self.let_bindings().map(|l| l.name.name.as_str()).collect();
        let mut out = Vec::new();
        walk_statements(&self.statements, &mut |e| {
            let mut sources: Vec<&Expr> = Vec::new();
            match e {
                Expr::Pipeline(p) => {
                    sources.extend(p.source.iter());
                    for op in &p.ops {
                        match &op.kind {
                            OperatorKind::Join { right, .. } => sources.push(right),
                            OperatorKind::Union { tables, .. } => sources.extend(tables.iter()),
                            _ => {}
                        }
                    }
                }
                Expr::Source(op) => {
                    if let OperatorKind::Union { tables, .. } = &op.kind {
                        sources.extend(tables.iter());
                    }
                }
                _ => {}
            }
            for s in sources {
                if let Expr::Name(n) = s.unparen() {
                    if !lets.contains(&n.name.as_str())
                        && !out.iter().any(|o: &&Ident| o.name == n.name)
                    {
                        out.push(n);
                    }
                }
            }
        });
        out
    }
}

/// Elements of a literal list expression: `dynamic([...])`, `pack_array(...)`,
/// `(a, b)`, or a `datatable` with one column.
pub fn literal_list(e: &Expr) -> Option<Vec<&Expr>> {
    match e.unparen() {
        Expr::Dynamic(d) => match &d.value {
            Expr::Array(a) => Some(a.items.iter().collect()),
            _ => None,
        },
        Expr::Array(a) | Expr::Tuple(a) => Some(a.items.iter().collect()),
        Expr::Call(c) if c.name.name == "pack_array" => {
            Some(c.args.iter().map(|a| &a.value).collect())
        }
        Expr::Datatable(d) if d.keyword.name == "datatable" && d.schema.len() == 1 => {
            Some(d.values.iter().collect())
        }
        _ => None,
    }
}
