//! The catalog: built from rules, shown per technique, published as a static site.
//! Corpus tests (when ../shared/corpus is present) check the embedded catalog against the
//! corpus it was built from: for T1095 every number of the guide is recomputed from the rules
//! it cites, and its exclusions include the well-known CIDRs that network rules under it exclude.

use detlint::catalog::build::rule_indicators;
use detlint::catalog::guide::{guide, GuideFilter};
use detlint::catalog::Catalog;
use detlint::config::Config;
use detlint::model::Op;
use std::collections::{BTreeMap, BTreeSet, HashMap};
use std::path::{Path, PathBuf};
use std::process::Command;

fn root() -> PathBuf {
    PathBuf::from(env!("CARGO_MANIFEST_DIR"))
}

fn scratch(name: &str) -> PathBuf {
    let dir = std::env::temp_dir().join(format!("detlint-catalog-{name}-{}", std::process::id()));
    let _ = std::fs::remove_dir_all(&dir);
    std::fs::create_dir_all(&dir).expect("dir");
    dir
}

fn detlint(args: &[&str]) -> std::process::Output {
    Command::new(env!("CARGO_BIN_EXE_detlint"))
        .args(args)
        .current_dir(root())
        .output()
        .expect("run detlint")
}

#[test]
fn build_show_and_site_from_fixtures() {
    let dir = scratch("fixtures");
    let out = dir.join("catalog.json");
    let o = detlint(&[
        "catalog",
        "build",
        "tests/fixtures/normalize",
        "tests/fixtures/exclusion",
        "-o",
        &out.to_string_lossy(),
    ]);
    assert!(o.status.success(), "{}", String::from_utf8_lossy(&o.stderr));
    let cat = Catalog::load(&out).expect("load");
    assert!(cat.rule_count() >= 7);
    // certutil in several formats: T1105 has them, process.name eq certutil.exe reaches each of them
    let g = guide(&cat, "T1105", &GuideFilter::default(), None);
    assert!(g.rule_count >= 4, "{}", g.rule_count);
    let reach = cat.reach_of("process.name", Op::Eq, "certutil.exe");
    assert_eq!(reach as usize, g.rule_count);
    let row = g
        .indicators
        .iter()
        .find(|r| r.field == "process.name" && r.value == "certutil.exe")
        .expect("row");
    assert_eq!(row.here, g.rule_count);
    // T1071 rules exclude private ranges
    let g = guide(&cat, "T1071", &GuideFilter::default(), None);
    assert!(
        g.exclusions
            .iter()
            .any(|r| r.field == "destination.ip" && r.value == "10.0.0.0/8"),
        "{:?}",
        g.exclusions
    );
    for format in ["text", "markdown", "json", "html"] {
        let o = detlint(&[
            "catalog",
            "show",
            "T1105",
            "--format",
            format,
            "--catalog",
            &out.to_string_lossy(),
        ]);
        assert!(o.status.success());
        let s = String::from_utf8_lossy(&o.stdout);
        assert!(s.contains("T1105"), "{format}");
        assert!(s.contains("certutil.exe"), "{format}");
    }
    let o = detlint(&[
        "catalog",
        "show",
        "T1105",
        "--vendor",
        "nope",
        "--catalog",
        &out.to_string_lossy(),
    ]);
    assert_eq!(o.status.code(), Some(2));
    let site = dir.join("site");
    let o = detlint(&[
        "catalog",
        "site",
        "-o",
        &site.to_string_lossy(),
        "--catalog",
        &out.to_string_lossy(),
    ]);
    assert!(o.status.success());
    let index = std::fs::read_to_string(site.join("index.html")).expect("index");
    assert!(
        index.contains("T1105.html") && !index.contains("http://") && !index.contains("<link"),
        "self-contained"
    );
    let page = std::fs::read_to_string(site.join("T1105.html")).expect("page");
    assert!(page.contains("certutil.exe"));
}

fn chromium() -> Option<PathBuf> {
    ["/usr/bin/chromium", "/usr/bin/chromium-browser"]
        .iter()
        .map(PathBuf::from)
        .find(|p| p.exists())
}

/// Load a page of the site in headless Chromium and assert on the rendered DOM.
#[test]
fn site_renders_in_headless_chromium() {
    let Some(chrome) = chromium() else {
        assert!(
            std::env::var("CI").is_err(),
            "CI must install chromium (apt-get install chromium)"
        );
        println!("skipping: chromium not installed");
        return;
    };
    let dir = scratch("chromium");
    let site = dir.join("site");
    let o = detlint(&["catalog", "site", "-o", &site.to_string_lossy()]);
    assert!(o.status.success());
    let page = site.join("index.html");
    let o = Command::new(&chrome)
        .args([
            "--headless",
            "--no-sandbox",
            "--disable-gpu",
            "--disable-quic",
            "--no-first-run",
            "--disable-background-networking",
            "--disable-component-update",
            "--disable-sync",
        ])
        .arg(format!("--user-data-dir={}", dir.join("profile").display()))
        .arg("--dump-dom")
        .arg(format!("file://{}", page.display()))
        .output()
        .expect("chromium");
    let dom = String::from_utf8_lossy(&o.stdout);
    assert!(dom.contains("detlint catalog"), "{dom:.400}");
    assert!(
        dom.contains("T1095.html") || dom.contains("T1059"),
        "technique rows rendered"
    );
    let cat = Catalog::embedded();
    assert!(
        dom.contains(&format!("{} rules from", cat.rule_count())),
        "rule count rendered"
    );
    let o = Command::new(&chrome)
        .args([
            "--headless",
            "--no-sandbox",
            "--disable-gpu",
            "--dump-dom",
            "--disable-background-networking",
        ])
        .arg(format!(
            "--user-data-dir={}",
            dir.join("profile2").display()
        ))
        .arg(format!("file://{}", site.join("T1059.html").display()))
        .output()
        .expect("chromium");
    let dom = String::from_utf8_lossy(&o.stdout);
    assert!(
        dom.contains("Fields filtered most") && dom.contains("<table"),
        "{dom:.400}"
    );
}

