//! MITRE ATT&CK Enterprise knowledge compiled into the binary.
//!
//! The data lives in `rules/attack/` as reviewable TSV: `techniques.tsv` and `tactics.tsv` are
//! generated from MITRE's STIX bundle by [`generate`] (release and source commit in their
//! headers), `extra.tsv` is a short hand-reviewed list of names outside that release that real
//! rules use (ATT&CK v19 tactics, PRE-ATT&CK and ICS tactics Sentinel accepts). The files are
//! embedded with `include_str!` and parsed once, on first use (well under a millisecond in a
//! release build: `cargo run --release --example attack_load`).
//!
//! Tactics are found by id, short name or display name in any of the spellings rule formats use:
//! `TA0005`, `defense-evasion`, `defense_evasion`, `DefenseEvasion`, `Defense Evasion`,
//! `attack.defense-evasion`.
//!
//! © 2025 The MITRE Corporation. This work is reproduced and distributed with the permission of
//! The MITRE Corporation (licence: `rules/attack/LICENSE.txt`).

mod data;
pub mod generate;

pub use data::tactic_key;

/// Whether a technique is current.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Status {
    Active,
    /// Deprecated by MITRE: no longer maintained, no replacement.
    Deprecated,
    /// Revoked: merged into or replaced by another technique ([`Technique::replaced_by`]).
    Revoked,
}

impl Status {
    /// `active`, `deprecated` or `revoked`.
    pub fn name(self) -> &'static str {
        match self {
            Status::Active => "active",
            Status::Deprecated => "deprecated",
            Status::Revoked => "revoked",
        }
    }
}

/// An ATT&CK Enterprise technique or sub-technique.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Technique {
    /// `T1059` or `T1059.001`.
    pub id: &'static str,
    pub name: &'static str,
    /// Tactic short names (`execution`), in matrix order.
    pub tactics: Vec<&'static str>,
    /// Platforms (`Windows`, `Linux`, `IaaS`, …).
    pub platforms: Vec<&'static str>,
    pub status: Status,
    /// The active technique a revoked one was replaced by.
    pub replaced_by: Option<&'static str>,
    /// The first sentence of MITRE's description (≤ 200 characters).
    pub description: &'static str,
}

impl Technique {
    /// Whether this is a sub-technique (`T1059.001`).
    pub fn is_subtechnique(&self) -> bool {
        self.id.contains('.')
    }

    /// The parent technique of a sub-technique.
    pub fn parent(&self) -> Option<&'static Technique> {
        technique(self.id.split_once('.')?.0)
    }

    /// The technique that replaced a revoked one.
    pub fn replacement(&self) -> Option<&'static Technique> {
        technique(self.replaced_by?)
    }

    /// The full name: `Command and Scripting Interpreter: PowerShell` for a sub-technique.
    pub fn full_name(&self) -> String {
        match self.parent() {
            Some(p) => format!("{}: {}", p.name, self.name),
            None => self.name.to_string(),
        }
    }

    /// The technique's page on attack.mitre.org.
    pub fn url(&self) -> String {
        format!(
            "https://attack.mitre.org/techniques/{}/",
            self.id.replace('.', "/")
        )
    }
}

/// An ATT&CK Enterprise tactic.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Tactic {
    /// `TA0005`
    pub id: &'static str,
    /// `defense-evasion`
    pub shortname: &'static str,
    /// `Defense Evasion`
    pub name: &'static str,
}

/// What an [`Extra`] row names.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum ExtraKind {
    Tactic,
    Technique,
}

/// A tactic or technique outside the generated data (`rules/attack/extra.tsv`).
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Extra {
    pub kind: ExtraKind,
    /// Tactic short name or technique id.
    pub key: &'static str,
    pub name: &'static str,
    /// `enterprise-v19`, `pre-attack` or `ics`.
    pub origin: &'static str,
    /// Tactic short names of the generated data this row stands for (v19 `stealth` →
    /// `defense-evasion`).
    pub maps_to: Vec<&'static str>,
    /// Source and explanation.
    pub note: &'static str,
}

