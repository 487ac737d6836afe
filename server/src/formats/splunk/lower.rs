//! The `search:` of a Splunk detection: macro expansion, parsing, and lowering of its filters into
//! the rule model. Spans go expanded text → search text (the SPL crate's offset map; a position
//! inside an expanded macro lands on the macro call) → file (the YAML scalar's offset map).

use super::cim;
use super::macros::MacroSet;
use super::{DmField, MacroUse, SearchInfo};
use crate::formats::QueryError;
use crate::model::{Expr, Op, Opaque, Predicate, Span, Spanned, Value, ValueKind};
use crate::source::OffsetMap;
use detlint_spl::{CommandKind, Filter, PredOp, SearchExpr};

/// Everything the search contributes to the rule.
pub struct Lowered {
    pub info: SearchInfo,
    pub detection: Option<Expr>,
    pub event_kinds: Vec<String>,
    pub platforms: Vec<String>,
    pub context: Vec<(String, String)>,
    pub errors: Vec<QueryError>,
}

struct Mapper<'a> {
    exp: &'a detlint_spl::Expanded,
    yaml: &'a OffsetMap,
}

impl Mapper<'_> {
    fn span(&self, s: detlint_spl::Span) -> Span {
        let o = self.exp.map.span_to_original(s);
        self.yaml.span_to_file(o.start, o.end)
    }
    fn in_macro(&self, s: detlint_spl::Span) -> bool {
        self.exp.map.is_in_macro(s.start)
    }
}

