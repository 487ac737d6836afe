//! `detlint catalog site`: a static HTML site — one page per technique plus a searchable index —
//! with no external assets, readable from `file://`.

use super::guide::{guide, GuideFilter};
use super::render::{html, html_escape, STYLE};
use super::Catalog;
use std::path::Path;

/// Write the site into `dir`; `name_of` gives a technique's name. Returns the number of pages.
pub fn write_site(
    cat: &Catalog,
    dir: &Path,
    name_of: &dyn Fn(&str) -> Option<String>,
) -> std::io::Result<usize> {
    std::fs::create_dir_all(dir)?;
    let techniques: Vec<&str> = cat.techniques().collect();
    let mut index = format!(
        "<!doctype html><html lang=\"en\"><head><meta charset=\"utf-8\"><title>detlint catalog</title><style>{STYLE}</style></head><body>\
<h1>detlint catalog</h1><p class=\"muted\">{} rules from {} · {} techniques. Type to filter by id, name or vendor.</p>\
<input id=\"q\" placeholder=\"T1059, powershell, sentinel…\" autofocus><table id=\"list\"><tr><th>technique</th><th>name</th><th>rules</th><th>vendors</th></tr>",
        cat.rule_count(),
        html_escape(&cat.corpus().iter().map(|c| format!("{} ({}@{})", c.vendor, c.repository, &c.commit.get(..12).unwrap_or(&c.commit))).collect::<Vec<_>>().join(", ")),
        techniques.len()
    );
    for t in &techniques {
        let name = name_of(t);
        let g = guide(cat, t, &GuideFilter::default(), name.clone());
        std::fs::write(dir.join(format!("{t}.html")), html(&g))?;
        let vendors: Vec<String> = g
            .rules
            .iter()
            .map(|(v, r)| format!("{v} {}", r.len()))
            .collect();
        index.push_str(&format!(
            "<tr data-search=\"{}\"><td><a href=\"{t}.html\">{t}</a></td><td>{}</td><td class=\"n\">{}</td><td>{}</td></tr>",
            html_escape(&format!("{t} {} {}", name.as_deref().unwrap_or(""), vendors.join(" ")).to_lowercase()),
            html_escape(name.as_deref().unwrap_or("")),
            g.rule_count,
            html_escape(&vendors.join(", "))
        ));
    }
    index.push_str(
        "</table><script>const q=document.getElementById('q');q.addEventListener('input',()=>{const v=q.value.toLowerCase().trim();\
for(const tr of document.querySelectorAll('#list tr[data-search]')){tr.style.display=!v||tr.dataset.search.includes(v)?'':'none';}});</script></body></html>\n",
    );
    std::fs::write(dir.join("index.html"), index)?;
    Ok(techniques.len() + 1)
}
