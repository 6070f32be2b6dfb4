//! Where an explanation reads a unit's values again: its facts, records, derived values and
//! cohort figures as scoring left them, and the nodes scored.

use super::Trace;
use crate::eval::{Env, Meter, Rubric};

impl Trace {
    /// The values of this unit as scored, for working out again what a step read. A value that
    /// was not there (a fact not given, a derived value that failed) reads as no value.
    pub(super) fn place<'a>(&'a self, rubric: &'a Rubric, meter: &'a Meter) -> Env<'a> {
        Env {
            facts: &self.facts,
            lets: &self.work.lets,
            cohort: Some(&self.work.cohort),
            meter,
            lists: &self.lists,
            record: None,
            scored: Some(crate::eval::Scored::Done(&rubric.refs, &self.work.nodes)),
            cals: &rubric.calendars,
            pending: crate::eval::lazy::Pending::default(),
        }
    }

    /// The note of the facts the rules read that the unit did not give (none was read).
    pub(super) fn not_given(&self) -> Option<crate::report::breakdown::Step> {
        let m = self.missing.as_ref()?;
        Some(crate::report::breakdown::Step::NotGiven { facts: m.names.clone() })
    }
}
