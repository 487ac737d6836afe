//! Sigma checks: fixtures that must and must not trigger each check, with 1-based positions,
//! and the generator of `rules/sigma_fields.tsv`.

use detlint::config::Config;
use detlint::lint::lint_text;
use std::path::{Path, PathBuf};

fn root() -> PathBuf {
    PathBuf::from(env!("CARGO_MANIFEST_DIR"))
}

/// Lint a fixture file (path relative to tests/fixtures/sigma) and return (code, line, column).
fn lint_fixture(name: &str) -> Vec<(String, usize, usize)> {
    let path = root().join("tests/fixtures/sigma").join(name);
    let text = std::fs::read_to_string(&path).unwrap();
    lint_named(&path, text)
}

fn lint_named(path: &Path, text: String) -> Vec<(String, usize, usize)> {
    let (file, diags) = lint_text(path, text, &Config::default());
    diags
        .iter()
        .map(|d| {
            let line = file.lines.line_of(d.span.start);
            let col = file.text[file.lines.line_start(line)..d.span.start]
                .chars()
                .count();
            (d.code.to_string(), line + 1, col + 1)
        })
        .collect()
}

fn codes(v: &[(String, usize, usize)], code: &str) -> Vec<(usize, usize)> {
    v.iter()
        .filter(|(c, _, _)| c == code)
        .map(|(_, l, c)| (*l, *c))
        .collect()
}

/// Apply every safe fix of `code`, re-lint, and return the remaining findings of `code`.
fn fix_and_relint(name: &str, code: &str) -> (String, Vec<(usize, usize)>) {
    let path = root().join("tests/fixtures/sigma").join(name);
    let text = std::fs::read_to_string(&path).unwrap();
    let (_, diags) = lint_text(&path, text.clone(), &Config::default());
    let edits: Vec<_> = diags
        .iter()
        .filter(|d| d.code == code)
        .flat_map(|d| d.fixes.iter().filter(|f| f.safe))
        .flat_map(|f| f.edits.clone())
        .collect();
    assert!(!edits.is_empty(), "{name}: no safe fix for {code}");
    let (fixed, _) = detlint::diagnostic::apply_edits(&text, &edits);
    let after = lint_named(&path, fixed.clone());
    assert!(
        !after.iter().any(|(c, _, _)| c == "DL002"),
        "{name}: the fix broke the YAML:\n{fixed}"
    );
    (fixed, codes(&after, code))
}

#[test]
fn dl112_title_style() {
    let d = lint_fixture("title_style_bad.yml");
    assert_eq!(codes(&d, "DL112"), vec![(1, 8), (1, 16), (1, 27), (1, 44)]);
    assert!(codes(&lint_fixture("title_style_good.yml"), "DL112").is_empty());
    let (fixed, left) = fix_and_relint("title_style_bad.yml", "DL112");
    assert!(fixed.starts_with("title: Detects Suspicious Usage of Certutil\n"));
    assert_eq!(left, vec![(1, 8)]);
    let long = format!(
        "title: {}\nlogsource:\n    product: windows\ndetection:\n    sel:\n        a: b\n    condition: sel\n",
        "Word ".repeat(30).trim_end()
    );
    let d = lint_named(Path::new("long_title_rule.yml"), long);
    assert_eq!(codes(&d, "DL112"), vec![(1, 8)]);
}

#[test]
fn dl113_description_style() {
    let d = lint_fixture("description_style_bad.yml");
    assert_eq!(codes(&d, "DL113"), vec![(4, 14), (19, 49)]);
    assert!(codes(&lint_fixture("description_style_good.yml"), "DL113").is_empty());
}

#[test]
fn dl114_falsepositives_style() {
    let d = lint_fixture("falsepositives_style_bad.yml");
    assert_eq!(
        codes(&d, "DL114"),
        vec![(15, 7), (15, 7), (16, 7), (17, 7), (18, 7)]
    );
    assert!(codes(&lint_fixture("falsepositives_style_good.yml"), "DL114").is_empty());
    let (fixed, _) = fix_and_relint("falsepositives_style_bad.yml", "DL114");
    assert!(fixed.contains("    - None\n"));
    assert!(fixed.contains("    - Legitimate admin scripts\n"));
}

