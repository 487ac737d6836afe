//! # DL706 sentinel-entity-column
//!
//! An `entityMappings` `columnName` or a `customDetails` column is not among the columns the query
//! returns. Sentinel validates the mappings against the query's output when the rule is saved
//! ("the column … does not exist in the query results") and refuses the rule; a template that
//! slips through creates incidents without the host or account entity that the mapping was
//! meant to carry.
//!
//! detlint only reports when the output columns are known for certain: the query ends in a
//! `project`, `summarize`, `distinct` or `count`, followed only by `extend`, `project-rename`,
//! `project-away`, `parse`, `mv-expand`, `where`, `sort`, `top`, `take`. Queries that end in a
//! `join`, `union`, `evaluate`, `arg_max(…, *)` or keep every table column are not checked.
//! A column that differs only in case gets a safe fix (Kusto column names are case-sensitive).
//!
//! **Example**: `| project TimeGenerated, Computer, Account` with an entity mapping
//! `columnName: AccountCustomEntity`.
//!
//! **Fix**: project the column (`| extend AccountCustomEntity = Account`) or map the column the
//! query returns (`columnName: Account`).
//!
//! Aliases: Sentinel "entity mapping column not found in query results".

use super::{Check, CheckMeta, FileCtx, Run, Sink};
use crate::diagnostic::{Edit, Fix, Severity};
use crate::formats::sentinel::{self, columns};
use crate::model::Spanned;

pub static CHECK: Check = Check {
    meta: CheckMeta {
        code: "DL706",
        name: "sentinel-entity-column",
        severity: Severity::Warning,
        formats: &[crate::model::Format::Sentinel],
        aliases: &[],
        summary: "an entity mapping or custom detail names a column the query does not return",
        fixable: true,
        source: file!(),
    },
    run: Run::File(run),
};

fn run(ctx: &FileCtx, sink: &mut Sink) {
    for (_, doc) in sentinel::docs(ctx.file) {
        let Some(q) = &doc.query else { continue };
        let Some(cols) = columns::output_columns(q) else {
            continue;
        };
        let mut wanted: Vec<(&str, &Spanned<String>)> = Vec::new();
        for m in &doc.entity_mappings {
            for (_, col) in &m.fields {
                wanted.push(("entityMappings", col));
            }
        }
        for (_, col) in &doc.custom_details {
            wanted.push(("customDetails", col));
        }
        for (key, col) in wanted {
            if cols.contains(&col.value) {
                continue;
            }
            let same_but_case = cols.iter().find(|c| c.eq_ignore_ascii_case(&col.value));
            match same_but_case {
                Some(c) => {
                    let plain = ctx.text(col.span) == col.value;
                    let d = sink.report(
                        &CHECK.meta,
                        col.span,
                        format!(
                            "{key} column `{}` is spelt `{c}` in the query's output",
                            col.value
                        ),
                    );
                    if plain {
                        d.fixes.push(Fix {
                            title: format!("Write `{c}`"),
                            edits: vec![Edit {
                                span: col.span,
                                new_text: c.clone(),
                            }],
                            safe: true,
                        });
                    }
                }
                None => {
                    let shown: Vec<&str> = cols.iter().take(8).map(String::as_str).collect();
                    let more = if cols.len() > 8 { ", …" } else { "" };
                    sink.report(
                        &CHECK.meta,
                        col.span,
                        format!(
                            "{key} column `{}` is not in the query's output ({}{more})",
                            col.value,
                            shown.join(", ")
                        ),
                    );
                }
            }
        }
    }
}
