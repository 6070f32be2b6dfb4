//! Points that move (计入, issue 17): a row not applicable under `not_applicable => 三.2` is
//! left out of its parent and its maximum goes to 三.2, whose score is scaled exactly to its
//! grown maximum: score × (max + moved) ÷ max, before its `zero`/`cap when` lines and its
//! rounding (one rounding, where declared). Shared by the general and reference evaluators.

use crate::eval::general::{Cx, R, node_name};
use crate::eval::trace::Ev;
use crate::eval::{NodeVal, Rubric, Tracer};
use crate::plan::NodeDef;
use crate::plan::exact::{Inexact, Q};
use std::cell::Cell;

/// The points that moved into node `n` for the unit: the maxima of the rows it takes from
/// (`NodeDef::takes`) that were not applicable, read through `val`.
pub(crate) fn moved_in(rubric: &Rubric, n: &NodeDef, val: impl Fn(usize) -> Option<NodeVal>) -> Result<Q, Inexact> {
    let mut moved = Q::ZERO;
    for id in &n.takes {
        let Some(j) = rubric.nodes.iter().position(|m| &m.id == id) else { continue };
        if let (Some(v), Some(m)) = (val(j), rubric.nodes.get(j))
            && v.moved
        {
            moved = moved.add(Q::dec(m.max))?;
        }
    }
    Ok(moved)
}

/// The ids of the rows whose points moved into `n`, in the order of the tree.
pub(crate) fn moved_from(rubric: &Rubric, n: &NodeDef, val: impl Fn(usize) -> Option<NodeVal>) -> Vec<String> {
    n.takes
        .iter()
        .filter(|id| rubric.nodes.iter().position(|m| &m.id == *id).and_then(&val).is_some_and(|v| v.moved))
        .cloned()
        .collect()
}

impl<T: Tracer> Cx<'_, T> {
    /// The points moved into node `n` so far (its sources are scored before it).
    pub(crate) fn points_moved_in(&self, n: &NodeDef, done: &[Cell<NodeVal>]) -> R<Q> {
        moved_in(self.rubric, n, |j| done.get(j).map(Cell::get)).map_err(|e| self.inexact(node_name(n), e))
    }

    /// Node `idx`'s score before its bonus, scaled to its maximum grown by the points moved into
    /// it: score × (max + moved) ÷ max, exactly.
    pub(crate) fn take_moved(&mut self, idx: usize, n: &NodeDef, done: &[Cell<NodeVal>], score: Q) -> R<Q> {
        if n.takes.is_empty() {
            return Ok(score);
        }
        let moved = self.points_moved_in(n, done)?;
        if moved.is_zero() {
            return Ok(score);
        }
        let max = Q::dec(n.max);
        let after = max
            .add(moved)
            .and_then(|grown| score.mul(grown))
            .map_err(|e| self.inexact(node_name(n), e))?
            .div(max)
            .ok_or_else(|| self.internal("points moved to a row worth nothing"))?
            .map_err(|e| self.inexact(node_name(n), e))?;
        self.tracer.step(idx, Ev::MovedIn { before: score, moved, max, after });
        Ok(after)
    }
}
