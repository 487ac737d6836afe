//! The Sigma condition language: `sel and not 1 of filter_*`, `all of them`, parentheses, and the
//! deprecated v1 aggregation after `|`. Spans are offsets in the condition string; callers map
//! them to the file.

use crate::model::Span;

/// A parsed condition.
#[derive(Debug, Clone, PartialEq)]
pub enum Cond {
    And(Vec<Cond>, Span),
    Or(Vec<Cond>, Span),
    Not(Box<Cond>, Span),
    /// A selection name.
    Ident(String, Span),
    /// `1 of sel*`, `all of them`, `any of x`.
    Of {
        quantifier: Quantifier,
        /// The pattern (`them` or a name, possibly with `*`).
        pattern: String,
        pattern_span: Span,
        span: Span,
    },
    /// Unparseable part.
    Error(Span),
}

/// How many of the matched selections must hold.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Quantifier {
    All,
    Any,
    Count(u32),
}

impl Cond {
    pub fn span(&self) -> Span {
        match self {
            Cond::And(_, s)
            | Cond::Or(_, s)
            | Cond::Not(_, s)
            | Cond::Ident(_, s)
            | Cond::Error(s) => *s,
            Cond::Of { span, .. } => *span,
        }
    }

    /// Visit every identifier and `of` pattern.
    pub fn visit(&self, f: &mut dyn FnMut(&Cond)) {
        f(self);
        match self {
            Cond::And(v, _) | Cond::Or(v, _) => v.iter().for_each(|c| c.visit(f)),
            Cond::Not(c, _) => c.visit(f),
            _ => {}
        }
    }
}

/// A condition parse with its errors and the deprecated aggregation part, if any.
#[derive(Debug, Clone, PartialEq)]
pub struct ConditionParse {
    pub cond: Option<Cond>,
    pub errors: Vec<(String, Span)>,
    /// Span of a v1 aggregation (`| count() by x > 5`).
    pub aggregation: Option<Span>,
}

#[derive(Debug, Clone, PartialEq)]
enum Tok {
    LParen,
    RParen,
    Pipe,
    Word(String),
    Bad(char),
}

fn lex(src: &str) -> Vec<(Tok, Span)> {
    let mut out = Vec::new();
    let mut chars = src.char_indices().peekable();
    while let Some(&(i, c)) = chars.peek() {
        if c.is_whitespace() {
            chars.next();
            continue;
        }
        match c {
            '(' => {
                chars.next();
                out.push((Tok::LParen, Span::new(i, i + 1)));
            }
            ')' => {
                chars.next();
                out.push((Tok::RParen, Span::new(i, i + 1)));
            }
            '|' => {
                chars.next();
                out.push((Tok::Pipe, Span::new(i, i + 1)));
            }
            c if c.is_alphanumeric() || c == '_' || c == '*' || c == '-' || c == '.' => {
                let start = i;
                let mut end = i;
                while let Some(&(j, d)) = chars.peek() {
                    if d.is_alphanumeric() || d == '_' || d == '*' || d == '-' || d == '.' {
                        end = j + d.len_utf8();
                        chars.next();
                    } else {
                        break;
                    }
                }
                out.push((
                    Tok::Word(src[start..end].to_string()),
                    Span::new(start, end),
                ));
            }
            other => {
                chars.next();
                out.push((Tok::Bad(other), Span::new(i, i + other.len_utf8())));
            }
        }
    }
    out
}

const MAX_DEPTH: usize = 64;

struct Parser {
    toks: Vec<(Tok, Span)>,
    pos: usize,
    errors: Vec<(String, Span)>,
    end: usize,
}

fn is_kw(w: &str, kw: &str) -> bool {
    w.eq_ignore_ascii_case(kw)
}

