//! Score-only scoring in whole numbers: when every point a rubric can give or take is a
//! constant (no bonus, no `score` or `judged` line, no rounding), each node's score is a whole
//! number of the smallest step among those constants (0.1, 0.05, …), so scoring adds integers.
//!
//! Made from the rubric's [`Program`] ([`Fixed::of`]); the conditions, band values and derived
//! values stay exact decimals. An integer overflow, or a count that is not whole, stops the run
//! and the unit is scored by the decimal program instead, so the numbers are always those of
//! the general evaluator: integers at a fixed scale add, subtract and compare exactly.

use crate::eval::Tracer;
use crate::eval::machine::{Iv, Regs, S, Stop, as_num};
use crate::eval::program::{Any, Cond, Num, Op, Per, Program};
use crate::eval::trace::{Ev, ix};
use crate::plan::Plan;
use crate::plan::exact::Q;
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
/// as integers (and as written, for explanations). A node runs from `Start` or `Full` to
/// `End`, or is one `Row`, `Rows` or `Sum`.
#[derive(Debug, Clone)]
enum FOp {
    Row {
        node: u32,
        part: Part,
    },
    Rows {
        node: u32,
        parts: Box<[Part]>,
    },
    Sum {
        node: u32,
        from: u32,
        to: u32,
    },
    Start(u32),
    Full(u32, Pts),
    Kids(u32, u32),
    Award(Part),
    Band(u32, Box<FBand>),
    DeductIf(Part),
    DeductPer {
        rule: u32,
        points: Pts,
        per: Per,
        when: Option<Cond>,
        max: Option<Pts>,
    },
    Floor(Pts),
    /// The floor of a parent with a part that may score below 0: the lower of 0 and the sum
    /// of its parts.
    FloorKids,
    Cap(Pts),
    Zero {
        rule: u32,
        cond: Cond,
        veto: bool,
    },
    End(u32),
}

/// Points as a whole number of `10^-scale` and as written.
#[derive(Debug, Clone, Copy)]
struct Pts {
    int: i64,
    dec: Q,
}

/// `award P when C` (or `deduct P when C`): rule `rule`, its condition (none: always).
#[derive(Debug, Clone)]
struct Part {
    rule: u32,
    cond: Option<Cond>,
    points: Pts,
}

/// A band table of constant points: the value banded and each interval's points.
#[derive(Debug, Clone)]
struct FBand {
    subject: Any,
    arms: Box<[(Iv, Pts)]>,
}

/// The most decimal places a fixed program uses, so that points up to 10^12 fit.
const MAX_SCALE: u32 = 6;

/// Converts constants to whole numbers of `10^-scale`.
struct Conv(u32);

impl Part {
    /// The points the line gives (or takes), recorded when the tracer records.
    #[inline(always)]
    fn points<T: Tracer>(&self, r: Regs<'_>, node: usize, t: &mut T) -> S<i64> {
        let applied = match &self.cond {
            Some(c) => c.eval(r)?,
            None => true,
        };
        if T::RECORDS {
            let got = if applied { self.points.dec } else { Q::ZERO };
            let ev = Ev::Adjust {
                rule: self.rule,
                applied,
                amount: self.points.dec,
                per: None,
                points: got,
                limited_to: None,
            };
            t.step(node, ev);
        }
        Ok(i64::from(applied) * self.points.int)
    }
}

impl Conv {
    fn int(&self, q: Q) -> Option<Pts> {
        // Constants of the rule file are decimals, so this is exact.
        let d = q.to_dec();
        let up = 10i128.checked_pow(self.0.checked_sub(d.scale())?)?;
        Some(Pts { int: i64::try_from(d.mantissa().checked_mul(up)?).ok()?, dec: q })
    }

    fn part(&self, rule: u32, cond: Option<&Cond>, points: Q) -> Option<Part> {
        Some(Part { rule, cond: cond.cloned(), points: self.int(points)? })
    }
}