/// Expand, parse and lower one search.
pub fn lower(text: &str, yaml_map: &OffsetMap, scalar_span: Span, macros: &MacroSet) -> Lowered {
    let (exp, parse) = detlint_spl::expand_and_parse(text, &macros.table);
    let m = Mapper {
        exp: &exp,
        yaml: yaml_map,
    };
    let errors = parse
        .errors
        .iter()
        .map(|e| QueryError {
            language: "spl",
            message: e.message.clone(),
            span: m.span(e.span),
        })
        .collect();

    let macro_calls = exp
        .calls
        .iter()
        .map(|c| {
            let lower = c.name.to_ascii_lowercase();
            MacroUse {
                name: c.name.clone(),
                nargs: c.args.len(),
                span: yaml_map.span_to_file(c.span.start, c.span.end),
                resolved: c.resolved,
                depth: c.depth,
                problem: c.problem.clone(),
                known_arities: macros.arities.get(&lower).cloned().unwrap_or_default(),
                external: macros.external.contains(&lower),
            }
        })
        .collect();

    let mut parts = Vec::new();
    let mut datamodels = Vec::new();
    let mut dm_fields = Vec::new();
    let mut lookups = Vec::new();
    let mut ctx: Vec<(String, String)> = Vec::new();
    let cmds = &parse.ast.commands;
    for (i, c) in cmds.iter().enumerate() {
        match &c.kind {
            CommandKind::Search(s) => {
                if let Some(f) = &s.filter {
                    if i == 0 {
                        collect_context(f, &exp.text, &mut ctx);
                    }
                    parts.push(lower_filter(&lower_search_with_ops(f), &m, false));
                }
            }
            CommandKind::Where(w) => {
                if let Some(e) = &w.expr {
                    parts.push(lower_filter(&detlint_spl::lower_expr(e), &m, true));
                }
            }
            CommandKind::Tstats(t) => {
                let dm = t
                    .from
                    .as_ref()
                    .map(|v| cim::datamodel_name(&v.value).to_string());
                if let Some(dm) = &dm {
                    if !datamodels.contains(dm) {
                        datamodels.push(dm.clone());
                    }
                    for f in cim::tstats_field_refs(t) {
                        dm_fields.push(DmField {
                            datamodel: dm.clone(),
                            field: f.name.clone(),
                            span: m.span(f.span),
                            in_macro: m.in_macro(f.span),
                        });
                    }
                }
                if let Some(f) = &t.filter {
                    parts.push(lower_filter(&lower_search_with_ops(f), &m, false));
                }
            }
            CommandKind::Lookup(l) => {
                let name = l.table.as_ref().map(|t| t.name.clone()).unwrap_or_default();
                if let Some(t) = &l.table {
                    lookups.push(Spanned::new(t.name.clone(), m.span(t.span)));
                }
                let filtered_later = cmds[i + 1..]
                    .iter()
                    .any(|n| matches!(n.kind, CommandKind::Search(_) | CommandKind::Where(_)));
                if filtered_later {
                    parts.push(Expr::Opaque(Opaque {
                        reason: format!("lookup `{name}`: later filters use its output"),
                        span: m.span(c.span),
                    }));
                }
            }
            CommandKind::Inputlookup(l) => {
                if let Some(t) = &l.table {
                    lookups.push(Spanned::new(t.name.clone(), m.span(t.span)));
                }
            }
            CommandKind::Generic(g) => {
                // `| from datamodel Web.Web`, `| from datamodel:Web.Web`, `| datamodel Endpoint Processes search`
                let words: Vec<&str> = g
                    .args
                    .iter()
                    .filter_map(|a| match a {
                        detlint_spl::Arg::Value(v) => Some(v.value.as_str()),
                        _ => None,
                    })
                    .collect();
                let name = c.name.name.to_ascii_lowercase();
                let dm = match (name.as_str(), words.as_slice()) {
                    ("from", ["datamodel", dm, ..]) => Some((*dm).to_string()),
                    ("from", [dm, ..]) if dm.to_ascii_lowercase().starts_with("datamodel:") => {
                        Some(cim::datamodel_name(dm).to_string())
                    }
                    ("datamodel", [root, ds, ..]) if !ds.eq_ignore_ascii_case("search") => {
                        Some(format!("{root}.{ds}"))
                    }
                    ("datamodel", [root, ..]) => Some((*root).to_string()),
                    _ => None,
                };
                if let Some(dm) = dm {
                    if !datamodels.contains(&dm) {
                        datamodels.push(dm);
                    }
                }
            }
            CommandKind::Macro(r) => {
                let lower = r.name.to_ascii_lowercase();
                if !lower.ends_with("_filter") {
                    parts.push(Expr::Opaque(Opaque {
                        reason: format!("macro `{}` is not defined", r.name),
                        span: m.span(r.span),
                    }));
                }
            }
            _ => {}
        }
    }

    // Event kinds and platforms: data models, then EventCode/sourcetype, then input macros.
    let mut kinds: Vec<String> = Vec::new();
    let push_kind = |k: &str, kinds: &mut Vec<String>| {
        if !kinds.iter().any(|x| x == k) {
            kinds.push(k.to_string());
        }
    };
    let mut derived: Vec<String> = Vec::new();
    for dm in &datamodels {
        ctx.push(("datamodel".into(), dm.clone()));
        // `from datamodel=Endpoint` names only the root: the field prefixes name the data sets
        // (`Processes.process_name` → `Endpoint.Processes`), added after the written value.
        if !dm.contains('.') {
            for f in dm_fields.iter().filter(|f| &f.datamodel == dm) {
                if let Some((obj, _)) = f.field.split_once('.') {
                    let full = format!("{dm}.{obj}");
                    if !derived.contains(&full) && !datamodels.contains(&full) {
                        derived.push(full);
                    }
                }
            }
        }
        match cim::event_kind(dm) {
            Some(k) => push_kind(k, &mut kinds),
            None => {
                // `from datamodel=Endpoint` names the root only: the field prefix names the set.
                let root = cim::root_of(dm);
                for f in dm_fields.iter().filter(|f| &f.datamodel == dm) {
                    if let Some((obj, _)) = f.field.split_once('.') {
                        if let Some(k) = cim::event_kind_of_object(root, obj) {
                            push_kind(k, &mut kinds);
                        }
                    }
                }
            }
        }
    }
    for d in derived {
        ctx.push(("datamodel".into(), d));
    }
    let input_macros: Vec<&str> = exp
        .calls
        .iter()
        .filter(|c| c.depth == 0 && is_input_macro(&c.name, macros))
        .map(|c| c.name.as_str())
        .collect();
    let codes: Vec<String> = ctx
        .iter()
        .filter(|(k, _)| k.eq_ignore_ascii_case("eventcode") || k.eq_ignore_ascii_case("eventid"))
        .map(|(_, v)| v.clone())
        .collect();
    let sysmon = input_macros
        .iter()
        .any(|n| n.to_ascii_lowercase().contains("sysmon"))
        || ctx.iter().any(|(k, v)| {
            (k == "sourcetype" || k == "source") && v.to_ascii_lowercase().contains("sysmon")
        });
    for code in &codes {
        if let Some(k) = event_code_kind(code, sysmon) {
            push_kind(k, &mut kinds);
        }
    }
    let mut platforms: Vec<String> = Vec::new();
    for name in &input_macros {
        let (k, p) = macro_kind(name);
        if let Some(k) = k {
            if codes.is_empty() || k == "ps_script" || k == "cloud_api" {
                push_kind(k, &mut kinds);
            }
        }
        if let Some(p) = p {
            if !platforms.iter().any(|x| x == p) {
                platforms.push(p.to_string());
            }
        }
        ctx.push(("macro".into(), (*name).to_string()));
    }
    ctx.retain(|(k, _)| {
        matches!(
            k.as_str(),
            "datamodel" | "macro" | "sourcetype" | "source" | "index"
        ) || k.eq_ignore_ascii_case("eventcode")
    });
    ctx.dedup();

    // Flatten nested conjunctions at the top level.
    let parts: Vec<Expr> = parts
        .into_iter()
        .flat_map(|p| match p {
            Expr::And(v) => v,
            other => vec![other],
        })
        .collect();
    let mut parts = parts;
    let detection = match parts.len() {
        0 => None,
        1 => parts.pop(),
        _ => Some(Expr::And(parts)),
    };
    let trimmed = text.trim_end();
    let end = match trimmed.chars().last() {
        None => scalar_span.end,
        Some(c) => yaml_map.to_file(trimmed.len() - c.len_utf8()) + c.len_utf8(),
    };
    Lowered {
        info: SearchInfo {
            span: scalar_span,
            text: text.to_string(),
            expanded: exp.text.clone(),
            end,
            macro_calls,
            datamodels,
            dm_fields,
            lookups,
        },
        detection,
        event_kinds: kinds,
        platforms,
        context: ctx,
        errors,
    }
}

