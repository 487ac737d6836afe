//! Snapshot tests of the Elastic front end: for each fixture rule (one per language feature) the
//! lowered detection, event kinds, techniques, tactics and context; plus span invariants.

use detlint::formats::{parse_file, FormatData, ParseOptions, ParsedFile};
use detlint::model::Expr;
use std::path::Path;

fn parse(name: &str) -> ParsedFile {
    let path = Path::new(env!("CARGO_MANIFEST_DIR"))
        .join("tests/fixtures/elastic")
        .join(name);
    let text = std::fs::read_to_string(&path).unwrap();
    parse_file(&path, text, &ParseOptions::default())
}

fn model(name: &str) -> serde_json::Value {
    let f = parse(name);
    assert_eq!(f.docs.len(), 1, "{name}: one rule per file");
    let d = &f.docs[0];
    assert!(d.query_errors.is_empty(), "{name}: {:?}", d.query_errors);
    let FormatData::Elastic(e) = &d.data else {
        panic!("{name}: not read as Elastic")
    };
    assert!(e.toml_errors().is_empty(), "{name}: {:?}", e.toml_errors());
    // every field span holds the field name as written
    if let Some(det) = &d.rule.detection {
        det.for_each_predicate(&mut |p, _| {
            if let Some(fld) = &p.field {
                assert_eq!(&f.text[fld.span.start..fld.span.end], fld.value, "{name}");
            }
        });
    }
    // the front end's output: `canonical` is the normalizer's (tested with its tables)
    let mut detection = d.rule.detection.clone();
    if let Some(det) = detection.as_mut() {
        det.for_each_predicate_mut(&mut |p| p.canonical = None);
    }
    serde_json::json!({
        "kind": d.rule.kind,
        "id": d.rule.id.as_ref().map(|x| &x.value),
        "title": d.rule.title.as_ref().map(|x| &x.value),
        "event_kinds": d.rule.event_kinds,
        "techniques": d.rule.techniques,
        "tactics": d.rule.tactics,
        "platforms": d.rule.platforms,
        "context": d.rule.context,
        "detection": detection,
    })
}

#[test]
fn kuery_features() {
    insta::assert_json_snapshot!(model("kuery_features.toml"));
}

#[test]
fn eql_sequence() {
    insta::assert_json_snapshot!(model("eql_sequence.toml"));
}

#[test]
fn esql_where() {
    insta::assert_json_snapshot!(model("esql_where.toml"));
}

#[test]
fn lucene_terms() {
    insta::assert_json_snapshot!(model("lucene_terms.toml"));
}

#[test]
fn hunting_esql() {
    insta::assert_json_snapshot!(model("hunting_esql.toml"));
}

#[test]
fn escapes_map_to_the_file() {
    let f = parse("escapes_basic_string.toml");
    let d = &f.docs[0];
    assert!(d.query_errors.is_empty(), "{:?}", d.query_errors);
    let FormatData::Elastic(e) = &d.data else {
        panic!()
    };
    assert!(e.toml_errors().is_empty(), "{:?}", e.toml_errors());
    let mut seen = Vec::new();
    d.rule
        .detection
        .as_ref()
        .unwrap()
        .for_each_predicate(&mut |p, _| {
            let fld = p.field.as_ref().unwrap();
            assert_eq!(&f.text[fld.span.start..fld.span.end], fld.value);
            // the value span covers the escaped literal as written in the file
            let v = &p.values[0];
            let raw = &f.text[v.span.start..v.span.end];
            seen.push((fld.value.clone(), v.text.clone(), raw.to_string()));
        });
    assert_eq!(seen[0].0, "file.path");
    assert_eq!(seen[0].1, "C:\\Windows\\Temp\\*.ps1");
    assert!(seen[0].2.starts_with("\"C:"), "{:?}", seen[0].2);
    // the field after the line-ending backslash is on the next line of the file
    assert_eq!(seen[1].0, "process.name");
    let line = f
        .lines
        .line_of(first_field(d.rule.detection.as_ref().unwrap(), 1));
    let query_line = f.text[..f.text.find("query =").unwrap()].lines().count();
    assert_eq!(line, query_line + 1);
}

fn first_field(e: &Expr, n: usize) -> usize {
    let mut spans = Vec::new();
    e.for_each_predicate(&mut |p, _| spans.push(p.field.as_ref().unwrap().span.start));
    spans[n]
}

#[test]
fn query_errors_point_into_the_file() {
    let text = "[rule]\nname = \"x\"\nlanguage = \"kuery\"\ntype = \"query\"\nquery = '''\nprocess.name : (a or\n'''\n".to_string();
    let f = parse_file(Path::new("x.toml"), text, &ParseOptions::default());
    let d = &f.docs[0];
    assert!(!d.query_errors.is_empty());
    let e = &d.query_errors[0];
    assert!(e.span.start >= f.text.find("process").unwrap());
    assert!(e.span.end <= f.text.rfind("'''").unwrap() + 1);
}

#[test]
fn half_typed_toml_still_reads() {
    let text = "[rule]\nname = \"x\nrule_id = \"abc\"\nlanguage = \"eql\"\nquery = '''process where process.name == \"a\"'''\n".to_string();
    let f = parse_file(Path::new("x.toml"), text, &ParseOptions::default());
    let d = &f.docs[0];
    let FormatData::Elastic(e) = &d.data else {
        panic!()
    };
    assert!(!e.toml_errors().is_empty());
    // what follows the broken line is still read
    assert!(e.queries.len() == 1 || d.rule.id.is_some(), "{:?}", d.rule);
}

#[test]
fn kuery_filters_new_terms() {
    let f = parse("kuery_filters_new_terms.toml");
    let FormatData::Elastic(e) = &f.docs[0].data else {
        panic!()
    };
    let nt: Vec<&str> = e
        .new_terms_fields
        .iter()
        .map(|x| x.value.as_str())
        .collect();
    assert_eq!(nt, ["user.name", "cloud.account.id"]);
    for x in &e.new_terms_fields {
        assert_eq!(&f.text[x.span.start..x.span.end], x.value);
    }
    assert_eq!(e.exceptions.len(), 1);
    insta::assert_json_snapshot!(model("kuery_filters_new_terms.toml"));
}

#[test]
fn machine_learning() {
    insta::assert_json_snapshot!(model("machine_learning.toml"));
}
