//! A three-valued evaluator of Panther simple detections over a test event (`Tests: - Log:`).
//!
//! Semantics follow Panther's match-expression reference: a missing or null key makes a positive
//! comparison false and its inverse (`DoesNotEqual`, `IsNotIn`, …) true; `[*]` in a key path
//! yields every element and a comparison holds when any element matches; `I…` conditions ignore
//! case; numbers compare numerically. What cannot be decided (an enrichment, an unknown
//! condition) is [`Tri::Unknown`].

use super::simple::{Combinator, ConditionName, KeySpec, MatchExpr, PathSeg, PRIVATE_RANGES};
use super::{PantherDoc, TestCase};
use crate::source::yaml::{ScalarType, YamlKind, YamlNode};
use std::net::IpAddr;

/// A truth value that may be unknown.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Tri {
    True,
    False,
    Unknown,
}

impl Tri {
    fn from(b: bool) -> Tri {
        if b {
            Tri::True
        } else {
            Tri::False
        }
    }
    fn not(self) -> Tri {
        match self {
            Tri::True => Tri::False,
            Tri::False => Tri::True,
            Tri::Unknown => Tri::Unknown,
        }
    }
    /// `Some(bool)` when known.
    pub fn known(self) -> Option<bool> {
        match self {
            Tri::True => Some(true),
            Tri::False => Some(false),
            Tri::Unknown => None,
        }
    }
}

/// Resolve a key path in an event: every node it reaches (none when missing).
pub fn resolve<'a>(root: &'a YamlNode, path: &[PathSeg]) -> Vec<&'a YamlNode> {
    let mut cur = vec![root];
    for seg in path {
        let mut next = Vec::new();
        for n in cur {
            match seg {
                PathSeg::Key(k) => {
                    if let Some(v) = n.get(k) {
                        next.push(v);
                    }
                }
                PathSeg::Index(i) => {
                    let items = n.items();
                    let idx = if *i < 0 { items.len() as i64 + *i } else { *i };
                    if idx >= 0 {
                        if let Some(v) = items.get(idx as usize) {
                            next.push(v);
                        }
                    }
                }
                PathSeg::Wildcard => next.extend(n.items().iter()),
            }
        }
        cur = next;
    }
    cur
}

fn num(n: &YamlNode) -> Option<f64> {
    let s = n.as_str()?.trim();
    match n.scalar_type()? {
        ScalarType::Int | ScalarType::Float | ScalarType::Str => {
            let s = s.replace('_', "");
            if let Some(h) = s.strip_prefix("0x") {
                return i64::from_str_radix(h, 16).ok().map(|v| v as f64);
            }
            s.parse::<f64>().ok()
        }
        _ => None,
    }
}

fn is_numeric_literal(n: &YamlNode) -> bool {
    matches!(n.scalar_type(), Some(ScalarType::Int | ScalarType::Float))
}

/// The text of a scalar as Panther would see it (booleans normalised to `true`/`false`).
fn text(n: &YamlNode) -> Option<String> {
    let s = n.as_str()?;
    if n.scalar_type() == Some(ScalarType::Bool) {
        return Some(s.to_ascii_lowercase());
    }
    Some(s.to_string())
}

fn is_nullish(n: &YamlNode) -> bool {
    n.is_null()
}

fn values_equal(ev: &YamlNode, want: &YamlNode, ci: bool) -> bool {
    if is_nullish(ev) {
        return is_nullish(want);
    }
    if is_numeric_literal(want) || is_numeric_literal(ev) {
        if let (Some(a), Some(b)) = (num(ev), num(want)) {
            return a == b;
        }
    }
    match (text(ev), text(want)) {
        (Some(a), Some(b)) => {
            if ci {
                a.to_lowercase() == b.to_lowercase()
            } else {
                a == b
            }
        }
        _ => false,
    }
}

fn string_op(ev: &YamlNode, want: &YamlNode, ci: bool, f: fn(&str, &str) -> bool) -> bool {
    let (Some(a), Some(b)) = (text(ev), text(want)) else {
        return false;
    };
    if ci {
        f(&a.to_lowercase(), &b.to_lowercase())
    } else {
        f(&a, &b)
    }
}

