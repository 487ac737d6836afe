mod common;
use common::*;
use detlint_esql::*;

#[test]
fn unclosed_paren_reports_open_position() {
    let src = "FROM x | WHERE (a == 1";
    let e = errs(src);
    assert_eq!(
        e[0].message,
        "expected `)` to close `(` at 15, found end of input"
    );
    assert_eq!(e[0].span, Span::new(src.len(), src.len()));
}

#[test]
fn unclosed_call_and_in() {
    let e = errs("FROM x | WHERE f(a, b");
    assert_eq!(
        e[0].message,
        "expected `)` to close `(` at 16, found end of input"
    );
    let e = errs("FROM x | WHERE a in (1, 2 | LIMIT 1");
    assert_eq!(e[0].message, "expected `)` to close `(` at 20, found `|`");
    assert_eq!(e[0].span, Span::new(26, 27));
}

#[test]
fn missing_operand() {
    let e = errs("FROM x | WHERE a == ");
    assert_eq!(e[0].message, "expected an expression, found end of input");
    let e = errs("FROM x | WHERE a and or b");
    assert_eq!(e[0].message, "expected an expression, found `or`");
    assert_eq!(e[0].span, Span::new(21, 23));
}

#[test]
fn assignment_instead_of_comparison() {
    let src = "FROM x | WHERE a = \"b\"";
    let p = parse(src);
    assert_eq!(p.errors.len(), 1);
    assert_eq!(
        p.errors[0].message,
        "expected `==` for comparison, found `=` (assignment)"
    );
    assert_eq!(p.errors[0].span, Span::new(17, 18));
    // still produces a usable comparison
    assert_eq!(p.ast.where_conditions()[0].sexpr(), "(== a \"b\")");
}

#[test]
fn trailing_junk_becomes_error_command_and_parsing_continues() {
    let src = "FROM x | WHERE a == 1 b c | EVAL d = 2";
    let p = parse(src);
    assert_eq!(p.errors.len(), 1);
    assert_eq!(
        p.errors[0].message,
        "expected `|` or end of query, found `b`"
    );
    assert_eq!(p.errors[0].span, Span::new(22, 23));
    let kinds: Vec<&CommandKind> = p.ast.commands.iter().map(|c| &c.kind).collect();
    assert!(matches!(kinds[1], CommandKind::Where(_)));
    assert!(matches!(kinds[2], CommandKind::Error));
    assert_eq!(p.ast.commands[2].span.text(src), "b c");
    assert!(matches!(kinds[3], CommandKind::Eval(_)));
}

#[test]
fn empty_and_trailing_pipe() {
    let e = errs("");
    assert_eq!(
        e[0].message,
        "expected a source command (FROM, ROW, SHOW, TS), found end of input"
    );
    let src = "FROM x |";
    let e = errs(src);
    assert_eq!(e[0].message, "expected a command, found end of input");
    assert_eq!(e[0].span, Span::new(8, 8));
    let e = errs("FROM x || LIMIT 1");
    assert_eq!(e[0].message, "expected a command, found `|`");
    assert_eq!(e[0].span, Span::new(8, 9));
}

#[test]
fn source_command_rules() {
    let p = parse("WHERE a == 1");
    assert_eq!(
        p.errors[0].message,
        "expected a source command (FROM, ROW, SHOW, TS), found `WHERE`"
    );
    assert!(matches!(p.ast.commands[0].kind, CommandKind::Where(_)));
    let e = errs("FROM a | FROM b");
    assert_eq!(
        e[0].message,
        "expected a processing command, found source command `FROM`"
    );
    let e = errs("FROM | LIMIT 1");
    assert_eq!(e[0].message, "expected an index pattern, found `|`");
}

