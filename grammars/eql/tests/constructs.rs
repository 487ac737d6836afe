//! Structural expectations for every supported construct (rendered as S-expressions).

use detlint_eql::{parse, to_sexpr};

/// Parses `src`, asserts no error, and compares the S-expression rendering.
#[track_caller]
fn check(src: &str, expected: &str) {
    let p = parse(src);
    assert!(
        p.errors.is_empty(),
        "unexpected errors for {src:?}: {:?}",
        p.errors
    );
    assert_eq!(to_sexpr(&p.ast), expected, "for {src:?}");
    let joined: String = detlint_eql::lex(src).iter().map(|t| t.text(src)).collect();
    assert_eq!(joined, src);
}

#[test]
fn event_queries() {
    check("process where true", "(event process true)");
    check("any where false", "(event any false)");
    check(r#""network" where x == 1"#, r#"(event "network" (== x 1))"#);
    check("`my cat` where x == 1", "(event my cat (== x 1))");
    check("registry where null == x", "(event registry (== null x))");
}

#[test]
fn boolean_logic_is_n_ary_with_precedence() {
    check(
        "process where a == 1 and b == 2 and c == 3",
        "(event process (and (== a 1) (== b 2) (== c 3)))",
    );
    check(
        "process where a == 1 or b == 2 and c == 3 or d == 4",
        "(event process (or (== a 1) (and (== b 2) (== c 3)) (== d 4)))",
    );
    check(
        "process where not a == 1 and not not b",
        "(event process (and (not (== a 1)) (not (not b))))",
    );
    check(
        "process where (a or b) and c",
        "(event process (and (paren (or a b)) c))",
    );
}

#[test]
fn comparison_operators() {
    for op in ["==", "!=", "<", "<=", ">", ">=", ":"] {
        check(
            &format!("process where a {op} 1"),
            &format!("(event process ({op} a 1))"),
        );
    }
    // Legacy single `=` is read as equality.
    check("process where a = 1", "(event process (== a 1))");
    for op in ["like", "like~", "regex", "regex~"] {
        check(
            &format!(r#"process where a {op} "x*""#),
            &format!(r#"(event process ({op} a "x*"))"#),
        );
        check(
            &format!(r#"process where a {op} ("x*", "y")"#),
            &format!(r#"(event process ({op} a ["x*" "y"]))"#),
        );
    }
    check(
        r#"process where a : ("x", "y*")"#,
        r#"(event process (: a ["x" "y*"]))"#,
    );
    check(
        r#"process where a in ("x", "y", 3)"#,
        r#"(event process (in a ["x" "y" 3]))"#,
    );
    check(
        r#"process where a in~ ("x")"#,
        r#"(event process (in~ a ["x"]))"#,
    );
    check(
        r#"process where a not in ("x", "y")"#,
        r#"(event process (not in a ["x" "y"]))"#,
    );
    check(
        r#"process where a not in~ ("x") and b not like~ "q*""#,
        r#"(event process (and (not in~ a ["x"]) (not like~ b "q*")))"#,
    );
}

#[test]
fn comparison_values_keep_spans() {
    let src = r#"process where process.name : ("cmd.exe", "pwsh.exe")"#;
    let p = parse(src);
    let cmps = p.ast.comparisons();
    assert_eq!(cmps.len(), 1);
    let c = cmps[0];
    let field = c.lhs.as_field().expect("field lhs");
    assert_eq!(field.path(), "process.name");
    assert_eq!(field.name_span.text(src), "process.name");
    assert_eq!(c.op_span.text(src), ":");
    assert_eq!(
        c.list_span.map(|s| s.text(src)),
        Some(r#"("cmd.exe", "pwsh.exe")"#)
    );
    let texts: Vec<&str> = c.values.iter().map(|v| v.span().text(src)).collect();
    assert_eq!(texts, [r#""cmd.exe""#, r#""pwsh.exe""#]);
    let decoded: Vec<&str> = c
        .values
        .iter()
        .filter_map(|v| v.as_literal().and_then(|l| l.as_str()))
        .collect();
    assert_eq!(decoded, ["cmd.exe", "pwsh.exe"]);
    assert_eq!(
        c.span.text(src),
        r#"process.name : ("cmd.exe", "pwsh.exe")"#
    );
    assert!(c.op.is_case_insensitive());
}

#[test]
fn negated_operator_span_includes_not() {
    let src = r#"process where a not in ("x")"#;
    let p = parse(src);
    let c = p.ast.comparisons()[0];
    assert!(c.negated);
    assert_eq!(c.op_span.text(src), "not in");
}

#[test]
fn functions() {
    for f in [
        "cidrMatch",
        "startsWith",
        "startsWith~",
        "endsWith",
        "endsWith~",
        "stringContains",
        "stringContains~",
        "wildcard",
        "match",
        "match~",
        "myCustomFunction",
    ] {
        check(
            &format!(r#"process where {f}(a, "x", "y")"#),
            &format!(r#"(event process (call {f} a "x" "y"))"#),
        );
    }
    check(
        "process where length(a) > 2",
        "(event process (> (call length a) 2))",
    );
    check(
        "process where add(1, 2) == 3",
        "(event process (== (call add 1 2) 3))",
    );
    check(
        r#"process where between(a, "x", "y", false, true) == "z""#,
        r#"(event process (== (call between a "x" "y" false true) "z"))"#,
    );
    check(
        r#"process where concat(a, "-", b) : "x" and indexOf(a, "b", 0) >= 0"#,
        r#"(event process (and (: (call concat a "-" b) "x") (>= (call indexOf a "b" 0) 0)))"#,
    );
    check(
        r#"process where number(substring(a, 0, 2), 16) == 10"#,
        r#"(event process (== (call number (call substring a 0 2) 16) 10))"#,
    );
    check("process where f()", "(event process (call f))");
}

#[test]
fn function_name_span_and_case_insensitive_flag() {
    let src = r#"process where startsWith~(a, "x")"#;
    let p = parse(src);
    let c = p.ast.calls()[0];
    assert_eq!(c.name.text, "startsWith");
    assert_eq!(c.name.span.text(src), "startsWith~");
    assert!(c.case_insensitive);
    assert_eq!(c.args.len(), 2);
    assert_eq!(c.span.text(src), r#"startsWith~(a, "x")"#);
}

#[test]
fn field_references() {
    check("process where a.b.c == 1", "(event process (== a.b.c 1))");
    check(
        "process where `field with spaces` == 1",
        "(event process (== `field with spaces` 1))",
    );
    check(
        "process where `a``b`.c == 1",
        "(event process (== `a`b`.c 1))",
    );
    check("process where ?a.b == 1", "(event process (== ?a.b 1))");
    check(
        "process where a.b[0] == 1 and c[1].d == 2",
        "(event process (and (== a.b[0] 1) (== c[1].d 2)))",
    );
    check(
        "process where @timestamp > 0",
        "(event process (> @timestamp 0))",
    );
    check(
        "process where process.code_signature.exists == false",
        "(event process (== process.code_signature.exists false))",
    );
}

#[test]
fn optional_field_spans() {
    let src = "process where ?a.b == 1";
    let p = parse(src);
    let f = p.ast.fields()[0];
    assert!(f.optional);
    assert_eq!(f.span.text(src), "?a.b");
    assert_eq!(f.name_span.text(src), "a.b");
    assert_eq!(f.path(), "a.b");
}

#[test]
fn literals() {
    check(
        r#"process where a == "x\"y\\z\n\t\r\u{41}""#,
        r#"(event process (== a "x\"y\\z\n\t\rA"))"#,
    );
    check(
        r#"process where a == """C:\Windows\"quoted" raw""""#,
        r#"(event process (== a "C:\\Windows\\\"quoted\" raw"))"#,
    );
    check(
        r#"process where a == 'single \'q\''"#,
        r#"(event process (== a "single 'q'"))"#,
    );
    check(
        "process where a == 1.5 and b == -3 and c == 1e3",
        "(event process (and (== a 1.5) (== b (- 3)) (== c 1000)))",
    );
    check(
        "process where a == .5 and b[1] == 2",
        "(event process (and (== a 0.5) (== b[1] 2)))",
    );
    check(
        "process where a == null and b == true",
        "(event process (and (== a null) (== b true)))",
    );
}

#[test]
fn string_literal_keeps_raw_span_and_value() {
    let src = r#"process where a == "C:\\x""#;
    let p = parse(src);
    let lit = p.ast.comparisons()[0].values[0]
        .as_literal()
        .cloned()
        .expect("literal");
    assert_eq!(lit.span.text(src), r#""C:\\x""#);
    assert_eq!(lit.as_str(), Some(r"C:\x"));
    assert_eq!(detlint_eql::unquote(r#""C:\\x""#).as_deref(), Some(r"C:\x"));
    assert_eq!(
        detlint_eql::unquote(r#""""a\b""""#).as_deref(),
        Some(r"a\b")
    );
    assert_eq!(detlint_eql::unquote("'q'").as_deref(), Some("q"));
    assert_eq!(detlint_eql::unquote(r#""open"#), None);
}

#[test]
fn arithmetic() {
    check(
        "process where a + 1 * 2 - b / 3 % 4 > 0",
        "(event process (> (a + (1 * 2) - (b / 3 % 4)) 0))",
    );
    check(
        "process where -(a) < 0",
        "(event process (< (- (paren a)) 0))",
    );
}

#[test]
fn comments() {
    check(
        "process where // line comment\n a == 1 /* block\n comment */ and b == 2",
        "(event process (and (== a 1) (== b 2)))",
    );
    check(
        "// leading\nprocess where true // trailing",
        "(event process true)",
    );
}

#[test]
fn sequences() {
    check(
        "sequence [process where a == 1] [file where b == 2]",
        "(sequence (sub (event process (== a 1))) (sub (event file (== b 2))))",
    );
    check(
        "sequence by host.id, user.name with maxspan=5m [process where true] by p.id [file where true] by f.id",
        "(sequence (by host.id user.name) (maxspan 5 m) (sub (event process true) (by p.id)) (sub (event file true) (by f.id)))",
    );
    check(
        "sequence with maxspan=30s by host.id [process where true] [file where true]",
        "(sequence (by host.id) (maxspan 30 s) (sub (event process true)) (sub (event file true)))",
    );
    check(
        "sequence with maxspan=500ms [process where true] with runs=3 [file where true]",
        "(sequence (maxspan 500 ms) (sub (event process true) (runs 3)) (sub (event file true)))",
    );
    check(
        "sequence with maxspan = 2 h [process where true] [file where not a : \"x\"]",
        "(sequence (maxspan 2 h) (sub (event process true)) (sub (event file (not (: a \"x\")))))",
    );
    check(
        "sequence [process where a not : \"x\"] [file where true]",
        "(sequence (sub (event process (not : a \"x\"))) (sub (event file true)))",
    );
    check(
        "sequence by a [process where true] ![file where true] [any where true]",
        "(sequence (by a) (sub (event process true)) (sub! (event file true)) (sub (event any true)))",
    );
    check(
        "sequence [process where true] [file where true] until [process where x == 1]",
        "(sequence (sub (event process true)) (sub (event file true)) (until (sub (event process (== x 1)))))",
    );
    check(
        "sequence [process where true] by x with runs=2 [file where true] until [process where true] by y",
        "(sequence (sub (event process true) (by x) (runs 2)) (sub (event file true)) (until (sub (event process true) (by y))))",
    );
}

#[test]
fn sequence_structure_is_accessible() {
    let src =
        "sequence by host.id with maxspan=1h [process where a == 1] by p [file where b : \"x\"]";
    let p = parse(src);
    assert!(p.errors.is_empty());
    let detlint_eql::QueryBody::Sequence(seq) = &p.ast.body else {
        panic!("not a sequence");
    };
    let ms = seq.maxspan.as_ref().expect("maxspan");
    assert_eq!((ms.value, ms.unit.as_str()), (1.0, "h"));
    assert_eq!(ms.value_span.text(src), "1h");
    assert_eq!(ms.span.text(src), "maxspan=1h");
    assert_eq!(seq.queries.len(), 2);
    assert_eq!(seq.queries[0].query.category.name, "process");
    assert_eq!(seq.queries[0].query.category.span.text(src), "process");
    assert_eq!(seq.queries[0].by.len(), 1);
    assert_eq!(seq.queries[1].query.condition.span().text(src), "b : \"x\"");
    assert_eq!(p.ast.event_queries().len(), 2);
    assert_eq!(p.ast.comparisons().len(), 2);
    assert_eq!(seq.span.text(src), src);
}

#[test]
fn samples_and_joins() {
    check(
        "sample by host.id [process where true] [file where true]",
        "(sample (by host.id) (sub (event process true)) (sub (event file true)))",
    );
    check(
        "join by a [process where true] [file where true] until [any where true]",
        "(join (by a) (sub (event process true)) (sub (event file true)) (until (sub (event any true))))",
    );
}

#[test]
fn pipes() {
    check(
        "process where true | head 5",
        "(event process true) (pipe head 5)",
    );
    check(
        "process where true | tail 10 | count",
        "(event process true) (pipe tail 10) (pipe count)",
    );
    check(
        "process where true | filter a > 1 and b == 2",
        "(event process true) (pipe filter (and (> a 1) (== b 2)))",
    );
    check(
        "process where true | unique a, b.c | unique_count a",
        "(event process true) (pipe unique a b.c) (pipe unique_count a)",
    );
    check(
        "sequence [a where true] [b where true] | head 1",
        "(sequence (sub (event a true)) (sub (event b true))) (pipe head 1)",
    );
}

#[test]
fn multi_line_query_with_trivia() {
    check(
        "\n  process where\n    process.name : \"x\"\n\n",
        "(event process (: process.name \"x\"))",
    );
    let src = "\n  process where true \n";
    let p = parse(src);
    assert_eq!(p.ast.span.text(src), "process where true");
}

#[test]
fn array_index_requires_adjacent_bracket() {
    // `by x [` starts a sub-query, not an index.
    check(
        "sequence by x [process where true] [file where true]",
        "(sequence (by x) (sub (event process true)) (sub (event file true)))",
    );
    check(
        "sequence by x[0] [process where true]",
        "(sequence (by x[0]) (sub (event process true)))",
    );
}

#[test]
fn legacy_endgame_syntax() {
    check(
        r#"process where descendant of [process where name == "x"] and child of [any where true]"#,
        r#"(event process (and (lineage descendant (event process (== name "x"))) (lineage child (event any true))))"#,
    );
    check(
        r#"process where a == ?"C:\x" and b == ?'y\z'"#,
        r#"(event process (and (== a "C:\\x") (== b "y\\z")))"#,
    );
}

#[test]
fn more_escapes() {
    check(
        r#"process where a == "\b\f\u{200f}\u{0000200F}""#,
        r#"(event process (== a "\u{8}\u{c}\u{200f}\u{200f}"))"#,
    );
}
