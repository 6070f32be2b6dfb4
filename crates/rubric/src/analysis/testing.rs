//! Running the `test` blocks of a rule file: facts given, scores expected, exact comparison.

use crate::eval::EvalError;
use crate::eval::Rubric;
use crate::facts::error::UnitFactsError;
use crate::plan::{Target, TestDef};
use crate::value::show_num;
use serde::Serialize;

/// The outcome of one `test` block.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct TestOutcome {
    /// The test's name.
    pub name: String,
    /// One entry per `expect` line.
    pub checks: Vec<CheckOutcome>,
}

impl TestOutcome {
    /// Whether every expectation held.
    pub fn passed(&self) -> bool {
        self.checks.iter().all(|c| c.passed)
    }
}

/// One `expect` line compared with what the rules give.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct CheckOutcome {
    /// `total`, a node id, or `error`.
    pub target: String,
    /// What the test expects.
    pub expected: String,
    /// What the rules give.
    pub actual: String,
    /// Whether they agree.
    pub passed: bool,
    /// The line of the `expect`, 1-based.
    pub line: usize,
    /// The error scored instead of a value, which `actual` says in English
    /// ([`crate::render::Render::got`] says it in either language).
    #[serde(skip)]
    pub error: Option<GotError>,
}

/// The error a check got instead of a score. Two are equal when they say the same.
#[derive(Debug, Clone)]
pub struct GotError(pub Box<EvalError>);

impl PartialEq for GotError {
    fn eq(&self, other: &Self) -> bool {
        self.0.to_string() == other.0.to_string()
    }
}

impl Eq for GotError {}

/// The error of a check of `target` that got `err`: none for an `expect error`, which compares codes.
pub(crate) fn got_error(target: &Target, err: Option<&EvalError>) -> Option<GotError> {
    match target {
        Target::Error(_) => None,
        _ => err.map(|e| GotError(Box::new(e.clone()))),
    }
}

impl Rubric {
    /// Runs every test of the rule file.
    pub fn run_tests(&self) -> Vec<TestOutcome> {
        self.tests.iter().map(|t| self.run_test(t)).collect()
    }

    /// Runs one test. Only the rows a test expects are scored, so a test gives only the facts
    /// those rows read; `expect total` and `expect error` score the whole rubric.
    pub fn run_test(&self, t: &TestDef) -> TestOutcome {
        if !t.units.is_empty() {
            return self.run_unit_test(t);
        }
        if !self.periods.is_empty() {
            return self.run_period_test(t);
        }
        let whole = t.expects.iter().any(|e| !matches!(e.target, Target::Node(..)));
        let mut mask = vec![whole; self.nodes.len()];
        for e in &t.expects {
            if let Target::Node(i, _) = e.target {
                self.mark_scored(i, &mut mask);
            }
        }
        // A grade reads the node's score and the facts of its `when` and `bar` lines: the whole
        // unit is bound and scored.
        let result = if t.expects.iter().any(|e| matches!(e.target, Target::Grade(..))) {
            self.trace_whole(&t.facts)
        } else {
            self.trace_nodes(&t.facts, &mask)
        };
        let checks = t.expects.iter().map(|e| self.check(e, result.as_ref(), None, "")).collect();
        TestOutcome { name: t.name.clone(), checks }
    }

    /// A test of several units: every unit scored whole, together (the units are the cohort of
    /// rules that compare units), each unit's expectations checked, its rank among the units by
    /// total (ties share the place, as `rank` gives it).
    fn run_unit_test(&self, t: &TestDef) -> TestOutcome {
        let facts: Vec<crate::facts::UnitFacts> = t.units.iter().map(|u| u.facts.clone()).collect();
        let (bound, cohort) = self.bind_all(&facts);
        let results: Vec<Result<crate::eval::trace::Trace, EvalError>> =
            bound.into_iter().map(|b| b.and_then(|b| self.trace_with(&b, None, None, cohort.as_ref()))).collect();
        let totals: Vec<Option<rust_decimal::Decimal>> =
            results.iter().map(|r| r.as_ref().ok().and_then(|d| d.node_score(0))).collect();
        let mut checks: Vec<CheckOutcome> = Vec::new();
        let quotas = self.test_grades(&results);
        for (k, ((u, result), total)) in t.units.iter().zip(&results).zip(&totals).enumerate() {
            // The place among the units that scored: 1 + the number with a higher total.
            let place = total.map(|mine| 1 + totals.iter().flatten().filter(|o| **o > mine).count());
            let prefix = format!("{}: ", u.facts.unit);
            for e in &u.expects {
                let mut c = self.check(e, result.as_ref(), place, &prefix);
                // A grade is compared after the quotas among the test's units.
                if let Some(g) = quotas.as_ref().and_then(|q| q.get(k)) {
                    self.quota_check(e, g, &mut c);
                }
                checks.push(c);
            }
        }
        checks.sort_by_key(|c| c.line);
        TestOutcome { name: t.name.clone(), checks }
    }

