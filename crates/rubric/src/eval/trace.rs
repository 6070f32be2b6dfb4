//! The explanation as data: what scoring did, as rule and band indices and decimals, rendered
//! to the text-bearing breakdown ([`UnitScore`]) only when asked.

use crate::eval::Rubric;
use crate::eval::cohort::Cohort;
use crate::eval::{Bound, EvalError, NodeVal, Tracer, Work};
use crate::plan::exact::{Q, V};
use crate::plan::{CExpr, ExprRule, NodeDef, RuleDef};
use crate::report::breakdown::{
    Adjustment, Aside, Combined, CondCap, FactUse, NodeScore, Over, PartScore, Step, UnitScore, Zeroing,
};
use crate::value::{Ty, Value};
use rubric_syntax::ast::Func;
use rust_decimal::Decimal;
use texts::NodeTexts;

mod dates;
mod graded;
mod json;
mod moved;
mod place;
mod reads;
mod refs;
mod texts;

use reads::Memo;
pub(crate) use reads::Tables;

/// An index into a node's rules or a table's bands, as a step records it (a rubric's checked
/// size keeps every index far below `u32::MAX`; one beyond it would name no rule, which
/// rendering the step reports as an internal error: `Trace::step`).
#[inline(always)]
pub(crate) fn ix(i: usize) -> u32 {
    u32::try_from(i).unwrap_or(u32::MAX)
}

/// One step of scoring a node, by index into the node's rules.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub(crate) enum Ev {
    /// An item without base rules starts at its maximum.
    Full { points: Q },
    /// A parent's base: the sum of its children without their bonus.
    Sum { points: Q },
    /// Rule `rule` is a band table; the value fell in band `arm`.
    Band { rule: u32, arm: u32, value: V, points: Q },
    /// Rule `rule` is an `award`, `deduct` or `bonus` line.
    Adjust { rule: u32, applied: bool, amount: Q, per: Option<Q>, points: Q, limited_to: Option<Q> },
    /// Rule `rule` is a `score` line.
    Score { rule: u32, points: Q },
    /// Rule `rule` is `judged`.
    Judged { rule: u32, points: Q },
    /// The score was raised to the floor.
    Floor { before: Q, after: Q },
    /// The score was lowered to the cap.
    Cap { before: Q, after: Q },
    /// The bonus was lowered to the bonus cap.
    BonusCap { before: Q, after: Q },
    /// Rule `rule` (`zero when` or `veto when`) held.
    Zeroed { rule: u32, before: Q },
    /// The score was rounded as the node declares.
    Round { before: Q, after: Q },
    /// Rule `rule` (`cap N when C`) held and lowered the total.
    CapWhen { rule: u32, before: Q, after: Q },
    /// The node read slot `slot` (none: all its parts), which is 不适用: it scores its maximum
    /// (`full`) or is left out of its parent.
    NotApplicable { slot: Option<u32>, full: bool },
    /// A parent with parts left out: the applicable parts' `sum` ÷ their maxima `applicable` ×
    /// its `max` gives `points` (按比例折算).
    Rescaled { sum: Q, applicable: Q, max: Q, points: Q },
    /// The node read slot `slot`, which is 不适用, and its points went to another row (计入).
    MovedOut { slot: Option<u32> },
    /// Points moved into the node: its score `before` × (`max` + `moved`) ÷ `max` is `after`.
    MovedIn { before: Q, moved: Q, max: Q, after: Q },
}

/// How one unit was scored: every node's result and every step, as indices into the rubric and
/// decimals — no text. Made by [`Rubric::trace`]; [`Trace::render`] turns it into the
/// explained breakdown with the rubric that made it.
#[derive(Debug, Clone)]
pub struct Trace {
    unit: std::sync::Arc<str>,
    /// The rubric that made it.
    rubric: u64,
    facts: std::sync::Arc<[Option<Value>]>,
    /// The records of the unit's list facts.
    lists: crate::eval::lists::Lists,
    work: Work,
    /// For each cohort figure read: the cohort's size and the value it is measured against.
    cohort: Vec<Option<(usize, Option<Value>)>>,
    /// Steps in the order taken; a node's steps are contiguous.
    steps: Vec<(u32, Ev)>,
    /// Which nodes were scored; empty when all were.
    scored: Vec<bool>,
    /// The facts the rules read that the unit does not give (none was read).
    missing: Option<std::sync::Arc<crate::eval::lazy::Missing>>,
    /// The case of the maxima that depend on the unit it was scored in (`eval/cases`).
    case: usize,
}

