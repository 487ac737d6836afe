mod common;
use common::*;
use detlint_esql::*;

#[test]
fn comparisons() {
    assert_eq!(cond(r#"a == "x""#), r#"(== a "x")"#);
    assert_eq!(cond("a != 1"), "(!= a 1)");
    assert_eq!(cond("a < 1"), "(< a 1)");
    assert_eq!(cond("a <= 1.5"), "(<= a 1.5)");
    assert_eq!(cond("a > -2"), "(> a (neg 2))");
    assert_eq!(cond("a >= 2e3"), "(>= a 2000.0)");
    assert_eq!(cond(r#"a =~ "X""#), r#"(=~ a "X")"#);
}

#[test]
fn boolean_precedence() {
    assert_eq!(
        cond("a == 1 or b == 2 and c == 3"),
        "(or (== a 1) (and (== b 2) (== c 3)))"
    );
    assert_eq!(
        cond("(a == 1 or b == 2) and c == 3"),
        "(and (paren (or (== a 1) (== b 2))) (== c 3))"
    );
    assert_eq!(cond("not a == 1 and b"), "(and (not (== a 1)) b)");
    assert_eq!(cond("NOT (a OR b)"), "(not (paren (or a b)))");
    assert_eq!(cond("a AND b AND c"), "(and a b c)");
    assert_eq!(cond("a or b or (c or d)"), "(or a b (paren (or c d)))");
}

#[test]
fn keywords_are_case_insensitive() {
    assert_eq!(
        cond(r#"a LiKe "x" AnD b iS nOt NuLl"#),
        r#"(and (like a "x") (is-not-null b))"#
    );
    let q = ok("from x | Where a | EVAL b = 1 | sort b DESC nulls LAST");
    assert_eq!(q.commands.len(), 4);
}

#[test]
fn arithmetic() {
    assert_eq!(cond("a + b * 2 > c - 1"), "(> (+ a (* b 2)) (- c 1))");
    assert_eq!(cond("a % 2 == 0"), "(== (% a 2) 0)");
    assert_eq!(cond("a / 2 - 1 < 3"), "(< (- (/ a 2) 1) 3)");
    assert_eq!(cond("-a * 2 < 0"), "(< (* (neg a) 2) 0)");
}

#[test]
fn like_rlike() {
    assert_eq!(
        cond(r#"process.name like "*cmd*""#),
        r#"(like process.name "*cmd*")"#
    );
    assert_eq!(
        cond(r#"process.name RLIKE ".*x.*""#),
        r#"(rlike process.name ".*x.*")"#
    );
    assert_eq!(cond(r#"a NOT LIKE "x*""#), r#"(not-like a "x*")"#);
    assert_eq!(cond(r#"a not rlike "x*""#), r#"(not-rlike a "x*")"#);
    assert_eq!(cond(r#"a like ("x*", "y*")"#), r#"(like a "x*" "y*")"#);
    assert_eq!(cond(r#"not a like "x""#), r#"(not (like a "x"))"#);
    assert_eq!(
        cond(r#"to_lower(a) like "x" or b like "y""#),
        r#"(or (like (call to_lower a) "x") (like b "y"))"#
    );
}

#[test]
fn in_lists() {
    assert_eq!(cond(r#"a in ("x", "y")"#), r#"(in a "x" "y")"#);
    assert_eq!(cond("a NOT IN (1, 2, 3)"), "(not-in a 1 2 3)");
    assert_eq!(cond("a in (b, c + 1)"), "(in a b (+ c 1))");
    assert_eq!(cond("a in ()"), "(in a)");
}

#[test]
fn is_null() {
    assert_eq!(cond("a IS NULL"), "(is-null a)");
    assert_eq!(
        cond("a is not null and b is null"),
        "(and (is-not-null a) (is-null b))"
    );
}

#[test]
fn match_operator() {
    assert_eq!(cond(r#"message : "error""#), r#"(match message "error")"#);
    assert_eq!(
        cond(r#"a:"x" and b == 1"#),
        r#"(and (match a "x") (== b 1))"#
    );
}

#[test]
fn casts() {
    assert_eq!(cond("a::long > 5"), "(> (cast a long) 5)");
    assert_eq!(
        cond(r#""1.2.3.4"::ip == b"#),
        r#"(== (cast "1.2.3.4" ip) b)"#
    );
    assert_eq!(cond("-a::integer < 0"), "(< (neg (cast a integer)) 0)");
}

#[test]
fn function_calls() {
    assert_eq!(
        cond(r#"CIDR_MATCH(source.ip, "10.0.0.0/8", "192.168.0.0/16")"#),
        r#"(call CIDR_MATCH source.ip "10.0.0.0/8" "192.168.0.0/16")"#
    );
    assert_eq!(cond("length(a) > 10"), "(> (call length a) 10)");
    assert_eq!(
        cond(r#"TO_UPPER(a) == "X""#),
        r#"(== (call TO_UPPER a) "X")"#
    );
    assert_eq!(
        cond("date_trunc(1 hour, @timestamp) > now() - 2 hours"),
        "(> (call date_trunc (span 1 hour) @timestamp) (- (call now) (span 2 hours)))"
    );
    assert_eq!(
        cond("count_distinct(a) > 1 and mv_count(values(b)) > 2"),
        "(and (> (call count_distinct a) 1) (> (call mv_count (call values b)) 2))"
    );
    assert_eq!(cond("mv_count(a) >= 2"), "(>= (call mv_count a) 2)");
    assert_eq!(cond("now() > a"), "(> (call now) a)");
    assert_eq!(
        cond(r#"coalesce(a, b, "x") == "x""#),
        r#"(== (call coalesce a b "x") "x")"#
    );
    assert_eq!(
        cond(r#"case(a == 1, "one", a == 2, "two", "many") == "one""#),
        r#"(== (call case (== a 1) "one" (== a 2) "two" "many") "one")"#
    );
    assert_eq!(
        cond(r#"match(a, "x", {"fuzziness": 1, "operator": "AND"})"#),
        r#"(call match a "x" {map "fuzziness":1 "operator":"AND"})"#
    );
}

#[test]
fn literals() {
    assert_eq!(cond("a == null"), "(== a null)");
    assert_eq!(
        cond("a == TRUE or b == false"),
        "(or (== a true) (== b false))"
    );
    assert_eq!(
        cond(r#"a == "q\"uote\\ \n""#),
        "(== a \"q\\\"uote\\\\ \\n\")"
    );
    assert_eq!(
        cond(r#"a == """raw \n "x" """"#),
        r#"(== a "raw \\n \"x\" ")"#
    );
    assert_eq!(cond("a == [1, 2]"), "(== a [list 1 2])");
    assert_eq!(
        cond("a == 18446744073709551616"),
        "(== a 1.8446744073709552e19)"
    );
}

#[test]
fn time_spans() {
    assert_eq!(
        cond("@timestamp > now() - 1 hour"),
        "(> @timestamp (- (call now) (span 1 hour)))"
    );
    assert_eq!(
        cond("a > now() - 15 minutes"),
        "(> a (- (call now) (span 15 minutes)))"
    );
    assert_eq!(cond("a > now() - 7d"), "(> a (- (call now) (span 7 d)))");
    assert_eq!(
        cond("a > now() - 1 DAY"),
        "(> a (- (call now) (span 1 DAY)))"
    );
}

#[test]
fn field_names() {
    assert_eq!(cond("`a b` == 1"), "(== a b 1)");
    assert_eq!(cond("`weird``name`.sub == 1"), "(== weird`name.sub 1)");
    assert_eq!(cond("@timestamp > 1"), "(> @timestamp 1)");
    assert_eq!(cond("_index == \"x\""), "(== _index \"x\")");
    // keywords are allowed after a dot
    assert_eq!(cond("event.in == 1"), "(== event.in 1)");
    let q = ok("FROM x | WHERE process.parent.name == \"a\"");
    let e = q.where_conditions()[0];
    let ExprKind::Binary { lhs, .. } = &e.kind else {
        panic!("not binary")
    };
    let f = lhs.as_field().expect("field");
    assert_eq!(f.parts.len(), 3);
    assert_eq!(f.span, Span::new(15, 34));
}

#[test]
fn params() {
    assert_eq!(cond("a == ?x"), "(== a ?x)");
    assert_eq!(cond("a == ?"), "(== a ?)");
    assert_eq!(cond("a == ?1"), "(== a ?1)");
}

#[test]
fn spans_of_values() {
    let src = r#"FROM x | WHERE host.name in ("a", "bc")"#;
    let q = ok(src);
    let ExprKind::In {
        expr,
        list,
        op_span,
        ..
    } = &q.where_conditions()[0].kind
    else {
        panic!("not in")
    };
    assert_eq!(expr.span.text(src), "host.name");
    assert_eq!(op_span.text(src), "in");
    assert_eq!(list[0].span.text(src), "\"a\"");
    assert_eq!(list[1].span.text(src), "\"bc\"");
    assert_eq!(list[1].as_string().map(|s| s.value.as_str()), Some("bc"));

    let src = r#"FROM x | WHERE a NOT LIKE "z""#;
    let q = ok(src);
    let ExprKind::Like { op_span, .. } = &q.where_conditions()[0].kind else {
        panic!("not like")
    };
    assert_eq!(op_span.text(src), "NOT LIKE");
    assert_eq!(q.where_conditions()[0].span.text(src), "a NOT LIKE \"z\"");
}

#[test]
fn comparisons_helper() {
    let q = ok(
        r#"FROM x | WHERE a == 1 and (b like "x" or not c in (1)) and d is null and length(e) > 2"#,
    );
    let cmp = q.where_conditions()[0].comparisons();
    assert_eq!(cmp.len(), 5);
}

#[test]
fn long_and_chain_is_fine() {
    let mut s = String::from("FROM x | WHERE a == 0");
    for i in 1..20_000 {
        s.push_str(&format!(" and a == {i}"));
    }
    let p = parse(&s);
    assert!(p.errors.is_empty());
    let f = lower(p.ast.where_conditions()[0]);
    let Filter::And(items) = f else { panic!() };
    assert_eq!(items.len(), 20_000);
}
