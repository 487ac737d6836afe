//! The catalog: what detlint knows about how the community writes rules — corpus reach of every
//! indicator, per-technique fields, values and exclusions, and the rules themselves. Built from a
//! corpus by [`build`], stored as one JSON file, the default one embedded in the binary.

pub mod blob;
pub mod build;
pub mod guide;
pub mod pack;
pub mod render;
pub mod site;
pub mod stats;

use crate::model::{Format, Op};
use serde::{Deserialize, Serialize};
/// The catalog's maps hash with foldhash: lookups by field, technique and indicator key are on
/// every check's hot path, where SipHash was a visible share of the time.
pub type HashMap<K, V, S = foldhash::fast::RandomState> = std::collections::HashMap<K, V, S>;
use blob::{RuleWord, Sec, U32s};
use std::sync::OnceLock;

/// Where a catalog's rules came from.
#[derive(Debug, Clone, Serialize, Deserialize, PartialEq)]
pub struct CorpusSource {
    pub vendor: String,
    pub repository: String,
    pub commit: String,
}

/// One rule of the catalog.
#[derive(Debug, Clone, Serialize, Deserialize, PartialEq)]
pub struct CatalogRule {
    pub vendor: Format,
    pub title: String,
    pub id: String,
    /// Path relative to the corpus root it was built from.
    pub path: String,
    pub platforms: Vec<String>,
    /// endpoint, network, identity, cloud, saas or other.
    pub domain: String,
    pub techniques: Vec<String>,
    pub event_kinds: Vec<String>,
    /// Indicators checked positively (ids into `indicators`).
    pub indicators: Vec<u32>,
    /// Indicators under a top-level negation.
    pub exclusions: Vec<u32>,
}

/// The stored catalog.
#[derive(Debug, Clone, Serialize, Deserialize, PartialEq, Default)]
pub struct CatalogFile {
    pub version: u32,
    /// The command that produced the file.
    pub generated_by: String,
    pub corpus: Vec<CorpusSource>,
    /// Canonical field names (indexed by indicators).
    pub fields: Vec<String>,
    /// (field index, operator, normalized value).
    pub indicators: Vec<(u32, Op, String)>,
    pub rules: Vec<CatalogRule>,
}

/// A loaded catalog: a packed blob (see `blob.rs`) read in place, plus the exclusion
/// expectations computed on first use.
#[derive(Debug, Default, Clone)]
pub struct Catalog {
    blob: blob::Blob,
    /// Operators by code (codes of operators this build does not know map to `None`).
    ops: Vec<Option<Op>>,
    /// Code of each operator of `Op::ALL` in this blob (`u32::MAX`: absent).
    op_codes: [u32; Op::ALL.len()],
}

/// What the rules of one technique that filter one field exclude on it (precomputed when the
/// catalog is packed).
#[derive(Debug, Default, Clone, Copy)]
pub struct Expectation<'a> {
    /// Rules of the technique filtering the field (positively or in an exclusion).
    pub filtering: usize,
    /// `(indicator id, rules list)` triples.
    triples: U32s<'a>,
    pool: U32s<'a>,
}

impl<'a> Expectation<'a> {
    /// Exclusion indicator ids on the field that at least two of the rules apply, with the
    /// rules (ids) applying each, most applied first.
    pub fn exclusions(&self) -> impl Iterator<Item = (u32, U32s<'a>)> + 'a {
        let (t, pool) = (self.triples, self.pool);
        (0..t.len() / 3).map(move |i| {
            (
                t.at(3 * i),
                pool.slice(t.at(3 * i + 1) as usize, t.at(3 * i + 2) as usize),
            )
        })
    }
}

/// One rule of a loaded catalog.
#[derive(Clone, Copy)]
pub struct RuleRef<'a> {
    cat: &'a Catalog,
    words: U32s<'a>,
}

