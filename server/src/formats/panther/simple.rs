//! Panther simple detections: the `Detection:` list of match expressions → [`MatchExpr`], and its
//! lowering to the shared [`Expr`].
//!
//! Match expressions (Panther's "Simple Detection Match Expression Reference"): key/value
//! (`KeyPath` + `Condition` + `Value`), key/values (`IsIn`/`IsNotIn` + `Values`), multi-key
//! (`Condition` + `Values: [{KeyPath}, {KeyPath}]`), list comprehension (`KeyPath` +
//! `Condition: AnyElement|AllElements|OnlyOneElement|NoElement` + `Expressions`), existence
//! (`Exists`, `IsNull`, …), absolute (`AlwaysTrue`/`AlwaysFalse`), enrichment, and the
//! combinators `All`, `Any`, `OnlyOne`, `None`. A top-level list is an implicit `All`.

use super::ConditionUse;
use crate::model::{Expr, Op, Opaque, Predicate, Span, Spanned, Value, ValueKind};
use crate::source::yaml::{ScalarType, YamlNode};

/// Every condition Panther documents, with what it does.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum ConditionName {
    Equals,
    DoesNotEqual,
    IEquals,
    IDoesNotEqual,
    StartsWith,
    DoesNotStartWith,
    IStartsWith,
    IDoesNotStartWith,
    EndsWith,
    DoesNotEndWith,
    IEndsWith,
    IDoesNotEndWith,
    Contains,
    DoesNotContain,
    IContains,
    IDoesNotContain,
    IsGreaterThan,
    IsGreaterThanOrEquals,
    IsLessThan,
    IsLessThanOrEquals,
    IsIn,
    IsNotIn,
    IsIPAddressInCIDR,
    IsIPAddressNotInCIDR,
    CIDRContainsIPAddresses,
    CIDRDoesNotContainIPAddresses,
    IsIPAddress,
    IsIPv4Address,
    IsIPv6Address,
    IsIPAddressPrivate,
    IsIPAddressPublic,
    Exists,
    DoesNotExist,
    IsNull,
    IsNotNull,
    IsNullOrEmpty,
    IsNotNullOrEmpty,
    AnyElement,
    AllElements,
    OnlyOneElement,
    NoElement,
    AlwaysTrue,
    AlwaysFalse,
}

/// (spelling, condition). Alternative spellings seen in Panther's own guides are accepted.
pub const CONDITIONS: &[(&str, ConditionName)] = {
    use ConditionName::*;
    &[
        ("Equals", Equals),
        ("DoesNotEqual", DoesNotEqual),
        ("IEquals", IEquals),
        ("IDoesNotEqual", IDoesNotEqual),
        ("StartsWith", StartsWith),
        ("DoesNotStartWith", DoesNotStartWith),
        ("IStartsWith", IStartsWith),
        ("IDoesNotStartWith", IDoesNotStartWith),
        ("EndsWith", EndsWith),
        ("DoesNotEndWith", DoesNotEndWith),
        ("IEndsWith", IEndsWith),
        ("IDoesNotEndWith", IDoesNotEndWith),
        ("Contains", Contains),
        ("DoesNotContain", DoesNotContain),
        ("IContains", IContains),
        ("IDoesNotContain", IDoesNotContain),
        ("IsGreaterThan", IsGreaterThan),
        ("IsGreaterThanOrEquals", IsGreaterThanOrEquals),
        ("IsGreaterThanOrEqual", IsGreaterThanOrEquals),
        ("IsLessThan", IsLessThan),
        ("IsLessThanOrEquals", IsLessThanOrEquals),
        ("IsLessThanOrEqual", IsLessThanOrEquals),
        ("IsIn", IsIn),
        ("IsNotIn", IsNotIn),
        ("IsIPAddressInCIDR", IsIPAddressInCIDR),
        ("IsIPAddressNotInCIDR", IsIPAddressNotInCIDR),
        ("CIDRContainsIPAddresses", CIDRContainsIPAddresses),
        (
            "CIDRDoesNotContainIPAddresses",
            CIDRDoesNotContainIPAddresses,
        ),
        ("IsIPAddress", IsIPAddress),
        ("IsIPv4Address", IsIPv4Address),
        ("IsIPv6Address", IsIPv6Address),
        ("IsIPAddressPrivate", IsIPAddressPrivate),
        ("IsIPAddressPublic", IsIPAddressPublic),
        ("Exists", Exists),
        ("DoesNotExist", DoesNotExist),
        ("IsNull", IsNull),
        ("IsNotNull", IsNotNull),
        ("IsNullOrEmpty", IsNullOrEmpty),
        ("IsNotNullOrEmpty", IsNotNullOrEmpty),
        ("AnyElement", AnyElement),
        ("AllElements", AllElements),
        ("OnlyOneElement", OnlyOneElement),
        ("NoElement", NoElement),
        ("AlwaysTrue", AlwaysTrue),
        ("AlwaysFalse", AlwaysFalse),
    ]
};

