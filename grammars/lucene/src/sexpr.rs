//! Compact S-expression rendering of the AST, for tests, snapshots and debugging.

use crate::ast::{Literal, Modifier, Node, NodeKind, NotOp, Query, Value};

/// Renders a query, e.g. `(or (term process.name cmd.exe) (not (term _ "a b")))`.
///
/// Terms print as `(term FIELD VALUE [~N] [^N])`; `FIELD` is `_` for the default fields and is
/// prefixed by `@` when inherited from `field:( )`. Unquoted values show escaped wildcard
/// characters as `\*` / `\?`; phrases use Rust string escaping; regexes print as `/.../`; ranges as
/// `[a TO b}`; comparisons as `>=10`. Empty query: `()`.
pub fn sexpr(q: &Query) -> String {
    let mut out = String::new();
    match &q.root {
        Some(n) => node(n, &mut out),
        None => out.push_str("()"),
    }
    out
}

fn lit(l: &Literal, out: &mut String) {
    if l.quoted {
        out.push_str(&format!("{:?}", l.value));
        return;
    }
    for (i, c) in l.value.char_indices() {
        if (c == '*' || c == '?') && !l.wildcards.contains(&i) {
            out.push('\\');
        }
        out.push(c);
    }
}

fn modifier(m: &Option<Modifier>, sym: char, out: &mut String) {
    if let Some(m) = m {
        out.push(' ');
        out.push(sym);
        if let Some(n) = &m.number {
            out.push_str(n);
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
    match &n.kind {
        NodeKind::Or(v) => list("or", v, out),
        NodeKind::And(v) => list("and", v, out),
        NodeKind::Implicit(v) => list("seq", v, out),
        NodeKind::Error(v) => list("error", v, out),
        NodeKind::Not { op, inner, .. } => {
            out.push_str(match op {
                NotOp::Not => "(not ",
                NotOp::Bang => "(! ",
                NotOp::Minus => "(- ",
            });
            node(inner, out);
            out.push(')');
        }
        NodeKind::Required(inner) => {
            out.push_str("(+ ");
            node(inner, out);
            out.push(')');
        }
        NodeKind::Group { field, body, boost } => {
            out.push_str("(group ");
            if let Some(f) = field {
                out.push_str(&f.name);
                out.push(' ');
            }
            node(body, out);
            modifier(boost, '^', out);
            out.push(')');
        }
        NodeKind::Exists { field } => {
            out.push_str("(exists ");
            out.push_str(&field.name);
            out.push(')');
        }
        NodeKind::MatchAll => out.push_str("(all)"),
        NodeKind::Term(t) => {
            out.push_str("(term ");
            match &t.field {
                Some(f) => {
                    if f.inherited {
                        out.push('@');
                    }
                    out.push_str(&f.name);
                }
                None => out.push('_'),
            }
            out.push(' ');
            match &t.value {
                Value::Term(l) | Value::Phrase(l) => lit(l, out),
                Value::Regex(l) => {
                    out.push('/');
                    out.push_str(&l.value);
                    out.push('/');
                }
                Value::Range(r) => {
                    out.push(if r.lower_inclusive { '[' } else { '{' });
                    lit(&r.lower, out);
                    out.push_str(" TO ");
                    lit(&r.upper, out);
                    out.push(if r.upper_inclusive { ']' } else { '}' });
                }
                Value::Compare { op, value, .. } => {
                    out.push_str(op.as_str());
                    lit(value, out);
                }
            }
            modifier(&t.fuzzy, '~', out);
            modifier(&t.boost, '^', out);
            out.push(')');
        }
    }
}
