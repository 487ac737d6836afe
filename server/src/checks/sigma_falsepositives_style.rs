//! # DL114 sigma-falsepositives-style
//!
//! A `falsepositives` entry (or a `scope` entry) does not help the analyst who triages the alert:
//! - it is shorter than 2 characters;
//! - it does not start with a capital letter (SigmaHQ style);
//! - it uses a banned word: `none` (write `Unknown` if nothing is known), `pentest`,
//!   `penetration`, `red team` (every detection fires on a red team);
//! - it holds a common misspelling (`unkown`, `ligitimate`, `legitimeate`, `legitimat`).
//!
//! **Example**: `falsepositives: [none]` or `- legitimate admin activity`.
//! **Fix**: `- Unknown`, `- Legitimate admin activity` (the capital letter and the typos have safe
//! fixes).
//!
//! Aliases: pySigma-validators-sigmaHQ `sigmahq_falsepositives_capital`,
//! `sigmahq_falsepositives_banned_word`, `sigmahq_falsepositives_typo_word`; rsigma
//! `falsepositive_too_short`, `scope_too_short`.

use super::{Check, CheckMeta, FileCtx, Run, Sink};
use crate::diagnostic::{Edit, Fix, Severity};
use crate::source::yaml::YamlNode;

pub static CHECK: Check = Check {
    meta: CheckMeta {
        code: "DL114",
        name: "sigma-falsepositives-style",
        severity: Severity::Warning,
        formats: &[crate::model::Format::Sigma],
        aliases: &[
            "sigmahq_falsepositives_capital",
            "sigmahq_falsepositives_banned_word",
            "sigmahq_falsepositives_typo_word",
            "falsepositive_too_short",
            "scope_too_short",
        ],
        summary: "a `falsepositives` entry is too short, not capitalized, banned or misspelled",
        fixable: true,
        source: file!(),
    },
    run: Run::File(run),
};

const BANNED: &[&str] = &["none", "pentest", "penetration", "red team"];
const TYPOS: &[(&str, &str)] = &[
    ("unkown", "unknown"),
    ("ligitimate", "legitimate"),
    ("legitimeate", "legitimate"),
    ("legitimat ", "legitimate "),
    ("legitim ", "legitimate "),
];

fn is_word_at(s: &str, i: usize, len: usize) -> bool {
    let before = s[..i].chars().next_back();
    let after = s[i + len..].chars().next();
    !before.is_some_and(char::is_alphanumeric) && !after.is_some_and(char::is_alphanumeric)
}

fn entries(node: &YamlNode) -> Vec<&YamlNode> {
    if node.is_seq() {
        node.items()
            .iter()
            .filter(|n| n.as_str().is_some())
            .collect()
    } else if node.as_str().is_some() {
        vec![node]
    } else {
        Vec::new()
    }
}

fn run(ctx: &FileCtx, sink: &mut Sink) {
    for (_, _, root) in ctx.sigma_docs() {
        if let Some(scope) = root.get("scope") {
            for n in entries(scope) {
                if n.as_str().is_some_and(|s| s.trim().chars().count() < 2) {
                    sink.report(&CHECK.meta, n.span, "the `scope` entry is too short");
                }
            }
        }
        let Some(fp) = root.get("falsepositives") else {
            continue;
        };
        for n in entries(fp) {
            let Some(text) = n.as_str() else { continue };
            let Some(map) = n.offset_map() else { continue };
            if text.trim().chars().count() < 2 {
                sink.report(
                    &CHECK.meta,
                    n.span,
                    "the `falsepositives` entry is too short",
                );
                continue;
            }
            // ASCII lower-casing keeps byte offsets, so `lower` indexes `text` too
            let lower = text.to_ascii_lowercase();
            {
                for w in BANNED {
                    if let Some(i) = memchr::memmem::find(lower.as_bytes(), w.as_bytes())
                        .filter(|&i| is_word_at(&lower, i, w.len()))
                    {
                        let msg = if *w == "none" {
                            "`none` is not a false positive: write `Unknown` when none are known"
                                .to_string()
                        } else {
                            format!("`{}`: every detection fires during an attack simulation; name real benign causes", &text[i..i + w.len()])
                        };
                        sink.report(&CHECK.meta, map.span_to_file(i, i + w.len()), msg);
                    }
                }
                for (typo, right) in TYPOS {
                    if let Some(i) = memchr::memmem::find(lower.as_bytes(), typo.as_bytes()) {
                        let span = map.span_to_file(i, i + typo.len());
                        let mut fixed = right.to_string();
                        if text[i..].starts_with(|c: char| c.is_uppercase()) {
                            fixed = fixed[..1].to_uppercase() + &fixed[1..];
                        }
                        let direct = ctx.text(span).len() == typo.len();
                        let d = sink.report(
                            &CHECK.meta,
                            span,
                            format!(
                                "`{}` is misspelled: `{}`",
                                text[i..i + typo.len()].trim(),
                                fixed.trim()
                            ),
                        );
                        if direct {
                            d.fixes.push(Fix {
                                title: format!("Write `{}`", fixed.trim()),
                                edits: vec![Edit {
                                    span,
                                    new_text: fixed,
                                }],
                                safe: true,
                            });
                        }
                    }
                }
            }
            if let Some(c) = text.trim_start().chars().next() {
                if c.is_lowercase() {
                    let off = text.len() - text.trim_start().len();
                    let span = map.span_to_file(off, off + c.len_utf8());
                    let direct = ctx.text(span).chars().count() == 1;
                    let d = sink.report(
                        &CHECK.meta,
                        span,
                        "the entry does not start with a capital letter",
                    );
                    if direct {
                        d.fixes.push(Fix {
                            title: "Capitalize the entry".into(),
                            edits: vec![Edit {
                                span,
                                new_text: c.to_uppercase().collect(),
                            }],
                            safe: true,
                        });
                    }
                }
            }
        }
    }
}
