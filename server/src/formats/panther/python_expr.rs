//! Lowering of Python expressions of a Panther rule body (tree-sitter-python nodes) into the
//! shared [`Expr`]: field accessors (`event.get`, `event.deep_get`, `deep_get(event, …)`,
//! `event.udm`, `event["k"]`), literals and module constants, comparisons, `in`, string methods,
//! `re`, `ipaddress`, `any(… for … in CONST)`, `not/and/or`, and helper functions of the same
//! file. Whatever is not understood becomes [`Expr::Opaque`].

use super::python::{Env, Lowerer};
use super::simple::PRIVATE_RANGES;
use crate::model::{Expr, Op, Opaque, Predicate, Span, Spanned, Value, ValueKind};
use std::rc::Rc;
use tree_sitter::Node;

/// A field read from the event.
#[derive(Debug, Clone)]
pub(crate) struct FieldRef {
    pub name: String,
    pub span: Span,
    /// The value was lower-cased (`.lower()`, `.casefold()`).
    pub folded: bool,
}

pub(crate) fn span(n: Node) -> Span {
    Span::new(n.start_byte(), n.end_byte())
}

/// `And` with flattening and removal of `true`.
pub(crate) fn and(items: Vec<Expr>) -> Expr {
    let mut out = Vec::new();
    for i in items {
        match i {
            Expr::And(v) => out.extend(v),
            o => out.push(o),
        }
    }
    if out.iter().any(is_false) {
        return Expr::Or(Vec::new());
    }
    if out.len() == 1 {
        return out.pop().unwrap_or(Expr::And(Vec::new()));
    }
    Expr::And(out)
}

/// `Or` with flattening and removal of `false`.
pub(crate) fn or(items: Vec<Expr>) -> Expr {
    let mut out = Vec::new();
    for i in items {
        match i {
            Expr::Or(v) => out.extend(v),
            o => out.push(o),
        }
    }
    if out.iter().any(is_true) {
        return Expr::And(Vec::new());
    }
    if out.len() == 1 {
        return out.pop().unwrap_or(Expr::Or(Vec::new()));
    }
    Expr::Or(out)
}

pub(crate) fn not(e: Expr) -> Expr {
    let all_negated = |v: &[Expr]| !v.is_empty() && v.iter().all(|x| matches!(x, Expr::Not(_)));
    let strip = |v: Vec<Expr>| {
        v.into_iter()
            .map(|x| match x {
                Expr::Not(i) => *i,
                o => o,
            })
            .collect::<Vec<_>>()
    };
    match e {
        Expr::Not(inner) => *inner,
        // De Morgan when every operand is negated: `not (not a or not b)` → `a and b`.
        Expr::Or(v) if all_negated(&v) => and(strip(v)),
        Expr::And(v) if all_negated(&v) => or(strip(v)),
        e if is_true(&e) => Expr::Or(Vec::new()),
        e if is_false(&e) => Expr::And(Vec::new()),
        e => Expr::Not(Box::new(e)),
    }
}

pub(crate) fn is_true(e: &Expr) -> bool {
    matches!(e, Expr::And(v) if v.is_empty())
}

pub(crate) fn is_false(e: &Expr) -> bool {
    matches!(e, Expr::Or(v) if v.is_empty())
}

pub(crate) fn opaque(reason: impl Into<String>, sp: Span) -> Expr {
    Expr::Opaque(Opaque {
        reason: reason.into(),
        span: sp,
    })
}

fn pred(f: &FieldRef, op: Op, values: Vec<Value>, raw: &str, sp: Span, ci: bool) -> Expr {
    Expr::Pred(Predicate {
        field: Some(Spanned::new(f.name.clone(), f.span)),
        canonical: None,
        op,
        values,
        match_all: false,
        case_sensitive: !(ci || f.folded),
        raw_op: raw.to_string(),
        span: sp,
    })
}

