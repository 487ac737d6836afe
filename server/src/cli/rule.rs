//! `detlint rule CODE` and `detlint rule --all`.

use super::RuleArgs;
use crate::checks::{find, registry};
use std::process::ExitCode;

/// Run `detlint rule`.
pub fn run(args: &RuleArgs) -> ExitCode {
    if args.all || args.code.is_none() {
        if args.json {
            let list: Vec<serde_json::Value> = registry()
                .iter()
                .map(|c| {
                    serde_json::json!({
                        "code": c.meta.code, "name": c.meta.name, "severity": c.meta.severity.name(),
                        "formats": c.meta.formats.iter().map(|f| f.name()).collect::<Vec<_>>(),
                        "aliases": c.meta.aliases, "summary": c.meta.summary, "fixable": c.meta.fixable,
                    })
                })
                .collect();
            crate::outln!(
                "{}",
                serde_json::to_string_pretty(&list).unwrap_or_default()
            );
        } else {
            for c in registry() {
                let m = &c.meta;
                let formats = if m.formats.is_empty() {
                    "all".to_string()
                } else {
                    m.formats
                        .iter()
                        .map(|f| f.name())
                        .collect::<Vec<_>>()
                        .join(",")
                };
                crate::outln!(
                    "{}  {:<40} {:<8} {:<9} {}{}",
                    m.code,
                    m.name,
                    m.severity.name(),
                    formats,
                    m.summary,
                    if m.fixable { " [fix]" } else { "" }
                );
            }
        }
        return ExitCode::SUCCESS;
    }
    let code = args.code.as_deref().unwrap_or_default();
    match find(code) {
        Some(c) => {
            crate::outln!("{}", c.meta.doc());
            crate::outln!();
            crate::outln!("Default severity: {}", c.meta.severity.name());
            if !c.meta.aliases.is_empty() {
                crate::outln!("Also known as: {}", c.meta.aliases.join(", "));
            }
            ExitCode::SUCCESS
        }
        None => {
            eprintln!("detlint: no check is called `{code}` (see `detlint rule --all`)");
            ExitCode::from(2)
        }
    }
}
