//! "Add this exclusion" in each format's own language. One entry point dispatches on the
//! document's format; each format writes the exclusion where its query language expects it.

use crate::diagnostic::Fix;
use crate::formats::{FormatData, ParsedDoc, ParsedFile};

/// What to exclude: a field (as the rule writes it) against CIDR networks or values.
#[derive(Debug, Clone)]
pub struct Exclusion<'a> {
    /// The field as the rule spells it (`DestinationIp`, `destination.ip`, `RemoteIP`).
    pub field_raw: &'a str,
    /// The canonical field (`destination.ip`).
    pub field: &'a str,
    /// CIDR networks to exclude.
    pub nets: Vec<String>,
    /// A short name for the exclusion (`loopback`), used for Sigma selection names.
    pub label: &'a str,
}

/// A fix that adds `ex` to the rule, if the format supports writing it. `pred_offset` is the
/// file offset of the predicate on the field (where query languages anchor the exclusion).
pub fn exclusion_fix(
    file: &ParsedFile,
    doc: &ParsedDoc,
    ex: &Exclusion,
    pred_offset: usize,
) -> Option<Fix> {
    match &doc.data {
        FormatData::Sigma(s) => super::sigma::add_cidr_filter(file, s, ex),
        FormatData::Sentinel(s) => s
            .query
            .as_ref()
            .and_then(|q| super::query::kusto(&file.text, q, ex, pred_offset)),
        FormatData::Splunk(s) => s
            .search
            .as_ref()
            .and_then(|q| super::query::spl(&file.text, q, ex)),
        FormatData::Elastic(e) => e
            .queries
            .iter()
            .find(|q| q.span.contains(pred_offset))
            .and_then(|q| super::elastic::fix(&file.text, q, ex)),
        FormatData::Panther(p) if p.simple.is_some() => super::panther::fix(file, ex),
        _ => None,
    }
}
