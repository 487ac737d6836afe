//! Splunk front end: the file → [`SplunkDoc`] (the format's own view) + [`crate::model::Rule`].
//! (Being built: until then files of this format are recognised but yield no rules.)

use super::{FrontEnd, ParseOptions};
use std::path::Path;

/// The Splunk-specific view of one rule document.
#[derive(Debug, Clone, PartialEq, Default)]
pub struct SplunkDoc {}

/// Read a Splunk file.
pub fn read(_path: &Path, _text: &str, _opts: &ParseOptions) -> FrontEnd {
    FrontEnd::default()
}
