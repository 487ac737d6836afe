mod common;
use common::*;
use detlint_esql::*;

fn kind_of(q: &Query, i: usize) -> &CommandKind {
    &q.commands[i].kind
}

#[test]
fn from_with_patterns_and_metadata() {
    let src = "FROM logs-endpoint.events.process-*, logs-windows.*, \"quoted-idx\", remote:logs-* METADATA _id, _index, _version";
    let q = ok(src);
    let CommandKind::From(f) = kind_of(&q, 0) else {
        panic!("not FROM")
    };
    let texts: Vec<&str> = f.indices.iter().map(|i| i.text.as_str()).collect();
    assert_eq!(
        texts,
        [
            "logs-endpoint.events.process-*",
            "logs-windows.*",
            "quoted-idx",
            "remote:logs-*"
        ]
    );
    assert_eq!(
        f.indices[0].span.text(src),
        "logs-endpoint.events.process-*"
    );
    assert_eq!(f.indices[2].span.text(src), "\"quoted-idx\"");
    let md: Vec<String> = f.metadata.iter().map(|m| m.text()).collect();
    assert_eq!(md, ["_id", "_index", "_version"]);
    assert_eq!(q.indices().count(), 4);
    assert_eq!(q.commands[0].keyword.text(src), "FROM");
}

#[test]
fn from_lowercase_multiline() {
    let q = ok("from\n  logs-a-*,\n  logs-b-* metadata _id\n| limit 1");
    let CommandKind::From(f) = kind_of(&q, 0) else {
        panic!()
    };
    assert_eq!(f.indices.len(), 2);
    assert_eq!(f.metadata.len(), 1);
}

#[test]
fn ts_row_show() {
    let q = ok("TS metrics-*");
    assert!(matches!(kind_of(&q, 0), CommandKind::Ts(f) if f.indices[0].text == "metrics-*"));
    let q = ok("ROW a = 1, b = \"x\", c = [1, 2], d = null");
    let CommandKind::Row(fields) = kind_of(&q, 0) else {
        panic!()
    };
    assert_eq!(fields.len(), 4);
    assert_eq!(fields[2].expr.sexpr(), "[list 1 2]");
    let q = ok("SHOW INFO");
    assert!(matches!(kind_of(&q, 0), CommandKind::Show(Some(i)) if i.name == "INFO"));
}

#[test]
fn where_command() {
    let q = ok("FROM x | WHERE a == 1 | where b != 2");
    assert_eq!(q.where_conditions().len(), 2);
}

#[test]
fn eval_assignments() {
    let src = "FROM x | EVAL a = to_lower(b), Esql.c = length(d) + 1, e + 1, `f g` = 2";
    let q = ok(src);
    let CommandKind::Eval(fields) = kind_of(&q, 1) else {
        panic!()
    };
    let names: Vec<Option<String>> = fields
        .iter()
        .map(|f| f.name.as_ref().map(|n| n.text()))
        .collect();
    assert_eq!(
        names,
        [
            Some("a".into()),
            Some("Esql.c".into()),
            None,
            Some("f g".into())
        ]
    );
    assert_eq!(fields[1].expr.sexpr(), "(+ (call length d) 1)");
    assert_eq!(fields[0].span.text(src), "a = to_lower(b)");
    assert_eq!(q.computed_names(), ["a", "Esql.c", "f g"]);
}

#[test]
fn stats_forms() {
    let src = "FROM x | STATS c = count(*), COUNT_DISTINCT(host.name), v = values(user.name) BY host.id, bucket = date_trunc(1 hour, @timestamp)";
    let q = ok(src);
    let CommandKind::Stats(s) = kind_of(&q, 1) else {
        panic!()
    };
    assert_eq!(s.aggs.len(), 3);
    assert_eq!(s.aggs[0].field.expr.sexpr(), "(call count *)");
    assert!(s.aggs[1].field.name.is_none());
    assert_eq!(s.by.len(), 2);
    assert_eq!(
        s.by[1].name.as_ref().map(|n| n.text()),
        Some("bucket".into())
    );
    assert_eq!(
        s.by[1].expr.sexpr(),
        "(call date_trunc (span 1 hour) @timestamp)"
    );
    assert_eq!(q.computed_names(), ["c", "v", "bucket"]);
}

