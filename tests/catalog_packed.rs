//! The packed catalog (`rules/catalog.bin`, read in place): it is exactly `rules/catalog.json`
//! packed, it reads back to the same catalog file, every precomputed index agrees with a naive
//! recomputation from the JSON, and damaged packed files never panic or hang.

mod mutation;

use detlint::catalog::{parent_technique, Catalog, CatalogFile, EXCLUSION_KEY};
use detlint::model::Format;
use mutation::Rng;
use std::collections::{BTreeMap, BTreeSet, HashMap};
use std::path::PathBuf;

fn root() -> PathBuf {
    PathBuf::from(env!("CARGO_MANIFEST_DIR"))
}

fn json_file() -> CatalogFile {
    let text = std::fs::read_to_string(root().join("rules/catalog.json")).expect("catalog.json");
    serde_json::from_str(&text).expect("parse catalog.json")
}

#[test]
fn embedded_catalog_is_catalog_json_packed() {
    let packed = std::fs::read(root().join("rules/catalog.bin")).expect("catalog.bin");
    let from_json = Catalog::from_file(&json_file());
    assert!(
        from_json.packed() == packed.as_slice(),
        "rules/catalog.bin is stale: run `detlint catalog pack rules/catalog.json -o rules/catalog.bin`"
    );
    assert_eq!(Catalog::embedded().packed(), packed.as_slice());
}

#[test]
fn packed_catalog_reads_back_to_the_json() {
    let file = json_file();
    assert!(
        file.rules.len() > 1000,
        "the embedded catalog has the corpus"
    );
    assert_eq!(Catalog::embedded().to_file(), file);
}

