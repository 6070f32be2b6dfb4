//! Runs a compiled [`Program`] over a unit's bound facts: straight through, with decimals in
//! registers, recording each step only when the tracer keeps them.
//!
//! Anything the program cannot score ends the run with [`Stop`]; the caller then scores the
//! unit with the general evaluator, which reports the error (see `program.rs`). The steps below
//! follow `Cx::node` in `eval.rs` operation for operation, in the same order and with the same
//! checked arithmetic, so that a run that finishes gives exactly the general evaluator's result.

use crate::eval::lists::Lists;
use crate::eval::program::{Any, Band, Cond, Date, LetOp, Line, Num, Op, Per, Program};
use crate::eval::trace::{Ev, ix};
use crate::eval::{Bound, NodeVal, Tracer, Work};
use crate::plan::Range;
use crate::plan::exact::{Q, V, X};
use crate::plan::interval::Interval;
use crate::value::Value;
use chrono::NaiveDate;
use rust_decimal::Decimal;
use std::cmp::Ordering;

/// Why a run ended early.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub(crate) enum Stop {
    /// A division by zero (a derived value may have an `on zero` value for it).
    Zero,
    /// Anything else: the general evaluator says what.
    Off,
}

pub(crate) type S<T> = Result<T, Stop>;

/// The values an expression reads.
#[derive(Clone, Copy)]
pub(crate) struct Regs<'a> {
    pub(crate) facts: &'a [Option<Value>],
    pub(crate) lets: &'a [Option<V>],
    /// The unit's records, which aggregates read (`program/aggs.rs`).
    pub(crate) lists: &'a Lists,
    /// The record an aggregate's condition or value reads; empty elsewhere.
    pub(crate) record: &'a [Value],
}

impl<'a> Regs<'a> {
    /// The values a unit's expressions read, with its derived values `lets`.
    pub(crate) fn of(unit: &'a Bound, lets: &'a [Option<V>]) -> Regs<'a> {
        Regs { facts: &unit.facts, lets, lists: &unit.lists, record: &[] }
    }

    #[inline(always)]
    pub(crate) fn fact(&self, s: u32) -> S<Value> {
        self.facts.get(s as usize).copied().flatten().ok_or(Stop::Off)
    }

    /// Field `i` of the record read.
    #[inline(always)]
    fn field(&self, i: u32) -> S<Value> {
        self.record.get(i as usize).copied().ok_or(Stop::Off)
    }

    #[inline(always)]
    fn let_(&self, s: u32) -> S<V> {
        self.lets.get(s as usize).copied().flatten().ok_or(Stop::Off)
    }

    /// The quantity of a `deduct P per Q` line.
    #[inline(always)]
    pub(crate) fn per(&self, p: Per) -> S<Q> {
        match p {
            Per::Fact(s) => Ok(Q::dec(as_num(self.fact(s)?)?)),
            Per::Let(s) => let_num(self.let_(s)?),
        }
    }
}

#[inline(always)]
pub(crate) fn as_num(v: Value) -> S<Decimal> {
    if let Value::Num(d) = v { Ok(d) } else { Err(Stop::Off) }
}

#[inline(always)]
fn as_bool(v: Value) -> S<bool> {
    if let Value::Bool(b) = v { Ok(b) } else { Err(Stop::Off) }
}

#[inline(always)]
fn as_date(v: Value) -> S<NaiveDate> {
    if let Value::Date(d) = v { Ok(d) } else { Err(Stop::Off) }
}

#[inline(always)]
fn let_num(v: V) -> S<Q> {
    if let V::Num(q) = v { Ok(q) } else { Err(Stop::Off) }
}

#[inline(always)]
fn let_bool(v: V) -> S<bool> {
    if let V::Bool(b) = v { Ok(b) } else { Err(Stop::Off) }
}

#[inline(always)]
fn let_date(v: V) -> S<NaiveDate> {
    if let V::Date(d) = v { Ok(d) } else { Err(Stop::Off) }
}

