//! `score` of a rubric whose rules compare units, or whose total's grades have quotas, from a
//! facts file that can be read more than once (a regular CSV, JSON or JSON Lines file): the
//! cohort is gathered first (`rank`'s reads), then, with quotas, each unit's grade after quotas
//! (the file scored and graded a batch at a time, the quotas applied across every unit), and
//! the units are then streamed and scored a batch at a time in that cohort, with those grades,
//! as the units of a rubric scored alone are. Those first reads say nothing: if one fails, the
//! file is read whole, as before, which says why.

use crate::passes;
use crate::ui::Ui;
use rubric::{Cohort, EvalError, Grade, Rubric, Scored, UnitFacts, UnitGrades};
use std::collections::HashMap;

/// Each unit's total grade after quotas, by its place in the file, and the units that could not
/// be graded.
type Grades = (Vec<Option<Grade>>, HashMap<usize, EvalError>);

/// What the units are scored with, gathered from the whole file before.
pub(crate) struct Given {
    /// The file's cohort, when the rules compare units.
    cohort: Option<Cohort>,
    /// With quotas: each unit's total grade after quotas, by its place in the file, and the units
    /// that could not be graded.
    grades: Option<Grades>,
    /// The place in the file of the next batch's first unit.
    at: usize,
}

/// What the units of the file at `path` are scored with; `None` when there is nothing to gather
/// or a read fails (the caller then reads the file whole).
pub(crate) fn given(ui: &Ui, path: &str, rubric: &Rubric, grade: bool) -> Option<Given> {
    let cohort = crate::cmd::rank::stream::cohort(ui, path, rubric)?;
    let grades = match grade && rubric.has_quotas() {
        true => Some(grades(&ui.silent(), path, rubric, cohort.as_ref())?),
        false => None,
    };
    Some(Given { cohort, grades, at: 0 })
}

/// Each unit's total grade after quotas, by its place in the file, and the units that could not
/// be graded (a unit not scored has no grade and no error here).
fn grades(ui: &Ui, path: &str, rubric: &Rubric, cohort: Option<&Cohort>) -> Option<Grades> {
    let init = || (Vec::<UnitGrades>::new(), HashMap::<usize, EvalError>::new());
    let (before, errors) = passes::read(ui, path, rubric, 1024, false, init, |(before, errors), units| {
        let mut scored = scoring(rubric, cohort).units(units);
        let ok: Vec<bool> = scored.iter().map(|s| s.outcome.is_ok()).collect();
        let at = before.len();
        before.extend(rubric.grades_before_quotas(units, &mut scored, cohort));
        for (i, (s, ok)) in scored.into_iter().zip(ok).enumerate() {
            if let (Err(e), true) = (s.outcome, ok) {
                errors.insert(at + i, e);
            }
        }
    })?;
    Some((rubric.apply_quotas(before).into_iter().map(total).collect(), errors))
}

/// The total's grade among a unit's grades.
fn total(grades: Vec<(String, Grade)>) -> Option<Grade> {
    grades.into_iter().find(|(id, _)| id.is_empty()).map(|(_, g)| g)
}

/// A scoring request in `cohort`, numbers only.
fn scoring<'r>(rubric: &'r Rubric, cohort: Option<&'r Cohort>) -> rubric::Scoring<'r> {
    match cohort {
        Some(c) => rubric.scoring().in_cohort(c),
        None => rubric.scoring(),
    }
}

impl Given {
    /// Each unit of the next batch scored (in parallel) in the file's cohort, in input order,
    /// with the total's grade when `grade`: after the file's quotas, or of this batch alone
    /// when there are none. A unit that could not be graded gets the error as its outcome.
    pub(crate) fn scored(&self, rubric: &Rubric, batch: &[UnitFacts], grade: bool) -> Vec<(Scored, Option<Grade>)> {
        let mut scored = scoring(rubric, self.cohort.as_ref()).units(batch);
        let mut grades: Vec<Option<Grade>> = match (&self.grades, grade) {
            (_, false) => Vec::new(),
            (Some((all, errors)), true) => scored
                .iter_mut()
                .enumerate()
                .map(|(i, s)| match errors.get(&(self.at + i)) {
                    Some(e) => {
                        s.outcome = Err(e.clone());
                        None
                    }
                    None => all.get(self.at + i).cloned().flatten(),
                })
                .collect(),
            (None, true) => {
                let before = rubric.grades_before_quotas(batch, &mut scored, self.cohort.as_ref());
                rubric.apply_quotas(before).into_iter().map(total).collect()
            }
        };
        grades.resize(scored.len(), None);
        scored.into_iter().zip(grades).collect()
    }

    /// Moves past a batch of `units` units.
    pub(crate) fn advance(&mut self, units: usize) {
        self.at += units;
    }
}
