//! Derived values over lists of records in the compiled program that `program/aggs.rs` does not
//! compile (`sum(L by F, max E)`): a `let` whose definition holds such an aggregate is computed
//! by the general expression evaluator (`eval::eval`, the code the general evaluator runs, `eval/lists.rs`) into its let
//! slot, with the unit's records, while the program computes the other derived values and
//! every row. A failure (a missing list, `max` over no records without `else`, a division by
//! zero without `on zero`) stops the program: the general evaluator scores the unit and says
//! what went wrong. Rules that read a list themselves (an aggregate in a row, a `per 事故 where
//! …` line) leave the rubric to the general evaluator ([`crate::eval::program::Program::of`]).

use crate::eval::machine::{S, Stop};
use crate::eval::{Bound, Fail, Meter, eval};
use crate::plan::calendar::Calendars;
use crate::plan::exact::V;
use crate::plan::{CExpr, LetDef};
use std::sync::Arc;

/// A derived value that reads a list, as the general evaluator computes it.
#[derive(Debug, Clone)]
pub(crate) struct ListLet {
    pub(crate) expr: CExpr,
    pub(crate) on_zero: Option<CExpr>,
    pub(crate) cals: Arc<Calendars>,
}

impl ListLet {
    /// The derived value `l`, when its definition holds an aggregate over a list.
    pub(crate) fn of(l: &LetDef, cals: &Arc<Calendars>) -> Option<ListLet> {
        let reads_list = !crate::eval::lists::found(&l.expr).is_empty()
            || l.on_zero.as_ref().is_some_and(|z| !crate::eval::lists::found(z).is_empty());
        // `on zero => 不适用` and cohort figures are the general evaluator's alone.
        if !reads_list || l.na_on_zero || l.cohort {
            return None;
        }
        Some(ListLet { expr: l.expr.clone(), on_zero: l.on_zero.clone(), cals: cals.clone() })
    }

    /// Its value for `unit`, given the derived values computed so far; `Ok((v, true))` when it
    /// took its `on zero` value.
    pub(crate) fn eval(&self, unit: &Bound, lets: &[Option<V>]) -> S<(V, bool)> {
        // The program runs without a step budget (`Rubric::run_by`).
        let meter = Meter::new(None);
        let env = unit.env(lets, None, &meter, None, &self.cals);
        match eval(&self.expr, env) {
            Ok(V::NotApplicable) => Err(Stop::Off),
            Ok(v) => Ok((v, false)),
            Err(Fail::Zero(_)) => match &self.on_zero {
                Some(z) => match eval(z, env) {
                    Ok(V::NotApplicable) | Err(_) => Err(Stop::Off),
                    Ok(v) => Ok((v, true)),
                },
                None => Err(Stop::Off),
            },
            Err(_) => Err(Stop::Off),
        }
    }
}