/// An exact result, or a stop: the general evaluator then says what could not be held.
#[inline(always)]
fn held(x: X) -> S<Q> {
    x.map_err(|_| Stop::Off)
}

/// Compares two decimals: by their digits when they have the same scale (counts, and facts
/// written like their constants), else as `Decimal::cmp` does.
#[inline(always)]
fn cmp_dec(a: &Decimal, b: &Decimal) -> Ordering {
    if a.scale() == b.scale() { a.mantissa().cmp(&b.mantissa()) } else { a.cmp(b) }
}

/// A band's interval with its numeric bounds as exact numbers, worked out once.
#[derive(Debug, Clone)]
pub(crate) struct Iv {
    pub(crate) range: Range,
    /// The bounds as exact numbers; `None` when one is a date.
    exact: Option<Interval<Q>>,
}

impl Iv {
    pub(crate) fn of(range: &Range) -> Iv {
        Iv { range: range.clone(), exact: range.exact() }
    }

    /// Whether a value lies in the interval, as [`Range::holds`] says.
    #[inline]
    pub(crate) fn contains(&self, v: V) -> bool {
        let V::Num(x) = v else { return self.range.holds(v) };
        self.exact.as_ref().is_some_and(|iv| iv.contains(&x))
    }
}

impl Num {
    #[inline]
    fn eval(&self, r: Regs<'_>) -> S<Q> {
        match self {
            Num::Const(d) => Ok(*d),
            Num::Fact(s) => Ok(Q::dec(as_num(r.fact(*s)?)?)),
            Num::Let(s) => let_num(r.let_(*s)?),
            _ => self.eval_op(r),
        }
    }

    #[inline(never)]
    fn eval_op(&self, r: Regs<'_>) -> S<Q> {
        match self {
            Num::Const(_) | Num::Fact(_) | Num::Let(_) => self.eval(r),
            Num::Add(ab) => held(ab.0.eval(r)?.add(ab.1.eval(r)?)),
            Num::Sub(ab) => held(ab.0.eval(r)?.sub(ab.1.eval(r)?)),
            Num::Mul(ab) => held(ab.0.eval(r)?.mul(ab.1.eval(r)?)),
            Num::Div(ab) => {
                let (x, y) = (ab.0.eval(r)?, ab.1.eval(r)?);
                held(x.div(y).ok_or(Stop::Zero)?)
            }
            Num::Neg(a) => Ok(a.eval(r)?.neg()),
            Num::Abs(a) => Ok(a.eval(r)?.abs()),
            Num::Whole(f, xy) => held(crate::plan::whole::call(*f, xy.0.eval(r)?, xy.1.eval(r)?).ok_or(Stop::Off)?),
            Num::Min(args) => fold(args, r, Num::eval, |b, v| std::cmp::min_by(b, v, Q::cmp)),
            Num::Max(args) => fold(args, r, Num::eval, |b, v| std::cmp::max_by(b, v, Q::cmp)),
            Num::If(x) => {
                if x.0.eval(r)? {
                    x.1.eval(r)
                } else {
                    x.2.eval(r)
                }
            }
            Num::Day(c) => c.num(r),
            Num::Field(i) => as_num(r.field(*i)?).map(Q::dec),
            Num::Agg(a) => a.num(r),
        }
    }
}

/// The first argument, then each next one chosen against the best so far, as the general
/// evaluator folds `min` and `max`.
#[inline]
fn fold<E, T: Copy>(args: &[E], r: Regs<'_>, eval: fn(&E, Regs<'_>) -> S<T>, pick: fn(T, T) -> T) -> S<T> {
    let mut best: Option<T> = None;
    for a in args {
        let v = eval(a, r)?;
        best = Some(match best {
            None => v,
            Some(b) => pick(b, v),
        });
    }
    best.ok_or(Stop::Off)
}

