//! The scoring layout of a rubric, computed once: each node's rules sorted by the step they
//! belong to, and the bound checks that can never change a score, so scoring skips them.

use crate::eval::fixed::Fixed;
use crate::eval::program::Program;
use crate::eval::round;
use crate::plan::Plan;
use crate::plan::order::{ORDER, Phase};
use crate::plan::{AdjustDef, CExpr, Floor, Kind, NodeDef, RuleDef};
use crate::value::{Ty, Value};
use rubric_syntax::ast::RoundMode;
use rust_decimal::Decimal;

/// How each node is scored, by index like [`Plan::nodes`].
#[derive(Debug, Clone, Default)]
pub(crate) struct Layout {
    pub(crate) nodes: Vec<NodeLayout>,
    /// The compiled program, when the rubric has one (it scores its units alone).
    pub(crate) program: Option<Program>,
    /// The score-only program in whole numbers, when every point is a constant.
    pub(crate) fixed: Option<Fixed>,
}

/// One node's rules by step (indices into its `rules`), and the checks it needs.
#[derive(Debug, Clone, Default)]
pub(crate) struct NodeLayout {
    pub(crate) base: Vec<usize>,
    pub(crate) deduct: Vec<usize>,
    pub(crate) bonus: Vec<usize>,
    pub(crate) zero: Vec<usize>,
    /// An item without base rules: it starts at its maximum.
    pub(crate) full: bool,
    /// Whether the score can fall below the floor.
    pub(crate) floor: bool,
    /// Whether the score can rise above the cap.
    pub(crate) cap: bool,
    /// Per rule: its points, quantity and limit are constants or facts, so working them out
    /// cannot fail and may be skipped when its condition does not hold (score-only).
    pub(crate) plain: Vec<bool>,
    /// The phases of [`ORDER`] that can change this node's score, in that order: the others
    /// (no line of theirs, a floor or cap that never binds, no bonus cap or rounding) are no-ops.
    pub(crate) phases: Vec<Phase>,
}

impl NodeLayout {
    /// The node's rules of a phase of [`ORDER`], by index into its `rules`, in the order written
    /// (none for the phases that are not lines: floor, cap, bonus cap, total, rounding).
    pub(crate) fn rules(&self, phase: Phase) -> &[usize] {
        match phase {
            Phase::Base => &self.base,
            Phase::Deduct => &self.deduct,
            Phase::Bonus => &self.bonus,
            Phase::Zero => &self.zero,
            Phase::Floor | Phase::Cap | Phase::BonusCap | Phase::Total | Phase::Round => &[],
        }
    }
}

impl NodeLayout {
    /// Whether phase `phase` can change the score of node `n`.
    fn runs(&self, phase: Phase, n: &NodeDef) -> bool {
        match phase {
            Phase::Base | Phase::Total => true,
            Phase::Deduct => !self.deduct.is_empty(),
            Phase::Floor => self.floor,
            Phase::Cap => self.cap,
            Phase::Bonus => !self.bonus.is_empty(),
            Phase::BonusCap => n.bonus_cap.is_some(),
            Phase::Zero => !self.zero.is_empty(),
            Phase::Round => n.round.is_some(),
        }
    }
}

