//! Decoding of terms, phrases and range bounds (escapes, wildcards).

use crate::span::Span;

/// Removes Lucene backslash escapes from `s` (`\x` becomes `x` for any character; a trailing lone
/// backslash is kept). Surrounding double quotes, if both present, are removed first.
pub fn unquote(s: &str) -> String {
    let body = if s.len() >= 2 && s.starts_with('"') && s.ends_with('"') {
        &s[1..s.len() - 1]
    } else {
        s.strip_prefix('"').unwrap_or(s)
    };
    decode(body, 0, false).0
}

/// Decodes `raw` (which starts at byte `base` of the query). Returns the value, the byte offsets
/// in it of unescaped `*` / `?` wildcards (only when `wild` is set) and an error span for a
/// trailing lone backslash.
pub(crate) fn decode(raw: &str, base: usize, wild: bool) -> (String, Vec<usize>, Option<Span>) {
    let mut out = String::with_capacity(raw.len());
    let mut wildcards = Vec::new();
    let mut err = None;
    let mut it = raw.char_indices();
    while let Some((i, c)) = it.next() {
        match c {
            '\\' => match it.next() {
                Some((_, n)) => out.push(n),
                None => {
                    err = Some(Span::new(base + i, base + i + 1));
                    out.push('\\');
                }
            },
            '*' | '?' if wild => {
                wildcards.push(out.len());
                out.push(c);
            }
            _ => out.push(c),
        }
    }
    (out, wildcards, err)
}
