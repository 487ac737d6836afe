//! Exclusion fix for Panther simple detections: one `IsIPAddressNotInCIDR` match per network,
//! appended to the `Detection:` list (all its entries must hold).

use super::exclusion::Exclusion;
use crate::diagnostic::{Edit, Fix};
use crate::formats::ParsedFile;
use crate::model::Span;

/// Append the exclusion to the `Detection:` list of a simple detection.
pub fn fix(file: &ParsedFile, ex: &Exclusion) -> Option<Fix> {
    let root = file.yaml_root(0)?;
    let list = root.get("Detection")?;
    let last = list.items().last()?;
    let text = &file.text;
    let line_start = text[..last.span.start]
        .rfind('\n')
        .map(|i| i + 1)
        .unwrap_or(0);
    let prefix = &text[line_start..last.span.start];
    // `  - Key: …` → the dash's column
    let dash = prefix.find('-')?;
    let indent = " ".repeat(dash);
    let inner = " ".repeat(dash + 2);
    let end = text[last.span.end..]
        .find('\n')
        .map(|i| last.span.end + i + 1)
        .unwrap_or(text.len());
    let key = if ex.field_raw.contains('.') {
        format!(
            "DeepKey: [{}]",
            ex.field_raw.split('.').collect::<Vec<_>>().join(", ")
        )
    } else {
        format!("Key: {}", ex.field_raw)
    };
    let mut block = String::new();
    if end == text.len() && !text.ends_with('\n') {
        block.push('\n');
    }
    for n in &ex.nets {
        block.push_str(&format!(
            "{indent}- {key}\n{inner}Condition: IsIPAddressNotInCIDR\n{inner}Value: {n}\n"
        ));
    }
    Some(Fix {
        title: format!(
            "Exclude {} in the simple detection",
            ex.label.replace('_', "-")
        ),
        edits: vec![Edit {
            span: Span::point(end),
            new_text: block,
        }],
        safe: false,
    })
}
