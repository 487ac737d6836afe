//! Flow collections (`[a, b]`, `{k: v}`) for the fast reader.

use super::{give_up, is_flow_indicator, KeyIndex, Read, Reader, MAX_NESTING};
use crate::model::Span;
use crate::source::yaml::node::*;

impl Reader<'_> {
    /// Skip spaces, line ends and comments inside a flow collection; continuation lines must be
    /// indented deeper than `parent`.
    pub(super) fn flow_space(&mut self, parent: usize) -> Read<()> {
        loop {
            match self.at(self.pos) {
                b' ' => self.pos += 1,
                b'#' => self.comment(self.pos)?,
                b'\r' | b'\n' => {
                    self.pos += 1;
                    let ls = self.pos;
                    while self.at(self.pos) == b' ' {
                        self.pos += 1;
                    }
                    if self.marker_at(ls).is_some() {
                        return Err(give_up());
                    }
                    if !self.is_eol(self.pos) && self.pos - ls <= parent {
                        return Err(give_up());
                    }
                }
                b'\t' => return Err(give_up()),
                _ => return Ok(()),
            }
        }
    }

    /// A flow sequence or mapping at `pos`.
    pub(super) fn flow(&mut self, parent: usize, depth: usize) -> Read<YamlNode> {
        if depth > MAX_NESTING {
            return Err(give_up());
        }
        let start = self.pos;
        let is_map = self.b[start] == b'{';
        let close = if is_map { b'}' } else { b']' };
        self.pos += 1;
        let mut items = Vec::new();
        let mut entries: Vec<(YamlNode, YamlNode)> = Vec::new();
        let mut keys = KeyIndex::default();
        loop {
            self.flow_space(parent)?;
            if self.at(self.pos) == close {
                self.pos += 1;
                break;
            }
            let node = self.flow_node(parent, depth + 1)?;
            self.flow_space(parent)?;
            if is_map {
                if self.at(self.pos) != b':' {
                    return Err(give_up());
                }
                self.pos += 1;
                if !self.is_blank(self.pos) {
                    return Err(give_up());
                }
                self.flow_space(parent)?;
                if matches!(self.at(self.pos), b',' | b'}') {
                    return Err(give_up());
                }
                let value = self.flow_node(parent, depth + 1)?;
                if let Some(k) = node.as_str() {
                    if let Some(first) = keys.first(&entries, k) {
                        self.out.issues.push(KeyIndex::issue(k, node.span, first));
                    }
                }
                entries.push((node, value));
                self.flow_space(parent)?;
            } else {
                items.push(node);
            }
            match self.at(self.pos) {
                b',' => {
                    self.pos += 1;
                    self.flow_space(parent)?;
                    if self.at(self.pos) == close {
                        // a trailing comma is allowed
                        self.pos += 1;
                        break;
                    }
                }
                c if c == close => {
                    self.pos += 1;
                    break;
                }
                _ => return Err(give_up()),
            }
        }
        let span = Span::new(start, self.pos);
        Ok(YamlNode {
            kind: if is_map {
                YamlKind::Map(entries)
            } else {
                YamlKind::Seq(items)
            },
            span,
        })
    }

    /// One node inside a flow collection.
    pub(super) fn flow_node(&mut self, parent: usize, depth: usize) -> Read<YamlNode> {
        let start = self.pos;
        match self.at(start) {
            b'[' | b'{' => self.flow(parent, depth),
            b'\'' | b'"' => self.quoted_value(parent),
            b'*' => self.alias(),
            b'&' | b'!' | b'%' | b'@' | b'`' | b',' | b']' | b'}' | b'#' | b'|' | b'>' => {
                Err(give_up())
            }
            b'-' | b'?' | b':'
                if self.is_blank(start + 1) || is_flow_indicator(self.at(start + 1)) =>
            {
                Err(give_up())
            }
            _ => {
                // a plain scalar on one line, ending at a flow indicator, `: `, ` #` or the line end
                let mut j = start;
                let mut end = start;
                while !self.is_eol(j) {
                    let c = self.b[j];
                    if is_flow_indicator(c) {
                        break;
                    }
                    if c == b':' && (self.is_blank(j + 1) || is_flow_indicator(self.at(j + 1))) {
                        break;
                    }
                    if c == b' ' && self.at(j + 1) == b'#' {
                        break;
                    }
                    if c == b'\t' {
                        return Err(give_up());
                    }
                    if c != b' ' {
                        end = j + 1;
                    }
                    j += 1;
                }
                if end == start {
                    return Err(give_up());
                }
                // a plain scalar continued on the next line is left to the tree-sitter path
                if self.is_eol(j) {
                    let mut k = j;
                    while k < self.b.len() && matches!(self.b[k], b' ' | b'\r' | b'\n') {
                        k += 1;
                    }
                    if !matches!(self.at(k), b',' | b']' | b'}' | b':' | b'#') {
                        return Err(give_up());
                    }
                }
                self.pos = end;
                Ok(self.plain(start, end))
            }
        }
    }
}
