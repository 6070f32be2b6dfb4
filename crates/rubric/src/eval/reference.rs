//! The reference evaluator: a unit scored plainly from the plan, node by node in the one order
//! ([`ORDER`]), with none of the fast paths' analyses (no layout, no skipped floor or cap, no
//! compiled program, no shortcut for constants). It is the oracle the differential tests hold
//! every engine to ([`Engine::Reference`](crate::Engine::Reference)); it is not fast.

use crate::eval::cohort::Cohort;
use crate::eval::error::JudgedOutOfRangeError;
use crate::eval::general::{Acc, Cx, R, node_name};
use crate::eval::trace::{Ev, ix};
use crate::eval::{Bound, EvalError, Meter, NodeVal, Rubric, Scored, Tracer, Work, eval};
use crate::plan::exact::Q;
use crate::plan::order::{ORDER, Phase};
use crate::plan::{AdjustDef, ExprRule, Kind, NodeDef, RuleDef};
use crate::value::show_num;
use std::cell::Cell;

impl Rubric {
    /// Scores every node of a unit with the reference evaluator: derived values, the unit's
    /// cohort figures when it is scored in a cohort, then nodes from the last to the first.
    pub(crate) fn reference<T: Tracer>(
        &self,
        unit: &Bound,
        max_steps: Option<u64>,
        cohort: Option<&Cohort>,
        work: &mut Work,
        tracer: &mut T,
    ) -> Result<(), EvalError> {
        let meter = Meter::new(max_steps);
        work.reset(self);
        self.lets_of(unit, None, false, false, &meter, work)?;
        if let Some(c) = cohort {
            self.figures(unit, c, &meter, work)?;
        }
        if self.is_cohort() {
            self.lets_of(unit, None, true, cohort.is_some(), &meter, work)?;
        }
        if let Some(c) = cohort {
            self.late_figures(unit, c, true, &meter, work)?;
        }
        let cohort_values = cohort.map(|_| work.cohort.as_slice());
        let done = std::cell::Cell::from_mut(work.nodes.as_mut_slice()).as_slice_of_cells();
        let scored = Some(Scored::Live(&self.refs, done));
        let env = unit.env(&work.lets, cohort_values, &meter, scored, &self.calendars).failing(&work.failed);
        let mut cx = Cx { rubric: self, env, unit: &unit.unit, by_policy: &work.by_policy, tracer };
        for idx in self.scoring_order(&unit.unit)? {
            let n = self.nodes.get(idx).ok_or_else(|| *cx.internal("a node in the order outside the plan"))?;
            let v = match cx.reference_node(idx, n, done) {
                Ok(v) => v,
                Err(e) => cx.or_not_applicable(idx, n, e, done).map_err(|e| *e)?,
            };
            done.get(idx).ok_or_else(|| *cx.internal("a node without a place for its score"))?.set(v);
        }
        Ok(())
    }
}