#[test]
fn stats_by_only_and_where_and_as() {
    let q = ok("FROM x | STATS BY host.name");
    let CommandKind::Stats(s) = kind_of(&q, 1) else {
        panic!()
    };
    assert!(s.aggs.is_empty());
    assert_eq!(s.by.len(), 1);

    let q = ok("FROM x | STATS failed = count(*) WHERE event.outcome == \"failure\", ok = count(*) WHERE event.outcome == \"success\" BY user.name");
    let CommandKind::Stats(s) = kind_of(&q, 1) else {
        panic!()
    };
    assert_eq!(
        s.aggs[0].filter.as_ref().map(|f| f.sexpr()),
        Some("(== event.outcome \"failure\")".into())
    );
    assert_eq!(s.by.len(), 1);

    let q = ok("FROM x | STATS count(*) AS n BY a");
    let CommandKind::Stats(s) = kind_of(&q, 1) else {
        panic!()
    };
    assert_eq!(s.aggs[0].output_name().map(|n| n.text()), Some("n".into()));

    let q = ok("FROM x | STATS");
    assert!(matches!(kind_of(&q, 1), CommandKind::Stats(s) if s.aggs.is_empty()));
}

#[test]
fn inlinestats() {
    let q = ok("FROM x | INLINESTATS c = count(*) BY a");
    assert!(matches!(kind_of(&q, 1), CommandKind::InlineStats(_)));
    let src = "FROM x | INLINE STATS c = count(*) BY a";
    let q = ok(src);
    assert!(matches!(kind_of(&q, 1), CommandKind::InlineStats(_)));
    assert_eq!(q.commands[1].keyword.text(src), "INLINE STATS");
}

#[test]
fn keep_drop_patterns() {
    let src = "FROM x | KEEP @timestamp, host.*, Esql.*, `a b`, *name | DROP _id, process.*.hash";
    let q = ok(src);
    let CommandKind::Keep(k) = kind_of(&q, 1) else {
        panic!()
    };
    let texts: Vec<&str> = k.iter().map(|p| p.text.as_str()).collect();
    assert_eq!(texts, ["@timestamp", "host.*", "Esql.*", "a b", "*name"]);
    assert!(k[1].is_wildcard());
    assert_eq!(k[3].span.text(src), "`a b`");
    let CommandKind::Drop(d) = kind_of(&q, 2) else {
        panic!()
    };
    assert_eq!(d[1].text, "process.*.hash");
}

#[test]
fn rename_forms() {
    let q = ok("FROM x | RENAME a AS b, c.d as e | RENAME f = g");
    let CommandKind::Rename(r) = kind_of(&q, 1) else {
        panic!()
    };
    assert_eq!((r[0].from.text.as_str(), r[0].to.text.as_str()), ("a", "b"));
    assert_eq!(
        (r[1].from.text.as_str(), r[1].to.text.as_str()),
        ("c.d", "e")
    );
    let CommandKind::Rename(r) = kind_of(&q, 2) else {
        panic!()
    };
    assert_eq!((r[0].from.text.as_str(), r[0].to.text.as_str()), ("g", "f"));
}

#[test]
fn sort_limit() {
    let q = ok("FROM x | SORT a DESC, b ASC NULLS FIRST, c NULLS LAST, d | LIMIT 100");
    let CommandKind::Sort(keys) = kind_of(&q, 1) else {
        panic!()
    };
    let shape: Vec<(Option<bool>, Option<bool>)> =
        keys.iter().map(|k| (k.ascending, k.nulls_first)).collect();
    assert_eq!(
        shape,
        [
            (Some(false), None),
            (Some(true), Some(true)),
            (None, Some(false)),
            (None, None)
        ]
    );
    assert!(matches!(kind_of(&q, 2), CommandKind::Limit(e) if e.sexpr() == "100"));
}

