//! Grades of units scored together: each unit graded (`Rubric::grade_unit`, before quotas) and
//! the quotas of every grade table applied across them (`quota::apply`), in one batch function.

use crate::analysis::{Outcome, Scored};
use crate::eval::cohort::Cohort;
use crate::eval::grades::{Graded, set_grades};
use crate::eval::{Bound, Rubric};
use crate::facts::UnitFacts;
use crate::report::grades::Grade;
use rayon::prelude::*;
use rust_decimal::Decimal;

impl Rubric {
    /// The grades of every unit of a batch scored together ([`crate::Scoring::units`] of
    /// `records`), with the quotas applied: each unit's grades by node id (`""` for the total),
    /// in the order of `scored`; a unit not scored has none. The explained breakdowns in
    /// `scored` get the same grades; a unit whose grade cannot be worked out (a `when`
    /// condition that overflows) gets the error as its outcome. A rubric in periods has no grades.
    pub fn grade_batch(&self, records: &[UnitFacts], scored: &mut [Scored]) -> Vec<Vec<(String, Grade)>> {
        let all = self.grades_before_quotas(records, scored, None);
        let out = self.apply_quotas(all);
        for (s, grades) in scored.iter_mut().zip(&out) {
            if let Ok(Outcome::Explained(u)) = &mut s.outcome {
                set_grades(u, grades);
            }
        }
        out
    }

    /// The first half of [`Rubric::grade_batch`], for a file graded a batch at a time: each
    /// unit of `scored` graded before quotas (a unit that cannot be graded gets the error as its
    /// outcome), in `cohort` when given, else in the cohort of `records`. Give every batch's
    /// grades, in order, to [`Rubric::apply_quotas`].
    pub fn grades_before_quotas(
        &self,
        records: &[UnitFacts],
        scored: &mut [Scored],
        cohort: Option<&Cohort>,
    ) -> Vec<UnitGrades> {
        let mut all: Vec<UnitGrades> = Vec::with_capacity(scored.len());
        // Each unit's first record, found by name once (a batch may hold many units).
        let mut first: std::collections::HashMap<&str, &UnitFacts> = std::collections::HashMap::new();
        for r in records {
            first.entry(r.unit.as_str()).or_insert(r);
        }
        let bound: Vec<Option<Bound>> =
            scored.par_iter().map(|s| first.get(s.unit.as_str()).and_then(|r| self.bind(r).ok())).collect();
        let made = (self.is_cohort() && cohort.is_none()).then(|| {
            let b: Vec<Bound> = bound.iter().flatten().cloned().collect();
            self.cohort(&b)
        });
        let cohort = cohort.or(made.as_ref());
        for (s, b) in scored.iter_mut().zip(&bound) {
            let graded = match (&s.outcome, b) {
                (Ok(o), Some(b)) => self.grade_unit(b, cohort, None, |i| node_score(self, o, i)),
                _ => Ok(Vec::new()),
            };
            // A unit that cannot be graded is not left without a grade in silence: its outcome
            // becomes the error, and it takes no part in the quotas.
            match graded {
                Ok(g) if !g.is_empty() => all.push(UnitGrades(Some(g))),
                Ok(_) => all.push(UnitGrades(None)),
                Err(e) => {
                    s.outcome = Err(e);
                    all.push(UnitGrades(None));
                }
            }
        }
        all
    }

    /// The second half of [`Rubric::grade_batch`]: the quotas applied across every unit's
    /// grades ([`Rubric::grades_before_quotas`] of each batch, in order), each unit's grades by
    /// node id (`""` for the total).
    pub fn apply_quotas(&self, all: Vec<UnitGrades>) -> Vec<Vec<(String, Grade)>> {
        let mut all: Vec<Option<Vec<Graded>>> = all.into_iter().map(|g| g.0).collect();
        for g in &self.grades {
            crate::analysis::quota::apply(g, &mut all);
        }
        all.into_iter()
            .map(|u| u.unwrap_or_default().into_iter().map(|(i, _, grade)| (self.node_id_of(i), grade)).collect())
            .collect()
    }
}

/// A unit's grades before quotas ([`Rubric::grades_before_quotas`]): none when it was not
/// scored or not graded.
#[derive(Debug, Clone)]
pub struct UnitGrades(Option<Vec<Graded>>);

/// Node `i`'s score in an outcome.
fn node_score(r: &Rubric, o: &Outcome, i: usize) -> Option<Decimal> {
    match o {
        Outcome::Scores(s) => s.node(i),
        Outcome::Explained(u) if i == 0 => Some(u.score),
        Outcome::Explained(u) => r.nodes.get(i).and_then(|n| u.node(&n.id)).map(|n| n.score),
        _ => None,
    }
}
