//! Lowering search filters and where-expressions to And/Or/Not/Pred/Opaque.

use detlint_spl::*;

fn show(f: &Filter) -> String {
    match f {
        Filter::And(v, _) => format!("and({})", v.iter().map(show).collect::<Vec<_>>().join(", ")),
        Filter::Or(v, _) => format!("or({})", v.iter().map(show).collect::<Vec<_>>().join(", ")),
        Filter::Not(x, _) => format!("not({})", show(x)),
        Filter::Pred(p) => format!(
            "{}:{:?}:{}",
            p.field.as_ref().map(|f| f.name.as_str()).unwrap_or("_"),
            p.op,
            p.values
                .iter()
                .map(|v| v.value.as_str())
                .collect::<Vec<_>>()
                .join("|")
        ),
        Filter::Opaque(_) => "opaque".into(),
    }
}

fn first(src: &str) -> Filter {
    let p = parse(src);
    assert!(p.errors.is_empty(), "{:?}", p.errors);
    match &p.ast.commands[0].kind {
        CommandKind::Search(SearchCmd { filter: Some(f) }) => lower_search(f),
        CommandKind::Where(WhereCmd { expr: Some(e) }) => lower_expr(e),
        CommandKind::Tstats(t) => lower_search(t.filter.as_ref().unwrap()),
        k => panic!("{k:?}"),
    }
}

#[test]
fn search_filter_lowering() {
    assert_eq!(
        show(&first("`src` a=1 (b=\"x*\" OR NOT c IN (1, 2)) hello")),
        "and(opaque, a:Eq:1, or(b:Eq:x*, not(c:In:1|2)), _:Term:hello)"
    );
}

#[test]
fn tstats_where_lowering() {
    assert_eq!(
        show(&first(
            "| tstats count where P.name=cmd.exe P.parent!=explorer.exe by P.dest"
        )),
        "and(P.name:Eq:cmd.exe, P.parent:Ne:explorer.exe)"
    );
}

#[test]
fn where_lowering() {
    assert_eq!(
        show(&first("| where (a=\"x\" AND b>5) AND (like(c, \"%y%\") OR match(d, \"^z\") OR 3 < e) AND NOT isnull(f) AND g IN (\"p\", \"q\") AND cidrmatch(\"10.0.0.0/8\", ip) AND len(h) > 3")),
        "and(a:Eq:x, b:Gt:5, or(c:Like:%y%, d:Match:^z, e:Gt:3), not(f:IsNull:), g:In:p|q, ip:Cidr:10.0.0.0/8, opaque)"
    );
}

#[test]
fn values_keep_spans() {
    let src = "| where user==\"ad\\\"min\"";
    let p = parse(src);
    let CommandKind::Where(WhereCmd { expr: Some(e) }) = &p.ast.commands[0].kind else {
        panic!()
    };
    let Filter::Pred(pred) = lower_expr(e) else {
        panic!()
    };
    assert_eq!(pred.values[0].value, "ad\"min");
    assert_eq!(pred.values[0].span.text(src), "\"ad\\\"min\"");
    assert_eq!(pred.field.unwrap().span.text(src), "user");
}
