//! Score-only scoring in whole numbers: when every point a rubric can give or take is a
//! constant (no bonus, no `score` or `judged` line, no rounding), each node's score is a whole
//! number of the smallest step among those constants (0.1, 0.05, …), so scoring adds integers.
//!
//! Made from the rubric's [`Program`] ([`Fixed::of`]); the conditions, band values and derived
//! values stay exact decimals. An integer overflow, or a count that is not whole, stops the run
//! and the unit is scored by the decimal program instead, so the numbers are always those of
//! the general evaluator: integers at a fixed scale add, subtract and compare exactly.

use crate::machine::{Regs, S, Stop, as_num, contains};
use crate::plan::{Range, Rubric};
use crate::program::{Any, Cond, Num, Op, Program};
use crate::value::Ty;
use rust_decimal::Decimal;

/// A rubric's score-only program in whole numbers of `10^-scale` points.
#[derive(Debug, Clone)]
pub(crate) struct Fixed {
    /// The number of decimal places of every score.
    pub(crate) scale: u32,
    ops: Vec<FOp>,
    kids: Vec<u32>,
    nodes: usize,
}

/// An operation of [`Fixed`]: those of [`Op`] a rubric of constant points has, with points
/// as integers. A node runs from `Start` or `Full` to `End`, or is one `Row`, `Rows` or `Sum`.
#[derive(Debug, Clone)]
enum FOp {
    Row { node: u32, cond: Cond, points: i64 },
    Rows { node: u32, parts: Box<[(Cond, i64)]> },
    Sum { node: u32, from: u32, to: u32 },
    Start,
    Full(i64),
    Kids(u32, u32),
    Award(Option<Cond>, i64),
    Band(Box<FBand>),
    DeductIf(Cond, i64),
    DeductPer { points: i64, per: u32, when: Option<Cond>, max: Option<i64> },
    Floor(i64),
    Cap(i64),
    Zero(Cond),
    End(u32),
}

/// A band table of constant points: the value banded and each interval's points.
#[derive(Debug, Clone)]
struct FBand {
    subject: Any,
    arms: Box<[(Range, i64)]>,
}

/// The most decimal places a fixed program uses, so that points up to 10^12 fit.
const MAX_SCALE: u32 = 6;

/// Converts constants to whole numbers of `10^-scale`.
struct Conv(u32);

impl Conv {
    fn int(&self, d: Decimal) -> Option<i64> {
        let up = 10i128.checked_pow(self.0.checked_sub(d.scale())?)?;
        i64::try_from(d.mantissa().checked_mul(up)?).ok()
    }
}

impl Fixed {
    /// The fixed program of a rubric, when every point is a constant.
    pub(crate) fn of(r: &Rubric, p: &Program) -> Option<Fixed> {
        let mut consts = Vec::new();
        for op in &p.ops {
            match op {
                Op::Row { points, .. }
                | Op::AwardIf { points, .. }
                | Op::AwardAll { points, .. }
                | Op::DeductIf { points, .. }
                | Op::Full(_, points)
                | Op::Floor(points)
                | Op::Cap(points) => consts.push(*points),
                Op::Rows { parts, .. } => consts.extend(parts.iter().map(|x| x.2)),
                Op::DeductPer { points, max, per, .. } => {
                    // `points × count` stays at the points' scale only for whole counts.
                    if r.facts.get(*per as usize)?.value_ty() != Ty::Count {
                        return None;
                    }
                    consts.push(*points);
                    consts.extend(*max);
                }
                Op::Band(_, b) => {
                    for (_, pts) in b.arms.iter() {
                        let Num::Const(d) = pts else { return None };
                        consts.push(*d);
                    }
                }
                Op::Start(_) | Op::Sum { .. } | Op::KidsPlain(..) | Op::Total | Op::Zero(..) | Op::Veto(..) => {}
                Op::End { .. } | Op::EndPlain(_) => {}
                _ => return None,
            }
        }
        let scale = consts.iter().map(Decimal::scale).max().unwrap_or(0);
        if scale > MAX_SCALE {
            return None;
        }
        let c = Conv(scale);
        let mut ops = Vec::with_capacity(p.ops.len());
        for op in &p.ops {
            ops.push(match op {
                Op::Row { node, cond, points, .. } => {
                    FOp::Row { node: *node, cond: cond.clone(), points: c.int(*points)? }
                }
                Op::Rows { node, parts } => {
                    let parts: Option<Vec<(Cond, i64)>> =
                        parts.iter().map(|(_, cond, pts)| Some((cond.clone(), c.int(*pts)?))).collect();
                    FOp::Rows { node: *node, parts: parts?.into_boxed_slice() }
                }
                Op::Sum { node, from, to } => FOp::Sum { node: *node, from: *from, to: *to },
                Op::Start(_) => FOp::Start,
                Op::Full(_, max) => FOp::Full(c.int(*max)?),
                Op::KidsPlain(from, to) => FOp::Kids(*from, *to),
                Op::AwardIf { cond, points, .. } => FOp::Award(Some(cond.clone()), c.int(*points)?),
                Op::AwardAll { points, .. } => FOp::Award(None, c.int(*points)?),
                Op::Band(_, b) => {
                    let arms: Option<Vec<(Range, i64)>> = b
                        .arms
                        .iter()
                        .map(|(range, pts)| match pts {
                            Num::Const(d) => Some((range.clone(), c.int(*d)?)),
                            _ => None,
                        })
                        .collect();
                    FOp::Band(Box::new(FBand { subject: b.subject.clone(), arms: arms?.into_boxed_slice() }))
                }
                Op::DeductIf { cond, points, .. } => FOp::DeductIf(cond.clone(), c.int(*points)?),
                Op::DeductPer { points, per, when, max, .. } => FOp::DeductPer {
                    points: c.int(*points)?,
                    per: *per,
                    when: when.clone(),
                    max: match max {
                        Some(m) => Some(c.int(*m)?),
                        None => None,
                    },
                },
                Op::Floor(f) => FOp::Floor(c.int(*f)?),
                Op::Cap(x) => FOp::Cap(c.int(*x)?),
                Op::Zero(_, cond) | Op::Veto(_, cond) => FOp::Zero(cond.clone()),
                Op::Total => continue,
                Op::End { node, .. } | Op::EndPlain(node) => FOp::End(*node),
                _ => return None,
            });
        }
        Some(Fixed { scale, ops, kids: p.kids.clone(), nodes: p.nodes })
    }

