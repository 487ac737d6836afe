//! The packed catalog's byte layout and its zero-copy reader.
//!
//! The embedded catalog is read where it lies in the binary: nothing is parsed or allocated at
//! start-up, and its pages come from the page cache instead of freshly zeroed heap (loading the
//! JSON form cost 15 ms and 31 MB on every run). `pack.rs` writes the layout, this file reads it.
//!
//! Layout (all integers little-endian `u32`): an 8-byte magic, the section count, then one
//! `(offset, length)` pair per [`Sec`], then the sections. Strings are interned: every string is
//! an id into `StrIndex` (offsets into `StrBytes`). Lists are `(start, len)` pairs into `Pool`.
//! Hash tables are open-addressed with linear probing, power-of-two sized; a slot is two words,
//! `id + 1` (0: empty) and the high half of the hash, so a probe only reads the entry it may
//! match. They hash with [`hash_bytes`], which is stable across builds.
//!
//! Every accessor is total: on a damaged blob it returns empty values, never panics and never
//! loops forever, so a bad `--catalog` file cannot bring the linter down. [`Blob::new`] checks
//! the header, the section bounds and that the string bytes are UTF-8.

/// The first bytes of a packed catalog (the last byte is the layout version).
pub const MAGIC: &[u8; 8] = b"DLCATv\x00\x04";

/// The sections of a packed catalog, in header order.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
#[repr(usize)]
pub enum Sec {
    /// UTF-8 bytes of every string, concatenated.
    StrBytes,
    /// `count + 1` offsets into `StrBytes`.
    StrIndex,
    /// `version, generated_by`, then `(vendor, repository, commit)` string ids per source.
    Meta,
    /// Operator names (string ids) by operator code.
    Ops,
    /// Field names (string ids) by field id.
    Fields,
    /// Hash table of field ids by name.
    FieldHash,
    /// `(field id, operator code, value offset, value length)` per indicator (the value's bytes
    /// in `StrBytes`, read without the string index on the lookup path).
    Indicators,
    /// Hash table of indicator ids by (field, operator code, value).
    IndicatorHash,
    /// Number of rules checking each indicator positively.
    Reach,
    /// [`RULE_WORDS`] words per rule (see [`RuleWord`]).
    Rules,
    /// The list pool.
    Pool,
    /// `(technique string id, rules list)` sorted by technique (upper case).
    Techniques,
    /// Five counts per field: rules filtering it per vendor (`Format::ALL` order).
    FieldRules,
    /// `(kind string id, rule count, (field, rules) pairs list)` sorted by kind.
    Kinds,
    /// `2 × indicators + 1` offsets into `PostingRules`: positive keys, then exclusion keys.
    PostingOffsets,
    /// Rule ids of the near-duplicate postings.
    PostingRules,
    /// `(technique string id, field id, rules filtering it, exclusions list)` sorted by
    /// technique (upper case) then field; an exclusions list holds `(indicator id, rules
    /// list)` triples, most applied first, for exclusions at least [`MIN_EXCLUSION_RULES`]
    /// rules apply.
    Expectations,
}

/// Number of sections.
pub const SECTIONS: usize = Sec::Expectations as usize + 1;

/// Exclusions fewer rules of a technique apply are not kept as expectations.
pub const MIN_EXCLUSION_RULES: usize = 2;

/// The words of a rule record, in order (a list takes two words: start, length).
#[derive(Debug, Clone, Copy)]
#[repr(usize)]
pub enum RuleWord {
    Vendor,
    Title,
    Id,
    Path,
    Domain,
    Platforms,
    Techniques = 7,
    EventKinds = 9,
    Indicators = 11,
    Exclusions = 13,
    /// Sorted near-duplicate keys: indicator ids, exclusions with [`EXCLUSION_BIT`] set (empty
    /// for rules with fewer than 3 positive indicators).
    NearDup = 15,
}

/// Words per rule record.
pub const RULE_WORDS: usize = 17;

/// The bit marking an exclusion in a rule's near-duplicate keys.
pub const EXCLUSION_BIT: u32 = 1 << 31;

