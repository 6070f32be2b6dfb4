//! The evaluator: a unit's facts to an explained score, exactly, without recursion over the tree.

use crate::breakdown::{Adjustment, FactUse, NodeScore, Step, UnitScore, Zeroing};
use crate::error::EvalError;
use crate::facts::{UnitFacts, bind_needed};
use crate::plan::{AdjustDef, CExpr, CondDef, ExprRule, Kind, NodeDef, Rubric, RuleDef};
use crate::value::{Value, show_num};
use rubric_syntax::ast::{BinOp, Func, RoundMode, UnOp};
use rust_decimal::{Decimal, RoundingStrategy};

/// Why an expression could not be computed.
#[derive(Debug)]
enum Fail {
    /// A division by zero; the span of the division.
    Zero(String),
    /// A result beyond what a decimal holds.
    Overflow,
    /// A value that was not there (a missing fact or a failed derived value).
    Missing,
    /// The step budget ran out.
    Budget,
}

/// Counts evaluation steps against an optional budget.
pub(crate) struct Meter {
    left: std::cell::Cell<u64>,
    limited: bool,
}

impl Meter {
    fn new(budget: Option<u64>) -> Self {
        Meter { left: std::cell::Cell::new(budget.unwrap_or(0)), limited: budget.is_some() }
    }

    fn tick(&self) -> Result<(), Fail> {
        if !self.limited {
            return Ok(());
        }
        match self.left.get().checked_sub(1) {
            Some(n) => {
                self.left.set(n);
                Ok(())
            }
            None => Err(Fail::Budget),
        }
    }
}

impl Rubric {
    /// Scores one unit, explaining every point.
    ///
    /// The unit's facts are read against their declared types first: every fact a rule reads
    /// must be given, and all problems are returned at once as [`EvalError::Facts`]. Derived
    /// values are then computed, and every node is scored after its children in the order of
    /// `docs/language.md` (base, deductions, floor and cap, bonus, zero and veto, rounding).
    /// A division by zero without `on zero`, a value in no band, judged points outside the
    /// item's range and overflow are the other errors; scoring one unit never affects another.
    pub fn evaluate(&self, unit: &UnitFacts) -> Result<UnitScore, EvalError> {
        self.evaluate_with(unit, None)
    }

    /// Scores one unit within a budget of evaluation steps (one step per operation), for hosts
    /// that must bound the work done for input they do not control.
    pub fn evaluate_with(&self, unit: &UnitFacts, max_steps: Option<u64>) -> Result<UnitScore, EvalError> {
        let done = self.run(unit, None, None, max_steps)?;
        let root = done
            .into_iter()
            .next()
            .flatten()
            .ok_or_else(|| EvalError::Overflow { unit: unit.unit.clone(), what: "the rubric".into() })?;
        Ok(UnitScore {
            unit: unit.unit.clone(),
            score: root.node.score,
            max: root.node.max,
            bonus: root.node.bonus,
            vetoed: root.node.vetoed,
            steps: root.node.steps,
            children: root.node.children,
        })
    }

    /// Scores only the nodes marked in `nodes` (with everything below them), needing only the
    /// facts they read. Returns each marked node's result by index.
    pub(crate) fn evaluate_nodes(&self, unit: &UnitFacts, nodes: &[bool]) -> Result<Vec<Option<NodeScore>>, EvalError> {
        let slots = self.slots_read(
            self.nodes
                .iter()
                .enumerate()
                .filter(|(i, _)| nodes.get(*i).copied().unwrap_or(false))
                .flat_map(|(_, n)| rule_reads(n)),
        );
        let done = self.run(unit, Some(nodes), Some(&slots), None)?;
        Ok(done.into_iter().map(|d| d.map(|s| s.node)).collect())
    }

