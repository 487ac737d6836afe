//! Test helpers: parse and render the AST as compact S-expressions.
#![allow(dead_code)]

use detlint_kusto::*;

/// Parses and asserts there are no errors.
pub fn ok(src: &str) -> Query {
    let p = parse(src);
    assert!(
        p.errors.is_empty(),
        "unexpected errors for {src:?}: {:#?}",
        p.errors
    );
    p.ast
}

/// Parses `T | where <pred>` and returns the predicate rendered as an S-expression.
pub fn pred(pred: &str) -> String {
    let src = format!("T | where {pred}");
    let q = ok(&src);
    let w = q.where_predicates();
    assert_eq!(w.len(), 1, "{src}");
    sx(w[0])
}

/// Renders the whole query.
pub fn sq(src: &str) -> String {
    let q = ok(src);
    q.statements.iter().map(stmt).collect::<Vec<_>>().join("; ")
}

pub fn stmt(s: &Statement) -> String {
    match s {
        Statement::Let(l) => format!("(let {} {})", l.name.name, sx(&l.value)),
        Statement::Expr(e) => sx(e),
        Statement::Other(o) => format!("(stmt {})", o.keyword.name),
        Statement::Error(_) => "ERR".into(),
    }
}

fn list(items: &[Expr]) -> String {
    items.iter().map(sx).collect::<Vec<_>>().join(" ")
}

fn assigns(a: &[Assignment]) -> String {
    a.iter()
        .map(|a| {
            if a.names.is_empty() {
                sx(&a.value)
            } else {
                let n: Vec<&str> = a.names.iter().map(|n| n.name.as_str()).collect();
                format!("(= {} {})", n.join(","), sx(&a.value))
            }
        })
        .collect::<Vec<_>>()
        .join(" ")
}

fn params(p: &[NamedParam]) -> String {
    p.iter()
        .map(|p| format!("{}={} ", p.name.name, sx(&p.value)))
        .collect()
}

fn keys(k: &[SortKey]) -> String {
    k.iter()
        .map(|k| {
            let mut s = sx(&k.expr);
            if let Some(o) = &k.order {
                s = format!("{s}:{}", o.name);
            }
            s
        })
        .collect::<Vec<_>>()
        .join(" ")
}

pub fn op(o: &Operator) -> String {
    let n = &o.name.name;
    match &o.kind {
        OperatorKind::Where(e) => format!("(where {})", sx(e)),
        OperatorKind::Extend(a) | OperatorKind::Project(a) | OperatorKind::ProjectRename(a) => {
            format!("({n} {})", assigns(a))
        }
        OperatorKind::Print(a) | OperatorKind::Serialize(a) => format!("({n} {})", assigns(a)),
        OperatorKind::ProjectAway(v) | OperatorKind::Distinct(v) => format!("({n} {})", list(v)),
        OperatorKind::Summarize {
            params: p,
            aggregates,
            by,
        } => format!(
            "(summarize {}{} by {})",
            params(p),
            assigns(aggregates),
            assigns(by)
        ),
        OperatorKind::Join {
            params: p,
            right,
            on,
        } => format!("({n} {}{} on {})", params(p), sx(right), list(on)),
        OperatorKind::Union { params: p, tables } => {
            format!("(union {}{})", params(p), list(tables))
        }
        OperatorKind::Parse {
            params: p,
            source,
            pattern,
        } => {
            let parts: Vec<String> = pattern
                .iter()
                .map(|x| match x {
                    ParsePart::Literal(s) => format!("{:?}", s.value),
                    ParsePart::Star(_) => "*".into(),
                    ParsePart::Column { name, ty } => match ty {
                        Some(t) => format!("{}:{}", name.name, t.text),
                        None => name.name.clone(),
                    },
                })
                .collect();
            format!("({n} {}{} with {})", params(p), sx(source), parts.join(" "))
        }
        OperatorKind::MvExpand {
            params: p, items, ..
        }
        | OperatorKind::MvApply {
            params: p, items, ..
        } => {
            let it: Vec<String> = items
                .iter()
                .map(|i| {
                    let a = assigns(std::slice::from_ref(&i.item));
                    match &i.to_type {
                        Some(t) => format!("{a} to {}", sx(t)),
                        None => a,
                    }
                })
                .collect();
            let on = match &o.kind {
                OperatorKind::MvApply { on: Some(q), .. } => format!(" on {}", sx(q)),
                _ => String::new(),
            };
            format!("({n} {}{}{on})", params(p), it.join(" "))
        }
        OperatorKind::Top { count, by } => format!("(top {} by {})", sx(count), keys(by)),
        OperatorKind::Sort(k) => format!("({n} {})", keys(k)),
        OperatorKind::Take(e) => format!("({n} {})", sx(e)),
        OperatorKind::Count => "(count)".into(),
        OperatorKind::GetSchema => "(getschema)".into(),
        OperatorKind::Evaluate { params: p, call } => {
            format!("(evaluate {}{})", params(p), sx(call))
        }
        OperatorKind::Invoke(e) => format!("(invoke {})", sx(e)),
        OperatorKind::MakeSeries {
            aggregates,
            on,
            range,
            by,
            ..
        } => {
            let r: Vec<String> = range
                .iter()
                .map(|(k, v)| format!("{} {}", k.name, sx(v)))
                .collect();
            format!(
                "(make-series {} on {} {} by {})",
                assigns(aggregates),
                on.as_ref().map(sx).unwrap_or_default(),
                r.join(" "),
                assigns(by)
            )
        }
        OperatorKind::Render {
            visualization,
            with,
        } => format!(
            "(render {}{})",
            visualization
                .as_ref()
                .map(|v| v.name.as_str())
                .unwrap_or(""),
            if with.is_empty() { "" } else { " with" }
        ),
        OperatorKind::As { name, .. } => format!(
            "(as {})",
            name.as_ref().map(|v| v.name.as_str()).unwrap_or("")
        ),
        OperatorKind::Search {
            params: p,
            tables,
            predicate,
        } => format!("(search {}[{}] {})", params(p), list(tables), sx(predicate)),
        OperatorKind::Find {
            tables,
            predicate,
            project,
            ..
        } => format!(
            "(find [{}] {} [{}])",
            list(tables),
            sx(predicate),
            list(project)
        ),
        OperatorKind::Range {
            column,
            from,
            to,
            step,
        } => format!(
            "(range {} {} {} {})",
            column.as_ref().map(|c| c.name.as_str()).unwrap_or(""),
            from.as_ref().map(sx).unwrap_or_default(),
            to.as_ref().map(sx).unwrap_or_default(),
            step.as_ref().map(sx).unwrap_or_default()
        ),
        OperatorKind::Generic { args, .. } => format!("({n} ~{})", args.len()),
        OperatorKind::Error(_) => "(ERR)".into(),
    }
}

