//! Tabular operator tests: one or more cases per operator listed in the crate README.

mod common;
use common::sq;

#[test]
fn where_extend_project() {
    assert_eq!(
        sq("T | where a == 1 | extend b = a * 2, tostring(c) | project a, x = b, *"),
        "{T | (where (== a 1)) | (extend (= b (* a 2)) tostring(c)) | (project a (= x b) *)}"
    );
    assert_eq!(sq("T | filter a"), "{T | (where a)}");
    assert_eq!(
        sq("T | extend (a, b) = f(x)"),
        "{T | (extend (= a,b f(x)))}"
    );
    assert_eq!(
        sq("T | extend ['my col'] = 1"),
        "{T | (extend (= my col 1))}"
    );
}

#[test]
fn project_family() {
    assert_eq!(
        sq("T | project-away a, b*, *Id | project-rename x = y | project-keep a | project-reorder b"),
        "{T | (project-away a b* *Id) | (project-rename (= x y)) | (project-keep a) | (project-reorder b)}"
    );
}

#[test]
fn summarize() {
    assert_eq!(
        sq("T | summarize count(), n = dcount(u), arg_max(t, *) by bin(t, 1h), c"),
        "{T | (summarize count() (= n dcount(u)) arg_max(t *) by bin(t 1h) c)}"
    );
    assert_eq!(sq("T | summarize by a"), "{T | (summarize  by a)}");
    assert_eq!(
        sq("T | summarize hint.strategy=shuffle make_set(a, 100)"),
        "{T | (summarize hint.strategy=shuffle make_set(a 100) by )}"
    );
}

#[test]
fn join_and_lookup() {
    assert_eq!(
        sq("T | join kind=inner (U | where b) on a"),
        "{T | (join kind=inner {U | (where b)} on a)}"
    );
    assert_eq!(
        sq("T | join kind=leftouter hint.remote=left U on $left.a == $right.b, c"),
        "{T | (join kind=leftouter hint.remote=left U on (== $left.a $right.b) c)}"
    );
    assert_eq!(
        sq("T | lookup kind=leftouter (U) on a"),
        "{T | (lookup kind=leftouter U on a)}"
    );
}

#[test]
fn union_operator_and_source() {
    assert_eq!(
        sq("union isfuzzy=true T1, (T2 | where a), Device* | take 1"),
        "{(union isfuzzy=true T1 {T2 | (where a)} Device*) | (take 1)}"
    );
    assert_eq!(
        sq("T | union withsource=Src U, V"),
        "{T | (union withsource=Src U V)}"
    );
    assert_eq!(sq("union Sec*ity"), "(union Sec*ity)");
}

#[test]
fn parse_and_parse_where() {
    assert_eq!(
        sq("T | parse msg with * 'user=' user:string ' ip=' ip"),
        "{T | (parse msg with * \"user=\" user:string \" ip=\" ip)}"
    );
    assert_eq!(
        sq("T | parse-where kind=regex flags=Ui s with 'a(\\\\d+)' n:long"),
        "{T | (parse-where kind=regex flags=Ui s with \"a(\\\\d+)\" n:long)}"
    );
}

#[test]
fn mv_expand_and_mv_apply() {
    assert_eq!(
        sq("T | mv-expand bagexpansion=array x, y = z to typeof(string) limit 10"),
        "{T | (mv-expand bagexpansion=array x (= y z) to typeof(string))}"
    );
    assert_eq!(sq("T | mvexpand x"), "{T | (mvexpand x)}");
    assert_eq!(
        sq("T | mv-apply e = arr to typeof(dynamic) on (where e.k == 1 | take 1)"),
        "{T | (mv-apply (= e arr) to typeof(dynamic) on {_ | (where (== e.k 1)) | (take 1)})}"
    );
}

#[test]
fn top_sort_take_distinct_count() {
    assert_eq!(
        sq("T | top 10 by a desc, b asc nulls last | sort by c | order by d desc | take 5 | limit 3 | distinct a, b | count"),
        "{T | (top 10 by a:desc b:asc) | (sort c) | (order d:desc) | (take 5) | (limit 3) | (distinct a b) | (count)}"
    );
}

