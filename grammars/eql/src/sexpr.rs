//! Compact S-expression rendering of the AST, for tests and debugging.

use crate::ast::*;

/// Renders a query as a compact S-expression, e.g.
/// `(event process (== process.name "cmd.exe"))`.
pub fn to_sexpr(q: &Query) -> String {
    let mut out = String::new();
    body(&mut out, &q.body);
    for p in &q.pipes {
        out.push_str(" (pipe ");
        out.push_str(&p.name.text);
        for a in &p.args {
            out.push(' ');
            expr_into(&mut out, a);
        }
        out.push(')');
    }
    for _ in &q.junk {
        out.push_str(" (error)");
    }
    out
}

/// Renders one expression as a compact S-expression.
pub fn expr_sexpr(e: &Expr) -> String {
    let mut out = String::new();
    expr_into(&mut out, e);
    out
}

fn keys(out: &mut String, by: &[Expr]) {
    if by.is_empty() {
        return;
    }
    out.push_str(" (by");
    for k in by {
        out.push(' ');
        expr_into(out, k);
    }
    out.push(')');
}

fn event(out: &mut String, q: &EventQuery) {
    out.push_str("(event ");
    match q.category.kind {
        CategoryKind::Any => out.push_str("any"),
        CategoryKind::Identifier => out.push_str(&q.category.name),
        CategoryKind::String => {
            out.push('"');
            out.push_str(&q.category.name);
            out.push('"');
        }
        CategoryKind::Missing => out.push_str("<missing>"),
    }
    out.push(' ');
    expr_into(out, &q.condition);
    out.push(')');
}

fn sub(out: &mut String, s: &SubQuery) {
    out.push_str(if s.missing { "(sub! " } else { "(sub " });
    event(out, &s.query);
    keys(out, &s.by);
    if let Some(r) = &s.runs {
        out.push_str(&format!(" (runs {})", r.value));
    }
    for _ in &s.junk {
        out.push_str(" (error)");
    }
    out.push(')');
}

fn subs(out: &mut String, qs: &[SubQuery], until: Option<&SubQuery>) {
    for s in qs {
        out.push(' ');
        sub(out, s);
    }
    if let Some(u) = until {
        out.push_str(" (until ");
        sub(out, u);
        out.push(')');
    }
}

fn body(out: &mut String, b: &QueryBody) {
    match b {
        QueryBody::Event(q) => event(out, q),
        QueryBody::Sequence(s) => {
            out.push_str("(sequence");
            keys(out, &s.by);
            if let Some(m) = &s.maxspan {
                out.push_str(&format!(" (maxspan {} {})", m.value, m.unit));
            }
            subs(out, &s.queries, s.until.as_deref());
            out.push(')');
        }
        QueryBody::Sample(s) => {
            out.push_str("(sample");
            keys(out, &s.by);
            subs(out, &s.queries, None);
            out.push(')');
        }
        QueryBody::Join(j) => {
            out.push_str("(join");
            keys(out, &j.by);
            subs(out, &j.queries, j.until.as_deref());
            out.push(')');
        }
        QueryBody::Error(_) => out.push_str("(error)"),
    }
}

fn expr_into(out: &mut String, e: &Expr) {
    match e {
        Expr::Logical(l) => {
            out.push_str(match l.op {
                LogicalOp::And => "(and",
                LogicalOp::Or => "(or",
            });
            for o in &l.operands {
                out.push(' ');
                expr_into(out, o);
            }
            out.push(')');
        }
        Expr::Not(n) => {
            out.push_str("(not ");
            expr_into(out, &n.expr);
            out.push(')');
        }
        Expr::Comparison(c) => {
            out.push('(');
            if c.negated {
                out.push_str("not ");
            }
            out.push_str(c.op.as_str());
            out.push(' ');
            expr_into(out, &c.lhs);
            if c.list_span.is_some() {
                out.push_str(" [");
                for (i, v) in c.values.iter().enumerate() {
                    if i > 0 {
                        out.push(' ');
                    }
                    expr_into(out, v);
                }
                out.push(']');
            } else {
                for v in &c.values {
                    out.push(' ');
                    expr_into(out, v);
                }
            }
            out.push(')');
        }
        Expr::Arith(a) => {
            out.push('(');
            expr_into(out, &a.first);
            for (op, _, rhs) in &a.rest {
                out.push_str(match op {
                    ArithOp::Add => " + ",
                    ArithOp::Sub => " - ",
                    ArithOp::Mul => " * ",
                    ArithOp::Div => " / ",
                    ArithOp::Mod => " % ",
                });
                expr_into(out, rhs);
            }
            out.push(')');
        }
        Expr::Neg(n) => {
            out.push_str("(- ");
            expr_into(out, &n.expr);
            out.push(')');
        }
        Expr::Call(c) => {
            out.push_str("(call ");
            out.push_str(&c.name.text);
            if c.case_insensitive {
                out.push('~');
            }
            for a in &c.args {
                out.push(' ');
                expr_into(out, a);
            }
            out.push(')');
        }
        Expr::Field(f) => {
            if f.optional {
                out.push('?');
            }
            for (i, seg) in f.segments.iter().enumerate() {
                match seg {
                    FieldSegment::Name { name, quoted, .. } => {
                        if i > 0 {
                            out.push('.');
                        }
                        if *quoted {
                            out.push('`');
                            out.push_str(name);
                            out.push('`');
                        } else {
                            out.push_str(name);
                        }
                    }
                    FieldSegment::Index { index, .. } => {
                        out.push_str(&format!("[{index}]"));
                    }
                }
            }
        }
        Expr::Literal(l) => match &l.value {
            LiteralValue::String { value, .. } => out.push_str(&format!("{value:?}")),
            LiteralValue::Number { value, .. } => out.push_str(&value.to_string()),
            LiteralValue::Bool(b) => out.push_str(if *b { "true" } else { "false" }),
            LiteralValue::Null => out.push_str("null"),
        },
        Expr::Paren(p) => {
            out.push_str("(paren ");
            expr_into(out, &p.expr);
            out.push(')');
        }
        Expr::Lineage(l) => {
            out.push_str("(lineage ");
            out.push_str(&l.relation.text);
            out.push(' ');
            event(out, &l.query);
            out.push(')');
        }
        Expr::Error(_) => out.push_str("<error>"),
    }
}
