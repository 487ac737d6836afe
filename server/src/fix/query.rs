//! Exclusion fixes inside embedded queries: Kusto (`| where not(ipv4_is_in_range(…))`) and SPL
//! (`| where NOT cidrmatch(…)`). Each writes the exclusion where the query language expects it
//! and keeps the YAML scalar it lives in valid.

use super::exclusion::Exclusion;
use crate::diagnostic::{Edit, Fix};
use crate::formats::sentinel::KqlQuery;
use crate::formats::splunk::SearchInfo;
use crate::model::Span;

fn line_prefix(text: &str, at: usize) -> &str {
    let start = text[..at].rfind(['\n', '\r']).map(|i| i + 1).unwrap_or(0);
    &text[start..at]
}

/// Kusto: insert `| where not(…)` before the `where` that filters the field, so the exclusion
/// sees the same rows.
pub fn kusto(
    file_text: &str,
    q: &KqlQuery,
    ex: &Exclusion,
    pred_file_offset: usize,
) -> Option<Fix> {
    let tests: Vec<String> = ex
        .nets
        .iter()
        .map(|n| {
            let f = if n.contains(':') {
                "ipv6_is_in_range"
            } else {
                "ipv4_is_in_range"
            };
            format!("{f}({}, \"{n}\")", ex.field_raw)
        })
        .collect();
    let clause = format!("| where not({})", tests.join(" or "));
    // the last `|` before the predicate that starts a `where`
    let bytes = q.text.as_bytes();
    let mut at: Option<usize> = None;
    for (i, b) in bytes.iter().enumerate() {
        if *b != b'|' || q.map.to_file(i) > pred_file_offset {
            continue;
        }
        let rest = q.text[i + 1..].trim_start();
        if rest.starts_with("where ") || rest.starts_with("where\n") || rest.starts_with("filter ")
        {
            at = Some(i);
        }
    }
    let at = q.map.to_file(at?);
    if file_text.as_bytes().get(at) != Some(&b'|') {
        return None;
    }
    let prefix = line_prefix(file_text, at);
    let new_text = if prefix.trim().is_empty() {
        format!("{clause}\n{prefix}")
    } else {
        format!("{clause} ")
    };
    Some(Fix {
        title: format!("Exclude {} with `{clause}`", ex.label.replace('_', "-")),
        edits: vec![Edit {
            span: Span::point(at),
            new_text,
        }],
        safe: false,
    })
}

/// SPL: `| where NOT (cidrmatch(…) OR …)` at the end of the search, before the rule's
/// `…_filter` macro when it ends with one.
pub fn spl(file_text: &str, s: &SearchInfo, ex: &Exclusion) -> Option<Fix> {
    let dm_prefix_dropped = s.text.contains("drop_dm_object_name");
    let field = match ex.field_raw.split_once('.') {
        Some((obj, rest))
            if dm_prefix_dropped && obj.starts_with(|c: char| c.is_ascii_uppercase()) =>
        {
            rest
        }
        _ => ex.field_raw,
    };
    let tests: Vec<String> = ex
        .nets
        .iter()
        .map(|n| format!("cidrmatch(\"{n}\", {field})"))
        .collect();
    let mut clause = format!("| where NOT ({}) ", tests.join(" OR "));
    let quote = file_text.as_bytes().get(s.span.start).copied();
    if quote == Some(b'"') {
        clause = clause.replace('"', "\\\"");
    }
    let body = file_text.get(s.span.start..s.end)?;
    // before a trailing `` | `name_filter` ``
    let insert_at = match body.rfind('`') {
        Some(close)
            if body[..close].trim_end().ends_with("_filter")
                || body[..close]
                    .rsplit('`')
                    .next()
                    .is_some_and(|m| m.ends_with("_filter")) =>
        {
            let open = body[..close].rfind('`')?;
            let pipe = body[..open].rfind('|')?;
            s.span.start + pipe
        }
        _ => {
            clause = format!(" {}", clause.trim_end());
            s.end
        }
    };
    Some(Fix {
        title: format!(
            "Exclude {} with `{}`",
            ex.label.replace('_', "-"),
            clause.trim()
        ),
        edits: vec![Edit {
            span: Span::point(insert_at),
            new_text: clause,
        }],
        safe: false,
    })
}
