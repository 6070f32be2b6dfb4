//! What the rules read: the slots of a node's rules, and the facts behind them through derived
//! values and cohort figures.

use crate::plan::{NodeDef, Plan, RuleDef};

/// The slots read by a node's rules.
pub(crate) fn rule_reads(n: &NodeDef) -> Vec<usize> {
    let mut out = Vec::new();
    for r in &n.rules {
        match r {
            RuleDef::Band(b) => out.extend(b.subject.reads.iter()),
            RuleDef::Award(a) | RuleDef::Deduct(a) | RuleDef::Bonus(a) => {
                for e in [Some(&a.amount), a.per.as_ref(), a.when.as_ref(), a.max.as_ref()].into_iter().flatten() {
                    out.extend(e.reads.iter());
                }
            }
            RuleDef::Score(s) => out.extend(s.reads.iter()),
            RuleDef::Judged(j) => out.push(j.slot),
            RuleDef::Zero(c) | RuleDef::Veto(c) | RuleDef::CapWhen(crate::plan::CapWhenDef { cond: c, .. }) => {
                out.extend(c.cond.reads.iter())
            }
        }
    }
    // A maximum that depends on the unit reads its cases' conditions first (`eval/cases`).
    for arm in n.max_case.iter().flat_map(|c| c.arms.iter()) {
        out.extend(arm.cond.reads.iter());
    }
    out
}

impl Plan {
    /// Whether a unit of this rubric may meet a 不适用 value: an optional fact, or a derived value
    /// with `on zero => 不适用`.
    pub fn has_na(&self) -> bool {
        self.facts.iter().any(|f| f.optional) || self.lets.iter().any(|l| l.na_on_zero)
    }

    /// Which slots (facts and derived values) are read, directly or through derived values,
    /// starting from the slots given.
    pub(crate) fn slots_read(&self, start: impl Iterator<Item = usize>) -> Vec<bool> {
        let base = self.facts.len();
        let mut read = vec![false; base + self.lets.len()];
        let mut stack: Vec<usize> = start.collect();
        while let Some(s) = stack.pop() {
            match read.get_mut(s) {
                Some(m) if !*m => *m = true,
                _ => continue,
            }
            if s >= base
                && let Some(l) = self.lets.get(s - base)
            {
                stack.extend(l.reads.iter().copied());
            }
        }
        read
    }
}

/// The facts a test does not give that the rows it expects read for every unit, each with those rows (by
/// index), when the test scores rows: a test that expects an error may leave a fact out on
/// purpose. `given` are the names given; `mask` the rows scored.
pub(crate) fn not_given(r: &Plan, given: &[&str], mask: &[bool]) -> Vec<(usize, Vec<usize>)> {
    let mut out: Vec<(usize, Vec<usize>)> = Vec::new();
    // The mask has one mark per node (made from the nodes).
    for ((i, n), _) in r.nodes.iter().enumerate().zip(mask).filter(|(_, m)| **m) {
        if n.rules.is_empty() {
            continue;
        }
        // The facts read, through derived values and the values cohort figures compare.
        let mut read = vec![false; r.facts.len() + r.lets.len()];
        // Only what the rows read whatever the values: a fact read on a branch not taken
        // need not be given (issue 16).
        let mut stack = crate::plan::surely::surely_read(n);
        while let Some(s) = stack.pop() {
            if let Some(k) = crate::plan::cohort_read(s) {
                stack.extend(r.cohorts.get(k).map(|c| c.reads.clone()).unwrap_or_default());
                continue;
            }
            match read.get_mut(s) {
                Some(m) if !*m => *m = true,
                _ => continue,
            }
            if let Some(l) = s.checked_sub(r.facts.len()) {
                stack.extend(crate::plan::surely::surely_read_let(r, l));
            }
        }
        for ((slot, f), _) in r.facts.iter().enumerate().zip(&read).filter(|(_, m)| **m) {
            if !given.contains(&f.name.as_str()) {
                match out.iter_mut().find(|(s, _)| *s == slot) {
                    Some((_, rows)) => rows.push(i),
                    None => out.push((slot, vec![i])),
                }
            }
        }
    }
    out
}
