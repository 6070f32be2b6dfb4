//! The checker: a parsed rule file (and its imports) to a compiled plan and every problem found.

pub mod compile;
mod deadline;
mod decls;
mod imports;
mod kinds;
mod lint;
mod params;
mod periods;
mod quantity;
pub(crate) mod ranges;
mod rules;
mod tables;
mod tests;
mod tree;
mod typeck;
