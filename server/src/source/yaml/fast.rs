//! A hand-written reader for the YAML that rule files are made of: block mappings and
//! sequences, flow collections, every scalar style, comments, anchors and aliases, `---`
//! documents, LF and CRLF line ends.
//!
//! It exists for speed: tree-sitter-yaml (with its external scanner and a full concrete syntax
//! tree) was about half of `detlint check`'s time on the corpus. This reader builds the
//! [`YamlStream`] directly, with the same spans, decoded values, scalar types, duplicate-key issues
//! and comments as the tree-sitter path ([`super::convert`]), so nothing downstream can tell them
//! apart. It accepts only text it fully understands: anything unusual (a syntax error, tags,
//! directives, complex keys, tabs near indentation, a byte-order mark, lone CR line ends, explicit
//! block indentation, an unknown alias…) makes it give up (`None`), and the caller falls back to
//! tree-sitter, which reports errors and salvages half-typed text. `tests/yaml_fast_reader.rs`
//! compares the two readers on every YAML file of the corpus and on mutated text.

use super::node::*;
use super::ParseLimits;
use crate::model::Span;
use std::collections::HashMap;

mod flow;
mod scalar;

/// The reader met something it does not handle; the caller uses the tree-sitter path.
struct GiveUp;

type Read<T> = Result<T, GiveUp>;

/// Give up (logged at trace level with the reader's source line, to see why a file fell back:
/// `DETLINT_LOG=detlint::source::yaml=trace`).
#[track_caller]
fn give_up() -> GiveUp {
    tracing::trace!(at = %std::panic::Location::caller(), "fast YAML reader gives up");
    GiveUp
}

/// Nesting of YAML collections the reader accepts (the tree-sitter path reports deeper input).
const MAX_NESTING: usize = 24;

/// Read `text`, or `None` when the tree-sitter path must do it.
pub(super) fn parse(text: &str, limits: ParseLimits) -> Option<YamlStream> {
    if !plain_bytes(text.as_bytes()) {
        return None;
    }
    let mut r = Reader {
        text,
        b: text.as_bytes(),
        pos: 0,
        limits,
        anchors: HashMap::new(),
        alias_nodes: 0,
        last_comment_end: 0,
        out: YamlStream::default(),
    };
    r.stream().ok()?;
    Some(r.out)
}

/// No control characters, lone CRs, byte-order marks or Unicode line separators: text with them
/// goes to the tree-sitter path.
fn plain_bytes(b: &[u8]) -> bool {
    // printable ASCII and LF only (most files): checked a block at a time, without branches
    if b.chunks(64).all(|block| {
        block.iter().fold(true, |ok, &c| {
            ok & ((0x20..0x7f).contains(&c) | (c == b'\n'))
        })
    }) {
        return true;
    }
    let mut i = 0;
    while i < b.len() {
        match b[i] {
            b'\t' | b'\n' => {}
            b'\r' if b.get(i + 1) == Some(&b'\n') => {}
            0..=0x1f | 0x7f => return false,
            // U+0085 (C2 85), U+2028/2029 (E2 80 A8/A9), U+FEFF (EF BB BF)
            0xC2 if b.get(i + 1) == Some(&0x85) => return false,
            0xE2 if b.get(i + 1) == Some(&0x80) && matches!(b.get(i + 2), Some(0xA8 | 0xA9)) => {
                return false
            }
            0xEF if b.get(i + 1) == Some(&0xBB) && b.get(i + 2) == Some(&0xBF) => return false,
            _ => {}
        }
        i += 1;
    }
    true
}

fn is_flow_indicator(c: u8) -> bool {
    matches!(c, b',' | b'[' | b']' | b'{' | b'}')
}

struct Reader<'t> {
    text: &'t str,
    b: &'t [u8],
    pos: usize,
    limits: ParseLimits,
    anchors: HashMap<String, YamlNode>,
    alias_nodes: usize,
    /// End of the last comment read (collections extend over their trailing comments).
    last_comment_end: usize,
    out: YamlStream,
}

