//! Values computed only where they are read (issue 16): a derived value whose computation
//! fails, and a fact the unit does not give, are errors only when a rule that is evaluated
//! reads them; the error is then the one scoring gave before (the derived value's own error,
//! or the unit's missing facts, all of them at once).

use crate::eval::{Bound, Env, EvalError, Fail};
use crate::facts::error::{MissingFact, UnitFactsError};
use crate::facts::{FactProblem, FactsError};

/// The error of a derived value that could not be computed, kept until something reads it.
#[derive(Debug, Clone)]
pub(crate) struct Failed(pub(crate) Box<EvalError>);

impl PartialEq for Failed {
    // Two failures are the same when they say the same (an error has no other equality).
    fn eq(&self, other: &Self) -> bool {
        self.0.to_string() == other.0.to_string()
    }
}

impl Eq for Failed {}

/// The facts a unit does not give that the rubric's rules read, and the error of reading one:
/// the missing-facts error naming all of them (`rubric::missing-fact`).
#[derive(Debug, Clone)]
pub(crate) struct Missing {
    /// The slots of the facts not given, in slot order.
    pub(crate) slots: Vec<usize>,
    /// The facts' names, in slot order.
    pub(crate) names: Vec<String>,
    pub(crate) error: EvalError,
}

impl PartialEq for Missing {
    // The error is made from the unit, the rubric and the slots alone.
    fn eq(&self, other: &Self) -> bool {
        self.slots == other.slots
    }
}

impl Eq for Missing {}

impl Missing {
    /// The missing facts `problems` (every one a [`FactProblem::Missing`]) of unit `unit`, at slots `slots`.
    pub(crate) fn new(unit: &str, slots: Vec<usize>, problems: Vec<MissingFact>) -> Self {
        let names = problems.iter().map(|p| p.fact.clone()).collect();
        let problems = problems.into_iter().map(FactProblem::Missing).collect();
        let error = EvalError::Facts(FactsError::Unit(UnitFactsError { unit: unit.to_string(), problems }));
        Missing { slots, names, error }
    }
}

/// What reading a slot without a value fails with: the unit's missing facts, a derived value's
/// own failure, or (neither: a bug) a value that was not there.
#[derive(Debug, Clone, Copy, Default)]
pub(crate) struct Pending<'a> {
    pub(crate) missing: Option<&'a Missing>,
    pub(crate) lets: &'a [Option<Failed>],
}

impl Env<'_> {
    /// Why slot `s` has no value.
    #[inline(never)]
    pub(crate) fn unset(&self, s: usize) -> Fail {
        let error = match s.checked_sub(self.facts.len()) {
            None => self.pending.missing.filter(|m| m.slots.contains(&s)).map(|m| &m.error),
            Some(l) => self.pending.lets.get(l).and_then(Option::as_ref).map(|f| f.0.as_ref()),
        };
        error.map_or(Fail::Missing, |e| Fail::Unset(Box::new(e.clone())))
    }
}

impl<'a> Env<'a> {
    /// This place, where reading a derived value that failed gives its failure.
    pub(crate) fn failing(self, lets: &'a [Option<Failed>]) -> Self {
        Env { pending: Pending { lets, ..self.pending }, ..self }
    }
}

impl Bound {
    /// This bound unit, missing the facts `missing` that the rules read.
    pub(crate) fn missing(mut self, missing: Option<Missing>) -> Self {
        self.missing = missing.map(std::sync::Arc::new);
        self
    }

    /// The facts the rubric's rules read that the unit does not give, in the order declared.
    /// Such a unit still scores when no rule that is evaluated reads them (a fact read only on a
    /// branch not taken need not be given); reading one is the error naming them all.
    pub fn not_given(&self) -> &[String] {
        self.missing.as_deref().map_or(&[], |m| m.names.as_slice())
    }
}

/// The points or quantity of a line, `r`, or `None` when it could not be worked out for a line
/// whose condition does not hold (`applied` false): what it reads is on a branch not taken, so
/// its failure is no error. A step budget that ran out, a bug, and a 不适用 value (which makes
/// the row not applicable) stay errors.
pub(crate) fn if_taken<T>(r: Result<T, Box<EvalError>>, applied: bool) -> Result<Option<T>, Box<EvalError>> {
    match r {
        Ok(v) => Ok(Some(v)),
        Err(e) if !applied && !eager(&e) && !matches!(*e, EvalError::NotApplicable(_)) => Ok(None),
        Err(e) => Err(e),
    }
}

impl<T: crate::eval::Tracer> crate::eval::general::Cx<'_, T> {
    /// The points of a `judged` line: its fact's value; a fact not given is the unit's error.
    pub(crate) fn judged(&self, j: &crate::plan::JudgedDef) -> Result<crate::plan::exact::Q, Box<EvalError>> {
        match self.env.slot(j.slot) {
            Some(v) => v.num().ok_or_else(|| self.overflow(&j.name)),
            None => Err(Box::new(self.rubric.fail(self.unit, &j.name, 0, self.env.unset(j.slot)))),
        }
    }
}

/// Whether a derived value's failure `e` stops scoring now rather than when the value is read:
/// a step budget that ran out, or a bug.
pub(crate) fn eager(e: &EvalError) -> bool {
    matches!(e, EvalError::StepBudget(_) | EvalError::Internal(_))
}
