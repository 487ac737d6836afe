//! The rule model: the contract every format front end lowers into.
//!
//! A [`Rule`] is one detection rule (a file, or one document of a multi-document file) with its
//! metadata, ATT&CK mapping, the event kinds it looks at, and a boolean detection [`Expr`] whose
//! leaves are [`Predicate`]s or [`Opaque`] parts. Every node carries a byte [`Span`] in the file.

use serde::{Deserialize, Serialize};
use std::fmt;

/// A byte range in the file (`start..end`).
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, Default, Serialize, PartialOrd, Ord)]
pub struct Span {
    pub start: usize,
    pub end: usize,
}

impl Span {
    /// A span from `start` to `end` (byte offsets).
    pub const fn new(start: usize, end: usize) -> Self {
        Span { start, end }
    }
    /// An empty span at `at`.
    pub const fn point(at: usize) -> Self {
        Span { start: at, end: at }
    }
    /// The smallest span covering both.
    pub fn cover(self, other: Span) -> Span {
        Span::new(self.start.min(other.start), self.end.max(other.end))
    }
    /// Whether `offset` lies within the span (end inclusive, so a cursor after the last char hits).
    pub fn contains(self, offset: usize) -> bool {
        self.start <= offset && offset <= self.end
    }
    pub fn len(self) -> usize {
        self.end.saturating_sub(self.start)
    }
    pub fn is_empty(self) -> bool {
        self.end <= self.start
    }
}

/// A value with the span it was read from.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct Spanned<T> {
    pub value: T,
    pub span: Span,
}

impl<T> Spanned<T> {
    pub fn new(value: T, span: Span) -> Self {
        Spanned { value, span }
    }
}

/// The five rule formats detlint reads.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, Serialize, Deserialize, PartialOrd, Ord)]
#[serde(rename_all = "lowercase")]
pub enum Format {
    Sigma,
    Elastic,
    Splunk,
    Sentinel,
    Panther,
}

impl Format {
    pub const ALL: [Format; 5] = [
        Format::Sigma,
        Format::Elastic,
        Format::Splunk,
        Format::Sentinel,
        Format::Panther,
    ];
    /// Lower-case name, as used in configuration and output.
    pub fn name(self) -> &'static str {
        match self {
            Format::Sigma => "sigma",
            Format::Elastic => "elastic",
            Format::Splunk => "splunk",
            Format::Sentinel => "sentinel",
            Format::Panther => "panther",
        }
    }
    /// Parse a lower-case format name.
    pub fn from_name(name: &str) -> Option<Format> {
        Format::ALL.into_iter().find(|f| f.name() == name)
    }
}

impl fmt::Display for Format {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(self.name())
    }
}

/// The operator vocabulary shared by all formats.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, Serialize, Deserialize, PartialOrd, Ord)]
#[serde(rename_all = "snake_case")]
pub enum Op {
    Eq,
    Ne,
    In,
    Wildcard,
    StartsWith,
    EndsWith,
    Contains,
    RegexMatch,
    CidrMatch,
    Exists,
    IsNull,
    Gt,
    Gte,
    Lt,
    Lte,
    /// Full-text / keyword match (Sigma keywords, Lucene bare terms, Kusto `has`).
    Match,
}

impl Op {
    /// Every operator, in declaration order.
    pub const ALL: [Op; 16] = [
        Op::Eq,
        Op::Ne,
        Op::In,
        Op::Wildcard,
        Op::StartsWith,
        Op::EndsWith,
        Op::Contains,
        Op::RegexMatch,
        Op::CidrMatch,
        Op::Exists,
        Op::IsNull,
        Op::Gt,
        Op::Gte,
        Op::Lt,
        Op::Lte,
        Op::Match,
    ];

    /// The operator of a snake_case name.
    pub fn from_name(name: &str) -> Option<Op> {
        Op::ALL.into_iter().find(|o| o.name() == name)
    }

    /// The snake_case name used in output.
    pub fn name(self) -> &'static str {
        match self {
            Op::Eq => "eq",
            Op::Ne => "ne",
            Op::In => "in",
            Op::Wildcard => "wildcard",
            Op::StartsWith => "starts_with",
            Op::EndsWith => "ends_with",
            Op::Contains => "contains",
            Op::RegexMatch => "regex_match",
            Op::CidrMatch => "cidr_match",
            Op::Exists => "exists",
            Op::IsNull => "is_null",
            Op::Gt => "gt",
            Op::Gte => "gte",
            Op::Lt => "lt",
            Op::Lte => "lte",
            Op::Match => "match",
        }
    }
}

