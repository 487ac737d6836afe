//! Generator and freshness test for the embedded Elastic field lists:
//! `rules/fields/elastic_ecs_fields.txt` (ECS, from `../shared/reference/ecs/generated/ecs/ecs_flat.yml`)
//! and `rules/fields/elastic_schema_fields.txt` (the non-ECS schemas shipped with
//! elastic/detection-rules: `non-ecs-schema.json`, endpoint and endgame schemas, older ECS
//! versions and the Beats field definitions). Each line is `name type`.
//!
//! When `../shared/reference` is present the test regenerates both lists and fails if the
//! committed files differ; `DETLINT_REGEN=1 cargo test --test elastic_fields` rewrites them.
//! Compressed inputs are read with the system `gzip -dc` (the generator is a dev tool; the
//! library only embeds its output).

use serde_json::Value;
use std::collections::BTreeMap;
use std::path::{Path, PathBuf};

fn reference() -> Option<PathBuf> {
    let p = Path::new(concat!(env!("CARGO_MANIFEST_DIR"), "/../shared/reference"));
    p.is_dir().then(|| p.to_path_buf())
}

fn gunzip(path: &Path) -> Option<Value> {
    let out = std::process::Command::new("gzip")
        .arg("-dc")
        .arg(path)
        .output()
        .ok()?;
    if !out.status.success() {
        return None;
    }
    serde_json::from_slice(&out.stdout).ok()
}

/// ECS names and types from the generated flat YAML (top-level keys + multi-field flat names).
fn ecs(reference: &Path) -> BTreeMap<String, String> {
    let text = std::fs::read_to_string(reference.join("ecs/generated/ecs/ecs_flat.yml")).unwrap();
    let mut out = BTreeMap::new();
    let mut current: Option<String> = None;
    for line in text.lines() {
        if !line.starts_with(' ') && line.ends_with(':') {
            let name = line.trim_end_matches(':').trim_matches('\'').to_string();
            out.insert(name.clone(), "unknown".to_string());
            current = Some(name);
        } else if let Some(t) = line.strip_prefix("  type: ") {
            if let Some(c) = &current {
                out.insert(c.clone(), t.trim().to_string());
            }
        } else if let Some(f) = line.trim_start().strip_prefix("flat_name: ") {
            let f = f.trim().trim_matches('\'').to_string();
            if line.starts_with("    ") {
                out.entry(f).or_insert_with(|| "multi".to_string());
            }
        }
    }
    out
}

/// Flatten nested `{a: {b: "keyword"}}` maps into dotted names.
fn flatten_map(v: &Value, prefix: &str, out: &mut BTreeMap<String, String>) {
    match v {
        Value::Object(m) => {
            for (k, x) in m {
                let name = if prefix.is_empty() {
                    k.clone()
                } else {
                    format!("{prefix}.{k}")
                };
                flatten_map(x, &name, out);
            }
        }
        Value::String(t) => {
            out.entry(prefix.to_string()).or_insert_with(|| t.clone());
        }
        _ => {}
    }
}

/// Beats `fields.yml` lists: `- name: x, type: group, fields: [...]`.
fn beats_fields(list: &Value, prefix: &str, out: &mut BTreeMap<String, String>) {
    let Some(items) = list.as_array() else { return };
    for f in items {
        let Some(name) = f.get("name").and_then(|n| n.as_str()) else {
            // top-level entries (`key: …`) carry their fields directly
            if let Some(fields) = f.get("fields") {
                beats_fields(fields, prefix, out);
            }
            continue;
        };
        let full = if prefix.is_empty() {
            name.to_string()
        } else {
            format!("{prefix}.{name}")
        };
        let ty = f.get("type").and_then(|t| t.as_str()).unwrap_or("keyword");
        match f.get("fields") {
            Some(sub) if sub.as_array().is_some_and(|a| !a.is_empty()) => {
                beats_fields(sub, &full, out)
            }
            _ => {
                if ty != "group" {
                    out.entry(full).or_insert_with(|| ty.to_string());
                }
            }
        }
    }
}

fn beats_meta(dir: &Value, prefix: &str, out: &mut BTreeMap<String, String>) {
    let files = &dir["folders"]["_meta"]["files"];
    for name in ["fields.yml", "fields.common.yml"] {
        if let Some(list) = files.get(name) {
            beats_fields(list, prefix, out);
        }
    }
}

