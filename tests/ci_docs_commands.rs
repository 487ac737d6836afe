//! Every `detlint check` command line in docs/ci.md's YAML code blocks runs against docs/examples
//! (in place of `rules/`), and its output has the shape the CI system expects: workflow-command
//! annotations, SARIF 2.1.0 that serde-sarif deserializes, JSON with the fields the GitLab
//! Code Quality filter reads.

#[path = "editors/common.rs"]
mod common;

use common::*;
use std::process::Command;

/// The `detlint check …` command lines inside ```yaml blocks, cut at redirections and `||`.
fn documented_commands(md: &str) -> Vec<Vec<String>> {
    let mut cmds = Vec::new();
    let mut in_yaml = false;
    for line in md.lines() {
        let t = line.trim_start();
        if let Some(lang) = t.strip_prefix("```") {
            in_yaml = !in_yaml && lang.trim() == "yaml";
            continue;
        }
        if !in_yaml {
            continue;
        }
        let Some(i) = line.find("detlint check") else {
            continue;
        };
        let mut cmd = &line[i..];
        for stop in [" > ", " || ", " | ", " && "] {
            if let Some(j) = cmd.find(stop) {
                cmd = &cmd[..j];
            }
        }
        cmds.push(cmd.split_whitespace().map(str::to_string).collect());
    }
    cmds
}

fn annotation_ok(line: &str) -> bool {
    let Some(rest) = ["::error ", "::warning ", "::notice "]
        .iter()
        .find_map(|p| line.strip_prefix(p))
    else {
        return false;
    };
    let Some((props, message)) = rest.split_once("::") else {
        return false;
    };
    let kv: Vec<(&str, &str)> = props.split(',').filter_map(|p| p.split_once('=')).collect();
    let keys: Vec<&str> = kv.iter().map(|(k, _)| *k).collect();
    let num = |k: &str| {
        kv.iter()
            .find(|(key, _)| *key == k)
            .and_then(|(_, v)| v.parse::<u32>().ok())
            .filter(|n| *n >= 1)
    };
    let title = kv
        .iter()
        .find(|(k, _)| *k == "title")
        .map(|(_, v)| *v)
        .unwrap_or("");
    let cols_ok = if keys.contains(&"col") {
        num("col").is_some() && num("endColumn").is_some() && num("line") == num("endLine")
    } else {
        num("line") != num("endLine")
    };
    (keys == ["file", "line", "endLine", "col", "endColumn", "title"]
        || keys == ["file", "line", "endLine", "title"])
        && num("line").is_some()
        && num("endLine") >= num("line")
        && cols_ok
        && title.starts_with("detlint (DL")
        && !message.is_empty()
        && !message.contains('\n')
}

fn check_github(stdout: &str) {
    let lines: Vec<&str> = stdout.lines().collect();
    assert!(!lines.is_empty(), "no annotations");
    for l in &lines {
        assert!(annotation_ok(l), "not a workflow annotation: {l}");
        assert!(
            l.contains("file=docs/examples/"),
            "file= must be relative: {l}"
        );
    }
}

fn check_sarif(stdout: &str) {
    let log: serde_sarif::sarif::Sarif = serde_json::from_str(stdout).expect("SARIF deserializes");
    assert_eq!(log.version, serde_json::json!("2.1.0"));
    assert_eq!(log.runs.len(), 1);
    let run = &log.runs[0];
    assert_eq!(run.tool.driver.name, "detlint");
    let rules = run.tool.driver.rules.as_ref().expect("rules");
    let results = run.results.as_ref().expect("results");
    assert!(!results.is_empty());
    for r in results {
        let id = r.rule_id.as_deref().expect("ruleId");
        assert!(rules.iter().any(|d| d.id == id), "{id} not among the rules");
        let loc = &r.locations.as_ref().expect("locations")[0];
        let phys = loc.physical_location.as_ref().expect("physicalLocation");
        let uri = phys
            .artifact_location
            .as_ref()
            .and_then(|a| a.uri.as_deref())
            .unwrap();
        assert!(
            uri.starts_with("docs/examples/"),
            "uri must be repo-relative: {uri}"
        );
        let line = phys.region.as_ref().and_then(|r| r.start_line).unwrap();
        assert!(line >= 1);
    }
    for d in rules {
        assert!(
            d.short_description.is_some(),
            "{} lacks shortDescription",
            d.id
        );
        assert!(
            d.help.as_ref().and_then(|h| h.markdown.as_ref()).is_some(),
            "{} lacks help.markdown",
            d.id
        );
    }
}

