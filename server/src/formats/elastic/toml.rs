//! A tolerant TOML reader on tree-sitter-toml-ng: a value tree where every key and value keeps its
//! file span, strings are decoded with an [`OffsetMap`] back to the file, and syntax errors are
//! collected (with their position) instead of stopping the read.
//!
//! Tables live in an arena ([`TomlDoc::tables`]); `[a.b]` headers, `[[a.b]]` arrays of tables and
//! dotted keys follow the TOML rules (a header below an array of tables extends its last element).

use crate::model::{Span, Spanned};
use crate::source::OffsetMap;
use tree_sitter::{Node, Parser};

/// Index of a table in [`TomlDoc::tables`].
pub type TableId = usize;

/// A TOML value with its file span.
#[derive(Debug, Clone, PartialEq)]
pub struct TomlValue {
    pub kind: TomlKind,
    /// The span of the value as written (quotes included for strings).
    pub span: Span,
}

/// The kinds of TOML values.
#[derive(Debug, Clone, PartialEq)]
pub enum TomlKind {
    /// A decoded string with the map from decoded offsets to file offsets.
    Str(TomlString),
    Int(i64),
    Float(f64),
    Bool(bool),
    /// A date/time, kept as written.
    DateTime(String),
    Array(Vec<TomlValue>),
    /// A table (header table, inline table or element of an array of tables).
    Table(TableId),
}

/// A decoded TOML string.
#[derive(Debug, Clone, PartialEq)]
pub struct TomlString {
    pub value: String,
    pub map: OffsetMap,
    /// Which of the four string forms was used.
    pub style: StringStyle,
}

/// The four TOML string forms.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum StringStyle {
    Basic,
    Literal,
    MultiBasic,
    MultiLiteral,
}

/// A table: ordered entries.
#[derive(Debug, Clone, PartialEq, Default)]
pub struct TomlTable {
    pub entries: Vec<(Spanned<String>, TomlValue)>,
    /// The header (`[rule]`) or inline table span; the key span for implicit tables.
    pub span: Span,
    /// Whether the table was created by a `[header]`/`[[header]]` or explicit inline table.
    pub explicit: bool,
}

/// A TOML syntax error.
#[derive(Debug, Clone, PartialEq)]
pub struct TomlError {
    pub message: String,
    pub span: Span,
}

/// A parsed TOML document.
#[derive(Debug, Clone, PartialEq, Default)]
pub struct TomlDoc {
    pub tables: Vec<TomlTable>,
    pub errors: Vec<TomlError>,
}

impl TomlDoc {
    /// The root table id.
    pub const ROOT: TableId = 0;

    /// A table by id (an empty table for an unknown id).
    pub fn table(&self, id: TableId) -> &TomlTable {
        static EMPTY: TomlTable = TomlTable {
            entries: Vec::new(),
            span: Span::new(0, 0),
            explicit: false,
        };
        self.tables.get(id).unwrap_or(&EMPTY)
    }

    /// The first entry `key` of table `id`, with its key.
    pub fn entry(&self, id: TableId, key: &str) -> Option<(&Spanned<String>, &TomlValue)> {
        self.table(id)
            .entries
            .iter()
            .find(|(k, _)| k.value == key)
            .map(|(k, v)| (k, v))
    }

    /// The first value `key` of table `id`.
    pub fn get(&self, id: TableId, key: &str) -> Option<&TomlValue> {
        self.entry(id, key).map(|(_, v)| v)
    }

    /// The sub-table `key` of table `id` (the last element for an array of tables).
    pub fn sub_table(&self, id: TableId, key: &str) -> Option<TableId> {
        match &self.get(id, key)?.kind {
            TomlKind::Table(t) => Some(*t),
            _ => None,
        }
    }

    /// The tables of array-of-tables `key` (a single table counts as one).
    pub fn table_array(&self, id: TableId, key: &str) -> Vec<TableId> {
        match self.get(id, key).map(|v| &v.kind) {
            Some(TomlKind::Array(items)) => items
                .iter()
                .filter_map(|v| match v.kind {
                    TomlKind::Table(t) => Some(t),
                    _ => None,
                })
                .collect(),
            Some(TomlKind::Table(t)) => vec![*t],
            _ => Vec::new(),
        }
    }

