//! # DL602 splunk-macro-arguments
//!
//! A macro is called with a number of arguments for which no definition exists. Splunk keys
//! macros by name *and* argument count (`security_content_ctime(1)`), so `` `security_content_ctime` ``
//! without arguments, or `` `drop_dm_object_name(Processes, x)` `` with two, is a different,
//! undefined macro and the search fails to run.
//!
//! **Example**: `` | `security_content_ctime` `` — defined only with 1 argument.
//! **Fix**: pass the expected number of arguments (`` `security_content_ctime(firstTime)` ``).
//!
//! Aliases: contentctl macro validation.

use super::{Check, CheckMeta, FileCtx, Run, Sink};
use crate::diagnostic::Severity;
use crate::formats::splunk;

pub static CHECK: Check = Check {
    meta: CheckMeta {
        code: "DL602",
        name: "splunk-macro-arguments",
        severity: Severity::Error,
        formats: &[crate::model::Format::Splunk],
        aliases: &[],
        summary: "a macro is called with a number of arguments it is not defined with",
        fixable: false,
        source: file!(),
    },
    run: Run::File(run),
};

fn plural(n: usize) -> &'static str {
    if n == 1 {
        ""
    } else {
        "s"
    }
}

fn run(ctx: &FileCtx, sink: &mut Sink) {
    for (_, doc, _) in splunk::docs(ctx.file) {
        let Some(search) = &doc.search else { continue };
        for call in &search.macro_calls {
            if call.resolved
                || call.known_arities.is_empty()
                || call.known_arities.contains(&call.nargs)
            {
                continue;
            }
            let expected: Vec<String> = call.known_arities.iter().map(|n| n.to_string()).collect();
            sink.report(
                &CHECK.meta,
                call.span,
                format!(
                    "macro `{}` is called with {} argument{} but is defined with {}",
                    call.name,
                    call.nargs,
                    plural(call.nargs),
                    expected.join(" or ")
                ),
            );
        }
    }
}
