//! Deterministic random-input robustness test: no panic, lossless lexing, valid spans.

use detlint_kuery::{lex, parse, NodeKind, Span};

const PIECES: &[&str] = &[
    "a",
    "field.name",
    " ",
    "  ",
    "\n",
    ":",
    "(",
    ")",
    "{",
    "}",
    "\"",
    "\\",
    "*",
    "<",
    "<=",
    ">",
    ">=",
    " and ",
    " or ",
    "not ",
    "AND",
    "x y",
    "é",
    "✓",
    "\\:",
    "\\\\",
    "\"q\"",
    "\t",
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
    let mut rng = Lcg(0x5eed);
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
            assert!(!e.message.is_empty());
        }
        if let Some(root) = &p.ast.root {
            root.walk(|node| {
                check_span(&src, node.span, "node");
                if let Some(f) = node.field() {
                    check_span(&src, f.span, "field");
                }
                if let NodeKind::Match { value, .. } = &node.kind {
                    for l in value.literals() {
                        check_span(&src, l.span, "literal");
                    }
                }
            });
        }
    }
}