    /// A string value `key` of table `id`.
    pub fn string(&self, id: TableId, key: &str) -> Option<(&TomlString, Span)> {
        let v = self.get(id, key)?;
        match &v.kind {
            TomlKind::Str(s) => Some((s, v.span)),
            _ => None,
        }
    }

    /// A string value as `Spanned` (span of the value as written).
    pub fn spanned_string(&self, id: TableId, key: &str) -> Option<Spanned<String>> {
        self.string(id, key)
            .map(|(s, span)| Spanned::new(s.value.clone(), span))
    }

    /// A string value `key` of table `id` with the span of its decoded text (quotes excluded).
    pub fn string_inner(&self, id: TableId, key: &str) -> Option<Spanned<String>> {
        self.get(id, key)?.strings_inner().into_iter().next()
    }

    /// The strings of an array value (or a single string) `key`, spans without quotes.
    pub fn strings_inner(&self, id: TableId, key: &str) -> Vec<Spanned<String>> {
        self.get(id, key)
            .map(|v| v.strings_inner())
            .unwrap_or_default()
    }

    /// The strings of an array value (or a single string) `key`.
    pub fn strings(&self, id: TableId, key: &str) -> Vec<Spanned<String>> {
        match self.get(id, key) {
            Some(v) => v.strings(),
            None => Vec::new(),
        }
    }
}

impl TomlValue {
    /// The strings of an array value (or the value itself when it is a string).
    pub fn strings(&self) -> Vec<Spanned<String>> {
        match &self.kind {
            TomlKind::Str(s) => vec![Spanned::new(s.value.clone(), self.span)],
            TomlKind::Array(items) => items
                .iter()
                .filter_map(|v| match &v.kind {
                    TomlKind::Str(s) => Some(Spanned::new(s.value.clone(), v.span)),
                    _ => None,
                })
                .collect(),
            _ => Vec::new(),
        }
    }

    /// Like [`TomlValue::strings`], with the span of each decoded text (quotes excluded).
    pub fn strings_inner(&self) -> Vec<Spanned<String>> {
        let one = |v: &TomlValue| match &v.kind {
            TomlKind::Str(s) => Some(Spanned::new(
                s.value.clone(),
                s.map.span_to_file(0, s.value.len()),
            )),
            _ => None,
        };
        match &self.kind {
            TomlKind::Array(items) => items.iter().filter_map(one).collect(),
            _ => one(self).into_iter().collect(),
        }
    }

    /// The string, if this is one.
    pub fn as_str(&self) -> Option<&TomlString> {
        match &self.kind {
            TomlKind::Str(s) => Some(s),
            _ => None,
        }
    }
}

thread_local! {
    static PARSER: std::cell::RefCell<Option<Parser>> = const { std::cell::RefCell::new(None) };
}

/// Maximum number of syntax errors reported per file.
const MAX_ERRORS: usize = 20;
/// Maximum nesting of arrays / inline tables read into the value tree.
const MAX_DEPTH: usize = 64;

/// Parse TOML text. Never fails: syntax errors are collected and what parses is kept.
pub fn parse(text: &str) -> TomlDoc {
    let mut doc = TomlDoc {
        tables: vec![TomlTable {
            explicit: true,
            span: Span::new(0, text.len()),
            ..TomlTable::default()
        }],
        errors: Vec::new(),
    };
    let tree = PARSER.with(|cell| {
        let mut slot = cell.borrow_mut();
        if slot.is_none() {
            let mut p = Parser::new();
            if p.set_language(&tree_sitter_toml_ng::LANGUAGE.into())
                .is_err()
            {
                return None;
            }
            *slot = Some(p);
        }
        slot.as_mut()?.parse(text, None)
    });
    let Some(tree) = tree else {
        doc.errors.push(TomlError {
            message: "the TOML parser could not read this file".into(),
            span: Span::new(0, 0),
        });
        return doc;
    };
    let root = tree.root_node();
    let mut b = Builder { text, doc };
    if root.has_error() {
        b.collect_errors(root);
    }
    b.read_document(root);
    b.doc
}

struct Builder<'t> {
    text: &'t str,
    doc: TomlDoc,
}

