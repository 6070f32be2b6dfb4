//! The one scoring order of a node (docs/language.md, "Scoring an item" and "Scoring a section,
//! group or the rubric"), as data: every engine walks [`ORDER`] instead of restating it.

use crate::plan::RuleDef;

/// One phase of scoring a node. A node's phases run in the order of [`ORDER`], whatever the
/// order of its lines in the rule file.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub(crate) enum Phase {
    /// The base: for an item, the sum of its `band`, `award`, `score` and `judged` lines (an
    /// item with none starts at its `max`); for a section, group or the rubric, the sum of its
    /// children's scores without their bonus (their bonus is carried to [`Phase::Bonus`]).
    Base,
    /// Each `deduct` line whose condition holds subtracts its points.
    Deduct,
    /// A score below the floor is raised to it (by default 0; for a parent with a part that
    /// may go below 0, the lower of 0 and the base).
    Floor,
    /// A score above the cap is lowered to it (by default the node's `max`).
    Cap,
    /// The children's bonus plus the node's own `bonus` lines.
    Bonus,
    /// The bonus is limited to `bonus_cap`.
    BonusCap,
    /// The total: the capped score plus the bonus.
    Total,
    /// Each `zero when` / `veto when` whose condition holds sets the total, bonus included, to 0;
    /// each `cap N when` whose condition holds lowers it to N (the two commute).
    Zero,
    /// `round N [mode]` rounds the total.
    Round,
}

/// The order of the phases of every node, the one place it is written.
pub(crate) const ORDER: [Phase; 9] = [
    Phase::Base,
    Phase::Deduct,
    Phase::Floor,
    Phase::Cap,
    Phase::Bonus,
    Phase::BonusCap,
    Phase::Total,
    Phase::Zero,
    Phase::Round,
];

impl Phase {
    /// The phase a rule line belongs to.
    pub(crate) fn of(rule: &RuleDef) -> Phase {
        match rule {
            RuleDef::Band(_) | RuleDef::Award(_) | RuleDef::Score(_) | RuleDef::Judged(_) => Phase::Base,
            RuleDef::Deduct(_) => Phase::Deduct,
            RuleDef::Bonus(_) => Phase::Bonus,
            RuleDef::Zero(_) | RuleDef::Veto(_) | RuleDef::CapWhen(_) => Phase::Zero,
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    /// Every phase appears once in the order.
    #[test]
    fn every_phase_once() {
        for p in ORDER {
            assert_eq!(ORDER.iter().filter(|q| **q == p).count(), 1, "{p:?}");
        }
    }
}
