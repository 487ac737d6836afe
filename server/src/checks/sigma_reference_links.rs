//! # DL115 sigma-reference-links
//!
//! A `references` entry is a link that belongs elsewhere or will rot:
//! - an ATT&CK page (`https://attack.mitre.org/techniques/T1059/`): the mapping belongs in
//!   `tags` (`attack.t1059`), where tools read it;
//! - a GitHub link to a file on a branch (`…/blob/master/x.ps1`): the file moves or changes and
//!   the reference stops matching what the rule was written against; use a permalink with the
//!   40-character commit hash.
//!
//! **Example**: `- https://github.com/org/repo/blob/main/tools/dump.py`
//! **Fix**: press `y` on GitHub to get `…/blob/<commit>/tools/dump.py`; replace ATT&CK links
//! with `attack.*` tags.
//!
//! Aliases: pySigma-validators-sigmaHQ `sigmahq_mitre_link`, `sigmahq_github_link`.

use super::{Check, CheckMeta, FileCtx, Run, Sink};
use crate::diagnostic::Severity;

pub static CHECK: Check = Check {
    meta: CheckMeta {
        code: "DL115",
        name: "sigma-reference-links",
        severity: Severity::Warning,
        formats: &[crate::model::Format::Sigma],
        aliases: &["sigmahq_mitre_link", "sigmahq_github_link"],
        summary:
            "a reference is an ATT&CK link (use a tag) or a GitHub branch link (use a permalink)",
        fixable: false,
        source: file!(),
    },
    run: Run::File(run),
};

/// Whether a GitHub URL points at a file on a branch rather than at a commit.
pub fn is_github_branch_file(url: &str) -> bool {
    let Some(rest) = url.strip_prefix("https://github.com/") else {
        return false;
    };
    // a file: the last segment has an extension of 1-3 word characters
    let last = rest.rsplit('/').next().unwrap_or("");
    let ext_ok = last.rsplit_once('.').is_some_and(|(stem, ext)| {
        !stem.is_empty()
            && (1..=3).contains(&ext.len())
            && ext.chars().all(|c| c.is_ascii_alphanumeric() || c == '_')
    });
    if !ext_ok {
        return false;
    }
    !rest.split('/').any(|seg| {
        seg.len() == 40
            && seg
                .chars()
                .all(|c| c.is_ascii_digit() || c.is_ascii_lowercase())
    })
}

fn run(ctx: &FileCtx, sink: &mut Sink) {
    for (doc, _, _) in ctx.sigma_docs() {
        for r in &doc.rule.references {
            let url = r.value.trim();
            if url.starts_with("https://attack.mitre.org/") {
                sink.report(
                    &CHECK.meta,
                    r.span,
                    "an ATT&CK link in `references`: map the technique with an `attack.*` tag instead",
                );
            } else if is_github_branch_file(url) {
                sink.report(
                    &CHECK.meta,
                    r.span,
                    "a GitHub link to a branch: use a permalink with the commit hash",
                );
            }
        }
    }
}