impl ConditionName {
    /// Look a condition up by its exact spelling.
    pub fn parse(s: &str) -> Option<ConditionName> {
        CONDITIONS.iter().find(|(n, _)| *n == s).map(|(_, c)| *c)
    }

    /// The positive form and whether this condition negates it (`DoesNotEqual` → (`Equals`, true)).
    pub fn positive(self) -> (ConditionName, bool) {
        use ConditionName::*;
        match self {
            DoesNotEqual => (Equals, true),
            IDoesNotEqual => (IEquals, true),
            DoesNotStartWith => (StartsWith, true),
            IDoesNotStartWith => (IStartsWith, true),
            DoesNotEndWith => (EndsWith, true),
            IDoesNotEndWith => (IEndsWith, true),
            DoesNotContain => (Contains, true),
            IDoesNotContain => (IContains, true),
            IsNotIn => (IsIn, true),
            IsIPAddressNotInCIDR => (IsIPAddressInCIDR, true),
            CIDRDoesNotContainIPAddresses => (CIDRContainsIPAddresses, true),
            DoesNotExist => (Exists, true),
            IsNotNull => (IsNull, true),
            IsNotNullOrEmpty => (IsNullOrEmpty, true),
            other => (other, false),
        }
    }

    /// Whether the comparison ignores case (`I…` conditions).
    pub fn case_insensitive(self) -> bool {
        use ConditionName::*;
        matches!(
            self.positive().0,
            IEquals | IStartsWith | IEndsWith | IContains
        )
    }

    /// Whether the condition takes no value (`Exists`, `IsNull`, `IsIPAddressPrivate`, …).
    pub fn is_unary(self) -> bool {
        use ConditionName::*;
        matches!(
            self.positive().0,
            Exists
                | IsNull
                | IsNullOrEmpty
                | IsIPAddress
                | IsIPv4Address
                | IsIPv6Address
                | IsIPAddressPrivate
                | IsIPAddressPublic
                | AlwaysTrue
                | AlwaysFalse
        )
    }

    /// Whether this is a list-comprehension condition.
    pub fn is_list_comprehension(self) -> bool {
        use ConditionName::*;
        matches!(self, AnyElement | AllElements | OnlyOneElement | NoElement)
    }
}

/// One step of a key path.
#[derive(Debug, Clone, PartialEq)]
pub enum PathSeg {
    Key(String),
    Index(i64),
    /// `[*]`: every element of a list.
    Wildcard,
}

/// A key specifier (`Key`, `DeepKey` or `KeyPath`) resolved to path steps.
#[derive(Debug, Clone, PartialEq)]
pub struct KeySpec {
    /// The specifier kind as written (`Key`, `DeepKey`, `KeyPath`).
    pub kind: &'static str,
    /// The field as a dotted path (`a.b[*].c`).
    pub text: String,
    pub path: Vec<PathSeg>,
    pub span: Span,
}

