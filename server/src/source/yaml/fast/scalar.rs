//! Scalars for the fast reader: plain (one line or continued), quoted, block (`|`, `>`), and
//! the YAML 1.2 core schema type of a plain scalar.

use super::{give_up, Read, Reader};
use crate::model::Span;
use crate::source::yaml::decode;
use crate::source::yaml::node::*;

/// The YAML 1.2 core schema type of a plain scalar's text.
pub(super) fn core_type(s: &str) -> ScalarType {
    match s {
        "~" | "null" | "Null" | "NULL" => return ScalarType::Null,
        "true" | "True" | "TRUE" | "false" | "False" | "FALSE" => return ScalarType::Bool,
        ".nan" | ".NaN" | ".NAN" => return ScalarType::Float,
        _ => {}
    }
    let b = s.as_bytes();
    let unsigned = match b.first() {
        Some(b'+' | b'-') => &b[1..],
        _ => b,
    };
    if matches!(unsigned, b".inf" | b".Inf" | b".INF") {
        return ScalarType::Float;
    }
    let all = |x: &[u8], f: fn(&u8) -> bool| !x.is_empty() && x.iter().all(f);
    if unsigned.len() == b.len() {
        if let Some(oct) = b.strip_prefix(b"0o") {
            if all(oct, |c| (b'0'..=b'7').contains(c)) {
                return ScalarType::Int;
            }
        }
        if let Some(hex) = b.strip_prefix(b"0x") {
            if all(hex, u8::is_ascii_hexdigit) {
                return ScalarType::Int;
            }
        }
    }
    if all(unsigned, u8::is_ascii_digit) {
        return ScalarType::Int;
    }
    // [0-9]+(\.[0-9]*)? | \.[0-9]+ , then an optional exponent
    let digits = |x: &[u8]| x.iter().take_while(|c| c.is_ascii_digit()).count();
    let mut i = digits(unsigned);
    let int_digits = i;
    let mut frac_digits = 0;
    if unsigned.get(i) == Some(&b'.') {
        i += 1;
        frac_digits = digits(&unsigned[i..]);
        i += frac_digits;
    }
    if int_digits == 0 && frac_digits == 0 {
        return ScalarType::Str;
    }
    if matches!(unsigned.get(i), Some(b'e' | b'E')) {
        i += 1;
        if matches!(unsigned.get(i), Some(b'+' | b'-')) {
            i += 1;
        }
        let e = digits(&unsigned[i..]);
        if e == 0 {
            return ScalarType::Str;
        }
        i += e;
    }
    if i == unsigned.len() {
        ScalarType::Float
    } else {
        ScalarType::Str
    }
}

