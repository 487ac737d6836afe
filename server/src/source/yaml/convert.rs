//! tree-sitter-yaml CST → [`YamlStream`].

use super::decode;
use super::node::*;
use crate::model::Span;
use std::collections::HashMap;
use tree_sitter::{Node, Parser};

/// Resource limits of the YAML reader.
#[derive(Debug, Clone, Copy)]
pub struct ParseLimits {
    /// Maximum nesting of collections.
    pub max_depth: usize,
    /// Maximum number of nodes produced by alias expansion in one file.
    pub max_alias_nodes: usize,
}

impl Default for ParseLimits {
    fn default() -> Self {
        ParseLimits {
            max_depth: 128,
            max_alias_nodes: 10_000,
        }
    }
}

thread_local! {
    static PARSER: std::cell::RefCell<Option<Parser>> = const { std::cell::RefCell::new(None) };
}

/// Parse YAML text. Never fails: syntax errors become issues and what parses is kept.
///
/// The hand-written reader ([`parse_fast`]) reads the common case; whatever it does not fully
/// understand goes through tree-sitter ([`parse_tree_sitter`]), which gives the same result on
/// well-formed text and also reports errors and salvages half-typed text.
pub fn parse(text: &str, limits: ParseLimits) -> YamlStream {
    if let Some(stream) = parse_fast(text, limits) {
        return stream;
    }
    parse_tree_sitter(text, limits)
}

/// The hand-written reader alone: `None` when the text needs the tree-sitter path.
pub fn parse_fast(text: &str, limits: ParseLimits) -> Option<YamlStream> {
    super::fast::parse(text, limits)
}

/// The tree-sitter path alone.
pub fn parse_tree_sitter(text: &str, limits: ParseLimits) -> YamlStream {
    let tree = PARSER.with(|cell| {
        let mut slot = cell.borrow_mut();
        if slot.is_none() {
            let mut p = Parser::new();
            if p.set_language(&tree_sitter_yaml::LANGUAGE.into()).is_err() {
                return None;
            }
            *slot = Some(p);
        }
        let p = slot.as_mut()?;
        // A UTF-8 byte-order mark is not YAML: parse after it, keeping file offsets.
        let ranges = if text.starts_with('\u{feff}') {
            vec![tree_sitter::Range {
                start_byte: 3,
                end_byte: text.len(),
                start_point: tree_sitter::Point { row: 0, column: 3 },
                end_point: tree_sitter::Point {
                    row: usize::MAX,
                    column: usize::MAX,
                },
            }]
        } else {
            Vec::new()
        };
        let _ = p.set_included_ranges(&ranges);
        p.parse(text, None)
    });
    let mut conv = Converter {
        text,
        limits,
        anchors: HashMap::new(),
        alias_nodes: 0,
        out: YamlStream::default(),
    };
    let Some(tree) = tree else {
        conv.out.issues.push(YamlIssue {
            kind: YamlIssueKind::Syntax,
            message: "the YAML parser could not read this file".into(),
            span: Span::new(0, 0),
            related: None,
        });
        return conv.out;
    };
    let root = tree.root_node();
    conv.collect_errors(root);
    conv.stream(root);
    conv.out
}

struct Converter<'t> {
    text: &'t str,
    limits: ParseLimits,
    anchors: HashMap<String, YamlNode>,
    alias_nodes: usize,
    out: YamlStream,
}

fn span(n: Node) -> Span {
    Span::new(n.start_byte(), n.end_byte())
}

impl<'t> Converter<'t> {
    fn issue(&mut self, kind: YamlIssueKind, message: String, span: Span) {
        self.out.issues.push(YamlIssue {
            kind,
            message,
            span,
            related: None,
        });
    }