impl Parser {
    fn peek(&self) -> Option<&Tok> {
        self.toks.get(self.pos).map(|t| &t.0)
    }
    fn peek_span(&self) -> Span {
        self.toks
            .get(self.pos)
            .map(|t| t.1)
            .unwrap_or(Span::point(self.end))
    }
    fn peek_word(&self, kw: &str) -> bool {
        matches!(self.peek(), Some(Tok::Word(w)) if is_kw(w, kw))
    }

    fn or(&mut self, depth: usize) -> Cond {
        let first = self.and(depth);
        let mut items = vec![first];
        while self.peek_word("or") {
            self.pos += 1;
            items.push(self.and(depth));
        }
        if items.len() == 1 {
            items.pop().unwrap_or(Cond::Error(Span::point(self.end)))
        } else {
            let span = items[0].span().cover(items[items.len() - 1].span());
            Cond::Or(items, span)
        }
    }

    fn and(&mut self, depth: usize) -> Cond {
        let first = self.not(depth);
        let mut items = vec![first];
        while self.peek_word("and") {
            self.pos += 1;
            items.push(self.not(depth));
        }
        if items.len() == 1 {
            items.pop().unwrap_or(Cond::Error(Span::point(self.end)))
        } else {
            let span = items[0].span().cover(items[items.len() - 1].span());
            Cond::And(items, span)
        }
    }

    fn not(&mut self, depth: usize) -> Cond {
        if self.peek_word("not") {
            let s = self.peek_span();
            self.pos += 1;
            if depth > MAX_DEPTH {
                self.errors.push((
                    format!("condition nested deeper than {MAX_DEPTH} levels"),
                    s,
                ));
                return Cond::Error(s);
            }
            let inner = self.not(depth + 1);
            let span = s.cover(inner.span());
            return Cond::Not(Box::new(inner), span);
        }
        self.primary(depth)
    }

    fn primary(&mut self, depth: usize) -> Cond {
        let span = self.peek_span();
        match self.peek().cloned() {
            Some(Tok::LParen) => {
                self.pos += 1;
                if depth > MAX_DEPTH {
                    self.errors.push((
                        format!("condition nested deeper than {MAX_DEPTH} levels"),
                        span,
                    ));
                    self.pos = self.toks.len();
                    return Cond::Error(span);
                }
                let inner = self.or(depth + 1);
                if matches!(self.peek(), Some(Tok::RParen)) {
                    self.pos += 1;
                } else {
                    let at = self.peek_span();
                    self.errors.push((
                        format!("expected `)` to close the `(` at column {}", span.start + 1),
                        at,
                    ));
                }
                inner
            }
            Some(Tok::Word(w)) => {
                let quant = if is_kw(&w, "all") {
                    Some(Quantifier::All)
                } else if is_kw(&w, "any") {
                    Some(Quantifier::Any)
                } else {
                    w.parse::<u32>().ok().map(Quantifier::Count)
                };
                if let Some(q) = quant {
                    if matches!(self.toks.get(self.pos + 1), Some((Tok::Word(o), _)) if is_kw(o, "of"))
                    {
                        self.pos += 2;
                        return match self.peek().cloned() {
                            Some(Tok::Word(p))
                                if !is_kw(&p, "and") && !is_kw(&p, "or") && !is_kw(&p, "not") =>
                            {
                                let ps = self.peek_span();
                                self.pos += 1;
                                Cond::Of {
                                    quantifier: q,
                                    pattern: p,
                                    pattern_span: ps,
                                    span: span.cover(ps),
                                }
                            }
                            _ => {
                                let at = self.peek_span();
                                self.errors.push(("expected a selection name, a pattern like `selection_*`, or `them` after `of`".into(), at));
                                Cond::Error(span.cover(at))
                            }
                        };
                    }
                }
                if ["and", "or", "of", "them"].iter().any(|k| is_kw(&w, k)) {
                    self.errors.push((
                        format!("expected a selection name, found keyword `{w}`"),
                        span,
                    ));
                    self.pos += 1;
                    return Cond::Error(span);
                }
                self.pos += 1;
                Cond::Ident(w, span)
            }
            Some(Tok::RParen) => {
                self.errors
                    .push(("unexpected `)`: no `(` to close".into(), span));
                self.pos += 1;
                Cond::Error(span)
            }
            Some(Tok::Bad(c)) => {
                self.errors
                    .push((format!("unexpected character `{c}` in condition"), span));
                self.pos += 1;
                Cond::Error(span)
            }
            Some(Tok::Pipe) | None => {
                self.errors.push((
                    "expected a selection name or `(`, found end of condition".into(),
                    span,
                ));
                Cond::Error(span)
            }
        }
    }
}

