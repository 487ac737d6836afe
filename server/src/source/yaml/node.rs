//! The spanned YAML value tree.

use crate::model::Span;
use crate::source::OffsetMap;
use std::collections::HashMap;

/// How a scalar was written.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum ScalarStyle {
    Plain,
    SingleQuoted,
    DoubleQuoted,
    Literal,
    Folded,
}

/// The resolved type of a scalar (YAML 1.2 core schema; quoted scalars are always strings).
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum ScalarType {
    Str,
    Int,
    Float,
    Bool,
    Null,
}

/// What a node holds.
#[derive(Debug, Clone, PartialEq)]
pub enum YamlKind {
    /// A mapping with its entries in order.
    Map(Vec<(YamlNode, YamlNode)>),
    Seq(Vec<YamlNode>),
    Scalar {
        value: String,
        style: ScalarStyle,
        ty: ScalarType,
        /// Decoded offset → file offset.
        map: OffsetMap,
    },
    /// An absent value (`key:` with nothing after it).
    Empty,
}

/// One node with its span in the file.
#[derive(Debug, Clone, PartialEq)]
pub struct YamlNode {
    pub kind: YamlKind,
    pub span: Span,
}

impl YamlNode {
    /// A scalar node: decoded `value` with its offset map, as written at `span`.
    pub fn scalar(
        value: String,
        style: ScalarStyle,
        ty: ScalarType,
        map: OffsetMap,
        span: Span,
    ) -> Self {
        YamlNode {
            kind: YamlKind::Scalar {
                value,
                style,
                ty,
                map,
            },
            span,
        }
    }

    /// The number of nodes in this tree (what an alias to it expands to).
    pub fn count_nodes(&self) -> usize {
        1 + match &self.kind {
            YamlKind::Map(e) => e
                .iter()
                .map(|(k, v)| k.count_nodes() + v.count_nodes())
                .sum(),
            YamlKind::Seq(i) => i.iter().map(YamlNode::count_nodes).sum(),
            _ => 0,
        }
    }

    /// An empty node at `span`.
    pub fn empty(span: Span) -> Self {
        YamlNode {
            kind: YamlKind::Empty,
            span,
        }
    }

    /// The entries of a mapping (empty slice otherwise).
    pub fn entries(&self) -> &[(YamlNode, YamlNode)] {
        match &self.kind {
            YamlKind::Map(e) => e,
            _ => &[],
        }
    }

    /// The items of a sequence (empty slice otherwise).
    pub fn items(&self) -> &[YamlNode] {
        match &self.kind {
            YamlKind::Seq(i) => i,
            _ => &[],
        }
    }

    pub fn is_map(&self) -> bool {
        matches!(self.kind, YamlKind::Map(_))
    }
    pub fn is_seq(&self) -> bool {
        matches!(self.kind, YamlKind::Seq(_))
    }
    /// Whether this is a null scalar or an absent value.
    pub fn is_null(&self) -> bool {
        matches!(
            self.kind,
            YamlKind::Empty
                | YamlKind::Scalar {
                    ty: ScalarType::Null,
                    ..
                }
        )
    }

    /// The entry (key node, value node) whose key is the string `key`.
    pub fn entry(&self, key: &str) -> Option<&(YamlNode, YamlNode)> {
        self.entries().iter().find(|(k, _)| k.as_str() == Some(key))
    }

    /// The value of mapping key `key`.
    pub fn get(&self, key: &str) -> Option<&YamlNode> {
        self.entry(key).map(|(_, v)| v)
    }

    /// The decoded text of a scalar.
    pub fn as_str(&self) -> Option<&str> {
        match &self.kind {
            YamlKind::Scalar { value, .. } => Some(value),
            _ => None,
        }
    }

    /// The scalar's type, if a scalar.
    pub fn scalar_type(&self) -> Option<ScalarType> {
        match &self.kind {
            YamlKind::Scalar { ty, .. } => Some(*ty),
            _ => None,
        }
    }