impl<'a> RuleRef<'a> {
    fn str(&self, w: RuleWord) -> &'a str {
        self.cat.blob.str(self.words.at(w as usize))
    }

    fn list(&self, w: RuleWord) -> U32s<'a> {
        self.cat.blob.list(self.words, w as usize)
    }

    fn strs(&self, w: RuleWord) -> impl Iterator<Item = &'a str> + Clone + 'a {
        let blob = &self.cat.blob;
        self.list(w).iter().map(move |s| blob.str(s))
    }

    /// The rule's vendor.
    pub fn vendor(&self) -> Format {
        Format::from_name(self.str(RuleWord::Vendor)).unwrap_or(Format::Sigma)
    }

    pub fn title(&self) -> &'a str {
        self.str(RuleWord::Title)
    }

    pub fn id(&self) -> &'a str {
        self.str(RuleWord::Id)
    }

    /// Path relative to the corpus root it was built from.
    pub fn path(&self) -> &'a str {
        self.str(RuleWord::Path)
    }

    /// endpoint, network, identity, cloud, saas or other.
    pub fn domain(&self) -> &'a str {
        self.str(RuleWord::Domain)
    }

    pub fn platforms(&self) -> impl Iterator<Item = &'a str> + Clone + 'a {
        self.strs(RuleWord::Platforms)
    }

    pub fn techniques(&self) -> impl Iterator<Item = &'a str> + Clone + 'a {
        self.strs(RuleWord::Techniques)
    }

    pub fn event_kinds(&self) -> impl Iterator<Item = &'a str> + Clone + 'a {
        self.strs(RuleWord::EventKinds)
    }

    /// Indicators checked positively (sorted ids).
    pub fn indicators(&self) -> U32s<'a> {
        self.list(RuleWord::Indicators)
    }

    /// Indicators under a top-level negation (sorted ids).
    pub fn exclusions(&self) -> U32s<'a> {
        self.list(RuleWord::Exclusions)
    }

    /// Near-duplicate keys: sorted indicator ids, exclusions as `id | EXCLUSION_KEY` (empty
    /// for rules with fewer than 3 positive indicators).
    pub fn near_dup_keys(&self) -> impl Iterator<Item = u64> + 'a {
        self.list(RuleWord::NearDup).iter().map(|k| {
            if k & blob::EXCLUSION_BIT != 0 {
                u64::from(k & !blob::EXCLUSION_BIT) | EXCLUSION_KEY
            } else {
                u64::from(k)
            }
        })
    }

    /// The rule as stored in a catalog file.
    pub fn to_owned_rule(&self) -> CatalogRule {
        CatalogRule {
            vendor: self.vendor(),
            title: self.title().to_string(),
            id: self.id().to_string(),
            path: self.path().to_string(),
            platforms: self.platforms().map(str::to_string).collect(),
            domain: self.domain().to_string(),
            techniques: self.techniques().map(str::to_string).collect(),
            event_kinds: self.event_kinds().map(str::to_string).collect(),
            indicators: self.indicators().iter().collect(),
            exclusions: self.exclusions().iter().collect(),
        }
    }
}

/// The near-duplicate key of an exclusion indicator id.
pub const EXCLUSION_KEY: u64 = 1 << 32;

/// The parent technique of a sub-technique (`T1059.001` → `T1059`).
pub fn parent_technique(t: &str) -> Option<&str> {
    t.split_once('.').map(|(p, _)| p)
}

/// Compare `stored` with `query` upper-cased (ASCII), without allocating.
fn cmp_upper(stored: &[u8], query: &str) -> std::cmp::Ordering {
    stored
        .iter()
        .copied()
        .cmp(query.bytes().map(|b| b.to_ascii_uppercase()))
}

impl Catalog {
    /// Read a packed blob.
    fn from_blob(blob: blob::Blob) -> Catalog {
        let mut ops = Vec::new();
        let mut op_codes = [u32::MAX; Op::ALL.len()];
        for (code, name) in blob.words(Sec::Ops).iter().enumerate() {
            let op = Op::from_name(blob.str(name));
            if let Some(op) = op {
                if let Some(i) = Op::ALL.iter().position(|o| *o == op) {
                    op_codes[i] = code as u32;
                }
            }
            ops.push(op);
        }
        Catalog {
            blob,
            ops,
            op_codes,
        }
    }

    /// Index a catalog file (packs it).
    pub fn from_file(file: &CatalogFile) -> Catalog {
        Catalog::from_packed(pack::pack(file)).unwrap_or_default()
    }

    /// Read a packed catalog (`detlint catalog pack`).
    pub fn from_packed(bytes: Vec<u8>) -> Result<Catalog, String> {
        Ok(Catalog::from_blob(blob::Blob::new(bytes)?))
    }

    /// Parse a catalog from JSON text.
    pub fn from_json(text: &str) -> Result<Catalog, String> {
        let file: CatalogFile =
            serde_json::from_str(text).map_err(|e| format!("invalid catalog: {e}"))?;
        Ok(Catalog::from_file(&file))
    }

