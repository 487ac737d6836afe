//! `.detlint.toml`: which checks run, their severities, per-path ignores, limits, the catalog.
//!
//! ```toml
//! select = ["DL1", "DL2"]          # codes, code prefixes or slugs; default: all
//! ignore = ["DL110", "missing-recommended-key"]
//! fail-level = "warning"            # error | warning | info
//! catalog = "my-catalog.json"
//! [severity]
//! DL208 = "info"
//! [per-path-ignores]
//! "rules/legacy/**" = ["DL1"]
//! [limits]
//! max-file-size = 10485760
//! ```

use crate::checks::CheckMeta;
use crate::diagnostic::Severity;
use serde::Deserialize;
use std::collections::BTreeMap;
use std::path::{Path, PathBuf};

/// The name of the configuration file.
pub const CONFIG_FILE: &str = ".detlint.toml";

/// Resource limits (documented in docs/robustness.md).
#[derive(Debug, Clone, Deserialize, PartialEq)]
#[serde(default, rename_all = "kebab-case", deny_unknown_fields)]
pub struct Limits {
    /// Files larger than this (bytes) get one diagnostic instead of being parsed.
    pub max_file_size: u64,
    /// Maximum nesting of YAML collections.
    pub max_depth: usize,
    /// Maximum nodes produced by YAML alias expansion per file.
    pub max_alias_nodes: usize,
    /// Maximum compiled size of one regular expression (bytes).
    pub max_regex_size: usize,
}

impl Default for Limits {
    fn default() -> Self {
        Limits {
            max_file_size: 10 * 1024 * 1024,
            max_depth: 128,
            max_alias_nodes: 10_000,
            max_regex_size: 10 * 1024 * 1024,
        }
    }
}

/// Settings of the corpus-aware checks (`[thresholds]`).
#[derive(Debug, Clone, Deserialize, PartialEq)]
#[serde(default, rename_all = "kebab-case", deny_unknown_fields)]
pub struct Thresholds {
    /// Corpus reach from which an indicator counts as common (DL301).
    pub common_reach: u32,
    /// Share of same-technique rules that must apply an exclusion for DL302 to expect it.
    pub exclusion_share: f64,
    /// Minimum number of same-technique rules filtering the field for DL302.
    pub exclusion_min_rules: usize,
    /// Indicator-set similarity (Jaccard) from which two rules are near-duplicates (DL303).
    pub near_duplicate_similarity: f64,
}

impl Default for Thresholds {
    fn default() -> Self {
        Thresholds {
            common_reach: 40,
            exclusion_share: 0.5,
            exclusion_min_rules: 4,
            near_duplicate_similarity: 0.9,
        }
    }
}

/// The raw file contents.
#[derive(Debug, Clone, Default, Deserialize, PartialEq)]
#[serde(default, rename_all = "kebab-case", deny_unknown_fields)]
pub struct ConfigFile {
    pub select: Option<Vec<String>>,
    pub ignore: Vec<String>,
    pub fail_level: Option<String>,
    pub catalog: Option<PathBuf>,
    pub severity: BTreeMap<String, String>,
    pub per_path_ignores: BTreeMap<String, Vec<String>>,
    pub limits: Limits,
    pub thresholds: Thresholds,
}

/// Resolved configuration.
#[derive(Debug, Clone, Default)]
pub struct Config {
    pub file: ConfigFile,
    /// Where the file was found (paths in it are relative to its folder).
    pub path: Option<PathBuf>,
    per_path: Vec<(globset_lite::Pattern, Vec<String>)>,
}

mod globset_lite {
    //! Minimal glob matching (`*`, `**`, `?`) for per-path ignores.
    #[derive(Debug, Clone)]
    pub struct Pattern(String);

    impl Pattern {
        pub fn new(p: &str) -> Self {
            Pattern(p.trim_start_matches("./").to_string())
        }
        pub fn matches(&self, path: &str) -> bool {
            glob(self.0.as_bytes(), path.as_bytes())
        }
    }