#[test]
fn dl115_reference_links() {
    let d = lint_fixture("reference_links_bad.yml");
    assert_eq!(codes(&d, "DL115"), vec![(6, 7), (7, 7)]);
    assert!(codes(&lint_fixture("title_style_good.yml"), "DL115").is_empty());
}

#[test]
fn dl116_dl117_related() {
    let d = lint_fixture("related_bad.yml");
    assert_eq!(codes(&d, "DL116"), vec![(7, 13), (8, 7), (9, 7)]);
    assert_eq!(codes(&d, "DL117"), vec![(23, 9)]);
    let g = lint_fixture("related_good.yml");
    assert!(codes(&g, "DL116").is_empty() && codes(&g, "DL117").is_empty());
}

#[test]
fn dl118_fields_section() {
    let d = lint_fixture("fields_section_bad.yml");
    assert_eq!(codes(&d, "DL118"), vec![(14, 1)]);
    assert!(codes(&lint_fixture("title_style_good.yml"), "DL118").is_empty());
}

#[test]
fn dl119_dl120_filenames() {
    let text =
        std::fs::read_to_string(root().join("tests/fixtures/sigma/title_style_good.yml")).unwrap();
    let bad = lint_named(Path::new("rules/Certutil-Download.yaml"), text.clone());
    assert_eq!(codes(&bad, "DL119"), vec![(1, 1)]);
    let short = lint_named(Path::new("rules/a_b.yml"), text.clone());
    assert_eq!(codes(&short, "DL119"), vec![(1, 1)]);
    let no_underscore = lint_named(Path::new("rules/certutildownload.yml"), text.clone());
    assert_eq!(codes(&no_underscore, "DL119"), vec![(1, 1)]);
    let good = lint_named(
        Path::new("rules/windows/proc_creation_win_certutil_download.yml"),
        text.clone(),
    );
    assert!(codes(&good, "DL119").is_empty());
    assert!(codes(&good, "DL120").is_empty());
    let unprefixed = lint_named(
        Path::new("rules/windows/certutil_download.yml"),
        text.clone(),
    );
    assert_eq!(codes(&unprefixed, "DL120"), vec![(10, 1)]);
    // product-level prefix for a log source without its own entry
    let other = text.replace("category: process_creation", "category: proxy");
    let d = lint_named(
        Path::new("rules/windows/certutil_download.yml"),
        other.clone(),
    );
    assert_eq!(codes(&d, "DL120"), vec![(10, 1)]);
    let d = lint_named(Path::new("rules/windows/win_certutil_download.yml"), other);
    assert!(codes(&d, "DL120").is_empty());
    // outside a SigmaHQ-style `rules*/` tree the naming convention is not applied
    let d = lint_named(
        Path::new("detections/windows/certutil_download.yml"),
        text.clone(),
    );
    assert!(codes(&d, "DL120").is_empty());
    let d = lint_named(Path::new("rules/certutil_download.yml"), text.clone());
    assert!(codes(&d, "DL120").is_empty());
    let corr =
        std::fs::read_to_string(root().join("tests/fixtures/sigma/correlation_good.yml")).unwrap();
    let d = lint_named(Path::new("rules/many_hosts_per_user.yml"), corr.clone());
    assert_eq!(codes(&d, "DL119"), vec![(1, 1)]);
    let d = lint_named(Path::new("rules/correlation_many_hosts.yml"), corr);
    assert!(codes(&d, "DL119").is_empty());
}

#[test]
fn dl121_dl122_tags() {
    let d = lint_fixture("tags_bad.yml");
    assert_eq!(codes(&d, "DL121"), vec![(10, 7), (12, 7)]);
    assert_eq!(codes(&d, "DL122"), vec![(8, 7)]);
    let g = lint_fixture("tags_good.yml");
    assert!(codes(&g, "DL121").is_empty() && codes(&g, "DL122").is_empty());
}

