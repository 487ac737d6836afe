//! Lossless lexer: every byte of the input belongs to exactly one [`Token`].

use crate::span::Span;

/// Kind of a lexical token. Trivia (whitespace, comments) are tokens too.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash)]
pub enum TokenKind {
    /// Spaces, tabs, newlines.
    Whitespace,
    /// `// ...` up to (not including) the end of line.
    LineComment,
    /// `/* ... */`.
    BlockComment,
    /// `/* ...` without the closing `*/` (runs to end of input).
    UnterminatedBlockComment,
    /// Identifier or keyword (`process`, `where`, `and`, `like~`, `startsWith~`).
    /// A directly following `~` is part of the token.
    Ident,
    /// `` `field name` `` (a doubled backtick escapes a backtick).
    QuotedIdent,
    /// A backtick identifier without its closing backtick (runs to end of line).
    UnterminatedQuotedIdent,
    /// `"..."` with backslash escapes.
    String,
    /// `"""..."""`, no escapes.
    RawString,
    /// `'...'` (legacy single-quoted string) with backslash escapes.
    SingleString,
    /// Legacy (Endgame EQL) raw string `?"..."` / `?'...'`; not supported by Elasticsearch.
    LegacyRawString,
    /// A string without its closing quote (single-line strings stop at end of line,
    /// triple-quoted ones at end of input).
    UnterminatedString,
    /// Integer or decimal number; a directly following letter run (a time unit as in
    /// `5m`) is part of the token.
    Number,
    /// `(`
    LParen,
    /// `)`
    RParen,
    /// `[`
    LBracket,
    /// `]`
    RBracket,
    /// `,`
    Comma,
    /// `.`
    Dot,
    /// `|`
    Pipe,
    /// `:`
    Colon,
    /// `==`
    EqEq,
    /// `=`
    Eq,
    /// `!=`
    BangEq,
    /// `!`
    Bang,
    /// `<`
    Lt,
    /// `<=`
    LtEq,
    /// `>`
    Gt,
    /// `>=`
    GtEq,
    /// `+`
    Plus,
    /// `-`
    Minus,
    /// `*`
    Star,
    /// `/`
    Slash,
    /// `%`
    Percent,
    /// `?`
    Question,
    /// `~` not attached to an identifier.
    Tilde,
    /// Any other character (one whole UTF-8 character).
    Unknown,
}

impl TokenKind {
    /// Whitespace and comments.
    pub fn is_trivia(self) -> bool {
        matches!(
            self,
            TokenKind::Whitespace
                | TokenKind::LineComment
                | TokenKind::BlockComment
                | TokenKind::UnterminatedBlockComment
        )
    }

    /// Any string literal token kind (terminated or not).
    pub fn is_string(self) -> bool {
        matches!(
            self,
            TokenKind::String
                | TokenKind::RawString
                | TokenKind::SingleString
                | TokenKind::LegacyRawString
                | TokenKind::UnterminatedString
        )
    }
}

/// One token: its kind and the bytes it covers.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct Token {
    /// What the token is.
    pub kind: TokenKind,
    /// The bytes it covers.
    pub span: Span,
}

impl Token {
    /// The token's text in `src`.
    pub fn text(self, src: &str) -> &str {
        self.span.text(src)
    }
}

fn is_ident_start(b: u8) -> bool {
    b.is_ascii_alphabetic() || b == b'_' || b == b'@'
}

fn is_ident_continue(b: u8) -> bool {
    b.is_ascii_alphanumeric() || b == b'_'
}

/// Length in bytes of the UTF-8 character starting with byte `b`.
fn utf8_len(b: u8) -> usize {
    match b {
        0xF0..=0xFF => 4,
        0xE0..=0xEF => 3,
        0xC0..=0xDF => 2,
        _ => 1,
    }
}

