//! Maps offsets in a decoded string (a YAML block scalar, a TOML string with escapes, an expanded
//! macro) back to byte offsets in the file.

/// A run of decoded bytes copied verbatim from the file.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
struct Segment {
    decoded: usize,
    file: usize,
    len: usize,
}

/// Decoded-offset → file-offset map built from verbatim segments. The first segment is stored
/// inline: most scalars are copied verbatim in one run, so most maps never allocate.
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct OffsetMap {
    first: Option<Segment>,
    more: Vec<Segment>,
    /// File offset of the end of the encoded text (for offsets past the last segment).
    file_end: usize,
}

impl OffsetMap {
    /// An identity map for a string copied verbatim from `file_start..file_start+len`.
    pub fn identity(file_start: usize, len: usize) -> Self {
        let mut m = OffsetMap::default();
        m.push(0, file_start, len);
        m.file_end = file_start + len;
        m
    }

    fn last_mut(&mut self) -> Option<&mut Segment> {
        if self.more.is_empty() {
            self.first.as_mut()
        } else {
            self.more.last_mut()
        }
    }

    fn get(&self, i: usize) -> Option<Segment> {
        if i == 0 {
            self.first
        } else {
            self.more.get(i - 1).copied()
        }
    }

    fn count(&self) -> usize {
        usize::from(self.first.is_some()) + self.more.len()
    }

    /// Record that decoded bytes `decoded..decoded+len` are file bytes `file..file+len`.
    pub fn push(&mut self, decoded: usize, file: usize, len: usize) {
        if len == 0 {
            return;
        }
        if let Some(last) = self.last_mut() {
            if last.decoded + last.len == decoded && last.file + last.len == file {
                last.len += len;
                self.file_end = self.file_end.max(file + len);
                return;
            }
        }
        let seg = Segment { decoded, file, len };
        if self.first.is_none() {
            self.first = Some(seg);
        } else {
            self.more.push(seg);
        }
        self.file_end = self.file_end.max(file + len);
    }

    /// Set the file offset that the end of the decoded text maps to.
    pub fn set_file_end(&mut self, end: usize) {
        self.file_end = end;
    }

    /// The file offset of a decoded offset. Offsets in synthesized text (escape results, folded
    /// line breaks) map to the end of the preceding verbatim run.
    pub fn to_file(&self, decoded: usize) -> usize {
        let n = self.count();
        // index of the first segment starting after `decoded`
        let idx = match self.first {
            None => 0,
            Some(f) if f.decoded > decoded => 0,
            Some(_) => 1 + self.more.partition_point(|s| s.decoded <= decoded),
        };
        if idx == 0 {
            return self.first.map(|s| s.file).unwrap_or(self.file_end);
        }
        let Some(seg) = self.get(idx - 1) else {
            return self.file_end;
        };
        if decoded < seg.decoded + seg.len {
            seg.file + (decoded - seg.decoded)
        } else if idx == n {
            if decoded == seg.decoded + seg.len {
                seg.file + seg.len
            } else {
                self.file_end
            }
        } else {
            seg.file + seg.len
        }
    }

    /// Map a decoded range to a file range.
    pub fn span_to_file(&self, start: usize, end: usize) -> crate::model::Span {
        let s = self.to_file(start);
        let e = if end > start {
            self.to_file(end - 1) + 1
        } else {
            s
        };
        crate::model::Span::new(s, e.max(s))
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn maps_segments() {
        let mut m = OffsetMap::default();
        m.push(0, 10, 3); // "abc" at 10..13
        m.push(3, 20, 2); // "de" at 20..22
        m.set_file_end(22);
        assert_eq!(m.to_file(0), 10);
        assert_eq!(m.to_file(2), 12);
        assert_eq!(m.to_file(3), 20);
        assert_eq!(m.to_file(5), 22);
        assert_eq!(m.span_to_file(1, 4).start, 11);
        assert_eq!(m.span_to_file(1, 4).end, 21);
    }
}
