//! Checks on facts read for a rubric, before anything is scored.

use rubric::{EvalError, Rubric, UnitFacts};

/// The error for facts that name a period when the rubric declares none: the first such unit.
pub fn stray_period(rubric: &Rubric, units: &[UnitFacts]) -> Option<EvalError> {
    if rubric.has_periods() {
        return None;
    }
    let r = units.iter().find(|r| r.period.is_some())?;
    Some(EvalError::PeriodFacts(rubric::errors::PeriodFactsError {
        unit: r.unit.clone(),
        message: format!(
            "facts for period `{}`, but the rubric declares no periods",
            r.period.as_deref().unwrap_or_default()
        ),
    }))
}
