//! Compact S-expression rendering of expressions, for tests and debugging.

use crate::ast::*;

impl Expr {
    /// Renders the expression as a compact S-expression, e.g.
    /// `(and (== process.name "cmd.exe") (like user.name "a*"))`.
    pub fn sexpr(&self) -> String {
        let mut out = String::new();
        write_expr(self, &mut out);
        out
    }
}

fn op_str(op: BinaryOp) -> &'static str {
    match op {
        BinaryOp::Eq => "==",
        BinaryOp::EqIgnoreCase => "=~",
        BinaryOp::Neq => "!=",
        BinaryOp::Lt => "<",
        BinaryOp::Le => "<=",
        BinaryOp::Gt => ">",
        BinaryOp::Ge => ">=",
        BinaryOp::Add => "+",
        BinaryOp::Sub => "-",
        BinaryOp::Mul => "*",
        BinaryOp::Div => "/",
        BinaryOp::Mod => "%",
    }
}

fn list(items: &[Expr], out: &mut String) {
    for i in items {
        out.push(' ');
        write_expr(i, out);
    }
}

fn write_expr(e: &Expr, out: &mut String) {
    match &e.kind {
        ExprKind::Field(q) => out.push_str(&q.text()),
        ExprKind::Literal(l) => match l {
            Literal::Null => out.push_str("null"),
            Literal::Bool(b) => out.push_str(if *b { "true" } else { "false" }),
            Literal::Integer(i) => out.push_str(&i.to_string()),
            Literal::Decimal(d) => out.push_str(&format!("{d:?}")),
            Literal::String(s) => out.push_str(&format!("{:?}", s.value)),
            Literal::TimeSpan { value, unit } => {
                out.push_str(&format!("(span {value} {})", unit.name))
            }
        },
        ExprKind::Param(p) => {
            out.push('?');
            out.push_str(&p.name);
        }
        ExprKind::Star => out.push('*'),
        ExprKind::Call(c) => {
            out.push_str("(call ");
            out.push_str(&c.name.name);
            list(&c.args, out);
            out.push(')');
        }
        ExprKind::Unary { op, operand, .. } => {
            out.push_str(match op {
                UnaryOp::Not => "(not ",
                UnaryOp::Neg => "(neg ",
                UnaryOp::Plus => "(pos ",
            });
            write_expr(operand, out);
            out.push(')');
        }
        ExprKind::Logical { op, operands, .. } => {
            out.push_str(match op {
                LogicalOp::And => "(and",
                LogicalOp::Or => "(or",
            });
            list(operands, out);
            out.push(')');
        }
        ExprKind::Binary { op, lhs, rhs, .. } => {
            out.push('(');
            out.push_str(op_str(*op));
            out.push(' ');
            write_expr(lhs, out);
            out.push(' ');
            write_expr(rhs, out);
            out.push(')');
        }
        ExprKind::Like {
            expr,
            negated,
            kind,
            patterns,
            ..
        } => {
            out.push('(');
            if *negated {
                out.push_str("not-");
            }
            out.push_str(match kind {
                LikeKind::Like => "like ",
                LikeKind::RLike => "rlike ",
            });
            write_expr(expr, out);
            list(patterns, out);
            out.push(')');
        }
        ExprKind::In {
            expr,
            negated,
            list: items,
            ..
        } => {
            out.push_str(if *negated { "(not-in " } else { "(in " });
            write_expr(expr, out);
            list(items, out);
            out.push(')');
        }
        ExprKind::IsNull { expr, negated } => {
            out.push_str(if *negated {
                "(is-not-null "
            } else {
                "(is-null "
            });
            write_expr(expr, out);
            out.push(')');
        }
        ExprKind::Match { field, query } => {
            out.push_str("(match ");
            write_expr(field, out);
            out.push(' ');
            write_expr(query, out);
            out.push(')');
        }
        ExprKind::Cast { expr, ty } => {
            out.push_str("(cast ");
            write_expr(expr, out);
            out.push(' ');
            out.push_str(&ty.name);
            out.push(')');
        }
        ExprKind::Paren(inner) => {
            out.push_str("(paren ");
            write_expr(inner, out);
            out.push(')');
        }
        ExprKind::List(items) => {
            out.push_str("[list");
            list(items, out);
            out.push(']');
        }
        ExprKind::Map(entries) => {
            out.push_str("{map");
            for (k, v) in entries {
                out.push_str(&format!(" {:?}:", k.value));
                write_expr(v, out);
            }
            out.push('}');
        }
        ExprKind::Error => out.push_str("<error>"),
    }
}