    /// Which slots (facts and derived values) are read, directly or through derived values,
    /// starting from the slots given.
    pub(crate) fn slots_read(&self, start: impl Iterator<Item = usize>) -> Vec<bool> {
        let base = self.facts.len();
        let mut read = vec![false; base + self.lets.len()];
        let mut stack: Vec<usize> = start.collect();
        while let Some(s) = stack.pop() {
            match read.get_mut(s) {
                Some(m) if !*m => *m = true,
                _ => continue,
            }
            if s >= base
                && let Some(l) = self.lets.get(s - base)
            {
                stack.extend(l.reads.iter().copied());
            }
        }
        read
    }

    /// Binds facts, computes derived values and scores nodes from the last to the first.
    fn run(
        &self,
        unit: &UnitFacts,
        nodes: Option<&[bool]>,
        needed: Option<&[bool]>,
        max_steps: Option<u64>,
    ) -> Result<Vec<Option<Scored>>, EvalError> {
        let meter = Meter::new(max_steps);
        let mut slots = bind_needed(self, unit, needed)?;
        let base = self.facts.len();
        let mut by_policy = vec![false; self.lets.len()];
        for (i, l) in self.lets.iter().enumerate() {
            if needed.is_some_and(|m| !m.get(base + i).copied().unwrap_or(false)) {
                continue;
            }
            let v = match eval(&l.expr, &slots, self.sources_text(l.loc.file), &meter) {
                Ok(v) => v,
                Err(Fail::Zero(den)) => match &l.on_zero {
                    Some(z) => {
                        if let Some(b) = by_policy.get_mut(i) {
                            *b = true;
                        }
                        eval(z, &slots, "", &meter).map_err(|f| self.fail(unit, &l.name, f))?
                    }
                    None => {
                        return Err(EvalError::ZeroDenominator {
                            unit: unit.unit.clone(),
                            value: l.name.clone(),
                            denominator: den,
                        });
                    }
                },
                Err(f) => return Err(self.fail(unit, &l.name, f)),
            };
            if let Some(s) = slots.get_mut(base + i) {
                *s = Some(v);
            }
        }
        let cx = Cx { rubric: self, slots: &slots, unit: &unit.unit, by_policy: &by_policy, meter: &meter };
        // Children always come after their parent in `nodes`, so walking backwards
        // scores every child before its parent: no recursion over the tree.
        let mut done: Vec<Option<Scored>> = vec![None; self.nodes.len()];
        for idx in (0..self.nodes.len()).rev() {
            let Some(node) = self.nodes.get(idx) else { continue };
            if nodes.is_some_and(|m| !m.get(idx).copied().unwrap_or(false)) {
                continue;
            }
            let mut kids = Vec::with_capacity(node.children.len());
            for &c in &node.children {
                let kid = match nodes {
                    None => done.get_mut(c).and_then(Option::take),
                    Some(_) => done.get(c).cloned().flatten(),
                };
                if let Some(k) = kid {
                    kids.push(k);
                }
            }
            let scored = cx.node(node, kids)?;
            if let Some(d) = done.get_mut(idx) {
                *d = Some(scored);
            }
        }
        Ok(done)
    }

    /// The text of a source file (for naming a zero denominator), borrowed.
    fn sources_text(&self, file: usize) -> &str {
        self.sources.get(file).map_or("", |f| &f.text)
    }

    fn fail(&self, unit: &UnitFacts, what: &str, f: Fail) -> EvalError {
        match f {
            Fail::Zero(den) => {
                EvalError::ZeroDenominator { unit: unit.unit.clone(), value: what.to_string(), denominator: den }
            }
            Fail::Overflow | Fail::Missing => EvalError::Overflow { unit: unit.unit.clone(), what: what.to_string() },
            Fail::Budget => EvalError::StepBudget { unit: unit.unit.clone() },
        }
    }
}

#[derive(Clone)]
struct Scored {
    node: NodeScore,
    /// The part of the score that is not bonus.
    regular: Decimal,
}