#[test]
fn unterminated_tokens() {
    let e = errs("FROM x | WHERE a == \"abc");
    assert_eq!(
        e[0].message,
        "expected `\"` to close string at 20, found end of line"
    );
    assert_eq!(e[0].span, Span::new(20, 24));
    let e = errs("FROM x /* open");
    assert_eq!(
        e[0].message,
        "expected `*/` to close block comment, found end of input"
    );
    let e = errs("FROM x | KEEP `abc");
    assert!(e[0]
        .message
        .starts_with("expected '`' to close quoted identifier at 14"));
}

#[test]
fn command_specific_errors() {
    assert_eq!(
        errs("FROM x | RENAME a b")[0].message,
        "expected `AS` or `=`, found `b`"
    );
    assert_eq!(
        errs("FROM x | SORT a NULLS")[0].message,
        "expected `FIRST` or `LAST`, found end of input"
    );
    assert_eq!(
        errs("FROM x | DISSECT a")[0].message,
        "expected a dissect pattern string, found end of input"
    );
    assert_eq!(
        errs("FROM x | LOOKUP JOIN idx")[0].message,
        "expected `ON`, found end of input"
    );
    assert_eq!(
        errs("FROM x | FORK WHERE a")[0].message,
        "expected `(` to start a FORK branch, found `WHERE`"
    );
    assert_eq!(
        errs("FROM x | WHERE a IS NOT")[0].message,
        "expected `NULL`, found end of input"
    );
    assert_eq!(
        errs("FROM x | WHERE a in 1")[0].message,
        "expected `(` after IN, found `1`"
    );
    assert_eq!(
        errs("FROM x | WHERE a::")[0].message,
        "expected a type name after `::`, found end of input"
    );
    assert_eq!(
        errs("FROM x | KEEP a, ")[0].message,
        "expected a field name, found end of input"
    );
}

#[test]
fn fork_branch_unclosed() {
    let e = errs("FROM x | FORK (WHERE a == 1 | LIMIT 2");
    assert_eq!(
        e[0].message,
        "expected `)` to close `(` at 14, found end of input"
    );
}

#[test]
fn recovery_keeps_later_commands() {
    let p = parse("FROM x | WHERE (a == | EVAL b = 1 | STATS c = count(*) BY d");
    assert!(!p.errors.is_empty());
    let last = p.ast.commands.last().map(|c| &c.kind);
    assert!(matches!(last, Some(CommandKind::Stats(s)) if s.by.len() == 1));
    assert!(p
        .ast
        .commands
        .iter()
        .any(|c| matches!(c.kind, CommandKind::Eval(_))));
}

#[test]
fn nesting_guard() {
    let src = format!("FROM x | WHERE {}a", "(".repeat(100_000));
    let p = parse(&src);
    let deep = p
        .errors
        .iter()
        .find(|e| e.message == format!("nesting deeper than {MAX_DEPTH}"))
        .expect("depth error");
    assert!(deep.span.start >= 15 + 200 && deep.span.start <= 15 + MAX_DEPTH);
    // balanced version too
    let src = format!(
        "FROM x | WHERE {}a{}",
        "(".repeat(100_000),
        ")".repeat(100_000)
    );
    let p = parse(&src);
    assert!(p
        .errors
        .iter()
        .any(|e| e.message.starts_with("nesting deeper")));
    // deep NOT / unary chains and arithmetic chains
    let src = format!("FROM x | WHERE {}a", "NOT ".repeat(100_000));
    assert!(parse(&src)
        .errors
        .iter()
        .any(|e| e.message.starts_with("nesting deeper")));
    let src = format!("FROM x | EVAL y = a{}", " + a".repeat(100_000));
    assert!(parse(&src)
        .errors
        .iter()
        .any(|e| e.message.starts_with("nesting deeper")));
    let src = format!("FROM x | EVAL y = a{}", "::long".repeat(100_000));
    assert!(parse(&src)
        .errors
        .iter()
        .any(|e| e.message.starts_with("nesting deeper")));
    let src = format!("FROM x {}", "| FORK (WHERE a ".repeat(10_000));
    assert!(parse(&src)
        .errors
        .iter()
        .any(|e| e.message.starts_with("nesting deeper")));
}