impl Extra {
    /// Where the name comes from, for messages: `ATT&CK Enterprise v19`, `PRE-ATT&CK`, …
    pub fn origin_name(&self) -> String {
        origin_name(self.origin)
    }
}

fn origin_name(origin: &str) -> String {
    match origin {
        "pre-attack" => "PRE-ATT&CK (retired)".into(),
        "ics" => "ATT&CK for ICS".into(),
        o => match o.strip_prefix("enterprise-") {
            Some(v) => format!("ATT&CK Enterprise {v}"),
            None => o.to_string(),
        },
    }
}

/// The ATT&CK Enterprise release of the data (`18`).
pub fn version() -> &'static str {
    data::data().version
}

/// The data's source (repository, commit and date).
pub fn source() -> &'static str {
    data::data().source
}

/// Every technique, sorted by id.
pub fn techniques() -> &'static [Technique] {
    &data::data().techniques
}

/// Every tactic, in matrix order.
pub fn tactics() -> &'static [Tactic] {
    &data::data().tactics
}

/// Parse `T1059` / `T1059.001` (any case) into (1059, Some(1)). Exactly four digits, and three
/// (not `000`) for a sub-technique.
pub fn parse_technique_id(id: &str) -> Option<(u16, Option<u16>)> {
    let b = id.as_bytes();
    if b.len() < 5 || !b[0].eq_ignore_ascii_case(&b't') {
        return None;
    }
    let digits = |s: &[u8]| s.iter().all(u8::is_ascii_digit);
    let num = |s: &str| s.parse::<u16>().ok();
    match b.len() {
        5 if digits(&b[1..5]) => Some((num(&id[1..5])?, None)),
        9 if digits(&b[1..5]) && b[5] == b'.' && digits(&b[6..9]) && &id[6..9] != "000" => {
            Some((num(&id[1..5])?, Some(num(&id[6..9])?)))
        }
        _ => None,
    }
}

/// The technique with this id (any case, surrounding space ignored).
pub fn technique(id: &str) -> Option<&'static Technique> {
    let d = data::data();
    let id = id.trim();
    let i = match d.by_id.get(id) {
        Some(i) => *i,
        None => *d.by_id.get(id.to_ascii_uppercase().as_str())?,
    };
    d.techniques.get(i)
}

/// The tactic with this id, short name or display name, in any of the formats' spellings.
pub fn tactic(name_or_id: &str) -> Option<&'static Tactic> {
    let d = data::data();
    d.tactics.get(*d.tactic_keys.get(&tactic_key(name_or_id))?)
}

/// The tactics of a technique, in matrix order.
pub fn tactics_of(t: &Technique) -> Vec<&'static Tactic> {
    t.tactics.iter().filter_map(|s| tactic(s)).collect()
}

/// The status of a technique id, if it is in the data.
pub fn status(id: &str) -> Option<Status> {
    technique(id).map(|t| t.status)
}

/// The active technique that replaced a revoked one.
pub fn replacement(id: &str) -> Option<&'static Technique> {
    technique(id)?.replacement()
}

/// A tactic outside the generated data (`stealth`, `PreAttack`, …).
pub fn extra_tactic(name: &str) -> Option<&'static Extra> {
    let d = data::data();
    let e = d.extras.get(*d.extra_keys.get(&tactic_key(name))?)?;
    (e.kind == ExtraKind::Tactic).then_some(e)
}

/// A technique outside the generated data that `extra.tsv` names (`T1685`).
pub fn extra_technique(id: &str) -> Option<&'static Extra> {
    let d = data::data();
    let e = d
        .extras
        .get(*d.extra_keys.get(&id.trim().to_ascii_uppercase())?)?;
    (e.kind == ExtraKind::Technique).then_some(e)
}

