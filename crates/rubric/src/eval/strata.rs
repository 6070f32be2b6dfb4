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
        // With maxima that depend on the unit, its rows are scored on its case's rubric.
        if let Some(r) = self.other_case(unit, &mut NoTrace)? {
            return r.stratum0(unit, reference, have_figures, meter, work);
        }
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
                Err(e) => cx.or_not_applicable(idx, node, e, done).map_err(|e| *e)?,
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

#[cfg(test)]
mod tests {
    #![allow(clippy::unwrap_used, clippy::expect_used, clippy::indexing_slicing, clippy::panic)]
    use crate::eval::trace::Trace;
    use crate::eval::{Engine, Rubric, Work};
    use crate::facts::UnitFacts;

    const RULES: &str = include_str!("../../../../tests/program/row-cohort.rubric");

    fn rubric() -> Rubric {
        let load = crate::load("r.rubric", &crate::MemoryLoader::new().with("r.rubric", RULES));
        load.into_rubric().expect("tests/program/row-cohort.rubric loads")
    }

    /// Units of every kind: doing the work or not, at and between the bands' edges, some
    /// without a fact (left out of the cohort, each scored with its error).
    fn units(seed: u64) -> Vec<UnitFacts> {
        let rates = ["0%", "59.99%", "60%", "89.9%", "90%", "100%"];
        (0..7u64)
            .map(|i| {
                let x = seed.wrapping_mul(31).wrapping_add(i * 17);
                let u = UnitFacts::new(format!("单位{i}"))
                    .flag("开展", x % 3 != 0 || seed % 5 == 4)
                    .num("投诉件数", &(x % 4).to_string())
                    .num("人口", &(1 + x % 5).to_string());
                if x % 11 == 3 { u } else { u.num("完成率", rates[usize::try_from(x % 6).unwrap()]) }
            })
            .collect()
    }

    /// One unit's breakdown, by `engine`, in `cohort`.
    fn scored(r: &Rubric, engine: Engine, b: &crate::eval::Bound, cohort: &crate::eval::cohort::Cohort) -> String {
        let mut work = Work::default();
        let mut trace = Trace::new(b, r.nodes.len());
        let run = r.run_by(engine, b, None, None, Some(cohort), &mut work, &mut trace);
        match run.and_then(|()| trace.finish(r, work, None, Some(cohort))).and_then(|()| trace.render(r)) {
            Ok(s) => format!("{s:?}"),
            Err(e) => e.to_string(),
        }
    }

    #[test]
    fn the_general_evaluator_scores_rows_compared_across_units_as_the_reference_does() {
        let r = rubric();
        assert!(r.strata().is_some() && !r.has_engine(Engine::Compiled));
        let (mut same, mut errors) = (0, 0);
        for seed in 0..40 {
            let (bound, cohort) = r.bind_all(&units(seed));
            let cohort = cohort.expect("the rubric compares units");
            errors += bound.iter().filter(|b| b.is_err()).count();
            for b in bound.iter().flatten() {
                let reference = scored(&r, Engine::Reference, b, &cohort);
                // A fact not given fails the unit only where a rule reads it (issue 16).
                errors += usize::from(
                    reference.contains("missing fact")
                        || reference.contains("problems with its facts")
                        || reference.contains("problem with its facts"),
                );
                for engine in [Engine::Auto, Engine::General, Engine::Compiled] {
                    assert_eq!(scored(&r, engine, b, &cohort), reference, "seed {seed}, {engine:?}, {}", b.unit);
                }
                let only = r.score_in(b, &cohort).map(|s| s.total().to_string()).map_err(|e| e.to_string());
                match only {
                    Ok(t) => assert!(reference.contains(&format!("score: {t},")), "{t} in {reference}"),
                    Err(e) => assert_eq!(e, reference),
                }
                same += 1;
            }
        }
        // Units without a fact are bound, and fail where a rule reads it.
        assert!(same > 200 && errors > 0, "{same} units scored, {errors} failed for a fact not given");
    }

    #[test]
    fn a_unit_scored_alone_reads_no_figure() {
        let r = rubric();
        let u = UnitFacts::new("甲").flag("开展", false).num("完成率", "0%").num("投诉件数", "0").num("人口", "1");
        let e = r.evaluate(&u).unwrap_err();
        assert!(matches!(e, crate::EvalError::CohortAlone(_)), "{e}");
    }
}
