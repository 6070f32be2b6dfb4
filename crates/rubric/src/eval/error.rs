//! Errors of scoring a unit: values the rules cannot score.

use crate::facts::FactsError;
use miette::Diagnostic;
use thiserror::Error;

/// Why a unit could not be scored.
#[derive(Debug, Clone, Error, Diagnostic)]
#[non_exhaustive]
pub enum EvalError {
    /// The unit's facts are missing or unreadable.
    #[error(transparent)]
    #[diagnostic(transparent)]
    Facts(#[from] FactsError),
    /// A division by zero in a derived value with no `on zero` policy.
    #[error(transparent)]
    #[diagnostic(transparent)]
    ZeroDenominator(ZeroDenominatorError),
    /// `ratio(x)` read by a rule, when the highest `x` among the units is 0.
    #[error(transparent)]
    #[diagnostic(transparent)]
    RatioZero(RatioZeroError),
    /// A value that falls in no band.
    #[error(transparent)]
    #[diagnostic(transparent)]
    NoBand(NoBandError),
    /// Assessor-judged points outside [0, max].
    #[error(transparent)]
    #[diagnostic(transparent)]
    JudgedOutOfRange(JudgedOutOfRangeError),
    /// The evaluation step budget ran out.
    #[error(transparent)]
    #[diagnostic(transparent)]
    StepBudget(StepBudgetError),
    /// The rubric is scored in periods, but one set of facts was scored as the whole.
    #[error(transparent)]
    #[diagnostic(transparent)]
    PeriodsNeeded(PeriodsNeededError),
    /// A rule compares units with each other, but the unit was scored alone.
    #[error(transparent)]
    #[diagnostic(transparent)]
    CohortAlone(CohortAloneError),
    /// Arithmetic beyond what a decimal holds.
    #[error(transparent)]
    #[diagnostic(transparent)]
    Overflow(OverflowError),
    /// Arithmetic whose exact result a decimal cannot hold: a finite decimal with more than 28
    /// places or more digits than fit (`1e-13 × 1e-17`, `0.5 × 79228162514264337593543950335`).
    #[error(transparent)]
    #[diagnostic(transparent)]
    Precision(PrecisionError),
    /// A line that applies with a negative `per` quantity, which would turn a deduction into
    /// points given (or an award into points taken).
    #[error(transparent)]
    #[diagnostic(transparent)]
    NegativeQuantity(NegativeQuantityError),
    /// A rubric with periods, and a unit with no facts for some of them.
    #[error(transparent)]
    #[diagnostic(transparent)]
    PeriodMissing(PeriodMissingError),
    /// Facts that do not fit the rubric's periods.
    #[error(transparent)]
    #[diagnostic(transparent)]
    PeriodFacts(PeriodFactsError),
    /// An invariant of the scoring engines that did not hold: a bug in rubric, reported as an
    /// error so that it never becomes a wrong number.
    #[error(transparent)]
    #[diagnostic(transparent)]
    Internal(InternalError),
    /// An invariant of the compiled rubric that did not hold outside the scoring of a unit (comparing
    /// two versions, listing hints): a bug in rubric, reported as an error so that it never drops a
    /// row in silence.
    #[error(transparent)]
    #[diagnostic(transparent)]
    InternalPlan(InternalPlanError),
    /// A unit bound, or a trace made, by one rubric and given to another: its slots mean other
    /// facts there, so it is refused rather than scored.
    #[error(transparent)]
    #[diagnostic(transparent)]
    OtherRubric(OtherRubricError),
    /// `max`, `min` or `mean` over a list with no records, and no `else` value.
    #[error(transparent)]
    #[diagnostic(transparent)]
    EmptyList(EmptyListError),
    /// `date(y, m, d)` of numbers that name no day.
    #[error(transparent)]
    #[diagnostic(transparent)]
    NoSuchDate(NoSuchDateError),
    /// A working-day function read a day of a year no calendar covers.
    #[error(transparent)]
    #[diagnostic(transparent)]
    OutsideCalendar(OutsideCalendarError),
    /// A figure over a subset (`average(x among C)`) with no `else`, and no unit meets `C`.
    #[error(transparent)]
    #[diagnostic(transparent)]
    EmptySubset(EmptySubsetError),
    /// A rule read the unit's place in a subset (`rank(x among C)`) that the unit is not in.
    #[error(transparent)]
    #[diagnostic(transparent)]
    OutsideSubset(OutsideSubsetError),
    /// A row read a value that is 不适用 for the unit, and no `not_applicable =>` on it or
    /// above says what it scores (a parent whose parts are all not applicable).
    #[error(transparent)]
    #[diagnostic(transparent)]
    NotApplicable(NotApplicableError),
}

/// A figure over a subset with no `else`, and no unit of the cohort meets its condition.
#[derive(Debug, Clone, Error, Diagnostic)]
#[error("unit `{unit}`: no unit meets the condition `{among}` of `{call}`")]
#[diagnostic(
    code("rubric::empty-subset"),
    help("say what the figure gives when no unit does: `{func}(… among …, else VALUE)`, or check the facts")
)]
pub struct EmptySubsetError {
    /// The unit.
    pub unit: String,
    /// The figure, as written.
    pub call: String,
    /// The condition, as written.
    pub among: String,
    /// The function's name.
    pub func: String,
}

