//! Sigma front end: a YAML document → [`SigmaDoc`] (selections, field items with modifiers,
//! parsed conditions, all with file spans) → [`Rule`].

pub mod condition;
mod lower;
pub mod modifiers;

use crate::model::{Format, Rule, RuleKind, Span, Spanned};
use crate::source::yaml::{ScalarStyle, ScalarType, YamlNode};
use condition::ConditionParse;

/// One value of a field item.
#[derive(Debug, Clone, PartialEq)]
pub struct SigmaValue {
    pub text: String,
    pub ty: ScalarType,
    pub style: Option<ScalarStyle>,
    /// `true` when the YAML value is not a scalar (a nested map or list where a value belongs).
    pub invalid: bool,
    pub span: Span,
}

/// `Field|mod1|mod2: values` inside a selection.
#[derive(Debug, Clone, PartialEq)]
pub struct FieldItem {
    /// Field name (empty for keyword-style `|contains: x`).
    pub field: Spanned<String>,
    pub modifiers: Vec<Spanned<String>>,
    pub values: Vec<SigmaValue>,
    /// Whether the value was written as a list.
    pub is_list: bool,
    /// Span of the whole key (`Field|mods`).
    pub key_span: Span,
    /// Span of the value node.
    pub value_span: Span,
}

impl FieldItem {
    /// Whether modifier `m` is present.
    pub fn has(&self, m: &str) -> bool {
        self.modifiers.iter().any(|x| x.value == m)
    }
}

/// The body of a selection.
#[derive(Debug, Clone, PartialEq)]
pub enum SelectionBody {
    /// A map of field items, or a list of such maps (OR of the maps).
    Fields(Vec<Vec<FieldItem>>),
    /// A list of plain values (keyword search).
    Keywords(Vec<SigmaValue>),
    /// `null` or nothing.
    Empty,
    /// Something that is not a valid selection (a scalar, a mixed list).
    Invalid(String),
}

/// A named search identifier under `detection:` (or `filter:`).
#[derive(Debug, Clone, PartialEq)]
pub struct Selection {
    pub name: Spanned<String>,
    pub body: SelectionBody,
    pub span: Span,
}

/// One condition string with its parse (spans already mapped to the file).
#[derive(Debug, Clone, PartialEq)]
pub struct Condition {
    pub text: String,
    pub span: Span,
    pub parse: ConditionParse,
}

/// The Sigma-specific view of one document.
#[derive(Debug, Clone, PartialEq)]
pub struct SigmaDoc {
    /// Index of the document in the file's YAML stream.
    pub doc_index: usize,
    pub kind: RuleKind,
    pub selections: Vec<Selection>,
    pub conditions: Vec<Condition>,
    /// Span of the `detection:` (or `filter:`) key, if present.
    pub detection_key: Option<Span>,
    /// `logsource:` entries: (key, value, span of value).
    pub logsource: Vec<(String, String, Span)>,
    /// The `name:` a correlation or filter rule may refer to this rule by.
    pub name: Option<String>,
    /// The rules a correlation or filter rule refers to (`correlation.rules`, `filter.rules`).
    pub rule_refs: Vec<(String, Span)>,
}

impl SigmaDoc {
    /// The selection called `name`.
    pub fn selection(&self, name: &str) -> Option<&Selection> {
        self.selections.iter().find(|s| s.name.value == name)
    }

    /// Every `1 of X` / `all of X` of the conditions (not `of them`): the pattern, the span of
    /// the whole `of` expression, and the names of the selections the pattern matches.
    pub fn of_patterns(&self) -> Vec<(String, Span, Vec<&str>)> {
        let mut out = Vec::new();
        for c in &self.conditions {
            let Some(cond) = &c.parse.cond else { continue };
            cond.visit(&mut |n| {
                if let condition::Cond::Of { pattern, span, .. } = n {
                    if pattern != "them" {
                        let matching = self
                            .selections
                            .iter()
                            .map(|s| s.name.value.as_str())
                            .filter(|name| condition::pattern_matches(pattern, name))
                            .collect();
                        out.push((pattern.clone(), *span, matching));
                    }
                }
            });
        }
        out
    }
}

fn spanned_str(node: Option<&YamlNode>) -> Option<Spanned<String>> {
    let n = node?;
    match n.scalar_type()? {
        ScalarType::Null => None,
        _ => n.as_str().map(|s| Spanned::new(s.to_string(), n.span)),
    }
}

