//! The embedded data files and their one-time parse into lookup tables.

use super::{Extra, ExtraKind, Status, Tactic, Technique};
use std::collections::HashMap;
use std::sync::OnceLock;

static TECHNIQUES_TSV: &str = include_str!("../../../rules/attack/techniques.tsv");
static TACTICS_TSV: &str = include_str!("../../../rules/attack/tactics.tsv");
static EXTRA_TSV: &str = include_str!("../../../rules/attack/extra.tsv");

/// The parsed data.
pub(super) struct Data {
    pub version: &'static str,
    pub source: &'static str,
    pub techniques: Vec<Technique>,
    pub by_id: HashMap<&'static str, usize>,
    pub tactics: Vec<Tactic>,
    /// Normalized id / short name / display name → index in `tactics`.
    pub tactic_keys: HashMap<String, usize>,
    pub extras: Vec<Extra>,
    /// Normalized tactic key or upper-case technique id → index in `extras`.
    pub extra_keys: HashMap<String, usize>,
    /// The highest technique number of the data (`1681` for T1681).
    pub max_technique: u16,
    /// Highest sub-technique number per parent number.
    pub max_sub: HashMap<u16, u16>,
}

static DATA: OnceLock<Data> = OnceLock::new();

/// The data, parsed on first use.
pub(super) fn data() -> &'static Data {
    DATA.get_or_init(parse)
}

/// A tactic lookup key: lower-case letters and digits only, `&` read as `and`, without an
/// `attack.` prefix (`Defense Evasion`, `defense_evasion`, `DefenseEvasion`, `attack.defense-evasion`
/// all give `defenseevasion`).
pub fn tactic_key(s: &str) -> String {
    let s = s.trim();
    let s = match s.get(..7) {
        Some(p) if p.eq_ignore_ascii_case("attack.") => &s[7..],
        _ => s,
    };
    let mut out = String::with_capacity(s.len());
    for c in s.chars() {
        if c.is_ascii_alphanumeric() {
            out.push(c.to_ascii_lowercase());
        } else if c == '&' {
            out.push_str("and");
        }
    }
    out
}

fn meta(text: &'static str, key: &str) -> &'static str {
    text.lines()
        .take_while(|l| l.starts_with('#'))
        .find_map(|l| l.strip_prefix("# ")?.strip_prefix(key)?.strip_prefix(": "))
        .unwrap_or("")
}

fn rows(text: &'static str) -> impl Iterator<Item = Vec<&'static str>> {
    text.lines()
        .filter(|l| !l.is_empty() && !l.starts_with('#'))
        .map(|l| l.split('\t').collect())
}

fn list(s: &'static str) -> Vec<&'static str> {
    if s == "-" || s.is_empty() {
        Vec::new()
    } else {
        s.split(',').collect()
    }
}

fn opt(s: &'static str) -> Option<&'static str> {
    (s != "-" && !s.is_empty()).then_some(s)
}

fn parse() -> Data {
    let mut techniques = Vec::with_capacity(900);
    for r in rows(TECHNIQUES_TSV) {
        let [id, name, tactics, platforms, status, replaced_by, description] = r[..] else {
            tracing::warn!("rules/attack/techniques.tsv: malformed row {r:?}");
            continue;
        };
        techniques.push(Technique {
            id,
            name,
            tactics: list(tactics),
            platforms: list(platforms),
            status: match status {
                "revoked" => Status::Revoked,
                "deprecated" => Status::Deprecated,
                _ => Status::Active,
            },
            replaced_by: opt(replaced_by),
            description: opt(description).unwrap_or(""),
        });
    }
    let by_id = techniques
        .iter()
        .enumerate()
        .map(|(i, t)| (t.id, i))
        .collect();
    let mut max_technique = 0;
    let mut max_sub: HashMap<u16, u16> = HashMap::new();
    for t in &techniques {
        if let Some((n, sub)) = super::parse_technique_id(t.id) {
            max_technique = max_technique.max(n);
            let m = max_sub.entry(n).or_insert(0);
            *m = (*m).max(sub.unwrap_or(0));
        }
    }

    let mut tactics = Vec::with_capacity(16);
    let mut tactic_keys = HashMap::new();
    for r in rows(TACTICS_TSV) {
        let [id, shortname, name] = r[..] else {
            tracing::warn!("rules/attack/tactics.tsv: malformed row {r:?}");
            continue;
        };
        let i = tactics.len();
        for k in [id, shortname, name] {
            tactic_keys.insert(tactic_key(k), i);
        }
        tactics.push(Tactic {
            id,
            shortname,
            name,
        });
    }

    let mut extras = Vec::new();
    let mut extra_keys = HashMap::new();
    for r in rows(EXTRA_TSV) {
        let [kind, key, name, origin, maps_to, note] = r[..] else {
            tracing::warn!("rules/attack/extra.tsv: malformed row {r:?}");
            continue;
        };
        let kind = if kind == "tactic" {
            ExtraKind::Tactic
        } else {
            ExtraKind::Technique
        };
        let i = extras.len();
        match kind {
            ExtraKind::Tactic => {
                extra_keys.insert(tactic_key(key), i);
                extra_keys.insert(tactic_key(name), i);
            }
            ExtraKind::Technique => {
                extra_keys.insert(key.to_ascii_uppercase(), i);
            }
        }
        extras.push(Extra {
            kind,
            key,
            name,
            origin,
            maps_to: list(maps_to),
            note,
        });
    }

    Data {
        version: meta(TECHNIQUES_TSV, "version"),
        source: meta(TECHNIQUES_TSV, "source"),
        techniques,
        by_id,
        tactics,
        tactic_keys,
        extras,
        extra_keys,
        max_technique,
        max_sub,
    }
}
