//! # DL207 sigma-invalid-cidr
//!
//! A `|cidr` value is not an IPv4 or IPv6 network in CIDR notation, or has host bits set
//! (`10.1.2.3/8` means `10.0.0.0/8`; backends either reject it or silently widen it). A plain
//! address without a prefix is accepted as a single host.
//!
//! **Example**: `DestinationIp|cidr: '10.0.0.0/33'`, `'192.168.1.1/16'`.
//! **Fix** (safe for host bits): write the network address (`192.168.0.0/16`).

use super::{Check, CheckMeta, FileCtx, Run, Sink};
use crate::diagnostic::{Edit, Fix, Severity};
use crate::formats::sigma::SelectionBody;
use crate::source::yaml::ScalarStyle;

pub static CHECK: Check = Check {
    meta: CheckMeta {
        code: "DL207",
        name: "sigma-invalid-cidr",
        severity: Severity::Error,
        formats: &[crate::model::Format::Sigma],
        aliases: &[],
        summary: "a `|cidr` value is not a valid network",
        fixable: true,
        source: file!(),
    },
    run: Run::File(run),
};

/// Check a CIDR string: `Ok(None)` valid, `Ok(Some(net))` valid but with host bits (the network
/// to write instead), `Err` invalid.
pub fn check_cidr(s: &str) -> Result<Option<String>, String> {
    let s = s.trim();
    if s.parse::<std::net::IpAddr>().is_ok() {
        return Ok(None);
    }
    match s.parse::<ipnet::IpNet>() {
        Ok(net) => {
            let trunc = net.trunc();
            if trunc == net {
                Ok(None)
            } else {
                Ok(Some(trunc.to_string()))
            }
        }
        Err(_) => Err(format!(
            "`{s}` is not an IPv4/IPv6 network in CIDR notation"
        )),
    }
}

fn run(ctx: &FileCtx, sink: &mut Sink) {
    for (_, doc, _) in ctx.sigma_docs() {
        for sel in &doc.selections {
            let SelectionBody::Fields(groups) = &sel.body else {
                continue;
            };
            for item in groups.iter().flatten().filter(|i| i.has("cidr")) {
                for v in &item.values {
                    match check_cidr(&v.text) {
                        Ok(None) => {}
                        Ok(Some(net)) => {
                            let quoted = matches!(
                                v.style,
                                Some(ScalarStyle::SingleQuoted | ScalarStyle::DoubleQuoted)
                            );
                            let new_text = if quoted {
                                format!("'{net}'")
                            } else {
                                net.clone()
                            };
                            sink.report(
                                &CHECK.meta,
                                v.span,
                                format!("`{}` has host bits set: the network is `{net}`", v.text),
                            )
                            .fixes
                            .push(Fix {
                                title: format!("Write `{net}`"),
                                edits: vec![Edit {
                                    span: v.span,
                                    new_text,
                                }],
                                safe: true,
                            });
                        }
                        Err(msg) => {
                            sink.report(&CHECK.meta, v.span, msg);
                        }
                    }
                }
            }
        }
    }
}
