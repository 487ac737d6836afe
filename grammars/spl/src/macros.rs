//! Text-level expansion of Splunk search macros (`` `name` `` and `` `name(a, "b")` ``).
//!
//! Splunk resolves a call `name(a, b)` against the definition keyed `name(2)`;
//! a call without parentheses uses the key `name`. Definitions substitute
//! `$arg$` with the argument text. Expansion is recursive (depth limit 16)
//! with cycle detection. [`Expanded::map`] converts offsets in the expanded
//! text back to the original text.

use crate::lexer::{lex, TokenKind};
use crate::span::Span;
use std::collections::HashMap;

/// Maximum nesting of macro expansion.
pub const MAX_MACRO_DEPTH: usize = 16;

/// One macro definition.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct MacroDef {
    /// Name without the `(N)` suffix.
    pub name: String,
    /// Argument names, in order.
    pub args: Vec<String>,
    /// Definition text, with `$arg$` placeholders.
    pub definition: String,
}

/// A set of macro definitions, keyed Splunk-style (`name` or `name(N)`).
#[derive(Debug, Clone, Default)]
pub struct MacroTable {
    defs: HashMap<String, MacroDef>,
}

impl MacroTable {
    /// Empty table.
    pub fn new() -> MacroTable {
        MacroTable::default()
    }

    /// Add (or replace) a definition. A `name` given as `foo(2)` is accepted:
    /// the suffix is stripped and the key is derived from `args.len()`.
    pub fn add(&mut self, name: &str, args: &[&str], definition: &str) {
        let base = match name.find('(') {
            Some(p) => name[..p].trim(),
            None => name.trim(),
        };
        let def = MacroDef {
            name: base.to_string(),
            args: args.iter().map(|a| a.trim().to_string()).collect(),
            definition: definition.to_string(),
        };
        self.defs.insert(key(base, args.len()), def);
    }

    /// Look up by name and argument count.
    pub fn get(&self, name: &str, nargs: usize) -> Option<&MacroDef> {
        self.defs.get(&key(name, nargs))
    }

    /// Number of definitions.
    pub fn len(&self) -> usize {
        self.defs.len()
    }

    /// True when empty.
    pub fn is_empty(&self) -> bool {
        self.defs.is_empty()
    }
}

fn key(name: &str, nargs: usize) -> String {
    if nargs == 0 {
        name.to_ascii_lowercase()
    } else {
        format!("{}({})", name.to_ascii_lowercase(), nargs)
    }
}

/// One macro call found while expanding.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct MacroCall {
    /// Macro name.
    pub name: String,
    /// Argument values (surrounding double quotes removed).
    pub args: Vec<String>,
    /// Span of the call (backticks included) in the ORIGINAL text; for a call
    /// nested inside another macro's definition, the span of the outermost call.
    pub span: Span,
    /// Whether a definition was found and substituted.
    pub resolved: bool,
    /// 0 for calls written in the original text, 1+ for calls inside definitions.
    pub depth: usize,
    /// Why expansion stopped, if it did (cycle, depth limit).
    pub problem: Option<String>,
}

#[derive(Debug, Clone, Copy, PartialEq, Eq)]
struct Segment {
    /// Range in expanded text.
    exp: Span,
    /// Range in the original text.
    orig: Span,
    /// True when `exp` is a copy of `orig` (byte for byte).
    copy: bool,
}

/// Maps byte offsets of expanded text back to the original text.
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct OffsetMap {
    segs: Vec<Segment>,
    orig_len: usize,
}

impl OffsetMap {
    /// Map an expanded-text offset to an original-text offset. Offsets inside
    /// an expanded macro map to the start of the macro call.
    pub fn to_original(&self, offset: usize) -> usize {
        match self.find(offset) {
            Some(s) if s.copy => s.orig.start + (offset - s.exp.start),
            Some(s) => s.orig.start,
            None => self.orig_len,
        }
    }

    /// Map an expanded-text span to the original text. Any end that falls
    /// inside an expanded macro is widened to the whole macro call.
    pub fn span_to_original(&self, span: Span) -> Span {
        let start = self.to_original(span.start);
        let end = if span.end <= span.start {
            start
        } else {
            match self.find(span.end - 1) {
                Some(s) if s.copy => s.orig.start + (span.end - s.exp.start),
                Some(s) => s.orig.end,
                None => self.orig_len,
            }
        };
        Span::new(start, end.max(start))
    }

    /// True when the expanded offset lies inside text produced by a macro.
    pub fn is_in_macro(&self, offset: usize) -> bool {
        matches!(self.find(offset), Some(s) if !s.copy)
    }

    fn find(&self, offset: usize) -> Option<&Segment> {
        let idx = self.segs.partition_point(|s| s.exp.end <= offset);
        self.segs.get(idx).filter(|s| s.exp.start <= offset)
    }
}

/// Result of [`expand`].
#[derive(Debug, Clone, Default)]
pub struct Expanded {
    /// The expanded search text.
    pub text: String,
    /// Offset map from `text` back to the original.
    pub map: OffsetMap,
    /// Every macro call seen, in order.
    pub calls: Vec<MacroCall>,
}

