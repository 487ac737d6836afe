//! # DL403 attack-deprecated-technique
//!
//! The rule maps to a technique MITRE has deprecated: it is no longer maintained and has no
//! replacement (`T1043` Commonly Used Port). ATT&CK Navigator and coverage reports hide
//! deprecated techniques, so the mapping no longer counts.
//!
//! **Example**: `attack.t1043`.
//! **Fix**: map the rule to the current technique that describes the behaviour (for T1043,
//! `T1571` Non-Standard Port or the protocol's own technique), or remove the mapping.
//!
//! Aliases: none.

use super::{Check, CheckMeta, FileCtx, Run, Sink};
use crate::attack::{self, Status};
use crate::diagnostic::{Severity, Tag};

pub static CHECK: Check = Check {
    meta: CheckMeta {
        code: "DL403",
        name: "attack-deprecated-technique",
        severity: Severity::Warning,
        formats: &[],
        aliases: &[],
        summary: "an ATT&CK technique is deprecated by MITRE",
        fixable: false,
        source: file!(),
    },
    run: Run::File(run),
};

fn run(ctx: &FileCtx, sink: &mut Sink) {
    for d in &ctx.file.docs {
        for t in &d.rule.techniques {
            let Some(tech) = attack::technique(&t.value) else {
                continue;
            };
            if tech.status == Status::Deprecated {
                sink.report(
                    &CHECK.meta,
                    t.span,
                    format!(
                        "`{}` {} is deprecated in ATT&CK Enterprise v{} (no replacement): map the rule to a current technique",
                        tech.id,
                        tech.name,
                        attack::version()
                    ),
                )
                .tags
                .push(Tag::Deprecated);
            }
        }
    }
}