    /// Load a catalog file from disk: packed, or JSON as `detlint catalog build` writes it.
    pub fn load(path: &std::path::Path) -> Result<Catalog, String> {
        let bytes = std::fs::read(path).map_err(|e| format!("{}: {e}", path.display()))?;
        let loaded = if bytes.starts_with(&blob::MAGIC[..6]) {
            Catalog::from_packed(bytes)
        } else {
            String::from_utf8(bytes)
                .map_err(|_| "invalid catalog: not UTF-8 JSON".to_string())
                .and_then(|text| Catalog::from_json(&text))
        };
        loaded.map_err(|e| format!("{}: {e}", path.display()))
    }

    /// The default catalog built from the public corpus, embedded in the binary packed
    /// (`rules/catalog.bin`, made from `rules/catalog.json` by `detlint catalog pack`) and read
    /// in place.
    pub fn embedded() -> &'static Catalog {
        static C: OnceLock<Catalog> = OnceLock::new();
        C.get_or_init(|| match blob::Blob::new_static(EMBEDDED) {
            Ok(b) => Catalog::from_blob(b),
            Err(e) => {
                tracing::error!("embedded catalog: {e}");
                Catalog::default()
            }
        })
    }

    /// The packed bytes.
    pub fn packed(&self) -> &[u8] {
        self.blob.bytes()
    }

    /// The catalog as a catalog file (for `detlint catalog` output and tests).
    pub fn to_file(&self) -> CatalogFile {
        let meta = self.blob.words(Sec::Meta);
        CatalogFile {
            version: meta.at(0),
            generated_by: self.blob.str(meta.at(1)).to_string(),
            corpus: self.corpus(),
            fields: (0..self.field_count())
                .map(|f| self.field_name(f as u32).to_string())
                .collect(),
            indicators: (0..self.indicator_count() as u32)
                .filter_map(|i| {
                    let (f, op, v) = self.indicator_parts(i)?;
                    Some((f, op, v.to_string()))
                })
                .collect(),
            rules: self.rules().map(|r| r.to_owned_rule()).collect(),
        }
    }

    /// Where the catalog's rules came from.
    pub fn corpus(&self) -> Vec<CorpusSource> {
        let meta = self.blob.words(Sec::Meta);
        let sources = meta.slice(2, meta.len().saturating_sub(2));
        (0..sources.len() / 3)
            .map(|i| CorpusSource {
                vendor: self.blob.str(sources.at(3 * i)).to_string(),
                repository: self.blob.str(sources.at(3 * i + 1)).to_string(),
                commit: self.blob.str(sources.at(3 * i + 2)).to_string(),
            })
            .collect()
    }

    /// Number of rules.
    pub fn rule_count(&self) -> usize {
        self.blob.words(Sec::Rules).len() / blob::RULE_WORDS
    }

    /// Rule `i` (an empty rule past the end).
    pub fn rule(&self, i: usize) -> RuleRef<'_> {
        RuleRef {
            cat: self,
            words: self
                .blob
                .words(Sec::Rules)
                .slice(i.saturating_mul(blob::RULE_WORDS), blob::RULE_WORDS),
        }
    }

    /// Every rule, in catalog order.
    pub fn rules(&self) -> impl Iterator<Item = RuleRef<'_>> {
        (0..self.rule_count()).map(|i| self.rule(i))
    }

    /// Number of canonical fields.
    pub fn field_count(&self) -> usize {
        self.blob.words(Sec::Fields).len()
    }

    /// The name of field `f` ("" past the end).
    pub fn field_name(&self, f: u32) -> &str {
        match self.blob.words(Sec::Fields).get(f as usize) {
            Some(s) => self.blob.str(s),
            None => "",
        }
    }

    /// The id of a canonical field.
    pub fn field_id(&self, name: &str) -> Option<u32> {
        let fields = self.blob.words(Sec::Fields);
        self.blob
            .probe(Sec::FieldHash, blob::field_hash(name.as_bytes()), |f| {
                self.blob.str_bytes(fields.at(f as usize)) == name.as_bytes()
            })
    }

    /// Number of indicators.
    pub fn indicator_count(&self) -> usize {
        self.blob.words(Sec::Indicators).len() / 4
    }

    /// (field id, operator, value) of an indicator.
    fn indicator_parts(&self, id: u32) -> Option<(u32, Op, &str)> {
        let w = self.blob.words(Sec::Indicators).slice(4 * id as usize, 4);
        if w.len() < 4 {
            return None;
        }
        let op = (*self.ops.get(w.at(1) as usize)?)?;
        let value = std::str::from_utf8(self.blob.str_bytes_at(w.at(2), w.at(3))).ok()?;
        Some((w.at(0), op, value))
    }

    /// The (field, op, value) of an indicator id.
    pub fn indicator(&self, id: u32) -> Option<(&str, Op, &str)> {
        let (f, op, v) = self.indicator_parts(id)?;
        (f < self.field_count() as u32).then(|| (self.field_name(f), op, v))
    }

    /// The field id of an indicator.
    pub fn indicator_field(&self, id: u32) -> Option<u32> {
        self.blob.words(Sec::Indicators).get(4 * id as usize)
    }

    /// The id of an indicator, if the catalog has it.
    pub fn indicator_id(&self, field: &str, op: Op, value: &str) -> Option<u32> {
        let f = self.field_id(field)?;
        let code = *self.op_codes.get(Op::ALL.iter().position(|o| *o == op)?)?;
        let inds = self.blob.words(Sec::Indicators);
        self.blob.probe(
            Sec::IndicatorHash,
            blob::indicator_hash(f, code, value.as_bytes()),
            |i| {
                let w = inds.slice(4 * i as usize, 4);
                w.at(0) == f
                    && w.at(1) == code
                    && self.blob.str_bytes_at(w.at(2), w.at(3)) == value.as_bytes()
            },
        )
    }

    /// Number of rules checking indicator `id` positively.
    pub fn reach(&self, id: u32) -> u32 {
        self.blob.words(Sec::Reach).at(id as usize)
    }

    /// Corpus reach of an indicator (0 when the catalog has never seen it).
    pub fn reach_of(&self, field: &str, op: Op, value: &str) -> u32 {
        self.indicator_id(field, op, value)
            .map(|i| self.reach(i))
            .unwrap_or(0)
    }

    /// Rules checking near-duplicate key `key` (an indicator id, or `id | EXCLUSION_KEY` for an
    /// exclusion), in catalog order.
    pub fn near_dup_postings(&self, key: u64) -> U32s<'_> {
        let n = self.indicator_count() as u64;
        let slot = if key & EXCLUSION_KEY != 0 {
            (key & !EXCLUSION_KEY) + n
        } else {
            key
        };
        if key >= 2 * EXCLUSION_KEY || slot >= 2 * n {
            return U32s::default();
        }
        let offsets = self.blob.words(Sec::PostingOffsets);
        let (a, b) = (offsets.at(slot as usize), offsets.at(slot as usize + 1));
        self.blob
            .words(Sec::PostingRules)
            .slice(a as usize, b.saturating_sub(a) as usize)
    }

    /// Rules under a technique (and its sub-techniques), in catalog order.
    pub fn rules_of(&self, technique: &str) -> U32s<'_> {
        let table = self.blob.words(Sec::Techniques);
        let (mut lo, mut hi) = (0, table.len() / 3);
        while lo < hi {
            let mid = lo + (hi - lo) / 2;
            match cmp_upper(self.blob.str_bytes(table.at(3 * mid)), technique) {
                std::cmp::Ordering::Less => lo = mid + 1,
                std::cmp::Ordering::Greater => hi = mid,
                std::cmp::Ordering::Equal => return self.blob.list(table, 3 * mid + 1),
            }
        }
        U32s::default()
    }

    /// Every technique some rule is tagged with (parents of sub-techniques included), sorted.
    pub fn techniques(&self) -> impl Iterator<Item = &str> {
        let table = self.blob.words(Sec::Techniques);
        (0..table.len() / 3).map(move |i| self.blob.str(table.at(3 * i)))
    }

    /// The record of event kind `kind`: (rule count, (field, rules) pairs).
    fn kind(&self, kind: &str) -> Option<(u32, U32s<'_>)> {
        let table = self.blob.words(Sec::Kinds);
        let (mut lo, mut hi) = (0, table.len() / 4);
        while lo < hi {
            let mid = lo + (hi - lo) / 2;
            match self.blob.str_bytes(table.at(4 * mid)).cmp(kind.as_bytes()) {
                std::cmp::Ordering::Less => lo = mid + 1,
                std::cmp::Ordering::Greater => hi = mid,
                std::cmp::Ordering::Equal => {
                    return Some((table.at(4 * mid + 1), self.blob.list(table, 4 * mid + 2)))
                }
            }
        }
        None
    }

    /// Number of rules of event kind `kind`.
    pub fn kind_rules(&self, kind: &str) -> u32 {
        self.kind(kind).map(|(n, _)| n).unwrap_or(0)
    }

    /// Number of rules of `kind` filtering `field`.
    pub fn kind_field_rules(&self, kind: &str, field: &str) -> u32 {
        let (Some(f), Some((_, pairs))) = (self.field_id(field), self.kind(kind)) else {
            return 0;
        };
        let (mut lo, mut hi) = (0, pairs.len() / 2);
        while lo < hi {
            let mid = lo + (hi - lo) / 2;
            match pairs.at(2 * mid).cmp(&f) {
                std::cmp::Ordering::Less => lo = mid + 1,
                std::cmp::Ordering::Greater => hi = mid,
                std::cmp::Ordering::Equal => return pairs.at(2 * mid + 1),
            }
        }
        0
    }

    /// The fields rules of `kind` filter (sorted by name).
    pub fn kind_fields(&self, kind: &str) -> Vec<&str> {
        self.kind(kind)
            .map(|(_, pairs)| {
                (0..pairs.len() / 2)
                    .map(|i| self.field_name(pairs.at(2 * i)))
                    .collect()
            })
            .unwrap_or_default()
    }

    /// Number of rules filtering `field`, all vendors.
    pub fn field_usage(&self, field: &str) -> u32 {
        self.field_usage_by_vendor(field).iter().sum()
    }

    /// Number of rules filtering `field`, per vendor in `Format::ALL` order.
    pub fn field_usage_by_vendor(&self, field: &str) -> [u32; 5] {
        let mut out = [0; 5];
        if let Some(f) = self.field_id(field) {
            let row = self.blob.words(Sec::FieldRules).slice(5 * f as usize, 5);
            for (o, n) in out.iter_mut().zip(row.iter()) {
                *o = n;
            }
        }
        out
    }

    /// Which exclusions on `field` the rules of `technique` apply.
    pub fn expectation(&self, technique: &str, field: &str) -> Expectation<'_> {
        self.expectations_of(technique).field(field)
    }

    /// The expectations of one technique, to look up several fields: the technique is found
    /// once (string comparisons), each field then by its id.
    pub fn expectations_of(&self, technique: &str) -> TechniqueExpectations<'_> {
        let table = self.blob.words(Sec::Expectations);
        let rows = table.len() / 5;
        let tech = |i: usize| cmp_upper(self.blob.str_bytes(table.at(5 * i)), technique);
        let lo = partition(rows, |i| tech(i) == std::cmp::Ordering::Less);
        let hi = lo + partition(rows - lo, |i| tech(lo + i) != std::cmp::Ordering::Greater);
        TechniqueExpectations {
            cat: self,
            rows: lo..hi,
        }
    }
}