#[test]
fn evaluate_invoke_render_as_getschema() {
    assert_eq!(
        sq("T | evaluate bag_unpack(d, columnsConflict='keep_source') | invoke f(1) | as X | getschema | render timechart with (title='t')"),
        "{T | (evaluate bag_unpack(d columnsConflict=\"keep_source\")) | (invoke f(1)) | (as X) | (getschema) | (render timechart with)}"
    );
    assert_eq!(sq("T | as hint.materialized=true X"), "{T | (as X)}");
}

#[test]
fn make_series() {
    assert_eq!(
        sq("T | make-series n = count() default = 0 on t from ago(7d) to now() step 1h by c"),
        "{T | (make-series (= n count()) on t from ago(7d) to now() step 1h by c)}"
    );
    assert_eq!(
        sq("T | make-series count() on t in range(ago(1d), now(), 1h)"),
        "{T | (make-series count() on t in range(ago(1d) now() 1h) by )}"
    );
}

#[test]
fn search_find_print_range() {
    assert_eq!(sq("search \"x\""), "(search [] \"x\")");
    assert_eq!(
        sq("search in (T1, T2) a has 'x' | take 1"),
        "{(search [T1 T2] (has a \"x\")) | (take 1)}"
    );
    assert_eq!(
        sq("T | search * has 'x'"),
        "{T | (search [] (has * \"x\"))}"
    );
    assert_eq!(
        sq("find in (T1, T2) where a == 1 project a, b"),
        "(find [T1 T2] (== a 1) [a b])"
    );
    assert_eq!(sq("print x = 1, 'y'"), "(print (= x 1) \"y\")");
    assert_eq!(sq("range i from 1 to 10 step 1"), "(range i 1 10 1)");
}

#[test]
fn generic_operator_keeps_tokens_and_span() {
    let src = "T | top-nested 3 of a by count() | where b";
    assert_eq!(sq(src), "{T | (top-nested ~7) | (where b)}");
    let q = common::ok(src);
    let detlint_kusto::Statement::Expr(detlint_kusto::Expr::Pipeline(p)) = &q.statements[0] else {
        panic!()
    };
    let detlint_kusto::OperatorKind::Generic { args_span, .. } = &p.ops[0].kind else {
        panic!()
    };
    assert_eq!(args_span.text(src), "3 of a by count()");
    assert_eq!(p.ops[0].span.text(src), "top-nested 3 of a by count()");
    assert_eq!(p.ops[0].name.span.text(src), "top-nested");
}

#[test]
fn sources() {
    assert_eq!(sq("(T | where a) | take 1"), "{{T | (where a)} | (take 1)}");
    assert_eq!(sq("Device* | take 1"), "{Device* | (take 1)}");
    assert_eq!(
        sq("MyFunc(1, 'a') | take 1"),
        "{MyFunc(1 \"a\") | (take 1)}"
    );
    assert_eq!(
        sq("externaldata(a:string, b:int)[@'https://x/y.csv'] with (format='csv', ignoreFirstRecord=true)"),
        "(externaldata (a:string b:int) [\"https://x/y.csv\"])"
    );
    assert_eq!(
        sq("datatable(a:string, b:int)['x', 1, 'y', 2] | where b > 1"),
        "{(datatable (a:string b:int) [\"x\" 1 \"y\" 2]) | (where (> b 1))}"
    );
    assert_eq!(sq("evaluate f(1)"), "(evaluate f(1))");
}

#[test]
fn operator_spans() {
    let src = "T\n| where a == 1\n| take 5";
    let q = common::ok(src);
    let detlint_kusto::Statement::Expr(detlint_kusto::Expr::Pipeline(p)) = &q.statements[0] else {
        panic!()
    };
    assert_eq!(p.ops[0].span.text(src), "where a == 1");
    assert_eq!(p.ops[1].span.text(src), "take 5");
    assert_eq!(p.span.text(src), src);
    assert_eq!(p.source.as_ref().map(|s| s.span().text(src)), Some("T"));
}

#[test]
fn generic_operator_stops_only_at_top_level_pipe() {
    assert_eq!(
        sq("T | partition by k (top 1 by t | project a) | where b"),
        "{T | (partition ~11) | (where b)}"
    );
    assert_eq!(sq("T | fork (where a) (take 1)"), "{T | (fork ~8)}");
}