impl Layout {
    /// The layout of a rubric. Children come after their parents, so walking backwards gives
    /// every child's bounds before its parent's.
    pub(crate) fn of(r: &Plan) -> Layout {
        let mut nodes = vec![NodeLayout::default(); r.nodes.len()];
        // Bounds of each node's regular score (without bonus) once scored: (lowest, highest).
        let mut bounds: Vec<(Option<Decimal>, Option<Decimal>)> = vec![(None, None); r.nodes.len()];
        let any_bonus = r.nodes.iter().any(|n| n.rules.iter().any(|x| matches!(x, RuleDef::Bonus(_))));
        for (idx, n) in r.nodes.iter().enumerate().rev() {
            let mut l = NodeLayout::default();
            for (i, rule) in n.rules.iter().enumerate() {
                match Phase::of(rule) {
                    Phase::Deduct => l.deduct.push(i),
                    Phase::Bonus => l.bonus.push(i),
                    Phase::Zero => l.zero.push(i),
                    _ => l.base.push(i),
                }
                l.plain.push(match rule {
                    RuleDef::Award(a) | RuleDef::Deduct(a) | RuleDef::Bonus(a) => plain(r, a),
                    _ => false,
                });
            }
            l.full = n.kind == Kind::Item && l.base.is_empty();
            // The bounds of the regular score, phase by phase in the one order.
            let (mut lo, mut hi) = (None, None);
            let mut base_lo = None;
            for phase in ORDER {
                match phase {
                    Phase::Base => {
                        (lo, hi) = if n.kind == Kind::Item {
                            if l.full { (Some(n.max), Some(n.max)) } else { item_bounds(r, n) }
                        } else if !l.base.is_empty() {
                            // Scored by `score` lines reading other nodes: no bound known.
                            (None, None)
                        } else {
                            let mut sum = (Some(Decimal::ZERO), Some(Decimal::ZERO));
                            for &c in &n.children {
                                // Children come after their parent, so their bounds are known;
                                // `None` is no bound, which only keeps more checks (never wrong).
                                let (clo, chi) = bounds.get(c).copied().unwrap_or((None, None));
                                sum = (
                                    sum.0.zip(clo).and_then(|(a, b)| a.checked_add(b)),
                                    sum.1.zip(chi).and_then(|(a, b)| a.checked_add(b)),
                                );
                            }
                            sum
                        };
                        base_lo = lo;
                    }
                    Phase::Deduct => {
                        // Deductions only lower the score when their points cannot be negative.
                        let nonneg = l
                            .deduct
                            .iter()
                            .all(|&i| matches!(n.rules.get(i), Some(RuleDef::Deduct(a)) if nonneg(r, a)));
                        if !l.deduct.is_empty() {
                            lo = None;
                        }
                        if !nonneg {
                            hi = None;
                        }
                    }
                    Phase::Floor => {
                        // A floor that follows the parts (the lower of 0 and their sum) can only
                        // bind after deductions; it is then at least the lower of 0 and the
                        // parts' lowest sum.
                        let floor = match n.floor {
                            Floor::At(f) => Some(f),
                            Floor::None => None,
                            Floor::Children if l.deduct.is_empty() => None,
                            Floor::Children => base_lo.map(|b| b.min(Decimal::ZERO)),
                        };
                        l.floor = match (n.floor, floor, lo) {
                            (Floor::At(_), Some(f), Some(lo)) => lo < f,
                            (Floor::At(_), _, None) => true,
                            (Floor::Children, _, _) => !l.deduct.is_empty(),
                            _ => false,
                        };
                        lo = match (lo, floor) {
                            (Some(lo), Some(f)) => Some(lo.max(f)),
                            (None, Some(f)) => Some(f),
                            (lo, None) => lo,
                        };
                        if let (Floor::At(f), Some(h)) = (n.floor, hi) {
                            hi = Some(h.max(f));
                        }
                    }
                    Phase::Cap => {
                        l.cap = match (n.cap, hi) {
                            (Some(c), Some(hi)) => hi > c,
                            (Some(_), None) => true,
                            (None, _) => false,
                        };
                        if let Some(c) = n.cap {
                            hi = Some(hi.map_or(c, |h| h.min(c)));
                            lo = lo.map(|v| v.min(c));
                        }
                    }
                    // The bonus is kept apart from the regular score these bounds are of.
                    Phase::Bonus | Phase::BonusCap | Phase::Total => {}
                    Phase::Zero => {
                        if !l.zero.is_empty() {
                            lo = lo.map(|v| v.min(Decimal::ZERO));
                            hi = hi.map(|v| v.max(Decimal::ZERO));
                        }
                    }
                    Phase::Round => {
                        // Rounding a total with bonus in it moves the regular part by up to a
                        // step: no bounds then.
                        if n.round.is_some() && any_bonus {
                            lo = None;
                            hi = None;
                        }
                        if let Some((places, _)) = n.round {
                            lo = lo.map(|v| round(v, places, RoundMode::Up).min(round(v, places, RoundMode::Down)));
                            hi = hi.map(|v| round(v, places, RoundMode::Up).max(round(v, places, RoundMode::Down)));
                        }
                    }
                }
            }
            l.phases = ORDER.into_iter().filter(|&p| l.runs(p, n)).collect();
            if let Some(b) = bounds.get_mut(idx) {
                *b = (lo, hi);
            }
            if let Some(slot) = nodes.get_mut(idx) {
                *slot = l;
            }
        }
        let mut layout = Layout { nodes, program: None, fixed: None };
        // A rubric that can meet 不适用 is scored by the general evaluator (`eval/na.rs`). One
        // with lists of records has a program when only derived values read the lists
        // (`program/lists.rs`): `Program::of` is not made for a rule that reads one itself.
        layout.program = if r.has_na() { None } else { Program::of(r, &layout) };
        layout.fixed = layout.program.as_ref().and_then(|p| Fixed::of(r, p));
        layout
    }
}

