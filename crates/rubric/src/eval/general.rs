//! The general evaluator's scoring of one node: each phase of the one order (`ORDER`) over the
//! rules the layout sorted, skipping the floor and cap checks the layout says can never bind.

use crate::eval::error::{JudgedOutOfRangeError, NegativeQuantityError, NoBandError, OverflowError, PrecisionError};
use crate::eval::layout::NodeLayout;
use crate::eval::trace::{Ev, ix};
use crate::eval::{Env, EvalError, NodeVal, Rubric, Tracer, compare, eval};
use crate::plan::exact::{Inexact, Q, V};
use crate::plan::order::Phase;
use crate::plan::{AdjustDef, CExpr, ExprRule, Kind, NodeDef, RuleDef};
use crate::value::{Value, show_num};

/// A result whose error is boxed: the error path is rare, and a small `Err` keeps every
/// `Ok` cheap to move.
pub(crate) type R<T> = Result<T, Box<EvalError>>;

/// A node's running figures as its phases run.
#[derive(Default)]
pub(crate) struct Acc {
    /// The base (for a parent, its children's regular points).
    pub(crate) base: Q,
    /// The score: the base less deductions, floored and capped; from [`Phase::Total`] on, the
    /// total (bonus included), zeroed and rounded.
    pub(crate) score: Q,
    /// The bonus: the children's and the node's own, capped.
    pub(crate) bonus: Q,
    pub(crate) zeroed: bool,
    pub(crate) vetoed: bool,
    /// The points the deductions took: the base less the score after deductions and floor.
    pub(crate) deducted: Q,
}

impl Acc {
    /// The node's result, `regular` being its score less its bonus.
    pub(crate) fn val(&self, regular: Q) -> NodeVal {
        let deducted = if self.deducted.is_negative() { Q::ZERO } else { self.deducted };
        NodeVal {
            score: self.score,
            regular,
            bonus: self.bonus,
            zeroed: self.zeroed,
            vetoed: self.vetoed,
            deducted,
            na: false,
            left_out: false,
            moved: false,
        }
    }
}

/// The scoring of one unit's nodes.
pub(crate) struct Cx<'a, T> {
    pub(crate) rubric: &'a Rubric,
    pub(crate) env: Env<'a>,
    pub(crate) unit: &'a str,
    /// Which derived values took their `on zero` value.
    pub(crate) by_policy: &'a [bool],
    pub(crate) tracer: &'a mut T,
}