/// What a technique id written in a rule is.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum TechniqueLookup {
    /// In the data (any status).
    Known(&'static Technique),
    /// Outside the data but legitimate: a later ATT&CK release (an id above the data's highest,
    /// or a sub-technique above its parent's highest) or ATT&CK for ICS (`T08xx`).
    Outside {
        /// Named in `extra.tsv`.
        extra: Option<&'static Extra>,
        /// `a later ATT&CK Enterprise release`, `ATT&CK for ICS`, …
        origin: &'static str,
    },
    /// Well-formed but not an Enterprise technique of this release (nor a later one).
    Unknown {
        /// The parent, when a sub-technique of a known technique does not exist.
        parent: Option<&'static Technique>,
    },
    /// Not of the form `Tnnnn` / `Tnnnn.nnn`.
    Malformed,
}

/// Classify a technique id.
pub fn lookup_technique(id: &str) -> TechniqueLookup {
    if let Some(t) = technique(id) {
        return TechniqueLookup::Known(t);
    }
    if let Some(e) = extra_technique(id) {
        let origin = match e.origin {
            "ics" => "ATT&CK for ICS",
            "pre-attack" => "PRE-ATT&CK",
            _ => "a later ATT&CK Enterprise release",
        };
        return TechniqueLookup::Outside {
            extra: Some(e),
            origin,
        };
    }
    let Some((num, sub)) = parse_technique_id(id.trim()) else {
        return TechniqueLookup::Malformed;
    };
    if (800..900).contains(&num) {
        return TechniqueLookup::Outside {
            extra: None,
            origin: "ATT&CK for ICS",
        };
    }
    let d = data::data();
    let later = TechniqueLookup::Outside {
        extra: None,
        origin: "a later ATT&CK Enterprise release",
    };
    if num > d.max_technique {
        return later;
    }
    let parent = technique(&format!("T{num:04}"));
    match (sub, parent) {
        (Some(s), Some(p)) if s > d.max_sub.get(&num).copied().unwrap_or(0) => {
            // a new sub-technique of a current technique; a revoked parent gets none
            if p.status == Status::Active {
                later
            } else {
                TechniqueLookup::Unknown { parent: Some(p) }
            }
        }
        (_, parent) => TechniqueLookup::Unknown { parent },
    }
}

/// The text that replaces a technique id as written in a rule: the id itself (`T1086`, any
/// case, optionally quoted), a Sigma tag (`attack.t1086`) or a Panther mapping
/// (`TA0002:T1086`). `None` when the text is anything else (the front end's span covers more
/// than the id).
pub fn rewrite_id(written: &str, old: &str, new: &str) -> Option<String> {
    let (q, inner) = match written.as_bytes() {
        [a, .., b] if a == b && (*a == b'\'' || *a == b'"') => {
            (&written[..1], &written[1..written.len() - 1])
        }
        _ => ("", written),
    };
    // Panther's `TA0005:T1562.001`
    if let Some((tactic, id)) = inner.split_once(':') {
        let new_id = rewrite_id(id, old, new)?;
        return Some(format!("{q}{tactic}:{new_id}{q}"));
    }
    let replaced = if inner.eq_ignore_ascii_case(old) {
        if inner.starts_with('t') {
            new.to_ascii_lowercase()
        } else {
            new.to_ascii_uppercase()
        }
    } else {
        let (prefix, id) = (inner.get(..7)?, inner.get(7..)?);
        if !prefix.eq_ignore_ascii_case("attack.") || !id.eq_ignore_ascii_case(old) {
            return None;
        }
        let id = if id.starts_with('t') {
            new.to_ascii_lowercase()
        } else {
            new.to_ascii_uppercase()
        };
        format!("{prefix}{id}")
    };
    Some(format!("{q}{replaced}{q}"))
}