impl Cond {
    /// A yes/no fact or a fact compared with a constant is answered inline.
    #[inline(always)]
    pub(crate) fn eval(&self, r: Regs<'_>) -> S<bool> {
        match self {
            Cond::Fact(s) => as_bool(r.fact(*s)?),
            Cond::FactCmp(cmp, s, c) => Ok(cmp.holds(cmp_dec(&as_num(r.fact(*s)?)?, c))),
            _ => self.eval_op(r),
        }
    }

    #[inline(never)]
    fn eval_op(&self, r: Regs<'_>) -> S<bool> {
        match self {
            Cond::Const(b) => Ok(*b),
            Cond::Fact(_) | Cond::FactCmp(..) => self.eval(r),
            Cond::Let(s) => let_bool(r.let_(*s)?),
            Cond::Not(a) => Ok(!a.eval(r)?),
            Cond::And(parts) => {
                for p in parts.iter() {
                    if !p.eval(r)? {
                        return Ok(false);
                    }
                }
                Ok(true)
            }
            Cond::Or(parts) => {
                for p in parts.iter() {
                    if p.eval(r)? {
                        return Ok(true);
                    }
                }
                Ok(false)
            }
            Cond::Num(cmp, ab) => Ok(cmp.holds(ab.0.eval(r)?.cmp(&ab.1.eval(r)?))),
            Cond::Date(cmp, ab) => Ok(cmp.test(&ab.0.eval(r)?, &ab.1.eval(r)?)),
            Cond::Bool(cmp, ab) => Ok(cmp.test(&ab.0.eval(r)?, &ab.1.eval(r)?)),
            Cond::If(x) => {
                if x.0.eval(r)? {
                    x.1.eval(r)
                } else {
                    x.2.eval(r)
                }
            }
            Cond::Day(c) => c.cond(r),
            Cond::Field(i) => as_bool(r.field(*i)?),
            Cond::Agg(a) => a.cond(r),
        }
    }
}

impl Date {
    #[inline]
    fn eval(&self, r: Regs<'_>) -> S<NaiveDate> {
        match self {
            Date::Const(d) => Ok(*d),
            Date::Fact(s) => as_date(r.fact(*s)?),
            Date::Let(s) => let_date(r.let_(*s)?),
            Date::Min(args) => fold(args, r, Date::eval, |b, v| std::cmp::min_by(b, v, NaiveDate::cmp)),
            Date::Max(args) => fold(args, r, Date::eval, |b, v| std::cmp::max_by(b, v, NaiveDate::cmp)),
            Date::If(x) => {
                if x.0.eval(r)? {
                    x.1.eval(r)
                } else {
                    x.2.eval(r)
                }
            }
            Date::Day(c) => c.date(r),
            Date::Field(i) => as_date(r.field(*i)?),
            Date::Agg(a) => a.date(r),
            Date::Table(t) => t.date(r),
        }
    }
}

impl Any {
    pub(crate) fn eval(&self, r: Regs<'_>) -> S<V> {
        Ok(match self {
            Any::Num(n) => V::Num(n.eval(r)?),
            Any::Cond(c) => V::Bool(c.eval(r)?),
            Any::Date(d) => V::Date(d.eval(r)?),
        })
    }
}

/// `a + b`, exactly; adding zero keeps `a` as it is (as `Cx::add` does).
#[inline(always)]
fn add(a: Q, b: Q) -> S<Q> {
    if b.is_zero() {
        return Ok(a);
    }
    if a.is_zero() {
        return Ok(b);
    }
    held(a.add(b))
}

/// The registers of the node being scored.
struct Node {
    idx: usize,
    /// The sum of a parent's parts, before its own deductions.
    base: Q,
    score: Q,
    bonus: Q,
    total: Q,
    zeroed: bool,
    vetoed: bool,
}

impl Node {
    #[inline(always)]
    fn start(idx: u32, score: Q) -> Node {
        Node { idx: idx as usize, base: Q::ZERO, score, bonus: Q::ZERO, total: Q::ZERO, zeroed: false, vetoed: false }
    }
}