fn ip(n: &YamlNode) -> Option<IpAddr> {
    n.as_str()?.trim().parse().ok()
}

fn net(s: &str) -> Option<ipnet::IpNet> {
    let s = s.trim();
    s.parse::<ipnet::IpNet>()
        .ok()
        .or_else(|| s.parse::<IpAddr>().ok().map(ipnet::IpNet::from))
}

fn is_private(a: IpAddr) -> bool {
    PRIVATE_RANGES
        .iter()
        .filter_map(|r| r.parse::<ipnet::IpNet>().ok())
        .any(|n| n.contains(&a))
}

/// Compare one event value against the condition's values (the positive form).
fn compare(cond: ConditionName, ev: &YamlNode, values: &[YamlNode]) -> Tri {
    use ConditionName::*;
    let ci = cond.case_insensitive();
    let first = values.first();
    let any = |f: &dyn Fn(&YamlNode) -> bool| values.iter().any(f);
    let r = match cond {
        Equals | IEquals => any(&|w| values_equal(ev, w, ci)),
        IsIn => {
            let flat: Vec<&YamlNode> = values
                .iter()
                .flat_map(|v| {
                    if v.is_seq() {
                        v.items().iter().collect::<Vec<_>>()
                    } else {
                        vec![v]
                    }
                })
                .collect();
            flat.iter().any(|w| values_equal(ev, w, ci))
        }
        StartsWith | IStartsWith => any(&|w| string_op(ev, w, ci, |a, b| a.starts_with(b))),
        EndsWith | IEndsWith => any(&|w| string_op(ev, w, ci, |a, b| a.ends_with(b))),
        Contains | IContains => any(&|w| string_op(ev, w, ci, |a, b| a.contains(b))),
        IsGreaterThan | IsGreaterThanOrEquals | IsLessThan | IsLessThanOrEquals => {
            let (Some(a), Some(b)) = (num(ev), first.and_then(num)) else {
                return Tri::False;
            };
            match cond {
                IsGreaterThan => a > b,
                IsGreaterThanOrEquals => a >= b,
                IsLessThan => a < b,
                _ => a <= b,
            }
        }
        IsIPAddressInCIDR => {
            let Some(a) = ip(ev) else { return Tri::False };
            values
                .iter()
                .filter_map(|v| v.as_str().and_then(net))
                .any(|n| n.contains(&a))
        }
        CIDRContainsIPAddresses => {
            let Some(n) = ev.as_str().and_then(net) else {
                return Tri::False;
            };
            values.iter().filter_map(ip).any(|a| n.contains(&a))
        }
        IsIPAddress => ip(ev).is_some(),
        IsIPv4Address => matches!(ip(ev), Some(IpAddr::V4(_))),
        IsIPv6Address => matches!(ip(ev), Some(IpAddr::V6(_))),
        IsIPAddressPrivate => ip(ev).is_some_and(is_private),
        IsIPAddressPublic => ip(ev).is_some_and(|a| !is_private(a)),
        _ => return Tri::Unknown,
    };
    Tri::from(r)
}

fn is_empty_value(n: &YamlNode) -> bool {
    match &n.kind {
        YamlKind::Empty => true,
        YamlKind::Scalar { ty, value, .. } => {
            *ty == ScalarType::Null || (*ty == ScalarType::Str && value.is_empty())
        }
        YamlKind::Seq(i) => i.is_empty(),
        YamlKind::Map(e) => e.is_empty(),
    }
}

