//! Lossless, allocation-free lexer for KQL.
//!
//! Every byte of the input belongs to exactly one [`Token`]; whitespace and `//` comments
//! are trivia tokens. Unknown characters become [`TokenKind::Unknown`] tokens so that the
//! concatenation of all token texts always equals the input.

use crate::span::Span;

/// The kind of a lexical token.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash)]
pub enum TokenKind {
    /// Spaces, tabs, newlines (trivia).
    Whitespace,
    /// `// ...` up to (not including) the end of line (trivia).
    Comment,
    /// Identifier or contextual keyword: `[A-Za-z_$][A-Za-z0-9_]*` (non-ASCII letters allowed).
    Ident,
    /// Integer or real number: `42`, `1.5`, `1e3`, `0x1F`.
    Number,
    /// Number with a timespan unit suffix: `1d`, `5m`, `30s`, `1.5h`, `100ms`.
    Timespan,
    /// Terminated string literal: `"..."`, `'...'`, `@"..."`, `h"..."`, ```` ```...``` ````.
    String,
    /// String literal missing its closing quote (runs to end of line / input).
    UnterminatedString,
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
    /// `{`
    LBrace,
    /// `}`
    RBrace,
    /// `,`
    Comma,
    /// `;`
    Semi,
    /// `:`
    Colon,
    /// `.`
    Dot,
    /// `..`
    DotDot,
    /// `=`
    Eq,
    /// `==`
    EqEq,
    /// `!=`
    BangEq,
    /// `=~`
    EqTilde,
    /// `!~`
    BangTilde,
    /// `<`
    Lt,
    /// `<=`
    LtEq,
    /// `>`
    Gt,
    /// `>=`
    GtEq,
    /// `<>`
    LtGt,
    /// `=>`
    FatArrow,
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
    /// `!`
    Bang,
    /// `~`
    Tilde,
    /// `?`
    Question,
    /// Any other character (one UTF-8 scalar value).
    Unknown,
}

impl TokenKind {
    /// True for whitespace and comments.
    pub fn is_trivia(self) -> bool {
        matches!(self, TokenKind::Whitespace | TokenKind::Comment)
    }
}

/// A token: its kind and byte span.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct Token {
    /// What kind of token this is.
    pub kind: TokenKind,
    /// Where it is in the source.
    pub span: Span,
}

impl Token {
    /// The token's text in `src`.
    pub fn text(self, src: &str) -> &str {
        self.span.text(src)
    }
}

/// Timespan unit suffixes accepted directly after a number (`1d`, `5min`, ...).
const TIMESPAN_UNITS: &[&str] = &[
    "d",
    "day",
    "days",
    "h",
    "hr",
    "hrs",
    "hour",
    "hours",
    "m",
    "min",
    "minute",
    "minutes",
    "s",
    "sec",
    "second",
    "seconds",
    "ms",
    "milli",
    "millis",
    "millisec",
    "millisecond",
    "milliseconds",
    "micro",
    "micros",
    "microsec",
    "microsecond",
    "microseconds",
    "tick",
    "ticks",
];

fn is_ident_start(c: char) -> bool {
    c.is_ascii_alphabetic() || c == '_' || c == '$' || (!c.is_ascii() && c.is_alphabetic())
}

fn is_ident_continue(c: char) -> bool {
    c.is_ascii_alphanumeric() || c == '_' || (!c.is_ascii() && c.is_alphanumeric())
}

/// Splits `src` into tokens. Never fails; O(n).
pub fn lex(src: &str) -> Vec<Token> {
    let mut lx = Lexer {
        src,
        bytes: src.as_bytes(),
        pos: 0,
    };
    let mut out = Vec::with_capacity(src.len() / 3 + 1);
    while lx.pos < lx.bytes.len() {
        let start = lx.pos;
        let kind = lx.next_kind();
        debug_assert!(lx.pos > start);
        out.push(Token {
            kind,
            span: Span::new(start, lx.pos),
        });
    }
    out
}

struct Lexer<'a> {
    src: &'a str,
    bytes: &'a [u8],
    pos: usize,
}

