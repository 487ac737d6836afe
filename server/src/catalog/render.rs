//! Renderers of a [`Guide`]: terminal text, Markdown, JSON and a self-contained HTML page.

use super::guide::{Guide, IndicatorRow};
use std::fmt::Write;

fn ops_text(ops: &[(crate::model::Op, usize)]) -> String {
    ops.iter()
        .map(|(o, n)| format!("{} {n}", o.name()))
        .collect::<Vec<_>>()
        .join(", ")
}

fn reach_text(r: &IndicatorRow) -> String {
    if r.reach as usize == r.here {
        "(only here)".to_string()
    } else {
        r.reach.to_string()
    }
}

fn title(g: &Guide) -> String {
    match &g.name {
        Some(n) => format!("{} {}", g.technique, n),
        None => g.technique.clone(),
    }
}

/// Plain text for the terminal.
pub fn text(g: &Guide) -> String {
    let mut o = String::new();
    let _ = writeln!(o, "{} — {} rules", title(g), g.rule_count);
    let _ = writeln!(o, "\nEvents covered");
    for (k, n) in &g.events {
        let _ = writeln!(o, "  {k:<28} {n}");
    }
    let _ = writeln!(o, "\nFields filtered most ({} distinct)", g.distinct_fields);
    for f in &g.fields {
        let _ = writeln!(
            o,
            "  {:<40} {:>4}  {:<34} {}",
            f.field,
            f.rules,
            ops_text(&f.ops),
            f.samples.join(" | ")
        );
    }
    let _ = writeln!(
        o,
        "\nTop indicator values ({} distinct)     here  corpus reach",
        g.distinct_indicators
    );
    for r in &g.indicators {
        let _ = writeln!(
            o,
            "  {:<60} {:>4}  {}",
            format!("{} {} {}", r.field, r.op.name(), r.value),
            r.here,
            reach_text(r)
        );
    }
    let _ = writeln!(o, "\nExclusions ({} distinct)", g.distinct_exclusions);
    for r in &g.exclusions {
        let _ = writeln!(
            o,
            "  {:<60} {:>4}",
            format!("{} {} {}", r.field, r.op.name(), r.value),
            r.here
        );
    }
    let _ = writeln!(o, "\nRules under this technique");
    for (vendor, rules) in &g.rules {
        let _ = writeln!(o, "  {vendor} ({})", rules.len());
        for r in rules {
            let _ = writeln!(
                o,
                "    {}  [{}] {}  {}",
                r.title,
                r.platforms.join(","),
                r.domain,
                r.path
            );
        }
    }
    o
}

fn md_escape(s: &str) -> String {
    s.replace('|', "\\|").replace('\n', " ")
}

/// Markdown.
pub fn markdown(g: &Guide) -> String {
    let mut o = String::new();
    let _ = writeln!(o, "# {}\n\n{} rules.\n", title(g), g.rule_count);
    let _ = writeln!(o, "## Events covered\n\n| event kind | rules |\n|---|---:|");
    for (k, n) in &g.events {
        let _ = writeln!(o, "| {k} | {n} |");
    }
    let _ = writeln!(o, "\n## Fields filtered most ({} distinct)\n\n| field | rules | operators | sample values |\n|---|---:|---|---|", g.distinct_fields);
    for f in &g.fields {
        let _ = writeln!(
            o,
            "| `{}` | {} | {} | {} |",
            f.field,
            f.rules,
            ops_text(&f.ops),
            md_escape(
                &f.samples
                    .iter()
                    .map(|s| format!("`{s}`"))
                    .collect::<Vec<_>>()
                    .join(", ")
            )
        );
    }
    let _ = writeln!(o, "\n## Top indicator values ({} distinct)\n\n| field | operator | value | here | corpus reach |\n|---|---|---|---:|---:|", g.distinct_indicators);
    for r in &g.indicators {
        let _ = writeln!(
            o,
            "| `{}` | {} | `{}` | {} | {} |",
            r.field,
            r.op.name(),
            md_escape(&r.value),
            r.here,
            reach_text(r)
        );
    }
    let _ = writeln!(
        o,
        "\n## Exclusions ({} distinct)\n\n| field | operator | value | rules |\n|---|---|---|---:|",
        g.distinct_exclusions
    );
    for r in &g.exclusions {
        let _ = writeln!(
            o,
            "| `{}` | {} | `{}` | {} |",
            r.field,
            r.op.name(),
            md_escape(&r.value),
            r.here
        );
    }
    let _ = writeln!(o, "\n## Rules under this technique\n");
    for (vendor, rules) in &g.rules {
        let _ = writeln!(
            o,
            "### {vendor} ({})\n\n| title | id | platform | domain | path |\n|---|---|---|---|---|",
            rules.len()
        );
        for r in rules {
            let _ = writeln!(
                o,
                "| {} | `{}` | {} | {} | `{}` |",
                md_escape(&r.title),
                r.id,
                r.platforms.join(", "),
                r.domain,
                r.path
            );
        }
        o.push('\n');
    }
    o
}

