//! # DL606 splunk-unknown-lookup
//!
//! A `lookup` or `inputlookup` names a lookup table that no definition provides: not the
//! security_content reference lookups compiled into detlint (by `name:` or `filename:`), not the
//! `lookups/` folder of the repository the rule lives in, and not a well-known lookup of
//! Enterprise Security, the CIM add-on or URL Toolbox (`asset_lookup_by_str`,
//! `identity_lookup_expanded`, `ut_shannon_lookup`, …). Splunk stops the search with "The lookup
//! table 'x' does not exist" — the detection never fires.
//!
//! **Example**: `| lookup lolbas_file_paths lolbas_file_name as process_name OUTPUT description`
//! → did you mean `lolbas_file_path`?
//! **Fix**: correct the name, or add `lookups/<name>.yml` with its CSV.
//!
//! Aliases: contentctl lookup validation.

use super::{did_you_mean, Check, CheckMeta, FileCtx, Run, Sink};
use crate::diagnostic::Severity;
use crate::formats::splunk;

pub static CHECK: Check = Check {
    meta: CheckMeta {
        code: "DL606",
        name: "splunk-unknown-lookup",
        severity: Severity::Warning,
        formats: &[crate::model::Format::Splunk],
        aliases: &[],
        summary: "a `lookup` / `inputlookup` names a lookup table that is not defined",
        fixable: false,
        source: file!(),
    },
    run: Run::File(run),
};

fn run(ctx: &FileCtx, sink: &mut Sink) {
    let set = splunk::macros::for_path(&ctx.file.path);
    for (_, doc, _) in splunk::docs(ctx.file) {
        let Some(search) = &doc.search else { continue };
        for l in &search.lookups {
            if set.knows_lookup(&l.value) || l.value.starts_with('$') || l.value.contains('`') {
                continue;
            }
            let mut msg = format!("lookup `{}` is not defined", l.value);
            if let Some(s) = did_you_mean(&l.value, set.lookups.iter().map(String::as_str)) {
                msg.push_str(&format!("; did you mean `{s}`?"));
            }
            sink.report(&CHECK.meta, l.span, msg);
        }
    }
}
