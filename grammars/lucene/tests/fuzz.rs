//! Deterministic random-input robustness test: no panic, lossless lexing, valid spans.

use detlint_lucene::{lex, parse, Span, Value};

const PIECES: &[&str] = &[
    "a",
    "field.name",
    " ",
    "\n",
    ":",
    "(",
    ")",
    "[",
    "]",
    "{",
    "}",
    "\"",
    "\\",
    "*",
    "?",
    "/",
    "~",
    "~2",
    "^",
    "^3",
    "+",
    "-",
    "!",
    "&&",
    "||",
    " AND ",
    " OR ",
    "NOT ",
    " TO ",
    ">=",
    "<",
    "é",
    "\u{3000}",
    "\\:",
    "_exists_",
    "x-y",
    "1",
];

struct Lcg(u64);

impl Lcg {
    fn next(&mut self) -> usize {
        self.0 = self
            .0
            .wrapping_mul(6364136223846793005)
            .wrapping_add(1442695040888963407);
        (self.0 >> 33) as usize
    }
}

fn check_span(src: &str, s: Span, what: &str) {
    assert!(
        s.start <= s.end && s.end <= src.len(),
        "{what} span {s:?} out of {src:?}"
    );
    assert!(
        src.is_char_boundary(s.start) && src.is_char_boundary(s.end),
        "{what} span {s:?} not on char boundary in {src:?}"
    );
}

#[test]
fn random_inputs() {
    let mut rng = Lcg(0xface);
    for _ in 0..20_000 {
        let n = rng.next() % 24;
        let mut src = String::new();
        for _ in 0..n {
            src.push_str(PIECES[rng.next() % PIECES.len()]);
        }
        let toks = lex(&src);
        let mut at = 0;
        for t in &toks {
            assert_eq!(t.span.start, at, "gap in tokens of {src:?}");
            assert!(t.span.end > t.span.start, "empty token in {src:?}");
            at = t.span.end;
        }
        assert_eq!(at, src.len());
        let p = parse(&src);
        for e in &p.errors {
            check_span(&src, e.span, "error");
        }
        if let Some(root) = &p.ast.root {
            root.walk(|node| check_span(&src, node.span, "node"));
        }
        for t in p.ast.terms() {
            check_span(&src, t.span, "term");
            if let Some(f) = &t.field {
                check_span(&src, f.span, "field");
            }
            match &t.value {
                Value::Term(l) | Value::Phrase(l) | Value::Regex(l) => {
                    check_span(&src, l.span, "literal")
                }
                Value::Range(r) => {
                    check_span(&src, r.span, "range");
                    check_span(&src, r.lower.span, "lower");
                    check_span(&src, r.upper.span, "upper");
                }
                Value::Compare { op_span, value, .. } => {
                    check_span(&src, *op_span, "op");
                    check_span(&src, value.span, "value");
                }
            }
        }
    }
}