    /// Scores a unit whose derived values are in `lets`: every node's score, by index, in
    /// whole numbers of `10^-scale`, written to `out`.
    pub(crate) fn run(&self, r: Regs<'_>, out: &mut Vec<i64>) -> S<()> {
        let off = Stop::Off;
        out.clear();
        out.resize(self.nodes, 0);
        let mut score: i64 = 0;
        for op in &self.ops {
            match op {
                FOp::Row { node, cond, points } => {
                    *out.get_mut(*node as usize).ok_or(off)? = i64::from(cond.eval(r)?) * points;
                }
                FOp::Rows { node, parts } => {
                    let mut s: i64 = 0;
                    for (cond, points) in parts.iter() {
                        s = s.checked_add(i64::from(cond.eval(r)?) * points).ok_or(off)?;
                    }
                    *out.get_mut(*node as usize).ok_or(off)? = s;
                }
                FOp::Sum { node, from, to } => {
                    let s = self.sum(out, *from, *to)?;
                    *out.get_mut(*node as usize).ok_or(off)? = s;
                }
                FOp::Start => score = 0,
                FOp::Full(max) => score = *max,
                FOp::Kids(from, to) => score = self.sum(out, *from, *to)?,
                FOp::Award(cond, points) => {
                    let applied = match cond {
                        Some(c) => c.eval(r)?,
                        None => true,
                    };
                    score = score.checked_add(i64::from(applied) * points).ok_or(off)?;
                }
                FOp::Band(b) => {
                    let value = b.subject.eval(r)?;
                    let (_, points) = b.arms.iter().find(|(range, _)| contains(range, value)).ok_or(off)?;
                    score = score.checked_add(*points).ok_or(off)?;
                }
                FOp::DeductIf(cond, points) => {
                    score = score.checked_sub(i64::from(cond.eval(r)?) * points).ok_or(off)?;
                }
                FOp::DeductPer { points, per, when, max } => {
                    let applied = match when {
                        Some(c) => c.eval(r)?,
                        None => true,
                    };
                    if applied {
                        let q = as_num(r.fact(*per)?)?;
                        if q.scale() != 0 {
                            return Err(off);
                        }
                        let q = i64::try_from(q.mantissa()).map_err(|_| off)?;
                        let mut got = points.checked_mul(q).ok_or(off)?;
                        if let Some(m) = max {
                            got = got.min(*m);
                        }
                        score = score.checked_sub(got).ok_or(off)?;
                    }
                }
                FOp::Floor(f) => score = score.max(*f),
                FOp::Cap(c) => score = score.min(*c),
                FOp::Zero(cond) => {
                    if cond.eval(r)? {
                        score = 0;
                    }
                }
                FOp::End(node) => *out.get_mut(*node as usize).ok_or(off)? = score,
            }
        }
        Ok(())
    }

    /// The sum of the scores of the children `kids[from..to]`.
    #[inline]
    fn sum(&self, out: &[i64], from: u32, to: u32) -> S<i64> {
        let kids = self.kids.get(from as usize..to as usize).ok_or(Stop::Off)?;
        let mut s: i64 = 0;
        for &c in kids {
            s = s.checked_add(*out.get(c as usize).ok_or(Stop::Off)?).ok_or(Stop::Off)?;
        }
        Ok(s)
    }
}
