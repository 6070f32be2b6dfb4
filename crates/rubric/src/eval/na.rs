//! Not applicable (不适用, issues 16 and 17): a row that reads
//! a 不适用 value scored as its `not_applicable =>` says (full marks, or left out of its parent),
//! and a parent's base over its applicable parts, rescaled to its maximum (按比例折算). Shared by
//! the general and the reference evaluators; the compiled programs are not made for a rubric
//! that can meet 不适用 (`Plan::has_na`).

use crate::eval::error::NotApplicableError;
use crate::eval::general::{Cx, R, node_name};
use crate::eval::trace::{Ev, ix};
use crate::eval::{Env, EvalError, Fail, NodeVal, Rubric, Tracer};
use crate::plan::NodeDef;
use crate::plan::exact::Q;
use crate::plan::exact::V;
use rubric_syntax::ast::NaHow;
use std::cell::Cell;

/// The value of slot `s`: a 不适用 value is no value, and says which slot it was.
#[inline(always)]
pub(crate) fn read_slot(env: Env<'_>, s: usize) -> Result<V, Fail> {
    match env.slot(s) {
        Some(V::NotApplicable) => Err(Fail::NotApplicable(s)),
        Some(v) => Ok(v),
        None => Err(env.unset(s)),
    }
}

impl Rubric {
    /// The error of `what` reading slot `s`, which is 不适用: the signal that its row is not
    /// applicable, said as an error where nothing says what the row scores.
    pub(crate) fn na_error(&self, unit: &str, what: &str, s: usize) -> EvalError {
        EvalError::NotApplicable(NotApplicableError {
            unit: unit.to_string(),
            node: what.to_string(),
            value: self.slot_name(s),
            parts: false,
        })
    }

    /// The name of fact or derived value slot `s`.
    pub(crate) fn slot_name(&self, s: usize) -> String {
        match s.checked_sub(self.facts.len()) {
            None => self.facts.get(s).map(|f| f.name.clone()),
            Some(l) => self.lets.get(l).map(|l| l.name.clone()),
        }
        .unwrap_or_default()
    }

    /// The slot of the fact or derived value named `name`.
    pub(crate) fn slot_of(&self, name: &str) -> Option<usize> {
        match self.facts.iter().position(|f| f.name == name) {
            Some(s) => Some(s),
            None => self.lets.iter().position(|l| l.name == name).map(|l| self.facts.len() + l),
        }
    }
}

impl<T: Tracer> Cx<'_, T> {
    /// Node `idx`'s result when scoring it failed with `e`: a node that read a 不适used value is
    /// scored as the `not_applicable =>` in force says; anything else stays an error.
    pub(crate) fn or_not_applicable(
        &mut self,
        idx: usize,
        n: &NodeDef,
        e: Box<EvalError>,
        done: &[Cell<NodeVal>],
    ) -> R<NodeVal> {
        let EvalError::NotApplicable(na) = *e else { return Err(e) };
        let root = n.kind == crate::plan::Kind::Rubric;
        // A parent all of whose parts are not applicable is scored as said above it: what it
        // says itself is about its parts.
        let def = match n.na.as_ref() {
            Some(d) if na.parts && d.stated_on == idx => {
                self.rubric.nodes.iter().find(|p| p.children.contains(&idx)).and_then(|p| p.na.as_ref())
            }
            d => d,
        };
        let Some(def) = def.filter(|d| !(root && d.how == NaHow::Rescale)) else {
            return Err(Box::new(EvalError::NotApplicable(NotApplicableError {
                unit: self.unit.to_string(),
                node: node_name(n).to_string(),
                value: na.value,
                parts: na.parts,
            })));
        };
        let slot = if na.parts { None } else { self.rubric.slot_of(&na.value).map(ix) };
        self.tracer.forget(idx);
        let how = def.how;
        if how == NaHow::Move {
            self.tracer.step(idx, Ev::MovedOut { slot });
        } else {
            self.tracer.step(idx, Ev::NotApplicable { slot, full: how == NaHow::Full });
        }
        Ok(match how {
            // Full marks of its maximum grown by the points moved into it (计入).
            NaHow::Full => {
                let max =
                    Q::dec(n.max).add(self.points_moved_in(n, done)?).map_err(|e| self.inexact(node_name(n), e))?;
                NodeVal { score: max, regular: max, na: true, ..NodeVal::default() }
            }
            NaHow::Rescale => NodeVal { na: true, left_out: true, ..NodeVal::default() },
            NaHow::Move => NodeVal { na: true, left_out: true, moved: true, ..NodeVal::default() },
        })
    }

    /// A parent's base and bonus from its parts: their sum, or, when a part is left out as not
    /// applicable, the applicable parts' sum ÷ their maxima × the parent's maximum (按比例折算).
    /// A parent whose parts are all left out is itself not applicable.
    pub(crate) fn children_base(&mut self, idx: usize, n: &NodeDef, done: &[Cell<NodeVal>]) -> R<(Q, Q)> {
        let (mut base, mut bonus, mut most) = (Q::ZERO, Q::ZERO, Q::ZERO);
        let mut left_out = None;
        let mut any = false;
        for &c in &n.children {
            let k = done.get(c).map(Cell::get).ok_or_else(|| self.internal("a child scored after its parent"))?;
            // A row whose points moved to a part (计入) is in that part's maximum.
            if k.moved {
                continue;
            }
            if k.left_out {
                left_out = Some(c);
                continue;
            }
            any = true;
            base = base.add(k.regular).map_err(|e| self.inexact(node_name(n), e))?;
            bonus = bonus.add(k.bonus).map_err(|e| self.inexact(node_name(n), e))?;
            let part = self.rubric.nodes.get(c).ok_or_else(|| self.internal("a child outside the tree"))?;
            let max =
                Q::dec(part.max).add(self.points_moved_in(part, done)?).map_err(|e| self.inexact(node_name(n), e))?;
            most = most.add(max).map_err(|e| self.inexact(node_name(n), e))?;
        }
        self.tracer.step(idx, Ev::Sum { points: base });
        let Some(out) = left_out else { return Ok((base, bonus)) };
        if !any || most.is_zero() {
            let value = self.rubric.nodes.get(out).map(|c| node_name(c).to_string()).unwrap_or_default();
            return Err(Box::new(EvalError::NotApplicable(NotApplicableError {
                unit: self.unit.to_string(),
                node: node_name(n).to_string(),
                value,
                parts: true,
            })));
        }
        let max = Q::dec(n.max);
        let share = base.div(most).ok_or_else(|| self.internal("a rescale over no points"))?;
        let points = share.and_then(|q| q.mul(max)).map_err(|e| self.inexact(node_name(n), e))?;
        self.tracer.step(idx, Ev::Rescaled { sum: base, applicable: most, max, points });
        Ok((points, bonus))
    }
}
