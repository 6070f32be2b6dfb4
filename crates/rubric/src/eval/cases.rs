//! A rubric whose maxima depend on the unit (城区2分，其他4分): the case a unit is in, read from
//! the facts it is given, and the rubric of that case, which scores it with every engine
//! unchanged and explains it with that case's maxima.

use crate::eval::cohort::Cohort;
use crate::eval::error::EvalError;
use crate::eval::rubric::Rubric;
use crate::eval::{Bound, Engine, Meter, Tracer, V, Work, eval};
use crate::plan::maxcase::choices;

impl Rubric {
    /// Scores a unit with `engine` (see [`Engine`](crate::eval::Engine)); `work.engine` says which engine scored it.
    #[allow(clippy::too_many_arguments)] // the request's parts, passed through from every entry point
    pub(crate) fn run_by<T: Tracer>(
        &self,
        engine: Engine,
        unit: &Bound,
        mask: Option<&[bool]>,
        max_steps: Option<u64>,
        cohort: Option<&Cohort>,
        work: &mut Work,
        tracer: &mut T,
    ) -> Result<(), EvalError> {
        self.owns(unit.rubric, &unit.unit)?;
        // With maxima that depend on the unit, the rubric of its case scores it (not a call of
        // `run_by` again: a recursive function is not inlined into the batch loop).
        let rubric = self.other_case(unit, tracer)?.unwrap_or(self);
        rubric.run_case(engine, unit, mask, max_steps, cohort, work, tracer)
    }

    /// The case unit `unit` is in and its rubric: this one when the rubric has no cases. A
    /// condition that cannot be read (a fact not given) is the unit's error.
    pub(crate) fn case_of(&self, unit: &Bound) -> Result<(usize, &Rubric), EvalError> {
        if self.case_rubrics().is_empty() {
            return Ok((self.case_index(), self));
        }
        let meter = Meter::new(None);
        let env = unit.env(&[], None, &meter, None, &self.calendars);
        let mut choice = Vec::new();
        for (i, n) in self.nodes.iter().enumerate() {
            let Some(def) = &n.max_case else { continue };
            let mut hit = None;
            for (j, arm) in def.arms.iter().enumerate() {
                match eval(&arm.cond.expr, env) {
                    Ok(V::Bool(true)) => {
                        hit = Some(j);
                        break;
                    }
                    Ok(V::Bool(false)) => {}
                    Ok(_) => {
                        return Err(EvalError::internal(
                            unit.unit.to_string(),
                            "a case's condition that is not yes or no",
                        ));
                    }
                    Err(f) => return Err(self.fail(&unit.unit, &arm.cond.text, arm.cond.loc.file, f)),
                }
            }
            choice.push((i, hit));
        }
        if choices(&self.nodes) == choice {
            return Ok((0, self));
        }
        let found = self.case_rubrics().iter().find(|r| choices(&r.nodes) == choice);
        // The checker compiled every case a unit can be in (`check/cases`).
        found
            .map(|r| (r.case_index(), r))
            .ok_or_else(|| EvalError::internal(unit.unit.to_string(), "a unit in no case of the maxima"))
    }

    /// The rubric of the case a unit's facts put it in (itself without cases), for what reads
    /// the rows' maxima (what-if, explanations' hints).
    pub(crate) fn case_for(&self, unit: &crate::facts::UnitFacts) -> Result<&Rubric, EvalError> {
        if self.case_rubrics().is_empty() {
            return Ok(self);
        }
        let bound = self.bind(unit)?;
        Ok(self.case_of(&bound)?.1)
    }

    /// The rubric of another case that scores `unit`, told to `tracer`; `None` when this one
    /// does.
    pub(crate) fn other_case<T: Tracer>(&self, unit: &Bound, tracer: &mut T) -> Result<Option<&Rubric>, EvalError> {
        if self.case_rubrics().is_empty() {
            // A case's own rubric (what-if scores a unit on it) or a rubric without cases.
            tracer.case(self.case_index());
            return Ok(None);
        }
        let (k, r) = self.case_of(unit)?;
        tracer.case(k);
        Ok((k != self.case_index()).then_some(r))
    }

    /// The maxima node `idx` ([`NodeRef::index`](crate::NodeRef::index)) has in the cases of
    /// maxima that depend on the unit, from the least, each once: one without cases.
    pub fn case_maxima(&self, idx: usize) -> Vec<rust_decimal::Decimal> {
        let mut out: Vec<rust_decimal::Decimal> =
            std::iter::once(self).chain(self.case_rubrics()).filter_map(|r| r.nodes.get(idx)).map(|n| n.max).collect();
        out.sort_unstable();
        out.dedup();
        out
    }

    /// The rubric of case `k` ([`Rubric::case_of`]), from the rubric loaded or from that case's.
    pub(crate) fn for_case(&self, k: usize, unit: &str) -> Result<&Rubric, EvalError> {
        if k == self.case_index() {
            return Ok(self);
        }
        let found = k.checked_sub(1).and_then(|i| self.case_rubrics().get(i)).filter(|_| self.case_index() == 0);
        found.ok_or_else(|| EvalError::internal(unit.to_string(), "a trace of a case the rubric does not have"))
    }
}
