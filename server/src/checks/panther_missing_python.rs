//! # DL802 panther-missing-python-file
//!
//! A Panther rule's `Filename:` names a Python file that does not exist next to the YAML, while
//! the folder does hold other `.py` files. Panther's upload fails ("file not found"), or a
//! renamed rule body is silently left behind.
//!
//! The check only fires when the YAML's folder exists on disk **and** holds at least one other
//! `.py` file: a metadata-only copy of a rule repository (no Python at all, as in detlint's
//! reference corpus) or a buffer not saved to disk is not an error.
//!
//! **Example**: `Filename: okta_admin_role_asigned.py` next to `okta_admin_role_assigned.py`.
//! **Fix**: the closest `.py` file name in the folder, when one is close.

use super::{did_you_mean, Check, CheckMeta, FileCtx, Run, Sink};
use crate::diagnostic::{Edit, Fix, Severity};
use crate::formats::panther::{self, PythonBody};

pub static CHECK: Check = Check {
    meta: CheckMeta {
        code: "DL802",
        name: "panther-missing-python-file",
        severity: Severity::Error,
        formats: &[crate::model::Format::Panther],
        aliases: &[],
        summary: "`Filename:` points to a Python file that is not in the rule's folder",
        fixable: true,
        source: file!(),
    },
    run: Run::File(run),
};

fn run(ctx: &FileCtx, sink: &mut Sink) {
    for (_, doc) in panther::docs(ctx.file) {
        let PythonBody::Missing {
            path,
            folder_has_python: true,
        } = &doc.python
        else {
            continue;
        };
        let Some(f) = &doc.filename else { continue };
        let d = sink.report(
            &CHECK.meta,
            f.span,
            format!("`{}` does not exist in the rule's folder", f.value),
        );
        let dir = path.parent().map(|p| p.to_path_buf()).unwrap_or_default();
        let names: Vec<String> = std::fs::read_dir(&dir)
            .map(|rd| {
                rd.filter_map(|e| e.ok())
                    .filter_map(|e| e.file_name().into_string().ok())
                    .filter(|n| n.ends_with(".py"))
                    .collect()
            })
            .unwrap_or_default();
        if let Some(s) = did_you_mean(&f.value, names.iter().map(|n| n.as_str())) {
            d.message.push_str(&format!(": did you mean `{s}`?"));
            d.fixes.push(Fix {
                title: format!("Change to `{s}`"),
                edits: vec![Edit {
                    span: f.span,
                    new_text: panther::requote(ctx.text(f.span), s),
                }],
                safe: false,
            });
        }
    }
}
