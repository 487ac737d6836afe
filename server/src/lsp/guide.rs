//! `detlint/showGuide`: the catalog's authoring guide for the ATT&CK technique under the
//! cursor (specified in docs/editors.md), rendered as Markdown for the editor's side panel.

use super::Backend;
use crate::catalog::guide::{guide, GuideFilter};
use crate::catalog::{render, Catalog};
use crate::source::LineCol;
use serde::Deserialize;
use serde_json::{json, Value};
use tower_lsp_server::jsonrpc::Result;
use tower_lsp_server::ls_types::{Position, TextDocumentIdentifier};

/// The request's parameters.
#[derive(Debug, Deserialize)]
#[serde(rename_all = "camelCase")]
pub struct ShowGuideParams {
    pub text_document: TextDocumentIdentifier,
    pub position: Position,
    #[serde(default)]
    pub technique: Option<String>,
}

/// A technique id in a hint such as `attack.t1059.001`, `TA0002:T1059.001` or `T1059`.
fn technique_in(hint: &str) -> Option<String> {
    let upper = hint.to_ascii_uppercase();
    let start = upper
        .rfind('T')
        .filter(|&i| upper[i + 1..].starts_with(|c: char| c.is_ascii_digit()))?;
    let id: String = upper[start..]
        .chars()
        .take_while(|c| *c == 'T' || c.is_ascii_digit() || *c == '.')
        .collect();
    (id.len() >= 5).then_some(id)
}

impl Backend {
    /// `detlint/showGuide`.
    pub async fn show_guide(&self, params: ShowGuideParams) -> Result<Value> {
        let linted = self
            .state
            .docs
            .get(&params.text_document.uri)
            .and_then(|st| st.last.clone());
        let mut technique = None;
        if let Some(l) = &linted {
            let f = &l.file;
            let offset = f.lines.offset(
                &f.text,
                LineCol {
                    line: params.position.line as usize,
                    col: params.position.character as usize,
                },
                self.enc(),
            );
            let rule = f
                .docs
                .iter()
                .find(|d| d.rule.span.contains(offset))
                .or(f.docs.first())
                .map(|d| &d.rule);
            technique = rule.and_then(|r| {
                r.techniques
                    .iter()
                    .find(|t| t.span.contains(offset))
                    .or(r.techniques.first())
                    .map(|t| t.value.clone())
            });
            if let Some(t) =
                rule.and_then(|r| r.techniques.iter().find(|t| t.span.contains(offset)))
            {
                technique = Some(t.value.clone());
            }
        }
        if let Some(hint) = params.technique.as_deref().and_then(technique_in) {
            if technique.is_none() || linted.is_none() {
                technique = Some(hint);
            }
        }
        let Some(t) = technique else {
            return Ok(Value::Null);
        };
        let title = crate::attack::technique(&t).map(|x| x.full_name());
        let g = guide(
            Catalog::embedded(),
            &t,
            &GuideFilter::default(),
            title.clone(),
        );
        if g.rule_count == 0 {
            return Ok(Value::Null);
        }
        Ok(
            json!({ "technique": t, "title": title.unwrap_or_default(), "markdown": render::markdown(&g) }),
        )
    }
}

#[cfg(test)]
mod tests {
    use super::technique_in;

    #[test]
    fn hints() {
        assert_eq!(
            technique_in("attack.t1059.001").as_deref(),
            Some("T1059.001")
        );
        assert_eq!(technique_in("TA0002:T1059").as_deref(), Some("T1059"));
        assert_eq!(technique_in("nothing"), None);
    }
}
