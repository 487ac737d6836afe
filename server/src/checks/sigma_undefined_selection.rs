//! # DL202 sigma-undefined-selection
//!
//! The condition names a selection that `detection` does not define, or an `of` pattern
//! (`1 of filter_*`) matches no selection. The backend refuses the rule, or — worse — a
//! pattern that matches nothing makes a filter silently disappear.
//!
//! **Example**: `condition: selection and not filter` with only `selection` and `filter_main`
//! defined → did you mean `filter_main`? (`not 1 of filter_*` is the usual way.)
//! **Fix**: rename the reference (offered when a defined name is close).
//!
//! Aliases: pySigma `dangling_condition`; rsigma `condition_references_unknown`.

use super::{did_you_mean, Check, CheckMeta, FileCtx, Run, Sink};
use crate::diagnostic::{Edit, Fix, Severity};
use crate::formats::sigma::condition::{pattern_matches, Cond};

pub static CHECK: Check = Check {
    meta: CheckMeta {
        code: "DL202",
        name: "sigma-undefined-selection",
        severity: Severity::Error,
        formats: &[crate::model::Format::Sigma],
        aliases: &["dangling_condition", "condition_references_unknown"],
        summary: "the condition references a selection that is not defined",
        fixable: true,
        source: file!(),
    },
    run: Run::File(run),
};

fn run(ctx: &FileCtx, sink: &mut Sink) {
    for (_, doc, _) in ctx.sigma_docs() {
        let names: Vec<&str> = doc
            .selections
            .iter()
            .map(|s| s.name.value.as_str())
            .collect();
        for c in &doc.conditions {
            let Some(cond) = &c.parse.cond else { continue };
            cond.visit(&mut |node| match node {
                Cond::Ident(name, span) if !names.contains(&name.as_str()) => {
                    let d = sink.report(
                        &CHECK.meta,
                        *span,
                        format!("`{name}` is not defined in `detection`"),
                    );
                    if let Some(s) = did_you_mean(name, names.iter().copied()) {
                        d.message.push_str(&format!(": did you mean `{s}`?"));
                        d.fixes.push(Fix {
                            title: format!("Change to `{s}`"),
                            edits: vec![Edit {
                                span: *span,
                                new_text: s.to_string(),
                            }],
                            safe: false,
                        });
                    }
                }
                Cond::Of {
                    pattern,
                    pattern_span,
                    ..
                } if !names.iter().any(|n| pattern_matches(pattern, n)) => {
                    sink.report(
                        &CHECK.meta,
                        *pattern_span,
                        format!("`{pattern}` matches no selection in `detection`"),
                    );
                }
                _ => {}
            });
        }
    }
}
