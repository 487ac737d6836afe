//! # DL505 elastic-invalid-pattern
//!
//! A literal that Elasticsearch must interpret is malformed: a `cidrMatch` / `CIDR_MATCH` value
//! that is not an IPv4/IPv6 address or network (`10.0.0.0/33`, `192.168.1.0/` ) or that has host
//! bits set (`10.1.2.3/8`), or a regular expression (`regex`/`regex~` in EQL, `RLIKE` in ES|QL,
//! `/…/` in Lucene) that does not compile. An invalid pattern makes the query fail at run time or
//! silently match something else.
//!
//! Regular expressions are checked with a Lucene-compatible reading: the Lucene operators `<n-m>`
//! numeric ranges, `@`, `&`, `~` and `#` are accepted as literals.
//!
//! **Example**: `cidrMatch(destination.ip, "10.0.0.0/33")`; `process.name regex~ "[a-z"`.
//!
//! **Fix**: write a valid network (`10.0.0.0/8`), close the bracket or group of the regex. Host
//! bits get a safe fix to the network address.
//!
//! Aliases: none.

use super::elastic_common::elastic_docs;
use super::{Check, CheckMeta, FileCtx, Run, Sink};
use crate::diagnostic::{Edit, Fix, Severity};
use crate::model::{Op, ValueKind};

pub static CHECK: Check = Check {
    meta: CheckMeta {
        code: "DL505",
        name: "elastic-invalid-pattern",
        severity: Severity::Error,
        formats: &[crate::model::Format::Elastic],
        aliases: &[],
        summary: "an invalid CIDR or regular expression literal in an Elastic query",
        fixable: true,
        source: file!(),
    },
    run: Run::File(run),
};

/// Check a regex the way Lucene reads it; `Err` holds the reason.
pub fn check_regex(re: &str) -> Result<(), String> {
    let b = regex_syntax::ParserBuilder::new();
    // Lucene has no anchors: `^`/`$` are not special there but are fine for the parser.
    match b.build().parse(re) {
        Ok(_) => Ok(()),
        Err(e) => {
            // Lucene syntax that is not Rust syntax: numeric ranges `<1-10>`, `@`, `&`, `~`, `#`.
            let msg = e.to_string();
            if re.contains('<') || msg.contains("look-around") || msg.contains("backreferences") {
                return Ok(());
            }
            Err(msg
                .lines()
                .rev()
                .find(|l| l.starts_with("error:"))
                .unwrap_or("invalid regular expression")
                .trim_start_matches("error: ")
                .to_string())
        }
    }
}

fn run(ctx: &FileCtx, sink: &mut Sink) {
    for (d, _) in elastic_docs(ctx) {
        let Some(det) = &d.rule.detection else {
            continue;
        };
        det.for_each_predicate(&mut |p, _| match p.op {
            Op::CidrMatch => {
                for v in p.values.iter().filter(|v| v.kind == ValueKind::Str) {
                    match super::sigma_invalid_cidr::check_cidr(&v.text) {
                        Ok(None) => {}
                        Ok(Some(net)) => {
                            let raw = ctx.text(v.span);
                            let diag = sink.report(
                                &CHECK.meta,
                                v.span,
                                format!("`{}` has host bits set: the network is `{net}`", v.text),
                            );
                            if raw.len() == v.text.len() + 2 && raw.ends_with('"') {
                                diag.fixes.push(Fix {
                                    title: format!("Write `{net}`"),
                                    edits: vec![Edit {
                                        span: v.span,
                                        new_text: format!("\"{net}\""),
                                    }],
                                    safe: true,
                                });
                            }
                        }
                        Err(msg) => {
                            sink.report(&CHECK.meta, v.span, msg);
                        }
                    }
                }
            }
            Op::RegexMatch => {
                for v in p.values.iter().filter(|v| v.kind == ValueKind::Str) {
                    if let Err(msg) = check_regex(&v.text) {
                        sink.report(
                            &CHECK.meta,
                            v.span,
                            format!("invalid regular expression `{}`: {msg}", v.text),
                        );
                    }
                }
            }
            _ => {}
        });
    }
}
