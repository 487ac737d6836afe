//! Byte offset ⇄ line/column conversion in UTF-8 bytes, UTF-16 code units or characters.

use serde::Serialize;

/// How columns are counted.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum PositionEncoding {
    /// Bytes of UTF-8 (LSP `utf-8`).
    Utf8,
    /// UTF-16 code units (LSP default).
    Utf16,
    /// Unicode scalar values (what a person counts; used in terminal output).
    Chars,
}

/// A zero-based line and column.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize)]
pub struct LineCol {
    pub line: usize,
    pub col: usize,
}

/// Start offsets of every line of a text. Lines end at `\n`, `\r\n` or a lone `\r`.
#[derive(Debug, Clone)]
pub struct LineIndex {
    starts: Vec<usize>,
    len: usize,
}

impl LineIndex {
    /// Index the line starts of `text`.
    pub fn new(text: &str) -> Self {
        let bytes = text.as_bytes();
        let mut starts = Vec::with_capacity(bytes.len() / 32 + 1);
        starts.push(0);
        if memchr::memchr(b'\r', bytes).is_none() {
            // LF only (the common case): a vectorized search
            starts.extend(memchr::memchr_iter(b'\n', bytes).map(|n| n + 1));
            return LineIndex {
                starts,
                len: text.len(),
            };
        }
        let mut i = 0;
        while i < bytes.len() {
            match bytes[i] {
                b'\n' => starts.push(i + 1),
                b'\r' => {
                    if bytes.get(i + 1) == Some(&b'\n') {
                        i += 1;
                    }
                    starts.push(i + 1);
                }
                _ => {}
            }
            i += 1;
        }
        LineIndex {
            starts,
            len: text.len(),
        }
    }

    /// Number of lines (a text ending with a newline has an empty last line).
    pub fn line_count(&self) -> usize {
        self.starts.len()
    }

    /// Byte offset where `line` starts (clamped to the text).
    pub fn line_start(&self, line: usize) -> usize {
        self.starts.get(line).copied().unwrap_or(self.len)
    }

    /// Byte offset where `line`'s content ends (before its line break).
    pub fn line_end(&self, text: &str, line: usize) -> usize {
        let next = self.starts.get(line + 1).copied().unwrap_or(self.len);
        let bytes = text.as_bytes();
        let mut end = next.min(bytes.len());
        while end > self.line_start(line) && matches!(bytes.get(end - 1), Some(b'\n' | b'\r')) {
            end -= 1;
        }
        end
    }

    /// The zero-based line containing `offset`.
    pub fn line_of(&self, offset: usize) -> usize {
        match self.starts.binary_search(&offset) {
            Ok(l) => l,
            Err(l) => l.saturating_sub(1),
        }
    }

    /// Line and column of a byte offset, columns counted in `enc`. Offsets inside a multi-byte
    /// character or past the end are clamped.
    pub fn position(&self, text: &str, offset: usize, enc: PositionEncoding) -> LineCol {
        let offset = floor_char_boundary(text, offset.min(text.len()));
        let line = self.line_of(offset);
        let start = self.line_start(line).min(offset);
        let slice = &text[start..offset];
        let col = match enc {
            PositionEncoding::Utf8 => slice.len(),
            PositionEncoding::Utf16 => slice.chars().map(char::len_utf16).sum(),
            PositionEncoding::Chars => slice.chars().count(),
        };
        LineCol { line, col }
    }

    /// Byte offset of a line/column, columns counted in `enc`. Out-of-range lines clamp to the
    /// end of the text, out-of-range columns to the end of the line; a column inside a character
    /// (half of a surrogate pair) clamps to the character's start.
    pub fn offset(&self, text: &str, pos: LineCol, enc: PositionEncoding) -> usize {
        if pos.line >= self.starts.len() {
            return text.len();
        }
        let start = self.line_start(pos.line);
        let end = self.line_end(text, pos.line);
        let line_text = &text[start..end];
        match enc {
            PositionEncoding::Utf8 => {
                start + floor_char_boundary(line_text, pos.col.min(line_text.len()))
            }
            PositionEncoding::Utf16 | PositionEncoding::Chars => {
                let mut units = 0;
                for (i, ch) in line_text.char_indices() {
                    if units >= pos.col {
                        return start + i;
                    }
                    units += if enc == PositionEncoding::Utf16 {
                        ch.len_utf16()
                    } else {
                        1
                    };
                    if units > pos.col {
                        return start + i;
                    }
                }
                end
            }
        }
    }
}

/// The largest char boundary `<= i`.
pub fn floor_char_boundary(text: &str, mut i: usize) -> usize {
    if i >= text.len() {
        return text.len();
    }
    while i > 0 && !text.is_char_boundary(i) {
        i -= 1;
    }
    i
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn utf16_and_utf8_columns() {
        let text = "a😀b\r\nç\rx";
        let idx = LineIndex::new(text);
        assert_eq!(idx.line_count(), 3);
        let b = text.find('b').unwrap_or(0);
        assert_eq!(
            idx.position(text, b, PositionEncoding::Utf16),
            LineCol { line: 0, col: 3 }
        );
        assert_eq!(
            idx.position(text, b, PositionEncoding::Utf8),
            LineCol { line: 0, col: 5 }
        );
        assert_eq!(
            idx.position(text, b, PositionEncoding::Chars),
            LineCol { line: 0, col: 2 }
        );
        assert_eq!(
            idx.offset(text, LineCol { line: 0, col: 3 }, PositionEncoding::Utf16),
            b
        );
        // inside the surrogate pair: clamps to the emoji's start
        assert_eq!(
            idx.offset(text, LineCol { line: 0, col: 2 }, PositionEncoding::Utf16),
            1
        );
        let x = text.find('x').unwrap_or(0);
        assert_eq!(
            idx.position(text, x, PositionEncoding::Utf16),
            LineCol { line: 2, col: 0 }
        );
        assert_eq!(
            idx.offset(text, LineCol { line: 9, col: 0 }, PositionEncoding::Utf16),
            text.len()
        );
        assert_eq!(
            idx.offset(text, LineCol { line: 1, col: 99 }, PositionEncoding::Utf16),
            text.find('\r').map(|_| 0).unwrap_or(0) + "a😀b\r\nç".len()
        );
    }
}
