//! Lossless KQL lexer: every byte of the input belongs to exactly one token.

use crate::span::Span;

/// Kind of a [`Token`].
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash)]
pub enum TokenKind {
    /// Spaces, tabs, carriage returns and newlines (trivia).
    Whitespace,
    /// `(`
    LParen,
    /// `)`
    RParen,
    /// `{`
    LBrace,
    /// `}`
    RBrace,
    /// `:`
    Colon,
    /// `<`
    Lt,
    /// `<=`
    Le,
    /// `>`
    Gt,
    /// `>=`
    Ge,
    /// A terminated `"..."` string.
    String,
    /// A `"...` string that runs to the end of the input.
    UnterminatedString,
    /// A run of unquoted characters (escapes and `*` included) that is not a keyword.
    Word,
    /// The keyword `or` (any case).
    Or,
    /// The keyword `and` (any case).
    And,
    /// The keyword `not` (any case).
    Not,
}

impl TokenKind {
    /// True for whitespace (the only trivia in KQL).
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

/// True for the whitespace bytes KQL recognises.
pub(crate) fn is_space(b: u8) -> bool {
    matches!(b, b' ' | b'\t' | b'\r' | b'\n')
}

/// True for bytes that end an unquoted word (besides whitespace).
pub(crate) fn is_special(b: u8) -> bool {
    matches!(b, b'(' | b')' | b':' | b'<' | b'>' | b'"' | b'{' | b'}')
}

/// Length in bytes of the UTF-8 character starting at `i` (1 on a boundary error).
fn char_len(src: &str, i: usize) -> usize {
    src.get(i..)
        .and_then(|s| s.chars().next())
        .map_or(1, |c| c.len_utf8())
}

/// Splits `src` into tokens. Concatenating the texts of the returned tokens gives back `src`.
pub fn lex(src: &str) -> Vec<Token> {
    let bytes = src.as_bytes();
    let mut out = Vec::with_capacity(bytes.len() / 4 + 1);
    let mut i = 0;
    while i < bytes.len() {
        let start = i;
        let b = bytes[i];
        let kind = if is_space(b) {
            while i < bytes.len() && is_space(bytes[i]) {
                i += 1;
            }
            TokenKind::Whitespace
        } else {
            match b {
                b'(' => {
                    i += 1;
                    TokenKind::LParen
                }
                b')' => {
                    i += 1;
                    TokenKind::RParen
                }
                b'{' => {
                    i += 1;
                    TokenKind::LBrace
                }
                b'}' => {
                    i += 1;
                    TokenKind::RBrace
                }
                b':' => {
                    i += 1;
                    TokenKind::Colon
                }
                b'<' | b'>' => {
                    i += 1;
                    let eq = bytes.get(i) == Some(&b'=');
                    if eq {
                        i += 1;
                    }
                    match (b, eq) {
                        (b'<', false) => TokenKind::Lt,
                        (b'<', true) => TokenKind::Le,
                        (_, false) => TokenKind::Gt,
                        (_, true) => TokenKind::Ge,
                    }
                }
                b'"' => {
                    i += 1;
                    let mut closed = false;
                    while i < bytes.len() {
                        match bytes[i] {
                            b'"' => {
                                i += 1;
                                closed = true;
                                break;
                            }
                            b'\\' if matches!(bytes.get(i + 1), Some(b'"') | Some(b'\\')) => i += 2,
                            _ => i += 1,
                        }
                    }
                    if closed {
                        TokenKind::String
                    } else {
                        TokenKind::UnterminatedString
                    }
                }
                _ => {
                    while i < bytes.len() {
                        let c = bytes[i];
                        if c == b'\\' {
                            i += 1;
                            if i < bytes.len() {
                                i += char_len(src, i);
                            }
                        } else if is_space(c) || is_special(c) {
                            break;
                        } else {
                            i += 1;
                        }
                    }
                    keyword_kind(&src[start..i.min(bytes.len())])
                }
            }
        };
        // Keep spans on char boundaries even for odd input.
        while i < bytes.len() && !src.is_char_boundary(i) {
            i += 1;
        }
        let end = i.min(bytes.len());
        out.push(Token {
            kind,
            span: Span::new(start, end),
        });
        i = end;
    }
    out
}

fn keyword_kind(word: &str) -> TokenKind {
    if word.eq_ignore_ascii_case("or") {
        TokenKind::Or
    } else if word.eq_ignore_ascii_case("and") {
        TokenKind::And
    } else if word.eq_ignore_ascii_case("not") {
        TokenKind::Not
    } else {
        TokenKind::Word
    }
}
