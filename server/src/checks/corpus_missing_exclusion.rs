//! # DL302 missing-common-exclusion
//!
//! The rule lacks an exclusion that detection authors usually add:
//!
//! - **Corpus-based.** For each canonical field the rule filters, among the catalog's rules of
//!   the same ATT&CK technique that filter that field, an exclusion on it applied by at least
//!   `thresholds.exclusion-share` of them (default 50%, and at least
//!   `thresholds.exclusion-min-rules` rules, default 4). The message gives the numbers ("8 of
//!   the 11 rules for T1095 that filter `destination.ip` exclude `127.0.0.0/8`") and the related
//!   information lists rules that do.
//! - **Well-known IP ranges, independently of the corpus.** A network, DNS, web, firewall or
//!   authentication rule (or one whose event kind is unknown) that compares a destination
//!   or source IP field (`destination.ip`, `source.ip` — Sigma `DestinationIp`, Defender
//!   `RemoteIP`, …) without pinning it to specific addresses, and without excluding loopback
//!   (127.0.0.0/8, ::1), link-local (169.254.0.0/16, fe80::/10) or multicast (224.0.0.0/4,
//!   ff00::/8). "External connection" rules that exclude RFC 1918 ranges but not these
//!   alert on every local service.
//!
//! The catalog's counts include the rule itself when it is one of the catalog's rules (it
//! filters the field and lacks the exclusion, so the share is, if anything, understated).
//!
//! Coverage is semantic: excluding `127.0.0.1/32` does not cover `127.0.0.0/8`; `0.0.0.0/0`
//! does. Values compare case-insensitively where the operator is case-insensitive; a
//! `contains` exclusion covers `ends_with` values that contain it.
//!
//! **Fix** (offered, not applied by `--fix`): the exclusion in the rule's own language — a Sigma
//! `filter_main_loopback` selection plus the condition update, EQL `and not cidrmatch(…)`,
//! Kibana KQL `and not …`, Kusto `| where not(ipv4_is_in_range(…))`, SPL
//! `| where NOT cidrmatch(…)`, a Panther simple-detection condition.

use super::{Check, CheckMeta, FileCtx, Run, Sink};
use crate::catalog::build::rule_indicators;
use crate::diagnostic::{Related, Severity};
use crate::fix::exclusion::{exclusion_fix, Exclusion};
use crate::model::{Op, Predicate, Rule};
use crate::normalize::{covered_by, Indicator};

pub static CHECK: Check = Check {
    meta: CheckMeta {
        code: "DL302",
        name: "missing-common-exclusion",
        severity: Severity::Warning,
        formats: &[],
        aliases: &[],
        summary:
            "an exclusion most rules of the same technique (or every IP rule) apply is missing",
        fixable: true,
        source: file!(),
    },
    run: Run::File(run),
};

/// The well-known IP ranges every IP-filtering rule should exclude.
pub const WELL_KNOWN: &[(&str, &[&str])] = &[
    ("loopback", &["127.0.0.0/8", "::1/128"]),
    ("link_local", &["169.254.0.0/16", "fe80::/10"]),
    ("multicast", &["224.0.0.0/4", "ff00::/8"]),
];

/// Canonical IP fields the well-known check looks at.
pub const IP_FIELDS: &[&str] = &["destination.ip", "source.ip"];

fn ind(field: &str, op: Op, value: &str) -> Indicator {
    Indicator {
        field: field.to_string(),
        op,
        value: value.to_string(),
    }
}

/// Whether a positive predicate pins the field to specific values none of which is in `nets`.
fn pinned_outside(rule: &Rule, field: &str, nets: &[&str]) -> bool {
    let nets: Vec<ipnet::IpNet> = nets.iter().filter_map(|n| n.parse().ok()).collect();
    rule.predicates().into_iter().any(|(p, neg)| {
        !neg && p.canonical.as_deref() == Some(field)
            && matches!(p.op, Op::Eq | Op::In | Op::CidrMatch)
            && !p.values.is_empty()
            && p.values.iter().all(|v| {
                let pv = v.text.parse::<ipnet::IpNet>().ok().or_else(|| {
                    v.text
                        .parse::<std::net::IpAddr>()
                        .ok()
                        .map(ipnet::IpNet::from)
                });
                match pv {
                    Some(x) => !nets.iter().any(|n| n.contains(&x) || x.contains(n)),
                    None => true,
                }
            })
    })
}

fn raw_name<'a>(rule: &'a Rule, field: &str) -> Option<&'a Predicate> {
    rule.predicates()
        .into_iter()
        .map(|(p, _)| p)
        .find(|p| p.canonical.as_deref() == Some(field) && p.field.is_some())
}

/// Event kinds whose IP fields carry connection endpoints (where loopback, link-local and
/// multicast traffic is noise). Cloud API calls and SaaS audit events are left out: their
/// `source.ip` is a client address that is never loopback.
const NETWORK_KINDS: &[&str] = &[
    "network_connection",
    "firewall",
    "dns_query",
    "web",
    "authentication",
];

