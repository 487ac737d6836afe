//! Value normalization for counting and comparing indicators across vendors:
//! `Image|endswith: '\bash.exe'` → (`process.name`, eq, `bash.exe`); case folding where the
//! operator is case-insensitive; wildcards around a value → contains/starts/ends; lists → one
//! indicator per value; IPs and CIDRs → canonical network notation.

use crate::model::{Op, Predicate};
use serde::Serialize;

/// A (canonical field, operator, normalized value) triple.
#[derive(Debug, Clone, PartialEq, Eq, Hash, PartialOrd, Ord, Serialize)]
pub struct Indicator {
    pub field: String,
    pub op: Op,
    pub value: String,
}

/// For path fields, the field holding the last path component.
fn basename_field(field: &str) -> Option<&'static str> {
    Some(match field {
        "process.executable" => "process.name",
        "process.parent.executable" => "process.parent.name",
        "process.parent.parent.executable" => "process.parent.parent.name",
        "file.path" => "file.name",
        "dll.path" => "dll.name",
        "service.executable" => "service.name",
        _ => return None,
    })
}

fn has_wildcard(s: &str) -> bool {
    s.contains(['*', '?'])
}

/// Normalize one value under an operator: returns the (op, value) to count.
fn normalize_value(op: Op, raw: &str, case_sensitive: bool) -> (Op, String) {
    let mut v = if case_sensitive {
        raw.to_string()
    } else {
        raw.to_lowercase()
    };
    let mut op = if op == Op::In { Op::Eq } else { op };
    if matches!(op, Op::Wildcard | Op::Eq) && has_wildcard(&v) {
        let starts = v.starts_with('*');
        let ends = v.ends_with('*') && v.len() > 1;
        let inner = v.trim_matches('*');
        if !has_wildcard(inner) && !inner.is_empty() {
            op = match (starts, ends) {
                (true, true) => Op::Contains,
                (true, false) => Op::EndsWith,
                (false, true) => Op::StartsWith,
                _ => Op::Eq,
            };
            v = inner.to_string();
        } else {
            op = Op::Wildcard;
        }
    }
    if op == Op::CidrMatch || op == Op::Eq {
        if let Ok(net) = v.parse::<ipnet::IpNet>() {
            return (op, net.trunc().to_string());
        }
        if op == Op::CidrMatch {
            if let Ok(ip) = v.parse::<std::net::IpAddr>() {
                return (op, ipnet::IpNet::from(ip).to_string());
            }
        }
    }
    (op, v)
}

/// The indicators a predicate checks (only predicates with a field).
pub fn indicators(p: &Predicate) -> Vec<Indicator> {
    let Some(field) = p
        .canonical
        .clone()
        .or_else(|| p.field.as_ref().map(|f| f.value.clone()))
    else {
        return Vec::new();
    };
    if matches!(p.op, Op::Exists | Op::IsNull) {
        return vec![Indicator {
            field,
            op: p.op,
            value: String::new(),
        }];
    }
    p.values
        .iter()
        .map(|v| {
            let (op, value) = normalize_value(p.op, &v.text, p.case_sensitive);
            // `…\bash.exe` at the end of a path field is the image name.
            if op == Op::EndsWith {
                if let Some(name_field) = basename_field(&field) {
                    let trimmed = value.trim_start_matches(['\\', '/']);
                    if trimmed.len() < value.len()
                        && !trimmed.contains(['\\', '/'])
                        && !trimmed.is_empty()
                    {
                        return Indicator {
                            field: name_field.to_string(),
                            op: Op::Eq,
                            value: trimmed.to_string(),
                        };
                    }
                }
            }
            Indicator {
                field: field.clone(),
                op,
                value,
            }
        })
        .collect()
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::model::{Span, Spanned, Value, ValueKind};

    fn pred(field: &str, op: Op, vals: &[&str]) -> Predicate {
        Predicate {
            field: Some(Spanned::new(field.to_string(), Span::default())),
            canonical: Some(field.to_string()),
            op,
            values: vals
                .iter()
                .map(|v| Value {
                    text: v.to_string(),
                    kind: ValueKind::Str,
                    span: Span::default(),
                })
                .collect(),
            match_all: false,
            case_sensitive: false,
            raw_op: String::new(),
            span: Span::default(),
        }
    }

    #[test]
    fn basename_and_wildcards() {
        let i = indicators(&pred("process.executable", Op::EndsWith, &["\\Bash.exe"]));
        assert_eq!(
            i[0],
            Indicator {
                field: "process.name".into(),
                op: Op::Eq,
                value: "bash.exe".into()
            }
        );
        let i = indicators(&pred(
            "process.command_line",
            Op::Wildcard,
            &["*-enc*", "x*"],
        ));
        assert_eq!(i[0].op, Op::Contains);
        assert_eq!(i[0].value, "-enc");
        assert_eq!(i[1].op, Op::StartsWith);
        let i = indicators(&pred("destination.ip", Op::CidrMatch, &["127.0.0.1/8"]));
        assert_eq!(i[0].value, "127.0.0.0/8");
    }
}
