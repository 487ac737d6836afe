//! How long the embedded ATT&CK data takes to load, and a lookup's cost.
//! `cargo run --release --example attack_load`

use detlint::attack;
use std::time::Instant;

fn main() {
    let t0 = Instant::now();
    let n = attack::techniques().len();
    let load = t0.elapsed();
    let tactics = attack::tactics().len();

    let ids = ["T1059.001", "t1086", "T1999", "T1562.001", "T1003"];
    let names = [
        "DefenseEvasion",
        "attack.execution",
        "TA0005",
        "Command and Control",
    ];
    let rounds = 100_000;
    let t1 = Instant::now();
    let mut hits = 0usize;
    for _ in 0..rounds {
        for id in ids {
            hits += usize::from(attack::technique(std::hint::black_box(id)).is_some());
        }
        for name in names {
            hits += usize::from(attack::tactic(std::hint::black_box(name)).is_some());
        }
    }
    let per = t1.elapsed() / (rounds * (ids.len() + names.len()) as u32);
    println!(
        "ATT&CK Enterprise v{}: {n} techniques, {tactics} tactics loaded in {load:?}; one lookup {per:?} ({hits} hits)",
        attack::version()
    );
}