#[test]
fn dl123_correlation() {
    let d = lint_fixture("correlation_bad.yml");
    assert_eq!(
        codes(&d, "DL123"),
        vec![
            (5, 11),
            (10, 15),
            (12, 14),
            (13, 9),
            (14, 15),
            (23, 9),
            (27, 13),
            (33, 1),
            (40, 5)
        ]
    );
    assert!(codes(&lint_fixture("correlation_good.yml"), "DL123").is_empty());
    let (fixed, _) = fix_and_relint("correlation_bad.yml", "DL123");
    assert!(fixed.contains("type: event_count\n"));
}

#[test]
fn dl124_filter_rule() {
    let d = lint_fixture("filter_bad.yml");
    assert_eq!(codes(&d, "DL124"), vec![(4, 1), (5, 1), (10, 5)]);
    assert!(codes(&lint_fixture("filter_good.yml"), "DL124").is_empty());
    let (fixed, left) = fix_and_relint("filter_bad.yml", "DL124");
    assert!(!fixed.contains("level:") && !fixed.contains("status:"));
    assert_eq!(left, vec![(8, 5)]);
}

#[test]
fn dl125_dl126_workspace_duplicates() {
    use detlint::formats::parse_file;
    use detlint::lint::{parse_options, workspace_diagnostics};
    let config = Config::default();
    let text =
        std::fs::read_to_string(root().join("tests/fixtures/sigma/title_style_good.yml")).unwrap();
    let other = text.replace(
        "6f1e1c3a-3b1e-4a57-9f5e-1c2d3e4f5a6c",
        "6f1e1c3a-3b1e-4a57-9f5e-1c2d3e4f5a6d",
    );
    let renamed = other.replace("title: Suspicious Download", "title: Another Download");
    let files = vec![
        parse_file(
            Path::new("a/proc_creation_win_one.yml"),
            text,
            &parse_options(&config),
        ),
        parse_file(
            Path::new("b/proc_creation_win_one.yml"),
            other,
            &parse_options(&config),
        ),
        parse_file(
            Path::new("c/proc_creation_win_two.yml"),
            renamed,
            &parse_options(&config),
        ),
    ];
    let out = workspace_diagnostics(&files, &config);
    let per_file: Vec<Vec<&str>> = out
        .iter()
        .map(|v| {
            let mut c: Vec<&str> = v
                .iter()
                .map(|d| d.code)
                .filter(|c| c.starts_with("DL12"))
                .collect();
            c.sort();
            c
        })
        .collect();
    assert_eq!(
        per_file,
        vec![vec!["DL125", "DL126"], vec!["DL125", "DL126"], vec![]]
    );
    let d = out[0].iter().find(|d| d.code == "DL125").unwrap();
    assert_eq!(files[0].lines.line_of(d.span.start), 0);
    assert_eq!(d.related.len(), 1);
}

#[test]
fn dl127_value_too_long() {
    let long = format!(
        "title: {}\nlogsource:\n    product: windows\ndetection:\n    sel:\n        a: b\n    condition: sel\n",
        "x".repeat(300)
    );
    let d = lint_named(Path::new("long_title_rule.yml"), long);
    assert_eq!(codes(&d, "DL127"), vec![(1, 8)]);
    assert!(codes(&lint_fixture("title_style_good.yml"), "DL127").is_empty());
}

#[test]
fn dl212_to_dl214_and_dl225_conditions() {
    let d = lint_fixture("condition_of_bad.yml");
    assert_eq!(codes(&d, "DL212"), vec![(11, 16)]);
    assert_eq!(codes(&d, "DL213"), vec![(11, 16)]);
    assert_eq!(codes(&d, "DL214"), vec![(26, 41)]);
    assert_eq!(codes(&d, "DL225"), vec![(26, 16)]);
    let g = lint_fixture("condition_of_good.yml");
    for c in ["DL212", "DL213", "DL214", "DL225"] {
        assert!(codes(&g, c).is_empty(), "{c} fired on the good fixture");
    }
    let (fixed, left) = fix_and_relint("condition_of_bad.yml", "DL212");
    assert!(fixed.contains("condition: selection\n"));
    assert!(left.is_empty());
    let (fixed, left) = fix_and_relint("condition_of_bad.yml", "DL214");
    assert!(fixed.contains("and not filter_main_x\n"));
    assert!(left.is_empty());
}