struct Cx<'a> {
    rubric: &'a Rubric,
    slots: &'a [Option<Value>],
    unit: &'a str,
    /// Which derived values took their `on zero` value.
    by_policy: &'a [bool],
    /// The step budget.
    meter: &'a Meter,
}

impl Cx<'_> {
    fn val(&self, e: &ExprRule) -> Result<Value, EvalError> {
        let src = self.rubric.sources_text(e.loc.file);
        eval(&e.expr, self.slots, src, self.meter).map_err(|f| match f {
            Fail::Zero(den) => {
                EvalError::ZeroDenominator { unit: self.unit.to_string(), value: e.text.clone(), denominator: den }
            }
            Fail::Overflow | Fail::Missing => EvalError::Overflow { unit: self.unit.to_string(), what: e.text.clone() },
            Fail::Budget => EvalError::StepBudget { unit: self.unit.to_string() },
        })
    }

    fn num(&self, e: &ExprRule) -> Result<Decimal, EvalError> {
        self.val(e)?.num().ok_or_else(|| self.overflow(&e.text))
    }

    fn cond(&self, e: &ExprRule) -> Result<bool, EvalError> {
        self.val(e)?.bool().ok_or_else(|| self.overflow(&e.text))
    }

    fn overflow(&self, what: &str) -> EvalError {
        EvalError::Overflow { unit: self.unit.to_string(), what: what.to_string() }
    }

    fn add(&self, a: Decimal, b: Decimal, what: &str) -> Result<Decimal, EvalError> {
        a.checked_add(b).ok_or_else(|| self.overflow(what))
    }

    /// The facts and derived values an expression reads, with their values.
    fn facts(&self, reads: &[usize]) -> Vec<FactUse> {
        let base = self.rubric.facts.len();
        let mut order: Vec<usize> = Vec::new();
        let mut stack: Vec<usize> = reads.iter().rev().copied().collect();
        while let Some(s) = stack.pop() {
            if order.contains(&s) {
                continue;
            }
            order.push(s);
            if s >= base
                && let Some(l) = self.rubric.lets.get(s - base)
            {
                stack.extend(l.reads.iter().rev());
            }
        }
        order
            .into_iter()
            .filter_map(|s| {
                let (name, ty, zero) = if s < base {
                    let f = self.rubric.facts.get(s)?;
                    (f.name.clone(), f.value_ty(), false)
                } else {
                    let l = self.rubric.lets.get(s - base)?;
                    (l.name.clone(), l.ty, self.by_policy.get(s - base).copied().unwrap_or(false))
                };
                let mut value = self.slots.get(s).copied().flatten()?.show(ty);
                if zero {
                    value.push_str("（分母为0，按 on zero 取值）");
                }
                Some(FactUse { name, value })
            })
            .collect()
    }

    fn node(&self, n: &NodeDef, kids: Vec<Scored>) -> Result<Scored, EvalError> {
        let mut steps = Vec::new();
        let what = if n.id.is_empty() { "the rubric" } else { n.id.as_str() };
        // 1. Base.
        let mut base = Decimal::ZERO;
        let mut child_bonus = Decimal::ZERO;
        if n.kind == Kind::Item {
            if !n.rules.iter().any(RuleDef::is_base) {
                base = n.max;
                steps.push(Step::Full { points: n.max });
            }
            for r in &n.rules {
                let pts = match r {
                    RuleDef::Band(b) => {
                        let v = self.val(&b.subject)?;
                        let mut shown = v.show(b.subject.ty);
                        let base = self.rubric.facts.len();
                        let policy = b.subject.reads.iter().any(|&r| {
                            r >= base
                                && self.by_policy.get(r - base).copied().unwrap_or(false)
                                && self.rubric.lets.get(r - base).is_some_and(|l| l.name == b.subject.text)
                        });
                        if policy {
                            shown.push_str("（分母为0，按 on zero 取值）");
                        }
                        let Some((index, arm)) = b.arms.iter().enumerate().find(|(_, a)| a.range.contains(v)) else {
                            return Err(EvalError::NoBand {
                                unit: self.unit.to_string(),
                                item: n.id.clone(),
                                subject: b.subject.text.clone(),
                                value: shown,
                            });
                        };
                        let src = self.rubric.sources_text(arm.loc.file);
                        let points = eval(&arm.points, self.slots, src, self.meter)
                            .ok()
                            .and_then(Value::num)
                            .ok_or_else(|| self.overflow(&arm.points_text))?;
                        steps.push(Step::Band {
                            subject: b.subject.text.clone(),
                            value: shown,
                            band: arm.range.text.clone(),
                            label: arm.label.clone(),
                            points,
                            facts: self.facts(&b.subject.reads),
                            number: match v {
                                Value::Num(n) => Some(n),
                                Value::Date(d) => Some(Decimal::from(chrono::Datelike::num_days_from_ce(&d))),
                                Value::Bool(_) => None,
                            },
                            index,
                        });
                        points
                    }
                    RuleDef::Award(a) => {
                        let adj = self.adjust(a)?;
                        let p = adj.points;
                        steps.push(Step::Award(adj));
                        p
                    }
                    RuleDef::Score(s) => {
                        let p = self.num(s)?;
                        steps.push(Step::Score { expr: s.text.clone(), points: p, facts: self.facts(&s.reads) });
                        p
                    }
                    RuleDef::Judged(j) => {
                        let p = self
                            .slots
                            .get(j.slot)
                            .copied()
                            .flatten()
                            .and_then(Value::num)
                            .ok_or_else(|| self.overflow(&j.name))?;
                        if p < Decimal::ZERO || p > n.max {
                            return Err(EvalError::JudgedOutOfRange {
                                unit: self.unit.to_string(),
                                fact: j.name.clone(),
                                item: n.id.clone(),
                                value: show_num(p),
                                max: show_num(n.max),
                            });
                        }
                        steps.push(Step::Judged { fact: j.name.clone(), points: p });
                        p
                    }
                    _ => continue,
                };
                base = self.add(base, pts, what)?;
            }
        } else {
            for k in &kids {
                base = self.add(base, k.regular, what)?;
                child_bonus = self.add(child_bonus, k.node.bonus, what)?;
            }
            steps.push(Step::Sum { points: base });
        }
        // 2. Deductions.
        let mut score = base;
        for r in &n.rules {
            if let RuleDef::Deduct(d) = r {
                let adj = self.adjust(d)?;
                score = score.checked_sub(adj.points).ok_or_else(|| self.overflow(what))?;
                steps.push(Step::Deduct(adj));
            }
        }
        // 3. Floor and cap.
        if let Some(f) = n.floor
            && score < f
        {
            steps.push(Step::Floor { before: score, after: f });
            score = f;
        }
        if let Some(c) = n.cap
            && score > c
        {
            steps.push(Step::Cap { before: score, after: c });
            score = c;
        }
        // 4. Bonus.
        let mut bonus = child_bonus;
        for r in &n.rules {
            if let RuleDef::Bonus(b) = r {
                let adj = self.adjust(b)?;
                bonus = self.add(bonus, adj.points, what)?;
                steps.push(Step::Bonus(adj));
            }
        }
        if let Some(c) = n.bonus_cap
            && bonus > c
        {
            steps.push(Step::BonusCap { before: bonus, after: c });
            bonus = c;
        }
        let mut total = self.add(score, bonus, what)?;
        // 5. Zero and veto.
        let (mut zeroed, mut vetoed) = (false, false);
        for r in &n.rules {
            let (c, veto): (&CondDef, bool) = match r {
                RuleDef::Zero(c) => (c, false),
                RuleDef::Veto(c) => (c, true),
                _ => continue,
            };
            if self.cond(&c.cond)? {
                let z = Zeroing {
                    condition: c.cond.text.clone(),
                    label: c.label.clone(),
                    before: total,
                    facts: self.facts(&c.cond.reads),
                };
                steps.push(if veto { Step::Veto(z) } else { Step::Zero(z) });
                zeroed |= !veto;
                vetoed |= veto;
                total = Decimal::ZERO;
                bonus = Decimal::ZERO;
            }
        }
        // 6. Rounding.
        if let Some((places, mode)) = n.round {
            let rounded = round(total, places, mode);
            if rounded != total {
                steps.push(Step::Round { before: total, after: rounded, places, mode: mode.chinese().to_string() });
                total = rounded;
            }
        }
        let regular = total.checked_sub(bonus).ok_or_else(|| self.overflow(what))?;
        Ok(Scored {
            regular,
            node: NodeScore {
                id: n.id.clone(),
                title: n.title.clone(),
                kind: n.kind,
                score: total.normalize(),
                max: n.max.normalize(),
                bonus: bonus.normalize(),
                zeroed,
                vetoed,
                meta: n.meta.clone(),
                steps,
                children: kids.into_iter().map(|k| k.node).collect(),
            },
        })
    }

    fn adjust(&self, a: &AdjustDef) -> Result<Adjustment, EvalError> {
        let applied = match &a.when {
            Some(w) => self.cond(w)?,
            None => true,
        };
        let amount = self.num(&a.amount)?;
        let per = match &a.per {
            Some(p) => Some(self.num(p)?),
            None => None,
        };
        let mut points = Decimal::ZERO;
        let mut limited_to = None;
        if applied {
            points = match per {
                Some(q) => amount.checked_mul(q).ok_or_else(|| self.overflow(&a.amount.text))?,
                None => amount,
            };
            if let Some(m) = &a.max {
                let m = self.num(m)?;
                if points > m {
                    points = m;
                    limited_to = Some(m);
                }
            }
        }
        let mut reads: Vec<usize> = Vec::new();
        for e in [Some(&a.amount), a.per.as_ref(), a.when.as_ref()].into_iter().flatten() {
            reads.extend(e.reads.iter().copied());
        }
        Ok(Adjustment {
            points: points.normalize(),
            applied,
            amount,
            per,
            per_text: a.per.as_ref().map(|p| p.text.clone()),
            condition: a.when.as_ref().map(|w| w.text.clone()),
            limited_to,
            label: a.label.clone(),
            facts: self.facts(&reads),
        })
    }
}

