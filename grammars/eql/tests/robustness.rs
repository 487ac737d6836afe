//! Never panic, never overflow the stack, stay lossless: deep nesting, garbage,
//! truncation, huge inputs.

use detlint_eql::{lex, parse, MAX_DEPTH};

fn assert_lossless(src: &str) {
    let toks = lex(src);
    let mut pos = 0;
    for t in &toks {
        assert_eq!(t.span.start, pos, "gap or overlap in {src:?}");
        assert!(t.span.end > t.span.start, "empty token in {src:?}");
        pos = t.span.end;
    }
    assert_eq!(pos, src.len());
    let joined: String = toks.iter().map(|t| t.text(src)).collect();
    assert_eq!(joined, src);
}

fn check_spans(src: &str) {
    let p = parse(src);
    for e in &p.errors {
        assert!(
            e.span.start <= e.span.end && e.span.end <= src.len(),
            "{e:?}"
        );
        assert!(src.is_char_boundary(e.span.start) && src.is_char_boundary(e.span.end));
    }
    let s = p.ast.span;
    assert!(s.start <= s.end && s.end <= src.len());
}

const SAMPLES: &[&str] = &[
    r#"sequence by host.id, user.name with maxspan=5m
  [process where process.name : ("cmd.exe", "powershell.exe") and not ?process.args in~ ("/c", "-x")] by process.entity_id with runs=2
  ![file where startsWith~(file.path, "C:\\Windows\\") or file.name like~ """*.e?e"""]
  [network where cidrMatch(destination.ip, "10.0.0.0/8") == false and length(`weird field`.x[0]) > -1.5e3]
until [process where event.type == 'end'] | head 5 | filter a != null | unique a, b"#,
    "sample by host.id [any where true] [\"registry\" where x regex~ \"a.*\"] // c\n /* d */",
    "process where (a or (b and (c or not d))) | tail 2 | count | unique_count",
];

#[test]
fn deep_parentheses_do_not_overflow() {
    let n = 100_000;
    let src = format!("process where {}a == 1{}", "(".repeat(n), ")".repeat(n));
    let p = parse(&src);
    let deep: Vec<_> = p
        .errors
        .iter()
        .filter(|e| e.message == format!("nesting deeper than {MAX_DEPTH}"))
        .collect();
    assert_eq!(deep.len(), 1, "{:?}", &p.errors[..p.errors.len().min(3)]);
    // Reported at the first `(` beyond the limit.
    let at = deep[0].span.start;
    assert!(at > "process where ".len() + 200 && at < "process where ".len() + MAX_DEPTH + 1);
    assert_eq!(
        p.errors.len(),
        1,
        "closing parens must balance after the skip"
    );
}

#[test]
fn deep_unclosed_nesting_does_not_overflow() {
    for unit in [
        "(",
        "[",
        "not ",
        "-",
        "f(",
        "a in (",
        "a == 1 == ",
        "descendant of [process where ",
    ] {
        let src = format!("process where {}", unit.repeat(100_000));
        let p = parse(&src);
        assert!(!p.errors.is_empty(), "{unit}");
        check_spans(&src);
    }
    let src = format!("sequence {}", "[process where ".repeat(50_000));
    assert!(!parse(&src).errors.is_empty());
}

#[test]
fn deep_nesting_in_a_spawned_small_stack() {
    // Also within a thread of 1 MiB stack (editors may parse on worker threads).
    let h = std::thread::Builder::new()
        .stack_size(1 << 20)
        .spawn(|| {
            let src = format!("process where {}", "(".repeat(100_000));
            parse(&src).errors.len()
        })
        .expect("spawn");
    assert!(h.join().expect("no overflow") > 0);
}

#[test]
fn long_flat_chains_are_fine() {
    let src = format!("process where a == 1{}", " and a == 1".repeat(50_000));
    let p = parse(&src);
    assert!(p.errors.is_empty());
    assert_eq!(p.ast.comparisons().len(), 50_001);
    let src = format!("process where a == 1{}", " + 1".repeat(50_000));
    assert!(parse(&src).errors.is_empty());
    let src = format!("process where a in ({}1)", "1, ".repeat(50_000));
    assert!(parse(&src).errors.is_empty());
}

#[test]
fn one_megabyte_lines() {
    let big = "x".repeat(1 << 20);
    for src in [
        format!("process where a == \"{big}\""),
        format!("process where {big} == 1"),
        format!("process where a == \"{big}"),
        format!("process where a == 1 /* {big}"),
        big.clone(),
        "(".repeat(1 << 20),
        "]".repeat(1 << 20),
        "|".repeat(1 << 20),
    ] {
        assert_lossless(&src);
        check_spans(&src);
    }
}

#[test]
fn every_prefix_of_samples() {
    for s in SAMPLES {
        assert!(parse(s).errors.is_empty(), "{:?}", parse(s).errors);
        for (i, _) in s.char_indices() {
            let prefix = &s[..i];
            assert_lossless(prefix);
            check_spans(prefix);
        }
    }
}

#[test]
fn garbage_inputs() {
    let bits = [
        "(", ")", "[", "]", "!", "![", "|", ",", ".", "?", "~", "\"", "'", "`", "\"\"\"", "/*",
        "*/", "//", "\n", "==", "=", ":", "<", ">=", "not", "in", "in~", "like~", "and", "or",
        "where", "by", "with", "maxspan", "runs", "=", "5m", "until", "sequence", "sample", "join",
        "process", "any", "1", "1.5", "-", "+", "*", "%", "é", "日本", "\\", "\u{0}", "head",
        "x.y", "@", "f(", "null", " ",
    ];
    // Deterministic pseudo-random token soup.
    let mut state: u64 = 0x9e37_79b9_7f4a_7c15;
    for _ in 0..3000 {
        let mut src = String::new();
        let len = (state % 24) as usize;
        for _ in 0..len {
            state ^= state << 13;
            state ^= state >> 7;
            state ^= state << 17;
            src.push_str(bits[(state % bits.len() as u64) as usize]);
            if state & 1 == 0 {
                src.push(' ');
            }
        }
        assert_lossless(&src);
        check_spans(&src);
    }
}
