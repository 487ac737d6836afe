//! Snapshot tests of the Sentinel front end's lowered rule model (one fixture per construct:
//! `let` lists, `not` / `!in`, `ipv4_is_in_range`, `union`, `join`, `SecurityEvent` EventIDs),
//! plus span invariants: predicate fields and values point at their text in the YAML file.

use detlint::formats::{parse_file, FormatData, ParseOptions, ParsedFile};
use detlint::model::{Expr, Format, Rule};
use std::path::Path;

fn parse(name: &str) -> ParsedFile {
    let path = Path::new(concat!(
        env!("CARGO_MANIFEST_DIR"),
        "/tests/fixtures/sentinel"
    ))
    .join(name);
    let text = std::fs::read_to_string(&path).unwrap();
    parse_file(&path, text, &ParseOptions::default())
}

fn rule(name: &str) -> (ParsedFile, Rule) {
    let f = parse(name);
    assert_eq!(
        f.format(),
        Some(Format::Sentinel),
        "{name} is read as Sentinel"
    );
    assert_eq!(f.docs.len(), 1);
    assert!(
        f.docs[0].query_errors.is_empty(),
        "{:?}",
        f.docs[0].query_errors
    );
    assert!(matches!(f.docs[0].data, FormatData::Sentinel(_)));
    let r = f.docs[0].rule.clone();
    check_spans(&f, &r);
    (f, r)
}

/// Every predicate's field span holds the field name; value spans lie inside the query.
fn check_spans(f: &ParsedFile, r: &Rule) {
    let FormatData::Sentinel(doc) = &f.docs[0].data else {
        unreachable!()
    };
    let q = doc.query.as_ref().unwrap();
    for (p, _) in r.predicates() {
        let field = p.field.as_ref().unwrap();
        assert_eq!(&f.text[field.span.start..field.span.end], field.value);
        assert!(q.span.start <= p.span.start && p.span.end <= q.span.end);
        for v in &p.values {
            let text = &f.text[v.span.start..v.span.end];
            assert!(
                text.contains(&v.text) || p.raw_op == "ipv4_is_private",
                "value {:?} at {:?} reads {text:?}",
                v.text,
                v.span
            );
        }
    }
}

fn snapshot_model(r: &Rule) -> serde_json::Value {
    serde_json::json!({
        "title": r.title.as_ref().map(|t| &t.value),
        "kind": r.kind,
        "level": r.level.as_ref().map(|t| &t.value),
        "techniques": r.techniques.iter().map(|t| &t.value).collect::<Vec<_>>(),
        "tactics": r.tactics.iter().map(|t| &t.value).collect::<Vec<_>>(),
        "event_kinds": r.event_kinds,
        "context": r.context,
        "detection": r.detection,
    })
}

#[test]
fn let_list() {
    let (_, r) = rule("let_list.yaml");
    insta::assert_json_snapshot!("let_list", snapshot_model(&r));
}

#[test]
fn not_and_negated_operators() {
    let (_, r) = rule("not_in.yaml");
    assert_eq!(r.detection.as_ref().unwrap().exclusions().len(), 4);
    insta::assert_json_snapshot!("not_in", snapshot_model(&r));
}

#[test]
fn ipv4_ranges() {
    let (_, r) = rule("ipv4_range.yaml");
    insta::assert_json_snapshot!("ipv4_range", snapshot_model(&r));
}

#[test]
fn union_branches() {
    let (_, r) = rule("union.yaml");
    assert!(matches!(r.detection, Some(Expr::Or(ref v)) if v.len() == 2));
    insta::assert_json_snapshot!("union", snapshot_model(&r));
}

#[test]
fn join_branches() {
    let (_, r) = rule("join.yaml");
    insta::assert_json_snapshot!("join", snapshot_model(&r));
}

#[test]
fn security_event_ids() {
    let (_, r) = rule("security_event.yaml");
    assert_eq!(r.event_kinds, vec!["authentication"]);
    insta::assert_json_snapshot!("security_event", snapshot_model(&r));
}

#[test]
fn syntax_errors_point_into_the_file() {
    let text = "id: x\nname: broken\nquery: |\n  SecurityEvent\n  | where EventID == 4688 and (\nkind: Scheduled\n";
    let f = parse_file(
        Path::new("broken.yaml"),
        text.to_string(),
        &ParseOptions::default(),
    );
    let errs = &f.docs[0].query_errors;
    assert!(!errs.is_empty());
    // the error sits in the query's second line, inside the file's fifth line
    let line = f.lines.line_of(errs[0].span.start);
    assert_eq!(line, 4, "{errs:?}");
}