/// A rule read the unit's place in a subset that the unit is not in.
#[derive(Debug, Clone, Error, Diagnostic)]
#[error("unit `{unit}`: `{call}` is read, but the unit does not meet `{among}`")]
#[diagnostic(
    code("rubric::outside-subset"),
    help(
        "read the place only for the units in the subset (`when {among}`, `if {among} then … else …`), or give it an `else` value"
    )
)]
pub struct OutsideSubsetError {
    /// The unit.
    pub unit: String,
    /// The figure, as written.
    pub call: String,
    /// The condition, as written.
    pub among: String,
}

/// A node that is not applicable for the unit, with nothing saying what it scores.
#[derive(Debug, Clone, Error, Diagnostic)]
#[error(
    "unit `{unit}`: `{node}` is not applicable (`{value}` is 不适用) and no `not_applicable =>` says what it scores"
)]
#[diagnostic(
    code("rubric::not-applicable"),
    help(
        "write `not_applicable => full` or `not_applicable => rescale` on the row or a part above it, as the document says"
    )
)]
pub struct NotApplicableError {
    /// The unit.
    pub unit: String,
    /// The node (its id, or "the rubric").
    pub node: String,
    /// The fact or derived value that is 不适用, or the last part left out when all its parts are.
    pub value: String,
    /// Whether all its parts are not applicable (rather than a value it read).
    pub(crate) parts: bool,
}

/// `date(y, m, d)` of numbers that name no day: 29 February of a common year, month 13, a year
/// outside 1900–2200, a part that is not a whole number.
#[derive(Debug, Clone, Error, Diagnostic)]
#[error("unit `{unit}`: `{what}` makes `date({values})`, which is no date")]
#[diagnostic(
    code("rubric::no-such-date"),
    help("a date is a year from 1900 to 2200, a month 1–12 and a day of that month; check the facts it is made from")
)]
pub struct NoSuchDateError {
    /// The unit.
    pub unit: String,
    /// The expression or node.
    pub what: String,
    /// The year, month and day given.
    pub values: String,
}

/// A working-day function read a day of a year that no calendar of the rubric covers.
#[derive(Debug, Clone, Error, Diagnostic)]
#[error("unit `{unit}`: `{what}` needs the working days of {date}, a year no calendar covers")]
#[diagnostic(
    code("rubric::calendar-range"),
    help(
        "import or declare the calendar of that year (`calendar \"…\" {{ year … }}`), or check the date in the facts"
    )
)]
pub struct OutsideCalendarError {
    /// The unit.
    pub unit: String,
    /// The expression or node.
    pub what: String,
    /// The day read.
    pub date: String,
}

/// A division by zero in a derived value with no `on zero` policy.
#[derive(Debug, Clone, Error, Diagnostic)]
#[error("unit `{unit}`: `{value}` divides by zero (`{denominator}` is 0)")]
#[diagnostic(
    code("rubric::zero-denominator"),
    help("add `on zero => VALUE` to `let {value}` to say what a zero denominator gives, or correct the facts")
)]
pub struct ZeroDenominatorError {
    /// The unit.
    pub unit: String,
    /// The derived value or rule.
    pub value: String,
    /// The denominator as written.
    pub denominator: String,
}

