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
    #[error("unit `{unit}`: `{value}` divides by zero (`{denominator}` is 0)")]
    #[diagnostic(
        code("rubric::zero-denominator"),
        help("add `on zero => VALUE` to `let {value}` to say what a zero denominator gives, or correct the facts")
    )]
    ZeroDenominator {
        /// The unit.
        unit: String,
        /// The derived value or rule.
        value: String,
        /// The denominator as written.
        denominator: String,
    },
    /// `ratio(x)` read by a rule, when the highest `x` among the units is 0.
    #[error("unit `{unit}`: `{call}` divides by zero (`{best}` is 0)")]
    #[diagnostic(
        code("rubric::zero-denominator"),
        help(
            "say what it gives then in a derived value: `let 比值 = {call} on zero => 100%`, and read `比值` in the rule"
        )
    )]
    RatioZero {
        /// The unit.
        unit: String,
        /// The call as written: `ratio(就业率)`.
        call: String,
        /// Its denominator: `best(就业率)`.
        best: String,
    },
    /// A value that falls in no band.
    #[error("unit `{unit}`: item `{item}`: {subject} = {value} falls in no band")]
    #[diagnostic(code("rubric::no-band"), help("add a band for this value, or correct the facts"))]
    NoBand {
        /// The unit.
        unit: String,
        /// The item.
        item: String,
        /// The value banded, as written.
        subject: String,
        /// Its value.
        value: String,
    },
    /// Assessor-judged points outside [0, max].
    #[error("unit `{unit}`: `{fact}` = {value} is outside [0, {max}] of item `{item}`")]
    #[diagnostic(code("rubric::judged-range"), help("the assessor's points must lie between 0 and the item's maximum"))]
    JudgedOutOfRange {
        /// The unit.
        unit: String,
        /// The fact.
        fact: String,
        /// The item.
        item: String,
        /// The value given.
        value: String,
        /// The item's maximum.
        max: String,
    },
    /// The evaluation step budget ran out.
    #[error("unit `{unit}`: scoring took more steps than its budget allows")]
    #[diagnostic(
        code("rubric::step-budget"),
        help("raise the step budget given to `Rubric::evaluate_with`, or simplify the rules")
    )]
    StepBudget {
        /// The unit.
        unit: String,
    },
    /// The rubric is scored in periods, but one set of facts was scored as the whole.
    #[error("unit `{unit}`: the rubric is scored in periods ({periods}), each with its own facts")]
    #[diagnostic(
        code("rubric::periods-needed"),
        help(
            "give the unit's facts for each period (a `period` next to `unit` in the facts file) and score it with `rulecheck eval` (in code, `Rubric::evaluate_periods`)"
        )
    )]
    PeriodsNeeded {
        /// The unit.
        unit: String,
        /// The periods, as declared.
        periods: String,
    },
    /// A rule compares units with each other, but the unit was scored alone.
    #[error("unit `{unit}`: `{call}` compares units with each other, but the unit was scored alone")]
    #[diagnostic(
        code("rubric::cohort-alone"),
        help(
            "score the units together: `rulecheck eval RULES FACTS` ranks over every unit of the facts file (in code, `Rubric::evaluate_all` or `Rubric::cohort` with `Rubric::score_in`)"
        )
    )]
    CohortAlone {
        /// The unit.
        unit: String,
        /// The cohort figure, as written.
        call: String,
    },
    /// Arithmetic beyond what a decimal holds.
    #[error("unit `{unit}`: `{what}` overflows")]
    #[diagnostic(code("rubric::overflow"), help("the figures are too large to compute exactly; check the facts"))]
    Overflow {
        /// The unit.
        unit: String,
        /// The expression or node.
        what: String,
    },
    /// Arithmetic whose exact result a decimal cannot hold: a finite decimal with more than 28
    /// places or more digits than fit (`1e-13 × 1e-17`, `0.5 × 79228162514264337593543950335`).
    #[error("unit `{unit}`: `{what}` has an exact result with more digits than a decimal holds")]
    #[diagnostic(
        code("rubric::precision"),
        help(
            "values are exact decimals of at most 28 places and about 28 digits, never rounded without a `round`; check the facts for a mistyped figure"
        )
    )]
    Precision {
        /// The unit.
        unit: String,
        /// The expression or node.
        what: String,
    },
    /// A line that applies with a negative `per` quantity, which would turn a deduction into
    /// points given (or an award into points taken).
    #[error("unit `{unit}`: item `{item}`: the quantity `{quantity}` of a `{line} … per` line is {value}, below 0")]
    #[diagnostic(
        code("rubric::negative-quantity"),
        help(
            "a `per` quantity counts something and is never negative; if a surplus counts as none, write `max({quantity}, 0)`, else correct the facts"
        )
    )]
    NegativeQuantity {
        /// The unit.
        unit: String,
        /// The row.
        item: String,
        /// `deduct`, `award` or `bonus`.
        line: &'static str,
        /// The quantity as written.
        quantity: String,
        /// Its value, with the values it was computed from: `-2 (要求次数 = 3, 实际次数 = 5)`.
        value: String,
    },
    /// A rubric with periods, and a unit with no facts for some of them.
    #[error("unit `{unit}` has no facts for period {periods}")]
    #[diagnostic(
        code("rubric::period-missing"),
        help(
            "give the unit's facts for every period (`\"period\": \"…\"` next to `\"unit\"`); a period without facts is not scored as zero"
        )
    )]
    PeriodMissing {
        /// The unit.
        unit: String,
        /// The periods without facts, each in backticks.
        periods: String,
    },
    /// Facts that do not fit the rubric's periods.
    #[error("unit `{unit}`: {message}")]
    #[diagnostic(
        code("rubric::period-facts"),
        help(
            "give each unit's facts once per period the rubric declares, with `period` naming it; a rubric without periods takes facts without `period`"
        )
    )]
    PeriodFacts {
        /// The unit.
        unit: String,
        /// What is wrong.
        message: String,
    },
    /// An invariant of the scoring engines that did not hold: a bug in rubric, reported as an
    /// error so that it never becomes a wrong number.
    #[error("unit `{unit}`: internal error: {what}")]
    #[diagnostic(code("rubric::internal"), help("this is a bug in rubric; please report it with the rule file"))]
    Internal {
        /// The unit.
        unit: String,
        /// The invariant that did not hold.
        what: &'static str,
    },
    /// An invariant of the compiled rubric that did not hold outside the scoring of a unit (comparing
    /// two versions, listing hints): a bug in rubric, reported as an error so that it never drops a
    /// row in silence.
    #[error("internal error: {what}")]
    #[diagnostic(code("rubric::internal"), help("this is a bug in rubric; please report it with the rule file"))]
    InternalPlan {
        /// The invariant that did not hold.
        what: &'static str,
    },
    /// A unit bound, or a trace made, by one rubric and given to another: its slots mean other
    /// facts there, so it is refused rather than scored.
    #[error("unit `{unit}` was bound to another rubric")]
    #[diagnostic(
        code("rubric::other-rubric"),
        help(
            "bind the unit's facts with the rubric that scores them (`rubric.bind(&facts)`), and render a trace with the rubric that made it"
        )
    )]
    OtherRubric {
        /// The unit.
        unit: String,
    },
}
