//! The output columns of a query, when they can be known without table schemas: the last
//! `project` / `summarize` / `distinct` / `count` fixes the column set, later `extend`,
//! `project-rename`, `project-away`, `parse` and `mv-expand` adjust it. Anything that adds
//! columns detlint cannot name (`join`, `union`, `evaluate`, `arg_max(…, *)`, an unnamed
//! computed aggregate) makes the set unknown (`None`).

use super::KqlQuery;
use detlint_kusto as k;
use std::collections::BTreeSet;

/// The query's output columns, or `None` when they cannot be known.
pub fn output_columns(q: &KqlQuery) -> Option<BTreeSet<String>> {
    let mut body = q.ast.statements.iter().rev().find_map(|s| match s {
        k::Statement::Expr(e) => Some(e),
        _ => None,
    })?;
    // follow `let x = T | …; x`
    for _ in 0..8 {
        match body.unparen() {
            k::Expr::Name(n) => body = &q.ast.let_binding(&n.name)?.value,
            _ => break,
        }
    }
    match body.unparen() {
        k::Expr::Pipeline(p) => pipeline_columns(p),
        _ => None,
    }
}

/// The name of an unnamed projected / grouped expression.
fn plain_name(e: &k::Expr) -> Option<String> {
    match e.unparen() {
        k::Expr::Name(n) if !n.name.contains('*') => Some(n.name.clone()),
        k::Expr::Call(c) if matches!(c.name.name.as_str(), "bin" | "floor") => {
            plain_name(&c.args.first()?.value)
        }
        _ => None,
    }
}

fn assignment_names(items: &[k::Assignment]) -> Option<BTreeSet<String>> {
    let mut out = BTreeSet::new();
    for a in items {
        if a.names.is_empty() {
            out.insert(plain_name(&a.value)?);
        } else {
            out.extend(a.names.iter().map(|n| n.name.clone()));
        }
    }
    Some(out)
}

/// Default column names of unnamed aggregations.
fn aggregate_names(a: &k::Assignment, out: &mut BTreeSet<String>) -> Option<()> {
    if !a.names.is_empty() {
        out.extend(a.names.iter().map(|n| n.name.clone()));
        return Some(());
    }
    let k::Expr::Call(c) = a.value.unparen() else {
        return None;
    };
    let f = c.name.name.as_str();
    let arg = || c.args.first().and_then(|x| plain_name(&x.value));
    let name = match f {
        "count" | "countif" => format!("{f}_"),
        "dcount" | "min" | "max" | "sum" | "avg" | "dcountif" | "sumif" => {
            format!("{f}_{}", arg()?)
        }
        "make_set" | "makeset" | "make_set_if" => format!("set_{}", arg()?),
        "make_list" | "makelist" | "make_list_if" => format!("list_{}", arg()?),
        "arg_max" | "arg_min" => {
            for x in &c.args {
                out.insert(plain_name(&x.value)?);
            }
            return Some(());
        }
        _ => return None,
    };
    out.insert(name);
    Some(())
}

fn pipeline_columns(p: &k::Pipeline) -> Option<BTreeSet<String>> {
    let mut cols: Option<BTreeSet<String>> = None;
    for op in &p.ops {
        match &op.kind {
            k::OperatorKind::Project(items) => {
                if op.name.name != "project-reorder" {
                    cols = assignment_names(items);
                }
            }
            k::OperatorKind::Summarize { aggregates, by, .. } => {
                let mut out = BTreeSet::new();
                let ok = aggregates
                    .iter()
                    .all(|a| aggregate_names(a, &mut out).is_some())
                    && assignment_names(by).map(|b| out.extend(b)).is_some();
                cols = ok.then_some(out);
            }
            k::OperatorKind::Distinct(v) => {
                cols = v.iter().map(plain_name).collect::<Option<BTreeSet<_>>>();
            }
            k::OperatorKind::Count => cols = Some(BTreeSet::from(["Count".to_string()])),
            k::OperatorKind::Extend(items) | k::OperatorKind::Serialize(items) => {
                if let Some(c) = cols.as_mut() {
                    for a in items {
                        match (a.names.is_empty(), plain_name(&a.value)) {
                            (false, _) => c.extend(a.names.iter().map(|n| n.name.clone())),
                            (true, Some(n)) => {
                                c.insert(n);
                            }
                            (true, None) => {} // generated `Column1`: not mappable anyway
                        }
                    }
                }
            }
            k::OperatorKind::ProjectRename(items) => {
                if let Some(c) = cols.as_mut() {
                    for a in items {
                        if let Some(old) = plain_name(&a.value) {
                            c.remove(&old);
                        }
                        c.extend(a.names.iter().map(|n| n.name.clone()));
                    }
                }
            }
            k::OperatorKind::ProjectAway(v) => {
                let mut unknown = false;
                if let Some(c) = cols.as_mut() {
                    for e in v {
                        match e.unparen() {
                            k::Expr::Name(n) if n.name.ends_with('*') => {
                                let prefix = n.name.trim_end_matches('*');
                                c.retain(|x| !x.starts_with(prefix));
                            }
                            k::Expr::Name(n) => {
                                c.remove(&n.name);
                            }
                            _ => unknown = true,
                        }
                    }
                }
                if unknown {
                    cols = None;
                }
            }
            k::OperatorKind::Parse { pattern, .. } => {
                if let Some(c) = cols.as_mut() {
                    for part in pattern {
                        if let k::ParsePart::Column { name, .. } = part {
                            c.insert(name.name.clone());
                        }
                    }
                }
            }
            k::OperatorKind::MvExpand { items, .. } => {
                if let Some(c) = cols.as_mut() {
                    for it in items {
                        c.extend(it.item.names.iter().map(|n| n.name.clone()));
                    }
                }
            }
            k::OperatorKind::Where(_)
            | k::OperatorKind::Sort(_)
            | k::OperatorKind::Take(_)
            | k::OperatorKind::Top { .. }
            | k::OperatorKind::Render { .. }
            | k::OperatorKind::As { .. } => {}
            _ => cols = None,
        }
    }
    cols
}
