//! What-if: for each row below its max, the smallest change of each fact it reads that raises
//! the row, derived exactly from the rules (bands, thresholds, per-incident deductions, limits,
//! zeroing), with the points the row and the total would gain.
//!
//! The row's score is worked out as a function of the one fact, the others held: every
//! expression becomes pieces over the fact's values (`whatif_sym`), comparisons and band intervals cut
//! them at exact rational bounds (`whatif_set`), and the values where the row scores more than now are
//! read off. The nearest of those values (the next whole number for counts and dates, the bound
//! itself when it is included, a strict bound "> 90%" when it is not) is the suggestion. Nothing
//! is probed: the unit is scored once per suggestion, with the fact changed, only to give the
//! exact consequence for the total (a parent's cap may take the row's gain away) and to confirm
//! the derivation.

use crate::breakdown::{NodeScore, Step, UnitScore};
use crate::facts::{Raw, UnitFacts, bind_needed};
use crate::plan::{AdjustDef, BandDef, CExpr, Kind, Loc, NodeDef, Range, Rubric, RuleDef, Value2};
use crate::value::{Ty, Value, show_num, show_percent};
use crate::whatif_set::{Q, Rel, Set};
use crate::whatif_sym::{self as sym, Arith, F, P, Sym, Why};
use rubric_syntax::ast::{BinOp, FactType, Func, RoundMode, UnOp};
use rust_decimal::Decimal;
use serde::Serialize;
use std::cmp::Ordering;

/// The suggestions for one unit.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct WhatIf {
    /// The unit.
    pub unit: String,
    /// Its total now.
    #[serde(serialize_with = "crate::value::ser_dec")]
    pub score: Decimal,
    /// The rubric's maximum.
    #[serde(serialize_with = "crate::value::ser_dec")]
    pub max: Decimal,
    /// Whether the whole assessment is vetoed (then only the veto's facts are looked at).
    pub vetoed: bool,
    /// The suggestions, most points for the total first, then in the document's order.
    pub suggestions: Vec<Suggestion>,
    /// Facts of rows below their max for which no exact change can be derived, and why.
    pub not_derived: Vec<NotDerived>,
}

/// The smallest change of one fact that raises one row.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct Suggestion {
    /// The row's id (empty for the rubric itself).
    pub node: String,
    /// The row's title.
    pub title: String,
    /// The fact to change.
    pub fact: String,
    /// Its type.
    #[serde(rename = "type")]
    pub ty: Ty,
    /// Its value now, as a person reads it.
    pub now: String,
    /// The value to reach, or the strict bound to pass.
    pub to: Target,
    /// The change: `+1`, `−2`, `是→否`, `+25个百分点以上`, `提前 3 天`.
    pub change: String,
    /// The value the unit was scored with to give the consequences (the target itself, or a
    /// value just past a strict bound).
    pub scored_with: String,
    /// The row's score now.
    #[serde(serialize_with = "crate::value::ser_dec")]
    pub row_before: Decimal,
    /// The row's score after the change.
    #[serde(serialize_with = "crate::value::ser_dec")]
    pub row_after: Decimal,
    /// The row's gain.
    #[serde(serialize_with = "crate::value::ser_dec")]
    pub row_gain: Decimal,
    /// The total after the change.
    #[serde(serialize_with = "crate::value::ser_dec")]
    pub total_after: Decimal,
    /// The total's gain (less than the row's when a parent's cap takes it, different when the
    /// fact also counts in other rows).
    #[serde(serialize_with = "crate::value::ser_dec")]
    pub total_gain: Decimal,
    /// The rules of the row whose outcome changes, as written.
    pub rules: Vec<Because>,
}

/// The value a suggestion asks for.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
#[serde(tag = "kind", content = "value", rename_all = "snake_case")]
pub enum Target {
    /// Exactly this value.
    Exactly(String),
    /// Any value above this one (it has no least value: "above 90%").
    Above(String),
    /// Any value below this one.
    Below(String),
}

impl std::fmt::Display for Target {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        match self {
            Target::Exactly(v) => f.write_str(v),
            Target::Above(v) => write!(f, "> {v}"),
            Target::Below(v) => write!(f, "< {v}"),
        }
    }
}