impl<'t> Reader<'t> {
    fn at(&self, i: usize) -> u8 {
        self.b.get(i).copied().unwrap_or(0)
    }

    /// Whether `i` is at a line end (LF, CRLF) or the end of the text.
    fn is_eol(&self, i: usize) -> bool {
        i >= self.b.len() || self.b[i] == b'\n' || (self.b[i] == b'\r' && self.at(i + 1) == b'\n')
    }

    /// Whether `i` is at a space, a line end or the end of the text.
    fn is_blank(&self, i: usize) -> bool {
        self.at(i) == b' ' || self.is_eol(i)
    }

    /// The end of the line holding `i` (before its CR LF or LF).
    fn line_end(&self, i: usize) -> usize {
        let mut e = match self.b[i.min(self.b.len())..]
            .iter()
            .position(|&c| c == b'\n')
        {
            Some(n) => i + n,
            None => return self.b.len(),
        };
        if e > i && self.b[e - 1] == b'\r' {
            e -= 1;
        }
        e
    }

    fn line_start(&self, i: usize) -> usize {
        self.b[..i]
            .iter()
            .rposition(|&c| c == b'\n')
            .map(|n| n + 1)
            .unwrap_or(0)
    }

    fn column(&self, i: usize) -> usize {
        i - self.line_start(i)
    }

    /// Whether only spaces precede `i` on its line.
    fn first_on_line(&self, i: usize) -> bool {
        self.b[self.line_start(i)..i].iter().all(|&c| c == b' ')
    }

    /// A `---` or `...` marker at `i` (column 0, then a blank).
    fn marker_at(&self, i: usize) -> Option<u8> {
        let c = self.at(i);
        if (c == b'-' || c == b'.')
            && self.at(i + 1) == c
            && self.at(i + 2) == c
            && self.column(i) == 0
            && self.is_blank(i + 3)
        {
            Some(c)
        } else {
            None
        }
    }

    /// A block sequence entry indicator (`-` then a blank) at `i`.
    fn dash_at(&self, i: usize) -> bool {
        self.at(i) == b'-' && self.is_blank(i + 1)
    }

    fn comment(&mut self, start: usize) -> Read<()> {
        // `#` starts a comment only at a line start or after a space
        if start > 0 && !matches!(self.b[start - 1], b' ' | b'\n') {
            return Err(give_up());
        }
        let end = self.line_end(start);
        self.out
            .comments
            .push((Span::new(start, end), self.text[start..end].to_string()));
        self.last_comment_end = end;
        self.pos = end;
        Ok(())
    }

    /// Skip spaces, comments and line ends up to the next content (or the end of the text).
    fn skip_to_content(&mut self) -> Read<()> {
        loop {
            match self.at(self.pos) {
                b' ' => self.pos += 1,
                b'#' => self.comment(self.pos)?,
                b'\r' | b'\n' => self.pos += 1,
                b'\t' => return Err(give_up()),
                _ => return Ok(()),
            }
        }
    }

    /// Skip spaces on the current line.
    fn skip_spaces(&mut self) -> Read<()> {
        while self.at(self.pos) == b' ' {
            self.pos += 1;
        }
        if self.at(self.pos) == b'\t' {
            return Err(give_up());
        }
        Ok(())
    }

    /// Whether the rest of the current line (from `pos`, after spaces) is empty or a comment.
    fn line_rest_empty(&self) -> bool {
        let mut i = self.pos;
        while self.at(i) == b' ' {
            i += 1;
        }
        self.is_eol(i) || (self.at(i) == b'#' && i > self.pos)
    }