/// Parse the corpus once per test binary.
fn corpus_rules(corpus: &Path) -> HashMap<String, Vec<detlint::model::Rule>> {
    let files = detlint::cli::check::collect_files(&[corpus.to_path_buf()]).expect("walk");
    let mut out = HashMap::new();
    for p in files {
        let f = detlint::lint::read_file(&p, &Config::default());
        let rel = p
            .strip_prefix(corpus)
            .unwrap_or(&p)
            .to_string_lossy()
            .replace('\\', "/");
        out.insert(rel, f.docs.into_iter().map(|d| d.rule).collect());
    }
    out
}

#[test]
fn t1095_guide_is_recomputed_from_the_rules_it_cites() {
    let corpus = root().join("../shared/corpus");
    if !corpus.is_dir() {
        println!("skipping: ../shared/corpus not present");
        return;
    }
    let cat = Catalog::embedded();
    let rules = corpus_rules(&corpus);
    let g = guide(cat, "T1095", &GuideFilter::default(), None);
    // every vendor that has a T1095 rule is listed
    let mut vendors_with: BTreeSet<String> = BTreeSet::new();
    let mut cited: Vec<&detlint::model::Rule> = Vec::new();
    for rs in rules.values() {
        for r in rs {
            if r.techniques
                .iter()
                .any(|t| t.value == "T1095" || t.value.starts_with("T1095."))
            {
                vendors_with.insert(r.format.map(|f| f.name().to_string()).unwrap_or_default());
            }
        }
    }
    let listed: BTreeSet<String> = g.rules.keys().cloned().collect();
    assert_eq!(listed, vendors_with, "vendors under T1095");
    for vrules in g.rules.values() {
        for row in vrules {
            let rs = rules
                .get(&row.path)
                .unwrap_or_else(|| panic!("cited rule {} not in the corpus", row.path));
            cited.extend(
                rs.iter().filter(|r| {
                    r.title.as_ref().map(|t| t.value.as_str()).unwrap_or("") == row.title
                }),
            );
        }
    }
    assert_eq!(cited.len(), g.rule_count, "cited rules");
    // recompute events, exclusions and indicator counts from the cited rules
    let mut events: BTreeMap<String, usize> = BTreeMap::new();
    let mut excl: HashMap<(String, Op, String), usize> = HashMap::new();
    let mut here: HashMap<(String, Op, String), usize> = HashMap::new();
    for r in &cited {
        let mut kinds = r.event_kinds.clone();
        kinds.sort();
        kinds.dedup();
        for k in kinds {
            *events.entry(k).or_default() += 1;
        }
        let (pos, ex) = rule_indicators(r);
        for i in pos {
            *here
                .entry((i.field.clone(), i.op, i.value.clone()))
                .or_default() += 1;
        }
        for i in ex {
            *excl
                .entry((i.field.clone(), i.op, i.value.clone()))
                .or_default() += 1;
        }
    }
    for (k, n) in &g.events {
        assert_eq!(events.get(k), Some(n), "event kind {k}");
    }
    for row in &g.exclusions {
        assert_eq!(
            excl.get(&(row.field.clone(), row.op, row.value.clone())),
            Some(&row.here),
            "exclusion {row:?}"
        );
    }
    for row in &g.indicators {
        assert_eq!(
            here.get(&(row.field.clone(), row.op, row.value.clone())),
            Some(&row.here),
            "indicator {row:?}"
        );
        // corpus reach: recount over every rule of the corpus
        let reach = rules
            .values()
            .flatten()
            .filter(|r| {
                rule_indicators(r)
                    .0
                    .iter()
                    .any(|i| i.field == row.field && i.op == row.op && i.value == row.value)
            })
            .count();
        assert_eq!(reach as u32, row.reach, "reach of {row:?}");
    }
    // the well-known CIDRs that T1095 network rules exclude are in the guide's exclusions
    for net in ["127.0.0.0/8", "169.254.0.0/16", "224.0.0.0/4"] {
        let excluded_by_some = excl
            .keys()
            .any(|(f, op, v)| f == "destination.ip" && *op == Op::CidrMatch && v == net);
        if excluded_by_some {
            assert!(
                g.exclusions
                    .iter()
                    .any(|r| r.field == "destination.ip" && r.value == net)
                    || g.distinct_exclusions > detlint::catalog::guide::TOP,
                "{net} missing from the T1095 exclusions"
            );
        }
    }
}
