//! Panther Python rule bodies: tree-sitter-python → the `def rule(event)` function → the shared
//! [`Expr`].
//!
//! The statements of `rule` are followed in order: `return <expr>` lowers the expression,
//! `if cond: return False` (an early return) becomes `not cond and <rest>`, `if cond: return True`
//! becomes `cond or <rest>`, if/elif/else chains become `(c and then) or (not c and else)`,
//! assignments bind local names (`user = event.get("user")`) that later expressions resolve,
//! and helper functions of the same file are inlined with their parameters bound. Loops, `try`
//! and other statements that return become [`Expr::Opaque`] — never dropped. Falling off the end
//! of the function returns `None` (false).

use super::python_expr::{and, is_false, is_true, not, opaque, or, span};
use super::PantherDoc;
use crate::model::{Expr, Format, Rule, Span, Spanned};
use std::collections::HashMap;
use std::rc::Rc;
use tree_sitter::{Node, Parser, Tree};

/// Names in scope while lowering: which names denote the event, and local bindings.
#[derive(Debug, Clone, Default)]
pub(crate) struct Env<'t> {
    pub event_names: Vec<String>,
    pub vars: HashMap<String, Binding<'t>>,
    /// The module scope (constants), for lookups that miss locally.
    pub module: Option<Rc<Env<'t>>>,
}

/// A name bound to an expression, with the scope to read the expression in.
#[derive(Debug, Clone)]
pub(crate) struct Binding<'t> {
    pub node: Node<'t>,
    pub env: Option<Rc<Env<'t>>>,
}

/// The state of one lowering.
pub(crate) struct Lowerer<'t> {
    pub src: &'t str,
    funcs: HashMap<String, Node<'t>>,
    module: Rc<Env<'t>>,
    /// Helper functions being inlined (recursion guard).
    stack: Vec<String>,
    budget: usize,
    /// UDM fields used (`event.udm("x")`).
    pub udm: Vec<String>,
}

/// `if c then t else e` with simplification.
pub(crate) fn ite(c: Expr, t: Expr, e: Expr) -> Expr {
    if is_true(&c) {
        return t;
    }
    if is_false(&c) {
        return e;
    }
    match (is_true(&t), is_false(&t), is_true(&e), is_false(&e)) {
        (_, _, _, true) if is_true(&t) => c,
        (_, true, true, _) => not(c),
        (_, true, _, _) => and(vec![not(c), e]),
        (true, _, _, _) => or(vec![c, e]),
        (_, _, _, true) => and(vec![c, t]),
        (_, _, true, _) => or(vec![not(c), t]),
        _ => or(vec![and(vec![c.clone(), t]), and(vec![not(c), e])]),
    }
}

fn contains_return(n: Node) -> bool {
    if n.kind() == "return_statement" {
        return true;
    }
    if matches!(
        n.kind(),
        "function_definition" | "lambda" | "class_definition"
    ) {
        return false;
    }
    let mut c = n.walk();
    let found = n.children(&mut c).any(contains_return);
    found
}

/// The texts of the values returned inside `n` (empty for a bare `return`).
fn return_values(n: Node, src: &str, out: &mut Vec<String>) {
    if n.kind() == "return_statement" {
        let v = n
            .named_child(0)
            .and_then(|v| src.get(v.start_byte()..v.end_byte()))
            .unwrap_or("");
        out.push(v.to_string());
        return;
    }
    if matches!(
        n.kind(),
        "function_definition" | "lambda" | "class_definition"
    ) {
        return;
    }
    let mut c = n.walk();
    for ch in n.children(&mut c) {
        return_values(ch, src, out);
    }
}

/// Names assigned anywhere inside `n`.
fn assigned_names(n: Node, src: &str, out: &mut Vec<String>) {
    if matches!(n.kind(), "assignment" | "augmented_assignment") {
        if let Some(l) = n
            .child_by_field_name("left")
            .filter(|l| l.kind() == "identifier")
        {
            out.push(
                src.get(l.start_byte()..l.end_byte())
                    .unwrap_or("")
                    .to_string(),
            );
        }
    }
    let mut c = n.walk();
    for ch in n.children(&mut c) {
        assigned_names(ch, src, out);
    }
}

fn block_stmts(block: Node) -> Vec<Node> {
    let mut c = block.walk();
    block
        .named_children(&mut c)
        .filter(|s| s.kind() != "comment")
        .collect()
}

impl<'t> Lowerer<'t> {
    pub(crate) fn budget_ok(&mut self) -> bool {
        if self.budget == 0 {
            return false;
        }
        self.budget -= 1;
        true
    }

