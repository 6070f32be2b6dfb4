//! What-if, the derivation: a node's score as a function of one fact (the others held), the
//! values of the fact at which it is higher, and the nearest of them.

use crate::analysis::whatif_set::{Q, Rel, Set};
use crate::analysis::whatif_sym::{self as sym, Arith, F, P, Sym, Underived, Why};
use crate::eval::Rubric;
use crate::plan::order::{ORDER, Phase};
use crate::plan::{AdjustDef, BandDef, CExpr, Floor, NodeDef, Range, RuleDef};
use crate::value::Value;
use rubric_syntax::ast::{BinOp, FactType, Func, RoundMode, UnOp};
use rust_decimal::Decimal;
use std::cmp::Ordering;

/// Where the fact should go: the value (or strict bound) and the value to score with.
#[derive(Debug, Clone, Copy)]
pub(crate) enum Pick {
    Exactly(Decimal),
    Above(Decimal, Decimal),
    Below(Decimal, Decimal),
}

impl Pick {
    pub(crate) fn scored_with(self) -> Decimal {
        match self {
            Pick::Exactly(v) | Pick::Above(_, v) | Pick::Below(_, v) => v,
        }
    }
}

/// Symbolic evaluation of a rubric's expressions with one fact unknown.
pub(crate) struct Cx<'a> {
    rubric: &'a Rubric,
    slots: &'a [Option<Value>],
    /// The unknown fact's slot.
    x: usize,
    /// The values the fact may take.
    domain: Set,
    /// Whether it is a whole number (count, date, yes/no).
    pub(crate) whole: bool,
    ty: FactType,
    /// The derived values, in order, as functions of the fact.
    lets: Vec<Result<Sym, Why>>,
    /// The unit bound, with its records: an aggregate over a list that does not read the fact
    /// is a constant (what-if does not move records).
    bound: Option<&'a crate::eval::Bound>,
}

impl<'a> Cx<'a> {
    pub(crate) fn new(
        rubric: &'a Rubric,
        slots: &'a [Option<Value>],
        x: usize,
        bound: Option<&'a crate::eval::Bound>,
    ) -> Self {
        let fact = rubric.facts.get(x);
        let ty = fact.map_or(FactType::Number, |f| f.ty);
        let zero = Some((Q::of(Decimal::ZERO), true));
        let mut domain = match ty {
            FactType::Count | FactType::Points | FactType::Kind | FactType::List => Set::iv(zero, None),
            FactType::Percent => Set::iv(zero, Some((Q::of(Decimal::ONE), true))),
            FactType::Bool => Set::iv(zero, Some((Q::of(Decimal::ONE), true))),
            FactType::Number | FactType::Date => Set::all(),
        };
        if let Some(r) = fact.and_then(|f| f.range.as_ref()) {
            domain = match ty {
                FactType::Count | FactType::Points => domain.intersect(&range_set(r)),
                _ => range_set(r),
            };
        }
        let whole = matches!(ty, FactType::Count | FactType::Date | FactType::Bool);
        let mut cx = Cx { rubric, slots, x, domain, whole, ty, lets: Vec::new(), bound };
        for l in &rubric.lets {
            let v = cx.expr(&l.expr).and_then(|v| {
                let zero = v.0.iter().filter(|(_, p)| *p == P::ZeroDiv).fold(Set::default(), |a, (s, _)| a.union(s));
                if zero.is_empty() {
                    return Ok(v);
                }
                let rest = Sym(v.0.into_iter().filter(|(_, p)| *p != P::ZeroDiv).collect());
                Ok(match &l.on_zero {
                    Some(z) => rest.join(cx.expr(z)?.within(&zero)),
                    None => rest.join(Sym::on(zero, P::Fail)),
                })
            });
            cx.lets.push(v);
        }
        cx
    }