/// `ratio(x)` read by a rule, when the highest `x` among the units is 0.
#[derive(Debug, Clone, Error, Diagnostic)]
#[error("unit `{unit}`: `{call}` divides by zero (`{best}` is 0)")]
#[diagnostic(
    code("rubric::zero-denominator"),
    help(
        "say what it gives then in a derived value: `let 比值 = {call} on zero => 100%`, and read `比值` in the rule"
    )
)]
pub struct RatioZeroError {
    /// The unit.
    pub unit: String,
    /// The call as written: `ratio(就业率)`.
    pub call: String,
    /// Its denominator: `best(就业率)`.
    pub best: String,
}

/// A value that falls in no band.
#[derive(Debug, Clone, Error, Diagnostic)]
#[error("unit `{unit}`: item `{item}`: {subject} = {value} falls in no band")]
#[diagnostic(code("rubric::no-band"), help("add a band for this value, or correct the facts"))]
pub struct NoBandError {
    /// The unit.
    pub unit: String,
    /// The item.
    pub item: String,
    /// The value banded, as written.
    pub subject: String,
    /// Its value.
    pub value: String,
}

/// Assessor-judged points outside [0, max].
#[derive(Debug, Clone, Error, Diagnostic)]
#[error("unit `{unit}`: `{fact}` = {value} is outside [0, {max}] of item `{item}`")]
#[diagnostic(code("rubric::judged-range"), help("the assessor's points must lie between 0 and the item's maximum"))]
pub struct JudgedOutOfRangeError {
    /// The unit.
    pub unit: String,
    /// The fact.
    pub fact: String,
    /// The item.
    pub item: String,
    /// The value given.
    pub value: String,
    /// The item's maximum.
    pub max: String,
}

/// The evaluation step budget ran out.
#[derive(Debug, Clone, Error, Diagnostic)]
#[error("unit `{unit}`: scoring took more steps than its budget allows")]
#[diagnostic(
    code("rubric::step-budget"),
    help("raise the step budget given to `Rubric::evaluate_with`, or simplify the rules")
)]
pub struct StepBudgetError {
    /// The unit.
    pub unit: String,
}

/// The rubric is scored in periods, but one set of facts was scored as the whole.
#[derive(Debug, Clone, Error, Diagnostic)]
#[error("unit `{unit}`: the rubric is scored in periods ({periods}), each with its own facts")]
#[diagnostic(
    code("rubric::periods-needed"),
    help(
        "give the unit's facts for each period (a `period` next to `unit` in the facts file) and score it with `rulecheck eval` (in code, `Rubric::evaluate_periods`)"
    )
)]
pub struct PeriodsNeededError {
    /// The unit.
    pub unit: String,
    /// The periods, as declared.
    pub periods: String,
}

/// A rule compares units with each other, but the unit was scored alone.
#[derive(Debug, Clone, Error, Diagnostic)]
#[error("unit `{unit}`: `{call}` compares units with each other, but the unit was scored alone")]
#[diagnostic(
    code("rubric::cohort-alone"),
    help(
        "score the units together: `rulecheck eval RULES FACTS` ranks over every unit of the facts file (in code, `Rubric::evaluate_all` or `Rubric::cohort` with `Rubric::score_in`)"
    )
)]
pub struct CohortAloneError {
    /// The unit.
    pub unit: String,
    /// The cohort figure, as written.
    pub call: String,
}

/// Arithmetic beyond what a decimal holds.
#[derive(Debug, Clone, Error, Diagnostic)]
#[error("unit `{unit}`: `{what}` overflows")]
#[diagnostic(code("rubric::overflow"), help("the figures are too large to compute exactly; check the facts"))]
pub struct OverflowError {
    /// The unit.
    pub unit: String,
    /// The expression or node.
    pub what: String,
}

/// Arithmetic whose exact result a decimal cannot hold: a finite decimal with more than 28
/// places or more digits than fit (`1e-13 × 1e-17`, `0.5 × 79228162514264337593543950335`).
#[derive(Debug, Clone, Error, Diagnostic)]
#[error("unit `{unit}`: `{what}` has an exact result with more digits than a decimal holds")]
#[diagnostic(
    code("rubric::precision"),
    help(
        "values are exact decimals of at most 28 places and about 28 digits, never rounded without a `round`; check the facts for a mistyped figure"
    )
)]
pub struct PrecisionError {
    /// The unit.
    pub unit: String,
    /// The expression or node.
    pub what: String,
}