/// JSON.
pub fn json(g: &Guide) -> String {
    serde_json::to_string_pretty(g).unwrap_or_default()
}

/// Escape text for HTML.
pub fn html_escape(s: &str) -> String {
    s.replace('&', "&amp;")
        .replace('<', "&lt;")
        .replace('>', "&gt;")
        .replace('"', "&quot;")
}

/// The shared style of the HTML pages (inline: no external assets).
pub const STYLE: &str = "body{font-family:system-ui,sans-serif;margin:2rem auto;max-width:72rem;padding:0 1rem;color:#1b1f24}\
table{border-collapse:collapse;width:100%;margin:.5rem 0 1.5rem}th,td{border-bottom:1px solid #d0d7de;padding:.3rem .5rem;text-align:left;vertical-align:top;font-size:.9rem}\
th{background:#f6f8fa}td.n{text-align:right}code{font-family:ui-monospace,monospace;font-size:.85rem;word-break:break-all}\
.vendor{margin-top:1rem}input{font-size:1rem;padding:.4rem;width:100%;box-sizing:border-box}a{color:#0969da}.muted{color:#57606a}";

/// A self-contained HTML page.
pub fn html(g: &Guide) -> String {
    let mut o = String::new();
    let t = html_escape(&title(g));
    let _ = write!(o, "<!doctype html><html lang=\"en\"><head><meta charset=\"utf-8\"><title>{t} — detlint catalog</title><style>{STYLE}</style></head><body>");
    let _ = write!(o, "<p><a href=\"index.html\">← all techniques</a></p><h1>{t}</h1><p class=\"muted\" id=\"rule-count\">{} rules</p>", g.rule_count);
    let _ = write!(
        o,
        "<h2>Events covered</h2><table id=\"events\"><tr><th>event kind</th><th>rules</th></tr>"
    );
    for (k, n) in &g.events {
        let _ = write!(
            o,
            "<tr><td>{}</td><td class=\"n\">{n}</td></tr>",
            html_escape(k)
        );
    }
    let _ = write!(o, "</table><h2>Fields filtered most ({} distinct)</h2><table id=\"fields\"><tr><th>field</th><th>rules</th><th>operators</th><th>sample values</th></tr>", g.distinct_fields);
    for f in &g.fields {
        let _ = write!(
            o,
            "<tr><td><code>{}</code></td><td class=\"n\">{}</td><td>{}</td><td>{}</td></tr>",
            html_escape(&f.field),
            f.rules,
            html_escape(&ops_text(&f.ops)),
            f.samples
                .iter()
                .map(|s| format!("<code>{}</code>", html_escape(s)))
                .collect::<Vec<_>>()
                .join(", ")
        );
    }
    let _ = write!(o, "</table><h2>Top indicator values ({} distinct)</h2><table id=\"indicators\"><tr><th>field</th><th>operator</th><th>value</th><th>here</th><th>corpus reach</th></tr>", g.distinct_indicators);
    for r in &g.indicators {
        let _ = write!(o, "<tr><td><code>{}</code></td><td>{}</td><td><code>{}</code></td><td class=\"n\">{}</td><td class=\"n\">{}</td></tr>", html_escape(&r.field), r.op.name(), html_escape(&r.value), r.here, html_escape(&reach_text(r)));
    }
    let _ = write!(o, "</table><h2>Exclusions ({} distinct)</h2><table id=\"exclusions\"><tr><th>field</th><th>operator</th><th>value</th><th>rules</th></tr>", g.distinct_exclusions);
    for r in &g.exclusions {
        let _ = write!(o, "<tr><td><code>{}</code></td><td>{}</td><td><code>{}</code></td><td class=\"n\">{}</td></tr>", html_escape(&r.field), r.op.name(), html_escape(&r.value), r.here);
    }
    let _ = write!(o, "</table><h2>Rules under this technique</h2>");
    for (vendor, rules) in &g.rules {
        let _ = write!(o, "<h3 class=\"vendor\" data-vendor=\"{v}\">{v} ({})</h3><table class=\"rules\" data-vendor=\"{v}\"><tr><th>title</th><th>id</th><th>platform</th><th>domain</th><th>path</th></tr>", rules.len(), v = html_escape(vendor));
        for r in rules {
            let _ = write!(o, "<tr><td>{}</td><td><code>{}</code></td><td>{}</td><td>{}</td><td><code>{}</code></td></tr>", html_escape(&r.title), html_escape(&r.id), html_escape(&r.platforms.join(", ")), html_escape(&r.domain), html_escape(&r.path));
        }
        o.push_str("</table>");
    }
    o.push_str("</body></html>\n");
    o
}
