//! Scoring in strata, for a rubric with figures over rows' scores (`average(points(三.2) among
//! 开展)`): stratum 0 — the rows those figures read, with all they need — is scored for every
//! unit first (`Rubric::cohort`), the figures are taken over those scores, then each unit is
//! scored whole. The checker proves no row of stratum 0 reads such a figure (`plan::strata`).
//! A rubric without such figures has no strata and is scored in one pass, as before.

use crate::eval::cohort::Cohort;
use crate::eval::general::Cx;
use crate::eval::{Bound, EvalError, Meter, NoTrace, NodeVal, Rubric, Scored, Work, eval};
use crate::plan::Plan;
use crate::plan::exact::V;
use std::borrow::Cow;

/// What the engines need of a rubric's strata, worked out once.
#[derive(Debug, Clone)]
pub(crate) struct Strata {
    /// The rows of stratum 0, by node.
    rows: Vec<bool>,
    /// For each cohort figure, whether it is over rows' scores.
    over: Vec<bool>,
}

impl Strata {
    /// The strata of `plan`; `None` when no figure compares rows' scores.
    pub(crate) fn of(plan: &Plan) -> Option<Strata> {
        let rows = plan.stratum()?;
        let over = (0..plan.cohorts.len()).map(|k| plan.over_scores(k)).collect();
        Some(Strata { rows, over })
    }
}

/// A unit's own value of each figure over rows' scores, and whether it is among the units the
/// figure compares (`None` for the other figures).
pub(crate) type Owns = Vec<Option<(V, bool)>>;

impl Rubric {
    /// Whether figure `k` is over rows' scores: worked out after stratum 0, not with the others.
    pub(crate) fn late(&self, k: usize) -> bool {
        self.strata().is_some_and(|s| s.over.get(k).copied().unwrap_or(false))
    }

    /// `mask` with the rows of stratum 0 added: the rows whose facts and derived values a
    /// masked scoring needs.
    pub(crate) fn with_stratum<'a>(&self, mask: &'a [bool]) -> Cow<'a, [bool]> {
        match self.strata() {
            Some(s) => Cow::Owned(mask.iter().zip(&s.rows).map(|(a, b)| *a || *b).collect()),
            None => Cow::Borrowed(mask),
        }
    }

    /// Scores the rows of stratum 0 (nothing recorded; the engine's own node scorer) once the
    /// unit's derived values and other figures are in `work`, and reads the unit's own value of
    /// each figure over rows' scores from them. The nodes' results are emptied again after.
    pub(crate) fn stratum0(
        &self,
        unit: &Bound,
        reference: bool,
        have_figures: bool,
        meter: &Meter,
        work: &mut Work,
    ) -> Result<Owns, EvalError> {
        let Some(strata) = self.strata() else { return Ok(Vec::new()) };
        let figures = have_figures.then_some(work.cohort.as_slice());
        let done = std::cell::Cell::from_mut(work.nodes.as_mut_slice()).as_slice_of_cells();
        let env = unit.env(&work.lets, figures, meter, Some(Scored::Live(&self.refs, done)), &self.calendars);
        let mut tracer = NoTrace;
        let mut cx = Cx { rubric: self, env, unit: &unit.unit, by_policy: &work.by_policy, tracer: &mut tracer };
        for idx in self.scoring_order(&unit.unit)? {
            if !strata.rows.get(idx).copied().unwrap_or(false) {
                continue;
            }
            let node = self.nodes.get(idx).ok_or_else(|| *cx.internal("a node in the order outside the plan"))?;
            let scored = if reference { cx.reference_node(idx, node, done) } else { cx.node(idx, node, done) };
            let v = match scored {
                Ok(v) => v,
                Err(e) => cx.or_not_applicable(idx, node, e).map_err(|e| *e)?,
            };
            done.get(idx).ok_or_else(|| *cx.internal("a node without a place for its score"))?.set(v);
        }
        let mut owns = vec![None; self.cohorts.len()];
        for ((k, def), o) in self.cohorts.iter().enumerate().zip(&mut owns) {
            if !self.late(k) {
                continue;
            }
            let own = eval(&def.arg, env).map_err(|f| self.fail(&unit.unit, &def.text, def.file, f))?;
            *o = Some((own, self.member(unit, def, env)?));
        }
        work.nodes.fill(NodeVal::default());
        Ok(owns)
    }

    /// Fills the unit's figures over rows' scores: its stratum 0 scored, then each figure from
    /// its own value and the cohort (as [`Rubric::figures`] does for the others).
    pub(crate) fn late_figures(
        &self,
        unit: &Bound,
        cohort: &Cohort,
        reference: bool,
        meter: &Meter,
        work: &mut Work,
    ) -> Result<(), EvalError> {
        if self.strata().is_none() {
            return Ok(());
        }
        let owns = self.stratum0(unit, reference, true, meter, work)?;
        for (k, own) in owns.into_iter().enumerate() {
            let (Some((own, member)), Some(def)) = (own, self.cohorts.get(k)) else { continue };
            let env = unit.env(&work.lets, None, meter, None, &self.calendars);
            let figure = self.figure_for(unit, cohort, k, def, own, member, env)?;
            if let (Some(o), Some(c), Some(m)) = (work.own.get_mut(k), work.cohort.get_mut(k), work.member.get_mut(k)) {
                *o = Some(own);
                *c = figure;
                *m = member;
            }
        }
        Ok(())
    }

    /// Each unit's own value of every figure over rows' scores, for the cohort: its stratum 0
    /// scored within `partial`, the cohort of the other figures. A unit whose stratum 0 cannot
    /// be scored is left out of those figures (scoring it says why).
    pub(crate) fn late_owns(&self, units: &[Bound], partial: &Cohort) -> Vec<Option<Owns>> {
        use rayon::prelude::*;
        units
            .par_iter()
            .map(|u| {
                let meter = Meter::new(None);
                let mut work = Work::default();
                work.reset(self);
                self.lets_of(u, None, false, false, &meter, &mut work).ok()?;
                self.figures(u, partial, &meter, &mut work).ok()?;
                self.lets_of(u, None, true, true, &meter, &mut work).ok()?;
                self.stratum0(u, false, true, &meter, &mut work).ok()
            })
            .collect()
    }
}