/// The kind of a literal value.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize)]
#[serde(rename_all = "lowercase")]
pub enum ValueKind {
    Str,
    Num,
    Bool,
    Null,
}

/// One literal value of a predicate, with its span in the file.
#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct Value {
    /// The decoded value (escapes resolved; wildcards kept as written).
    pub text: String,
    pub kind: ValueKind,
    pub span: Span,
}

/// A comparison of one field against values.
#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct Predicate {
    /// The field as written (`None` for keyword / full-text search).
    pub field: Option<Spanned<String>>,
    /// The canonical (ECS-named) field, filled in by the normalizer.
    pub canonical: Option<String>,
    pub op: Op,
    pub values: Vec<Value>,
    /// All values must match (Sigma `|all`, Kusto `has_all`); otherwise any one.
    pub match_all: bool,
    pub case_sensitive: bool,
    /// Vendor modifiers or operator spelling as written (`contains|all`, `=~`, `like~`).
    pub raw_op: String,
    pub span: Span,
}

/// A part of the detection that cannot be understood statically (a lookup, a helper call).
#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct Opaque {
    pub reason: String,
    pub span: Span,
}

/// The detection expression.
#[derive(Debug, Clone, PartialEq, Serialize)]
#[serde(rename_all = "lowercase")]
pub enum Expr {
    And(Vec<Expr>),
    Or(Vec<Expr>),
    Not(Box<Expr>),
    Pred(Predicate),
    Opaque(Opaque),
}

impl Expr {
    /// Visit every predicate with whether it sits under an odd number of negations.
    pub fn for_each_predicate<'a>(&'a self, f: &mut dyn FnMut(&'a Predicate, bool)) {
        fn walk<'a>(e: &'a Expr, neg: bool, f: &mut dyn FnMut(&'a Predicate, bool)) {
            match e {
                Expr::And(v) | Expr::Or(v) => v.iter().for_each(|c| walk(c, neg, f)),
                Expr::Not(c) => walk(c, !neg, f),
                Expr::Pred(p) => f(p, neg),
                Expr::Opaque(_) => {}
            }
        }
        walk(self, false, f)
    }

    /// Mutable visit of every predicate.
    pub fn for_each_predicate_mut(&mut self, f: &mut dyn FnMut(&mut Predicate)) {
        match self {
            Expr::And(v) | Expr::Or(v) => v.iter_mut().for_each(|c| c.for_each_predicate_mut(f)),
            Expr::Not(c) => c.for_each_predicate_mut(f),
            Expr::Pred(p) => f(p),
            Expr::Opaque(_) => {}
        }
    }

    /// The conjunctive branches of the expression (its disjunctive normal form, negations kept
    /// as literals), each a list of (predicate or opaque, negated). `None` when the expansion
    /// would exceed `limit` branches.
    pub fn branches(&self, limit: usize) -> Option<Vec<Vec<(&Expr, bool)>>> {
        fn go(e: &Expr, neg: bool, limit: usize) -> Option<Vec<Vec<(&Expr, bool)>>> {
            match (e, neg) {
                (Expr::Pred(_) | Expr::Opaque(_), _) => Some(vec![vec![(e, neg)]]),
                (Expr::Not(c), _) => go(c, !neg, limit),
                (Expr::And(v), false) | (Expr::Or(v), true) => {
                    let mut acc: Vec<Vec<(&Expr, bool)>> = vec![Vec::new()];
                    for c in v {
                        let bs = go(c, neg, limit)?;
                        if let [b] = bs.as_slice() {
                            // one branch (the common case): extend in place, no copies
                            for a in acc.iter_mut() {
                                a.extend(b.iter().copied());
                            }
                            continue;
                        }
                        let mut next = Vec::with_capacity(acc.len() * bs.len());
                        for a in &acc {
                            for b in &bs {
                                let mut x = a.clone();
                                x.extend(b.iter().copied());
                                next.push(x);
                            }
                        }
                        if next.len() > limit {
                            return None;
                        }
                        acc = next;
                    }
                    Some(acc)
                }
                (Expr::Or(v), false) | (Expr::And(v), true) => {
                    let mut acc = Vec::new();
                    for c in v {
                        acc.extend(go(c, neg, limit)?);
                        if acc.len() > limit {
                            return None;
                        }
                    }
                    Some(acc)
                }
            }
        }
        go(self, false, limit)
    }

    /// The conjuncts at the top level (a non-`And` expression is its own single conjunct).
    pub fn conjuncts(&self) -> &[Expr] {
        match self {
            Expr::And(v) => v,
            other => std::slice::from_ref(other),
        }
    }

