//! # DL002 yaml-syntax
//!
//! The YAML of a rule is broken: a syntax error (bad indentation, a tab in indentation, an
//! unclosed quote or bracket), a duplicate key (YAML keeps only one of them, so half of a
//! selection silently disappears), an alias to an anchor that does not exist, an alias that
//! expands past `limits.max-alias-nodes` (an "alias bomb"), nesting deeper than
//! `limits.max-depth`, or a document whose root is not a mapping.
//!
//! detlint keeps whatever parses, so the other checks still run on the rest of the file.
//!
//! **Example**
//! ```yaml
//! detection:
//!   selection:
//!     Image|endswith: '\cmd.exe     # unclosed quote
//! ```
//! **Fix**: close the quote, fix the indentation, rename or merge the duplicate key.
//!
//! Aliases: rsigma `yaml_parse_error`, `not_a_mapping`.

use super::{Check, CheckMeta, FileCtx, Run, Sink};
use crate::diagnostic::{Related, Severity};
use crate::source::yaml::YamlKind;

pub static CHECK: Check = Check {
    meta: CheckMeta {
        code: "DL002",
        name: "yaml-syntax",
        severity: Severity::Error,
        formats: &[],
        aliases: &["yaml_parse_error", "not_a_mapping"],
        summary: "YAML syntax error, duplicate key, broken alias or document that is not a mapping",
        fixable: false,
        source: file!(),
    },
    run: Run::File(run),
};

fn run(ctx: &FileCtx, sink: &mut Sink) {
    let Some(y) = &ctx.file.yaml else { return };
    for issue in &y.issues {
        let d = sink.report(&CHECK.meta, issue.span, issue.message.clone());
        if let Some(r) = issue.related {
            d.related.push(Related {
                path: None,
                span: Some(r),
                message: "first defined here".into(),
            });
        }
    }
    for doc in &y.docs {
        match &doc.root.kind {
            YamlKind::Map(_) => {}
            YamlKind::Empty if y.docs.len() > 1 || !y.issues.is_empty() => {}
            other => {
                let what = match other {
                    YamlKind::Seq(_) => "a list",
                    YamlKind::Scalar { .. } => "a plain value",
                    _ => "empty",
                };
                let span = if doc.root.span.is_empty() {
                    doc.span
                } else {
                    doc.root.span
                };
                sink.report(
                    &CHECK.meta,
                    crate::model::Span::new(
                        span.start,
                        span.start.max(span.end.min(span.start + 1)),
                    ),
                    format!("the rule document is {what}; a rule must be a mapping of keys"),
                );
            }
        }
    }
}