/// A combinator of match expressions.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Combinator {
    All,
    Any,
    OnlyOne,
    None,
}

/// One parsed match expression.
#[derive(Debug, Clone, PartialEq)]
pub enum MatchExpr {
    Combine {
        kind: Combinator,
        items: Vec<MatchExpr>,
        span: Span,
    },
    /// Key/value, key/values and existence expressions.
    Key {
        key: KeySpec,
        cond: ConditionName,
        cond_span: Span,
        /// `Value:` (scalar) or the items of `Values:`.
        values: Vec<YamlNode>,
        span: Span,
    },
    /// Compares the values of two or more event keys.
    MultiKey {
        keys: Vec<KeySpec>,
        cond: ConditionName,
        cond_span: Span,
        span: Span,
    },
    ListComprehension {
        key: KeySpec,
        cond: ConditionName,
        cond_span: Span,
        exprs: Vec<MatchExpr>,
        span: Span,
    },
    Absolute {
        value: bool,
        span: Span,
    },
    /// Something the reader does not understand (an unknown condition, an enrichment, a typo):
    /// evaluation yields "unknown", lowering yields [`Expr::Opaque`].
    Unsupported {
        reason: String,
        span: Span,
    },
}

impl MatchExpr {
    /// The span of the expression.
    pub fn span(&self) -> Span {
        match self {
            MatchExpr::Combine { span, .. }
            | MatchExpr::Key { span, .. }
            | MatchExpr::MultiKey { span, .. }
            | MatchExpr::ListComprehension { span, .. }
            | MatchExpr::Absolute { span, .. }
            | MatchExpr::Unsupported { span, .. } => *span,
        }
    }

    /// Whether any part is [`MatchExpr::Unsupported`].
    pub fn has_unsupported(&self) -> bool {
        match self {
            MatchExpr::Unsupported { .. } => true,
            MatchExpr::Combine { items, .. } => items.iter().any(|i| i.has_unsupported()),
            MatchExpr::ListComprehension { exprs, .. } => exprs.iter().any(|i| i.has_unsupported()),
            _ => false,
        }
    }
}

/// Parse a `KeyPath` string (`a.b[2].c`, `a[*].b`) into steps.
pub fn parse_key_path(s: &str) -> Vec<PathSeg> {
    let s = s.strip_prefix("$.").unwrap_or(s);
    let mut out = Vec::new();
    for part in s.split('.') {
        let mut rest = part;
        let name_end = rest.find('[').unwrap_or(rest.len());
        if name_end > 0 {
            out.push(PathSeg::Key(rest[..name_end].to_string()));
        }
        rest = &rest[name_end..];
        while let Some(r) = rest.strip_prefix('[') {
            let Some(close) = r.find(']') else {
                out.push(PathSeg::Key(rest.to_string()));
                break;
            };
            let inner = r[..close].trim();
            if inner == "*" {
                out.push(PathSeg::Wildcard);
            } else if let Ok(i) = inner.parse::<i64>() {
                out.push(PathSeg::Index(i));
            } else {
                out.push(PathSeg::Key(inner.trim_matches(['"', '\'']).to_string()));
            }
            rest = &r[close + 1..];
        }
    }
    out
}