#[test]
fn indexes_agree_with_a_naive_recomputation() {
    let file = json_file();
    let cat = Catalog::embedded();
    // indicator ids and reach
    let mut reach = vec![0u32; file.indicators.len()];
    for r in &file.rules {
        for &i in &r.indicators {
            reach[i as usize] += 1;
        }
    }
    for (id, (f, op, v)) in file.indicators.iter().enumerate() {
        let field = &file.fields[*f as usize];
        assert_eq!(
            cat.indicator_id(field, *op, v),
            Some(id as u32),
            "{field} {op:?} {v}"
        );
        assert_eq!(cat.reach(id as u32), reach[id]);
    }
    assert_eq!(
        cat.indicator_id("process.name", detlint::model::Op::Eq, "no-such-value"),
        None
    );
    assert_eq!(cat.field_id("no.such.field"), None);
    // rules per technique (parents included), case-insensitive lookups
    let mut by_technique: BTreeMap<String, BTreeSet<u32>> = BTreeMap::new();
    for (ri, r) in file.rules.iter().enumerate() {
        for t in &r.techniques {
            by_technique.entry(t.clone()).or_default().insert(ri as u32);
            if let Some(p) = parent_technique(t) {
                by_technique
                    .entry(p.to_string())
                    .or_default()
                    .insert(ri as u32);
            }
        }
    }
    let listed: Vec<&str> = cat.techniques().collect();
    assert_eq!(
        listed,
        by_technique.keys().map(String::as_str).collect::<Vec<_>>()
    );
    for (t, rules) in &by_technique {
        let got: Vec<u32> = cat.rules_of(t).iter().collect();
        assert_eq!(got, rules.iter().copied().collect::<Vec<_>>(), "{t}");
        assert_eq!(cat.rules_of(&t.to_ascii_lowercase()).len(), rules.len());
    }
    assert!(cat.rules_of("T0000").is_empty());
    // exclusion expectations per (technique, field): rules filtering the field, exclusions on
    // it applied by at least two rules, most applied first
    for (t, rules) in by_technique.iter().take(300) {
        let mut filtering: HashMap<u32, usize> = HashMap::new();
        let mut users: HashMap<u32, Vec<u32>> = HashMap::new();
        for &ri in rules {
            let r = &file.rules[ri as usize];
            let fields: BTreeSet<u32> = r
                .indicators
                .iter()
                .chain(&r.exclusions)
                .map(|&i| file.indicators[i as usize].0)
                .collect();
            for f in fields {
                *filtering.entry(f).or_default() += 1;
            }
            for &e in &r.exclusions {
                users.entry(e).or_default().push(ri);
            }
        }
        for (f, n) in &filtering {
            let exp = cat.expectation(t, &file.fields[*f as usize]);
            assert_eq!(exp.filtering, *n, "{t} {}", file.fields[*f as usize]);
            let mut want: Vec<(u32, Vec<u32>)> = users
                .iter()
                .filter(|(e, u)| file.indicators[**e as usize].0 == *f && u.len() >= 2)
                .map(|(e, u)| (*e, u.clone()))
                .collect();
            want.sort_by(|a, b| b.1.len().cmp(&a.1.len()).then(a.0.cmp(&b.0)));
            let got: Vec<(u32, Vec<u32>)> = exp
                .exclusions()
                .map(|(e, u)| (e, u.iter().collect()))
                .collect();
            assert_eq!(got, want, "{t}");
        }
    }
    assert_eq!(cat.expectation("T1059", "no.such.field").filtering, 0);
    // fields per vendor and per event kind
    let mut usage: HashMap<u32, [u32; 5]> = HashMap::new();
    let mut kinds: HashMap<&str, (u32, HashMap<u32, u32>)> = HashMap::new();
    for r in &file.rules {
        let mut fields: Vec<u32> = r
            .indicators
            .iter()
            .chain(&r.exclusions)
            .map(|&i| file.indicators[i as usize].0)
            .collect();
        fields.sort_unstable();
        fields.dedup();
        let v = Format::ALL
            .iter()
            .position(|f| *f == r.vendor)
            .expect("vendor");
        for &f in &fields {
            usage.entry(f).or_default()[v] += 1;
        }
        for k in &r.event_kinds {
            let e = kinds.entry(k).or_default();
            e.0 += 1;
            for &f in &fields {
                *e.1.entry(f).or_default() += 1;
            }
        }
    }
    for (f, name) in file.fields.iter().enumerate() {
        let want = usage.get(&(f as u32)).copied().unwrap_or_default();
        assert_eq!(cat.field_usage_by_vendor(name), want, "{name}");
    }
    for (k, (n, fields)) in &kinds {
        assert_eq!(cat.kind_rules(k), *n, "{k}");
        for (f, count) in fields {
            assert_eq!(cat.kind_field_rules(k, &file.fields[*f as usize]), *count);
        }
        let mut names: Vec<&str> = fields
            .keys()
            .map(|f| file.fields[*f as usize].as_str())
            .collect();
        names.sort_unstable();
        assert_eq!(cat.kind_fields(k), names);
    }
    // near-duplicate keys and postings
    let mut postings: HashMap<u64, Vec<u32>> = HashMap::new();
    for (ri, r) in file.rules.iter().enumerate() {
        let mut keys: Vec<u64> = Vec::new();
        if r.indicators.len() >= 3 {
            keys.extend(r.indicators.iter().map(|&i| u64::from(i)));
            keys.extend(r.exclusions.iter().map(|&i| u64::from(i) | EXCLUSION_KEY));
            keys.sort_unstable();
            keys.dedup();
        }
        assert_eq!(cat.rule(ri).near_dup_keys().collect::<Vec<_>>(), keys);
        for k in keys {
            postings.entry(k).or_default().push(ri as u32);
        }
    }
    for (k, rules) in &postings {
        assert_eq!(&cat.near_dup_postings(*k).iter().collect::<Vec<_>>(), rules);
    }
    assert!(cat.near_dup_postings(1 << 40).is_empty());
}

