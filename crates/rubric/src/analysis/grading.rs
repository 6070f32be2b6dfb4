//! Grades of units scored together: each unit graded (`Rubric::grade_unit`, before quotas) and
//! the quotas of every grade table applied across them (`quota::apply`), in one batch function.

use crate::analysis::{Outcome, Scored};
use crate::eval::grades::{Graded, set_grades};
use crate::eval::{Bound, Rubric};
use crate::facts::UnitFacts;
use crate::report::grades::Grade;
use rust_decimal::Decimal;

impl Rubric {
    /// The grades of every unit of a batch scored together ([`crate::Scoring::units`] of
    /// `records`), with the quotas applied: each unit's grades by node id (`""` for the total),
    /// in the order of `scored`; a unit not scored has none. The explained breakdowns in
    /// `scored` get the same grades. A rubric in periods has no grades.
    pub fn grade_batch(&self, records: &[UnitFacts], scored: &mut [Scored]) -> Vec<Vec<(String, Grade)>> {
        let mut all: Vec<Option<Vec<Graded>>> = Vec::with_capacity(scored.len());
        let bound: Vec<Option<Bound>> =
            scored.iter().map(|s| records.iter().find(|r| r.unit == s.unit).and_then(|r| self.bind(r).ok())).collect();
        let cohort = self.is_cohort().then(|| {
            let b: Vec<Bound> = bound.iter().flatten().cloned().collect();
            self.cohort(&b)
        });
        for (s, b) in scored.iter().zip(&bound) {
            let graded = match (&s.outcome, b) {
                (Ok(o), Some(b)) => self.grade_unit(b, cohort.as_ref(), None, |i| node_score(self, o, i)).ok(),
                _ => None,
            };
            all.push(graded);
        }
        for g in &self.grades {
            crate::analysis::quota::apply(g, &mut all);
        }
        let out: Vec<Vec<(String, Grade)>> = all
            .into_iter()
            .map(|u| u.unwrap_or_default().into_iter().map(|(i, _, grade)| (self.node_id_of(i), grade)).collect())
            .collect();
        for (s, grades) in scored.iter_mut().zip(&out) {
            if let Ok(Outcome::Explained(u)) = &mut s.outcome {
                set_grades(u, grades);
            }
        }
        out
    }
}

/// Node `i`'s score in an outcome.
fn node_score(r: &Rubric, o: &Outcome, i: usize) -> Option<Decimal> {
    match o {
        Outcome::Scores(s) => s.node(i),
        Outcome::Explained(u) if i == 0 => Some(u.score),
        Outcome::Explained(u) => r.nodes.get(i).and_then(|n| u.node(&n.id)).map(|n| n.score),
        _ => None,
    }
}
