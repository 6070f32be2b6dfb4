//! The slots a row reads whatever the unit's values (issue 16): its conditions, band subjects
//! and `score` lines, but of an `and`/`or` only the left side, of an `if` only the condition, of
//! a line with `when` only the condition. A fact read only on a branch not taken need not be
//! given, so only these are facts a `test` must give (`rubric::test-facts`).

use crate::plan::{CExpr, NodeDef, Plan, RuleDef};
use rubric_syntax::ast::BinOp;

/// The slots node `n`'s rules read for every unit, derived values included (not what they read).
pub(crate) fn surely_read(n: &NodeDef) -> Vec<usize> {
    let mut out = Vec::new();
    for r in &n.rules {
        match r {
            RuleDef::Band(b) => sure(&b.subject.expr, &mut out),
            RuleDef::Award(a) | RuleDef::Deduct(a) | RuleDef::Bonus(a) => match &a.when {
                Some(w) => sure(&w.expr, &mut out),
                None => {
                    for e in [Some(&a.amount), a.per.as_ref(), a.max.as_ref()].into_iter().flatten() {
                        sure(&e.expr, &mut out);
                    }
                }
            },
            RuleDef::Score(s) => sure(&s.expr, &mut out),
            RuleDef::Judged(j) => out.push(j.slot),
            RuleDef::Zero(c) | RuleDef::Veto(c) | RuleDef::CapWhen(crate::plan::CapWhenDef { cond: c, .. }) => {
                sure(&c.cond.expr, &mut out)
            }
        }
    }
    out
}

/// The slots a derived value read by a row reads for every unit: what its expression surely reads.
pub(crate) fn surely_read_let(r: &Plan, l: usize) -> Vec<usize> {
    let mut out = Vec::new();
    if let Some(l) = r.lets.get(l) {
        sure(&l.expr, &mut out);
    }
    out
}

/// The slots `e` reads for every unit, without recursion (an expression's depth is bounded at
/// load, but a stack costs nothing here).
fn sure(e: &CExpr, out: &mut Vec<usize>) {
    let mut stack = vec![e];
    while let Some(e) = stack.pop() {
        match e {
            CExpr::Const(_) | CExpr::Node(_) => {}
            CExpr::Slot(s) => out.push(*s),
            CExpr::Cohort(k) => out.push(crate::plan::COHORT | *k),
            CExpr::Unary(_, a) => stack.push(a),
            CExpr::Binary(BinOp::And | BinOp::Or, a, _, _) => stack.push(a),
            CExpr::Binary(_, a, b, _) => stack.extend([a.as_ref(), b.as_ref()]),
            CExpr::Call(_, args) => stack.extend(args.iter()),
            CExpr::If(c, _, _) => stack.push(c),
            CExpr::Agg(a) => out.push(a.list),
        }
    }
}