impl Program {
    /// Computes the derived values into `work.lets`, marking those that took their `on zero`
    /// value in `work.by_policy`.
    pub(crate) fn lets(&self, unit: &Bound, work: &mut Work) -> S<()> {
        work.lets.clear();
        work.lets.resize(self.lets.len(), None);
        work.by_policy.clear();
        work.by_policy.resize(self.lets.len(), false);
        work.cohort.clear();
        work.own.clear();
        for (i, l) in self.lets.iter().enumerate() {
            let r = Regs::of(unit, &work.lets);
            let (v, by_policy) = match l {
                LetOp::Compiled { expr, on_zero } => match expr.eval(r) {
                    Ok(v) => (v, false),
                    Err(Stop::Zero) => (on_zero.as_ref().ok_or(Stop::Off)?.eval(r).map_err(|_| Stop::Off)?, true),
                    Err(Stop::Off) => return Err(Stop::Off),
                },
                LetOp::List(list) => list.eval(unit, &work.lets)?,
            };
            if by_policy && let Some(b) = work.by_policy.get_mut(i) {
                *b = true;
            }
            if let Some(s) = work.lets.get_mut(i) {
                *s = Some(v);
            }
        }
        Ok(())
    }

    /// Scores a unit's bound facts into `work`, recording steps with `tracer`.
    pub(crate) fn run<T: Tracer>(&self, unit: &Bound, work: &mut Work, tracer: &mut T) -> S<()> {
        self.lets(unit, work)?;
        let nodes = &mut work.nodes;
        nodes.clear();
        nodes.resize(self.nodes, NodeVal::default());
        let r = Regs::of(unit, &work.lets);
        let mut n = Node::start(0, Q::ZERO);
        for op in &self.ops {
            match op {
                Op::Start(idx) => n = Node::start(*idx, Q::ZERO),
                Op::Full(idx, max) => {
                    n = Node::start(*idx, *max);
                    tracer.step(n.idx, Ev::Full { points: *max });
                }
                Op::Kids(from, to) => {
                    let kids = self.kids.get(*from as usize..*to as usize).ok_or(Stop::Off)?;
                    for &c in kids {
                        let k = nodes.get(c as usize).ok_or(Stop::Off)?;
                        n.score = add(n.score, k.regular)?;
                        n.bonus = add(n.bonus, k.bonus)?;
                    }
                    n.base = n.score;
                    tracer.step(n.idx, Ev::Sum { points: n.score });
                }
                Op::KidsPlain(from, to) => {
                    let kids = self.kids.get(*from as usize..*to as usize).ok_or(Stop::Off)?;
                    for &c in kids {
                        let k = nodes.get(c as usize).ok_or(Stop::Off)?;
                        n.score = add(n.score, k.score)?;
                    }
                    n.base = n.score;
                    tracer.step(n.idx, Ev::Sum { points: n.score });
                }
                Op::Row { node, rule, cond, points } => {
                    let applied = cond.eval(r)?;
                    let got = if applied { *points } else { Q::ZERO };
                    adjusted(tracer, *node as usize, *rule, applied, *points, None, got, None);
                    let slot = nodes.get_mut(*node as usize).ok_or(Stop::Off)?;
                    *slot = NodeVal { score: got, regular: got, ..NodeVal::default() };
                }
                Op::Rows { node, parts } => {
                    let idx = *node as usize;
                    let mut score = Q::ZERO;
                    for (rule, cond, points) in parts.iter() {
                        let applied = cond.eval(r)?;
                        let got = if applied { *points } else { Q::ZERO };
                        adjusted(tracer, idx, *rule, applied, *points, None, got, None);
                        score = add(score, got)?;
                    }
                    let slot = nodes.get_mut(idx).ok_or(Stop::Off)?;
                    *slot = NodeVal { score, regular: score, ..NodeVal::default() };
                }
                Op::Sum { node, from, to } => {
                    let idx = *node as usize;
                    let kids = self.kids.get(*from as usize..*to as usize).ok_or(Stop::Off)?;
                    let mut score = Q::ZERO;
                    for &c in kids {
                        score = add(score, nodes.get(c as usize).ok_or(Stop::Off)?.score)?;
                    }
                    tracer.step(idx, Ev::Sum { points: score });
                    let slot = nodes.get_mut(idx).ok_or(Stop::Off)?;
                    *slot = NodeVal { score, regular: score, ..NodeVal::default() };
                }
                Op::AwardIf { rule, cond, points } => {
                    let applied = cond.eval(r)?;
                    let got = if applied { *points } else { Q::ZERO };
                    adjusted(tracer, n.idx, *rule, applied, *points, None, got, None);
                    n.score = add(n.score, got)?;
                }
                Op::AwardAll { rule, points } => {
                    adjusted(tracer, n.idx, *rule, true, *points, None, *points, None);
                    n.score = add(n.score, *points)?;
                }
                Op::Award(rule, line) => {
                    let got = line.points(r, tracer, n.idx, *rule)?;
                    n.score = add(n.score, got)?;
                }
                Op::Band(rule, band) => {
                    let got = band.points(r, tracer, n.idx, *rule)?;
                    n.score = add(n.score, got)?;
                }
                Op::Score(rule, e) => {
                    let points = e.eval(r)?;
                    tracer.step(n.idx, Ev::Score { rule: *rule, points });
                    n.score = add(n.score, points)?;
                }
                Op::Judged { rule, slot, max } => {
                    let points = Q::dec(as_num(r.fact(*slot)?)?);
                    if points.is_negative() || points > *max {
                        return Err(Stop::Off);
                    }
                    tracer.step(n.idx, Ev::Judged { rule: *rule, points });
                    n.score = add(n.score, points)?;
                }
                Op::DeductPer { rule, points, per, when, max } => {
                    let applied = match when {
                        Some(c) => c.eval(r)?,
                        None => true,
                    };
                    // A plain line that does not apply needs nothing worked out.
                    if applied || T::RECORDS {
                        let q = r.per(*per)?;
                        let mut got = Q::ZERO;
                        let mut limited = None;
                        if applied {
                            // A negative quantity is an error the general evaluator reports.
                            if q.is_negative() {
                                return Err(Stop::Off);
                            }
                            got = held(points.mul(q))?;
                            if let Some(m) = max
                                && got > *m
                            {
                                got = *m;
                                limited = Some(*m);
                            }
                        }
                        adjusted(tracer, n.idx, *rule, applied, *points, Some(q), got, limited);
                        n.score = sub(n.score, got)?;
                    }
                }
                Op::DeductIf { rule, cond, points } => {
                    let applied = cond.eval(r)?;
                    let got = if applied { *points } else { Q::ZERO };
                    adjusted(tracer, n.idx, *rule, applied, *points, None, got, None);
                    n.score = sub(n.score, got)?;
                }
                Op::Deduct(rule, line) => {
                    let got = line.points(r, tracer, n.idx, *rule)?;
                    n.score = sub(n.score, got)?;
                }
                Op::Floor(f) => {
                    let below = if f.is_zero() { n.score.is_negative() } else { n.score < *f };
                    if below {
                        tracer.step(n.idx, Ev::Floor { before: n.score, after: *f });
                        n.score = *f;
                    }
                }
                Op::FloorKids => {
                    let f = n.base.min(Q::ZERO);
                    if n.score < f {
                        tracer.step(n.idx, Ev::Floor { before: n.score, after: f });
                        n.score = f;
                    }
                }
                Op::Cap(c) => {
                    if n.score > *c {
                        tracer.step(n.idx, Ev::Cap { before: n.score, after: *c });
                        n.score = *c;
                    }
                }
                Op::Bonus(rule, line) => {
                    let got = line.points(r, tracer, n.idx, *rule)?;
                    n.bonus = add(n.bonus, got)?;
                }
                Op::BonusCap(c) => {
                    if n.bonus > *c {
                        tracer.step(n.idx, Ev::BonusCap { before: n.bonus, after: *c });
                        n.bonus = *c;
                    }
                }
                Op::Total => n.total = add(n.score, n.bonus)?,
                Op::Zero(rule, cond) | Op::Veto(rule, cond) => {
                    if cond.eval(r)? {
                        tracer.step(n.idx, Ev::Zeroed { rule: *rule, before: n.total });
                        let veto = matches!(op, Op::Veto(..));
                        n.zeroed |= !veto;
                        n.vetoed |= veto;
                        n.total = Q::ZERO;
                        n.bonus = Q::ZERO;
                    }
                }
                Op::Round(places, mode) => {
                    let rounded = held(n.total.round(*places, *mode))?;
                    if rounded != n.total {
                        tracer.step(n.idx, Ev::Round { before: n.total, after: rounded });
                        n.total = rounded;
                    }
                }
                Op::End { node, summed } => {
                    let total = if *summed { n.total } else { add(n.score, n.bonus)? };
                    let regular = if n.bonus.is_zero() { total } else { held(total.sub(n.bonus))? };
                    let slot = nodes.get_mut(*node as usize).ok_or(Stop::Off)?;
                    // No rubric that reads a node is compiled, so nothing reads `deducted` here.
                    *slot = NodeVal {
                        score: total,
                        regular,
                        bonus: n.bonus,
                        zeroed: n.zeroed,
                        vetoed: n.vetoed,
                        ..NodeVal::default()
                    };
                }
                Op::EndPlain(node) => {
                    let slot = nodes.get_mut(*node as usize).ok_or(Stop::Off)?;
                    *slot = NodeVal { score: n.score, regular: n.score, ..NodeVal::default() };
                }
            }
        }
        Ok(())
    }
}