    fn glob(p: &[u8], s: &[u8]) -> bool {
        if p.is_empty() {
            return s.is_empty();
        }
        if p.starts_with(b"**") {
            let rest = p[2..].strip_prefix(b"/").unwrap_or(&p[2..]);
            if rest.is_empty() {
                return true;
            }
            return (0..=s.len()).any(|i| (i == 0 || s[i - 1] == b'/') && glob(rest, &s[i..]))
                || glob(rest, s);
        }
        match p[0] {
            b'*' => (0..=s.len())
                .take_while(|&i| i == 0 || s[i - 1] != b'/')
                .any(|i| glob(&p[1..], &s[i..])),
            b'?' => !s.is_empty() && s[0] != b'/' && glob(&p[1..], &s[1..]),
            c => !s.is_empty() && s[0] == c && glob(&p[1..], &s[1..]),
        }
    }
}

/// A configuration error with the file and a message (exit code 2).
#[derive(Debug, Clone)]
pub struct ConfigError(pub String);

impl std::fmt::Display for ConfigError {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.write_str(&self.0)
    }
}

fn matches_selector(meta: &CheckMeta, sel: &str) -> bool {
    let s = sel.trim();
    s.eq_ignore_ascii_case("all")
        || meta.code.starts_with(&s.to_ascii_uppercase())
        || meta.name == s
        || meta.aliases.contains(&s)
}

impl Config {
    /// Parse configuration text (`origin` names it in errors).
    pub fn from_toml(text: &str, origin: &Path) -> Result<Config, ConfigError> {
        let file: ConfigFile = toml::from_str(text).map_err(|e| {
            ConfigError(format!(
                "{}: invalid configuration: {}",
                origin.display(),
                e.to_string().trim()
            ))
        })?;
        for (code, sev) in &file.severity {
            if Severity::from_name(sev).is_none() {
                return Err(ConfigError(format!(
                    "{}: severity `{sev}` for `{code}` is not one of error, warning, info",
                    origin.display()
                )));
            }
        }
        if let Some(l) = &file.fail_level {
            if Severity::from_name(l).is_none() {
                return Err(ConfigError(format!(
                    "{}: fail-level `{l}` is not one of error, warning, info",
                    origin.display()
                )));
            }
        }
        let all_selectors = file
            .select
            .iter()
            .flatten()
            .chain(file.ignore.iter())
            .chain(file.severity.keys())
            .chain(file.per_path_ignores.values().flatten());
        for s in all_selectors {
            if !crate::checks::registry()
                .iter()
                .any(|c| matches_selector(&c.meta, s))
            {
                return Err(ConfigError(format!(
                    "{}: `{s}` names no check (see `detlint rule --all`)",
                    origin.display()
                )));
            }
        }
        let per_path = file
            .per_path_ignores
            .iter()
            .map(|(g, codes)| (globset_lite::Pattern::new(g), codes.clone()))
            .collect();
        Ok(Config {
            file,
            path: Some(origin.to_path_buf()),
            per_path,
        })
    }

    /// Find `.detlint.toml` in `start` or its ancestors and load it; the default if none.
    pub fn discover(start: &Path) -> Result<Config, ConfigError> {
        let abs = std::fs::canonicalize(start).unwrap_or_else(|_| start.to_path_buf());
        let mut dir = if abs.is_dir() {
            Some(abs.as_path())
        } else {
            abs.parent()
        };
        while let Some(d) = dir {
            let candidate = d.join(CONFIG_FILE);
            if candidate.is_file() {
                return Config::load(&candidate);
            }
            dir = d.parent();
        }
        Ok(Config::default())
    }

    /// Load a configuration file.
    pub fn load(path: &Path) -> Result<Config, ConfigError> {
        let text = std::fs::read_to_string(path)
            .map_err(|e| ConfigError(format!("{}: cannot read: {e}", path.display())))?;
        Config::from_toml(&text, path)
    }

