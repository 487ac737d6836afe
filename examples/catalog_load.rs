//! Measures loading the embedded catalog (JSON parse + indexes): median of 7 loads.

fn main() {
    let text = include_str!("../rules/catalog.json");
    let mut times = Vec::new();
    let mut rules = 0;
    for _ in 0..7 {
        let t = std::time::Instant::now();
        let c = detlint::catalog::Catalog::from_json(text).unwrap_or_default();
        times.push(t.elapsed().as_secs_f64() * 1000.0);
        rules = c.file.rules.len();
    }
    times.sort_by(|a, b| a.total_cmp(b));
    if std::env::var("DETAIL").is_ok() {
        let t = std::time::Instant::now();
        let f: detlint::catalog::CatalogFile = serde_json::from_str(text).unwrap_or_default();
        let parse = t.elapsed().as_secs_f64() * 1000.0;
        let t = std::time::Instant::now();
        let _c = detlint::catalog::Catalog::from_file(f);
        println!(
            "parse {parse:.1} ms, index {:.1} ms",
            t.elapsed().as_secs_f64() * 1000.0
        );
    }
    println!(
        "{:.1} ms median ({:.1}–{:.1} ms) for {rules} rules, {:.1} MB of JSON",
        times[3],
        times[0],
        times[6],
        text.len() as f64 / 1e6
    );
}