    /// Report ERROR and MISSING nodes (iteratively: the tree may be deep). Comments are
    /// collected on the way.
    fn collect_errors(&mut self, root: Node) {
        let mut cursor = root.walk();
        let mut reported = 0;
        'outer: loop {
            let n = cursor.node();
            let mut descend = true;
            if n.kind() == "comment" {
                self.out
                    .comments
                    .push((span(n), self.text[n.start_byte()..n.end_byte()].to_string()));
            } else if n.is_missing() {
                if reported < 20 {
                    self.issue(
                        YamlIssueKind::Syntax,
                        format!("YAML syntax error: missing `{}`", n.kind()),
                        span(n),
                    );
                }
                reported += 1;
            } else if n.is_error() {
                if reported < 20 {
                    let msg = self.describe_error(n);
                    self.issue(YamlIssueKind::Syntax, msg, self.error_span(n));
                }
                reported += 1;
                // comments inside errors are still comments, but errors nested in errors are noise
                descend = false;
            } else if !n.has_error() && n.kind() != "stream" && n.kind() != "document" {
                // fast path: no errors below; comments still need collecting
                if n.child_count() > 0 && !self.text[n.start_byte()..n.end_byte()].contains('#') {
                    descend = false;
                }
            }
            if descend && cursor.goto_first_child() {
                continue;
            }
            loop {
                if cursor.goto_next_sibling() {
                    continue 'outer;
                }
                if !cursor.goto_parent() {
                    break 'outer;
                }
            }
        }
    }

    fn error_span(&self, n: Node) -> Span {
        // Point at the first line of the error: whole multi-line spans are unreadable.
        let s = n.start_byte();
        let e = n.end_byte();
        let line_end = self.text[s..e]
            .find(['\n', '\r'])
            .map(|i| s + i)
            .unwrap_or(e);
        Span::new(s, line_end.max(s))
    }

    fn describe_error(&self, n: Node) -> String {
        let s = n.start_byte();
        let line_start = self.text[..s]
            .rfind(['\n', '\r'])
            .map(|i| i + 1)
            .unwrap_or(0);
        let prefix = &self.text[line_start..s];
        let snippet: String = self.text[s..n.end_byte()]
            .lines()
            .next()
            .unwrap_or("")
            .chars()
            .take(40)
            .collect();
        if prefix.contains('\t') || snippet.starts_with('\t') {
            return "YAML syntax error: tab characters are not allowed in indentation".into();
        }
        if snippet.trim().is_empty() {
            "YAML syntax error: unexpected end of the structure here".into()
        } else {
            format!(
                "YAML syntax error: unexpected `{}` (check indentation, quoting and `:` after keys)",
                snippet.trim()
            )
        }
    }

    fn stream(&mut self, root: Node) {
        let mut c = root.walk();
        let children: Vec<Node> = root.children(&mut c).collect();
        for ch in children {
            match ch.kind() {
                "document" => {
                    let node = self.document(ch);
                    self.out.docs.push(YamlDoc {
                        root: node,
                        span: span(ch),
                    });
                }
                "ERROR" => {
                    // Salvage what we can from a broken top level.
                    let node = self.salvage(ch, 0);
                    if !node.entries().is_empty() {
                        self.out.docs.push(YamlDoc {
                            root: node,
                            span: span(ch),
                        });
                    }
                }
                _ => {}
            }
        }
        if self.out.docs.is_empty() {
            self.out.docs.push(YamlDoc {
                root: YamlNode::empty(Span::new(0, 0)),
                span: Span::new(0, self.text.len()),
            });
        }
    }

    fn document(&mut self, doc: Node) -> YamlNode {
        let mut c = doc.walk();
        let children: Vec<Node> = doc.named_children(&mut c).collect();
        let mut result: Option<YamlNode> = None;
        for ch in children {
            match ch.kind() {
                "block_node" | "flow_node" if result.is_none() => {
                    result = Some(self.node(ch, 0));
                }
                "ERROR" => {
                    let salvaged = self.salvage(ch, 0);
                    match &mut result {
                        Some(YamlNode {
                            kind: YamlKind::Map(entries),
                            ..
                        }) => entries.extend(salvaged.entries().iter().cloned()),
                        None if !salvaged.entries().is_empty() => result = Some(salvaged),
                        _ => {}
                    }
                }
                _ => {}
            }
        }
        result.unwrap_or_else(|| YamlNode::empty(Span::point(doc.start_byte())))
    }

    /// Pull mapping pairs out of an ERROR node (half-typed text) so later keys survive.
    fn salvage(&mut self, err: Node, depth: usize) -> YamlNode {
        let mut entries = Vec::new();
        let mut c = err.walk();
        let children: Vec<Node> = err.named_children(&mut c).collect();
        for ch in children {
            match ch.kind() {
                "block_mapping_pair" | "flow_pair" => {
                    if let Some(pair) = self.pair(ch, depth + 1) {
                        entries.push(pair);
                    }
                }
                "block_node" | "flow_node" | "block_mapping" | "ERROR" => {
                    let inner = if ch.kind() == "ERROR" {
                        self.salvage(ch, depth + 1)
                    } else {
                        self.node(ch, depth + 1)
                    };
                    if let YamlKind::Map(e) = inner.kind {
                        entries.extend(e);
                    }
                }
                _ => {}
            }
        }
        YamlNode {
            kind: YamlKind::Map(entries),
            span: span(err),
        }
    }

    fn node(&mut self, n: Node, depth: usize) -> YamlNode {
        if depth > self.limits.max_depth {
            self.issue(
                YamlIssueKind::TooDeep,
                format!("YAML nesting deeper than {} levels", self.limits.max_depth),
                Span::new(n.start_byte(), n.start_byte() + 1),
            );
            return YamlNode::empty(span(n));
        }
        match n.kind() {
            "block_node" | "flow_node" => {
                let mut anchor: Option<String> = None;
                let mut value: Option<YamlNode> = None;
                let mut c = n.walk();
                for ch in n.named_children(&mut c) {
                    match ch.kind() {
                        "anchor" => {
                            anchor = ch
                                .named_child(0)
                                .map(|a| self.text[a.start_byte()..a.end_byte()].to_string())
                        }
                        "tag" | "comment" => {}
                        _ => {
                            if value.is_none() {
                                value = Some(self.node(ch, depth + 1));
                            }
                        }
                    }
                }
                let v = value.unwrap_or_else(|| YamlNode::empty(Span::point(n.end_byte())));
                if let Some(a) = anchor {
                    self.anchors.insert(a, v.clone());
                }
                v
            }
            "block_mapping" | "flow_mapping" => {
                let mut entries: Vec<(YamlNode, YamlNode)> = Vec::new();
                let mut keys = KeyIndex::default();
                let mut c = n.walk();
                for ch in n.named_children(&mut c) {
                    let pair = match ch.kind() {
                        "block_mapping_pair" | "flow_pair" => self.pair(ch, depth + 1),
                        "flow_node" => {
                            // `{a}`: a key with a null value
                            let k = self.node(ch, depth + 1);
                            Some((k, YamlNode::empty(Span::point(ch.end_byte()))))
                        }
                        "ERROR" => {
                            let s = self.salvage(ch, depth + 1);
                            if let YamlKind::Map(e) = s.kind {
                                entries.extend(e);
                            }
                            None
                        }
                        _ => None,
                    };
                    if let Some((k, v)) = pair {
                        if let Some(key) = k.as_str() {
                            if let Some(first) = keys.first(&entries, key) {
                                self.out.issues.push(KeyIndex::issue(key, k.span, first));
                            }
                        }
                        entries.push((k, v));
                    }
                }
                YamlNode {
                    kind: YamlKind::Map(entries),
                    span: span(n),
                }
            }
            "block_sequence" | "flow_sequence" => {
                let mut items = Vec::new();
                let mut c = n.walk();
                for ch in n.named_children(&mut c) {
                    match ch.kind() {
                        "block_sequence_item" => {
                            let inner = ch
                                .named_children(&mut ch.walk())
                                .find(|x| x.kind() != "comment");
                            items.push(match inner {
                                Some(x) => self.node(x, depth + 1),
                                None => YamlNode::empty(Span::point(ch.end_byte())),
                            });
                        }
                        "flow_node" => items.push(self.node(ch, depth + 1)),
                        "flow_pair" => {
                            if let Some((k, v)) = self.pair(ch, depth + 1) {
                                let sp = k.span.cover(v.span);
                                items.push(YamlNode {
                                    kind: YamlKind::Map(vec![(k, v)]),
                                    span: sp,
                                });
                            }
                        }
                        _ => {}
                    }
                }
                YamlNode {
                    kind: YamlKind::Seq(items),
                    span: span(n),
                }
            }
            "alias" => {
                let name = n
                    .named_child(0)
                    .map(|a| self.text[a.start_byte()..a.end_byte()].to_string())
                    .unwrap_or_default();
                match self.anchors.get(&name).cloned() {
                    Some(v) => {
                        self.alias_nodes += v.count_nodes();
                        if self.alias_nodes > self.limits.max_alias_nodes {
                            self.issue(
                                YamlIssueKind::AliasLimit,
                                format!(
                                    "alias `*{name}` expands past the limit of {} nodes (alias bomb?)",
                                    self.limits.max_alias_nodes
                                ),
                                span(n),
                            );
                            YamlNode::empty(span(n))
                        } else {
                            YamlNode {
                                kind: v.kind,
                                span: span(n),
                            }
                        }
                    }
                    None => {
                        self.issue(
                            YamlIssueKind::UnknownAlias,
                            format!("alias `*{name}` refers to no anchor defined before it"),
                            span(n),
                        );
                        YamlNode::empty(span(n))
                    }
                }
            }
            "plain_scalar" => {
                let ty = match n.named_child(0).map(|c| c.kind()) {
                    Some("integer_scalar") => ScalarType::Int,
                    Some("float_scalar") => ScalarType::Float,
                    Some("boolean_scalar") => ScalarType::Bool,
                    Some("null_scalar") => ScalarType::Null,
                    _ => ScalarType::Str,
                };
                let (value, map) = decode::plain(self.text, n.start_byte(), n.end_byte());
                YamlNode::scalar(value, ScalarStyle::Plain, ty, map, span(n))
            }
            "single_quote_scalar" => {
                let (value, map) = decode::single_quoted(self.text, n.start_byte(), n.end_byte());
                self.scalar(n, value, ScalarStyle::SingleQuoted, map)
            }
            "double_quote_scalar" => {
                let (value, map) = decode::double_quoted(self.text, n.start_byte(), n.end_byte());
                self.scalar(n, value, ScalarStyle::DoubleQuoted, map)
            }
            "block_scalar" => {
                let s = n.start_byte();
                let line_start = self.text[..s]
                    .rfind(['\n', '\r'])
                    .map(|i| i + 1)
                    .unwrap_or(0);
                let indent = self.text[line_start..s].len()
                    - self.text[line_start..s].trim_start_matches(' ').len();
                let style = if self.text[s..].starts_with('>') {
                    ScalarStyle::Folded
                } else {
                    ScalarStyle::Literal
                };
                let (value, map) = decode::block(self.text, s, n.end_byte(), indent);
                self.scalar(n, value, style, map)
            }
            "ERROR" => self.salvage(n, depth + 1),
            _ => YamlNode::empty(span(n)),
        }
    }

    fn scalar(
        &self,
        n: Node,
        value: String,
        style: ScalarStyle,
        map: crate::source::OffsetMap,
    ) -> YamlNode {
        YamlNode::scalar(value, style, ScalarType::Str, map, span(n))
    }

    fn pair(&mut self, n: Node, depth: usize) -> Option<(YamlNode, YamlNode)> {
        let key = n
            .child_by_field_name("key")
            .map(|k| self.node(k, depth + 1))
            .unwrap_or_else(|| YamlNode::empty(Span::point(n.start_byte())));
        let value = n
            .child_by_field_name("value")
            .map(|v| self.node(v, depth + 1))
            .unwrap_or_else(|| YamlNode::empty(Span::point(n.end_byte())));
        Some((key, value))
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn p(t: &str) -> YamlStream {
        parse(t, ParseLimits::default())
    }

    #[test]
    fn reads_maps_lists_and_scalars() {
        let s = p("a: 1\nb: [x, 'y', \"z\\n\"]\nc:\n  - d: e\n    f: |\n      lit\n      text\n");
        assert!(s.issues.is_empty(), "{:?}", s.issues);
        let r = &s.docs[0].root;
        assert_eq!(
            r.get("a").and_then(|n| n.scalar_type()),
            Some(ScalarType::Int)
        );
        let b: Vec<&str> = r
            .get("b")
            .map(|n| n.string_list().into_iter().map(|x| x.0).collect())
            .unwrap_or_default();
        assert_eq!(b, vec!["x", "y", "z\n"]);
        let f = r
            .get("c")
            .and_then(|c| c.items().first())
            .and_then(|i| i.get("f"))
            .and_then(|f| f.as_str());
        assert_eq!(f, Some("lit\ntext\n"));
    }

    #[test]
    fn multi_document_and_aliases() {
        let s = p("a: &x [1, 2]\nb: *x\n---\nc: d\n");
        assert_eq!(s.docs.len(), 2);
        assert_eq!(s.docs[0].root.get("b").map(|b| b.items().len()), Some(2));
        assert_eq!(s.docs[1].root.get("c").and_then(|c| c.as_str()), Some("d"));
    }

    #[test]
    fn alias_bomb_is_limited() {
        let mut t = String::from("a0: &a0 [x, x, x, x, x, x, x, x, x, x]\n");
        for i in 1..10 {
            t.push_str(&format!("a{i}: &a{i} [*a{j}, *a{j}, *a{j}, *a{j}, *a{j}, *a{j}, *a{j}, *a{j}, *a{j}, *a{j}]\n", j = i - 1));
        }
        let s = p(&t);
        assert!(s.issues.iter().any(|i| i.kind == YamlIssueKind::AliasLimit));
    }

    #[test]
    fn duplicate_keys_reported() {
        let s = p("a: 1\na: 2\n");
        assert!(s
            .issues
            .iter()
            .any(|i| i.kind == YamlIssueKind::DuplicateKey));
    }

    #[test]
    fn half_typed_text_keeps_the_rest() {
        let s = p("title: x\ndetection:\n  sel:\n    Image|endswith: '\\a.exe\n  condition: sel\nlevel: high\n");
        assert!(!s.issues.is_empty());
        let s2 = p("title: x\nlogsource:\n  product: windows\ndetection: [\nlevel: high\n");
        assert!(!s2.issues.is_empty());
        assert!(s2.docs[0].root.get("title").is_some());
    }

    #[test]
    fn deep_nesting_does_not_crash() {
        let t = "a: ".to_string() + &"[".repeat(100_000);
        let s = p(&t);
        assert!(!s.issues.is_empty());
    }
}
