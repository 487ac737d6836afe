//! Structured command parsing.

use detlint_spl::*;

fn ok(src: &str) -> Pipeline {
    let p = parse(src);
    assert!(p.errors.is_empty(), "errors for {src:?}: {:?}", p.errors);
    p.ast
}

fn names(p: &Pipeline) -> Vec<String> {
    p.commands.iter().map(|c| c.name.name.clone()).collect()
}

#[test]
fn pipeline_with_leading_pipe_and_spans() {
    let src =
        "| tstats count from datamodel=Endpoint.Processes by Processes.dest | where count > 5";
    let p = ok(src);
    assert_eq!(names(&p), ["tstats", "where"]);
    assert_eq!(p.commands[0].name.span.text(src), "tstats");
    assert_eq!(p.commands[1].span.text(src), "where count > 5");
    assert!(!p.commands[0].implicit);
}

#[test]
fn tstats_full() {
    let src = "| tstats summariesonly=true allow_old_summaries=true count min(_time) as firstTime values(Processes.process) as process from datamodel=Endpoint.Processes where Processes.process_name=cmd.exe (Processes.parent_process_name=\"winword.exe\" OR Processes.parent_process_name=excel.exe) by Processes.dest Processes.user, Processes.process_name";
    let p = ok(src);
    let CommandKind::Tstats(t) = &p.commands[0].kind else {
        panic!()
    };
    assert_eq!(t.options.len(), 2);
    assert_eq!(t.options[0].key.name, "summariesonly");
    assert_eq!(t.options[0].value.value, "true");
    assert_eq!(t.aggregations.len(), 3);
    assert_eq!(t.aggregations[1].func.name, "min");
    assert_eq!(
        t.aggregations[1].alias.as_ref().map(|a| a.name.as_str()),
        Some("firstTime")
    );
    match &t.aggregations[2].args[0] {
        AggArg::Field(f) => assert_eq!(f.name, "Processes.process"),
        a => panic!("{a:?}"),
    }
    assert_eq!(
        t.from.as_ref().map(|v| v.value.as_str()),
        Some("Endpoint.Processes")
    );
    let preds = visit::search_predicates(t.filter.as_ref().unwrap());
    assert_eq!(preds.len(), 3);
    assert_eq!(
        t.by.iter().map(|b| b.name.as_str()).collect::<Vec<_>>(),
        ["Processes.dest", "Processes.user", "Processes.process_name"]
    );
    assert!(!t.prestats);
}

#[test]
fn tstats_prestats_and_macro_option() {
    let p = ok("| tstats `summaries` prestats=t count where index=x by host");
    let CommandKind::Tstats(t) = &p.commands[0].kind else {
        panic!()
    };
    assert!(t.prestats);
    assert_eq!(t.macros[0].name, "summaries");
    assert!(t.filter.is_some());
}

#[test]
fn stats_family() {
    let p = ok("index=x | stats count(eval(status=\"fail\")) as failures dc(user) as users values(src) by dest, app | eventstats avg(count) as avg by dest | streamstats window=5 current=f sum(bytes) as s by src");
    let CommandKind::Stats(s) = &p.commands[1].kind else {
        panic!()
    };
    assert_eq!(s.aggregations.len(), 3);
    assert!(matches!(s.aggregations[0].args[0], AggArg::Eval(_)));
    assert_eq!(s.by.len(), 2);
    let CommandKind::Stats(s) = &p.commands[3].kind else {
        panic!()
    };
    assert_eq!(s.options.len(), 2);
    assert_eq!(s.aggregations[0].func.name, "sum");
}

#[test]
fn rename_lookup_inputlookup() {
    let p = ok("| inputlookup append=t my_lookup.csv where enabled=1 | rename a as b, \"c d\" AS e | lookup local=true ioc_domains domain as query OUTPUT description AS desc, isIOC | lookup t2 f OUTPUTNEW g");
    let CommandKind::Inputlookup(i) = &p.commands[0].kind else {
        panic!()
    };
    assert_eq!(i.table.as_ref().unwrap().name, "my_lookup.csv");
    assert!(i.filter.is_some());
    let CommandKind::Rename(r) = &p.commands[1].kind else {
        panic!()
    };
    assert_eq!(r.pairs.len(), 2);
    assert_eq!(r.pairs[1].0.name, "c d");
    let CommandKind::Lookup(l) = &p.commands[2].kind else {
        panic!()
    };
    assert_eq!(l.options.len(), 1);
    assert_eq!(l.table.as_ref().unwrap().name, "ioc_domains");
    assert_eq!(l.inputs[0].alias.as_ref().unwrap().name, "query");
    assert_eq!(l.output_mode.as_ref().unwrap().name, "OUTPUT");
    assert_eq!(l.outputs.len(), 2);
    let CommandKind::Lookup(l) = &p.commands[3].kind else {
        panic!()
    };
    assert_eq!(l.output_mode.as_ref().unwrap().name, "OUTPUTNEW");
}

