//! Semantic coverage between indicators: does excluding `a` also exclude everything `b` names?
//! CIDR containment (with ipnet), case-insensitive comparison of already-folded values, and
//! wildcard subsumption (`contains x` covers `ends_with …x…`).

use super::Indicator;
use crate::model::Op;

fn net(v: &str) -> Option<ipnet::IpNet> {
    v.parse::<ipnet::IpNet>()
        .ok()
        .or_else(|| v.parse::<std::net::IpAddr>().ok().map(ipnet::IpNet::from))
}

/// Whether an exclusion `a` covers the exclusion `b` (same field required).
pub fn covers(a: &Indicator, b: &Indicator) -> bool {
    if a.field != b.field {
        return false;
    }
    if a == b {
        return true;
    }
    let (av, bv) = (a.value.to_lowercase(), b.value.to_lowercase());
    match (a.op, b.op) {
        (Op::CidrMatch | Op::Eq, Op::CidrMatch | Op::Eq) => match (net(&av), net(&bv)) {
            (Some(x), Some(y)) => x.contains(&y),
            _ => av == bv,
        },
        (Op::Contains, Op::Contains | Op::StartsWith | Op::EndsWith | Op::Eq) => bv.contains(&av),
        (Op::StartsWith, Op::StartsWith | Op::Eq) => bv.starts_with(&av),
        (Op::EndsWith, Op::EndsWith | Op::Eq) => bv.ends_with(&av),
        (Op::Exists, _) => true,
        _ => false,
    }
}

/// Whether any of `excl` covers `b`.
pub fn covered_by(excl: &[Indicator], b: &Indicator) -> bool {
    excl.iter().any(|a| covers(a, b))
}

#[cfg(test)]
mod tests {
    use super::*;

    fn i(f: &str, op: Op, v: &str) -> Indicator {
        Indicator {
            field: f.into(),
            op,
            value: v.into(),
        }
    }

    #[test]
    fn cidr_and_strings() {
        assert!(covers(
            &i("destination.ip", Op::CidrMatch, "127.0.0.0/8"),
            &i("destination.ip", Op::CidrMatch, "127.0.0.0/8")
        ));
        assert!(!covers(
            &i("destination.ip", Op::CidrMatch, "127.0.0.1/32"),
            &i("destination.ip", Op::CidrMatch, "127.0.0.0/8")
        ));
        assert!(covers(
            &i("destination.ip", Op::CidrMatch, "0.0.0.0/0"),
            &i("destination.ip", Op::CidrMatch, "127.0.0.0/8")
        ));
        assert!(covers(
            &i("dns.question.name", Op::EndsWith, "arpa"),
            &i("dns.question.name", Op::EndsWith, ".in-addr.arpa")
        ));
        assert!(!covers(
            &i("dns.question.name", Op::EndsWith, "arpa"),
            &i("other", Op::EndsWith, "arpa")
        ));
    }
}
