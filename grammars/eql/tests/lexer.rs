//! Token kinds and losslessness of the lexer.

use detlint_eql::{lex, TokenKind as K};

fn kinds(src: &str) -> Vec<(K, &str)> {
    lex(src)
        .into_iter()
        .filter(|t| t.kind != K::Whitespace)
        .map(|t| (t.kind, t.text(src)))
        .collect()
}

#[test]
fn operators_and_punctuation() {
    let got = kinds("== = != ! < <= > >= : + - * / % ? ~ ( ) [ ] , . |");
    let want = [
        K::EqEq,
        K::Eq,
        K::BangEq,
        K::Bang,
        K::Lt,
        K::LtEq,
        K::Gt,
        K::GtEq,
        K::Colon,
        K::Plus,
        K::Minus,
        K::Star,
        K::Slash,
        K::Percent,
        K::Question,
        K::Tilde,
        K::LParen,
        K::RParen,
        K::LBracket,
        K::RBracket,
        K::Comma,
        K::Dot,
        K::Pipe,
    ];
    assert_eq!(got.iter().map(|x| x.0).collect::<Vec<_>>(), want);
}

#[test]
fn identifiers_keep_tilde_and_split_dots() {
    assert_eq!(
        kinds("like~ startsWith~( @timestamp a.b_c"),
        [
            (K::Ident, "like~"),
            (K::Ident, "startsWith~"),
            (K::LParen, "("),
            (K::Ident, "@timestamp"),
            (K::Ident, "a"),
            (K::Dot, "."),
            (K::Ident, "b_c"),
        ]
    );
    assert_eq!(
        kinds("`a b` `x``y` `open"),
        [
            (K::QuotedIdent, "`a b`"),
            (K::QuotedIdent, "`x``y`"),
            (K::UnterminatedQuotedIdent, "`open"),
        ]
    );
}

#[test]
fn strings() {
    assert_eq!(
        kinds(r#""a\"b" """r"aw""" 'x\'y' ?"raw" ?'raw'"#),
        [
            (K::String, r#""a\"b""#),
            (K::RawString, r#""""r"aw""""#),
            (K::SingleString, r"'x\'y'"),
            (K::LegacyRawString, r#"?"raw""#),
            (K::LegacyRawString, "?'raw'"),
        ]
    );
    // Single-line strings stop at the end of the line.
    assert_eq!(
        kinds("\"open\nx"),
        [(K::UnterminatedString, "\"open"), (K::Ident, "x")]
    );
    assert_eq!(
        kinds("\"\"\"open\nx"),
        [(K::UnterminatedString, "\"\"\"open\nx")]
    );
    // Up to two quotes right after a closing `"""` still belong to the raw string.
    assert_eq!(kinds(r#""""""x"""""#), [(K::RawString, r#""""""x"""""#)]);
}

#[test]
fn numbers() {
    assert_eq!(
        kinds("1 1.5 .5 1e3 2E-2 5m 10ms 12ab a.5"),
        [
            (K::Number, "1"),
            (K::Number, "1.5"),
            (K::Number, ".5"),
            (K::Number, "1e3"),
            (K::Number, "2E-2"),
            (K::Number, "5m"),
            (K::Number, "10ms"),
            (K::Number, "12ab"),
            (K::Ident, "a"),
            (K::Dot, "."),
            (K::Number, "5"),
        ]
    );
}

#[test]
fn comments_are_trivia() {
    let src = "a // x\n/* y\n z */ b /* open";
    let toks = lex(src);
    let trivia: Vec<_> = toks
        .iter()
        .filter(|t| t.kind.is_trivia() && t.kind != K::Whitespace)
        .map(|t| (t.kind, t.text(src)))
        .collect();
    assert_eq!(
        trivia,
        [
            (K::LineComment, "// x"),
            (K::BlockComment, "/* y\n z */"),
            (K::UnterminatedBlockComment, "/* open"),
        ]
    );
}

#[test]
fn non_ascii_is_one_token_per_char_and_lossless() {
    let src = "é日\u{1F600}\"ü\" `ß`";
    let toks = lex(src);
    let joined: String = toks.iter().map(|t| t.text(src)).collect();
    assert_eq!(joined, src);
    assert_eq!(toks[0].kind, K::Unknown);
    assert_eq!(toks[0].text(src), "é");
    assert_eq!(toks[1].text(src), "日");
    assert_eq!(toks[2].text(src), "\u{1F600}");
    assert_eq!(toks[3].kind, K::String);
}

#[test]
fn unquote_helpers() {
    assert_eq!(detlint_eql::unquote_ident("`a``b`"), "a`b");
    assert_eq!(detlint_eql::unquote_ident("`open"), "open");
    assert_eq!(detlint_eql::unquote(r#""a\tb""#).as_deref(), Some("a\tb"));
    assert_eq!(detlint_eql::unquote(r#""bad\q""#), None);
    assert_eq!(detlint_eql::unquote(r#""a" "b""#), None);
    assert_eq!(detlint_eql::unquote(r#"?"C:\x""#).as_deref(), Some(r"C:\x"));
}