impl<'t> Builder<'t> {
    fn node_text(&self, n: Node) -> &'t str {
        self.text.get(n.start_byte()..n.end_byte()).unwrap_or("")
    }

    fn span(n: Node) -> Span {
        Span::new(n.start_byte(), n.end_byte())
    }

    fn error(&mut self, message: String, span: Span) {
        if self.doc.errors.len() < MAX_ERRORS {
            self.doc.errors.push(TomlError { message, span });
        }
    }

    /// Report ERROR and MISSING nodes (outermost only).
    fn collect_errors(&mut self, root: Node) {
        let mut stack = vec![root];
        while let Some(n) = stack.pop() {
            if self.doc.errors.len() >= MAX_ERRORS {
                return;
            }
            if n.is_missing() {
                let what = match n.kind() {
                    "\"" | "'" | "\"\"\"" | "'''" => {
                        format!("closing `{}` of the string", n.kind())
                    }
                    k if k.starts_with('_') => "the end of the line".to_string(),
                    k => format!("`{k}`"),
                };
                let at = n.start_byte();
                self.error(format!("missing {what}"), Span::new(at, at));
                continue;
            }
            if n.is_error() {
                let start = n.start_byte();
                let raw = self.text.get(start..n.end_byte()).unwrap_or("");
                let first_line = raw.lines().next().unwrap_or("").trim_end();
                let shown: String = first_line.chars().take(40).collect();
                let msg = if shown.trim().is_empty() {
                    "unexpected text".to_string()
                } else {
                    format!("unexpected `{}`", shown.trim())
                };
                let unbalanced = first_line.matches('"').count() % 2 == 1
                    || first_line.matches('\'').count() % 2 == 1;
                let msg = if unbalanced {
                    format!("{msg}: a string is not closed on this line")
                } else if raw.starts_with('"') || raw.starts_with('\'') {
                    format!("{msg}: unterminated or invalid string")
                } else {
                    msg
                };
                if let Some((i, esc)) = invalid_escape(first_line) {
                    self.error(
                        format!("invalid escape `{esc}` in a basic string: write `\\\\` for a backslash, or use a literal '…' string"),
                        Span::new(start + i, start + i + esc.len()),
                    );
                    continue;
                }
                let end = start + first_line.len().max(1).min(raw.len());
                self.error(msg, Span::new(start, end));
                continue;
            }
            if !n.has_error() {
                continue;
            }
            let mut cur = n.walk();
            let children: Vec<Node> = n.children(&mut cur).collect();
            for c in children.into_iter().rev() {
                stack.push(c);
            }
        }
    }

    fn read_document(&mut self, root: Node) {
        let mut cur = root.walk();
        let children: Vec<Node> = root.children(&mut cur).collect();
        for child in children {
            match child.kind() {
                "pair" => self.read_pair(TomlDoc::ROOT, child),
                "table" => {
                    let Some(keys) = self.header_keys(child) else {
                        continue;
                    };
                    let id = self.open_table(&keys, Self::span(child), false);
                    self.read_pairs(id, child);
                }
                "table_array_element" => {
                    let Some(keys) = self.header_keys(child) else {
                        continue;
                    };
                    let id = self.open_table(&keys, Self::span(child), true);
                    self.read_pairs(id, child);
                }
                "ERROR" => {
                    // pairs recovered inside an error region still count
                    self.read_pairs(TomlDoc::ROOT, child);
                }
                _ => {}
            }
        }
    }

    fn read_pairs(&mut self, id: TableId, parent: Node) {
        let mut cur = parent.walk();
        let children: Vec<Node> = parent.children(&mut cur).collect();
        for c in children {
            if c.kind() == "pair" {
                self.read_pair(id, c);
            }
        }
    }

    fn header_keys(&self, n: Node) -> Option<Vec<Spanned<String>>> {
        let mut cur = n.walk();
        let key = n
            .named_children(&mut cur)
            .find(|c| matches!(c.kind(), "dotted_key" | "bare_key" | "quoted_key"))?;
        let mut out = Vec::new();
        self.keys(key, &mut out);
        Some(out)
    }

    fn keys(&self, n: Node, out: &mut Vec<Spanned<String>>) {
        match n.kind() {
            "dotted_key" => {
                let mut cur = n.walk();
                let children: Vec<Node> = n.named_children(&mut cur).collect();
                for c in children {
                    self.keys(c, out);
                }
            }
            "bare_key" => out.push(Spanned::new(self.node_text(n).to_string(), Self::span(n))),
            "quoted_key" => {
                let (s, _) = decode(self.node_text(n), n.start_byte());
                // the key's span is its text inside the quotes
                let sp = Self::span(n);
                let inner = if sp.len() >= 2 {
                    Span::new(sp.start + 1, sp.end - 1)
                } else {
                    sp
                };
                out.push(Spanned::new(s.value, inner));
            }
            _ => {}
        }
    }

    fn new_table(&mut self, span: Span, explicit: bool) -> TableId {
        self.doc.tables.push(TomlTable {
            entries: Vec::new(),
            span,
            explicit,
        });
        self.doc.tables.len() - 1
    }

    /// The table a key path leads to inside `id`, creating implicit tables on the way.
    fn child_table(&mut self, id: TableId, key: &Spanned<String>) -> TableId {
        let found = self.doc.table(id).entries.iter().find_map(|(k, v)| {
            if k.value != key.value {
                return None;
            }
            match &v.kind {
                TomlKind::Table(t) => Some(*t),
                TomlKind::Array(items) => items.last().and_then(|x| match x.kind {
                    TomlKind::Table(t) => Some(t),
                    _ => None,
                }),
                _ => None,
            }
        });
        if let Some(t) = found {
            return t;
        }
        let t = self.new_table(key.span, false);
        if let Some(table) = self.doc.tables.get_mut(id) {
            table.entries.push((
                key.clone(),
                TomlValue {
                    kind: TomlKind::Table(t),
                    span: key.span,
                },
            ));
        }
        t
    }

    fn open_table(&mut self, keys: &[Spanned<String>], span: Span, array: bool) -> TableId {
        let Some((last, parents)) = keys.split_last() else {
            return TomlDoc::ROOT;
        };
        let mut id = TomlDoc::ROOT;
        for k in parents {
            id = self.child_table(id, k);
        }
        if array {
            let t = self.new_table(span, true);
            let elem = TomlValue {
                kind: TomlKind::Table(t),
                span,
            };
            let pos =
                self.doc.table(id).entries.iter().position(|(k, v)| {
                    k.value == last.value && matches!(v.kind, TomlKind::Array(_))
                });
            if let Some(table) = self.doc.tables.get_mut(id) {
                match pos {
                    Some(p) => {
                        if let TomlKind::Array(items) = &mut table.entries[p].1.kind {
                            items.push(elem);
                        }
                        table.entries[p].1.span = table.entries[p].1.span.cover(span);
                    }
                    None => table.entries.push((
                        last.clone(),
                        TomlValue {
                            kind: TomlKind::Array(vec![elem]),
                            span,
                        },
                    )),
                }
            }
            t
        } else {
            let existing = self
                .doc
                .table(id)
                .entries
                .iter()
                .find_map(|(k, v)| match v.kind {
                    TomlKind::Table(t) if k.value == last.value => Some(t),
                    _ => None,
                });
            match existing {
                Some(t) => {
                    if let Some(tt) = self.doc.tables.get_mut(t) {
                        if tt.explicit {
                            let msg = format!("table `[{}]` is defined twice", join_keys(keys));
                            self.error(msg, last.span);
                        } else if let Some(tt) = self.doc.tables.get_mut(t) {
                            tt.explicit = true;
                            tt.span = span;
                        }
                    }
                    t
                }
                None => {
                    let t = self.new_table(span, true);
                    if let Some(table) = self.doc.tables.get_mut(id) {
                        table.entries.push((
                            last.clone(),
                            TomlValue {
                                kind: TomlKind::Table(t),
                                span,
                            },
                        ));
                    }
                    t
                }
            }
        }
    }

    fn read_pair(&mut self, id: TableId, pair: Node) {
        let mut cur = pair.walk();
        let named: Vec<Node> = pair.named_children(&mut cur).collect();
        let Some(key_node) = named
            .iter()
            .find(|c| matches!(c.kind(), "dotted_key" | "bare_key" | "quoted_key"))
        else {
            return;
        };
        let Some(value_node) = named.iter().rev().find(|c| {
            !matches!(
                c.kind(),
                "dotted_key" | "bare_key" | "quoted_key" | "comment" | "ERROR"
            )
        }) else {
            return;
        };
        let mut keys = Vec::new();
        self.keys(*key_node, &mut keys);
        let Some((last, parents)) = keys.split_last() else {
            return;
        };
        let mut t = id;
        for k in parents {
            t = self.child_table(t, k);
        }
        let value = self.read_value(*value_node, 0);
        let dup = self
            .doc
            .table(t)
            .entries
            .iter()
            .find(|(k, _)| k.value == last.value)
            .map(|(k, _)| k.span);
        if let Some(first) = dup {
            let msg = format!(
                "duplicate key `{}` (first defined at byte {})",
                last.value, first.start
            );
            self.error(msg, last.span);
        }
        if let Some(table) = self.doc.tables.get_mut(t) {
            table.entries.push((last.clone(), value));
        }
    }

    fn read_value(&mut self, n: Node, depth: usize) -> TomlValue {
        let span = Self::span(n);
        let raw = self.node_text(n);
        let kind = match n.kind() {
            "string" => {
                let (s, err) = decode(raw, n.start_byte());
                if let Some((msg, at)) = err {
                    self.error(msg, at);
                }
                TomlKind::Str(s)
            }
            "integer" => {
                let clean: String = raw.chars().filter(|c| *c != '_').collect();
                let v = if let Some(h) = clean.strip_prefix("0x") {
                    i64::from_str_radix(h, 16).ok()
                } else if let Some(o) = clean.strip_prefix("0o") {
                    i64::from_str_radix(o, 8).ok()
                } else if let Some(b) = clean.strip_prefix("0b") {
                    i64::from_str_radix(b, 2).ok()
                } else {
                    clean.parse().ok()
                };
                match v {
                    Some(v) => TomlKind::Int(v),
                    None => TomlKind::DateTime(raw.to_string()),
                }
            }
            "float" => {
                let clean: String = raw.chars().filter(|c| *c != '_').collect();
                TomlKind::Float(clean.parse().unwrap_or(f64::NAN))
            }
            "boolean" => TomlKind::Bool(raw == "true"),
            "array" => {
                let mut items = Vec::new();
                if depth < MAX_DEPTH {
                    let mut cur = n.walk();
                    let children: Vec<Node> = n.named_children(&mut cur).collect();
                    for c in children {
                        if matches!(c.kind(), "comment" | "ERROR") {
                            continue;
                        }
                        items.push(self.read_value(c, depth + 1));
                    }
                }
                TomlKind::Array(items)
            }
            "inline_table" => {
                let t = self.new_table(span, true);
                if depth < MAX_DEPTH {
                    self.read_pairs(t, n);
                }
                TomlKind::Table(t)
            }
            _ => TomlKind::DateTime(raw.to_string()),
        };
        TomlValue { kind, span }
    }
}