/// A small catalog: the embedded one's first rules with only the indicators they use.
fn small_file() -> CatalogFile {
    let full = json_file();
    let mut file = CatalogFile {
        version: full.version,
        generated_by: full.generated_by.clone(),
        corpus: full.corpus.clone(),
        ..Default::default()
    };
    let mut ids: HashMap<u32, u32> = HashMap::new();
    let mut fields: HashMap<u32, u32> = HashMap::new();
    for r in full
        .rules
        .iter()
        .filter(|r| !r.techniques.is_empty())
        .take(40)
    {
        let mut r = r.clone();
        for i in r.indicators.iter_mut().chain(r.exclusions.iter_mut()) {
            let (f, op, v) = &full.indicators[*i as usize];
            let nf = *fields.entry(*f).or_insert_with(|| {
                file.fields.push(full.fields[*f as usize].clone());
                file.fields.len() as u32 - 1
            });
            *i = *ids.entry(*i).or_insert_with(|| {
                file.indicators.push((nf, *op, v.clone()));
                file.indicators.len() as u32 - 1
            });
        }
        file.rules.push(r);
    }
    file
}

/// Use every accessor of a catalog (a damaged one must not panic or hang here).
fn exercise(cat: &Catalog) -> usize {
    let file = cat.to_file();
    let mut n = file.rules.len() + file.indicators.len();
    for (f, op, v) in file.indicators.iter().take(50) {
        let name = file
            .fields
            .get(*f as usize)
            .map(String::as_str)
            .unwrap_or("");
        n += cat.indicator_id(name, *op, v).is_some() as usize;
        n += cat.reach_of(name, *op, v) as usize;
        n += cat.field_usage(name) as usize;
    }
    for t in cat.techniques().take(20) {
        n += cat.rules_of(t).len();
        n += cat.expectation(t, "process.command_line").filtering;
    }
    for r in cat.rules().take(20) {
        n += r.near_dup_keys().count();
        for k in r.near_dup_keys().take(5) {
            n += cat.near_dup_postings(k).len();
        }
    }
    for k in ["process_creation", "network_connection"] {
        n += cat.kind_rules(k) as usize + cat.kind_fields(k).len();
    }
    n
}

#[test]
fn packed_and_json_catalog_files_load_alike() {
    let file = small_file();
    let dir = std::env::temp_dir().join(format!("detlint-packed-{}", std::process::id()));
    std::fs::create_dir_all(&dir).expect("dir");
    let json = dir.join("c.json");
    let bin = dir.join("c.bin");
    std::fs::write(&json, serde_json::to_string(&file).expect("json")).expect("write");
    std::fs::write(&bin, Catalog::from_file(&file).packed()).expect("write");
    let a = Catalog::load(&json).expect("json loads");
    let b = Catalog::load(&bin).expect("packed loads");
    assert_eq!(a.to_file(), file);
    assert_eq!(b.to_file(), file);
    let bad = dir.join("bad.bin");
    std::fs::write(&bad, b"DLCATv\x00\x09 not this layout").expect("write");
    let err = Catalog::load(&bad).expect_err("other layout version");
    assert!(err.contains("layout"), "{err}");
    let _ = std::fs::remove_dir_all(&dir);
}

#[test]
fn damaged_packed_catalogs_never_panic() {
    let packed = Catalog::from_file(&small_file()).packed().to_vec();
    let iters: usize = std::env::var("DETLINT_FUZZ_ITERS")
        .ok()
        .and_then(|s| s.parse().ok())
        .unwrap_or(300);
    let mut rng = Rng(0x5eed_cafe);
    let mut loaded = 0;
    for i in 0..iters {
        let mut bytes = packed.clone();
        match i % 3 {
            0 => bytes.truncate(rng.below(bytes.len())),
            1 => {
                for _ in 0..1 + rng.below(8) {
                    let at = rng.below(bytes.len());
                    bytes[at] = rng.next() as u8;
                }
            }
            _ => {
                // a word of the header or of a section set to an extreme value
                let at = rng.below(bytes.len() / 4) * 4;
                let w = [0u32, 1, u32::MAX, u32::MAX / 2, bytes.len() as u32][rng.below(5)];
                bytes[at..at + 4].copy_from_slice(&w.to_le_bytes());
            }
        }
        if let Ok(cat) = Catalog::from_packed(bytes) {
            exercise(&cat);
            loaded += 1;
        }
    }
    assert!(
        loaded > iters / 3,
        "most damaged blobs still load ({loaded} of {iters})"
    );
}