fn key_spec(item: &YamlNode) -> Option<KeySpec> {
    for (k, v) in item.entries() {
        match k.as_str() {
            Some("Key") => {
                let s = v.as_str()?;
                return Some(KeySpec {
                    kind: "Key",
                    text: s.to_string(),
                    path: vec![PathSeg::Key(s.to_string())],
                    span: v.span,
                });
            }
            Some("KeyPath") => {
                let s = v.as_str()?;
                return Some(KeySpec {
                    kind: "KeyPath",
                    text: s.strip_prefix("$.").unwrap_or(s).to_string(),
                    path: parse_key_path(s),
                    span: v.span,
                });
            }
            Some("DeepKey") => {
                let mut path = Vec::new();
                let mut text = String::new();
                for i in v.items() {
                    let s = i.as_str()?;
                    match (i.scalar_type(), s.parse::<i64>()) {
                        (Some(ScalarType::Int), Ok(n)) => {
                            path.push(PathSeg::Index(n));
                            text.push_str(&format!("[{n}]"));
                        }
                        _ => {
                            path.push(PathSeg::Key(s.to_string()));
                            if !text.is_empty() {
                                text.push('.');
                            }
                            text.push_str(s);
                        }
                    }
                }
                if path.is_empty() {
                    return None;
                }
                return Some(KeySpec {
                    kind: "DeepKey",
                    text,
                    path,
                    span: v.span,
                });
            }
            _ => {}
        }
    }
    None
}

/// The keys a match expression may hold.
pub const MATCH_KEYS: &[&str] = &[
    "Key",
    "DeepKey",
    "KeyPath",
    "Condition",
    "Value",
    "Values",
    "Expressions",
    "All",
    "Any",
    "OnlyOne",
    "None",
    "Enrichment",
];

const COMBINATORS: &[(&str, Combinator)] = &[
    ("All", Combinator::All),
    ("Any", Combinator::Any),
    ("OnlyOne", Combinator::OnlyOne),
    ("None", Combinator::None),
];

/// Parse a list of match expressions (an implicit `All`), recording every `Condition:` seen.
pub fn parse_list(node: &YamlNode, conds: &mut Vec<ConditionUse>) -> MatchExpr {
    if node.is_seq() {
        MatchExpr::Combine {
            kind: Combinator::All,
            items: node.items().iter().map(|i| parse_item(i, conds)).collect(),
            span: node.span,
        }
    } else if node.is_map() {
        parse_item(node, conds)
    } else {
        MatchExpr::Unsupported {
            reason: format!(
                "{} where a list of match expressions was expected",
                node.kind_name()
            ),
            span: node.span,
        }
    }
}

/// Parse one match expression (a map).
pub fn parse_item(item: &YamlNode, conds: &mut Vec<ConditionUse>) -> MatchExpr {
    let span = item.span;
    if !item.is_map() {
        return MatchExpr::Unsupported {
            reason: format!("{} where a match expression was expected", item.kind_name()),
            span,
        };
    }
    for (name, kind) in COMBINATORS {
        if let Some(v) = item.get(name) {
            let items = v.items().iter().map(|i| parse_item(i, conds)).collect();
            return MatchExpr::Combine {
                kind: *kind,
                items,
                span,
            };
        }
    }
    if item.get("Enrichment").is_some() {
        return MatchExpr::Unsupported {
            reason: "an enrichment match expression (needs a lookup table)".into(),
            span,
        };
    }
    let Some((ck, cv)) = item.entry("Condition") else {
        return MatchExpr::Unsupported {
            reason: "a match expression without `Condition`".into(),
            span,
        };
    };
    let _ = ck;
    let Some(cname) = cv.as_str() else {
        return MatchExpr::Unsupported {
            reason: "`Condition` is not a string".into(),
            span,
        };
    };
    let parsed = ConditionName::parse(cname);
    conds.push(ConditionUse {
        name: Spanned::new(cname.to_string(), cv.span),
        known: parsed.is_some(),
    });
    let Some(cond) = parsed else {
        return MatchExpr::Unsupported {
            reason: format!("unknown condition `{cname}`"),
            span,
        };
    };
    let cond_span = cv.span;
    match cond {
        ConditionName::AlwaysTrue => return MatchExpr::Absolute { value: true, span },
        ConditionName::AlwaysFalse => return MatchExpr::Absolute { value: false, span },
        _ => {}
    }
    let key = key_spec(item);
    if cond.is_list_comprehension() {
        let Some(key) = key else {
            return MatchExpr::Unsupported {
                reason: format!("`{cname}` without a key"),
                span,
            };
        };
        let exprs = item
            .get("Expressions")
            .map(|e| e.items().iter().map(|i| parse_item(i, conds)).collect())
            .unwrap_or_default();
        return MatchExpr::ListComprehension {
            key,
            cond,
            cond_span,
            exprs,
            span,
        };
    }
    let Some(key) = key else {
        // Multi-key: `Values: [{KeyPath: a}, {KeyPath: b}]`.
        let keys: Vec<KeySpec> = item
            .get("Values")
            .map(|v| v.items().iter().filter_map(key_spec).collect())
            .unwrap_or_default();
        if keys.len() >= 2 {
            return MatchExpr::MultiKey {
                keys,
                cond,
                cond_span,
                span,
            };
        }
        return MatchExpr::Unsupported {
            reason: "a match expression without `Key`, `DeepKey` or `KeyPath`".into(),
            span,
        };
    };
    let mut values = Vec::new();
    if let Some(v) = item.get("Value") {
        if v.is_seq() {
            values.extend(v.items().iter().cloned());
        } else {
            values.push(v.clone());
        }
    }
    if let Some(vs) = item.get("Values") {
        if vs.is_seq() {
            values.extend(vs.items().iter().cloned());
        } else {
            values.push(vs.clone());
        }
    }
    MatchExpr::Key {
        key,
        cond,
        cond_span,
        values,
        span,
    }
}

