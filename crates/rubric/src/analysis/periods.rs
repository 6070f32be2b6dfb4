//! Periods: a rubric scored at several checkpoints (平时, 年底), each with its own facts, and the
//! weighted sum of the period scores. Each period is scored by the ordinary evaluator on the
//! rubric holding only the rows of that period, built when the rubric was loaded
//! ([`Rubric::periods`]).

use crate::analysis::testing::{CheckOutcome, NOT_SCORED, RANK_ALONE, TestOutcome};
use crate::eval::EvalError;
use crate::eval::error::{OverflowError, PeriodFactsError, PeriodMissingError, PrecisionError};
use crate::eval::{PeriodPlan, Rubric};
use crate::facts::UnitFacts;
use crate::plan::exact::{Inexact, Q};
use crate::plan::{ExpectDef, Target, TestDef};
use crate::report::breakdown::{NodeScore, UnitScore};
use crate::value::{de_dec, ser_dec, show_num};
use rust_decimal::Decimal;
use serde::{Deserialize, Serialize};

/// The score of one unit over every period of a rubric.
///
/// In JSON it has the shape of every rubric's score: `unit`, `score` (the weighted total),
/// `max`, `steps` and `children` (both `[]`: the rows are scored in each period), and
/// `periods`.
#[derive(Debug, Clone, PartialEq, Eq, Deserialize)]
#[serde(try_from = "PeriodsWire")]
pub struct PeriodScores {
    /// The unit's name.
    pub unit: String,
    /// Each period's score, in the order the periods are declared.
    pub periods: Vec<PeriodScore>,
    /// Σ weight × period score.
    pub total: Decimal,
    /// Σ weight × period maximum.
    pub max: Decimal,
}

impl Serialize for PeriodScores {
    fn serialize<S: serde::Serializer>(&self, s: S) -> Result<S::Ok, S::Error> {
        use serde::ser::SerializeStruct;
        let mut st = s.serialize_struct("PeriodScores", 6)?;
        st.serialize_field("unit", &self.unit)?;
        st.serialize_field("score", &show_num(self.total))?;
        st.serialize_field("max", &show_num(self.max))?;
        st.serialize_field("steps", &[] as &[crate::report::breakdown::Step])?;
        st.serialize_field("children", &[] as &[NodeScore])?;
        st.serialize_field("periods", &self.periods)?;
        st.end()
    }
}

/// [`PeriodScores`] as JSON has it.
#[derive(Deserialize)]
struct PeriodsWire {
    unit: String,
    #[serde(deserialize_with = "de_dec")]
    score: Decimal,
    #[serde(deserialize_with = "de_dec")]
    max: Decimal,
    #[serde(default)]
    steps: Vec<crate::report::breakdown::Step>,
    #[serde(default)]
    children: Vec<NodeScore>,
    periods: Vec<PeriodScore>,
}

impl TryFrom<PeriodsWire> for PeriodScores {
    type Error = String;

    fn try_from(w: PeriodsWire) -> Result<Self, String> {
        if !w.steps.is_empty() || !w.children.is_empty() {
            return Err(format!(
                "unit `{}` is scored in periods: its rows are in `periods`, and `steps` and `children` are empty",
                w.unit
            ));
        }
        Ok(PeriodScores { unit: w.unit, periods: w.periods, total: w.score, max: w.max })
    }
}

/// One period's score of a unit: in JSON, the period's breakdown with the period's name,
/// title and weight beside `unit`, `score`, `max`, `steps` and `children`.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct PeriodScore {
    /// The period's name.
    pub period: String,
    /// Its title.
    pub title: String,
    /// Its weight in the total (a percent as its fraction).
    #[serde(serialize_with = "ser_dec", deserialize_with = "de_dec")]
    pub weight: Decimal,
    /// The weight as written (`1`, `40%`).
    pub weight_text: String,
    /// The full breakdown of the period, scored with the unit's facts for it.
    #[serde(flatten)]
    pub score: UnitScore,
}

