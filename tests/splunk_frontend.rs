//! Splunk front end on fixtures written for the project: lowered model snapshots, spans, macro
//! expansion (reference and repository macros), SPL errors, and the DL6xx checks with their fixes.

use detlint::config::Config;
use detlint::diagnostic::Diagnostic;
use detlint::formats::{parse_file, splunk, ParseOptions, ParsedFile};
use detlint::lint::lint_text;
use detlint::model::{Expr, Op};
use std::path::{Path, PathBuf};

fn fixture(name: &str) -> PathBuf {
    Path::new(env!("CARGO_MANIFEST_DIR"))
        .join("tests/fixtures/splunk")
        .join(name)
}

fn parse(name: &str) -> ParsedFile {
    let p = fixture(name);
    let text = std::fs::read_to_string(&p).unwrap();
    parse_file(&p, text, &ParseOptions::default())
}

fn lint(name: &str) -> (ParsedFile, Vec<Diagnostic>) {
    let p = fixture(name);
    let text = std::fs::read_to_string(&p).unwrap();
    lint_text(&p, text, &Config::default())
}

/// The lowered model in a compact form: predicates with the text their spans cover.
fn model_json(file: &ParsedFile) -> serde_json::Value {
    let d = &file.docs[0];
    let r = &d.rule;
    fn expr(e: &Expr, text: &str) -> serde_json::Value {
        match e {
            Expr::And(v) => {
                serde_json::json!({"and": v.iter().map(|x| expr(x, text)).collect::<Vec<_>>()})
            }
            Expr::Or(v) => {
                serde_json::json!({"or": v.iter().map(|x| expr(x, text)).collect::<Vec<_>>()})
            }
            Expr::Not(x) => serde_json::json!({"not": expr(x, text)}),
            Expr::Opaque(o) => {
                serde_json::json!({"opaque": o.reason, "at": &text[o.span.start..o.span.end]})
            }
            Expr::Pred(p) => serde_json::json!({
                "field": p.field.as_ref().map(|f| f.value.clone()),
                "field_text": p.field.as_ref().map(|f| &text[f.span.start..f.span.end]),
                "op": p.op.name(),
                "raw_op": p.raw_op,
                "case_sensitive": p.case_sensitive,
                "values": p.values.iter().map(|v| serde_json::json!({
                    "text": v.text, "kind": v.kind, "at": &text[v.span.start..v.span.end]
                })).collect::<Vec<_>>(),
            }),
        }
    }
    serde_json::json!({
        "title": r.title.as_ref().map(|t| t.value.clone()),
        "kind": r.kind,
        "status": r.status.as_ref().map(|t| t.value.clone()),
        "techniques": r.techniques.iter().map(|t| (t.value.clone(), &file.text[t.span.start..t.span.end])).collect::<Vec<_>>(),
        "tags": r.tags.iter().map(|t| t.value.clone()).collect::<Vec<_>>(),
        "event_kinds": r.event_kinds,
        "platforms": r.platforms,
        "context": r.context,
        "query_errors": d.query_errors.iter().map(|e| (e.message.clone(), &file.text[e.span.start..e.span.end])).collect::<Vec<_>>(),
        "detection": r.detection.as_ref().map(|e| expr(e, &file.text)),
    })
}

#[test]
fn snapshot_tstats_datamodel() {
    insta::assert_json_snapshot!(
        "tstats_datamodel",
        model_json(&parse("tstats_datamodel.yml"))
    );
}

#[test]
fn snapshot_macro_search() {
    insta::assert_json_snapshot!("macro_search", model_json(&parse("macro_search.yml")));
}

#[test]
fn snapshot_where_not_cidrmatch() {
    insta::assert_json_snapshot!(
        "where_not_cidrmatch",
        model_json(&parse("where_not_cidrmatch.yml"))
    );
}

#[test]
fn snapshot_in_list() {
    insta::assert_json_snapshot!("in_list", model_json(&parse("in_list.yml")));
}

#[test]
fn snapshot_eval_match() {
    insta::assert_json_snapshot!("eval_match", model_json(&parse("eval_match.yml")));
}