/// Whether a macro call names the events searched (`sysmon`, `cloudtrail`), not a helper.
fn is_input_macro(name: &str, macros: &MacroSet) -> bool {
    let n = name.to_ascii_lowercase();
    !(n.ends_with("_filter")
        || n.starts_with("security_content_")
        || n == "drop_dm_object_name"
        || macros.external.contains(&n)
        || n.contains("ctime")
        || n.contains("base64"))
}

/// `lower_search`, keeping `field!=x*` etc. (the crate lowers the operator; values stay as written).
fn lower_search_with_ops(f: &SearchExpr) -> Filter {
    detlint_spl::lower_search(f)
}

/// Top-level `field=value` facts of the first search (sourcetype, index, EventCode …).
fn collect_context(f: &SearchExpr, text: &str, out: &mut Vec<(String, String)>) {
    let _ = text;
    let items: Vec<&SearchExpr> = match f {
        SearchExpr::And { items, .. } => items.iter().collect(),
        other => vec![other],
    };
    for it in items {
        let leaves: Vec<&SearchExpr> = match it {
            SearchExpr::Group { expr, .. } => match &**expr {
                SearchExpr::Or { items, .. } => items.iter().collect(),
                o => vec![o],
            },
            SearchExpr::Or { items, .. } => items.iter().collect(),
            o => vec![o],
        };
        for l in leaves {
            match l {
                SearchExpr::Compare {
                    field,
                    op: detlint_spl::CmpOp::Eq,
                    value,
                    ..
                } => out.push((field.name.clone(), value.value.clone())),
                SearchExpr::In { field, values, .. } => {
                    for v in values {
                        out.push((field.name.clone(), v.value.clone()));
                    }
                }
                _ => {}
            }
        }
    }
}

