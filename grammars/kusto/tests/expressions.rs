//! Scalar expression tests: precedence, every comparison / string / list operator,
//! literals, calls, dynamic access.

mod common;
use common::pred;

#[test]
fn precedence_and_or_not() {
    assert_eq!(
        pred("a == 1 or b == 2 and c == 3"),
        "(or (== a 1) (and (== b 2) (== c 3)))"
    );
    assert_eq!(
        pred("(a == 1 or b == 2) and not(c == 3)"),
        "(and (or (== a 1) (== b 2)) (not (== c 3)))"
    );
    assert_eq!(pred("a + 2 * 3 > b - 1"), "(> (+ a (* 2 3)) (- b 1))");
    assert_eq!(pred("-a < -1"), "(< (neg a) (neg 1))");
    assert_eq!(pred("a % 2 == 0"), "(== (% a 2) 0)");
    assert_eq!(pred("a / 2 >= 1.5"), "(>= (/ a 2) 1.5)");
}

#[test]
fn comparison_operators() {
    for (src, want) in [
        ("a == 1", "(== a 1)"),
        ("a != 1", "(!= a 1)"),
        ("a <> 1", "(!= a 1)"),
        ("a < 1", "(< a 1)"),
        ("a <= 1", "(<= a 1)"),
        ("a > 1", "(> a 1)"),
        ("a >= 1", "(>= a 1)"),
        ("a =~ 'x'", "(=~ a \"x\")"),
        ("a !~ 'x'", "(!~ a \"x\")"),
    ] {
        assert_eq!(pred(src), want, "{src}");
    }
}

#[test]
fn every_string_operator() {
    for op in [
        "has",
        "!has",
        "has_cs",
        "!has_cs",
        "hasprefix",
        "!hasprefix",
        "hassuffix",
        "!hassuffix",
        "hasprefix_cs",
        "!hasprefix_cs",
        "hassuffix_cs",
        "!hassuffix_cs",
        "contains",
        "!contains",
        "contains_cs",
        "!contains_cs",
        "startswith",
        "!startswith",
        "startswith_cs",
        "!startswith_cs",
        "endswith",
        "!endswith",
        "endswith_cs",
        "!endswith_cs",
        "matches regex",
    ] {
        assert_eq!(
            pred(&format!("Col {op} \"v\"")),
            format!("({op} Col \"v\")"),
            "{op}"
        );
    }
}

#[test]
fn string_operator_flags() {
    let q = common::ok("T | where a !hasprefix_cs 'x'");
    let w = q.where_predicates();
    let detlint_kusto::Expr::Binary(b) = w[0] else {
        panic!("not binary")
    };
    let detlint_kusto::BinaryOp::Str(s) = b.op else {
        panic!("not str op")
    };
    assert_eq!(s.kind, detlint_kusto::StrOpKind::HasPrefix);
    assert!(s.negated && s.case_sensitive);
    assert_eq!(
        b.op_span.text("T | where a !hasprefix_cs 'x'"),
        "!hasprefix_cs"
    );
}

#[test]
fn list_operators() {
    assert_eq!(pred("a in (1, 2)"), "(in a [1 2])");
    assert_eq!(pred("a !in ('x')"), "(!in a [\"x\"])");
    assert_eq!(pred("a in~ ('x', 'y')"), "(in~ a [\"x\" \"y\"])");
    assert_eq!(pred("a !in~ ('x')"), "(!in~ a [\"x\"])");
    assert_eq!(pred("a has_any (L)"), "(has_any a [L])");
    assert_eq!(pred("a has_all ('x', 'y')"), "(has_all a [\"x\" \"y\"])");
    assert_eq!(pred("a in ((T | project b))"), "(in a [{T | (project b)}])");
    assert_eq!(pred("a in (T | project b)"), "(in a [{T | (project b)}])");
}

#[test]
fn between() {
    assert_eq!(pred("a between (1 .. 5)"), "(between a 1 5)");
    assert_eq!(pred("a !between (1..5)"), "(!between a 1 5)");
    assert_eq!(
        pred("t between (ago(1d) .. now())"),
        "(between t ago(1d) now())"
    );
}

