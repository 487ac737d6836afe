//! # DL105 sigma-invalid-date
//!
//! `date` or `modified` is not a real calendar date in `YYYY-MM-DD` form (the Sigma
//! specification; the old `YYYY/MM/DD` form is reported with a fix), or `modified` is earlier
//! than `date`. Rule managers sort and expire rules by these dates.
//!
//! **Example**: `date: 2024/13/01` (month 13), `modified: 2023-01-01` with `date: 2024-01-01`.
//! **Fix** (safe for the slash form): write `2024-01-13`.
//!
//! Aliases: rsigma `invalid_date`, `invalid_modified`, `modified_before_date`;
//! pySigma-validators-sigmaHQ `sigmahq_modified_date_order`, `sigmahq_redundant_modified`
//! (not reported: equal dates are harmless).

use super::{Check, CheckMeta, FileCtx, Run, Sink};
use crate::diagnostic::{Edit, Fix, Severity};

pub static CHECK: Check = Check {
    meta: CheckMeta {
        code: "DL105",
        name: "sigma-invalid-date",
        severity: Severity::Error,
        formats: &[crate::model::Format::Sigma],
        aliases: &[
            "invalid_date",
            "invalid_modified",
            "modified_before_date",
            "sigmahq_modified_date_order",
        ],
        summary: "`date`/`modified` is not a valid YYYY-MM-DD date, or `modified` precedes `date`",
        fixable: true,
        source: file!(),
    },
    run: Run::File(run),
};

/// Parse `YYYY-MM-DD` (or `YYYY/MM/DD` with `slash = true`) into (y, m, d) if it is a real date.
pub fn parse_date(s: &str) -> Option<((u32, u32, u32), bool)> {
    let s = s.trim();
    let sep = if s.contains('/') { '/' } else { '-' };
    let parts: Vec<&str> = s.split(sep).collect();
    if parts.len() != 3 || parts[0].len() != 4 || parts[1].len() != 2 || parts[2].len() != 2 {
        return None;
    }
    let y: u32 = parts[0].parse().ok()?;
    let m: u32 = parts[1].parse().ok()?;
    let d: u32 = parts[2].parse().ok()?;
    let leap = (y % 4 == 0 && y % 100 != 0) || y % 400 == 0;
    let days = [
        31,
        if leap { 29 } else { 28 },
        31,
        30,
        31,
        30,
        31,
        31,
        30,
        31,
        30,
        31,
    ];
    if !(1..=12).contains(&m) || d == 0 || d > days[(m - 1) as usize] || y < 1990 {
        return None;
    }
    Some(((y, m, d), sep == '/'))
}

fn run(ctx: &FileCtx, sink: &mut Sink) {
    for (d, _, _) in ctx.sigma_docs() {
        let mut parsed = [None, None];
        for (i, (key, v)) in [("date", &d.rule.date), ("modified", &d.rule.modified)]
            .into_iter()
            .enumerate()
        {
            let Some(v) = v else { continue };
            match parse_date(&v.value) {
                Some((ymd, false)) => parsed[i] = Some(ymd),
                Some(((y, m, dd), true)) => {
                    parsed[i] = Some((y, m, dd));
                    let fixed = format!("{y:04}-{m:02}-{dd:02}");
                    sink.report(
                        &CHECK.meta,
                        v.span,
                        format!("`{key}` uses `/`; Sigma dates are `YYYY-MM-DD` (`{fixed}`)"),
                    )
                    .fixes
                    .push(Fix {
                        title: format!("Write `{fixed}`"),
                        edits: vec![Edit {
                            span: v.span,
                            new_text: fixed,
                        }],
                        safe: true,
                    });
                }
                None => {
                    sink.report(
                        &CHECK.meta,
                        v.span,
                        format!("`{key}` `{}` is not a valid `YYYY-MM-DD` date", v.value),
                    );
                }
            }
        }
        if let ([Some(date), Some(modified)], Some(m)) = (parsed, &d.rule.modified) {
            if modified < date {
                sink.report(&CHECK.meta, m.span, "`modified` is earlier than `date`");
            }
        }
    }
}
