//! Lowering a parsed Kusto query into the rule model.
//!
//! The detection is an `Or` over the query's *branches* — one per source table: the pipeline's
//! own table, each `union` operand and each `join`/`lookup` right-hand side — and each branch is
//! the `And` of the `where` filters applied to it. A `where` after a `union` applies to every
//! branch so far; a `where` after a `join` applies to the left-hand branches only (the right side
//! keeps the filters written inside its parentheses). The right side of an anti-join
//! (`kind=leftanti`, `rightanti`, `anti`) is not a branch: the left branches get an `Opaque`
//! "anti-join" part (its tables are still listed). A branch without any filter is `And([])`
//! (every event of the table). A `where` after `summarize` / `make-series` / `count` filters
//! groups, not events: it is kept as `Opaque`. `let` names used as sources are followed (depth-limited), `let`
//! lists are inlined into `in`/`has_any` values, and whatever cannot be read statically (a
//! comparison of two columns, a call, a sub-query list) becomes `Opaque` with a reason.

use super::{tables, KqlQuery, TableRef};
use crate::model::{Expr, Op, Opaque, Predicate, Spanned, Value, ValueKind};
use detlint_kusto as k;
use detlint_kusto::{Filter, PredicateOp};

/// The lowered view of a query.
pub(super) struct Lowered {
    pub detection: Expr,
    pub event_kinds: Vec<String>,
    pub context: Vec<(String, String)>,
    pub tables: Vec<TableRef>,
}

/// One source table and the filters applied to it.
struct Branch {
    table: Option<TableRef>,
    conj: Vec<Expr>,
}

impl Branch {
    fn new(table: Option<TableRef>) -> Self {
        Branch {
            table,
            conj: Vec::new(),
        }
    }
}

const MAX_DEPTH: usize = 48;
const RFC1918: [&str; 3] = ["10.0.0.0/8", "172.16.0.0/12", "192.168.0.0/16"];

struct Lowerer<'q> {
    q: &'q KqlQuery,
    depth: usize,
    /// `let` names being expanded (against cycles such as `let a = a | where …`).
    visiting: Vec<&'q str>,
    /// Statement lists whose `let`s are in scope (the query, then enclosing function bodies).
    scopes: Vec<&'q [k::Statement]>,
    tables: Vec<TableRef>,
}

/// Lower the whole query.
pub(super) fn lower(q: &KqlQuery) -> Lowered {
    let mut l = Lowerer {
        q,
        depth: 0,
        visiting: Vec::new(),
        scopes: vec![&q.ast.statements],
        tables: Vec::new(),
    };
    let body = q.ast.statements.iter().rev().find_map(|s| match s {
        k::Statement::Expr(e) => Some(e),
        _ => None,
    });
    let branches = match body {
        Some(e) => l.tabular(e),
        None => vec![Branch {
            table: None,
            conj: vec![opaque("the query has no tabular expression", q.span)],
        }],
    };

    let mut context: Vec<(String, String)> = Vec::new();
    let mut event_kinds: Vec<String> = Vec::new();
    let push = |v: &mut Vec<(String, String)>, key: &str, val: String| {
        if !v.iter().any(|(k, x)| k == key && *x == val) {
            v.push((key.to_string(), val));
        }
    };
    for b in &branches {
        let Some(t) = &b.table else { continue };
        push(&mut context, "table", t.name.clone());
        let ids = if tables::is_windows_event_table(&t.name) {
            event_ids(&b.conj)
        } else {
            Vec::new()
        };
        for id in &ids {
            push(&mut context, "event_id", id.clone());
        }
        for kind in tables::event_kinds(&t.name, &ids) {
            if !event_kinds.iter().any(|x| x == kind) {
                event_kinds.push(kind.to_string());
            }
        }
    }
    let mut exprs: Vec<Expr> = branches
        .into_iter()
        .map(|b| match b.conj.len() {
            1 => b.conj.into_iter().next().unwrap_or(Expr::And(Vec::new())),
            _ => Expr::And(b.conj),
        })
        .collect();
    let detection = if exprs.len() == 1 {
        exprs.pop().unwrap_or(Expr::And(Vec::new()))
    } else {
        Expr::Or(exprs)
    };
    Lowered {
        detection,
        event_kinds,
        context,
        tables: l.tables,
    }
}