#[test]
fn calls_and_named_args() {
    assert_eq!(
        pred("isnotempty(a) and isnull(b) and ipv4_is_private(ip) == false"),
        "(and isnotempty(a) isnull(b) (== ipv4_is_private(ip) false))"
    );
    assert_eq!(
        pred("ipv4_is_in_range(ip, '10.0.0.0/8') or ipv4_is_match(ip, '1.2.3.4')"),
        "(or ipv4_is_in_range(ip \"10.0.0.0/8\") ipv4_is_match(ip \"1.2.3.4\"))"
    );
    assert_eq!(
        pred("tolower(tostring(parse_json(d).x)) == 'a'"),
        "(== tolower(tostring(parse_json(d).x)) \"a\")"
    );
    assert_eq!(
        pred("extract(@'(\\d+)', 1, s) == '1'"),
        "(== extract(\"(\\\\d+)\" 1 s) \"1\")"
    );
    assert_eq!(
        pred("iff(a, 1, 2) == case(b, 1, c, 2, 3)"),
        "(== iff(a 1 2) case(b 1 c 2 3))"
    );
    assert_eq!(
        pred("strcat(a, '-', b) == 'x'"),
        "(== strcat(a \"-\" b) \"x\")"
    );
    assert_eq!(pred("f(x, y = 2)"), "f(x y=2)");
    assert_eq!(pred("TimeGenerated > ago(1d)"), "(> TimeGenerated ago(1d))");
    assert_eq!(pred("bin(T, 1h) > now()"), "(> bin(T 1h) now())");
}

#[test]
fn literals() {
    assert_eq!(pred("a == 'x\\'y'"), "(== a \"x'y\")");
    assert_eq!(pred("a == @'C:\\x'"), "(== a \"C:\\\\x\")");
    assert_eq!(pred("a == h'secret'"), "(== a \"secret\")");
    assert_eq!(pred("a == ```x\ny```"), "(== a \"x\\ny\")");
    assert_eq!(pred("a > 1.5h and b < 30s"), "(and (> a 1.5h) (< b 30s))");
    assert_eq!(
        pred("a > datetime(2024-01-01T00:00:00Z)"),
        "(> a datetime(2024-01-01T00:00:00Z))"
    );
    assert_eq!(
        pred("a == guid(74be27de-1e4e-49d9-b579-fe0b331d3642)"),
        "(== a guid(74be27de-1e4e-49d9-b579-fe0b331d3642))"
    );
    assert_eq!(
        pred("a == true or b == false"),
        "(or (== a true) (== b false))"
    );
    assert_eq!(
        pred("a in (dynamic(['x', 1, null]))"),
        "(in a [(dynamic [\"x\" 1 null])])"
    );
    assert_eq!(
        pred("a == dynamic({'k': [1, 2], \"j\": {}})"),
        "(== a (dynamic {\"k\":[1 2] \"j\":{}}))"
    );
    assert_eq!(pred("a == 0x1F"), "(== a 0x1F)");
}

#[test]
fn typeof_literal_in_expression() {
    assert_eq!(
        pred("gettype(a) == typeof(string)"),
        "(== gettype(a) typeof(string))"
    );
}

#[test]
fn dynamic_access() {
    assert_eq!(pred("a.b.c == 1"), "(== a.b.c 1)");
    assert_eq!(pred("a['b'] == 1"), "(== a[\"b\"] 1)");
    assert_eq!(pred("a[0].x == 1"), "(== a[0].x 1)");
    assert_eq!(pred("['Odd Name'] == 1"), "(== Odd Name 1)");
    assert_eq!(pred("a[-1] == 1"), "(== a[(neg 1)] 1)");
}

#[test]
fn field_path_helper() {
    let q = common::ok("T | where a.b['c'] == 1");
    let detlint_kusto::Expr::Binary(b) = q.where_predicates()[0] else {
        panic!()
    };
    assert_eq!(b.lhs.field_path().as_deref(), Some("a.b.c"));
}

#[test]
fn legacy_spellings() {
    assert_eq!(pred("a notcontains 'x'"), "(!contains a \"x\")");
    assert_eq!(pred("a containscs 'x'"), "(contains_cs a \"x\")");
}

#[test]
fn logical_chains_are_flat() {
    assert_eq!(
        pred("a or b or c and d and e or f"),
        "(or a b (and c d e) f)"
    );
    assert_eq!(pred("(a or b) or c"), "(or (or a b) c)");
    let src = format!("T | where {}", vec!["x == 1"; 5000].join(" or "));
    let q = common::ok(&src);
    let detlint_kusto::Expr::Logical(l) = q.where_predicates()[0] else {
        panic!()
    };
    assert_eq!(l.operands.len(), 5000);
    assert_eq!(l.op_spans.len(), 4999);
}
