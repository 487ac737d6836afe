//! The normalizer: vendor field names → canonical (ECS-named) fields, by context; values →
//! comparable indicators; event kinds → one taxonomy. Tables are reviewed data under `rules/`.

mod coverage;
mod events;
mod tables;
mod values;

pub use coverage::{covered_by, covers};
pub use events::{canonical_event_kind, fallback_event_kind, EVENT_KINDS};
pub use tables::FieldMap;
pub use values::{indicators, Indicator};

use crate::model::{Format, Rule};
use std::collections::HashSet;
use std::sync::OnceLock;

/// How a field was mapped.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, serde::Serialize)]
#[serde(rename_all = "snake_case")]
pub enum Route {
    /// An explicit entry of a field table.
    Explicit,
    /// The field already is an ECS (or integration-namespace) name.
    Identity,
    /// The context's namespace prefix.
    Namespace,
}

/// The canonical field of a vendor field, with how it was found.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Mapped {
    pub field: String,
    pub route: Route,
}

/// All field tables, loaded once.
pub struct Normalizer {
    tables: [Vec<FieldMap>; 5],
    ecs: HashSet<&'static str>,
}

fn format_index(f: Format) -> usize {
    match f {
        Format::Sigma => 0,
        Format::Elastic => 1,
        Format::Splunk => 2,
        Format::Sentinel => 3,
        Format::Panther => 4,
    }
}

/// camelCase → snake_case, per dotted segment (`userIdentity.type` → `user_identity.type`).
pub fn snake_case(s: &str) -> String {
    let mut out = String::with_capacity(s.len() + 4);
    let mut prev_lower = false;
    for c in s.chars() {
        if c.is_ascii_uppercase() {
            if prev_lower {
                out.push('_');
            }
            out.push(c.to_ascii_lowercase());
            prev_lower = false;
        } else {
            prev_lower = c.is_ascii_lowercase() || c.is_ascii_digit();
            out.push(c);
        }
    }
    out
}

fn fill_prefix(prefix: &str, context: &[(String, String)]) -> Option<String> {
    if !prefix.contains('{') {
        return Some(prefix.to_string());
    }
    let mut out = String::new();
    let mut rest = prefix;
    while let Some(i) = rest.find('{') {
        out.push_str(&rest[..i]);
        let end = rest[i..].find('}')? + i;
        let key = &rest[i + 1..end];
        let val = context
            .iter()
            .find(|(k, _)| k == key)?
            .1
            .to_ascii_lowercase();
        out.push_str(&snake_case(&val).replace([' ', '-'], "_"));
        rest = &rest[end + 1..];
    }
    out.push_str(rest);
    Some(out)
}

