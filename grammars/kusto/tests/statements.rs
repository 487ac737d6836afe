//! Statement-level tests: `let` forms, functions, materialize, separators, comments,
//! let-list resolution helpers.

mod common;
use common::{ok, sq, sx};
use detlint_kusto::*;

#[test]
fn let_scalars_and_lists() {
    assert_eq!(
        sq("let n = 5; let t = 1d; let s = 'x'; T | where a > n"),
        "(let n 5); (let t 1d); (let s \"x\"); {T | (where (> a n))}"
    );
    assert_eq!(
        sq("let L = dynamic(['a', 'b']);\nT | where p has_any (L)"),
        "(let L (dynamic [\"a\" \"b\"])); {T | (where (has_any p [L]))}"
    );
}

#[test]
fn let_tabular_and_materialize() {
    assert_eq!(
        sq("let x = T | where a | project b;\nlet y = materialize(U | take 1);\nx | join (y) on b"),
        "(let x {T | (where a) | (project b)}); (let y materialize({U | (take 1)})); {x | (join y on b)}"
    );
    assert_eq!(
        sq("let m = toscalar(T | summarize max(a));"),
        "(let m toscalar({T | (summarize max(a) by )}))"
    );
}

#[test]
fn let_datatable() {
    assert_eq!(
        sq("let D = datatable(n:string, v:int) ['a', 1, 'b', 2];\nD"),
        "(let D (datatable (n:string v:int) [\"a\" 1 \"b\" 2])); D"
    );
}

#[test]
fn let_functions() {
    assert_eq!(
        sq("let f = (a:string, b:int = 5) { T | where c == a | take b };\nf('x')"),
        "(let f (fn (a:string b:int) {T | (where (== c a)) | (take b)})); f(\"x\")"
    );
    assert_eq!(
        sq("let g = () { let k = 1; T | where a == k };\ng()"),
        "(let g (fn () (let k 1); {T | (where (== a k))})); g()"
    );
    assert_eq!(
        sq("let h = (T:(*)) { T | take 1 }; h(U)"),
        "(let h (fn (T:(*)) {T | (take 1)})); h(U)"
    );
    assert_eq!(
        sq("let v = view () { T | take 1 }; v"),
        "(let v (view () {T | (take 1)})); v"
    );
}

#[test]
fn separators_comments_and_other_statements() {
    assert_eq!(
        sq("// header\nlet a = 1; // trailing\n;; T // end\n| take a;\n"),
        "(let a 1); {T | (take a)}"
    );
    assert_eq!(
        sq("set query_now = datetime(2024-01-01);\nT"),
        "(stmt set); T"
    );
    assert_eq!(
        sq("declare query_parameters(p:string = 'x');\nT"),
        "(stmt declare); T"
    );
}

#[test]
fn let_binding_resolution() {
    let q = ok("let L = dynamic(['a', \"b\"]);\nlet P = pack_array('c');\nlet N = 3;\nT | where x in (L) and y has_any (P) and z in (N, 'd')");
    assert_eq!(q.let_bindings().count(), 3);
    let items = q.resolve_list("L").expect("L resolves");
    assert_eq!(
        items.iter().copied().map(sx).collect::<Vec<_>>(),
        ["\"a\"", "\"b\""]
    );
    assert!(q.resolve_list("N").is_none());
    let lists: Vec<Vec<String>> = q
        .comparisons()
        .into_iter()
        .filter_map(|e| match e {
            Expr::InList(i) => Some(q.resolve_in_items(&i.items).into_iter().map(sx).collect()),
            _ => None,
        })
        .collect();
    assert_eq!(
        lists,
        vec![
            vec!["\"a\"".to_string(), "\"b\"".to_string()],
            vec!["\"c\"".to_string()],
            vec!["N".to_string(), "\"d\"".to_string()],
        ]
    );
}

#[test]
fn string_values_and_spans() {
    let src = "T | where a == @'C:\\Temp' and b has \"x\\\"y\"";
    let q = ok(src);
    let strs: Vec<(String, &str)> = {
        let mut v = Vec::new();
        visit::walk_statements(&q.statements, &mut |e| {
            if let Expr::String(s) = e {
                v.push((s.value.clone(), s.span.text(src)));
            }
        });
        v
    };
    assert_eq!(
        strs,
        vec![
            ("C:\\Temp".to_string(), "@'C:\\Temp'"),
            ("x\"y".to_string(), "\"x\\\"y\""),
        ]
    );
}

#[test]
fn table_names_helper() {
    let q = ok("let x = A | take 1;\nunion B, Dev*, (x) | join (C | where a) on k");
    let names: Vec<&str> = q.table_names().iter().map(|i| i.name.as_str()).collect();
    assert_eq!(names, ["A", "B", "Dev*", "C"]);
}

#[test]
fn every_node_span_lies_within_input() {
    let src = "let L = dynamic([1]); T | where a in (L) | summarize c = count() by b | top 3 by c";
    let q = ok(src);
    visit::walk_statements(&q.statements, &mut |e| {
        let s = e.span();
        assert!(s.start <= s.end && s.end <= src.len(), "{e:?}");
    });
}

#[test]
fn filter_view_for_lowering() {
    let src = "let L = dynamic(['a', 'b']);\nlet N = 5;\nT | where (x == 1 and y !has 'z' and w in (L)) or not(v between (1 .. N)) or isnotempty(u) or c > N";
    let q = ok(src);
    let w = q.where_predicates();
    let f = filter_of(w[0], &q);
    let Filter::Or(parts) = &f else {
        panic!("{f:?}")
    };
    assert_eq!(parts.len(), 4);
    let Filter::And(ands) = &parts[0] else {
        panic!()
    };
    assert_eq!(ands.len(), 3);
    let Filter::Predicate(p) = &ands[2] else {
        panic!()
    };
    assert_eq!(p.field_path, "w");
    assert_eq!(p.op, PredicateOp::List(ListOp::In));
    let vals: Vec<&str> = p.values.iter().map(|v| v.span().text(src)).collect();
    assert_eq!(vals, ["'a'", "'b'"]);
    let Filter::Not(inner) = &parts[1] else {
        panic!()
    };
    assert!(
        matches!(&**inner, Filter::Predicate(p) if p.op == PredicateOp::Between { negated: false })
    );
    assert!(matches!(parts[2], Filter::Opaque(_)));
    assert!(matches!(&parts[3], Filter::Predicate(p) if p.field_path == "c"));
    assert!(!f.is_fully_structured());
}