    fn expr(&self, e: &CExpr) -> Result<Sym, Why> {
        Ok(match e {
            CExpr::Const(v) => Sym::constant(*v)?,
            CExpr::Slot(s) if *s == self.x => Sym::unknown(&self.domain, self.ty == FactType::Bool),
            CExpr::Slot(s) => match s.checked_sub(self.rubric.facts.len()) {
                Some(l) => self.lets.get(l).cloned().unwrap_or(Err(Underived::UnknownLet))?,
                None => Sym::constant(self.slots.get(*s).copied().flatten().ok_or(Underived::MissingFact)?)?,
            },
            CExpr::Unary(UnOp::Not, a) => self.expr(a)?.not()?,
            CExpr::Unary(UnOp::Neg, a) => self.expr(a)?.neg()?,
            CExpr::Binary(op, a, b, _) => {
                let (a, b) = (self.expr(a)?, self.expr(b)?);
                match op {
                    BinOp::And => a.logic(&b, true)?,
                    BinOp::Or => a.logic(&b, false)?,
                    BinOp::Eq => a.compare(&b, Rel::Eq)?,
                    BinOp::Ne => a.compare(&b, Rel::Ne)?,
                    BinOp::Lt => a.compare(&b, Rel::Lt)?,
                    BinOp::Le => a.compare(&b, Rel::Le)?,
                    BinOp::Gt => a.compare(&b, Rel::Gt)?,
                    BinOp::Ge => a.compare(&b, Rel::Ge)?,
                    BinOp::Add => a.arith(&b, Arith::Add)?,
                    BinOp::Sub => a.arith(&b, Arith::Sub)?,
                    BinOp::Mul => a.arith(&b, Arith::Mul)?,
                    BinOp::Div => a.arith(&b, Arith::Div)?,
                }
            }
            CExpr::Call(f, args) => {
                let mut vals = Vec::with_capacity(args.len());
                for a in args {
                    vals.push(self.expr(a)?);
                }
                match f {
                    Func::Abs => {
                        let a = vals.first().ok_or(Underived::MissingArgument)?;
                        a.least(&a.neg()?, true)?
                    }
                    Func::Min | Func::Max => {
                        let mut it = vals.into_iter();
                        let mut acc = it.next().ok_or(Underived::MissingArgument)?;
                        for v in it {
                            acc = acc.least(&v, *f == Func::Max)?;
                        }
                        acc
                    }
                    Func::Floor | Func::Ceil | Func::Round(_) | Func::Pow => match vals.as_slice() {
                        [a, b] => a.call(b, *f)?,
                        _ => return Err(Underived::MissingArgument),
                    },
                    // Dates are day numbers here, so `days(a, b)` is `b − a`, linear in each.
                    Func::Days => match vals.as_slice() {
                        [a, b] => b.arith(a, Arith::Sub)?,
                        _ => return Err(Underived::MissingArgument),
                    },
                    Func::Date | Func::Workday | Func::NextWorkday | Func::Workdays => self.day_call(*f, &vals)?,
                    _ => return Err(Underived::Cohort),
                }
            }
            // A figure over the units scored together moves with the other units too.
            CExpr::Cohort(_) => return Err(Underived::Cohort),
            CExpr::Node(_) => return Err(Underived::NodeRef),
            CExpr::If(c, a, b) => Sym::choose(&self.expr(c)?, &self.expr(a)?, &self.expr(b)?)?,
            // A count or sum over records moves with the records, which what-if does not change:
            // one that does not read the fact is a constant, its value for the unit.
            CExpr::Agg(a) => match self.held(a) {
                Some(v) => Sym::constant(v)?,
                None => {
                    let list = self.rubric.facts.get(a.list).map(|f| f.name.clone()).unwrap_or_default();
                    return Err(Underived::List { list });
                }
            },
        })
    }