impl Tracer for Trace {
    const RECORDS: bool = true;
    #[inline]
    fn step(&mut self, node: usize, ev: Ev) {
        self.steps.push((ix(node), ev));
    }
    fn reset(&mut self) {
        self.steps.clear();
    }
    fn case(&mut self, k: usize) {
        self.case = k;
    }
    fn forget(&mut self, node: usize) {
        let node = ix(node);
        while self.steps.last().is_some_and(|(n, _)| *n == node) {
            self.steps.pop();
        }
    }
}

impl Trace {
    pub(crate) fn new(unit: &Bound, nodes: usize) -> Self {
        Trace {
            unit: unit.unit.clone(),
            rubric: unit.rubric,
            facts: unit.facts.clone(),
            lists: unit.lists.clone(),
            work: Work::default(),
            cohort: Vec::new(),
            steps: Vec::with_capacity(nodes * 2),
            scored: Vec::new(),
            missing: unit.missing.clone(),
            case: 0,
        }
    }

    /// Keeps the results of scoring; `mask` says which nodes were scored (all when `None`).
    /// Refuses results without one per node, so that the totals read what was scored.
    pub(crate) fn finish(
        &mut self,
        rubric: &Rubric,
        work: Work,
        mask: Option<&[bool]>,
        cohort: Option<&Cohort>,
    ) -> Result<(), EvalError> {
        if work.scored() != rubric.nodes.len() || mask.is_some_and(|m| m.len() != rubric.nodes.len()) {
            return Err(self.internal("scores or a mask for another number of nodes"));
        }
        self.work = work;
        if let Some(c) = cohort {
            // A subset no unit meets has no value to measure against (`top`).
            self.cohort = rubric.cohorts.iter().enumerate().map(|(k, d)| Some((c.of(k, d), c.top(k, d)))).collect();
        }
        // No mask: every node was scored (`was_scored`).
        self.scored = mask.map(<[bool]>::to_vec).unwrap_or_default();
        Ok(())
    }

    /// An invariant of the trace that did not hold, as the error it is.
    fn internal(&self, what: &'static str) -> EvalError {
        EvalError::internal(self.unit.to_string(), what)
    }

    /// Whether node `idx` was scored.
    fn was_scored(&self, idx: usize) -> bool {
        // `finish` refused a mask of another length, so `get` finds every node's mark.
        self.scored.is_empty() || self.scored.get(idx).copied().unwrap_or(false)
    }

    /// The unit's name.
    pub fn unit(&self) -> &str {
        &self.unit
    }

    /// The total score.
    pub fn total(&self) -> Decimal {
        // Unreachable default: `finish` refuses results without one per node, and a plan
        // always has its root (`plan::Nodes`).
        self.work.node(0).map_or(Decimal::ZERO, |n| n.score.to_dec().normalize())
    }

    /// The total score, exactly (a fraction such as 432/7 is not yet rounded).
    pub(crate) fn exact_total(&self) -> Q {
        // Unreachable default, as in `total`.
        self.work.node(0).map_or(Q::ZERO, |n| n.score)
    }

    /// The score of node `idx` (indexed like [`Rubric::nodes`]), if it was scored.
    pub fn node_score(&self, idx: usize) -> Option<Decimal> {
        if !self.was_scored(idx) {
            return None;
        }
        self.work.node(idx).map(|n| n.score.to_dec().normalize())
    }