/// Event kind of a Windows / Sysmon event code.
pub fn event_code_kind(code: &str, sysmon: bool) -> Option<&'static str> {
    let n: u32 = code.trim().trim_matches('"').parse().ok()?;
    if sysmon {
        return Some(match n {
            1 => "process_creation",
            2 => "file_change",
            3 => "network_connection",
            5 => "process_termination",
            6 => "driver_load",
            7 => "image_load",
            8 => "create_remote_thread",
            9 => "raw_access_thread",
            10 => "process_access",
            11 => "file_event",
            12..=14 => "registry_event",
            15 => "create_stream_hash",
            17 | 18 => "pipe_created",
            19..=21 => "wmi_event",
            22 => "dns_query",
            23 | 26 => "file_delete",
            25 => "process_tampering",
            _ => return None,
        });
    }
    Some(match n {
        4688 => "process_creation",
        4689 => "process_termination",
        4624 | 4625 | 4634 | 4647 | 4648 | 4768 | 4769 | 4771 | 4776 => "authentication",
        4656 | 4658 | 4660 | 4663 => "object_access",
        4657 => "registry_event",
        4697 | 7045 => "service_creation",
        4698..=4702 => "scheduled_task",
        4720 | 4722..=4738 | 4740 | 4741..=4743 | 4754..=4758 | 4764 | 4767 | 4781 => "iam",
        5136 | 5137 | 5141 => "directory_service",
        5140 | 5145 => "file_share",
        5156 | 5157 => "network_connection",
        4662 => "directory_service",
        4672 => "authentication",
        4719 | 4902 | 4904..=4907 => "audit_policy_change",
        4870..=4899 => "certificate_services",
        8004 => "authentication",
        1149 => "authentication",
        5857..=5861 => "wmi_event",
        1116 | 1117 | 1121 | 1122 | 5001 | 5007 => "antivirus",
        8000..=8007 => "applocker",
        4103 => "ps_module",
        4104 => "ps_script",
        1102 | 104 => "log_cleared",
        _ => return None,
    })
}

/// Event kind and platform of a well-known input macro.
pub fn macro_kind(name: &str) -> (Option<&'static str>, Option<&'static str>) {
    let n = name.to_ascii_lowercase();
    let starts = |p: &str| n.starts_with(p);
    if n == "powershell" {
        return (Some("ps_script"), Some("windows"));
    }
    if starts("sysmon") && n.contains("linux") || starts("linux_") {
        return (Some("process_creation"), Some("linux"));
    }
    if starts("sysmon") {
        return (None, Some("windows"));
    }
    if starts("wineventlog")
        || starts("windows_")
        || starts("admon")
        || n == "remoteconnectionmanager"
    {
        return (None, Some("windows"));
    }
    if starts("cloudtrail") || starts("aws_") || starts("amazon_") {
        return (Some("cloud_api"), Some("aws"));
    }
    if starts("azure") || starts("o365") || starts("ms365") || starts("msgraph") || starts("m365") {
        return (Some("cloud_api"), Some("azure"));
    }
    if starts("gws") || starts("gsuite") || starts("google_") || starts("gcp") {
        return (Some("cloud_api"), Some("gcp"));
    }
    if starts("okta") {
        return (Some("authentication"), Some("okta"));
    }
    if starts("github") || starts("gitlab") {
        return (Some("cloud_api"), Some("github"));
    }
    if starts("kube") {
        return (Some("cloud_api"), Some("kubernetes"));
    }
    if starts("stream_http") || starts("suricata") || starts("zscaler") {
        return (Some("web"), None);
    }
    if starts("stream_dns") {
        return (Some("dns_query"), None);
    }
    (None, None)
}

