//! The YAML front end: tree-sitter-yaml CST → a spanned value tree ([`YamlNode`]) with decoded
//! scalars, resolved aliases (with an expansion limit) and located syntax errors. Parsing never
//! fails: what parses is kept, the rest becomes [`YamlIssue`]s.

mod convert;
mod decode;
mod fast;
mod node;

pub use convert::{parse, parse_fast, parse_tree_sitter, ParseLimits};
pub use node::{
    ScalarStyle, ScalarType, YamlDoc, YamlIssue, YamlIssueKind, YamlKind, YamlNode, YamlStream,
};
