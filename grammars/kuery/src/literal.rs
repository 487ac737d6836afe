//! Decoding of quoted strings and unquoted literals (escapes, wildcards).

use crate::span::Span;

/// A problem found while decoding a literal: message and absolute span.
pub(crate) type DecodeError = (String, Span);

/// Decodes the body of a quoted string (`raw` includes the quotes, which may be missing at the end).
/// `\\` and `\"` lose their backslash, `\t` `\r` `\n` become whitespace, any other backslash stays.
pub fn unquote(raw: &str) -> String {
    let body = raw.strip_prefix('"').unwrap_or(raw);
    let body = if body.ends_with('"') && !ends_with_escaped_quote(body) {
        &body[..body.len() - 1]
    } else {
        body
    };
    let mut out = String::with_capacity(body.len());
    let mut chars = body.chars();
    while let Some(c) = chars.next() {
        if c == '\\' {
            let mut look = chars.clone();
            match look.next() {
                Some('\\') => out.push('\\'),
                Some('"') => out.push('"'),
                Some('t') => out.push('\t'),
                Some('r') => out.push('\r'),
                Some('n') => out.push('\n'),
                _ => {
                    out.push('\\');
                    continue;
                }
            }
            chars = look;
        } else {
            out.push(c);
        }
    }
    out
}

fn ends_with_escaped_quote(body: &str) -> bool {
    // Count backslashes before the final quote: an odd number escapes it.
    let b = body.as_bytes();
    let mut n = 0;
    let mut i = b.len().saturating_sub(1);
    while i > 0 && b[i - 1] == b'\\' {
        n += 1;
        i -= 1;
    }
    n % 2 == 1
}

/// Decodes an unquoted literal (`raw` starts at byte `base` of the query). Returns the value with
/// trailing whitespace trimmed, the offsets of unescaped `*` wildcards in it, and escape errors.
pub(crate) fn decode_unquoted(raw: &str, base: usize) -> (String, Vec<usize>, Vec<DecodeError>) {
    let mut out = String::with_capacity(raw.len());
    let mut wildcards = Vec::new();
    let mut errors = Vec::new();
    let mut iter = raw.char_indices().peekable();
    while let Some((i, c)) = iter.next() {
        match c {
            '\\' => match iter.peek().copied() {
                None => errors.push((
                    "expected a character after `\\`, found end of value".to_string(),
                    Span::new(base + i, base + i + 1),
                )),
                Some((_, n)) => {
                    iter.next();
                    match n {
                        't' => out.push('\t'),
                        'r' => out.push('\r'),
                        'n' => out.push('\n'),
                        '\\' | '(' | ')' | ':' | '<' | '>' | '"' | '*' | '{' | '}' | ' ' => {
                            out.push(n)
                        }
                        _ if starts_keyword(&raw[i + 1..]) => out.push(n),
                        _ => {
                            errors.push((
                                format!(
                                    "invalid escape `\\{n}` in unquoted value: only \\ ( ) : < > \" * {{ }}, space, t, r, n and keywords can be escaped (use `\\\\` for a backslash or quote the value)"
                                ),
                                Span::new(base + i, base + i + 1 + n.len_utf8()),
                            ));
                            out.push('\\');
                            out.push(n);
                        }
                    }
                }
            },
            '*' => {
                wildcards.push(out.len());
                out.push('*');
            }
            _ => out.push(c),
        }
    }
    let trimmed = out.trim_end_matches([' ', '\t', '\r', '\n']).len();
    out.truncate(trimmed);
    wildcards.retain(|&w| w < trimmed);
    (out, wildcards, errors)
}

fn starts_keyword(s: &str) -> bool {
    ["or", "and", "not"]
        .iter()
        .any(|k| s.get(..k.len()).is_some_and(|p| p.eq_ignore_ascii_case(k)))
}
