//! Snapshot tests of the lowering of Panther Python rule bodies (fixtures written for detlint in
//! the style of public Panther rules) into the rule model.

use detlint::formats::panther::python;
use detlint::model::Expr;
use std::fmt::Write;

mod panther_common;
use panther_common::render;
use std::path::Path;

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
snap!(reassigned, "reassigned.py");
snap!(pypanther_class, "pypanther_class.py");

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
