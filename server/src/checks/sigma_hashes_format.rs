//! # DL221 sigma-hashes-format
//!
//! A value of the Sysmon `Hashes` (or `Hash`) field is not `TYPE=hex` with `TYPE` one of `MD5`,
//! `SHA1`, `SHA256`, `IMPHASH` and a hex digest of the right length (32, 40, 64, 32). Sysmon
//! writes `SHA1=…,MD5=…,SHA256=…,IMPHASH=…`, so a bare digest or a lower-case `sha256=` prefix
//! (with `|cased`) or a truncated digest never matches as intended.
//!
//! **Example**: `Hashes|contains: 'e3b0c44298fc1c149afbf4c8996fb924'` (no type) or
//! `'SHA256=abc'`.
//! **Fix**: `Hashes|contains: 'MD5=E3B0C44298FC1C149AFBF4C8996FB924'`. A type alone with
//! `contains` (`'IMPHASH='`, "a digest of this type is logged") is accepted.
//!
//! Aliases: pySigma-validators-sigmaHQ `sigmahq_invalid_hash_kv`.

use super::{Check, CheckMeta, FileCtx, Run, Sink};
use crate::diagnostic::Severity;
use crate::formats::sigma::SelectionBody;

pub static CHECK: Check = Check {
    meta: CheckMeta {
        code: "DL221",
        name: "sigma-hashes-format",
        severity: Severity::Warning,
        formats: &[crate::model::Format::Sigma],
        aliases: &["sigmahq_invalid_hash_kv"],
        summary: "a `Hashes` value is not `TYPE=digest` with a valid digest",
        fixable: false,
        source: file!(),
    },
    run: Run::File(run),
};

/// Why a `Hashes` value is malformed, or `None` when it is fine.
pub fn hash_problem(value: &str) -> Option<String> {
    let v = value.trim().trim_matches('*');
    let Some((ty, digest)) = v.split_once('=') else {
        return Some(format!(
            "`{v}` has no `TYPE=` prefix (`MD5=`, `SHA1=`, `SHA256=`, `IMPHASH=`)"
        ));
    };
    let len = match ty {
        "MD5" | "IMPHASH" => 32,
        "SHA1" => 40,
        "SHA256" => 64,
        _ => {
            return Some(format!(
                "`{ty}` is not a Sysmon hash type (MD5, SHA1, SHA256, IMPHASH)"
            ))
        }
    };
    if digest.len() != len || !digest.bytes().all(|b| b.is_ascii_hexdigit()) {
        return Some(format!("`{digest}` is not a {len}-digit hex {ty} digest"));
    }
    None
}

fn run(ctx: &FileCtx, sink: &mut Sink) {
    for (_, doc, _) in ctx.sigma_docs() {
        for sel in &doc.selections {
            let SelectionBody::Fields(groups) = &sel.body else {
                continue;
            };
            for item in groups.iter().flatten() {
                if !matches!(item.field.value.as_str(), "Hashes" | "Hash")
                    || item.has("re")
                    || item.has("exists")
                {
                    continue;
                }
                for v in &item.values {
                    if v.invalid
                        || v.text.is_empty()
                        || v.ty == crate::source::yaml::ScalarType::Null
                    {
                        continue;
                    }
                    // `Hashes|contains: 'IMPHASH='` tests that a digest of that type is present
                    let type_only = v.text.trim().trim_matches('*').ends_with('=')
                        && (item.has("contains") || item.has("startswith"));
                    if type_only {
                        continue;
                    }
                    if let Some(msg) = hash_problem(&v.text) {
                        sink.report(&CHECK.meta, v.span, msg);
                    }
                }
            }
        }
    }
}
