//! A traced unit's grades with the scores they were read off, for the quotas of units scored
//! together (a `test` of several units).

use super::Trace;
use crate::eval::grades::Graded;
use crate::eval::{Bound, EvalError, Rubric};

impl Trace {
    /// The unit's grades, each with its node and that node's score, before any quota.
    pub(crate) fn graded(&self, rubric: &Rubric) -> Result<Vec<Graded>, EvalError> {
        rubric.owns(self.rubric, &self.unit)?;
        if !rubric.has_grades() {
            return Ok(Vec::new());
        }
        let bound = Bound {
            unit: self.unit.clone(),
            facts: self.facts.clone(),
            rubric: self.rubric,
            lists: self.lists.clone(),
            missing: self.missing.clone(),
        };
        let figures = (!self.cohort.is_empty()).then_some(self.work.cohort.as_slice());
        rubric.grade_unit(&bound, None, figures, |i| self.node_score(i))
    }
}
