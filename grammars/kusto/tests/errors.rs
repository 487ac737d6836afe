//! Error recovery: located errors with expected/found messages, Error nodes, continued
//! parsing, nesting guard, no panics on garbage.

mod common;
use detlint_kusto::*;

fn errs(src: &str) -> Vec<(String, usize)> {
    parse(src)
        .errors
        .into_iter()
        .map(|e| (e.message, e.span.start))
        .collect()
}

#[test]
fn unclosed_paren_reports_opener() {
    let e = errs("T | where (a == 1");
    assert_eq!(
        e,
        vec![(
            "expected `)` to close `(` at 10, found end of input".to_string(),
            17
        )]
    );
}

#[test]
fn missing_operand_then_continues() {
    let src = "T | where a == | take 5";
    let p = parse(src);
    assert_eq!(p.errors.len(), 1);
    assert_eq!(p.errors[0].message, "expected expression, found `|`");
    assert_eq!(p.errors[0].span.start, 15);
    // The following operator is still parsed.
    let Statement::Expr(Expr::Pipeline(pl)) = &p.ast.statements[0] else {
        panic!()
    };
    assert_eq!(pl.ops.len(), 2);
    assert!(matches!(pl.ops[1].kind, OperatorKind::Take(_)));
}

#[test]
fn junk_inside_operator_is_skipped_to_next_pipe() {
    let src = "T | where a = 'x' | project b";
    let p = parse(src);
    assert_eq!(
        p.errors[0].message,
        "unexpected `=` in `where` operator; expected `|` or end of query"
    );
    assert_eq!(p.errors[0].span.start, 12);
    let Statement::Expr(Expr::Pipeline(pl)) = &p.ast.statements[0] else {
        panic!()
    };
    assert!(matches!(pl.ops[1].kind, OperatorKind::Project(_)));
}

#[test]
fn missing_operator_name() {
    let p = parse("T | | take 1");
    assert_eq!(
        p.errors[0].message,
        "expected operator name after `|`, found `|`"
    );
    assert_eq!(p.errors[0].span.start, 4);
    let Statement::Expr(Expr::Pipeline(pl)) = &p.ast.statements[0] else {
        panic!()
    };
    assert!(matches!(pl.ops[0].kind, OperatorKind::Error(_)));
    assert!(matches!(pl.ops[1].kind, OperatorKind::Take(_)));
}

#[test]
fn stray_closer_and_trailing_comma() {
    let e = errs("T | take 1 )");
    assert_eq!(e[0].1, 11);
    assert!(e[0].0.contains("`)`"), "{e:?}");
    let e = errs("T | extend a = 1,");
    assert_eq!(
        e,
        vec![("expected expression, found end of input".to_string(), 17)]
    );
}

#[test]
fn unterminated_string_is_reported() {
    let e = errs("T | where a == \"abc\n| take 1");
    assert_eq!(e[0], ("unterminated string literal".to_string(), 15));
}

#[test]
fn error_in_let_does_not_hide_later_statements() {
    let p = parse("let a = ;\nlet b = 2;\nT | where x == b");
    assert_eq!(p.errors.len(), 1);
    assert_eq!(p.errors[0].span.start, 8);
    assert_eq!(p.ast.statements.len(), 3);
    assert_eq!(p.ast.where_predicates().len(), 1);
}

#[test]
fn missing_by_in_top_and_with_in_parse() {
    assert_eq!(
        errs("T | top 5")[0].0,
        "expected `by` in `top`, found end of input"
    );
    assert_eq!(
        errs("T | parse a 'x' b")[0].0,
        "expected `with` in `parse`, found `'x'`"
    );
}

#[test]
fn half_typed_text_still_yields_ast() {
    let p = parse("let L = dynamic(['a',\nT | where x in (L) and y has");
    assert!(!p.errors.is_empty());
    assert!(!p.ast.statements.is_empty());
}

#[test]
fn deep_nesting_is_capped() {
    let src = "(".repeat(100_000);
    let h = std::thread::Builder::new()
        .stack_size(2 * 1024 * 1024)
        .spawn(move || parse(&src).errors)
        .expect("spawn");
    let errors = h.join().expect("no stack overflow");
    assert!(errors
        .iter()
        .any(|e| e.message == format!("nesting deeper than {MAX_DEPTH}")));
}