impl Rubric {
    /// Scores one unit in every period, each with the unit's facts for that period
    /// (`UnitFacts::period`), and combines them: total = Σ weight × period score.
    ///
    /// Every period needs facts: a period with none is `rubric::period-missing` (no score is
    /// invented for it), and facts without a period, for an undeclared period or given twice
    /// for one period are `rubric::period-facts`.
    pub fn evaluate_periods(&self, records: &[UnitFacts], unit: &str) -> Result<PeriodScores, EvalError> {
        let by_period = self.period_records(records, unit)?;
        let mut periods = Vec::with_capacity(by_period.len());
        // Σ weight × score exactly, from each period's exact total: rounded once, when shown.
        let mut total = Q::ZERO;
        let mut max = Q::ZERO;
        let inexact = |e: Inexact| {
            let (unit, what) = (unit.to_string(), "the weighted total".to_string());
            match e {
                Inexact::Overflow => EvalError::Overflow(OverflowError { unit, what }),
                Inexact::Precision => EvalError::Precision(PrecisionError { unit, what }),
            }
        };
        for (plan, facts) in self.periods().zip(by_period) {
            let trace = plan.rubric().trace(&plan.rubric().bind(facts)?)?;
            let score = trace.render(plan.rubric())?;
            let weight = Q::dec(plan.weight());
            total = weight.mul(trace.exact_total()).and_then(|w| total.add(w)).map_err(inexact)?;
            max = weight.mul(Q::dec(score.max)).and_then(|w| max.add(w)).map_err(inexact)?;
            periods.push(PeriodScore {
                period: plan.name().to_string(),
                title: plan.title().to_string(),
                weight: plan.weight(),
                weight_text: plan.weight_text().to_string(),
                score,
            });
        }
        Ok(PeriodScores {
            unit: unit.to_string(),
            periods,
            total: total.to_dec().normalize(),
            max: max.to_dec().normalize(),
        })
    }

