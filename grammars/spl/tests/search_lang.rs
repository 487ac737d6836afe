//! Search-language filter trees: terms, comparisons, IN, NOT/OR/AND precedence, groups.

use detlint_spl::*;

fn filter(src: &str) -> SearchExpr {
    let p = parse(src);
    assert!(
        p.errors.is_empty(),
        "unexpected errors for {src:?}: {:?}",
        p.errors
    );
    match &p.ast.commands[0].kind {
        CommandKind::Search(SearchCmd { filter: Some(f) }) => f.clone(),
        k => panic!("not a search: {k:?}"),
    }
}

/// Compact rendering of a filter tree for structural asserts.
fn show(e: &SearchExpr) -> String {
    match e {
        SearchExpr::And { items, .. } => {
            format!(
                "and({})",
                items.iter().map(show).collect::<Vec<_>>().join(", ")
            )
        }
        SearchExpr::Or { items, .. } => {
            format!(
                "or({})",
                items.iter().map(show).collect::<Vec<_>>().join(", ")
            )
        }
        SearchExpr::Not { expr, .. } => format!("not({})", show(expr)),
        SearchExpr::Group { expr, .. } => format!("({})", show(expr)),
        SearchExpr::Compare {
            field, op, value, ..
        } => format!("{}{}{}", field.name, op.as_str(), value.value),
        SearchExpr::In { field, values, .. } => format!(
            "{} in [{}]",
            field.name,
            values
                .iter()
                .map(|v| v.value.as_str())
                .collect::<Vec<_>>()
                .join("|")
        ),
        SearchExpr::Term(v) => format!("term:{}", v.value),
        SearchExpr::Macro(m) => format!("macro:{}", m.name),
        SearchExpr::Subsearch(_) => "subsearch".into(),
        SearchExpr::Func { name, .. } => format!("func:{}", name.name),
        SearchExpr::Error(_) => "error".into(),
    }
}

#[test]
fn implicit_and_of_comparisons() {
    let f = filter("index=main sourcetype=\"WinEventLog\" EventCode=4688");
    assert_eq!(
        show(&f),
        "and(index=main, sourcetype=WinEventLog, EventCode=4688)"
    );
}

#[test]
fn or_binds_tighter_than_and() {
    let f = filter("a=1 b=2 OR c=3 AND d=4");
    assert_eq!(show(&f), "and(a=1, or(b=2, c=3), d=4)");
}

#[test]
fn not_binds_tighter_than_or() {
    let f = filter("NOT a=1 OR b=2");
    assert_eq!(show(&f), "or(not(a=1), b=2)");
}

#[test]
fn groups_and_nested_not() {
    let f = filter("(a=1 OR b=2) NOT (c=3 d=4)");
    assert_eq!(show(&f), "and((or(a=1, b=2)), not((and(c=3, d=4))))");
}

#[test]
fn comparison_operators() {
    let f = filter("a!=1 b<2 c<=3 d>4 e>=5 f==6");
    assert_eq!(show(&f), "and(a!=1, b<2, c<=3, d>4, e>=5, f==6)");
}

#[test]
fn in_lists_with_wildcards_and_quotes() {
    let f = filter(
        "process_name IN (cmd.exe, \"power shell.exe\", psexec*) \"dotted.field\" IN (\"x\")",
    );
    assert_eq!(
        show(&f),
        "and(process_name in [cmd.exe|power shell.exe|psexec*], dotted.field in [x])"
    );
    if let SearchExpr::And { items, .. } = &f {
        if let SearchExpr::In { values, .. } = &items[0] {
            assert!(values[2].has_wildcard());
            assert!(values[1].quoted);
        }
    }
}

#[test]
fn in_without_space_before_paren() {
    let f = filter("code IN(10, 29, 43) host!=\"localhost\"");
    assert_eq!(show(&f), "and(code in [10|29|43], host!=localhost)");
}

#[test]
fn lowercase_boolean_words_are_terms() {
    let f = filter("foo and bar");
    assert_eq!(show(&f), "and(term:foo, term:and, term:bar)");
}

#[test]
fn string_values_are_decoded_and_keep_raw_span() {
    let src = r#"path="C:\\Windows\\*\"x\"""#;
    let f = filter(src);
    match f {
        SearchExpr::Compare { field, value, .. } => {
            assert_eq!(field.name, "path");
            assert_eq!(field.span, Span::new(0, 4));
            assert_eq!(value.value, r#"C:\Windows\*"x""#);
            assert_eq!(value.span.text(src), &src[5..]);
            assert!(value.quoted);
        }
        other => panic!("{other:?}"),
    }
}

#[test]
fn wildcard_values_and_time_modifiers() {
    let f = filter("earliest=-24h@h process=*\\cmd.exe url=http://a/b?c=d");
    assert_eq!(
        show(&f),
        "and(earliest=-24h@h, process=*\\cmd.exe, url=http://a/b?c=d)"
    );
}

#[test]
fn macro_terms_and_funcs_and_subsearch() {
    let f = filter("`sysmon` TERM(10.0.0.1) [search index=x | fields host]");
    assert_eq!(show(&f), "and(macro:sysmon, func:TERM, subsearch)");
}

#[test]
fn explicit_search_command() {
    let p = parse("search a=1 | search NOT b=2");
    assert!(p.errors.is_empty());
    assert_eq!(p.ast.commands.len(), 2);
    assert!(!p.ast.commands[0].implicit);
    assert_eq!(p.ast.commands[1].name.name, "search");
}

#[test]
fn predicates_helper_lists_leaves() {
    let f = filter("a=1 (b=2 OR NOT c IN (x, y))");
    let preds = visit::search_predicates(&f);
    assert_eq!(preds.len(), 3);
}

#[test]
fn error_unclosed_paren_position() {
    let p = parse("a=1 (b=2 OR c=3");
    assert_eq!(p.errors.len(), 1);
    assert_eq!(
        p.errors[0].message,
        "expected `)` to close `(` at 4, found end of input"
    );
    assert_eq!(p.errors[0].span, Span::new(15, 15));
}

#[test]
fn error_missing_value_then_recovers() {
    let p = parse("a= | stats count");
    assert_eq!(p.errors[0].span, Span::new(3, 4));
    assert!(p.errors[0].message.contains("expected a value after `=`"));
    assert!(matches!(p.ast.commands[1].kind, CommandKind::Stats(_)));
}

#[test]
fn error_dangling_or() {
    let p = parse("a=1 OR | head 1");
    assert_eq!(p.errors.len(), 1);
    assert_eq!(p.errors[0].span, Span::new(4, 6));
    assert!(matches!(p.ast.commands[1].kind, CommandKind::Head(_)));
}

#[test]
fn error_stray_close_paren() {
    let p = parse("a=1 ) b=2");
    assert_eq!(p.errors.len(), 1);
    assert_eq!(p.errors[0].span, Span::new(4, 5));
}

#[test]
fn escaped_quotes_in_bare_words() {
    let f = filter(r#"k=*\"privileged\":true* other"#);
    assert_eq!(show(&f), r#"and(k=*\"privileged\":true*, term:other)"#);
}
