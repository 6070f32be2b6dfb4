//! What would raise a score: for each row below its max, the nearest better band, the
//! deductions that could be avoided and the parts not yet earned, with the exact points gained.

use crate::eval::error::InternalPlanError;
use crate::eval::{EvalError, Rubric};
use crate::facts::{Raw, UnitFacts};
use crate::plan::interval::Interval;
use crate::plan::{BandDef, CExpr, Kind, NodeDef, RuleDef};
use crate::report::breakdown::{FactUse, NodeScore, Step, UnitScore};
use crate::value::{Ty, Value, show_num, show_percent};
use rust_decimal::Decimal;
use serde::Serialize;

/// A change that would raise a row's score.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct Hint {
    /// The row.
    pub node: String,
    /// What to change.
    pub kind: HintKind,
    /// The points the row would gain.
    #[serde(serialize_with = "crate::value::ser_dec")]
    pub gain: Decimal,
}

/// The kinds of change.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
#[serde(tag = "kind", rename_all = "snake_case")]
#[non_exhaustive]
pub enum HintKind {
    /// Move a value into a better band.
    Band {
        /// The value banded, as written.
        subject: String,
        /// Its value now, exactly.
        value: String,
        /// Its value now as text shows it (rounded and marked `≈` when long); not serialised.
        #[serde(skip)]
        text: String,
        /// The boundary to pass.
        threshold: String,
        /// `above` or `below`.
        direction: Direction,
        /// Whether reaching the boundary itself is enough.
        inclusive: bool,
        /// The points of that band.
        #[serde(serialize_with = "crate::value::ser_dec")]
        points: Decimal,
    },
    /// Fewer incidents of a per-incident deduction.
    Fewer {
        /// The quantity, as written.
        quantity: String,
        /// Its value now.
        now: String,
        /// The value that gains the points.
        to: String,
        /// The deduction's label.
        label: Option<String>,
    },
    /// A condition that took points off and no longer holding.
    Avoid {
        /// The condition or label.
        condition: String,
    },
    /// A part not earned.
    Meet {
        /// The condition or label.
        condition: String,
    },
    /// A condition that zeroed the row.
    Unzero {
        /// The condition or label.
        condition: String,
    },
    /// A veto (一票否决) that held, on the row, a section or the whole rubric.
    Unveto {
        /// The condition or label.
        condition: String,
    },
}

/// Which way a value must move.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize)]
#[serde(rename_all = "lowercase")]
pub enum Direction {
    /// Higher.
    Above,
    /// Lower.
    Below,
}

/// The parts of an item's score, to compute it again with one part changed.
#[derive(Clone, Copy)]
struct Parts {
    base: Decimal,
    deduct: Decimal,
    bonus: Decimal,
    zeroed: bool,
}

fn parts(ns: &NodeScore) -> Parts {
    let mut p = Parts { base: Decimal::ZERO, deduct: Decimal::ZERO, bonus: Decimal::ZERO, zeroed: false };
    for s in &ns.steps {
        match s {
            Step::Full { points }
            | Step::Band { points, .. }
            | Step::Score { points, .. }
            | Step::Judged { points, .. } => p.base = p.base.saturating_add(*points),
            Step::Award(a) => p.base = p.base.saturating_add(a.points),
            Step::Deduct(a) => p.deduct = p.deduct.saturating_add(a.points),
            Step::Bonus(a) => p.bonus = p.bonus.saturating_add(a.points),
            Step::Zero(_) | Step::Veto(_) => p.zeroed = true,
            _ => {}
        }
    }
    p
}

/// An item's score from its parts, in the order of `docs/language.md`.
fn rescore(n: &NodeDef, p: Parts) -> Decimal {
    let mut s = p.base.saturating_sub(p.deduct);
    // Rows only: a row's floor never follows parts (`Floor::Children` is for parents).
    if let Some(f) = n.floor.at(s) {
        s = s.max(f);
    }
    if let Some(c) = n.cap {
        s = s.min(c);
    }
    let bonus = n.bonus_cap.map_or(p.bonus, |c| p.bonus.min(c));
    let mut total = if p.zeroed { Decimal::ZERO } else { s.saturating_add(bonus) };
    if let Some((places, mode)) = n.round {
        total = crate::eval::round(total, places, mode);
    }
    total
}

/// Whether a node's rules read a cohort figure, directly or through derived values.
fn reads_cohort(rubric: &Rubric, n: &crate::plan::NodeDef) -> bool {
    let base = rubric.facts.len();
    crate::plan::reads::rule_reads(n).into_iter().any(|r| {
        crate::plan::cohort_read(r).is_some()
            || r.checked_sub(base).and_then(|l| rubric.lets.get(l)).is_some_and(|l| l.cohort)
    })
}