/// Rounds to `places` decimal places in the given mode.
pub fn round(v: Decimal, places: u32, mode: RoundMode) -> Decimal {
    let strategy = match mode {
        RoundMode::HalfUp => RoundingStrategy::MidpointAwayFromZero,
        RoundMode::HalfEven => RoundingStrategy::MidpointNearestEven,
        RoundMode::Down => RoundingStrategy::ToZero,
        RoundMode::Up => RoundingStrategy::AwayFromZero,
    };
    v.round_dp_with_strategy(places, strategy)
}

/// The slots read by a node's rules.
pub(crate) fn rule_reads(n: &NodeDef) -> Vec<usize> {
    let mut out = Vec::new();
    for r in &n.rules {
        match r {
            RuleDef::Band(b) => out.extend(b.subject.reads.iter()),
            RuleDef::Award(a) | RuleDef::Deduct(a) | RuleDef::Bonus(a) => {
                for e in [Some(&a.amount), a.per.as_ref(), a.when.as_ref(), a.max.as_ref()].into_iter().flatten() {
                    out.extend(e.reads.iter());
                }
            }
            RuleDef::Score(s) => out.extend(s.reads.iter()),
            RuleDef::Judged(j) => out.push(j.slot),
            RuleDef::Zero(c) | RuleDef::Veto(c) => out.extend(c.cond.reads.iter()),
        }
    }
    out
}

