//! The embedded Panther data model table (`rules/panther_data_models.tsv`) is generated from
//! `../shared/reference/panther/data_models`; this test regenerates it and fails when the
//! committed file is stale. `DETLINT_REGENERATE=1` rewrites the file instead.

use detlint::formats::panther::data_models;
use std::path::Path;

#[test]
fn data_model_table_is_up_to_date() {
    let dir = Path::new(concat!(
        env!("CARGO_MANIFEST_DIR"),
        "/../shared/reference/panther/data_models"
    ));
    if !dir.is_dir() {
        println!("skipping: ../shared/reference/panther/data_models not present");
        return;
    }
    let generated = data_models::generate(dir).expect("read data models");
    let target = Path::new(concat!(
        env!("CARGO_MANIFEST_DIR"),
        "/rules/panther_data_models.tsv"
    ));
    if std::env::var_os("DETLINT_REGENERATE").is_some() {
        std::fs::write(target, &generated).expect("write table");
        return;
    }
    let committed = std::fs::read_to_string(target).expect("read committed table");
    assert_eq!(
        committed, generated,
        "rules/panther_data_models.tsv is stale: run `DETLINT_REGENERATE=1 cargo test --test panther_data_models`"
    );
    assert_eq!(
        committed,
        data_models::DATA,
        "the embedded table differs from the file"
    );
    let rows = committed.lines().filter(|l| !l.starts_with('#')).count();
    println!("{rows} data model mappings");
    assert!(rows > 50);
}