#[test]
fn dissect_and_grok() {
    let src = r#"FROM x | DISSECT message "%{a} %{?skip} %{+a}" APPEND_SEPARATOR = "," | GROK msg "%{IP:ip} %{WORD:w}", "%{NUMBER:n:int}""#;
    let q = ok(src);
    let CommandKind::Dissect {
        input,
        pattern,
        options,
    } = kind_of(&q, 1)
    else {
        panic!()
    };
    assert_eq!(input.sexpr(), "message");
    assert_eq!(
        pattern.as_ref().map(|p| p.value.as_str()),
        Some("%{a} %{?skip} %{+a}")
    );
    assert_eq!(options.len(), 1);
    let CommandKind::Grok { patterns, .. } = kind_of(&q, 2) else {
        panic!()
    };
    assert_eq!(patterns.len(), 2);
    assert_eq!(q.computed_names(), ["a", "a", "ip", "w", "n"]);

    let q = ok(r#"FROM x | dissect to_lower(a) """%{x}"%{y}""""#);
    let CommandKind::Dissect { pattern, .. } = kind_of(&q, 1) else {
        panic!()
    };
    assert_eq!(pattern.as_ref().map(|p| p.triple), Some(true));
}

#[test]
fn enrich_forms() {
    let q = ok("FROM x | ENRICH hosts-policy ON host.name WITH owner = host.owner, host.os | ENRICH _any:p");
    let CommandKind::Enrich(e) = kind_of(&q, 1) else {
        panic!()
    };
    assert_eq!(e.policy.text, "hosts-policy");
    assert_eq!(e.on.as_ref().map(|o| o.text.as_str()), Some("host.name"));
    assert_eq!(e.with.len(), 2);
    assert_eq!(e.with[0].to.text, "owner");
    assert_eq!(e.with[0].from.text, "host.owner");
    let CommandKind::Enrich(e) = kind_of(&q, 2) else {
        panic!()
    };
    assert_eq!(e.policy.text, "_any:p");
}

#[test]
fn mv_expand_and_lookup_join() {
    let src = "FROM x | MV_EXPAND event.action | LOOKUP JOIN threat-intel ON source.ip, host.name";
    let q = ok(src);
    assert!(matches!(kind_of(&q, 1), CommandKind::MvExpand(n) if n.text() == "event.action"));
    let CommandKind::LookupJoin(j) = kind_of(&q, 2) else {
        panic!()
    };
    assert_eq!(j.index.text, "threat-intel");
    assert_eq!(j.on.len(), 2);
    assert_eq!(q.commands[2].keyword.text(src), "LOOKUP JOIN");
}

#[test]
fn change_point_completion_sample() {
    let q = ok("FROM x | CHANGE_POINT count ON @timestamp AS t, p | SAMPLE 0.1 | SAMPLE 0.5 42");
    let CommandKind::ChangePoint {
        value,
        key,
        outputs,
    } = kind_of(&q, 1)
    else {
        panic!()
    };
    assert_eq!(value.text(), "count");
    assert_eq!(key.as_ref().map(|k| k.text()), Some("@timestamp".into()));
    assert_eq!(outputs.len(), 2);
    assert!(matches!(kind_of(&q, 2), CommandKind::Sample(a) if a.len() == 1));
    assert!(matches!(kind_of(&q, 3), CommandKind::Sample(a) if a.len() == 2));

    let q = ok(
        r#"FROM x | COMPLETION answer = CONCAT("Summarize: ", msg) WITH { "inference_id": "my-llm" }"#,
    );
    let CommandKind::Completion { target, with, .. } = kind_of(&q, 1) else {
        panic!()
    };
    assert_eq!(target.as_ref().map(|t| t.text()), Some("answer".into()));
    assert_eq!(
        with.as_ref().map(|w| w.sexpr()),
        Some("{map \"inference_id\":\"my-llm\"}".into())
    );
}

#[test]
fn fork_branches() {
    let q =
        ok("FROM x | FORK (WHERE a == 1 | LIMIT 5) (WHERE b like \"x*\" | SORT c) | KEEP _fork");
    let CommandKind::Fork(branches) = kind_of(&q, 1) else {
        panic!()
    };
    assert_eq!(branches.len(), 2);
    assert_eq!(branches[0].commands.len(), 2);
    assert_eq!(q.where_conditions().len(), 2);
    assert_eq!(q.commands.len(), 3);
}

#[test]
fn generic_unknown_command() {
    let src = "FROM x | RERANK \"query\" ON title WITH { \"inference_id\": \"r\" } | LIMIT 1";
    let q = ok(src);
    let CommandKind::Generic { name, args } = kind_of(&q, 1) else {
        panic!()
    };
    assert_eq!(name.name, "RERANK");
    assert_eq!(
        args.text(src),
        "\"query\" ON title WITH { \"inference_id\": \"r\" }"
    );
    assert!(matches!(kind_of(&q, 2), CommandKind::Limit(_)));
}

#[test]
fn comments_everywhere() {
    let src =
        "// leading\nFROM x /* inline */ | // trailing\n WHERE /* c */ a == 1 // end\n// last";
    let q = ok(src);
    assert_eq!(q.commands.len(), 2);
    assert_eq!(q.commands[1].span.text(src), "WHERE /* c */ a == 1");
}

#[test]
fn command_spans() {
    let src = "FROM a | WHERE b == 1 | EVAL c = 2";
    let q = ok(src);
    let texts: Vec<&str> = q.commands.iter().map(|c| c.span.text(src)).collect();
    assert_eq!(texts, ["FROM a", "WHERE b == 1", "EVAL c = 2"]);
    assert_eq!(q.span.text(src), src);
}
