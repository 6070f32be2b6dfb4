//! Grade quotas in a `test` of several units (issue 17): the units are scored together, so the
//! rubric's quotas (等次比例) apply among them as they do for `rank` and `score`, and `expect
//! grade` sees the grade after them; a check whose grade a quota moved says so.

use super::testing::{CheckOutcome, failure};
use crate::eval::grades::Graded;
use crate::eval::trace::Trace;
use crate::eval::{EvalError, Rubric};
use crate::plan::{ExpectDef, Target};
use crate::report::grades::{Grade, GradeWhy};

impl Rubric {
    /// Each unit's grades after the quotas among the test's units (`None` for a unit that could
    /// not be scored or graded, which takes no part, as in [`Rubric::grade_batch`]); `None` when
    /// the rubric has no quota.
    pub(super) fn test_grades(&self, results: &[Result<Trace, EvalError>]) -> Option<Vec<Result<Vec<Graded>, String>>> {
        if self.grades.iter().all(|g| g.quotas.is_empty()) {
            return None;
        }
        let graded: Vec<Result<Vec<Graded>, String>> = results
            .iter()
            .map(|r| r.as_ref().map_err(failure).and_then(|t| t.graded(self).map_err(|e| failure(&e))))
            .collect();
        let mut all: Vec<Option<Vec<Graded>>> = graded.iter().map(|g| g.as_ref().ok().cloned()).collect();
        for g in &self.grades {
            crate::analysis::quota::apply(g, &mut all);
        }
        Some(
            graded
                .into_iter()
                .zip(all)
                .map(|(g, q)| match (g, q) {
                    (Ok(_), Some(q)) => Ok(q),
                    (Ok(_), None) => Ok(Vec::new()),
                    (Err(e), _) => Err(e),
                })
                .collect(),
        )
    }

    /// `check`, an `expect grade` already compared before quotas, compared again with the grade
    /// after them; its `actual` says when a quota moved the grade.
    pub(super) fn quota_check(&self, e: &ExpectDef, graded: &Result<Vec<Graded>, String>, check: &mut CheckOutcome) {
        let Target::Grade(i, name) = &e.target else { return };
        let got = graded.as_ref().map(|g| g.iter().find(|x| x.0 == *i).map(|x| &x.2));
        let (actual, passed) = match got {
            Ok(Some(g)) => (said(g), &g.name == name),
            Ok(None) => (super::testing::NOT_SCORED.to_string(), false),
            Err(e) => (e.clone(), false),
        };
        check.actual = actual;
        check.passed = passed;
    }
}

/// A grade as a check shows it: its name, and, when a quota moved it, from which grade and why.
fn said(g: &Grade) -> String {
    match &g.why {
        GradeWhy::Quota { from, quota, allowed, of, place, .. } => format!(
            "{} (a quota moved it from {from}: `quota {from} {quota}` allows {allowed} of the {of} units; this unit is placed {place})",
            g.name
        ),
        _ => g.name.clone(),
    }
}