/// A rule of the row whose outcome the change alters.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct Because {
    /// The rule (or band) as written in the rule file.
    pub rule: String,
    /// What changes: `核查完成率 65% → 65.5%，进入 (65%, 90%]`, `扣 0.3 → 0.2`.
    pub change: String,
}

/// A fact of a row for which no change can be derived exactly.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct NotDerived {
    /// The row.
    pub node: String,
    /// The fact.
    pub fact: String,
    /// Why.
    pub reason: String,
}

/// The suggestions for a unit already scored (`score` is `rubric.evaluate(unit)`).
pub fn whatif(rubric: &Rubric, unit: &UnitFacts, score: &UnitScore) -> WhatIf {
    let mut out = WhatIf {
        unit: unit.unit.clone(),
        score: score.score,
        max: score.max,
        vetoed: score.vetoed,
        suggestions: Vec::new(),
        not_derived: Vec::new(),
    };
    let Ok(slots) = bind_needed(rubric, unit, None) else { return out };
    let mut found: Vec<(usize, usize, Suggestion)> = Vec::new();
    let rows: Vec<(usize, &NodeDef, Decimal, Option<&NodeScore>)> = if score.vetoed {
        rubric.nodes.first().map(|n| (0, n, score.score, None)).into_iter().collect()
    } else {
        let scored = score.nodes();
        rubric
            .nodes
            .iter()
            .enumerate()
            .filter(|(_, n)| n.kind == Kind::Item)
            .filter_map(|(i, n)| {
                let ns = scored.iter().find(|s| s.id == n.id)?;
                (ns.score < ns.max).then_some((i, n, ns.score, Some(*ns)))
            })
            .collect()
    };
    // One symbolic context per fact, shared by the rows that read it.
    let mut contexts: Vec<Option<Cx>> = (0..rubric.facts.len()).map(|_| None).collect();
    for (idx, node, now, ns) in rows {
        let reads = rubric.slots_read(crate::eval::rule_reads(node).into_iter());
        for (slot, fact) in rubric.facts.iter().enumerate() {
            if !reads.get(slot).copied().unwrap_or(false) {
                continue;
            }
            let Some(Some(x0)) = slots.get(slot).copied() else { continue };
            let Some(entry) = contexts.get_mut(slot) else { continue };
            let cx = entry.get_or_insert_with(|| Cx::new(rubric, &slots, slot));
            let result = cx
                .target(node, now, x0, ns.is_none())
                .and_then(|t| t.map(|t| consequence(rubric, unit, score, node, ns, fact, x0, t)).transpose());
            match result {
                Ok(Some(s)) => found.push((idx, slot, s)),
                Ok(None) => {}
                Err(reason) => {
                    out.not_derived.push(NotDerived { node: node.id.clone(), fact: fact.name.clone(), reason })
                }
            }
        }
    }
    found.sort_by(|a, b| b.2.total_gain.cmp(&a.2.total_gain).then(a.0.cmp(&b.0)).then(a.1.cmp(&b.1)));
    out.suggestions = found.into_iter().map(|(_, _, s)| s).collect();
    out
}

/// Where the fact should go: the value (or strict bound) and the value to score with.
#[derive(Debug, Clone, Copy)]
enum Pick {
    Exactly(Decimal),
    Above(Decimal, Decimal),
    Below(Decimal, Decimal),
}

impl Pick {
    fn scored_with(self) -> Decimal {
        match self {
            Pick::Exactly(v) | Pick::Above(_, v) | Pick::Below(_, v) => v,
        }
    }
}

/// Symbolic evaluation of a rubric's expressions with one fact unknown.
struct Cx<'a> {
    rubric: &'a Rubric,
    slots: &'a [Option<Value>],
    /// The unknown fact's slot.
    x: usize,
    /// The values the fact may take.
    domain: Set,
    /// Whether it is a whole number (count, date, yes/no).
    whole: bool,
    ty: FactType,
    /// The derived values, in order, as functions of the fact.
    lets: Vec<Result<Sym, Why>>,
}