fn value_of(n: &YamlNode) -> SigmaValue {
    match n.as_str() {
        Some(s) => SigmaValue {
            text: s.to_string(),
            ty: n.scalar_type().unwrap_or(ScalarType::Str),
            style: n.scalar_style(),
            invalid: false,
            span: n.span,
        },
        None => SigmaValue {
            text: String::new(),
            ty: ScalarType::Null,
            style: None,
            invalid: !n.is_null(),
            span: n.span,
        },
    }
}

/// Split `Field|mod|mod` into field and modifiers, with file spans.
fn field_item(key: &YamlNode, value: &YamlNode) -> FieldItem {
    let raw = key.as_str().unwrap_or("");
    let map = key.offset_map();
    let to_file = |a: usize, b: usize| match map {
        Some(m) => m.span_to_file(a, b),
        None => key.span,
    };
    let mut parts = raw.split('|');
    let field_name = parts.next().unwrap_or("");
    let field = Spanned::new(field_name.to_string(), to_file(0, field_name.len()));
    let mut modifiers = Vec::new();
    let mut pos = field_name.len() + 1;
    for m in parts {
        modifiers.push(Spanned::new(m.to_string(), to_file(pos, pos + m.len())));
        pos += m.len() + 1;
    }
    let (values, is_list) = if value.is_seq() {
        (value.items().iter().map(value_of).collect(), true)
    } else {
        (vec![value_of(value)], false)
    };
    FieldItem {
        field,
        modifiers,
        values,
        is_list,
        key_span: key.span,
        value_span: value.span,
    }
}

fn fields_of_map(map: &YamlNode) -> Vec<FieldItem> {
    map.entries()
        .iter()
        .map(|(k, v)| field_item(k, v))
        .collect()
}

fn selection_body(v: &YamlNode) -> SelectionBody {
    if v.is_null() {
        return SelectionBody::Empty;
    }
    if v.is_map() {
        return SelectionBody::Fields(vec![fields_of_map(v)]);
    }
    if v.is_seq() {
        let items = v.items();
        if items.is_empty() {
            return SelectionBody::Empty;
        }
        if items.iter().all(|i| i.is_map()) {
            return SelectionBody::Fields(items.iter().map(fields_of_map).collect());
        }
        if items.iter().all(|i| !i.is_map() && !i.is_seq()) {
            return SelectionBody::Keywords(items.iter().map(value_of).collect());
        }
        return SelectionBody::Invalid("a list that mixes maps and plain values".into());
    }
    SelectionBody::Invalid(format!(
        "{} where a map of fields or a list was expected",
        v.kind_name()
    ))
}

fn conditions(node: Option<&YamlNode>) -> Vec<Condition> {
    let Some(n) = node else { return Vec::new() };
    let nodes: Vec<&YamlNode> = if n.is_seq() {
        n.items().iter().collect()
    } else {
        vec![n]
    };
    nodes
        .into_iter()
        .filter_map(|c| {
            let text = c.as_str()?.to_string();
            let map = c.offset_map()?;
            let mut parse = condition::parse(&text);
            for (_, s) in parse.errors.iter_mut() {
                *s = map.span_to_file(s.start, s.end.max(s.start));
            }
            if let Some(a) = parse.aggregation.as_mut() {
                *a = map.span_to_file(a.start, a.end);
            }
            if let Some(cond) = parse.cond.as_mut() {
                remap(cond, &|s: Span| map.span_to_file(s.start, s.end));
            }
            Some(Condition {
                text,
                span: c.span,
                parse,
            })
        })
        .collect()
}

fn remap(c: &mut condition::Cond, f: &dyn Fn(Span) -> Span) {
    use condition::Cond::*;
    match c {
        And(v, s) | Or(v, s) => {
            v.iter_mut().for_each(|x| remap(x, f));
            *s = f(*s);
        }
        Not(x, s) => {
            remap(x, f);
            *s = f(*s);
        }
        Ident(_, s) | Error(s) => *s = f(*s),
        Of {
            pattern_span, span, ..
        } => {
            *pattern_span = f(*pattern_span);
            *span = f(*span);
        }
    }
}

