//! Hover: Sigma field names and modifiers, the documentation of the check behind a diagnostic,
//! ATT&CK tags. Knowledge that arrives later (ATT&CK names compiled into the binary, field
//! canonical names and corpus counts from the catalog) plugs in through [`Providers`].

use super::analysis::Linted;
use crate::formats::sigma::modifiers::{modifier, MODIFIERS};
use crate::formats::sigma::{FieldItem, SelectionBody, SigmaDoc};
use crate::formats::FormatData;
use crate::model::{Rule, Span};

/// Names of ATT&CK techniques and tactics (`T1059.001` → `Command and Scripting Interpreter:
/// PowerShell`).
pub trait AttackNames: Send + Sync {
    /// The name of a technique or sub-technique id (upper case, `T1059.001`).
    fn technique(&self, id: &str) -> Option<String>;
    /// The display name of a tactic slug (`defense-evasion` → `Defense Evasion`).
    fn tactic(&self, _slug: &str) -> Option<String> {
        None
    }
}

/// What is known about a field name (canonical name, meaning, corpus counts), as Markdown.
pub trait FieldInfo: Send + Sync {
    /// Extra Markdown about `field` as used in `rule` (its logsource decides the meaning).
    fn describe(&self, field: &str, rule: &Rule) -> Option<String>;
}

/// Pluggable knowledge for hovers. Empty by default: hovers then show what the binary itself
/// knows (ids, modifier and check documentation).
#[derive(Default)]
pub struct Providers {
    pub attack: Option<Box<dyn AttackNames>>,
    pub fields: Option<Box<dyn FieldInfo>>,
}

fn field_hover(item: &FieldItem, rule: &Rule, providers: &Providers) -> String {
    let mut md = if item.field.value.is_empty() {
        "**keyword search** (no field: the values match anywhere in the event)\n".to_string()
    } else {
        format!("**field** `{}`\n", item.field.value)
    };
    if let Some(extra) = providers
        .fields
        .as_ref()
        .and_then(|f| f.describe(&item.field.value, rule))
    {
        md.push('\n');
        md.push_str(&extra);
        md.push('\n');
    }
    if item.modifiers.is_empty() {
        md.push_str("\nNo modifiers: the value must equal the field (case-insensitive; `*` and `?` are wildcards).\n");
    } else {
        md.push_str("\nModifiers:\n");
        for m in &item.modifiers {
            match modifier(&m.value) {
                Some(info) => md.push_str(&format!("- `{}`: {}\n", info.name, info.summary)),
                None => md.push_str(&format!("- `{}`: not a Sigma modifier\n", m.value)),
            }
        }
    }
    if item.is_list && !item.has("all") {
        md.push_str("\nA list of values: any one of them matches (add `|all` to require all).\n");
    }
    md
}

fn modifier_hover(name: &str) -> String {
    match modifier(name) {
        Some(m) => format!("**modifier** `{}`\n\n{}", m.name, m.summary),
        None => {
            let near = crate::checks::did_you_mean(name, MODIFIERS.iter().map(|m| m.name));
            match near {
                Some(n) => format!("`{name}` is not a Sigma modifier; did you mean `{n}`?"),
                None => format!("`{name}` is not a Sigma modifier"),
            }
        }
    }
}

fn sigma_item_hover(
    doc: &SigmaDoc,
    rule: &Rule,
    offset: usize,
    providers: &Providers,
) -> Option<(String, Span)> {
    for sel in &doc.selections {
        let SelectionBody::Fields(groups) = &sel.body else {
            continue;
        };
        for item in groups.iter().flatten() {
            if !item.key_span.contains(offset) {
                continue;
            }
            for m in &item.modifiers {
                if m.span.contains(offset) {
                    return Some((modifier_hover(&m.value), m.span));
                }
            }
            if item.field.span.contains(offset) || item.field.value.is_empty() {
                return Some((field_hover(item, rule, providers), item.field.span));
            }
        }
    }
    None
}

