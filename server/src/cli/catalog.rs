//! `detlint catalog build|show|site|stats`.

use crate::catalog::{build, guide, render, site, stats, Catalog};
use crate::config::Config;
use crate::model::Format;
use clap::Subcommand;
use rayon::prelude::*;
use std::path::{Path, PathBuf};
use std::process::ExitCode;

/// Catalog subcommands.
#[derive(Subcommand, Debug)]
pub enum CatalogCommand {
    /// Build a catalog from rule folders (e.g. ../shared/corpus).
    Build {
        /// Folders (or files) of rules of any of the five formats.
        paths: Vec<PathBuf>,
        /// Where to write the catalog (JSON).
        #[arg(short, long)]
        output: PathBuf,
    },
    /// Pack a catalog (JSON from `build`) into the compact form detlint reads in place; the
    /// embedded one is `detlint catalog pack rules/catalog.json -o rules/catalog.bin`.
    Pack {
        /// The catalog to pack (JSON or packed).
        input: PathBuf,
        /// Where to write the packed catalog.
        #[arg(short, long)]
        output: PathBuf,
    },
    /// Show the authoring guide of an ATT&CK technique.
    Show {
        /// Technique id (T1095, T1059.001).
        technique: String,
        #[arg(long)]
        vendor: Option<String>,
        #[arg(long)]
        platform: Option<String>,
        #[arg(long)]
        domain: Option<String>,
        /// text, markdown, json or html.
        #[arg(long, default_value = "text")]
        format: String,
        /// A catalog file instead of the embedded one.
        #[arg(long)]
        catalog: Option<PathBuf>,
    },
    /// Write a static HTML site: one page per technique and a searchable index.
    Site {
        #[arg(short, long)]
        output: PathBuf,
        #[arg(long)]
        catalog: Option<PathBuf>,
    },
    /// Normalizer coverage per vendor over rule folders.
    Stats {
        paths: Vec<PathBuf>,
        /// Output as JSON.
        #[arg(long)]
        json: bool,
    },
}

/// Parse every rule file under `paths` in parallel.
pub fn parse_all(paths: &[PathBuf]) -> Result<Vec<(PathBuf, crate::formats::ParsedFile)>, String> {
    let config = Config::default();
    let files = super::check::collect_files(paths)?;
    Ok(files
        .into_par_iter()
        .map(|p| {
            let f = crate::lint::read_file(&p, &config);
            (p, f)
        })
        .collect())
}

/// Load `--catalog` or the embedded catalog.
pub fn load_catalog(path: Option<&Path>) -> Result<std::borrow::Cow<'static, Catalog>, String> {
    match path {
        Some(p) => Catalog::load(p).map(std::borrow::Cow::Owned),
        None => Ok(std::borrow::Cow::Borrowed(Catalog::embedded())),
    }
}

fn rel_path(root: &Path, p: &Path) -> String {
    p.strip_prefix(root)
        .unwrap_or(p)
        .to_string_lossy()
        .replace('\\', "/")
}