impl Reader<'_> {
    pub(super) fn plain(&self, start: usize, end: usize) -> YamlNode {
        let raw = &self.text[start..end];
        let ty = if raw.contains('\n') {
            ScalarType::Str
        } else {
            core_type(raw)
        };
        let (value, map) = decode::plain(self.text, start, end);
        YamlNode::scalar(value, ScalarStyle::Plain, ty, map, Span::new(start, end))
    }

    /// A quoted scalar at `pos` (possibly over several lines, each indented deeper than
    /// `parent`); leaves `pos` after its closing quote.
    pub(super) fn quoted_value(&mut self, parent: usize) -> Read<YamlNode> {
        let start = self.pos;
        let end = self.quoted_end(start, false).ok_or_else(give_up)?;
        self.check_continuation_lines(start, end, parent)?;
        self.pos = end;
        Ok(self.quoted(start, end))
    }

    pub(super) fn quoted(&self, start: usize, end: usize) -> YamlNode {
        let (value, map, style) = if self.b[start] == b'\'' {
            let (v, m) = decode::single_quoted(self.text, start, end);
            (v, m, ScalarStyle::SingleQuoted)
        } else {
            let (v, m) = decode::double_quoted(self.text, start, end);
            (v, m, ScalarStyle::DoubleQuoted)
        };
        YamlNode::scalar(value, style, ScalarType::Str, map, Span::new(start, end))
    }

    /// The end (after the closing quote) of the quoted scalar at `i`; `one_line` for keys.
    pub(super) fn quoted_end(&self, i: usize, one_line: bool) -> Option<usize> {
        let q = self.b[i];
        let mut j = i + 1;
        while j < self.b.len() {
            let c = self.b[j];
            if c == b'\n' && one_line {
                return None;
            }
            if q == b'"' && c == b'\\' {
                j += 1 + self.escape_len(j + 1)?;
                continue;
            }
            if c == q {
                if q == b'\'' && self.at(j + 1) == b'\'' {
                    j += 2;
                    continue;
                }
                return Some(j + 1);
            }
            j += 1;
        }
        None
    }

    /// The length of a valid escape (after its backslash) at `i` in a double-quoted scalar.
    pub(super) fn escape_len(&self, i: usize) -> Option<usize> {
        let hex = |n: usize| {
            (i + 1 + n <= self.b.len()
                && self.b[i + 1..i + 1 + n].iter().all(u8::is_ascii_hexdigit))
            .then_some(1 + n)
        };
        match self.at(i) {
            b'0' | b'a' | b'b' | b't' | b'\t' | b'n' | b'v' | b'f' | b'r' | b'e' | b' ' | b'"'
            | b'/' | b'\\' | b'N' | b'_' | b'L' | b'P' | b'\n' => Some(1),
            b'\r' if self.at(i + 1) == b'\n' => Some(2),
            b'x' => hex(2),
            b'u' => hex(4),
            b'U' => hex(8),
            _ => None,
        }
    }

    /// Continuation lines of a multi-line quoted scalar must be indented deeper than `parent`
    /// and must not be document markers.
    pub(super) fn check_continuation_lines(
        &self,
        start: usize,
        end: usize,
        parent: usize,
    ) -> Read<()> {
        let mut i = start;
        while let Some(n) = self.b[i..end].iter().position(|&c| c == b'\n') {
            i += n + 1;
            let mut j = i;
            while self.at(j) == b' ' {
                j += 1;
            }
            if self.at(j) == b'\t' || self.marker_at(i).is_some() {
                return Err(give_up());
            }
            if !self.is_eol(j) && j < end && j - i <= parent {
                return Err(give_up());
            }
        }
        Ok(())
    }

    /// A plain scalar in block context, possibly continued on deeper-indented lines.
    pub(super) fn block_plain(&mut self, parent: usize) -> Read<YamlNode> {
        let start = self.pos;
        let (mut end, mut commented) = self.plain_line(start)?;
        // continuation lines
        let mut line = self.line_end(end);
        while !commented && line < self.b.len() {
            // the next non-blank line
            let mut i = line;
            let mut content = None;
            while i < self.b.len() {
                if self.b[i] == b'\r' || self.b[i] == b'\n' {
                    i += 1;
                    continue;
                }
                let ls = i;
                while self.at(i) == b' ' {
                    i += 1;
                }
                if self.at(i) == b'\t' {
                    return Err(give_up());
                }
                if self.is_eol(i) {
                    continue;
                }
                content = Some((ls, i));
                break;
            }
            let Some((ls, first)) = content else { break };
            if first - ls <= parent || self.at(first) == b'#' || self.marker_at(ls).is_some() {
                break;
            }
            let (e, c) = self.plain_line(first)?;
            end = e;
            commented = c;
            line = self.line_end(end);
        }
        self.pos = end;
        Ok(self.plain(start, end))
    }

    /// One line of a block plain scalar from `i`: (end of its text, whether a comment follows).
    pub(super) fn plain_line(&self, i: usize) -> Read<(usize, bool)> {
        let mut j = i;
        let mut end = i;
        while !self.is_eol(j) {
            match self.b[j] {
                b' ' => {
                    if self.at(j + 1) == b'#' {
                        return Ok((end, true));
                    }
                }
                b'\t' => return Err(give_up()),
                b':' if self.is_blank(j + 1) => return Err(give_up()),
                _ => end = j + 1,
            }
            j += 1;
        }
        if end == i {
            return Err(give_up());
        }
        Ok((end, false))
    }

    /// A literal (`|`) or folded (`>`) block scalar at `pos`.
    pub(super) fn block_scalar(&mut self, parent: usize) -> Read<YamlNode> {
        let start = self.pos;
        let mut i = start + 1;
        if matches!(self.at(i), b'-' | b'+') {
            i += 1;
        }
        if self.at(i).is_ascii_digit() {
            // explicit indentation: rare, left to the tree-sitter path
            return Err(give_up());
        }
        let header_end = i;
        let mut end = header_end;
        self.pos = header_end;
        if !self.is_eol(self.pos) {
            if self.at(self.pos) != b' ' {
                return Err(give_up());
            }
            self.skip_spaces()?;
            // a comment after the header is left to tree-sitter (its spans vary)
            if !self.is_eol(self.pos) {
                return Err(give_up());
            }
        }
        // content lines: blank lines, and lines indented at least as deep as the first text line
        let mut line = self.line_end(self.pos);
        let mut indent: Option<usize> = None;
        let mut max_blank = 0;
        while line < self.b.len() {
            let ls = if self.b[line] == b'\r' {
                line + 2
            } else {
                line + 1
            };
            if ls > self.b.len() {
                break;
            }
            let mut j = ls;
            while self.at(j) == b' ' {
                j += 1;
            }
            let spaces = j - ls;
            if self.at(j) == b'\t' {
                return Err(give_up());
            }
            let le = self.line_end(ls);
            if self.is_eol(j) {
                // a blank line: spaces only
                if indent.is_none() {
                    max_blank = max_blank.max(spaces);
                }
                line = le;
                if ls >= self.b.len() {
                    break;
                }
                continue;
            }
            let n = match indent {
                Some(n) => n,
                None => {
                    if spaces <= parent {
                        break;
                    }
                    if max_blank > spaces {
                        return Err(give_up());
                    }
                    indent = Some(spaces);
                    spaces
                }
            };
            if spaces < n {
                if spaces > parent {
                    // between the parent's and the content's indentation: left to tree-sitter
                    return Err(give_up());
                }
                break;
            }
            if self.marker_at(ls).is_some() {
                return Err(give_up());
            }
            // the scalar's span ends at the last non-space of its last line
            let mut e = le;
            while self.b[e - 1] == b' ' {
                e -= 1;
            }
            if self.b[e - 1] == b'\t' {
                return Err(give_up());
            }
            end = e;
            line = le;
        }
        // at the end of the text a block scalar spans to the end
        let mut k = end;
        while k < self.b.len() && matches!(self.b[k], b' ' | b'\r' | b'\n') {
            k += 1;
        }
        if k >= self.b.len() && indent.is_some() {
            end = self.b.len();
        }
        if indent.is_none() && k >= self.b.len() {
            // an empty block scalar at the end of the text
            return Err(give_up());
        }
        self.pos = end;
        let ls = self.line_start(start);
        let line_indent = self.b[ls..start].iter().take_while(|&&c| c == b' ').count();
        let style = if self.b[start] == b'>' {
            ScalarStyle::Folded
        } else {
            ScalarStyle::Literal
        };
        let (value, map) = decode::block(self.text, start, end, line_indent);
        Ok(YamlNode::scalar(
            value,
            style,
            ScalarType::Str,
            map,
            Span::new(start, end),
        ))
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn core_schema_types() {
        for (s, t) in [
            ("1", ScalarType::Int),
            ("-12", ScalarType::Int),
            ("0x1F", ScalarType::Int),
            ("0o17", ScalarType::Int),
            ("1.5", ScalarType::Float),
            ("1.", ScalarType::Float),
            (".5", ScalarType::Float),
            ("1e5", ScalarType::Float),
            ("-.inf", ScalarType::Float),
            (".NaN", ScalarType::Float),
            ("true", ScalarType::Bool),
            ("FALSE", ScalarType::Bool),
            ("~", ScalarType::Null),
            ("Null", ScalarType::Null),
            ("1.2.3", ScalarType::Str),
            ("0x", ScalarType::Str),
            ("+0x1", ScalarType::Str),
            ("yes", ScalarType::Str),
            (".", ScalarType::Str),
            ("1e", ScalarType::Str),
            ("-", ScalarType::Str),
        ] {
            assert_eq!(core_type(s), t, "{s}");
        }
    }
}