/// `a - b`, exactly; taking zero off keeps `a` as it is.
#[inline(always)]
fn sub(a: Q, b: Q) -> S<Q> {
    if b.is_zero() { Ok(a) } else { held(a.sub(b)) }
}

/// Records an `award`, `deduct` or `bonus` line.
#[allow(clippy::too_many_arguments)]
#[inline(always)]
fn adjusted<T: Tracer>(
    tracer: &mut T,
    node: usize,
    rule: u32,
    applied: bool,
    amount: Q,
    per: Option<Q>,
    points: Q,
    limited_to: Option<Q>,
) {
    if T::RECORDS {
        tracer.step(node, Ev::Adjust { rule, applied, amount, per, points, limited_to });
    }
}

impl Line {
    /// The points the line gives or takes, as `Cx::adjust` works them out.
    fn points<T: Tracer>(&self, r: Regs<'_>, tracer: &mut T, node: usize, rule: u32) -> S<Q> {
        let applied = match &self.when {
            Some(w) => w.eval(r)?,
            None => true,
        };
        if !applied && self.plain && !T::RECORDS {
            return Ok(Q::ZERO);
        }
        let amount = self.amount.eval(r)?;
        let per = match &self.per {
            Some(p) => Some(p.eval(r)?),
            None => None,
        };
        let mut points = Q::ZERO;
        let mut limited = None;
        if applied {
            points = match per {
                // A negative quantity is an error the general evaluator reports.
                Some(q) if q.is_negative() => return Err(Stop::Off),
                Some(q) => held(amount.mul(q))?,
                None => amount,
            };
            if let Some(m) = &self.max {
                let m = m.eval(r)?;
                if points > m {
                    points = m;
                    limited = Some(m);
                }
            }
        }
        adjusted(tracer, node, rule, applied, amount, per, points, limited);
        Ok(points)
    }
}

impl Band {
    /// The points of the band the subject falls in.
    fn points<T: Tracer>(&self, r: Regs<'_>, tracer: &mut T, node: usize, rule: u32) -> S<Q> {
        let value = self.subject.eval(r)?;
        let (arm, (_, points)) =
            self.arms.iter().enumerate().find(|(_, (iv, _))| iv.contains(value)).ok_or(Stop::Off)?;
        let points = points.eval(r)?;
        tracer.step(node, Ev::Band { rule, arm: ix(arm), value, points });
        Ok(points)
    }
}
