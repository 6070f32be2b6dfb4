//! Scoring units against each other: the figures of a cohort (the units scored together) that
//! `rank`, `best`, `worst`, `average` and `ratio` read, and the entry points that score a cohort.

use crate::eval::EvalError;
use crate::eval::Rubric;
use crate::eval::score::Scores;
use crate::eval::trace::Trace;
use crate::eval::{Bound, Env, Fail, Meter, Work, eval, inexact};
use crate::facts::UnitFacts;
use crate::plan::CohortDef;
use crate::plan::exact::{Q, V, cmp_v, same_type};
use crate::value::Value;
use rayon::prelude::*;
use rubric_syntax::ast::Func;
use std::cmp::Ordering;

mod gather;
pub use gather::CohortGather;

/// The values of a cohort: for every cohort figure of a rubric, each unit's own value, sorted.
/// Made by [`Rubric::cohort`] from the units scored together; read by [`Rubric::score_in`] and
/// [`Rubric::trace_in`].
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Cohort {
    size: usize,
    /// For each cohort figure, the units' values in ascending order, and their exact sum.
    values: Vec<(Vec<V>, Option<Q>)>,
}

impl Cohort {
    /// How many units the cohort has (those whose compared values could be computed).
    pub fn size(&self) -> usize {
        self.size
    }

    /// How many units figure `k` compares: the cohort's, or its subset's (`among`).
    pub(crate) fn of(&self, k: usize, def: &CohortDef) -> usize {
        match def.among {
            Some(_) => self.values.get(k).map_or(0, |(list, _)| list.len()),
            None => self.size,
        }
    }

    /// The figure `def` (number `k`) for a unit whose own value is `own`; `None` where the
    /// subset gives it none: no unit meets the condition, or the unit is not among those it
    /// ranks.
    fn figure(&self, k: usize, def: &CohortDef, own: V, member: bool) -> Result<Option<V>, Fail> {
        let (sorted, sum) = self.values.get(k).ok_or(Fail::Missing)?;
        let count = |n: usize| i64::try_from(n).map(Q::int).map_err(|_| Fail::Overflow);
        let subset = def.among.is_some();
        match def.func {
            // Over a subset, none is a count and a sum of 0; over the cohort, the unit is alone.
            Func::CohortCount if subset || !sorted.is_empty() => return Ok(Some(V::Num(count(sorted.len())?))),
            Func::CohortSum if subset || !sorted.is_empty() => {
                return Ok(Some(V::Num(sum.ok_or(Fail::Overflow)?)));
            }
            Func::Rank | Func::RankLowest if !member => return Ok(None),
            _ => {}
        }
        let above = sorted.len() - sorted.partition_point(|v| cmp_v(v, &own) != Ordering::Greater);
        let below = sorted.partition_point(|v| cmp_v(v, &own) == Ordering::Less);
        // An empty cohort (no unit's value could be computed, or none was given): alone; an
        // empty subset: no figure.
        let Some(best) = sorted.last().copied() else {
            return if subset { Ok(None) } else { Err(Fail::Cohort(k)) };
        };
        if !same_type(&best, &own) {
            return Err(Fail::Internal("a unit's value and its cohort's of two types"));
        }
        Ok(Some(match def.func {
            Func::Rank => V::Num(count(above + 1)?),
            Func::RankLowest => V::Num(count(below + 1)?),
            Func::Best => best,
            Func::Worst => sorted.first().copied().ok_or(Fail::Cohort(k))?,
            Func::Average => {
                let n = count(sorted.len())?;
                V::Num(sum.ok_or(Fail::Overflow)?.div(n).ok_or(Fail::Overflow)?.map_err(inexact)?)
            }
            Func::Ratio => {
                let (Some(x), Some(b)) = (own.num(), best.num()) else { return Err(Fail::Missing) };
                V::Num(x.div(b).ok_or(Fail::CohortZero(k))?.map_err(inexact)?)
            }
            Func::CohortCount => V::Num(count(sorted.len())?),
            Func::CohortSum => V::Num(sum.ok_or(Fail::Overflow)?),
            Func::Min
            | Func::Max
            | Func::Abs
            | Func::Floor
            | Func::Ceil
            | Func::Round(_)
            | Func::Pow
            | Func::Days
            | Func::Date
            | Func::Workday
            | Func::NextWorkday
            | Func::Workdays => {
                return Err(Fail::Missing);
            }
        }))
    }