impl<T: Tracer> Cx<'_, T> {
    /// Node `idx`'s score: each phase of [`ORDER`] in turn, every check made.
    pub(crate) fn reference_node(&mut self, idx: usize, n: &NodeDef, done: &[Cell<NodeVal>]) -> R<NodeVal> {
        let mut s = Acc::default();
        for phase in ORDER {
            match phase {
                // An item, or a section, group or the rubric scored by `score` lines (their sum,
                // not the parts').
                Phase::Base if n.kind == Kind::Item || n.rules.iter().any(|r| matches!(r, RuleDef::Score(_))) => {
                    if n.kind == Kind::Item && !n.rules.iter().any(|r| Phase::of(r) == Phase::Base) {
                        s.base = Q::dec(n.max);
                        self.tracer.step(idx, Ev::Full { points: s.base });
                    }
                    for (ri, r) in n.rules.iter().enumerate().filter(|(_, r)| Phase::of(r) == phase) {
                        let points = self.ref_base(idx, ri, r, n)?;
                        s.base = s.base.add(points).map_err(|e| self.inexact(node_name(n), e))?;
                    }
                    s.score = s.base;
                }
                Phase::Base => {
                    (s.base, s.bonus) = self.children_base(idx, n, done)?;
                    s.score = s.base;
                }
                Phase::Deduct => {
                    for (ri, r) in n.rules.iter().enumerate() {
                        if let RuleDef::Deduct(d) = r {
                            let points = self.ref_adjust(idx, ri, d)?;
                            s.score = s.score.sub(points).map_err(|e| self.inexact(node_name(n), e))?;
                        }
                    }
                    s.deducted = s.base.sub(s.score).map_err(|e| self.inexact(node_name(n), e))?;
                }
                Phase::Floor => {
                    if let Some(f) = n.floor.at_q(s.base)
                        && s.score < f
                    {
                        self.tracer.step(idx, Ev::Floor { before: s.score, after: f });
                        s.score = f;
                        s.deducted = s.base.sub(f).map_err(|e| self.inexact(node_name(n), e))?;
                    }
                }
                Phase::Cap => {
                    if let Some(c) = n.cap.map(Q::dec)
                        && s.score > c
                    {
                        self.tracer.step(idx, Ev::Cap { before: s.score, after: c });
                        s.score = c;
                    }
                }
                Phase::Bonus => {
                    for (ri, r) in n.rules.iter().enumerate() {
                        if let RuleDef::Bonus(b) = r {
                            let points = self.ref_adjust(idx, ri, b)?;
                            s.bonus = s.bonus.add(points).map_err(|e| self.inexact(node_name(n), e))?;
                        }
                    }
                }
                Phase::BonusCap => {
                    if let Some(c) = n.bonus_cap.map(Q::dec)
                        && s.bonus > c
                    {
                        self.tracer.step(idx, Ev::BonusCap { before: s.bonus, after: c });
                        s.bonus = c;
                    }
                }
                Phase::Total => {
                    s.score = self.take_moved(idx, n, done, s.score)?;
                    s.score = s.score.add(s.bonus).map_err(|e| self.inexact(node_name(n), e))?;
                }
                Phase::Zero => self.ref_zero(idx, n, &mut s)?,
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
        let regular = s.score.sub(s.bonus).map_err(|e| self.inexact(node_name(n), e))?;
        Ok(s.val(regular))
    }

    /// Every `zero when` and `veto when` of node `n`, each looked at and recorded when it holds.
    fn ref_zero(&mut self, idx: usize, n: &NodeDef, s: &mut Acc) -> R<()> {
        for (ri, r) in n.rules.iter().enumerate() {
            // Lines of the other phases are not zeroings.
            let (c, veto) = match r {
                RuleDef::Zero(c) => (c, false),
                RuleDef::Veto(c) => (c, true),
                RuleDef::CapWhen(w) => {
                    let cap = Q::dec(w.cap);
                    if self.ref_bool(&w.cond.cond)? && s.score > cap {
                        self.tracer.step(idx, Ev::CapWhen { rule: ix(ri), before: s.score, after: cap });
                        s.score = cap;
                    }
                    continue;
                }
                _ => continue,
            };
            if self.ref_bool(&c.cond)? {
                self.tracer.step(idx, Ev::Zeroed { rule: ix(ri), before: s.score });
                s.zeroed |= !veto;
                s.vetoed |= veto;
                s.score = Q::ZERO;
                s.bonus = Q::ZERO;
            }
        }
        Ok(())
    }

    /// The points of base line `r` (rule `ri`) of item `n`.
    fn ref_base(&mut self, idx: usize, ri: usize, r: &RuleDef, n: &NodeDef) -> R<Q> {
        match r {
            RuleDef::Band(b) => {
                let v = self.val(&b.subject)?;
                let Some((arm, def)) = b.arms.iter().enumerate().find(|(_, a)| a.range.holds(v)) else {
                    return Err(Box::new(self.no_band(n, b, v)));
                };
                let points = eval(&def.points, self.env)
                    .map_err(|f| Box::new(self.rubric.fail(self.unit, &def.points_text, b.subject.loc.file, f)))?
                    .num()
                    .ok_or_else(|| self.overflow(&def.points_text))?;
                self.tracer.step(idx, Ev::Band { rule: ix(ri), arm: ix(arm), value: v, points });
                Ok(points)
            }
            RuleDef::Award(a) => self.ref_adjust(idx, ri, a),
            RuleDef::Score(e) => {
                let points = self.ref_num(e)?;
                self.tracer.step(idx, Ev::Score { rule: ix(ri), points });
                Ok(points)
            }
            RuleDef::Judged(j) => {
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
                Ok(p)
            }
            RuleDef::Deduct(_) | RuleDef::Bonus(_) | RuleDef::Zero(_) | RuleDef::Veto(_) | RuleDef::CapWhen(_) => {
                Err(self.internal("a base line of another phase"))
            }
        }
    }

    /// An `award`, `deduct` or `bonus` line: its condition, amount, quantity and limit, all
    /// worked out, and the points it gives or takes.
    fn ref_adjust(&mut self, idx: usize, rule: usize, a: &AdjustDef) -> R<Q> {
        let applied = match &a.when {
            Some(w) => self.ref_bool(w)?,
            None => true,
        };
        // As the general evaluator: a line not applied whose points fail gives nothing.
        let Some(amount) = crate::eval::lazy::if_taken(self.ref_num(&a.amount), applied)? else { return Ok(Q::ZERO) };
        let per = match &a.per {
            Some(p) => match crate::eval::lazy::if_taken(self.ref_num(p), applied)? {
                Some(q) => Some((q, p)),
                None => return Ok(Q::ZERO),
            },
            None => None,
        };
        let (mut points, mut limited_to) = (Q::ZERO, None);
        if applied {
            points = match per {
                Some((q, p)) if q.is_negative() => return Err(Box::new(self.negative(idx, rule, p, q))),
                Some((q, _)) => amount.mul(q).map_err(|e| self.inexact(&a.amount.text, e))?,
                None => amount,
            };
            if let Some(m) = &a.max {
                let m = self.ref_num(m)?;
                if points > m {
                    points = m;
                    limited_to = Some(m);
                }
            }
        }
        let per = per.map(|(q, _)| q);
        self.tracer.step(idx, Ev::Adjust { rule: ix(rule), applied, amount, per, points, limited_to });
        Ok(points)
    }

    /// A number, evaluated.
    fn ref_num(&self, e: &ExprRule) -> R<Q> {
        self.val(e)?.num().ok_or_else(|| self.overflow(&e.text))
    }

    /// A yes/no, evaluated.
    fn ref_bool(&self, e: &ExprRule) -> R<bool> {
        self.val(e)?.bool().ok_or_else(|| self.overflow(&e.text))
    }
}
