//! The steps of points that move (计入) in words' data: the row whose points went ("其分值 2 分
//! 计入 三.2") and the row that took them, with its maximum as scored for the unit.

use super::Trace;
use crate::eval::Rubric;
use crate::eval::moved::{moved_from, moved_in};
use crate::plan::NodeDef;
use crate::plan::exact::Q;
use crate::report::breakdown::{MovedIn, NotApplied, Step};
use rust_decimal::Decimal;

impl Trace {
    /// Node `n`'s maximum for this unit: its own, grown by the points moved into it.
    pub(super) fn max_for(&self, rubric: &Rubric, n: &NodeDef) -> Decimal {
        moved_in(rubric, n, |j| self.work.node(j)).ok().and_then(|m| Q::dec(n.max).add(m).ok()).map_or(n.max, Q::to_dec)
    }

    /// The step of a row not applicable that scores its maximum, grown by the points moved into
    /// it (`full`), or is left out (`rescale`).
    pub(super) fn not_applied(&self, rubric: &Rubric, n: &NodeDef, slot: Option<u32>, full: bool) -> Step {
        Step::NotApplicable(NotApplied {
            value: slot.map(|s| rubric.slot_name(s as usize)),
            how: if full { "full" } else { "rescale" }.to_string(),
            label: n.na.as_ref().and_then(|d| d.label.clone()),
            max: self.max_for(rubric, n),
            to: None,
        })
    }

    /// The step of a row not applicable whose points went to another row.
    pub(super) fn moved_out(&self, rubric: &Rubric, n: &NodeDef, slot: Option<u32>) -> Step {
        Step::NotApplicable(NotApplied {
            value: slot.map(|s| rubric.slot_name(s as usize)),
            how: "move".to_string(),
            label: n.na.as_ref().and_then(|d| d.label.clone()),
            max: n.max,
            to: n.na.as_ref().and_then(|d| d.to.clone()),
        })
    }

    /// The step of a row that took points: its score before × (max + moved) ÷ max = after.
    pub(super) fn moved_in(&self, rubric: &Rubric, n: &NodeDef, [before, moved, max, after]: [Q; 4]) -> Step {
        Step::MovedIn(MovedIn {
            from: moved_from(rubric, n, |j| self.work.node(j)),
            to: n.id.clone(),
            moved: moved.to_dec(),
            max: max.to_dec(),
            before: before.to_dec(),
            after: after.to_dec(),
        })
    }
}