fn model_value(n: &YamlNode) -> Value {
    let kind = match n.scalar_type() {
        Some(ScalarType::Int | ScalarType::Float) => ValueKind::Num,
        Some(ScalarType::Bool) => ValueKind::Bool,
        Some(ScalarType::Null) | None => ValueKind::Null,
        Some(ScalarType::Str) => ValueKind::Str,
    };
    Value {
        text: n.as_str().unwrap_or("").to_string(),
        kind,
        span: n.span,
    }
}

/// The private address ranges `IsIPAddressPrivate` tests (RFC 1918, RFC 4193, loopback,
/// link-local), as Python's `ipaddress.is_private` roughly does.
pub const PRIVATE_RANGES: &[&str] = &[
    "10.0.0.0/8",
    "172.16.0.0/12",
    "192.168.0.0/16",
    "127.0.0.0/8",
    "169.254.0.0/16",
    "100.64.0.0/10",
    "fc00::/7",
    "fe80::/10",
    "::1/128",
];

fn pred(key: &KeySpec, op: Op, values: Vec<Value>, ci: bool, raw: &str, span: Span) -> Expr {
    Expr::Pred(Predicate {
        field: Some(Spanned::new(key.text.clone(), key.span)),
        canonical: None,
        op,
        values,
        match_all: false,
        case_sensitive: !ci,
        raw_op: raw.to_string(),
        span,
    })
}

fn cond_name(c: ConditionName) -> &'static str {
    CONDITIONS
        .iter()
        .find(|(_, k)| *k == c)
        .map(|(n, _)| *n)
        .unwrap_or("")
}

/// Prefix every field of `e` with `prefix[*].` (list comprehension elements).
fn prefix_fields(e: &mut Expr, prefix: &str) {
    e.for_each_predicate_mut(&mut |p| {
        if let Some(f) = &mut p.field {
            f.value = format!("{prefix}[*].{}", f.value);
        }
    });
}