impl Lexer<'_> {
    fn peek(&self, off: usize) -> u8 {
        self.bytes.get(self.pos + off).copied().unwrap_or(0)
    }

    fn cur_char(&self) -> char {
        self.src[self.pos..].chars().next().unwrap_or('\0')
    }

    fn bump_char(&mut self) {
        let c = self.cur_char();
        self.pos += c.len_utf8().max(1);
    }

    fn next_kind(&mut self) -> TokenKind {
        let b = self.peek(0);
        match b {
            b' ' | b'\t' | b'\n' | b'\r' | 0x0b | 0x0c => {
                while matches!(self.peek(0), b' ' | b'\t' | b'\n' | b'\r' | 0x0b | 0x0c) {
                    self.pos += 1;
                }
                TokenKind::Whitespace
            }
            b'/' if self.peek(1) == b'/' => {
                let start = self.pos;
                while self.pos < self.bytes.len() && self.bytes[self.pos] != b'\n' {
                    self.pos += 1;
                }
                // Leave the '\r' of a CRLF line ending to the following whitespace token.
                if self.pos > start + 2 && self.bytes[self.pos - 1] == b'\r' {
                    self.pos -= 1;
                }
                TokenKind::Comment
            }
            b'"' | b'\'' => self.string(b, false),
            b'`' if self.peek(1) == b'`' && self.peek(2) == b'`' => self.multiline(),
            b'@' if matches!(self.peek(1), b'"' | b'\'') => {
                self.pos += 1;
                self.string(self.peek(0), true)
            }
            b'h' | b'H' if matches!(self.peek(1), b'"' | b'\'') => {
                self.pos += 1;
                self.string(self.peek(0), false)
            }
            b'h' | b'H' if self.peek(1) == b'@' && matches!(self.peek(2), b'"' | b'\'') => {
                self.pos += 2;
                self.string(self.peek(0), true)
            }
            b'0'..=b'9' => self.number(),
            b'.' if self.peek(1).is_ascii_digit() => self.number(),
            b'|' => self.one(TokenKind::Pipe),
            b'(' => self.one(TokenKind::LParen),
            b')' => self.one(TokenKind::RParen),
            b'[' => self.one(TokenKind::LBracket),
            b']' => self.one(TokenKind::RBracket),
            b'{' => self.one(TokenKind::LBrace),
            b'}' => self.one(TokenKind::RBrace),
            b',' => self.one(TokenKind::Comma),
            b';' => self.one(TokenKind::Semi),
            b':' => self.one(TokenKind::Colon),
            b'.' if self.peek(1) == b'.' => self.two(TokenKind::DotDot),
            b'.' => self.one(TokenKind::Dot),
            b'=' => match self.peek(1) {
                b'=' => self.two(TokenKind::EqEq),
                b'~' => self.two(TokenKind::EqTilde),
                b'>' => self.two(TokenKind::FatArrow),
                _ => self.one(TokenKind::Eq),
            },
            b'!' => match self.peek(1) {
                b'=' => self.two(TokenKind::BangEq),
                b'~' => self.two(TokenKind::BangTilde),
                _ => self.one(TokenKind::Bang),
            },
            b'<' => match self.peek(1) {
                b'=' => self.two(TokenKind::LtEq),
                b'>' => self.two(TokenKind::LtGt),
                _ => self.one(TokenKind::Lt),
            },
            b'>' => match self.peek(1) {
                b'=' => self.two(TokenKind::GtEq),
                _ => self.one(TokenKind::Gt),
            },
            b'+' => self.one(TokenKind::Plus),
            b'-' => self.one(TokenKind::Minus),
            b'*' => self.one(TokenKind::Star),
            b'/' => self.one(TokenKind::Slash),
            b'%' => self.one(TokenKind::Percent),
            b'~' => self.one(TokenKind::Tilde),
            b'?' => self.one(TokenKind::Question),
            _ => {
                let c = self.cur_char();
                if is_ident_start(c) {
                    self.bump_char();
                    while self.pos < self.bytes.len() && is_ident_continue(self.cur_char()) {
                        self.bump_char();
                    }
                    TokenKind::Ident
                } else {
                    self.bump_char();
                    TokenKind::Unknown
                }
            }
        }
    }

    fn one(&mut self, k: TokenKind) -> TokenKind {
        self.pos += 1;
        k
    }

    fn two(&mut self, k: TokenKind) -> TokenKind {
        self.pos += 2;
        k
    }

    /// At an opening quote `q`. Regular strings end at the line end if unterminated;
    /// verbatim strings use a doubled quote as escape and no backslash escapes.
    fn string(&mut self, q: u8, verbatim: bool) -> TokenKind {
        self.pos += 1;
        while self.pos < self.bytes.len() {
            let b = self.bytes[self.pos];
            if b == b'\n' {
                return TokenKind::UnterminatedString;
            }
            if !verbatim && b == b'\\' {
                self.pos += 1;
                if self.pos < self.bytes.len() && self.bytes[self.pos] != b'\n' {
                    self.bump_char();
                }
                continue;
            }
            if b == q {
                self.pos += 1;
                if verbatim && self.peek(0) == q {
                    self.pos += 1;
                    continue;
                }
                return TokenKind::String;
            }
            self.pos += 1;
        }
        // Ensure we end on a char boundary (we only stepped over ASCII or whole chars).
        while !self.src.is_char_boundary(self.pos) {
            self.pos += 1;
        }
        TokenKind::UnterminatedString
    }

    fn multiline(&mut self) -> TokenKind {
        self.pos += 3;
        match self.src[self.pos..].find("```") {
            Some(i) => {
                self.pos += i + 3;
                TokenKind::String
            }
            None => {
                self.pos = self.bytes.len();
                TokenKind::UnterminatedString
            }
        }
    }

    fn number(&mut self) -> TokenKind {
        let b = self.bytes;
        if self.peek(0) == b'0'
            && matches!(self.peek(1), b'x' | b'X')
            && self.peek(2).is_ascii_hexdigit()
        {
            self.pos += 2;
            while self.pos < b.len() && b[self.pos].is_ascii_hexdigit() {
                self.pos += 1;
            }
            return TokenKind::Number;
        }
        while self.pos < b.len() && b[self.pos].is_ascii_digit() {
            self.pos += 1;
        }
        if self.peek(0) == b'.' && self.peek(1).is_ascii_digit() {
            self.pos += 1;
            while self.pos < b.len() && b[self.pos].is_ascii_digit() {
                self.pos += 1;
            }
        }
        if matches!(self.peek(0), b'e' | b'E') {
            let sign = usize::from(matches!(self.peek(1), b'+' | b'-'));
            if self.peek(1 + sign).is_ascii_digit() {
                self.pos += 1 + sign;
                while self.pos < b.len() && b[self.pos].is_ascii_digit() {
                    self.pos += 1;
                }
            }
        }
        // Timespan suffix: a whole alphabetic word that is a known unit.
        let mut end = self.pos;
        while end < b.len() && b[end].is_ascii_alphabetic() {
            end += 1;
        }
        if end > self.pos {
            let word = &self.src[self.pos..end];
            let next_is_ident = end < b.len() && (b[end].is_ascii_digit() || b[end] == b'_');
            if !next_is_ident && TIMESPAN_UNITS.iter().any(|u| u.eq_ignore_ascii_case(word)) {
                self.pos = end;
                return TokenKind::Timespan;
            }
        }
        TokenKind::Number
    }
}
