//! # DL108 sigma-tag-format
//!
//! A tag does not follow the Sigma tag convention `namespace.value` in lower case with only
//! `a-z 0-9 _ - .`, uses a namespace outside the specification (`attack`, `car`, `cve`,
//! `d3fend`, `detection`, `stp`, `tlp`), or a namespace's own pattern is broken:
//! `attack.t1234` / `attack.t1234.001` / `attack.g0001` / `attack.s0001` / `attack.<tactic>`,
//! `cve.2023-12345`, `car.2016-04-005`, `tlp.clear|green|amber|amber-strict|red|white`,
//! `detection.dfir|emerging-threats|threat-hunting`, `stp.<n><letter>`.
//!
//! Tools that build ATT&CK coverage from tags skip malformed ones silently.
//!
//! **Example**: `attack.T1059`, `attack.execution `, `mitre.t1059`.
//! **Fix** (safe for case): `attack.t1059`.
//!
//! Aliases: pySigma `tag_format`, `namespace_tag`, `cvetag`, `cartag`, `tlptag`, `tlpv1_tag`,
//! `tlpv2_tag`, `detection_tag`, `stptag`; rsigma `invalid_tag`, `unknown_tag_namespace`;
//! pySigma-validators-sigmaHQ `sigmahq_tags_tlp`.

use super::{Check, CheckMeta, FileCtx, Run, Sink};
use crate::diagnostic::{Edit, Fix, Severity};

pub static CHECK: Check = Check {
    meta: CheckMeta {
        code: "DL108",
        name: "sigma-tag-format",
        severity: Severity::Warning,
        formats: &[crate::model::Format::Sigma],
        aliases: &[
            "tag_format",
            "namespace_tag",
            "cvetag",
            "cartag",
            "tlptag",
            "tlpv1_tag",
            "tlpv2_tag",
            "detection_tag",
            "stptag",
            "invalid_tag",
            "unknown_tag_namespace",
            "sigmahq_tags_tlp",
        ],
        summary: "a tag is malformed or uses an unknown namespace",
        fixable: true,
        source: file!(),
    },
    run: Run::File(run),
};

const NAMESPACES: &[&str] = &["attack", "car", "cve", "d3fend", "detection", "stp", "tlp"];

fn digits(s: &str, n: usize) -> bool {
    s.len() == n && s.bytes().all(|b| b.is_ascii_digit())
}

/// Why a (lower-case) tag is malformed, if it is.
pub fn problem(tag: &str) -> Option<String> {
    let Some((ns, val)) = tag.split_once('.') else {
        return Some("a tag is `namespace.value`".into());
    };
    if !tag
        .bytes()
        .all(|b| b.is_ascii_lowercase() || b.is_ascii_digit() || b"_-.".contains(&b))
    {
        return Some("tags use only lower-case letters, digits, `_`, `-` and `.`".into());
    }
    if !NAMESPACES.contains(&ns) {
        return Some(format!(
            "unknown tag namespace `{ns}` (known: {})",
            NAMESPACES.join(", ")
        ));
    }
    let ok = match ns {
        "attack" => {
            let b = val.as_bytes();
            match b.first() {
                Some(b't') if b.get(1).is_some_and(u8::is_ascii_digit) => {
                    let (t, sub) = val[1..]
                        .split_once('.')
                        .map(|(a, b)| (a, Some(b)))
                        .unwrap_or((&val[1..], None));
                    digits(t, 4) && sub.is_none_or(|s| digits(s, 3))
                }
                Some(b'g' | b's') if b.get(1).is_some_and(u8::is_ascii_digit) => {
                    digits(&val[1..], 4)
                }
                _ => val
                    .bytes()
                    .all(|b| b.is_ascii_lowercase() || b == b'_' || b == b'-'),
            }
        }
        "cve" => val.split_once('-').is_some_and(|(y, n)| {
            digits(y, 4) && n.len() >= 4 && n.bytes().all(|b| b.is_ascii_digit())
        }),
        "car" => {
            let p: Vec<&str> = val.split('-').collect();
            p.len() == 3 && digits(p[0], 4) && digits(p[1], 2) && digits(p[2], 3)
        }
        "tlp" => ["clear", "white", "green", "amber", "amber-strict", "red"].contains(&val),
        "detection" => [
            "dfir",
            "emerging-threats",
            "emerging_threats",
            "threat-hunting",
            "threat_hunting",
        ]
        .contains(&val),
        "stp" => {
            val.len() >= 2
                && val[..val.len() - 1].bytes().all(|b| b.is_ascii_digit())
                && val.as_bytes()[val.len() - 1].is_ascii_alphabetic()
        }
        _ => !val.is_empty(),
    };
    (!ok).then(|| format!("`{tag}` does not match the `{ns}` tag pattern"))
}

fn run(ctx: &FileCtx, sink: &mut Sink) {
    for (d, _, _) in ctx.sigma_docs() {
        for tag in &d.rule.tags {
            let lower = tag.value.to_ascii_lowercase();
            if lower != tag.value && problem(&lower).is_none() {
                sink.report(
                    &CHECK.meta,
                    tag.span,
                    format!("tag `{}` must be lower case", tag.value),
                )
                .fixes
                .push(Fix {
                    title: format!("Write `{lower}`"),
                    edits: vec![Edit {
                        span: tag.span,
                        new_text: lower.clone(),
                    }],
                    safe: true,
                });
                continue;
            }
            if let Some(p) = problem(&tag.value) {
                sink.report(&CHECK.meta, tag.span, format!("tag `{}`: {p}", tag.value));
            }
        }
    }
}

#[cfg(test)]
mod tests {
    use super::problem;

    #[test]
    fn patterns() {
        for ok in [
            "attack.t1059",
            "attack.t1059.001",
            "attack.execution",
            "attack.g0010",
            "cve.2021-44228",
            "car.2016-04-005",
            "tlp.amber-strict",
            "detection.emerging-threats",
            "stp.2a",
        ] {
            assert_eq!(problem(ok), None, "{ok}");
        }
        for bad in [
            "attack.t159",
            "mitre.t1059",
            "attack",
            "cve.21-1",
            "tlp.blue",
            "attack.t1059.1",
        ] {
            assert!(problem(bad).is_some(), "{bad}");
        }
    }
}