impl Fixed {
    /// The fixed program of a rubric, when every point is a constant.
    pub(crate) fn of(r: &Plan, p: &Program) -> Option<Fixed> {
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
                    // A derived value typed a number may still be whole (`count(…) + max(12 −
                    // count(…), 0)`): a unit where it is not is scored by the decimal program.
                    let whole = match per {
                        Per::Fact(s) => r.facts.get(*s as usize)?.value_ty() == Ty::Count,
                        Per::Let(l) => matches!(r.lets.get(*l as usize)?.ty, Ty::Count | Ty::Number),
                    };
                    if !whole {
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
                Op::Start(_)
                | Op::Sum { .. }
                | Op::KidsPlain(..)
                | Op::FloorKids
                | Op::Total
                | Op::Zero(..)
                | Op::Veto(..) => {}
                Op::End { .. } | Op::EndPlain(_) => {}
                _ => return None,
            }
        }
        // No constant at all (a rubric of empty sections) needs no decimal places.
        let scale = consts.iter().map(|q| q.to_dec().scale()).max().unwrap_or(0);
        if scale > MAX_SCALE {
            return None;
        }
        let c = Conv(scale);
        let mut ops = Vec::with_capacity(p.ops.len());
        for op in &p.ops {
            ops.push(match op {
                Op::Row { node, rule, cond, points } => {
                    FOp::Row { node: *node, part: c.part(*rule, Some(cond), *points)? }
                }
                Op::Rows { node, parts } => {
                    let parts: Option<Vec<Part>> =
                        parts.iter().map(|(rule, cond, pts)| c.part(*rule, Some(cond), *pts)).collect();
                    FOp::Rows { node: *node, parts: parts?.into_boxed_slice() }
                }
                Op::Sum { node, from, to } => FOp::Sum { node: *node, from: *from, to: *to },
                Op::Start(node) => FOp::Start(*node),
                Op::Full(node, max) => FOp::Full(*node, c.int(*max)?),
                Op::KidsPlain(from, to) => FOp::Kids(*from, *to),
                Op::AwardIf { rule, cond, points } => FOp::Award(c.part(*rule, Some(cond), *points)?),
                Op::AwardAll { rule, points } => FOp::Award(c.part(*rule, None, *points)?),
                Op::Band(rule, b) => {
                    let arms: Option<Vec<(Iv, Pts)>> = b
                        .arms
                        .iter()
                        .map(|(iv, pts)| match pts {
                            Num::Const(d) => Some((iv.clone(), c.int(*d)?)),
                            _ => None,
                        })
                        .collect();
                    FOp::Band(*rule, Box::new(FBand { subject: b.subject.clone(), arms: arms?.into_boxed_slice() }))
                }
                Op::DeductIf { rule, cond, points } => FOp::DeductIf(c.part(*rule, Some(cond), *points)?),
                Op::DeductPer { rule, points, per, when, max } => FOp::DeductPer {
                    rule: *rule,
                    points: c.int(*points)?,
                    per: *per,
                    when: when.clone(),
                    max: match max {
                        Some(m) => Some(c.int(*m)?),
                        None => None,
                    },
                },
                Op::Floor(f) => FOp::Floor(c.int(*f)?),
                Op::FloorKids => FOp::FloorKids,
                Op::Cap(x) => FOp::Cap(c.int(*x)?),
                Op::Zero(rule, cond) => FOp::Zero { rule: *rule, cond: cond.clone(), veto: false },
                Op::Veto(rule, cond) => FOp::Zero { rule: *rule, cond: cond.clone(), veto: true },
                Op::Total => continue,
                Op::End { node, .. } | Op::EndPlain(node) => FOp::End(*node),
                _ => return None,
            });
        }
        Some(Fixed { scale, ops, kids: p.kids.clone(), nodes: p.nodes })
    }

    /// Scores a unit whose derived values are in `r`: every node's score, by index, in whole
    /// numbers of `10^-scale`, written to `out`, and the nodes zeroed (`false`) or vetoed
    /// (`true`) in `zeroings`; with a tracer that records, each step too.
    pub(crate) fn run<T: Tracer>(
        &self,
        r: Regs<'_>,
        out: &mut Vec<i64>,
        zeroings: &mut Vec<(u32, bool)>,
        t: &mut T,
    ) -> S<()> {
        let off = Stop::Off;
        out.clear();
        out.resize(self.nodes, 0);
        // `Q::dec` of the decimal, in 64 bits without a gcd where it fits (`Q::scaled`).
        let dec =
            |v: i64| Q::scaled(v, self.scale).or_else(|| Decimal::try_new(v, self.scale).ok().map(Q::dec)).ok_or(off);
        let (mut node, mut score) = (0usize, 0i64);
        // The sum of a parent's parts, before its own deductions.
        let mut base = 0i64;
        for op in &self.ops {
            match op {
                FOp::Row { node, part } => {
                    let s = part.points(r, *node as usize, t)?;
                    *out.get_mut(*node as usize).ok_or(off)? = s;
                }
                FOp::Rows { node, parts } => {
                    let mut s: i64 = 0;
                    for part in parts.iter() {
                        s = s.checked_add(part.points(r, *node as usize, t)?).ok_or(off)?;
                    }
                    *out.get_mut(*node as usize).ok_or(off)? = s;
                }
                FOp::Sum { node, from, to } => {
                    let s = self.sum(out, *from, *to)?;
                    if T::RECORDS {
                        t.step(*node as usize, Ev::Sum { points: dec(s)? });
                    }
                    *out.get_mut(*node as usize).ok_or(off)? = s;
                }
                FOp::Start(n) => (node, score) = (*n as usize, 0),
                FOp::Full(n, max) => {
                    (node, score) = (*n as usize, max.int);
                    t.step(node, Ev::Full { points: max.dec });
                }
                FOp::Kids(from, to) => {
                    score = self.sum(out, *from, *to)?;
                    base = score;
                    if T::RECORDS {
                        t.step(node, Ev::Sum { points: dec(score)? });
                    }
                }
                FOp::Award(part) => score = score.checked_add(part.points(r, node, t)?).ok_or(off)?,
                FOp::Band(rule, b) => {
                    let value = b.subject.eval(r)?;
                    let (arm, (_, points)) =
                        b.arms.iter().enumerate().find(|(_, (iv, _))| iv.contains(value)).ok_or(off)?;
                    t.step(node, Ev::Band { rule: *rule, arm: ix(arm), value, points: points.dec });
                    score = score.checked_add(points.int).ok_or(off)?;
                }
                FOp::DeductIf(part) => score = score.checked_sub(part.points(r, node, t)?).ok_or(off)?,
                FOp::DeductPer { rule, points, per, when, max } => {
                    let applied = match when {
                        Some(c) => c.eval(r)?,
                        None => true,
                    };
                    // A line that does not apply needs nothing worked out, unless it is shown.
                    if applied || T::RECORDS {
                        let q = match per {
                            Per::Fact(s) => as_num(r.fact(*s)?)?,
                            // A count over a list: a whole number, or the decimal program takes over.
                            Per::Let(_) => r.per(*per)?.to_dec(),
                        };
                        let (mut got, mut limited) = (0, None);
                        if applied {
                            if q.scale() != 0 {
                                return Err(off);
                            }
                            got = points.int.checked_mul(i64::try_from(q.mantissa()).map_err(|_| off)?).ok_or(off)?;
                            if let Some(m) = max
                                && got > m.int
                            {
                                got = m.int;
                                limited = Some(m.dec);
                            }
                        }
                        if T::RECORDS {
                            let (amount, per, points) = (points.dec, Some(Q::dec(q)), dec(got)?);
                            let ev = Ev::Adjust { rule: *rule, applied, amount, per, points, limited_to: limited };
                            t.step(node, ev);
                        }
                        score = score.checked_sub(got).ok_or(off)?;
                    }
                }
                FOp::Floor(f) => {
                    if score < f.int {
                        if T::RECORDS {
                            t.step(node, Ev::Floor { before: dec(score)?, after: f.dec });
                        }
                        score = f.int;
                    }
                }
                FOp::FloorKids => {
                    let f = base.min(0);
                    if score < f {
                        if T::RECORDS {
                            t.step(node, Ev::Floor { before: dec(score)?, after: dec(f)? });
                        }
                        score = f;
                    }
                }
                FOp::Cap(c) => {
                    if score > c.int {
                        if T::RECORDS {
                            t.step(node, Ev::Cap { before: dec(score)?, after: c.dec });
                        }
                        score = c.int;
                    }
                }
                FOp::Zero { rule, cond, veto } => {
                    if cond.eval(r)? {
                        if T::RECORDS {
                            t.step(node, Ev::Zeroed { rule: *rule, before: dec(score)? });
                        }
                        // Kept for score-only too: a table of scores shows the vetoes.
                        zeroings.push((ix(node), *veto));
                        score = 0;
                    }
                }
                FOp::End(n) => *out.get_mut(*n as usize).ok_or(off)? = score,
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
