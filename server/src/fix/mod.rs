//! Fix builders shared by checks: write an exclusion in the rule's own language.

pub mod elastic;
pub mod exclusion;
pub mod panther;
pub mod query;
pub mod sigma;
