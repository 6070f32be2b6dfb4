//! Why a comparison could not be made.

use thiserror::Error;

/// A rule file that could not be read or loaded.
#[derive(Debug, Error)]
pub enum MeasureError {
    /// The file could not be read.
    #[error("cannot read `{file}`: {message}; help: give the path of a rule file")]
    Read {
        /// The file.
        file: String,
        /// Why.
        message: String,
    },
    /// The file has errors (or holds only blocks).
    #[error("`{file}` does not load as a rubric: {}; help: run `rulecheck check {file}` and fix its errors", .errors.join("; "))]
    NotLoaded {
        /// The file.
        file: String,
        /// The checker's error messages.
        errors: Vec<String>,
    },
}
