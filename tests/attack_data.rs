//! The committed ATT&CK data (`rules/attack/*`) matches what the generator makes from the STIX
//! bundle in `../shared/reference/attack`. Regenerate with
//! `DETLINT_REGEN_ATTACK=1 cargo test --test attack_data`.

use detlint::attack::generate::{generate, SourceInfo};
use std::path::Path;

const ROOT: &str = env!("CARGO_MANIFEST_DIR");

fn source_info(shared: &Path) -> SourceInfo {
    let text = std::fs::read_to_string(shared.join("corpus/sources.json")).unwrap();
    let v: serde_json::Value = serde_json::from_str(&text).unwrap();
    let entry = v
        .as_array()
        .unwrap()
        .iter()
        .find(|e| e["source"] == "attack")
        .expect("an `attack` entry in sources.json");
    SourceInfo {
        repo: entry["repo"].as_str().unwrap().to_string(),
        commit: entry["commit"].as_str().unwrap().to_string(),
        commit_date: entry["commit_date"].as_str().unwrap().to_string(),
    }
}

#[test]
fn committed_attack_data_is_fresh() {
    let shared = Path::new(ROOT).join("../shared");
    let bundle = shared.join("reference/attack/enterprise-attack/enterprise-attack.json");
    if !bundle.exists() {
        println!("skipping: ../shared/reference/attack not present");
        return;
    }
    let json = std::fs::read_to_string(&bundle).unwrap();
    let license = std::fs::read_to_string(shared.join("reference/attack/LICENSE.txt")).unwrap();
    let gen = generate(&json, &license, &source_info(&shared)).unwrap();
    let dir = Path::new(ROOT).join("rules/attack");
    let files = [
        ("techniques.tsv", &gen.techniques),
        ("tactics.tsv", &gen.tactics),
        ("LICENSE.txt", &gen.license),
    ];
    if std::env::var_os("DETLINT_REGEN_ATTACK").is_some() {
        for (name, text) in files {
            std::fs::write(dir.join(name), text).unwrap();
            println!("wrote rules/attack/{name}");
        }
        return;
    }
    for (name, text) in files {
        let committed = std::fs::read_to_string(dir.join(name)).unwrap_or_default();
        assert!(
            committed == *text,
            "rules/attack/{name} is stale: run `DETLINT_REGEN_ATTACK=1 cargo test --test attack_data`"
        );
    }
}