impl<'t> Lowerer<'t> {
    pub(crate) fn text(&self, n: Node) -> &'t str {
        self.src.get(n.start_byte()..n.end_byte()).unwrap_or("")
    }

    /// The arguments of a call: (positional, keyword name → value).
    pub(crate) fn call_args(&self, call: Node<'t>) -> (Vec<Node<'t>>, Vec<(String, Node<'t>)>) {
        let mut pos = Vec::new();
        let mut kw = Vec::new();
        if let Some(args) = call.child_by_field_name("arguments") {
            let mut c = args.walk();
            for a in args.named_children(&mut c) {
                if a.kind() == "keyword_argument" {
                    if let (Some(n), Some(v)) = (
                        a.child_by_field_name("name"),
                        a.child_by_field_name("value"),
                    ) {
                        kw.push((self.text(n).to_string(), v));
                    }
                } else if a.kind() != "comment" {
                    pos.push(a);
                }
            }
        }
        (pos, kw)
    }

    /// A string literal's decoded value (None for f-strings with interpolation).
    pub(crate) fn string_value(&self, n: Node) -> Option<String> {
        match n.kind() {
            "string" => {
                let mut out = String::new();
                let mut raw = false;
                let mut c = n.walk();
                for ch in n.children(&mut c) {
                    match ch.kind() {
                        "string_start" => {
                            let p = self.text(ch).to_ascii_lowercase();
                            raw = p.contains('r');
                        }
                        "string_content" => {
                            // escape sequences are children of string_content in 0.25
                            let mut last = ch.start_byte();
                            let mut cc = ch.walk();
                            for e in ch.children(&mut cc) {
                                out.push_str(self.src.get(last..e.start_byte()).unwrap_or(""));
                                match e.kind() {
                                    "escape_sequence" if !raw => {
                                        out.push_str(&decode_escape(self.text(e)))
                                    }
                                    "interpolation" => return None,
                                    _ => out.push_str(self.text(e)),
                                }
                                last = e.end_byte();
                            }
                            out.push_str(self.src.get(last..ch.end_byte()).unwrap_or(""));
                        }
                        "escape_sequence" => {
                            if raw {
                                out.push_str(self.text(ch));
                            } else {
                                out.push_str(&decode_escape(self.text(ch)));
                            }
                        }
                        "interpolation" => return None,
                        _ => {}
                    }
                }
                Some(out)
            }
            "concatenated_string" => {
                let mut out = String::new();
                let mut c = n.walk();
                for ch in n.named_children(&mut c) {
                    out.push_str(&self.string_value(ch)?);
                }
                Some(out)
            }
            _ => None,
        }
    }

    /// A literal value (string, number, boolean, None), following names to constants.
    pub(crate) fn literal(&self, n: Node<'t>, env: &Rc<Env<'t>>) -> Option<Value> {
        let sp = span(n);
        match n.kind() {
            "string" | "concatenated_string" => Some(Value {
                text: self.string_value(n)?,
                kind: ValueKind::Str,
                span: sp,
            }),
            "integer" | "float" => Some(Value {
                text: self.text(n).replace('_', ""),
                kind: ValueKind::Num,
                span: sp,
            }),
            "unary_operator" if self.text(n).starts_with('-') => {
                let arg = n.child_by_field_name("argument")?;
                let v = self.literal(arg, env)?;
                (v.kind == ValueKind::Num).then(|| Value {
                    text: format!("-{}", v.text),
                    kind: ValueKind::Num,
                    span: sp,
                })
            }
            "true" | "false" => Some(Value {
                text: self.text(n).to_ascii_lowercase(),
                kind: ValueKind::Bool,
                span: sp,
            }),
            "none" => Some(Value {
                text: "null".into(),
                kind: ValueKind::Null,
                span: sp,
            }),
            "identifier" => {
                let (b, benv) = self.lookup(env, self.text(n))?;
                self.literal(b, &benv)
            }
            "parenthesized_expression" => self.literal(n.named_child(0)?, env),
            _ => None,
        }
    }

    /// The literal values of a collection (`[..]`, `{..}`, `(..)`, `set([..])`, a constant).
    pub(crate) fn literal_list(&self, n: Node<'t>, env: &Rc<Env<'t>>) -> Option<Vec<Value>> {
        match n.kind() {
            "list" | "set" | "tuple" => {
                let mut out = Vec::new();
                let mut c = n.walk();
                for ch in n.named_children(&mut c) {
                    if ch.kind() == "comment" {
                        continue;
                    }
                    out.push(self.literal(ch, env)?);
                }
                Some(out)
            }
            "dictionary" => {
                let mut out = Vec::new();
                let mut c = n.walk();
                for ch in n.named_children(&mut c) {
                    if ch.kind() == "pair" {
                        out.push(self.literal(ch.child_by_field_name("key")?, env)?);
                    }
                }
                Some(out)
            }
            "call" => {
                let f = self.text(n.child_by_field_name("function")?);
                if matches!(f, "set" | "frozenset" | "tuple" | "list") {
                    let (pos, _) = self.call_args(n);
                    return match pos.first() {
                        Some(a) => self.literal_list(*a, env),
                        None => Some(Vec::new()),
                    };
                }
                None
            }
            "identifier" => {
                let (b, benv) = self.lookup(env, self.text(n))?;
                self.literal_list(b, &benv)
            }
            "parenthesized_expression" => self.literal_list(n.named_child(0)?, env),
            _ => None,
        }
    }

    /// Whether `n` denotes the event object.
    fn is_event(&self, n: Node<'t>, env: &Rc<Env<'t>>) -> bool {
        n.kind() == "identifier" && env.event_names.iter().any(|e| e == self.text(n))
    }

    fn str_args_path(&self, args: &[Node<'t>], env: &Rc<Env<'t>>) -> Option<(String, Span)> {
        let mut parts = Vec::new();
        let mut sp: Option<Span> = None;
        for a in args {
            let v = self.literal(*a, env)?;
            if v.kind != ValueKind::Str && v.kind != ValueKind::Num {
                return None;
            }
            parts.push(v.text);
            let s = span(*a);
            sp = Some(sp.map_or(s, |p| p.cover(s)));
        }
        Some((parts.join("."), sp?))
    }

    /// Recognise a field accessor.
    pub(crate) fn field(&mut self, n: Node<'t>, env: &Rc<Env<'t>>) -> Option<FieldRef> {
        match n.kind() {
            "parenthesized_expression" => self.field(n.named_child(0)?, env),
            "identifier" => {
                let (b, benv) = self.lookup(env, self.text(n))?;
                self.field(b, &benv)
            }
            "boolean_operator" => {
                // `event.get("x") or ""`: the default idiom.
                let op = n.child_by_field_name("operator")?;
                if self.text(op) != "or" {
                    return None;
                }
                let r = n.child_by_field_name("right")?;
                if self.literal(r, env).is_some()
                    || matches!(r.kind(), "list" | "dictionary" | "tuple")
                {
                    return self.field(n.child_by_field_name("left")?, env);
                }
                None
            }
            "subscript" => {
                let base = n.child_by_field_name("value")?;
                let key = n.child_by_field_name("subscript")?;
                let k = self.literal(key, env)?;
                if self.is_event(base, env) {
                    return Some(FieldRef {
                        name: k.text,
                        span: span(key),
                        folded: false,
                    });
                }
                let b = self.field(base, env)?;
                Some(FieldRef {
                    name: if k.kind == ValueKind::Num {
                        format!("{}[{}]", b.name, k.text)
                    } else {
                        format!("{}.{}", b.name, k.text)
                    },
                    span: b.span.cover(span(key)),
                    folded: b.folded,
                })
            }
            "call" => {
                let func = n.child_by_field_name("function")?;
                let (pos, _kw) = self.call_args(n);
                match func.kind() {
                    "attribute" => {
                        let obj = func.child_by_field_name("object")?;
                        let meth = self.text(func.child_by_field_name("attribute")?);
                        match meth {
                            "get" | "deep_get" | "deep_walk" if self.is_event(obj, env) => {
                                let args = if meth == "get" {
                                    &pos[..pos.len().min(1)]
                                } else {
                                    &pos[..]
                                };
                                let (name, sp) = self.str_args_path(args, env)?;
                                Some(FieldRef {
                                    name,
                                    span: sp,
                                    folded: false,
                                })
                            }
                            "udm" if self.is_event(obj, env) => {
                                let (name, sp) =
                                    self.str_args_path(&pos[..pos.len().min(1)], env)?;
                                self.udm.push(name.clone());
                                Some(FieldRef {
                                    name,
                                    span: sp,
                                    folded: false,
                                })
                            }
                            "get" => {
                                let b = self.field(obj, env)?;
                                let (k, sp) = self.str_args_path(&pos[..pos.len().min(1)], env)?;
                                Some(FieldRef {
                                    name: format!("{}.{k}", b.name),
                                    span: b.span.cover(sp),
                                    folded: b.folded,
                                })
                            }
                            "lower" | "casefold" | "upper" => {
                                let mut b = self.field(obj, env)?;
                                b.folded = true;
                                Some(b)
                            }
                            "strip" | "lstrip" | "rstrip" => self.field(obj, env),
                            _ => None,
                        }
                    }
                    "identifier" => {
                        let f = self.text(func);
                        match f {
                            "deep_get" | "deep_walk"
                                if pos.first().is_some_and(|e| self.is_event(*e, env)) =>
                            {
                                let (name, sp) = self.str_args_path(&pos[1..], env)?;
                                Some(FieldRef {
                                    name,
                                    span: sp,
                                    folded: false,
                                })
                            }
                            "str" if pos.len() == 1 => self.field(pos[0], env),
                            _ => None,
                        }
                    }
                    _ => None,
                }
            }
            _ => None,
        }
    }

    /// `ipaddress.ip_address(F)` / `ip_address(F)` → F.
    fn ip_of(&mut self, n: Node<'t>, env: &Rc<Env<'t>>) -> Option<FieldRef> {
        if n.kind() != "call" {
            return None;
        }
        let f = self.text(n.child_by_field_name("function")?);
        if !matches!(f, "ipaddress.ip_address" | "ip_address") {
            return None;
        }
        let (pos, _) = self.call_args(n);
        self.field(*pos.first()?, env)
    }

    /// `ipaddress.ip_network("c")` → the CIDR value.
    fn network_of(&self, n: Node<'t>, env: &Rc<Env<'t>>) -> Option<Vec<Value>> {
        match n.kind() {
            "call" => {
                let f = self.text(n.child_by_field_name("function")?);
                if !matches!(f, "ipaddress.ip_network" | "ip_network") {
                    return None;
                }
                let (pos, _) = self.call_args(n);
                Some(vec![self.literal(*pos.first()?, env)?])
            }
            "identifier" => {
                let (b, benv) = self.lookup(env, self.text(n))?;
                self.network_of(b, &benv)
            }
            _ => None,
        }
    }

    /// A regex pattern: a literal, or a constant bound to `re.compile(literal[, flags])`.
    fn pattern(&self, n: Node<'t>, env: &Rc<Env<'t>>) -> Option<(Value, bool)> {
        if let Some(v) = self.literal(n, env) {
            return (v.kind == ValueKind::Str).then_some((v, false));
        }
        match n.kind() {
            "call" => {
                let f = self.text(n.child_by_field_name("function")?);
                if f != "re.compile" {
                    return None;
                }
                let (pos, kw) = self.call_args(n);
                let v = self.literal(*pos.first()?, env)?;
                let flags = pos
                    .get(1)
                    .map(|f| self.text(*f))
                    .or_else(|| {
                        kw.iter()
                            .find(|(k, _)| k == "flags")
                            .map(|(_, v)| self.text(*v))
                    })
                    .unwrap_or("");
                Some((v, flags.contains('I')))
            }
            "identifier" => {
                let (b, benv) = self.lookup(env, self.text(n))?;
                self.pattern(b, &benv)
            }
            _ => None,
        }
    }

    fn comparison(&mut self, n: Node<'t>, env: &Rc<Env<'t>>) -> Expr {
        let sp = span(n);
        let mut operands = Vec::new();
        let mut ops = Vec::new();
        let mut c = n.walk();
        for ch in n.children(&mut c) {
            if ch.is_named() {
                if ch.kind() != "comment" {
                    operands.push(ch);
                }
            } else {
                ops.push(
                    self.text(ch)
                        .split_whitespace()
                        .collect::<Vec<_>>()
                        .join(" "),
                );
            }
        }
        if operands.len() != 2 || ops.len() != 1 {
            return opaque("a chained comparison", sp);
        }
        let (l, r, op) = (operands[0], operands[1], ops[0].as_str());
        match op {
            "is" | "is not"
                if self.text(r) == "None" && l.kind() == "call" && self.field(l, env).is_none() =>
            {
                // `re.match(...) is not None`
                match self.regex_call(l, env) {
                    Some(e) if op == "is not" => e,
                    Some(e) => not(e),
                    None => opaque(format!("comparison `{}`", self.text(n)), sp),
                }
            }
            "==" | "!=" | "is" | "is not" => {
                let (f, v) = match (self.field(l, env), self.field(r, env)) {
                    (Some(f), None) => (f, self.literal(r, env)),
                    (None, Some(f)) => (f, self.literal(l, env)),
                    _ => return opaque(format!("comparison `{}`", self.text(n)), sp),
                };
                let Some(v) = v else {
                    return opaque(format!("comparison `{}`", self.text(n)), sp);
                };
                let negate = op == "!=" || op == "is not";
                let e = if v.kind == ValueKind::Null {
                    pred(&f, Op::IsNull, Vec::new(), op, sp, false)
                } else {
                    pred(&f, Op::Eq, vec![v], op, sp, false)
                };
                if negate {
                    not(e)
                } else {
                    e
                }
            }
            "in" | "not in" => {
                let negate = op == "not in";
                let e = if let (Some(f), Some(net)) = (self.ip_of(l, env), self.network_of(r, env))
                {
                    pred(&f, Op::CidrMatch, net, op, sp, false)
                } else if let Some(f) = self.field(l, env) {
                    match self.literal_list(r, env) {
                        Some(vals) => pred(&f, Op::In, vals, op, sp, false),
                        None => match self.literal(r, env) {
                            // `field in "abc"`: substring of a literal.
                            Some(v) => opaque(
                                format!("`{}` is tested as a substring of `{}`", f.name, v.text),
                                sp,
                            ),
                            None => opaque(format!("membership test `{}`", self.text(n)), sp),
                        },
                    }
                } else if let (Some(v), Some(f)) = (self.literal(l, env), self.field(r, env)) {
                    pred(&f, Op::Contains, vec![v], op, sp, false)
                } else {
                    opaque(format!("membership test `{}`", self.text(n)), sp)
                };
                if negate {
                    not(e)
                } else {
                    e
                }
            }
            "<" | "<=" | ">" | ">=" => {
                let flip = |o: &str| match o {
                    "<" => ">",
                    "<=" => ">=",
                    ">" => "<",
                    _ => "<=",
                };
                let (f, v, o) = match (self.field(l, env), self.field(r, env)) {
                    (Some(f), None) => (f, self.literal(r, env), op),
                    (None, Some(f)) => (f, self.literal(l, env), flip(op)),
                    _ => return opaque(format!("comparison `{}`", self.text(n)), sp),
                };
                let Some(v) = v.filter(|v| v.kind == ValueKind::Num) else {
                    return opaque(format!("comparison `{}`", self.text(n)), sp);
                };
                let mop = match o {
                    "<" => Op::Lt,
                    "<=" => Op::Lte,
                    ">" => Op::Gt,
                    _ => Op::Gte,
                };
                pred(&f, mop, vec![v], op, sp, false)
            }
            _ => opaque(format!("comparison `{}`", self.text(n)), sp),
        }
    }

    fn string_method(&mut self, n: Node<'t>, env: &Rc<Env<'t>>) -> Option<Expr> {
        let func = n.child_by_field_name("function")?;
        let meth = self.text(func.child_by_field_name("attribute")?);
        let op = match meth {
            "startswith" => Op::StartsWith,
            "endswith" => Op::EndsWith,
            _ => return None,
        };
        let obj = func.child_by_field_name("object")?;
        let f = self.field(obj, env)?;
        let (pos, _) = self.call_args(n);
        let a = *pos.first()?;
        let vals = match self.literal(a, env) {
            Some(v) => vec![v],
            None => self.literal_list(a, env)?,
        };
        Some(pred(&f, op, vals, meth, span(n), false))
    }

    fn regex_call(&mut self, n: Node<'t>, env: &Rc<Env<'t>>) -> Option<Expr> {
        let func = n.child_by_field_name("function")?;
        let ftext = self.text(func);
        let (pos, kw) = self.call_args(n);
        let (pat, target, ci) = match ftext {
            "re.search" | "re.match" | "re.fullmatch" | "search" | "match" | "fullmatch" => {
                let (p, _) = self.pattern(*pos.first()?, env)?;
                let flags = pos
                    .get(2)
                    .map(|f| self.text(*f))
                    .or_else(|| {
                        kw.iter()
                            .find(|(k, _)| k == "flags")
                            .map(|(_, v)| self.text(*v))
                    })
                    .unwrap_or("");
                (p, *pos.get(1)?, flags.contains('I'))
            }
            _ if func.kind() == "attribute" => {
                let meth = self.text(func.child_by_field_name("attribute")?);
                if !matches!(meth, "search" | "match" | "fullmatch") {
                    return None;
                }
                let (p, ci) = self.pattern(func.child_by_field_name("object")?, env)?;
                (p, *pos.first()?, ci)
            }
            _ => return None,
        };
        let f = self.field(target, env)?;
        let raw = ftext.rsplit('.').next().unwrap_or(ftext);
        Some(pred(&f, Op::RegexMatch, vec![pat], raw, span(n), ci))
    }

    /// `any(x in F for x in CONST)`, `any(F.startswith(x) for x in CONST)`, `any(F == x …)`.
    fn any_generator(&mut self, n: Node<'t>, env: &Rc<Env<'t>>) -> Option<Expr> {
        let func = self.text(n.child_by_field_name("function")?);
        if func != "any" && func != "all" {
            return None;
        }
        let args = n.child_by_field_name("arguments")?;
        let gen = if args.kind() == "generator_expression" {
            args
        } else {
            args.named_child(0)
                .filter(|g| g.kind() == "generator_expression")?
        };
        let body = gen.child_by_field_name("body")?;
        let mut c = gen.walk();
        let clauses: Vec<Node> = gen
            .named_children(&mut c)
            .filter(|x| x.kind() == "for_in_clause")
            .collect();
        if clauses.len() != 1
            || gen
                .named_children(&mut gen.walk())
                .any(|x| x.kind() == "if_clause")
        {
            return None;
        }
        let var = self
            .text(clauses[0].child_by_field_name("left")?)
            .to_string();
        let vals = self.literal_list(clauses[0].child_by_field_name("right")?, env)?;
        let is_var = |l: &Lowerer, x: Node| x.kind() == "identifier" && l.text(x) == var;
        let sp = span(n);
        let e = match body.kind() {
            "comparison_operator" => {
                let mut cc = body.walk();
                let kids: Vec<Node> = body.children(&mut cc).collect();
                if kids.len() != 3 {
                    return None;
                }
                let op = self.text(kids[1]).to_string();
                match op.as_str() {
                    "in" if is_var(self, kids[0]) => {
                        let f = self.field(kids[2], env)?;
                        pred(&f, Op::Contains, vals, "any(in)", sp, false)
                    }
                    "==" if is_var(self, kids[2]) => {
                        let f = self.field(kids[0], env)?;
                        pred(&f, Op::In, vals, "any(==)", sp, false)
                    }
                    _ => return None,
                }
            }
            "call" => {
                let bf = body.child_by_field_name("function")?;
                if bf.kind() != "attribute" {
                    return None;
                }
                let meth = self.text(bf.child_by_field_name("attribute")?);
                let op = match meth {
                    "startswith" => Op::StartsWith,
                    "endswith" => Op::EndsWith,
                    _ => return None,
                };
                let (pos, _) = self.call_args(body);
                if !pos.first().is_some_and(|a| is_var(self, *a)) {
                    return None;
                }
                let f = self.field(bf.child_by_field_name("object")?, env)?;
                pred(&f, op, vals, meth, sp, false)
            }
            _ => return None,
        };
        if func == "all" {
            // all(x in F for x in L): every value; model it with match_all.
            if let Expr::Pred(mut p) = e {
                p.match_all = true;
                p.raw_op = p.raw_op.replace("any", "all");
                return Some(Expr::Pred(p));
            }
        }
        Some(e)
    }

    /// `is_ip_in_network(F, NETWORKS)` (panther_base_helpers) → `cidr_match`.
    fn ip_in_network(&mut self, n: Node<'t>, env: &Rc<Env<'t>>) -> Option<Expr> {
        let f = self.text(n.child_by_field_name("function")?);
        if f.rsplit('.').next() != Some("is_ip_in_network") {
            return None;
        }
        let (pos, _) = self.call_args(n);
        let field = self.field(*pos.first()?, env)?;
        let nets = self.literal_list(*pos.get(1)?, env)?;
        Some(pred(
            &field,
            Op::CidrMatch,
            nets,
            "is_ip_in_network",
            span(n),
            false,
        ))
    }

    /// Lower an expression used as a truth value.
    pub(crate) fn bool_expr(&mut self, n: Node<'t>, env: &Rc<Env<'t>>) -> Expr {
        let sp = span(n);
        if !self.budget_ok() {
            return opaque("the rule body is too large to lower", sp);
        }
        match n.kind() {
            "parenthesized_expression" => match n.named_child(0) {
                Some(c) => self.bool_expr(c, env),
                None => opaque("empty parentheses", sp),
            },
            "true" => Expr::And(Vec::new()),
            "false" | "none" => Expr::Or(Vec::new()),
            "integer" => {
                if self.text(n) == "0" {
                    Expr::Or(Vec::new())
                } else {
                    Expr::And(Vec::new())
                }
            }
            "boolean_operator" => {
                let op = n
                    .child_by_field_name("operator")
                    .map(|o| self.text(o))
                    .unwrap_or("");
                let (Some(l), Some(r)) = (
                    n.child_by_field_name("left"),
                    n.child_by_field_name("right"),
                ) else {
                    return opaque("incomplete boolean expression", sp);
                };
                let (a, b) = (self.bool_expr(l, env), self.bool_expr(r, env));
                if op == "and" {
                    and(vec![a, b])
                } else {
                    or(vec![a, b])
                }
            }
            "not_operator" => match n.child_by_field_name("argument") {
                Some(a) => not(self.bool_expr(a, env)),
                None => opaque("incomplete `not`", sp),
            },
            "comparison_operator" => self.comparison(n, env),
            "conditional_expression" => {
                let mut c = n.walk();
                let kids: Vec<Node> = n.named_children(&mut c).collect();
                if kids.len() != 3 {
                    return opaque("conditional expression", sp);
                }
                let (t, cond, e) = (kids[0], kids[1], kids[2]);
                let c = self.bool_expr(cond, env);
                let te = self.bool_expr(t, env);
                let ee = self.bool_expr(e, env);
                super::python::ite(c, te, ee)
            }
            "identifier" => {
                let name = self.text(n);
                match self.lookup(env, name) {
                    Some((b, _)) if b.kind() == "if_statement" => {
                        opaque(format!("value of `{name}` (reassigned in an `if`)"), sp)
                    }
                    Some((b, benv)) => self.bool_expr(b, &benv),
                    None => opaque(format!("value of `{name}`"), sp),
                }
            }
            "attribute" => {
                let attr = n
                    .child_by_field_name("attribute")
                    .map(|a| self.text(a))
                    .unwrap_or("");
                if let Some(obj) = n.child_by_field_name("object") {
                    if matches!(attr, "is_private" | "is_global") {
                        if let Some(f) = self.ip_of(obj, env) {
                            let vals = PRIVATE_RANGES
                                .iter()
                                .map(|r| Value {
                                    text: r.to_string(),
                                    kind: ValueKind::Str,
                                    span: sp,
                                })
                                .collect();
                            let p = pred(&f, Op::CidrMatch, vals, attr, sp, false);
                            return if attr == "is_global" { not(p) } else { p };
                        }
                    }
                }
                opaque(format!("attribute `{}`", self.text(n)), sp)
            }
            "call" => {
                if let Some(e) = self.string_method(n, env) {
                    return e;
                }
                if let Some(e) = self.regex_call(n, env) {
                    return e;
                }
                if let Some(e) = self.any_generator(n, env) {
                    return e;
                }
                if let Some(e) = self.ip_in_network(n, env) {
                    return e;
                }
                let func = n.child_by_field_name("function");
                let fname = func.map(|f| self.text(f)).unwrap_or("");
                let (pos, _) = self.call_args(n);
                if fname == "bool" && pos.len() == 1 {
                    return self.bool_expr(pos[0], env);
                }
                if let Some(e) = self.inline_helper(fname, &pos, env, sp) {
                    return e;
                }
                if let Some(f) = self.field(n, env) {
                    return pred(&f, Op::Exists, Vec::new(), "truthy", sp, false);
                }
                opaque(format!("call to `{fname}`"), sp)
            }
            _ => {
                if let Some(f) = self.field(n, env) {
                    return pred(&f, Op::Exists, Vec::new(), "truthy", sp, false);
                }
                let t = self.text(n);
                let short: String = t.chars().take(60).collect();
                opaque(format!("expression `{short}`"), sp)
            }
        }
    }
}

fn decode_escape(e: &str) -> String {
    match e {
        "\\n" => "\n".into(),
        "\\t" => "\t".into(),
        "\\r" => "\r".into(),
        "\\\\" => "\\".into(),
        "\\\"" => "\"".into(),
        "\\'" => "'".into(),
        "\\0" => "\0".into(),
        other => other.to_string(),
    }
}
