//! The hand-written YAML reader must give exactly what the tree-sitter path gives (values,
//! spans, scalar types, issues, comments) on every text it accepts, and must accept nearly all
//! real rule files (it is the fast path). Compared on the project's fixtures, on hand-written
//! cases, on mutations of them, and on every YAML file of `../shared/corpus` when present.

use detlint::source::yaml::{
    parse_fast, parse_tree_sitter, ParseLimits, YamlKind, YamlNode, YamlStream,
};
use std::path::{Path, PathBuf};

mod mutation;
use mutation::Rng;

fn yaml_files(dir: &Path, out: &mut Vec<PathBuf>) {
    let Ok(rd) = std::fs::read_dir(dir) else {
        return;
    };
    let mut entries: Vec<_> = rd.flatten().map(|e| e.path()).collect();
    entries.sort();
    for p in entries {
        if p.is_dir() {
            yaml_files(&p, out);
        } else if matches!(p.extension().and_then(|e| e.to_str()), Some("yml" | "yaml")) {
            out.push(p);
        }
    }
}

fn brief(n: &YamlNode) -> String {
    let what = match &n.kind {
        YamlKind::Map(e) => format!("map of {}", e.len()),
        YamlKind::Seq(i) => format!("list of {}", i.len()),
        YamlKind::Scalar {
            value, style, ty, ..
        } => format!("{style:?} {ty:?} {value:?}"),
        YamlKind::Empty => "empty".into(),
    };
    format!("{what} at {}..{}", n.span.start, n.span.end)
}

/// The first place where two trees differ, described briefly.
fn first_difference(a: &YamlNode, b: &YamlNode, path: &str) -> Option<String> {
    let here = || {
        Some(format!(
            "at {path}: fast {} / tree-sitter {}",
            brief(a),
            brief(b)
        ))
    };
    match (&a.kind, &b.kind) {
        (YamlKind::Map(x), YamlKind::Map(y)) => {
            if x.len() != y.len() || a.span != b.span {
                return here();
            }
            for ((ka, va), (kb, vb)) in x.iter().zip(y) {
                let key = ka.as_str().unwrap_or("?");
                if let Some(d) = first_difference(ka, kb, &format!("{path}/key {key}"))
                    .or_else(|| first_difference(va, vb, &format!("{path}/{key}")))
                {
                    return Some(d);
                }
            }
            None
        }
        (YamlKind::Seq(x), YamlKind::Seq(y)) => {
            if x.len() != y.len() || a.span != b.span {
                return here();
            }
            x.iter()
                .zip(y)
                .enumerate()
                .find_map(|(i, (p, q))| first_difference(p, q, &format!("{path}/{i}")))
        }
        _ => (a != b).then(here).flatten(),
    }
}

/// Compare both readers on `text`; returns whether the fast reader accepted it.
fn agree(text: &str, what: &str) -> bool {
    let Some(fast) = parse_fast(text, ParseLimits::default()) else {
        return false;
    };
    let slow: YamlStream = parse_tree_sitter(text, ParseLimits::default());
    if fast != slow {
        // the first differing document or list, for a readable failure
        let detail = if fast.docs != slow.docs {
            let spans: Vec<_> = fast.docs.iter().map(|d| d.span).collect();
            let slow_spans: Vec<_> = slow.docs.iter().map(|d| d.span).collect();
            let inner = fast
                .docs
                .iter()
                .zip(&slow.docs)
                .find_map(|(x, y)| first_difference(&x.root, &y.root, ""));
            format!("documents differ: spans {spans:?} / {slow_spans:?}; {inner:?}")
        } else if fast.issues != slow.issues {
            format!(
                "issues differ:\nfast: {:?}\ntree-sitter: {:?}",
                fast.issues, slow.issues
            )
        } else {
            format!(
                "comments differ:\nfast: {:?}\ntree-sitter: {:?}",
                fast.comments, slow.comments
            )
        };
        let shown: String = text.chars().take(3000).collect();
        panic!("the readers disagree on {what}: {detail}\n---\n{shown:?}");
    }
    true
}