#[test]
fn truncated_and_garbled_rules_do_not_panic() {
    let config = detlint::config::Config::default();
    for name in ["let_list.yaml", "not_in.yaml", "union.yaml", "join.yaml"] {
        let path = Path::new(concat!(
            env!("CARGO_MANIFEST_DIR"),
            "/tests/fixtures/sentinel"
        ))
        .join(name);
        let text = std::fs::read_to_string(&path).unwrap();
        for cut in (0..text.len())
            .step_by(7)
            .filter(|&i| text.is_char_boundary(i))
        {
            // parse + file checks (workspace checks are cross-file and tested by their owners)
            let garbled: String = text[..cut].chars().filter(|c| *c != ')').collect();
            for t in [text[..cut].to_string(), garbled] {
                let f = parse_file(&path, t, &ParseOptions::default());
                let _ = detlint::lint::file_diagnostics(&f, &config);
            }
        }
    }
}

#[test]
fn wrapped_fields_and_boolean_calls() {
    let text = "id: x\nname: wrapped\nkind: Scheduled\nquery: |\n  let admins = dynamic([\"root\", \"admin\"]);\n  CommonSecurityLog\n  | where tolower(SourceUserName) in (admins)\n  | where ipv4_is_private(DestinationIP) == false\n  | where TimeGenerated >= starttime\n";
    let f = parse_file(
        Path::new("w.yaml"),
        text.to_string(),
        &ParseOptions::default(),
    );
    let r = &f.docs[0].rule;
    let preds = r.predicates();
    assert_eq!(preds.len(), 2, "{:#?}", r.detection);
    let (user, neg) = preds[0];
    assert_eq!(user.field.as_ref().unwrap().value, "SourceUserName");
    assert!(!user.case_sensitive && !neg);
    assert_eq!(user.values.len(), 2);
    let (ip, neg) = preds[1];
    assert_eq!(ip.op, detlint::model::Op::CidrMatch);
    assert!(neg, "ipv4_is_private(..) == false is an exclusion");
    assert_eq!(r.event_kinds, vec!["network_connection", "firewall"]);
    let d = serde_json::to_string(&r.detection).unwrap();
    assert!(
        d.contains("time window `TimeGenerated >= starttime`"),
        "{d}"
    );
}

#[test]
fn anti_join_is_not_a_branch() {
    let text = "id: x\nname: anti\nkind: Scheduled\nquery: |\n  SigninLogs\n  | where ResultType == 0\n  | join kind=leftanti (AADNonInteractiveUserSignInLogs | where ResultType == 0) on UserPrincipalName\n";
    let f = parse_file(
        Path::new("a.yaml"),
        text.to_string(),
        &ParseOptions::default(),
    );
    let r = &f.docs[0].rule;
    assert!(
        matches!(&r.detection, Some(Expr::And(v)) if v.len() == 2),
        "{:#?}",
        r.detection
    );
    assert_eq!(r.predicates().len(), 1);
    let FormatData::Sentinel(doc) = &f.docs[0].data else {
        unreachable!()
    };
    assert_eq!(
        doc.tables.len(),
        2,
        "both tables are listed for the table check"
    );
}

#[test]
fn asim_parser_parameters() {
    let text = "id: x\nname: asim\nkind: Scheduled\nquery: |\n  let bad = dynamic([\"evil.example\", \"bad.example\"]);\n  _Im_Dns(starttime=ago(1h), domain_has_any=bad, eventresult='Success')\n  | where SrcIpAddr != \"127.0.0.1\"\n";
    let f = parse_file(
        Path::new("asim.yaml"),
        text.to_string(),
        &ParseOptions::default(),
    );
    let r = &f.docs[0].rule;
    assert_eq!(r.event_kinds, vec!["dns_query"]);
    let preds = r.predicates();
    let fields: Vec<&str> = preds
        .iter()
        .map(|(p, _)| p.field.as_ref().unwrap().value.as_str())
        .collect();
    assert_eq!(
        fields,
        vec!["DnsQuery", "EventResult", "SrcIpAddr"],
        "{:#?}",
        r.detection
    );
    assert_eq!(preds[0].0.values.len(), 2);
    assert_eq!(
        &f.text[preds[0].0.span.start..preds[0].0.span.end],
        "domain_has_any=bad"
    );
}

#[test]
fn hunting_categories_are_tags() {
    let text = "id: x\nname: hunt\ntactics:\n  - Ransomware\n  - Execution\nrelevantTechniques:\n  - t1486\nquery: |\n  DeviceProcessEvents | where FileName =~ \"vssadmin.exe\"\n";
    let f = parse_file(
        Path::new("h.yaml"),
        text.to_string(),
        &ParseOptions::default(),
    );
    let r = &f.docs[0].rule;
    assert_eq!(r.kind, detlint::model::RuleKind::Hunting);
    let tactics: Vec<&str> = r.tactics.iter().map(|t| t.value.as_str()).collect();
    assert_eq!(tactics, vec!["Execution"]);
    assert!(r.tags.iter().any(|t| t.value == "Ransomware"));
    assert_eq!(r.techniques[0].value, "T1486");
}
