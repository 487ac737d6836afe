//! Small traversal helpers over the AST.

use crate::ast::*;

/// Call `f` on every command of `p`, including commands of nested subsearches
/// (depth-first, in source order).
pub fn walk_commands<'a>(p: &'a Pipeline, f: &mut dyn FnMut(&'a Command)) {
    for c in &p.commands {
        f(c);
        for s in subsearches(c) {
            walk_commands(&s.pipeline, f);
        }
    }
}

/// Subsearches directly owned by a command (in its filter or arguments).
pub fn subsearches(c: &Command) -> Vec<&Subsearch> {
    let mut out = Vec::new();
    match &c.kind {
        CommandKind::Search(s) => {
            if let Some(f) = &s.filter {
                search_subsearches(f, &mut out);
            }
        }
        CommandKind::Tstats(t) => {
            if let Some(f) = &t.filter {
                search_subsearches(f, &mut out);
            }
        }
        CommandKind::Inputlookup(t) => {
            if let Some(f) = &t.filter {
                search_subsearches(f, &mut out);
            }
        }
        CommandKind::Join(j) => out.extend(j.subsearch.as_deref()),
        CommandKind::Append(a) => out.extend(a.subsearch.as_deref()),
        CommandKind::Generic(g) => args_subsearches(&g.args, &mut out),
        _ => {}
    }
    out
}

fn args_subsearches<'a>(args: &'a [Arg], out: &mut Vec<&'a Subsearch>) {
    for a in args {
        match a {
            Arg::Subsearch(s) => out.push(s),
            Arg::Call { args, .. } | Arg::Group { args, .. } => args_subsearches(args, out),
            _ => {}
        }
    }
}

fn search_subsearches<'a>(e: &'a SearchExpr, out: &mut Vec<&'a Subsearch>) {
    match e {
        SearchExpr::And { items, .. } | SearchExpr::Or { items, .. } => {
            for i in items {
                search_subsearches(i, out);
            }
        }
        SearchExpr::Not { expr, .. } | SearchExpr::Group { expr, .. } => {
            search_subsearches(expr, out)
        }
        SearchExpr::Subsearch(s) => out.push(s),
        _ => {}
    }
}

/// All `Compare` and `In` leaves of a search filter, in source order.
pub fn search_predicates(e: &SearchExpr) -> Vec<&SearchExpr> {
    let mut out = Vec::new();
    fn go<'a>(e: &'a SearchExpr, out: &mut Vec<&'a SearchExpr>) {
        match e {
            SearchExpr::And { items, .. } | SearchExpr::Or { items, .. } => {
                items.iter().for_each(|i| go(i, out))
            }
            SearchExpr::Not { expr, .. } | SearchExpr::Group { expr, .. } => go(expr, out),
            SearchExpr::Compare { .. } | SearchExpr::In { .. } => out.push(e),
            _ => {}
        }
    }
    go(e, &mut out);
    out
}

/// All comparison nodes (`Binary` with a comparison operator, and `In`) of an eval expression.
pub fn expr_comparisons(e: &Expr) -> Vec<&Expr> {
    let mut out = Vec::new();
    fn go<'a>(e: &'a Expr, out: &mut Vec<&'a Expr>) {
        match e {
            Expr::Binary { op, lhs, rhs, .. } => {
                if op.is_comparison() {
                    out.push(e);
                }
                go(lhs, out);
                go(rhs, out);
            }
            Expr::In { expr, list, .. } => {
                out.push(e);
                go(expr, out);
                list.iter().for_each(|x| go(x, out));
            }
            Expr::Unary { expr, .. } | Expr::Paren { expr, .. } => go(expr, out),
            Expr::Call { args, .. } => args.iter().for_each(|x| go(x, out)),
            _ => {}
        }
    }
    go(e, &mut out);
    out
}
