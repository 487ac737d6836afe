//! docs/user-guide.md: its `.detlint.toml` example is accepted by the configuration loader with
//! every key it shows, and its suppression example silences the finding it claims to.

use detlint::config::Config;
use std::path::Path;

fn guide() -> String {
    std::fs::read_to_string(concat!(env!("CARGO_MANIFEST_DIR"), "/docs/user-guide.md")).unwrap()
}

/// The body of the first ```lang block.
fn block(md: &str, lang: &str) -> String {
    let open = format!("```{lang}\n");
    let start = md.find(&open).unwrap_or_else(|| panic!("no {lang} block")) + open.len();
    let end = start + md[start..].find("```").unwrap();
    md[start..end].to_string()
}

#[test]
fn the_configuration_example_loads_with_every_key() {
    let toml_text = block(&guide(), "toml");
    let config = Config::from_toml(&toml_text, Path::new("user-guide/.detlint.toml"))
        .unwrap_or_else(|e| panic!("{e}"));
    let f = &config.file;
    assert_eq!(f.select.as_deref().map(<[String]>::len), Some(2));
    assert_eq!(f.ignore.len(), 2);
    assert_eq!(f.fail_level.as_deref(), Some("warning"));
    assert!(f.catalog.is_some());
    assert_eq!(f.severity.len(), 2);
    assert_eq!(f.per_path_ignores.len(), 2);
    // The defaults the guide shows are the loader's defaults.
    let defaults = Config::from_toml("", Path::new("empty.toml")).unwrap();
    assert_eq!(f.limits, defaults.file.limits);
    assert_eq!(f.thresholds, defaults.file.thresholds);
    // Every top-level key of the file is shown in the guide.
    for key in [
        "select",
        "ignore",
        "fail-level",
        "catalog",
        "[severity]",
        "[per-path-ignores]",
        "[limits]",
        "[thresholds]",
    ] {
        assert!(toml_text.contains(key), "the guide does not show `{key}`");
    }
}

#[test]
fn the_suppression_example_silences_its_finding() {
    let md = guide();
    let yaml = block(&md, "yaml");
    let comment = yaml
        .lines()
        .find(|l| l.contains("detlint: ignore["))
        .unwrap();
    let rule = std::fs::read_to_string(concat!(
        env!("CARGO_MANIFEST_DIR"),
        "/docs/examples/sigma_suspicious_encoded_powershell.yml"
    ))
    .unwrap();
    let target = "        ParentImage: '*\\CCM\\CcmExec.exe'\n";
    assert!(rule.contains(target));
    let code = comment
        .split("ignore[")
        .nth(1)
        .unwrap()
        .split(']')
        .next()
        .unwrap();
    let lint = |text: String| {
        let (_, diags) = detlint::lint::lint_text(Path::new("x.yml"), text, &Config::default());
        diags.iter().filter(|d| d.code == code).count()
    };
    assert_eq!(lint(rule.clone()), 1, "{code} fires without the comment");
    let suppressed = rule.replace(target, &format!("{comment}\n{target}"));
    assert_eq!(
        lint(suppressed),
        0,
        "{code} is silenced by the guide's comment"
    );
}