    /// The value of an aggregate for the unit, when it reads neither the fact nor a derived value.
    fn held(&self, a: &crate::plan::lists::AggDef) -> Option<Value> {
        let bound = self.bound?;
        let base = self.rubric.facts.len();
        let mut stack: Vec<&CExpr> = [&a.filter, &a.arg, &a.default].into_iter().flatten().collect();
        while let Some(e) = stack.pop() {
            match e {
                // A field is read as `FIELD | i` (`plan::lists::field_read`), never a let.
                CExpr::Slot(s) if *s == self.x || (base..base + self.rubric.lets.len()).contains(s) => return None,
                CExpr::Slot(_) | CExpr::Const(_) => {}
                CExpr::Unary(_, a) => stack.push(a),
                CExpr::Binary(_, a, b, _) => stack.extend([&**a, &**b]),
                CExpr::Call(_, args) => stack.extend(args.iter()),
                CExpr::If(c, a, b) => stack.extend([&**c, &**a, &**b]),
                CExpr::Agg(_) | CExpr::Cohort(_) | CExpr::Node(_) => return None,
            }
        }
        if a.list == self.x {
            return None;
        }
        let meter = crate::eval::Meter::new(None);
        let env = bound.env(&[], None, &meter, None, &self.rubric.calendars);
        crate::eval::lists::agg(a, env).ok().map(crate::plan::exact::V::value)
    }

    /// `date`, `workday`, `next_workday` or `workdays` of arguments that do not move with the
    /// fact, computed with the rubric's calendars; where they move, what-if cannot follow them.
    fn day_call(&self, f: Func, vals: &[Sym]) -> Result<Sym, Why> {
        use crate::plan::calendar::DayVal;
        let moving = || Underived::Dates { func: f.name() };
        let mut args = Vec::with_capacity(vals.len());
        for v in vals {
            let n = v.constant_num().ok_or_else(moving)?;
            args.push(if f == Func::Date {
                DayVal::Num(crate::plan::exact::Q::dec(n))
            } else {
                let days = rust_decimal::prelude::ToPrimitive::to_i32(&n).ok_or_else(moving)?;
                DayVal::Date(chrono::NaiveDate::from_num_days_from_ce_opt(days).ok_or_else(moving)?)
            });
        }
        Ok(match crate::plan::calendar::call(f, &args, &self.rubric.calendars) {
            Some(Ok(DayVal::Num(q))) => Sym::constant(Value::Num(q.to_dec()))?,
            Some(Ok(DayVal::Bool(b))) => Sym::constant(Value::Bool(b))?,
            Some(Ok(DayVal::Date(d))) => Sym::constant(Value::Date(d))?,
            // A day outside the calendars, a date that does not exist: the unit cannot be scored.
            Some(Err(_)) => Sym::on(Set::all(), P::Fail),
            None => return Err(moving()),
        })
    }

    fn num(c: Decimal) -> Sym {
        Sym::on(Set::all(), P::Num(F::constant(c)))
    }

    /// The points of one `award`, `deduct` or `bonus` line.
    fn adjust(&self, a: &AdjustDef) -> Result<Sym, Why> {
        let mut pts = self.expr(&a.amount.expr)?;
        if let Some(q) = &a.per {
            // A negative quantity on a line that applies stops scoring (`rubric::negative-quantity`).
            let q = self.expr(&q.expr)?;
            let negative = q.compare(&Cx::num(Decimal::ZERO), Rel::Lt)?;
            let q = Sym::choose(&negative, &Sym::on(Set::all(), P::Fail), &q)?;
            pts = pts.arith(&q, Arith::Mul)?;
        }
        if let Some(m) = &a.max {
            pts = pts.least(&self.expr(&m.expr)?, false)?;
        }
        match &a.when {
            Some(w) => Sym::choose(&self.expr(&w.expr)?, &pts, &Cx::num(Decimal::ZERO)),
            None => Ok(pts),
        }
    }

    /// The points of a band table.
    fn band(&self, b: &BandDef) -> Result<Sym, Why> {
        let subject = self.expr(&b.subject.expr)?;
        subject.map(|set, p| {
            let P::Num(f) = p else { return Ok(Sym::on(set.clone(), P::Fail)) };
            let mut rest = set.clone();
            let mut out = Sym::default();
            for arm in &b.arms {
                let inside = rest.intersect(&in_range(f, &arm.range)?);
                out = out.join(self.expr(&arm.points)?.within(&inside));
                rest = rest.minus(&inside);
            }
            Ok(out.join(Sym::on(rest, P::Fail)))
        })
    }