    /// Resolve a name to its bound expression (locals first, then module constants).
    pub(crate) fn lookup(&self, env: &Rc<Env<'t>>, name: &str) -> Option<(Node<'t>, Rc<Env<'t>>)> {
        if let Some(b) = env.vars.get(name) {
            let benv = b.env.clone().unwrap_or_else(|| self.module.clone());
            return Some((b.node, benv));
        }
        let m = env.module.as_ref().unwrap_or(&self.module);
        m.vars.get(name).map(|b| (b.node, self.module.clone()))
    }

    /// Inline a call to a helper function of the same file.
    pub(crate) fn inline_helper(
        &mut self,
        fname: &str,
        args: &[Node<'t>],
        env: &Rc<Env<'t>>,
        sp: Span,
    ) -> Option<Expr> {
        let f = *self.funcs.get(fname)?;
        if self.stack.iter().any(|s| s == fname) || self.stack.len() >= 6 {
            return Some(opaque(
                format!("recursive or deeply nested call to `{fname}`"),
                sp,
            ));
        }
        let params = self.params(f);
        let mut new_env = Env {
            module: Some(self.module.clone()),
            ..Env::default()
        };
        for (i, p) in params.iter().enumerate() {
            let Some(a) = args.get(i) else { break };
            if a.kind() == "identifier" && env.event_names.iter().any(|e| e == self.text(*a)) {
                new_env.event_names.push(p.clone());
            } else {
                new_env.vars.insert(
                    p.clone(),
                    Binding {
                        node: *a,
                        env: Some(env.clone()),
                    },
                );
            }
        }
        let body = f.child_by_field_name("body")?;
        self.stack.push(fname.to_string());
        let stmts = block_stmts(body);
        let e = self.seq(&[&stmts], Rc::new(new_env));
        self.stack.pop();
        Some(e)
    }

    fn params(&self, f: Node<'t>) -> Vec<String> {
        let mut out = Vec::new();
        if let Some(ps) = f.child_by_field_name("parameters") {
            let mut c = ps.walk();
            for p in ps.named_children(&mut c) {
                let name = match p.kind() {
                    "identifier" => Some(p),
                    "default_parameter" | "typed_parameter" | "typed_default_parameter" => {
                        p.child_by_field_name("name").or_else(|| p.named_child(0))
                    }
                    _ => None,
                };
                if let Some(n) = name {
                    out.push(self.text(n).to_string());
                }
            }
        }
        out
    }

    /// Lower a sequence of statement lists (innermost first) to "the function returns truthy".
    fn seq(&mut self, stack: &[&[Node<'t>]], env: Rc<Env<'t>>) -> Expr {
        let Some((first, rest)) = stack.split_first() else {
            return Expr::Or(Vec::new());
        };
        let mut env = env;
        for (i, st) in first.iter().enumerate() {
            if !self.budget_ok() {
                return opaque("the rule body is too large to lower", span(*st));
            }
            match st.kind() {
                "return_statement" => {
                    return match st.named_child(0) {
                        Some(e) => self.bool_expr(e, &env),
                        None => Expr::Or(Vec::new()),
                    };
                }
                "raise_statement" => return Expr::Or(Vec::new()),
                "if_statement" if !contains_return(*st) => {
                    // An `if` that never returns only (re)assigns names: forget them.
                    let mut names = Vec::new();
                    assigned_names(*st, self.src, &mut names);
                    if !names.is_empty() {
                        let mut e = (*env).clone();
                        for n in names {
                            e.vars.insert(
                                n,
                                Binding {
                                    node: *st,
                                    env: None,
                                },
                            );
                        }
                        env = Rc::new(e);
                    }
                }
                "if_statement" => {
                    let remaining: Vec<&[Node<'t>]> = std::iter::once(&first[i + 1..])
                        .chain(rest.iter().copied())
                        .collect();
                    return self.if_chain(*st, &remaining, &env);
                }
                "expression_statement" => {
                    if let Some(a) = st.named_child(0) {
                        match a.kind() {
                            "assignment" => {
                                let mut e = (*env).clone();
                                if let (Some(l), Some(r)) = (
                                    a.child_by_field_name("left"),
                                    a.child_by_field_name("right"),
                                ) {
                                    if l.kind() == "identifier" {
                                        e.vars.insert(
                                            self.text(l).to_string(),
                                            Binding {
                                                node: r,
                                                env: Some(env.clone()),
                                            },
                                        );
                                    }
                                } else if let Some(l) = a.child_by_field_name("left") {
                                    e.vars.remove(self.text(l));
                                }
                                env = Rc::new(e);
                            }
                            "augmented_assignment" => {
                                if let Some(l) = a.child_by_field_name("left") {
                                    let mut e = (*env).clone();
                                    e.vars.remove(self.text(l));
                                    env = Rc::new(e);
                                }
                            }
                            _ => {}
                        }
                    }
                }
                "pass_statement"
                | "function_definition"
                | "import_statement"
                | "import_from_statement"
                | "global_statement"
                | "nonlocal_statement"
                | "assert_statement"
                | "delete_statement" => {}
                _ => {
                    if contains_return(*st) {
                        let kind = st.kind().trim_end_matches("_statement");
                        let mut rets = Vec::new();
                        return_values(*st, self.src, &mut rets);
                        let o = opaque(format!("`{kind}` statement that returns"), span(*st));
                        let remaining: Vec<&[Node<'t>]> = std::iter::once(&first[i + 1..])
                            .chain(rest.iter().copied())
                            .collect();
                        // A loop that can only return True either returns True or falls
                        // through: `opaque or rest`; one that only returns False: `not opaque
                        // and rest`. Otherwise the rest of the function is opaque too.
                        if rets.iter().all(|r| r == "True") {
                            let r = self.seq(&remaining, env.clone());
                            return or(vec![o, r]);
                        }
                        if rets.iter().all(|r| r == "False" || r.is_empty()) {
                            let r = self.seq(&remaining, env.clone());
                            return and(vec![not(o), r]);
                        }
                        let end = first.last().map(|l| l.end_byte()).unwrap_or(st.end_byte());
                        return opaque(
                            format!("`{kind}` statement that returns"),
                            Span::new(st.start_byte(), end),
                        );
                    }
                }
            }
        }
        self.seq(rest, env)
    }

    fn if_chain(&mut self, st: Node<'t>, remaining: &[&[Node<'t>]], env: &Rc<Env<'t>>) -> Expr {
        let cond = match st.child_by_field_name("condition") {
            Some(c) => self.bool_expr(c, env),
            None => return opaque("`if` without a condition", span(st)),
        };
        let then_stmts = st
            .child_by_field_name("consequence")
            .map(block_stmts)
            .unwrap_or_default();
        let mut then_stack: Vec<&[Node<'t>]> = vec![&then_stmts];
        then_stack.extend_from_slice(remaining);
        let then_e = self.seq(&then_stack, env.clone());
        // The alternatives: elif clauses then an optional else.
        let mut c = st.walk();
        let alts: Vec<Node<'t>> = st.children_by_field_name("alternative", &mut c).collect();
        let else_e = self.alternatives(&alts, remaining, env);
        ite(cond, then_e, else_e)
    }

    fn alternatives(
        &mut self,
        alts: &[Node<'t>],
        remaining: &[&[Node<'t>]],
        env: &Rc<Env<'t>>,
    ) -> Expr {
        let Some((first, more)) = alts.split_first() else {
            return self.seq(remaining, env.clone());
        };
        match first.kind() {
            "elif_clause" => {
                let cond = match first.child_by_field_name("condition") {
                    Some(c) => self.bool_expr(c, env),
                    None => return opaque("`elif` without a condition", span(*first)),
                };
                let stmts = first
                    .child_by_field_name("consequence")
                    .map(block_stmts)
                    .unwrap_or_default();
                let mut stack: Vec<&[Node<'t>]> = vec![&stmts];
                stack.extend_from_slice(remaining);
                let t = self.seq(&stack, env.clone());
                let e = self.alternatives(more, remaining, env);
                ite(cond, t, e)
            }
            "else_clause" => {
                let stmts = first
                    .child_by_field_name("body")
                    .map(block_stmts)
                    .unwrap_or_default();
                let mut stack: Vec<&[Node<'t>]> = vec![&stmts];
                stack.extend_from_slice(remaining);
                self.seq(&stack, env.clone())
            }
            _ => self.seq(remaining, env.clone()),
        }
    }
}

thread_local! {
    static PARSER: std::cell::RefCell<Option<Parser>> = const { std::cell::RefCell::new(None) };
}

fn parse(src: &str) -> Option<Tree> {
    PARSER.with(|cell| {
        let mut slot = cell.borrow_mut();
        if slot.is_none() {
            let mut p = Parser::new();
            p.set_language(&tree_sitter_python::LANGUAGE.into()).ok()?;
            *slot = Some(p);
        }
        slot.as_mut()?.parse(src, None)
    })
}

/// What lowering a Python rule body yields.
#[derive(Debug, Clone, PartialEq)]
pub struct Lowered {
    /// The detection (spans are offsets in the Python file).
    pub detection: Expr,
    /// UDM fields the body reads (`event.udm("source_ip")`).
    pub udm_fields: Vec<String>,
    /// The span of the `rule` function's name, if found.
    pub rule_fn: Option<Span>,
    /// Syntax errors (spans in the Python file).
    pub syntax_errors: Vec<Span>,
}

fn collect_errors(n: Node, out: &mut Vec<Span>) {
    if out.len() >= 20 {
        return;
    }
    if n.is_error() || n.is_missing() {
        out.push(span(n));
        return;
    }
    if !n.has_error() {
        return;
    }
    let mut c = n.walk();
    for ch in n.children(&mut c) {
        collect_errors(ch, out);
    }
}

/// Lower the `rule(event)` function of a Python source.
pub fn lower_source(src: &str) -> Lowered {
    let Some(tree) = parse(src) else {
        return Lowered {
            detection: opaque(
                "the Python parser could not read this file",
                Span::new(0, 0),
            ),
            udm_fields: Vec::new(),
            rule_fn: None,
            syntax_errors: Vec::new(),
        };
    };
    let root = tree.root_node();
    let mut syntax_errors = Vec::new();
    collect_errors(root, &mut syntax_errors);
    let mut funcs = HashMap::new();
    let mut module = Env::default();
    let mut c = root.walk();
    for st in root.named_children(&mut c) {
        let def = match st.kind() {
            "function_definition" => Some(st),
            "decorated_definition" => st.child_by_field_name("definition"),
            "expression_statement" => {
                if let Some(a) = st.named_child(0).filter(|a| a.kind() == "assignment") {
                    if let (Some(l), Some(r)) = (
                        a.child_by_field_name("left"),
                        a.child_by_field_name("right"),
                    ) {
                        if l.kind() == "identifier" {
                            let name = src.get(l.start_byte()..l.end_byte()).unwrap_or("");
                            module
                                .vars
                                .insert(name.to_string(), Binding { node: r, env: None });
                        }
                    }
                }
                None
            }
            _ => None,
        };
        if let Some(d) = def.filter(|d| d.kind() == "function_definition") {
            if let Some(n) = d.child_by_field_name("name") {
                let name = src.get(n.start_byte()..n.end_byte()).unwrap_or("");
                funcs.insert(name.to_string(), d);
            }
        }
    }
    let module = Rc::new(module);
    let mut l = Lowerer {
        src,
        funcs,
        module: module.clone(),
        stack: vec!["rule".into()],
        budget: 20_000,
        udm: Vec::new(),
    };
    // pypanther style: `class MyRule(Rule): def rule(self, event)`.
    let class_rule = || {
        let mut c = root.walk();
        let classes: Vec<Node> = root
            .named_children(&mut c)
            .filter_map(|st| match st.kind() {
                "class_definition" => Some(st),
                "decorated_definition" => st
                    .child_by_field_name("definition")
                    .filter(|d| d.kind() == "class_definition"),
                _ => None,
            })
            .collect();
        classes.into_iter().find_map(|cl| {
            let body = cl.child_by_field_name("body")?;
            let mut c = body.walk();
            let found = body.named_children(&mut c).find(|f| {
                f.kind() == "function_definition"
                    && f.child_by_field_name("name")
                        .and_then(|n| src.get(n.start_byte()..n.end_byte()))
                        == Some("rule")
            });
            found
        })
    };
    let rule_fn = l.funcs.get("rule").copied().or_else(class_rule);
    let Some(rule_fn) = rule_fn else {
        return Lowered {
            detection: opaque("no `def rule(event)` in this file", Span::new(0, 0)),
            udm_fields: Vec::new(),
            rule_fn: None,
            syntax_errors,
        };
    };
    let params = l.params(rule_fn);
    let skip = usize::from(params.first().is_some_and(|p| p == "self"));
    let env = Rc::new(Env {
        event_names: params.into_iter().skip(skip).take(1).collect(),
        vars: HashMap::new(),
        module: Some(module),
    });
    let body = rule_fn
        .child_by_field_name("body")
        .map(block_stmts)
        .unwrap_or_default();
    let detection = l.seq(&[&body], env);
    let mut udm = std::mem::take(&mut l.udm);
    udm.sort();
    udm.dedup();
    Lowered {
        detection,
        udm_fields: udm,
        rule_fn: rule_fn.child_by_field_name("name").map(span),
        syntax_errors,
    }
}

/// Read a `.py` rule body on its own (no YAML): a rule with the lowered detection only, and the
/// spans of syntax errors.
pub fn read_file(text: &str) -> (PantherDoc, Rule, Vec<Span>) {
    let lowered = lower_source(text);
    let doc = PantherDoc {
        udm_fields: lowered
            .udm_fields
            .iter()
            .map(|u| Spanned::new(u.clone(), lowered.rule_fn.unwrap_or_default()))
            .collect(),
        python_only: true,
        ..PantherDoc::default()
    };
    let rule = Rule {
        format: Some(Format::Panther),
        detection: Some(lowered.detection),
        span: Span::new(0, text.len()),
        ..Rule::default()
    };
    (doc, rule, lowered.syntax_errors)
}