    /// The conjuncts at the top level with nested `And`s flattened (an EQL sequence is the
    /// `And` of its terms, each an `And` of its own conditions).
    pub fn flat_conjuncts(&self) -> Vec<&Expr> {
        fn go<'a>(e: &'a Expr, out: &mut Vec<&'a Expr>) {
            match e {
                Expr::And(v) => v.iter().for_each(|c| go(c, out)),
                other => out.push(other),
            }
        }
        let mut out = Vec::new();
        go(self, &mut out);
        out
    }

    /// Top-level exclusions: the predicates under a `Not` that is conjoined at the top level.
    pub fn exclusions(&self) -> Vec<&Predicate> {
        let mut out = Vec::new();
        for c in self.flat_conjuncts() {
            if let Expr::Not(inner) = c {
                inner.for_each_predicate(&mut |p, neg| {
                    if !neg {
                        out.push(p)
                    }
                });
            }
        }
        out
    }
}

/// What kind of document a rule is.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Default)]
#[serde(rename_all = "snake_case")]
pub enum RuleKind {
    #[default]
    Detection,
    Correlation,
    Filter,
    Hunting,
    Policy,
}

/// One detection rule in the shared model.
#[derive(Debug, Clone, PartialEq, Serialize, Default)]
pub struct Rule {
    pub format: Option<Format>,
    pub kind: RuleKind,
    pub id: Option<Spanned<String>>,
    pub title: Option<Spanned<String>>,
    pub description: Option<Spanned<String>>,
    pub status: Option<Spanned<String>>,
    pub level: Option<Spanned<String>>,
    pub author: Option<Spanned<String>>,
    pub date: Option<Spanned<String>>,
    pub modified: Option<Spanned<String>>,
    pub references: Vec<Spanned<String>>,
    pub tags: Vec<Spanned<String>>,
    /// ATT&CK technique ids (`T1059`, `T1059.001`), upper-case.
    pub techniques: Vec<Spanned<String>>,
    /// ATT&CK tactics as written: ids (`TA0002`) or short names (`execution`).
    pub tactics: Vec<Spanned<String>>,
    /// Platforms (`windows`, `linux`, `aws`, …).
    pub platforms: Vec<String>,
    /// Normalized event kinds (`process_creation`, `network_connection`, …).
    pub event_kinds: Vec<String>,
    /// Vendor context used to resolve field names: (`key`, `value`) pairs such as
    /// (`category`, `process_creation`), (`table`, `DeviceProcessEvents`), (`datamodel`, `Endpoint.Processes`).
    pub context: Vec<(String, String)>,
    pub detection: Option<Expr>,
    /// The span of the whole rule document.
    pub span: Span,
    /// The rule's normalized indicators (positive, excluded), computed once by
    /// `catalog::build::rule_indicators`.
    #[serde(skip)]
    pub indicators: Memo<crate::catalog::build::RuleIndicators>,
    /// Their catalog ids, computed once by `catalog::build::rule_indicator_ids`.
    #[serde(skip)]
    pub indicator_ids: Memo<crate::catalog::build::RuleIndicatorIds>,
}

/// A value computed from its owner once, on first use. It takes no part in equality, and a
/// clone starts empty (a cloned rule may be changed, so it computes again).
pub struct Memo<T>(std::sync::OnceLock<T>);

impl<T> Memo<T> {
    /// The value, computed by `f` on first use.
    pub fn get_or_init(&self, f: impl FnOnce() -> T) -> &T {
        self.0.get_or_init(f)
    }
}

impl<T> Default for Memo<T> {
    fn default() -> Self {
        Memo(std::sync::OnceLock::new())
    }
}

impl<T> Clone for Memo<T> {
    fn clone(&self) -> Self {
        Memo::default()
    }
}

impl<T> PartialEq for Memo<T> {
    fn eq(&self, _: &Self) -> bool {
        true
    }
}

impl<T> std::fmt::Debug for Memo<T> {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.write_str("Memo")
    }
}

impl Rule {
    /// Every predicate of the detection with its negation flag.
    pub fn predicates(&self) -> Vec<(&Predicate, bool)> {
        let mut out = Vec::new();
        if let Some(d) = &self.detection {
            d.for_each_predicate(&mut |p, neg| out.push((p, neg)));
        }
        out
    }

    /// The first context value for `key`.
    pub fn context_value(&self, key: &str) -> Option<&str> {
        self.context
            .iter()
            .find(|(k, _)| k == key)
            .map(|(_, v)| v.as_str())
    }
}
