//! Debug helper: `cargo run -p detlint-lucene --example lucene_dump -- QUERY` prints the AST and errors
//! (set `LEX=1` to print the tokens too).
fn main() {
    let q = std::env::args().nth(1).unwrap_or_default();
    let p = detlint_lucene::parse(&q);
    if std::env::var("LEX").is_ok() {
        for t in detlint_lucene::lex(&q) {
            println!("{:?} {:?}", t.kind, t.text(&q));
        }
    }
    println!("{}", detlint_lucene::sexpr(&p.ast));
    for e in &p.errors {
        println!("error: {} at {}..{}", e.message, e.span.start, e.span.end);
    }
}
