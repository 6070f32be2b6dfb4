//! The buffers a unit is scored in, reused from unit to unit so that scoring allocates nothing.

use crate::eval::{Engine, NodeVal};
use crate::plan::exact::{Q, V};
use crate::value::Value;
use rust_decimal::Decimal;

/// Reusable buffers for scoring: derived values, which of them took their `on zero` value, and
/// the nodes' results. Reusing them across units makes scoring allocation-free.
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub(crate) struct Work {
    pub(crate) lets: Vec<Option<V>>,
    /// The unit's cohort figures, and its own value of each (for explanations).
    pub(crate) cohort: Vec<Option<V>>,
    pub(crate) own: Vec<Option<V>>,
    /// For each cohort figure, whether the unit meets its subset's condition (`among`).
    pub(crate) member: Vec<bool>,
    pub(crate) by_policy: Vec<bool>,
    pub(crate) nodes: Vec<NodeVal>,
    /// When the whole-number program scored the unit: the scale of `ints`, which then hold
    /// every node's score in place of `nodes` (there is no bonus), and the nodes zeroed
    /// (`false`) or vetoed (`true`).
    pub(crate) fixed: Option<u32>,
    pub(crate) ints: Vec<i64>,
    pub(crate) zeroings: Vec<(u32, bool)>,
    /// The engine that scored the unit.
    pub(crate) engine: Engine,
    /// The failure of each derived value that could not be computed, given to what reads it.
    pub(crate) failed: Vec<Option<crate::eval::lazy::Failed>>,
}

impl Work {
    /// Empties the buffers and sizes them for `plan`: no derived value, figure or node scored.
    pub(crate) fn reset(&mut self, plan: &crate::plan::Plan) {
        self.lets.clear();
        self.lets.resize(plan.lets.len(), None);
        self.by_policy.clear();
        self.by_policy.resize(plan.lets.len(), false);
        self.nodes.clear();
        self.nodes.resize(plan.nodes.len(), NodeVal::default());
        self.cohort.clear();
        self.cohort.resize(plan.cohorts.len(), None);
        self.own.clear();
        self.own.resize(plan.cohorts.len(), None);
    }

    /// How many nodes have a result: every node of the plan once a unit is scored.
    pub(crate) fn scored(&self) -> usize {
        if self.fixed.is_some() { self.ints.len() } else { self.nodes.len() }
    }

    /// Node `idx`'s result.
    pub(crate) fn node(&self, idx: usize) -> Option<NodeVal> {
        match self.fixed {
            // The scale is at most 6 (`fixed::MAX_SCALE`), so `Decimal::new` cannot fail.
            Some(scale) => self.ints.get(idx).map(|&v| {
                // In 64 bits without a gcd (`Q::scaled`), as `Q::dec` of the decimal.
                let d = Q::scaled(v, scale).unwrap_or_else(|| Q::dec(Decimal::new(v, scale)));
                let flag = |veto: bool| self.zeroings.iter().any(|&(n, v)| n as usize == idx && v == veto);
                // No rubric that reads a node is given the whole-number program, so nothing reads
                // `deducted` here.
                NodeVal {
                    score: d,
                    regular: d,
                    bonus: Q::ZERO,
                    zeroed: flag(false),
                    vetoed: flag(true),
                    deducted: Q::ZERO,
                    na: false,
                    left_out: false,
                    moved: false,
                }
            }),
            None => self.nodes.get(idx).copied(),
        }
    }
}

/// Reads one value in each cache line of a unit's facts, so that the lines scoring reads arrive
/// together instead of one miss at a time. In a batch the units' facts are seldom in cache, and
/// the program reads them in rule order, each read followed by arithmetic that hides no miss:
/// reading them first made a batch of 100,000 bound units of seed 000 twice as fast.
pub(crate) fn touch(facts: &[Option<Value>]) {
    let per_line = (64 / std::mem::size_of::<Option<Value>>()).max(1);
    let given = facts.iter().step_by(per_line).filter(|v| v.is_some()).count();
    std::hint::black_box(given);
}