/// A stable 64-bit hash of `bytes` (word at a time, then a murmur3 finalizer).
pub fn hash_bytes(seed: u64, bytes: &[u8]) -> u64 {
    const K: u64 = 0x9E37_79B9_7F4A_7C15;
    let mut h = seed ^ (bytes.len() as u64).wrapping_mul(K);
    let mut chunks = bytes.chunks_exact(8);
    for c in &mut chunks {
        let mut w = [0u8; 8];
        w.copy_from_slice(c);
        h = (h ^ u64::from_le_bytes(w)).wrapping_mul(K).rotate_left(29);
    }
    let rest = chunks.remainder();
    if !rest.is_empty() {
        let mut w = [0u8; 8];
        w[..rest.len()].copy_from_slice(rest);
        h = (h ^ u64::from_le_bytes(w)).wrapping_mul(K).rotate_left(29);
    }
    h ^= h >> 33;
    h = h.wrapping_mul(0xff51_afd7_ed55_8ccd);
    h ^= h >> 33;
    h = h.wrapping_mul(0xc4ce_b9fe_1a85_ec53);
    h ^ (h >> 33)
}

/// The hash of an indicator (field id, operator code, value).
pub fn indicator_hash(field: u32, op_code: u32, value: &[u8]) -> u64 {
    hash_bytes((u64::from(field) << 8) | u64::from(op_code), value)
}

/// The hash of a field name.
pub fn field_hash(name: &[u8]) -> u64 {
    hash_bytes(0x00f1_e1d5, name)
}

/// A read-only view of little-endian `u32`s in a byte slice (no alignment needed).
#[derive(Debug, Clone, Copy, Default)]
pub struct U32s<'a>(&'a [u8]);

impl<'a> U32s<'a> {
    /// View `bytes` (a trailing partial word is ignored).
    pub fn new(bytes: &'a [u8]) -> Self {
        U32s(&bytes[..bytes.len() - bytes.len() % 4])
    }

    /// Number of words.
    pub fn len(&self) -> usize {
        self.0.len() / 4
    }

    /// Whether there are no words.
    pub fn is_empty(&self) -> bool {
        self.0.is_empty()
    }

    /// Word `i`, if there is one.
    pub fn get(&self, i: usize) -> Option<u32> {
        let b = self
            .0
            .get(i.checked_mul(4)?..i.checked_mul(4)?.checked_add(4)?)?;
        Some(u32::from_le_bytes([b[0], b[1], b[2], b[3]]))
    }

    /// Word `i`, or 0 past the end.
    pub fn at(&self, i: usize) -> u32 {
        self.get(i).unwrap_or(0)
    }

    /// Words `start..start + len` (clamped to the view).
    pub fn slice(&self, start: usize, len: usize) -> U32s<'a> {
        let a = start.saturating_mul(4).min(self.0.len());
        let b = start
            .saturating_add(len)
            .saturating_mul(4)
            .min(self.0.len());
        U32s(&self.0[a..b.max(a)])
    }

    /// Every word, in order.
    pub fn iter(&self) -> impl DoubleEndedIterator<Item = u32> + ExactSizeIterator + Clone + 'a {
        self.0
            .chunks_exact(4)
            .map(|b| u32::from_le_bytes([b[0], b[1], b[2], b[3]]))
    }

    /// Whether a sorted view holds `x`.
    pub fn contains_sorted(&self, x: u32) -> bool {
        let (mut lo, mut hi) = (0, self.len());
        while lo < hi {
            let mid = lo + (hi - lo) / 2;
            match self.at(mid).cmp(&x) {
                std::cmp::Ordering::Less => lo = mid + 1,
                std::cmp::Ordering::Greater => hi = mid,
                std::cmp::Ordering::Equal => return true,
            }
        }
        false
    }
}

/// The bytes of a blob: in the binary, or read from a file.
#[derive(Debug, Clone)]
enum Bytes {
    Static(&'static [u8]),
    Owned(Box<[u8]>),
}

/// A packed catalog's bytes with its section table.
#[derive(Debug, Clone)]
pub struct Blob {
    bytes: Bytes,
    sections: [(usize, usize); SECTIONS],
}

impl Default for Blob {
    fn default() -> Self {
        Blob::new_static(EMPTY.get_or_init(|| super::pack::pack(&Default::default()))).unwrap_or(
            Blob {
                bytes: Bytes::Static(&[]),
                sections: [(0, 0); SECTIONS],
            },
        )
    }
}

static EMPTY: std::sync::OnceLock<Vec<u8>> = std::sync::OnceLock::new();

impl Blob {
    /// Read a blob that lives for the whole process (the embedded catalog; its strings are
    /// not validated up front, which would read every page of them: each string still is
    /// when it is read, and a test checks the embedded blob is `rules/catalog.json` packed).
    pub fn new_static(bytes: &'static [u8]) -> Result<Blob, String> {
        let sections = Self::header(bytes, false)?;
        Ok(Blob {
            bytes: Bytes::Static(bytes),
            sections,
        })
    }

