//! Lossless lexing and parser robustness (no panics, nesting guard).

use detlint_spl::*;

const FIXTURES: &[&str] = &[
    "",
    "   ",
    "index=main | stats count by host",
    "| tstats count where a IN (\"x\", y*) by b",
    "a=\"unterminated",
    "a=`unterminated macro",
    "x ```unterminated comment",
    "eval x=if(a!=b, \"é\", 'ü ñ') | where x<=1 AND y>=2",
    "foreach * [eval <<FIELD>>='<<FIELD>>' . \"x\"]",
    "]]]) ((( | | `` ``` ``` \"\\",
    "日本語 テスト | eval 名前=\"値\"",
];

#[test]
fn lexer_is_lossless() {
    for f in FIXTURES {
        let toks = lex(f);
        let s: String = toks.iter().map(|t| t.span.text(f)).collect();
        assert_eq!(&s, f);
        let mut at = 0;
        for t in &toks {
            assert_eq!(t.span.start, at);
            assert!(t.span.end > t.span.start);
            at = t.span.end;
        }
    }
}

#[test]
fn token_kinds() {
    let src = "a!=b | c<=\"d\" `m(1)` ```c``` [x]";
    let kinds: Vec<_> = lex(src)
        .into_iter()
        .filter(|t| !t.kind.is_trivia())
        .map(|t| t.kind)
        .collect();
    use TokenKind::*;
    assert_eq!(
        kinds,
        [Word, NotEq, Word, Pipe, Word, Le, Str, Macro, LBracket, Word, RBracket]
    );
    assert!(lex(src).iter().any(|t| t.kind == Comment));
}

#[test]
fn fixtures_never_panic() {
    for f in FIXTURES {
        let _ = parse(f);
        let _ = expand(f, &MacroTable::new());
    }
}

#[test]
fn truncations_never_panic() {
    let src = "| tstats summariesonly=t count(eval(x=\"a\")) as c from datamodel=E.P where (a=1 OR b IN (\"x\", y)) NOT c=* by d | eval z=if(match(a,\"(?i)x\"), lower(b) . \"-\", null()) | rename a as b | lookup t f OUTPUT g | join h [search i=1 | fields h] | where z!=\"\" | sort - c";
    for i in 0..=src.len() {
        if src.is_char_boundary(i) {
            let _ = parse(&src[..i]);
            let _ = parse(&src[i..]);
        }
    }
}

#[test]
fn garbage_never_panics() {
    let pieces = [
        "(", ")", "[", "]", "|", ",", "=", "!=", "<", ">", "\"", "`", "```", "NOT", "OR", "AND",
        "eval", "where", "tstats", "by", "as", "IN", "x", "1", " ", "'", "-", ".", "*", "stats",
        "rename", "lookup", "OUTPUT", "from", "<<F>>", "é", "日本", "\\", "'a b'", "<<", ">>",
        "```", "\"x\"",
    ];
    let mut seed: u64 = 0x2545F4914F6CDD1D;
    for _ in 0..3000 {
        let mut s = String::new();
        for _ in 0..(seed % 40) {
            seed ^= seed << 13;
            seed ^= seed >> 7;
            seed ^= seed << 17;
            s.push_str(pieces[(seed % pieces.len() as u64) as usize]);
            if seed % 5 < 2 {
                s.push(' ');
            }
        }
        let r = std::panic::catch_unwind(|| parse(&s));
        assert!(r.is_ok(), "panic on {s:?}");
        let toks = lex(&s);
        let back: String = toks.iter().map(|t| t.span.text(&s)).collect();
        assert_eq!(back, s);
    }
}

#[test]
fn deep_nesting_is_capped() {
    for open in ["(", "[", "NOT "] {
        let src = open.repeat(100_000);
        let p = parse(&src);
        assert!(
            p.errors
                .iter()
                .any(|e| e.message == "nesting deeper than 256"),
            "{open}: {:?}",
            p.errors.first()
        );
    }
    let src = format!("| where {}x{}", "(".repeat(100_000), ")".repeat(100_000));
    let p = parse(&src);
    let e = p
        .errors
        .iter()
        .find(|e| e.message == "nesting deeper than 256")
        .expect("nesting error");
    assert_eq!(e.span.start, 8 + 256);
    let src = format!("| eval x={}", "-".repeat(100_000));
    let _ = parse(&src);
    let src = format!(
        "| stats count(eval({}1{}))",
        "(".repeat(50_000),
        ")".repeat(50_000)
    );
    let _ = parse(&src);
}

#[test]
fn one_megabyte_line() {
    let mut src = String::from("index=main ");
    while src.len() < 1_000_000 {
        src.push_str("field=\"value\" OR x=y* ");
    }
    src.push_str("| eval a=1");
    for _ in 0..5000 {
        src.push_str(", b=c+1");
    }
    let t = std::time::Instant::now();
    let p = parse(&src);
    assert!(p.errors.is_empty());
    assert!(t.elapsed().as_secs() < 10);
}
