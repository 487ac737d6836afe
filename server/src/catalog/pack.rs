//! Packing a catalog file into the layout `blob.rs` reads: strings interned, indexes (reach,
//! rules per technique, field and indicator hash tables, near-duplicate postings) computed once
//! here instead of on every start-up. The output depends only on the input (no hash-map order),
//! so `rules/catalog.bin` can be checked against `rules/catalog.json` byte for byte.

use super::blob::{
    field_hash, indicator_hash, RuleWord, Sec, EXCLUSION_BIT, MAGIC, MIN_EXCLUSION_RULES,
    RULE_WORDS, SECTIONS,
};
use super::{parent_technique, CatalogFile};
use crate::model::{Format, Op};
use std::collections::{BTreeMap, HashMap};

/// Interned strings.
#[derive(Default)]
struct Strings {
    ids: HashMap<String, u32>,
    bytes: Vec<u8>,
    offsets: Vec<u32>,
}

impl Strings {
    fn id(&mut self, s: &str) -> u32 {
        if let Some(&id) = self.ids.get(s) {
            return id;
        }
        if self.offsets.is_empty() {
            self.offsets.push(0);
        }
        let id = (self.offsets.len() - 1) as u32;
        self.bytes.extend_from_slice(s.as_bytes());
        self.offsets.push(self.bytes.len() as u32);
        self.ids.insert(s.to_string(), id);
        id
    }
}

/// The list pool: lists are appended and referred to as (start, len).
#[derive(Default)]
struct Pool(Vec<u32>);

impl Pool {
    fn push(&mut self, items: impl IntoIterator<Item = u32>) -> [u32; 2] {
        let start = self.0.len();
        self.0.extend(items);
        [start as u32, (self.0.len() - start) as u32]
    }
}

/// An open-addressed table of `(id + 1, hash >> 32)` slots for `hashes[id]` (at most half
/// full).
fn hash_table(hashes: impl ExactSizeIterator<Item = u64>) -> Vec<u32> {
    let size = (hashes.len() * 2).next_power_of_two().max(2);
    let mut slots = vec![0u32; 2 * size];
    for (id, h) in hashes.enumerate() {
        let mut i = (h as usize) & (size - 1);
        while slots[2 * i] != 0 {
            i = (i + 1) & (size - 1);
        }
        slots[2 * i] = id as u32 + 1;
        slots[2 * i + 1] = (h >> 32) as u32;
    }
    slots
}

/// Exclusion expectations of the rules of one technique: per field they filter (ascending),
/// the number of those rules and the exclusions on the field at least
/// [`MIN_EXCLUSION_RULES`] of them apply, with the rules applying each, most applied first.
type FieldExpectation = (u32, u32, Vec<(u32, Vec<u32>)>);

fn expectations(file: &CatalogFile, rules: &[u32]) -> Vec<FieldExpectation> {
    let field_of = |i: u32| file.indicators.get(i as usize).map(|x| x.0);
    let mut filtering: BTreeMap<u32, u32> = BTreeMap::new();
    let mut users: BTreeMap<u32, BTreeMap<u32, Vec<u32>>> = BTreeMap::new();
    let mut fields: Vec<u32> = Vec::new();
    for &ri in rules {
        let Some(r) = file.rules.get(ri as usize) else {
            continue;
        };
        fields.clear();
        fields.extend(
            r.indicators
                .iter()
                .chain(&r.exclusions)
                .filter_map(|&i| field_of(i)),
        );
        fields.sort_unstable();
        fields.dedup();
        for &f in &fields {
            *filtering.entry(f).or_default() += 1;
        }
        for &e in &r.exclusions {
            if let Some(f) = field_of(e) {
                users.entry(f).or_default().entry(e).or_default().push(ri);
            }
        }
    }
    filtering
        .into_iter()
        .map(|(f, n)| {
            let mut exclusions: Vec<(u32, Vec<u32>)> = users
                .remove(&f)
                .unwrap_or_default()
                .into_iter()
                .filter(|(_, u)| u.len() >= MIN_EXCLUSION_RULES)
                .collect();
            exclusions.sort_by(|a, b| b.1.len().cmp(&a.1.len()).then(a.0.cmp(&b.0)));
            (f, n, exclusions)
        })
        .collect()
}