fn eval_key(
    key: &KeySpec,
    cond: ConditionName,
    values: &[YamlNode],
    event: &YamlNode,
    filter: bool,
) -> Tri {
    use ConditionName::*;
    let (pos, neg) = cond.positive();
    let found = resolve(event, &key.path);
    // Inline filters pass when the event lacks the field (Panther's documented behaviour).
    if filter && found.is_empty() && !matches!(pos, Exists | IsNull | IsNullOrEmpty) {
        return Tri::True;
    }
    let r = match pos {
        Exists => Tri::from(!found.is_empty()),
        IsNull => Tri::from(found.is_empty() || found.iter().all(|n| is_nullish(n))),
        IsNullOrEmpty => Tri::from(found.is_empty() || found.iter().all(|n| is_empty_value(n))),
        _ => {
            let live: Vec<&YamlNode> = found.into_iter().filter(|n| !is_nullish(n)).collect();
            if live.is_empty() {
                Tri::False
            } else {
                let mut acc = Tri::False;
                for n in live {
                    match compare(pos, n, values) {
                        Tri::True => {
                            acc = Tri::True;
                            break;
                        }
                        Tri::Unknown => acc = Tri::Unknown,
                        Tri::False => {}
                    }
                }
                acc
            }
        }
    };
    if neg {
        r.not()
    } else {
        r
    }
}

fn eval_multi_key(keys: &[KeySpec], cond: ConditionName, event: &YamlNode) -> Tri {
    let (pos, neg) = cond.positive();
    let (Some(a), Some(b)) = (
        resolve(event, &keys[0].path).first().copied(),
        resolve(event, &keys[1].path).first().copied(),
    ) else {
        return Tri::from(neg);
    };
    let r = compare(pos, a, std::slice::from_ref(b));
    if neg {
        r.not()
    } else {
        r
    }
}

fn all(items: impl Iterator<Item = Tri>) -> Tri {
    let mut acc = Tri::True;
    for t in items {
        match t {
            Tri::False => return Tri::False,
            Tri::Unknown => acc = Tri::Unknown,
            Tri::True => {}
        }
    }
    acc
}

fn any(items: impl Iterator<Item = Tri>) -> Tri {
    let mut acc = Tri::False;
    for t in items {
        match t {
            Tri::True => return Tri::True,
            Tri::Unknown => acc = Tri::Unknown,
            Tri::False => {}
        }
    }
    acc
}

fn exactly_one(items: impl Iterator<Item = Tri>) -> Tri {
    let mut count = 0;
    for t in items {
        match t {
            Tri::True => count += 1,
            Tri::Unknown => return Tri::Unknown,
            Tri::False => {}
        }
    }
    Tri::from(count == 1)
}

/// Evaluate a match expression against an event.
pub fn eval(m: &MatchExpr, event: &YamlNode) -> Tri {
    eval_in(m, event, false)
}

/// Evaluate an inline filter against an event: a filter on a field the event lacks passes.
pub fn eval_filter(m: &MatchExpr, event: &YamlNode) -> Tri {
    eval_in(m, event, true)
}

fn eval_in(m: &MatchExpr, event: &YamlNode, filter: bool) -> Tri {
    match m {
        MatchExpr::Combine { kind, items, .. } => {
            let it = items.iter().map(|i| eval_in(i, event, filter));
            match kind {
                Combinator::All => all(it),
                Combinator::Any => any(it),
                Combinator::None => any(it).not(),
                Combinator::OnlyOne => exactly_one(it),
            }
        }
        MatchExpr::Absolute { value, .. } => Tri::from(*value),
        MatchExpr::Unsupported { .. } => Tri::Unknown,
        MatchExpr::Key {
            key, cond, values, ..
        } => eval_key(key, *cond, values, event, filter),
        MatchExpr::MultiKey { keys, cond, .. } => eval_multi_key(keys, *cond, event),
        MatchExpr::ListComprehension {
            key, cond, exprs, ..
        } => {
            let elems: Vec<&YamlNode> = resolve(event, &key.path)
                .into_iter()
                .flat_map(|n| n.items().iter())
                .collect();
            let per = elems
                .iter()
                .map(|e| all(exprs.iter().map(|x| eval_in(x, e, filter))));
            match cond {
                ConditionName::AnyElement => any(per),
                ConditionName::AllElements => {
                    if elems.is_empty() {
                        Tri::False
                    } else {
                        all(per)
                    }
                }
                ConditionName::OnlyOneElement => exactly_one(per),
                ConditionName::NoElement => any(per).not(),
                _ => Tri::Unknown,
            }
        }
    }
}