/// Whether the unit can change what a step read: some fact it read, directly or through derived
/// values, is not declared `given` nor a kind, and it compares no units.
fn movable(rubric: &Rubric, facts: &[FactUse]) -> bool {
    let cohort = facts.iter().any(|f| rubric.cohorts.iter().any(|c| *c.text == *f.name));
    !cohort
        && facts.iter().any(|f| {
            rubric.plan().fact(&f.name).is_some_and(|d| !d.given && d.ty != rubric_syntax::ast::FactType::Kind)
        })
}

/// A veto that held on a section, a group or the rubric (node `node`, scored `now`): lifting it
/// gives back the score before it, when the unit can change what it read.
fn unveto(rubric: &Rubric, node: &str, now: Decimal, steps: &[Step], out: &mut Vec<Hint>) {
    for s in steps {
        if let Step::Veto(z) = s
            && movable(rubric, &z.facts)
            && z.before > now
        {
            let condition = z.label.as_deref().unwrap_or(&z.condition).to_string();
            let gain = z.before.saturating_sub(now).normalize();
            out.push(Hint { node: node.to_string(), kind: HintKind::Unveto { condition }, gain });
        }
    }
}

/// Every change that would raise a row of this unit, most points first: a better band, a part
/// earned, a deduction or zeroing avoided, a veto lifted (on a row, a section or the rubric). No
/// hint moves a fact declared `given`, and rows that compare units with each other get none
/// (raising one unit's value also moves the cohort). The same changes as [`crate::analysis::whatif`].
///
/// # Errors
///
/// [`EvalError::InternalPlan`] when `score` names a row the rubric does not have, or a row's
/// steps do not match its rules (a bug in rubric, or a score made by another rubric).
pub fn hints(rubric: &Rubric, unit: &UnitFacts, score: &UnitScore) -> Result<Vec<Hint>, EvalError> {
    let internal = |what| EvalError::InternalPlan(InternalPlanError { what });
    let mut out = Vec::new();
    unveto(rubric, "", score.score, &score.steps, &mut out);
    for ns in score.nodes() {
        if ns.kind != Kind::Item {
            unveto(rubric, &ns.id, ns.score, &ns.steps, &mut out);
            continue;
        }
        if ns.score >= ns.max {
            continue;
        }
        let (idx, n) = rubric
            .nodes
            .iter()
            .enumerate()
            .find(|(_, x)| *x.id == *ns.id)
            .ok_or_else(|| internal("a scored row that the rubric does not have"))?;
        // A row that compares units moves with the others' values too: no hint from one unit.
        if reads_cohort(rubric, n) {
            continue;
        }
        let now = parts(ns);
        let bands: Vec<&BandDef> =
            n.rules.iter().filter_map(|r| if let RuleDef::Band(b) = r { Some(b) } else { None }).collect();
        let deducts: Vec<&crate::plan::AdjustDef> =
            n.rules.iter().filter_map(|r| if let RuleDef::Deduct(d) = r { Some(d) } else { None }).collect();
        let mut band_k = 0;
        let mut deduct_k = 0;
        let mut push = |kind: HintKind, new: Decimal| {
            let gain = new.saturating_sub(ns.score);
            if gain > Decimal::ZERO {
                out.push(Hint { node: ns.id.to_string(), kind, gain: gain.normalize() });
            }
        };
        for s in &ns.steps {
            match s {
                Step::Band { subject, value, text, points, number, index, facts, .. } => {
                    let b = bands.get(band_k).ok_or_else(|| internal("a band step without its band"))?;
                    band_k += 1;
                    // A band on a value that is not a number has no threshold to move towards.
                    let Some(v) = number else { continue };
                    if !movable(rubric, facts) {
                        continue;
                    }
                    if let Some((kind, better)) = better_band(b, *v, *index, *points, (value, text), subject) {
                        push(
                            kind,
                            rescore(n, Parts { base: now.base.saturating_sub(*points).saturating_add(better), ..now }),
                        );
                    }
                }
                Step::Award(a) if !a.applied && movable(rubric, &a.facts) => {
                    let add = a.amount.saturating_mul(a.per.unwrap_or(Decimal::ONE));
                    let add = a.limited_to.map_or(add, |l| add.min(l));
                    // A deduction with no label, condition or count has nothing to name: no hint,
                    // rather than `避免「」`.
                    let Some(condition) =
                        a.label.as_deref().or(a.condition.as_deref()).or(a.per_text.as_deref()).map(str::to_string)
                    else {
                        continue;
                    };
                    push(HintKind::Meet { condition }, rescore(n, Parts { base: now.base.saturating_add(add), ..now }));
                }
                Step::Deduct(a) => {
                    let d = deducts.get(deduct_k).ok_or_else(|| internal("a deduction step without its rule"))?;
                    deduct_k += 1;
                    if !a.applied || a.points.is_zero() || !movable(rubric, &a.facts) {
                        continue;
                    }
                    if let Some(q) = a.per
                        && let Some((to, new)) = fewer(rubric, unit, idx, d, ns.score)
                    {
                        let kind = HintKind::Fewer {
                            quantity: a.per_text.as_deref().unwrap_or_default().to_string(),
                            now: show_num(q),
                            to: show_num(to),
                            label: a.label.as_deref().map(str::to_string),
                        };
                        push(kind, new);
                        continue;
                    }
                    // A deduction with no label, condition or count has nothing to name: no hint,
                    // rather than `避免「」`.
                    let Some(condition) =
                        a.label.as_deref().or(a.condition.as_deref()).or(a.per_text.as_deref()).map(str::to_string)
                    else {
                        continue;
                    };
                    push(
                        HintKind::Avoid { condition },
                        rescore(n, Parts { deduct: now.deduct.saturating_sub(a.points), ..now }),
                    );
                }
                Step::Zero(z) | Step::Veto(z) if movable(rubric, &z.facts) => {
                    let condition = z.label.as_deref().unwrap_or(&z.condition).to_string();
                    let kind = if matches!(s, Step::Veto(_)) {
                        HintKind::Unveto { condition }
                    } else {
                        HintKind::Unzero { condition }
                    };
                    push(kind, rescore(n, Parts { zeroed: false, ..now }));
                }
                _ => {}
            }
        }
    }
    out.sort_by_key(|h| std::cmp::Reverse(h.gain));
    Ok(out)
}