/// Evaluates a compiled expression with checked decimal arithmetic.
fn eval(e: &CExpr, slots: &[Option<Value>], src: &str, m: &Meter) -> Result<Value, Fail> {
    m.tick()?;
    Ok(match e {
        CExpr::Const(v) => *v,
        CExpr::Slot(s) => slots.get(*s).copied().flatten().ok_or(Fail::Missing)?,
        CExpr::Unary(UnOp::Not, a) => Value::Bool(!eval(a, slots, src, m)?.bool().ok_or(Fail::Missing)?),
        CExpr::Unary(UnOp::Neg, a) => Value::Num(-eval(a, slots, src, m)?.num().ok_or(Fail::Missing)?),
        CExpr::Binary(op, a, b, span) => {
            if matches!(op, BinOp::And | BinOp::Or) {
                let l = eval(a, slots, src, m)?.bool().ok_or(Fail::Missing)?;
                if (*op == BinOp::And && !l) || (*op == BinOp::Or && l) {
                    return Ok(Value::Bool(l));
                }
                return Ok(Value::Bool(eval(b, slots, src, m)?.bool().ok_or(Fail::Missing)?));
            }
            let l = eval(a, slots, src, m)?;
            let r = eval(b, slots, src, m)?;
            binary(*op, l, r, || {
                let text = src.get(span.start..span.end).unwrap_or("");
                text.rsplit_once('/').map(|(_, d)| d.trim().to_string()).unwrap_or_else(|| text.to_string())
            })?
        }
        CExpr::Call(f, args) => {
            let mut vals = Vec::with_capacity(args.len());
            for a in args {
                vals.push(eval(a, slots, src, m)?);
            }
            match f {
                Func::Abs => Value::Num(vals.first().and_then(|v| v.num()).ok_or(Fail::Missing)?.abs()),
                Func::Min => *vals.iter().min_by(|a, b| cmp(a, b)).ok_or(Fail::Missing)?,
                Func::Max => *vals.iter().max_by(|a, b| cmp(a, b)).ok_or(Fail::Missing)?,
            }
        }
        CExpr::If(c, a, b) => {
            if eval(c, slots, src, m)?.bool().ok_or(Fail::Missing)? {
                eval(a, slots, src, m)?
            } else {
                eval(b, slots, src, m)?
            }
        }
    })
}

