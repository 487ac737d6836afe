//! Measures opening the embedded catalog: the packed form read in place (what `detlint` does)
//! against parsing `rules/catalog.json` and packing it (what a JSON `--catalog` file costs).

fn median_ms(mut f: impl FnMut() -> usize) -> (f64, f64, f64, usize) {
    let mut times = Vec::new();
    let mut n = 0;
    for _ in 0..7 {
        let t = std::time::Instant::now();
        n = f();
        times.push(t.elapsed().as_secs_f64() * 1000.0);
    }
    times.sort_by(|a, b| a.total_cmp(b));
    (times[3], times[0], times[6], n)
}

fn main() {
    let packed = include_bytes!("../rules/catalog.bin");
    let json = include_str!("../rules/catalog.json");
    let (m, lo, hi, rules) = median_ms(|| {
        detlint::catalog::Catalog::from_packed(packed.to_vec())
            .map(|c| c.rule_count())
            .unwrap_or(0)
    });
    let (jm, jlo, jhi, _) = median_ms(|| {
        detlint::catalog::Catalog::from_json(json)
            .map(|c| c.rule_count())
            .unwrap_or(0)
    });
    println!(
        "{m:.2} ms median ({lo:.2}–{hi:.2} ms) for {rules} rules, {:.1} MB packed (copied from memory; \
the binary reads it in place); JSON {:.1} MB parsed and packed: {jm:.1} ms ({jlo:.1}–{jhi:.1} ms)",
        packed.len() as f64 / 1e6,
        json.len() as f64 / 1e6
    );
}
