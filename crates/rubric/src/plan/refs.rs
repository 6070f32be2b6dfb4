//! Node references (`points(三.2)`, `deducted(三.2)`, `bonused(三.2)`) and the one scoring order
//! they give: a node is scored after its children and after every node its rules read.

use crate::plan::{Kind, Loc, NodeDef, Plan, RuleDef};
use rubric_syntax::ast::NodeRead;
use std::collections::BinaryHeap;

/// One node reference in a rule: [`crate::plan::CExpr::Node`]`(k)` reads `Plan::refs[k]`.
#[derive(Debug, Clone)]
pub struct RefDef {
    /// What it reads of the node.
    pub read: NodeRead,
    /// The id as written.
    pub id: String,
    /// The node read (its index), set once the whole tree is known.
    pub node: usize,
    /// The node whose rules read it; `None` outside a node's rules (the checker refuses that),
    /// or, in a period's copy of the plan, when that node is not scored in the period.
    pub from: Option<usize>,
    /// Where it was written.
    pub loc: Loc,
}

/// `combine HOW ["label"]` of a node: the `score` line it stands for is `rules[rule]`.
#[derive(Debug, Clone)]
pub struct CombineDef {
    /// How the parts are combined.
    pub how: rubric_syntax::ast::CombineHow,
    /// The label.
    pub label: Option<String>,
    /// The index of its `score` line among the node's rules.
    pub rule: usize,
}

/// The scoring order of `nodes`: every node after its children and after the nodes its rules
/// read (`refs`). Among the nodes ready at once, the one of the highest index goes first, so a
/// rubric without references is scored from the last node to the first, as it always was.
/// `Err` holds a cycle of nodes (each needs the next scored first, the last needs the first).
pub(crate) fn order(nodes: &[NodeDef], refs: &[RefDef]) -> Result<Vec<usize>, Vec<usize>> {
    let n = nodes.len();
    // `needs[i]`: the nodes scored before `i`; `users[j]`: the nodes waiting for `j`.
    let mut needs: Vec<Vec<usize>> = nodes.iter().map(|d| d.children.clone()).collect();
    for r in refs {
        if let (Some(from), true) = (r.from, r.node < n)
            && let Some(v) = needs.get_mut(from)
        {
            v.push(r.node);
        }
    }
    // A row that takes the points of rows not applicable (计入) is scored after them.
    for (i, d) in nodes.iter().enumerate() {
        for id in &d.takes {
            if let (Some(j), Some(v)) = (nodes.iter().position(|m| &m.id == id), needs.get_mut(i)) {
                v.push(j);
            }
        }
    }
    let mut users: Vec<Vec<usize>> = vec![Vec::new(); n];
    let mut waiting: Vec<usize> = vec![0; n];
    for (i, v) in needs.iter().enumerate() {
        for &j in v {
            if let (Some(u), Some(w)) = (users.get_mut(j), waiting.get_mut(i)) {
                u.push(i);
                *w += 1;
            }
        }
    }
    let mut ready: BinaryHeap<usize> = waiting.iter().enumerate().filter(|(_, w)| **w == 0).map(|(i, _)| i).collect();
    let mut out = Vec::with_capacity(n);
    while let Some(i) = ready.pop() {
        out.push(i);
        for &u in users.get(i).map_or(&[][..], Vec::as_slice) {
            if let Some(w) = waiting.get_mut(u) {
                *w -= 1;
                if *w == 0 {
                    ready.push(u);
                }
            }
        }
    }
    if out.len() == n {
        return Ok(out);
    }
    Err(cycle(&needs, &waiting))
}

/// A cycle among the nodes Kahn's algorithm left waiting: from one of them, follow a need that
/// is also waiting until a node comes again.
fn cycle(needs: &[Vec<usize>], waiting: &[usize]) -> Vec<usize> {
    let stuck = |i: usize| waiting.get(i).is_some_and(|w| *w > 0);
    let Some(start) = (0..waiting.len()).find(|&i| stuck(i)) else { return Vec::new() };
    let mut path = vec![start];
    let mut at = start;
    // Every waiting node needs a waiting node, so the walk meets a node again within `n` steps.
    for _ in 0..=waiting.len() {
        let Some(next) = needs.get(at).and_then(|v| v.iter().copied().find(|&j| stuck(j))) else { break };
        if let Some(pos) = path.iter().position(|&p| p == next) {
            return path.split_off(pos);
        }
        path.push(next);
        at = next;
    }
    path
}