impl<'a> Cx<'a> {
    fn new(rubric: &'a Rubric, slots: &'a [Option<Value>], x: usize) -> Self {
        let fact = rubric.facts.get(x);
        let ty = fact.map_or(FactType::Number, |f| f.ty);
        let zero = Some((Q::of(Decimal::ZERO), true));
        let mut domain = match ty {
            FactType::Count | FactType::Points => Set::iv(zero, None),
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
        let mut cx = Cx { rubric, slots, x, domain, whole, ty, lets: Vec::new() };
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
            CExpr::Const(v) => Sym::constant(*v),
            CExpr::Slot(s) if *s == self.x => Sym::unknown(&self.domain, self.ty == FactType::Bool),
            CExpr::Slot(s) => match s.checked_sub(self.rubric.facts.len()) {
                Some(l) => self.lets.get(l).cloned().unwrap_or_else(|| Err("未知的派生值".into()))?,
                None => Sym::constant(self.slots.get(*s).copied().flatten().ok_or("缺少事实")?),
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
                        let a = vals.first().ok_or("缺少参数")?;
                        a.least(&a.neg()?, true)?
                    }
                    Func::Min | Func::Max => {
                        let mut it = vals.into_iter();
                        let mut acc = it.next().ok_or("缺少参数")?;
                        for v in it {
                            acc = acc.least(&v, *f == Func::Max)?;
                        }
                        acc
                    }
                }
            }
            CExpr::If(c, a, b) => Sym::choose(&self.expr(c)?, &self.expr(a)?, &self.expr(b)?)?,
        })
    }

    fn num(c: Decimal) -> Sym {
        Sym::constant(Value::Num(c))
    }

    /// The points of one `award`, `deduct` or `bonus` line.
    fn adjust(&self, a: &AdjustDef) -> Result<Sym, Why> {
        let mut pts = self.expr(&a.amount.expr)?;
        if let Some(q) = &a.per {
            pts = pts.arith(&self.expr(&q.expr)?, Arith::Mul)?;
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

    /// A node's score, in the order of `docs/language.md`, as a function of the fact. For the
    /// rubric itself (`veto_only`), only whether its vetoes hold: 1 when none does, else 0.
    fn score(&self, n: &NodeDef, veto_only: bool) -> Result<Sym, Why> {
        let zero = Cx::num(Decimal::ZERO);
        let mut total = if veto_only { Cx::num(Decimal::ONE) } else { self.regular(n)? };
        for r in &n.rules {
            let c = match r {
                RuleDef::Zero(c) if !veto_only => c,
                RuleDef::Veto(c) => c,
                _ => continue,
            };
            total = Sym::choose(&self.expr(&c.cond.expr)?, &zero, &total)?;
        }
        Ok(total)
    }

    /// An item's score before zeroing: base, deductions, floor and cap, bonus.
    fn regular(&self, n: &NodeDef) -> Result<Sym, Why> {
        let mut base = if n.rules.iter().any(RuleDef::is_base) { Cx::num(Decimal::ZERO) } else { Cx::num(n.max) };
        let mut deduct = Cx::num(Decimal::ZERO);
        let mut bonus = Cx::num(Decimal::ZERO);
        for r in &n.rules {
            match r {
                RuleDef::Band(b) => base = base.arith(&self.band(b)?, Arith::Add)?,
                RuleDef::Award(a) => base = base.arith(&self.adjust(a)?, Arith::Add)?,
                RuleDef::Score(s) => base = base.arith(&self.expr(&s.expr)?, Arith::Add)?,
                RuleDef::Judged(j) => {
                    let v = self.expr(&CExpr::Slot(j.slot))?;
                    let ok = v
                        .compare(&Cx::num(Decimal::ZERO), Rel::Ge)?
                        .logic(&v.compare(&Cx::num(n.max), Rel::Le)?, true)?;
                    base = base.arith(&Sym::choose(&ok, &v, &Sym::on(Set::all(), P::Fail))?, Arith::Add)?;
                }
                RuleDef::Deduct(d) => deduct = deduct.arith(&self.adjust(d)?, Arith::Add)?,
                RuleDef::Bonus(b) => bonus = bonus.arith(&self.adjust(b)?, Arith::Add)?,
                RuleDef::Zero(_) | RuleDef::Veto(_) => {}
            }
        }
        let mut s = base.arith(&deduct, Arith::Sub)?;
        if let Some(f) = n.floor {
            s = s.least(&Cx::num(f), true)?;
        }
        if let Some(c) = n.cap {
            s = s.least(&Cx::num(c), false)?;
        }
        if let Some(c) = n.bonus_cap {
            bonus = bonus.least(&Cx::num(c), false)?;
        }
        s.arith(&bonus, Arith::Add)
    }

    /// The nearest value of the fact at which the node scores more than `now`, if any.
    fn target(&self, n: &NodeDef, now: Decimal, x0: Value, veto_only: bool) -> Result<Option<Pick>, Why> {
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
                return Err("得分随该事实连续变化，没有最小的改变量".into());
            }
        }
        Ok(Some(pick))
    }

    /// The values of the fact at which the node scores more than `now`, with the node's score
    /// as a function of the fact.
    fn better(&self, n: &NodeDef, now: Decimal, x0: Decimal, veto_only: bool) -> Result<(Set, Sym), Why> {
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
            return Err("推导的得分与计分结果不一致，未给出建议".into());
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
fn number(v: Value) -> Result<Decimal, Why> {
    Ok(match v {
        Value::Bool(b) => Decimal::from(u8::from(b)),
        Value::Num(n) => n,
        Value::Date(d) => Decimal::from(chrono::Datelike::num_days_from_ce(&d)),
    })
}

/// For `explain`: the highest value of a whole-number fact below its current one at which the
/// item scores more than `now` (its score), derived from the rules; `None` when there is none
/// or it cannot be derived exactly.
pub(crate) fn fewer(rubric: &Rubric, unit: &UnitFacts, node: &NodeDef, slot: usize, now: Decimal) -> Option<Decimal> {
    let slots = bind_needed(rubric, unit, None).ok()?;
    let x0 = number(slots.get(slot).copied().flatten()?).ok()?;
    let cx = Cx::new(rubric, &slots, slot);
    if !cx.whole {
        return None;
    }
    let (better, _) = cx.better(node, now, x0, false).ok()?;
    let below = better.intersect(&Set::iv(None, Some((Q::of(x0), false))));
    let (hi, closed) = below.0.last()?.hi?;
    let n = if closed { hi.floor()? } else { hi.ceil()?.checked_sub(Decimal::ONE)? };
    below.contains(n).then_some(n)
}

/// The unrounded value `v` gives a score above `now` when `v REL thr`.
fn threshold(now: Decimal, round: Option<(u32, RoundMode)>) -> Result<(Decimal, Rel), Why> {
    let Some((places, mode)) = round else { return Ok((now, Rel::Gt)) };
    if now.is_sign_negative() && !now.is_zero() {
        return Err("负分的舍入无法精确求解".into());
    }
    let unit = Decimal::new(1, places);
    let half = unit.checked_div(Decimal::TWO).ok_or("数值超出范围")?;
    let up = now.checked_add(half).ok_or("数值超出范围")?;
    Ok(match mode {
        RoundMode::HalfUp => (up, Rel::Ge),
        RoundMode::Down => (now.checked_add(unit).ok_or("数值超出范围")?, Rel::Ge),
        RoundMode::Up => (now, Rel::Gt),
        RoundMode::HalfEven => {
            let next = now.checked_add(unit).and_then(|n| n.checked_div(unit)).ok_or("数值超出范围")?;
            let even = (next % Decimal::TWO).is_zero();
            (up, if even { Rel::Ge } else { Rel::Gt })
        }
    })
}

/// The values of a band interval (dates as day numbers).
fn range_set(r: &Range) -> Set {
    let end = |v: Option<Value2>, closed: bool| v.map(|v| (Q::of(value2(v)), closed));
    Set::iv(end(r.lo, r.lo_closed), end(r.hi, r.hi_closed))
}

fn value2(v: Value2) -> Decimal {
    match v {
        Value2::Num(n) => n,
        Value2::Date(d) => Decimal::from(chrono::Datelike::num_days_from_ce(&d)),
    }
}

/// Where `f` lies in the interval.
fn in_range(f: F, r: &Range) -> Result<Set, Why> {
    let mut out = Set::all();
    let piece = |v: Value2| Sym::on(Set::all(), P::Num(F::constant(value2(v))));
    let me = Sym::on(Set::all(), P::Num(f));
    let yes =
        |s: Sym| s.0.into_iter().filter(|(_, p)| *p == P::Bool(true)).fold(Set::default(), |a, (s, _)| a.union(&s));
    if let Some(lo) = r.lo {
        out = out.intersect(&yes(me.compare(&piece(lo), if r.lo_closed { Rel::Ge } else { Rel::Gt })?));
    }
    if let Some(hi) = r.hi {
        out = out.intersect(&yes(me.compare(&piece(hi), if r.hi_closed { Rel::Le } else { Rel::Lt })?));
    }
    Ok(out)
}

/// The nearest value to `x0` in `set`: a whole number for whole facts; for others the bound
/// itself when it is included, or a strict bound (with a value just past it to score with).
fn nearest(set: &Set, x0: Decimal, whole: bool, ty: FactType) -> Result<Option<Pick>, Why> {
    let step = if ty == FactType::Percent { Decimal::new(1, 4) } else { Decimal::new(1, 2) };
    let mut best: Option<(Decimal, bool, Pick)> = None;
    let exact = |q: Q| q.exact().ok_or_else(|| "边界不是有限小数，无法精确给出".to_string());
    for iv in &set.0 {
        if iv.contains(x0) {
            return Err("推导的得分与计分结果不一致，未给出建议".into());
        }
        let above = match iv.lo {
            None => false,
            Some((lo, _)) => lo.cmp(Q::of(x0)) != Ordering::Less,
        };
        let cand = if above {
            let Some((lo, closed)) = iv.lo else { continue };
            if whole {
                let n = if closed { lo.ceil() } else { lo.floor().and_then(|f| f.checked_add(Decimal::ONE)) };
                let Some(n) = n.filter(|n| iv.contains(*n)) else { continue };
                Pick::Exactly(n)
            } else if closed {
                Pick::Exactly(exact(lo)?)
            } else {
                let b = exact(lo)?;
                let mut at = b.checked_add(step).ok_or("数值超出范围")?;
                if !iv.contains(at) {
                    let hi = iv.hi.map(|(h, _)| exact(h)).transpose()?.ok_or("数值超出范围")?;
                    at = b.checked_add(hi).and_then(|s| s.checked_div(Decimal::TWO)).ok_or("数值超出范围")?;
                }
                Pick::Above(b, at)
            }
        } else {
            let Some((hi, closed)) = iv.hi else { continue };
            if whole {
                let n = if closed { hi.floor() } else { hi.ceil().and_then(|c| c.checked_sub(Decimal::ONE)) };
                let Some(n) = n.filter(|n| iv.contains(*n)) else { continue };
                Pick::Exactly(n)
            } else if closed {
                Pick::Exactly(exact(hi)?)
            } else {
                let b = exact(hi)?;
                let mut at = b.checked_sub(step).ok_or("数值超出范围")?;
                if !iv.contains(at) {
                    let lo = iv.lo.map(|(l, _)| exact(l)).transpose()?.ok_or("数值超出范围")?;
                    at = b.checked_add(lo).and_then(|s| s.checked_div(Decimal::TWO)).ok_or("数值超出范围")?;
                }
                Pick::Below(b, at)
            }
        };
        let (v, strict) = match cand {
            Pick::Exactly(v) => (v, false),
            Pick::Above(b, _) | Pick::Below(b, _) => (b, true),
        };
        let dist = v.checked_sub(x0).ok_or("数值超出范围")?.abs();
        let better = best.as_ref().is_none_or(|(d, s, _)| dist < *d || (dist == *d && !strict && *s));
        if better {
            best = Some((dist, strict, cand));
        }
    }
    Ok(best.map(|(_, _, p)| p))
}

/// A value of the fact as a person reads it.
fn show(ty: FactType, v: Decimal) -> String {
    match ty {
        FactType::Percent => show_percent(v),
        FactType::Bool => if v.is_zero() { "否" } else { "是" }.to_string(),
        FactType::Date => day(v).map(|d| d.format("%Y-%m-%d").to_string()).unwrap_or_else(|| show_num(v)),
        _ => show_num(v),
    }
}

fn day(v: Decimal) -> Option<chrono::NaiveDate> {
    rust_decimal::prelude::ToPrimitive::to_i32(&v).and_then(chrono::NaiveDate::from_num_days_from_ce_opt)
}

/// The value as a facts file gives it.
fn raw(ty: FactType, v: Decimal) -> Raw {
    match ty {
        FactType::Bool => Raw::Bool(!v.is_zero()),
        FactType::Percent | FactType::Date => Raw::Text(show(ty, v)),
        _ => Raw::Number(show_num(v)),
    }
}

/// How the fact changes, in words.
fn change(ty: FactType, x0: Decimal, pick: Pick) -> String {
    let (to, strict) = match pick {
        Pick::Exactly(v) => (v, false),
        Pick::Above(b, _) | Pick::Below(b, _) => (b, true),
    };
    let d = to.saturating_sub(x0);
    let sign = if d.is_sign_negative() { "−" } else { "+" };
    let more = if !strict {
        ""
    } else if d.is_sign_negative() {
        "以下"
    } else {
        "以上"
    };
    if strict && d.is_zero() {
        return if matches!(pick, Pick::Above(..)) { "高于现值即可" } else { "低于现值即可" }.to_string();
    }
    match ty {
        FactType::Bool => format!("{}→{}", show(ty, x0), show(ty, to)),
        FactType::Percent => {
            format!("{sign}{}个百分点{more}", show_num(d.abs().saturating_mul(Decimal::ONE_HUNDRED)))
        }
        FactType::Date if d.is_sign_negative() => format!("提前 {} 天{more}", show_num(d.abs())),
        FactType::Date => format!("推迟 {} 天{more}", show_num(d)),
        _ => format!("{sign}{}{more}", show_num(d.abs())),
    }
}

/// Scores the unit with the fact changed, once, for the exact consequence.
#[allow(clippy::too_many_arguments)]
fn consequence(
    rubric: &Rubric,
    unit: &UnitFacts,
    score: &UnitScore,
    node: &NodeDef,
    ns: Option<&NodeScore>,
    fact: &crate::plan::FactDef,
    x0: Value,
    pick: Pick,
) -> Result<Suggestion, Why> {
    let x0 = number(x0)?;
    let at = pick.scored_with();
    let mut changed = unit.clone();
    for (name, value) in &mut changed.values {
        if *name == fact.name {
            *value = raw(fact.ty, at);
        }
    }
    let after = rubric.evaluate(&changed).map_err(|e| format!("改为 {} 后无法计分：{e}", show(fact.ty, at)))?;
    let (row_before, row_after, rules) = match ns {
        Some(ns) => {
            let Some(na) = after.node(&node.id) else { return Err("改变后找不到本行".into()) };
            (ns.score, na.score, because(rubric, node, ns, na))
        }
        None => {
            let rules = node
                .rules
                .iter()
                .filter_map(|r| if let RuleDef::Veto(c) = r { Some(c) } else { None })
                .filter(|c| score.steps.iter().any(|s| matches!(s, Step::Veto(z) if z.condition == c.cond.text)))
                .map(|c| Because { rule: written(rubric, c.loc), change: "解除「一票否决」".into() })
                .collect();
            (score.score, after.score, rules)
        }
    };
    let raised = if ns.is_some() { row_after > row_before } else { !after.vetoed };
    if !raised {
        return Err("推导的改变没有提高得分，未给出建议".into());
    }
    let to = match pick {
        Pick::Exactly(v) => Target::Exactly(show(fact.ty, v)),
        Pick::Above(b, _) => Target::Above(show(fact.ty, b)),
        Pick::Below(b, _) => Target::Below(show(fact.ty, b)),
    };
    Ok(Suggestion {
        node: node.id.clone(),
        title: node.title.clone(),
        fact: fact.name.clone(),
        ty: fact.value_ty(),
        now: show(fact.ty, x0),
        to,
        change: change(fact.ty, x0, pick),
        scored_with: show(fact.ty, at),
        row_before,
        row_after,
        row_gain: row_after.saturating_sub(row_before).normalize(),
        total_after: after.score,
        total_gain: after.score.saturating_sub(score.score).normalize(),
        rules,
    })
}

/// The text of a rule as written, on one line.
fn written(rubric: &Rubric, loc: Loc) -> String {
    let text = rubric.sources.get(loc.file).and_then(|f| f.text.get(loc.span.start..loc.span.end)).unwrap_or("");
    text.split_whitespace().collect::<Vec<_>>().join(" ")
}

/// The rules of the row whose outcome differs between the two scores.
fn because(rubric: &Rubric, n: &NodeDef, before: &NodeScore, after: &NodeScore) -> Vec<Because> {
    let mut out = Vec::new();
    let (mut band_k, mut base_k, mut deduct_k, mut bonus_k) = (0, 0, 0, 0);
    let bands =
        |s: &NodeScore| -> Vec<Step> { s.steps.iter().filter(|s| matches!(s, Step::Band { .. })).cloned().collect() };
    let base = |s: &NodeScore| -> Vec<Step> {
        s.steps
            .iter()
            .filter(|s| matches!(s, Step::Award(_) | Step::Score { .. } | Step::Judged { .. }))
            .cloned()
            .collect()
    };
    let deducts =
        |s: &NodeScore| -> Vec<Step> { s.steps.iter().filter(|s| matches!(s, Step::Deduct(_))).cloned().collect() };
    let bonuses =
        |s: &NodeScore| -> Vec<Step> { s.steps.iter().filter(|s| matches!(s, Step::Bonus(_))).cloned().collect() };
    let (b0, b1) = (bands(before), bands(after));
    let (a0, a1) = (base(before), base(after));
    let (d0, d1) = (deducts(before), deducts(after));
    let (o0, o1) = (bonuses(before), bonuses(after));
    let label = |a: &crate::breakdown::Adjustment| a.label.clone().or_else(|| a.condition.clone()).unwrap_or_default();
    for r in &n.rules {
        match r {
            RuleDef::Band(b) => {
                if let (
                    Some(Step::Band { subject, value: v0, band: k0, .. }),
                    Some(Step::Band { value: v1, band: k1, index, .. }),
                ) = (b0.get(band_k), b1.get(band_k))
                    && k0 != k1
                {
                    let rule = b.arms.get(*index).map(|a| written(rubric, a.loc)).unwrap_or_default();
                    out.push(Because { rule, change: format!("{subject} {v0} → {v1}，进入 {k1}") });
                }
                band_k += 1;
            }
            RuleDef::Award(_) | RuleDef::Score(_) | RuleDef::Judged(_) => {
                let loc = match r {
                    RuleDef::Award(a) => a.loc,
                    RuleDef::Score(s) => s.loc,
                    RuleDef::Judged(j) => j.loc,
                    _ => continue,
                };
                let points = |s: Option<&Step>| match s {
                    Some(Step::Award(a)) => Some(a.points),
                    Some(Step::Score { points, .. } | Step::Judged { points, .. }) => Some(*points),
                    _ => None,
                };
                let (p0, p1) = (points(a0.get(base_k)), points(a1.get(base_k)));
                if p0 != p1 {
                    let was = matches!(a0.get(base_k), Some(Step::Award(a)) if a.applied && !a.points.is_zero());
                    let what = match a1.get(base_k) {
                        Some(Step::Award(a)) if !was && a.applied && !label(a).is_empty() => {
                            format!("做到「{}」", label(a))
                        }
                        _ => "得分".to_string(),
                    };
                    out.push(Because {
                        rule: written(rubric, loc),
                        change: format!(
                            "{what}：{} → {} 分",
                            show_num(p0.unwrap_or_default()),
                            show_num(p1.unwrap_or_default())
                        ),
                    });
                }
                base_k += 1;
            }
            RuleDef::Deduct(d) | RuleDef::Bonus(d) => {
                let is_deduct = matches!(r, RuleDef::Deduct(_));
                let (s0, s1, k) = if is_deduct { (&d0, &d1, &mut deduct_k) } else { (&o0, &o1, &mut bonus_k) };
                if let (Some(Step::Deduct(x) | Step::Bonus(x)), Some(Step::Deduct(y) | Step::Bonus(y))) =
                    (s0.get(*k), s1.get(*k))
                    && x.points != y.points
                {
                    let verb = if is_deduct { "扣" } else { "加" };
                    out.push(Because {
                        rule: written(rubric, d.loc),
                        change: format!("{verb} {} → {} 分", show_num(x.points), show_num(y.points)),
                    });
                }
                *k += 1;
            }
            RuleDef::Zero(c) | RuleDef::Veto(c) => {
                let hit = |s: &NodeScore| {
                    s.steps.iter().any(|s| matches!(s, Step::Zero(z) | Step::Veto(z) if z.condition == c.cond.text))
                };
                let (h0, h1) = (hit(before), hit(after));
                if h0 != h1 {
                    let what = if matches!(r, RuleDef::Veto(_)) { "一票否决" } else { "本项不得分" };
                    let change = if h0 { format!("解除「{what}」") } else { what.to_string() };
                    out.push(Because { rule: written(rubric, c.loc), change });
                }
            }
        }
    }
    out
}
