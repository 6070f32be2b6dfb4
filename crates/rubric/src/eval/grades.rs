//! Grading (等次): the one function that gives a unit's grades from its nodes' scores and its
//! facts (`grade_unit`, before quotas), used by every path that scores, and the one batch
//! function that applies the quotas across units scored together (`analysis/grading`).
//! The engines are not involved: a grade is read off the scores they give.

use crate::eval::cohort::Cohort;
use crate::eval::work::Work;
use crate::eval::{Bound, Env, EvalError, Meter, Rubric, eval};
use crate::plan::exact::V;
use crate::plan::grades::{GradeCond, GradeDef};
use crate::report::grades::{Grade, GradeBound, GradeWhy, NextGrade};
use crate::value::Value;
use rust_decimal::Decimal;

/// One graded node of one unit: the node, its score and its grade.
pub(crate) type Graded = (usize, Decimal, Grade);

impl Rubric {
    /// Whether the rubric grades the total or a node (`grade { … }`).
    pub fn has_grades(&self) -> bool {
        !self.grades.is_empty()
    }

    /// Whether the rubric grades its total (a `grade { … }` in the rubric's own body).
    pub fn has_total_grade(&self) -> bool {
        self.grades.iter().any(|g| g.node == 0)
    }

    /// The names of the total's grades, best first, when the rubric grades its total.
    pub fn total_grades(&self) -> Option<Vec<&str>> {
        let table = self.grades.iter().find(|g| g.node == 0)?;
        Some(table.arms.iter().map(|a| a.name.as_str()).collect())
    }

    /// Whether a grade table states a quota, applied only when units are scored together.
    pub fn has_quotas(&self) -> bool {
        self.grades.iter().any(|g| !g.quotas.is_empty())
    }

    /// The grade of every graded node of a unit, from the nodes' scores (`score(i)`), before
    /// quotas. The `when` and `bar` conditions read the unit's facts and derived values, and the
    /// unit's cohort figures when it is scored in a cohort (`cohort`, or `figures` already
    /// worked out).
    pub(crate) fn grade_unit(
        &self,
        unit: &Bound,
        cohort: Option<&Cohort>,
        figures: Option<&[Option<V>]>,
        score: impl Fn(usize) -> Option<Decimal>,
    ) -> Result<Vec<Graded>, EvalError> {
        if self.grades.is_empty() {
            return Ok(Vec::new());
        }
        let meter = Meter::new(None);
        let mut work = Work::default();
        work.reset(self);
        self.lets_of(unit, None, false, false, &meter, &mut work)?;
        let mut have = false;
        if let Some(c) = cohort {
            self.figures(unit, c, &meter, &mut work)?;
            have = true;
        } else if let Some(f) = figures {
            work.cohort = f.to_vec();
            have = true;
        }
        if self.is_cohort() {
            self.lets_of(unit, None, true, have, &meter, &mut work)?;
        }
        let env = unit
            .env(&work.lets, have.then_some(work.cohort.as_slice()), &meter, None, &self.calendars)
            .failing(&work.failed);
        let mut out = Vec::with_capacity(self.grades.len());
        for g in &self.grades {
            let internal = || EvalError::internal(unit.unit.to_string(), "a graded node without its score");
            let s = score(g.node).ok_or_else(internal)?;
            out.push((g.node, s, self.grade_one(g, s, env, &unit.unit)?));
        }
        Ok(out)
    }

    /// The grade of one node whose score is `s`: a fixing line that applies (the worst), else the
    /// interval of the score, lowered below a barred grade.
    fn grade_one(&self, g: &GradeDef, s: Decimal, env: Env<'_>, unit: &str) -> Result<Grade, EvalError> {
        let name = |k: usize| g.arms.get(k).map(|a| a.name.clone()).unwrap_or_default();
        let mut fixed: Option<&GradeCond> = None;
        for f in &g.fixes {
            if self.holds(f, env, unit)? && fixed.is_none_or(|x| f.grade > x.grade) {
                fixed = Some(f);
            }
        }
        if let Some(f) = fixed {
            let why = GradeWhy::Fixed { when: f.cond.text.clone(), label: f.label.clone() };
            return Ok(Grade { name: name(f.grade), why, next: None });
        }
        // `check/lint` proves every score the node can have is in exactly one grade.
        let k = g.arms.iter().position(|a| a.range.contains(Value::Num(s))).ok_or_else(|| {
            EvalError::internal(unit.to_string(), "a score in no grade of a table the checker proved complete")
        })?;
        let mut barred: Option<&GradeCond> = None;
        for b in &g.bars {
            if b.grade >= k && self.holds(b, env, unit)? && barred.is_none_or(|x| b.grade > x.grade) {
                barred = Some(b);
            }
        }
        if let Some(b) = barred {
            // The checker refuses a bar of the lowest grade, so there is a grade below.
            let to = b.grade.saturating_add(1).min(g.arms.len().saturating_sub(1));
            let why = GradeWhy::Barred {
                from: name(k),
                barred: name(b.grade),
                when: b.cond.text.clone(),
                label: b.label.clone(),
            };
            return Ok(Grade { name: name(to), why, next: None });
        }
        let arm = g.arms.get(k).ok_or_else(|| EvalError::internal(unit.to_string(), "a grade out of its table"))?;
        // A better grade a holding `bar` rules out is not within reach, whatever the score.
        let mut better_barred = false;
        if let Some(better) = k.checked_sub(1) {
            for b in g.bars.iter().filter(|b| b.grade >= better) {
                better_barred |= self.holds(b, env, unit)?;
            }
        }
        let next = k.checked_sub(1).filter(|_| !better_barred).and_then(|b| g.arms.get(b)).and_then(|better| {
            let (lo, closed) = better.range.numbers().lo?;
            Some(NextGrade { name: better.name.clone(), points: lo.checked_sub(s)?.normalize(), open: !closed })
        });
        let iv = arm.range.numbers();
        let end =
            |e: Option<(Decimal, bool)>| e.map(|(points, closed)| GradeBound { points: points.normalize(), closed });
        let why =
            GradeWhy::Band { band: arm.range.text.clone(), lo: end(iv.lo), hi: end(iv.hi), label: arm.label.clone() };
        Ok(Grade { name: arm.name.clone(), why, next })
    }

    /// Whether the condition of a `when` or `bar` line holds for the unit.
    fn holds(&self, c: &GradeCond, env: Env<'_>, unit: &str) -> Result<bool, EvalError> {
        match eval(&c.cond.expr, env) {
            Ok(V::Bool(b)) => Ok(b),
            Ok(_) => Err(EvalError::internal(unit.to_string(), "a grade's condition that is not yes or no")),
            Err(f) => Err(self.fail(unit, &c.cond.text, c.cond.loc.file, f)),
        }
    }
}

impl Rubric {
    /// The id of node `i` as grades name it: `""` for the total.
    pub(crate) fn node_id_of(&self, i: usize) -> String {
        self.nodes.get(i).map(|n| n.id.clone()).unwrap_or_default()
    }
}

/// Writes grades by node id into a breakdown.
pub(crate) fn set_grades(u: &mut crate::report::breakdown::UnitScore, grades: &[(String, Grade)]) {
    for (id, grade) in grades {
        if id.is_empty() {
            u.grade = Some(Box::new(grade.clone()));
            continue;
        }
        let mut stack: Vec<&mut crate::report::breakdown::NodeScore> = u.children.iter_mut().collect();
        while let Some(n) = stack.pop() {
            if *n.id == **id {
                n.grade = Some(Box::new(grade.clone()));
                break;
            }
            stack.extend(n.children.iter_mut());
        }
    }
}
