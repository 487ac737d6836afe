//! # DL502 elastic-unknown-field
//!
//! A field used in an Elastic rule's query (or in `threshold.field` / `new_terms_fields`) is
//! neither an ECS field nor a field of the schemas that elastic/detection-rules validates against
//! (non-ECS index schemas, Elastic Endpoint and Endgame schemas, earlier ECS versions, Beats
//! modules). A misspelt field never matches: the rule silently stops firing.
//!
//! Fields under an object whose contents are free-form (`flattened`, `object`) are accepted, as
//! are EQL optional fields (`?field`), field wildcards (`process.*`), ES|QL computed columns and
//! metadata fields (`_id`, `_index`), Elastic Endpoint `.Ext` extensions and `.caseless`/`.text`
//! multi-fields. Outside the ECS field sets (integration namespaces such as `aws.*`, `o365.*`,
//! whose complete integration schemas detlint does not ship) only near-misses of a known sibling
//! field are reported (`o365.audit.UserIds` next to `o365.audit.UserId`).
//!
//! **Example**: `process.parent.nmae : "winword.exe"` → did you mean `process.parent.name`?
//!
//! **Fix**: use the suggested field name (offered as an editor fix, not applied by `--fix`).
//!
//! Aliases: detection-rules `validate` "unknown field" errors.

use super::elastic_common::{elastic_docs, field_db};
use super::{Check, CheckMeta, FileCtx, Run, Sink};
use crate::diagnostic::{Edit, Fix, Severity};
use crate::model::{Span, Spanned};

pub static CHECK: Check = Check {
    meta: CheckMeta {
        code: "DL502",
        name: "elastic-unknown-field",
        severity: Severity::Warning,
        formats: &[crate::model::Format::Elastic],
        aliases: &[],
        summary: "a field is neither in ECS nor in the Elastic schemas",
        fixable: true,
        source: file!(),
    },
    run: Run::File(run),
};

/// Metadata fields every index has.
const METADATA: &[&str] = &[
    "_id", "_index", "_source", "_score", "_version", "_ignored", "_tier", "_routing",
];

/// The field name without array indices (`process.args[0]` → `process.args`).
fn strip_index(f: &str) -> std::borrow::Cow<'_, str> {
    if f.contains('[') {
        let mut s = String::with_capacity(f.len());
        let mut depth = 0;
        for c in f.chars() {
            match c {
                '[' => depth += 1,
                ']' => depth -= 1,
                _ if depth == 0 => s.push(c),
                _ => {}
            }
        }
        s.into()
    } else {
        f.into()
    }
}

fn run(ctx: &FileCtx, sink: &mut Sink) {
    let db = field_db();
    for (d, e) in elastic_docs(ctx) {
        let mut fields: Vec<Spanned<String>> = Vec::new();
        if let Some(det) = &d.rule.detection {
            det.for_each_predicate(&mut |p, _| {
                if let Some(f) = &p.field {
                    fields.push(f.clone());
                }
            });
        }
        fields.extend(e.threshold_fields.iter().cloned());
        fields.extend(e.new_terms_fields.iter().cloned());
        let optional: Vec<Span> = e
            .queries
            .iter()
            .flat_map(|q| q.optional_fields.iter().copied())
            .collect();
        let mut seen = std::collections::HashSet::new();
        for f in fields {
            let name = strip_index(&f.value);
            if name.is_empty()
                || name.contains('*')
                || name.contains('?')
                || METADATA.contains(&name.as_ref())
                || optional.contains(&f.span)
                || db.is_known(&name)
            {
                continue;
            }
            // Endpoint `.Ext` extensions and multi-fields are not in the shipped schemas
            if name.contains(".Ext.") || name.ends_with(".caseless") || name.ends_with(".text") {
                continue;
            }
            let ns = name.split('.').next().unwrap_or("");
            let suggestion = if db.is_ecs_namespace(ns) {
                db.suggest(&name)
            } else {
                // integration namespaces: only near-misses of a known sibling field
                match db.close_sibling(&name) {
                    Some(s) => Some(s),
                    None => continue,
                }
            };
            if !seen.insert((name.to_string(), f.span)) {
                continue;
            }
            let msg = match suggestion {
                Some(s) => format!(
                    "`{name}` is not an ECS field nor in the Elastic schemas; did you mean `{s}`?"
                ),
                None => format!("`{name}` is not an ECS field nor in the Elastic schemas"),
            };
            let diag = sink.report(&CHECK.meta, f.span, msg);
            if let Some(s) = suggestion {
                if ctx.text(f.span) == f.value {
                    diag.fixes.push(Fix {
                        title: format!("Use `{s}`"),
                        edits: vec![Edit {
                            span: f.span,
                            new_text: s.to_string(),
                        }],
                        safe: false,
                    });
                }
            }
        }
    }
}