fn tag_hover(rule: &Rule, offset: usize, providers: &Providers) -> Option<(String, Span)> {
    let tag = rule.tags.iter().find(|t| t.span.contains(offset))?;
    let lower = tag.value.to_ascii_lowercase();
    let rest = lower.strip_prefix("attack.")?;
    if let Some(t) = rule.techniques.iter().find(|t| t.span == tag.span) {
        let name = providers
            .attack
            .as_ref()
            .and_then(|a| a.technique(&t.value));
        let md = match name {
            Some(n) => format!("**ATT&CK technique** {}: {n}", t.value),
            None => format!("**ATT&CK technique** {}", t.value),
        };
        let url = t.value.replace('.', "/");
        return Some((
            format!("{md}\n\nhttps://attack.mitre.org/techniques/{url}/"),
            tag.span,
        ));
    }
    let slug = rest.replace('_', "-");
    let name = providers.attack.as_ref().and_then(|a| a.tactic(&slug));
    let md = match name {
        Some(n) => format!("**ATT&CK tactic** `{slug}`: {n}"),
        None if rest.starts_with('g') => format!("**ATT&CK group** {}", rest.to_ascii_uppercase()),
        None if rest.starts_with('s') && rest[1..].bytes().all(|b| b.is_ascii_digit()) => {
            format!("**ATT&CK software** {}", rest.to_ascii_uppercase())
        }
        None => format!("**ATT&CK tactic** `{slug}`"),
    };
    Some((md, tag.span))
}

/// The hover at byte `offset`: Markdown and the span it describes.
pub fn hover(linted: &Linted, offset: usize, providers: &Providers) -> Option<(String, Span)> {
    let mut parts: Vec<String> = Vec::new();
    let mut span: Option<Span> = None;
    for d in &linted.file.docs {
        if !d.rule.span.contains(offset) && d.rule.span != Span::default() {
            continue;
        }
        let found = match &d.data {
            FormatData::Sigma(s) => sigma_item_hover(s, &d.rule, offset, providers),
            _ => None,
        }
        .or_else(|| tag_hover(&d.rule, offset, providers))
        .or_else(|| super::hover_corpus::predicate_hover(&d.rule, offset, providers));
        if let Some((md, sp)) = found {
            parts.push(md);
            span = Some(sp);
            break;
        }
    }
    let mut seen = Vec::new();
    for d in &linted.diags {
        let hit = d.span.contains(offset) || (d.span.is_empty() && d.span.start == offset);
        if !hit || seen.contains(&d.code) {
            continue;
        }
        seen.push(d.code);
        let doc = crate::checks::find(d.code)
            .map(|c| c.meta.doc().trim().to_string())
            .unwrap_or_default();
        parts.push(format!(
            "**{} {}**: {}\n\n{}",
            d.code, d.name, d.message, doc
        ));
        span.get_or_insert(d.span);
    }
    if parts.is_empty() {
        return None;
    }
    Some((
        parts.join("\n\n---\n\n"),
        span.unwrap_or(Span::point(offset)),
    ))
}

/// ATT&CK names from the data compiled into the binary ([`crate::attack`]).
pub struct BuiltinAttack;

impl AttackNames for BuiltinAttack {
    fn technique(&self, id: &str) -> Option<String> {
        let t = crate::attack::technique(id)?;
        let mut s = t.full_name();
        match t.status {
            crate::attack::Status::Active => {}
            crate::attack::Status::Deprecated => s.push_str(" (deprecated)"),
            crate::attack::Status::Revoked => {
                s.push_str(" (revoked");
                if let Some(r) = t.replacement() {
                    s.push_str(&format!(", replaced by {}", r.id));
                }
                s.push(')');
            }
        }
        if !t.description.is_empty() {
            s.push_str("\n\n");
            s.push_str(t.description);
        }
        Some(s)
    }

    fn tactic(&self, slug: &str) -> Option<String> {
        crate::attack::tactic(slug).map(|t| format!("{} ({})", t.name, t.id))
    }
}

impl Providers {
    /// The providers available in the binary itself: ATT&CK names and the embedded catalog.
    pub fn builtin() -> Providers {
        Providers {
            attack: Some(Box::new(BuiltinAttack)),
            fields: Some(Box::new(super::hover_corpus::CatalogFields)),
        }
    }
}