impl Plan {
    /// Whether a node's score is not only its parts' sum and its own lines: a rule reads a node
    /// (`points(三.2)`), a section, group or the rubric is scored by `score` or `combine`, or a
    /// total is capped on a condition (`cap N when C`). The general evaluator scores such a
    /// rubric; the compiled program is not made for it.
    pub fn combines(&self) -> bool {
        !self.refs.is_empty()
            || self.nodes.iter().any(|n| {
                n.rules.iter().any(|x| match x {
                    RuleDef::Score(_) => n.kind != Kind::Item,
                    RuleDef::CapWhen(_) => true,
                    _ => false,
                })
            })
    }

    /// Marks the nodes scoring node `idx` needs, in `mask`: every node below it and every node
    /// their rules read (`points(…)`), with all below those.
    pub(crate) fn mark_scored(&self, idx: usize, mask: &mut [bool]) {
        let mut stack = vec![idx];
        let mut first = true;
        while let Some(i) = stack.pop() {
            match mask.get_mut(i) {
                // Marked with all it needs already (a node two rules read), or `idx` met again
                // (a row compared across units that reads itself: `rubric::ref-cohort`).
                Some(true) if i != idx || !first => continue,
                Some(m) => *m = true,
                None => {}
            }
            first = false;
            if let Some(n) = self.nodes.get(i) {
                stack.extend(n.children.iter().copied());
                // The rows whose points it may take (计入).
                stack.extend(n.takes.iter().filter_map(|id| self.nodes.iter().position(|m| &m.id == id)));
            }
            stack.extend(self.refs.iter().filter(|r| r.from == Some(i)).map(|r| r.node));
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::plan::{Floor, Meta};
    use rubric_syntax::Span;
    use rust_decimal::Decimal;

    fn node(children: &[usize]) -> NodeDef {
        NodeDef {
            id: String::new(),
            title: String::new(),
            kind: Kind::Section,
            max: Decimal::ONE,
            max_declared: false,
            children: children.to_vec(),
            rules: Vec::new(),
            floor: Floor::At(Decimal::ZERO),
            cap: None,
            bonus_cap: None,
            bonus_uncapped: false,
            round: None,
            meta: Meta::default(),
            loc: Loc { file: 0, span: Span::default() },
            combine: None,
            na: None,
            takes: Vec::new(),
            max_case: None,
        }
    }

    fn read(from: usize, node: usize) -> RefDef {
        let loc = Loc { file: 0, span: Span::default() };
        RefDef { read: NodeRead::Points, id: String::new(), node, from: Some(from), loc }
    }

    /// The root 0 with children 1 and 2; 1 has child 3.
    fn tree() -> Vec<NodeDef> {
        vec![node(&[1, 2]), node(&[3]), node(&[]), node(&[])]
    }

    #[test]
    fn without_references_nodes_are_scored_from_the_last_to_the_first() {
        assert_eq!(order(&tree(), &[]), Ok(vec![3, 2, 1, 0]));
    }

    #[test]
    fn a_node_read_is_scored_before_its_reader_and_ties_keep_the_old_order() {
        // 3 reads 2, a later node: 2 first, the rest as before.
        assert_eq!(order(&tree(), &[read(3, 2)]), Ok(vec![2, 3, 1, 0]));
        // 2 reads 3, an earlier one: the old order already has it.
        assert_eq!(order(&tree(), &[read(2, 3)]), Ok(vec![3, 2, 1, 0]));
    }

    #[test]
    fn a_ring_of_reads_and_a_read_of_an_ancestor_are_cycles() {
        let ring = order(&tree(), &[read(2, 3), read(3, 2)]).unwrap_err();
        assert_eq!(ring.len(), 2, "{ring:?}");
        let up = order(&tree(), &[read(3, 1)]).unwrap_err();
        assert!(up.contains(&1) && up.contains(&3), "{up:?}");
        assert!(order(&tree(), &[read(2, 2)]).is_err());
    }
}