    /// A row's score as a function of the fact, phase by phase in the one order ([`ORDER`]);
    /// rounding is left to [`Cx::better`], which rounds the score at the fact's value and the
    /// threshold. For the rubric itself (`veto_only`), only whether its vetoes hold: 1 when none
    /// does, else 0.
    fn score(&self, n: &NodeDef, veto_only: bool) -> Result<Sym, Why> {
        let zero = Cx::num(Decimal::ZERO);
        if veto_only {
            let mut total = Cx::num(Decimal::ONE);
            for r in &n.rules {
                if let RuleDef::Veto(c) = r {
                    total = Sym::choose(&self.expr(&c.cond.expr)?, &zero, &total)?;
                }
            }
            return Ok(total);
        }
        let (mut s, mut bonus, mut total) = (zero.clone(), zero.clone(), zero.clone());
        for phase in ORDER {
            match phase {
                Phase::Base => {
                    let base_rules = n.rules.iter().filter(|r| Phase::of(r) == Phase::Base);
                    s = if n.rules.iter().any(RuleDef::is_base) { zero.clone() } else { Cx::num(n.max) };
                    for r in base_rules {
                        s = s.arith(&self.base(n, r)?, Arith::Add)?;
                    }
                }
                Phase::Deduct => {
                    let mut deduct = zero.clone();
                    for r in &n.rules {
                        if let RuleDef::Deduct(d) = r {
                            deduct = deduct.arith(&self.adjust(d)?, Arith::Add)?;
                        }
                    }
                    s = s.arith(&deduct, Arith::Sub)?;
                }
                Phase::Floor => match n.floor {
                    Floor::At(f) => s = s.least(&Cx::num(f), true)?,
                    Floor::None => {}
                    // Only sections, groups and the rubric follow their parts' floor; rows never do.
                    Floor::Children => return Err(Underived::PartFloor),
                },
                Phase::Cap => {
                    if let Some(c) = n.cap {
                        s = s.least(&Cx::num(c), false)?;
                    }
                }
                Phase::Bonus => {
                    for r in &n.rules {
                        if let RuleDef::Bonus(b) = r {
                            bonus = bonus.arith(&self.adjust(b)?, Arith::Add)?;
                        }
                    }
                }
                Phase::BonusCap => {
                    if let Some(c) = n.bonus_cap {
                        bonus = bonus.least(&Cx::num(c), false)?;
                    }
                }
                Phase::Total => total = s.arith(&bonus, Arith::Add)?,
                Phase::Zero => {
                    for r in &n.rules {
                        if let RuleDef::Zero(c) | RuleDef::Veto(c) = r {
                            total = Sym::choose(&self.expr(&c.cond.expr)?, &zero, &total)?;
                        }
                        if let RuleDef::CapWhen(_) = r {
                            return Err(Underived::CondCap);
                        }
                    }
                }
                // Rounded by `better`, at the fact's value and at the threshold.
                Phase::Round => {}
            }
        }
        Ok(total)
    }

    /// The points of one base line of row `n`.
    fn base(&self, n: &NodeDef, r: &RuleDef) -> Result<Sym, Why> {
        match r {
            RuleDef::Band(b) => self.band(b),
            RuleDef::Award(a) => self.adjust(a),
            RuleDef::Score(s) => self.expr(&s.expr),
            RuleDef::Judged(j) => {
                let v = self.expr(&CExpr::Slot(j.slot))?;
                let ok =
                    v.compare(&Cx::num(Decimal::ZERO), Rel::Ge)?.logic(&v.compare(&Cx::num(n.max), Rel::Le)?, true)?;
                Sym::choose(&ok, &v, &Sym::on(Set::all(), P::Fail))
            }
            RuleDef::Deduct(_) | RuleDef::Bonus(_) | RuleDef::Zero(_) | RuleDef::Veto(_) | RuleDef::CapWhen(_) => {
                Err(Underived::OtherPhase)
            }
        }
    }