    /// One expectation against a result (and the unit's place among a test's units), its target
    /// named after `prefix` (the unit, in a test of several).
    fn check(
        &self,
        e: &crate::plan::ExpectDef,
        result: Result<&crate::eval::trace::Trace, &EvalError>,
        place: Option<usize>,
        prefix: &str,
    ) -> CheckOutcome {
        let (target, expected, actual, passed) = match (&e.target, result) {
            (Target::Error(code), Err(err)) => {
                let codes = error_codes(err);
                let passed = codes.iter().any(|c| c == code);
                ("error".to_string(), code.clone(), codes.join(", "), passed)
            }
            (Target::Error(code), Ok(_)) => ("error".into(), code.clone(), "scored without error".into(), false),
            (target, Err(err)) => {
                let what = match target {
                    Target::Node(i, _) => self.node_id(*i),
                    Target::Rank(_) => "rank".into(),
                    Target::Grade(i, _) => crate::analysis::periods::grade_target(self, *i),
                    _ => "total".into(),
                };
                let expected = match target {
                    Target::Node(_, v) | Target::Total(v) => show_num(*v),
                    Target::Error(c) | Target::Grade(_, c) => c.clone(),
                    Target::Rank(p) => p.to_string(),
                };
                (what, expected, failure(err), false)
            }
            (Target::Total(v), Ok(done)) => {
                let got = done.node_score(0);
                (
                    "total".into(),
                    show_num(*v),
                    got.map_or_else(|| NOT_SCORED.into(), show_num),
                    got == Some(v.normalize()),
                )
            }
            (Target::Node(i, v), Ok(done)) => {
                let got = done.node_score(*i);
                let actual = got.map_or_else(|| NOT_SCORED.into(), show_num);
                (self.node_id(*i), show_num(*v), actual, got == Some(v.normalize()))
            }
            (Target::Grade(i, name), Ok(done)) => {
                let got = done.grades(self).map(|g| {
                    let id = self.node_id_of(*i);
                    g.into_iter().find(|(n, _)| *n == id).map(|(_, g)| g.name)
                });
                let actual = match &got {
                    Ok(Some(g)) => g.clone(),
                    Ok(None) => NOT_SCORED.into(),
                    Err(e) => failure(e),
                };
                let passed = matches!(&got, Ok(Some(g)) if g == name);
                (crate::analysis::periods::grade_target(self, *i), name.clone(), actual, passed)
            }
            (Target::Rank(p), Ok(_)) => {
                let actual = place.map_or_else(|| RANK_ALONE.into(), |g| g.to_string());
                ("rank".into(), p.to_string(), actual, place == usize::try_from(*p).ok())
            }
        };
        // The line only orders and places the check in the report; it decides nothing.
        let line = self
            .sources
            .get(e.loc.file)
            .map(|f| f.text.get(..e.loc.span.start).map_or(0, |s| s.matches('\n').count()) + 1)
            .unwrap_or(0);
        let error = got_error(&e.target, result.err());
        CheckOutcome { target: format!("{prefix}{target}"), expected, actual, passed, line, error }
    }
}

impl Rubric {
    /// Binds and traces a test's whole unit (alone, or in a cohort of itself).
    fn trace_whole(&self, facts: &crate::facts::UnitFacts) -> Result<crate::eval::trace::Trace, EvalError> {
        let bound = self.bind(facts)?;
        let cohort = self.is_cohort().then(|| self.cohort(std::slice::from_ref(&bound)));
        self.trace_with(&bound, None, None, cohort.as_ref())
    }
}

/// What a test got instead of a score: the error, with every problem of the unit's facts
/// named (each missing or bad fact, and the rows that read it).
pub fn failure(e: &EvalError) -> String {
    match e {
        EvalError::Facts(crate::facts::FactsError::Unit(UnitFactsError { problems, .. })) if !problems.is_empty() => {
            let each: Vec<String> = problems.iter().map(ToString::to_string).collect();
            format!("error: {}", each.join("; "))
        }
        other => format!("error: {other}"),
    }
}

/// The code of an error and of every problem inside it.
pub(crate) fn error_codes(e: &crate::eval::EvalError) -> Vec<String> {
    use miette::Diagnostic;
    let mut out: Vec<String> = e.code().map(|c| c.to_string()).into_iter().collect();
    if let Some(related) = e.related() {
        for r in related {
            if let Some(c) = r.code() {
                out.push(c.to_string());
            }
        }
    }
    out
}

/// What a check shows as the actual value of a row that its test asked for but that was not
/// scored: the check fails, and says why.
pub(crate) const NOT_SCORED: &str = "internal error: the row was not scored";

/// What a check of a rank shows where there is no place: the unit did not score, or (which the
/// checker prevents) the rank was asked of a test without units.
pub(crate) const RANK_ALONE: &str = "no place: the unit was not scored among the test's units";

impl Rubric {
    /// The id of the row a check names, or what went wrong: the check fails either way.
    pub(crate) fn node_id(&self, i: usize) -> String {
        self.nodes.get(i).map_or_else(|| "internal error: no such row".into(), |n| n.id.clone())
    }
}
