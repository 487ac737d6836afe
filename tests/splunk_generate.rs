//! Generator of the Splunk data compiled into the binary (`rules/splunk/`): the reference macros,
//! lookup names and CIM data model fields. When `../shared` is present the files are regenerated
//! in memory and compared; a difference fails the test (run with `DETLINT_REGENERATE=1` to write).

use detlint::formats::splunk::{self, cim, macros};
use detlint::formats::{parse_file, ParseOptions};
use detlint::source::yaml;
use std::collections::{BTreeMap, BTreeSet};
use std::path::{Path, PathBuf};

fn root() -> PathBuf {
    PathBuf::from(env!("CARGO_MANIFEST_DIR"))
}

fn shared() -> Option<PathBuf> {
    let p = root().join("../shared");
    p.join("reference/splunk/macros").is_dir().then_some(p)
}

fn yml_files(dir: &Path, out: &mut Vec<PathBuf>) {
    let Ok(rd) = std::fs::read_dir(dir) else {
        return;
    };
    for e in rd.flatten() {
        let p = e.path();
        if p.is_dir() {
            yml_files(&p, out);
        } else if p.extension().is_some_and(|e| e == "yml" || e == "yaml") {
            out.push(p);
        }
    }
}

fn gen_macros(shared: &Path) -> String {
    let mut entries = macros::read_definition_dir(&shared.join("reference/splunk/macros"));
    entries.sort();
    let lines: Vec<String> = entries
        .iter()
        .map(|e| serde_json::to_string(e).unwrap())
        .collect();
    format!("[\n{}\n]\n", lines.join(",\n"))
}

fn gen_lookups(shared: &Path) -> String {
    let names: BTreeSet<String> =
        macros::read_lookup_names(&shared.join("reference/splunk/lookups"))
            .into_iter()
            .collect();
    names.into_iter().map(|n| n + "\n").collect()
}

fn gen_cim(shared: &Path) -> String {
    let mut fields: BTreeSet<(String, String)> = BTreeSet::new();
    // 1. The hand-maintained base.
    let base = std::fs::read_to_string(root().join("rules/splunk/cim_base.txt")).unwrap();
    for line in base
        .lines()
        .filter(|l| !l.starts_with('#') && !l.trim().is_empty())
    {
        let mut w = line.split_whitespace();
        let (Some(dm), Some(obj)) = (w.next(), w.next()) else {
            continue;
        };
        for f in w {
            fields.insert((dm.to_string(), format!("{obj}.{f}")));
        }
    }
    // 2. Field mappings of the reference data sources.
    let mut files = Vec::new();
    yml_files(&shared.join("reference/splunk/data_sources"), &mut files);
    for f in &files {
        let text = std::fs::read_to_string(f).unwrap();
        let stream = yaml::parse(&text, yaml::ParseLimits::default());
        let Some(doc) = stream.docs.first() else {
            continue;
        };
        let Some(fm) = doc.root.get("field_mappings") else {
            continue;
        };
        let sets: Vec<&yaml::YamlNode> = if fm.is_seq() {
            fm.items().iter().collect()
        } else {
            vec![fm]
        };
        for s in sets {
            let Some(ds) = s.get("data_set").and_then(|d| d.as_str()) else {
                continue;
            };
            let dm = cim::root_of(ds).to_string();
            for (_, v) in s.get("mapping").map(|m| m.entries()).unwrap_or(&[]) {
                if let Some(v) = v.as_str() {
                    if cim::is_dm_field(v) {
                        fields.insert((dm.clone(), v.to_string()));
                    }
                }
            }
        }
    }
    // 3. Fields the corpus uses in at least two detections.
    let mut corpus = Vec::new();
    yml_files(&shared.join("corpus/splunk/detections"), &mut corpus);
    let mut uses: BTreeMap<(String, String), BTreeSet<usize>> = BTreeMap::new();
    for (i, p) in corpus.iter().enumerate() {
        let text = std::fs::read_to_string(p).unwrap();
        let file = parse_file(p, text, &ParseOptions::default());
        for (_, d, _) in splunk::docs(&file) {
            for f in d.search.iter().flat_map(|s| &s.dm_fields) {
                if f.in_macro {
                    continue;
                }
                let dm = cim::root_of(&f.datamodel).to_string();
                uses.entry((dm, f.field.clone())).or_default().insert(i);
            }
        }
    }
    for (k, v) in uses {
        if v.len() >= 2 {
            fields.insert(k);
        }
    }
    fields
        .into_iter()
        .map(|(dm, f)| format!("{dm}\t{f}\n"))
        .collect()
}

fn compare(path: &str, generated: &str) -> bool {
    let p = root().join(path);
    let current = std::fs::read_to_string(&p).unwrap_or_default();
    if current == generated {
        return true;
    }
    if std::env::var_os("DETLINT_REGENERATE").is_some() {
        std::fs::write(&p, generated).unwrap();
        eprintln!("regenerated {path}");
        return true;
    }
    eprintln!("{path} is stale: run `DETLINT_REGENERATE=1 cargo test --test splunk_generate`");
    false
}

#[test]
fn generated_data_is_current() {
    let Some(shared) = shared() else {
        println!("skipping: ../shared/corpus not present");
        return;
    };
    let ok = [
        compare("rules/splunk/macros.json", &gen_macros(&shared)),
        compare("rules/splunk/lookups.txt", &gen_lookups(&shared)),
        compare("rules/splunk/cim_fields.txt", &gen_cim(&shared)),
    ];
    assert!(ok.iter().all(|x| *x), "generated Splunk data is stale");
}

#[test]
fn embedded_data_loads() {
    let set = macros::reference();
    assert!(set.table.len() > 100, "{} macros", set.table.len());
    assert!(set.knows("sysmon"));
    assert!(set.knows("security_content_ctime"));
    assert!(set.knows("drop_dm_object_name"));
    assert!(set.lookups.len() > 50);
    let c = cim::cim();
    assert!(c.has_field("Endpoint", "Processes.process_name"));
    assert!(c.has_field("Network_Traffic", "All_Traffic.dest_port"));
    assert!(!c.has_field("Endpoint", "Processes.process_nam"));
}