/// Lower a match expression to the shared model.
pub fn lower(m: &MatchExpr) -> Expr {
    use ConditionName::*;
    match m {
        MatchExpr::Combine { kind, items, span } => {
            let lowered: Vec<Expr> = items.iter().map(lower).collect();
            match kind {
                Combinator::All => Expr::And(lowered),
                Combinator::Any => Expr::Or(lowered),
                Combinator::None => Expr::Not(Box::new(Expr::Or(lowered))),
                Combinator::OnlyOne => {
                    if lowered.len() == 1 {
                        lowered.into_iter().next().unwrap_or(Expr::Or(Vec::new()))
                    } else {
                        Expr::Opaque(Opaque {
                            reason: "`OnlyOne` (exactly one of) has no equivalent in the model"
                                .into(),
                            span: *span,
                        })
                    }
                }
            }
        }
        MatchExpr::Absolute { value, .. } => {
            if *value {
                Expr::And(Vec::new())
            } else {
                Expr::Or(Vec::new())
            }
        }
        MatchExpr::Unsupported { reason, span } => Expr::Opaque(Opaque {
            reason: reason.clone(),
            span: *span,
        }),
        MatchExpr::MultiKey { span, cond, .. } => Expr::Opaque(Opaque {
            reason: format!(
                "`{}` compares two event keys with each other",
                cond_name(*cond)
            ),
            span: *span,
        }),
        MatchExpr::ListComprehension {
            key,
            cond,
            exprs,
            span,
            ..
        } => {
            let mut inner: Vec<Expr> = exprs.iter().map(lower).collect();
            for e in inner.iter_mut() {
                prefix_fields(e, &key.text);
            }
            let body = if inner.len() == 1 {
                inner.pop().unwrap_or(Expr::And(Vec::new()))
            } else {
                Expr::And(inner)
            };
            match cond {
                AnyElement => body,
                NoElement => Expr::Not(Box::new(body)),
                _ => Expr::Opaque(Opaque {
                    reason: format!(
                        "`{}` over `{}` has no equivalent in the model",
                        cond_name(*cond),
                        key.text
                    ),
                    span: *span,
                }),
            }
        }
        MatchExpr::Key {
            key,
            cond,
            values,
            span,
            ..
        } => {
            let (pos, neg) = cond.positive();
            let ci = cond.case_insensitive();
            let raw = cond_name(*cond);
            let vals: Vec<Value> = values.iter().map(model_value).collect();
            let op = match pos {
                Equals | IEquals => Some(Op::Eq),
                StartsWith | IStartsWith => Some(Op::StartsWith),
                EndsWith | IEndsWith => Some(Op::EndsWith),
                Contains | IContains => Some(Op::Contains),
                IsGreaterThan => Some(Op::Gt),
                IsGreaterThanOrEquals => Some(Op::Gte),
                IsLessThan => Some(Op::Lt),
                IsLessThanOrEquals => Some(Op::Lte),
                IsIn => Some(Op::In),
                IsIPAddressInCIDR => Some(Op::CidrMatch),
                Exists => Some(Op::Exists),
                IsNull | IsNullOrEmpty => Some(Op::IsNull),
                _ => None,
            };
            let e = match (op, pos) {
                (Some(op), _) => {
                    let vals = if matches!(op, Op::Exists | Op::IsNull) {
                        Vec::new()
                    } else {
                        vals
                    };
                    pred(key, op, vals, ci, raw, *span)
                }
                (None, IsIPAddressPrivate | IsIPAddressPublic) => {
                    let synth = PRIVATE_RANGES
                        .iter()
                        .map(|r| Value {
                            text: r.to_string(),
                            kind: ValueKind::Str,
                            span: m_cond_span(m),
                        })
                        .collect();
                    let p = pred(key, Op::CidrMatch, synth, false, raw, *span);
                    if pos == IsIPAddressPublic {
                        Expr::Not(Box::new(p))
                    } else {
                        p
                    }
                }
                _ => Expr::Opaque(Opaque {
                    reason: format!("`{raw}` on `{}` has no equivalent operator", key.text),
                    span: *span,
                }),
            };
            if neg {
                Expr::Not(Box::new(e))
            } else {
                e
            }
        }
    }
}

fn m_cond_span(m: &MatchExpr) -> Span {
    match m {
        MatchExpr::Key { cond_span, .. } => *cond_span,
        other => other.span(),
    }
}
