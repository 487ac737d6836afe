//! Half-typed text: every prefix of every Elastic fixture (and a few mangled variants) lints
//! without panicking, and every reported span lies inside the text.

use detlint::config::Config;
use detlint::lint::lint_text;
use std::path::{Path, PathBuf};

fn fixtures() -> Vec<PathBuf> {
    let mut out = Vec::new();
    for dir in ["tests/fixtures/elastic", "tests/fixtures/elastic/checks"] {
        let d = Path::new(env!("CARGO_MANIFEST_DIR")).join(dir);
        for e in std::fs::read_dir(d).unwrap() {
            let p = e.unwrap().path();
            if p.extension().is_some_and(|x| x == "toml") {
                out.push(p);
            }
        }
    }
    out.sort();
    out
}

fn check(path: &Path, text: String, config: &Config) {
    let len = text.len();
    let (file, diags) = lint_text(path, text, config);
    for d in &diags {
        assert!(d.span.start <= d.span.end && d.span.end <= len, "{d:?}");
    }
    for doc in &file.docs {
        for e in &doc.query_errors {
            assert!(e.span.end <= len);
        }
    }
}

#[test]
fn prefixes_and_mangled_files_do_not_panic() {
    let config = Config::default();
    for path in fixtures() {
        let text = std::fs::read_to_string(&path).unwrap();
        let mut cut = 0;
        while cut < text.len() {
            if text.is_char_boundary(cut) {
                check(&path, text[..cut].to_string(), &config);
            }
            cut += 13;
        }
        // delete each closing quote / bracket in turn
        for (i, c) in text
            .char_indices()
            .filter(|(_, c)| matches!(c, '\'' | '"' | ']' | ')'))
        {
            let mut t = text.clone();
            t.replace_range(i..i + c.len_utf8(), "");
            check(&path, t, &config);
        }
    }
}
