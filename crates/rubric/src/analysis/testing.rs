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
        let result = self.trace_nodes(&t.facts, &mask);
        // The line only orders and places the check in the report; it decides nothing.
        let line = |e: &crate::plan::ExpectDef| {
            self.sources
                .get(e.loc.file)
                .map(|f| f.text.get(..e.loc.span.start).map_or(0, |s| s.matches('\n').count()) + 1)
                .unwrap_or(0)
        };
        let checks = t
            .expects
            .iter()
            .map(|e| {
                let (target, expected, actual, passed) = match (&e.target, &result) {
                    (Target::Error(code), Err(err)) => {
                        let codes = error_codes(err);
                        let passed = codes.iter().any(|c| c == code);
                        ("error".to_string(), code.clone(), codes.join(", "), passed)
                    }
                    (Target::Error(code), Ok(_)) => {
                        ("error".into(), code.clone(), "scored without error".into(), false)
                    }
                    (target, Err(err)) => {
                        let what = match target {
                            Target::Node(i, _) => self.node_id(*i),
                            _ => "total".into(),
                        };
                        let expected = match target {
                            Target::Node(_, v) | Target::Total(v) => show_num(*v),
                            Target::Error(c) => c.clone(),
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
                };
                let error = got_error(&e.target, result.as_ref().err());
                CheckOutcome { target, expected, actual, passed, line: line(e), error }
            })
            .collect();
        TestOutcome { name: t.name.clone(), checks }
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

impl Rubric {
    /// The id of the row a check names, or what went wrong: the check fails either way.
    pub(crate) fn node_id(&self, i: usize) -> String {
        self.nodes.get(i).map_or_else(|| "internal error: no such row".into(), |n| n.id.clone())
    }
}