impl<T: Tracer> Cx<'_, T> {
    pub(crate) fn val(&self, e: &ExprRule) -> R<V> {
        eval(&e.expr, self.env).map_err(|f| Box::new(self.rubric.fail(self.unit, &e.text, e.loc.file, f)))
    }

    /// A number: a constant is read directly (when no step budget counts the reads).
    #[inline]
    fn num(&self, e: &ExprRule) -> R<Q> {
        if let (CExpr::Const(Value::Num(d)), false) = (&e.expr, self.env.meter.limited) {
            return Ok(Q::dec(*d));
        }
        self.val(e)?.num().ok_or_else(|| self.overflow(&e.text))
    }

    /// A condition: a yes/no fact, or a fact compared with a constant, is read directly (when
    /// no step budget counts the operations); anything else is evaluated.
    #[inline]
    fn cond(&self, e: &ExprRule) -> R<bool> {
        if !self.env.meter.limited {
            match &e.expr {
                CExpr::Slot(s) => {
                    if let Some(V::Bool(b)) = self.env.slot(*s) {
                        return Ok(b);
                    }
                }
                CExpr::Binary(op, a, b, _) => {
                    // A comparison that fails falls through to `eval`, which reports it.
                    if let (CExpr::Slot(s), CExpr::Const(c)) = (a.as_ref(), b.as_ref())
                        && let Some(v) = self.env.slot(*s)
                        && let Ok(Some(r)) = compare(*op, v, V::of(*c))
                    {
                        return Ok(r);
                    }
                }
                _ => {}
            }
        }
        self.val(e)?.bool().ok_or_else(|| self.overflow(&e.text))
    }

    /// An internal invariant that did not hold: an error, never a wrong number.
    pub(crate) fn internal(&self, what: &'static str) -> Box<EvalError> {
        Box::new(EvalError::internal(self.unit.to_string(), what))
    }

    pub(crate) fn overflow(&self, what: &str) -> Box<EvalError> {
        Box::new(EvalError::Overflow(OverflowError { unit: self.unit.to_string(), what: what.to_string() }))
    }

    /// The error of an arithmetic result that cannot be held, naming `what` computed it.
    pub(crate) fn inexact(&self, what: &str, e: Inexact) -> Box<EvalError> {
        let (unit, what) = (self.unit.to_string(), what.to_string());
        Box::new(match e {
            Inexact::Overflow => EvalError::Overflow(OverflowError { unit, what }),
            Inexact::Precision => EvalError::Precision(PrecisionError { unit, what }),
        })
    }

    /// `a + b`, exactly; adding zero (most bonuses, most children's bonus) costs nothing.
    #[inline(always)]
    fn add(&self, a: Q, b: Q, n: &NodeDef) -> R<Q> {
        if b.is_zero() {
            return Ok(a);
        }
        if a.is_zero() {
            return Ok(b);
        }
        a.add(b).map_err(|e| self.inexact(node_name(n), e))
    }

    /// Scores node `idx` phase by phase in the one order ([`ORDER`]), skipping the floor and cap
    /// checks its layout says can never bind.
    pub(crate) fn node(&mut self, idx: usize, n: &NodeDef, done: &[std::cell::Cell<NodeVal>]) -> R<NodeVal> {
        let layout = self.rubric.layout().nodes.get(idx).ok_or_else(|| self.internal("a node without a layout"))?;
        let mut s = Acc::default();
        // The phases of `ORDER` that can change this node's score (the others do nothing).
        for &phase in &layout.phases {
            match phase {
                Phase::Base if n.kind == Kind::Item => {
                    if layout.full {
                        s.base = Q::dec(n.max);
                        self.tracer.step(idx, Ev::Full { points: s.base });
                    }
                    for &ri in layout.rules(phase) {
                        let pts = self.base_rule(idx, ri, n, layout)?;
                        s.base = self.add(s.base, pts, n)?;
                    }
                    s.score = s.base;
                }
                // A section, group or the rubric scored by `score` lines: their sum, not the parts'.
                Phase::Base if !layout.rules(phase).is_empty() => {
                    for &ri in layout.rules(phase) {
                        let pts = self.base_rule(idx, ri, n, layout)?;
                        s.base = self.add(s.base, pts, n)?;
                    }
                    s.score = s.base;
                }
                Phase::Base => {
                    (s.base, s.bonus) = self.children_base(idx, n, done)?;
                    s.score = s.base;
                }
                Phase::Deduct => {
                    for &ri in layout.rules(phase) {
                        let Some(RuleDef::Deduct(d)) = n.rules.get(ri) else {
                            return Err(self.internal("a deduction that is not a `deduct` line"));
                        };
                        let points = self.adjust(idx, ri, d, layout)?;
                        if !points.is_zero() {
                            s.score = s.score.sub(points).map_err(|e| self.inexact(node_name(n), e))?;
                        }
                    }
                    s.deducted = s.base.sub(s.score).map_err(|e| self.inexact(node_name(n), e))?;
                }
                // Where the layout says it can apply. The usual floor is 0: a sign test instead
                // of a comparison.
                Phase::Floor => {
                    if layout.floor
                        && let Some(f) = n.floor.at_q(s.base)
                        && (if f.is_zero() { s.score.is_negative() } else { s.score < f })
                    {
                        self.tracer.step(idx, Ev::Floor { before: s.score, after: f });
                        s.score = f;
                        s.deducted = s.base.sub(f).map_err(|e| self.inexact(node_name(n), e))?;
                    }
                }
                Phase::Cap => {
                    if layout.cap
                        && let Some(c) = n.cap
                        && s.score > Q::dec(c)
                    {
                        let c = Q::dec(c);
                        self.tracer.step(idx, Ev::Cap { before: s.score, after: c });
                        s.score = c;
                    }
                }
                Phase::Bonus => {
                    for &ri in layout.rules(phase) {
                        let Some(RuleDef::Bonus(b)) = n.rules.get(ri) else {
                            return Err(self.internal("a bonus that is not a `bonus` line"));
                        };
                        let points = self.adjust(idx, ri, b, layout)?;
                        s.bonus = self.add(s.bonus, points, n)?;
                    }
                }
                Phase::BonusCap => {
                    if let Some(c) = n.bonus_cap
                        && s.bonus > Q::dec(c)
                    {
                        let c = Q::dec(c);
                        self.tracer.step(idx, Ev::BonusCap { before: s.bonus, after: c });
                        s.bonus = c;
                    }
                }
                Phase::Total => {
                    s.score = self.take_moved(idx, n, done, s.score)?;
                    s.score = self.add(s.score, s.bonus, n)?;
                }
                Phase::Zero => {
                    for &ri in layout.rules(phase) {
                        let (c, veto) = match n.rules.get(ri) {
                            Some(RuleDef::Zero(c)) => (c, false),
                            Some(RuleDef::Veto(c)) => (c, true),
                            Some(RuleDef::CapWhen(w)) => {
                                let cap = Q::dec(w.cap);
                                // The condition is read whether or not the cap would lower the
                                // score: a fact it reads is needed (issue 16).
                                if self.cond(&w.cond.cond)? && s.score > cap {
                                    self.tracer.step(idx, Ev::CapWhen { rule: ix(ri), before: s.score, after: cap });
                                    s.score = cap;
                                }
                                continue;
                            }
                            _ => return Err(self.internal("a zeroing that is not a `zero` or `veto` line")),
                        };
                        if self.cond(&c.cond)? {
                            self.tracer.step(idx, Ev::Zeroed { rule: ix(ri), before: s.score });
                            s.zeroed |= !veto;
                            s.vetoed |= veto;
                            s.score = Q::ZERO;
                            s.bonus = Q::ZERO;
                        }
                    }
                }
                Phase::Round => {
                    if let Some((places, mode)) = n.round {
                        let rounded = s.score.round(places, mode).map_err(|e| self.inexact(node_name(n), e))?;
                        if rounded != s.score {
                            self.tracer.step(idx, Ev::Round { before: s.score, after: rounded });
                            s.score = rounded;
                        }
                    }
                }
            }
        }
        let regular = if s.bonus.is_zero() {
            s.score
        } else {
            s.score.sub(s.bonus).map_err(|e| self.inexact(node_name(n), e))?
        };
        Ok(s.val(regular))
    }

    /// The points of base rule `ri` of item `n`.
    fn base_rule(&mut self, idx: usize, ri: usize, n: &NodeDef, layout: &NodeLayout) -> R<Q> {
        Ok(match n.rules.get(ri) {
            Some(RuleDef::Band(b)) => {
                let v = self.val(&b.subject)?;
                let Some((arm, def)) = b.arms.iter().enumerate().find(|(_, a)| a.range.holds(v)) else {
                    return Err(Box::new(self.no_band(n, b, v)));
                };
                let points = match (&def.points, self.env.meter.limited) {
                    (CExpr::Const(Value::Num(d)), false) => Q::dec(*d),
                    _ => eval(&def.points, self.env)
                        .map_err(|f| Box::new(self.rubric.fail(self.unit, &def.points_text, b.subject.loc.file, f)))?
                        .num()
                        .ok_or_else(|| self.overflow(&def.points_text))?,
                };
                self.tracer.step(idx, Ev::Band { rule: ix(ri), arm: ix(arm), value: v, points });
                points
            }
            Some(RuleDef::Award(a)) => self.adjust(idx, ri, a, layout)?,
            Some(RuleDef::Score(s)) => {
                let points = self.num(s)?;
                self.tracer.step(idx, Ev::Score { rule: ix(ri), points });
                points
            }
            Some(RuleDef::Judged(j)) => {
                let p = self.judged(j)?;
                if p.is_negative() || p > Q::dec(n.max) {
                    return Err(Box::new(EvalError::JudgedOutOfRange(JudgedOutOfRangeError {
                        unit: self.unit.to_string(),
                        fact: j.name.clone(),
                        item: n.id.clone(),
                        value: show_num(p.to_dec()),
                        max: show_num(n.max),
                    })));
                }
                self.tracer.step(idx, Ev::Judged { rule: ix(ri), points: p });
                p
            }
            _ => return Err(self.internal("a base rule that is not a base line")),
        })
    }

    /// Applies an `award`, `deduct` or `bonus` line: the points it gives or takes.
    fn adjust(&mut self, idx: usize, rule: usize, a: &AdjustDef, layout: &NodeLayout) -> R<Q> {
        let applied = match &a.when {
            Some(w) => self.cond(w)?,
            None => true,
        };
        // A line whose condition does not hold gives nothing; when only scoring, its points
        // need not be worked out if doing so cannot fail (constants and facts). (A rule the
        // layout does not know is worked out: `false` only costs time, never a number.)
        if !applied && !T::RECORDS && !self.env.meter.limited && layout.plain.get(rule).copied().unwrap_or(false) {
            return Ok(Q::ZERO);
        }
        // A line whose condition does not hold and whose points cannot be worked out gives
        // nothing, and no step: they read what it does not need (issue 16).
        let Some(amount) = crate::eval::lazy::if_taken(self.num(&a.amount), applied)? else { return Ok(Q::ZERO) };
        let per = match &a.per {
            Some(p) => match crate::eval::lazy::if_taken(self.num(p), applied)? {
                Some(q) => Some(q),
                None => return Ok(Q::ZERO),
            },
            None => None,
        };
        let mut points = Q::ZERO;
        let mut limited_to = None;
        if applied {
            points = match (per, &a.per) {
                (Some(q), Some(p)) => {
                    if q.is_negative() {
                        return Err(Box::new(self.negative(idx, rule, p, q)));
                    }
                    amount.mul(q).map_err(|e| self.inexact(&a.amount.text, e))?
                }
                _ => amount,
            };
            if let Some(m) = &a.max {
                let m = self.num(m)?;
                if points > m {
                    points = m;
                    limited_to = Some(m);
                }
            }
        }
        self.tracer.step(idx, Ev::Adjust { rule: ix(rule), applied, amount, per, points, limited_to });
        Ok(points)
    }

    /// The error of a line that applies with a negative `per` quantity: it would turn a
    /// deduction into points given (and an award into points taken).
    pub(crate) fn negative(&self, idx: usize, rule: usize, per: &ExprRule, q: Q) -> EvalError {
        let node = self.rubric.nodes.get(idx);
        let line = match node.and_then(|n| n.rules.get(rule)) {
            Some(RuleDef::Deduct(_)) => "deduct",
            Some(RuleDef::Bonus(_)) => "bonus",
            _ => "award",
        };
        let base = self.rubric.facts.len();
        let mut seen = Vec::new();
        let mut values = Vec::new();
        for &s in &per.reads {
            if seen.contains(&s) {
                continue;
            }
            seen.push(s);
            let (name, ty) = match s.checked_sub(base) {
                None => match self.rubric.facts.get(s) {
                    Some(f) => (f.name.as_str(), f.value_ty()),
                    None => continue,
                },
                Some(l) => match self.rubric.lets.get(l) {
                    Some(l) => (l.name.as_str(), l.ty),
                    None => continue,
                },
            };
            if let Some(v) = self.env.slot(s) {
                values.push(format!("{name} = {}", v.value().show(ty)));
            }
        }
        EvalError::NegativeQuantity(NegativeQuantityError {
            unit: self.unit.to_string(),
            item: node.map(|n| node_name(n).to_string()).unwrap_or_default(),
            line,
            quantity: per.text.clone(),
            value: if values.is_empty() {
                show_num(q.to_dec())
            } else {
                format!("{} ({})", show_num(q.to_dec()), values.join(", "))
            },
        })
    }

    pub(crate) fn no_band(&self, n: &NodeDef, b: &crate::plan::BandDef, v: V) -> EvalError {
        let mut shown = v.value().show(b.subject.ty);
        if crate::eval::trace::on_zero(self.rubric, &b.subject, self.by_policy) {
            shown.push_str(" (its `on zero` value)");
        }
        EvalError::NoBand(NoBandError {
            unit: self.unit.to_string(),
            item: n.id.clone(),
            subject: b.subject.text.clone(),
            value: shown,
        })
    }
}

/// How a node is named in an overflow message.
pub(crate) fn node_name(n: &NodeDef) -> &str {
    if n.id.is_empty() { "the rubric" } else { n.id.as_str() }
}