#[test]
fn deep_nesting_of_other_kinds() {
    for src in [
        "T | where ".to_string() + &"not(".repeat(50_000),
        "print ".to_string() + &"-".repeat(50_000) + "1",
        "print dynamic(".to_string() + &"[".repeat(50_000),
        "let f = () {".repeat(20_000),
        "T | where a in (".repeat(20_000),
    ] {
        let h = std::thread::Builder::new()
            .stack_size(2 * 1024 * 1024)
            .spawn(move || parse(&src).errors.len())
            .expect("spawn");
        assert!(h.join().expect("no stack overflow") > 0);
    }
}

#[test]
fn never_panics_on_garbage_and_truncations() {
    let base = "let L = dynamic(['a', @\"b\"]);\nlet f = (x:string) { T | where y =~ x };\n\
                union isfuzzy=true A, (B | where c !in~ (L))\n| where t between (ago(1d) .. now()) and not(d has_cs 'x')\n\
                | parse e with * 'k=' v:string | mv-apply z to typeof(string) on (take 1)\n\
                | summarize n = count() by bin(t, 1h) | join kind=inner (f('a')) on $left.n == $right.m\n\
                | extend q = s[\"k\"][0].z, r = h'sec' | project-away w* | render timechart";
    assert!(parse(base).errors.is_empty(), "{:?}", parse(base).errors);
    for (i, _) in base.char_indices() {
        let _ = parse(&base[..i]);
        let _ = parse(&base[i..]);
    }
    let junk = "|(){}[],;:.=!~<>+-*/%\"'@`$h# ¤\n";
    let chars: Vec<char> = junk.chars().collect();
    let mut seed = 12345u64;
    for _ in 0..2000 {
        let mut s = String::new();
        for _ in 0..40 {
            seed = seed
                .wrapping_mul(6364136223846793005)
                .wrapping_add(1442695040888963407);
            let r = (seed >> 33) as usize;
            if matches!(r % 3, 0) {
                s.push_str(
                    [
                        "where", "in", "by", "let", "on", "between", "x", "1d", "union",
                    ][r % 9],
                );
            } else {
                s.push(chars[r % chars.len()]);
            }
            s.push(' ');
        }
        let p = parse(&s);
        for e in &p.errors {
            assert!(e.span.end <= s.len() && e.span.start <= e.span.end);
        }
    }
}

#[test]
fn one_megabyte_line() {
    let src = format!("T | where a in ({}'x')", "'v', ".repeat(200_000));
    let t = std::time::Instant::now();
    let p = parse(&src);
    assert!(p.errors.is_empty());
    assert!(t.elapsed().as_secs() < 10);
}

#[test]
fn long_non_logical_chains_are_capped_not_overflowing() {
    for pat in ["a ==", "a + ", "a.b", "a[0]", "x in (1) "] {
        let src = format!("T | where {}", pat.repeat(200_000 / pat.len()));
        let h = std::thread::Builder::new()
            .stack_size(2 * 1024 * 1024)
            .spawn(move || {
                let p = parse(&src);
                // Dropping the AST must not overflow either.
                (p.errors.len(), p.errors.first().map(|e| e.message.clone()))
            })
            .expect("spawn");
        let (n, first) = h.join().expect("no stack overflow");
        assert!(n > 0, "{pat}");
        assert!(first.is_some());
    }
}

#[test]
fn recovery_is_linear_on_pathological_input() {
    for pat in [
        "T | where (a in (b c ",
        "f(a b ",
        "[1 2 ",
        "{ x ",
        "|",
        ") ",
    ] {
        let src = pat.repeat(300_000 / pat.len());
        let t = std::time::Instant::now();
        let h = std::thread::Builder::new()
            .stack_size(2 * 1024 * 1024)
            .spawn(move || parse(&src).errors.len())
            .expect("spawn");
        assert!(h.join().expect("no overflow") > 0);
        assert!(t.elapsed().as_secs() < 20, "{pat}: {:?}", t.elapsed());
    }
}