/// Whether an `award`, `deduct` or `bonus` line reads only constants and facts.
fn plain(r: &Plan, a: &AdjustDef) -> bool {
    [Some(&a.amount), a.per.as_ref(), a.max.as_ref()].into_iter().flatten().all(|e| match e.expr {
        CExpr::Const(_) => true,
        CExpr::Slot(s) => s < r.facts.len(),
        _ => false,
    })
}

/// A constant decimal.
pub(crate) fn constant(e: &CExpr) -> Option<Decimal> {
    if let CExpr::Const(Value::Num(d)) = e { Some(*d) } else { None }
}

/// Whether a line's points cannot be negative: a constant amount ≥ 0 and a quantity that is a
/// count fact (or none).
fn nonneg(r: &Plan, a: &AdjustDef) -> bool {
    let amount_ok = constant(&a.amount.expr).is_some_and(|d| !d.is_sign_negative());
    let per_ok = match &a.per {
        None => true,
        Some(p) => p.ty == Ty::Count && matches!(p.expr, CExpr::Slot(s) if r.facts.get(s).is_some()),
    };
    amount_ok && per_ok
}

/// The lowest and highest base points of an item, when its base rules are constants.
fn item_bounds(r: &Plan, n: &NodeDef) -> (Option<Decimal>, Option<Decimal>) {
    let (mut lo, mut hi) = (Some(Decimal::ZERO), Some(Decimal::ZERO));
    for rule in &n.rules {
        let (rlo, rhi) = match rule {
            RuleDef::Band(b) => {
                let pts: Option<Vec<Decimal>> = b.arms.iter().map(|a| constant(&a.points)).collect();
                match pts {
                    Some(p) if !p.is_empty() => (p.iter().min().copied(), p.iter().max().copied()),
                    _ => (None, None),
                }
            }
            RuleDef::Award(a) if a.per.is_none() && a.max.is_none() => match constant(&a.amount.expr) {
                Some(d) => (Some(d.min(Decimal::ZERO)), Some(d.max(Decimal::ZERO))),
                None => (None, None),
            },
            RuleDef::Award(a) if nonneg(r, a) => match a.max.as_ref().and_then(|m| constant(&m.expr)) {
                Some(m) => (Some(Decimal::ZERO), Some(m)),
                None => (Some(Decimal::ZERO), None),
            },
            // Judged points are checked to lie in [0, max].
            RuleDef::Judged(_) => (Some(Decimal::ZERO), Some(n.max)),
            RuleDef::Award(_) | RuleDef::Score(_) => (None, None),
            RuleDef::Deduct(_) | RuleDef::Bonus(_) | RuleDef::Zero(_) | RuleDef::Veto(_) | RuleDef::CapWhen(_) => {
                continue;
            }
        };
        lo = lo.zip(rlo).and_then(|(a, b)| a.checked_add(b));
        hi = hi.zip(rhi).and_then(|(a, b)| a.checked_add(b));
    }
    (lo, hi)
}