fn cmp(a: &Value, b: &Value) -> std::cmp::Ordering {
    match (a, b) {
        (Value::Num(x), Value::Num(y)) => x.cmp(y),
        (Value::Date(x), Value::Date(y)) => x.cmp(y),
        (Value::Bool(x), Value::Bool(y)) => x.cmp(y),
        _ => std::cmp::Ordering::Equal,
    }
}

fn binary(op: BinOp, l: Value, r: Value, denominator: impl Fn() -> String) -> Result<Value, Fail> {
    use BinOp::*;
    Ok(match op {
        Eq => Value::Bool(l == r),
        Ne => Value::Bool(l != r),
        Lt => Value::Bool(cmp(&l, &r).is_lt()),
        Le => Value::Bool(cmp(&l, &r).is_le()),
        Gt => Value::Bool(cmp(&l, &r).is_gt()),
        Ge => Value::Bool(cmp(&l, &r).is_ge()),
        Add | Sub | Mul | Div => {
            let (Some(x), Some(y)) = (l.num(), r.num()) else { return Err(Fail::Missing) };
            let v = match op {
                Add => x.checked_add(y),
                Sub => x.checked_sub(y),
                Mul => x.checked_mul(y),
                _ => {
                    if y.is_zero() {
                        return Err(Fail::Zero(denominator()));
                    }
                    x.checked_div(y)
                }
            };
            Value::Num(v.ok_or(Fail::Overflow)?)
        }
        And | Or => Value::Bool(l.bool().unwrap_or(false) && r.bool().unwrap_or(false)),
    })
}