    /// The explained breakdown, with every rule's wording and the facts behind each step.
    /// `rubric` must be the rubric that made the trace.
    pub fn render(&self, rubric: &Rubric) -> Result<UnitScore, EvalError> {
        rubric.owns(self.rubric, &self.unit)?;
        let rubric = rubric.for_case(self.case, &self.unit)?;
        let mut done = self.render_nodes(rubric, false)?;
        // Scoring fills every node (`Rubric::run_by` refuses a rubric without its root), and
        // `owns` refused a trace of another rubric.
        let root = done
            .first_mut()
            .and_then(Option::take)
            .ok_or_else(|| self.internal("the rubric's own row was not scored"))?;
        let v = self.work.node(0).ok_or_else(|| self.internal("the rubric's own row without its value"))?;
        let (mut steps, children) = (root.steps, root.children);
        steps.extend(self.not_given());
        let mut unit = UnitScore {
            unit: self.unit.clone(),
            score: v.score.to_dec().normalize(),
            max: root.max,
            bonus: v.bonus.to_dec().normalize(),
            vetoed: v.vetoed,
            grade: None,
            steps,
            children,
        };
        crate::eval::grades::set_grades(&mut unit, &self.grades(rubric)?);
        Ok(unit)
    }

    /// The grade of each graded node (`""` for the total), before quotas: quotas are applied
    /// only to units scored together ([`Rubric::grade_batch`]).
    pub fn grades(&self, rubric: &Rubric) -> Result<Vec<(String, crate::report::grades::Grade)>, EvalError> {
        let rubric = rubric.for_case(self.case, &self.unit)?;
        let graded = self.graded(rubric)?;
        Ok(graded.into_iter().map(|(i, _, g)| (rubric.node_id_of(i), g)).collect())
    }

    /// Every scored node's breakdown by index; with `keep`, each node also keeps a copy of its
    /// children (for a partial scoring whose nodes are read one by one), otherwise children are
    /// moved into their parent.
    pub(crate) fn render_nodes(&self, rubric: &Rubric, keep: bool) -> Result<Vec<Option<NodeScore>>, EvalError> {
        let rubric = rubric.for_case(self.case, &self.unit)?;
        let ranges = self.ranges(rubric.nodes.len());
        let uncapped = uncapped(rubric);
        let mut memo = Memo::new(rubric);
        let texts = &rubric.render_tables().texts;
        let mut done: Vec<Option<NodeScore>> = vec![None; rubric.nodes.len()];
        for idx in (0..rubric.nodes.len()).rev() {
            // A row outside the mask of a partial scoring has nothing to say.
            if !self.was_scored(idx) {
                continue;
            }
            let n = rubric.nodes.get(idx).ok_or_else(|| self.internal("a row index outside the rubric"))?;
            let (a, b) = ranges.get(idx).copied().ok_or_else(|| self.internal("a row without its steps"))?;
            let t = texts.node(idx).ok_or_else(|| self.internal("a row without its texts"))?;
            // `uncapped` is empty when no row's bonus is uncapped: none is then.
            let free = uncapped.get(idx).copied().unwrap_or(false);
            let evs = self.steps.get(a..b).ok_or_else(|| self.internal("a row's steps outside the trace"))?;
            let mut steps = Vec::with_capacity(evs.len());
            for (_, ev) in evs {
                steps.push(self.step(rubric, &mut memo, (n, t), *ev, free)?);
            }
            let steps = crate::report::breakdown::with_max_case(n, steps);
            let mut children = Vec::with_capacity(n.children.len());
            for &c in &n.children {
                let kid = if keep { done.get(c).cloned().flatten() } else { done.get_mut(c).and_then(Option::take) };
                children.extend(kid);
            }
            let v: NodeVal = self.work.node(idx).ok_or_else(|| self.internal("a scored row without its value"))?;
            if let Some(d) = done.get_mut(idx) {
                *d = Some(NodeScore {
                    id: t.id.clone(),
                    title: t.title.clone(),
                    kind: n.kind,
                    score: v.score.to_dec().normalize(),
                    // A row left out as not applicable is worth nothing here: its parent is
                    // rescaled to its own maximum.
                    // A row left out as not applicable is worth nothing here: its parent is
                    // rescaled to its own maximum.
                    max: self.shown_max(rubric, n, &v),
                    bonus: v.bonus.to_dec().normalize(),
                    zeroed: v.zeroed,
                    vetoed: v.vetoed,
                    meta: t.meta.clone(),
                    grade: None,
                    applicable: !v.na,
                    steps,
                    children,
                });
            }
        }
        Ok(done)
    }

