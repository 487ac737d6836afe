//! # DL504 elastic-category-mismatch
//!
//! An EQL event query filters `event.category` on a value that contradicts its own event
//! category: `process where event.category == "network" and …`. The `process where` part already
//! means `event.category == "process"`, so the sub-query can only match events carrying both
//! categories — almost never what the author meant (a copy-paste from another rule, or the wrong
//! sequence term). Only top-level conjuncts of the sub-query are compared, and only with known ECS
//! categories; `any where` is never reported.
//!
//! **Example**: `sequence [process where event.category == "file" and …] [network where …]`.
//!
//! **Fix**: change the event category of the sub-query (`file where …`) or drop the contradicting
//! `event.category` filter.
//!
//! Aliases: none.

use super::elastic_common::elastic_docs;
use super::{Check, CheckMeta, FileCtx, Run, Sink};
use crate::diagnostic::Severity;
use crate::formats::elastic::events::is_known_category;
use crate::model::{Expr, Op};

pub static CHECK: Check = Check {
    meta: CheckMeta {
        code: "DL504",
        name: "elastic-category-mismatch",
        severity: Severity::Warning,
        formats: &[crate::model::Format::Elastic],
        aliases: &[],
        summary:
            "an EQL event category contradicts an `event.category` filter of the same sub-query",
        fixable: false,
        source: file!(),
    },
    run: Run::File(run),
};

fn run(ctx: &FileCtx, sink: &mut Sink) {
    for (_, e) in elastic_docs(ctx) {
        for q in &e.queries {
            for ev in &q.eql_events {
                let cat = ev.category.value.to_ascii_lowercase();
                if cat == "any" || !is_known_category(&cat) {
                    continue;
                }
                for c in ev.condition.conjuncts() {
                    let Expr::Pred(p) = c else { continue };
                    let is_cat = p
                        .field
                        .as_ref()
                        .is_some_and(|f| f.value == "event.category");
                    if !is_cat || !matches!(p.op, Op::Eq | Op::In) || p.values.is_empty() {
                        continue;
                    }
                    let values: Vec<String> = p
                        .values
                        .iter()
                        .map(|v| v.text.to_ascii_lowercase())
                        .collect();
                    if values.contains(&cat) || !values.iter().all(|v| is_known_category(v)) {
                        continue;
                    }
                    sink.report(
                        &CHECK.meta,
                        p.span,
                        format!(
                            "`{} where` already selects `event.category == \"{}\"`, but this sub-query also requires `event.category` in ({}): it can only match events with both categories",
                            ev.category.value,
                            cat,
                            values.join(", ")
                        ),
                    )
                    .related
                    .push(crate::diagnostic::Related {
                        path: None,
                        span: Some(ev.category.span),
                        message: "the event category of the sub-query".into(),
                    });
                }
            }
        }
    }
}