#[test]
fn moderate_nesting_is_fine() {
    let src = format!(
        "FROM x | WHERE {}a == 1{}",
        "(".repeat(100),
        ")".repeat(100)
    );
    ok(&src);
}

#[test]
fn garbage_never_panics() {
    let samples = [
        "|||",
        ")))",
        "(((",
        "FROM",
        "FROM x | WHERE",
        "FROM x | STATS BY",
        "FROM x | EVAL =",
        "FROM x | WHERE a not",
        "FROM x | WHERE a not b",
        "FROM x | ENRICH",
        "FROM x | LOOKUP",
        "FROM x | CHANGE_POINT",
        "FROM x | COMPLETION",
        "FROM x | SAMPLE",
        "FROM x | SHOW",
        "FROM x | WHERE {",
        "FROM x | WHERE {\"a\"",
        "FROM x | WHERE [1,",
        "FROM x | GROK",
        "FROM x | RENAME",
        "FROM x | MV_EXPAND",
        "FROM x | WHERE ::",
        "§§§ ∑",
        "FROM x | 1 + 2",
        "FROM x | FORK ()",
        "FROM x | FORK (",
        ") FROM x",
        "FROM x) | LIMIT 1",
    ];
    for s in samples {
        let p = parse(s);
        assert!(!p.errors.is_empty(), "{s:?} should have errors");
        for e in &p.errors {
            assert!(
                e.span.start <= e.span.end && e.span.end <= s.len(),
                "{s:?}: {e:?}"
            );
        }
    }
    // every prefix of a realistic query
    let q = "from logs-* metadata _id | where a == \"x\" and b in (1, 2) or c like \"*y*\" | eval d = to_lower(e)::keyword | stats n = count(*) where f by g | sort n desc nulls last | limit 10";
    for i in 0..=q.len() {
        if q.is_char_boundary(i) {
            let _ = parse(&q[..i]);
        }
    }
}

#[test]
fn error_spans_are_in_bounds_for_truncations_of_multibyte() {
    let q = "FROM x | WHERE name == \"日本語\" and `é` == 1";
    for i in 0..=q.len() {
        if q.is_char_boundary(i) {
            let p = parse(&q[..i]);
            for e in &p.errors {
                assert!(e.span.end <= i);
            }
        }
    }
}

#[test]
fn unknown_first_command() {
    let p = parse("sql\nfrom logs-* | limit 1");
    assert_eq!(p.errors.len(), 1);
    assert_eq!(
        p.errors[0].message,
        "expected a source command (FROM, ROW, SHOW, TS), found `sql`"
    );
    assert_eq!(p.errors[0].span, Span::new(0, 3));
    assert!(
        matches!(&p.ast.commands[0].kind, CommandKind::From(f) if f.indices[0].text == "logs-*")
    );
    assert_eq!(p.ast.commands.len(), 2);

    let p = parse("SELECT a FROM b");
    assert_eq!(p.errors.len(), 1);
    assert!(matches!(
        &p.ast.commands[0].kind,
        CommandKind::Generic { .. }
    ));
}

#[test]
fn hunt_query_classification() {
    assert_eq!(
        classify_hunt_query("sql\nfrom x"),
        HuntQueryKind::Esql {
            offset: 4,
            tagged: true
        }
    );
    assert_eq!(
        classify_hunt_query("\nfrom x"),
        HuntQueryKind::Esql {
            offset: 0,
            tagged: false
        }
    );
    assert_eq!(
        classify_hunt_query("sql\nSELECT * FROM t"),
        HuntQueryKind::Sql
    );
    assert_eq!(classify_hunt_query("select 1"), HuntQueryKind::Sql);
    assert_eq!(
        classify_hunt_query("sql"),
        HuntQueryKind::Esql {
            offset: 3,
            tagged: true
        }
    );
}
