//! `detlint fields [QUERY]`: search the canonical field taxonomy — each canonical field with its
//! names per vendor and context.

use crate::model::Format;
use crate::normalize::Normalizer;
use std::collections::BTreeMap;
use std::process::ExitCode;

/// Arguments of `detlint fields`.
#[derive(clap::Args, Debug)]
pub struct FieldsArgs {
    /// A substring of a canonical or vendor field name (case-insensitive).
    pub query: Option<String>,
    /// Output as JSON.
    #[arg(long)]
    pub json: bool,
}

/// canonical → [(vendor, vendor field, context description)]
pub fn aliases() -> BTreeMap<String, Vec<(Format, String, String)>> {
    let n = Normalizer::get();
    let mut out: BTreeMap<String, Vec<(Format, String, String)>> = BTreeMap::new();
    for f in Format::ALL {
        for m in n.maps_for_all(f) {
            let when = if m.when.is_empty() {
                "any".to_string()
            } else {
                m.when
                    .iter()
                    .map(|(k, v)| format!("{k}={}", v.join("|")))
                    .collect::<Vec<_>>()
                    .join(" ")
            };
            let mut entries: Vec<_> = m.fields.iter().collect();
            entries.sort();
            for (raw, canon) in entries {
                out.entry(canon.clone()).or_default().push((
                    f,
                    m.original_name(raw).to_string(),
                    when.clone(),
                ));
            }
        }
    }
    out
}

/// Run `detlint fields`.
pub fn run(args: &FieldsArgs) -> ExitCode {
    let q = args.query.as_deref().unwrap_or("").to_ascii_lowercase();
    let all = aliases();
    let hits: Vec<_> = all
        .iter()
        .filter(|(c, v)| {
            q.is_empty()
                || c.to_ascii_lowercase().contains(&q)
                || v.iter()
                    .any(|(_, raw, _)| raw.to_ascii_lowercase().contains(&q))
        })
        .collect();
    if args.json {
        let list: Vec<serde_json::Value> = hits
            .iter()
            .map(|(c, v)| {
                serde_json::json!({
                    "field": c,
                    "ecs": Normalizer::get().is_ecs(c),
                    "aliases": v.iter().map(|(f, raw, when)| serde_json::json!({"vendor": f.name(), "name": raw, "when": when})).collect::<Vec<_>>(),
                })
            })
            .collect();
        crate::outln!(
            "{}",
            serde_json::to_string_pretty(&list).unwrap_or_default()
        );
        return ExitCode::SUCCESS;
    }
    for (c, v) in &hits {
        crate::outln!(
            "{c}{}",
            if Normalizer::get().is_ecs(c) {
                "  (ECS)"
            } else {
                ""
            }
        );
        for (f, raw, when) in v.iter() {
            crate::outln!("    {:<9} {:<40} when {when}", f.name(), raw);
        }
    }
    if hits.is_empty() {
        crate::outln!("no field matches `{q}`");
    }
    ExitCode::SUCCESS
}