/// The tactics a rule's tactic entry stands for when matching it against techniques: itself,
/// or for an [`Extra`] its `maps_to` (v19 `stealth` → `defense-evasion`).
pub fn tactic_family(name_or_id: &str) -> Vec<&'static Tactic> {
    if let Some(t) = tactic(name_or_id) {
        return vec![t];
    }
    extra_tactic(name_or_id)
        .map(|e| e.maps_to.iter().filter_map(|s| tactic(s)).collect())
        .unwrap_or_default()
}

/// `Execution (TA0002)`
pub fn tactic_label(t: &Tactic) -> String {
    format!("{} ({})", t.name, t.id)
}

/// Hover text for a technique id (Markdown): name, tactics, status, one-line description.
/// Accepts the id (`T1059.001`, any case), a Sigma tag (`attack.t1059.001`) or a Panther mapping
/// (`TA0002:T1059.001`).
pub fn describe_technique(id: &str) -> Option<String> {
    let id = id.trim();
    let id = id.rsplit_once(':').map_or(id, |(_, t)| t);
    let id = match id.get(..7) {
        Some(p) if p.eq_ignore_ascii_case("attack.") => &id[7..],
        _ => id,
    };
    match lookup_technique(id) {
        TechniqueLookup::Known(t) => {
            let mut s = format!("**{}** {}", t.id, t.name);
            if let Some(p) = t.parent() {
                s.push_str(&format!(" — sub-technique of {} {}", p.id, p.name));
            }
            s.push('\n');
            let tactics: Vec<String> = tactics_of(t).into_iter().map(tactic_label).collect();
            if !tactics.is_empty() {
                s.push_str(&format!("\nTactics: {}", tactics.join(", ")));
            }
            if !t.platforms.is_empty() {
                s.push_str(&format!("\nPlatforms: {}", t.platforms.join(", ")));
            }
            match t.status {
                Status::Revoked => match t.replacement() {
                    Some(r) => s.push_str(&format!(
                        "\n\n**Revoked**: replaced by {} {}",
                        r.id,
                        r.full_name()
                    )),
                    None => s.push_str("\n\n**Revoked** by MITRE"),
                },
                Status::Deprecated => s.push_str("\n\n**Deprecated** by MITRE"),
                Status::Active => {}
            }
            if !t.description.is_empty() {
                s.push_str(&format!("\n\n{}", t.description));
            }
            s.push_str(&format!(
                "\n\n[ATT&CK Enterprise v{}]({})",
                version(),
                t.url()
            ));
            Some(s)
        }
        TechniqueLookup::Outside {
            extra: Some(e),
            origin: _,
        } => Some(format!(
            "**{}** {}\n\n{} — newer than or outside the ATT&CK Enterprise v{} data detlint ships ({}).",
            e.key,
            e.name,
            e.origin_name(),
            version(),
            e.note
        )),
        _ => None,
    }
}

