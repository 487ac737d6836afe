//! `detlint explain FILE`: the normalized rule — event kinds, techniques, and every predicate
//! with its raw and canonical field, operator, values and whether it sits under a negation.
//!
//! JSON shape (stable): an array with one object per rule: `path`, `format`, `id`, `title`,
//! `techniques`, `tactics`, `event_kinds`, `context` (pairs), and `predicates`, each with
//! `field_raw`, `field` (canonical or null), `op`, `values`, `negated`, `start`/`end`
//! (1-based `line`, `column`).

use crate::config::Config;
use crate::lint;
use crate::model::{Expr, Rule};
use crate::output::{FileReport, Position};
use serde::Serialize;
use std::path::PathBuf;
use std::process::ExitCode;

/// Arguments of `detlint explain`.
#[derive(clap::Args, Debug)]
pub struct ExplainArgs {
    /// The rule file.
    pub file: PathBuf,
    /// `text` or `json`.
    #[arg(long, default_value = "text")]
    pub output_format: String,
}

#[derive(Serialize)]
struct JsonPredicate {
    field_raw: Option<String>,
    field: Option<String>,
    op: &'static str,
    values: Vec<String>,
    negated: bool,
    start: Position,
    end: Position,
}

#[derive(Serialize)]
struct JsonRule {
    path: String,
    format: Option<&'static str>,
    id: Option<String>,
    title: Option<String>,
    techniques: Vec<String>,
    tactics: Vec<String>,
    event_kinds: Vec<String>,
    context: Vec<(String, String)>,
    predicates: Vec<JsonPredicate>,
}

fn expr_text(e: &Expr, depth: usize, out: &mut String) {
    let pad = "  ".repeat(depth);
    match e {
        Expr::And(v) | Expr::Or(v) => {
            out.push_str(&format!(
                "{pad}{}\n",
                if matches!(e, Expr::And(_)) {
                    "and"
                } else {
                    "or"
                }
            ));
            v.iter().for_each(|c| expr_text(c, depth + 1, out));
        }
        Expr::Not(c) => {
            out.push_str(&format!("{pad}not\n"));
            expr_text(c, depth + 1, out);
        }
        Expr::Pred(p) => {
            let raw = p
                .field
                .as_ref()
                .map(|f| f.value.as_str())
                .unwrap_or("<keywords>");
            let canon = p
                .canonical
                .as_deref()
                .map(|c| format!(" → {c}"))
                .unwrap_or_else(|| {
                    if p.field.is_some() {
                        " → (unmapped)".into()
                    } else {
                        String::new()
                    }
                });
            let vals: Vec<String> = p.values.iter().map(|v| format!("{:?}", v.text)).collect();
            out.push_str(&format!(
                "{pad}{raw}{canon} {}{} [{}]\n",
                p.op.name(),
                if p.match_all { " (all)" } else { "" },
                vals.join(", ")
            ));
        }
        Expr::Opaque(o) => out.push_str(&format!("{pad}opaque: {}\n", o.reason)),
    }
}

fn json_rule(path: &str, r: &Rule, report: &FileReport) -> JsonRule {
    JsonRule {
        path: path.to_string(),
        format: r.format.map(|f| f.name()),
        id: r.id.as_ref().map(|x| x.value.clone()),
        title: r.title.as_ref().map(|x| x.value.clone()),
        techniques: r.techniques.iter().map(|t| t.value.clone()).collect(),
        tactics: r.tactics.iter().map(|t| t.value.clone()).collect(),
        event_kinds: r.event_kinds.clone(),
        context: r.context.clone(),
        predicates: r
            .predicates()
            .into_iter()
            .map(|(p, neg)| JsonPredicate {
                field_raw: p.field.as_ref().map(|f| f.value.clone()),
                field: p.canonical.clone(),
                op: p.op.name(),
                values: p.values.iter().map(|v| v.text.clone()).collect(),
                negated: neg,
                start: report.position(p.span.start),
                end: report.position(p.span.end),
            })
            .collect(),
    }
}

/// Run `detlint explain`.
pub fn run(args: &ExplainArgs) -> ExitCode {
    let config = Config::discover(&args.file).unwrap_or_default();
    let file = lint::read_file(&args.file, &config);
    if let Some(p) = file.problems.first() {
        eprintln!("detlint: {}: {}", args.file.display(), p.message);
        return ExitCode::from(2);
    }
    if file.docs.is_empty() {
        eprintln!(
            "detlint: {}: not a detection rule of a known format",
            args.file.display()
        );
        return ExitCode::from(2);
    }
    let path = args.file.display().to_string();
    let report = FileReport {
        path: path.clone(),
        text: &file.text,
        lines: &file.lines,
        diags: Vec::new(),
    };
    if args.output_format == "json" {
        let rules: Vec<JsonRule> = file
            .docs
            .iter()
            .map(|d| json_rule(&path, &d.rule, &report))
            .collect();
        crate::outln!(
            "{}",
            serde_json::to_string_pretty(&rules).unwrap_or_default()
        );
        return ExitCode::SUCCESS;
    }
    for d in &file.docs {
        let r = &d.rule;
        let mut out = String::new();
        out.push_str(&format!(
            "{} rule: {}\n",
            r.format.map(|f| f.name()).unwrap_or("?"),
            r.title
                .as_ref()
                .map(|t| t.value.as_str())
                .unwrap_or("(untitled)")
        ));
        if let Some(id) = &r.id {
            out.push_str(&format!("  id: {}\n", id.value));
        }
        out.push_str(&format!(
            "  techniques: {}\n",
            r.techniques
                .iter()
                .map(|t| t.value.as_str())
                .collect::<Vec<_>>()
                .join(", ")
        ));
        out.push_str(&format!("  event kinds: {}\n", r.event_kinds.join(", ")));
        out.push_str(&format!(
            "  context: {}\n",
            r.context
                .iter()
                .map(|(k, v)| format!("{k}={v}"))
                .collect::<Vec<_>>()
                .join(", ")
        ));
        out.push_str("  detection:\n");
        match &r.detection {
            Some(e) => expr_text(e, 2, &mut out),
            None => out.push_str("    (none)\n"),
        }
        crate::cli::out(&out);
    }
    ExitCode::SUCCESS
}
