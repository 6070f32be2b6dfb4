//! Not applicable (不适用): each node gets the `not_applicable =>` in force (its own, else its
//! nearest ancestor's), and a row whose rules can read a 不适用 value (an optional fact, a derived
//! value with `on zero => 不适用`, or one computed from them) without one is reported
//! (`rubric::na-unstated`).

use super::compile::Compiler;
use crate::diag::codes::Code;
use crate::plan::reads::rule_reads;

impl Compiler {
    /// Hands each node the `not_applicable =>` in force and reports the rows that can be not
    /// applicable with none.
    pub(super) fn not_applicable(&mut self) {
        let base = self.facts.len();
        let mut can: Vec<bool> = self.facts.iter().map(|f| f.optional).collect();
        // Derived values come in evaluation order: a value reads only those before it.
        for l in &self.lets {
            let reads_na = l.reads.iter().any(|&r| can.get(r).copied().unwrap_or(false));
            can.push(l.na_on_zero || reads_na);
        }
        if !can.iter().any(|c| *c) && self.nodes.iter().all(|n| n.na.is_none()) {
            return;
        }
        let mut stack = vec![(0usize, None)];
        let mut seen = vec![false; self.nodes.len()];
        while let Some((i, inherited)) = stack.pop() {
            // A tree: each node is reached once; a second visit is a bug, never a loop.
            match seen.get_mut(i) {
                Some(s) if !*s => *s = true,
                _ => continue,
            }
            let Some(n) = self.nodes.get_mut(i) else { continue };
            if n.na.is_none() {
                n.na = inherited;
            }
            let here = n.na.clone();
            let first_na = rule_reads(n).into_iter().find(|&s| can.get(s).copied().unwrap_or(false));
            if let (Some(s), None) = (first_na, &here) {
                let name = match s.checked_sub(base) {
                    None => self.facts.get(s).map(|f| f.name.clone()),
                    Some(l) => self.lets.get(l).map(|l| l.name.clone()),
                };
                let id = if n.id.is_empty() { "the rubric".to_string() } else { n.id.clone() };
                let d = Code::NaUnstated.at(n.loc.file, n.loc.span).arg(id).arg(name.unwrap_or_default());
                self.report.push(d);
            }
            let children = n.children.clone();
            stack.extend(children.into_iter().map(|c| (c, here.clone())));
        }
    }
}
