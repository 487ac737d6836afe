//! Error reporting and recovery.

use detlint_kuery::{parse, sexpr, Span, MAX_DEPTH};

fn errs(src: &str) -> Vec<(String, Span)> {
    parse(src)
        .errors
        .into_iter()
        .map(|e| (e.message, e.span))
        .collect()
}

#[test]
fn unclosed_paren() {
    let e = errs("a:1 and (b:2 or c:3");
    assert_eq!(e.len(), 1);
    assert_eq!(e[0].0, "expected `)` to close `(` at 8, found end of input");
    assert_eq!(e[0].1, Span::new(19, 19));
}

#[test]
fn unclosed_value_list() {
    let e = errs("a:(x or y");
    assert_eq!(e[0].0, "expected `)` to close `(` at 2, found end of input");
}

#[test]
fn unmatched_close() {
    let p = parse("a:1) and b:2");
    assert_eq!(p.errors[0].message, "unmatched `)`");
    assert_eq!(p.errors[0].span, Span::new(3, 4));
    // The rest is still parsed.
    assert!(sexpr(&p.ast).contains("(match b 2)"), "{}", sexpr(&p.ast));
}

#[test]
fn missing_operand() {
    let p = parse("a:1 and");
    assert_eq!(
        p.errors[0].message,
        "expected an expression, found end of input"
    );
    assert_eq!(p.errors[0].span, Span::new(7, 7));
    assert_eq!(sexpr(&p.ast), "(and (match a 1) (error))");
    let p = parse("a:1 or or b:2");
    assert_eq!(p.errors[0].span, Span::new(7, 9));
    assert_eq!(sexpr(&p.ast), "(or (match a 1) (error) (match b 2))");
}

#[test]
fn missing_value() {
    let e = errs("a: and b:1");
    assert_eq!(e[0].0, "expected a value or `(` after `:`, found `and`");
    assert_eq!(e[0].1, Span::new(3, 6));
    let e = errs("bytes >= ");
    assert_eq!(e[0].0, "expected a value after `>=`, found end of input");
}

#[test]
fn unterminated_string() {
    let e = errs(r#"a: "abc"#);
    assert_eq!(
        e[0].0,
        "expected `\"` to close the string starting at 3, found end of input"
    );
    assert_eq!(e[0].1, Span::new(3, 7));
}

#[test]
fn bad_escape_in_unquoted_value() {
    let e = errs(r"path: C\:\Windows");
    assert_eq!(e.len(), 1);
    assert!(e[0].0.starts_with("invalid escape `\\W`"), "{}", e[0].0);
    assert_eq!(e[0].1, Span::new(9, 11));
}

#[test]
fn juxtaposed_expressions() {
    let p = parse(r#"a:"x" b:1"#);
    assert_eq!(
        p.errors[0].message,
        "expected `and`, `or` or the end of the expression, found `b`"
    );
    assert_eq!(p.errors[0].span, Span::new(6, 7));
    assert_eq!(sexpr(&p.ast), r#"(error (match a "x") (match b 1))"#);
}

#[test]
fn stray_colon() {
    let e = errs("a:b:c");
    assert_eq!(e[0].0, "expected `and`, `or` or end of input, found `:`");
    assert_eq!(e[0].1, Span::new(3, 4));
}

#[test]
fn unclosed_nested() {
    let e = errs("a:{ b:1 ");
    assert_eq!(e[0].0, "expected `}` to close `{` at 2, found end of input");
}

#[test]
fn deep_nesting_is_capped() {
    let src = "(".repeat(100_000);
    let p = parse(&src);
    assert!(p
        .errors
        .iter()
        .any(|e| e.message == format!("nesting deeper than {MAX_DEPTH}")));
    let src = format!("{}a:1{}", "(".repeat(100_000), ")".repeat(100_000));
    let p = parse(&src);
    let e = p
        .errors
        .iter()
        .find(|e| e.message.starts_with("nesting"))
        .unwrap();
    assert_eq!(e.span, Span::new(MAX_DEPTH, MAX_DEPTH + 1));
    let src = "not ".repeat(100_000) + "a:1";
    assert!(!parse(&src).errors.is_empty());
    let src = format!("a:{}x{}", "(".repeat(100_000), ")".repeat(100_000));
    assert!(!parse(&src).errors.is_empty());
    let src = "a:{".repeat(100_000);
    assert!(!parse(&src).errors.is_empty());
}

#[test]
fn nesting_within_limit_is_fine() {
    let src = format!("{}a:1{}", "(".repeat(100), ")".repeat(100));
    assert!(parse(&src).errors.is_empty());
}

#[test]
fn garbage_never_panics() {
    let long = "x".repeat(1 << 20);
    let inputs = [
        "",
        ")",
        "(",
        "}",
        "{",
        ":",
        "\\",
        "\"",
        "a:",
        ":b",
        "<",
        ">=",
        "not",
        "and or not",
        "a:(",
        "a:(b or",
        "a:{",
        "a:{}",
        "()",
        "a:()",
        "\u{0}\u{1}",
        "é\\",
        long.as_str(),
    ];
    for s in inputs {
        let _ = parse(s);
    }
    // Every prefix of a realistic query.
    let q = r#"process.name : ("a.exe" or b*) and not user.name:* and items:{ x >= 3 } or \(y\)"#;
    for i in 0..=q.len() {
        if q.is_char_boundary(i) {
            let _ = parse(&q[..i]);
        }
    }
}

#[test]
fn max_depth_fits_in_one_mib_of_stack() {
    // Even unoptimised, a query nested up to the limit must parse on a small thread stack.
    let inputs = [
        "(".repeat(MAX_DEPTH + 10),
        "a:{".repeat(MAX_DEPTH + 10),
        format!("a:{}", "(".repeat(MAX_DEPTH + 10)),
        "not (".repeat(MAX_DEPTH + 10),
    ];
    for src in inputs {
        let h = std::thread::Builder::new()
            .stack_size(1 << 20)
            .spawn(move || parse(&src).errors.len())
            .expect("spawn");
        assert!(h.join().expect("no stack overflow") > 0);
    }
}