    /// The folder the configuration's relative paths are resolved against.
    pub fn root(&self) -> Option<&Path> {
        self.path.as_deref().and_then(Path::parent)
    }

    /// Whether `meta` runs on `path` (a path as given; made relative to the config's folder).
    pub fn enabled(&self, meta: &CheckMeta, path: &Path) -> bool {
        if let Some(sel) = &self.file.select {
            if !sel.iter().any(|s| matches_selector(meta, s)) {
                return false;
            }
        }
        if self.file.ignore.iter().any(|s| matches_selector(meta, s)) {
            return false;
        }
        if !self.per_path.is_empty() {
            let abs = std::fs::canonicalize(path).unwrap_or_else(|_| path.to_path_buf());
            let rel = self
                .root()
                .and_then(|r| std::fs::canonicalize(r).ok())
                .and_then(|r| abs.strip_prefix(r).ok().map(Path::to_path_buf))
                .unwrap_or_else(|| path.to_path_buf());
            let rel = rel.to_string_lossy().replace('\\', "/");
            for (pat, codes) in &self.per_path {
                if pat.matches(&rel) && codes.iter().any(|s| matches_selector(meta, s)) {
                    return false;
                }
            }
        }
        true
    }

    /// The severity of `meta` after overrides.
    pub fn severity(&self, meta: &CheckMeta) -> Severity {
        self.file
            .severity
            .iter()
            .find(|(k, _)| matches_selector(meta, k))
            .and_then(|(_, v)| Severity::from_name(v))
            .unwrap_or(meta.severity)
    }

    /// The catalog to check against: `catalog` from the file (relative to its folder), else the
    /// embedded default. Catalogs are loaded once per path.
    pub fn catalog(&self) -> &'static crate::catalog::Catalog {
        use std::collections::HashMap;
        use std::sync::Mutex;
        static LOADED: Mutex<Option<HashMap<PathBuf, &'static crate::catalog::Catalog>>> =
            Mutex::new(None);
        let Some(rel) = &self.file.catalog else {
            return crate::catalog::Catalog::embedded();
        };
        let path = match self.root() {
            Some(r) if rel.is_relative() => r.join(rel),
            _ => rel.clone(),
        };
        let Ok(mut guard) = LOADED.lock() else {
            return crate::catalog::Catalog::embedded();
        };
        let map = guard.get_or_insert_with(HashMap::new);
        if let Some(c) = map.get(&path) {
            return c;
        }
        let cat: &'static crate::catalog::Catalog = match crate::catalog::Catalog::load(&path) {
            Ok(c) => Box::leak(Box::new(c)),
            Err(e) => {
                tracing::error!("catalog {e}; using the embedded catalog");
                crate::catalog::Catalog::embedded()
            }
        };
        map.insert(path, cat);
        cat
    }

    /// `fail-level` from the file.
    pub fn fail_level(&self) -> Option<Severity> {
        self.file
            .fail_level
            .as_deref()
            .and_then(Severity::from_name)
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn wrong_types_are_errors() {
        let e = Config::from_toml("ignore = 3", Path::new("x.toml"));
        assert!(e.is_err());
        let e = Config::from_toml("[severity]\nDL201 = \"loud\"", Path::new("x.toml"));
        assert!(e.is_err());
        let e = Config::from_toml("ignore = [\"DL999\"]", Path::new("x.toml"));
        assert!(e.is_err());
        let ok = Config::from_toml(
            "ignore = [\"DL2\"]\n[per-path-ignores]\n\"legacy/**\" = [\"DL1\"]",
            Path::new("x.toml"),
        );
        assert!(ok.is_ok());
    }

    #[test]
    fn globs() {
        let p = globset_lite::Pattern::new("rules/**/*.yml");
        assert!(p.matches("rules/a/b/c.yml"));
        assert!(p.matches("rules/c.yml"));
        assert!(!p.matches("other/c.yml"));
        assert!(globset_lite::Pattern::new("legacy/**").matches("legacy/a/b.yml"));
    }
}