    /// Read a blob from owned bytes (a catalog file).
    pub fn new(bytes: Vec<u8>) -> Result<Blob, String> {
        let sections = Self::header(&bytes, true)?;
        Ok(Blob {
            bytes: Bytes::Owned(bytes.into_boxed_slice()),
            sections,
        })
    }

    fn header(bytes: &[u8], check_strings: bool) -> Result<[(usize, usize); SECTIONS], String> {
        if bytes.get(..8) != Some(&MAGIC[..]) {
            return Err("not a packed detlint catalog (or a different layout version)".into());
        }
        let words = U32s::new(&bytes[8..]);
        if words.at(0) as usize != SECTIONS {
            return Err(format!(
                "packed catalog: {} sections, expected {SECTIONS}",
                words.at(0)
            ));
        }
        let mut sections = [(0, 0); SECTIONS];
        for (i, s) in sections.iter_mut().enumerate() {
            let (off, len) = (words.at(1 + 2 * i) as usize, words.at(2 + 2 * i) as usize);
            if off.checked_add(len).is_none_or(|end| end > bytes.len()) {
                return Err(format!("packed catalog: section {i} is out of bounds"));
            }
            *s = (off, len);
        }
        let (off, len) = sections[Sec::StrBytes as usize];
        if check_strings {
            std::str::from_utf8(&bytes[off..off + len])
                .map_err(|e| format!("packed catalog: strings are not UTF-8: {e}"))?;
        }
        Ok(sections)
    }

    /// All the bytes.
    pub fn bytes(&self) -> &[u8] {
        match &self.bytes {
            Bytes::Static(b) => b,
            Bytes::Owned(b) => b,
        }
    }

    /// The bytes of a section.
    pub fn section(&self, s: Sec) -> &[u8] {
        let (off, len) = self.sections[s as usize];
        self.bytes().get(off..off + len).unwrap_or(&[])
    }

    /// A section as words.
    pub fn words(&self, s: Sec) -> U32s<'_> {
        U32s::new(self.section(s))
    }

    /// The bytes of string `id`.
    pub fn str_bytes(&self, id: u32) -> &[u8] {
        let index = self.words(Sec::StrIndex);
        let (a, b) = (
            index.at(id as usize) as usize,
            index.at(id as usize + 1) as usize,
        );
        self.section(Sec::StrBytes).get(a..b).unwrap_or(&[])
    }

    /// `len` bytes at `off` of `StrBytes` (empty when out of range).
    pub fn str_bytes_at(&self, off: u32, len: u32) -> &[u8] {
        let (off, len) = (off as usize, len as usize);
        self.section(Sec::StrBytes)
            .get(off..off.saturating_add(len))
            .unwrap_or(&[])
    }

    /// String `id` ("" when out of range or not on character boundaries).
    pub fn str(&self, id: u32) -> &str {
        std::str::from_utf8(self.str_bytes(id)).unwrap_or("")
    }

    /// The list at `(start, len)` words `at` and `at + 1` of `record`.
    pub fn list(&self, record: U32s<'_>, at: usize) -> U32s<'_> {
        self.words(Sec::Pool)
            .slice(record.at(at) as usize, record.at(at + 1) as usize)
    }

    /// Probe hash table `table` for `hash`; `is` tells whether a candidate id is the one sought.
    pub fn probe(&self, table: Sec, hash: u64, mut is: impl FnMut(u32) -> bool) -> Option<u32> {
        let slots = self.words(table);
        let n = slots.len() / 2;
        if n == 0 || !n.is_power_of_two() {
            return None;
        }
        let tag = (hash >> 32) as u32;
        let mut i = (hash as usize) & (n - 1);
        for _ in 0..n {
            match slots.at(2 * i) {
                0 => return None,
                s if slots.at(2 * i + 1) == tag && is(s - 1) => return Some(s - 1),
                _ => i = (i + 1) & (n - 1),
            }
        }
        None
    }
}
