//! Rough throughput check: `cargo run --release -p detlint-eql --example bench`.
fn main() {
    let one = r#"sequence by host.id, process.entity_id with maxspan=1m
  [process where host.os.type == "windows" and event.type == "start" and
   process.name : ("cmd.exe", "powershell.exe", "pwsh.exe") and
   not process.args : ("/c", "-enc*") and ?process.parent.name != null and
   startsWith~(process.executable, "C:\\Users\\") and length(process.command_line) > 200]
  [network where destination.port in (443, 80, 8080) and not cidrMatch(destination.ip, "10.0.0.0/8", "192.168.0.0/16")]
| head 10"#;
    let n = 10_000;
    let start = std::time::Instant::now();
    let mut errors = 0;
    for _ in 0..n {
        errors += detlint_eql::parse(one).errors.len();
    }
    let el = start.elapsed();
    println!(
        "{n} parses of a {}-byte query in {el:?} ({:.1} MB/s), errors={errors}",
        one.len(),
        (one.len() * n) as f64 / el.as_secs_f64() / 1e6
    );
    let big = format!(
        "process where a == 1{}",
        r#" and process.name : ("x", "y*")"#.repeat(30_000)
    );
    let start = std::time::Instant::now();
    let p = detlint_eql::parse(&big);
    println!(
        "1 parse of {} bytes in {:?}, errors={}",
        big.len(),
        start.elapsed(),
        p.errors.len()
    );
}
