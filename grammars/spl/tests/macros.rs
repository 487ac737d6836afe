//! Macro expansion and offset mapping.

mod common;

use detlint_spl::*;

fn table() -> MacroTable {
    let mut t = MacroTable::new();
    t.add("sysmon", &[], "index=main sourcetype=sysmon");
    t.add("ctime", &["field"], "convert ctime($field$)");
    t.add("pair", &["a", "b"], "eval $a$=$b$");
    t.add("outer", &[], "`sysmon` EventCode=1");
    t.add("loop_a", &[], "`loop_b`");
    t.add("loop_b", &[], "`loop_a`");
    t.add("summaries", &[], "summariesonly=`flag`");
    t.add("flag", &[], "true");
    t
}

#[test]
fn simple_expansion_and_map() {
    let src = "`sysmon` a=1";
    let e = expand(src, &table());
    assert_eq!(e.text, "index=main sourcetype=sysmon a=1");
    assert_eq!(e.calls.len(), 1);
    assert!(e.calls[0].resolved);
    assert_eq!(e.calls[0].span, Span::new(0, 8));
    // Inside the macro -> the call span.
    assert_eq!(e.map.to_original(5), 0);
    assert!(e.map.is_in_macro(5));
    assert_eq!(e.map.span_to_original(Span::new(6, 10)), Span::new(0, 8));
    // After the macro -> shifted back.
    let a = e.text.find("a=1").unwrap();
    assert_eq!(e.map.to_original(a), 9);
    assert_eq!(
        e.map.span_to_original(Span::new(a, a + 3)),
        Span::new(9, 12)
    );
    assert_eq!(e.map.to_original(e.text.len()), src.len());
}

#[test]
fn arguments_by_arity_and_quotes() {
    let e = expand("x | `ctime(firstTime)` | `pair(y, \"a, b\")`", &table());
    assert_eq!(e.text, "x | convert ctime(firstTime) | eval y=a, b");
    assert_eq!(e.calls[1].args, ["y", "a, b"]);
    // Wrong arity -> unresolved and left in place.
    let e = expand("`ctime(a, b)` `ctime`", &table());
    assert_eq!(e.text, "`ctime(a, b)` `ctime`");
    assert!(e.calls.iter().all(|c| !c.resolved));
}

#[test]
fn nested_expansion_reports_inner_calls() {
    let src = "`outer` | `summaries`";
    let e = expand(src, &table());
    assert_eq!(
        e.text,
        "index=main sourcetype=sysmon EventCode=1 | summariesonly=true"
    );
    let inner: Vec<_> = e.calls.iter().filter(|c| c.depth > 0).collect();
    assert_eq!(inner.len(), 2);
    assert_eq!(inner[0].name, "sysmon");
    assert_eq!(inner[0].span, Span::new(0, 7));
}

#[test]
fn cycles_are_detected() {
    let e = expand("`loop_a`", &table());
    assert!(!e.calls[0].resolved || e.calls.iter().any(|c| c.problem.is_some()));
    assert!(e
        .calls
        .iter()
        .any(|c| c.problem.as_deref().is_some_and(|p| p.contains("cycle"))));
}

#[test]
fn depth_limit() {
    let mut t = MacroTable::new();
    for i in 0..30 {
        t.add(&format!("m{i}"), &[], &format!("`m{}`", i + 1));
    }
    t.add("m30", &[], "end");
    let e = expand("`m0`", &t);
    assert!(e.calls.iter().any(|c| c
        .problem
        .as_deref()
        .is_some_and(|p| p.contains("deeper than 16"))));
}

#[test]
fn unknown_macros_stay_and_parse_as_terms() {
    let src = "`unknown_source` a=1 | `unknown_filter`";
    let e = expand(src, &table());
    assert_eq!(e.text, src);
    assert_eq!(e.calls.iter().filter(|c| !c.resolved).count(), 2);
    let p = parse(&e.text);
    assert!(p.errors.is_empty());
}

#[test]
fn comments_and_strings_are_not_expanded() {
    let src = "a=\"`sysmon`\" ```uses `sysmon` ```";
    let e = expand(src, &table());
    assert_eq!(e.text, src);
    assert!(e.calls.is_empty());
}

#[test]
fn parse_errors_map_back_into_macro_call() {
    let mut t = MacroTable::new();
    t.add("bad", &[], "eval x=1 +* 2");
    let src = "a | `bad` | head 1";
    let (e, p) = expand_and_parse(src, &t);
    assert_eq!(p.errors.len(), 1);
    let orig = p.errors[0].original_span(&e.map);
    assert_eq!(orig, Span::new(4, 9));
}

#[test]
fn real_macro_files_load() {
    let Some(shared) = common::shared_dir() else {
        println!("skipping: ../shared/corpus not present");
        return;
    };
    let t = common::load_macros(&shared.join("reference/splunk/macros"));
    assert!(t.len() > 100);
    let e = expand(
        "| tstats `security_content_summariesonly` count from datamodel=Endpoint.Processes by Processes.dest | `security_content_ctime(firstTime)`",
        &t,
    );
    assert!(e.calls.iter().take(2).all(|c| c.resolved), "{:?}", e.calls);
    assert!(e.text.contains("summariesonly="));
    assert!(e.text.contains("ctime(firstTime)"));
    let p = parse(&e.text);
    assert!(p.errors.is_empty(), "{:?}", p.errors);
}
