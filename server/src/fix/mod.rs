//! Fix builders shared by checks: write an exclusion in the rule's own language.

pub mod exclusion;
pub mod query;
pub mod sigma;
