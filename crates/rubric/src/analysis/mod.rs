//! Questions asked of a rubric and its scores: explain a row, what-if, diff two rubrics, periods,
//! the tests written in a rule file.

mod columns;
pub mod diff;
pub mod explain;
mod grading;
pub mod periods;
mod quota;
mod scoring;
mod test_quota;
pub mod testing;
pub mod whatif;

pub use columns::{Column, ColumnOf};
pub use grading::UnitGrades;
pub use scoring::{Outcome, Scored, Scoring};
mod whatif_rules;
mod whatif_set;
mod whatif_sym;
mod whatif_why;
mod whatif_words;
