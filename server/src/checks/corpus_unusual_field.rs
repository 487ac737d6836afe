//! # DL304 field-unusual-for-event-kind
//!
//! The rule filters a canonical field that no rule of the catalog with the same event kind
//! filters (the catalog must know at least 20 rules of that kind). Usually a field from another
//! log source (`dns.question.name` in a process-creation rule), a typo that still maps to some
//! field, or a field the normalizer maps wrongly for this context — in each case the rule will
//! not match what its author expects. Did-you-mean suggestions come from the fields that rules
//! of that event kind do use.
//!
//! Fields mapped only by a vendor namespace (`splunk.*`, `winlog.event_data.*` for an unlisted
//! column) are left to the vendor's own field checks, which know that vendor's schema.
//!
//! On the corpus the catalog was built from this check cannot fire (every field is used by at
//! least its own rule); it is for new rules and private rule sets.
//!
//! **Example**: a Sigma `process_creation` rule filtering `TargetFilename` (`file.path`).
//! **Fix**: use a field of the event kind (`Image`, `CommandLine`), or change the logsource.

use super::{did_you_mean, Check, CheckMeta, FileCtx, Run, Sink};
use crate::diagnostic::Severity;

pub static CHECK: Check = Check {
    meta: CheckMeta {
        code: "DL304",
        name: "field-unusual-for-event-kind",
        severity: Severity::Info,
        formats: &[],
        aliases: &["sigmahq_invalid_fieldname"],
        summary: "a field that no corpus rule of the same event kind filters",
        fixable: false,
        source: file!(),
    },
    run: Run::File(run),
};

/// Minimum number of catalog rules of an event kind for the check to judge it.
const MIN_RULES: u32 = 20;

fn run(ctx: &FileCtx, sink: &mut Sink) {
    let cat = ctx.catalog();
    for d in &ctx.file.docs {
        let kinds: Vec<&String> = d
            .rule
            .event_kinds
            .iter()
            .filter(|k| cat.kind_rules(k) >= MIN_RULES)
            .collect();
        if kinds.is_empty() {
            continue;
        }
        let mut seen: Vec<&str> = Vec::new();
        for (p, _) in d.rule.predicates() {
            let (Some(field), Some(canon)) = (&p.field, &p.canonical) else {
                continue;
            };
            if seen.contains(&canon.as_str()) || canon.starts_with('@') {
                continue;
            }
            if kinds.iter().any(|k| cat.kind_field_rules(k, canon) > 0) {
                seen.push(canon);
                continue;
            }
            // A field mapped only by its vendor namespace is judged by the vendor's own field
            // check (DL502, DL604, DL220), which knows the vendor's schema.
            let route = crate::normalize::Normalizer::get()
                .canonical(&d.rule, &field.value)
                .map(|m| m.route);
            if route == Some(crate::normalize::Route::Namespace) {
                continue;
            }
            seen.push(canon);
            let kind = kinds[0];
            let mut msg = format!(
                "no rule of the catalog's {} `{kind}` rules filters `{}` ({canon})",
                cat.kind_rules(kind),
                field.value
            );
            if let Some(s) = did_you_mean(canon, cat.kind_fields(kind)) {
                msg.push_str(&format!(": did you mean `{s}`?"));
            }
            sink.report(&CHECK.meta, field.span, msg);
        }
    }
}