#[test]
fn lowering_facts() {
    let f = parse("tstats_datamodel.yml");
    let r = &f.docs[0].rule;
    assert_eq!(r.context_value("datamodel"), Some("Endpoint.Processes"));
    assert_eq!(r.event_kinds, vec!["process_creation"]);
    let preds = r.predicates();
    let name = preds
        .iter()
        .find(|(p, _)| {
            p.field
                .as_ref()
                .is_some_and(|f| f.value == "Processes.process_name")
        })
        .unwrap();
    assert_eq!(
        &f.text[name.0.values[0].span.start..name.0.values[0].span.end],
        "certutil.exe"
    );
    assert!(preds.iter().any(|(p, neg)| *neg
        && p.field
            .as_ref()
            .is_some_and(|f| f.value == "Processes.parent_process_name")));
    assert!(preds
        .iter()
        .any(|(p, _)| p.op == Op::In && p.values.len() == 2));

    let f = parse("where_not_cidrmatch.yml");
    let r = &f.docs[0].rule;
    assert!(r
        .predicates()
        .iter()
        .any(|(p, neg)| *neg && p.op == Op::CidrMatch));
    assert_eq!(r.event_kinds, vec!["network_connection"]);

    let f = parse("macro_search.yml");
    let r = &f.docs[0].rule;
    assert_eq!(r.event_kinds, vec!["network_connection"]);
    // A predicate that comes from the `sysmon` macro is located at the macro call.
    let st = r
        .predicates()
        .into_iter()
        .find(|(p, _)| p.field.as_ref().is_some_and(|f| f.value == "sourcetype"))
        .unwrap();
    assert_eq!(&f.text[st.0.span.start..st.0.span.end], "`sysmon`");
    assert!(r.predicates().iter().any(|(p, _)| p.op == Op::Wildcard));

    let f = parse("eval_match.yml");
    let r = &f.docs[0].rule;
    assert!(r.event_kinds.contains(&"ps_script".to_string()));
    assert!(r.predicates().iter().any(|(p, _)| p.op == Op::RegexMatch));
}

#[test]
fn syntax_error_is_located_in_the_file() {
    let f = parse("syntax_error.yml");
    let errs = &f.docs[0].query_errors;
    assert!(!errs.is_empty());
    // Line 10 (0-based 9) holds the `search:`; the error points inside it.
    assert_eq!(f.lines.line_of(errs[0].span.start), 9, "{errs:?}");
    let (_, diags) = lint("syntax_error.yml");
    assert!(diags.iter().any(|d| d.code == "DL003"));
}

#[test]
fn repository_macros_are_loaded() {
    let (f, diags) = lint("repo/detections/endpoint/repo_macro.yml");
    assert!(!diags.iter().any(|d| d.code == "DL601"), "{diags:?}");
    let s = splunk::docs(&f).next().unwrap().1.search.as_ref().unwrap();
    assert!(s.expanded.contains("sourcetype=fixture:process"));
    assert_eq!(
        f.docs[0].rule.context_value("index").or(Some("")),
        Some("fixture")
    );
}

#[test]
fn clean_fixtures_have_no_findings() {
    for name in [
        "tstats_datamodel.yml",
        "macro_search.yml",
        "where_not_cidrmatch.yml",
        "in_list.yml",
        "eval_match.yml",
    ] {
        let (_, diags) = lint(name);
        let own: Vec<_> = diags
            .iter()
            .filter(|d| d.code.starts_with("DL6") || d.code == "DL003")
            .collect();
        assert!(own.is_empty(), "{name}: {own:?}");
    }
}

fn apply(text: &str, d: &Diagnostic) -> String {
    let mut out = text.to_string();
    let mut edits = d.fixes[0].edits.clone();
    edits.sort_by_key(|e| std::cmp::Reverse(e.span.start));
    for e in edits {
        out.replace_range(e.span.start..e.span.end, &e.new_text);
    }
    out
}

#[test]
fn checks_find_and_fix() {
    let (f, diags) = lint("findings.yml");
    let codes: Vec<&str> = diags.iter().map(|d| d.code).collect();
    let at = |code: &str| {
        diags
            .iter()
            .filter(|d| d.code == code)
            .map(|d| {
                (
                    d.message.clone(),
                    f.text[d.span.start..d.span.end].to_string(),
                )
            })
            .collect::<Vec<_>>()
    };
    // DL601: unknown macro with a did-you-mean.
    let unknown = at("DL601");
    assert_eq!(unknown.len(), 1, "{codes:?}");
    assert_eq!(unknown[0].1, "`sysmn_helper`");
    // DL602: argument count.
    let args = at("DL602");
    assert_eq!(args.len(), 1, "{args:?}");
    assert_eq!(args[0].1, "`security_content_ctime`");
    // DL603: missing filter macro.
    assert_eq!(at("DL603").len(), 1);
    // DL604: data model field.
    let dm = at("DL604");
    assert_eq!(dm.len(), 1);
    assert_eq!(dm[0].1, "Processes.process_nam");
    assert!(dm[0].0.contains("Processes.process_name"), "{dm:?}");
    // DL606: unknown lookup with a did-you-mean.
    let lk = at("DL606");
    assert_eq!(lk.len(), 1, "{lk:?}");
    assert_eq!(lk[0].1, "lolbas_file_paths");
    assert!(lk[0].0.contains("`lolbas_file_path`"), "{lk:?}");
    // DL605: ATT&CK id shape, twice.
    assert_eq!(at("DL605").len(), 2);

    // Fixes leave a file that parses and where the finding is gone.
    for code in ["DL603", "DL604", "DL605"] {
        let d = diags
            .iter()
            .find(|d| d.code == code && !d.fixes.is_empty())
            .unwrap_or_else(|| panic!("{code} has no fix"));
        let fixed = apply(&f.text, d);
        let (f2, diags2) = lint_text(&fixture("findings.yml"), fixed.clone(), &Config::default());
        assert!(f2.docs[0].query_errors.is_empty(), "{code}: {fixed}");
        assert!(
            diags2.iter().filter(|x| x.code == code).count()
                < diags.iter().filter(|x| x.code == code).count(),
            "{code} fix did not remove the finding:\n{fixed}"
        );
        assert!(!diags2.iter().any(|x| x.code == "DL002"), "{code}: {fixed}");
    }
}

