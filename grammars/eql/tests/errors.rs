//! Error cases: located messages, error nodes, and recovery of what follows.

use detlint_eql::{parse, to_sexpr, Span};

/// Parses `src` and returns `(sexpr, [(message, span text or position)])`.
fn run(src: &str) -> (String, Vec<(String, Span)>) {
    let p = parse(src);
    (
        to_sexpr(&p.ast),
        p.errors.into_iter().map(|e| (e.message, e.span)).collect(),
    )
}

#[track_caller]
fn first_error(src: &str) -> (String, Span) {
    let (_, errs) = run(src);
    errs.into_iter().next().expect("an error")
}

#[test]
fn unclosed_paren_reports_opening_position() {
    let src = "process where (a == 1";
    let (msg, span) = first_error(src);
    assert_eq!(msg, "expected `)` to close `(` at 14, found end of input");
    assert_eq!(span, Span::empty(src.len()));
    assert_eq!(run(src).0, "(event process (paren (== a 1)))");
}

#[test]
fn unclosed_bracket_in_sequence() {
    let src = "sequence [process where a == 1";
    let (msg, span) = first_error(src);
    assert_eq!(msg, "expected `]` to close `[` at 9, found end of input");
    assert_eq!(span.start, src.len());
}

#[test]
fn missing_value_after_operator() {
    let src = "process where a == and b == 2";
    let (sexpr, errs) = run(src);
    assert_eq!(errs[0].0, "expected a value after `==`, found `and`");
    assert_eq!(errs[0].1, Span::new(19, 22));
    // The rest of the condition is still parsed.
    assert_eq!(sexpr, "(event process (and (== a <error>) (== b 2)))");
}

#[test]
fn missing_where() {
    let src = "process a == 1";
    let (msg, span) = first_error(src);
    assert_eq!(msg, "expected `where` after the event category, found `a`");
    assert_eq!(span, Span::new(8, 9));
    assert_eq!(run(src).0, "(event process (== a 1))");
}

#[test]
fn empty_input_and_only_comments() {
    for src in ["", "   ", "// nothing\n/* here */"] {
        let (sexpr, errs) = run(src);
        assert_eq!(sexpr, "(error)");
        assert_eq!(errs[0].0, "expected a query, found end of input");
        assert_eq!(errs[0].1, Span::empty(src.len()));
    }
}

#[test]
fn missing_condition() {
    let src = "process where";
    let (msg, span) = first_error(src);
    assert_eq!(msg, "expected an expression, found end of input");
    assert_eq!(span, Span::empty(13));
}

#[test]
fn junk_inside_subquery_is_skipped_and_next_subquery_parsed() {
    let src = "sequence [process where a b c] [file where x == 1]";
    let (sexpr, errs) = run(src);
    assert_eq!(errs.len(), 1);
    assert_eq!(errs[0].0, "expected `]` to close `[` at 9, found `b`");
    assert_eq!(errs[0].1, Span::new(26, 27));
    assert_eq!(
        sexpr,
        "(sequence (sub (event process a) (error)) (sub (event file (== x 1))))"
    );
    let p = parse(src);
    let junk = p.ast.sub_queries()[0].junk[0].span;
    assert_eq!(junk.text(src), "b c");
}

#[test]
fn trailing_junk_after_query() {
    let src = "process where true ) | head 1";
    let (sexpr, errs) = run(src);
    assert_eq!(errs[0].0, "expected `|` or end of input, found `)`");
    assert_eq!(errs[0].1, Span::new(19, 20));
    assert_eq!(sexpr, "(event process true) (pipe head 1) (error)");
}

#[test]
fn in_requires_a_list() {
    let src = "process where a in b";
    let (msg, span) = first_error(src);
    assert_eq!(msg, "expected `(` after `in`, found `b`");
    assert_eq!(span, Span::new(19, 20));
}

#[test]
fn chained_comparison() {
    let (msg, span) = first_error("process where a == 1 == 2");
    assert_eq!(
        msg,
        "comparison operators cannot be chained; add parentheses"
    );
    assert_eq!(span, Span::new(21, 23));
}

