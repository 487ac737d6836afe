//! # DL604 splunk-datamodel-field
//!
//! A `tstats … from datamodel=X` search names a data model field (`Processes.process_nam`) that
//! the Common Information Model does not define for that data model, or an object
//! (`Procesess.`) that is not part of it. `tstats` returns nothing for unknown fields: a `where`
//! on one never matches and a `by` on one drops every row, so the detection is silently dead.
//!
//! The field lists are compiled in (`rules/splunk/cim_fields.txt`): a hand-maintained CIM base,
//! the field mappings of the security_content data sources, and fields that at least two
//! security_content detections use.
//!
//! **Example**: `| tstats count from datamodel=Endpoint.Processes where Processes.process_nam=cmd.exe`
//! → did you mean `Processes.process_name`?
//! **Fix**: use the CIM field name.
//!
//! Aliases: none.

use super::{did_you_mean, Check, CheckMeta, FileCtx, Run, Sink};
use crate::diagnostic::{Edit, Fix, Severity};
use crate::formats::splunk::{self, cim};

pub static CHECK: Check = Check {
    meta: CheckMeta {
        code: "DL604",
        name: "splunk-datamodel-field",
        severity: Severity::Warning,
        formats: &[crate::model::Format::Splunk],
        aliases: &[],
        summary: "a tstats search uses a field the referenced CIM data model does not have",
        fixable: true,
        source: file!(),
    },
    run: Run::File(run),
};

fn run(ctx: &FileCtx, sink: &mut Sink) {
    let c = cim::cim();
    for (_, doc, _) in splunk::docs(ctx.file) {
        let Some(search) = &doc.search else { continue };
        let mut seen = std::collections::HashSet::new();
        for f in &search.dm_fields {
            let root = cim::root_of(&f.datamodel);
            // A field of a nested data set (`All_Changes.Instance_Changes.image_id`) is checked
            // as a field of the top object (`All_Changes.image_id`).
            let parts: Vec<&str> = f.field.split('.').collect();
            let flat = match parts.as_slice() {
                [obj, .., last] if parts.len() > 2 => format!("{obj}.{last}"),
                _ => f.field.clone(),
            };
            if f.in_macro
                || !c.knows_model(root)
                || c.has_field(root, &f.field)
                || c.has_field(root, &flat)
            {
                continue;
            }
            if !seen.insert((f.field.as_str(), f.span)) {
                continue;
            }
            let Some((obj, _)) = f.field.split_once('.') else {
                continue;
            };
            let (msg, suggestion) = if c.has_object(root, obj) {
                let s = did_you_mean(&f.field, c.fields_of(root));
                (
                    format!("`{}` is not a field of the {root} data model", f.field),
                    s.map(str::to_string),
                )
            } else {
                let s = did_you_mean(obj, c.objects_of(root));
                (
                    format!("`{obj}` is not a data set of the {root} data model"),
                    s.map(|s| format!("{s}.{}", &f.field[obj.len() + 1..])),
                )
            };
            let msg = match &suggestion {
                Some(s) => format!("{msg}; did you mean `{s}`?"),
                None => msg,
            };
            let d = sink.report(&CHECK.meta, f.span, msg);
            if let Some(s) = suggestion {
                if ctx.text(f.span) == f.field {
                    d.fixes.push(Fix {
                        title: format!("Use `{s}`"),
                        edits: vec![Edit {
                            span: f.span,
                            new_text: s,
                        }],
                        safe: false,
                    });
                }
            }
        }
    }
}
