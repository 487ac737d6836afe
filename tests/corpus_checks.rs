//! Corpus-aware checks against the corpus (when ../shared/corpus is present).
//! For the Sigma and Elastic rules under T1095 that filter a destination IP by value (and do
//! not pin it to addresses outside loopback), DL302 names exactly those that lack the loopback
//! exclusion — computed here independently of the check's code.

use detlint::config::Config;
use detlint::model::{Expr, Op, Rule};
use std::collections::BTreeSet;
use std::path::{Path, PathBuf};

fn loopback() -> ipnet::IpNet {
    "127.0.0.0/8".parse().expect("net")
}

fn net_of(v: &str) -> Option<ipnet::IpNet> {
    v.parse::<ipnet::IpNet>()
        .ok()
        .or_else(|| v.parse::<std::net::IpAddr>().ok().map(ipnet::IpNet::from))
}

/// Whether the rule's top-level exclusions cover 127.0.0.0/8 on destination.ip.
fn excludes_loopback(rule: &Rule) -> bool {
    let Some(d) = &rule.detection else {
        return false;
    };
    d.exclusions().iter().any(|p| {
        p.canonical.as_deref() == Some("destination.ip")
            && matches!(p.op, Op::CidrMatch | Op::Eq | Op::In)
            && p.values
                .iter()
                .any(|v| net_of(&v.text).is_some_and(|n| n.contains(&loopback())))
    })
}

fn under_t1095(rule: &Rule) -> bool {
    rule.techniques
        .iter()
        .any(|t| t.value == "T1095" || t.value.starts_with("T1095."))
}

/// Filters destination.ip by value, and no positive condition pins it outside loopback.
fn filters_destination_ip(rule: &Rule) -> bool {
    let preds = rule.predicates();
    let on_field: Vec<_> = preds
        .iter()
        .filter(|(p, _)| p.canonical.as_deref() == Some("destination.ip"))
        .collect();
    let by_value = on_field
        .iter()
        .any(|(p, _)| !matches!(p.op, Op::Exists | Op::IsNull));
    let pinned = on_field.iter().any(|(p, neg)| {
        !neg && matches!(p.op, Op::Eq | Op::In | Op::CidrMatch)
            && !p.values.is_empty()
            && p.values.iter().all(|v| {
                net_of(&v.text).is_none_or(|n| !n.contains(&loopback()) && !loopback().contains(&n))
            })
    });
    let network_kind = rule.event_kinds.is_empty()
        || rule.event_kinds.iter().any(|k| {
            [
                "network_connection",
                "firewall",
                "dns_query",
                "web",
                "authentication",
            ]
            .contains(&k.as_str())
        });
    by_value && !pinned && network_kind
}

#[test]
fn t1095_missing_loopback_exclusion_is_named_exactly() {
    let corpus = Path::new(env!("CARGO_MANIFEST_DIR")).join("../shared/corpus");
    if !corpus.is_dir() {
        println!("skipping: ../shared/corpus not present");
        return;
    }
    let config = Config::default();
    let mut expected: BTreeSet<PathBuf> = BTreeSet::new();
    let mut reported: BTreeSet<PathBuf> = BTreeSet::new();
    let mut considered = 0;
    for vendor in ["sigma", "elastic"] {
        let files = detlint::cli::check::collect_files(&[corpus.join(vendor)]).expect("walk");
        for path in files {
            let f = detlint::lint::read_file(&path, &config);
            let Some(d) = f.docs.iter().find(|d| under_t1095(&d.rule)) else {
                continue;
            };
            if !filters_destination_ip(&d.rule) {
                continue;
            }
            considered += 1;
            if !excludes_loopback(&d.rule) {
                expected.insert(path.clone());
            }
            let (_, diags) = detlint::lint::lint_text(&path, f.text.clone(), &config);
            if diags.iter().any(|x| {
                x.code == "DL302"
                    && x.message.contains("(destination.ip)")
                    && x.message.contains("loopback (127.0.0.0/8")
            }) {
                reported.insert(path.clone());
            }
        }
    }
    println!("T1095 Sigma/Elastic rules filtering destination.ip: {considered}; lacking the loopback exclusion: {}", expected.len());
    for p in &expected {
        println!("  {}", p.display());
    }
    assert!(
        considered > 0,
        "no T1095 rule filters destination.ip: the corpus changed?"
    );
    assert_eq!(reported, expected);
    let _ = Expr::And(vec![]);
}