/// The outcome of one test of a simple detection: `Some(matched)` when decidable.
/// Inline filters must pass before the detection runs.
pub fn run_test(doc: &PantherDoc, test: &TestCase) -> Option<bool> {
    let detection = doc.simple.as_ref()?;
    let log = test.log.as_ref()?;
    if test.has_mocks {
        return None;
    }
    let filters = doc
        .inline_filters
        .as_ref()
        .map(|f| eval_filter(f, log))
        .unwrap_or(Tri::True);
    match filters {
        Tri::False => Some(false),
        Tri::Unknown => None,
        Tri::True => eval(detection, log).known(),
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::formats::panther::simple::{parse_item, parse_key_path};
    use crate::source::yaml::{parse, ParseLimits};

    fn check(expr: &str, event: &str) -> Tri {
        let e = parse(expr, ParseLimits::default());
        let ev = parse(event, ParseLimits::default());
        let m = parse_item(&e.docs[0].root, &mut Vec::new());
        eval(&m, &ev.docs[0].root)
    }

    #[test]
    fn key_paths() {
        assert_eq!(
            parse_key_path("a.b[2].c[*]"),
            vec![
                PathSeg::Key("a".into()),
                PathSeg::Key("b".into()),
                PathSeg::Index(2),
                PathSeg::Key("c".into()),
                PathSeg::Wildcard
            ]
        );
        assert_eq!(parse_key_path("$.x"), vec![PathSeg::Key("x".into())]);
    }

    #[test]
    fn missing_and_null_keys() {
        let ne = "KeyPath: a\nCondition: DoesNotEqual\nValue: x\n";
        assert_eq!(check(ne, "b: 1\n"), Tri::True);
        assert_eq!(check(ne, "a: null\n"), Tri::True);
        assert_eq!(check(ne, "a: x\n"), Tri::False);
        let eq = "KeyPath: a\nCondition: Equals\nValue: x\n";
        assert_eq!(check(eq, "b: 1\n"), Tri::False);
        let empty = "KeyPath: a\nCondition: IsNullOrEmpty\n";
        assert_eq!(check(empty, "a: []\n"), Tri::True);
        assert_eq!(check(empty, "a: ''\n"), Tri::True);
        assert_eq!(check(empty, "a: [1]\n"), Tri::False);
    }

    #[test]
    fn numbers_case_and_networks() {
        assert_eq!(
            check("KeyPath: n\nCondition: Equals\nValue: 2\n", "n: '2'\n"),
            Tri::True
        );
        assert_eq!(
            check("KeyPath: n\nCondition: IsLessThan\nValue: 10\n", "n: 9.5\n"),
            Tri::True
        );
        assert_eq!(
            check(
                "KeyPath: s\nCondition: IContains\nValue: ADMIN\n",
                "s: my-admin-role\n"
            ),
            Tri::True
        );
        assert_eq!(
            check(
                "KeyPath: s\nCondition: Contains\nValue: ADMIN\n",
                "s: my-admin-role\n"
            ),
            Tri::False
        );
        assert_eq!(
            check(
                "KeyPath: ip\nCondition: IsIPAddressInCIDR\nValue: 10.0.0.0/8\n",
                "ip: 10.2.3.4\n"
            ),
            Tri::True
        );
        assert_eq!(
            check(
                "KeyPath: ip\nCondition: IsIPAddressPrivate\n",
                "ip: 8.8.8.8\n"
            ),
            Tri::False
        );
        assert_eq!(
            check(
                "KeyPath: l[*].n\nCondition: Equals\nValue: b\n",
                "l: [{n: a}, {n: b}]\n"
            ),
            Tri::True
        );
        assert_eq!(
            check("Condition: Nope\nKeyPath: a\n", "a: 1\n"),
            Tri::Unknown
        );
    }
}
