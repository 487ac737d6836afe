//! The generator of `rules/attack/*.tsv` from MITRE's STIX 2.0 bundle of ATT&CK Enterprise.
//!
//! Run by `DETLINT_REGEN_ATTACK=1 cargo test --test attack_data` (the same test fails when the
//! committed files are stale). It reads `attack-pattern` objects (technique id, name, tactics
//! from `kill_chain_phases`, platforms, `revoked` / `x_mitre_deprecated`, description),
//! `x-mitre-tactic` objects, the `x-mitre-matrix` (tactic order) and `revoked-by` relationships
//! (followed transitively to the active replacement).

use serde::Deserialize;
use std::collections::HashMap;

/// The ATT&CK release the bundle holds. The bundle does not say it (the `x-mitre-collection`
/// object is absent from the assembled bundle): mitre/cti at 2025-11-13, newest object modified
/// 2025-11-12, spec 3.2.0 with detection strategies and analytics, is Enterprise v18. Update it
/// with the bundle.
pub const ATTACK_VERSION: &str = "18";

/// Where the bundle came from (recorded in the file headers).
#[derive(Debug, Clone)]
pub struct SourceInfo {
    /// `mitre/cti`
    pub repo: String,
    pub commit: String,
    pub commit_date: String,
}

/// The generated files.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Generated {
    /// `rules/attack/techniques.tsv`
    pub techniques: String,
    /// `rules/attack/tactics.tsv`
    pub tactics: String,
    /// `rules/attack/LICENSE.txt`: the ATT&CK part of MITRE's licence.
    pub license: String,
}

#[derive(Deserialize)]
struct Bundle {
    objects: Vec<Obj>,
}

#[derive(Deserialize)]
struct ExtRef {
    source_name: String,
    #[serde(default)]
    external_id: Option<String>,
}

#[derive(Deserialize)]
struct Phase {
    kill_chain_name: String,
    phase_name: String,
}

#[derive(Deserialize)]
struct Obj {
    #[serde(rename = "type")]
    ty: String,
    id: String,
    #[serde(default)]
    name: Option<String>,
    #[serde(default)]
    description: Option<String>,
    #[serde(default)]
    external_references: Vec<ExtRef>,
    #[serde(default)]
    kill_chain_phases: Vec<Phase>,
    #[serde(default)]
    x_mitre_deprecated: Option<bool>,
    #[serde(default)]
    revoked: Option<bool>,
    #[serde(default)]
    x_mitre_platforms: Vec<String>,
    #[serde(default)]
    x_mitre_shortname: Option<String>,
    #[serde(default)]
    relationship_type: Option<String>,
    #[serde(default)]
    source_ref: Option<String>,
    #[serde(default)]
    target_ref: Option<String>,
    #[serde(default)]
    tactic_refs: Vec<String>,
    #[serde(default)]
    definition: Option<serde_json::Value>,
}

impl Obj {
    fn attack_id(&self) -> Option<&str> {
        self.external_references
            .iter()
            .find(|r| r.source_name == "mitre-attack")
            .and_then(|r| r.external_id.as_deref())
    }
}

/// Remove `(Citation: …)`, turn `[text](url)` into `text`, drop HTML tags and `**`, and
/// collapse white space.
fn clean(text: &str) -> String {
    let mut out = String::with_capacity(text.len());
    let mut rest = text;
    while !rest.is_empty() {
        if let Some(r) = rest.strip_prefix("(Citation:") {
            rest = r.find(')').map_or("", |i| &r[i + 1..]);
            continue;
        }
        if rest.starts_with('[') {
            if let Some(close) = rest.find("](") {
                if let Some(end) = rest[close..].find(')') {
                    out.push_str(&rest[1..close]);
                    rest = &rest[close + end + 1..];
                    continue;
                }
            }
        }
        if rest.starts_with('<') {
            if let Some(end) = rest.find('>') {
                let tag = &rest[1..end];
                if tag.len() < 12 && tag.bytes().all(|b| b.is_ascii_alphanumeric() || b == b'/') {
                    rest = &rest[end + 1..];
                    continue;
                }
            }
        }
        if let Some(r) = rest.strip_prefix("**") {
            rest = r;
            continue;
        }
        let c = rest.chars().next().unwrap_or(' ');
        out.push(c);
        rest = &rest[c.len_utf8()..];
    }
    let mut collapsed = String::with_capacity(out.len());
    for w in out.split_whitespace() {
        if !collapsed.is_empty() {
            collapsed.push(' ');
        }
        collapsed.push_str(w);
    }
    // a removed citation leaves "word ." or "word ,"
    collapsed
        .replace(" .", ".")
        .replace(" ,", ",")
        .replace(" )", ")")
}