#[test]
fn filter_macro_rename_fix() {
    let p = fixture("in_list.yml");
    let text = std::fs::read_to_string(&p).unwrap().replace(
        "detlint_fixture_security_log_account_changes_filter",
        "old_name_filter",
    );
    let (_, diags) = lint_text(&p, text.clone(), &Config::default());
    let d = diags.iter().find(|d| d.code == "DL603").unwrap();
    assert!(d.message.contains("old_name_filter"));
    let fixed = apply(&text, d);
    let (_, diags2) = lint_text(&p, fixed, &Config::default());
    assert!(!diags2.iter().any(|d| d.code == "DL603"));
}

#[test]
fn docs_example_shows_its_findings() {
    let p = Path::new(env!("CARGO_MANIFEST_DIR"))
        .join("docs/examples/splunk_rundll32_suspicious_child.yml");
    let text = std::fs::read_to_string(&p).unwrap();
    let (_, diags) = lint_text(&p, text, &Config::default());
    let mut codes: Vec<&str> = diags.iter().map(|d| d.code).collect();
    codes.sort();
    assert_eq!(codes, vec!["DL602", "DL603", "DL604", "DL605"], "{diags:?}");
}

#[test]
fn from_datamodel_command_sets_context() {
    let p = fixture("in_list.yml");
    let text = std::fs::read_to_string(&p).unwrap().replace(
        "search: '`wineventlog_security` EventCode IN (4720, 4726, 4738)",
        "search: '| from datamodel Web.Web | search status=200",
    );
    let f = parse_file(&p, text, &ParseOptions::default());
    assert_eq!(f.docs[0].rule.context_value("datamodel"), Some("Web.Web"));
    assert!(f.docs[0].rule.event_kinds.contains(&"web".to_string()));
}

#[test]
fn macro_cycle_is_reported() {
    let (f, diags) = lint("repo/detections/endpoint/macro_cycle.yml");
    let d: Vec<_> = diags.iter().filter(|d| d.code == "DL601").collect();
    assert!(!d.is_empty(), "{diags:?}");
    assert!(d[0].message.contains("cannot be expanded"), "{d:?}");
    assert_eq!(&f.text[d[0].span.start..d[0].span.end], "`fixture_loop_a`");
}

#[test]
fn odd_inputs_do_not_panic() {
    let cases = [
        "name: a\nsearch:\n",
        "name: a\nsearch: [1, 2]\ntags: 3\n",
        "name: a\nsearch: '`unterminated'\ntags:\n  mitre_attack_id: T1059\n",
        "name: ''\nsearch: '| tstats count from datamodel= where'\n",
        "name: é\nsearch: \"`sysmon` \\u00e9=\\\"x\\\" | where match(é, \\\"(\\\")\"\ntags:\n  mitre_attack_id:\n  - {a: b}\n",
        "name: a\nsearch: |\n  ((((((((((((((((\n  | `drop_dm_object_name(a,b,c)` | lookup\n",
        "name: a\nsearch: '`a(`b`)` [[[ ]]] ```c'\nrba:\n  risk_objects:\n  - field: x\n    type: user\n    score: 5\n",
        "---\nname: a\nsearch: x\n---\nname: b\nsearch: y\n",
    ];
    for (i, text) in cases.iter().enumerate() {
        let p = PathBuf::from(format!("odd_{i}.yml"));
        let (f, _) = lint_text(&p, (*text).to_string(), &Config::default());
        for d in &f.docs {
            for e in &d.query_errors {
                assert!(e.span.end <= f.text.len(), "case {i}: {e:?}");
            }
        }
    }
    // A deeply nested search stays quick and panic-free.
    let deep = format!(
        "name: a\nsearch: '{}x{}'\n",
        "(".repeat(5000),
        ")".repeat(5000)
    );
    let (f, _) = lint_text(Path::new("deep.yml"), deep, &Config::default());
    assert_eq!(f.docs.len(), 1);
}
