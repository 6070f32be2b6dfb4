//! Cohort figures over row scores (`average(points(三.2) among 开展)`): which figures compare
//! rows' scores, the node references their values read, and the rows scored for every unit
//! before those figures (stratum 0), which must not read such a figure themselves.

use crate::plan::{CExpr, Plan, cohort_read, reads::rule_reads};

/// The node references (indices into `Plan::refs`) an expression reads.
pub(crate) fn node_refs(e: &CExpr, out: &mut Vec<usize>) {
    let mut stack = vec![e];
    while let Some(e) = stack.pop() {
        match e {
            CExpr::Node(k) => out.push(*k),
            CExpr::Unary(_, a) => stack.push(a),
            CExpr::Binary(_, a, b, _) => stack.extend([a.as_ref(), b.as_ref()]),
            CExpr::Call(_, args) => stack.extend(args.iter()),
            CExpr::If(c, a, b) => stack.extend([c.as_ref(), a.as_ref(), b.as_ref()]),
            CExpr::Agg(a) => stack.extend(a.filter.iter().chain(a.arg.iter()).chain(a.default.iter())),
            CExpr::Const(_) | CExpr::Slot(_) | CExpr::Cohort(_) => {}
        }
    }
}

impl Plan {
    /// Whether cohort figure `k` compares rows' scores (its value reads `points(…)`).
    pub(crate) fn over_scores(&self, k: usize) -> bool {
        self.cohorts.get(k).is_some_and(|c| {
            let mut refs = Vec::new();
            node_refs(&c.arg, &mut refs);
            !refs.is_empty()
        })
    }

    /// Whether some cohort figure compares rows' scores: units are then scored in two strata.
    pub fn compares_scores(&self) -> bool {
        (0..self.cohorts.len()).any(|k| self.over_scores(k))
    }

    /// The node references read by the values of figures over rows' scores, each with its figure.
    pub(crate) fn figure_refs(&self) -> Vec<(usize, usize)> {
        let mut out = Vec::new();
        for (k, c) in self.cohorts.iter().enumerate() {
            let mut refs = Vec::new();
            node_refs(&c.arg, &mut refs);
            out.extend(refs.into_iter().map(|r| (k, r)));
        }
        out
    }

    /// Stratum 0: the rows the figures over rows' scores read, with everything scoring them
    /// needs; `None` when no figure compares rows' scores.
    pub(crate) fn stratum(&self) -> Option<Vec<bool>> {
        let refs = self.figure_refs();
        if refs.is_empty() {
            return None;
        }
        let mut mask = vec![false; self.nodes.len()];
        for (_, r) in refs {
            if let Some(d) = self.refs.get(r) {
                self.mark_scored(d.node, &mut mask);
            }
        }
        Some(mask)
    }

    /// The rings across units: each figure over rows' scores that a row of stratum 0 reads, with
    /// the first such row (by node index).
    pub(crate) fn stratum_rings(&self) -> Vec<(usize, usize)> {
        let Some(mask) = self.stratum() else { return Vec::new() };
        let mut out: Vec<(usize, usize)> = Vec::new();
        for (i, n) in self.nodes.iter().enumerate().filter(|(i, _)| mask.get(*i).copied().unwrap_or(false)) {
            for k in rule_reads(n).into_iter().filter_map(cohort_read).filter(|&k| self.over_scores(k)) {
                if !out.iter().any(|&(_, f)| f == k) {
                    out.push((i, k));
                }
            }
        }
        out
    }
}