/// Compact S-expression rendering of an expression.
pub fn sx(e: &Expr) -> String {
    match e {
        Expr::Name(i) => i.name.clone(),
        Expr::String(s) => format!("{:?}", s.value),
        Expr::Number(l) => l.text.clone(),
        Expr::Timespan(l) => l.text.clone(),
        Expr::Bool(b) => b.value.to_string(),
        Expr::Null(_) => "null".into(),
        Expr::Star(_) => "*".into(),
        Expr::TypedLit(t) => format!("{}({})", t.type_name.name, t.raw),
        Expr::Dynamic(d) => format!("(dynamic {})", sx(&d.value)),
        Expr::Array(l) => format!("[{}]", list(&l.items)),
        Expr::Tuple(l) => format!("(tuple {})", list(&l.items)),
        Expr::Object(o) => {
            let es: Vec<String> = o
                .entries
                .iter()
                .map(|(k, v)| format!("{}:{}", sx(k), sx(v)))
                .collect();
            format!("{{{}}}", es.join(" "))
        }
        Expr::Unary(u) => format!(
            "({} {})",
            if u.op == UnaryOp::Neg { "neg" } else { "pos" },
            sx(&u.operand)
        ),
        Expr::Not(n) => format!("(not {})", sx(&n.operand)),
        Expr::Logical(l) => format!("({} {})", l.op.as_str(), list(&l.operands)),
        Expr::Binary(b) => format!("({} {} {})", b.op.as_str(), sx(&b.lhs), sx(&b.rhs)),
        Expr::InList(i) => format!("({} {} [{}])", i.op.as_str(), sx(&i.lhs), list(&i.items)),
        Expr::Between(b) => format!(
            "({}between {} {} {})",
            if b.negated { "!" } else { "" },
            sx(&b.lhs),
            sx(&b.low),
            sx(&b.high)
        ),
        Expr::Call(c) => {
            let a: Vec<String> = c
                .args
                .iter()
                .map(|a| match &a.name {
                    Some(n) => format!("{}={}", n.name, sx(&a.value)),
                    None => sx(&a.value),
                })
                .collect();
            if a.is_empty() {
                format!("{}()", c.name.name)
            } else {
                format!("{}({})", c.name.name, a.join(" "))
            }
        }
        Expr::Member(m) => format!("{}.{}", sx(&m.object), m.member.name),
        Expr::Index(i) => format!("{}[{}]", sx(&i.object), sx(&i.index)),
        Expr::Paren(p) => sx(&p.inner),
        Expr::Pipeline(p) => {
            let mut parts = vec![p.source.as_ref().map(sx).unwrap_or_else(|| "_".into())];
            parts.extend(p.ops.iter().map(op));
            format!("{{{}}}", parts.join(" | "))
        }
        Expr::Source(o) => op(o),
        Expr::Datatable(d) => {
            let cols: Vec<String> = d
                .schema
                .iter()
                .map(|p| {
                    format!(
                        "{}:{}",
                        p.name.name,
                        p.ty.as_ref().map(|t| t.text.as_str()).unwrap_or("?")
                    )
                })
                .collect();
            format!(
                "({} ({}) [{}])",
                d.keyword.name,
                cols.join(" "),
                list(&d.values)
            )
        }
        Expr::Function(f) => {
            let ps: Vec<String> = f
                .params
                .iter()
                .map(|p| {
                    format!(
                        "{}:{}",
                        p.name.name,
                        p.ty.as_ref().map(|t| t.text.as_str()).unwrap_or("?")
                    )
                })
                .collect();
            let body: Vec<String> = f.body.iter().map(stmt).collect();
            format!(
                "({} ({}) {})",
                if f.is_view { "view" } else { "fn" },
                ps.join(" "),
                body.join("; ")
            )
        }
        Expr::Error(_) => "ERR".into(),
    }
}