    /// The unit's facts for each period, in the order of the periods.
    pub fn period_records<'a>(&self, records: &'a [UnitFacts], unit: &str) -> Result<Vec<&'a UnitFacts>, EvalError> {
        let names: Vec<&str> = self.periods.iter().map(|p| p.name.as_str()).collect();
        let mut found: Vec<Option<&UnitFacts>> = vec![None; self.periods.len()];
        for r in records.iter().filter(|r| r.unit == unit) {
            let bad = |message: String| EvalError::PeriodFacts(PeriodFactsError { unit: unit.to_string(), message });
            let Some(p) = &r.period else {
                return Err(bad(format!(
                    "facts without a period, but the rubric is scored in periods ({})",
                    names.join(", ")
                )));
            };
            let Some(i) = names.iter().position(|n| n == p) else {
                return Err(bad(format!(
                    "facts for `{p}`, which is not a period of the rubric ({})",
                    names.join(", ")
                )));
            };
            match found.get_mut(i) {
                Some(Some(_)) => return Err(bad(format!("facts for period `{p}` are given twice"))),
                Some(slot) => *slot = Some(r),
                None => {}
            }
        }
        let missing: Vec<&str> = names.iter().zip(&found).filter(|(_, f)| f.is_none()).map(|(n, _)| *n).collect();
        if !missing.is_empty() {
            return Err(EvalError::PeriodMissing(PeriodMissingError {
                unit: unit.to_string(),
                periods: missing.iter().map(|m| format!("`{m}`")).collect::<Vec<_>>().join(", "),
            }));
        }
        Ok(found.into_iter().flatten().collect())
    }

    /// Runs a test of a rubric with periods: `period NAME { … }` blocks are scored in their
    /// period; the test's own `expect` lines are weighted sums over the periods.
    pub(crate) fn run_period_test(&self, t: &TestDef) -> TestOutcome {
        let plans: Vec<PeriodPlan<'_>> = self.periods().collect();
        let facts_for = |p: usize| -> Option<UnitFacts> {
            let block = t.periods.iter().find(|b| b.period == p);
            if block.is_none() && t.facts.values.is_empty() {
                return None;
            }
            let mut f = t.facts.clone();
            if let Some(b) = block {
                // A fact the period block gives replaces the one given for every period.
                f.values.retain(|(k, _)| b.facts.values.iter().all(|(n, _)| n != k));
                f.values.extend(b.facts.values.iter().cloned());
            }
            f.period = plans.get(p).map(|pl| pl.name().to_string());
            Some(f)
        };
        let mut checks = Vec::new();
        for b in &t.periods {
            let Some(plan) = plans.get(b.period) else {
                // The checker gives every period block a declared period: a failed check, never
                // a block left out.
                let line = b.expects.first().map_or(0, |e| self.line_of(e));
                let actual = format!("internal error: period {} has no plan", b.period);
                checks.push(CheckOutcome {
                    target: "period".into(),
                    expected: String::new(),
                    actual,
                    passed: false,
                    line,
                    error: None,
                });
                continue;
            };
            let result = match facts_for(b.period) {
                Some(f) => plan.rubric().evaluate_nodes(&f, &plan_mask(*plan, &b.expects)),
                None => Err(missing(t, *plan)),
            };
            for e in &b.expects {
                let (target, expected, actual, passed) = match (&e.target, &result) {
                    (Target::Error(code), r) => error_check(code, r.as_ref().err()),
                    (target, Err(err)) => {
                        (self.target_name(target), expected(target), crate::analysis::testing::failure(err), false)
                    }
                    // The checker allows `expect rank` only among a test's units, never in periods.
                    (Target::Rank(_), Ok(_)) => {
                        (self.target_name(&e.target), expected(&e.target), RANK_ALONE.into(), false)
                    }
                    // The checker refuses grades in a rubric in periods.
                    (Target::Grade(..), Ok(_)) => {
                        (self.target_name(&e.target), expected(&e.target), NO_GRADES.into(), false)
                    }
                    (Target::Total(v), Ok(done)) => {
                        let got = done.first().cloned().flatten().map(|n| n.score);
                        (
                            "total".into(),
                            show_num(*v),
                            got.map_or_else(|| NOT_SCORED.into(), show_num),
                            got == Some(v.normalize()),
                        )
                    }
                    (Target::Node(i, v), Ok(done)) => {
                        // A row outside this period has no score in it (shown empty, and the check
                        // fails); a row of the period that was not scored is a bug, said as one.
                        let j = plan.index_of(*i);
                        let got = j.and_then(|j| done.get(j).cloned().flatten()).map(|n| n.score);
                        let actual = match (j, got) {
                            (_, Some(g)) => show_num(g),
                            (None, None) => String::new(),
                            (Some(_), None) => NOT_SCORED.into(),
                        };
                        (self.target_name(&e.target), show_num(*v), actual, got == Some(v.normalize()))
                    }
                };
                let target = format!("{} {target}", plan.name());
                let error = crate::analysis::testing::got_error(&e.target, result.as_ref().err());
                checks.push(CheckOutcome { target, expected, actual, passed, line: self.line_of(e), error });
            }
        }
        if !t.expects.is_empty() {
            let results: Vec<PeriodResult<'_>> = plans
                .iter()
                .enumerate()
                .map(|(p, plan)| {
                    let mask = plan_mask(*plan, &t.expects);
                    if !mask.iter().any(|m| *m) {
                        return (*plan, None);
                    }
                    let r = match facts_for(p) {
                        Some(f) => plan.rubric().evaluate_nodes(&f, &mask),
                        None => Err(missing(t, *plan)),
                    };
                    (*plan, Some(r))
                })
                .collect();
            let first_err = results.iter().find_map(|(_, r)| r.as_ref().and_then(|r| r.as_ref().err()));
            for e in &t.expects {
                let (target, expected_text, actual, passed) = match (&e.target, first_err) {
                    (Target::Error(code), err) => error_check(code, err),
                    (target, Some(err)) => {
                        (self.target_name(target), expected(target), crate::analysis::testing::failure(err), false)
                    }
                    (Target::Rank(_), None) => {
                        (self.target_name(&e.target), expected(&e.target), RANK_ALONE.into(), false)
                    }
                    (Target::Grade(..), None) => {
                        (self.target_name(&e.target), expected(&e.target), NO_GRADES.into(), false)
                    }
                    (Target::Total(v), None) | (Target::Node(_, v), None) => {
                        let got = weighted(&results, &e.target);
                        let passed = got.as_ref().is_ok_and(|g| *g == v.normalize());
                        let actual = match got {
                            Ok(g) => show_num(g),
                            Err(why) => why.into(),
                        };
                        (self.target_name(&e.target), show_num(*v), actual, passed)
                    }
                };
                let error = crate::analysis::testing::got_error(&e.target, first_err);
                checks.push(CheckOutcome {
                    target,
                    expected: expected_text,
                    actual,
                    passed,
                    line: self.line_of(e),
                    error,
                });
            }
        }
        checks.sort_by_key(|c| c.line);
        TestOutcome { name: t.name.clone(), checks }
    }

    fn target_name(&self, t: &Target) -> String {
        match t {
            Target::Node(i, _) => self.node_id(*i),
            Target::Total(_) => "total".into(),
            Target::Error(_) => "error".into(),
            Target::Rank(_) => "rank".into(),
            Target::Grade(i, _) => grade_target(self, *i),
        }
    }

    /// The line of an expectation: it orders and places the check in the report, deciding nothing.
    fn line_of(&self, e: &ExpectDef) -> usize {
        self.sources
            .get(e.loc.file)
            .map(|f| f.text.get(..e.loc.span.start).map_or(0, |s| s.matches('\n').count()) + 1)
            .unwrap_or(0)
    }
}