/// Read one Sigma document into its Sigma view and the shared rule model.
pub fn read(root: &YamlNode, doc_index: usize) -> (SigmaDoc, Rule) {
    let kind = if root.get("correlation").is_some() {
        RuleKind::Correlation
    } else if root.get("filter").is_some() && root.get("detection").is_none() {
        RuleKind::Filter
    } else {
        RuleKind::Detection
    };
    let det_entry = root.entry("detection").or_else(|| match kind {
        RuleKind::Filter => root.entry("filter"),
        _ => None,
    });
    let mut selections = Vec::new();
    let mut conds = Vec::new();
    if let Some((dk, det)) = det_entry {
        for (k, v) in det.entries() {
            let Some(name) = k.as_str() else { continue };
            if name == "condition"
                || name == "timeframe"
                || (kind == RuleKind::Filter && name == "rules")
            {
                continue;
            }
            selections.push(Selection {
                name: Spanned::new(name.to_string(), k.span),
                body: selection_body(v),
                span: k.span.cover(v.span),
            });
        }
        conds = conditions(det.get("condition"));
        let _ = dk;
    }
    let logsource: Vec<(String, String, Span)> = root
        .get("logsource")
        .map(|l| {
            l.entries()
                .iter()
                .filter_map(|(k, v)| {
                    Some((k.as_str()?.to_string(), v.as_str()?.to_string(), v.span))
                })
                .collect()
        })
        .unwrap_or_default();
    let refs_key = match kind {
        RuleKind::Correlation => Some("correlation"),
        RuleKind::Filter => Some("filter"),
        _ => None,
    };
    let rule_refs = refs_key
        .and_then(|k| root.get(k))
        .and_then(|b| b.get("rules"))
        .map(|r| {
            r.string_list()
                .into_iter()
                .map(|(s, sp)| (s.to_string(), sp))
                .collect()
        })
        .unwrap_or_default();
    let doc = SigmaDoc {
        doc_index,
        kind,
        selections,
        conditions: conds,
        detection_key: det_entry.map(|(k, _)| k.span),
        logsource,
        name: root
            .get("name")
            .and_then(|n| n.as_str())
            .map(str::to_string),
        rule_refs,
    };
    let rule = rule_of(root, &doc);
    (doc, rule)
}

fn rule_of(root: &YamlNode, doc: &SigmaDoc) -> Rule {
    let mut rule = Rule {
        format: Some(Format::Sigma),
        kind: doc.kind,
        id: spanned_str(root.get("id")),
        title: spanned_str(root.get("title")),
        description: spanned_str(root.get("description")),
        status: spanned_str(root.get("status")),
        level: spanned_str(root.get("level")),
        author: spanned_str(root.get("author")),
        date: spanned_str(root.get("date")),
        modified: spanned_str(root.get("modified")),
        span: root.span,
        ..Rule::default()
    };
    if let Some(r) = root.get("references") {
        rule.references = r
            .string_list()
            .into_iter()
            .map(|(s, sp)| Spanned::new(s.to_string(), sp))
            .collect();
    }
    if let Some(t) = root.get("tags") {
        for (tag, sp) in t.string_list() {
            rule.tags.push(Spanned::new(tag.to_string(), sp));
            let lower = tag.to_ascii_lowercase();
            if let Some(rest) = lower.strip_prefix("attack.") {
                let b = rest.as_bytes();
                let digits_after = |p: usize| {
                    b.len() > p && b[p..].iter().all(|c| c.is_ascii_digit() || *c == b'.')
                };
                if b.first() == Some(&b't') && digits_after(1) {
                    rule.techniques
                        .push(Spanned::new(rest.to_ascii_uppercase(), sp));
                } else if matches!(b.first(), Some(b'g' | b's')) && digits_after(1) {
                    // group / software ids are not tactics
                } else {
                    rule.tactics.push(Spanned::new(rest.replace('_', "-"), sp));
                }
            }
        }
    }
    for (k, v, _) in &doc.logsource {
        rule.context.push((k.clone(), v.clone()));
        if k == "product" {
            rule.platforms.push(v.to_ascii_lowercase());
        }
    }
    let category = doc
        .logsource
        .iter()
        .find(|(k, _, _)| k == "category")
        .map(|x| x.1.clone());
    let service = doc
        .logsource
        .iter()
        .find(|(k, _, _)| k == "service")
        .map(|x| x.1.clone());
    if let Some(c) = category {
        rule.event_kinds.push(c);
    } else if let Some(s) = service {
        rule.event_kinds.push(format!("service:{s}"));
    }
    rule.detection = lower::detection(doc);
    rule
}