    /// A `combine` line's step: how, and each part's score and points.
    fn combined(&self, rubric: &Rubric, (n, t): (&NodeDef, &NodeTexts), points: Q) -> Result<Step, EvalError> {
        let c = n.combine.as_ref().ok_or_else(|| self.internal("a combined step of a node without `combine`"))?;
        let texts = &rubric.render_tables().texts;
        let mut parts = Vec::with_capacity(n.children.len());
        for &k in &n.children {
            let (def, val) = rubric
                .nodes
                .get(k)
                .zip(self.work.nodes.get(k))
                .ok_or_else(|| self.internal("a part outside the plan"))?;
            let part = texts.node(k).ok_or_else(|| self.internal("a part without its texts"))?;
            parts.push(PartScore {
                id: part.id.clone(),
                title: part.title.clone(),
                score: val.score.to_dec(),
                max: def.max,
            });
        }
        Ok(Step::Combine(Combined {
            how: c.how.keyword().to_string(),
            label: t.combine.clone(),
            points: points.to_dec(),
            parts,
        }))
    }

    /// One step in words; `uncapped` says that the node's bonus has no limit on purpose.
    fn step(
        &self,
        rubric: &Rubric,
        memo: &mut Memo,
        (n, t): (&NodeDef, &NodeTexts),
        ev: Ev,
        uncapped: bool,
    ) -> Result<Step, EvalError> {
        let rule =
            |r: u32| n.rules.get(r as usize).ok_or_else(|| self.internal("a step of a rule the row does not have"));
        // The rule's texts, made with the plan: a text its kind has is always there.
        let said = |r: u32| t.rule(r).ok_or_else(|| self.internal("a step of a rule without its texts"));
        let main = |r: u32| said(r)?.main.clone().ok_or_else(|| self.internal("a rule without its wording"));
        let other = || self.internal("a step of another kind of rule");
        Ok(match ev {
            Ev::Full { points } => Step::Full { points: points.to_dec() },
            Ev::Sum { points } => Step::Sum { points: points.to_dec() },
            Ev::NotApplicable { slot, full } => self.not_applied(rubric, n, slot, full),
            Ev::MovedOut { slot } => self.moved_out(rubric, n, slot),
            Ev::MovedIn { before, moved, max, after } => self.moved_in(rubric, n, [before, moved, max, after]),
            Ev::Rescaled { sum, applicable, max, points } => Step::Rescaled {
                sum: sum.to_dec(),
                applicable: applicable.to_dec(),
                max: max.to_dec(),
                points: points.to_dec(),
            },
            Ev::Band { rule: r, arm, value, points } => {
                let RuleDef::Band(b) = rule(r)? else { return Err(other()) };
                let (value, points) = (value.value(), points.to_dec());
                let band = said(r)?
                    .arms
                    .get(arm as usize)
                    .ok_or_else(|| self.internal("a band step of an arm the band does not have"))?;
                // A band over a cohort figure (`band rank(完成率)`) shows it as every figure is
                // shown: `第 4 名 / 9（本单位 …，第一名 …）`.
                let figure = match b.subject.expr {
                    CExpr::Cohort(k) => self.figure(rubric, k),
                    _ => None,
                };
                let (shown, text, aside) = match figure {
                    Some(f) => (f.value, f.text, f.aside),
                    None => {
                        let (shown, text) = reads::shared(value.show_and_text(b.subject.ty));
                        (shown, text, on_zero(rubric, &b.subject, &self.work.by_policy).then_some(Aside::OnZero))
                    }
                };
                Step::Band {
                    subject: main(r)?,
                    value: shown,
                    text,
                    aside,
                    band: band.0.clone(),
                    label: band.1.clone(),
                    points,
                    facts: self.facts_of(rubric, memo, &[&b.subject.expr]),
                    number: match value {
                        Value::Num(n) => Some(n),
                        Value::Date(d) => Some(Decimal::from(chrono::Datelike::num_days_from_ce(&d))),
                        Value::Bool(_) | Value::NotApplicable => None,
                    },
                    index: arm as usize,
                }
            }
            Ev::Adjust { rule: r, applied, amount, per, points, limited_to } => {
                let (a, make, bonus): (_, fn(Adjustment) -> Step, bool) = match rule(r)? {
                    RuleDef::Award(a) => (a, Step::Award, false),
                    RuleDef::Deduct(a) => (a, Step::Deduct, false),
                    RuleDef::Bonus(a) => (a, Step::Bonus, true),
                    _ => return Err(other()),
                };
                // A line whose condition did not hold read only its condition.
                let read: Vec<&CExpr> = match (&a.when, applied) {
                    (Some(w), false) => vec![&w.expr],
                    _ => [Some(&a.amount), a.per.as_ref(), a.when.as_ref()]
                        .into_iter()
                        .flatten()
                        .map(|e| &e.expr)
                        .collect(),
                };
                make(Adjustment {
                    points: points.to_dec().normalize(),
                    applied,
                    amount: amount.to_dec(),
                    per: per.map(Q::to_dec),
                    per_text: said(r)?.per.clone(),
                    condition: said(r)?.main.clone(),
                    limited_to: limited_to.map(Q::to_dec),
                    uncapped: bonus && uncapped && a.max.is_none(),
                    label: said(r)?.label.clone(),
                    facts: self.facts_of(rubric, memo, &read),
                })
            }
            Ev::Score { rule: r, points } if n.combine.as_ref().is_some_and(|c| ix(c.rule) == r) => {
                self.combined(rubric, (n, t), points)?
            }
            Ev::Score { rule: r, points } => {
                let RuleDef::Score(s) = rule(r)? else { return Err(other()) };
                Step::Score { expr: main(r)?, points: points.to_dec(), facts: self.facts_of(rubric, memo, &[&s.expr]) }
            }
            Ev::Judged { rule: r, points } => {
                let RuleDef::Judged(_) = rule(r)? else { return Err(other()) };
                Step::Judged { fact: main(r)?, points: points.to_dec() }
            }
            Ev::Floor { before, after } => Step::Floor { before: before.to_dec(), after: after.to_dec() },
            Ev::Cap { before, after } => Step::Cap { before: before.to_dec(), after: after.to_dec() },
            Ev::BonusCap { before, after } => Step::BonusCap { before: before.to_dec(), after: after.to_dec() },
            Ev::Zeroed { rule: r, before } => {
                let (c, veto) = match rule(r)? {
                    RuleDef::Zero(c) => (c, false),
                    RuleDef::Veto(c) => (c, true),
                    _ => return Err(other()),
                };
                let z = Zeroing {
                    condition: main(r)?,
                    label: said(r)?.label.clone(),
                    before: before.to_dec(),
                    facts: self.facts_of(rubric, memo, &[&c.cond.expr]),
                };
                if veto { Step::Veto(z) } else { Step::Zero(z) }
            }
            Ev::CapWhen { rule: r, before, after } => {
                let RuleDef::CapWhen(w) = rule(r)? else { return Err(other()) };
                Step::CapWhen(CondCap {
                    condition: main(r)?,
                    label: said(r)?.label.clone(),
                    before: before.to_dec(),
                    after: after.to_dec(),
                    facts: self.facts_of(rubric, memo, &[&w.cond.cond.expr]),
                })
            }
            Ev::Round { before, after } => {
                let (places, mode) =
                    n.round.ok_or_else(|| self.internal("a rounding step of a row that does not round"))?;
                Step::Round { before: before.to_dec(), after: after.to_dec(), places, mode: mode.chinese().to_string() }
            }
        })
    }
}

