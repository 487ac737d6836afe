//! Byte ranges into source text.

/// A half-open byte range `start..end` into the text given to the lexer/parser.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, Default)]
pub struct Span {
    /// First byte.
    pub start: usize,
    /// One past the last byte.
    pub end: usize,
}

impl Span {
    /// Build a span.
    pub fn new(start: usize, end: usize) -> Span {
        Span { start, end }
    }

    /// Smallest span covering both.
    pub fn cover(self, other: Span) -> Span {
        Span::new(self.start.min(other.start), self.end.max(other.end))
    }

    /// Length in bytes.
    pub fn len(self) -> usize {
        self.end.saturating_sub(self.start)
    }

    /// True for an empty span.
    pub fn is_empty(self) -> bool {
        self.end <= self.start
    }

    /// The text covered by this span (empty if out of range).
    pub fn text(self, src: &str) -> &str {
        src.get(self.start..self.end).unwrap_or("")
    }
}
