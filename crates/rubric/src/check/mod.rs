//! The checker: a parsed rule file (and its imports) to a compiled plan and every problem found.

pub mod compile;
mod lint;
mod params;
mod quantity;
pub(crate) mod ranges;
mod typeck;
