//! Splunk Common Information Model (CIM) data models: the fields each data set offers (compiled in
//! from `rules/splunk/cim_fields.txt`), the event kind each data set stands for, and the data
//! model field references of a `tstats` command.

use detlint_spl::{AggArg, Ident, SearchExpr, TstatsCmd};
use std::collections::{HashMap, HashSet};
use std::sync::OnceLock;

/// Generated (see `tests/splunk_generate.rs`): `<DataModel>\t<Object>.<field>` a line.
pub const CIM_FIELDS_TXT: &str = include_str!("../../../../rules/splunk/cim_fields.txt");

/// Known data model fields, by data model root name.
#[derive(Debug, Default)]
pub struct Cim {
    /// Lower-case root (`endpoint`) → `Object.field` as written in CIM.
    fields: HashMap<String, HashSet<String>>,
    /// Lower-case root → object names (`Processes`, `Filesystem`).
    objects: HashMap<String, HashSet<String>>,
}

impl Cim {
    /// Whether the root data model (`Endpoint`, `Network_Traffic`) is known.
    pub fn knows_model(&self, root: &str) -> bool {
        self.fields.contains_key(&root.to_ascii_lowercase())
    }
    /// Whether `Object` belongs to the data model `root`.
    pub fn has_object(&self, root: &str, object: &str) -> bool {
        self.objects
            .get(&root.to_ascii_lowercase())
            .is_some_and(|o| o.contains(object))
    }
    /// Whether `Object.field` belongs to the data model `root`.
    pub fn has_field(&self, root: &str, field: &str) -> bool {
        self.fields
            .get(&root.to_ascii_lowercase())
            .is_some_and(|f| f.contains(field))
    }
    /// The fields of a data model (for suggestions).
    pub fn fields_of(&self, root: &str) -> impl Iterator<Item = &str> {
        self.fields
            .get(&root.to_ascii_lowercase())
            .into_iter()
            .flatten()
            .map(String::as_str)
    }
    /// The objects of a data model (for suggestions).
    pub fn objects_of(&self, root: &str) -> impl Iterator<Item = &str> {
        self.objects
            .get(&root.to_ascii_lowercase())
            .into_iter()
            .flatten()
            .map(String::as_str)
    }
}

/// The compiled-in CIM field table.
pub fn cim() -> &'static Cim {
    static CIM: OnceLock<Cim> = OnceLock::new();
    CIM.get_or_init(|| {
        let mut c = Cim::default();
        for line in CIM_FIELDS_TXT.lines() {
            let Some((dm, field)) = line.split_once('\t') else {
                continue;
            };
            let dm = dm.trim().to_ascii_lowercase();
            let field = field.trim();
            if let Some((obj, _)) = field.split_once('.') {
                c.objects
                    .entry(dm.clone())
                    .or_default()
                    .insert(obj.to_string());
            }
            c.fields.entry(dm).or_default().insert(field.to_string());
        }
        c
    })
}

/// The data model named by a `tstats … from` value (`datamodel=X`, `datamodel:X`, `X`).
pub fn datamodel_name(from: &str) -> &str {
    let s = from.trim().trim_matches('"');
    let lower = s.to_ascii_lowercase();
    for p in ["datamodel=", "datamodel:", "datamodel"] {
        if lower.starts_with(p) && s.len() > p.len() {
            return s[p.len()..].trim().trim_matches('"');
        }
    }
    s
}

/// The root of a data model path (`Endpoint.Processes` → `Endpoint`).
pub fn root_of(datamodel: &str) -> &str {
    datamodel.split('.').next().unwrap_or(datamodel)
}

/// The event kind a data model (data set) stands for.
pub fn event_kind(datamodel: &str) -> Option<&'static str> {
    let lower = datamodel.to_ascii_lowercase();
    let mut parts = lower.split('.');
    let root = parts.next().unwrap_or("");
    let child = parts.next().unwrap_or("");
    Some(match (root, child) {
        ("endpoint", "processes") => "process_creation",
        ("endpoint", "filesystem") => "file_event",
        ("endpoint", "registry") => "registry_event",
        ("endpoint", "services") => "service",
        ("endpoint", "ports") => "network_listen",
        ("endpoint", _) => return None,
        ("network_traffic", _) => "network_connection",
        ("network_resolution", _) => "dns_query",
        ("authentication", _) => "authentication",
        ("web", _) => "web",
        ("change", "all_changes") if lower.contains("account_management") => "iam",
        ("change", _) => "change",
        ("email", _) => "email",
        ("intrusion_detection", _) => "ids",
        ("malware", _) => "antivirus",
        ("risk", _) => "risk",
        ("certificates", _) => "certificate",
        ("network_sessions", _) => "network_session",
        ("updates", _) => "update",
        ("vulnerabilities", _) => "vulnerability",
        ("alerts", _) => "alert",
        ("data_access", _) => "data_access",
        ("splunk_audit", _) => "audit",
        _ => return None,
    })
}

/// The event kind of the data set a field prefix names (`Processes.` → process_creation), used
/// when `from datamodel=Endpoint` names only the root.
pub fn event_kind_of_object(root: &str, object: &str) -> Option<&'static str> {
    event_kind(&format!("{root}.{object}"))
}

/// Every data-model-looking field (`Object.field`) a `tstats` command references: aggregation
/// arguments, `by` fields and `where` predicates.
pub fn tstats_field_refs(cmd: &TstatsCmd) -> Vec<&Ident> {
    let mut out = Vec::new();
    for a in &cmd.aggregations {
        for arg in &a.args {
            if let AggArg::Field(i) = arg {
                out.push(i);
            }
        }
    }
    if let Some(f) = &cmd.filter {
        for p in detlint_spl::visit::search_predicates(f) {
            match p {
                SearchExpr::Compare { field, .. } | SearchExpr::In { field, .. } => out.push(field),
                _ => {}
            }
        }
    }
    out.extend(cmd.by.iter());
    out.retain(|i| is_dm_field(&i.name));
    out
}

/// `Object.field` with an upper-case-or-underscore object name and no wildcard.
pub fn is_dm_field(name: &str) -> bool {
    match name.split_once('.') {
        Some((obj, field)) => {
            !obj.is_empty()
                && !field.is_empty()
                && !name.contains('*')
                && !name.contains('{')
                && obj.chars().next().is_some_and(|c| c.is_ascii_uppercase())
                && obj.chars().all(|c| c.is_ascii_alphanumeric() || c == '_')
        }
        None => false,
    }
}