fn value_of(v: &detlint_spl::Value, m: &Mapper) -> Value {
    let num = !v.quoted && !v.value.is_empty() && v.value.parse::<f64>().is_ok();
    Value {
        text: v.value.clone(),
        kind: if num { ValueKind::Num } else { ValueKind::Str },
        span: m.span(v.span),
    }
}

fn lower_filter(f: &Filter, m: &Mapper, eval: bool) -> Expr {
    match f {
        Filter::And(items, _) => {
            Expr::And(items.iter().map(|i| lower_filter(i, m, eval)).collect())
        }
        Filter::Or(items, _) => Expr::Or(items.iter().map(|i| lower_filter(i, m, eval)).collect()),
        Filter::Not(inner, _) => Expr::Not(Box::new(lower_filter(inner, m, eval))),
        Filter::Opaque(s) => {
            let raw = s.text(&m.exp.text).trim_start();
            let reason = if raw.starts_with('`') {
                format!(
                    "macro call {}",
                    raw.split_whitespace().next().unwrap_or(raw)
                )
            } else if raw.starts_with('[') {
                "subsearch".to_string()
            } else {
                "expression not reducible to field predicates".to_string()
            };
            Expr::Opaque(Opaque {
                reason,
                span: m.span(*s),
            })
        }
        Filter::Pred(p) => {
            let span = m.span(p.span);
            let field = p
                .field
                .as_ref()
                .map(|i| Spanned::new(i.name.clone(), m.span(i.span)));
            let values: Vec<Value> = p.values.iter().map(|v| value_of(v, m)).collect();
            // The operator as written: the text between the field and the first value.
            let raw_written = match (&p.field, p.values.first()) {
                (Some(fi), Some(v)) if fi.span.end <= v.span.start => m
                    .exp
                    .text
                    .get(fi.span.end..v.span.start)
                    .unwrap_or("")
                    .trim()
                    .trim_end_matches('(')
                    .trim()
                    .to_string(),
                _ => String::new(),
            };
            let wild = p.values.iter().any(|v| v.has_wildcard());
            let (op, raw_op, negate) = match p.op {
                PredOp::Eq if wild && !eval => (Op::Wildcard, "=", false),
                PredOp::Eq => (Op::Eq, if eval { "==" } else { "=" }, false),
                PredOp::Ne if wild && !eval => (Op::Wildcard, "!=", true),
                PredOp::Ne => (Op::Ne, "!=", false),
                PredOp::Lt => (Op::Lt, "<", false),
                PredOp::Le => (Op::Lte, "<=", false),
                PredOp::Gt => (Op::Gt, ">", false),
                PredOp::Ge => (Op::Gte, ">=", false),
                PredOp::In => (Op::In, "IN", false),
                PredOp::Like => (Op::Wildcard, "like", false),
                PredOp::Match => (Op::RegexMatch, "match", false),
                PredOp::Cidr => (Op::CidrMatch, "cidrmatch", false),
                PredOp::IsNull => (Op::IsNull, "isnull", false),
                PredOp::IsNotNull => (Op::Exists, "isnotnull", false),
                PredOp::Term => (Op::Match, "", false),
            };
            let comparison = matches!(
                p.op,
                PredOp::Eq
                    | PredOp::Ne
                    | PredOp::Lt
                    | PredOp::Le
                    | PredOp::Gt
                    | PredOp::Ge
                    | PredOp::In
            );
            let raw_op = if !comparison || raw_written.is_empty() || raw_written.len() > 12 {
                raw_op.to_string()
            } else {
                raw_written
            };
            let case_sensitive = eval && !matches!(p.op, PredOp::Like | PredOp::Cidr);
            let pred = Expr::Pred(Predicate {
                field,
                canonical: None,
                op,
                values,
                match_all: false,
                case_sensitive,
                raw_op,
                span,
            });
            if negate {
                Expr::Not(Box::new(pred))
            } else {
                pred
            }
        }
    }
}