#[test]
fn string_errors() {
    let (msg, span) = first_error(r#"process where a == "x\qy""#);
    assert_eq!(msg, "unknown escape sequence `\\q`");
    assert_eq!(span, Span::new(21, 23));
    let (msg, span) = first_error(r#"process where a == "x\u{zz}""#);
    assert_eq!(msg, "invalid unicode escape, expected `\\u{XXXX}`");
    assert_eq!(span.start, 21);
    let src = "process where a == \"open\nand b == 1";
    let (msg, span) = first_error(src);
    assert_eq!(msg, "unterminated string literal: expected closing \"");
    assert_eq!(span, Span::new(19, 24));
    // The next line still parses.
    assert_eq!(run(src).0, "(event process (and (== a \"open\") (== b 1)))");
    let (msg, _) = first_error("process where a == \"\"\"never closed");
    assert_eq!(msg, "unterminated string literal: expected closing \"\"\"");
}

#[test]
fn unterminated_backtick() {
    let (msg, span) = first_error("process where `abc == 1");
    assert_eq!(msg, "unterminated backtick identifier: expected closing `");
    assert_eq!(span.start, 14);
}

#[test]
fn bad_sequence_options() {
    let (msg, span) = first_error("sequence with maxspan 5m [a where true]");
    assert_eq!(msg, "expected `=` after `maxspan`, found `5m`");
    assert_eq!(span, Span::new(22, 24));
    let (msg, span) = first_error("sequence with maxspan=5x [a where true]");
    assert_eq!(msg, "unknown time unit `x` (expected ms, s, m, h or d)");
    assert_eq!(span, Span::new(22, 24));
    let (msg, _) = first_error("sequence with foo=5 [a where true]");
    assert_eq!(msg, "expected `maxspan` after `with`, found `foo`");
    let (msg, span) = first_error("sequence by x");
    assert_eq!(
        msg,
        "expected a bracketed sub-query `[` after `sequence`, found end of input"
    );
    assert_eq!(span, Span::empty(13));
    let (msg, _) = first_error("sequence [a where true] until");
    assert_eq!(
        msg,
        "expected a bracketed sub-query `[` after `until`, found end of input"
    );
    let (msg, span) = first_error("sequence [a where true] with runs=x [b where true]");
    assert_eq!(msg, "expected a number after `runs=`, found `x`");
    assert_eq!(span, Span::new(34, 35));
}

#[test]
fn missing_category() {
    let (msg, span) = first_error("where a == 1");
    assert_eq!(
        msg,
        "expected an event category (such as `process` or `any`), found `where`"
    );
    assert_eq!(span, Span::new(0, 5));
    assert_eq!(run("where a == 1").0, "(event <missing> (== a 1))");
}

#[test]
fn empty_pipe_and_bad_pipe() {
    let (msg, span) = first_error("process where true |");
    assert_eq!(
        msg,
        "expected a pipe name (such as `head`, `tail`, `filter`, `unique`), found end of input"
    );
    assert_eq!(span, Span::empty(20));
}

#[test]
fn empty_parens_and_lists() {
    let (msg, span) = first_error("process where ()");
    assert_eq!(msg, "expected an expression inside `( )`, found `)`");
    assert_eq!(span, Span::new(15, 16));
    let (msg, _) = first_error("process where a in ()");
    assert_eq!(msg, "expected at least one value in the list, found `)`");
    let (msg, span) = first_error(r#"process where a in ("x",)"#);
    assert_eq!(msg, "expected a value after `,`, found `)`");
    assert_eq!(span, Span::new(24, 25));
}

#[test]
fn invalid_number() {
    let (msg, _) = first_error("process where a == 12ab");
    assert_eq!(msg, "invalid number `12ab`");
}

#[test]
fn half_typed_queries_still_give_an_ast() {
    let src = "sequence by host.id [process where process.name : (\"a\", ";
    let p = parse(src);
    assert!(!p.errors.is_empty());
    assert_eq!(p.ast.comparisons().len(), 1);
    assert_eq!(p.ast.fields()[0].path(), "host.id");
}

#[test]
fn unknown_characters() {
    let src = "process where a == 1 # b";
    let (sexpr, errs) = run(src);
    assert_eq!(errs[0].0, "expected `|` or end of input, found `#`");
    assert_eq!(errs[0].1, Span::new(21, 24));
    assert_eq!(sexpr, "(event process (== a 1)) (error)");
}

#[test]
fn a_run_of_junk_gives_one_error() {
    let src = "process where a == 1 ) ] ) x y | head 1";
    let (sexpr, errs) = run(src);
    assert_eq!(errs.len(), 1, "{errs:?}");
    assert_eq!(errs[0].1, Span::new(21, 30));
    assert_eq!(sexpr, "(event process (== a 1)) (pipe head 1) (error)");
}

#[test]
fn missing_close_bracket_resyncs_at_next_subquery() {
    let src = "sequence [process where a == 1 [file where b == 2] ![any where c] | head 1";
    let (sexpr, errs) = run(src);
    assert_eq!(errs.len(), 1, "{errs:?}");
    assert_eq!(errs[0].0, "expected `]` to close `[` at 9, found `[`");
    assert_eq!(errs[0].1, Span::new(31, 32));
    assert_eq!(
        sexpr,
        "(sequence (sub (event process (== a 1))) (sub (event file (== b 2))) (sub! (event any c))) (pipe head 1)"
    );
    let src = "sequence [process where a == 1 junk ![file where b == 2]";
    let (sexpr, errs) = run(src);
    assert_eq!(errs.len(), 1, "{errs:?}");
    assert_eq!(
        sexpr,
        "(sequence (sub (event process (== a 1)) (error)) (sub! (event file (== b 2))))"
    );
}