/// Splits `src` into tokens. Concatenating the token texts yields `src` exactly.
pub fn lex(src: &str) -> Vec<Token> {
    let bytes = src.as_bytes();
    let n = bytes.len();
    let mut out = Vec::with_capacity(n / 3 + 4);
    let mut i = 0;
    while i < n {
        let start = i;
        let b = bytes[i];
        let peek = |k: usize| -> u8 { bytes.get(i + k).copied().unwrap_or(0) };
        let kind = match b {
            b' ' | b'\t' | b'\n' | b'\r' | 0x0B | 0x0C => {
                while i < n && matches!(bytes[i], b' ' | b'\t' | b'\n' | b'\r' | 0x0B | 0x0C) {
                    i += 1;
                }
                TokenKind::Whitespace
            }
            b'/' if peek(1) == b'/' => {
                while i < n && bytes[i] != b'\n' {
                    i += 1;
                }
                TokenKind::LineComment
            }
            b'/' if peek(1) == b'*' => {
                i += 2;
                let mut closed = false;
                while i < n {
                    if bytes[i] == b'*' && bytes.get(i + 1) == Some(&b'/') {
                        i += 2;
                        closed = true;
                        break;
                    }
                    i += 1;
                }
                if closed {
                    TokenKind::BlockComment
                } else {
                    TokenKind::UnterminatedBlockComment
                }
            }
            b'"' if peek(1) == b'"' && peek(2) == b'"' => {
                i += 3;
                let mut closed = false;
                while i < n {
                    if bytes[i] == b'"'
                        && bytes.get(i + 1) == Some(&b'"')
                        && bytes.get(i + 2) == Some(&b'"')
                    {
                        i += 3;
                        // Trailing quotes belong to the content: `""""x""""`.
                        let mut extra = 0;
                        while extra < 2 && i < n && bytes[i] == b'"' {
                            i += 1;
                            extra += 1;
                        }
                        closed = true;
                        break;
                    }
                    i += 1;
                }
                if closed {
                    TokenKind::RawString
                } else {
                    TokenKind::UnterminatedString
                }
            }
            b'"' | b'\'' | b'?' if b != b'?' || matches!(peek(1), b'"' | b'\'') => {
                let legacy_raw = b == b'?';
                if legacy_raw {
                    i += 1;
                }
                let quote = bytes[i];
                i += 1;
                let mut closed = false;
                while i < n {
                    match bytes[i] {
                        b'\\' => {
                            i += 1;
                            if i < n && bytes[i] != b'\n' {
                                i += utf8_len(bytes[i]);
                            }
                        }
                        b'\n' => break,
                        c if c == quote => {
                            i += 1;
                            closed = true;
                            break;
                        }
                        _ => i += 1,
                    }
                }
                i = i.min(n);
                match (closed, legacy_raw, quote) {
                    (false, ..) => TokenKind::UnterminatedString,
                    (true, true, _) => TokenKind::LegacyRawString,
                    (true, false, b'"') => TokenKind::String,
                    (true, false, _) => TokenKind::SingleString,
                }
            }
            b'`' => {
                i += 1;
                let mut closed = false;
                while i < n {
                    match bytes[i] {
                        b'`' if bytes.get(i + 1) == Some(&b'`') => i += 2,
                        b'`' => {
                            i += 1;
                            closed = true;
                            break;
                        }
                        b'\n' => break,
                        _ => i += 1,
                    }
                }
                if closed {
                    TokenKind::QuotedIdent
                } else {
                    TokenKind::UnterminatedQuotedIdent
                }
            }
            b'0'..=b'9' | b'.'
                if b != b'.'
                    || (peek(1).is_ascii_digit()
                        && (i == 0
                            || !(is_ident_continue(bytes[i - 1])
                                || matches!(bytes[i - 1], b']' | b'`' | b'.')))) =>
            {
                if b == b'.' {
                    i += 1;
                }
                while i < n && bytes[i].is_ascii_digit() {
                    i += 1;
                }
                if b != b'.' && i + 1 < n && bytes[i] == b'.' && bytes[i + 1].is_ascii_digit() {
                    i += 1;
                    while i < n && bytes[i].is_ascii_digit() {
                        i += 1;
                    }
                }
                if i < n && (bytes[i] == b'e' || bytes[i] == b'E') {
                    let mut j = i + 1;
                    if j < n && (bytes[j] == b'+' || bytes[j] == b'-') {
                        j += 1;
                    }
                    if j < n && bytes[j].is_ascii_digit() {
                        i = j;
                        while i < n && bytes[i].is_ascii_digit() {
                            i += 1;
                        }
                    }
                }
                // Unit suffix (`5m`, `10ms`) or junk such as `12ab`: kept in the token.
                while i < n && is_ident_continue(bytes[i]) {
                    i += 1;
                }
                TokenKind::Number
            }
            c if is_ident_start(c) => {
                i += 1;
                while i < n && is_ident_continue(bytes[i]) {
                    i += 1;
                }
                if i < n && bytes[i] == b'~' {
                    i += 1;
                }
                TokenKind::Ident
            }
            _ => {
                let (len, kind) = match (b, peek(1)) {
                    (b'=', b'=') => (2, TokenKind::EqEq),
                    (b'!', b'=') => (2, TokenKind::BangEq),
                    (b'<', b'=') => (2, TokenKind::LtEq),
                    (b'>', b'=') => (2, TokenKind::GtEq),
                    (b'(', _) => (1, TokenKind::LParen),
                    (b')', _) => (1, TokenKind::RParen),
                    (b'[', _) => (1, TokenKind::LBracket),
                    (b']', _) => (1, TokenKind::RBracket),
                    (b',', _) => (1, TokenKind::Comma),
                    (b'.', _) => (1, TokenKind::Dot),
                    (b'|', _) => (1, TokenKind::Pipe),
                    (b':', _) => (1, TokenKind::Colon),
                    (b'=', _) => (1, TokenKind::Eq),
                    (b'!', _) => (1, TokenKind::Bang),
                    (b'<', _) => (1, TokenKind::Lt),
                    (b'>', _) => (1, TokenKind::Gt),
                    (b'+', _) => (1, TokenKind::Plus),
                    (b'-', _) => (1, TokenKind::Minus),
                    (b'*', _) => (1, TokenKind::Star),
                    (b'/', _) => (1, TokenKind::Slash),
                    (b'%', _) => (1, TokenKind::Percent),
                    (b'?', _) => (1, TokenKind::Question),
                    (b'~', _) => (1, TokenKind::Tilde),
                    _ => (utf8_len(b), TokenKind::Unknown),
                };
                i += len;
                kind
            }
        };
        // Never split a UTF-8 character, never run past the end.
        i = i.min(n);
        while i < n && !src.is_char_boundary(i) {
            i += 1;
        }
        out.push(Token {
            kind,
            span: Span::new(start, i),
        });
    }
    out
}