/// `EventID == n` / `EventID in (…)` values of a branch's top-level, non-negated filters.
fn event_ids(conj: &[Expr]) -> Vec<String> {
    let mut out: Vec<String> = Vec::new();
    for c in conj {
        let mut visit = |p: &Predicate, neg: bool| {
            let is_id = p
                .field
                .as_ref()
                .is_some_and(|f| f.value.eq_ignore_ascii_case("EventID"));
            if is_id && !neg && matches!(p.op, Op::Eq | Op::In) {
                for v in &p.values {
                    if !out.contains(&v.text) {
                        out.push(v.text.clone());
                    }
                }
            }
        };
        match c {
            Expr::Pred(p) => visit(p, false),
            Expr::Or(v) | Expr::And(v) => v.iter().for_each(|e| {
                if let Expr::Pred(p) = e {
                    visit(p, false)
                }
            }),
            _ => {}
        }
    }
    out
}

fn opaque(reason: impl Into<String>, span: crate::model::Span) -> Expr {
    Expr::Opaque(Opaque {
        reason: reason.into(),
        span,
    })
}

/// The operator name as written, whitespace collapsed (`matches  regex` → `matches regex`).
fn collapse(s: &str) -> String {
    s.split_whitespace().collect::<Vec<_>>().join(" ")
}

impl<'q> Lowerer<'q> {
    fn span(&self, s: k::Span) -> crate::model::Span {
        self.q.file_span(s)
    }

    fn short(&self, e: &k::Expr) -> String {
        let t = collapse(self.q.slice(e.span()));
        if t.chars().count() > 60 {
            let cut: String = t.chars().take(57).collect();
            format!("{cut}…")
        } else {
            t
        }
    }

    fn table(&mut self, name: &str, span: k::Span, is_call: bool) -> Branch {
        let t = TableRef {
            name: name.to_string(),
            span: self.span(span),
            is_call,
        };
        if !self
            .tables
            .iter()
            .any(|x| x.name == t.name && x.span == t.span)
        {
            self.tables.push(t.clone());
        }
        Branch::new(Some(t))
    }

