//! Lossless SPL lexer.
//!
//! Every byte of the input belongs to exactly one token. The lexer works in
//! "search mode": words are coarse (they may contain `*`, `.`, `-`, `/`, `:`),
//! and the eval parser re-splits word tokens with [`split_eval_word`].

use crate::span::Span;

/// Kind of a lexical token.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash)]
pub enum TokenKind {
    /// Spaces, tabs, newlines.
    Whitespace,
    /// A triple-backtick comment ```` ```like this``` ````.
    Comment,
    /// A bare word: run of non-delimiter characters.
    Word,
    /// A double-quoted string (possibly unterminated).
    Str,
    /// A macro call `` `name(args)` `` (possibly unterminated).
    Macro,
    /// `|`
    Pipe,
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
    /// `=`
    Eq,
    /// `==`
    EqEq,
    /// `!=`
    NotEq,
    /// `<`
    Lt,
    /// `<=`
    Le,
    /// `>`
    Gt,
    /// `>=`
    Ge,
}

impl TokenKind {
    /// Whitespace or comment.
    pub fn is_trivia(self) -> bool {
        matches!(self, TokenKind::Whitespace | TokenKind::Comment)
    }

    /// A comparison operator token.
    pub fn is_cmp(self) -> bool {
        matches!(
            self,
            TokenKind::Eq
                | TokenKind::EqEq
                | TokenKind::NotEq
                | TokenKind::Lt
                | TokenKind::Le
                | TokenKind::Gt
                | TokenKind::Ge
        )
    }
}

/// One token: kind plus byte span.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct Token {
    /// What kind of token.
    pub kind: TokenKind,
    /// Where it is.
    pub span: Span,
}

fn is_delim(b: u8) -> bool {
    matches!(
        b,
        b' ' | b'\t'
            | b'\n'
            | b'\r'
            | 0x0c
            | b'|'
            | b'('
            | b')'
            | b'['
            | b']'
            | b','
            | b'"'
            | b'`'
            | b'='
            | b'<'
            | b'>'
    )
}