impl Trace {
    /// A cohort figure with what is said beside it (`第 3 名 / 9（本单位 92.1%，第一名 97.4%）`
    /// once rendered), exactly and as text shows it.
    fn figure(&self, rubric: &Rubric, k: usize) -> Option<FactUse> {
        let def = rubric.cohorts.get(k)?;
        let value = self.work.cohort.get(k).copied().flatten()?.value();
        let own = self.work.own.get(k).copied().flatten()?.value();
        let (of, top) = self.cohort.get(k).cloned().flatten()?;
        let member = self.work.member.get(k).copied().unwrap_or(true);
        let ranks = matches!(def.func, Func::Rank | Func::RankLowest);
        let ty = match def.func {
            Func::Rank | Func::RankLowest | Func::CohortCount => Ty::Count,
            Func::Ratio => Ty::Percent,
            _ => def.arg_ty,
        };
        let aside = match (&def.among, top) {
            // The `else` value: no unit meets the condition, or the unit is not ranked in it.
            (Some(s), top) if top.is_none() || (ranks && !member) => {
                Aside::SubsetElse { among: s.text.clone(), empty: of == 0 }
            }
            (among, top) => {
                let aside = self.over(def, of, own, top)?;
                match among {
                    Some(s) => Aside::Among { among: s.text.clone(), figure: Box::new(aside) },
                    None => aside,
                }
            }
        };
        let (value, text) = reads::shared(value.show_and_text(ty));
        Some(FactUse { name: def.text.as_str().into(), value, text, aside: Some(aside) })
    }

