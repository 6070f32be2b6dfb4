//! A rubric's periods in the plan: which rows each period scores, each period's maxima and the
//! weighted maximum, and the copy of the plan a period is scored on (built once, when the rubric
//! is loaded: `eval::Rubric`).

use crate::plan::{Kind, NodeDef, Nodes, PeriodDef, Plan};
use rust_decimal::Decimal;
use std::collections::HashMap;

/// Fills each period's node mask: a node is in a period when its parent is and its own `only`
/// (if any) names the period.
pub(crate) fn masks(
    mut periods: Vec<PeriodDef>,
    nodes: &[NodeDef],
    only: &HashMap<usize, Vec<usize>>,
) -> Vec<PeriodDef> {
    for (p, def) in periods.iter_mut().enumerate() {
        let mut mask = vec![false; nodes.len()];
        if let Some(m) = mask.first_mut() {
            *m = true;
        }
        for (i, n) in nodes.iter().enumerate() {
            // `i` is within the mask (one mark per node); a parent's mark is set before its
            // children are read, as every child comes after its parent.
            let on = mask.get(i).copied().unwrap_or(false);
            for &c in &n.children {
                let own = only.get(&c).is_none_or(|set| set.contains(&p));
                if let Some(m) = mask.get_mut(c) {
                    *m = on && own;
                }
            }
        }
        def.nodes = mask;
    }
    periods
}

impl Plan {
    /// Σ weight × period maximum, or `None` for a rubric without periods (or on overflow).
    pub fn period_max(&self) -> Option<Decimal> {
        if self.periods.is_empty() {
            return None;
        }
        let mut total = Decimal::ZERO;
        for p in &self.periods {
            total = total.checked_add(p.weight.checked_mul(self.period_root_max(p))?)?;
        }
        Some(total.normalize())
    }

    /// The most a unit can get in one period: the sum of the period's rows.
    pub(crate) fn period_root_max(&self, def: &PeriodDef) -> Decimal {
        // Unreachable default: a plan has its root (`plan::Nodes`), which is in every period.
        self.period_maxima(def).first().copied().flatten().unwrap_or_default()
    }

    /// For each node of the plan, its maximum in the period, if it is scored in it: an item keeps
    /// its own; a group or section scored with only some of its rows gives at most their sum; the
    /// rubric's is always the sum of its rows in the period (its declared maximum is the weighted
    /// total over the periods).
    fn period_maxima(&self, def: &PeriodDef) -> Vec<Option<Decimal>> {
        // The root is in every period.
        let mut max: Vec<Option<Decimal>> = self
            .nodes
            .iter()
            .zip(&def.nodes)
            .enumerate()
            .map(|(i, (n, on))| (i == 0 || *on).then_some(n.max))
            .collect();
        // Children before parents: every child comes after its parent.
        for (i, n) in self.nodes.iter().enumerate().rev() {
            if n.kind == Kind::Item || max.get(i).copied().flatten().is_none() {
                continue;
            }
            let sum = n
                .children
                .iter()
                .filter_map(|&c| max.get(c).copied().flatten())
                .fold(Decimal::ZERO, |a, m| a.saturating_add(m));
            let full_sum = n
                .children
                .iter()
                .filter_map(|&c| self.nodes.get(c))
                .fold(Decimal::ZERO, |a, c| a.saturating_add(c.max));
            let root = n.kind == Kind::Rubric;
            if !root && sum == full_sum {
                continue;
            }
            if let Some(m) = max.get_mut(i) {
                *m = Some(if root { sum } else { n.max.min(sum) });
            }
        }
        max
    }

    /// Which facts and derived values the rules of the period's rows read.
    pub(crate) fn period_reads(&self, def: &PeriodDef) -> Vec<bool> {
        let nodes = self.nodes.iter().zip(&def.nodes).filter(|(_, on)| **on).map(|(n, _)| n);
        self.slots_read(nodes.flat_map(crate::plan::reads::rule_reads))
    }

    /// The copy of the plan holding only the period's rows, with their maxima in the period, and
    /// for each node of the whole plan its index in that copy. Built once per period, when the
    /// rubric is loaded.
    pub(crate) fn period_plan(&self, def: &PeriodDef) -> (Plan, Vec<Option<usize>>) {
        let mut index = vec![None; self.nodes.len()];
        // The period's mask has one mark per node (`masks`); the root is in every period.
        let kept = index.iter_mut().zip(&def.nodes).enumerate().filter(|(i, (_, m))| *i == 0 || **m);
        for (next, (_, (slot, _))) in kept.enumerate() {
            *slot = Some(next);
        }
        let maxima = self.period_maxima(def);
        let copy = |n: &NodeDef, max: Decimal| {
            let mut n = n.clone();
            n.children = n.children.iter().filter_map(|&c| index.get(c).copied().flatten()).collect();
            if n.cap == Some(n.max) {
                n.cap = Some(max);
            }
            n.max = max;
            n
        };
        // The root is in every period, worth the sum of its rows there.
        let mut nodes = Nodes::new(copy(self.root(), self.period_root_max(def)));
        for (n, max) in self.nodes.iter().zip(maxima).skip(1) {
            let Some(max) = max else { continue };
            nodes.push(copy(n, max));
        }
        let read = self.period_reads(def);
        let mut facts = self.facts.clone();
        // `read` has a mark for every fact and derived value.
        for (f, r) in facts.iter_mut().zip(&read) {
            f.used = *r;
        }
        let rubric = Plan {
            title: self.title.clone(),
            year: self.year,
            facts,
            lets: self.lets.clone(),
            max: nodes.root().max,
            nodes,
            cohorts: self.cohorts.clone(),
            tests: Vec::new(),
            sources: self.sources.clone(),
            periods: Vec::new(),
            // Grades are of the whole rubric's scores, not of a period's.
            grades: Vec::new(),
            calendars: self.calendars.clone(),
            refs: Vec::new(),
            order: Vec::new(),
            // A rubric in periods has no maxima that depend on the unit (the checker refuses them).
            cases: Vec::new(),
        };
        let mut rubric = rubric;
        rubric.refs = self.refs.iter().map(|r| period_ref(r, &index)).collect();
        // The checker refused a node read from one scored in other periods, and a cycle.
        rubric.order = crate::plan::refs::order(&rubric.nodes, &rubric.refs).unwrap_or_default();
        (rubric, index)
    }
}

/// A node reference in a period's copy of the plan: its nodes by their index there. A reference
/// read by a node the period does not score is never read: it keeps no node that reads it.
fn period_ref(r: &crate::plan::refs::RefDef, index: &[Option<usize>]) -> crate::plan::refs::RefDef {
    let at = |i: usize| index.get(i).copied().flatten();
    let mut r = r.clone();
    match (r.from.and_then(at), at(r.node)) {
        (Some(from), Some(node)) => {
            r.from = Some(from);
            r.node = node;
        }
        _ => r.from = None,
    }
    r
}
