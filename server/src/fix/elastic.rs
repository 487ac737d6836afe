//! Exclusion fixes in Elastic queries: EQL `and not cidrmatch(…)`, Kibana KQL `and not field: (…)`,
//! Lucene `AND NOT field:(…)`, ES|QL `| where not cidr_match(…)`. Written only where the query's
//! file text is the decoded query (literal strings and strings without escapes), so offsets in
//! the query are file offsets.

use super::exclusion::Exclusion;
use crate::diagnostic::{Edit, Fix};
use crate::formats::elastic::{ElasticQuery, QueryLanguage, QueryRole};
use crate::model::Span;

/// File offset where the query text starts, if the file holds it verbatim.
fn verbatim_start(file_text: &str, q: &ElasticQuery) -> Option<usize> {
    let raw = file_text.get(q.span.start..q.span.end)?;
    for open in ["'''", "\"\"\"", "'", "\""] {
        if let Some(rest) = raw.strip_prefix(open) {
            let mut start = q.span.start + open.len();
            let body = if open.len() == 3 {
                let trimmed = rest
                    .strip_prefix("\r\n")
                    .or_else(|| rest.strip_prefix('\n'));
                if let Some(t) = trimmed {
                    start += rest.len() - t.len();
                    t
                } else {
                    rest
                }
            } else {
                rest
            };
            return body.starts_with(q.text.as_str()).then_some(start);
        }
    }
    None
}

/// The exclusion fix for one Elastic query.
pub fn fix(file_text: &str, q: &ElasticQuery, ex: &Exclusion) -> Option<Fix> {
    if q.role != QueryRole::Main {
        return None;
    }
    let start = verbatim_start(file_text, q)?;
    let text = q.text.as_str();
    let body_end = start + text.trim_end().len();
    let quoted: Vec<String> = ex.nets.iter().map(|n| format!("\"{n}\"")).collect();
    let edits = match q.language {
        QueryLanguage::Eql => {
            let lower = text.to_ascii_lowercase();
            if lower.trim_start().starts_with("sequence")
                || lower.trim_start().starts_with("sample")
                || text.contains('|')
            {
                return None;
            }
            let w = lower.find(" where ")? + " where ".len();
            vec![
                Edit {
                    span: Span::point(start + w),
                    new_text: "(".into(),
                },
                Edit {
                    span: Span::point(body_end),
                    new_text: format!(
                        ") and not cidrmatch({}, {})",
                        ex.field_raw,
                        quoted.join(", ")
                    ),
                },
            ]
        }
        QueryLanguage::Kuery => vec![
            Edit {
                span: Span::point(start + (text.len() - text.trim_start().len())),
                new_text: "(".into(),
            },
            Edit {
                span: Span::point(body_end),
                new_text: format!(") and not {}: ({})", ex.field_raw, quoted.join(" or ")),
            },
        ],
        QueryLanguage::Lucene => vec![
            Edit {
                span: Span::point(start + (text.len() - text.trim_start().len())),
                new_text: "(".into(),
            },
            Edit {
                span: Span::point(body_end),
                new_text: format!(") AND NOT {}:({})", ex.field_raw, quoted.join(" OR ")),
            },
        ],
        QueryLanguage::Esql => {
            let pipe = text.find('|')?;
            let line_start = text[..pipe].rfind('\n').map(|i| i + 1);
            let indent = line_start
                .map(|l| &text[l..pipe])
                .filter(|i| i.trim().is_empty());
            let clause = format!(
                "| where not cidr_match({}, {})",
                ex.field_raw,
                quoted.join(", ")
            );
            let new_text = match indent {
                Some(i) => format!("{clause}\n{i}"),
                None => format!("{clause} "),
            };
            vec![Edit {
                span: Span::point(start + pipe),
                new_text,
            }]
        }
    };
    Some(Fix {
        title: format!(
            "Exclude {} in the {} query",
            ex.label.replace('_', "-"),
            q.language.name()
        ),
        edits,
        safe: false,
    })
}