#[test]
fn join_append_appendpipe() {
    let p = ok("a=1 | join type=left host [search index=y | fields host] | append [| inputlookup x] | appendpipe [stats count | where count=0]");
    let CommandKind::Join(j) = &p.commands[1].kind else {
        panic!()
    };
    assert_eq!(j.options[0].value.value, "left");
    assert_eq!(j.fields[0].name, "host");
    let sub = j.subsearch.as_ref().unwrap();
    assert_eq!(names(&sub.pipeline), ["search", "fields"]);
    let CommandKind::Append(a) = &p.commands[2].kind else {
        panic!()
    };
    assert_eq!(
        names(&a.subsearch.as_ref().unwrap().pipeline),
        ["inputlookup"]
    );
    let CommandKind::Append(a) = &p.commands[3].kind else {
        panic!()
    };
    assert_eq!(
        names(&a.subsearch.as_ref().unwrap().pipeline),
        ["stats", "where"]
    );
    let mut all = Vec::new();
    visit::walk_commands(&p, &mut |c| all.push(c.name.name.clone()));
    assert_eq!(all.len(), 4 + 2 + 1 + 2);
}

#[test]
fn rex_fields_table_dedup() {
    let src = r#"| rex field=_raw max_match=0 "(?<user>[^\\]+)\\\"" | fields - a, b* | fields + c | table x y "z w" | dedup 2 host user sortby -_time"#;
    let p = ok(src);
    let CommandKind::Rex(r) = &p.commands[0].kind else {
        panic!()
    };
    assert_eq!(r.options.len(), 2);
    assert_eq!(r.regex.as_ref().unwrap().value, r#"(?<user>[^\]+)\""#);
    let CommandKind::Fields(f) = &p.commands[1].kind else {
        panic!()
    };
    assert!(f.remove);
    assert_eq!(f.fields.len(), 2);
    let CommandKind::Fields(f) = &p.commands[3].kind else {
        panic!()
    };
    assert_eq!(f.fields[2].name, "z w");
    let CommandKind::Dedup(d) = &p.commands[4].kind else {
        panic!()
    };
    assert_eq!(d.count.as_ref().unwrap().value, "2");
    assert_eq!(d.fields.len(), 2);
    assert!(d.sortby[0].descending);
    assert_eq!(d.sortby[0].field.name, "_time");
}

#[test]
fn bin_convert_fillnull_sort_head() {
    let p = ok("| bin _time span=1h | bucket span=5m _time as t | convert timeformat=\"%Y\" ctime(firstTime) ctime(lastTime) as lt | fillnull value=0 a b | sort 100 - count, +user num(x) | head 10 | head (x>1)");
    let CommandKind::Bin(b) = &p.commands[0].kind else {
        panic!()
    };
    assert_eq!(b.field.as_ref().unwrap().field.name, "_time");
    assert_eq!(b.options[0].key.name, "span");
    let CommandKind::Bin(b) = &p.commands[1].kind else {
        panic!()
    };
    assert_eq!(b.field.as_ref().unwrap().alias.as_ref().unwrap().name, "t");
    let CommandKind::Convert(c) = &p.commands[2].kind else {
        panic!()
    };
    assert_eq!(c.conversions.len(), 2);
    assert_eq!(c.conversions[1].alias.as_ref().unwrap().name, "lt");
    let CommandKind::Fillnull(f) = &p.commands[3].kind else {
        panic!()
    };
    assert_eq!(f.options[0].value.value, "0");
    assert_eq!(f.fields.len(), 2);
    let CommandKind::Sort(s) = &p.commands[4].kind else {
        panic!()
    };
    assert_eq!(s.limit.as_ref().unwrap().value, "100");
    assert_eq!(s.keys.len(), 3);
    assert!(s.keys[0].descending);
    assert!(!s.keys[1].descending);
    assert_eq!(s.keys[1].field.name, "user");
    let CommandKind::Head(h) = &p.commands[6].kind else {
        panic!()
    };
    assert!(h.expr.is_some());
}

#[test]
fn transaction_mvexpand_spath_makeresults() {
    let p = ok("| makeresults count=3 | transaction host startswith=(EventCode=1) endswith=eval(x>2) maxspan=5m | mvexpand values limit=10 | spath input=json output=o path=a.b | spath a.b{}.c");
    let CommandKind::Makeresults(m) = &p.commands[0].kind else {
        panic!()
    };
    assert_eq!(m.options[0].value.value, "3");
    let CommandKind::Transaction(t) = &p.commands[1].kind else {
        panic!()
    };
    assert_eq!(t.fields[0].name, "host");
    assert_eq!(t.options.len(), 3);
    assert_eq!(t.options[0].value.value, "(EventCode=1)");
    let CommandKind::Mvexpand(m) = &p.commands[2].kind else {
        panic!()
    };
    assert_eq!(m.field.as_ref().unwrap().name, "values");
    let CommandKind::Spath(s) = &p.commands[4].kind else {
        panic!()
    };
    assert_eq!(s.path.as_ref().unwrap().value, "a.b{}.c");
}

#[test]
fn generic_commands_and_macros() {
    let p = ok("x | `drop_dm_object_name(Processes)` | iplocation src | foreach * [eval <<FIELD>>=lower('<<FIELD>>')] | `my_filter`");
    assert!(
        matches!(p.commands[1].kind, CommandKind::Macro(ref m) if m.name == "drop_dm_object_name" && m.args == ["Processes"])
    );
    let CommandKind::Generic(g) = &p.commands[2].kind else {
        panic!()
    };
    assert!(matches!(&g.args[0], Arg::Value(v) if v.value == "src"));
    let CommandKind::Generic(g) = &p.commands[3].kind else {
        panic!()
    };
    assert!(matches!(g.args[1], Arg::Subsearch(_)));
    assert!(matches!(p.commands[4].kind, CommandKind::Macro(_)));
}

#[test]
fn comments_are_trivia() {
    let p = ok("a=1 ```first filter``` | stats count ```by host``` by host");
    assert_eq!(names(&p), ["search", "stats"]);
}

#[test]
fn errors_in_commands_recover() {
    let p = parse("| rename a | stats count by | eval x=1");
    assert_eq!(p.errors.len(), 2, "{:?}", p.errors);
    assert_eq!(p.errors[0].message, "expected `as` in `rename`, found `|`");
    assert_eq!(p.errors[0].span, Span::new(11, 12));
    assert!(p.errors[1]
        .message
        .starts_with("expected a field name after `by`"));
    assert!(matches!(p.ast.commands[2].kind, CommandKind::Eval(_)));
}

#[test]
fn skipped_tokens_are_recorded() {
    let p = parse("| rex field=x \"a\" junk more | head 1");
    assert_eq!(p.errors.len(), 2, "{:?}", p.errors);
    assert_eq!(p.ast.commands[0].skipped, [Span::new(18, 27)]);
    let CommandKind::Rex(r) = &p.ast.commands[0].kind else {
        panic!()
    };
    assert_eq!(r.regex.as_ref().unwrap().value, "a");
    assert!(matches!(p.ast.commands[1].kind, CommandKind::Head(_)));
}

#[test]
fn error_unclosed_subsearch() {
    let p = parse("a | join host [search b | fields host");
    assert_eq!(p.errors.len(), 1, "{:?}", p.errors);
    assert_eq!(
        p.errors[0].message,
        "expected `]` to close `[` at 14, found end of input"
    );
}

#[test]
fn error_empty_command() {
    let p = parse("a | | stats count");
    assert_eq!(p.errors.len(), 1);
    assert_eq!(p.errors[0].span, Span::new(2, 3));
    assert_eq!(p.ast.commands.len(), 2);
}

#[test]
fn error_stats_and_sort_need_arguments() {
    let p = parse("x | stats | sort");
    assert_eq!(p.errors.len(), 2, "{:?}", p.errors);
    assert_eq!(
        p.errors[0].message,
        "expected an aggregation such as `count`, found `|`"
    );
    assert_eq!(p.errors[0].span, Span::new(10, 11));
    assert_eq!(
        p.errors[1].message,
        "expected a sort field, found end of input"
    );
}

#[test]
fn error_unterminated_tokens() {
    let p = parse("a=\"abc");
    assert_eq!(p.errors.len(), 1, "{:?}", p.errors);
    assert!(p.errors[0].message.starts_with("unterminated string"));
    assert_eq!(p.errors[0].span, Span::new(2, 6));
    let p = parse("x `mac");
    assert!(p.errors[0].message.starts_with("unterminated macro call"));
    let p = parse("x ```note");
    assert!(p.errors[0].message.starts_with("unterminated comment"));
    // Escaped quote at the end is not a terminator; an escaped backslash is.
    assert_eq!(parse("a=\"x\\\"").errors.len(), 1);
    assert!(parse("a=\"x\\\\\"").errors.is_empty());
}

#[test]
fn regex_command() {
    let p = ok(r#"x | regex process!="(?i)\\x{202E}" | regex "^a""#);
    let CommandKind::Regex(r) = &p.commands[1].kind else {
        panic!()
    };
    assert!(r.negated);
    assert_eq!(r.field.as_ref().unwrap().name, "process");
    assert_eq!(r.regex.as_ref().unwrap().value, r"(?i)\x{202E}");
    let CommandKind::Regex(r) = &p.commands[2].kind else {
        panic!()
    };
    assert!(r.field.is_none());
}
