//! One request to score units, whatever the rubric: alone or many, units compared with each other
//! (cohorts) or not, scored once or over periods, with the explanation or numbers only.

use crate::analysis::periods::{PeriodScores, by_unit};
use crate::eval::cohort::Cohort;
use crate::eval::score::Scores;
use crate::eval::{Bound, EvalError, Rubric};
use crate::facts::UnitFacts;
use crate::report::breakdown::UnitScore;
use rayon::prelude::*;
use rust_decimal::Decimal;

/// A request to score units against a rubric, made with [`Rubric::scoring`]. It knows what the
/// rubric needs: units of a rubric whose rules compare units are scored together, and a rubric in
/// periods is scored period by period from each unit's facts for each period.
///
/// ```
/// use rubric::{MemoryLoader, Outcome, UnitFacts};
///
/// let rules = r#"rubric "r" { fact 次数: count  item 一 "t" max 2 { deduct 1 per 次数 "每次扣1分" } }"#;
/// let rubric = rubric::load("r.rubric", &MemoryLoader::new().with("r.rubric", rules)).into_rubric().unwrap();
/// let units = [UnitFacts::new("甲").num("次数", "1"), UnitFacts::new("乙").num("次数", "0")];
///
/// // Numbers only, every unit.
/// let scored = rubric.scoring().units(&units);
/// let totals: Vec<String> = scored.iter().map(|s| s.outcome.as_ref().unwrap().total().to_string()).collect();
/// assert_eq!(totals, ["1", "2"]);
///
/// // One unit, explained.
/// let Outcome::Explained(score) = rubric.scoring().explained().unit(&units[0])? else { unreachable!() };
/// assert_eq!(score.node("一").unwrap().steps.len(), 2); // full marks, then the deduction
/// # Ok::<(), rubric::EvalError>(())
/// ```
#[derive(Debug, Clone, Copy)]
#[must_use = "a scoring request does nothing until `unit` or `units` is called"]
pub struct Scoring<'r> {
    rubric: &'r Rubric,
    explained: bool,
    max_steps: Option<u64>,
    only: Option<&'r str>,
    /// The cohort to score in, gathered beforehand ([`Scoring::in_cohort`]).
    cohort: Option<&'r Cohort>,
}

/// How many units are scored at a time by [`Scoring::units_each`]: their explanations are held
/// together, never those of a whole file.
const CHUNK: usize = 1024;

/// What scoring a unit gave.
#[derive(Debug, Clone, PartialEq, Eq)]
#[non_exhaustive]
pub enum Outcome {
    /// The total and every node's score, numbers only.
    Scores(Scores),
    /// The whole explained breakdown.
    Explained(UnitScore),
    /// A rubric in periods: each period's explained breakdown and the weighted total.
    Periods(PeriodScores),
}

/// One unit's outcome in a batch.
#[derive(Debug, Clone)]
#[non_exhaustive]
pub struct Scored {
    /// The unit's name.
    pub unit: String,
    /// Its score, or why it could not be scored.
    pub outcome: Result<Outcome, EvalError>,
}

impl Rubric {
    /// A request to score units against this rubric: numbers only unless
    /// [`explained`](Scoring::explained).
    pub fn scoring(&self) -> Scoring<'_> {
        Scoring { rubric: self, explained: false, max_steps: None, only: None, cohort: None }
    }
}

impl<'r> Scoring<'r> {
    /// Each unit's whole breakdown, with every rule's wording and every fact's value, instead of
    /// numbers only. A rubric in periods is always explained.
    pub fn explained(self) -> Self {
        Scoring { explained: true, ..self }
    }

    /// At most `steps` steps of work for each unit scored alone and explained: a unit that needs
    /// more is refused (`rubric::step-budget`), for a host that scores untrusted rules.
    pub fn max_steps(self, steps: u64) -> Self {
        Scoring { max_steps: Some(steps), explained: true, ..self }
    }

    /// Scores one unit on its own. A rubric whose rules compare units cannot score a unit alone
    /// (`rubric::cohort-alone`); a rubric in periods needs the unit's facts for every period,
    /// which [`units`](Scoring::units) takes.
    pub fn unit(&self, facts: &UnitFacts) -> Result<Outcome, EvalError> {
        if !self.rubric.periods.is_empty() {
            return self.rubric.evaluate_periods(std::slice::from_ref(facts), &facts.unit).map(Outcome::Periods);
        }
        if self.explained {
            return self.rubric.evaluate_with(facts, self.max_steps).map(Outcome::Explained);
        }
        let bound = self.rubric.bind(facts)?;
        self.rubric.score(&bound).map(Outcome::Scores)
    }

