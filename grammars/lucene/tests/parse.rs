//! Structural parse tests for every Lucene query-string construct.

use detlint_lucene::{lex, parse, sexpr, NodeKind, Span, Value};

#[track_caller]
fn check(src: &str, expected: &str) {
    let p = parse(src);
    assert!(
        p.errors.is_empty(),
        "unexpected errors for {src:?}: {:?}",
        p.errors
    );
    assert_eq!(sexpr(&p.ast), expected, "for {src:?}");
}

#[test]
fn field_value() {
    check("process.name:cmd.exe", "(term process.name cmd.exe)");
    check("process.name : cmd.exe", "(term process.name cmd.exe)");
    check("event.code:4624", "(term event.code 4624)");
    check("cmd.exe", "(term _ cmd.exe)");
}

#[test]
fn phrases() {
    check(
        r#"message:"hello world""#,
        r#"(term message "hello world")"#,
    );
    check(r#"a:"say \"hi\"""#, r#"(term a "say \"hi\"")"#);
    check(r#"a:"C:\\x""#, r#"(term a "C:\\x")"#);
    check(r#""a b"~3"#, r#"(term _ "a b" ~3)"#);
}

#[test]
fn boolean_words_and_symbols() {
    check("a:1 AND b:2", "(and (term a 1) (term b 2))");
    check("a:1 && b:2", "(and (term a 1) (term b 2))");
    check("a:1 OR b:2", "(or (term a 1) (term b 2))");
    check("a:1 || b:2", "(or (term a 1) (term b 2))");
    check("NOT a:1", "(not (term a 1))");
    check("!a:1", "(! (term a 1))");
    check("a:1 AND NOT b:2", "(and (term a 1) (not (term b 2)))");
    // Lower-case words are terms, not operators.
    check("a or b", "(seq (term _ a) (term _ or) (term _ b))");
    // `&&` glued to a word is part of the term.
    check("a&&b", "(term _ a&&b)");
}

#[test]
fn required_and_prohibited() {
    check("+a -b c", "(seq (+ (term _ a)) (- (term _ b)) (term _ c))");
    check(
        "+host:x -user:root",
        "(seq (+ (term host x)) (- (term user root)))",
    );
    // `-` and `+` inside a term belong to it.
    check("a-b+c", "(term _ a-b+c)");
}

#[test]
fn precedence_and_implicit() {
    check(
        "a AND b OR c d",
        "(or (and (term _ a) (term _ b)) (seq (term _ c) (term _ d)))",
    );
    check("a b AND c", "(seq (term _ a) (and (term _ b) (term _ c)))");
}

#[test]
fn grouping() {
    check(
        "(a OR b) AND c",
        "(and (group (or (term _ a) (term _ b))) (term _ c))",
    );
    check(
        "field:(a OR b)",
        "(group field (or (term @field a) (term @field b)))",
    );
    check(
        "f:(a OR other:b)",
        "(group f (or (term @f a) (term other b)))",
    );
    check("(a b)^2", "(group (seq (term _ a) (term _ b)) ^2)");
}

#[test]
fn inherited_field_has_group_span() {
    let src = "process.name:(a OR b)";
    let p = parse(src);
    let terms = p.ast.terms();
    let f = terms[1].field.as_ref().unwrap();
    assert!(f.inherited);
    assert_eq!(f.span.text(src), "process.name");
    assert_eq!(terms[1].span.text(src), "b");
}

#[test]
fn ranges() {
    check("x:[1 TO 5]", "(term x [1 TO 5])");
    check("x:{1 TO 5}", "(term x {1 TO 5})");
    check("x:[1 TO 5}", "(term x [1 TO 5})");
    check("x:[* TO 100]", "(term x [* TO 100])");
    check(
        "@timestamp:[2020-01-01T00:00:00 TO now-1d/d]",
        "(term @timestamp [2020-01-01T00:00:00 TO now-1d/d])",
    );
    check(r#"x:["a" TO "b"]"#, r#"(term x ["a" TO "b"])"#);
    let p = parse("x:[* TO 5]");
    let Value::Range(r) = &p.ast.terms()[0].value else {
        panic!()
    };
    assert!(r.lower.is_star() && r.lower_inclusive && r.upper_inclusive);
}

#[test]
fn comparisons() {
    check("age:>10", "(term age >10)");
    check("age:>=10", "(term age >=10)");
    check("age:<10", "(term age <10)");
    check("age:<=10", "(term age <=10)");
    check(r#"d:>"2020-01-01""#, r#"(term d >"2020-01-01")"#);
    check(
        "age:(>=10 AND <20)",
        "(group age (and (term @age >=10) (term @age <20)))",
    );
}

#[test]
fn regex() {
    check("name:/jo.*n/", "(term name /jo.*n/)");
    check(r"p:/a\/b/", r"(term p /a\/b/)");
    check(
        "x:(a OR /2[0-9]{3}/)",
        "(group x (or (term @x a) (term @x /2[0-9]{3}/)))",
    );
}

#[test]
fn fuzzy_proximity_boost() {
    check("roam~", "(term _ roam ~)");
    check("roam~1", "(term _ roam ~1)");
    check("roam~0.8", "(term _ roam ~0.8)");
    check(r#""fox quick"~5"#, r#"(term _ "fox quick" ~5)"#);
    check("quick^2 fox", "(seq (term _ quick ^2) (term _ fox))");
    check("a~2^3", "(term _ a ~2 ^3)");
    check(r#""x y"^0.5"#, r#"(term _ "x y" ^0.5)"#);
}

#[test]
fn wildcards() {
    check("qu?ck bro*", "(seq (term _ qu?ck) (term _ bro*))");
    let p = parse("name:jo?n*");
    let Value::Term(l) = &p.ast.terms()[0].value else {
        panic!()
    };
    assert_eq!(l.wildcards, vec![2, 4]);
    check(r"a:2\*3", r"(term a 2\*3)");
    check("*", "(term _ *)");
}

#[test]
fn escapes() {
    check(r"a\:b", "(term _ a:b)");
    check(r"path:C\:\\Windows\\x", r"(term path C:\Windows\x)");
    check(r"\(1\+1\)\:2", "(term _ (1+1):2)");
    check(r"a\ b", "(term _ a b)");
    check(r"\-x", "(term _ -x)");
}

#[test]
fn exists_match_all_field_wildcards() {
    check("_exists_:user.name", "(exists user.name)");
    check("*:*", "(all)");
    check("process.*:x", "(term process.* x)");
    let p = parse("process.*:x");
    let t = p.ast.terms()[0];
    assert_eq!(t.field.as_ref().unwrap().wildcards, vec![8]);
}

#[test]
fn empty_query() {
    check("", "()");
    check(" \t\n\u{3000}", "()");
}

#[test]
fn spans() {
    let src = r#"process.name:"a b"^2 AND x:[1 TO 2]"#;
    let p = parse(src);
    let terms = p.ast.terms();
    assert_eq!(terms[0].span.text(src), r#"process.name:"a b"^2"#);
    assert_eq!(
        terms[0].field.as_ref().unwrap().span.text(src),
        "process.name"
    );
    let Value::Phrase(l) = &terms[0].value else {
        panic!()
    };
    assert_eq!(l.span.text(src), "\"a b\"");
    assert_eq!(terms[0].boost.as_ref().unwrap().span.text(src), "^2");
    let Value::Range(r) = &terms[1].value else {
        panic!()
    };
    assert_eq!(r.span.text(src), "[1 TO 2]");
    assert_eq!(r.upper.span, Span::new(33, 34));
    let root = p.ast.root.as_ref().unwrap();
    assert!(matches!(root.kind, NodeKind::And(_)));
    assert_eq!(root.span, Span::new(0, src.len()));
}

#[test]
fn lexer_lossless_on_fixtures() {
    for src in [
        "a:b",
        r#"x:("a\"b" OR c\:d) AND NOT y:>=3"#,
        "[1 TO 5} {a TO b]",
        "\"unterminated",
        "/unterminated",
        "ünïcödé:✓ AND \\✓\u{3000}x",
        "\\",
        "a:(((",
        "))) ]]] }}} :: ^^ ~~ && || ! + -",
    ] {
        let text: String = lex(src).iter().map(|t| t.text(src)).collect();
        assert_eq!(text, src);
        let _ = parse(src);
    }
}
