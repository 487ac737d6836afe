//! # DL112 sigma-title-style
//!
//! The rule title does not follow the SigmaHQ title conventions:
//! - it is longer than 120 characters (titles become alert names and are truncated in consoles);
//! - it starts with `Detects ` (every rule detects something: say what it detects);
//! - it ends with a full stop (a title is not a sentence);
//! - a word is all lower case although it is not a short joining word (`a`, `and`, `of`, `via`,
//!   `with`, …), a path, a file name or a number (titles use title case).
//!
//! **Example**: `title: Detects suspicious use of certutil.`
//! **Fix**: `title: Suspicious Certutil Download` (the trailing full stop and the casing have safe
//! fixes).
//!
//! Aliases: pySigma-validators-sigmaHQ `sigmahq_title_length`, `sigmahq_title_start`,
//! `sigmahq_title_end`, `sigmahq_title_case`.

use super::{Check, CheckMeta, FileCtx, Run, Sink};
use crate::diagnostic::{Edit, Fix, Severity};
use crate::model::Span;

pub static CHECK: Check = Check {
    meta: CheckMeta {
        code: "DL112",
        name: "sigma-title-style",
        severity: Severity::Warning,
        formats: &[crate::model::Format::Sigma],
        aliases: &[
            "sigmahq_title_length",
            "sigmahq_title_start",
            "sigmahq_title_end",
            "sigmahq_title_case",
        ],
        summary:
            "the title is too long, starts with `Detects`, ends with `.` or has lower-case words",
        fixable: true,
        source: file!(),
    },
    run: Run::File(run),
};

/// Longest title SigmaHQ accepts.
pub const MAX_TITLE: usize = 120;

/// Words that may stay lower case in a title.
const LOWER_OK: &[&str] = &[
    "a", "an", "and", "as", "at", "by", "for", "from", "in", "new", "of", "on", "or", "over",
    "the", "through", "to", "via", "with", "without",
];

fn run(ctx: &FileCtx, sink: &mut Sink) {
    for (_, _, root) in ctx.sigma_docs() {
        let Some(node) = root.get("title") else {
            continue;
        };
        let Some(title) = node.as_str() else { continue };
        let Some(map) = node.offset_map() else {
            continue;
        };
        let sub = |a: usize, b: usize| map.span_to_file(a, b);
        let n = title.chars().count();
        if n > MAX_TITLE {
            sink.report(
                &CHECK.meta,
                node.span,
                format!("the title is {n} characters long; keep it under {MAX_TITLE}"),
            );
        }
        if title.starts_with("Detects ") || title.starts_with("Detect ") {
            let w = title.find(' ').unwrap_or(0);
            sink.report(
                &CHECK.meta,
                sub(0, w),
                "the title starts with `Detect(s)`: name what is detected instead",
            );
        }
        if title.ends_with('.') && !title.ends_with("..") {
            let at = sub(title.len() - 1, title.len());
            sink.report(&CHECK.meta, at, "the title ends with a full stop")
                .fixes
                .push(Fix {
                    title: "Remove the full stop".into(),
                    edits: vec![Edit {
                        span: at,
                        new_text: String::new(),
                    }],
                    safe: true,
                });
        }
        let mut pos = 0;
        for word in title.split(' ') {
            let start = pos;
            pos += word.len() + 1;
            let has_lower = word.chars().any(|c| c.is_lowercase());
            let has_upper = word.chars().any(|c| c.is_uppercase());
            if !has_lower
                || has_upper
                || LOWER_OK.contains(&word.to_lowercase().as_str())
                || word.contains(['.', '/', '_', '\\', '-', '(', '"', '\'', '`', '$', '%'])
                || word.chars().next().is_some_and(|c| !c.is_alphabetic())
            {
                continue;
            }
            let first_len = word.chars().next().map(char::len_utf8).unwrap_or(0);
            let span: Span = sub(start, start + word.len());
            let first = sub(start, start + first_len);
            let upper: String = word
                .chars()
                .next()
                .into_iter()
                .flat_map(char::to_uppercase)
                .collect();
            sink.report(
                &CHECK.meta,
                span,
                format!("`{word}` is lower case: titles use title case"),
            )
            .fixes
            .push(Fix {
                title: format!("Capitalize `{word}`"),
                edits: vec![Edit {
                    span: first,
                    new_text: upper,
                }],
                safe: true,
            });
        }
    }
}