#[test]
fn dl215_to_dl220_logsource_and_fields() {
    let d = lint_fixture("logsource_fields_bad.yml");
    assert_eq!(codes(&d, "DL215"), vec![(10, 18)]);
    assert_eq!(codes(&d, "DL216"), vec![(24, 9), (25, 9)]);
    assert_eq!(codes(&d, "DL217"), vec![(38, 14)]);
    assert_eq!(codes(&d, "DL218"), vec![(28, 9)]);
    assert_eq!(codes(&d, "DL219"), vec![(26, 9)]);
    assert_eq!(codes(&d, "DL220"), vec![(27, 9), (28, 9)]);
    let g = lint_fixture("logsource_fields_good.yml");
    for c in ["DL215", "DL216", "DL217", "DL218", "DL219", "DL220"] {
        assert!(codes(&g, c).is_empty(), "{c} fired on the good fixture");
    }
    let (fixed, left) = fix_and_relint("logsource_fields_bad.yml", "DL219");
    assert!(fixed.contains("        CommandLine|contains: 'run'\n"));
    assert!(left.is_empty());
}

#[test]
fn dl221_to_dl224_values() {
    let d = lint_fixture("values_bad.yml");
    assert_eq!(codes(&d, "DL221"), vec![(11, 15), (12, 15)]);
    assert_eq!(codes(&d, "DL222"), vec![(15, 15)]);
    assert_eq!(codes(&d, "DL223"), vec![(17, 16)]);
    assert_eq!(codes(&d, "DL224"), vec![(19, 31)]);
    let g = lint_fixture("values_good.yml");
    for c in ["DL221", "DL222", "DL223", "DL224"] {
        assert!(codes(&g, c).is_empty(), "{c} fired on the good fixture");
    }
}

#[test]
fn json_output_positions() {
    // the same positions through the CLI's JSON output
    let path = root().join("tests/fixtures/sigma/values_bad.yml");
    let out = std::process::Command::new(env!("CARGO_BIN_EXE_detlint"))
        .args(["check", "--output-format", "json"])
        .arg(&path)
        .output()
        .unwrap();
    let v: serde_json::Value = serde_json::from_slice(&out.stdout).unwrap();
    let hit = v
        .as_array()
        .unwrap()
        .iter()
        .find(|d| d["code"] == "DL223")
        .unwrap();
    assert_eq!(hit["start"]["line"], 17);
    assert_eq!(hit["start"]["column"], 16);
    assert_eq!(hit["severity"], "error");
}

#[test]
fn aliases_resolve() {
    for (alias, code) in [
        ("sigmahq_title_case", "DL112"),
        ("sigmahq_link_in_description", "DL113"),
        ("falsepositive_too_short", "DL114"),
        ("sigmahq_github_link", "DL115"),
        ("invalid_related_type", "DL116"),
        ("deprecated_without_related", "DL117"),
        ("sigmahq_fields_existence", "DL118"),
        ("filename_length", "DL119"),
        ("sigmahq_filename_prefix", "DL120"),
        ("sigmahq_tags_unique_tlp", "DL121"),
        ("sigmahq_tags_techniques_without_tactics", "DL122"),
        ("invalid_timespan_format", "DL123"),
        ("filter_has_level", "DL124"),
        ("duplicate_title", "DL125"),
        ("duplicate_filename", "DL126"),
        ("taxonomy_too_long", "DL127"),
        ("them_condition_with_single_detection", "DL212"),
        ("all_of_them_condition", "DL213"),
        ("sigmahq_missing_asterisk_condition", "DL214"),
        ("specific_instead_of_generic_logsource", "DL215"),
        ("sigmahq_category_event_id", "DL216"),
        ("sigmahq_sysmon_missing_eventid", "DL217"),
        ("sigmahq_space_field_name", "DL218"),
        ("sigmahq_fieldname_cast", "DL219"),
        ("sigmahq_invalid_fieldname", "DL220"),
        ("sigmahq_invalid_hash_kv", "DL221"),
        ("sigmahq_field_user", "DL222"),
        ("control_character", "DL223"),
        ("escaped_wildcard", "DL224"),
        ("sigmahq_ofselection_condition", "DL225"),
    ] {
        let c = detlint::checks::find(alias).unwrap_or_else(|| panic!("{alias} unknown"));
        assert_eq!(c.meta.code, code, "{alias}");
    }
}

