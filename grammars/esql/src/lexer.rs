//! Lossless, context-free ES|QL lexer.
//!
//! Every byte of the input belongs to exactly one token; whitespace and comments are
//! trivia tokens. Index patterns (`logs-*`) and field patterns (`Esql.*`) are split into
//! several adjacent tokens here and glued back together by the parser.

use crate::span::Span;

/// Token categories.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash)]
pub enum TokenKind {
    /// Run of whitespace (trivia).
    Whitespace,
    /// `// ...` up to (not including) the end of line (trivia).
    LineComment,
    /// `/* ... */` (trivia).
    BlockComment,
    /// `/* ...` without its closing `*/` (trivia, reported by the parser).
    UnterminatedBlockComment,
    /// Identifier or keyword: `[A-Za-z_@][A-Za-z0-9_@]*` (keywords are matched case-insensitively by the parser).
    Ident,
    /// Backquoted identifier `` `a b` `` (a doubled backquote escapes one).
    QuotedIdent,
    /// Backquoted identifier missing its closing backquote.
    UnterminatedQuotedIdent,
    /// `"..."` string with backslash escapes.
    String,
    /// `"""..."""` raw string.
    TripleString,
    /// String missing its closing quote(s).
    UnterminatedString,
    /// Integer literal `123`.
    Integer,
    /// Decimal literal `1.5`, `1e10`, `2.5E-3`.
    Decimal,
    /// Parameter `?`, `?name`, `?1`, `??name`.
    Param,
    /// `|`
    Pipe,
    /// `,`
    Comma,
    /// `.`
    Dot,
    /// `(`
    LParen,
    /// `)`
    RParen,
    /// `[`
    LBracket,
    /// `]`
    RBracket,
    /// `{`
    LBrace,
    /// `}`
    RBrace,
    /// `=`
    Assign,
    /// `==`
    EqEq,
    /// `=~` (case-insensitive equality)
    EqTilde,
    /// `!=`
    Neq,
    /// `<`
    Lt,
    /// `<=`
    Le,
    /// `>`
    Gt,
    /// `>=`
    Ge,
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
    /// `:`
    Colon,
    /// `::`
    DoubleColon,
    /// Any other character (one full UTF-8 character).
    Unknown,
    /// Virtual end-of-input marker (never produced by [`lex`], used by the parser).
    Eof,
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
}

/// One lexed token.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct Token {
    /// Category.
    pub kind: TokenKind,
    /// Byte range in the source.
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
    b.is_ascii_alphanumeric() || b == b'_' || b == b'@'
}