    fn stream(&mut self) -> Read<()> {
        self.skip_to_content()?;
        while self.pos < self.b.len() {
            let doc_start = self.pos;
            match self.marker_at(self.pos) {
                Some(b'-') => {
                    self.pos += 3;
                    if !self.line_rest_empty() {
                        return Err(give_up());
                    }
                    self.skip_to_content()?;
                }
                Some(_) => return Err(give_up()),
                None if self.at(self.pos) == b'%' => return Err(give_up()),
                None => {}
            }
            if self.pos >= self.b.len() || self.marker_at(self.pos).is_some() {
                return Err(give_up());
            }
            let col = self.column(self.pos);
            let root = if self.dash_at(self.pos) {
                self.block_sequence(col, 0)?
            } else if self.key_line(self.pos) {
                self.block_mapping(col, 0)?
            } else {
                return Err(give_up());
            };
            let end = if self.pos >= self.b.len() {
                self.b.len()
            } else {
                match self.marker_at(self.pos) {
                    Some(b'.') => {
                        self.pos += 3;
                        let end = self.pos;
                        if !self.line_rest_empty() {
                            return Err(give_up());
                        }
                        self.skip_to_content()?;
                        if self.pos < self.b.len() && self.marker_at(self.pos) != Some(b'-') {
                            return Err(give_up());
                        }
                        end
                    }
                    Some(_) => root.span.end,
                    None => return Err(give_up()),
                }
            };
            self.out.docs.push(YamlDoc {
                root,
                span: Span::new(doc_start, end),
            });
        }
        if self.out.docs.is_empty() {
            self.out.docs.push(YamlDoc {
                root: YamlNode::empty(Span::new(0, 0)),
                span: Span::new(0, self.b.len()),
            });
        }
        Ok(())
    }

    /// Whether the line content at `i` is `key:` (a plain or quoted scalar, then `:` and a blank).
    fn key_line(&self, i: usize) -> bool {
        match self.at(i) {
            b'\'' | b'"' => match self.quoted_end(i, true) {
                Some(e) => {
                    let mut j = e;
                    while self.at(j) == b' ' {
                        j += 1;
                    }
                    self.at(j) == b':' && self.is_blank(j + 1)
                }
                None => false,
            },
            _ => self.plain_key_end(i).is_some(),
        }
    }

    /// For a plain key at `i`: the position of its `:`.
    fn plain_key_end(&self, i: usize) -> Option<usize> {
        let mut j = i;
        while !self.is_eol(j) {
            match self.b[j] {
                b':' if self.is_blank(j + 1) => return Some(j),
                b'#' if j > i && self.b[j - 1] == b' ' => return None,
                _ => j += 1,
            }
        }
        None
    }

    /// After a collection's last entry, where it ends: at the end of the text it spans to the
    /// end; otherwise over the comments that followed its last entry.
    fn collection_end(&self, last: usize) -> usize {
        if self.pos >= self.b.len() {
            self.b.len()
        } else {
            last.max(self.last_comment_end)
        }
    }

    fn block_mapping(&mut self, col: usize, depth: usize) -> Read<YamlNode> {
        if depth > MAX_NESTING {
            return Err(give_up());
        }
        let start = self.pos;
        let mut entries: Vec<(YamlNode, YamlNode)> = Vec::new();
        let mut keys = KeyIndex::default();
        let end = loop {
            let key = self.key()?;
            self.pos += 1;
            let colon_end = self.pos;
            self.skip_spaces()?;
            let value = if self.is_eol(self.pos) || self.at(self.pos) == b'#' {
                match self.block_below(col, true, depth + 1)? {
                    Some(v) => v,
                    None => YamlNode::empty(Span::point(colon_end)),
                }
            } else {
                let v = self.inline_value(col, depth + 1)?;
                self.skip_to_content()?;
                v
            };
            let last = match value.kind {
                YamlKind::Empty => colon_end,
                _ => value.span.end,
            };
            if let Some(k) = key.as_str() {
                if let Some(first) = keys.first(&entries, k) {
                    self.out.issues.push(KeyIndex::issue(k, key.span, first));
                }
            }
            entries.push((key, value));
            // self.pos is at the next content
            if self.pos >= self.b.len() || self.marker_at(self.pos).is_some() {
                break self.collection_end(last);
            }
            if !self.first_on_line(self.pos) {
                return Err(give_up());
            }
            let c = self.column(self.pos);
            if c < col || (c == col && self.dash_at(self.pos)) {
                if c == col {
                    // a sequence at the mapping's indentation without a key
                    return Err(give_up());
                }
                break self.collection_end(last);
            }
            if c > col {
                return Err(give_up());
            }
        };
        Ok(YamlNode {
            kind: YamlKind::Map(entries),
            span: Span::new(start, end),
        })
    }