    /// The innermost `let` binding of `name` in scope (later lets shadow earlier ones).
    fn lookup(&self, name: &str) -> Option<&'q k::LetStmt> {
        self.scopes.iter().rev().find_map(|stmts| {
            stmts.iter().rev().find_map(|s| match s {
                k::Statement::Let(l) if l.name.name == name => Some(l),
                _ => None,
            })
        })
    }

    /// The final tabular expression of a function body.
    fn function_body(f: &'q k::FunctionExpr) -> Option<&'q k::Expr> {
        f.body.iter().rev().find_map(|s| match s {
            k::Statement::Expr(e) => Some(e),
            _ => None,
        })
    }

    /// Follow a `let`-bound name used as a source.
    fn let_source(&mut self, name: &'q str, value: &'q k::Expr, at: k::Span) -> Vec<Branch> {
        if self.visiting.contains(&name) {
            return vec![Branch {
                table: None,
                conj: vec![opaque(format!("recursive `let {name}`"), self.span(at))],
            }];
        }
        self.visiting.push(name);
        let out = match value.unparen() {
            k::Expr::Function(f) => match Self::function_body(f) {
                Some(b) => {
                    self.scopes.push(&f.body);
                    let out = self.tabular(b);
                    self.scopes.pop();
                    out
                }
                None => vec![Branch::new(None)],
            },
            k::Expr::String(_) | k::Expr::Number(_) | k::Expr::Dynamic(_) | k::Expr::Bool(_) => {
                vec![Branch {
                    table: None,
                    conj: vec![opaque(
                        format!("`{name}` is a scalar, not a table"),
                        self.span(at),
                    )],
                }]
            }
            v => self.tabular(v),
        };
        self.visiting.pop();
        out
    }

    /// The branches of a tabular expression.
    fn tabular(&mut self, e: &'q k::Expr) -> Vec<Branch> {
        if self.depth >= MAX_DEPTH {
            return vec![Branch {
                table: None,
                conj: vec![opaque("query nested too deeply", self.span(e.span()))],
            }];
        }
        self.depth += 1;
        let out = self.tabular_inner(e);
        self.depth -= 1;
        out
    }

    fn tabular_inner(&mut self, e: &'q k::Expr) -> Vec<Branch> {
        match e.unparen() {
            k::Expr::Pipeline(p) => {
                let mut branches = match &p.source {
                    Some(s) => self.tabular(s),
                    None => vec![Branch::new(None)],
                };
                let mut active = branches.len();
                // after `summarize` / `make-series` / `count` rows are groups, not events
                let mut aggregated = false;
                for op in &p.ops {
                    match &op.kind {
                        k::OperatorKind::Summarize { .. }
                        | k::OperatorKind::MakeSeries { .. }
                        | k::OperatorKind::Count => aggregated = true,
                        k::OperatorKind::Where(pred) => {
                            let f = if aggregated {
                                opaque(
                                    format!("filter on aggregated rows `{}`", self.short(pred)),
                                    self.span(pred.span()),
                                )
                            } else {
                                self.filter(pred)
                            };
                            for b in branches.iter_mut().take(active) {
                                match &f {
                                    Expr::And(v) => b.conj.extend(v.iter().cloned()),
                                    other => b.conj.push(other.clone()),
                                }
                            }
                        }
                        k::OperatorKind::Join { right, params, .. } => {
                            let rb = self.tabular(right);
                            let anti = params.iter().any(|p| {
                                p.name.name == "kind"
                                    && matches!(p.value.unparen(), k::Expr::Name(n)
                                        if n.name.to_ascii_lowercase().contains("anti"))
                            });
                            if anti {
                                // rows *without* a match on the right: an exclusion whose
                                // predicates are on another table; its tables stay listed
                                let o = opaque(
                                    format!("anti-join `{}`", self.short(right)),
                                    self.span(op.span),
                                );
                                for b in branches.iter_mut().take(active) {
                                    b.conj.push(o.clone());
                                }
                            } else {
                                branches.extend(rb);
                            }
                        }
                        k::OperatorKind::Union { tables, .. } => {
                            for t in tables {
                                let tb = self.tabular(t);
                                branches.extend(tb);
                            }
                            active = branches.len();
                        }
                        k::OperatorKind::Search { .. } | k::OperatorKind::Find { .. } => {
                            let o = opaque(
                                format!("`{}` term search", op.name.name),
                                self.span(op.span),
                            );
                            for b in branches.iter_mut().take(active) {
                                b.conj.push(o.clone());
                            }
                        }
                        _ => {}
                    }
                }
                branches
            }
            k::Expr::Name(n) => match self.lookup(&n.name) {
                Some(l) => self.let_source(&l.name.name, &l.value, n.span),
                None => vec![self.table(&n.name, n.span, false)],
            },
            k::Expr::Call(c) => {
                let name = c.name.name.as_str();
                if let Some(l) = self.lookup(name) {
                    return self.let_source(&l.name.name, &l.value, c.name.span);
                }
                match name {
                    "table" => match c.args.first().and_then(|a| a.value.as_str_lit()) {
                        Some(s) => vec![self.table(&s.value, s.span, false)],
                        None => vec![Branch::new(None)],
                    },
                    "materialize" | "view" => match c.args.first() {
                        Some(a) => self.tabular(&a.value),
                        None => vec![Branch::new(None)],
                    },
                    _ => {
                        let mut b = self.table(name, c.name.span, true);
                        if tables::asim_schema(name).is_some() {
                            b.conj = self.asim_params(c);
                        }
                        vec![b]
                    }
                }
            }
            k::Expr::Source(op) => match &op.kind {
                k::OperatorKind::Union { tables, .. } => {
                    let mut out = Vec::new();
                    for t in tables {
                        out.extend(self.tabular(t));
                    }
                    out
                }
                _ => vec![Branch {
                    table: None,
                    conj: vec![opaque(
                        format!("`{}` source", op.name.name),
                        self.span(op.span),
                    )],
                }],
            },
            other => vec![Branch {
                table: None,
                conj: vec![opaque(
                    format!("source `{}`", self.short(other)),
                    self.span(other.span()),
                )],
            }],
        }
    }

    /// The filtering parameters of an ASIM parser call (`_Im_Dns(domain_has_any=L)`,
    /// `imAuthentication(eventresult='Failure')`) as predicates on the ASIM field; time
    /// parameters are time windows; parameters of unknown meaning are `Opaque`.
    fn asim_params(&self, c: &'q k::CallExpr) -> Vec<Expr> {
        let mut out = Vec::new();
        for a in &c.args {
            let Some(pname) = &a.name else { continue };
            let lower = pname.name.to_ascii_lowercase();
            let span = self.span(a.span);
            if matches!(lower.as_str(), "starttime" | "endtime") {
                out.push(opaque(
                    format!("time window `{}`", self.short(&a.value)),
                    span,
                ));
                continue;
            }
            let (base, op, all) = if let Some(b) = lower.strip_suffix("_has_any_prefix") {
                (b, Op::StartsWith, false)
            } else if let Some(b) = lower.strip_suffix("_has_any") {
                (b, Op::Contains, false)
            } else if let Some(b) = lower.strip_suffix("_has_all") {
                (b, Op::Contains, true)
            } else if let Some(b) = lower.strip_suffix("_in") {
                (b, Op::In, false)
            } else {
                (lower.as_str(), Op::Eq, false)
            };
            let Some(field) = tables::asim_param_field(base) else {
                out.push(opaque(
                    format!("ASIM parameter `{}`", self.short(&a.value)),
                    span,
                ));
                continue;
            };
            // the value: a literal, a `let` list, or `dynamic([...])`
            let items: Vec<&'q k::Expr> = match a.value.unparen() {
                k::Expr::Name(n) => match self.lookup(&n.name) {
                    Some(l) => k::visit::literal_list(&l.value).unwrap_or_else(|| vec![&a.value]),
                    None => vec![&a.value],
                },
                k::Expr::Dynamic(_) => k::visit::literal_list(&a.value).unwrap_or_default(),
                _ => vec![&a.value],
            };
            let values: Option<Vec<Value>> = items.iter().map(|x| self.value(x)).collect();
            match values {
                Some(values) if !values.is_empty() => out.push(Expr::Pred(Predicate {
                    field: Some(Spanned::new(field.to_string(), self.span(pname.span))),
                    canonical: None,
                    op,
                    values,
                    match_all: all,
                    case_sensitive: false,
                    raw_op: pname.name.clone(),
                    span,
                })),
                _ => out.push(opaque(
                    format!(
                        "ASIM parameter with a non-literal value `{}`",
                        self.short(&a.value)
                    ),
                    span,
                )),
            }
        }
        out
    }

    /// Lower a `where` predicate.
    fn filter(&self, pred: &'q k::Expr) -> Expr {
        let f = k::filter_of(pred, &self.q.ast);
        self.lower_filter(&f)
    }

    fn lower_filter(&self, f: &Filter<'q>) -> Expr {
        match f {
            Filter::And(v) => Expr::And(v.iter().map(|x| self.lower_filter(x)).collect()),
            Filter::Or(v) => Expr::Or(v.iter().map(|x| self.lower_filter(x)).collect()),
            Filter::Not(x) => Expr::Not(Box::new(self.lower_filter(x))),
            Filter::Opaque(e) => self.call_or_opaque(e),
            Filter::Predicate(p) => self.predicate(p),
        }
    }

    /// A literal value (following `let` names bound to literals).
    fn value(&self, e: &'q k::Expr) -> Option<Value> {
        let (text, kind, span) = match e.unparen() {
            k::Expr::String(s) => (s.value.clone(), ValueKind::Str, s.span),
            k::Expr::Number(l) => (l.text.clone(), ValueKind::Num, l.span),
            k::Expr::Timespan(l) => (l.text.clone(), ValueKind::Str, l.span),
            k::Expr::Bool(b) => (b.value.to_string(), ValueKind::Bool, b.span),
            k::Expr::Null(s) => ("null".to_string(), ValueKind::Null, *s),
            k::Expr::TypedLit(t) => (t.raw.clone(), ValueKind::Str, t.span),
            k::Expr::Unary(u) if matches!(u.op, k::UnaryOp::Neg) => match &u.operand {
                k::Expr::Number(l) => (format!("-{}", l.text), ValueKind::Num, u.span),
                _ => return None,
            },
            k::Expr::Name(n) => {
                let l = self.lookup(&n.name)?;
                if matches!(l.value.unparen(), k::Expr::Name(_)) {
                    return None; // no chains of names
                }
                return self.value(&l.value);
            }
            _ => return None,
        };
        Some(Value {
            text,
            kind,
            span: self.span(span),
        })
    }

    fn predicate(&self, p: &k::Predicate<'q>) -> Expr {
        let span = self.span(p.expr.span());
        let op_span = match p.expr {
            k::Expr::Binary(b) => Some(b.op_span),
            k::Expr::InList(i) => Some(i.op_span),
            _ => None,
        };
        let raw_op = match (op_span, p.op) {
            (_, PredicateOp::Between { negated }) => {
                if negated { "!between" } else { "between" }.to_string()
            }
            (Some(s), _) => collapse(self.q.slice(s)),
            (None, _) => String::new(),
        };
        let mut values = Vec::with_capacity(p.values.len());
        for v in &p.values {
            // a list bound by a `let` in an enclosing function body
            let scoped = match (v.unparen(), p.op) {
                (k::Expr::Name(n), PredicateOp::List(_)) => self
                    .lookup(&n.name)
                    .map(|l| (l, k::visit::literal_list(&l.value))),
                _ => None,
            };
            if let Some((_, Some(list))) = &scoped {
                for x in list {
                    match self.value(x) {
                        Some(x) => values.push(x),
                        None => {
                            return opaque(
                                format!("non-literal list item in `{}`", self.short(p.expr)),
                                span,
                            )
                        }
                    }
                }
                continue;
            }
            match self.value(v) {
                Some(v) => values.push(v),
                None => {
                    let what = if p.field_path == "TimeGenerated" || p.field_path == "Timestamp" {
                        "time window"
                    } else if scoped.is_some() {
                        "list from a sub-query"
                    } else {
                        "comparison with a non-literal value"
                    };
                    return opaque(format!("{what} `{}`", self.short(p.expr)), span);
                }
            }
        }
        let field = Some(Spanned::new(
            p.field_path.clone(),
            self.span(p.field.span()),
        ));
        let mk = |op: Op, values: Vec<Value>, cs: bool, all: bool| {
            Expr::Pred(Predicate {
                field: field.clone(),
                canonical: None,
                op,
                values,
                match_all: all,
                case_sensitive: cs,
                raw_op: raw_op.clone(),
                span,
            })
        };
        let (op, cs, negated, all) = match p.op {
            PredicateOp::Cmp(c) => match c {
                k::CmpOp::Eq => (Op::Eq, true, false, false),
                k::CmpOp::NotEq => (Op::Eq, true, true, false),
                k::CmpOp::EqCi => (Op::Eq, false, false, false),
                k::CmpOp::NotEqCi => (Op::Eq, false, true, false),
                k::CmpOp::Lt => (Op::Lt, true, false, false),
                k::CmpOp::LtEq => (Op::Lte, true, false, false),
                k::CmpOp::Gt => (Op::Gt, true, false, false),
                k::CmpOp::GtEq => (Op::Gte, true, false, false),
            },
            PredicateOp::Str(s) => {
                let op = match s.kind {
                    k::StrOpKind::Has | k::StrOpKind::Contains => Op::Contains,
                    k::StrOpKind::HasPrefix | k::StrOpKind::StartsWith => Op::StartsWith,
                    k::StrOpKind::HasSuffix | k::StrOpKind::EndsWith => Op::EndsWith,
                    k::StrOpKind::MatchesRegex => Op::RegexMatch,
                    k::StrOpKind::Like => Op::Wildcard,
                };
                (op, s.case_sensitive, s.negated, false)
            }
            PredicateOp::List(l) => match l {
                k::ListOp::In => (Op::In, true, false, false),
                k::ListOp::NotIn => (Op::In, true, true, false),
                k::ListOp::InCi => (Op::In, false, false, false),
                k::ListOp::NotInCi => (Op::In, false, true, false),
                k::ListOp::HasAny => (Op::Contains, false, false, false),
                k::ListOp::HasAll => (Op::Contains, false, false, true),
            },
            PredicateOp::Between { negated } => {
                let mut it = values.into_iter();
                let (Some(lo), Some(hi)) = (it.next(), it.next()) else {
                    return opaque("`between` without two bounds", span);
                };
                let e = Expr::And(vec![
                    mk(Op::Gte, vec![lo], true, false),
                    mk(Op::Lte, vec![hi], true, false),
                ]);
                return if negated { Expr::Not(Box::new(e)) } else { e };
            }
        };
        let e = mk(op, values, cs, all);
        if negated {
            Expr::Not(Box::new(e))
        } else {
            e
        }
    }

    /// Function-style and wrapped predicates the model understands; anything else is `Opaque`.
    fn call_or_opaque(&self, e: &'q k::Expr) -> Expr {
        if let Some(x) = self.wrapped(e) {
            return x;
        }
        self.call_pred(e)
    }

    /// Comparisons the grammar's `filter_of` leaves opaque but the model can read:
    /// `tolower(f) in~ (…)` / `tostring(f) has "x"` (a field inside a conversion),
    /// `ipv4_is_private(f) == false` (a boolean predicate compared with a literal), and time
    /// windows against parameters (`TimeGenerated >= starttime`).
    fn wrapped(&self, e: &'q k::Expr) -> Option<Expr> {
        let (lhs, op, values): (&'q k::Expr, PredicateOp, Vec<&'q k::Expr>) = match e.unparen() {
            k::Expr::Binary(b) => match b.op {
                k::BinaryOp::Cmp(c) => (&b.lhs, PredicateOp::Cmp(c), vec![&b.rhs]),
                k::BinaryOp::Str(s) => (&b.lhs, PredicateOp::Str(s), vec![&b.rhs]),
                k::BinaryOp::Arith(_) => return None,
            },
            k::Expr::InList(i) => (
                &i.lhs,
                PredicateOp::List(i.op),
                self.q.ast.resolve_in_items(&i.items),
            ),
            _ => return None,
        };
        let lhs = lhs.unparen();
        if let Some(path) = lhs.field_path() {
            if matches!(path.as_str(), "TimeGenerated" | "Timestamp" | "TimeCreated")
                && matches!(op, PredicateOp::Cmp(_))
            {
                return Some(opaque(
                    format!("time window `{}`", self.short(e)),
                    self.span(e.span()),
                ));
            }
            return None;
        }
        let k::Expr::Call(c) = lhs else { return None };
        let fname = c.name.name.to_ascii_lowercase();
        // `ipv4_is_private(f) == false`
        if let PredicateOp::Cmp(cmp @ (k::CmpOp::Eq | k::CmpOp::NotEq | k::CmpOp::EqCi)) = op {
            let truth = match values.first().map(|v| v.unparen()) {
                Some(k::Expr::Bool(b)) => Some(b.value),
                Some(k::Expr::String(s)) if s.value.eq_ignore_ascii_case("true") => Some(true),
                Some(k::Expr::String(s)) if s.value.eq_ignore_ascii_case("false") => Some(false),
                _ => None,
            };
            if let Some(truth) = truth {
                let inner = self.call_pred(lhs);
                if matches!(inner, Expr::Opaque(_)) {
                    return None;
                }
                let positive = truth == (cmp != k::CmpOp::NotEq);
                return Some(if positive {
                    inner
                } else {
                    Expr::Not(Box::new(inner))
                });
            }
        }
        // a field inside a case or type conversion
        let ci = matches!(fname.as_str(), "tolower" | "toupper");
        if !(ci || matches!(fname.as_str(), "tostring" | "trim")) || c.args.len() != 1 {
            return None;
        }
        let field = &c.args[0].value;
        let field_path = field.field_path()?;
        let p = k::Predicate {
            field,
            field_path,
            op,
            values,
            expr: e.unparen(),
        };
        let mut out = self.predicate(&p);
        if ci {
            out.for_each_predicate_mut(&mut |p| p.case_sensitive = false);
        }
        Some(out)
    }

    /// Function-style predicates (`ipv4_is_in_range(f, …)`, `isnotempty(f)`); else `Opaque`.
    fn call_pred(&self, e: &'q k::Expr) -> Expr {
        let span = self.span(e.span());
        if let k::Expr::Call(c) = e.unparen() {
            let name = c.name.name.to_ascii_lowercase();
            let field = c.args.first().and_then(|a| {
                a.value
                    .field_path()
                    .filter(|_| {
                        !matches!(a.value.unparen(), k::Expr::Name(n) if self.q.ast.let_binding(&n.name).is_some())
                    })
                    .map(|f| Spanned::new(f, self.span(a.value.span())))
            });
            let pred = |op: Op, values: Vec<Value>| {
                Expr::Pred(Predicate {
                    field: field.clone(),
                    canonical: None,
                    op,
                    values,
                    match_all: false,
                    case_sensitive: false,
                    raw_op: c.name.name.clone(),
                    span,
                })
            };
            if field.is_some() {
                match name.as_str() {
                    "ipv4_is_in_range"
                    | "ipv6_is_in_range"
                    | "ipv4_is_in_any_range"
                    | "ipv6_is_in_any_range"
                    | "ipv4_is_match" => {
                        let items: Vec<&k::Expr> = c.args[1..].iter().map(|a| &a.value).collect();
                        let mut values = Vec::new();
                        for it in items {
                            let list = match it.unparen() {
                                k::Expr::Name(n) => self.q.ast.resolve_list(&n.name),
                                k::Expr::Dynamic(_) => k::visit::literal_list(it),
                                _ => None,
                            };
                            match list {
                                Some(l) => {
                                    for x in l {
                                        values.extend(self.value(x));
                                    }
                                }
                                None => match self.value(it) {
                                    Some(v) => values.push(v),
                                    None => {
                                        return opaque(
                                            format!("`{}` with a non-literal range", c.name.name),
                                            span,
                                        )
                                    }
                                },
                            }
                        }
                        if !values.is_empty() && name != "ipv4_is_match" {
                            return pred(Op::CidrMatch, values);
                        }
                    }
                    "ipv4_is_private" => {
                        let values = RFC1918
                            .iter()
                            .map(|r| Value {
                                text: r.to_string(),
                                kind: ValueKind::Str,
                                span,
                            })
                            .collect();
                        return pred(Op::CidrMatch, values);
                    }
                    "isnotempty" | "isnotnull" if c.args.len() == 1 => {
                        return pred(Op::Exists, Vec::new())
                    }
                    "isempty" | "isnull" if c.args.len() == 1 => {
                        return pred(Op::IsNull, Vec::new())
                    }
                    _ => {}
                }
            }
        }
        opaque(format!("kusto expression `{}`", self.short(e)), span)
    }
}
