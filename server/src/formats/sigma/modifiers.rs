//! The Sigma value modifiers (specification v2) and what each does.

/// One known modifier.
pub struct ModifierInfo {
    pub name: &'static str,
    pub summary: &'static str,
    /// What kind of modifier it is, for combination rules.
    pub class: ModifierClass,
}

/// Groups of modifiers for combination checks.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum ModifierClass {
    /// Decides how the value is compared (only one per field).
    Match,
    /// Transforms the value before comparison (base64, wide, windash).
    Transform,
    /// Regular-expression flags (only with `re`).
    RegexFlag,
    /// `all`, `cased`, `expand`, `fieldref`: change how values are used.
    Behaviour,
    /// Time-part modifiers (`minute` … `year`).
    Time,
}

use ModifierClass::*;

/// Every modifier of the current Sigma specification.
pub const MODIFIERS: &[ModifierInfo] = &[
    ModifierInfo { name: "contains", summary: "matches when the value occurs anywhere in the field (wildcards around it)", class: Match },
    ModifierInfo { name: "startswith", summary: "matches when the field starts with the value", class: Match },
    ModifierInfo { name: "endswith", summary: "matches when the field ends with the value", class: Match },
    ModifierInfo { name: "re", summary: "the value is a regular expression (PCRE subset; flags i, m, s as further modifiers)", class: Match },
    ModifierInfo { name: "cidr", summary: "the value is an IPv4/IPv6 network in CIDR notation; matches addresses inside it", class: Match },
    ModifierInfo { name: "exists", summary: "value true: the field is present; false: it is absent", class: Match },
    ModifierInfo { name: "gt", summary: "numeric: field greater than the value", class: Match },
    ModifierInfo { name: "gte", summary: "numeric: field greater than or equal to the value", class: Match },
    ModifierInfo { name: "lt", summary: "numeric: field less than the value", class: Match },
    ModifierInfo { name: "lte", summary: "numeric: field less than or equal to the value", class: Match },
    ModifierInfo { name: "neq", summary: "the field is not equal to the value", class: Match },
    ModifierInfo { name: "fieldref", summary: "the value names another field whose value must be equal", class: Behaviour },
    ModifierInfo { name: "all", summary: "all values of the list must match (AND instead of OR)", class: Behaviour },
    ModifierInfo { name: "cased", summary: "compare case-sensitively (Sigma is case-insensitive by default)", class: Behaviour },
    ModifierInfo { name: "expand", summary: "the value holds %placeholders% expanded by the conversion pipeline", class: Behaviour },
    ModifierInfo { name: "base64", summary: "match the base64 encoding of the value", class: Transform },
    ModifierInfo { name: "base64offset", summary: "match the three base64 encodings of the value at every byte offset (use with contains)", class: Transform },
    ModifierInfo { name: "wide", summary: "encode the value as UTF-16LE (alias of utf16le)", class: Transform },
    ModifierInfo { name: "utf16le", summary: "encode the value as UTF-16 little-endian", class: Transform },
    ModifierInfo { name: "utf16be", summary: "encode the value as UTF-16 big-endian", class: Transform },
    ModifierInfo { name: "utf16", summary: "encode the value as UTF-16 with byte-order mark", class: Transform },
    ModifierInfo { name: "windash", summary: "also match `-` written as `/`, en dash, em dash or horizontal bar (Windows command-line flags)", class: Transform },
    ModifierInfo { name: "i", summary: "regex flag: case-insensitive (with re)", class: RegexFlag },
    ModifierInfo { name: "m", summary: "regex flag: multi-line, ^ and $ match at line breaks (with re)", class: RegexFlag },
    ModifierInfo { name: "s", summary: "regex flag: dot matches new lines (with re)", class: RegexFlag },
    ModifierInfo { name: "minute", summary: "compare the minute part of a timestamp field", class: Time },
    ModifierInfo { name: "hour", summary: "compare the hour part of a timestamp field", class: Time },
    ModifierInfo { name: "day", summary: "compare the day part of a timestamp field", class: Time },
    ModifierInfo { name: "week", summary: "compare the week part of a timestamp field", class: Time },
    ModifierInfo { name: "month", summary: "compare the month part of a timestamp field", class: Time },
    ModifierInfo { name: "year", summary: "compare the year part of a timestamp field", class: Time },
];

/// Look up a modifier by name.
pub fn modifier(name: &str) -> Option<&'static ModifierInfo> {
    MODIFIERS.iter().find(|m| m.name == name)
}