    /// The nearest value of the fact at which the node scores more than `now`, if any.
    pub(crate) fn target(&self, n: &NodeDef, now: Decimal, x0: Value, veto_only: bool) -> Result<Option<Pick>, Why> {
        let x0 = number(x0)?;
        let (better, score) = self.better(n, now, x0, veto_only)?;
        let Some(pick) = nearest(&better, x0, self.whole, self.ty)? else { return Ok(None) };
        if let Pick::Above(..) | Pick::Below(..) = pick {
            let at = pick.scored_with();
            let constant = score.0.iter().find(|(s, _)| s.contains(at)).is_some_and(|(_, p)| match p {
                P::Num(f) => f.is_const(),
                _ => false,
            });
            if !constant {
                return Err(Underived::Continuous);
            }
        }
        Ok(Some(pick))
    }

    /// The values of the fact at which the node scores more than `now`, with the node's score
    /// as a function of the fact.
    pub(crate) fn better(&self, n: &NodeDef, now: Decimal, x0: Decimal, veto_only: bool) -> Result<(Set, Sym), Why> {
        let score = self.score(n, veto_only)?;
        let (now, round) = if veto_only { (Decimal::ZERO, None) } else { (now, n.round) };
        // The derivation must give the score the evaluator gave.
        let here = score.0.iter().find(|(s, _)| s.contains(x0)).map(|(_, p)| *p);
        let value = match here {
            Some(P::Num(f)) => f.at(x0).map(|v| round.map_or(v, |(d, m)| crate::eval::round(v, d, m))),
            _ => None,
        };
        // A quotient that is not a finite decimal is rounded at its 28th place by the evaluator
        // and may be taken in another order here, so the two may differ far below any point.
        let close = value.and_then(|v| v.checked_sub(now)).is_some_and(|d| d.abs() <= Decimal::new(1, 20));
        if !close {
            return Err(Underived::Disagrees);
        }
        let mut better = Set::default();
        for (set, p) in &score.0 {
            let P::Num(f) = p else { continue };
            let (thr, rel) = threshold(now, round)?;
            let d = F::constant(thr);
            let above = sym::Sym::on(set.clone(), P::Num(*f))
                .compare(&Sym::on(Set::all(), P::Num(d)), rel)?
                .0
                .into_iter()
                .filter(|(_, p)| *p == P::Bool(true))
                .fold(Set::default(), |a, (s, _)| a.union(&s));
            better = better.union(&above);
        }
        // The current value is never a change, even where such rounding would put it above.
        Ok((better.intersect(&self.domain).minus(&Set::point(Q::of(x0))), score))
    }
}

/// A value as a number of the unknown: yes/no as 1/0, a date as its day number.
pub(crate) fn number(v: Value) -> Result<Decimal, Why> {
    Ok(match v {
        Value::Bool(b) => Decimal::from(u8::from(b)),
        Value::Num(n) => n,
        Value::Date(d) => Decimal::from(chrono::Datelike::num_days_from_ce(&d)),
        // A 不适用 value is never moved.
        Value::NotApplicable => return Err(Underived::NotApplicable),
    })
}

/// The unrounded value `v` gives a score above `now` when `v REL thr`.
fn threshold(now: Decimal, round: Option<(u32, RoundMode)>) -> Result<(Decimal, Rel), Why> {
    let Some((places, mode)) = round else { return Ok((now, Rel::Gt)) };
    if now.is_sign_negative() && !now.is_zero() {
        return Err(Underived::NegativeRounding);
    }
    let unit = Decimal::new(1, places);
    let half = unit.checked_div(Decimal::TWO).ok_or(Underived::OutOfRange)?;
    let up = now.checked_add(half).ok_or(Underived::OutOfRange)?;
    Ok(match mode {
        RoundMode::HalfUp => (up, Rel::Ge),
        RoundMode::Down => (now.checked_add(unit).ok_or(Underived::OutOfRange)?, Rel::Ge),
        RoundMode::Up => (now, Rel::Gt),
        RoundMode::HalfEven => {
            let next = now.checked_add(unit).and_then(|n| n.checked_div(unit)).ok_or(Underived::OutOfRange)?;
            let even = (next % Decimal::TWO).is_zero();
            (up, if even { Rel::Ge } else { Rel::Gt })
        }
    })
}

/// The values of a band interval (dates as day numbers).
fn range_set(r: &Range) -> Set {
    let iv = r.numbers().map(Q::of);
    Set::iv(iv.lo, iv.hi)
}

