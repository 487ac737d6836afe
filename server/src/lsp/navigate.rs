//! Navigation in Sigma rules: definition, references and rename of selection names
//! (condition identifiers ↔ selection keys; `of` patterns count as references), document
//! symbols and folding ranges.

use super::text::Snapshot;
use crate::diagnostic::Edit;
use crate::formats::sigma::condition::{pattern_matches, Cond};
use crate::formats::sigma::SigmaDoc;
use crate::formats::{FormatData, ParsedFile};
use crate::model::Span;
use crate::source::yaml::{YamlKind, YamlNode};
use tower_lsp_server::ls_types::{DocumentSymbol, FoldingRange, FoldingRangeKind, SymbolKind};

/// A use of a selection name in a condition.
#[derive(Debug, Clone, PartialEq)]
pub enum Use {
    /// A plain identifier.
    Ident(String, Span),
    /// An `of` pattern (`them`, `sel*`, `filter_main`).
    Pattern(String, Span),
}

fn sigma_docs(file: &ParsedFile) -> impl Iterator<Item = &SigmaDoc> {
    file.docs.iter().filter_map(|d| match &d.data {
        FormatData::Sigma(s) => Some(s),
        _ => None,
    })
}

/// Every identifier and `of` pattern of a document's conditions.
pub fn uses(doc: &SigmaDoc) -> Vec<Use> {
    let mut out = Vec::new();
    for c in &doc.conditions {
        if let Some(cond) = &c.parse.cond {
            cond.visit(&mut |n| match n {
                Cond::Ident(name, s) => out.push(Use::Ident(name.clone(), *s)),
                Cond::Of {
                    pattern,
                    pattern_span,
                    ..
                } => out.push(Use::Pattern(pattern.clone(), *pattern_span)),
                _ => {}
            });
        }
    }
    out
}

/// The span of a key's text without its quotes.
fn unquoted(file: &ParsedFile, span: Span) -> Span {
    let t = file.text.get(span.start..span.end).unwrap_or("");
    if t.len() >= 2 && (t.starts_with('"') || t.starts_with('\'')) {
        Span::new(span.start + 1, span.end - 1)
    } else {
        span
    }
}

/// The selection name at `offset` (on its key, a condition identifier, or an exact `of`
/// pattern) and the span of that occurrence. Only names of existing selections.
pub fn selection_at(file: &ParsedFile, offset: usize) -> Option<(String, Span)> {
    for doc in sigma_docs(file) {
        for s in &doc.selections {
            if s.name.span.contains(offset) {
                return Some((s.name.value.clone(), unquoted(file, s.name.span)));
            }
        }
        for u in uses(doc) {
            let (name, span) = match &u {
                Use::Ident(n, s) | Use::Pattern(n, s) => (n, *s),
            };
            if span.contains(offset) && doc.selection(name).is_some() {
                return Some((name.clone(), span));
            }
        }
    }
    None
}

/// Go to definition: the selection keys named by the identifier or pattern at `offset`.
pub fn definition(file: &ParsedFile, offset: usize) -> Vec<Span> {
    for doc in sigma_docs(file) {
        for u in uses(doc) {
            match u {
                Use::Ident(name, s) if s.contains(offset) => {
                    return doc
                        .selection(&name)
                        .map(|sel| vec![unquoted(file, sel.name.span)])
                        .unwrap_or_default();
                }
                Use::Pattern(p, s) if s.contains(offset) => {
                    return doc
                        .selections
                        .iter()
                        .filter(|sel| pattern_matches(&p, &sel.name.value))
                        .map(|sel| unquoted(file, sel.name.span))
                        .collect();
                }
                _ => {}
            }
        }
        for s in &doc.selections {
            if s.name.span.contains(offset) {
                return vec![unquoted(file, s.name.span)];
            }
        }
    }
    Vec::new()
}

fn doc_of(file: &ParsedFile, offset: usize) -> Option<&SigmaDoc> {
    sigma_docs(file).find(|d| {
        d.selections.iter().any(|s| s.name.span.contains(offset))
            || d.conditions.iter().any(|c| c.span.contains(offset))
    })
}

/// Find references: the selection's key (when `include_declaration`), every identifier naming
/// it and every `of` pattern matching it.
pub fn references(file: &ParsedFile, offset: usize, include_declaration: bool) -> Vec<Span> {
    let Some((name, _)) = selection_at(file, offset) else {
        return Vec::new();
    };
    let Some(doc) = doc_of(file, offset) else {
        return Vec::new();
    };
    let mut out = Vec::new();
    if include_declaration {
        if let Some(sel) = doc.selection(&name) {
            out.push(unquoted(file, sel.name.span));
        }
    }
    for u in uses(doc) {
        match u {
            Use::Ident(n, s) if n == name => out.push(s),
            Use::Pattern(p, s) if pattern_matches(&p, &name) => out.push(s),
            _ => {}
        }
    }
    out.sort();
    out.dedup();
    out
}

/// Whether `name` can be written as a plain YAML key and a condition identifier.
pub fn valid_selection_name(name: &str) -> bool {
    !name.is_empty()
        && !matches!(
            name,
            "and" | "or" | "not" | "of" | "them" | "all" | "condition"
        )
        && name
            .bytes()
            .all(|b| b.is_ascii_alphanumeric() || matches!(b, b'_' | b'-' | b'.'))
        && !name.as_bytes()[0].is_ascii_digit()
}