/// Expand all macro calls in `src` using `table`.
pub fn expand(src: &str, table: &MacroTable) -> Expanded {
    let mut out = Expanded {
        text: String::with_capacity(src.len() + 64),
        map: OffsetMap {
            segs: Vec::new(),
            orig_len: src.len(),
        },
        calls: Vec::new(),
    };
    let mut copy_from = 0;
    for tok in lex(src) {
        if tok.kind != TokenKind::Macro {
            continue;
        }
        let raw = tok.span.text(src);
        let Some((name, args)) = parse_call(raw) else {
            continue;
        };
        let mut stack = Vec::new();
        let mut calls = Vec::new();
        let res = expand_call(&name, &args, table, 1, &mut stack, &mut calls, tok.span);
        let problem = res.as_ref().err().cloned().flatten();
        let resolved = res.is_ok();
        out.calls.push(MacroCall {
            name: name.clone(),
            args: args.clone(),
            span: tok.span,
            resolved,
            depth: 0,
            problem,
        });
        out.calls.extend(calls);
        if let Ok(text) = res {
            push_copy(&mut out, src, copy_from, tok.span.start);
            let s = out.text.len();
            out.text.push_str(&text);
            out.map.segs.push(Segment {
                exp: Span::new(s, out.text.len()),
                orig: tok.span,
                copy: false,
            });
            copy_from = tok.span.end;
        }
    }
    push_copy(&mut out, src, copy_from, src.len());
    out
}

fn push_copy(out: &mut Expanded, src: &str, from: usize, to: usize) {
    if to <= from {
        return;
    }
    let s = out.text.len();
    out.text.push_str(&src[from..to]);
    out.map.segs.push(Segment {
        exp: Span::new(s, out.text.len()),
        orig: Span::new(from, to),
        copy: true,
    });
}

/// Expand one call. `Err(None)` = unknown macro; `Err(Some(msg))` = cycle/depth.
fn expand_call(
    name: &str,
    args: &[String],
    table: &MacroTable,
    depth: usize,
    stack: &mut Vec<String>,
    calls: &mut Vec<MacroCall>,
    outer: Span,
) -> Result<String, Option<String>> {
    let Some(def) = table.get(name, args.len()) else {
        return Err(None);
    };
    let k = key(name, args.len());
    if stack.contains(&k) {
        return Err(Some(format!("macro cycle through `{k}`")));
    }
    if depth > MAX_MACRO_DEPTH {
        return Err(Some(format!(
            "macro expansion deeper than {MAX_MACRO_DEPTH}"
        )));
    }
    let body = substitute(&def.definition, &def.args, args);
    stack.push(k);
    let mut text = String::with_capacity(body.len());
    let mut from = 0;
    for tok in lex(&body) {
        if tok.kind != TokenKind::Macro {
            continue;
        }
        let Some((n, a)) = parse_call(tok.span.text(&body)) else {
            continue;
        };
        let mut inner = Vec::new();
        let res = expand_call(&n, &a, table, depth + 1, stack, &mut inner, outer);
        calls.push(MacroCall {
            name: n,
            args: a,
            span: outer,
            resolved: res.is_ok(),
            depth,
            problem: res.as_ref().err().cloned().flatten(),
        });
        calls.extend(inner);
        if let Ok(t) = res {
            text.push_str(&body[from..tok.span.start]);
            text.push_str(&t);
            from = tok.span.end;
        }
    }
    text.push_str(&body[from..]);
    stack.pop();
    Ok(text)
}

fn substitute(def: &str, names: &[String], values: &[String]) -> String {
    if names.is_empty() {
        return def.to_string();
    }
    let mut out = String::with_capacity(def.len());
    let mut rest = def;
    while let Some(p) = rest.find('$') {
        out.push_str(&rest[..p]);
        let after = &rest[p + 1..];
        let replaced = after.find('$').and_then(|q| {
            let name = &after[..q];
            names.iter().position(|n| n == name).map(|i| (i, q))
        });
        match replaced {
            Some((i, q)) => {
                out.push_str(values.get(i).map(String::as_str).unwrap_or(""));
                rest = &after[q + 1..];
            }
            None => {
                out.push('$');
                rest = after;
            }
        }
    }
    out.push_str(rest);
    out
}

/// Split the text of a macro token (backticks included) into name and arguments.
/// Returns `None` for an empty or malformed call.
pub fn parse_call(raw: &str) -> Option<(String, Vec<String>)> {
    let inner = raw.strip_prefix('`')?;
    let inner = inner.strip_suffix('`').unwrap_or(inner).trim();
    if inner.is_empty() {
        return None;
    }
    let Some(p) = inner.find('(') else {
        if inner.bytes().any(|b| b.is_ascii_whitespace()) {
            return None;
        }
        return Some((inner.to_string(), Vec::new()));
    };
    let name = inner[..p].trim();
    if name.is_empty() || name.bytes().any(|b| b.is_ascii_whitespace()) {
        return None;
    }
    let body = inner[p + 1..].trim_end();
    let body = body.strip_suffix(')').unwrap_or(body);
    let mut args = Vec::new();
    if body.trim().is_empty() {
        return Some((name.to_string(), args));
    }
    let bytes = body.as_bytes();
    let (mut depth, mut in_str, mut start, mut i) = (0i32, false, 0usize, 0usize);
    while i < bytes.len() {
        let c = bytes[i];
        if in_str {
            if c == b'\\' {
                i += 1;
            } else if c == b'"' {
                in_str = false;
            }
        } else {
            match c {
                b'"' => in_str = true,
                b'(' => depth += 1,
                b')' => depth -= 1,
                b',' if depth <= 0 => {
                    args.push(arg_value(&body[start..i]));
                    start = i + 1;
                }
                _ => {}
            }
        }
        i += 1;
    }
    args.push(arg_value(body.get(start..).unwrap_or("")));
    Some((name.to_string(), args))
}

fn arg_value(s: &str) -> String {
    let t = s.trim();
    if t.len() >= 2 && t.starts_with('"') && t.ends_with('"') {
        t[1..t.len() - 1].to_string()
    } else {
        t.to_string()
    }
}
