//! Debug helper: `cargo run -p detlint-spl --example spl_check -- FILE.yml [MACRO_DIR]`
//! prints the expanded search and each parse error with context.

#[path = "../tests/common/mod.rs"]
mod common;

fn main() {
    let args: Vec<String> = std::env::args().collect();
    let Some(file) = args.get(1) else {
        eprintln!("usage: spl_check FILE.yml [MACRO_DIR]");
        return;
    };
    let macros = match args.get(2) {
        Some(d) => common::load_macros(std::path::Path::new(d)),
        None => detlint_spl::MacroTable::new(),
    };
    let search = match common::detection_search(std::path::Path::new(file)) {
        Ok(Some(s)) => s,
        _ => std::fs::read_to_string(file).unwrap_or_default(),
    };
    let exp = detlint_spl::expand(&search, &macros);
    let p = detlint_spl::parse(&exp.text);
    for e in &p.errors {
        let lo = e.span.start.saturating_sub(80);
        let hi = (e.span.end + 40).min(exp.text.len());
        let ctx = exp.text.get(lo..hi).unwrap_or("");
        println!("{} @{:?}\n   ...{}...", e.message, e.span, ctx);
    }
}