impl Normalizer {
    /// The shared instance.
    pub fn get() -> &'static Normalizer {
        static N: OnceLock<Normalizer> = OnceLock::new();
        N.get_or_init(|| Normalizer {
            tables: Format::ALL.map(tables::load),
            ecs: include_str!("../../../rules/fields/ecs_fields.txt")
                .lines()
                .filter(|l| !l.starts_with('#') && !l.is_empty())
                .collect(),
        })
    }

    /// Whether `field` is an ECS field name.
    pub fn is_ecs(&self, field: &str) -> bool {
        self.ecs.contains(field)
    }

    /// Every ECS field name.
    pub fn ecs_fields(&self) -> impl Iterator<Item = &'static str> + '_ {
        self.ecs.iter().copied()
    }

    /// Every field map of `format`.
    pub fn maps_for_all(&self, format: Format) -> &[FieldMap] {
        &self.tables[format_index(format)]
    }

    /// The field maps of `format` that apply to `context`, most specific first.
    pub fn maps_for<'a>(
        &'a self,
        format: Format,
        context: &[(String, String)],
    ) -> Vec<&'a FieldMap> {
        type Last = Option<(usize, usize, Vec<(String, String)>, Vec<usize>)>;
        thread_local! {
            /// The last (normalizer, format, context) asked and its maps: files arrive folder
            /// by folder, and the rules of a folder mostly share their context.
            static LAST: std::cell::RefCell<Last> = const { std::cell::RefCell::new(None) };
        }
        let table = &self.tables[format_index(format)];
        let me = self as *const Normalizer as usize;
        let f = format_index(format);
        LAST.with(|last| {
            let mut last = last.borrow_mut();
            if let Some((n, lf, c, picked)) = last.as_ref() {
                if *n == me && *lf == f && c.as_slice() == context {
                    return picked.iter().filter_map(|&i| table.get(i)).collect();
                }
            }
            let picked: Vec<usize> = (0..table.len())
                .filter(|&i| table[i].matches(context))
                .collect();
            let maps = picked.iter().filter_map(|&i| table.get(i)).collect();
            *last = Some((me, f, context.to_vec(), picked));
            maps
        })
    }

    /// Map a raw field under pre-selected maps.
    pub fn map_field(
        &self,
        maps: &[&FieldMap],
        context: &[(String, String)],
        raw: &str,
    ) -> Option<Mapped> {
        if raw.is_empty() {
            return None;
        }
        let lower = raw.to_ascii_lowercase();
        // `Processes.process_name` → `process_name` where a table says data-set prefixes go.
        let stripped = raw
            .split_once('.')
            .filter(|(obj, rest)| {
                obj.starts_with(|c: char| c.is_ascii_uppercase()) && !rest.is_empty()
            })
            .map(|(_, rest)| rest.to_ascii_lowercase());
        for m in maps {
            if let Some(c) = m.fields.get(&lower) {
                return Some(Mapped {
                    field: c.clone(),
                    route: Route::Explicit,
                });
            }
            if m.strip_object {
                if let Some(c) = stripped.as_ref().and_then(|s| m.fields.get(s)) {
                    return Some(Mapped {
                        field: c.clone(),
                        route: Route::Explicit,
                    });
                }
            }
        }
        let dotted = raw.contains('.') && !raw.contains(char::is_whitespace);
        let lower_ns = raw.split('.').next().is_some_and(|ns| {
            !ns.is_empty()
                && ns
                    .bytes()
                    .all(|b| b.is_ascii_lowercase() || b.is_ascii_digit() || b == b'_')
        });
        let all_lower = raw
            .bytes()
            .all(|b| b.is_ascii_lowercase() || b.is_ascii_digit() || b"._@-".contains(&b));
        if self.is_ecs(raw)
            || (dotted && maps.iter().any(|m| m.identity) && all_lower)
            || (dotted && lower_ns && maps.iter().any(|m| m.identity_any_case))
        {
            return Some(Mapped {
                field: raw.to_string(),
                route: Route::Identity,
            });
        }
        for m in maps {
            if let Some(p) = m.prefix.as_deref().and_then(|p| fill_prefix(p, context)) {
                let f = if m.snake_case {
                    snake_case(raw)
                } else {
                    raw.to_string()
                };
                return Some(Mapped {
                    field: format!("{p}{f}"),
                    route: Route::Namespace,
                });
            }
        }
        None
    }

    /// The canonical field of `raw` in `rule`'s context.
    pub fn canonical(&self, rule: &Rule, raw: &str) -> Option<Mapped> {
        let format = rule.format?;
        let maps = self.maps_for(format, &rule.context);
        self.map_field(&maps, &rule.context, raw)
    }

    /// Fill `canonical` of every predicate and normalize the event kinds of a rule.
    pub fn normalize(&self, rule: &mut Rule) {
        let Some(format) = rule.format else { return };
        let maps = self.maps_for(format, &rule.context);
        let context = rule.context.clone();
        if let Some(d) = rule.detection.as_mut() {
            d.for_each_predicate_mut(&mut |p| {
                if let Some(f) = &p.field {
                    p.canonical = self.map_field(&maps, &context, &f.value).map(|m| m.field);
                }
            });
        }
        let mut kinds: Vec<String> = Vec::new();
        for k in &rule.event_kinds {
            let c = canonical_event_kind(k)
                .map(str::to_string)
                .unwrap_or_else(|| k.clone());
            if !kinds.contains(&c) {
                kinds.push(c);
            }
        }
        if kinds.is_empty() && rule.kind == crate::model::RuleKind::Correlation {
            // A correlation rule works on other rules' alerts.
            kinds.push("alert".to_string());
        } else if kinds.is_empty() && rule.detection.is_some() {
            if let Some(k) = fallback_event_kind(&rule.context) {
                kinds.push(k.to_string());
            }
        }
        rule.event_kinds = kinds;
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn ctx(pairs: &[(&str, &str)]) -> Vec<(String, String)> {
        pairs
            .iter()
            .map(|(a, b)| (a.to_string(), b.to_string()))
            .collect()
    }

    #[test]
    fn tables_parse() {
        for f in Format::ALL {
            let text = match f {
                Format::Sigma => include_str!("../../../rules/fields/sigma.toml"),
                Format::Elastic => include_str!("../../../rules/fields/elastic.toml"),
                Format::Splunk => include_str!("../../../rules/fields/splunk.toml"),
                Format::Sentinel => include_str!("../../../rules/fields/sentinel.toml"),
                Format::Panther => include_str!("../../../rules/fields/panther.toml"),
            };
            assert!(
                tables::parse(f, text).is_ok(),
                "{:?}",
                tables::parse(f, text).err()
            );
        }
    }

    #[test]
    fn sigma_context() {
        let n = Normalizer::get();
        let c = ctx(&[("product", "windows"), ("category", "process_creation")]);
        let maps = n.maps_for(Format::Sigma, &c);
        assert_eq!(
            n.map_field(&maps, &c, "Image").map(|m| m.field).as_deref(),
            Some("process.executable")
        );
        let c = ctx(&[("product", "aws"), ("service", "cloudtrail")]);
        let maps = n.maps_for(Format::Sigma, &c);
        assert_eq!(
            n.map_field(&maps, &c, "eventName")
                .map(|m| m.field)
                .as_deref(),
            Some("event.action")
        );
        assert_eq!(
            n.map_field(&maps, &c, "requestParameters.bucketName")
                .map(|m| m.field)
                .as_deref(),
            Some("aws.cloudtrail.request_parameters.bucket_name")
        );
        let c = ctx(&[("product", "opencanary"), ("category", "application")]);
        let maps = n.maps_for(Format::Sigma, &c);
        assert_eq!(
            n.map_field(&maps, &c, "logtype")
                .map(|m| (m.field, m.route)),
            Some(("opencanary.logtype".to_string(), Route::Namespace))
        );
    }

    #[test]
    fn snake() {
        assert_eq!(
            snake_case("userIdentity.sessionContext"),
            "user_identity.session_context"
        );
        assert_eq!(snake_case("ResultType"), "result_type");
    }
}