/// Lex the whole input in search mode. Concatenating the token texts gives back `src`.
pub fn lex(src: &str) -> Vec<Token> {
    let b = src.as_bytes();
    let n = b.len();
    let mut out = Vec::with_capacity(n / 4 + 1);
    let mut i = 0;
    while i < n {
        let start = i;
        let c = b[i];
        let kind = match c {
            b' ' | b'\t' | b'\n' | b'\r' | 0x0c => {
                while i < n && matches!(b[i], b' ' | b'\t' | b'\n' | b'\r' | 0x0c) {
                    i += 1;
                }
                TokenKind::Whitespace
            }
            b'`' => {
                if b[i..].starts_with(b"```") {
                    i += 3;
                    match find(b, i, b"```") {
                        Some(p) => i = p + 3,
                        None => i = n,
                    }
                    TokenKind::Comment
                } else {
                    i += 1;
                    while i < n && b[i] != b'`' {
                        i += 1;
                    }
                    if i < n {
                        i += 1;
                    }
                    TokenKind::Macro
                }
            }
            b'"' => {
                i += 1;
                while i < n {
                    match b[i] {
                        b'\\' => i += 2,
                        b'"' => {
                            i += 1;
                            break;
                        }
                        _ => i += 1,
                    }
                }
                i = i.min(n);
                TokenKind::Str
            }
            b'|' => {
                i += 1;
                TokenKind::Pipe
            }
            b'(' => {
                i += 1;
                TokenKind::LParen
            }
            b')' => {
                i += 1;
                TokenKind::RParen
            }
            b'[' => {
                i += 1;
                TokenKind::LBracket
            }
            b']' => {
                i += 1;
                TokenKind::RBracket
            }
            b',' => {
                i += 1;
                TokenKind::Comma
            }
            b'=' => {
                if i + 1 < n && b[i + 1] == b'=' {
                    i += 2;
                    TokenKind::EqEq
                } else {
                    i += 1;
                    TokenKind::Eq
                }
            }
            b'<' if template_len(b, i).is_some() => {
                while i < n {
                    if let Some(l) = template_len(b, i) {
                        i += l;
                        continue;
                    }
                    if is_delim(b[i]) || (b[i] == b'!' && i + 1 < n && b[i + 1] == b'=') {
                        break;
                    }
                    i += 1;
                }
                TokenKind::Word
            }
            b'<' => {
                if i + 1 < n && b[i + 1] == b'=' {
                    i += 2;
                    TokenKind::Le
                } else {
                    i += 1;
                    TokenKind::Lt
                }
            }
            b'>' => {
                if i + 1 < n && b[i + 1] == b'=' {
                    i += 2;
                    TokenKind::Ge
                } else {
                    i += 1;
                    TokenKind::Gt
                }
            }
            b'!' if i + 1 < n && b[i + 1] == b'=' => {
                i += 2;
                TokenKind::NotEq
            }
            _ => {
                if c == b'\'' {
                    // `'field name'`: a single-quoted name may contain spaces.
                    if let Some(q) = b[i + 1..]
                        .iter()
                        .position(|&x| matches!(x, b'\'' | b'\n' | b'|' | b'"'))
                    {
                        if b[i + 1 + q] == b'\'' {
                            i += q + 1;
                        }
                    }
                }
                i += escape_len(b, i).unwrap_or(1);
                while i < n {
                    if let Some(l) = template_len(b, i).or_else(|| escape_len(b, i)) {
                        i += l;
                        continue;
                    }
                    if is_delim(b[i]) || (b[i] == b'!' && i + 1 < n && b[i + 1] == b'=') {
                        break;
                    }
                    i += 1;
                }
                // Never split a UTF-8 sequence.
                while i < n && !src.is_char_boundary(i) {
                    i += 1;
                }
                TokenKind::Word
            }
        };
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

/// A backslash escape inside a bare word: `\"` and `\\` (e.g. `x=*\"a\":1*`).
fn escape_len(b: &[u8], i: usize) -> Option<usize> {
    (b[i] == b'\\' && i + 1 < b.len() && matches!(b[i + 1], b'"' | b'\\')).then_some(2)
}

/// Length of a `foreach` template placeholder `<<NAME>>` starting at `i`.
pub(crate) fn template_len(b: &[u8], i: usize) -> Option<usize> {
    if !b[i..].starts_with(b"<<") {
        return None;
    }
    let mut j = i + 2;
    while j < b.len() && (b[j].is_ascii_alphanumeric() || b[j] == b'_') {
        j += 1;
    }
    if j > i + 2 && b[j..].starts_with(b">>") {
        Some(j + 2 - i)
    } else {
        None
    }
}

fn find(hay: &[u8], from: usize, needle: &[u8]) -> Option<usize> {
    if from > hay.len() {
        return None;
    }
    hay[from..]
        .windows(needle.len())
        .position(|w| w == needle)
        .map(|p| p + from)
}

/// Kind of an eval sub-token produced by [`split_eval_word`].
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum EvalPiece {
    /// Identifier / field name (may contain dots, `{}`, `:`, `@`).
    Ident,
    /// Numeric literal.
    Number,
    /// Single-quoted field name `'a b'`.
    Quoted,
    /// An arithmetic / concatenation operator: `+ - * / % .`
    Op,
    /// `!` (logical not in some dialects) or any other stray byte.
    Other,
}

/// Split a search-mode word into eval sub-tokens (absolute spans).
pub fn split_eval_word(src: &str, span: Span, out: &mut Vec<(EvalPiece, Span)>) {
    let b = src.as_bytes();
    let mut i = span.start;
    let end = span.end.min(b.len());
    while i < end {
        let s = i;
        let c = b[i];
        let kind = if c.is_ascii_digit()
            || (c == b'.'
                && i + 1 < end
                && b[i + 1].is_ascii_digit()
                && !prev_ident(b, span.start, i))
        {
            while i < end && (b[i].is_ascii_alphanumeric() || b[i] == b'.' || b[i] == b'_') {
                // exponent sign
                if (b[i] == b'e' || b[i] == b'E')
                    && i + 1 < end
                    && (b[i + 1] == b'-' || b[i + 1] == b'+')
                    && b[s..i].iter().all(|x| x.is_ascii_digit() || *x == b'.')
                {
                    i += 2;
                    continue;
                }
                i += 1;
            }
            if b[s..i].iter().all(|x| x.is_ascii_digit() || *x == b'.') {
                EvalPiece::Number
            } else {
                EvalPiece::Ident
            }
        } else if c == b'\'' {
            i += 1;
            while i < end && b[i] != b'\'' {
                i += 1;
            }
            if i < end {
                i += 1;
            }
            EvalPiece::Quoted
        } else if is_ident_byte(c) || template_len(&b[..end], i).is_some() {
            while i < end {
                if let Some(l) = template_len(&b[..end], i) {
                    i += l;
                } else if is_ident_byte(b[i])
                    || (b[i] == b'.'
                        && i + 1 < end
                        && (is_ident_byte(b[i + 1]) || b[i + 1] == b'{'))
                {
                    i += 1;
                } else if b[i] == b'{' {
                    // field{} / field{}.x json paths
                    while i < end && b[i] != b'}' {
                        i += 1;
                    }
                    if i < end {
                        i += 1;
                    }
                } else {
                    break;
                }
            }
            EvalPiece::Ident
        } else if matches!(c, b'+' | b'-' | b'*' | b'/' | b'%' | b'.') {
            i += 1;
            EvalPiece::Op
        } else {
            i += 1;
            while i < end && !src.is_char_boundary(i) {
                i += 1;
            }
            EvalPiece::Other
        };
        out.push((kind, Span::new(s, i)));
    }
}

fn prev_ident(b: &[u8], lo: usize, i: usize) -> bool {
    i > lo && is_ident_byte(b[i - 1])
}

fn is_ident_byte(c: u8) -> bool {
    c.is_ascii_alphanumeric() || c == b'_' || c == b'@' || c == b'$' || c == b':' || c >= 0x80
}
