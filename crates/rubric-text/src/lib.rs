//! Reads a Chinese scoring sentence (评分标准) into claims with byte spans into the sentence.
//!
//! The conventions are those of `docs/reading-guide.md`: an explicit (含)/(不含) wins, and a
//! number belongs to exactly one band. What is not understood is left in [`Reading::unread`],
//! never guessed. Numbers are exact ([`rust_decimal::Decimal`]).
//!
//! ```
//! use rubric_text::{read, Claim};
//! let s = "完成率在50%(不含)以下本项不得分，完成率在50%至65%(包含65%),得1分；完成率在90%以上，得2分。(2分)";
//! let r = read(s);
//! assert_eq!(r.bands().count(), 3);
//! assert_eq!(r.row_points().map(|p| p.0), Some(2.into()));
//! ```

mod band;
mod clause;
mod name;
mod norm;
mod num;
mod require;
mod types;

pub use name::suggest_name;
pub use require::{Needed, Period, Requirement, requirements};
pub use types::{
    Amount, Band, Binding, Claim, Compare, Condition, Edge, Limit, Op, PerCase, Points, Reading, Span, Stated, Unit,
    Zero,
};

/// Reads one scoring sentence. Never panics; what is not understood is left unread.
///
/// ```
/// let r = rubric_text::read("受到服务质量投诉的扣3分。");
/// assert_eq!(r.claims().len(), 1);
/// ```
pub fn read(sentence: &str) -> Reading {
    clause::read(sentence)
}
