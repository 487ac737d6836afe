//! # DL402 attack-revoked-technique
//!
//! The rule maps to a technique MITRE has revoked: merged into or replaced by another technique
//! (`T1086` PowerShell became `T1059.001`). ATT&CK tools no longer show the revoked id, so the
//! rule drops out of coverage views and technique searches.
//!
//! The message names the replacement (MITRE's `revoked-by` relationship, followed to the active
//! technique).
//!
//! **Example**: `attack.t1086`.
//! **Fix**: write the replacement, `attack.t1059.001` (Sigma tag, Splunk/Sentinel id, Panther
//! `TA0002:T1059.001`). Safe, except in Elastic rules, where the technique's `name` and
//! `reference` (and for a sub-technique its table) must change with the id: there it is offered
//! but not applied by `--fix`. No fix when the rule already lists the replacement: remove the
//! revoked entry instead.
//!
//! Aliases: none (pySigma and rsigma do not know ATT&CK revocations).

use super::{Check, CheckMeta, FileCtx, Run, Sink};
use crate::attack::{self, Status};
use crate::diagnostic::{Edit, Fix, Severity, Tag};
use crate::model::Format;

pub static CHECK: Check = Check {
    meta: CheckMeta {
        code: "DL402",
        name: "attack-revoked-technique",
        severity: Severity::Warning,
        formats: &[],
        aliases: &[],
        summary: "an ATT&CK technique was revoked by MITRE and replaced by another",
        fixable: true,
        source: file!(),
    },
    run: Run::File(run),
};

fn run(ctx: &FileCtx, sink: &mut Sink) {
    for d in &ctx.file.docs {
        let rule = &d.rule;
        for t in &rule.techniques {
            let Some(tech) = attack::technique(&t.value) else {
                continue;
            };
            if tech.status != Status::Revoked {
                continue;
            }
            let Some(new) = tech.replacement() else {
                sink.report(
                    &CHECK.meta,
                    t.span,
                    format!(
                        "`{}` {} was revoked by MITRE (no replacement given)",
                        tech.id, tech.name
                    ),
                )
                .tags
                .push(Tag::Deprecated);
                continue;
            };
            let present = rule
                .techniques
                .iter()
                .any(|o| o.value.eq_ignore_ascii_case(new.id));
            let advice = if present {
                "; the rule already lists it, remove this entry".to_string()
            } else {
                String::new()
            };
            let diag = sink.report(
                &CHECK.meta,
                t.span,
                format!(
                    "`{}` {} was revoked by MITRE and replaced by {} {}{advice}",
                    tech.id,
                    tech.name,
                    new.id,
                    new.full_name()
                ),
            );
            diag.tags.push(Tag::Deprecated);
            if present {
                continue;
            }
            let written = ctx.text(t.span);
            if let Some(new_text) = attack::rewrite_id(written, tech.id, new.id) {
                // Elastic writes the technique's name and reference next to its id
                let safe = rule.format != Some(Format::Elastic);
                diag.fixes.push(Fix {
                    title: format!("Replace with {} {}", new.id, new.full_name()),
                    edits: vec![Edit {
                        span: t.span,
                        new_text,
                    }],
                    safe,
                });
            }
        }
    }
}
