//! Lossless Lucene query-string lexer: every byte of the input belongs to exactly one token.
//!
//! Like Lucene's classic `QueryParser`, the lexer has a range mode: after `[` or `{` and up to the
//! next `]` or `}`, everything but whitespace, quotes and the closing bracket is one range word.

use crate::span::Span;

/// Kind of a [`Token`].
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash)]
pub enum TokenKind {
    /// Spaces, tabs, newlines, carriage returns, U+3000 (trivia).
    Whitespace,
    /// `(`
    LParen,
    /// `)`
    RParen,
    /// `[` (inclusive range start)
    LBracket,
    /// `]` (inclusive range end)
    RBracket,
    /// `{` (exclusive range start)
    LBrace,
    /// `}` (exclusive range end)
    RBrace,
    /// `:`
    Colon,
    /// `+` (required)
    Plus,
    /// `-` (prohibited)
    Minus,
    /// `!` (not)
    Bang,
    /// `&&`
    AmpAmp,
    /// `||`
    PipePipe,
    /// `AND` (upper case only, as in Lucene)
    And,
    /// `OR`
    Or,
    /// `NOT`
    Not,
    /// `TO` inside a range.
    To,
    /// `^` with its optional number (`^2`, `^0.5`).
    Caret,
    /// `~` with its optional number (`~`, `~2`, `~0.8`).
    Tilde,
    /// A terminated `"..."` phrase.
    String,
    /// A `"...` phrase that runs to the end of the input.
    UnterminatedString,
    /// A terminated `/.../` regular expression.
    Regex,
    /// A `/...` regular expression that runs to the end of the input.
    UnterminatedRegex,
    /// A term (wildcards `*` `?` and escapes included), or a range bound inside `[ ]` / `{ }`.
    Word,
}

impl TokenKind {
    /// True for whitespace (the only trivia).
    pub fn is_trivia(self) -> bool {
        matches!(self, TokenKind::Whitespace)
    }
}

/// One lexed token.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct Token {
    /// What the token is.
    pub kind: TokenKind,
    /// Where it is.
    pub span: Span,
}

impl Token {
    /// The token's text in `src`.
    pub fn text<'s>(&self, src: &'s str) -> &'s str {
        self.span.text(src)
    }
}

/// Length of the whitespace character at `i` (0 if none). U+3000 is whitespace for Lucene.
fn space_len(b: &[u8], i: usize) -> usize {
    match b[i] {
        b' ' | b'\t' | b'\r' | b'\n' | 0x0c => 1,
        0xE3 if b.get(i + 1) == Some(&0x80) && b.get(i + 2) == Some(&0x80) => 3,
        _ => 0,
    }
}

/// Bytes that can neither start nor continue a term (besides whitespace).
fn is_term_stop(c: u8) -> bool {
    matches!(
        c,
        b'!' | b'(' | b')' | b':' | b'^' | b'[' | b']' | b'"' | b'{' | b'}' | b'~' | b'/'
    )
}

/// Length in bytes of the UTF-8 character starting at `i` (1 on a boundary error).
fn char_len(src: &str, i: usize) -> usize {
    src.get(i..)
        .and_then(|s| s.chars().next())
        .map_or(1, |c| c.len_utf8())
}

/// Scans an optional number (`2`, `0.5`, `.5`) from `i`; returns the end.
fn number_end(b: &[u8], mut i: usize) -> usize {
    while i < b.len() && (b[i].is_ascii_digit() || b[i] == b'.') {
        i += 1;
    }
    i
}

