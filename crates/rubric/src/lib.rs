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
pub mod explain;
pub mod facts;
pub mod facts_csv;
pub mod facts_toml;
mod lint;
pub mod plan;
pub mod safe;
pub mod source;
pub mod template;
pub mod testing;
mod typeck;
pub mod value;

pub use breakdown::{NodeScore, Step, UnitScore};
pub use compile::{Load, Options, load, load_with};
pub use diag::{Diagnostic, Report, Severity};
pub use error::{EvalError, FactProblem, FactsError};
pub use eval::round;
pub use facts::{Raw, UnitFacts};
pub use facts_csv::{from_csv, from_csv_bytes};
pub use facts_toml::from_toml;
pub use plan::Rubric;
pub use source::{Loader, MemoryLoader, Sources};
pub use template::{template_csv, template_json};
pub use value::{Ty, Value};