/// The first sentence, at most `max` characters (cut at a word, with `…`).
pub fn first_sentence(text: &str, max: usize) -> String {
    let text = clean(text);
    let mut end = text.len();
    let bytes = text.as_bytes();
    for (i, _) in text.match_indices(". ") {
        let before = &text[..i];
        let word = before.rsplit(' ').next().unwrap_or("");
        let abbrev = word.len() <= 1
            || ["e.g", "i.e", "etc", "vs", "Inc", "Corp", "Ltd", "al"].contains(&word)
            || word.contains('.');
        let next_upper = bytes.get(i + 2).is_some_and(|b| !b.is_ascii_lowercase());
        if !abbrev && next_upper {
            end = i + 1;
            break;
        }
    }
    let sentence = text[..end].trim();
    if sentence.chars().count() <= max {
        return sentence.to_string();
    }
    let mut cut = String::new();
    for w in sentence.split(' ') {
        if cut.chars().count() + w.chars().count() + 2 > max {
            break;
        }
        if !cut.is_empty() {
            cut.push(' ');
        }
        cut.push_str(w);
    }
    cut.trim_end_matches([',', ';', ':']).to_string() + "…"
}

fn field(s: &str) -> String {
    let s = s.replace(['\t', '\n', '\r'], " ");
    if s.is_empty() {
        "-".into()
    } else {
        s
    }
}

/// The ATT&CK section of MITRE's `LICENSE.txt` (up to the CAPEC section) and its quoted
/// copyright designation.
fn attack_license(license: &str) -> (String, String) {
    let section = license
        .split("\nCAPEC")
        .next()
        .unwrap_or(license)
        .trim_end()
        .to_string();
    let notice = section
        .lines()
        .find(|l| l.contains('©'))
        .map(|l| l.trim().trim_matches('"').to_string())
        .unwrap_or_default();
    (section + "\n", notice)
}