/// Parse one condition string.
pub fn parse(src: &str) -> ConditionParse {
    let toks = lex(src);
    let mut p = Parser {
        toks,
        pos: 0,
        errors: Vec::new(),
        end: src.len(),
    };
    if p.toks.is_empty() {
        return ConditionParse {
            cond: None,
            errors: vec![("the condition is empty".into(), Span::point(0))],
            aggregation: None,
        };
    }
    let cond = p.or(0);
    let mut aggregation = None;
    while p.pos < p.toks.len() {
        let (tok, span) = p.toks[p.pos].clone();
        if tok == Tok::Pipe {
            aggregation = Some(Span::new(span.start, src.trim_end().len().max(span.end)));
            break;
        }
        p.errors.push((
            match tok {
                Tok::RParen => "unexpected `)`: no `(` to close".to_string(),
                Tok::Word(w) => {
                    format!("expected `and`, `or` or the end of the condition, found `{w}`")
                }
                _ => "unexpected text after the condition".to_string(),
            },
            span,
        ));
        p.pos += 1;
    }
    ConditionParse {
        cond: Some(cond),
        errors: p.errors,
        aggregation,
    }
}

/// Whether a selection name matches an `of` pattern (`*` is the only wildcard).
pub fn pattern_matches(pattern: &str, name: &str) -> bool {
    if pattern == "them" {
        return !name.starts_with('_');
    }
    let parts: Vec<&str> = pattern.split('*').collect();
    if parts.len() == 1 {
        return pattern == name;
    }
    let mut rest = name;
    for (i, part) in parts.iter().enumerate() {
        if i == 0 {
            match rest.strip_prefix(part) {
                Some(r) => rest = r,
                None => return false,
            }
        } else if i == parts.len() - 1 {
            return rest.ends_with(part);
        } else {
            match rest.find(part) {
                Some(j) => rest = &rest[j + part.len()..],
                None => return false,
            }
        }
    }
    true
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn parses_precedence_and_of() {
        let p = parse("sel and not 1 of filter_* or all of them");
        assert!(p.errors.is_empty(), "{:?}", p.errors);
        match p.cond {
            Some(Cond::Or(items, _)) => {
                assert!(matches!(items[0], Cond::And(..)));
                assert!(matches!(
                    items[1],
                    Cond::Of {
                        quantifier: Quantifier::All,
                        ..
                    }
                ));
            }
            other => panic!("unexpected {other:?}"),
        }
    }

    #[test]
    fn reports_positions() {
        let p = parse("(sel and filter");
        assert_eq!(p.errors.len(), 1);
        assert_eq!(p.errors[0].1.start, 15);
        let p = parse("sel filter");
        assert_eq!(p.errors[0].1, Span::new(4, 10));
        let p = parse("sel | count() by x > 5");
        assert!(p.errors.is_empty());
        assert!(p.aggregation.is_some());
    }

    #[test]
    fn deep_nesting_is_an_error() {
        let src = "(".repeat(100_000) + "sel";
        let p = parse(&src);
        assert!(!p.errors.is_empty());
    }

    #[test]
    fn patterns() {
        assert!(pattern_matches("sel*", "selection"));
        assert!(pattern_matches("*_a*", "x_abc"));
        assert!(!pattern_matches("sel*", "filter"));
        assert!(pattern_matches("them", "x"));
        assert!(!pattern_matches("them", "_x"));
    }
}