const CASES: &[&str] = &[
    "a: b\n",
    "a: b",
    "a: b # c\nk:\n  - x\n  -\n  - y: z\n    w:\nl: |\n  lit\n\n# com\nm: >-\n  f\n  g\n\n\nz: end\n",
    "a: b\n\n# t\n\n",
    "a: b\nc:\n  d: e\n\n# t\n",
    "---\na: b\n---\nc: d\n",
    "a: b\n---\n# x\nc: [d, e]\n...\n",
    "a: b\r\n# c\r\nd: e\r\n",
    "- a\n- b\n",
    "# only\n",
    "",
    "\n\n",
    "a:\n  b: c\n  # x\nd: e",
    "k:\n- x\n- y\n# c\nl: z",
    "a: \"x\n  y\" # c\nb: p\n  q\n",
    "# c\n\na: b\n",
    "a: |\n\n  x\n\n",
    "a: |\nb: c",
    "z: end # c\n",
    "a:\n  b: 1 # c\nd: 2\n",
    "a: 1\nb: 1.5\nc: true\nd: ~\ne: null\nf: 0x1F\ng: -.inf\nh: 1e3\ni: 1.2.3\nj: '1'\n",
    "a: &x [1, 2]\nb: *x\nc: &y {p: q, r: [s, 't']}\nd: *y\n",
    "a: 1\na: 2\n",
    "m: {a: 1, a: 2}\n",
    "a: |+\n  x\n\n\nb: >\n  folded\n  text\n\n  para\nc: |-\n  k\n",
    "a: |+\n  x\n\n",
    "l:\n  - - a\n    - b\n  - - c\n",
    "l:\n  - a: 1\n    b: 2\n  - c: 3\n",
    "'quoted key': v\n\"dq\": \"esc \\t \\u00e9 \\\\ \\\"\"\n",
    "s: 'it''s'\n",
    "url: http://example.com/a#b\n",
    "a: b:c\n",
    "a: [x, y,\n  z]\n",
    "a: {x: 1,\n  y: 2}\n",
    "a: [ ]\nb: {}\n",
    "a: '-'\nb: -1\nc: -x\n",
    "a:\n  - |\n    block in seq\n  - >-\n    folded\n",
    "a: x # c1\n# c2\nb:   # c3\n  c: d\n",
    "detection:\n  sel:\n    Image|endswith:\n      - '\\a.exe'\n      - '\\b.exe'\n  condition: sel\n",
    "a: [\"x\", 'y', z]\n",
    "a:\n\n  b: c\n",
    "  a: b\n  c: d\n",
    "a: b\n...\n",
    "a: é ü 漢字 😀\nb: 'é'\n",
    "a: ' x\n  y '\n",
    "a: \"x\\\n  y\"\n",
    "a: |\n    x\n   y\n",
    "a: >\n  x\n\n   more\n  y\n",
    "key with spaces: value with spaces   \n",
    "a: b\r\nc: |\r\n  x\r\n  y\r\n\r\nd: e\r\n",
    "a: [a: b]\n",
    "a:\n- b\n- c\nd: e\n",
    "a: x\n  - y\n",
    "detection:\n  sel:\n    CommandLine|contains|all:\n      - ' -enc '\n      - 'http://'\n  filter: {Image: 'C:\\Windows\\x.exe'}\n  condition: sel and not filter\n",
    "l:\n  - {a: b, c: [d, e]}\n  - [f, {g: h}]\n  # between\n  - i # after\n",
    "k: 'a: b # not a comment'\nm: \"x # y\"\nn: a#b\n",
    "- - a\n  - b\n- - c\n",
    "q: |-\n  line one\n\n  line three\nr: >+\n  kept\n\n",
    "t: [a, 'b, c', \"d]\"]\n",
    "u: :colon-first\nv: ?question\nw: -dash\n",
    "x:\n  - a\n  -\n  - c\n",
    "y: 'multi\n\n  line'\n",
    "z: 2024-01-01\nzz: 1_000\nzzz: +1\nzzzz: 0b1\n",
    "tags:\n    - attack.t1059.001\nfalsepositives:\n    - Unknown\nlevel: high\n",
];

#[test]
fn readers_agree_on_hand_written_cases() {
    let mut accepted = 0;
    for case in CASES {
        if agree(case, &format!("{case:?}")) {
            accepted += 1;
        }
    }
    // the fast path must take most of them (the rest is deliberately left to tree-sitter)
    assert!(
        accepted * 10 >= CASES.len() * 8,
        "accepted {accepted} of {}",
        CASES.len()
    );
}