/// The first index in `0..n` where `before` is false (`before` holds on a prefix).
fn partition(n: usize, before: impl Fn(usize) -> bool) -> usize {
    let (mut lo, mut hi) = (0, n);
    while lo < hi {
        let mid = lo + (hi - lo) / 2;
        if before(mid) {
            lo = mid + 1;
        } else {
            hi = mid;
        }
    }
    lo
}

/// The expectation rows of one technique (see [`Catalog::expectations_of`]).
pub struct TechniqueExpectations<'a> {
    cat: &'a Catalog,
    rows: std::ops::Range<usize>,
}

impl<'a> TechniqueExpectations<'a> {
    /// Which exclusions on `field` the rules of the technique apply.
    pub fn field(&self, field: &str) -> Expectation<'a> {
        let cat = self.cat;
        let Some(f) = cat.field_id(field) else {
            return Expectation::default();
        };
        let table = cat.blob.words(Sec::Expectations);
        let start = self.rows.start;
        let n = self.rows.len();
        let i = start + partition(n, |i| table.at(5 * (start + i) + 1) < f);
        if i < self.rows.end && table.at(5 * i + 1) == f {
            Expectation {
                filtering: table.at(5 * i + 2) as usize,
                triples: cat.blob.list(table, 5 * i + 3),
                pool: cat.blob.words(Sec::Pool),
            }
        } else {
            Expectation::default()
        }
    }
}

/// The embedded packed catalog.
static EMBEDDED: &[u8] = include_bytes!("../../../rules/catalog.bin");
