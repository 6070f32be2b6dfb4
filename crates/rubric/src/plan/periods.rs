//! A rubric's periods in the plan: which rows each period scores, the copy of the plan a period
//! is scored on, and the weighted maximum.

use crate::plan::{Kind, NodeDef, Nodes, PeriodDef, Plan};
use rust_decimal::Decimal;
use std::collections::HashMap;

/// A period with the copy of the plan it is scored on.
pub(crate) struct PeriodPart {
    /// The period.
    pub(crate) def: PeriodDef,
    /// The plan with only the rows of this period; non-item maxima are the sums of their rows
    /// in the period.
    pub(crate) rubric: Plan,
    /// For each node of the whole plan, its index in `rubric`, if it is scored in the period.
    pub(crate) index: Vec<Option<usize>>,
}

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
    /// Each period with the copy of the plan holding only its rows, and for each node of the
    /// whole plan its index in that copy; empty for a rubric without periods.
    pub(crate) fn period_parts(&self) -> Vec<PeriodPart> {
        self.periods.iter().map(|p| self.period_part(p)).collect()
    }

    /// Σ weight × period maximum, or `None` for a rubric without periods (or on overflow).
    pub fn period_max(&self) -> Option<Decimal> {
        if self.periods.is_empty() {
            return None;
        }
        let mut total = Decimal::ZERO;
        for p in self.period_parts() {
            total = total.checked_add(p.def.weight.checked_mul(p.rubric.root().max)?)?;
        }
        Some(total.normalize())
    }

    fn period_part(&self, def: &PeriodDef) -> PeriodPart {
        let mut index = vec![None; self.nodes.len()];
        // The period's mask has one mark per node (`masks`); the root is in every period.
        let kept = index.iter_mut().zip(&def.nodes).enumerate().filter(|(i, (_, m))| *i == 0 || **m);
        for (next, (_, (slot, _))) in kept.enumerate() {
            *slot = Some(next);
        }
        let full_sum = |n: &NodeDef| {
            n.children.iter().filter_map(|&c| self.nodes.get(c)).fold(Decimal::ZERO, |a, c| a.saturating_add(c.max))
        };
        let copy = |n: &NodeDef| {
            let mut n = n.clone();
            n.children = n.children.iter().filter_map(|&c| index.get(c).copied().flatten()).collect();
            n
        };
        let mut nodes = Nodes::new(copy(self.root()));
        let mut full_sums: Vec<Decimal> = vec![full_sum(self.root())];
        for (i, n) in self.nodes.iter().enumerate().skip(1) {
            if index.get(i).copied().flatten().is_none() {
                continue;
            }
            nodes.push(copy(n));
            full_sums.push(full_sum(n));
        }
        // Maxima from the rows kept, children before parents.
        for i in (0..nodes.len()).rev() {
            let Some(n) = nodes.get(i) else { continue };
            if n.kind == Kind::Item {
                continue;
            }
            let sum =
                n.children.iter().filter_map(|&c| nodes.get(c)).fold(Decimal::ZERO, |a, c| a.saturating_add(c.max));
            // The rubric's own declared maximum is the weighted total over the periods, so a
            // period's maximum is always the sum of its rows.
            let root = n.kind == Kind::Rubric;
            if !root && Some(&sum) == full_sums.get(i) {
                continue;
            }
            if let Some(n) = nodes.get_mut(i) {
                let new = if root { sum } else { n.max.min(sum) };
                if n.cap == Some(n.max) {
                    n.cap = Some(new);
                }
                n.max = new;
            }
        }
        let mut rubric = Plan {
            title: self.title.clone(),
            year: self.year,
            facts: self.facts.clone(),
            lets: self.lets.clone(),
            max: nodes.root().max,
            nodes,
            cohorts: self.cohorts.clone(),
            tests: Vec::new(),
            sources: self.sources.clone(),
            periods: Vec::new(),
        };
        let read = rubric.slots_read(rubric.nodes.iter().flat_map(crate::plan::reads::rule_reads));
        // `read` has a mark for every fact and derived value.
        for (f, r) in rubric.facts.iter_mut().zip(&read) {
            f.used = *r;
        }
        PeriodPart { def: def.clone(), rubric, index }
    }
}