fn check_json(stdout: &str) {
    let v: serde_json::Value = serde_json::from_str(stdout).expect("JSON");
    let items = v.as_array().expect("an array of findings");
    assert!(!items.is_empty());
    for d in items {
        for k in ["path", "code", "message"] {
            assert!(d[k].is_string(), "{k} in {d}");
        }
        assert!(["error", "warning", "info"].contains(&d["severity"].as_str().unwrap()));
        assert!(d["start"]["line"].as_u64().unwrap() >= 1);
        assert!(d["start"]["column"].as_u64().unwrap() >= 1);
    }
}

#[test]
fn every_documented_command_runs_and_its_output_has_the_right_shape() {
    let md = std::fs::read_to_string(repo().join("docs/ci.md")).unwrap();
    let cmds = documented_commands(&md);
    let formats: Vec<String> = cmds
        .iter()
        .map(|c| {
            c.iter()
                .position(|a| a == "--output-format")
                .map(|i| c[i + 1].clone())
                .unwrap_or_else(|| "text".into())
        })
        .collect();
    for want in ["github", "sarif", "json", "text"] {
        assert!(
            formats.iter().any(|f| f == want),
            "docs/ci.md documents no {want} command: {cmds:?}"
        );
    }
    for (cmd, format) in cmds.iter().zip(&formats) {
        assert_eq!(&cmd[..2], ["detlint", "check"]);
        let args: Vec<String> = cmd[1..]
            .iter()
            .map(|a| {
                if a == "rules/" {
                    "docs/examples".to_string()
                } else {
                    a.clone()
                }
            })
            .collect();
        assert!(
            args.contains(&"docs/examples".to_string()),
            "{cmd:?} checks no rules/ folder"
        );
        let out = Command::new(detlint_bin())
            .args(&args)
            .current_dir(repo())
            .env("NO_COLOR", "1")
            .output()
            .unwrap();
        let stdout = String::from_utf8_lossy(&out.stdout);
        // The examples hold errors: every documented command reports them and exits 1.
        assert_eq!(
            out.status.code(),
            Some(1),
            "{cmd:?}: {}",
            String::from_utf8_lossy(&out.stderr)
        );
        match format.as_str() {
            "github" => check_github(&stdout),
            "sarif" => check_sarif(&stdout),
            "json" => check_json(&stdout),
            _ => assert!(stdout.contains("DL"), "{cmd:?}: {stdout}"),
        }
    }
}

#[test]
fn the_sample_annotation_in_the_docs_is_well_formed() {
    let md = std::fs::read_to_string(repo().join("docs/ci.md")).unwrap();
    let sample = md
        .lines()
        .find(|l| l.starts_with("::error "))
        .expect("a sample annotation");
    assert!(annotation_ok(sample), "{sample}");
    assert!(!annotation_ok(
        "::error file=a.yml,line=0,endLine=0,title=detlint (DL1)::x"
    ));
    assert!(!annotation_ok(
        "::error file=a.yml,line=2,endLine=3,col=1,endColumn=2,title=detlint (DL1)::x"
    ));
}

#[test]
fn extraction_finds_commands_only_in_yaml_blocks() {
    let md = "```sh\ndetlint check a\n```\n```yaml\n  run: detlint check --output-format sarif rules/ > x || test $? -eq 1\n```\n";
    assert_eq!(
        documented_commands(md),
        vec![vec![
            "detlint",
            "check",
            "--output-format",
            "sarif",
            "rules/"
        ]]
    );
}

/// The `jq` filter of the GitLab job (a folded YAML scalar), as one line.
fn documented_jq_filter(md: &str) -> String {
    let start = md.find("jq '").expect("a jq command in docs/ci.md") + "jq '".len();
    let end = start
        + md[start..]
            .find("' detlint.json")
            .expect("jq … detlint.json");
    md[start..end]
        .lines()
        .map(str::trim)
        .collect::<Vec<_>>()
        .join(" ")
}

