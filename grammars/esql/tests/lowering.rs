mod common;
use common::*;
use detlint_esql::*;

fn lowered(c: &str) -> (String, Filter) {
    let src = format!("FROM x | WHERE {c}");
    let q = ok(&src);
    let f = lower(q.where_conditions()[0]);
    (src, f)
}

fn pred(f: &Filter) -> &Predicate {
    match f {
        Filter::Predicate(p) => p,
        other => panic!("not a predicate: {other:?}"),
    }
}

#[test]
fn like_predicate_with_spans() {
    let (src, f) = lowered(r#"process.name LIKE "*x*""#);
    let p = pred(&f);
    assert_eq!(p.field, "process.name");
    assert_eq!(p.field_span.text(&src), "process.name");
    assert_eq!(p.op, PredOp::Like);
    assert_eq!(p.values[0].kind, ValueKind::String("*x*".into()));
    assert_eq!(p.values[0].span.text(&src), "\"*x*\"");
}

#[test]
fn in_and_not_in() {
    let (_, f) = lowered(r#"a IN ("a", "b")"#);
    let p = pred(&f);
    assert_eq!(p.op, PredOp::In);
    assert_eq!(p.values.len(), 2);
    let (_, f) = lowered(r#"a NOT IN ("a")"#);
    let Filter::Not(inner) = f else { panic!() };
    assert_eq!(pred(&inner).op, PredOp::In);
}

#[test]
fn cidr_match() {
    let (src, f) = lowered(r#"CIDR_MATCH(source.ip, "10.0.0.0/8", "fe80::/10")"#);
    let p = pred(&f);
    assert_eq!(p.op, PredOp::CidrMatch);
    assert_eq!(p.field, "source.ip");
    assert_eq!(p.values.len(), 2);
    assert_eq!(p.values[1].span.text(&src), "\"fe80::/10\"");
}

#[test]
fn boolean_structure() {
    let (_, f) = lowered(r#"a == 1 and (b like "x" or c != "y") and not d is null"#);
    let Filter::And(items) = &f else { panic!() };
    assert_eq!(items.len(), 3);
    assert_eq!(pred(&items[0]).op, PredOp::Eq);
    assert_eq!(pred(&items[0]).values[0].kind, ValueKind::Integer(1));
    let Filter::Or(alts) = &items[1] else {
        panic!()
    };
    assert_eq!(pred(&alts[1]).op, PredOp::Neq);
    let Filter::Not(n) = &items[2] else { panic!() };
    assert_eq!(pred(n).op, PredOp::IsNull);
}

#[test]
fn transforms_and_flips() {
    let (_, f) = lowered(r#"TO_LOWER(user.name) == "admin""#);
    let p = pred(&f);
    assert_eq!(p.transform.as_deref(), Some("TO_LOWER"));
    assert_eq!(p.field, "user.name");
    let (_, f) = lowered("5 < a");
    let p = pred(&f);
    assert_eq!(p.op, PredOp::Gt);
    assert_eq!(p.field, "a");
    let (_, f) = lowered("a IS NOT NULL");
    assert_eq!(pred(&f).op, PredOp::IsNotNull);
    let (_, f) = lowered(r#"a : "q""#);
    assert_eq!(pred(&f).op, PredOp::Match);
    let (_, f) = lowered(r#"a NOT RLIKE "q.*""#);
    let Filter::Not(inner) = f else { panic!() };
    assert_eq!(pred(&inner).op, PredOp::RLike);
}

#[test]
fn opaque_cases() {
    for c in [
        "a == b",
        "length(a) + 1 > 2",
        "mv_count(a) > 1 == true",
        "x",
        "now() > 1",
    ] {
        let (src, f) = lowered(c);
        match f {
            Filter::Opaque(span) => assert_eq!(span.text(&src), c),
            other => panic!("{c}: expected opaque, got {other:?}"),
        }
    }
}

#[test]
fn computed_names_distinguish_eval_columns() {
    let q = ok("FROM x | EVAL n = length(a) | WHERE n > 5 and b == 1");
    let names = q.computed_names();
    let Filter::And(items) = lower(q.where_conditions()[0]) else {
        panic!()
    };
    let fields: Vec<(&str, bool)> = items
        .iter()
        .map(|i| {
            let p = pred(i);
            (p.field.as_str(), names.contains(&p.field))
        })
        .collect();
    assert_eq!(fields, [("n", true), ("b", false)]);
}

#[test]
fn constant_expressions_and_function_predicates() {
    let (src, f) = lowered("@timestamp > now() - 7 day");
    let p = pred(&f);
    assert_eq!((p.field.as_str(), p.op), ("@timestamp", PredOp::Gt));
    assert_eq!(p.values[0].kind, ValueKind::Other);
    assert_eq!(p.values[0].span.text(&src), "now() - 7 day");

    let (_, f) = lowered(r#"match(process.name, "svchost.exe", {"fuzziness": 1})"#);
    let p = pred(&f);
    assert_eq!(p.op, PredOp::Match);
    assert_eq!(p.values.len(), 1);

    let (_, f) = lowered(r#"CONTAINS(TO_LOWER(a), "x")"#);
    let p = pred(&f);
    assert_eq!(
        (p.op, p.transform.as_deref()),
        (PredOp::Contains, Some("TO_LOWER"))
    );

    let (_, f) = lowered(r#"STARTS_WITH(a, "x") and not ENDS_WITH(b, "y")"#);
    let Filter::And(items) = f else { panic!() };
    assert_eq!(pred(&items[0]).op, PredOp::StartsWith);
}
