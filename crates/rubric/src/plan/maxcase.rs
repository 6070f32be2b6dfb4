//! A maximum that depends on the unit (城区2分，其他4分): a node's cases as compiled, the case a
//! plan was compiled for, and the reading of a case's condition over kinds and yes/no facts that
//! the checker uses to find every case a unit can be in.

use crate::plan::{CExpr, ExprRule, NodeDef};
use crate::value::Value;
use rubric_syntax::ast::{BinOp, UnOp};
use rust_decimal::Decimal;

/// `max 2 when 地区类别 == 城区, 3 when 地区类别 == 郊区 else 4` on a node: the first case whose
/// condition holds gives the node's maximum, else the `else` value.
#[derive(Debug, Clone)]
pub struct MaxCaseDef {
    /// The cases in order.
    pub arms: Vec<MaxArm>,
    /// `else N`: the maximum when no condition holds.
    pub otherwise: Option<Decimal>,
    /// The case this plan is for: an arm's index, or `None` for `else`.
    pub chosen: Option<usize>,
}

/// One case: `2 when 地区类别 == 城区`.
#[derive(Debug, Clone)]
pub struct MaxArm {
    /// The maximum in this case.
    pub max: Decimal,
    /// The condition, over facts the unit is given (never a score).
    pub cond: ExprRule,
}

impl MaxCaseDef {
    /// The condition of the case this plan is for, as written; `None` for `else`.
    pub fn why(&self) -> Option<&str> {
        self.chosen.and_then(|i| self.arms.get(i)).map(|a| a.cond.text.as_str())
    }

    /// The maximum of case `choice` (`None` for `else`), if there is such a case.
    pub(crate) fn max_of(&self, choice: Option<usize>) -> Option<Decimal> {
        match choice {
            Some(i) => self.arms.get(i).map(|a| a.max),
            None => self.otherwise,
        }
    }
}

/// The choice of every node with cases in a plan, in node order: what tells one case's plan from
/// another's.
pub(crate) fn choices(nodes: &[NodeDef]) -> Vec<(usize, Option<usize>)> {
    nodes.iter().enumerate().filter_map(|(i, n)| n.max_case.as_ref().map(|c| (i, c.chosen))).collect()
}

/// Whether a condition holds when each slot it reads has the value `get` gives; `None` when it
/// reads a slot `get` has no value for, or does what this reading does not (arithmetic, a
/// function): the checker then takes both outcomes as possible.
pub(crate) fn holds(e: &CExpr, get: &dyn Fn(usize) -> Option<Value>) -> Option<bool> {
    value(e, get)?.bool()
}

fn value(e: &CExpr, get: &dyn Fn(usize) -> Option<Value>) -> Option<Value> {
    match e {
        CExpr::Const(v) => Some(*v),
        CExpr::Slot(s) => get(*s),
        CExpr::Unary(UnOp::Not, a) => Some(Value::Bool(!holds(a, get)?)),
        CExpr::Binary(op, a, b, _) => {
            let (a, b) = (value(a, get)?, value(b, get)?);
            let out = match (op, a, b) {
                (BinOp::And, Value::Bool(x), Value::Bool(y)) => x && y,
                (BinOp::Or, Value::Bool(x), Value::Bool(y)) => x || y,
                (BinOp::Eq, Value::Bool(x), Value::Bool(y)) => x == y,
                (BinOp::Ne, Value::Bool(x), Value::Bool(y)) => x != y,
                (BinOp::Eq, Value::Num(x), Value::Num(y)) => x == y,
                (BinOp::Ne, Value::Num(x), Value::Num(y)) => x != y,
                _ => return None,
            };
            Some(Value::Bool(out))
        }
        _ => None,
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use rubric_syntax::Span;

    fn eq(slot: usize, k: u32) -> CExpr {
        CExpr::Binary(
            BinOp::Eq,
            Box::new(CExpr::Slot(slot)),
            Box::new(CExpr::Const(Value::Num(k.into()))),
            Span::default(),
        )
    }

    #[test]
    fn a_condition_over_kinds_and_yes_no_facts_is_read_and_anything_else_is_not() {
        let kind = |v: u32| move |s: usize| (s == 0).then_some(Value::Num(v.into()));
        assert_eq!(holds(&eq(0, 1), &kind(1)), Some(true));
        assert_eq!(holds(&eq(0, 1), &kind(2)), Some(false));
        let not = CExpr::Unary(UnOp::Not, Box::new(eq(0, 1)));
        assert_eq!(holds(&not, &kind(2)), Some(true));
        // A slot without a value: both outcomes are possible.
        assert_eq!(holds(&eq(1, 1), &kind(1)), None);
        let less = CExpr::Binary(BinOp::Lt, Box::new(CExpr::Slot(0)), Box::new(CExpr::Slot(0)), Span::default());
        assert_eq!(holds(&less, &kind(1)), None);
    }
}