/// The first invalid backslash escape inside a `"…"` string of a line: (offset, escape text).
fn invalid_escape(line: &str) -> Option<(usize, &str)> {
    let b = line.as_bytes();
    let mut in_basic = false;
    let mut in_literal = false;
    let mut i = 0;
    while i < b.len() {
        match b[i] {
            b'"' if !in_literal => in_basic = !in_basic,
            b'\'' if !in_basic => in_literal = !in_literal,
            b'\\' if in_basic => {
                let next = *b.get(i + 1)?;
                if !matches!(
                    next,
                    b'b' | b't' | b'n' | b'f' | b'r' | b'"' | b'\\' | b'u' | b'U'
                ) {
                    let end =
                        (i + 1..=line.len()).find(|&e| line.is_char_boundary(e) && e > i + 1)?;
                    return Some((i, &line[i..end]));
                }
                i += 2;
                continue;
            }
            b'#' if !in_basic && !in_literal => return None,
            _ => {}
        }
        i += 1;
    }
    None
}

fn join_keys(keys: &[Spanned<String>]) -> String {
    keys.iter()
        .map(|k| k.value.as_str())
        .collect::<Vec<_>>()
        .join(".")
}

/// Decode a TOML string as written (delimiters included) that starts at file offset `start`.
/// Returns the decoded string (with its offset map) and an error for an invalid escape.
pub fn decode(raw: &str, start: usize) -> (TomlString, Option<(String, Span)>) {
    let (style, delim) = if raw.starts_with("\"\"\"") {
        (StringStyle::MultiBasic, "\"\"\"")
    } else if raw.starts_with("'''") {
        (StringStyle::MultiLiteral, "'''")
    } else if raw.starts_with('"') {
        (StringStyle::Basic, "\"")
    } else if raw.starts_with('\'') {
        (StringStyle::Literal, "'")
    } else {
        // not a string: keep it as written
        return (
            TomlString {
                value: raw.to_string(),
                map: OffsetMap::identity(start, raw.len()),
                style: StringStyle::Literal,
            },
            None,
        );
    };
    let mut body_start = delim.len();
    let body_end = if raw.len() >= 2 * delim.len() && raw.ends_with(delim) {
        raw.len() - delim.len()
    } else {
        raw.len()
    };
    let multi = matches!(style, StringStyle::MultiBasic | StringStyle::MultiLiteral);
    if multi {
        // a newline right after the opening delimiter is trimmed
        let rest = &raw[body_start.min(raw.len())..];
        if rest.starts_with("\r\n") {
            body_start += 2;
        } else if rest.starts_with('\n') {
            body_start += 1;
        }
    }
    let body_end = body_end.max(body_start);
    let body = raw.get(body_start..body_end).unwrap_or("");
    let base = start + body_start;
    let mut map = OffsetMap::default();
    let mut err = None;
    let value = match style {
        StringStyle::Literal | StringStyle::MultiLiteral => {
            map.push(0, base, body.len());
            body.to_string()
        }
        StringStyle::Basic | StringStyle::MultiBasic => {
            let mut out = String::with_capacity(body.len());
            let bytes = body.as_bytes();
            let mut i = 0;
            let mut run_start = 0;
            while i < bytes.len() {
                if bytes[i] != b'\\' {
                    i += 1;
                    continue;
                }
                // flush the verbatim run
                map.push(out.len(), base + run_start, i - run_start);
                out.push_str(&body[run_start..i]);
                let next = bytes.get(i + 1).copied();
                match next {
                    Some(c @ (b'"' | b'\\')) => {
                        // the escaped character itself maps to its file position
                        map.push(out.len(), base + i + 1, 1);
                        out.push(c as char);
                        i += 2;
                    }
                    Some(b'b') => {
                        out.push('\u{8}');
                        i += 2;
                    }
                    Some(b't') => {
                        out.push('\t');
                        i += 2;
                    }
                    Some(b'n') => {
                        out.push('\n');
                        i += 2;
                    }
                    Some(b'f') => {
                        out.push('\u{c}');
                        i += 2;
                    }
                    Some(b'r') => {
                        out.push('\r');
                        i += 2;
                    }
                    Some(c @ (b'u' | b'U')) => {
                        let n = if c == b'u' { 4 } else { 8 };
                        let hex = body.get(i + 2..i + 2 + n).unwrap_or("");
                        match u32::from_str_radix(hex, 16).ok().and_then(char::from_u32) {
                            Some(ch) if hex.len() == n => {
                                out.push(ch);
                                i += 2 + n;
                            }
                            _ => {
                                err.get_or_insert((
                                    "invalid unicode escape".to_string(),
                                    Span::new(base + i, base + (i + 2 + hex.len()).min(body.len())),
                                ));
                                i += 2;
                            }
                        }
                    }
                    _ if multi && line_ending_backslash(&bytes[i + 1..]) => {
                        // `\` at the end of a line: trim whitespace and newlines that follow
                        i += 1;
                        while i < bytes.len() && matches!(bytes[i], b' ' | b'\t' | b'\n' | b'\r') {
                            i += 1;
                        }
                    }
                    _ => {
                        let shown: String = body[i..].chars().take(2).collect();
                        err.get_or_insert((
                            format!("invalid escape `{shown}` in a TOML basic string (write `\\\\` for a backslash, or use a literal '…' string)"),
                            Span::new(base + i, base + i + shown.len()),
                        ));
                        // keep the backslash as written
                        map.push(out.len(), base + i, 1);
                        out.push('\\');
                        i += 1;
                    }
                }
                run_start = i;
            }
            let run_start = run_start.min(bytes.len());
            map.push(out.len(), base + run_start, bytes.len() - run_start);
            out.push_str(&body[run_start..]);
            out
        }
    };
    map.set_file_end(base + body.len());
    (TomlString { value, map, style }, err)
}

