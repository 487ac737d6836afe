//! # DL803 panther-attack-report-format
//!
//! An entry under `Reports: MITRE ATT&CK:` is not written `TAnnnn:Tnnnn` or
//! `TAnnnn:Tnnnn.nnn` (tactic id, a colon, technique id). Panther and the tools that build
//! ATT&CK coverage from Panther rules split the entry on `:`; another shape (a technique alone,
//! a name, lower case, a missing colon) drops the mapping from coverage reports. Whether the ids
//! exist in ATT&CK is another check's job.
//!
//! **Example**: `- T1078` or `- TA0001-T1078` or `- ta0001:t1078`.
//! **Fix**: write `TA0001:T1078`.

use super::{Check, CheckMeta, FileCtx, Run, Sink};
use crate::diagnostic::{Edit, Fix, Severity};
use crate::formats::panther;

pub static CHECK: Check = Check {
    meta: CheckMeta {
        code: "DL803",
        name: "panther-attack-report-format",
        severity: Severity::Warning,
        formats: &[crate::model::Format::Panther],
        aliases: &[],
        summary: "a `Reports: MITRE ATT&CK` entry is not `TAnnnn:Tnnnn[.nnn]`",
        fixable: true,
        source: file!(),
    },
    run: Run::File(run),
};

fn digits(s: &str, n: usize) -> bool {
    s.len() == n && s.bytes().all(|b| b.is_ascii_digit())
}

/// Whether `s` is `TAnnnn:Tnnnn` or `TAnnnn:Tnnnn.nnn`.
pub fn well_formed(s: &str) -> bool {
    let Some((tac, tech)) = s.split_once(':') else {
        return false;
    };
    let Some(t) = tac.strip_prefix("TA") else {
        return false;
    };
    let Some(te) = tech.strip_prefix('T') else {
        return false;
    };
    let (main, sub) = match te.split_once('.') {
        Some((m, s)) => (m, Some(s)),
        None => (te, None),
    };
    digits(t, 4) && digits(main, 4) && sub.is_none_or(|s| digits(s, 3))
}

fn run(ctx: &FileCtx, sink: &mut Sink) {
    for (_, doc) in panther::docs(ctx.file) {
        for r in doc.reports.iter().filter(|r| r.is_attack()) {
            let v = r.value.value.trim();
            if well_formed(v) {
                continue;
            }
            let d = sink.report(
                &CHECK.meta,
                r.value.span,
                format!("ATT&CK report entry `{v}` is not written `TAnnnn:Tnnnn[.nnn]`"),
            );
            // Upper-casing or removing spaces is the only safe repair.
            let fixed: String = v.chars().filter(|c| !c.is_whitespace()).collect::<String>();
            let fixed = fixed.to_ascii_uppercase();
            if well_formed(&fixed) {
                d.fixes.push(Fix {
                    title: format!("Write `{fixed}`"),
                    edits: vec![Edit {
                        span: r.value.span,
                        new_text: panther::requote(ctx.text(r.value.span), &fixed),
                    }],
                    safe: true,
                });
            }
        }
    }
}
