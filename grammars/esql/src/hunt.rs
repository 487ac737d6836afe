//! Helpers for queries taken from Elastic hunting files (`[hunt]` TOML).
//!
//! Hunting files whose `language` list contains `"ES|QL"` may also hold osquery SQL
//! (`SELECT ...`) in the same `query` list, and some queries start with a stray code-fence
//! language tag line (`sql`) left over from Markdown rendering.

/// How one query string of a hunting file should be treated.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum HuntQueryKind {
    /// ES|QL text starting at byte `offset` (after an optional tag line such as `sql`).
    Esql {
        /// Byte offset of the ES|QL text; add it to parse spans to map back to the original.
        offset: usize,
        /// True if a tag line was skipped.
        tagged: bool,
    },
    /// osquery / SQL (`SELECT ...`, `WITH ...`): not ES|QL.
    Sql,
}

const TAGS: &[&str] = &["sql", "esql", "es|ql"];

/// Classifies a hunting-file query string.
pub fn classify_hunt_query(q: &str) -> HuntQueryKind {
    let lead = q.len() - q.trim_start().len();
    let rest = &q[lead..];
    let line_end = rest.find('\n').unwrap_or(rest.len());
    let first_line = rest[..line_end].trim();
    let (offset, tagged) = if TAGS.iter().any(|t| first_line.eq_ignore_ascii_case(t)) {
        ((lead + line_end + 1).min(q.len()), true)
    } else {
        (0, false)
    };
    let body = q[offset..].trim_start();
    let word: &str = body
        .split(|c: char| !c.is_ascii_alphanumeric() && c != '_')
        .next()
        .unwrap_or("");
    if word.eq_ignore_ascii_case("SELECT") || word.eq_ignore_ascii_case("WITH") {
        HuntQueryKind::Sql
    } else {
        HuntQueryKind::Esql { offset, tagged }
    }
}