    /// The cohort with each unit's own values of the figures over rows' scores added.
    pub(crate) fn with_late(mut self, owns: Vec<Option<crate::eval::strata::Owns>>) -> Cohort {
        for o in owns.into_iter().flatten() {
            for (k, v) in o.into_iter().enumerate() {
                let (Some((v, true)), Some((list, sum))) = (v, self.values.get_mut(k)) else { continue };
                list.push(v);
                *sum = match (*sum, v.num()) {
                    (Some(s), Some(n)) => s.add(n).ok(),
                    _ => None,
                };
            }
        }
        for (list, _) in &mut self.values {
            list.sort_by(cmp_v);
        }
        self
    }

    /// The value a figure is measured against, for explanations: the highest value (the lowest
    /// for `rank(x, lowest)` and `worst`).
    pub(crate) fn top(&self, k: usize, def: &CohortDef) -> Option<Value> {
        let (sorted, _) = self.values.get(k)?;
        match def.func {
            Func::RankLowest | Func::Worst => sorted.first().copied(),
            _ => sorted.last().copied(),
        }
        .map(V::value)
    }
}

impl Rubric {
    /// The cohort of the units given: each unit's own value of every compared value (`rank(x)`,
    /// `best(x)`, …). A unit whose values cannot be computed (its facts do not bind, a division
    /// by zero) is left out of the cohort; scoring it reports why.
    pub fn cohort(&self, units: &[Bound]) -> Cohort {
        let own: Vec<Option<Vec<Option<V>>>> = units
            .par_iter()
            .map(|u| {
                let mut work = Work::default();
                self.own_values(u, &mut work).ok().map(|()| work.own)
            })
            .collect();
        let mut values: Vec<(Vec<V>, Option<Q>)> = vec![(Vec::new(), Some(Q::ZERO)); self.cohorts.len()];
        let mut size = 0;
        for o in own.into_iter().flatten() {
            size += 1;
            for (k, v) in o.into_iter().enumerate() {
                // A unit without its own value of figure `k` (or outside its subset) is not among
                // the values compared.
                let (Some(v), Some((list, sum))) = (v, values.get_mut(k)) else { continue };
                list.push(v);
                *sum = match (*sum, v.num()) {
                    (Some(s), Some(n)) => s.add(n).ok(),
                    _ => None,
                };
            }
        }
        for (list, _) in &mut values {
            list.sort_by(cmp_v);
        }
        let cohort = Cohort { size, values };
        if self.strata().is_none() {
            return cohort;
        }
        let owns = self.late_owns(units, &cohort);
        cohort.with_late(owns)
    }

    /// Binds units in parallel and, when the rules compare units, makes the cohort of those
    /// that bound (a unit whose facts do not bind keeps its error and is left out).
    pub(crate) fn bind_all(&self, units: &[UnitFacts]) -> (Vec<Result<Bound, EvalError>>, Option<Cohort>) {
        let bound: Vec<Result<Bound, EvalError>> = units.par_iter().map(|u| self.bind(u)).collect();
        let cohort = self.is_cohort().then(|| {
            let ok: Vec<Bound> = bound.iter().filter_map(|b| b.as_ref().ok().cloned()).collect();
            self.cohort(&ok)
        });
        (bound, cohort)
    }

    /// A unit's own value of every compared value.
    pub(crate) fn own_values(&self, unit: &Bound, work: &mut Work) -> Result<(), EvalError> {
        self.owns(unit.rubric, &unit.unit)?;
        let meter = Meter::new(None);
        work.lets.clear();
        work.lets.resize(self.lets.len(), None);
        work.by_policy.clear();
        work.by_policy.resize(self.lets.len(), false);
        work.own.clear();
        work.own.resize(self.cohorts.len(), None);
        self.lets_of(unit, None, false, false, &meter, work)?;
        for (k, def) in self.cohorts.iter().enumerate() {
            // A figure over rows' scores has its own values after stratum 0 (`late_owns`).
            if self.late(k) {
                continue;
            }
            let env = unit.env(&work.lets, None, &meter, None, &self.calendars).failing(&work.failed);
            let v = eval(&def.arg, env).map_err(|f| self.fail(&unit.unit, &def.text, def.file, f))?;
            // A unit outside the subset has no value among those compared.
            let member = self.member(unit, def, env)?;
            if let Some(o) = work.own.get_mut(k) {
                *o = member.then_some(v);
            }
        }
        Ok(())
    }

