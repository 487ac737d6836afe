//! Lexer tests: losslessness, token kinds, literals.

use detlint_kusto::{lex, unquote, TokenKind as K};

fn kinds(src: &str) -> Vec<(K, &str)> {
    lex(src)
        .into_iter()
        .filter(|t| !t.kind.is_trivia())
        .map(|t| (t.kind, t.text(src)))
        .collect()
}

fn assert_lossless(src: &str) {
    let toks = lex(src);
    let joined: String = toks.iter().map(|t| t.text(src)).collect();
    assert_eq!(joined, src);
    let mut at = 0;
    for t in &toks {
        assert_eq!(t.span.start, at, "gap/overlap in {src:?}");
        assert!(t.span.end > t.span.start);
        at = t.span.end;
    }
    assert_eq!(at, src.len());
}

#[test]
fn lossless_on_assorted_inputs() {
    for src in [
        "",
        "T | where a == 1 // c\r\n| take 5\r\n",
        "let x = dynamic([\"a\", 'b', @\"c\\d\"]);",
        "print ```multi\nline``` , h'secret', H@\"v\"",
        "{{param}} ¤ € \u{1F600} `",
        "\"unterminated\nnext line",
        "@'unterminated",
        "```never closed",
        "1..5 .5 1e10 0x1F 1.5h 10ms 3days 2min",
        "a!has b !~ c =~ d <> e != f => g",
        "//",
        "//\r\n",
    ] {
        assert_lossless(src);
    }
}

#[test]
fn operators_and_punctuation() {
    assert_eq!(
        kinds("== != =~ !~ < <= > >= <> = .. . | ; : , ( ) [ ] { } + - * / % ! ~"),
        vec![
            (K::EqEq, "=="),
            (K::BangEq, "!="),
            (K::EqTilde, "=~"),
            (K::BangTilde, "!~"),
            (K::Lt, "<"),
            (K::LtEq, "<="),
            (K::Gt, ">"),
            (K::GtEq, ">="),
            (K::LtGt, "<>"),
            (K::Eq, "="),
            (K::DotDot, ".."),
            (K::Dot, "."),
            (K::Pipe, "|"),
            (K::Semi, ";"),
            (K::Colon, ":"),
            (K::Comma, ","),
            (K::LParen, "("),
            (K::RParen, ")"),
            (K::LBracket, "["),
            (K::RBracket, "]"),
            (K::LBrace, "{"),
            (K::RBrace, "}"),
            (K::Plus, "+"),
            (K::Minus, "-"),
            (K::Star, "*"),
            (K::Slash, "/"),
            (K::Percent, "%"),
            (K::Bang, "!"),
            (K::Tilde, "~"),
        ]
    );
}

#[test]
fn numbers_and_timespans() {
    assert_eq!(
        kinds("42 1.5 1e3 0x1F 1d 5m 30s 1.5h 100ms 2min 7days 10tick"),
        vec![
            (K::Number, "42"),
            (K::Number, "1.5"),
            (K::Number, "1e3"),
            (K::Number, "0x1F"),
            (K::Timespan, "1d"),
            (K::Timespan, "5m"),
            (K::Timespan, "30s"),
            (K::Timespan, "1.5h"),
            (K::Timespan, "100ms"),
            (K::Timespan, "2min"),
            (K::Timespan, "7days"),
            (K::Timespan, "10tick"),
        ]
    );
    // `1..5` is number, dotdot, number; `5Minutebin` is not a timespan.
    assert_eq!(
        kinds("1..5"),
        vec![(K::Number, "1"), (K::DotDot, ".."), (K::Number, "5")]
    );
    assert_eq!(
        kinds("5Minutebin"),
        vec![(K::Number, "5"), (K::Ident, "Minutebin")]
    );
}

#[test]
fn strings() {
    assert_eq!(
        kinds(r#""a\"b" 'c\'d' @"C:\x" @'y''z' h"s" H'q' h@"v" ```m```"#),
        vec![
            (K::String, r#""a\"b""#),
            (K::String, r"'c\'d'"),
            (K::String, r#"@"C:\x""#),
            (K::String, "@'y''z'"),
            (K::String, r#"h"s""#),
            (K::String, "H'q'"),
            (K::String, r#"h@"v""#),
            (K::String, "```m```"),
        ]
    );
    assert_eq!(kinds("\"abc\nx")[0], (K::UnterminatedString, "\"abc"));
}

#[test]
fn identifiers_and_comments() {
    let toks: Vec<_> = lex("$left.Col // hi\nhas_cs")
        .into_iter()
        .map(|t| t.kind)
        .collect();
    assert_eq!(
        toks,
        vec![
            K::Ident,
            K::Dot,
            K::Ident,
            K::Whitespace,
            K::Comment,
            K::Whitespace,
            K::Ident
        ]
    );
    assert_eq!(kinds("{{x}}")[0].0, K::LBrace);
    assert_eq!(kinds("¤")[0].0, K::Unknown);
}

#[test]
fn unquote_decodes() {
    assert_eq!(unquote(r#""a\"b\\c\n""#), "a\"b\\c\n");
    assert_eq!(unquote(r"'it\'s'"), "it's");
    assert_eq!(unquote(r#"@"C:\Windows\""#), r"C:\Windows\");
    assert_eq!(unquote("@'a''b'"), "a'b");
    assert_eq!(unquote(r#"h"secret""#), "secret");
    assert_eq!(unquote("```x\ny```"), "x\ny");
    assert_eq!(unquote(r#""\u0041""#), "A");
    assert_eq!(unquote("plain"), "plain");
}

#[test]
fn lexes_a_megabyte_line_quickly() {
    let src = "a ".repeat(500_000);
    let t = std::time::Instant::now();
    assert_eq!(lex(&src).len(), 1_000_000);
    assert!(t.elapsed().as_secs() < 5);
}