/// The nodes of a period plan that the expectations need scored.
fn plan_mask(plan: PeriodPlan<'_>, expects: &[ExpectDef]) -> Vec<bool> {
    let whole = expects.iter().any(|e| !matches!(e.target, Target::Node(..)));
    let mut mask = vec![whole; plan.rubric().nodes.len()];
    for e in expects {
        if let Target::Node(i, _) = e.target
            && let Some(j) = plan.index_of(i)
        {
            plan.rubric().mark_scored(j, &mut mask);
        }
    }
    mask
}

fn missing(t: &TestDef, plan: PeriodPlan<'_>) -> EvalError {
    EvalError::PeriodMissing(PeriodMissingError { unit: t.name.clone(), periods: format!("`{}`", plan.name()) })
}

fn expected(t: &Target) -> String {
    match t {
        Target::Node(_, v) | Target::Total(v) => show_num(*v),
        Target::Error(c) | Target::Grade(_, c) => c.clone(),
        Target::Rank(p) => p.to_string(),
    }
}

/// What a grade check of a rubric in periods shows: the checker refuses grades there.
const NO_GRADES: &str = "internal error: grades in a rubric in periods";

/// The target of an `expect [ID] grade` line as a check names it: `grade`, `三.2 grade`.
pub(crate) fn grade_target(r: &Rubric, i: usize) -> String {
    if i == 0 { "grade".into() } else { format!("{} grade", r.node_id(i)) }
}

fn error_check(code: &str, err: Option<&EvalError>) -> (String, String, String, bool) {
    match err {
        Some(err) => {
            let codes = crate::analysis::testing::error_codes(err);
            let passed = codes.iter().any(|c| c == code);
            ("error".into(), code.to_string(), codes.join(", "), passed)
        }
        None => ("error".into(), code.to_string(), "scored without error".into(), false),
    }
}

/// A period plan and, if the test needed it, the result of scoring the rows needed.
type PeriodResult<'p> = (PeriodPlan<'p>, Option<Result<Vec<Option<NodeScore>>, EvalError>>);

/// Σ weight × the target's score over the periods it is scored in, or why there is none.
fn weighted(results: &[PeriodResult<'_>], target: &Target) -> Result<Decimal, &'static str> {
    let mut sum = Q::ZERO;
    for (plan, r) in results {
        // A period none of the expected rows is scored in adds nothing; errors were reported
        // before the sums are taken.
        let Some(Ok(done)) = r else { continue };
        let j = match target {
            Target::Total(_) => Some(0),
            Target::Node(i, _) => plan.index_of(*i),
            Target::Error(_) | Target::Rank(_) | Target::Grade(..) => None,
        };
        // A row outside this period adds nothing to its sum.
        let Some(j) = j else { continue };
        // A row of the period that was asked for but not scored: never counted as 0.
        let Some(score) = done.get(j).cloned().flatten().map(|n| n.score) else {
            return Err("internal error: a row of the period was not scored");
        };
        let part = Q::dec(plan.weight()).mul(Q::dec(score)).map_err(|_| "overflow")?;
        sum = sum.add(part).map_err(|_| "overflow")?;
    }
    Ok(sum.to_dec().normalize())
}

/// The records of each unit, units in the order they first appear: for scoring every unit of a
/// file with [`Rubric::evaluate_periods`] in time that grows with the file, not with its square.
pub fn by_unit(records: &[UnitFacts]) -> Vec<(&str, Vec<UnitFacts>)> {
    let mut index: std::collections::HashMap<&str, usize> = std::collections::HashMap::new();
    let mut out: Vec<(&str, Vec<UnitFacts>)> = Vec::new();
    for r in records {
        let i = *index.entry(r.unit.as_str()).or_insert_with(|| {
            out.push((r.unit.as_str(), Vec::new()));
            out.len() - 1
        });
        if let Some((_, list)) = out.get_mut(i) {
            list.push(r.clone());
        }
    }
    out
}

/// The names of the units in `records`, each once, in the order they first appear.
pub fn units(records: &[UnitFacts]) -> Vec<&str> {
    // A set beside the list: a file of many units is not searched once per unit.
    let mut seen: std::collections::HashSet<&str> = std::collections::HashSet::with_capacity(records.len());
    records.iter().map(|r| r.unit.as_str()).filter(|u| seen.insert(u)).collect()
}