// ---------------------------------------------------------------------------------------------
// rules/sigma_fields.tsv generator

fn generate_fields(json: &str) -> String {
    let v: serde_json::Value = serde_json::from_str(json).unwrap();
    let version = v["version"].as_str().unwrap_or("");
    let mut lines = Vec::new();
    let legit = v["legit"].as_object().unwrap();
    let addon = &v["addon"];
    for (product, pv) in legit {
        let common: Vec<&str> = pv["common"]
            .as_array()
            .map(|a| a.iter().filter_map(|x| x.as_str()).collect())
            .unwrap_or_default();
        for kind in ["category", "service"] {
            let Some(names) = pv[kind].as_object() else {
                continue;
            };
            for (name, fields) in names {
                let mut own: Vec<&str> = fields
                    .as_array()
                    .unwrap()
                    .iter()
                    .filter_map(|x| x.as_str())
                    .collect();
                if let Some(extra) = addon[product][kind][name].as_array() {
                    own.extend(extra.iter().filter_map(|x| x.as_str()));
                }
                // a log source without its own field list is not checked (the product's common
                // fields alone would flag every field)
                let mut all: Vec<&str> = if own.is_empty() {
                    Vec::new()
                } else {
                    common.iter().copied().chain(own).collect()
                };
                all.sort_unstable();
                all.dedup();
                let p = if product == "empty" { "-" } else { product };
                let (c, s) = if kind == "category" {
                    (name.as_str(), "-")
                } else {
                    ("-", name.as_str())
                };
                lines.push(format!("{p}\t{c}\t{s}\t{}", all.join(" ")));
            }
        }
    }
    lines.sort();
    format!(
        "# Sigma field names by logsource: product<TAB>category<TAB>service<TAB>fields (space-separated).\n\
         # Generated from SigmaHQ/sigma tests/logsource.json (version {version}) by tests/sigma_checks.rs\n\
         # (`DETLINT_REGENERATE=1 cargo test --test sigma_checks sigma_fields`). Do not edit by hand.\n{}\n",
        lines.join("\n")
    )
}

#[test]
fn sigma_fields_data_is_fresh() {
    let src = root().join("../shared/reference/sigma/tests/logsource.json");
    let out = root().join("rules/sigma_fields.tsv");
    let Ok(json) = std::fs::read_to_string(&src) else {
        println!("skipping: ../shared/reference/sigma not present");
        return;
    };
    let generated = generate_fields(&json);
    let current = std::fs::read_to_string(&out).unwrap_or_default();
    if generated != current {
        if std::env::var_os("DETLINT_REGENERATE").is_some() {
            std::fs::write(&out, generated).unwrap();
            return;
        }
        panic!("rules/sigma_fields.tsv is stale: run `DETLINT_REGENERATE=1 cargo test --test sigma_checks sigma_fields`");
    }
}

#[test]
fn dl128_modified_date() {
    let base =
        std::fs::read_to_string(root().join("tests/fixtures/sigma/title_style_good.yml")).unwrap();
    let same = base.replace(
        "date: 2026-01-01\n",
        "date: 2026-01-01\nmodified: 2026-01-01\n",
    );
    let d = lint_named(Path::new("proc_creation_win_modified.yml"), same);
    assert_eq!(codes(&d, "DL128"), vec![(7, 11)]);
    let no_date = base.replace("date: 2026-01-01\n", "modified: 2026-01-02\n");
    let d = lint_named(Path::new("proc_creation_win_modified.yml"), no_date);
    assert_eq!(codes(&d, "DL128"), vec![(6, 1)]);
    let fine = base.replace(
        "date: 2026-01-01\n",
        "date: 2026-01-01\nmodified: 2026-02-01\n",
    );
    let d = lint_named(Path::new("proc_creation_win_modified.yml"), fine);
    assert!(codes(&d, "DL128").is_empty());
}

