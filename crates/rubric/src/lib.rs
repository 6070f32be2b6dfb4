//! Exact, explained scoring of performance-evaluation rubrics (绩效考评细则).
//!
//! Load a rule file with [`load`] (or [`Rubric::from_source`]), read facts with
//! [`facts::from_json`] or build them in code, and score a unit with [`Rubric::evaluate`].
//! All arithmetic is exact (`rust_decimal`); every point in the result traces to a rule.
//! The library does no I/O and prints nothing.

pub mod breakdown;
pub mod compile;
pub mod diag;
pub mod error;
mod eval;
pub mod facts;
mod lint;
pub mod plan;
pub mod source;
mod typeck;
pub mod value;

pub use breakdown::{NodeScore, Step, UnitScore};
pub use compile::{Load, load};
pub use diag::{Diagnostic, Report, Severity};
pub use error::{EvalError, FactProblem, FactsError};
pub use eval::round;
pub use facts::{Raw, UnitFacts};
pub use plan::Rubric;
pub use source::{Loader, MemoryLoader, Sources};
pub use value::{Ty, Value};