fn beats(schema: &Value, out: &mut BTreeMap<String, String>) {
    let Some(beats) = schema.as_object() else {
        return;
    };
    for beat in beats.values() {
        beats_meta(beat, "", out);
        let Some(modules) = beat["folders"]["module"]["folders"].as_object() else {
            continue;
        };
        for (module, mdir) in modules {
            beats_meta(mdir, "", out);
            if let Some(datasets) = mdir["folders"].as_object() {
                for (ds, ddir) in datasets {
                    if !ds.starts_with('_') {
                        beats_meta(ddir, module, out);
                    }
                }
            }
        }
    }
}

fn elastic_schemas(reference: &Path, ecs: &BTreeMap<String, String>) -> BTreeMap<String, String> {
    let etc = reference.join("elastic-detection-rules/detection_rules/etc");
    let mut out = BTreeMap::new();
    let non_ecs: Value =
        serde_json::from_str(&std::fs::read_to_string(etc.join("non-ecs-schema.json")).unwrap())
            .unwrap();
    if let Some(m) = non_ecs.as_object() {
        for v in m.values() {
            flatten_map(v, "", &mut out);
        }
    }
    for f in [
        "endpoint_schemas/endpoint_process.json.gz",
        "endgame_schemas/8.4.0/endgame_ecs_mapping.json.gz",
    ] {
        if let Some(v) = gunzip(&etc.join(f)) {
            flatten_map(&v, "", &mut out);
        }
    }
    // every ECS version the validator knows
    let mut versions: Vec<PathBuf> = std::fs::read_dir(etc.join("ecs_schemas"))
        .unwrap()
        .filter_map(|e| e.ok().map(|e| e.path()))
        .collect();
    versions.sort();
    for v in versions {
        if let Some(Value::Object(m)) = gunzip(&v.join("ecs_flat.json.gz")) {
            for (name, def) in m {
                let ty = def["type"].as_str().unwrap_or("keyword").to_string();
                out.entry(name.clone()).or_insert(ty);
                if let Some(multi) = def["multi_fields"].as_array() {
                    for mf in multi {
                        if let Some(n) = mf["flat_name"].as_str() {
                            out.entry(n.to_string()).or_insert_with(|| "multi".into());
                        }
                    }
                }
            }
        }
    }
    if let Some(v) = gunzip(&etc.join("beats_schemas/main.json.gz")) {
        beats(&v, &mut out);
    }
    out.retain(|k, _| !ecs.contains_key(k) && !k.is_empty() && !k.contains(' '));
    out
}

fn render(m: &BTreeMap<String, String>, header: &str) -> String {
    let mut s = String::from(header);
    for (k, t) in m {
        s.push_str(k);
        s.push(' ');
        s.push_str(t);
        s.push('\n');
    }
    s
}

#[test]
fn field_lists_are_fresh() {
    let Some(reference) = reference() else {
        println!("skipping: ../shared/reference not present");
        return;
    };
    let ecs = ecs(&reference);
    assert!(ecs.len() > 1500, "ECS list too small: {}", ecs.len());
    let schemas = elastic_schemas(&reference, &ecs);
    let ecs_text = render(
        &ecs,
        "# ECS field names and types (generated by tests/elastic_fields.rs; do not edit)\n",
    );
    let schema_text = render(
        &schemas,
        "# Non-ECS fields of the elastic/detection-rules schemas (generated by tests/elastic_fields.rs; do not edit)\n",
    );
    let dir = Path::new(env!("CARGO_MANIFEST_DIR")).join("rules/fields");
    let ecs_path = dir.join("elastic_ecs_fields.txt");
    let schema_path = dir.join("elastic_schema_fields.txt");
    if std::env::var_os("DETLINT_REGEN").is_some() {
        std::fs::create_dir_all(&dir).unwrap();
        std::fs::write(&ecs_path, &ecs_text).unwrap();
        std::fs::write(&schema_path, &schema_text).unwrap();
        println!(
            "wrote {} ECS and {} schema fields",
            ecs.len(),
            schemas.len()
        );
        return;
    }
    let cur_ecs = std::fs::read_to_string(&ecs_path).unwrap_or_default();
    let cur_schema = std::fs::read_to_string(&schema_path).unwrap_or_default();
    assert!(
        cur_ecs == ecs_text,
        "rules/fields/elastic_ecs_fields.txt is stale: run `DETLINT_REGEN=1 cargo test --test elastic_fields`"
    );
    if gunzip(
        &reference.join("elastic-detection-rules/detection_rules/etc/beats_schemas/main.json.gz"),
    )
    .is_none()
    {
        println!("skipping the schema list comparison: `gzip` is not available");
        return;
    }
    assert!(
        cur_schema == schema_text,
        "rules/fields/elastic_schema_fields.txt is stale: run `DETLINT_REGEN=1 cargo test --test elastic_fields`"
    );
}
