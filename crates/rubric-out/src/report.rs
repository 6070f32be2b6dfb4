//! A unit's results page (`rulecheck report`, the service's `report`): every unit scored (the
//! page gives the unit's place among them, and rules that compare units need them all), the
//! grade after quotas, what would raise each score, laid out by `rubric-html`.

use crate::rank::Failure;
use rubric::analysis::whatif::{WhatIf, whatif};
use rubric::{Rubric, UnitFacts};
use rubric_html::{Page, Raise, Rank, Scored};

/// Why the page cannot be made.
pub enum PageError {
    /// What-if, or the unit's records for each period, failed.
    Eval(rubric::EvalError),
    /// The chart could not be drawn (a bug).
    Chart(String),
}

/// The unit's explained breakdown: scored once, or in periods.
enum Breakdown {
    Once(rubric::UnitScore),
    Periods(rubric::PeriodScores),
}

/// The page of `unit` among `units`, in `lang`, with hidden characters of the input escaped:
/// the failures of the units met while scoring them all (in order), then the page, or `None`
/// when the unit itself could not be scored (its error is among the failures).
pub fn unit_page(
    rubric: &Rubric,
    units: &[UnitFacts],
    unit: &UnitFacts,
    lang: rubric::Lang,
) -> (Vec<Failure>, Option<Result<String, PageError>>) {
    let (mut totals, mut mine, mut failures) = (Vec::new(), None, Vec::new());
    rubric.scoring().explained().units_each(units, |s| match s.outcome {
        Ok(rubric::Outcome::Explained(e)) => {
            totals.push(e.score);
            if s.unit == unit.unit && mine.is_none() {
                mine = Some(Breakdown::Once(e));
            }
        }
        Ok(rubric::Outcome::Periods(p)) => {
            totals.push(p.total);
            if s.unit == unit.unit && mine.is_none() {
                mine = Some(Breakdown::Periods(p));
            }
        }
        Ok(_) => failures.push(Failure::NoBreakdown(s.unit)),
        Err(e) => failures.push(Failure::Eval(Some(s.unit), e)),
    });
    let Some(mut outcome) = mine else { return (failures, None) };
    // The grade of the total with the quotas applied across every unit.
    let (mut grades, errors) = crate::rank::grades(rubric, units);
    failures.extend(errors.into_iter().map(|e| Failure::Eval(None, e)));
    if let (Breakdown::Once(e), Some(g)) = (&mut outcome, grades.remove(&unit.unit)) {
        e.grade = Some(Box::new(g));
    }
    let page = page(rubric, units, unit, &outcome, &totals, lang)
        // Characters that hide or reorder text (bidi controls, ESC) from the input show as escapes.
        .map(|html| rubric_syntax::hidden::escape(&html).into_owned());
    (failures, Some(page))
}

/// The page of a unit's outcome, with what would raise each score (none when the rules compare
/// units).
fn page(
    rubric: &Rubric,
    units: &[UnitFacts],
    unit: &UnitFacts,
    outcome: &Breakdown,
    totals: &[rust_decimal::Decimal],
    lang: rubric::Lang,
) -> Result<String, PageError> {
    // What would raise one breakdown, scored by `plan` with `facts`.
    let raise = |plan: &Rubric, facts: &UnitFacts, score: &rubric::UnitScore| {
        if plan.is_cohort() {
            return Ok(None);
        }
        whatif(plan, facts, score).map(Some).map_err(PageError::Eval)
    };
    let (whatifs, total) = match outcome {
        Breakdown::Once(s) => (vec![raise(rubric, unit, s)?], s.score),
        Breakdown::Periods(p) => {
            let records = rubric.period_records(units, &unit.unit).map_err(PageError::Eval)?;
            let mut out = Vec::new();
            for ((q, plan), facts) in p.periods.iter().zip(rubric.periods()).zip(records) {
                out.push(raise(plan.rubric(), facts, &q.score)?);
            }
            (out, p.total)
        }
    };
    let scored = match outcome {
        Breakdown::Periods(p) => Scored::Periods(p, whatifs.iter().map(as_raise).collect()),
        Breakdown::Once(s) => Scored::Once(s, whatifs.first().map_or(Raise::None, as_raise)),
    };
    let page = Page { rubric, scored, rank: Some(Rank::among(totals, total)), lang };
    rubric_html::render(&page).map_err(|e| PageError::Chart(e.to_string()))
}

/// What would raise a score: the suggestions, or none because the rules compare units.
fn as_raise(w: &Option<WhatIf>) -> Raise<'_> {
    w.as_ref().map_or(Raise::Cohort, Raise::Suggestions)
}
