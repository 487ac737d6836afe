//! Snapshot tests of the lowering of Panther Python rule bodies (fixtures written for detlint in
//! the style of public Panther rules) into the rule model.

use detlint::formats::panther::python;
use detlint::model::{Expr, Span};
use std::fmt::Write;
use std::path::Path;

fn snippet(src: &str, s: Span) -> String {
    let t = src.get(s.start..s.end).unwrap_or("<bad span>");
    let one: String = t.split_whitespace().collect::<Vec<_>>().join(" ");
    if one.chars().count() > 60 {
        format!("{}…", one.chars().take(60).collect::<String>())
    } else {
        one
    }
}

fn render(src: &str, e: &Expr, depth: usize, out: &mut String) {
    let pad = "  ".repeat(depth);
    match e {
        Expr::And(v) if v.is_empty() => writeln!(out, "{pad}true").unwrap(),
        Expr::Or(v) if v.is_empty() => writeln!(out, "{pad}false").unwrap(),
        Expr::And(v) | Expr::Or(v) => {
            let name = if matches!(e, Expr::And(_)) {
                "and"
            } else {
                "or"
            };
            writeln!(out, "{pad}{name}").unwrap();
            for c in v {
                render(src, c, depth + 1, out);
            }
        }
        Expr::Not(c) => {
            writeln!(out, "{pad}not").unwrap();
            render(src, c, depth + 1, out);
        }
        Expr::Pred(p) => {
            let field = p
                .field
                .as_ref()
                .map(|f| f.value.as_str())
                .unwrap_or("<keyword>");
            let vals: Vec<String> = p
                .values
                .iter()
                .map(|v| format!("{:?}:{:?}", v.kind, v.text))
                .collect();
            writeln!(
                out,
                "{pad}{} {field} [{}]{}{} (raw `{}`) @ `{}`",
                p.op.name(),
                vals.join(", "),
                if p.case_sensitive { "" } else { " nocase" },
                if p.match_all { " all" } else { "" },
                p.raw_op,
                snippet(src, p.span)
            )
            .unwrap();
            // Spans point into the file: the field's span holds the field's last name part.
            if let Some(f) = &p.field {
                let last = f.value.rsplit(['.', '[']).next().unwrap_or("");
                let last = last.trim_end_matches(']');
                assert!(
                    src.get(f.span.start..f.span.end)
                        .is_some_and(|t| t.contains(last)),
                    "field span of {} does not hold `{last}`",
                    f.value
                );
            }
            for v in &p.values {
                assert!(v.span.end <= src.len());
            }
        }
        Expr::Opaque(o) => writeln!(
            out,
            "{pad}opaque: {} @ `{}`",
            o.reason,
            snippet(src, o.span)
        )
        .unwrap(),
    }
}

fn lowered(name: &str) -> String {
    let path = Path::new(env!("CARGO_MANIFEST_DIR"))
        .join("tests/fixtures/panther/python")
        .join(name);
    let src = std::fs::read_to_string(&path).unwrap();
    let l = python::lower_source(&src);
    assert!(l.syntax_errors.is_empty(), "{name} has syntax errors");
    let mut out = String::new();
    render(&src, &l.detection, 0, &mut out);
    if !l.udm_fields.is_empty() {
        writeln!(out, "udm: {}", l.udm_fields.join(", ")).unwrap();
    }
    out
}

macro_rules! snap {
    ($test:ident, $file:literal) => {
        #[test]
        fn $test() {
            insta::assert_snapshot!(stringify!($test), lowered($file));
        }
    };
}

snap!(get_compare, "get_compare.py");
snap!(deep_get, "deep_get.py");
snap!(subscript, "subscript.py");
snap!(membership, "membership.py");
snap!(string_methods, "string_methods.py");
snap!(regex, "regex.py");
snap!(ip_address, "ip_address.py");
snap!(early_returns, "early_returns.py");
snap!(helpers, "helpers.py");
snap!(any_generator, "any_generator.py");
snap!(opaque_parts, "opaque_parts.py");
snap!(conditional, "conditional.py");

#[test]
fn no_rule_function_is_opaque() {
    let l = python::lower_source("def title(event):\n    return 'x'\n");
    assert!(matches!(l.detection, Expr::Opaque(_)));
}

#[test]
fn py_file_is_read_as_panther_rule() {
    let path = Path::new("tests/fixtures/panther/python/helpers.py");
    let text = std::fs::read_to_string(Path::new(env!("CARGO_MANIFEST_DIR")).join(path)).unwrap();
    let f = detlint::formats::parse_file(path, text, &Default::default());
    assert_eq!(f.format(), Some(detlint::model::Format::Panther));
    assert_eq!(f.docs.len(), 1);
    assert!(!f.docs[0].rule.predicates().is_empty());
}
