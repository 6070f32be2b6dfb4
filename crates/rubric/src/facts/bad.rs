//! Why a raw value is not a value of its fact: [`BadFact`], typed data that the renderer's
//! catalogue says in English or Chinese ([`crate::render::Render::bad_fact`]).

use std::fmt;

/// Why a value given for a fact cannot be read: what the fact expects and what was found. Each
/// `found` is the value as given (`"很好"`, `4.5`); [`fmt::Display`] says it in English.
#[derive(Debug, Clone, PartialEq, Eq)]
#[non_exhaustive]
pub enum BadFact {
    /// A spreadsheet's error value (`#N/A`, `#DIV/0!`): a formula that failed.
    ErrorValue {
        /// The cell, trimmed.
        text: String,
    },
    /// A number in scientific notation, as a spreadsheet shows a long number.
    Scientific {
        /// The cell, trimmed.
        text: String,
    },
    /// A yes/no fact given something else.
    NotYesNo {
        /// The value.
        found: String,
    },
    /// A date fact given something that is not a date.
    NotDate {
        /// The value.
        found: String,
    },
    /// A percent fact given something that is not a percent.
    NotPercent {
        /// The value.
        found: String,
    },
    /// A percent given without its `%`.
    NoPercentSign {
        /// The value.
        found: String,
        /// It read as a percent: `87.5`.
        shown: String,
        /// It read as a fraction, as a percent: `8750`; none when that is beyond a decimal.
        fraction: Option<String>,
    },
    /// A percent beyond what a decimal holds.
    PercentOutOfRange {
        /// The value.
        found: String,
    },
    /// A percent with more digits than a decimal holds exactly.
    PercentDigits {
        /// The value.
        found: String,
    },
    /// A number fact given something that is not a number.
    NotNumber {
        /// The value.
        found: String,
    },
    /// A number written with a decimal comma (`1,5`).
    DecimalComma {
        /// The value.
        found: String,
    },
    /// A number fact given a date (a cell formatted as a date by mistake).
    DateForNumber {
        /// The value.
        found: String,
    },
    /// A count that is negative or not whole.
    NotCount {
        /// The value.
        found: String,
    },
    /// Negative points.
    NegativePoints {
        /// The value.
        found: String,
    },
    /// A date with a time of day other than midnight.
    TimeOfDay {
        /// The value as written.
        text: String,
        /// The time.
        time: String,
        /// The date alone.
        day: String,
    },
    /// A date whose year has not four digits.
    ShortYear {
        /// The value.
        found: String,
        /// How many digits the year has.
        digits: usize,
        /// The date with a year of four digits, when the year had two: `2024-07-31`.
        example: Option<String>,
    },
    /// A date outside [`rubric_syntax::YEARS`], in a fact that declares no range.
    YearOutside {
        /// The value.
        found: String,
        /// Its year.
        year: i32,
    },
    /// A value outside the range the fact declares.
    OutsideRange {
        /// The value, as shown.
        shown: String,
        /// The range as written: `[0, 100]`.
        range: String,
    },
    /// A percent outside 0%–100%, in a fact that declares no range.
    NotARate {
        /// The value, as shown.
        shown: String,
    },
    /// An empty value for a fact the rules read.
    NoValue,
}

impl fmt::Display for BadFact {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(&crate::render::bad_fact(self).0)
    }
}
