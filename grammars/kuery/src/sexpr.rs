//! Compact S-expression rendering of the AST, for tests, snapshots and debugging.

use crate::ast::{Literal, Node, NodeKind, Query, ValueExpr, ValueKind};

/// Renders a query as an S-expression, e.g. `(and (match process.name "cmd.exe") (exists user.id))`.
///
/// Quoted literals are shown with Rust string escaping; unquoted literals are shown decoded, with
/// literal (escaped) stars as `\*` so that wildcards stay distinguishable. Empty query: `()`.
pub fn sexpr(q: &Query) -> String {
    let mut out = String::new();
    match &q.root {
        Some(n) => node(n, &mut out),
        None => out.push_str("()"),
    }
    out
}

/// Renders one literal as in [`sexpr`].
pub fn literal_sexpr(l: &Literal) -> String {
    let mut out = String::new();
    lit(l, &mut out);
    out
}

fn lit(l: &Literal, out: &mut String) {
    if l.quoted {
        out.push_str(&format!("{:?}", l.value));
        return;
    }
    for (i, c) in l.value.char_indices() {
        if c == '*' && !l.wildcards.contains(&i) {
            out.push_str("\\*");
        } else {
            out.push(c);
        }
    }
}

fn list(tag: &str, items: &[Node], out: &mut String) {
    out.push('(');
    out.push_str(tag);
    for n in items {
        out.push(' ');
        node(n, out);
    }
    out.push(')');
}

fn node(n: &Node, out: &mut String) {
    // Iteration would be nicer, but depth is capped by the parser (MAX_DEPTH).
    match &n.kind {
        NodeKind::Or(v) => list("or", v, out),
        NodeKind::And(v) => list("and", v, out),
        NodeKind::Error(v) => list("error", v, out),
        NodeKind::Not(x) => {
            out.push_str("(not ");
            node(x, out);
            out.push(')');
        }
        NodeKind::Group(x) => {
            out.push_str("(group ");
            node(x, out);
            out.push(')');
        }
        NodeKind::Match { field, value, .. } => {
            out.push_str("(match ");
            lit(field, out);
            out.push(' ');
            val(value, out);
            out.push(')');
        }
        NodeKind::Exists { field, .. } => {
            out.push_str("(exists ");
            lit(field, out);
            out.push(')');
        }
        NodeKind::Range {
            field, op, value, ..
        } => {
            out.push_str("(range ");
            lit(field, out);
            out.push(' ');
            out.push_str(op.as_str());
            out.push(' ');
            lit(value, out);
            out.push(')');
        }
        NodeKind::Nested { field, query } => {
            out.push_str("(nested ");
            lit(field, out);
            if let Some(q) = query {
                out.push(' ');
                node(q, out);
            }
            out.push(')');
        }
        NodeKind::FullText(l) => {
            out.push_str("(text ");
            lit(l, out);
            out.push(')');
        }
    }
}

fn val(v: &ValueExpr, out: &mut String) {
    let (tag, items): (&str, &[ValueExpr]) = match &v.kind {
        ValueKind::Or(xs) => ("or", xs),
        ValueKind::And(xs) => ("and", xs),
        ValueKind::Not(x) => ("not", std::slice::from_ref(x.as_ref())),
        ValueKind::Group(x) => ("group", std::slice::from_ref(x.as_ref())),
        ValueKind::Literal(l) => return lit(l, out),
        ValueKind::Error => return out.push_str("(error)"),
    };
    out.push('(');
    out.push_str(tag);
    for x in items {
        out.push(' ');
        val(x, out);
    }
    out.push(')');
}