/// A line that applies with a negative `per` quantity, which would turn a deduction into
/// points given (or an award into points taken).
#[derive(Debug, Clone, Error, Diagnostic)]
#[error("unit `{unit}`: item `{item}`: the quantity `{quantity}` of a `{line} … per` line is {value}, below 0")]
#[diagnostic(
    code("rubric::negative-quantity"),
    help(
        "a `per` quantity counts something and is never negative; if a surplus counts as none, write `max({quantity}, 0)`, else correct the facts"
    )
)]
pub struct NegativeQuantityError {
    /// The unit.
    pub unit: String,
    /// The row.
    pub item: String,
    /// `deduct`, `award` or `bonus`.
    pub line: &'static str,
    /// The quantity as written.
    pub quantity: String,
    /// Its value, with the values it was computed from: `-2 (要求次数 = 3, 实际次数 = 5)`.
    pub value: String,
}

/// A rubric with periods, and a unit with no facts for some of them.
#[derive(Debug, Clone, Error, Diagnostic)]
#[error("unit `{unit}` has no facts for period {periods}")]
#[diagnostic(
    code("rubric::period-missing"),
    help(
        "give the unit's facts for every period (`\"period\": \"…\"` next to `\"unit\"`); a period without facts is not scored as zero"
    )
)]
pub struct PeriodMissingError {
    /// The unit.
    pub unit: String,
    /// The periods without facts, each in backticks.
    pub periods: String,
}

/// Facts that do not fit the rubric's periods.
#[derive(Debug, Clone, Error, Diagnostic)]
#[error("unit `{unit}`: {message}")]
#[diagnostic(
    code("rubric::period-facts"),
    help(
        "give each unit's facts once per period the rubric declares, with `period` naming it; a rubric without periods takes facts without `period`"
    )
)]
pub struct PeriodFactsError {
    /// The unit.
    pub unit: String,
    /// What is wrong.
    pub message: String,
}

/// An invariant of the scoring engines that did not hold: a bug in rubric, reported as an
/// error so that it never becomes a wrong number.
#[derive(Debug, Clone, Error, Diagnostic)]
#[error("unit `{unit}`: internal error: {what}")]
#[diagnostic(code("rubric::internal"), help("this is a bug in rubric; please report it with the rule file"))]
pub struct InternalError {
    /// The unit.
    pub unit: String,
    /// The invariant that did not hold.
    pub what: &'static str,
}

impl EvalError {
    /// A broken invariant while scoring `unit`.
    pub(crate) fn internal(unit: impl Into<String>, what: &'static str) -> Self {
        EvalError::Internal(InternalError { unit: unit.into(), what })
    }
}

/// An invariant of the compiled rubric that did not hold outside the scoring of a unit.
#[derive(Debug, Clone, Error, Diagnostic)]
#[error("internal error: {what}")]
#[diagnostic(code("rubric::internal"), help("this is a bug in rubric; please report it with the rule file"))]
pub struct InternalPlanError {
    /// The invariant that did not hold.
    pub what: &'static str,
}

/// A unit bound, or a trace made, by one rubric and given to another: its slots mean other
/// facts there, so it is refused rather than scored.
#[derive(Debug, Clone, Error, Diagnostic)]
#[error("unit `{unit}` was bound to another rubric")]
#[diagnostic(
    code("rubric::other-rubric"),
    help(
        "bind the unit's facts with the rubric that scores them (`rubric.bind(&facts)`), and render a trace with the rubric that made it"
    )
)]
pub struct OtherRubricError {
    /// The unit.
    pub unit: String,
}

/// `max`, `min` or `mean` over a list with no records (none, or none that meets the condition),
/// and no `else` value to take instead.
#[derive(Debug, Clone, Error, Diagnostic)]
#[error("unit `{unit}`: `{call}` is taken over no records")]
#[diagnostic(
    code("rubric::empty-list"),
    help("say what it is over no records: `max(LIST, VALUE, else 0)`; or give the unit's records")
)]
pub struct EmptyListError {
    /// The unit.
    pub unit: String,
    /// The aggregate, as written.
    pub call: String,
}
