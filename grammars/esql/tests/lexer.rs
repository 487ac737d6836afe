use detlint_esql::*;

fn kinds(src: &str) -> Vec<TokenKind> {
    lex(src)
        .into_iter()
        .filter(|t| !t.kind.is_trivia())
        .map(|t| t.kind)
        .collect()
}

fn assert_lossless(src: &str) {
    let toks = lex(src);
    let mut pos = 0;
    for t in &toks {
        assert_eq!(t.span.start, pos, "gap/overlap in {src:?}");
        assert!(t.span.end > t.span.start, "empty token in {src:?}");
        pos = t.span.end;
    }
    assert_eq!(pos, src.len());
    let joined: String = toks.iter().map(|t| t.text(src)).collect();
    assert_eq!(joined, src);
}

const FIXTURES: &[&str] = &[
    "FROM logs-* | WHERE a == 1",
    "from x metadata _id | eval y = \"a\\\"b\" // c\n| stats count(*) by z",
    "/* unterminated",
    "\"unterminated string\nnext line",
    "\"\"\"triple \" quoted\"\"\"\"",
    "`back``quoted` `unterminated",
    "a::long =~ ?p ??q ?1 ? != <= >= < > % / * - + : , . ( ) [ ] { }",
    "é ü 日本 \u{a0} \u{2028} ∑ !",
    "1 1.5 2e10 3E-2 4e 5.x 7d 15minutes",
    "",
    "   \t\r\n",
];

#[test]
fn fixtures_are_lossless() {
    for f in FIXTURES {
        assert_lossless(f);
        // and the parser does not panic on them
        let _ = parse(f);
    }
}

#[test]
fn basic_kinds() {
    use TokenKind::*;
    assert_eq!(
        kinds("FROM logs-* | WHERE a.b == \"x\""),
        [Ident, Ident, Minus, Star, Pipe, Ident, Ident, Dot, Ident, EqEq, String]
    );
    assert_eq!(
        kinds("a = b =~ c != d :: e : f"),
        [
            Ident,
            Assign,
            Ident,
            EqTilde,
            Ident,
            Neq,
            Ident,
            DoubleColon,
            Ident,
            Colon,
            Ident
        ]
    );
    assert_eq!(
        kinds("1 1.5 2e3 4e"),
        [Integer, Decimal, Decimal, Integer, Ident]
    );
    assert_eq!(kinds("?a ??b ?1 ?"), [Param, Param, Param, Param]);
    assert_eq!(kinds("@timestamp _id"), [Ident, Ident]);
    assert_eq!(kinds("`a b`"), [QuotedIdent]);
    assert_eq!(kinds("\"\"\"x\"\"\""), [TripleString]);
    assert_eq!(kinds("\"abc"), [UnterminatedString]);
    assert_eq!(kinds("§"), [Unknown]);
}

#[test]
fn comments_are_trivia() {
    use TokenKind::*;
    let all: Vec<TokenKind> = lex("a // x\n/* y */b")
        .into_iter()
        .map(|t| t.kind)
        .collect();
    assert_eq!(
        all,
        [
            Ident,
            Whitespace,
            LineComment,
            Whitespace,
            BlockComment,
            Ident
        ]
    );
    assert_eq!(
        lex("/* open").first().map(|t| t.kind),
        Some(UnterminatedBlockComment)
    );
}

#[test]
fn string_escapes_stop_at_newline() {
    let toks = lex("\"a\\\"b\" \"c\nd\"");
    assert_eq!(toks[0].kind, TokenKind::String);
    assert_eq!(toks[0].span, Span::new(0, 6));
    assert_eq!(toks[2].kind, TokenKind::UnterminatedString);
    assert_eq!(toks[2].span, Span::new(7, 9));
}

#[test]
fn unquote_helpers() {
    assert_eq!(
        unquote(r#""a\"b\\c\nd\te""#).as_deref(),
        Some("a\"b\\c\nd\te")
    );
    assert_eq!(unquote(r#""""raw\n""""#).as_deref(), Some("raw\\n"));
    assert_eq!(unquote(r#""open"#).as_deref(), Some("open"));
    assert_eq!(unquote("noquote"), None);
    assert_eq!(unquote_ident("`a``b`"), "a`b");
    assert_eq!(unquote_ident("plain"), "plain");
}

#[test]
fn big_input_is_linear_enough() {
    let line = "a == \"x\" and ".repeat(80_000); // ~1 MB
    let t = std::time::Instant::now();
    let toks = lex(&line);
    assert_eq!(toks.iter().map(|t| t.span.len()).sum::<usize>(), line.len());
    assert!(t.elapsed().as_secs() < 5);
}
