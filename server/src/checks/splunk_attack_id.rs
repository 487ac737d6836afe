//! # DL605 splunk-attack-id
//!
//! An entry of `tags.mitre_attack_id` does not have the shape of an ATT&CK technique id:
//! `T` and four digits, optionally `.` and three digits (`T1059`, `T1059.001`). security_content
//! builds ATT&CK annotations, the Enterprise Security "Annotations" of notable events and the
//! coverage navigator layers from this list; a malformed id drops out of all of them. Tactic ids
//! (`TA0002`) and group ids (`G0016`) do not belong in this list. Whether an id exists in ATT&CK
//! is checked elsewhere.
//!
//! **Example**: `mitre_attack_id: [t1059.001, T1059.1, TA0002]`.
//! **Fix** (safe for case): `T1059.001`.
//!
//! Aliases: contentctl `mitre_attack_id` pattern validation.

use super::{Check, CheckMeta, FileCtx, Run, Sink};
use crate::diagnostic::{Edit, Fix, Severity};
use crate::formats::splunk::{self, is_technique_shape as shape};

pub static CHECK: Check = Check {
    meta: CheckMeta {
        code: "DL605",
        name: "splunk-attack-id",
        severity: Severity::Warning,
        formats: &[crate::model::Format::Splunk],
        aliases: &[],
        summary: "a `mitre_attack_id` entry is not shaped like an ATT&CK technique id",
        fixable: true,
        source: file!(),
    },
    run: Run::File(run),
};

fn run(ctx: &FileCtx, sink: &mut Sink) {
    for (_, doc, _) in splunk::docs(ctx.file) {
        for id in &doc.mitre_attack_ids {
            if shape(&id.value) {
                continue;
            }
            let upper = id.value.trim().to_ascii_uppercase();
            let why = if upper.starts_with("TA") {
                "a tactic id, not a technique id"
            } else {
                "not shaped like `T1234` or `T1234.001`"
            };
            let d = sink.report(
                &CHECK.meta,
                id.span,
                format!("`{}` in `mitre_attack_id` is {why}", id.value),
            );
            let raw = ctx.text(id.span);
            if shape(&upper) && raw.contains(id.value.as_str()) {
                d.fixes.push(Fix {
                    title: format!("Write `{upper}`"),
                    edits: vec![Edit {
                        span: id.span,
                        new_text: raw.replacen(id.value.as_str(), &upper, 1),
                    }],
                    safe: true,
                });
            }
        }
    }
}
