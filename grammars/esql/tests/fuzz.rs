//! Deterministic pseudo-random inputs: the lexer stays lossless and the parser never panics
//! and keeps every error span inside the input.

use detlint_esql::*;

struct Rng(u64);
impl Rng {
    fn next(&mut self) -> u64 {
        self.0 ^= self.0 << 13;
        self.0 ^= self.0 >> 7;
        self.0 ^= self.0 << 17;
        self.0
    }
    fn pick<'a>(&mut self, items: &[&'a str]) -> &'a str {
        items[(self.next() % items.len() as u64) as usize]
    }
}

const VOCAB: &[&str] = &[
    "FROM",
    "from",
    "logs-*",
    "METADATA",
    "_id",
    ",",
    "|",
    "WHERE",
    "where",
    "EVAL",
    "STATS",
    "BY",
    "KEEP",
    "DROP",
    "RENAME",
    "AS",
    "SORT",
    "DESC",
    "NULLS",
    "FIRST",
    "LIMIT",
    "DISSECT",
    "GROK",
    "ENRICH",
    "ON",
    "WITH",
    "MV_EXPAND",
    "LOOKUP",
    "JOIN",
    "FORK",
    "INLINE",
    "CHANGE_POINT",
    "COMPLETION",
    "SAMPLE",
    "ROW",
    "SHOW",
    "TS",
    "and",
    "or",
    "not",
    "like",
    "rlike",
    "in",
    "is",
    "null",
    "true",
    "(",
    ")",
    "[",
    "]",
    "{",
    "}",
    "==",
    "!=",
    "<",
    ">=",
    "=",
    "=~",
    "+",
    "-",
    "*",
    "/",
    "%",
    ":",
    "::",
    "long",
    ".",
    "a",
    "b.c",
    "`q q`",
    "\"s\"",
    "\"\"\"t\"\"\"",
    "\"open",
    "1",
    "2.5",
    "7 day",
    "?p",
    "count(",
    "to_lower(",
    "//c\n",
    "/*x*/",
    "/*",
    "\n",
    " ",
    "é",
    "日",
    "\\",
    "`",
    "\"",
    "@timestamp",
];

#[test]
fn random_token_soup() {
    let mut rng = Rng(0x9e37_79b9_7f4a_7c15);
    for _ in 0..3000 {
        let n = (rng.next() % 40) as usize;
        let mut s = String::new();
        for _ in 0..n {
            s.push_str(rng.pick(VOCAB));
            if rng.next() & 3 != 0 {
                s.push(' ');
            }
        }
        check(&s);
    }
}

#[test]
fn random_bytes_as_text() {
    let mut rng = Rng(12345);
    for _ in 0..2000 {
        let n = (rng.next() % 60) as usize;
        let bytes: Vec<u8> = (0..n).map(|_| (rng.next() % 128) as u8).collect();
        let s = String::from_utf8_lossy(&bytes).into_owned();
        check(&s);
    }
}

fn check(s: &str) {
    let joined: String = lex(s).iter().map(|t| t.text(s)).collect();
    assert_eq!(joined, s);
    let p = std::panic::catch_unwind(|| parse(s)).unwrap_or_else(|_| panic!("panic on {s:?}"));
    for e in &p.errors {
        assert!(
            e.span.start <= e.span.end && e.span.end <= s.len(),
            "{s:?}: {e:?}"
        );
    }
    assert!(p.ast.span.end <= s.len());
}

#[test]
fn large_inputs_parse_quickly() {
    let t = std::time::Instant::now();
    // ~1 MB single-line WHERE
    let mut s = String::from("FROM logs-* | WHERE ");
    while s.len() < 1_000_000 {
        s.push_str("(process.name like \"*x*\" or user.id in (\"1\", \"2\")) and ");
    }
    s.push_str("true");
    let p = parse(&s);
    assert!(p.errors.is_empty());
    // huge IN list
    let list: Vec<String> = (0..100_000).map(|i| format!("\"v{i}\"")).collect();
    let s = format!("FROM x | WHERE a IN ({})", list.join(", "));
    let p = parse(&s);
    assert!(p.errors.is_empty());
    // 1 MB string literal and 1 MB of unknown characters
    let s = format!("FROM x | WHERE a == \"{}\"", "y".repeat(1_000_000));
    assert!(parse(&s).errors.is_empty());
    let s = "§".repeat(500_000);
    assert!(!parse(&s).errors.is_empty());
    assert!(t.elapsed().as_secs() < 20, "too slow: {:?}", t.elapsed());
}
