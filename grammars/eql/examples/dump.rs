//! `cargo run -p detlint-eql --example dump -- 'process where a == 1'`
fn main() {
    let src = std::env::args().nth(1).unwrap_or_default();
    let p = detlint_eql::parse(&src);
    if std::env::var_os("DEBUG").is_some() {
        println!("{:#?}", p.ast);
    }
    println!("{}", detlint_eql::to_sexpr(&p.ast));
    for e in &p.errors {
        println!("ERROR {e}");
    }
}