const PIECES: &[&str] = &[
    "\n", " ", "  ", ":", ": ", "- ", "-", "|", ">", "'", "\"", "#", " #", "[", "]", "{", "}", ",",
    "&a ", "*a", "\\", "\r\n", "x", "1", "~", "---\n", "...", "?", "!", "%",
];

/// Cut `text` at a char boundary at or before `i`.
fn boundary(text: &str, mut i: usize) -> usize {
    while !text.is_char_boundary(i) {
        i -= 1;
    }
    i
}

fn mutate(rng: &mut Rng, text: &str) -> String {
    let mut t = text.to_string();
    for _ in 0..1 + rng.below(3) {
        let i = boundary(&t, rng.below(t.len() + 1));
        match rng.below(4) {
            0 => t.insert_str(i, PIECES[rng.below(PIECES.len())]),
            1 => {
                let j = boundary(&t, (i + 1 + rng.below(4)).min(t.len()));
                t.replace_range(i..j, "");
            }
            2 => {
                let j = boundary(&t, (i + 1 + rng.below(8)).min(t.len()));
                t.replace_range(i..j, PIECES[rng.below(PIECES.len())]);
            }
            _ => t.truncate(i),
        }
    }
    t
}

#[test]
fn readers_agree_on_mutated_text() {
    let root = Path::new(env!("CARGO_MANIFEST_DIR"));
    let mut seeds: Vec<String> = CASES.iter().map(|s| s.to_string()).collect();
    let mut files = Vec::new();
    yaml_files(&root.join("tests/fixtures"), &mut files);
    yaml_files(&root.join("docs/examples"), &mut files);
    for f in &files {
        if let Ok(t) = std::fs::read_to_string(f) {
            seeds.push(t);
        }
    }
    let iters: usize = std::env::var("DETLINT_FUZZ_ITERS")
        .ok()
        .and_then(|v| v.parse().ok())
        .unwrap_or(30);
    let seed: u64 = std::env::var("DETLINT_FUZZ_SEED")
        .ok()
        .and_then(|v| v.parse().ok())
        .unwrap_or(0x9e37_79b9_7f4a_7c15);
    let mut rng = Rng(seed | 1);
    let mut accepted = 0;
    let mut total = 0;
    for seed in &seeds {
        for _ in 0..iters {
            let t = mutate(&mut rng, seed);
            total += 1;
            if agree(&t, "a mutation") {
                accepted += 1;
            }
        }
    }
    eprintln!(
        "fast reader accepted {accepted} of {total} mutations (the rest went to tree-sitter)"
    );
    assert!(accepted > 0);
}

#[test]
fn readers_agree_on_the_corpus() {
    let root = Path::new(env!("CARGO_MANIFEST_DIR"));
    let shared = root.join("../shared");
    if !shared.join("corpus").is_dir() {
        eprintln!("SKIPPED: ../shared/corpus is absent (the fast YAML reader is compared on the fixtures only)");
        return;
    }
    let mut files = Vec::new();
    for v in ["sigma", "splunk", "sentinel", "panther"] {
        yaml_files(&shared.join("corpus").join(v), &mut files);
    }
    yaml_files(&shared.join("reference"), &mut files);
    let mut accepted = 0;
    let mut fell_back = Vec::new();
    let mut rng = Rng(std::env::var("DETLINT_FUZZ_SEED")
        .ok()
        .and_then(|v| v.parse().ok())
        .unwrap_or(0x2545_f491_4f6c_dd1d)
        | 1);
    for (i, f) in files.iter().enumerate() {
        let Ok(text) = std::fs::read_to_string(f) else {
            continue;
        };
        // every 8th file also mutated a few times: real structure, broken in many ways
        if i % 8 == 0 {
            for _ in 0..4 {
                agree(
                    &mutate(&mut rng, &text),
                    &format!("a mutation of {}", f.display()),
                );
            }
        }
        if agree(&text, &f.display().to_string()) {
            accepted += 1;
        } else {
            fell_back.push(f.clone());
        }
    }
    eprintln!(
        "fast reader: {accepted} of {} corpus YAML files; tree-sitter for {}; first: {:?}",
        files.len(),
        fell_back.len(),
        fell_back.iter().take(15).collect::<Vec<_>>()
    );
    // the fast path must carry the corpus: at most 2% of the files may need tree-sitter
    assert!(
        fell_back.len() * 50 <= files.len(),
        "{} of {} files fell back to tree-sitter",
        fell_back.len(),
        files.len()
    );
}
