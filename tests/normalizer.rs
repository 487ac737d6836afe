//! The normalizer: one field set across five vendors.
//! - the same logical rule written in each format normalizes to the same indicators;
//! - coverage floors on ../shared/corpus (when present): ≥ 97% of predicate occurrences mapped
//!   per vendor and ≥ 98% of rules with an event kind (`detlint catalog stats` prints them);
//! - rules/fields/ecs_fields.txt is regenerated from the ECS reference (stale file fails).

use detlint::catalog::build::rule_indicators;
use detlint::config::Config;
use detlint::model::{Format, Op};
use detlint::normalize::Indicator;
use std::collections::BTreeSet;
use std::path::{Path, PathBuf};

fn root() -> PathBuf {
    PathBuf::from(env!("CARGO_MANIFEST_DIR"))
}

fn indicators_of(rel: &str) -> (Option<Format>, BTreeSet<Indicator>) {
    let path = root().join(rel);
    let f = detlint::lint::read_file(&path, &Config::default());
    assert_eq!(f.docs.len(), 1, "{rel}: {:?}", f.problems);
    let rule = &f.docs[0].rule;
    (
        rule.format,
        rule_indicators(rule).0.iter().cloned().collect(),
    )
}

#[test]
fn the_same_rule_in_five_formats_has_the_same_indicators() {
    let expected: BTreeSet<Indicator> = [
        Indicator {
            field: "process.name".into(),
            op: Op::Eq,
            value: "certutil.exe".into(),
        },
        Indicator {
            field: "process.command_line".into(),
            op: Op::Contains,
            value: "urlcache".into(),
        },
    ]
    .into_iter()
    .collect();
    let mut formats = BTreeSet::new();
    for rel in [
        "tests/fixtures/normalize/certutil.yml",
        "tests/fixtures/normalize/certutil.toml",
        "tests/fixtures/normalize/certutil_splunk.yml",
        "tests/fixtures/normalize/certutil_sentinel.yaml",
        "tests/fixtures/normalize/certutil_panther.yml",
    ] {
        let (format, got) = indicators_of(rel);
        assert_eq!(got, expected, "{rel} ({format:?})");
        formats.insert(format);
    }
    assert_eq!(formats.len(), 5, "one fixture per format");
}

#[test]
fn corpus_coverage_floors() {
    let corpus = root().join("../shared/corpus");
    if !corpus.is_dir() {
        println!("skipping: ../shared/corpus not present");
        return;
    }
    let files = detlint::cli::check::collect_files(&[corpus]).expect("walk");
    let (parsed, _) = (
        files
            .iter()
            .map(|p| detlint::lint::read_file(p, &Config::default()))
            .collect::<Vec<_>>(),
        (),
    );
    let stats = detlint::catalog::stats::compute(&parsed);
    print!("{}", detlint::catalog::stats::render(&stats));
    for (format, s) in &stats {
        assert!(
            s.mapped_share() >= 0.97,
            "{format}: only {:.1}% of predicates mapped",
            100.0 * s.mapped_share()
        );
        assert!(
            s.event_kind_share() >= 0.98,
            "{format}: only {:.1}% of rules have an event kind",
            100.0 * s.event_kind_share()
        );
    }
    assert!(
        stats.len() >= 4,
        "vendors read: {:?}",
        stats.keys().collect::<Vec<_>>()
    );
}

#[test]
fn ecs_field_list_is_current() {
    let src = root().join("../shared/reference/ecs/generated/ecs/ecs_flat.yml");
    let out = root().join("rules/fields/ecs_fields.txt");
    let Ok(text) = std::fs::read_to_string(&src) else {
        println!("skipping: ../shared/reference/ecs not present");
        return;
    };
    let stream = detlint::source::yaml::parse(
        &text,
        detlint::source::yaml::ParseLimits {
            max_depth: 64,
            max_alias_nodes: 0,
        },
    );
    let mut names: Vec<String> = stream.docs[0]
        .root
        .entries()
        .iter()
        .filter_map(|(k, _)| k.as_str().map(str::to_string))
        .collect();
    names.sort();
    let mut expected = String::from("# ECS field names (flat), generated from elastic/ecs generated/ecs/ecs_flat.yml (Apache-2.0)\n# by tests/normalizer.rs (regenerate: DETLINT_REGENERATE=1 cargo test --test normalizer)\n");
    for n in &names {
        expected.push_str(n);
        expected.push('\n');
    }
    if std::env::var("DETLINT_REGENERATE").is_ok() {
        std::fs::write(&out, &expected).expect("write");
    }
    let committed = std::fs::read_to_string(&out).unwrap_or_default();
    assert!(names.len() > 1000, "read {} ECS fields", names.len());
    assert_eq!(
        committed, expected,
        "rules/fields/ecs_fields.txt is stale: DETLINT_REGENERATE=1 cargo test --test normalizer"
    );
    let _ = Path::new("");
}