#[test]
fn dl129_logsource_unknown() {
    let base =
        std::fs::read_to_string(root().join("tests/fixtures/sigma/title_style_good.yml")).unwrap();
    let d = lint_named(Path::new("proc_creation_win_x.yml"), base.clone());
    assert!(codes(&d, "DL129").is_empty());
    // wrong case is DL110's finding, not an unknown log source
    let cased = base.replace("product: windows", "product: Windows");
    let d = lint_named(Path::new("proc_creation_win_x.yml"), cased);
    assert!(codes(&d, "DL129").is_empty());
    let bad = base.replace("category: process_creation", "category: process_creations");
    let d = lint_named(Path::new("proc_creation_win_x.yml"), bad);
    assert_eq!(codes(&d, "DL129"), vec![(10, 1)]);
}

#[test]
fn dl130_folder_detection_tag() {
    let base =
        std::fs::read_to_string(root().join("tests/fixtures/sigma/title_style_good.yml")).unwrap();
    let d = lint_named(
        Path::new("sigma/rules-threat-hunting/windows/proc_creation_win_x.yml"),
        base.clone(),
    );
    assert_eq!(codes(&d, "DL130"), vec![(7, 1)]);
    let tagged = base.replace("tags:\n", "tags:\n    - detection.threat-hunting\n");
    let d = lint_named(
        Path::new("sigma/rules-threat-hunting/windows/proc_creation_win_x.yml"),
        tagged,
    );
    assert!(codes(&d, "DL130").is_empty());
    let d = lint_named(
        Path::new("sigma/rules/windows/proc_creation_win_x.yml"),
        base,
    );
    assert!(codes(&d, "DL130").is_empty());
}

#[test]
fn dl131_unknown_rule_reference() {
    use detlint::formats::parse_file;
    use detlint::lint::{parse_options, workspace_diagnostics};
    let config = Config::default();
    let corr =
        std::fs::read_to_string(root().join("tests/fixtures/sigma/correlation_good.yml")).unwrap();
    let rule = std::fs::read_to_string(root().join("tests/fixtures/sigma/title_style_good.yml"))
        .unwrap()
        .replace("title:", "name: first_rule\ntitle:");
    let files = vec![
        parse_file(
            Path::new("correlation_x.yml"),
            corr.clone(),
            &parse_options(&config),
        ),
        parse_file(
            Path::new("proc_creation_win_x.yml"),
            rule,
            &parse_options(&config),
        ),
    ];
    let out = workspace_diagnostics(&files, &config);
    let lines: Vec<usize> = out[0]
        .iter()
        .filter(|d| d.code == "DL131")
        .map(|d| files[0].lines.line_of(d.span.start) + 1)
        .collect();
    // `some_rule` (line 7) and `second_rule` (line 26) are unknown; `first_rule` is defined
    assert_eq!(lines, vec![7, 26]);
    // a single file is not enough to judge
    let single = lint_named(Path::new("correlation_x.yml"), corr);
    assert!(codes(&single, "DL131").is_empty());
}

#[test]
fn parity_check_docs_are_complete() {
    let mut n = 0;
    for c in detlint::checks::registry() {
        let m = &c.meta;
        let num: u32 = m.code[2..].parse().unwrap();
        if !((112..=199).contains(&num) || (212..=299).contains(&num)) {
            continue;
        }
        n += 1;
        let doc = m.doc();
        assert!(
            doc.starts_with(&format!("# {} {}", m.code, m.name)),
            "{}: the doc must start with `# {} {}`",
            m.code,
            m.code,
            m.name
        );
        for part in ["**Example**", "**Fix**", "Aliases:"] {
            assert!(doc.contains(part), "{}: the doc lacks {part}", m.code);
        }
        for a in m.aliases {
            assert!(
                doc.contains(&format!("`{a}`")),
                "{}: alias {a} not documented",
                m.code
            );
        }
        assert_eq!(m.formats, &[detlint::model::Format::Sigma]);
    }
    assert!(n >= 34, "only {n} parity checks registered");
}