/// Hover text for a tactic (id, short name or display name, Markdown).
pub fn describe_tactic(name_or_id: &str) -> Option<String> {
    if let Some(t) = tactic(name_or_id) {
        let n = techniques()
            .iter()
            .filter(|x| x.status == Status::Active && x.tactics.contains(&t.shortname))
            .count();
        return Some(format!(
            "**{}** {} (`{}`)\n\n{n} active techniques and sub-techniques in ATT&CK Enterprise v{}.\n\n[attack.mitre.org](https://attack.mitre.org/tactics/{}/)",
            t.id,
            t.name,
            t.shortname,
            version(),
            t.id
        ));
    }
    let e = extra_tactic(name_or_id)?;
    Some(format!(
        "**{}** (`{}`)\n\n{} — outside the ATT&CK Enterprise v{} data detlint ships. {}.",
        e.name,
        e.key,
        e.origin_name(),
        version(),
        e.note
    ))
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn lookups() {
        let t = technique("t1059.001").unwrap();
        assert_eq!(t.name, "PowerShell");
        assert_eq!(t.parent().unwrap().id, "T1059");
        assert_eq!(
            t.full_name(),
            "Command and Scripting Interpreter: PowerShell"
        );
        assert_eq!(tactics_of(t)[0].id, "TA0002");
        assert_eq!(replacement("T1086").unwrap().id, "T1059.001");
        assert_eq!(status("T1086"), Some(Status::Revoked));
        for k in [
            "TA0005",
            "ta0005",
            "defense-evasion",
            "defense_evasion",
            "DefenseEvasion",
            "Defense Evasion",
            "attack.defense-evasion",
        ] {
            assert_eq!(tactic(k).map(|t| t.id), Some("TA0005"), "{k}");
        }
        assert_eq!(tactic("Command & Control").unwrap().id, "TA0011");
        assert_eq!(tactic("CommandAndControl").unwrap().id, "TA0011");
        assert!(tactic("stealth").is_none());
        assert_eq!(tactic_family("stealth")[0].id, "TA0005");
        assert_eq!(extra_tactic("PreAttack").unwrap().origin, "pre-attack");
    }

    #[test]
    fn classification() {
        assert!(matches!(
            lookup_technique("T1059"),
            TechniqueLookup::Known(_)
        ));
        assert!(matches!(
            lookup_technique("T1685"),
            TechniqueLookup::Outside { extra: Some(_), .. }
        ));
        assert!(matches!(
            lookup_technique("T1999"),
            TechniqueLookup::Outside { extra: None, .. }
        ));
        assert!(matches!(
            lookup_technique("T1059.999"),
            TechniqueLookup::Outside { extra: None, .. }
        ));
        assert!(matches!(
            lookup_technique("T0801"),
            TechniqueLookup::Outside { extra: None, .. }
        ));
        // a gap below the highest id is not a later technique
        assert!(matches!(
            lookup_technique("T1000"),
            TechniqueLookup::Unknown { parent: None }
        ));
        assert!(matches!(
            lookup_technique("T1086.001"),
            TechniqueLookup::Unknown { parent: Some(_) }
        ));
        assert_eq!(lookup_technique("T159"), TechniqueLookup::Malformed);
        assert_eq!(lookup_technique("T0018.000"), TechniqueLookup::Malformed);
        assert!(matches!(
            lookup_technique("T0018"),
            TechniqueLookup::Unknown { parent: None }
        ));
        assert_eq!(parse_technique_id("T1059.001"), Some((1059, Some(1))));
        assert_eq!(parse_technique_id("T1059.01"), None);
    }

    #[test]
    fn rewrites() {
        assert_eq!(
            rewrite_id("attack.t1086", "T1086", "T1059.001").unwrap(),
            "attack.t1059.001"
        );
        assert_eq!(
            rewrite_id("'T1086'", "T1086", "T1059.001").unwrap(),
            "'T1059.001'"
        );
        assert_eq!(
            rewrite_id("\"t1086\"", "T1086", "T1059.001").unwrap(),
            "\"t1059.001\""
        );
        assert_eq!(
            rewrite_id("TA0002:T1086", "T1086", "T1059.001").unwrap(),
            "TA0002:T1059.001"
        );
        assert_eq!(rewrite_id("id: T1086", "T1086", "T1059.001"), None);
        assert_eq!(rewrite_id("attack.t1087", "T1086", "T1059.001"), None);
    }

    #[test]
    fn descriptions() {
        let d = describe_technique("T1059.001").unwrap();
        assert!(
            d.contains("PowerShell") && d.contains("Execution (TA0002)"),
            "{d}"
        );
        let d = describe_technique("T1086").unwrap();
        assert!(d.contains("Revoked") && d.contains("T1059.001"), "{d}");
        assert!(describe_technique("T1000").is_none());
        assert!(describe_technique("attack.t1059.001").is_some());
        assert!(describe_technique("TA0002:T1059.001").is_some());
        assert!(describe_tactic("DefenseEvasion")
            .unwrap()
            .contains("TA0005"));
        assert!(describe_tactic("stealth").unwrap().contains("v19"));
        assert!(describe_tactic("nope").is_none());
    }
}
