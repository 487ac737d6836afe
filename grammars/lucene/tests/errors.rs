//! Error reporting and recovery.

use detlint_lucene::{parse, sexpr, Span, MAX_DEPTH};

fn errs(src: &str) -> Vec<(String, Span)> {
    parse(src)
        .errors
        .into_iter()
        .map(|e| (e.message, e.span))
        .collect()
}

#[test]
fn unclosed_paren() {
    let e = errs("a:1 AND (b:2 OR c:3");
    assert_eq!(e.len(), 1);
    assert_eq!(e[0].0, "expected `)` to close `(` at 8, found end of input");
    assert_eq!(e[0].1, Span::new(19, 19));
    let e = errs("f:(a OR b");
    assert_eq!(e[0].0, "expected `)` to close `(` at 2, found end of input");
}

#[test]
fn unmatched_close() {
    let p = parse("a) b");
    assert_eq!(p.errors[0].message, "unmatched `)`");
    assert_eq!(p.errors[0].span, Span::new(1, 2));
    assert_eq!(sexpr(&p.ast), "(error (term _ a) (error) (term _ b))");
}

#[test]
fn missing_operand() {
    let p = parse("a AND");
    assert_eq!(
        p.errors[0].message,
        "expected a term, phrase or `(`, found end of input"
    );
    assert_eq!(p.errors[0].span, Span::new(5, 5));
    assert_eq!(sexpr(&p.ast), "(and (term _ a) (error))");
    let p = parse("OR b");
    assert_eq!(p.errors[0].span, Span::new(0, 2));
    assert_eq!(sexpr(&p.ast), "(or (error) (term _ b))");
}

#[test]
fn missing_value_after_field() {
    let e = errs("a: AND b");
    assert_eq!(e[0].0, "expected a value after `a:`, found `AND`");
    assert_eq!(e[0].1, Span::new(3, 6));
    // Modifiers go before the field in Lucene, not after the colon.
    let e = errs("process.args:-c");
    assert_eq!(e[0].0, "expected a value after `process.args:`, found `-`");
}

#[test]
fn bad_ranges() {
    let e = errs("x:[1 5]");
    assert_eq!(e[0].0, "expected `TO` in range, found `5`");
    assert_eq!(e[0].1, Span::new(5, 6));
    let e = errs("x:[1 TO 5");
    assert_eq!(
        e[0].0,
        "expected `]` or `}` to close the range at 2, found end of input"
    );
    let e = errs("x:[1 TO ]");
    assert_eq!(e[0].0, "expected an upper bound after `TO`, found `]`");
}

#[test]
fn unterminated_phrase_and_regex() {
    let e = errs(r#"a:"abc"#);
    assert_eq!(
        e[0].0,
        "expected `\"` to close the phrase starting at 2, found end of input"
    );
    assert_eq!(e[0].1, Span::new(2, 6));
    let e = errs("a:/ab");
    assert_eq!(
        e[0].0,
        "expected `/` to close the regular expression starting at 2, found end of input"
    );
}

#[test]
fn stray_tokens() {
    let e = errs("a ^2");
    assert!(
        e.is_empty(),
        "boost after whitespace is still a boost: {e:?}"
    );
    let e = errs("^2 a");
    assert_eq!(e[0].0, "expected a term, phrase or `(`, found `^2`");
    let e = errs("a:b:c");
    assert_eq!(
        e[0].0,
        "expected `AND`, `OR`, a clause or end of input, found `:`"
    );
    assert_eq!(e[0].1, Span::new(3, 4));
    let e = errs("a^");
    assert_eq!(e[0].0, "expected a number after `^`");
    let e = errs("a:>");
    assert_eq!(e[0].0, "expected a value after `>`, found end of input");
    let e = errs(r"a\");
    assert_eq!(e[0].1, Span::new(1, 2));
}

#[test]
fn deep_nesting_is_capped() {
    let p = parse(&"(".repeat(100_000));
    assert!(p
        .errors
        .iter()
        .any(|e| e.message == format!("nesting deeper than {MAX_DEPTH}")));
    let src = format!("{}a{}", "(".repeat(100_000), ")".repeat(100_000));
    let p = parse(&src);
    let e = p
        .errors
        .iter()
        .find(|e| e.message.starts_with("nesting"))
        .unwrap();
    assert_eq!(e.span, Span::new(MAX_DEPTH, MAX_DEPTH + 1));
    for src in [
        "NOT ".repeat(100_000) + "a",
        "-".repeat(100_000) + "a",
        "f:(".repeat(100_000),
    ] {
        assert!(!parse(&src).errors.is_empty());
    }
}

#[test]
fn nesting_within_limit_is_fine() {
    let src = format!("{}a{}", "(".repeat(100), ")".repeat(100));
    assert!(parse(&src).errors.is_empty());
}

#[test]
fn max_depth_fits_in_one_mib_of_stack() {
    let inputs = [
        "(".repeat(MAX_DEPTH + 10),
        "f:(".repeat(MAX_DEPTH + 10),
        "NOT (".repeat(MAX_DEPTH + 10),
    ];
    for src in inputs {
        let h = std::thread::Builder::new()
            .stack_size(1 << 20)
            .spawn(move || parse(&src).errors.len())
            .expect("spawn");
        assert!(h.join().expect("no stack overflow") > 0);
    }
}

#[test]
fn garbage_never_panics() {
    let long = "x".repeat(1 << 20);
    let inputs = [
        "",
        ")",
        "(",
        "]",
        "[",
        "}",
        "{",
        ":",
        "\\",
        "\"",
        "/",
        "a:",
        ":b",
        "^",
        "~",
        "&&",
        "||",
        "!",
        "+",
        "-",
        "NOT",
        "AND OR NOT",
        "[",
        "[TO",
        "[a TO",
        "{a TO b",
        "a:(",
        "()",
        "a:()",
        "\u{0}",
        "é\\",
        "\u{3000}",
        long.as_str(),
    ];
    for s in inputs {
        let _ = parse(s);
    }
    let q = r#"+process.name:("a.exe" OR b*)^2 AND NOT user.name:[a TO b} || x:/re/ && _exists_:y -z~2"#;
    for i in 0..=q.len() {
        if q.is_char_boundary(i) {
            let _ = parse(&q[..i]);
        }
    }
}