#[test]
fn parity_doc_lists_every_anchor_name() {
    let doc = std::fs::read_to_string(root().join("docs/parity.md")).unwrap();
    let design = root().join("../shared/design/parity.md");
    let Ok(anchors) = std::fs::read_to_string(&design) else {
        println!("skipping: ../shared/design/parity.md not present");
        return;
    };
    let mut missing = Vec::new();
    for line in anchors.lines() {
        let name = line
            .strip_prefix("- `")
            .or_else(|| line.strip_prefix("| `"))
            .and_then(|r| r.split('`').next());
        let Some(name) = name.filter(|n| {
            n.chars()
                .all(|c| c.is_ascii_lowercase() || c.is_ascii_digit() || c == '_')
        }) else {
            continue;
        };
        if !doc.contains(&format!("| `{name}` |")) {
            missing.push(name.to_string());
        }
        // a name mapped to a check must resolve through the registry
        if let Some(row) = doc
            .lines()
            .find(|l| l.starts_with(&format!("| `{name}` |")))
        {
            if row.contains("| **DL") {
                assert!(
                    detlint::checks::find(name).is_some(),
                    "{name} is not an alias"
                );
            }
        }
    }
    assert!(missing.is_empty(), "docs/parity.md lacks: {missing:?}");
}

#[test]
fn dl122_technique_tactic_matching() {
    let base =
        std::fs::read_to_string(root().join("tests/fixtures/sigma/title_style_good.yml")).unwrap();
    let wrong = base.replace(
        "    - attack.command-and-control\n    - attack.t1105\n",
        "    - attack.persistence\n    - attack.t1059.001\n",
    );
    let d = lint_named(Path::new("proc_creation_win_x.yml"), wrong);
    assert_eq!(codes(&d, "DL122"), vec![(9, 7)]);
    // ATT&CK v18 split defense-evasion into stealth and defense-impairment: both accepted
    for tactic in ["stealth", "defense-evasion", "defense_evasion", "TA0005"] {
        let ok = base.replace(
            "    - attack.command-and-control\n    - attack.t1105\n",
            &format!("    - attack.{tactic}\n    - attack.t1027\n"),
        );
        let d = lint_named(Path::new("proc_creation_win_x.yml"), ok);
        assert!(codes(&d, "DL122").is_empty(), "{tactic}");
    }
}

#[test]
fn removal_fixes_leave_valid_rules() {
    // DL118 (unsafe fix) removes the whole `fields:` block
    let path = root().join("tests/fixtures/sigma/fields_section_bad.yml");
    let text = std::fs::read_to_string(&path).unwrap();
    let (_, diags) = lint_text(&path, text.clone(), &Config::default());
    let d = diags.iter().find(|d| d.code == "DL118").unwrap();
    let (fixed, _) = detlint::diagnostic::apply_edits(&text, &d.fixes[0].edits);
    assert!(
        fixed.contains("    condition: selection\nlevel: low\n"),
        "{fixed}"
    );
    let after = lint_named(&path, fixed);
    assert!(codes(&after, "DL118").is_empty() && codes(&after, "DL002").is_empty());
    // DL128 removes a redundant `modified`
    let base =
        std::fs::read_to_string(root().join("tests/fixtures/sigma/title_style_good.yml")).unwrap();
    let same = base.replace(
        "date: 2026-01-01\n",
        "date: 2026-01-01\nmodified: 2026-01-01\n",
    );
    let p = Path::new("proc_creation_win_modified.yml");
    let (_, diags) = lint_text(p, same.clone(), &Config::default());
    let d = diags.iter().find(|d| d.code == "DL128").unwrap();
    assert!(d.fixes[0].safe);
    let (fixed, _) = detlint::diagnostic::apply_edits(&same, &d.fixes[0].edits);
    assert_eq!(fixed, base);
}