/// Generate the data files from the bundle text and MITRE's licence text.
pub fn generate(
    bundle_json: &str,
    license_txt: &str,
    src: &SourceInfo,
) -> Result<Generated, String> {
    let bundle: Bundle = serde_json::from_str(bundle_json).map_err(|e| format!("bundle: {e}"))?;
    let by_stix: HashMap<&str, &Obj> = bundle.objects.iter().map(|o| (o.id.as_str(), o)).collect();

    // tactics, in matrix order
    let matrix_order: Vec<&str> = bundle
        .objects
        .iter()
        .find(|o| o.ty == "x-mitre-matrix")
        .map(|m| m.tactic_refs.iter().map(String::as_str).collect())
        .unwrap_or_default();
    let mut tactics: Vec<&Obj> = bundle
        .objects
        .iter()
        .filter(|o| o.ty == "x-mitre-tactic" && !o.revoked.unwrap_or(false))
        .collect();
    tactics.sort_by_key(|t| {
        (
            matrix_order
                .iter()
                .position(|r| *r == t.id)
                .unwrap_or(usize::MAX),
            t.attack_id().unwrap_or("").to_string(),
        )
    });
    let tactic_rank: HashMap<&str, usize> = tactics
        .iter()
        .enumerate()
        .filter_map(|(i, t)| t.x_mitre_shortname.as_deref().map(|s| (s, i)))
        .collect();

    // revoked-by, followed to the end of the chain
    let mut revoked_by: HashMap<&str, &str> = HashMap::new();
    for o in &bundle.objects {
        if o.ty == "relationship" && o.relationship_type.as_deref() == Some("revoked-by") {
            if let (Some(s), Some(t)) = (o.source_ref.as_deref(), o.target_ref.as_deref()) {
                revoked_by.insert(s, t);
            }
        }
    }
    let replacement = |stix: &str| -> Option<String> {
        let mut cur = stix;
        for _ in 0..16 {
            let next = *revoked_by.get(cur)?;
            let obj = by_stix.get(next)?;
            if !obj.revoked.unwrap_or(false) {
                return obj.attack_id().map(str::to_string);
            }
            cur = next;
        }
        None
    };

    let statement = bundle
        .objects
        .iter()
        .find(|o| o.ty == "marking-definition")
        .and_then(|o| o.definition.as_ref())
        .and_then(|d| d.get("statement"))
        .and_then(|s| s.as_str())
        .unwrap_or("")
        .to_string();
    let (license, notice) = attack_license(license_txt);
    let header = |what: &str, columns: &str, count: usize| -> String {
        format!(
            "# detlint ATT&CK data: {what} of MITRE ATT&CK Enterprise ({count} rows)\n\
             # version: {ATTACK_VERSION}\n\
             # source: {} {} ({}), enterprise-attack/enterprise-attack.json\n\
             # generated by: DETLINT_REGEN_ATTACK=1 cargo test --test attack_data (do not edit by hand)\n\
             # {notice}\n\
             # {statement}\n\
             # licence: rules/attack/LICENSE.txt\n\
             # columns: {columns}\n",
            src.repo, src.commit, src.commit_date
        )
    };

    let mut tac_out = header("tactics", "id\tshortname\tname", tactics.len());
    for t in &tactics {
        tac_out.push_str(&format!(
            "{}\t{}\t{}\n",
            field(t.attack_id().unwrap_or("")),
            field(t.x_mitre_shortname.as_deref().unwrap_or("")),
            field(t.name.as_deref().unwrap_or(""))
        ));
    }

    let mut techs: Vec<(&str, &Obj)> = bundle
        .objects
        .iter()
        .filter(|o| o.ty == "attack-pattern")
        .filter_map(|o| o.attack_id().map(|id| (id, o)))
        .collect();
    techs.sort_by(|a, b| a.0.cmp(b.0));
    let mut tech_out = header(
        "techniques",
        "id\tname\ttactics\tplatforms\tstatus\treplaced_by\tdescription",
        techs.len(),
    );
    for (id, o) in &techs {
        let mut phases: Vec<&str> = o
            .kill_chain_phases
            .iter()
            .filter(|p| p.kill_chain_name == "mitre-attack")
            .map(|p| p.phase_name.as_str())
            .collect();
        phases.sort_by_key(|p| tactic_rank.get(p).copied().unwrap_or(usize::MAX));
        phases.dedup();
        let revoked = o.revoked.unwrap_or(false);
        let status = if revoked {
            "revoked"
        } else if o.x_mitre_deprecated.unwrap_or(false) {
            "deprecated"
        } else {
            "active"
        };
        let replaced = if revoked {
            replacement(&o.id).unwrap_or_default()
        } else {
            String::new()
        };
        tech_out.push_str(&format!(
            "{}\t{}\t{}\t{}\t{}\t{}\t{}\n",
            id,
            field(o.name.as_deref().unwrap_or("")),
            field(&phases.join(",")),
            field(&o.x_mitre_platforms.join(",")),
            status,
            field(&replaced),
            field(&first_sentence(o.description.as_deref().unwrap_or(""), 200)),
        ));
    }
    Ok(Generated {
        techniques: tech_out,
        tactics: tac_out,
        license,
    })
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn sentences() {
        assert_eq!(
            first_sentence(
                "Adversaries may abuse [PowerShell](https://attack.mitre.org/techniques/T1059/001) commands.(Citation: X Y) More text.",
                200
            ),
            "Adversaries may abuse PowerShell commands."
        );
        assert_eq!(
            first_sentence("Use e.g. this tool. Then that.", 200),
            "Use e.g. this tool."
        );
        let long = "word ".repeat(100);
        let s = first_sentence(&long, 50);
        assert!(s.chars().count() <= 50 && s.ends_with('…'), "{s}");
    }
}
