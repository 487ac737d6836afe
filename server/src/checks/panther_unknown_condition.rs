//! # DL801 panther-unknown-condition
//!
//! A `Condition:` in a Panther simple detection (`Detection:`, `InlineFilters:` or
//! `DynamicSeverities`) is not one of the conditions Panther documents (`Equals`,
//! `DoesNotEqual`, `IEquals`, `StartsWith`, `EndsWith`, `Contains` and their `DoesNot…`/`I…`
//! forms, `IsIn`, `IsNotIn`, `IsGreaterThan[OrEquals]`, `IsLessThan[OrEquals]`,
//! `IsIPAddressInCIDR`, `IsIPAddressNotInCIDR`, `CIDRContainsIPAddresses`,
//! `IsIPAddressPrivate`/`Public`, `IsIPAddress`, `IsIPv4Address`, `IsIPv6Address`, `Exists`,
//! `DoesNotExist`, `IsNull`, `IsNotNull`, `IsNullOrEmpty`, `IsNotNullOrEmpty`, `AnyElement`,
//! `AllElements`, `OnlyOneElement`, `NoElement`, `AlwaysTrue`, `AlwaysFalse`). Panther rejects
//! the upload; conditions are case-sensitive, so `equals` is a typo too.
//!
//! **Example**: `Condition: StartWith` → did you mean `StartsWith`?
//! **Fix** (safe): the suggested condition.
//!
//! Aliases: panther_analysis_tool schema validation.

use super::{did_you_mean, Check, CheckMeta, FileCtx, Run, Sink};
use crate::diagnostic::{Edit, Fix, Severity};
use crate::formats::panther::{self, simple::CONDITIONS};

pub static CHECK: Check = Check {
    meta: CheckMeta {
        code: "DL801",
        name: "panther-unknown-condition",
        severity: Severity::Error,
        formats: &[crate::model::Format::Panther],
        aliases: &[],
        summary: "a simple-detection `Condition` is not one Panther knows",
        fixable: true,
        source: file!(),
    },
    run: Run::File(run),
};

fn run(ctx: &FileCtx, sink: &mut Sink) {
    for (_, doc) in panther::docs(ctx.file) {
        for c in doc.conditions.iter().filter(|c| !c.known) {
            let d = sink.report(
                &CHECK.meta,
                c.name.span,
                format!("unknown condition `{}`", c.name.value),
            );
            if let Some(s) = did_you_mean(&c.name.value, CONDITIONS.iter().map(|(n, _)| *n)) {
                d.message.push_str(&format!(": did you mean `{s}`?"));
                d.fixes.push(Fix {
                    title: format!("Change to `{s}`"),
                    edits: vec![Edit {
                        span: c.name.span,
                        new_text: panther::requote(ctx.text(c.name.span), s),
                    }],
                    safe: true,
                });
            }
        }
    }
}