    /// What is said beside a figure over `of` units.
    fn over(&self, def: &crate::plan::CohortDef, of: usize, own: Value, top: Option<Value>) -> Option<Aside> {
        let top = top.map(|t| t.show(def.arg_ty)).unwrap_or_default();
        let own = own.show(def.arg_ty);
        Some(match def.func {
            Func::Rank => Aside::Place { lowest: false, of, own, top },
            Func::RankLowest => Aside::Place { lowest: true, of, own, top },
            Func::Best => Aside::Over { figure: Over::Best, of },
            Func::Worst => Aside::Over { figure: Over::Worst, of },
            Func::Average => Aside::Over { figure: Over::Average, of },
            Func::CohortSum => Aside::Over { figure: Over::Sum, of },
            Func::CohortCount => Aside::Over { figure: Over::Count, of },
            Func::Ratio => Aside::Ratio { own, top },
            Func::Min | Func::Max | Func::Abs | Func::Floor | Func::Ceil | Func::Round(_) | Func::Pow => return None,
            Func::Days | Func::Date | Func::Workday | Func::NextWorkday | Func::Workdays => return None,
        })
    }
}

/// Whether a banded value is a derived value that took its `on zero` value for this unit.
pub(crate) fn on_zero(rubric: &Rubric, subject: &ExprRule, by_policy: &[bool]) -> bool {
    let base = rubric.facts.len();
    // `by_policy` has a mark per derived value (`Work::reset`); it only adds a note to the text.
    subject.reads.iter().any(|&r| {
        r >= base
            && by_policy.get(r - base).copied().unwrap_or(false)
            && rubric.lets.get(r - base).is_some_and(|l| l.name == subject.text)
    })
}

/// For each node, whether its bonus has no limit on purpose: the nearest `bonus_cap` at or
/// above it is `bonus_cap none`.
fn uncapped(rubric: &Rubric) -> Vec<bool> {
    if !rubric.nodes.iter().any(|n| n.bonus_uncapped) {
        return Vec::new();
    }
    let mut out = vec![false; rubric.nodes.len()];
    // Parents come before their children.
    for (idx, n) in rubric.nodes.iter().enumerate() {
        let here = match (n.bonus_cap, n.bonus_uncapped) {
            (Some(_), _) => false,
            (None, true) => true,
            (None, false) => out.get(idx).copied().unwrap_or(false),
        };
        if let Some(x) = out.get_mut(idx) {
            *x = here;
        }
        for &c in &n.children {
            if let Some(x) = out.get_mut(c) {
                *x = here;
            }
        }
    }
    out
}