    /// Whether the unit meets the condition of a figure's subset (every unit does when it has none).
    pub(crate) fn member(&self, unit: &Bound, def: &CohortDef, env: Env<'_>) -> Result<bool, EvalError> {
        let Some(s) = &def.among else { return Ok(true) };
        let v = eval(&s.cond, env).map_err(|f| self.fail(&unit.unit, &def.text, def.file, f))?;
        v.bool().ok_or_else(|| self.fail(&unit.unit, &def.text, def.file, Fail::Missing))
    }

    /// Fills the unit's cohort figures from its own values and the cohort.
    pub(crate) fn figures(
        &self,
        unit: &Bound,
        cohort: &Cohort,
        meter: &Meter,
        work: &mut Work,
    ) -> Result<(), EvalError> {
        work.member.clear();
        work.member.resize(self.cohorts.len(), true);
        for (k, def) in self.cohorts.iter().enumerate() {
            // A figure over rows' scores is filled after stratum 0 (`late_figures`).
            if self.late(k) {
                continue;
            }
            let env = unit.env(&work.lets, None, meter, None, &self.calendars).failing(&work.failed);
            // A figure over values this scoring did not compute (a test of some rows, which binds
            // only the facts they read) is left without a value: reading it fails as before.
            let own = match eval(&def.arg, env) {
                Err(Fail::Missing) => continue,
                r => r.map_err(|f| self.fail(&unit.unit, &def.text, def.file, f))?,
            };
            let member = self.member(unit, def, env)?;
            let figure = self.figure_for(unit, cohort, k, def, own, member, env)?;
            if let (Some(o), Some(c), Some(m)) = (work.own.get_mut(k), work.cohort.get_mut(k), work.member.get_mut(k)) {
                *o = Some(own);
                *c = figure;
                *m = member;
            }
        }
        Ok(())
    }

    /// Figure `k` of a unit whose own value is `own`: from the cohort, or the subset's `else`.
    #[allow(clippy::too_many_arguments)] // the figure, the unit's value and where it reads
    pub(crate) fn figure_for(
        &self,
        unit: &Bound,
        cohort: &Cohort,
        k: usize,
        def: &CohortDef,
        own: V,
        member: bool,
        env: Env<'_>,
    ) -> Result<Option<V>, EvalError> {
        // A ratio over a highest value of 0 has no figure: reading it fails with
        // `Fail::CohortZero`, which the `on zero` of a derived value answers.
        Ok(match cohort.figure(k, def, own, member) {
            Ok(Some(f)) => Some(f),
            // No figure over the subset: its `else`, or (for a rank of a unit outside it)
            // none, which fails when read; an empty subset without `else` fails now.
            Ok(None) => match def.among.as_ref().and_then(|s| s.or_else.as_ref()) {
                Some(e) => Some(eval(e, env).map_err(|f| self.fail(&unit.unit, &def.text, def.file, f))?),
                None if member || !matches!(def.func, Func::Rank | Func::RankLowest) => {
                    return Err(self.fail(&unit.unit, &def.text, def.file, Fail::EmptySubset(k)));
                }
                None => None,
            },
            Err(Fail::CohortZero(_)) => None,
            Err(f) => return Err(self.fail(&unit.unit, &def.text, def.file, f)),
        })
    }

    /// Scores a bound unit as a member of `cohort`: as [`Rubric::score`], with `rank`, `best`,
    /// `worst`, `average` and `ratio` taken over the cohort.
    pub fn score_in(&self, unit: &Bound, cohort: &Cohort) -> Result<Scores, EvalError> {
        Scores::of(self, crate::eval::Engine::Auto, unit, Some(cohort))
    }

    /// Traces a bound unit as a member of `cohort`: as [`Rubric::trace`], the explanation
    /// showing the cohort figures used.
    pub fn trace_in(&self, unit: &Bound, cohort: &Cohort) -> Result<Trace, EvalError> {
        self.trace_with(unit, None, None, Some(cohort))
    }

    /// Scores units together, explaining every point, results in input order: when the rules
    /// compare units (`rank`, `best`, …), the units given are the cohort. Units are scored in
    /// parallel; a unit whose facts do not bind gets its error and is left out of the cohort.
    pub fn evaluate_all(&self, units: &[UnitFacts]) -> Vec<Result<crate::report::breakdown::UnitScore, EvalError>> {
        let (bound, cohort) = self.bind_all(units);
        bound
            .into_par_iter()
            .map(|b| {
                let b = b?;
                let trace = self.trace_with(&b, None, None, cohort.as_ref())?;
                trace.render(self)
            })
            .collect()
    }
}