fn op_code(op: Op) -> u32 {
    Op::ALL.iter().position(|o| *o == op).unwrap_or(0) as u32
}

fn vendor_index(f: Format) -> usize {
    Format::ALL.iter().position(|x| *x == f).unwrap_or(0)
}

/// Pack `file` (see `blob.rs` for the layout).
pub fn pack(file: &CatalogFile) -> Vec<u8> {
    let mut strings = Strings::default();
    strings.id("");
    let mut pool = Pool::default();
    let mut sec: Vec<Vec<u32>> = vec![Vec::new(); SECTIONS];

    let meta = &mut sec[Sec::Meta as usize];
    meta.push(file.version);
    meta.push(strings.id(&file.generated_by));
    for c in &file.corpus {
        meta.extend([
            strings.id(&c.vendor),
            strings.id(&c.repository),
            strings.id(&c.commit),
        ]);
    }
    sec[Sec::Ops as usize] = Op::ALL.iter().map(|o| strings.id(o.name())).collect();
    sec[Sec::Fields as usize] = file.fields.iter().map(|f| strings.id(f)).collect();
    sec[Sec::FieldHash as usize] = hash_table(file.fields.iter().map(|f| field_hash(f.as_bytes())));
    let n = file.indicators.len();
    for (f, op, v) in &file.indicators {
        let value = strings.id(v) as usize;
        let (start, end) = (strings.offsets[value], strings.offsets[value + 1]);
        sec[Sec::Indicators as usize].extend([*f, op_code(*op), start, end - start]);
    }
    sec[Sec::IndicatorHash as usize] = hash_table(
        file.indicators
            .iter()
            .map(|(f, op, v)| indicator_hash(*f, op_code(*op), v.as_bytes())),
    );

    let mut reach = vec![0u32; n];
    let mut field_rules = vec![[0u32; 5]; file.fields.len()];
    let mut techniques: BTreeMap<String, Vec<u32>> = BTreeMap::new();
    let mut kinds: BTreeMap<&str, (u32, BTreeMap<u32, u32>)> = BTreeMap::new();
    let mut postings: Vec<Vec<u32>> = vec![Vec::new(); 2 * n];
    let mut seen_fields: Vec<u32> = Vec::new();
    for (ri, r) in file.rules.iter().enumerate() {
        let ri = ri as u32;
        for &i in &r.indicators {
            if let Some(x) = reach.get_mut(i as usize) {
                *x += 1;
            }
        }
        seen_fields.clear();
        for &i in r.indicators.iter().chain(&r.exclusions) {
            if let Some((f, _, _)) = file.indicators.get(i as usize) {
                if !seen_fields.contains(f) {
                    seen_fields.push(*f);
                }
            }
        }
        for &f in &seen_fields {
            if let Some(row) = field_rules.get_mut(f as usize) {
                row[vendor_index(r.vendor)] += 1;
            }
        }
        for k in &r.event_kinds {
            let (count, fields) = kinds.entry(k).or_default();
            *count += 1;
            for &f in &seen_fields {
                *fields.entry(f).or_default() += 1;
            }
        }
        for t in &r.techniques {
            techniques
                .entry(t.to_ascii_uppercase())
                .or_default()
                .push(ri);
            if let Some(p) = parent_technique(t) {
                techniques
                    .entry(p.to_ascii_uppercase())
                    .or_default()
                    .push(ri);
            }
        }
        let mut near_dup: Vec<u32> = Vec::new();
        if r.indicators.len() >= 3 {
            near_dup.extend(r.indicators.iter().filter(|&&i| i < EXCLUSION_BIT));
            near_dup.extend(
                r.exclusions
                    .iter()
                    .filter(|&&i| i < EXCLUSION_BIT)
                    .map(|&i| i | EXCLUSION_BIT),
            );
            near_dup.sort_unstable();
            near_dup.dedup();
            for &k in &near_dup {
                let slot = if k & EXCLUSION_BIT != 0 {
                    n + (k & !EXCLUSION_BIT) as usize
                } else {
                    k as usize
                };
                if let Some(p) = postings.get_mut(slot) {
                    p.push(ri);
                }
            }
        }
        let mut words = [0u32; RULE_WORDS];
        words[RuleWord::Vendor as usize] = strings.id(r.vendor.name());
        words[RuleWord::Title as usize] = strings.id(&r.title);
        words[RuleWord::Id as usize] = strings.id(&r.id);
        words[RuleWord::Path as usize] = strings.id(&r.path);
        words[RuleWord::Domain as usize] = strings.id(&r.domain);
        let mut list = |at: RuleWord, items: Vec<u32>| {
            let [s, l] = pool.push(items);
            words[at as usize] = s;
            words[at as usize + 1] = l;
        };
        list(
            RuleWord::Platforms,
            r.platforms.iter().map(|s| strings.id(s)).collect(),
        );
        list(
            RuleWord::Techniques,
            r.techniques.iter().map(|s| strings.id(s)).collect(),
        );
        list(
            RuleWord::EventKinds,
            r.event_kinds.iter().map(|s| strings.id(s)).collect(),
        );
        list(RuleWord::Indicators, r.indicators.clone());
        list(RuleWord::Exclusions, r.exclusions.clone());
        list(RuleWord::NearDup, near_dup);
        sec[Sec::Rules as usize].extend(words);
    }
    sec[Sec::Reach as usize] = reach;
    sec[Sec::FieldRules as usize] = field_rules.into_iter().flatten().collect();
    for (t, rules) in techniques.iter_mut() {
        rules.sort_unstable();
        rules.dedup();
        let id = strings.id(t);
        let [s, l] = pool.push(rules.iter().copied());
        sec[Sec::Techniques as usize].extend([id, s, l]);
    }
    for (t, rules) in &techniques {
        let id = strings.id(t);
        for (field, filtering, exclusions) in expectations(file, rules) {
            let mut triples = Vec::with_capacity(3 * exclusions.len());
            for (e, users) in exclusions {
                let [s, l] = pool.push(users);
                triples.extend([e, s, l]);
            }
            let [s, l] = pool.push(triples);
            sec[Sec::Expectations as usize].extend([id, field, filtering, s, l]);
        }
    }
    for (k, (count, fields)) in kinds {
        let id = strings.id(k);
        let [s, l] = pool.push(fields.into_iter().flat_map(|(f, c)| [f, c]));
        sec[Sec::Kinds as usize].extend([id, count, s, l]);
    }
    let mut offsets = Vec::with_capacity(postings.len() + 1);
    let mut rules = Vec::new();
    offsets.push(0);
    for p in postings {
        rules.extend(p);
        offsets.push(rules.len() as u32);
    }
    sec[Sec::PostingOffsets as usize] = offsets;
    sec[Sec::PostingRules as usize] = rules;
    sec[Sec::Pool as usize] = pool.0;
    if strings.offsets.is_empty() {
        strings.offsets.push(0);
    }
    sec[Sec::StrIndex as usize] = strings.offsets;

    // header, the word sections in order, the string bytes last
    let header = MAGIC.len() + 4 + 8 * SECTIONS;
    let mut out: Vec<u8> = Vec::with_capacity(
        header + sec.iter().map(|s| 4 * s.len()).sum::<usize>() + strings.bytes.len(),
    );
    out.extend_from_slice(MAGIC);
    out.extend_from_slice(&(SECTIONS as u32).to_le_bytes());
    let mut at = header;
    let mut table = Vec::with_capacity(SECTIONS);
    for (i, s) in sec.iter().enumerate() {
        let len = if i == Sec::StrBytes as usize {
            strings.bytes.len()
        } else {
            4 * s.len()
        };
        table.push((at, len));
        at += len;
    }
    // StrBytes is section 0 but stored last: shift the others down.
    let str_len = table[Sec::StrBytes as usize].1;
    for (i, entry) in table.iter_mut().enumerate() {
        if i == Sec::StrBytes as usize {
            entry.0 = at - str_len;
        } else {
            entry.0 -= str_len;
        }
    }
    for (off, len) in &table {
        out.extend_from_slice(&(*off as u32).to_le_bytes());
        out.extend_from_slice(&(*len as u32).to_le_bytes());
    }
    for (i, s) in sec.iter().enumerate() {
        if i != Sec::StrBytes as usize {
            for w in s {
                out.extend_from_slice(&w.to_le_bytes());
            }
        }
    }
    out.extend_from_slice(&strings.bytes);
    out
}