/// Splits `src` into tokens covering every byte. Runs in O(n) and never panics.
pub fn lex(src: &str) -> Vec<Token> {
    let bytes = src.as_bytes();
    let n = bytes.len();
    let mut out = Vec::with_capacity(n / 3 + 1);
    let mut i = 0;
    while i < n {
        let start = i;
        let b = bytes[i];
        let kind = match b {
            b' ' | b'\t' | b'\r' | b'\n' | 0x0b | 0x0c => {
                while i < n && matches!(bytes[i], b' ' | b'\t' | b'\r' | b'\n' | 0x0b | 0x0c) {
                    i += 1;
                }
                TokenKind::Whitespace
            }
            b'/' if bytes.get(i + 1) == Some(&b'/') => {
                while i < n && bytes[i] != b'\n' && bytes[i] != b'\r' {
                    i += 1;
                }
                TokenKind::LineComment
            }
            b'/' if bytes.get(i + 1) == Some(&b'*') => {
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
            b'"' if bytes.get(i + 1) == Some(&b'"') && bytes.get(i + 2) == Some(&b'"') => {
                i += 3;
                let mut closed = false;
                while i < n {
                    if bytes[i] == b'"'
                        && bytes.get(i + 1) == Some(&b'"')
                        && bytes.get(i + 2) == Some(&b'"')
                    {
                        i += 3;
                        // Up to two extra quotes belong to the string (`""""a""""`).
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
                    TokenKind::TripleString
                } else {
                    TokenKind::UnterminatedString
                }
            }
            b'"' => {
                i += 1;
                let mut kind = TokenKind::UnterminatedString;
                while i < n {
                    match bytes[i] {
                        b'\\' => {
                            i += 1;
                            if i < n && bytes[i] != b'\n' && bytes[i] != b'\r' {
                                i += 1;
                            }
                        }
                        b'"' => {
                            i += 1;
                            kind = TokenKind::String;
                            break;
                        }
                        b'\n' | b'\r' => break,
                        _ => i += 1,
                    }
                }
                kind
            }
            b'`' => {
                i += 1;
                let mut kind = TokenKind::UnterminatedQuotedIdent;
                while i < n {
                    if bytes[i] == b'`' {
                        if bytes.get(i + 1) == Some(&b'`') {
                            i += 2;
                            continue;
                        }
                        i += 1;
                        kind = TokenKind::QuotedIdent;
                        break;
                    }
                    i += 1;
                }
                kind
            }
            b'0'..=b'9' => {
                while i < n && bytes[i].is_ascii_digit() {
                    i += 1;
                }
                let mut kind = TokenKind::Integer;
                if i + 1 < n && bytes[i] == b'.' && bytes[i + 1].is_ascii_digit() {
                    i += 1;
                    while i < n && bytes[i].is_ascii_digit() {
                        i += 1;
                    }
                    kind = TokenKind::Decimal;
                }
                if i < n && (bytes[i] == b'e' || bytes[i] == b'E') {
                    let mut j = i + 1;
                    if j < n && (bytes[j] == b'+' || bytes[j] == b'-') {
                        j += 1;
                    }
                    if j < n && bytes[j].is_ascii_digit() {
                        while j < n && bytes[j].is_ascii_digit() {
                            j += 1;
                        }
                        i = j;
                        kind = TokenKind::Decimal;
                    }
                }
                kind
            }
            b'?' => {
                i += 1;
                if i < n && bytes[i] == b'?' {
                    i += 1;
                }
                while i < n && is_ident_continue(bytes[i]) {
                    i += 1;
                }
                TokenKind::Param
            }
            _ if is_ident_start(b) => {
                i += 1;
                while i < n && is_ident_continue(bytes[i]) {
                    i += 1;
                }
                TokenKind::Ident
            }
            _ => {
                let two = |c: u8| bytes.get(i + 1) == Some(&c);
                let (kind, len) = match b {
                    b'|' => (TokenKind::Pipe, 1),
                    b',' => (TokenKind::Comma, 1),
                    b'.' => (TokenKind::Dot, 1),
                    b'(' => (TokenKind::LParen, 1),
                    b')' => (TokenKind::RParen, 1),
                    b'[' => (TokenKind::LBracket, 1),
                    b']' => (TokenKind::RBracket, 1),
                    b'{' => (TokenKind::LBrace, 1),
                    b'}' => (TokenKind::RBrace, 1),
                    b'=' if two(b'=') => (TokenKind::EqEq, 2),
                    b'=' if two(b'~') => (TokenKind::EqTilde, 2),
                    b'=' => (TokenKind::Assign, 1),
                    b'!' if two(b'=') => (TokenKind::Neq, 2),
                    b'<' if two(b'=') => (TokenKind::Le, 2),
                    b'<' => (TokenKind::Lt, 1),
                    b'>' if two(b'=') => (TokenKind::Ge, 2),
                    b'>' => (TokenKind::Gt, 1),
                    b'+' => (TokenKind::Plus, 1),
                    b'-' => (TokenKind::Minus, 1),
                    b'*' => (TokenKind::Star, 1),
                    b'/' => (TokenKind::Slash, 1),
                    b'%' => (TokenKind::Percent, 1),
                    b':' if two(b':') => (TokenKind::DoubleColon, 2),
                    b':' => (TokenKind::Colon, 1),
                    _ => {
                        // One whole UTF-8 character; whitespace-like ones still count as trivia.
                        let ch = src[i..].chars().next().unwrap_or('\u{fffd}');
                        let len = ch.len_utf8().max(1);
                        if ch.is_whitespace() {
                            (TokenKind::Whitespace, len)
                        } else {
                            (TokenKind::Unknown, len)
                        }
                    }
                };
                i += len;
                kind
            }
        };
        out.push(Token {
            kind,
            span: Span::new(start, i),
        });
    }
    out
}

/// Decodes the text of a string literal token (`"..."` with escapes, or `"""..."""` raw).
///
/// Returns `None` when `raw` is not a quoted string. Unterminated strings decode up to the end.
pub fn unquote(raw: &str) -> Option<String> {
    if let Some(rest) = raw.strip_prefix("\"\"\"") {
        let inner = rest.strip_suffix("\"\"\"").unwrap_or(rest);
        return Some(inner.to_string());
    }
    let rest = raw.strip_prefix('"')?;
    let inner = rest.strip_suffix('"').unwrap_or(rest);
    let mut out = String::with_capacity(inner.len());
    let mut chars = inner.chars();
    while let Some(c) = chars.next() {
        if c != '\\' {
            out.push(c);
            continue;
        }
        match chars.next() {
            Some('n') => out.push('\n'),
            Some('t') => out.push('\t'),
            Some('r') => out.push('\r'),
            Some(other) => out.push(other),
            None => out.push('\\'),
        }
    }
    Some(out)
}

/// Decodes a backquoted identifier (`` `a``b` `` → ``a`b``). Returns `raw` unchanged if not quoted.
pub fn unquote_ident(raw: &str) -> String {
    match raw.strip_prefix('`') {
        Some(rest) => rest.strip_suffix('`').unwrap_or(rest).replace("``", "`"),
        None => raw.to_string(),
    }
}