/// Whether the bytes after a `\` are optional spaces/tabs followed by a newline.
fn line_ending_backslash(rest: &[u8]) -> bool {
    for &b in rest {
        match b {
            b' ' | b'\t' => continue,
            b'\n' | b'\r' => return true,
            _ => return false,
        }
    }
    false
}

#[cfg(test)]
mod tests {
    use super::*;

    fn dec(raw: &str) -> TomlString {
        decode(raw, 100).0
    }

    #[test]
    fn decodes_the_four_forms() {
        let s = dec(r#""a\"b\\c""#);
        assert_eq!(s.value, "a\"b\\c");
        // `c` is at decoded 4, file 100 + 1 + 6
        assert_eq!(s.map.to_file(4), 107);
        assert_eq!(s.map.to_file(1), 103); // the escaped quote maps to the quote
        let s = dec("'C:\\x'");
        assert_eq!(s.value, "C:\\x");
        assert_eq!(s.map.to_file(0), 101);
        let s = dec("'''\nab\ncd'''");
        assert_eq!(s.value, "ab\ncd");
        assert_eq!(s.map.to_file(3), 100 + 4 + 3);
        let s = dec("\"\"\"\r\nx \\\n   y\"\"\"");
        assert_eq!(s.value, "x y");
        assert_eq!(s.map.to_file(2), 100 + 12);
    }

    #[test]
    fn invalid_escape_is_reported() {
        let (s, e) = decode(r#""C:\Windows""#, 0);
        assert_eq!(s.value, "C:\\Windows");
        let (msg, span) = e.unwrap();
        assert!(msg.contains("invalid escape"));
        assert_eq!(span, Span::new(3, 5));
    }

    #[test]
    fn tables_and_arrays_of_tables() {
        let d = parse(
            "[rule]\nname = 'x'\n[[rule.threat]]\nframework = 'M'\n[[rule.threat.technique]]\nid = 'T1'\n[rule.threat.tactic]\nid = 'TA1'\n[[rule.threat]]\n[rule.threat.tactic]\nid = 'TA2'\n",
        );
        assert!(d.errors.is_empty(), "{:?}", d.errors);
        let rule = d.sub_table(TomlDoc::ROOT, "rule").unwrap();
        assert_eq!(d.spanned_string(rule, "name").unwrap().value, "x");
        let threats = d.table_array(rule, "threat");
        assert_eq!(threats.len(), 2);
        let tac = d.sub_table(threats[0], "tactic").unwrap();
        assert_eq!(d.spanned_string(tac, "id").unwrap().value, "TA1");
        assert_eq!(d.table_array(threats[0], "technique").len(), 1);
        let tac2 = d.sub_table(threats[1], "tactic").unwrap();
        assert_eq!(d.spanned_string(tac2, "id").unwrap().value, "TA2");
    }

    #[test]
    fn invalid_escape_in_the_file_is_pointed_at() {
        let d = parse("[rule]\nname = \"C:\\Windows\"\nrule_id = \"x\"\n");
        assert_eq!(d.errors.len(), 1, "{:?}", d.errors);
        assert!(d.errors[0].message.contains("invalid escape `\\W`"));
        assert_eq!(d.errors[0].span, Span::new(17, 19));
        let rule = d.sub_table(TomlDoc::ROOT, "rule").unwrap();
        assert_eq!(d.spanned_string(rule, "rule_id").unwrap().value, "x");
    }

    #[test]
    fn syntax_errors_are_located() {
        let d = parse("[rule]\nname = 'x\nquery = \"a\"\n");
        assert!(!d.errors.is_empty());
        let d = parse("[rule]\nname = 'x'\nname = 'y'\n");
        assert_eq!(d.errors.len(), 1);
        assert!(d.errors[0].message.contains("duplicate key"));
    }
}
