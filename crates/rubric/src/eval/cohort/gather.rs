//! A cohort gathered from units read in batches, never all held at once: each batch is bound and
//! its own values of every figure kept (a few values a unit), the batch dropped. A rubric with
//! figures over rows' scores needs the units twice: once for the other figures, once for those
//! (their stratum 0 is scored within the first). The cohort is the one [`Rubric::cohort`] makes
//! of the same units in the same order.

use super::Cohort;
use crate::eval::strata::Owns;
use crate::eval::{Bound, Rubric, Work};
use crate::facts::UnitFacts;
use crate::plan::exact::{Q, V, cmp_v};
use rayon::prelude::*;

/// A cohort being gathered, batch by batch, made by [`Rubric::gather_cohort`]. Give it every
/// unit of the file in order ([`CohortGather::add`]) once, or, when [`CohortGather::again`]
/// says so after [`CohortGather::next_pass`], a second time; then [`CohortGather::finish`].
#[derive(Debug, Clone)]
pub struct CohortGather<'r> {
    rubric: &'r Rubric,
    size: usize,
    values: Vec<(Vec<V>, Option<Q>)>,
    /// The second pass (figures over rows' scores): the cohort of the other figures, and the
    /// units' own values of those figures, in order.
    late: Option<(Cohort, Vec<Option<Owns>>)>,
}

impl Rubric {
    /// A cohort to gather from units given in batches, for a file read as a stream: the same
    /// cohort as [`Rubric::cohort`] of the units that bind, in the same order.
    pub fn gather_cohort(&self) -> CohortGather<'_> {
        CohortGather {
            rubric: self,
            size: 0,
            values: vec![(Vec::new(), Some(Q::ZERO)); self.cohorts.len()],
            late: None,
        }
    }
}

impl CohortGather<'_> {
    /// Adds a batch of units, in the file's order: bound in parallel (a unit that does not bind
    /// is left out, as [`Rubric::cohort`] leaves it out).
    pub fn add(&mut self, units: &[UnitFacts]) {
        let r = self.rubric;
        let bound: Vec<Bound> = units.par_iter().filter_map(|u| r.bind(u).ok()).collect();
        if let Some((partial, owns)) = &mut self.late {
            owns.extend(r.late_owns(&bound, partial));
            return;
        }
        let own: Vec<Option<Vec<Option<V>>>> = bound
            .par_iter()
            .map(|u| {
                let mut work = Work::default();
                r.own_values(u, &mut work).ok().map(|()| work.own)
            })
            .collect();
        for o in own.into_iter().flatten() {
            self.size += 1;
            for (k, v) in o.into_iter().enumerate() {
                let (Some(v), Some((list, sum))) = (v, self.values.get_mut(k)) else { continue };
                list.push(v);
                *sum = match (*sum, v.num()) {
                    (Some(s), Some(n)) => s.add(n).ok(),
                    _ => None,
                };
            }
        }
    }

    /// Whether the units must be given a second time (after [`CohortGather::next_pass`]): the
    /// rubric has figures over rows' scores, and the first pass is done.
    pub fn again(&self) -> bool {
        self.rubric.strata().is_some() && self.late.is_none()
    }

    /// Ends the first pass: the units are given again from the first to [`CohortGather::add`],
    /// for the figures over rows' scores. Nothing to do for a rubric without them.
    pub fn next_pass(&mut self) {
        if !self.again() {
            return;
        }
        let values = std::mem::take(&mut self.values);
        self.late = Some((sorted(self.size, values), Vec::new()));
    }

    /// The cohort of every unit given.
    pub fn finish(self) -> Cohort {
        match self.late {
            Some((partial, owns)) => partial.with_late(owns),
            None => sorted(self.size, self.values),
        }
    }
}

/// The cohort of `size` units with each figure's values sorted.
fn sorted(size: usize, mut values: Vec<(Vec<V>, Option<Q>)>) -> Cohort {
    for (list, _) in &mut values {
        list.sort_by(cmp_v);
    }
    Cohort { size, values }
}
