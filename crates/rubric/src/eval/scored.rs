//! A node's result (`NodeVal`), what a node reference reads of it while a unit is scored
//! (`Scored`), and the order the engines score nodes in (`Plan::order`).

use crate::eval::{EvalError, Fail, Rubric};
use crate::plan::exact::Q;

/// A node's result, as its parent needs it.
#[derive(Debug, Clone, Copy, Default, PartialEq, Eq)]
pub(crate) struct NodeVal {
    /// The node's score, bonus included.
    pub(crate) score: Q,
    /// The part of the score that is not bonus.
    pub(crate) regular: Q,
    /// The bonus included in the score.
    pub(crate) bonus: Q,
    /// Whether a `zero when` applied.
    pub(crate) zeroed: bool,
    /// Whether a `veto when` applied.
    pub(crate) vetoed: bool,
    /// The points its deductions took (after its floor), at least 0: what `deducted(id)` reads.
    pub(crate) deducted: Q,
    /// Not applicable for the unit (it read a 不适用 value).
    pub(crate) na: bool,
    /// Not applicable and left out of its parent, which is rescaled (`not_applicable => rescale`).
    pub(crate) left_out: bool,
    /// Not applicable and its points moved to a row of the same parent (`not_applicable => ID`).
    pub(crate) moved: bool,
}

/// The nodes' results a node reference reads: while nodes are scored (each set once scored, in
/// the plan's order, which scores every node read before its reader), or once all are.
#[derive(Clone, Copy)]
pub(crate) enum Scored<'a> {
    Live(&'a [crate::plan::refs::RefDef], &'a [std::cell::Cell<NodeVal>]),
    Done(&'a [crate::plan::refs::RefDef], &'a [NodeVal]),
}

impl Scored<'_> {
    /// What `CExpr::Node(k)` reads, in the scoring that `scored` holds.
    pub(crate) fn value(scored: Option<Scored<'_>>, k: usize) -> Result<Q, Fail> {
        let scored = scored.ok_or(Fail::Internal("a node's score read before nodes are scored"))?;
        scored.read(k).ok_or(Fail::Internal("a node reference outside the plan"))
    }

    /// The figure reference `k` reads.
    pub(crate) fn read(self, k: usize) -> Option<Q> {
        let v = match self {
            Scored::Live(refs, vals) => refs.get(k).and_then(|r| Some((r, vals.get(r.node)?.get()))),
            Scored::Done(refs, vals) => refs.get(k).and_then(|r| Some((r, *vals.get(r.node)?))),
        };
        let (r, v) = v?;
        Some(match r.read {
            rubric_syntax::ast::NodeRead::Points => v.score,
            rubric_syntax::ast::NodeRead::Deducted => v.deducted,
            rubric_syntax::ast::NodeRead::Bonused => v.bonus,
        })
    }
}

impl Rubric {
    /// The order nodes are scored in (`Plan::order`): every node once, else an internal error.
    pub(crate) fn scoring_order(&self, unit: &str) -> Result<impl Iterator<Item = usize> + '_, EvalError> {
        if self.order.len() != self.nodes.len() {
            return Err(EvalError::internal(unit.to_string(), "a scoring order of another length than the nodes"));
        }
        Ok(self.order.iter().copied())
    }
}