    fn block_sequence(&mut self, col: usize, depth: usize) -> Read<YamlNode> {
        if depth > MAX_NESTING {
            return Err(give_up());
        }
        let start = self.pos;
        let mut items = Vec::new();
        let end = loop {
            let dash = self.pos;
            self.pos += 1;
            self.skip_spaces()?;
            let item = if self.is_eol(self.pos) || self.at(self.pos) == b'#' {
                match self.block_below(col, false, depth + 1)? {
                    Some(v) => v,
                    None => YamlNode::empty(Span::point(dash + 1)),
                }
            } else if self.dash_at(self.pos) {
                let c = self.column(self.pos);
                self.block_sequence(c, depth + 1)?
            } else if self.key_line(self.pos) {
                let c = self.column(self.pos);
                self.block_mapping(c, depth + 1)?
            } else {
                let v = self.inline_value(col, depth + 1)?;
                self.skip_to_content()?;
                v
            };
            let last = match item.kind {
                YamlKind::Empty => dash + 1,
                _ => item.span.end,
            };
            items.push(item);
            if self.pos >= self.b.len() || self.marker_at(self.pos).is_some() {
                break self.collection_end(last);
            }
            if !self.first_on_line(self.pos) {
                return Err(give_up());
            }
            let c = self.column(self.pos);
            if c == col && self.dash_at(self.pos) {
                continue;
            }
            if c == col && self.at(self.pos) == b'-' {
                // `-x` right after a sequence: tree-sitter reads it as a broken entry
                return Err(give_up());
            }
            if c <= col {
                break self.collection_end(last);
            }
            return Err(give_up());
        };
        Ok(YamlNode {
            kind: YamlKind::Seq(items),
            span: Span::new(start, end),
        })
    }

    /// The node on the lines below `key:` or `-` (whose line held nothing else), indented deeper
    /// than `parent` (or a sequence at `parent` itself, under a mapping key). `None` when there
    /// is none: the value is empty.
    fn block_below(
        &mut self,
        parent: usize,
        seq_at_parent: bool,
        depth: usize,
    ) -> Read<Option<YamlNode>> {
        self.skip_to_content()?;
        if self.pos >= self.b.len() || self.marker_at(self.pos).is_some() {
            return Ok(None);
        }
        let col = self.column(self.pos);
        if col > parent {
            if self.dash_at(self.pos) {
                return self.block_sequence(col, depth).map(Some);
            }
            if self.key_line(self.pos) {
                return self.block_mapping(col, depth).map(Some);
            }
            // a scalar or flow collection alone on its lines
            let v = self.inline_value(parent, depth)?;
            self.skip_to_content()?;
            return Ok(Some(v));
        }
        if seq_at_parent && col == parent && self.dash_at(self.pos) {
            return self.block_sequence(col, depth).map(Some);
        }
        Ok(None)
    }

