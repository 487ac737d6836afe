//! DL303 near-duplicate-rule over rules checked together: which pairs it reports, which it
//! must not, and that candidates are found exactly even when every shared value is common.

use detlint::config::Config;
use detlint::formats::{parse_file, ParsedFile};
use detlint::lint::{parse_options, workspace_diagnostics};
use std::path::Path;

/// A Sigma rule whose selection checks `CommandLine|contains` for each of `values`.
fn rule(n: usize, values: &[String], product: &str) -> String {
    let mut s = format!(
        "title: Synthetic rule {n}\nid: 00000000-0000-4000-8000-{n:012}\nstatus: test\n\
         description: A synthetic rule for the near-duplicate test.\nauthor: detlint\n\
         date: 2024-01-01\nlogsource:\n    category: process_creation\n    product: {product}\n\
         detection:\n    selection:\n        CommandLine|contains:\n"
    );
    for v in values {
        s.push_str(&format!("            - '{v}'\n"));
    }
    s.push_str("    condition: selection\nlevel: medium\n");
    s
}

fn values(prefix: &str, range: std::ops::Range<usize>) -> Vec<String> {
    range.map(|i| format!("detlint-{prefix}-{i}")).collect()
}

/// Per file: the DL303 messages.
fn dl303(files: &[ParsedFile]) -> Vec<Vec<String>> {
    let config = Config::default();
    workspace_diagnostics(files, &config)
        .into_iter()
        .map(|v| {
            v.into_iter()
                .filter(|d| d.code == "DL303")
                .map(|d| d.message)
                .collect()
        })
        .collect()
}

fn parse(name: &str, text: String) -> ParsedFile {
    parse_file(Path::new(name), text, &parse_options(&Config::default()))
}

#[test]
fn identical_and_ninety_percent_rules_are_reported_eighty_percent_are_not() {
    let base = values("base", 0..10);
    let mut plus_one = base.clone();
    plus_one.push("detlint-extra-0".into()); // 10 of 11 shared: 91%
    let mut minus_two = base[..8].to_vec();
    minus_two.extend(values("other", 0..2)); // 8 of 12 shared: 67%
    let files = vec![
        parse("a/one.yml", rule(1, &base, "windows")),
        parse("b/two.yml", rule(2, &base, "windows")),
        parse("c/three.yml", rule(3, &plus_one, "windows")),
        parse("d/four.yml", rule(4, &minus_two, "windows")),
    ];
    let out = dl303(&files);
    assert!(
        out[0][0].contains("exactly the same 10") && out[0][0].contains("b/two.yml"),
        "{out:?}"
    );
    assert!(out[1][0].contains("a/one.yml"), "{out:?}");
    assert!(
        out[2][0].contains("91%") && out[2][0].contains("a/one.yml"),
        "{out:?}"
    );
    assert!(out[3].is_empty(), "{out:?}");
}

#[test]
fn rules_for_different_platforms_are_not_duplicates() {
    let base = values("platform", 0..6);
    let files = vec![
        parse("a/linux.yml", rule(1, &base, "linux")),
        parse("b/macos.yml", rule(2, &base, "macos")),
    ];
    assert_eq!(dl303(&files), vec![Vec::<String>::new(), Vec::new()]);
}

/// Every value the pair shares is also checked by 400 other rules: candidates come from the
/// rarest values, and the pair is still found (a cut-off on common values would miss it).
#[test]
fn a_pair_sharing_only_common_values_is_found() {
    let common = values("common", 0..10);
    let mut files: Vec<ParsedFile> = (0..400)
        .map(|n| {
            let mut v = common[..9].to_vec();
            v.extend(values(&format!("own{n}"), 0..3)); // 9 of 13 with the pair: 69%
            parse(&format!("r/{n:03}.yml"), rule(100 + n, &v, "windows"))
        })
        .collect();
    files.push(parse("x/pair_a.yml", rule(1, &common, "windows")));
    let mut b = common.clone();
    b.push("detlint-common-extra".into());
    files.push(parse("x/pair_b.yml", rule(2, &b, "windows")));
    let out = dl303(&files);
    assert!(out[..400].iter().all(|v| v.is_empty()), "{:?}", &out[..3]);
    assert!(out[400][0].contains("x/pair_b.yml"), "{:?}", &out[400..]);
    assert!(out[401][0].contains("x/pair_a.yml"), "{:?}", &out[400..]);
}