    /// The scalar's style, if a scalar.
    pub fn scalar_style(&self) -> Option<ScalarStyle> {
        match &self.kind {
            YamlKind::Scalar { style, .. } => Some(*style),
            _ => None,
        }
    }

    /// The offset map of a scalar (decoded → file).
    pub fn offset_map(&self) -> Option<&OffsetMap> {
        match &self.kind {
            YamlKind::Scalar { map, .. } => Some(map),
            _ => None,
        }
    }

    /// A scalar or each scalar of a sequence, as strings with spans.
    pub fn string_list(&self) -> Vec<(&str, Span)> {
        match &self.kind {
            YamlKind::Scalar { value, .. } => vec![(value.as_str(), self.span)],
            YamlKind::Seq(items) => items
                .iter()
                .filter_map(|i| i.as_str().map(|s| (s, i.span)))
                .collect(),
            _ => Vec::new(),
        }
    }

    /// A short name of the node's kind for messages.
    pub fn kind_name(&self) -> &'static str {
        match &self.kind {
            YamlKind::Map(_) => "a mapping",
            YamlKind::Seq(_) => "a list",
            YamlKind::Scalar {
                ty: ScalarType::Null,
                ..
            }
            | YamlKind::Empty => "null",
            YamlKind::Scalar {
                ty: ScalarType::Bool,
                ..
            } => "a boolean",
            YamlKind::Scalar {
                ty: ScalarType::Int | ScalarType::Float,
                ..
            } => "a number",
            YamlKind::Scalar { .. } => "a string",
        }
    }
}

/// What went wrong while reading YAML.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum YamlIssueKind {
    Syntax,
    DuplicateKey,
    AliasLimit,
    UnknownAlias,
    TooDeep,
}

/// A located YAML problem.
#[derive(Debug, Clone, PartialEq)]
pub struct YamlIssue {
    pub kind: YamlIssueKind,
    pub message: String,
    pub span: Span,
    /// For duplicate keys: the first occurrence.
    pub related: Option<Span>,
}

/// One YAML document of a stream.
#[derive(Debug, Clone, PartialEq)]
pub struct YamlDoc {
    /// The root node (`Empty` for an empty document).
    pub root: YamlNode,
    pub span: Span,
}

/// A parsed YAML file: its documents and the problems found.
#[derive(Debug, Clone, PartialEq, Default)]
pub struct YamlStream {
    pub docs: Vec<YamlDoc>,
    pub issues: Vec<YamlIssue>,
    /// Comments: (span, text) in file order.
    pub comments: Vec<(Span, String)>,
}

/// Finds the first earlier entry of a mapping with a given key: a scan for small mappings, a
/// hash index beyond (a hostile mapping with 100,000 keys must not take quadratic time).
#[derive(Default)]
pub(super) struct KeyIndex {
    index: HashMap<String, Span>,
    /// Entries already in `index`.
    indexed: usize,
}

impl KeyIndex {
    /// The key span of the first entry of `entries` whose key is `key`.
    pub(super) fn first(&mut self, entries: &[(YamlNode, YamlNode)], key: &str) -> Option<Span> {
        if entries.len() < 32 {
            return entries
                .iter()
                .find(|(k, _)| k.as_str() == Some(key))
                .map(|(k, _)| k.span);
        }
        for (k, _) in &entries[self.indexed..] {
            if let Some(s) = k.as_str() {
                self.index.entry(s.to_string()).or_insert(k.span);
            }
        }
        self.indexed = entries.len();
        self.index.get(key).copied()
    }

    /// The issue for a repeated key at `span` whose first occurrence is at `first`.
    pub(super) fn issue(key: &str, span: Span, first: Span) -> YamlIssue {
        YamlIssue {
            kind: YamlIssueKind::DuplicateKey,
            message: format!("duplicate key `{key}`: YAML keeps only one of them"),
            span,
            related: Some(first),
        }
    }
}