/// Where `f` lies in the interval.
fn in_range(f: F, r: &Range) -> Result<Set, Why> {
    let mut out = Set::all();
    let piece = |v: Decimal| Sym::on(Set::all(), P::Num(F::constant(v)));
    let me = Sym::on(Set::all(), P::Num(f));
    let yes =
        |s: Sym| s.0.into_iter().filter(|(_, p)| *p == P::Bool(true)).fold(Set::default(), |a, (s, _)| a.union(&s));
    let iv = r.numbers();
    if let Some((lo, closed)) = iv.lo {
        out = out.intersect(&yes(me.compare(&piece(lo), if closed { Rel::Ge } else { Rel::Gt })?));
    }
    if let Some((hi, closed)) = iv.hi {
        out = out.intersect(&yes(me.compare(&piece(hi), if closed { Rel::Le } else { Rel::Lt })?));
    }
    Ok(out)
}

/// The nearest value to `x0` in `set`: a whole number for whole facts; for others the bound
/// itself when it is included, or a strict bound (with a value just past it to score with).
fn nearest(set: &Set, x0: Decimal, whole: bool, ty: FactType) -> Result<Option<Pick>, Why> {
    let step = if ty == FactType::Percent { Decimal::new(1, 4) } else { Decimal::new(1, 2) };
    let mut best: Option<(Decimal, bool, Pick)> = None;
    let exact = |q: Q| q.exact().ok_or(Underived::NotFinite);
    for iv in &set.0 {
        if iv.contains(&Q::of(x0)) {
            return Err(Underived::Disagrees);
        }
        let above = match iv.lo {
            None => false,
            Some((lo, _)) => lo.cmp(Q::of(x0)) != Ordering::Less,
        };
        let cand = if above {
            let Some((lo, closed)) = iv.lo else { continue };
            if whole {
                let n = if closed { lo.ceil() } else { lo.floor().and_then(|f| f.checked_add(Decimal::ONE)) };
                let Some(n) = n.filter(|n| iv.contains(&Q::of(*n))) else { continue };
                Pick::Exactly(n)
            } else if closed {
                Pick::Exactly(exact(lo)?)
            } else {
                let b = exact(lo)?;
                let mut at = b.checked_add(step).ok_or(Underived::OutOfRange)?;
                if !iv.contains(&Q::of(at)) {
                    let hi = iv.hi.map(|(h, _)| exact(h)).transpose()?.ok_or(Underived::OutOfRange)?;
                    at = b.checked_add(hi).and_then(|s| s.checked_div(Decimal::TWO)).ok_or(Underived::OutOfRange)?;
                }
                Pick::Above(b, at)
            }
        } else {
            let Some((hi, closed)) = iv.hi else { continue };
            if whole {
                let n = if closed { hi.floor() } else { hi.ceil().and_then(|c| c.checked_sub(Decimal::ONE)) };
                let Some(n) = n.filter(|n| iv.contains(&Q::of(*n))) else { continue };
                Pick::Exactly(n)
            } else if closed {
                Pick::Exactly(exact(hi)?)
            } else {
                let b = exact(hi)?;
                let mut at = b.checked_sub(step).ok_or(Underived::OutOfRange)?;
                if !iv.contains(&Q::of(at)) {
                    let lo = iv.lo.map(|(l, _)| exact(l)).transpose()?.ok_or(Underived::OutOfRange)?;
                    at = b.checked_add(lo).and_then(|s| s.checked_div(Decimal::TWO)).ok_or(Underived::OutOfRange)?;
                }
                Pick::Below(b, at)
            }
        };
        let (v, strict) = match cand {
            Pick::Exactly(v) => (v, false),
            Pick::Above(b, _) | Pick::Below(b, _) => (b, true),
        };
        let dist = v.checked_sub(x0).ok_or(Underived::OutOfRange)?.abs();
        let better = best.as_ref().is_none_or(|(d, s, _)| dist < *d || (dist == *d && !strict && *s));
        if better {
            best = Some((dist, strict, cand));
        }
    }
    Ok(best.map(|(_, _, p)| p))
}
