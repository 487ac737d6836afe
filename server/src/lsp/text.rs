//! Open documents: a rope per document, incremental edits in the negotiated position encoding,
//! and conversions between byte spans of a text snapshot and LSP ranges.
//!
//! ropey is built with `cr_lines` only (no `unicode_lines`), so its line breaks are exactly
//! LSP's: `\n`, `\r\n` and a lone `\r`.

use crate::model::Span;
use crate::source::{LineCol, LineIndex, PositionEncoding};
use ropey::Rope;
use std::path::PathBuf;
use tower_lsp_server::ls_types::{Position, Range, TextDocumentContentChangeEvent};

/// One open document.
#[derive(Debug)]
pub struct Document {
    pub rope: Rope,
    pub version: i32,
    pub language_id: String,
    /// The file path the document stands for (used to detect the format and find the config).
    pub path: PathBuf,
    /// Whether a lint task is running for this document.
    pub linting: bool,
}

impl Document {
    /// A document opened with `text`.
    pub fn new(text: &str, version: i32, language_id: String, path: PathBuf) -> Self {
        Document {
            rope: Rope::from_str(text),
            version,
            language_id,
            path,
            linting: false,
        }
    }

    /// Apply one content change (a full replacement when it has no range).
    pub fn apply(&mut self, change: &TextDocumentContentChangeEvent, enc: PositionEncoding) {
        match change.range {
            None => self.rope = Rope::from_str(&change.text),
            Some(r) => {
                let a = char_index(&self.rope, r.start, enc);
                let b = char_index(&self.rope, r.end, enc);
                let (a, b) = (a.min(b), a.max(b));
                if a < b {
                    self.rope.remove(a..b);
                }
                if !change.text.is_empty() {
                    self.rope.insert(a, &change.text);
                }
            }
        }
    }

    /// The whole text.
    pub fn text(&self) -> String {
        self.rope.to_string()
    }
}

fn is_break(c: char) -> bool {
    c == '\n' || c == '\r'
}

/// The char index of an LSP position in a rope. Lines past the end clamp to the end of the
/// text, columns past the end of a line to the line's end (before its break), a column inside
/// a character (half a surrogate pair, inside a UTF-8 sequence) to the character's start.
pub fn char_index(rope: &Rope, pos: Position, enc: PositionEncoding) -> usize {
    let line = pos.line as usize;
    if line >= rope.len_lines() {
        return rope.len_chars();
    }
    let start = rope.line_to_char(line);
    let want = pos.character as usize;
    let mut units = 0usize;
    let mut idx = start;
    for c in rope.line(line).chars() {
        if is_break(c) || units >= want {
            break;
        }
        let w = match enc {
            PositionEncoding::Utf8 => c.len_utf8(),
            PositionEncoding::Utf16 => c.len_utf16(),
            PositionEncoding::Chars => 1,
        };
        if units + w > want {
            break;
        }
        units += w;
        idx += 1;
    }
    idx
}

/// A text snapshot with its line index, for span ⇄ range conversion.
pub struct Snapshot<'a> {
    pub text: &'a str,
    pub lines: &'a LineIndex,
    pub enc: PositionEncoding,
}

impl Snapshot<'_> {
    /// The LSP position of a byte offset.
    pub fn position(&self, offset: usize) -> Position {
        let lc = self.lines.position(self.text, offset, self.enc);
        Position::new(lc.line as u32, lc.col as u32)
    }

    /// The LSP range of a byte span.
    pub fn range(&self, span: Span) -> Range {
        Range::new(
            self.position(span.start),
            self.position(span.end.max(span.start)),
        )
    }

    /// The byte offset of an LSP position (clamped).
    pub fn offset(&self, pos: Position) -> usize {
        self.lines.offset(
            self.text,
            LineCol {
                line: pos.line as usize,
                col: pos.character as usize,
            },
            self.enc,
        )
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn change(l0: u32, c0: u32, l1: u32, c1: u32, t: &str) -> TextDocumentContentChangeEvent {
        TextDocumentContentChangeEvent {
            range: Some(Range::new(Position::new(l0, c0), Position::new(l1, c1))),
            range_length: None,
            text: t.into(),
        }
    }

    #[test]
    fn utf16_edits_with_emoji_cjk_and_crlf() {
        let mut d = Document::new("a😀b\r\n漢字\rx\u{2028}y", 1, "yaml".into(), "x.yml".into());
        // after the emoji (2 UTF-16 units)
        d.apply(&change(0, 3, 0, 3, "Z"), PositionEncoding::Utf16);
        assert_eq!(d.text(), "a😀Zb\r\n漢字\rx\u{2028}y");
        // replace the second CJK char
        d.apply(&change(1, 1, 1, 2, "ü"), PositionEncoding::Utf16);
        assert_eq!(d.text(), "a😀Zb\r\n漢ü\rx\u{2028}y");
        // U+2028 is not a line break for LSP: line 2 is `x\u{2028}y`
        d.apply(&change(2, 2, 2, 3, "Q"), PositionEncoding::Utf16);
        assert_eq!(d.text(), "a😀Zb\r\n漢ü\rx\u{2028}Q");
        // past the end clamps
        d.apply(&change(9, 0, 9, 4, "!"), PositionEncoding::Utf16);
        assert_eq!(d.text(), "a😀Zb\r\n漢ü\rx\u{2028}Q!");
        // column past the line end clamps before the break
        d.apply(&change(0, 99, 0, 99, "."), PositionEncoding::Utf16);
        assert_eq!(d.text(), "a😀Zb.\r\n漢ü\rx\u{2028}Q!");
    }

    #[test]
    fn utf8_columns() {
        let mut d = Document::new("é😀e\u{301}x", 1, "yaml".into(), "x.yml".into());
        // after é (2 bytes) and the emoji (4 bytes)
        d.apply(&change(0, 6, 0, 6, "|"), PositionEncoding::Utf8);
        assert_eq!(d.text(), "é😀|e\u{301}x");
        // inside the emoji clamps to its start
        d.apply(&change(0, 3, 0, 3, "<"), PositionEncoding::Utf8);
        assert_eq!(d.text(), "é<😀|e\u{301}x");
    }
}
