//! The arithmetic and comparisons of two values, exact and checked: an operand of the wrong type
//! is an internal error, never an answer.

use super::{Fail, inexact};
use crate::plan::exact::{V, cmp_same, same_type};
use rubric_syntax::ast::BinOp;

/// Two values of one type in order; values of two types are an internal error (the checker
/// types every comparison), never an answer.
#[inline]
pub(crate) fn ordered(l: &V, r: &V) -> Result<std::cmp::Ordering, Fail> {
    cmp_same(l, r).ok_or(Fail::Internal("a comparison of values of two types"))
}

/// A comparison of two values, as [`binary`] computes it; `None` for other operators.
#[inline]
pub(super) fn compare(op: BinOp, l: V, r: V) -> Result<Option<bool>, Fail> {
    let same = || if same_type(&l, &r) { Ok(()) } else { Err(Fail::Internal("a comparison of values of two types")) };
    Ok(Some(match op {
        BinOp::Eq => same().map(|()| l == r)?,
        BinOp::Ne => same().map(|()| l != r)?,
        BinOp::Lt => ordered(&l, &r)?.is_lt(),
        BinOp::Le => ordered(&l, &r)?.is_le(),
        BinOp::Gt => ordered(&l, &r)?.is_gt(),
        BinOp::Ge => ordered(&l, &r)?.is_ge(),
        _ => return Ok(None),
    }))
}

pub(super) fn binary(op: BinOp, l: V, r: V, span: rubric_syntax::Span) -> Result<V, Fail> {
    use BinOp::*;
    if let Some(b) = compare(op, l, r)? {
        return Ok(V::Bool(b));
    }
    Ok(match op {
        Add | Sub | Mul | Div => {
            let (Some(x), Some(y)) = (l.num(), r.num()) else { return Err(Fail::Missing) };
            let v = match op {
                Add => x.add(y),
                Sub => x.sub(y),
                Mul => x.mul(y),
                _ => x.div(y).ok_or(Fail::Zero(span))?,
            };
            V::Num(v.map_err(inexact)?)
        }
        // `and` and `or` stop early, so `eval_op` works them out before calling this.
        And | Or => return Err(Fail::Internal("`and`/`or` reached the arithmetic of two values")),
        Eq | Ne | Lt | Le | Gt | Ge => return Err(Fail::Internal("a comparison that `compare` did not make")),
    })
}
