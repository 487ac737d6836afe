//! # DL206 sigma-invalid-regex
//!
//! A `|re` value is not a valid regular expression, or uses constructs that RE2-style engines
//! reject: look-ahead and look-behind (`(?=`, `(?!`, `(?<=`, `(?<!`), back-references (`\1`),
//! atomic groups `(?>…)`, possessive quantifiers (`a++`), conditionals. Elastic (Lucene and EQL
//! regex), Go-based tools, Google SecOps and Rust's `regex` are all RE2-style, so such a rule
//! fails to convert or silently never matches there. Also reports a pattern whose compiled
//! size exceeds `limits.max-regex-size`.
//!
//! **Example**: `CommandLine|re: '(?<!\\)\.exe'` → look-behind is not supported by RE2-style engines.
//! **Fix**: rewrite without the construct (split into a selection and a filter).
//!
//! Aliases: pySigma-validators-sigmaHQ `sigmahq_unsupported_regex_group_construct`.

use super::{Check, CheckMeta, FileCtx, Run, Sink};
use crate::diagnostic::Severity;
use crate::formats::sigma::SelectionBody;

pub static CHECK: Check = Check {
    meta: CheckMeta {
        code: "DL206",
        name: "sigma-invalid-regex",
        severity: Severity::Error,
        formats: &[crate::model::Format::Sigma],
        aliases: &["sigmahq_unsupported_regex_group_construct"],
        summary: "a `|re` value is invalid or uses constructs RE2-style engines reject",
        fixable: false,
        source: file!(),
    },
    run: Run::File(run),
};

/// A construct that PCRE accepts and RE2-style engines reject, if the pattern has one.
pub fn unsupported_construct(p: &str) -> Option<&'static str> {
    let checks: [(&str, &str); 6] = [
        ("(?<=", "look-behind `(?<=…)`"),
        ("(?<!", "negative look-behind `(?<!…)`"),
        ("(?=", "look-ahead `(?=…)`"),
        ("(?!", "negative look-ahead `(?!…)`"),
        ("(?>", "atomic group `(?>…)`"),
        ("(?(", "conditional `(?(…)…)`"),
    ];
    for (needle, what) in checks {
        if p.contains(needle) {
            return Some(what);
        }
    }
    let b = p.as_bytes();
    for i in 0..b.len().saturating_sub(1) {
        let escaped = i > 0 && b[i - 1] == b'\\' && !(i > 1 && b[i - 2] == b'\\');
        if b[i] == b'\\' && !escaped && b[i + 1].is_ascii_digit() && b[i + 1] != b'0' {
            return Some("back-reference `\\N`");
        }
        if (b[i] == b'+' || b[i] == b'*' || b[i] == b'?' || b[i] == b'}')
            && b[i + 1] == b'+'
            && !escaped
        {
            return Some("possessive quantifier");
        }
    }
    None
}

/// Whether counted repetitions could make the compiled program large: the product of the
/// counts `{n}` / `{n,m}` reaches 1,000 (compiling every pattern would dominate the lint time).
fn has_large_repetition(p: &str) -> bool {
    let mut product: u64 = 1;
    let mut rest = p;
    while let Some(i) = rest.find('{') {
        let after = &rest[i + 1..];
        let Some(close) = after.find('}') else { break };
        let inner = &after[..close];
        let max = inner
            .split(',')
            .filter_map(|x| x.trim().parse::<u64>().ok())
            .max()
            .unwrap_or(1);
        if inner.ends_with(',') {
            product = product.saturating_mul(1000);
        }
        product = product.saturating_mul(max.max(1));
        rest = &after[close..];
    }
    product >= 1000
}

/// Validate a pattern with the regex crate's parser; `Err` holds a readable message.
pub fn validate(pattern: &str, case_insensitive: bool, size_limit: usize) -> Result<(), String> {
    if let Some(c) = unsupported_construct(pattern) {
        return Err(format!(
            "{c} is not supported by RE2-style engines (Elastic, Go, Rust, Google SecOps)"
        ));
    }
    let hir = regex_syntax::ParserBuilder::new()
        .case_insensitive(case_insensitive)
        .build()
        .parse(pattern)
        .map_err(|e| {
            e.to_string()
                .lines()
                .last()
                .unwrap_or("invalid regular expression")
                .trim()
                .to_string()
        })?;
    // Only counted repetitions can make a compiled program large: compile those to check the
    // size limit (compiling every pattern would dominate the lint time). The limit is the one
    // the `regex` crate applies to its automaton, so only that automaton is built, from the
    // syntax tree already parsed.
    if has_large_repetition(pattern) {
        use regex_automata::nfa::thompson;
        thompson::Compiler::new()
            .configure(
                thompson::Config::new()
                    .nfa_size_limit(Some(size_limit))
                    .shrink(false),
            )
            .build_from_hir(&hir)
            .map_err(|e| match e.size_limit() {
                Some(n) => format!("the compiled pattern exceeds the size limit of {n} bytes"),
                None => e
                    .to_string()
                    .lines()
                    .last()
                    .unwrap_or("invalid regular expression")
                    .trim()
                    .to_string(),
            })?;
    }
    Ok(())
}

fn run(ctx: &FileCtx, sink: &mut Sink) {
    let limit = ctx.config.file.limits.max_regex_size;
    for (_, doc, _) in ctx.sigma_docs() {
        for sel in &doc.selections {
            let SelectionBody::Fields(groups) = &sel.body else {
                continue;
            };
            for item in groups.iter().flatten().filter(|i| i.has("re")) {
                for v in &item.values {
                    if let Err(msg) = validate(&v.text, item.has("i"), limit) {
                        sink.report(
                            &CHECK.meta,
                            v.span,
                            format!("invalid regular expression: {msg}"),
                        );
                    }
                }
            }
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn constructs() {
        assert!(validate("a(?=b)", false, 1 << 20).is_err());
        assert!(validate(r"(a)\1", false, 1 << 20).is_err());
        assert!(validate(r"\\1", false, 1 << 20).is_ok());
        assert!(validate("a[", false, 1 << 20).is_err());
        assert!(validate(r"\.exe$", true, 1 << 20).is_ok());
        assert!(validate("(a{1000}){1000}", false, 1 << 16).is_err());
    }
}