/// Splits `src` into tokens. Concatenating the texts of the returned tokens gives back `src`.
pub fn lex(src: &str) -> Vec<Token> {
    let b = src.as_bytes();
    let mut out = Vec::with_capacity(b.len() / 4 + 1);
    let mut in_range = false;
    let mut i = 0;
    while i < b.len() {
        let start = i;
        let c = b[i];
        let ws = space_len(b, i);
        let kind = if ws > 0 {
            i += ws;
            while i < b.len() {
                let n = space_len(b, i);
                if n == 0 {
                    break;
                }
                i += n;
            }
            TokenKind::Whitespace
        } else if c == b'"' {
            i += 1;
            let mut closed = false;
            while i < b.len() {
                match b[i] {
                    b'"' => {
                        i += 1;
                        closed = true;
                        break;
                    }
                    b'\\' => {
                        i += 1;
                        if i < b.len() {
                            i += char_len(src, i);
                        }
                    }
                    _ => i += 1,
                }
            }
            if closed {
                TokenKind::String
            } else {
                TokenKind::UnterminatedString
            }
        } else if in_range {
            match c {
                b']' | b'}' => {
                    i += 1;
                    in_range = false;
                    if c == b']' {
                        TokenKind::RBracket
                    } else {
                        TokenKind::RBrace
                    }
                }
                _ => {
                    while i < b.len() && space_len(b, i) == 0 && !matches!(b[i], b']' | b'}' | b'"')
                    {
                        i += 1;
                    }
                    if src.get(start..i) == Some("TO") {
                        TokenKind::To
                    } else {
                        TokenKind::Word
                    }
                }
            }
        } else {
            match c {
                b'(' => {
                    i += 1;
                    TokenKind::LParen
                }
                b')' => {
                    i += 1;
                    TokenKind::RParen
                }
                b'[' | b'{' => {
                    i += 1;
                    in_range = true;
                    if c == b'[' {
                        TokenKind::LBracket
                    } else {
                        TokenKind::LBrace
                    }
                }
                b']' => {
                    i += 1;
                    TokenKind::RBracket
                }
                b'}' => {
                    i += 1;
                    TokenKind::RBrace
                }
                b':' => {
                    i += 1;
                    TokenKind::Colon
                }
                b'+' => {
                    i += 1;
                    TokenKind::Plus
                }
                b'-' => {
                    i += 1;
                    TokenKind::Minus
                }
                b'!' => {
                    i += 1;
                    TokenKind::Bang
                }
                b'^' => {
                    i = number_end(b, i + 1);
                    TokenKind::Caret
                }
                b'~' => {
                    i = number_end(b, i + 1);
                    TokenKind::Tilde
                }
                b'/' => {
                    i += 1;
                    let mut closed = false;
                    while i < b.len() {
                        match b[i] {
                            b'/' => {
                                i += 1;
                                closed = true;
                                break;
                            }
                            b'\\' if b.get(i + 1) == Some(&b'/') => i += 2,
                            _ => i += 1,
                        }
                    }
                    if closed {
                        TokenKind::Regex
                    } else {
                        TokenKind::UnterminatedRegex
                    }
                }
                b'&' | b'|'
                    if b.get(i + 1) == Some(&c)
                        && (i + 2 >= b.len()
                            || space_len(b, i + 2) > 0
                            || is_term_stop(b[i + 2])) =>
                {
                    i += 2;
                    if c == b'&' {
                        TokenKind::AmpAmp
                    } else {
                        TokenKind::PipePipe
                    }
                }
                _ => {
                    while i < b.len() {
                        let d = b[i];
                        if d == b'\\' {
                            i += 1;
                            if i < b.len() {
                                i += char_len(src, i);
                            }
                        } else if space_len(b, i) > 0 || is_term_stop(d) {
                            break;
                        } else {
                            i += 1;
                        }
                    }
                    match src.get(start..i.min(b.len())).unwrap_or("") {
                        "AND" => TokenKind::And,
                        "OR" => TokenKind::Or,
                        "NOT" => TokenKind::Not,
                        _ => TokenKind::Word,
                    }
                }
            }
        };
        while i < b.len() && !src.is_char_boundary(i) {
            i += 1;
        }
        let end = i.min(b.len());
        out.push(Token {
            kind,
            span: Span::new(start, end),
        });
        i = end;
    }
    out
}