/// Rename the selection at `offset`: its key, its identifiers, and `of` patterns that are
/// exactly its name (wildcard patterns are left as they are).
pub fn rename(file: &ParsedFile, offset: usize, new_name: &str) -> Option<Vec<Edit>> {
    let (name, _) = selection_at(file, offset)?;
    let doc = doc_of(file, offset)?;
    let sel = doc.selection(&name)?;
    let mut edits = vec![Edit {
        span: unquoted(file, sel.name.span),
        new_text: new_name.to_string(),
    }];
    for u in uses(doc) {
        match u {
            Use::Ident(n, s) | Use::Pattern(n, s) if n == name => edits.push(Edit {
                span: s,
                new_text: new_name.to_string(),
            }),
            _ => {}
        }
    }
    edits.sort_by_key(|e| e.span);
    edits.dedup_by_key(|e| e.span);
    Some(edits)
}

#[allow(deprecated)]
fn symbol(
    name: &str,
    kind: SymbolKind,
    range: Span,
    sel: Span,
    snap: &Snapshot<'_>,
    children: Vec<DocumentSymbol>,
) -> DocumentSymbol {
    DocumentSymbol {
        name: if name.is_empty() {
            "\"\"".into()
        } else {
            name.to_string()
        },
        detail: None,
        kind,
        tags: None,
        deprecated: None,
        range: snap.range(range),
        selection_range: snap.range(sel),
        children: (!children.is_empty()).then_some(children),
    }
}

fn kind_for(parent: Option<&str>, key: &str, value: &YamlNode) -> SymbolKind {
    match (parent, key) {
        (Some("detection"), "condition") => SymbolKind::BOOLEAN,
        (Some("detection"), _) => SymbolKind::VARIABLE,
        _ if value.is_map() => SymbolKind::OBJECT,
        _ if value.is_seq() => SymbolKind::ARRAY,
        _ => SymbolKind::PROPERTY,
    }
}

/// Document symbols: top-level keys of every YAML document, with the entries of `logsource`
/// and the selections of `detection` as children.
pub fn symbols(file: &ParsedFile, snap: &Snapshot<'_>) -> Vec<DocumentSymbol> {
    let Some(stream) = &file.yaml else {
        return Vec::new();
    };
    let mut out = Vec::new();
    for d in &stream.docs {
        for (k, v) in d.root.entries() {
            let key = k.as_str().unwrap_or("");
            let children = if matches!(key, "detection" | "logsource" | "filter" | "correlation") {
                v.entries()
                    .iter()
                    .map(|(ck, cv)| {
                        let ckey = ck.as_str().unwrap_or("");
                        symbol(
                            ckey,
                            kind_for(Some(key), ckey, cv),
                            ck.span.cover(cv.span),
                            ck.span,
                            snap,
                            Vec::new(),
                        )
                    })
                    .collect()
            } else {
                Vec::new()
            };
            out.push(symbol(
                key,
                kind_for(None, key, v),
                k.span.cover(v.span),
                k.span,
                snap,
                children,
            ));
        }
    }
    out
}

fn fold(node: &YamlNode, file: &ParsedFile, out: &mut Vec<FoldingRange>) {
    let line_of = |o: usize| file.lines.line_of(o.min(file.text.len()));
    let push = |out: &mut Vec<FoldingRange>, from: usize, to: Span| {
        let a = line_of(from);
        let mut b = line_of(to.end);
        // a span ending right after a line break ends on the previous line
        if to.end > to.start && b > a && file.lines.line_start(b) == to.end {
            b -= 1;
        }
        if b > a {
            out.push(FoldingRange {
                start_line: a as u32,
                start_character: None,
                end_line: b as u32,
                end_character: None,
                kind: Some(FoldingRangeKind::Region),
                collapsed_text: None,
            });
        }
    };
    match &node.kind {
        YamlKind::Map(entries) => {
            for (k, v) in entries {
                if v.is_map() || v.is_seq() || v.as_str().is_some_and(|s| s.contains('\n')) {
                    push(out, k.span.start, v.span);
                }
                fold(v, file, out);
            }
        }
        YamlKind::Seq(items) => {
            for i in items {
                if i.is_map() {
                    push(out, i.span.start, i.span);
                }
                fold(i, file, out);
            }
        }
        _ => {}
    }
}

/// Folding ranges: every YAML mapping entry, list item and block scalar spanning lines.
pub fn folding(file: &ParsedFile, _snap: &Snapshot<'_>) -> Vec<FoldingRange> {
    let mut out = Vec::new();
    if let Some(stream) = &file.yaml {
        for d in &stream.docs {
            fold(&d.root, file, &mut out);
        }
    }
    out.sort_by_key(|r| (r.start_line, r.end_line));
    out.dedup_by_key(|r| (r.start_line, r.end_line));
    out
}

#[cfg(test)]
mod glob_tests {
    use crate::formats::sigma::condition::pattern_matches;

    #[test]
    fn patterns() {
        assert!(pattern_matches("selection_*", "selection_img"));
        assert!(pattern_matches("*_img", "selection_img"));
        assert!(pattern_matches("sel*i*g", "selection_img"));
        assert!(!pattern_matches("filter_*", "selection_img"));
        assert!(pattern_matches("them", "x"));
        assert!(!pattern_matches("them", "_private"));
        // no exponential blow-up
        let p = "*a".repeat(40) + "b";
        assert!(!pattern_matches(&p, &"a".repeat(200)));
    }
}