/// Run a catalog subcommand.
pub fn run(cmd: &CatalogCommand, name_of: &dyn Fn(&str) -> Option<String>) -> ExitCode {
    match cmd {
        CatalogCommand::Build { paths, output } => {
            let started = std::time::Instant::now();
            let parsed = match parse_all(paths) {
                Ok(p) => p,
                Err(e) => {
                    eprintln!("detlint: {e}");
                    return ExitCode::from(2);
                }
            };
            let args: Vec<String> = paths.iter().map(|p| p.display().to_string()).collect();
            let mut b = build::Builder::new(&format!(
                "detlint catalog build {} -o {}",
                args.join(" "),
                output.display()
            ));
            for root in paths {
                for s in build::corpus_sources(root) {
                    b.add_source(s);
                }
            }
            for (p, f) in &parsed {
                let root = paths
                    .iter()
                    .find(|r| p.starts_with(r))
                    .map(PathBuf::as_path)
                    .unwrap_or(Path::new(""));
                b.add_file(f, &rel_path(root, p));
            }
            let file = b.finish();
            let text = match serde_json::to_string(&file) {
                Ok(t) => t,
                Err(e) => {
                    eprintln!("detlint: cannot serialize the catalog: {e}");
                    return ExitCode::from(2);
                }
            };
            if let Err(e) = super::check::write_atomically(output, &(text + "\n")) {
                eprintln!("detlint: {}: {e}", output.display());
                return ExitCode::from(2);
            }
            eprintln!(
                "detlint: catalog of {} rules, {} indicators written to {} in {:.2}s",
                file.rules.len(),
                file.indicators.len(),
                output.display(),
                started.elapsed().as_secs_f64()
            );
            ExitCode::SUCCESS
        }
        CatalogCommand::Pack { input, output } => {
            let cat = match Catalog::load(input) {
                Ok(c) => c,
                Err(e) => {
                    eprintln!("detlint: {e}");
                    return ExitCode::from(2);
                }
            };
            if let Err(e) = super::check::write_atomically(output, cat.packed()) {
                eprintln!("detlint: {}: {e}", output.display());
                return ExitCode::from(2);
            }
            eprintln!(
                "detlint: packed catalog of {} rules ({} bytes) written to {}",
                cat.rule_count(),
                cat.packed().len(),
                output.display()
            );
            ExitCode::SUCCESS
        }
        CatalogCommand::Show {
            technique,
            vendor,
            platform,
            domain,
            format,
            catalog,
        } => {
            let cat = match load_catalog(catalog.as_deref()) {
                Ok(c) => c,
                Err(e) => {
                    eprintln!("detlint: {e}");
                    return ExitCode::from(2);
                }
            };
            let vendor = match vendor
                .as_deref()
                .map(|v| Format::from_name(&v.to_ascii_lowercase()).ok_or(v))
            {
                Some(Err(v)) => {
                    eprintln!(
                        "detlint: unknown vendor `{v}` (sigma, elastic, splunk, sentinel, panther)"
                    );
                    return ExitCode::from(2);
                }
                Some(Ok(v)) => Some(v),
                None => None,
            };
            let filter = guide::GuideFilter {
                vendor,
                platform: platform.clone(),
                domain: domain.clone(),
            };
            let g = guide::guide(
                &cat,
                technique,
                &filter,
                name_of(&technique.to_ascii_uppercase()),
            );
            let out = match format.as_str() {
                "text" => render::text(&g),
                "markdown" | "md" => render::markdown(&g),
                "json" => render::json(&g),
                "html" => render::html(&g),
                other => {
                    eprintln!("detlint: unknown format `{other}` (text, markdown, json, html)");
                    return ExitCode::from(2);
                }
            };
            crate::cli::out(&out);
            if g.rule_count == 0 {
                eprintln!("detlint: no rule of the catalog is tagged {technique}");
            }
            ExitCode::SUCCESS
        }
        CatalogCommand::Site { output, catalog } => {
            let cat = match load_catalog(catalog.as_deref()) {
                Ok(c) => c,
                Err(e) => {
                    eprintln!("detlint: {e}");
                    return ExitCode::from(2);
                }
            };
            match site::write_site(&cat, output, name_of) {
                Ok(n) => {
                    eprintln!("detlint: wrote {n} pages to {}", output.display());
                    ExitCode::SUCCESS
                }
                Err(e) => {
                    eprintln!("detlint: {}: {e}", output.display());
                    ExitCode::from(2)
                }
            }
        }
        CatalogCommand::Stats { paths, json } => {
            let parsed = match parse_all(paths) {
                Ok(p) => p,
                Err(e) => {
                    eprintln!("detlint: {e}");
                    return ExitCode::from(2);
                }
            };
            let files: Vec<crate::formats::ParsedFile> =
                parsed.into_iter().map(|(_, f)| f).collect();
            let s = stats::compute(&files);
            if *json {
                let m: std::collections::BTreeMap<&str, &stats::VendorStats> =
                    s.iter().map(|(f, v)| (f.name(), v)).collect();
                crate::outln!("{}", serde_json::to_string_pretty(&m).unwrap_or_default());
            } else {
                crate::cli::out(&stats::render(&s));
            }
            ExitCode::SUCCESS
        }
    }
}