/// Whether the rule compares the field's value (not only its presence).
fn filters_value(rule: &Rule, field: &str) -> bool {
    rule.predicates().into_iter().any(|(p, _)| {
        p.canonical.as_deref() == Some(field) && !matches!(p.op, Op::Exists | Op::IsNull)
    })
}

/// The missing well-known ranges of a rule: (field, label, nets).
pub fn missing_well_known(rule: &Rule) -> Vec<(String, &'static str, Vec<String>)> {
    let (_, excl) = rule_indicators(rule);
    let mut out = Vec::new();
    if !rule.event_kinds.is_empty()
        && !rule
            .event_kinds
            .iter()
            .any(|k| NETWORK_KINDS.contains(&k.as_str()))
    {
        return out;
    }
    for field in IP_FIELDS {
        if raw_name(rule, field).is_none() || !filters_value(rule, field) {
            continue;
        }
        for (label, nets) in WELL_KNOWN {
            if pinned_outside(rule, field, nets) {
                continue;
            }
            let missing: Vec<String> = nets
                .iter()
                .filter(|n| !covered_by(excl, &ind(field, Op::CidrMatch, n)))
                .map(|n| n.to_string())
                .collect();
            if !missing.is_empty() {
                out.push((field.to_string(), *label, missing));
            }
        }
    }
    out
}

fn run(ctx: &FileCtx, sink: &mut Sink) {
    let cat = ctx.catalog();
    let th = &ctx.config.file.thresholds;
    for d in &ctx.file.docs {
        let rule = &d.rule;
        if rule.detection.is_none() {
            continue;
        }
        for (field, label, nets) in missing_well_known(rule) {
            let Some(p) = raw_name(rule, &field) else {
                continue;
            };
            let raw = p.field.as_ref().map(|f| f.value.as_str()).unwrap_or(&field);
            let diag = sink.report(
                &CHECK.meta,
                p.field.as_ref().map(|f| f.span).unwrap_or(p.span),
                format!(
                    "`{raw}` ({field}) is filtered without excluding {} ({})",
                    label.replace('_', "-"),
                    nets.join(", ")
                ),
            );
            let ex = Exclusion {
                field_raw: raw,
                field: &field,
                nets: nets.clone(),
                label,
            };
            if let Some(f) = exclusion_fix(ctx.file, d, &ex, p.span.start) {
                diag.fixes.push(f);
            }
        }
        // Corpus-based expectations.
        if cat.rule_count() == 0 || rule.techniques.is_empty() {
            continue;
        }
        let (pos, excl) = rule_indicators(rule);
        let mut fields: Vec<&str> = pos.iter().map(|i| i.field.as_str()).collect();
        fields.sort_unstable();
        fields.dedup();
        let mut techs: Vec<String> = Vec::new();
        for t in &rule.techniques {
            let t = t.value.to_ascii_uppercase();
            if !techs.contains(&t) {
                techs.push(t);
            }
        }
        for t in &techs {
            let of_technique = cat.expectations_of(t);
            for field in &fields {
                let exp = of_technique.field(field);
                if exp.filtering < th.exclusion_min_rules {
                    continue;
                }
                let expected = exp.exclusions().filter(|(_, v)| {
                    v.len() as f64 >= th.exclusion_share * exp.filtering as f64 && v.len() >= 2
                });
                for (e, users) in expected.take(3) {
                    let Some((f, op, v)) = cat.indicator(e) else {
                        continue;
                    };
                    let want = ind(f, op, v);
                    if covered_by(excl, &want) {
                        continue;
                    }
                    if IP_FIELDS.contains(&f)
                        && op == Op::CidrMatch
                        && WELL_KNOWN.iter().any(|(_, nets)| nets.contains(&v))
                    {
                        continue; // already reported by the well-known check
                    }
                    let Some(p) = raw_name(rule, f) else { continue };
                    let raw = p.field.as_ref().map(|x| x.value.as_str()).unwrap_or(f);
                    let diag = sink.report(
                        &CHECK.meta,
                        p.field.as_ref().map(|x| x.span).unwrap_or(p.span),
                        format!("{} of the {} rules for {t} that filter `{f}` exclude `{f} {} {v}`; this rule does not", users.len(), exp.filtering, op.name()),
                    );
                    for ri in users.iter().take(5) {
                        let r = cat.rule(ri as usize);
                        diag.related.push(Related {
                            path: Some(r.path().to_string()),
                            span: None,
                            message: format!(
                                "{} rule `{}` excludes it",
                                r.vendor().name(),
                                r.title()
                            ),
                        });
                    }
                    if op == Op::CidrMatch {
                        let ex = Exclusion {
                            field_raw: raw,
                            field: f,
                            nets: vec![v.to_string()],
                            label: "common",
                        };
                        if let Some(fx) = exclusion_fix(ctx.file, d, &ex, p.span.start) {
                            diag.fixes.push(fx);
                        }
                    }
                }
            }
        }
    }
}