/// The nearest band that gives more points, and its points.
fn better_band(
    b: &BandDef,
    v: Decimal,
    index: usize,
    points: Decimal,
    (value, text): (&str, &str),
    subject: &str,
) -> Option<(HintKind, Decimal)> {
    let ty = b.subject.ty;
    let mut best: Option<(Decimal, HintKind, Decimal)> = None;
    for (j, arm) in b.arms.iter().enumerate() {
        let CExpr::Const(Value::Num(p)) = arm.points else { continue };
        if j == index || p <= points {
            continue;
        }
        let (threshold, direction, inclusive) = match arm.range.numbers() {
            Interval { lo: Some((lo, closed)), .. } if lo >= v => (lo, Direction::Above, closed),
            Interval { hi: Some((hi, closed)), .. } if hi <= v => (hi, Direction::Below, closed),
            _ => continue,
        };
        let distance = threshold.saturating_sub(v).abs();
        let shown = match ty {
            Ty::Percent => show_percent(threshold),
            Ty::Date => rust_decimal::prelude::ToPrimitive::to_i32(&threshold)
                .and_then(chrono::NaiveDate::from_num_days_from_ce_opt)
                .map(|d| d.format("%Y-%m-%d").to_string())
                .unwrap_or_default(),
            _ => show_num(threshold),
        };
        let kind = HintKind::Band {
            subject: subject.to_string(),
            value: value.to_string(),
            text: text.to_string(),
            threshold: shown,
            direction,
            inclusive,
            points: p,
        };
        let closer = best.as_ref().is_none_or(|(d, _, bp)| distance < *d || (distance == *d && p > *bp));
        if closer {
            best = Some((distance, kind, p));
        }
    }
    best.map(|(_, k, p)| (k, p))
}

/// For a per-incident deduction on a count fact: the highest count below the current one that
/// raises the row — derived from the rules (`whatif`) — and the row's score then, from scoring
/// the row once with that count.
fn fewer(
    rubric: &Rubric,
    unit: &UnitFacts,
    idx: usize,
    d: &crate::plan::AdjustDef,
    current: Decimal,
) -> Option<(Decimal, Decimal)> {
    let per = d.per.as_ref()?;
    let CExpr::Slot(slot) = per.expr else { return None };
    let fact = rubric.facts.get(slot).filter(|f| !f.given)?;
    let to = crate::analysis::whatif::fewer(rubric, unit, rubric.nodes.get(idx)?, slot, current)?;
    let mut mask = vec![false; rubric.nodes.len()];
    rubric.mark_scored(idx, &mut mask);
    let mut changed = unit.clone();
    for (name, raw) in &mut changed.values {
        if *name == fact.name {
            *raw = Raw::Number(to.to_string());
        }
    }
    let new = rubric.trace_nodes(&changed, &mask).ok()?.node_score(idx)?;
    (new > current).then_some((to, new))
}
