#![allow(dead_code)]
use detlint_esql::*;

/// Parses and asserts there are no errors.
pub fn ok(src: &str) -> Query {
    let p = parse(src);
    assert!(
        p.errors.is_empty(),
        "unexpected errors for {src:?}: {:?}",
        p.errors
    );
    p.ast
}

/// The S-expression of the first WHERE condition of `FROM x | WHERE <cond>`.
pub fn cond(cond: &str) -> String {
    let src = format!("FROM x | WHERE {cond}");
    let q = ok(&src);
    q.where_conditions()[0].sexpr()
}

/// Parses and returns the errors (asserting there is at least one).
pub fn errs(src: &str) -> Vec<ParseError> {
    let p = parse(src);
    assert!(!p.errors.is_empty(), "expected errors for {src:?}");
    p.errors
}
