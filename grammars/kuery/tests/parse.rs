//! Structural parse tests for every KQL construct.

use detlint_kuery::{lex, parse, sexpr, NodeKind, Span, ValueKind};

fn ok(src: &str) -> String {
    let p = parse(src);
    assert!(
        p.errors.is_empty(),
        "unexpected errors for {src:?}: {:?}",
        p.errors
    );
    sexpr(&p.ast)
}

#[track_caller]
fn check(src: &str, expected: &str) {
    assert_eq!(ok(src), expected, "for {src:?}");
}

#[test]
fn field_value() {
    check("process.name : cmd.exe", "(match process.name cmd.exe)");
    check("process.name:cmd.exe", "(match process.name cmd.exe)");
    check("event.code:4624", "(match event.code 4624)");
}

#[test]
fn quoted_phrase() {
    check(
        r#"message: "hello world""#,
        r#"(match message "hello world")"#,
    );
    check(
        r#"path: "C:\\Windows\\x.exe""#,
        r#"(match path "C:\\Windows\\x.exe")"#,
    );
    check(r#"a: "say \"hi\"""#, r#"(match a "say \"hi\"")"#);
    // Unknown escapes keep their backslash inside quotes.
    check(r#"a: "\d+""#, r#"(match a "\\d+")"#);
    // `*` inside quotes is not a wildcard.
    let p = parse(r#"a: "x*""#);
    let pred = p.ast.predicates()[0];
    let NodeKind::Match { value, .. } = &pred.kind else {
        panic!()
    };
    let l = value.literals()[0];
    assert!(l.quoted && !l.has_wildcard() && l.value == "x*");
}

#[test]
fn multi_word_unquoted() {
    check("message: hello world", "(match message hello world)");
    check("hello   world", "(text hello   world)");
}

#[test]
fn value_lists() {
    check(
        "process.name : (a or b and c)",
        "(match process.name (group (or a (and b c))))",
    );
    check(
        "process.name : (not a and (b or c))",
        "(match process.name (group (and (not a) (group (or b c)))))",
    );
    check(r#"x : ("a b" or c*)"#, r#"(match x (group (or "a b" c*)))"#);
}

#[test]
fn keywords_case_insensitive() {
    check(
        "a:1 AND b:2 Or NOT c:3",
        "(or (and (match a 1) (match b 2)) (not (match c 3)))",
    );
    check("a:(x OR y)", "(match a (group (or x y)))");
}

#[test]
fn precedence() {
    check(
        "a:1 or b:2 and c:3",
        "(or (match a 1) (and (match b 2) (match c 3)))",
    );
    check(
        "(a:1 or b:2) and not c:3",
        "(and (group (or (match a 1) (match b 2))) (not (match c 3)))",
    );
    check("not not a:1", "(not (not (match a 1)))");
    check(
        "a:1 and b:2 and c:3 and d:4",
        "(and (match a 1) (match b 2) (match c 3) (match d 4))",
    );
}

#[test]
fn wildcards() {
    let p = parse("process.name : *powershell*.exe");
    assert!(p.errors.is_empty());
    let NodeKind::Match { value, .. } = &p.ast.predicates()[0].kind else {
        panic!()
    };
    let l = value.literals()[0];
    assert!(!l.quoted);
    assert_eq!(l.value, "*powershell*.exe");
    assert_eq!(l.wildcards, vec![0, 11]);
    check("process.*: x", "(match process.* x)");
    let p = parse("process.*: x");
    assert!(p.ast.predicates()[0].field().unwrap().has_wildcard());
}

#[test]
fn escapes_unquoted() {
    check(r"a: C\:\\Windows\\*", r"(match a C:\Windows\*)");
    check(r"a: \(x\)", "(match a (x))");
    check(r"a: 2\*3", r"(match a 2\*3)");
    check(r#"a: \"q\""#, r#"(match a "q")"#);
    check(r"a: x\ y", "(match a x y)");
    check(r"a: \and", "(match a and)");
    check(r"a: \{\}\<\>", "(match a {}<>)");
    let p = parse(r"a: 2\*3*");
    let NodeKind::Match { value, .. } = &p.ast.predicates()[0].kind else {
        panic!()
    };
    assert_eq!(value.literals()[0].wildcards, vec![3]);
}

#[test]
fn exists() {
    check("user.name : *", "(exists user.name)");
    check(
        "user.name:* and not a:*",
        "(and (exists user.name) (not (exists a)))",
    );
    // A quoted star is a value, not existence.
    check(r#"a: "*""#, r#"(match a "*")"#);
    let p = parse("user.name : *");
    let NodeKind::Exists { star, .. } = &p.ast.predicates()[0].kind else {
        panic!()
    };
    assert_eq!(*star, Span::new(12, 13));
}

#[test]
fn ranges() {
    check("bytes >= 10", "(range bytes >= 10)");
    check("bytes<10", "(range bytes < 10)");
    check(
        r#"@timestamp > "now-30d/d""#,
        r#"(range @timestamp > "now-30d/d")"#,
    );
    check("x <= 3 and y > 2", "(and (range x <= 3) (range y > 2))");
}

#[test]
fn nested() {
    check(
        "items : { name : banana and stock > 9 }",
        "(nested items (and (match name banana) (range stock > 9)))",
    );
    check("a:{ b:{ c: 1 } }", "(nested a (nested b (match c 1)))");
}

#[test]
fn full_text() {
    check("mimikatz", "(text mimikatz)");
    check(
        r#""exact phrase" or foo*"#,
        r#"(or (text "exact phrase") (text foo*))"#,
    );
    check("not foo", "(not (text foo))");
}

#[test]
fn empty_query() {
    check("", "()");
    check("  \n\t ", "()");
}

#[test]
fn spans_of_field_and_values() {
    let src = r#"process.name : ("a.exe" or b*)"#;
    let p = parse(src);
    let n = p.ast.predicates()[0];
    assert_eq!(n.span, Span::new(0, src.len()));
    let field = n.field().unwrap();
    assert_eq!(field.span.text(src), "process.name");
    let NodeKind::Match { value, colon, .. } = &n.kind else {
        panic!()
    };
    assert_eq!(colon.text(src), ":");
    let lits = value.literals();
    assert_eq!(lits[0].span.text(src), "\"a.exe\"");
    assert_eq!(lits[1].span.text(src), "b*");
    assert!(matches!(value.kind, ValueKind::Group(_)));
}

#[test]
fn predicates_in_order() {
    let p = parse("a:1 and (b:2 or not c >= 3) and d:{ e:* }");
    let fields: Vec<&str> = p
        .ast
        .predicates()
        .iter()
        .map(|n| n.field().unwrap().value.as_str())
        .collect();
    assert_eq!(fields, ["a", "b", "c", "d", "e"]);
}

#[test]
fn lexer_lossless_on_fixtures() {
    for src in [
        "a:b",
        r#"x : ("a\"b" or c\:d) and not y >= 3"#,
        "items:{ a:1 }",
        "\"unterminated",
        "ünïcödé: ✓ and \\✓",
        "\\",
        "a:(((",
        "))) }}} :: <= >=",
    ] {
        let text: String = lex(src).iter().map(|t| t.text(src)).collect();
        assert_eq!(text, src);
        let _ = parse(src);
    }
}
