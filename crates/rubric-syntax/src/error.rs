//! Syntax errors: what went wrong while reading a rule file, located and explained.

use miette::{Diagnostic, SourceSpan};
use thiserror::Error;

/// A problem found while parsing a rule file.
#[derive(Debug, Clone, Error, Diagnostic)]
pub enum SyntaxError {
    /// Text that does not fit the grammar.
    #[error(transparent)]
    #[diagnostic(transparent)]
    Unexpected(#[from] Unexpected),
    /// A number that cannot be held exactly.
    #[error(transparent)]
    #[diagnostic(transparent)]
    BadNumber(#[from] BadNumber),
    /// A date that does not exist.
    #[error(transparent)]
    #[diagnostic(transparent)]
    BadDate(#[from] BadDate),
    /// A date whose year is outside the years a rubric deals with.
    #[error(transparent)]
    #[diagnostic(transparent)]
    DateYear(#[from] DateYear),
    /// A string with an unknown escape.
    #[error(transparent)]
    #[diagnostic(transparent)]
    BadEscape(#[from] BadEscape),
    /// A file beyond one of the budgets checked before parsing.
    #[error(transparent)]
    #[diagnostic(transparent)]
    Budget(#[from] BudgetExceeded),
    /// A control, bidi or invisible character in a comment or a string.
    #[error(transparent)]
    #[diagnostic(transparent)]
    Hidden(#[from] HiddenChar),
    /// A part of the parse tree the parser does not know how to read: a bug in the parser, never
    /// a fault of the file, reported instead of guessing what was meant.
    #[error(transparent)]
    #[diagnostic(transparent)]
    Internal(#[from] Internal),
}

impl SyntaxError {
    /// The primary span of the error.
    pub fn span(&self) -> SourceSpan {
        match self {
            SyntaxError::Unexpected(e) => e.span,
            SyntaxError::BadNumber(e) => e.span,
            SyntaxError::BadDate(e) => e.span,
            SyntaxError::DateYear(e) => e.span,
            SyntaxError::BadEscape(e) => e.span,
            SyntaxError::Budget(e) => e.span,
            SyntaxError::Hidden(e) => e.span,
            SyntaxError::Internal(e) => e.span,
        }
    }
}

/// Text that does not fit the grammar.
#[derive(Debug, Clone, Error, Diagnostic)]
#[error("{message}")]
#[diagnostic(code(rubric::syntax))]
pub struct Unexpected {
    /// What was found and what was expected.
    pub message: String,
    /// Where.
    #[label("{label}")]
    pub span: SourceSpan,
    /// The label text.
    pub label: String,
    /// How to fix it.
    #[help]
    pub help: Option<String>,
}

/// A number literal that cannot be held exactly as a decimal.
#[derive(Debug, Clone, Error, Diagnostic)]
#[error("number `{text}` cannot be held exactly")]
#[diagnostic(
    code(rubric::number),
    help("numbers hold at most 28 decimal places and magnitudes below 7.9e28; write it with fewer digits")
)]
pub struct BadNumber {
    /// The literal.
    pub text: String,
    /// Where.
    #[label("this number")]
    pub span: SourceSpan,
}

/// A date literal that is not a calendar date.
#[derive(Debug, Clone, Error, Diagnostic)]
#[error("`{text}` is not a calendar date")]
#[diagnostic(code(rubric::date), help("write dates as YYYY-MM-DD, e.g. 2024-12-31"))]
pub struct BadDate {
    /// The literal.
    pub text: String,
    /// Where.
    #[label("no such date")]
    pub span: SourceSpan,
}

/// A date literal whose year lies outside [`YEARS`] (a two-digit year written as `0024`, or
/// `0000-01-01`), where no fact's declared range allows it.
#[derive(Debug, Clone, Error, Diagnostic)]
#[error("`{text}` has the year {year}, outside the years {first}–{last}")]
#[diagnostic(
    code(rubric::date),
    help(
        "write the year with four digits (`2024-01-05`); a fact that really holds older or later dates declares them with `in [..]`, e.g. `fact 出生日期: date in [1850-01-01, ..)`"
    )
)]
pub struct DateYear {
    /// The literal.
    pub text: String,
    /// Its year.
    pub year: i32,
    /// The first year allowed.
    pub first: i32,
    /// The last year allowed.
    pub last: i32,
    /// Where.
    #[label("year {year}")]
    pub span: SourceSpan,
}

/// The years a date may have unless a fact's declared range says otherwise: a date before 1900
/// or after 2200 is a mistyped year (`24-1-5` read as year 24, `0000-01-01`), not a rubric's.
pub const YEARS: std::ops::RangeInclusive<i32> = 1900..=2200;

/// An unknown escape in a string.
#[derive(Debug, Clone, Error, Diagnostic)]
#[error("unknown escape `{text}` in a string")]
#[diagnostic(code(rubric::escape), help("the escapes are `\\\"`, `\\\\`, `\\n` and `\\t`"))]
pub struct BadEscape {
    /// The escape.
    pub text: String,
    /// Where.
    #[label("unknown escape")]
    pub span: SourceSpan,
}

/// A file beyond one of the budgets checked before parsing; the file is not parsed.
#[derive(Debug, Clone, Error, Diagnostic)]
#[error("{what}, beyond the budget `{budget}` of {limit}")]
#[diagnostic(
    code(rubric::budget),
    help(
        "a rule file this large or deeply nested is not a rubric; split it, or raise `Limits::{budget}` if you embed the library"
    )
)]
pub struct BudgetExceeded {
    /// The budget's name, as in `Limits`.
    pub budget: &'static str,
    /// Its limit.
    pub limit: usize,
    /// What was found.
    pub what: String,
    /// Where it was first exceeded.
    #[label("budget exceeded here")]
    pub span: SourceSpan,
}

/// A control character (ESC, NUL …), bidi control or other invisible character
/// ([`crate::is_hidden`]) in a comment or a string: an editor shows such text differently from
/// what is checked (Trojan Source), so it is refused, as rustc refuses bidi controls.
#[derive(Debug, Clone, Error, Diagnostic)]
#[error("{what} (U+{code:04X}) in {place}")]
#[diagnostic(
    code("rubric::control-char"),
    help(
        "remove it: such characters make a file read differently in an editor from how it is checked; write what is meant in plain text"
    )
)]
pub struct HiddenChar {
    /// What kind of character: a control character, a bidi control, an invisible character.
    pub what: &'static str,
    /// Its code point.
    pub code: u32,
    /// Where it stands: `a comment` or `a string`.
    pub place: &'static str,
    /// Where.
    #[label("here")]
    pub span: SourceSpan,
}

/// A part of the parse tree the parser does not know how to read (a grammar rule or word it
/// has no case for). The grammar accepted the text, so this is a bug in the parser; the file is
/// refused rather than read as something it may not say.
#[derive(Debug, Clone, Error, Diagnostic)]
#[error("internal error: the parser cannot read {what}")]
#[diagnostic(
    code(rubric::internal),
    help(
        "this is a bug in rubric, not a fault of the file; please report it with the file that shows it. Rewriting the line differently may avoid it meanwhile"
    )
)]
pub struct Internal {
    /// What could not be read, e.g. `` the operator `%` ``.
    pub what: String,
    /// Where.
    #[label("not understood by the parser")]
    pub span: SourceSpan,
}