    /// Only the unit named `unit` is scored by [`units`](Scoring::units) and
    /// [`units_each`](Scoring::units_each); when the rules compare units, it is still compared
    /// with every unit of the records.
    pub fn only(self, unit: &'r str) -> Self {
        Scoring { only: Some(unit), ..self }
    }

    /// Units of a rubric whose rules compare units are scored by [`units`](Scoring::units) and
    /// [`units_each`](Scoring::units_each) in `cohort` (gathered from a whole file with
    /// [`Rubric::gather_cohort`]), not in the cohort of the records given: a file can then be
    /// scored a batch at a time. Without figures to compare, the cohort is not read.
    pub fn in_cohort(self, cohort: &'r Cohort) -> Self {
        Scoring { cohort: Some(cohort), ..self }
    }

    /// Scores every unit of `records`, in parallel, results in the order the units first appear.
    /// Units of a rubric whose rules compare units are scored together, as one cohort; with
    /// periods, `records` holds a record per unit and period, and each unit is scored once from
    /// all of its records.
    pub fn units(&self, records: &[UnitFacts]) -> Vec<Scored> {
        let mut out = Vec::new();
        self.units_each(records, |s| out.push(s));
        out
    }

    /// [`units`](Scoring::units), handing each unit's outcome to `each` in order, a chunk of
    /// units at a time, so that a large file's explanations are never all held at once.
    pub fn units_each(&self, records: &[UnitFacts], mut each: impl FnMut(Scored)) {
        let wanted = |unit: &str| self.only.is_none_or(|o| o == unit);
        if self.rubric.has_periods() {
            let groups: Vec<(&str, Vec<UnitFacts>)> = by_unit(records).into_iter().filter(|(u, _)| wanted(u)).collect();
            for chunk in groups.chunks(CHUNK) {
                let part: Vec<Scored> = chunk
                    .par_iter()
                    .map(|(unit, own)| Scored {
                        unit: (*unit).to_string(),
                        outcome: self.rubric.evaluate_periods(own, unit).map(Outcome::Periods),
                    })
                    .collect();
                part.into_iter().for_each(&mut each);
            }
            return;
        }
        // Units compared with each other are bound first, all of them, to make the cohort.
        let made = self.rubric.is_cohort().then(|| {
            if self.cohort.is_some() {
                return None;
            }
            let bound: Vec<Bound> = records.par_iter().filter_map(|r| self.rubric.bind(r).ok()).collect();
            Some(self.rubric.cohort(&bound))
        });
        let cohort = match made {
            Some(Some(c)) => Some(std::borrow::Cow::Owned(c)),
            Some(None) => self.cohort.map(std::borrow::Cow::Borrowed),
            None => None,
        };
        let picked: Vec<&UnitFacts> = records.iter().filter(|r| wanted(&r.unit)).collect();
        for chunk in picked.chunks(CHUNK) {
            let part: Vec<Scored> = chunk
                .par_iter()
                .map(|r| Scored { unit: r.unit.clone(), outcome: self.one(r, cohort.as_deref()) })
                .collect();
            part.into_iter().for_each(&mut each);
        }
    }

    /// One unit of a rubric without periods, in its cohort when the rules compare units.
    fn one(&self, facts: &UnitFacts, cohort: Option<&Cohort>) -> Result<Outcome, EvalError> {
        match (cohort, self.explained) {
            (None, _) => self.unit(facts),
            (Some(c), false) => self.rubric.score_in(&self.rubric.bind(facts)?, c).map(Outcome::Scores),
            (Some(c), true) => {
                let trace = self.rubric.trace_in(&self.rubric.bind(facts)?, c)?;
                trace.render(self.rubric).map(Outcome::Explained)
            }
        }
    }
}

impl Outcome {
    /// The unit's total.
    pub fn total(&self) -> Decimal {
        match self {
            Outcome::Scores(s) => s.total(),
            Outcome::Explained(s) => s.score,
            Outcome::Periods(p) => p.total,
        }
    }
}
