//! Decoding of string literals and backtick identifiers.

use crate::error::ParseError;
use crate::span::Span;

/// Decodes a string literal as written (`"a\tb"`, `"""raw"""`, `'x'`) into its value.
/// Returns `None` when `raw` is not a complete, valid string literal.
pub fn unquote(raw: &str) -> Option<String> {
    let toks = crate::lexer::lex(raw);
    match toks.as_slice() {
        [t] if t.kind.is_string() && t.kind != crate::lexer::TokenKind::UnterminatedString => {
            let (value, errors) = decode_string(raw, 0);
            errors.is_empty().then_some(value)
        }
        _ => None,
    }
}

/// Decodes a (possibly unterminated) string literal starting at byte `base` of the
/// source; returns the value and errors for invalid escapes.
pub(crate) fn decode_string(raw: &str, base: usize) -> (String, Vec<ParseError>) {
    let mut errors = Vec::new();
    if let Some(rest) = raw.strip_prefix("\"\"\"") {
        let inner = rest.strip_suffix("\"\"\"").unwrap_or(rest);
        return (inner.to_string(), errors);
    }
    if let Some(rest) = raw.strip_prefix('?') {
        // Legacy raw string: no escapes (a backslash only keeps the quote from closing).
        let q = rest.chars().next().unwrap_or('"');
        let inner = rest.get(1..).unwrap_or("");
        let inner = if !inner.is_empty()
            && inner.ends_with(q)
            && !ends_with_escape(&inner[..inner.len() - 1])
        {
            &inner[..inner.len() - 1]
        } else {
            inner
        };
        return (inner.to_string(), errors);
    }
    let quote = match raw.as_bytes().first() {
        Some(&q @ (b'"' | b'\'')) => q as char,
        _ => return (raw.to_string(), errors),
    };
    let body = &raw[1..];
    let body = if !body.is_empty()
        && body.ends_with(quote)
        && !ends_with_escape(&body[..body.len() - 1])
    {
        &body[..body.len() - 1]
    } else {
        body
    };
    if !body.contains('\\') {
        return (body.to_string(), errors);
    }
    let mut out = String::with_capacity(body.len());
    let mut chars = body.char_indices().peekable();
    while let Some((i, c)) = chars.next() {
        if c != '\\' {
            out.push(c);
            continue;
        }
        let esc_start = base + 1 + i;
        match chars.next() {
            Some((_, 'n')) => out.push('\n'),
            Some((_, 'r')) => out.push('\r'),
            Some((_, 't')) => out.push('\t'),
            Some((_, '"')) => out.push('"'),
            Some((_, '\'')) => out.push('\''),
            Some((_, '\\')) => out.push('\\'),
            Some((_, 'b')) => out.push('\u{8}'),
            Some((_, 'f')) => out.push('\u{c}'),
            Some((_, 'u')) => {
                // `\u{XXXX}` (2-8 hex digits).
                let mut ok = false;
                let mut end = i + 2;
                if let Some(&(_, '{')) = chars.peek() {
                    chars.next();
                    let mut code: u32 = 0;
                    let mut digits = 0;
                    while let Some(&(j, d)) = chars.peek() {
                        end = j + d.len_utf8();
                        if d == '}' {
                            chars.next();
                            if (2..=8).contains(&digits) {
                                if let Some(ch) = char::from_u32(code) {
                                    out.push(ch);
                                    ok = true;
                                }
                            }
                            break;
                        }
                        match d.to_digit(16) {
                            Some(v) if digits < 8 => {
                                code = code.saturating_mul(16).saturating_add(v);
                                digits += 1;
                                chars.next();
                            }
                            _ => break,
                        }
                    }
                }
                if !ok {
                    errors.push(ParseError::new(
                        "invalid unicode escape, expected `\\u{XXXX}`",
                        Span::new(esc_start, base + 1 + end),
                    ));
                }
            }
            Some((j, other)) => {
                errors.push(ParseError::new(
                    format!("unknown escape sequence `\\{other}`"),
                    Span::new(esc_start, base + 1 + j + other.len_utf8()),
                ));
                out.push('\\');
                out.push(other);
            }
            None => out.push('\\'),
        }
    }
    (out, errors)
}

/// True when `s` ends with an odd number of backslashes.
fn ends_with_escape(s: &str) -> bool {
    s.bytes().rev().take_while(|&b| b == b'\\').count() % 2 == 1
}

/// Decodes a backtick identifier (`` `a``b` `` → ``a`b``); tolerates a missing closing backtick.
pub fn unquote_ident(raw: &str) -> String {
    let inner = raw.strip_prefix('`').unwrap_or(raw);
    let mut out = String::with_capacity(inner.len());
    let mut chars = inner.chars().peekable();
    while let Some(c) = chars.next() {
        if c == '`' {
            if chars.peek() == Some(&'`') {
                chars.next();
                out.push('`');
                continue;
            }
            break;
        }
        out.push(c);
    }
    out
}
