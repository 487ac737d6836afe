//! Traversal helpers over the AST.

use crate::ast::*;

impl Expr {
    /// Calls `f` on this expression and every sub-expression, pre-order.
    pub fn walk<'a>(&'a self, f: &mut impl FnMut(&'a Expr)) {
        // Explicit stack: no recursion, whatever the tree depth.
        let mut stack: Vec<&'a Expr> = vec![self];
        while let Some(e) = stack.pop() {
            f(e);
            match e {
                Expr::Logical(x) => stack.extend(x.operands.iter().rev()),
                Expr::Not(x) => stack.push(&x.expr),
                Expr::Comparison(x) => {
                    stack.extend(x.values.iter().rev());
                    stack.push(&x.lhs);
                }
                Expr::Arith(x) => {
                    stack.extend(x.rest.iter().rev().map(|r| &r.2));
                    stack.push(&x.first);
                }
                Expr::Neg(x) => stack.push(&x.expr),
                Expr::Call(x) => stack.extend(x.args.iter().rev()),
                Expr::Paren(x) => stack.push(&x.expr),
                Expr::Lineage(x) => stack.push(&x.query.condition),
                Expr::Field(_) | Expr::Literal(_) | Expr::Error(_) => {}
            }
        }
    }
}

impl SubQuery {
    /// The sub-query's condition followed by its join keys.
    fn exprs(&self) -> impl Iterator<Item = &Expr> {
        std::iter::once(&self.query.condition).chain(self.by.iter())
    }
}

impl Query {
    /// Every event query (the body itself, or each sub-query of a sequence/sample/join
    /// including `until`), in source order.
    pub fn event_queries(&self) -> Vec<&EventQuery> {
        self.sub_queries()
            .into_iter()
            .map(|s| &s.query)
            .chain(match &self.body {
                QueryBody::Event(q) => Some(q),
                _ => None,
            })
            .collect()
    }

    /// Every bracketed sub-query (including `until`), in source order.
    pub fn sub_queries(&self) -> Vec<&SubQuery> {
        match &self.body {
            QueryBody::Sequence(s) => s.queries.iter().chain(s.until.as_deref()).collect(),
            QueryBody::Sample(s) => s.queries.iter().collect(),
            QueryBody::Join(j) => j.queries.iter().chain(j.until.as_deref()).collect(),
            QueryBody::Event(_) | QueryBody::Error(_) => Vec::new(),
        }
    }

    /// Top-level expressions: conditions, join keys and pipe arguments, in source order.
    pub fn root_exprs(&self) -> Vec<&Expr> {
        let mut out: Vec<&Expr> = Vec::new();
        match &self.body {
            QueryBody::Event(q) => out.push(&q.condition),
            QueryBody::Sequence(s) => {
                out.extend(s.by.iter());
                for sq in s.queries.iter().chain(s.until.as_deref()) {
                    out.extend(sq.exprs());
                }
            }
            QueryBody::Sample(s) => {
                out.extend(s.by.iter());
                for sq in &s.queries {
                    out.extend(sq.exprs());
                }
            }
            QueryBody::Join(j) => {
                out.extend(j.by.iter());
                for sq in j.queries.iter().chain(j.until.as_deref()) {
                    out.extend(sq.exprs());
                }
            }
            QueryBody::Error(_) => {}
        }
        for p in &self.pipes {
            out.extend(p.args.iter());
        }
        out
    }

    /// Calls `f` on every expression node of the query, pre-order.
    pub fn walk_exprs<'a>(&'a self, f: &mut impl FnMut(&'a Expr)) {
        for e in self.root_exprs() {
            e.walk(f);
        }
    }

    /// Every comparison (`==`, `:`, `like~`, `in`, ...) in the query, in source order.
    pub fn comparisons(&self) -> Vec<&Comparison> {
        let mut out = Vec::new();
        self.walk_exprs(&mut |e| {
            if let Expr::Comparison(c) = e {
                out.push(c);
            }
        });
        out
    }

    /// Every function call in the query, in source order.
    pub fn calls(&self) -> Vec<&Call> {
        let mut out = Vec::new();
        self.walk_exprs(&mut |e| {
            if let Expr::Call(c) = e {
                out.push(c);
            }
        });
        out
    }

    /// Every field reference in the query, in source order.
    pub fn fields(&self) -> Vec<&Field> {
        let mut out = Vec::new();
        self.walk_exprs(&mut |e| {
            if let Expr::Field(x) = e {
                out.push(x);
            }
        });
        out
    }
}