#[test]
fn the_gitlab_code_quality_filter_turns_detlint_json_into_code_quality() {
    let md = std::fs::read_to_string(repo().join("docs/ci.md")).unwrap();
    let filter = documented_jq_filter(&md);
    let Some(jq) = which("jq") else {
        missing("jq");
        return;
    };
    let tmp = tempfile::tempdir().unwrap();
    let json = tmp.path().join("detlint.json");
    let out = Command::new(detlint_bin())
        .args(["check", "--output-format", "json", "docs/examples"])
        .current_dir(repo())
        .output()
        .unwrap();
    std::fs::write(&json, &out.stdout).unwrap();
    let findings: serde_json::Value = serde_json::from_slice(&out.stdout).unwrap();
    let cq = Command::new(jq).arg(&filter).arg(&json).output().unwrap();
    assert!(
        cq.status.success(),
        "jq {filter}: {}",
        String::from_utf8_lossy(&cq.stderr)
    );
    let cq: serde_json::Value = serde_json::from_slice(&cq.stdout).unwrap();
    let items = cq.as_array().unwrap();
    assert_eq!(items.len(), findings.as_array().unwrap().len());
    let mut fingerprints = std::collections::HashSet::new();
    for i in items {
        assert!(i["description"].as_str().unwrap().starts_with("DL"));
        assert!(i["check_name"].as_str().unwrap().starts_with("DL"));
        assert!(
            ["major", "minor", "info"].contains(&i["severity"].as_str().unwrap()),
            "{i}"
        );
        assert!(i["location"]["path"]
            .as_str()
            .unwrap()
            .starts_with("docs/examples/"));
        assert!(i["location"]["lines"]["begin"].as_u64().unwrap() >= 1);
        assert!(fingerprints.insert(i["fingerprint"].as_str().unwrap().to_string()));
    }
}

/// The YAML code blocks of a Markdown text.
fn yaml_blocks(md: &str) -> Vec<String> {
    let mut blocks = Vec::new();
    let mut cur: Option<String> = None;
    for line in md.lines() {
        if let Some(lang) = line.trim_start().strip_prefix("```") {
            match cur.take() {
                Some(b) => blocks.push(b),
                None if lang.trim() == "yaml" => cur = Some(String::new()),
                None => {}
            }
            continue;
        }
        if let Some(b) = cur.as_mut() {
            b.push_str(line);
            b.push('\n');
        }
    }
    blocks
}

#[test]
fn the_documented_pipelines_are_valid_yaml_wired_as_described() {
    let md = std::fs::read_to_string(repo().join("docs/ci.md")).unwrap();
    let blocks = yaml_blocks(&md);
    assert_eq!(blocks.len(), 2, "a GitHub workflow and a GitLab job");
    let python = venv().join("bin").join("python");
    if !python.is_file() {
        missing("the editors venv's python with PyYAML (target/editors-venv)");
        return;
    }
    let docs: Vec<serde_json::Value> = blocks
        .iter()
        .map(|b| {
            let out = Command::new(&python)
                .args([
                    "-c",
                    "import sys, json, yaml; print(json.dumps(yaml.safe_load(sys.argv[1])))",
                    b,
                ])
                .output()
                .unwrap();
            assert!(
                out.status.success(),
                "{}\n{b}",
                String::from_utf8_lossy(&out.stderr)
            );
            serde_json::from_slice(&out.stdout).unwrap()
        })
        .collect();
    // GitHub: the SARIF file written by one step is the one uploaded, with the permission it needs.
    let gh = &docs[0];
    assert_eq!(gh["permissions"]["security-events"], "write");
    let steps = gh["jobs"]["detlint"]["steps"].as_array().unwrap();
    let sarif_step = steps
        .iter()
        .find(|s| {
            s["run"]
                .as_str()
                .is_some_and(|r| r.contains("--output-format sarif"))
        })
        .unwrap();
    let upload = steps
        .iter()
        .find(|s| {
            s["uses"]
                .as_str()
                .is_some_and(|u| u.starts_with("github/codeql-action/upload-sarif@"))
        })
        .unwrap();
    let file = upload["with"]["sarif_file"].as_str().unwrap();
    assert!(sarif_step["run"]
        .as_str()
        .unwrap()
        .contains(&format!("> {file}")));
    assert!(steps.iter().any(|s| s["run"]
        .as_str()
        .is_some_and(|r| r.contains("--output-format github"))));
    // GitLab: the Code Quality report the script writes is the one declared.
    let gl = &docs[1]["detlint"];
    let report = gl["artifacts"]["reports"]["codequality"].as_str().unwrap();
    let script = gl["script"].as_array().unwrap();
    assert!(script.iter().any(|l| l
        .as_str()
        .unwrap()
        .trim_end()
        .ends_with(&format!("> {report}"))));
}
