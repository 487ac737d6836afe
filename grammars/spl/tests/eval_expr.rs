//! Eval / where expressions: precedence, functions, literals, errors.

use detlint_spl::*;

fn show(e: &Expr) -> String {
    match e {
        Expr::Binary { op, lhs, rhs, .. } => format!("({} {:?} {})", show(lhs), op, show(rhs)),
        Expr::Unary { op, expr, .. } => format!("{op:?}({})", show(expr)),
        Expr::In { expr, list, .. } => format!(
            "{} in [{}]",
            show(expr),
            list.iter().map(show).collect::<Vec<_>>().join(", ")
        ),
        Expr::Call { name, args, .. } => format!(
            "{}({})",
            name.name,
            args.iter().map(show).collect::<Vec<_>>().join(", ")
        ),
        Expr::Field(i) => i.name.clone(),
        Expr::Str(v) => format!("{:?}", v.value),
        Expr::Number(v) => v.value.clone(),
        Expr::Paren { expr, .. } => format!("[{}]", show(expr)),
        Expr::Macro(m) => format!("`{}`", m.name),
        Expr::Error(_) => "ERR".into(),
    }
}

fn where_expr(src: &str) -> String {
    let full = format!("| where {src}");
    let p = parse(&full);
    assert!(p.errors.is_empty(), "errors for {src:?}: {:?}", p.errors);
    match &p.ast.commands[0].kind {
        CommandKind::Where(WhereCmd { expr: Some(e) }) => show(e),
        k => panic!("{k:?}"),
    }
}

fn evals(src: &str) -> Vec<(String, String)> {
    let p = parse(src);
    assert!(p.errors.is_empty(), "errors for {src:?}: {:?}", p.errors);
    match &p.ast.commands[0].kind {
        CommandKind::Eval(e) => e
            .assignments
            .iter()
            .map(|a| (a.field.name.clone(), show(&a.expr)))
            .collect(),
        k => panic!("{k:?}"),
    }
}

#[test]
fn boolean_precedence() {
    assert_eq!(
        where_expr("a=1 OR b=2 AND NOT c=3"),
        "((a Eq 1) Or ((b Eq 2) And Not((c Eq 3))))"
    );
}

#[test]
fn xor_is_loosest() {
    assert_eq!(
        where_expr("a=1 XOR b=2 OR c=3"),
        "((a Eq 1) Xor ((b Eq 2) Or (c Eq 3)))"
    );
}

#[test]
fn arithmetic_and_concat() {
    assert_eq!(where_expr("x + 2 * y > 10"), "((x Add (2 Mul y)) Gt 10)");
    assert_eq!(
        where_expr("a . \"-\" . b == \"x-y\""),
        "(((a Concat \"-\") Concat b) EqEq \"x-y\")"
    );
    assert_eq!(
        where_expr("_time-86400 < now()"),
        "((_time Sub 86400) Lt now())"
    );
    assert_eq!(where_expr("-x < 0.5"), "(Neg(x) Lt 0.5)");
}

#[test]
fn dotted_and_quoted_fields() {
    assert_eq!(
        where_expr("Processes.process_name=\"cmd.exe\" AND 'user name'!=\"x\""),
        "((Processes.process_name Eq \"cmd.exe\") And (user name Ne \"x\"))"
    );
}

#[test]
fn like_and_in() {
    assert_eq!(where_expr("x LIKE \"%a%\""), "(x Like \"%a%\")");
    assert_eq!(
        where_expr("x IN (\"a\", \"b\") OR in(y, \"c\")"),
        "(x in [\"a\", \"b\"] Or in(y, \"c\"))"
    );
}

#[test]
fn functions() {
    assert_eq!(
        where_expr(
            "match(cmd, \"(?i)-enc\") AND isnotnull(user) AND cidrmatch(\"10.0.0.0/8\", ip)"
        ),
        "((match(cmd, \"(?i)-enc\") And isnotnull(user)) And cidrmatch(\"10.0.0.0/8\", ip))"
    );
    assert_eq!(
        where_expr("mvcount(split(x, \",\")) > 1 AND len(lower(y)) >= 3"),
        "((mvcount(split(x, \",\")) Gt 1) And (len(lower(y)) Ge 3))"
    );
}

#[test]
fn eval_assignments() {
    let a = evals(
        "| eval a = if(x>1, \"big\", \"small\"), b=case(x==1,\"one\", true(), \"other\"), c=coalesce(u, v), d=tonumber(substr(s, 1, 3)), e=strftime(_time, \"%Y-%m-%d\")",
    );
    assert_eq!(a.len(), 5);
    assert_eq!(
        a[0],
        ("a".into(), "if((x Gt 1), \"big\", \"small\")".into())
    );
    assert_eq!(a[1].1, "case((x EqEq 1), \"one\", true(), \"other\")");
    assert_eq!(a[3].1, "tonumber(substr(s, 1, 3))");
}

#[test]
fn eval_more_functions() {
    let a = evals("| eval j=json_extract(raw, \"a.b\"), s=searchmatch(\"foo\"), r=replace(x, \"\\\\\", \"/\"), m=mvindex(v, 0), u=upper(x)");
    assert_eq!(a[0].1, "json_extract(raw, \"a.b\")");
    assert_eq!(a[2].1, "replace(x, \"\\\\\", \"/\")");
}

#[test]
fn comparison_helper() {
    let p = parse("| where a=1 AND (b>2 OR like(c, \"x%\")) AND d IN (1,2)");
    let CommandKind::Where(WhereCmd { expr: Some(e) }) = &p.ast.commands[0].kind else {
        panic!()
    };
    assert_eq!(visit::expr_comparisons(e).len(), 3);
}

#[test]
fn error_missing_operand() {
    let p = parse("| where a= | table a");
    assert_eq!(p.errors.len(), 1, "{:?}", p.errors);
    assert_eq!(p.errors[0].span, Span::new(11, 12));
    assert!(p.errors[0]
        .message
        .starts_with("expected an expression after `=`"));
    assert!(matches!(p.ast.commands[1].kind, CommandKind::Fields(_)));
}

#[test]
fn error_unclosed_call() {
    let p = parse("| eval x=if(a, b");
    assert_eq!(p.errors.len(), 1, "{:?}", p.errors);
    assert_eq!(
        p.errors[0].message,
        "expected `)` to close `(` at 11, found end of input"
    );
}

#[test]
fn error_eval_without_assignment() {
    let p = parse("| eval 1+2");
    assert_eq!(p.errors[0].span, Span::new(7, 10));
    assert!(p.errors[0]
        .message
        .starts_with("expected `field = expression`"));
}