    /// A mapping key at `pos`; leaves `pos` at its `:`.
    fn key(&mut self) -> Read<YamlNode> {
        let start = self.pos;
        match self.at(start) {
            b'\'' | b'"' => {
                let end = self.quoted_end(start, true).ok_or_else(give_up)?;
                let node = self.quoted(start, end);
                self.pos = end;
                self.skip_spaces()?;
                if self.at(self.pos) != b':' || !self.is_blank(self.pos + 1) {
                    return Err(give_up());
                }
                Ok(node)
            }
            b'?' | b'&' | b'*' | b'!' | b'[' | b'{' | b']' | b'}' | b',' | b'|' | b'>' | b'%'
            | b'@' | b'`' | b'#' | b':' => Err(give_up()),
            b'-' if self.is_blank(start + 1) => Err(give_up()),
            _ => {
                let colon = self.plain_key_end(start).ok_or_else(give_up)?;
                let mut end = colon;
                while end > start && self.b[end - 1] == b' ' {
                    end -= 1;
                }
                if end == start || self.b[start..end].contains(&b'\t') {
                    return Err(give_up());
                }
                self.pos = colon;
                Ok(self.plain(start, end))
            }
        }
    }

    /// A node written after `key: ` or `- ` on the same line (or alone on its lines), whose
    /// continuation lines must be indented deeper than `parent`. Leaves `pos` after it.
    fn inline_value(&mut self, parent: usize, depth: usize) -> Read<YamlNode> {
        let v = self.inline_node(parent, depth)?;
        // only a comment may follow on the line
        if !self.line_rest_empty() {
            return Err(give_up());
        }
        Ok(v)
    }

    fn inline_node(&mut self, parent: usize, depth: usize) -> Read<YamlNode> {
        let start = self.pos;
        match self.at(start) {
            b'&' => {
                let name_end = self.name_end(start + 1);
                if name_end == start + 1 {
                    return Err(give_up());
                }
                let name = self.text[start + 1..name_end].to_string();
                self.pos = name_end;
                if self.at(self.pos) != b' ' {
                    return Err(give_up());
                }
                self.skip_spaces()?;
                if self.is_eol(self.pos)
                    || matches!(self.at(self.pos), b'#' | b'&' | b'*')
                    || self.key_line(self.pos)
                {
                    return Err(give_up());
                }
                let v = self.inline_value(parent, depth)?;
                self.anchors.insert(name, v.clone());
                Ok(v)
            }
            b'*' => self.alias(),
            b'[' | b'{' => self.flow(parent, depth),
            b'\'' | b'"' => self.quoted_value(parent),
            b'|' | b'>' => self.block_scalar(parent),
            b'!' | b'%' | b'@' | b'`' | b',' | b']' | b'}' | b'#' => Err(give_up()),
            b'-' | b'?' | b':' if self.is_blank(start + 1) => Err(give_up()),
            _ => self.block_plain(parent),
        }
    }

    /// An alias (`*name`) at `pos`: a copy of its anchor's node, at the alias. Unknown aliases
    /// and expansions past the limit are left to the tree-sitter path (which reports them).
    fn alias(&mut self) -> Read<YamlNode> {
        let start = self.pos;
        let name_end = self.name_end(start + 1);
        let name = &self.text[start + 1..name_end];
        let v = self.anchors.get(name).ok_or_else(give_up)?;
        self.alias_nodes += v.count_nodes();
        if self.alias_nodes > self.limits.max_alias_nodes {
            return Err(give_up());
        }
        let kind = v.kind.clone();
        self.pos = name_end;
        Ok(YamlNode {
            kind,
            span: Span::new(start, name_end),
        })
    }

    /// The end of an anchor or alias name starting at `i`.
    fn name_end(&self, i: usize) -> usize {
        let mut j = i;
        while j < self.b.len() && !self.is_blank(j) && !is_flow_indicator(self.b[j]) {
            j += 1;
        }
        j
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn gives_up_on_what_it_does_not_handle() {
        for t in [
            "\u{feff}a: b\n",
            "a: !!str 1\n",
            "%YAML 1.2\n---\na: b\n",
            "? a\n: b\n",
            "a:\tb\n",
            "a: b\rc: d\n",
            "a: *nowhere\n",
            "a: [b,\n",
            "a: |2\n   x\n",
            "a: b\n  c: d\n",
        ] {
            assert!(parse(t, ParseLimits::default()).is_none(), "{t:?}");
        }
    }
}
